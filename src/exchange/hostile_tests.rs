//! The readers fed arbitrary bytes and arbitrary small workbooks: they never panic, they answer with rows or
//! with problems (never an empty refusal), and what they accept the row checks either take whole or refuse
//! with a problem for a row of the file.

use proptest::prelude::*;

use super::limits::Limits;
use super::{check_rows, csv, read, xlsx, FileKind, HEADER};
use crate::domain::measurement::EntryPolicy;
use crate::domain::Catalog;

fn catalog() -> Catalog {
    crate::domain::catalog::shipped_for_tests()
}

/// Reads and checks a file the way an import does; the answer is all rows, or at least one problem.
fn import_outcome(kind: FileKind, bytes: &[u8]) -> Result<usize, usize> {
    let sheet = read(kind, bytes, Limits::UPLOAD).map_err(|problems| {
        assert!(!problems.is_empty(), "a refusal names its problem");
        problems.len()
    })?;
    let rows = sheet.len();
    match check_rows(&sheet, &catalog(), &EntryPolicy::default()) {
        Ok(entries) => {
            assert_eq!(
                entries.len() + entries.blank,
                rows,
                "all rows accepted or counted blank, none dropped"
            );
            Ok(rows)
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            Err(problems.total())
        }
    }
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("T01".to_string()),
        Just("T11".to_string()),
        Just("2024".to_string()),
        Just("official".to_string()),
        Just("ước".to_string()),
        Just("80,6".to_string()),
        Just("\"".to_string()),
        Just("done".to_string()),
        "\\PC{0,12}",
        any::<f64>().prop_map(|f| f.to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_as_csv_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = import_outcome(FileKind::Csv, &bytes);
    }

    #[test]
    fn arbitrary_bytes_as_xlsx_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = import_outcome(FileKind::Xlsx, &bytes);
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend_from_slice(&bytes);
        let _ = import_outcome(FileKind::Xlsx, &zipped);
    }

    #[test]
    fn csv_shaped_text_reads_whole_or_names_a_problem(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..9), 0..12),
        semicolons in any::<bool>(),
    ) {
        let delimiter = if semicolons { ";" } else { "," };
        let mut text = HEADER.join(delimiter);
        for row in &rows {
            text.push('\n');
            text.push_str(&row.join(delimiter));
        }
        let _ = import_outcome(FileKind::Csv, text.as_bytes());
    }

    #[test]
    fn small_workbooks_read_whole_or_name_a_problem(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..9), 0..10),
        far_row in 0u32..1_048_576,
        far_col in 0u16..16_384,
    ) {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (c, name) in HEADER.iter().enumerate() {
            sheet.write_string(0, c as u16, *name).expect("header");
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                match text.parse::<f64>() {
                    Ok(n) if n.is_finite() => sheet.write_number(r as u32 + 1, c as u16, n),
                    _ => sheet.write_string(r as u32 + 1, c as u16, text),
                }
                .expect("cell");
            }
        }
        sheet.write_boolean(far_row, far_col, true).expect("far cell");
        let bytes = workbook.save_to_buffer().expect("workbook");
        let outcome = import_outcome(FileKind::Xlsx, &bytes);
        if far_row as usize > rows.len() {
            prop_assert!(outcome.is_err(), "a row of only a TRUE/FALSE cell is refused, not skipped");
        }
    }
}

#[test]
fn an_archive_that_expands_past_the_limit_is_refused_before_parsing() {
    use std::io::Write;
    let mut zipped = Vec::new();
    {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(&mut zipped));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer
            .start_file("xl/worksheets/sheet1.xml", options)
            .expect("entry");
        let tags = b"<c/>".repeat(1 << 18);
        for _ in 0..3 {
            writer.write_all(&tags).expect("tags");
        }
        writer.finish().expect("zip");
    }
    let within = |mb: u64| Limits {
        xlsx_expanded_bytes: mb << 20,
        ..Limits::UPLOAD
    };
    let problems = xlsx::check_archive(&zipped, &within(2)).expect_err("refused");
    assert!(
        problems[0].message.contains("expands to more than 2 MB"),
        "{problems:?}"
    );
    assert!(xlsx::check_archive(&zipped, &within(4)).is_ok());
}

