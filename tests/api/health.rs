//! /healthz and the JSON error shape for everything that goes wrong.

use crate::helpers::{Backend, TestApp};

fn healthz_names_the_backend(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let json = app.get_json("/healthz");
    assert_eq!(json["status"], "ok");
    let expected = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert_eq!(json["database"], expected);
}

fn unknown_routes_wrong_methods_and_bad_queries_are_json_errors(backend: Backend) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };

    let reply = app.get("/api/v1/no-such-thing");
    assert_eq!(reply.status, 404);
    assert_eq!(reply.error()["code"], "not_found");

    let reply = app.request("POST", "/api/v1/targets");
    assert_eq!(reply.status, 405);
    assert_eq!(reply.error()["code"], "method_not_allowed");

    let reply = app.get("/api/v1/dashboard?as_of=n%C4%83m-nay");
    assert_eq!(reply.status, 400);
    let error = reply.error();
    assert_eq!(error["field"], "as_of");
    assert!(
        error["message"]
            .as_str()
            .unwrap_or("")
            .contains("not a year"),
        "{error}"
    );

    let reply = app.get("/api/v1/targets/T01/progress?as_of=1999");
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error()["message"], "must be a year from 2020 to 2035");

    let reply = app.get("/api/v1/targets/T99");
    assert_eq!(reply.status, 404);
    assert!(reply.error()["message"]
        .as_str()
        .unwrap_or("")
        .contains("T99"));

    let reply = app.get("/api/v1/targets?resolution=khong-co");
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error()["field"], "resolution");
}

crate::on_both_backends!(
    healthz_names_the_backend,
    unknown_routes_wrong_methods_and_bad_queries_are_json_errors
);
