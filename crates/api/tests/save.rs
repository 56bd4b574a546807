//! Saving a file the UI built: only plain names with the kind's extension are accepted (so the
//! automation folder cannot be left), Base64 is decoded exactly, and a write is whole or nothing.

use coffer_api::save::{
    checked_file_name, content_bytes, path_in, write_file, SaveContent, SaveFileRequest,
    SaveFileResult, SaveKind,
};
use coffer_api::ErrorKind;

fn request(name: &str, kind: SaveKind) -> SaveFileRequest {
    SaveFileRequest {
        file_name: name.into(),
        kind,
        content: SaveContent::Text("a,b\r\n".into()),
    }
}

#[test]
fn plain_names_with_the_kinds_extension_pass() {
    assert_eq!(
        checked_file_name("coffer-accounts.csv", SaveKind::Csv).unwrap(),
        "coffer-accounts.csv"
    );
    assert!(checked_file_name("Statement 2026-10.PDF", SaveKind::Pdf).is_ok());
    assert!(checked_file_name("coffer-spending-by-category.png", SaveKind::Png).is_ok());
    assert!(checked_file_name("chart.svg", SaveKind::Svg).is_ok());
}

#[test]
fn names_that_could_leave_the_folder_or_hide_are_refused() {
    for name in [
        "",
        "../evil.csv",
        "a/b.csv",
        "a\\b.csv",
        "/etc/passwd.csv",
        ".hidden.csv",
        "..",
        "line\nbreak.csv",
        "nul\0.csv",
    ] {
        let err = checked_file_name(name, SaveKind::Csv).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{name:?}");
    }
    let long = format!("{}.csv", "a".repeat(300));
    assert!(checked_file_name(&long, SaveKind::Csv).is_err());
}

#[test]
fn the_extension_must_match_the_kind() {
    for (name, kind) in [
        ("report.csv", SaveKind::Pdf),
        ("report", SaveKind::Csv),
        (".csv", SaveKind::Csv),
        ("report.csv.sh", SaveKind::Csv),
    ] {
        let err = checked_file_name(name, kind).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{name:?}");
    }
}

#[test]
fn content_is_text_as_utf8_or_exact_base64() {
    assert_eq!(
        content_bytes(SaveContent::Text("Café,1\r\n".into())).unwrap(),
        "Café,1\r\n".as_bytes()
    );
    assert_eq!(
        content_bytes(SaveContent::Base64("iVBORw0KGgo=".into())).unwrap(),
        [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a]
    );
    let err = content_bytes(SaveContent::Base64("not base64!".into())).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
}

#[test]
fn a_save_into_a_folder_writes_the_whole_file_under_the_suggested_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(dir.path(), &request("coffer-accounts.csv", SaveKind::Csv)).unwrap();
    assert_eq!(path, dir.path().join("coffer-accounts.csv"));
    let result = write_file(&path, b"name,balance\r\nChecking,1.00\r\n").unwrap();
    assert_eq!(result, SaveFileResult::saved_to(&path));
    assert_eq!(result.path.as_deref(), Some(path.to_str().unwrap()));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"name,balance\r\nChecking,1.00\r\n"
    );
    // Saving again replaces the file; no temporary file is left beside it.
    write_file(&path, b"x\r\n").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"x\r\n");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["coffer-accounts.csv"]);
    assert!(path_in(dir.path(), &request("../up.csv", SaveKind::Csv)).is_err());
}

#[test]
fn a_failed_write_names_the_path_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing-folder").join("out.csv");
    let err = write_file(&path, b"a\r\n").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Internal);
    assert!(err.message.contains("out.csv"), "{}", err.message);
    assert!(!path.exists());
}

#[test]
fn cancel_is_a_result_not_an_error() {
    let cancelled = SaveFileResult::cancelled();
    assert!(!cancelled.saved);
    assert_eq!(cancelled.path, None);
}
