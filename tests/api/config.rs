//! The binary as an operator runs it: configuration from files and RT__ variables, port 0, graceful stop.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{binary, Backend, TestDb};

/// Starts `serve`, reads the address it prints, checks /healthz, stops it with SIGTERM and waits for a clean exit.
fn serve_prints_its_address_and_stops_on_sigterm(env: &[(&str, &str)], args: &[&str]) -> String {
    let mut child = Command::new(binary())
        .args(args)
        .arg("serve")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the first line");
    assert!(
        line.starts_with("resolution-tracker listening on http://127.0.0.1:"),
        "{line}"
    );
    let address = line.split_whitespace().nth(3).expect("address").to_string();
    assert!(
        !address.ends_with(":8080"),
        "port 0 picked a free port: {address}"
    );
    let health: serde_json::Value = ureq::get(&format!("{address}/healthz"))
        .call()
        .expect("healthz")
        .into_json()
        .expect("json");
    assert_eq!(health["status"], "ok");

    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill")
        .success());
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "a clean exit after SIGTERM: {status}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "serve did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    line
}

#[test]
fn environment_variables_with_two_underscores_override_the_file() {
    let Some(db) = TestDb::new(Backend::Sqlite) else {
        return;
    };
    let line = serve_prints_its_address_and_stops_on_sigterm(
        &[
            ("RT__SERVER__PORT", "0"),
            ("RT__DATABASE__URL", &db.url),
            ("RT_SERVER__PORT", "1"),
        ],
        &[],
    );
    assert!(line.contains("(database: sqlite)"));
}

#[test]
fn a_config_file_given_with_dash_dash_config_is_read() {
    let Some(db) = TestDb::new(Backend::Sqlite) else {
        return;
    };
    let file = db.dir.path().join("site.toml");
    std::fs::write(
        &file,
        format!("[server]\nport = 0\n\n[database]\nurl = \"{}\"\n", db.url),
    )
    .expect("write");
    serve_prints_its_address_and_stops_on_sigterm(&[], &["--config", file.to_str().expect("path")]);
}

#[test]
fn serve_on_postgres_when_the_url_says_so() {
    let Some(db) = TestDb::new(Backend::Postgres) else {
        return;
    };
    let line = serve_prints_its_address_and_stops_on_sigterm(
        &[("RT__SERVER__PORT", "0"), ("RT__DATABASE__URL", &db.url)],
        &[],
    );
    assert!(line.contains("(database: postgres)"), "{line}");
}

#[test]
fn bad_arguments_exit_2_and_a_bad_database_url_exits_1() {
    let out = Command::new(binary())
        .arg("no-such-command")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(binary())
        .args(["report"])
        .env("RT__DATABASE__URL", "data/tracker.db")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("must start with sqlite://"), "{stderr}");
}

