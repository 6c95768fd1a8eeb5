//! The test harness: a fresh database per test (a SQLite file, or a PostgreSQL database created and dropped), the
//! real server on port 0, and typed HTTP helpers.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use actix_web::dev::ServerHandle;
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use resolution_tracker::config::Settings;
use resolution_tracker::startup::Application;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each named test function once per backend: `mod sqlite` and `mod postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $name() { super::$name($crate::helpers::Backend::Sqlite) } )*
        }
        mod postgres {
            $( #[test] fn $name() { super::$name($crate::helpers::Backend::Postgres) } )*
        }
    };
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A database of one's own for one test; dropped with it.
pub struct TestDb {
    pub url: String,
    pub dir: tempfile::TempDir,
    postgres: Option<(String, String)>,
}

impl TestDb {
    /// `None` (and a note on stderr) when the PostgreSQL half is not configured; under CI (`CI=true`) a missing
    /// `TEST_DATABASE_URL` fails the test instead, so the PostgreSQL half cannot pass by not running.
    pub fn new(backend: Backend) -> Option<TestDb> {
        let dir = tempfile::tempdir().expect("temporary folder");
        match backend {
            Backend::Sqlite => {
                let url = format!("sqlite://{}/tracker.db", dir.path().display());
                Some(TestDb {
                    url,
                    dir,
                    postgres: None,
                })
            }
            Backend::Postgres => {
                let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
                    assert!(
                        std::env::var("CI").as_deref() != Ok("true"),
                        "CI=true but TEST_DATABASE_URL is not set: the PostgreSQL half must run (.ci/run sets it)"
                    );
                    eprintln!("skipped: TEST_DATABASE_URL is not set, so the PostgreSQL half does not run");
                    return None;
                };
                let name = format!(
                    "rt_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst),
                    chrono::Utc::now().timestamp_subsec_nanos()
                );
                let mut admin =
                    PgConnection::establish(&admin_url).expect("connect to TEST_DATABASE_URL");
                admin
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .expect("create the test database");
                let url = with_database(&admin_url, &name);
                Some(TestDb {
                    url,
                    dir,
                    postgres: Some((admin_url, name)),
                })
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = &self.postgres {
            if let Ok(mut admin) = PgConnection::establish(admin_url) {
                let _ =
                    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// The same server URL with another database name (query string kept).
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let prefix = base.rsplit_once('/').map_or(base, |(p, _)| p);
    match query {
        Some(q) => format!("{prefix}/{name}?{q}"),
        None => format!("{prefix}/{name}"),
    }
}

/// The day every server and command of the suite takes as today.
pub const TODAY: (i32, u32, u32) = (2026, 6, 15);
pub const TODAY_TEXT: &str = "2026-06-15";

pub fn settings_for(db_url: &str) -> Settings {
    let mut settings = Settings::load(None).expect("shipped settings load");
    settings.server.port = 0;
    settings.database.url = db_url.to_string();
    settings.database.pool_size = 4;
    // Every server of the suite reads the same day, whatever day the suite runs: the term 2020-2025 has ended.
    settings.clock.today = chrono::NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2);
    settings.catalog.default =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/catalogs/cam-giang-2020-2025.toml");
    settings
}

/// The real server, on a free port, with a fresh database.
pub struct TestApp {
    pub address: String,
    pub db: TestDb,
    /// The in-process server's handle; none for a server process the test started itself.
    handle: Option<ServerHandle>,
}

impl TestApp {
    pub fn spawn(backend: Backend) -> Option<TestApp> {
        let db = TestDb::new(backend)?;
        Some(Self::spawn_on(db, |_| {}))
    }

    /// Starts the server on `db` with settings adjusted by `adjust`.
    pub fn spawn_on(db: TestDb, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let mut settings = settings_for(&db.url);
        adjust(&mut settings);
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                match Application::build(&settings).await {
                    Ok(app) => {
                        let _ = tx.send(Ok((app.port(), app.handle())));
                        let _ = app.run_until_stopped().await;
                    }
                    Err(e) => {
                        let _ = tx.send(Err(format!("{e:#}")));
                    }
                }
            })
        });
        let (port, handle) = rx
            .recv()
            .expect("server thread answers")
            .expect("server starts");
        TestApp {
            address: format!("http://127.0.0.1:{port}"),
            db,
            handle: Some(handle),
        }
    }

    /// The helpers for a server already running at `address` on `db` (a [`ServerProcess`]).
    pub fn attach(db: TestDb, address: &str) -> TestApp {
        TestApp {
            address: address.to_string(),
            db,
            handle: None,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn get(&self, path: &str) -> Reply {
        Reply::from(ureq::get(&self.url(path)).call())
    }

    pub fn get_json(&self, path: &str) -> Value {
        let reply = self.get(path);
        assert_eq!(reply.status, 200, "GET {path}: {}", reply.body);
        reply.json()
    }

    pub fn request(&self, method: &str, path: &str) -> Reply {
        Reply::from(ureq::request(method, &self.url(path)).call())
    }

    /// Runs the binary against this test's database.
    pub fn cli(&self, args: &[&str]) -> CliOutput {
        run_cli(&self.db.url, args)
    }

    /// Writes a file into the test's folder and returns its path.
    pub fn file(&self, name: &str, content: &[u8]) -> PathBuf {
        let path = self.db.dir.path().join(name);
        std::fs::write(&path, content).expect("write test file");
        path
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // The stop command is sent at once; the server thread finishes on its own.
        if let Some(handle) = &self.handle {
            drop(handle.stop(false));
        }
    }
}

/// An HTTP answer: status, headers we look at, body.
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    /// Where a redirect sends the reader.
    pub location: Option<String>,
    /// When to try again, on a 503.
    pub retry_after: Option<String>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The `error` object of a JSON error body, checked for its shape.
    pub fn error(&self) -> Value {
        assert!(
            self.content_type.starts_with("application/json"),
            "content type {}",
            self.content_type
        );
        let json = self.json();
        let error = json["error"].clone();
        assert!(
            error["code"].is_string() && error["message"].is_string(),
            "error shape: {json}"
        );
        assert!(
            error.get("field").is_some(),
            "error shape has a field key: {json}"
        );
        error
    }
}

impl From<Result<ureq::Response, ureq::Error>> for Reply {
    fn from(result: Result<ureq::Response, ureq::Error>) -> Self {
        let response = match result {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("request failed: {e}"),
        };
        let status = response.status();
        let content_type = response.header("content-type").unwrap_or("").to_string();
        let location = response.header("location").map(str::to_string);
        let retry_after = response.header("retry-after").map(str::to_string);
        let body = response.into_string().expect("body is text");
        Reply {
            status,
            content_type,
            location,
            retry_after,
            body,
        }
    }
}

pub struct CliOutput {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for CliOutput {
    fn from(o: Output) -> Self {
        CliOutput {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_resolution-tracker")
}

/// Runs the binary with `RT__DATABASE__URL` pointing at `db_url`, from the project folder.
pub fn run_cli(db_url: &str, args: &[&str]) -> CliOutput {
    Command::new(binary())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("RT__DATABASE__URL", db_url)
        .env("RT__CLOCK__TODAY", TODAY_TEXT)
        .env_remove("RUST_LOG")
        .output()
        .expect("run the binary")
        .into()
}

pub fn project_file(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Figures for the Cẩm Giàng catalog used across the tests: the spec's worked examples and a few more.
pub const FIGURES_CSV: &str = include_str!("../fixtures/figures.csv");

/// A binary answer (PNG, zip).
pub struct Download {
    pub status: u16,
    pub content_type: String,
    pub etag: Option<String>,
    pub bytes: Vec<u8>,
}

impl TestApp {
    /// `GET` with one extra header, whatever the status.
    fn get_with(&self, path: &str, header: Option<(&str, &str)>) -> ureq::Response {
        let mut request = ureq::get(&self.url(path));
        if let Some((name, value)) = header {
            request = request.set(name, value);
        }
        match request.call() {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("GET {path} failed: {e}"),
        }
    }

    /// A download that must succeed with this content type.
    pub fn download_ok(&self, path: &str, content_type: &str) -> Download {
        let reply = self.download(path, None);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.content_type, content_type, "{path}");
        reply
    }

    pub fn download(&self, path: &str, if_none_match: Option<&str>) -> Download {
        let response = self.get_with(path, if_none_match.map(|tag| ("If-None-Match", tag)));
        let status = response.status();
        let content_type = response.header("content-type").unwrap_or("").to_string();
        let etag = response.header("etag").map(str::to_string);
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut response.into_reader(), &mut bytes).expect("body");
        Download {
            status,
            content_type,
            etag,
            bytes,
        }
    }
}

/// A decoded PNG: width, height and RGB pixels.
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

impl Picture {
    pub fn decode(bytes: &[u8]) -> Picture {
        let png = resolution_tracker::charts::decode_png(bytes).expect("an RGB PNG");
        Picture {
            width: png.width,
            height: png.height,
            rgb: png.rgb,
        }
    }

    /// How many pixels have exactly this colour.
    pub fn count(&self, colour: (u8, u8, u8)) -> usize {
        self.rgb
            .chunks_exact(3)
            .filter(|p| (p[0], p[1], p[2]) == colour)
            .count()
    }

    /// The share of pixels that are not white.
    pub fn ink(&self) -> f64 {
        let inked = self
            .rgb
            .chunks_exact(3)
            .filter(|p| p != &[255, 255, 255])
            .count();
        inked as f64 / (self.rgb.len() / 3) as f64
    }
}

/// A signed-in caller for tests: a session (cookie and CSRF token) or an API token.
#[derive(Clone, Debug)]
pub enum Credentials {
    Anonymous,
    Session { cookie: String, csrf: String },
    Token(String),
}

impl Credentials {
    /// The request with this caller's cookie and CSRF header, or bearer token.
    pub fn authorize(&self, request: ureq::Request) -> ureq::Request {
        match self {
            Credentials::Anonymous => request,
            Credentials::Session { cookie, csrf } => {
                request.set("Cookie", cookie).set("X-CSRF-Token", csrf)
            }
            Credentials::Token(token) => request.set("Authorization", &format!("Bearer {token}")),
        }
    }
}

impl TestApp {
    /// Adds a user through the CLI (password on standard input).
    pub fn add_user(&self, name: &str, role: &str, password: &str) {
        let out = self.user_add(&[name, "--role", role], password);
        assert_eq!(out.code, 0, "user add: {}", out.stderr);
    }

    /// `user add ARGS…` with the password on standard input.
    pub fn user_add(&self, args: &[&str], password: &str) -> CliOutput {
        use std::io::Write;
        let mut child = Command::new(binary())
            .args(["user", "add"])
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("RT__DATABASE__URL", &self.db.url)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run user add");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(format!("{password}\n").as_bytes())
            .expect("password");
        let out = child.wait_with_output().expect("user add");
        CliOutput {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn token(&self, name: &str) -> String {
        let out = self.cli(&["token", "create", name, "--label", "tests"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout.trim().to_string()
    }

    pub fn agent() -> ureq::Agent {
        ureq::AgentBuilder::new().redirects(0).build()
    }

    /// Signs in through the login form; returns the session's credentials.
    pub fn sign_in(&self, name: &str, password: &str) -> Credentials {
        let reply = self.login(name, password);
        assert_eq!(reply.status, 303, "sign in as {name}: {}", reply.body);
        let cookie = reply.session_cookie.expect("a session cookie");
        let session: Value = Self::agent()
            .get(&self.url("/api/v1/session"))
            .set("Cookie", &cookie)
            .call()
            .expect("session")
            .into_json()
            .expect("json");
        let csrf = session["csrf"].as_str().expect("a CSRF token").to_string();
        Credentials::Session { cookie, csrf }
    }

    /// Posts the login form (with the form's own CSRF cookie and field).
    pub fn login(&self, name: &str, password: &str) -> LoginReply {
        self.login_as(name, password, "/", None)
    }

    /// Posts the login form with a `next` path, and an `X-Forwarded-For` header when given.
    pub fn login_as(
        &self,
        name: &str,
        password: &str,
        next: &str,
        forwarded_for: Option<&str>,
    ) -> LoginReply {
        let form = Self::agent()
            .get(&self.url("/login"))
            .call()
            .expect("login form");
        let cookie = form
            .header("set-cookie")
            .expect("the form's CSRF cookie")
            .split(';')
            .next()
            .unwrap_or("")
            .to_string();
        let page = form.into_string().expect("page");
        let csrf = page
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("csrf field")
            .to_string();
        let mut request = Self::agent()
            .post(&self.url("/login"))
            .set("Cookie", &cookie);
        if let Some(address) = forwarded_for {
            request = request.set("X-Forwarded-For", address);
        }
        let result = request.send_form(&[
            ("name", name),
            ("password", password),
            ("csrf", &csrf),
            ("next", next),
        ]);
        let response = match result {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{e}"),
        };
        let status = response.status();
        let location = response.header("location").map(str::to_string);
        let session_cookie = response
            .all("set-cookie")
            .into_iter()
            .find(|c| c.starts_with("rt_session="))
            .map(|c| c.split(';').next().unwrap_or("").to_string());
        let set_cookie = response
            .all("set-cookie")
            .into_iter()
            .find(|c| c.starts_with("rt_session="))
            .map(str::to_string);
        LoginReply {
            status,
            location,
            session_cookie,
            set_cookie,
            body: response.into_string().unwrap_or_default(),
        }
    }

    /// Sends a request as `who`: the cookie and CSRF header for a session, the bearer header for a token.
    pub fn send(
        &self,
        who: &Credentials,
        method: &str,
        path: &str,
        body: Option<(&str, &str)>,
    ) -> Reply {
        let request = who.authorize(Self::agent().request(method, &self.url(path)));
        let result = match body {
            Some((content_type, text)) => {
                request.set("Content-Type", content_type).send_string(text)
            }
            None => request.call(),
        };
        Reply::from(result)
    }
}

pub struct LoginReply {
    pub status: u16,
    pub location: Option<String>,
    pub session_cookie: Option<String>,
    pub set_cookie: Option<String>,
    pub body: String,
}

impl TestApp {
    /// Sends a binary body (a workbook, a multipart form) as `who`.
    pub fn send_bytes(
        &self,
        who: &Credentials,
        method: &str,
        path: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Reply {
        let request = Self::agent()
            .request(method, &self.url(path))
            .set("Content-Type", content_type);
        Reply::from(who.authorize(request).send_bytes(bytes))
    }

    /// The server with a statistician `thongke` and their API token.
    pub fn with_statistician(backend: Backend) -> Option<(TestApp, Credentials)> {
        let app = TestApp::spawn(backend)?;
        let who = app.statistician_token("thongke");
        Some((app, who))
    }

    /// A statistician's API token (the user is created on the way).
    pub fn statistician_token(&self, name: &str) -> Credentials {
        self.add_user(name, "statistician", "mật-khẩu-đủ-dài");
        Credentials::Token(self.token(name))
    }

    /// `PUT /api/v1/targets/{code}/measurements/{year}/{quality}` with a JSON body.
    pub fn put_figure(&self, who: &Credentials, figure: &str, body: &Value) -> Reply {
        self.send(
            who,
            "PUT",
            &format!("/api/v1/targets/{figure}"),
            Some(("application/json", &body.to_string())),
        )
    }

    /// `DELETE /api/v1/targets/{figure}` (`T01/measurements/2024/official?revision=1`).
    pub fn delete_figure(&self, who: &Credentials, figure: &str) -> Reply {
        self.send(who, "DELETE", &format!("/api/v1/targets/{figure}"), None)
    }

    /// Creates a figure (`T05/measurements/2024/official`) with a value; it must not exist yet.
    pub fn create_figure(&self, who: &Credentials, figure: &str, value: f64) {
        let reply = self.put_figure(who, figure, &serde_json::json!({ "value": value }));
        assert_eq!(reply.status, 201, "{figure}: {}", reply.body);
    }

    /// `POST /api/v1/imports` with a CSV body.
    pub fn import_csv(&self, who: &Credentials, csv: &str, dry_run: bool) -> Reply {
        self.send(
            who,
            "POST",
            &format!("/api/v1/imports?dry_run={dry_run}"),
            Some(("text/csv", csv)),
        )
    }

    /// Every figure of the resolution, as the CSV export writes it.
    pub fn export_csv(&self) -> String {
        let reply = self.get("/api/v1/export.csv");
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.body
    }
}

/// Checks one figure's chain of changes (revisions strictly increasing, each change's old figure the one before
/// it); returns the last change.
fn assert_chain(figure: &str, mut chain: Vec<Value>) -> Value {
    chain.sort_by_key(|c| c["revision"].as_i64());
    for pair in chain.windows(2) {
        assert!(
            pair[1]["revision"].as_i64() > pair[0]["revision"].as_i64(),
            "{figure}: revisions repeat: {pair:?}"
        );
        assert_eq!(
            pair[1]["old"], pair[0]["new"],
            "{figure}: a change's old figure is the one before it"
        );
    }
    chain.last().cloned().expect("a change")
}

/// Checks one target's history chains: for each (year, quality), revisions strictly increasing from the first
/// and never repeated, each row's old figure the previous row's new one, and the stored figure the last row's.
pub fn assert_history_consistent(app: &TestApp, code: &str) {
    let history = app.get_json(&format!("/api/v1/targets/{code}/history"));
    let target = app.get_json(&format!("/api/v1/targets/{code}"));
    let mut chains: std::collections::BTreeMap<(i64, String), Vec<Value>> = Default::default();
    let mut unit_chains: std::collections::BTreeMap<(String, i64, String), Vec<Value>> =
        Default::default();
    for change in history.as_array().expect("a list") {
        let key = (
            change["year"].as_i64().expect("year"),
            change["quality"].as_str().expect("quality").to_string(),
        );
        match change["unit"].as_str() {
            Some(unit) => unit_chains.entry((unit.to_string(), key.0, key.1)),
            None => {
                chains.entry(key).or_default().push(change.clone());
                continue;
            }
        }
        .or_default()
        .push(change.clone());
    }
    // A unit's figure keeps its own chain, as the area's does.
    for (key, chain) in unit_chains {
        assert_chain(&format!("{code} {key:?}"), chain);
    }
    for (key, chain) in chains {
        let last = assert_chain(&format!("{code} {key:?}"), chain);
        let stored = target["measurements"]
            .as_array()
            .expect("measurements")
            .iter()
            .find(|m| m["year"].as_i64() == Some(key.0) && m["quality"] == key.1.as_str())
            .cloned();
        match stored {
            Some(m) => {
                assert_eq!(
                    m["revision"], last["revision"],
                    "{code} {key:?}: stored revision"
                );
                assert_eq!(
                    m["value"], last["new"]["value"],
                    "{code} {key:?}: stored value"
                );
            }
            None => assert_eq!(
                last["action"], "delete",
                "{code} {key:?}: only a deletion removes"
            ),
        }
    }
}

/// A page as a browser gets it: status, HTML and the cookie it sets.
pub struct Page {
    pub status: u16,
    pub body: String,
    pub set_cookie: Option<String>,
}

/// A form's fields, percent-encoded as a browser sends them.
pub fn form_body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            let value: String = v
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            format!("{k}={value}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl TestApp {
    /// `GET` a page with a cookie (or none); asserts it is HTML.
    pub fn page(&self, path: &str, cookie: Option<&str>) -> Page {
        let response = self.get_with(path, cookie.map(|c| ("Cookie", c)));
        let status = response.status();
        let html = response
            .header("content-type")
            .unwrap_or("")
            .starts_with("text/html");
        assert!(html, "{path} is a page");
        let set_cookie = response.header("set-cookie").map(str::to_string);
        Page {
            status,
            body: response.into_string().expect("text"),
            set_cookie,
        }
    }

    /// `GET` a page as `who` (a session's cookie, or a token).
    pub fn page_as(&self, who: &Credentials, path: &str) -> Reply {
        self.send(who, "GET", path, None)
    }

    /// `POST` a form to a page as `who`.
    pub fn post_form(&self, who: &Credentials, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = form_body(fields);
        self.send(
            who,
            "POST",
            path,
            Some(("application/x-www-form-urlencoded", &body)),
        )
    }

    /// A signed-in session of a new user with this role, and its CSRF token.
    pub fn session(&self, name: &str, role: &str) -> (Credentials, String) {
        self.add_user(name, role, "mật-khẩu-đủ-dài");
        let session = self.sign_in(name, "mật-khẩu-đủ-dài");
        let Credentials::Session { csrf, .. } = &session else {
            panic!("a session")
        };
        let csrf = csrf.clone();
        (session, csrf)
    }

    /// Loads a second resolution beside Cẩm Giàng's: the same targets under the code `second-2020-2025`.
    pub fn load_second_resolution(&self) -> &'static str {
        let shipped =
            std::fs::read_to_string(project_file("assets/catalogs/cam-giang-2020-2025.toml"))
                .expect("the shipped catalog");
        let second = shipped
            .replace(
                "code = \"cam-giang-2020-2025\"",
                "code = \"second-2020-2025\"",
            )
            .replace("Cẩm Giàng lần thứ XXVI", "Thứ Hai lần thứ I")
            .replace(
                "26th Congress of the Cẩm Giàng",
                "1st Congress of the Second",
            );
        let file = self.file("second.toml", second.as_bytes());
        let out = self.cli(&["catalog", "load", file.to_str().expect("path")]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        "second-2020-2025"
    }
}

/// Fails showing the whole text when it does not contain `needle`.
#[track_caller]
pub fn assert_contains(text: &str, needle: &str) {
    assert!(text.contains(needle), "{needle:?} is not in:\n{text}");
}

impl TestApp {
    /// `PUT` a JSON body (as text) as `who`.
    pub fn put_json(&self, who: &Credentials, path: &str, body: &str) -> Reply {
        self.send(who, "PUT", path, Some(("application/json", body)))
    }

    /// `POST` an already encoded form body as `who`.
    pub fn post_form_body(&self, who: &Credentials, path: &str, body: &str) -> Reply {
        self.send(
            who,
            "POST",
            path,
            Some(("application/x-www-form-urlencoded", body)),
        )
    }
}

/// The server binary serving a test database, stopped when dropped.
pub struct ServerProcess {
    child: Child,
    pub address: String,
}

impl ServerProcess {
    /// Starts `serve` on `db` with these extra environment variables (`RUST_LOG` is `warn` unless given); its
    /// log (standard error) goes to `log` in the test's folder.
    pub fn start(db: &TestDb, env: &[(&str, &str)]) -> ServerProcess {
        let log = std::fs::File::create(db.dir.path().join("server.log")).expect("a log file");
        let mut child = Command::new(binary())
            .arg("serve")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("RT__DATABASE__URL", &db.url)
            .env("RT__SERVER__PORT", "0")
            .env("RT__CLOCK__TODAY", TODAY_TEXT)
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("start the server");
        let stdout = child.stdout.take().expect("its output");
        let mut lines = BufReader::new(stdout).lines();
        let line = lines
            .by_ref()
            .map_while(Result::ok)
            .find(|l| l.contains("listening on"))
            .expect("the server says where it listens");
        // The rest of standard output is read on, so that the server never blocks writing it.
        std::thread::spawn(move || lines.for_each(drop));
        let address = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("an address")
            .to_string();
        ServerProcess { child, address }
    }

    /// The server's peak resident memory so far, in MB.
    pub fn peak_mb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the server's status");
        let kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM");
        kb / 1024
    }

    /// Posts a file to the import and answers (status, body).
    pub fn import(&self, token: &str, query: &str, media: &str, bytes: &[u8]) -> (u16, String) {
        let url = format!("{}/api/v1/imports?{query}", self.address);
        let reply = ureq::post(&url)
            .set("Authorization", &format!("Bearer {token}"))
            .set("Content-Type", media)
            .send_bytes(bytes);
        let reply = match reply {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("POST {url}: {e}"),
        };
        let status = reply.status();
        (status, reply.into_string().expect("an answer"))
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The fingerprint of the catalog as it is now (what the catalog's forms carry), read by an administrator.
pub fn catalog_fingerprint(app: &TestApp, admin: &Credentials) -> String {
    let page = app.send(admin, "GET", "/admin/catalog", None);
    let at = page
        .body
        .find("name=\"fingerprint\" value=\"")
        .expect("the catalog page carries its fingerprint")
        + "name=\"fingerprint\" value=\"".len();
    page.body[at..].chars().take_while(|c| *c != '"').collect()
}

/// The 17 units of Cẩm Giàng in 2020-2023, as the shipped catalog lists them: 2 towns, then 15 communes.
pub const UNITS_2023: [&str; 17] = [
    "lai-cach",
    "cam-giang-tt",
    "cam-dien",
    "cam-doai",
    "cam-dong",
    "cam-hoang",
    "cam-hung",
    "cam-phuc",
    "cam-van",
    "cam-vu",
    "cao-an",
    "dinh-son",
    "duc-chinh",
    "luong-dien",
    "ngoc-lien",
    "tan-truong",
    "thach-loi",
];
