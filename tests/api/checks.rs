//! Checks that warn: a figure that looks odd against the stored ones is saved only with a note that explains it,
//! by the API, the year's form and an import alike, and the completeness page lists it with its note.
//!
//! Worked by hand: new party members (T15, the area's own) were 120 in 2021 and 125 in 2022. 2023's 200 is a rise
//! of 75, 60% of 2022's 125: with one earlier change to compare with, more than half is unusual. 180 (a rise of
//! 44%) is not.

use serde_json::json;

use crate::helpers::{Backend, TestApp};

const FIGURE: &str = "T15/measurements/2023/official";
const RISE: &str = "an unusual change against the earlier years: from 125 (2022) to 200";
const RISE_VI: &str = "thay đổi bất thường so với các năm trước: từ 125 (2022) lên 200";

fn app_with_history(backend: Backend) -> Option<(TestApp, crate::helpers::Credentials)> {
    let (app, who) = TestApp::with_statistician(backend)?;
    app.create_figure(&who, "T15/measurements/2021/official", 120.0);
    app.create_figure(&who, "T15/measurements/2022/official", 125.0);
    Some((app, who))
}

fn an_odd_figure_needs_a_note_by_the_api(backend: Backend) {
    let Some((app, who)) = app_with_history(backend) else {
        return;
    };
    let bare = app.put_figure(&who, FIGURE, &json!({"value": 200}));
    assert_eq!(bare.status, 422, "{}", bare.body);
    assert_eq!(bare.error()["field"], "note");
    let warning = &bare.json()["warnings"][0];
    assert_eq!(
        (
            &warning["check"],
            &warning["from_year"],
            &warning["from"],
            &warning["to"]
        ),
        (
            &json!("unusual_change"),
            &json!(2022),
            &json!(125.0),
            &json!(200.0)
        )
    );
    assert_eq!(warning["message"], RISE);
    assert!(bare.error()["message"]
        .as_str()
        .unwrap_or("")
        .contains(RISE));
    // A blank note is no note; nothing was written.
    let blank = app.put_figure(&who, FIGURE, &json!({"value": 200, "note": "  "}));
    assert_eq!(blank.status, 422);
    let noted = json!({"value": 200, "note": "Đợt kết nạp lớn dịp 3/2 (Ban Tổ chức)"});
    let saved = app.put_figure(&who, FIGURE, &noted);
    assert_eq!(saved.status, 201, "created: nothing was written before");
    assert_eq!(saved.json()["warnings"][0]["message"], RISE);
    // The same figure sent again is not checked again.
    let again = app.put_figure(
        &who,
        FIGURE,
        &json!({"value": 200, "note": noted["note"], "revision": 1}),
    );
    assert_eq!(again.status, 200, "{}", again.body);
    assert!(again.json().get("warnings").is_none());
    // A usual figure needs no note.
    let usual = app.put_figure(
        &who,
        "T15/measurements/2023/estimate",
        &json!({"value": 180}),
    );
    assert_eq!(usual.status, 201, "{}", usual.body);

    // The completeness page and its API list the odd figure with its note. Beside the rise, the official 200 is
    // now 11% above the estimate 180 (more than a tenth); the estimate itself, 180 after 125, is usual.
    let page = app.get("/completeness/2023");
    assert!(page.body.contains("Số liệu cần xem lại"));
    assert!(page.body.contains(RISE_VI));
    assert!(page.body.contains("Đợt kết nạp lớn dịp 3/2 (Ban Tổ chức)"));
    let api = app.get_json("/api/v1/completeness?year=2023");
    let flagged = api["flagged"].as_array().cloned().unwrap_or_default();
    assert_eq!(flagged.len(), 1, "{:?}", api["flagged"]);
    assert_eq!(
        (
            &flagged[0]["target_code"],
            &flagged[0]["quality"],
            &flagged[0]["note"]
        ),
        (&json!("T15"), &json!("official"), &noted["note"])
    );
    let checks: Vec<_> = flagged[0]["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|w| w["check"].clone())
        .collect();
    assert_eq!(
        checks,
        vec![json!("unusual_change"), json!("far_from_estimate")]
    );
}

fn an_odd_figure_needs_a_note_on_the_form_and_in_a_file(backend: Backend) {
    let Some((app, _)) = app_with_history(backend) else {
        return;
    };
    let (me, csrf) = app.session("bieumau", "statistician");
    let refused = app.post_form(
        &me,
        "/entry/2023",
        &[("csrf", &csrf), ("v_T15_official", "200")],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains(RISE_VI), "{}", refused.body);
    assert!(refused.body.contains("Hãy ghi chú giải thích rồi lưu lại."));
    assert!(
        refused.body.contains("value=\"200\""),
        "what was typed is kept"
    );
    let fields = [
        ("csrf", csrf.as_str()),
        ("v_T15_official", "200"),
        ("n_T15", "Đợt kết nạp lớn dịp 3/2"),
    ];
    let saved = app.post_form(&me, "/entry/2023", &fields);
    assert_eq!(saved.status, 303, "{}", saved.body);
    let t15 = app.get_json("/api/v1/targets/T15");
    let stored: Vec<_> = t15["measurements"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["year"] == 2023)
        .collect();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["note"], "Đợt kết nạp lớn dịp 3/2");

    // A file: the odd row without a note refuses the file (row 3, column note), dry run or not; with one it is
    // listed among the warnings and imported.
    let who = app.statistician_token("tep");
    let header = "target_code,year,quality,value,state,source,note\n";
    let bare = format!("{header}T15,2023,estimate,170,,,\nT15,2024,estimate,400,,,\n");
    for dry_run in [true, false] {
        let reply = app.import_csv(&who, &bare, dry_run);
        assert_eq!(reply.status, 422, "{}", reply.body);
        let errors = reply.json()["errors"].clone();
        assert_eq!(errors.as_array().map(Vec::len), Some(1), "{errors}");
        assert_eq!(
            (errors[0]["row"].clone(), errors[0]["column"].clone()),
            (json!(3), json!("note"))
        );
        assert!(errors[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("from 200 (2023) to 400"));
    }
    let noted = format!("{header}T15,2024,estimate,400,,,Kết nạp theo Kế hoạch 15\n");
    let reply = app.import_csv(&who, &noted, true);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["warnings"][0]["row"], 2);
    let reply = app.import_csv(&who, &noted, false);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["created"], 1);
}

crate::on_both_backends!(
    an_odd_figure_needs_a_note_by_the_api,
    an_odd_figure_needs_a_note_on_the_form_and_in_a_file
);
