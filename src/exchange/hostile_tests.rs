//! The readers fed arbitrary bytes and arbitrary small workbooks: they never panic, they answer with rows or
//! with problems (never an empty refusal), and what they accept the row checks either take whole or refuse
//! with a problem for a row of the file.

use proptest::prelude::*;

use super::{check_rows, csv, read, xlsx, FileKind, HEADER};
use crate::domain::measurement::EntryPolicy;
use crate::domain::Catalog;

fn catalog() -> Catalog {
    crate::domain::catalog::shipped_for_tests()
}

/// Reads and checks a file the way an import does; the answer is all rows, or at least one problem.
fn import_outcome(kind: FileKind, bytes: &[u8]) -> Result<usize, usize> {
    let sheet = read(kind, bytes).map_err(|problems| {
        assert!(!problems.is_empty(), "a refusal names its problem");
        problems.len()
    })?;
    let rows = sheet.rows.len();
    match check_rows(&sheet, &catalog(), &EntryPolicy::default()) {
        Ok(entries) => {
            assert_eq!(entries.len(), rows, "all rows accepted, none dropped");
            Ok(rows)
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            Err(problems.len())
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
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..3 {
            writer.write_all(&spaces).expect("spaces");
        }
        writer.finish().expect("zip");
    }
    let problems = xlsx::check_archive_within(&zipped, 2 << 20).expect_err("refused");
    assert!(
        problems[0].message.contains("expands to more than 2 MB"),
        "{problems:?}"
    );
    assert!(xlsx::check_archive_within(&zipped, 4 << 20).is_ok());
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
    let problems = xlsx::read(&zipped).expect_err("refused");
    assert!(
        problems[0].message.contains("declares more than"),
        "{problems:?}"
    );
    let _ = csv::read(b"");
}
