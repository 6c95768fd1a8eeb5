//! The server's memory stays bounded for any upload its size limit lets in. A real server process (the binary, so
//! that the peak read is the server's own, not the test runner's) is fed the files that once took gigabytes: a
//! workbook of 20 million shared strings whose table says it has 2, one 200 MB string in a small workbook, a CSV
//! of a million bad rows and one of 200,000; then the largest valid import the server takes (200,000 rows of a
//! 10,000-commune province), alone and four at once. Its peak resident memory (VmHWM) is read after each.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use crate::helpers::{binary, run_cli, Backend, ServerProcess, TestDb};

/// The bounds the issue set: one upload, and four at once.
const ONE_UPLOAD_MB: u64 = 300;
const FOUR_UPLOADS_MB: u64 = 700;

/// A part of a workbook: its name, and what writes its XML (so that none is held whole).
type Part<'a> = (&'a str, &'a dyn Fn(&mut dyn Write));

/// A workbook of the given parts.
fn workbook(parts: &[Part<'_>]) -> Vec<u8> {
    let mut zipped = Vec::new();
    {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(&mut zipped));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        for (name, write) in parts {
            writer.start_file(*name, options).expect("entry");
            write(&mut writer);
        }
        writer.finish().expect("zip");
    }
    zipped
}

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// 20 million empty shared strings in a table that declares 2 (about 100 MB of XML in well under a megabyte).
fn lying_strings() -> &'static [u8] {
    static FILE: OnceLock<Vec<u8>> = OnceLock::new();
    FILE.get_or_init(|| {
        let strings = |w: &mut dyn Write| {
            w.write_all(br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">"#)
                .expect("xml");
            let chunk = b"<si/>".repeat(100_000);
            for _ in 0..200 {
                w.write_all(&chunk).expect("xml");
            }
            w.write_all(b"</sst>").expect("xml");
        };
        let sheet = |w: &mut dyn Write| {
            w.write_all(b"<worksheet><sheetData/></worksheet>")
                .expect("xml")
        };
        workbook(&[
            ("_rels/.rels", &|w| w.write_all(ROOT_RELS.as_bytes()).expect("xml")),
            ("xl/workbook.xml", &|w| w.write_all(WORKBOOK_XML.as_bytes()).expect("xml")),
            ("xl/_rels/workbook.xml.rels", &|w| {
                w.write_all(WORKBOOK_RELS.as_bytes()).expect("xml")
            }),
            ("xl/sharedStrings.xml", &strings),
            ("xl/worksheets/sheet1.xml", &sheet),
        ])
    })
}

/// One inline string of 200 MB in a workbook of a few hundred kilobytes.
fn long_string() -> &'static [u8] {
    static FILE: OnceLock<Vec<u8>> = OnceLock::new();
    FILE.get_or_init(|| {
        let sheet = |w: &mut dyn Write| {
            w.write_all(br#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#)
                .expect("xml");
            let chunk = vec![b'a'; 1 << 20];
            for _ in 0..200 {
                w.write_all(&chunk).expect("xml");
            }
            w.write_all(b"</t></is></c></row></sheetData></worksheet>")
                .expect("xml");
        };
        workbook(&[
            ("_rels/.rels", &|w| {
                w.write_all(ROOT_RELS.as_bytes()).expect("xml")
            }),
            ("xl/workbook.xml", &|w| {
                w.write_all(WORKBOOK_XML.as_bytes()).expect("xml")
            }),
            ("xl/_rels/workbook.xml.rels", &|w| {
                w.write_all(WORKBOOK_RELS.as_bytes()).expect("xml")
            }),
            ("xl/sharedStrings.xml", &|w| {
                w.write_all(b"<sst/>").expect("xml")
            }),
            ("xl/worksheets/sheet1.xml", &sheet),
        ])
    })
}

/// A CSV of `rows` rows of `row`.
fn bad_rows(rows: usize, row: &[u8]) -> Vec<u8> {
    let mut csv = b"target_code,year,quality,value,state,source,note\n".to_vec();
    for _ in 0..rows {
        csv.extend_from_slice(row);
    }
    csv
}

const COMMUNES: usize = 10_000;
const ROLLUPS: [&str; 10] = [
    "sum", "ratio", "sum", "ratio", "sum", "ratio", "sum", "ratio", "sum", "ratio",
];

