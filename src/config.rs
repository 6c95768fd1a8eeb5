//! Settings: the shipped `config/default.toml`, then `config/local.toml` and `--config FILE` if present, then
//! environment variables `RT__SECTION__KEY`. Loaded once, parsed into types (a bad value is refused at start
//! with a message naming its key) and passed down.

use std::net::IpAddr;
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
    #[serde(default)]
    pub clock: ClockSettings,
    pub log: LogSettings,
    pub metrics: MetricsSettings,
}

/// `[log]`: how log lines are written (to standard error).
#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    pub format: LogFormat,
}

/// `log.format`: lines for people (`text`) or one JSON object a line for collectors (`json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// `[metrics]`: who may read `/metrics` without signing in.
#[derive(Debug, Clone, Deserialize)]
pub struct MetricsSettings {
    /// Client addresses (as `server.trusted_proxies` finds them) that may read `/metrics` without signing in.
    #[serde(deserialize_with = "metrics_addresses")]
    pub allow: Vec<IpAddr>,
}

fn metrics_addresses<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<IpAddr>, D::Error> {
    addresses(d, "metrics.allow")
}

/// `[clock]`: the calendar the application reads.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ClockSettings {
    /// Pins today (`YYYY-MM-DD`; empty: the system's calendar), for a demonstration of a past year and for tests.
    #[serde(default, deserialize_with = "optional_day")]
    pub today: Option<chrono::NaiveDate>,
    /// The office's time zone (an IANA name): what "today" is, and how the pages show when a change was made.
    #[serde(default, deserialize_with = "time_zone")]
    pub time_zone: crate::clock::Zone,
}

fn time_zone<'de, D: serde::Deserializer<'de>>(d: D) -> Result<crate::clock::Zone, D::Error> {
    let text = String::deserialize(d)?;
    crate::clock::Zone::parse(text.trim()).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "clock.time_zone: {:?} is not a time zone (such as Asia/Ho_Chi_Minh)",
            crate::domain::text::excerpt(text.trim(), 40)
        ))
    })
}

fn optional_day<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<chrono::NaiveDate>, D::Error> {
    let text = String::deserialize(d)?;
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            serde::de::Error::custom(format!(
                "clock.today: {:?} is not a date (YYYY-MM-DD) or empty",
                crate::domain::text::excerpt(text, 40)
            ))
        })
}

#[derive(Debug, Clone, Deserialize)]
pub struct AuthSettings {
    /// Anonymous reads of the dashboard, charts and read API.
    pub public_read: bool,
    /// Mark the session cookie Secure (HTTPS).
    pub secure_cookie: bool,
    /// How long a session lasts.
    pub session_hours: SessionHours,
    /// The cookie signing key; empty in the file: generated once and kept in the database.
    pub secret_key: SecretKey,
    /// How long failed sign-ins are counted, and so how long a lock-out lasts.
    #[serde(default)]
    pub lockout_seconds: LockoutSeconds,
}

/// `auth.lockout_seconds`: 1 second to a day (default 900, a quarter of an hour).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "i64")]
pub struct LockoutSeconds(u64);

impl LockoutSeconds {
    pub fn get(self) -> u64 {
        self.0
    }
}

impl Default for LockoutSeconds {
    fn default() -> Self {
        LockoutSeconds(900)
    }
}

impl TryFrom<i64> for LockoutSeconds {
    type Error = String;
    fn try_from(seconds: i64) -> Result<LockoutSeconds, String> {
        match u64::try_from(seconds) {
            Ok(s) if (1..=86_400).contains(&s) => Ok(LockoutSeconds(s)),
            _ => Err(format!(
                "auth.lockout_seconds: {seconds} is not a number of seconds from 1 to 86400"
            )),
        }
    }
}

/// `auth.session_hours`: a whole number of hours, 1 to a year's worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "i64")]
pub struct SessionHours(i64);