/// A workbook of `shared` as its shared-strings table and `sheet` as its first sheet (both XML).
fn workbook(shared: &[u8], sheet: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut zipped = Vec::new();
    {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(&mut zipped));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, xml) in [
            ("xl/sharedStrings.xml", shared),
            ("xl/worksheets/sheet1.xml", sheet),
        ] {
            writer.start_file(name, options).expect("entry");
            writer.write_all(xml).expect("xml");
        }
        writer.finish().expect("zip");
    }
    zipped
}

#[test]
fn shared_strings_are_counted_not_taken_from_what_the_table_declares() {
    let many = [
        b"<sst count=\"2\" uniqueCount=\"2\">".to_vec(),
        b"<si/>".repeat(400_001),
        b"</sst>".to_vec(),
    ]
    .concat();
    let problems = xlsx::read(&workbook(&many, b"<worksheet/>"), Limits::UPLOAD)
        .expect_err("a lying count is not believed");
    assert_eq!(
        problems[0].message,
        "the workbook holds more than 400000 shared strings"
    );
    let prefixed = [
        b"<x:sst>".to_vec(),
        b"<x:si><x:t>a</x:t></x:si>".repeat(400_001),
    ]
    .concat();
    assert!(xlsx::read(&workbook(&prefixed, b"<worksheet/>"), Limits::UPLOAD).is_err());
    let texts = [
        b"<sst>".to_vec(),
        b"<si><t>".to_vec(),
        vec![b'a'; 200_000],
        b"</t></si>".to_vec(),
    ]
    .concat()
    .repeat(90);
    let problems =
        xlsx::read(&workbook(&texts, b"<worksheet/>"), Limits::UPLOAD).expect_err("16 MB of text");
    assert!(
        problems[0].message.contains("more than 16 MB of text"),
        "{problems:?}"
    );
}

#[test]
fn one_long_string_is_refused_before_it_is_held() {
    let sheet = [
        b"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>".to_vec(),
        vec![b'a'; 300_000],
        b"</t></is></c></row></sheetData></worksheet>".to_vec(),
    ]
    .concat();
    let problems = xlsx::read(&workbook(b"<sst/>", &sheet), Limits::UPLOAD).expect_err("refused");
    assert_eq!(
        problems[0].message,
        "a text or tag of the workbook is longer than 32767 characters"
    );
    let attribute = [b"<sst a=\"".to_vec(), vec![b'a'; 300_000], b"\"/>".to_vec()].concat();
    assert!(xlsx::read(&workbook(&attribute, b"<worksheet/>"), Limits::UPLOAD).is_err());
}

#[test]
fn a_shared_strings_table_declaring_billions_is_refused() {
    use std::io::Write;
    let mut zipped = Vec::new();
    {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(&mut zipped));
        let options = zip::write::SimpleFileOptions::default();
        writer
            .start_file("xl/sharedStrings.xml", options)
            .expect("entry");
        writer
            .write_all(
                b"<?xml version=\"1.0\"?><sst count=\"1\" uniqueCount=\"99999999999999\"></sst>",
            )
            .expect("xml");
        writer.finish().expect("zip");
    }
    let problems = xlsx::read(&zipped, Limits::UPLOAD).expect_err("refused");
    assert!(
        problems[0].message.contains("declares more than"),
        "{problems:?}"
    );
    let spaced = workbook(b"<sst uniqueCount = '+99999999999999'/>", b"<worksheet/>");
    assert!(xlsx::read(&spaced, Limits::UPLOAD).is_err());
    let _ = csv::read(b"", Limits::UPLOAD);
}
