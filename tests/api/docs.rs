//! The documents stay true to the code: every route the server answers is in `docs/api.md`, the guides link only
//! inside the repository, the README stays short, and the statisticians' worked example does what it says.

use std::fs;

use crate::helpers::*;
use crate::on_both_backends;

/// The routes a `configure` function registers, as the paths of the string literals after it.
fn routes_in(relative: &str, prefix: &str) -> Vec<String> {
    let text = fs::read_to_string(project_file(relative)).expect("read the router");
    let body = &text[text.find("pub fn configure").expect("a configure function")..];
    body.split('"')
        .skip(1)
        .step_by(2)
        .filter(|literal| literal.starts_with('/'))
        .map(|path| match path {
            "/healthz" | "/readyz" | "/metrics" | "/api/v1" => path.to_string(),
            _ if path.starts_with("/api/") => path.to_string(),
            _ => format!("{prefix}{path}"),
        })
        .filter(|path| path != "/api/v1")
        .collect()
}

/// Whether `route` appears in `doc` as a whole path (not only as the start of a longer one).
fn mentions(doc: &str, route: &str) -> bool {
    let part_of_path = |c: char| c.is_alphanumeric() || "/{}._-".contains(c);
    doc.match_indices(route).any(|(at, _)| {
        let before = doc[..at].chars().next_back();
        let after = doc[at + route.len()..].chars().next();
        !before.is_some_and(part_of_path) && !after.is_some_and(part_of_path)
    })
}

#[test]
fn every_route_is_in_the_api_reference() {
    let doc = fs::read_to_string(project_file("docs/api.md")).expect("docs/api.md");
    let mut routes = routes_in("src/web/api/mod.rs", "/api/v1");
    routes.extend(routes_in("src/web/charts.rs", ""));
    routes.extend(routes_in("src/web/pages/mod.rs", ""));
    // Counted by hand in the three routers on 2026-12-04: 18 API routes, 5 charts and packs, 28 pages. A parser
    // that found fewer would let a missing route through.
    assert!(routes.len() >= 51, "found only {routes:?}");
    for expected in [
        "/healthz",
        "/api/v1/imports",
        "/reports/{year}.zip",
        "/",
        "/admin/tokens/{id}/revoke",
    ] {
        assert!(
            routes.iter().any(|r| r == expected),
            "{expected} not found in {routes:?}"
        );
    }
    let missing: Vec<&String> = routes.iter().filter(|r| !mentions(&doc, r)).collect();
    assert!(
        missing.is_empty(),
        "routes missing from docs/api.md: {missing:?}"
    );
}

#[test]
fn a_route_mentioned_only_as_part_of_a_longer_one_is_not_documented() {
    assert!(mentions(
        "| `GET /api/v1/targets/{code}` |",
        "/api/v1/targets/{code}"
    ));
    assert!(!mentions(
        "`GET /api/v1/targets/{code}/progress`",
        "/api/v1/targets/{code}"
    ));
    assert!(!mentions("`/charts/overview.png`", "/charts/overview"));
    assert!(mentions("pages: `/`, `/units`", "/"));
}

/// Every markdown link of the README and the guides: (file, target).
fn links() -> Vec<(String, String)> {
    let mut files = vec![project_file("README.md")];
    for entry in fs::read_dir(project_file("docs")).expect("docs/") {
        let path = entry.expect("a docs entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("read a guide");
        for piece in text.split("](").skip(1) {
            let target = piece.split(')').next().unwrap_or("").to_string();
            found.push((file.display().to_string(), target));
        }
    }
    found
}

#[test]
fn the_guides_link_only_to_files_of_the_repository() {
    let found = links();
    assert!(found.len() >= 10, "{found:?}");
    for (file, target) in found {
        assert!(
            !target.contains("://"),
            "{file} links outside the repository: {target}"
        );
        let path = target.split('#').next().unwrap_or("");
        if path.is_empty() {
            continue;
        }
        let base = std::path::Path::new(&file).parent().expect("a folder");
        assert!(
            base.join(path).exists(),
            "{file} links to {target}, which is not there"
        );
    }
}

#[test]
fn the_readme_stays_short() {
    let size = fs::metadata(project_file("README.md"))
        .expect("README.md")
        .len();
    assert!(
        size <= 12 * 1024,
        "README.md is {size} bytes, over 12 KB: move detail to docs/"
    );
}

/// The statisticians' guide's two CSV examples, in the order they appear.
fn guide_examples() -> (String, String, Vec<String>) {
    let guide = fs::read_to_string(project_file("docs/statisticians.md")).expect("guide");
    let blocks: Vec<&str> = guide
        .split("```")
        .skip(1)
        .step_by(2)
        .filter(|b| b.starts_with("csv\n") || b.starts_with('\n'))
        .collect();
    let good = blocks[0].trim_start_matches("csv\n").to_string();
    let bad = blocks[1].trim_start_matches("csv\n").to_string();
    let said = blocks[2]
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    (good, bad, said)
}

fn the_statisticians_worked_example_does_what_the_guide_says(backend: Backend) {
    let Some((app, who)) = TestApp::with_statistician(backend) else {
        return;
    };
    let (good, bad, said) = guide_examples();
    let file =
        fs::read_to_string(project_file("docs/examples/figures-2024.csv")).expect("example file");
    assert_eq!(
        good, file,
        "the guide shows docs/examples/figures-2024.csv as it is"
    );

    let checked = app.import_csv(&who, &good, true);
    assert_eq!(checked.status, 200, "{}", checked.body);
    assert_eq!(checked.json()["accepted"], 6);
    let imported = app.import_csv(&who, &good, false).json();
    assert_eq!(
        (imported["created"].clone(), imported["updated"].clone()),
        (6.into(), 0.into())
    );

    let t01 = app.get_json("/api/v1/targets/T01");
    let official_2024 = t01["measurements"]
        .as_array()
        .expect("measurements")
        .iter()
        .find(|m| m["year"] == 2024 && m["quality"] == "official")
        .expect("T01 2024 official")
        .clone();
    assert_eq!(official_2024["value"], 80.6);
    // 1,890 cultured households of 2,140: 88.32%.
    let units = app.get_json("/api/v1/targets/T06/units?year=2024");
    let cam_vu = units["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["code"] == "cam-vu")
        .expect("Cẩm Vũ")
        .clone();
    let share = cam_vu["figure"]["value"].as_f64().expect("a percentage");
    assert!((share - 88.3178).abs() < 0.001, "{share}");

    let path = app.file("mistakes.csv", bad.as_bytes());
    let refused = app.cli(&["import", path.to_str().expect("a path")]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    for line in &said {
        assert_contains(&refused.stderr, line);
    }
    assert_eq!(said.len(), 3);
}

on_both_backends!(the_statisticians_worked_example_does_what_the_guide_says);