impl SessionHours {
    pub fn new(hours: i64) -> Result<SessionHours, String> {
        if (1..=24 * 366).contains(&hours) {
            Ok(SessionHours(hours))
        } else {
            Err(format!(
                "auth.session_hours: {hours} is not a number of hours from 1 to 8784"
            ))
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl TryFrom<i64> for SessionHours {
    type Error = String;
    fn try_from(hours: i64) -> Result<SessionHours, String> {
        SessionHours::new(hours)
    }
}

/// `auth.secret_key`: the signing key of session cookies, 64 bytes or more given as hexadecimal; `None` when
/// the setting is empty (the install's own key is used). Its `Debug` never shows the key.
#[derive(Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(try_from = "String")]
pub struct SecretKey(Option<Vec<u8>>);

impl SecretKey {
    /// The key's bytes, when one is configured.
    pub fn bytes(&self) -> Option<&[u8]> {
        self.0.as_deref()
    }

    /// Reads a key written as hexadecimal (128 characters or more); empty text is no key.
    pub fn from_hex(text: &str) -> Result<SecretKey, String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(SecretKey(None));
        }
        decode_hex(text)
            .filter(|b| b.len() >= 64)
            .map(|b| SecretKey(Some(b)))
            .ok_or_else(|| {
                format!(
                    "auth.secret_key: must be empty or at least 128 hexadecimal characters (64 bytes); {} characters given",
                    text.chars().count()
                )
            })
    }
}

impl TryFrom<String> for SecretKey {
    type Error = String;
    fn try_from(text: String) -> Result<SecretKey, String> {
        SecretKey::from_hex(&text)
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(_) => f.write_str("SecretKey(configured, not shown)"),
            None => f.write_str("SecretKey(none: the install's own)"),
        }
    }
}

/// Hexadecimal text as bytes; `None` if it is not hexadecimal.
pub fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    /// Address to listen on.
    pub host: ListenHost,
    /// Port to listen on; 0 picks any free port.
    pub port: u16,
    /// Addresses of reverse proxies whose `X-Forwarded-For` is believed; empty: the peer's address is the
    /// client's (a client could write any `X-Forwarded-For` itself).
    #[serde(default, deserialize_with = "proxy_addresses")]
    pub trusted_proxies: Vec<IpAddr>,
}

/// `server.host`: an IP address, or `localhost`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct ListenHost(String);

impl ListenHost {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ListenHost {
    type Error = String;
    fn try_from(text: String) -> Result<ListenHost, String> {
        let host = text.trim();
        if host == "localhost" || host.parse::<IpAddr>().is_ok() {
            Ok(ListenHost(host.to_string()))
        } else {
            Err(format!(
                "server.host: {:?} is not an IP address (such as 127.0.0.1 or 0.0.0.0) or localhost",
                crate::domain::text::excerpt(host, 60)
            ))
        }
    }
}

impl std::fmt::Display for ListenHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn proxy_addresses<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<IpAddr>, D::Error> {
    addresses(d, "server.trusted_proxies")
}

/// A list of IP addresses; a bad one is refused naming `key`.
fn addresses<'de, D: serde::Deserializer<'de>>(d: D, key: &str) -> Result<Vec<IpAddr>, D::Error> {
    Vec::<String>::deserialize(d)?
        .iter()
        .filter(|a| !a.trim().is_empty())
        .map(|a| {
            a.trim().parse().map_err(|_| {
                serde::de::Error::custom(format!(
                    "{key}: {:?} is not an IP address",
                    crate::domain::text::excerpt(a, 60)
                ))
            })
        })
        .collect()
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    /// `sqlite://PATH` or `postgres://...`.
    pub url: String,
    /// Connections kept open.
    pub pool_size: u32,
    /// How long a write waits for another one (or a request for a free connection) before it is answered
    /// 503 `busy`, in seconds.
    pub wait_seconds: WaitSeconds,
}

impl DatabaseSettings {
    pub fn wait(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.wait_seconds.0)
    }
}

/// `database.wait_seconds`: 1 second to an hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "i64")]
pub struct WaitSeconds(u64);

impl TryFrom<i64> for WaitSeconds {
    type Error = String;
    fn try_from(seconds: i64) -> Result<WaitSeconds, String> {
        match u64::try_from(seconds) {
            Ok(s) if (1..=3600).contains(&s) => Ok(WaitSeconds(s)),
            _ => Err(format!(
                "database.wait_seconds: {seconds} is not a number of seconds from 1 to 3600"
            )),
        }
    }
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
                    .with_list_parse_key("server.trusted_proxies")
                    .with_list_parse_key("metrics.allow"),
            )
            .build()?
            .try_deserialize()?;
        Ok(settings)
    }
}