/// Runs a command with these variables and returns its exit code and standard error.
fn run_with(env: &[(&str, &str)], args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(binary())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .envs(env.iter().copied())
        .output()
        .expect("run");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_bad_setting_is_refused_at_start_naming_its_key() {
    let Some(db) = TestDb::new(Backend::Sqlite) else {
        return;
    };
    let url = ("RT__DATABASE__URL", db.url.as_str());
    for (key, value, named) in [
        ("RT__AUTH__SESSION_HOURS", "0", "auth.session_hours"),
        ("RT__AUTH__SESSION_HOURS", "-5", "auth.session_hours"),
        ("RT__AUTH__SECRET_KEY", "not-hex", "auth.secret_key"),
        ("RT__AUTH__SECRET_KEY", "abcd", "auth.secret_key"),
        ("RT__SERVER__HOST", "no such host", "server.host"),
        (
            "RT__SERVER__TRUSTED_PROXIES",
            "10.0.0.1,proxy",
            "server.trusted_proxies",
        ),
        ("RT__METRICS__ALLOW", "127.0.0.1,everyone", "metrics.allow"),
        ("RT__LOG__FORMAT", "xml", "log.format"),
    ] {
        let (code, stderr) = run_with(&[url, ("RT__SERVER__PORT", "0"), (key, value)], &["serve"]);
        assert_eq!(code, Some(1), "{key}={value}: {stderr}");
        assert!(stderr.contains(named), "{key}={value}: {stderr}");
        assert!(!stderr.contains("listening"), "{stderr}");
    }
}

#[test]
fn the_secret_key_is_never_printed_by_debug() {
    // 0xAB: a leaking Debug shows it as the hex text or as the byte 171, whichever it prints.
    let key = "ab".repeat(64);
    let parsed = resolution_tracker::config::SecretKey::from_hex(&key).expect("a key");
    assert_eq!(parsed.bytes().map(<[u8]>::len), Some(64));
    let leaks = |text: &str| text.contains("abab") || text.contains("171") || text.contains("AB");
    let shown = format!("{parsed:?}");
    assert!(!leaks(&shown), "{shown}");
    assert_eq!(shown, "SecretKey(configured, not shown)");
    let mut settings = resolution_tracker::config::Settings::load(None).expect("defaults");
    settings.auth.secret_key = parsed;
    let shown = format!("{settings:?}");
    assert!(
        shown.contains("SecretKey(configured, not shown)"),
        "{shown}"
    );
    assert!(!leaks(&shown), "{shown}");
}

#[test]
fn language_and_role_arguments_are_checked_by_the_command_line() {
    let (code, stderr) = run_with(&[], &["report", "--lang", "fr"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("vi") && stderr.contains("en"), "{stderr}");
    let (code, stderr) = run_with(&[], &["user", "add", "someone", "--role", "boss"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("statistician"), "{stderr}");
}

#[test]
fn under_ci_the_postgresql_half_fails_without_its_database() {
    // This test binary, running one PostgreSQL test with CI=true and no TEST_DATABASE_URL: it must fail, not
    // pass by skipping.
    let me = std::env::current_exe().expect("the test binary");
    let out = Command::new(&me)
        .args([
            "--exact",
            "health::postgres::healthz_names_the_backend",
            "--test-threads=1",
        ])
        .env("CI", "true")
        .env_remove("TEST_DATABASE_URL")
        .output()
        .expect("run the test binary");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 failed"), "{stdout}");
    assert!(!out.status.success());
    let out = Command::new(&me)
        .args([
            "--exact",
            "health::postgres::healthz_names_the_backend",
            "--test-threads=1",
        ])
        .env_remove("CI")
        .env_remove("TEST_DATABASE_URL")
        .output()
        .expect("run the test binary");
    assert!(out.status.success(), "outside CI it is skipped");
}

/// The `RT__` variables a packaging file sets: `KEY=value` pairs after `marker` (the Dockerfile's `ENV` block, the
/// unit's `Environment=` lines).
fn packaged_settings(text: &str, marker: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        let line = line.trim();
        let rest = match line.strip_prefix(marker) {
            Some(rest) => rest,
            None if inside && line.starts_with("RT__") => line,
            None => {
                inside = false;
                continue;
            }
        };
        let pair = rest.trim().trim_end_matches('\\').trim();
        if let Some((key, value)) = pair.split_once('=') {
            found.push((key.to_string(), value.to_string()));
        }
        inside = line.ends_with('\\');
    }
    found
}

#[test]
fn the_image_and_the_unit_set_settings_the_binary_takes() {
    let Some(db) = TestDb::new(Backend::Sqlite) else {
        return;
    };
    let dockerfile = std::fs::read_to_string(crate::helpers::project_file("Dockerfile"))
        .expect("the Dockerfile");
    let unit = std::fs::read_to_string(crate::helpers::project_file(
        "packaging/resolution-tracker.service",
    ))
    .expect("the unit");
    // Two stages, the final one running as a user that is not root, the SQLite file on a volume.
    assert_eq!(
        dockerfile
            .lines()
            .filter(|l| l.starts_with("FROM "))
            .count(),
        2
    );
    assert!(dockerfile.contains("\nUSER nonroot\n"));
    assert!(dockerfile.contains("VOLUME [\"/data\"]"));
    assert!(unit.contains("DynamicUser=yes") && unit.contains("ProtectSystem=strict"));
    for (file, marker, expected) in [(&dockerfile, "ENV ", 4), (&unit, "Environment=", 2)] {
        let mut settings = packaged_settings(file, marker);
        assert_eq!(settings.len(), expected, "{settings:?}");
        assert!(settings
            .iter()
            .any(|(k, v)| k == "RT__LOG__FORMAT" && v == "json"));
        // Each is a setting the binary accepts (the database's path aside: the test's own file).
        for (key, value) in settings.iter_mut() {
            if key == "RT__DATABASE__URL" {
                assert!(value.starts_with("sqlite:///"), "{value}");
                *value = db.url.clone();
            }
        }
        let env: Vec<(&str, &str)> = settings
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let (code, stderr) = run_with(&env, &["migrate"]);
        assert_eq!(code, Some(0), "{marker}: {stderr}");
    }
    // Where systemd's own checker is installed, the unit passes it (its binary path pointed at this build's).
    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_ok()
    {
        let here = db.dir.path().join("resolution-tracker.service");
        std::fs::write(
            &here,
            unit.replace("/usr/local/bin/resolution-tracker", binary()),
        )
        .expect("write the unit");
        let out = Command::new("systemd-analyze")
            .arg("verify")
            .arg(&here)
            .output()
            .expect("systemd-analyze");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