/// A province of 10,000 communes and 10 targets rolled up from them.
fn province_catalog() -> String {
    let mut toml = String::from(
        "[resolution]\ncode = \"province\"\ntitle_vi = \"Nghị quyết tỉnh (thử)\"\n\
         title_en = \"Province (test)\"\nbaseline_year = 2020\ngoal_year = 2030\n\n\
         [area]\ncode = \"tinh\"\nname_vi = \"Tỉnh thử\"\nname_en = \"Test province\"\n",
    );
    for (i, rollup) in ROLLUPS.iter().enumerate() {
        let (goal, unit) = if *rollup == "ratio" {
            (90, "%")
        } else {
            (1000, "người")
        };
        toml.push_str(&format!(
            "\n[[targets]]\ncode = \"P{i:02}\"\ngroup = \"g\"\ntitle_vi = \"Chỉ tiêu {i}\"\n\
             title_en = \"Target {i}\"\nkind = \"reach_by_deadline\"\ncomparator = \">=\"\n\
             goal = {goal}\nunit_vi = \"{unit}\"\nunit_en = \"{unit}\"\nrollup = \"{rollup}\"\n"
        ));
    }
    for u in 0..COMMUNES {
        toml.push_str(&format!(
            "\n[[units]]\ncode = \"u{u:05}\"\nname_vi = \"Xã {u}\"\nname_en = \"Commune {u}\"\nkind = \"xa\"\n"
        ));
    }
    toml
}

/// 200,000 valid rows for the province: every target, commune and two years.
fn province_rows() -> &'static [u8] {
    static FILE: OnceLock<Vec<u8>> = OnceLock::new();
    FILE.get_or_init(|| {
        let mut csv = String::from(
            "target_code,year,quality,value,state,source,note,unit_code,numerator,denominator\n",
        );
        for (i, rollup) in ROLLUPS.iter().enumerate() {
            for u in 0..COMMUNES {
                for year in [2021, 2022] {
                    let k = (i + u + year) % 97;
                    let (value, counts) = if *rollup == "sum" {
                        (format!("{}", 10 + k), ",".to_string())
                    } else {
                        (String::new(), format!("{},1000", 800 + k))
                    };
                    csv.push_str(&format!(
                        "P{i:02},{year},official,{value},,Thống kê xã,,u{u:05},{counts}\n"
                    ));
                }
            }
        }
        csv.into_bytes()
    })
}

fn uploads_stay_within_their_memory_bounds(backend: Backend) {
    let Some(db) = TestDb::new(backend) else {
        return;
    };
    let catalog = db.dir.path().join("province.toml");
    std::fs::write(&catalog, province_catalog()).expect("catalog");
    let loaded = run_cli(
        &db.url,
        &["catalog", "load", catalog.to_str().expect("path")],
    );
    assert_eq!(loaded.code, 0, "{}", loaded.stderr);
    let server = ServerProcess::start(&db, &[]);
    let mut add = Command::new(binary())
        .args(["user", "add", "tk", "--role", "statistician"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("RT__DATABASE__URL", &db.url)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("user add");
    add.stdin
        .take()
        .expect("stdin")
        .write_all(b"mat-khau-du-dai\n")
        .expect("password");
    assert!(add.wait().expect("user add").success());
    let token = run_cli(&db.url, &["token", "create", "tk"]).stdout;
    let token = token.trim();
    let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    let (status, body) = server.import(token, "dry_run=true", xlsx, lying_strings());
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("more than 400000 shared strings"), "{body}");
    let (status, body) = server.import(token, "dry_run=true", xlsx, long_string());
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("longer than 32767 characters"), "{body}");
    let (status, body) = server.import(
        token,
        "dry_run=true",
        "text/csv",
        &bad_rows(1_048_575, b"X,1,,,,,\n"),
    );
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("more than 200000 rows"), "{body}");
    let (status, body) = server.import(
        token,
        "dry_run=true",
        "text/csv",
        &bad_rows(200_000, b"X,2024,official,1,,,\n"),
    );
    assert_eq!(status, 422);
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(answer["errors"].as_array().map(Vec::len), Some(100));
    assert_eq!(
        answer["more_errors"], 199_900,
        "one problem a row, 100 named"
    );
    assert!(body.len() < 20_000, "{} bytes", body.len());
    let peak = server.peak_mb();
    assert!(peak < ONE_UPLOAD_MB, "hostile files: {peak} MB at peak");

    let rows = province_rows();
    let (status, body) = server.import(token, "resolution=province", "text/csv", rows);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"created\":200000"), "{body}");
    let peak = server.peak_mb();
    assert!(
        peak < ONE_UPLOAD_MB,
        "a 200,000-row import: {peak} MB at peak"
    );

    std::thread::scope(|s| {
        let imports: Vec<_> = (0..4)
            .map(|_| s.spawn(|| server.import(token, "resolution=province", "text/csv", rows)))
            .collect();
        for import in imports {
            let (status, body) = import.join().expect("an import");
            assert_eq!(status, 200, "{body}");
            assert!(body.contains("\"unchanged\":200000"), "{body}");
        }
    });
    let peak = server.peak_mb();
    assert!(
        peak < FOUR_UPLOADS_MB,
        "four imports at once: {peak} MB at peak"
    );
}

crate::on_both_backends!(uploads_stay_within_their_memory_bounds);
