//! Builds the application from settings: database ready, default catalog loaded, listener bound.

use std::net::TcpListener;

use actix_web::dev::{Server, ServerHandle};
use actix_web::{middleware, web, App, HttpServer};
use anyhow::Context;

use crate::assets::read_catalog_file;
use crate::config::Settings;
use crate::domain::catalog_changes::CatalogChange;
use crate::domain::Catalog;
use crate::storage::{catalog, Backend, Database};
use crate::web::auth::{self, AuthState};
use crate::web::AppState;

/// How often the data version is read, so changes made by another process (a CLI import) reach cached pages.
const DATA_VERSION_POLL: std::time::Duration = std::time::Duration::from_secs(1);

pub struct Application {
    port: u16,
    host: String,
    backend: Backend,
    server: Server,
}

impl Application {
    /// Opens and migrates the database, loads the default catalog into an empty one, and binds the listener
    /// (port 0 picks a free port: see [`Application::port`]).
    pub async fn build(settings: &Settings) -> anyhow::Result<Application> {
        crate::clock::pin(settings.clock.today);
        crate::clock::set_zone(settings.clock.time_zone);
        let db = Database::open_waiting(
            &settings.database.url,
            settings.database.pool_size,
            settings.database.wait(),
        )?;
        let prepared = db.clone();
        let default_catalog = settings.catalog.default.clone();
        actix_web::rt::task::spawn_blocking(move || prepare_database(&prepared, &default_catalog))
            .await
            .context("preparing the database")??;

        let listener = TcpListener::bind((settings.server.host.as_str(), settings.server.port))
            .with_context(|| {
                format!(
                    "cannot listen on {}:{}",
                    settings.server.host, settings.server.port
                )
            })?;
        let port = listener.local_addr()?.port();
        let key = signing_key(&db, &settings.auth.secret_key).await?;
        let state = web::Data::new(AppState {
            db: db.clone(),
            policy: settings.entry.policy(),
            pages: Default::default(),
            catalogs: Default::default(),
            auth: std::sync::Arc::new(AuthState {
                key,
                public_read: settings.auth.public_read,
                secure_cookie: settings.auth.secure_cookie,
                session_hours: settings.auth.session_hours.get(),
                throttle: throttle(db.backend(), settings.auth.lockout_seconds.get()),
                trusted_proxies: settings.server.trusted_proxies.clone(),
            }),
            metrics: Default::default(),
            metrics_allow: std::sync::Arc::new(settings.metrics.allow.clone()),
        });
        state
            .refresh_data_version()
            .await
            .map_err(|e| anyhow::anyhow!("reading the data version: {e}"))?;
        let poller = state.clone();
        actix_web::rt::spawn(async move {
            let mut every = actix_web::rt::time::interval(DATA_VERSION_POLL);
            loop {
                every.tick().await;
                if let Err(e) = poller.refresh_data_version().await {
                    tracing::warn!(error = %e, "polling the data version");
                }
            }
        });
        if db.backend() == Backend::Postgres {
            // Another process's change is known at once, not at the next poll.
            let wake = std::sync::Arc::new(tokio::sync::Notify::new());
            crate::storage::changes::listen(
                settings.database.url.clone(),
                std::sync::Arc::downgrade(&wake),
            )?;
            let woken = state.clone();
            actix_web::rt::spawn(async move {
                loop {
                    wake.notified().await;
                    if let Err(e) = woken.refresh_data_version().await {
                        tracing::warn!(error = %e, "reading the data version after a change");
                    }
                }
            });
        }
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .configure(crate::web::configure)
                .default_service(web::to(|| async {
                    actix_web::HttpResponse::NotFound().finish()
                }))
                .wrap(middleware::from_fn(auth::authenticate))
                .wrap(crate::web::error_shape())
                .wrap(middleware::from_fn(auth::security_headers))
                .wrap(middleware::from_fn(crate::web::requests::observe))
        })
        .shutdown_timeout(10)
        .listen(listener)?
        .run();
        Ok(Application {
            port,
            host: settings.server.host.to_string(),
            backend: db.backend(),
            server,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn address(&self) -> String {
        format!("http://{}:{}", self.host, self.port)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Stops the server gracefully from elsewhere.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGTERM, SIGINT (Ctrl-C) or a stop through the handle; requests under way are finished.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Sign-in counts: in memory for SQLite's one process, in the database for PostgreSQL's several.
fn throttle(backend: Backend, seconds: u64) -> auth::Throttle {
    let window = std::time::Duration::from_secs(seconds);
    match backend {
        Backend::Sqlite => auth::Throttle::new(window),
        Backend::Postgres => auth::Throttle::shared(window),
    }
}

/// The session cookie's signing key: `auth.secret_key` when set, else this install's own, generated at first
/// start and kept in the database.
async fn signing_key(
    db: &Database,
    configured: &crate::config::SecretKey,
) -> anyhow::Result<actix_web::cookie::Key> {
    let bytes = match configured.bytes() {
        Some(bytes) => bytes.to_vec(),
        None => {
            let db = db.clone();
            let hex_key = actix_web::rt::task::spawn_blocking(move || -> anyhow::Result<String> {
                let mut conn = db.conn()?;
                Ok(crate::storage::accounts::install_secret(
                    &mut conn,
                    "cookie_key",
                    || crate::storage::accounts::random_hex(64),
                )?)
            })
            .await??;
            crate::config::decode_hex(&hex_key)
                .filter(|b| b.len() >= 64)
                .ok_or_else(|| {
                    anyhow::anyhow!("the install's stored cookie key is not 64 bytes of hex")
                })?
        }
    };
    actix_web::cookie::Key::try_from(bytes.as_slice())
        .map_err(|e| anyhow::anyhow!("auth.secret_key: {e}"))
}

/// Runs the migrations and, when no resolution is stored yet, loads the default catalog. Returns what the load
/// changed, if it ran.
pub fn prepare_database(
    db: &Database,
    default_catalog: &std::path::Path,
) -> anyhow::Result<Option<Vec<CatalogChange>>> {
    db.migrate()?;
    let mut conn = db.conn()?;
    if !catalog::list_resolutions(&mut conn)?.is_empty() {
        return Ok(None);
    }
    let text = read_catalog_file(default_catalog).with_context(|| {
        format!(
            "cannot read the default catalog {}",
            default_catalog.display()
        )
    })?;
    let parsed = Catalog::from_toml(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", default_catalog.display()))?;
    let changes = catalog::load_catalog(&mut conn, &parsed)?;
    tracing::info!(catalog = %default_catalog.display(), "loaded the default catalog into an empty database");
    Ok(Some(changes))
}
