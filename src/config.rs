//! Settings: the shipped `config/default.toml`, then `config/local.toml` and `--config FILE` if present, then
//! environment variables `RT__SECTION__KEY`. Loaded once and passed down.

use std::path::{Path, PathBuf};

use config::{Config, Environment, File, FileFormat};
use serde::Deserialize;

use crate::domain::measurement::EntryPolicy;

/// The defaults, built into the binary so it runs from any folder.
pub const DEFAULT_CONFIG: &str = include_str!("../config/default.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub catalog: CatalogSettings,
    pub entry: EntrySettings,
    pub auth: AuthSettings,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AuthSettings {
    /// Anonymous reads of the dashboard, charts and read API.
    pub public_read: bool,
    /// Mark the session cookie Secure (HTTPS).
    pub secure_cookie: bool,
    /// How long a session lasts.
    pub session_hours: i64,
    /// The cookie signing key in hex (at least 128 characters); empty: generated once and kept in the database.
    pub secret_key: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    /// Address to listen on.
    pub host: String,
    /// Port to listen on; 0 picks any free port.
    pub port: u16,
    /// Addresses of reverse proxies whose `X-Forwarded-For` is believed; empty: the peer's address is the
    /// client's (a client could write any `X-Forwarded-For` itself).
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
}

impl ServerSettings {
    /// The trusted proxies as addresses; one that is not an IP address is refused, naming the key.
    pub fn trusted_proxy_addresses(&self) -> Result<Vec<std::net::IpAddr>, String> {
        self.trusted_proxies
            .iter()
            .map(|a| {
                a.trim()
                    .parse()
                    .map_err(|_| format!("server.trusted_proxies: {a:?} is not an IP address"))
            })
            .collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    /// `sqlite://PATH` or `postgres://...`.
    pub url: String,
    /// Connections kept open.
    pub pool_size: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CatalogSettings {
    /// The catalog file loaded into an empty database at start.
    pub default: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EntrySettings {
    /// Figures may be entered up to this many years after a target's goal year.
    pub years_after_goal: i32,
    /// Longest `source` or `note`, in characters.
    pub max_text_chars: usize,
}

impl EntrySettings {
    pub fn policy(&self) -> EntryPolicy {
        EntryPolicy {
            years_after_goal: self.years_after_goal,
            max_text_chars: self.max_text_chars,
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct SettingsError(#[from] config::ConfigError);

impl Settings {
    /// Loads the settings; `extra` is the `--config FILE` of the command line, which must exist.
    pub fn load(extra: Option<&Path>) -> Result<Settings, SettingsError> {
        let mut builder = Config::builder()
            .add_source(File::from_str(DEFAULT_CONFIG, FileFormat::Toml))
            .add_source(File::with_name("config/local.toml").required(false));
        if let Some(path) = extra {
            builder = builder.add_source(File::from(path).format(FileFormat::Toml).required(true));
        }
        let settings = builder
            .add_source(
                Environment::with_prefix("RT")
                    .prefix_separator("__")
                    .separator("__")
                    .try_parsing(true)
                    .list_separator(",")
                    .with_list_parse_key("server.trusted_proxies"),
            )
            .build()?
            .try_deserialize()?;
        Ok(settings)
    }
}
