//! The API's description (`/api/v1/openapi.json`) against the router: every route the router registers is
//! described with its method, every described operation is served, and the browsable page is there. The
//! document's validity against the OpenAPI 3.1 schema, and each read's answer against its described schema, are
//! checked in tests/browser (a validator and Chromium live there).

use std::collections::BTreeSet;
use std::fs;

use serde_json::Value;

use crate::helpers::*;
use crate::on_both_backends;

/// `(METHOD, path)` of every route `src/web/api/mod.rs` and `src/web/charts.rs` register, read from their `configure`: a `get("/path", …)`
/// is a GET, a `web::resource("/path")` answers the methods of its `.route(web::put()…)` calls; the routes after
/// `web::scope("/api/v1")` take its prefix.
fn router_routes() -> BTreeSet<(String, String)> {
    let text = fs::read_to_string(project_file("src/web/api/mod.rs")).expect("read the router");
    let body = &text[text.find("pub fn configure").expect("a configure function")..];
    let (outside, inside) = body
        .split_once("web::scope(\"/api/v1\")")
        .expect("the /api/v1 scope");
    let mut routes = routes_of(outside, "");
    routes.extend(routes_of(inside, "/api/v1"));
    let text =
        fs::read_to_string(project_file("src/web/charts.rs")).expect("read the charts' router");
    routes.extend(routes_of(
        &text[text.find("pub fn configure").expect("a configure function")..],
        "",
    ));
    routes
}

fn routes_of(services: &str, prefix: &str) -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    for service in services.split(".service(").skip(1) {
        let Some(path) = service.split('"').nth(1) else {
            continue;
        };
        let mut methods: Vec<&str> = ["get", "put", "post", "delete", "patch"]
            .into_iter()
            .filter(|m| service.contains(&format!("web::{m}()")))
            .collect();
        if service.starts_with("get(") {
            methods.push("get");
        }
        for method in methods {
            routes.insert((method.to_uppercase(), format!("{prefix}{path}")));
        }
    }
    routes
}

/// `(METHOD, path)` of every operation the document describes.
fn described(doc: &Value) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("a path item").keys() {
            found.insert((method.to_uppercase(), path.clone()));
        }
    }
    found
}

/// A described path with its segments filled with ones that exist in the Cẩm Giàng catalog (T06 is rolled up
/// from the communes, so its units route answers too).
fn filled(path: &str) -> String {
    let code = match path.starts_with("/api/v1/breakthroughs") {
        true => "B1",
        false => "T06",
    };
    path.replace("{code}", code)
        .replace("{year}", "2024")
        .replace("{quality}", "official")
}

fn the_description_and_the_router_agree(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let doc = app.get_json("/api/v1/openapi.json");
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["title"], "resolution-tracker");

    let routes = router_routes();
    // Counted by hand in src/web/api/mod.rs: 27 operations under /api/v1 (25 paths, two of them with PUT and
    // DELETE), /healthz, /readyz and /metrics, and the document's own route and the page that shows it; in
    // src/web/charts.rs 4 charts and 3 report files.
    assert_eq!(routes.len(), 39, "{routes:#?}");
    for expected in [
        ("GET", "/api/v1/targets/{code}/progress"),
        ("DELETE", "/api/v1/locks/{year}"),
        ("POST", "/api/v1/imports"),
        ("GET", "/readyz"),
        ("GET", "/reports/{year}.docx"),
    ] {
        let pair = (expected.0.to_string(), expected.1.to_string());
        assert!(routes.contains(&pair), "{expected:?} not in {routes:#?}");
    }
    let about_the_api = ["/api/v1/openapi.json", "/api/docs"];
    let served: BTreeSet<_> = routes
        .into_iter()
        .filter(|(_, path)| !about_the_api.contains(&path.as_str()))
        .collect();
    let described = described(&doc);
    let undescribed: Vec<_> = served.difference(&described).collect();
    assert!(
        undescribed.is_empty(),
        "served, not described: {undescribed:?}"
    );
    let unserved: Vec<_> = described.difference(&served).collect();
    assert!(unserved.is_empty(), "described, not served: {unserved:?}");

    // Every described operation is answered by its route (no 404 of an unknown address, no 405), each
    // anonymous write refused for want of a sign-in, each read answering 200 (T06 continues no earlier term's
    // target: its handler says so).
    for (method, path) in &described {
        let reply = app.request(method, &filled(path));
        let expected = match (method.as_str(), path.as_str()) {
            ("GET", "/api/v1/session") => 401,
            ("GET", "/charts/targets/{code}/terms.png") => 404,
            ("GET", _) => 200,
            _ => 401,
        };
        assert_eq!(reply.status, expected, "{method} {path}: {}", reply.body);
    }
    let terms = app.request("GET", "/charts/targets/T06/terms.png");
    assert_contains(&terms.error()["message"].to_string(), "continues no target");

    // Each operation is unique, says what it answers, and every schema it names is in the components.
    let text = doc.to_string();
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for piece in text.split("\"#/components/schemas/").skip(1) {
        let name = piece.split('"').next().expect("a name");
        assert!(schemas.contains_key(name), "{name} is not described");
    }
    let mut ids = BTreeSet::new();
    for item in doc["paths"].as_object().expect("paths").values() {
        for (method, operation) in item.as_object().expect("a path item") {
            let id = operation["operationId"].as_str().expect("an operationId");
            assert!(ids.insert(id.to_string()), "{id} twice");
            let answers = operation["responses"].as_object().expect("responses");
            assert!(
                answers.keys().any(|status| status.starts_with('2')),
                "{method} {id} describes no success"
            );
        }
    }
    // The write routes say how to sign; the figure's body is described with its fields.
    let put = &doc["paths"]["/api/v1/targets/{code}/measurements/{year}/{quality}"]["put"];
    assert!(put["security"].to_string().contains("token"), "{put}");
    let body = &schemas["FigureBody"]["properties"];
    for field in [
        "value",
        "numerator",
        "denominator",
        "state",
        "source",
        "note",
        "revision",
    ] {
        assert!(
            body.get(field).is_some(),
            "FigureBody lacks {field}: {body}"
        );
    }
    assert_eq!(
        schemas["Quality"]["enum"],
        serde_json::json!(["estimate", "official"])
    );
}

fn the_api_is_browsable_with_its_files_built_in(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let moved = Reply::from(TestApp::agent().get(&app.url("/api/docs")).call());
    assert_eq!(moved.status, 308, "{}", moved.body);
    assert_eq!(moved.location.as_deref(), Some("/api/docs/"));
    let page = app.get("/api/docs/");
    assert_eq!(page.status, 200);
    assert!(
        page.content_type.starts_with("text/html"),
        "{}",
        page.content_type
    );
    assert_contains(&page.body, "swagger-ui-bundle.js");
    assert!(
        !page.body.contains("://"),
        "the page loads nothing from elsewhere"
    );
    let setup = app.get("/api/docs/swagger-initializer.js");
    assert_eq!(setup.status, 200);
    assert_contains(&setup.body, "/api/v1/openapi.json");
    let bundle = app.get("/api/docs/swagger-ui-bundle.js");
    assert_eq!(bundle.status, 200);
    assert!(bundle.body.len() > 500_000, "{}", bundle.body.len());
    assert_eq!(app.get("/api/docs/no-such-file.js").status, 404);
}

on_both_backends!(
    the_description_and_the_router_agree,
    the_api_is_browsable_with_its_files_built_in
);
