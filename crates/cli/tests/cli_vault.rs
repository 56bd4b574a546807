//! The `coffer` CLI contract for the vault: init, status --json, exit codes, wrong passphrases,
//! encryption at rest as an outsider (the sqlite3 shell) sees it, rekey, backup and restore.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn coffer(args: &[&str], stdin: &str) -> Output {
    coffer_with_env(args, stdin, &[])
}

fn coffer_with_env(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_coffer"));
    cmd.args(args)
        .env_remove("COFFER_VAULT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("coffer runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

fn init(path: &Path, passphrase: &str) {
    let out = coffer(
        &[
            "--vault",
            path.to_str().unwrap(),
            "--passphrase-stdin",
            "init",
        ],
        &format!("{passphrase}\n"),
    );
    assert!(out.status.success(), "init failed: {}", text(&out.stderr));
}

#[test]
fn init_then_json_status_reports_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    init(&path, "pw one");
    let out = coffer(
        &[
            "--vault",
            path.to_str().unwrap(),
            "--passphrase-stdin",
            "--json",
            "status",
        ],
        "pw one\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["path"], path.to_str().unwrap());
    assert_eq!(status["schema_version"], 10);
    assert_eq!(status["key_source"], "passphrase");
    assert_eq!(status["integrity"], "ok");
    assert_eq!(status["counts"]["transactions"], 0);
    assert_eq!(status["counts"]["categories"], 21);
    assert!(status["counts"].as_object().unwrap().len() >= 14);
}

#[test]
fn init_refuses_an_existing_vault_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    init(&path, "pw");
    let before = std::fs::read(&path).unwrap();
    let out = coffer(
        &[
            "--vault",
            path.to_str().unwrap(),
            "--passphrase-stdin",
            "init",
        ],
        "other\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("already exists"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn the_file_is_opaque_to_plain_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    init(&path, "pw");
    let bytes = std::fs::read(&path).unwrap();
    assert_ne!(&bytes[..16], b"SQLite format 3\0");
    let shell = Command::new("sqlite3")
        .arg(&path)
        .arg("SELECT count(*) FROM sqlite_master;")
        .output()
        .expect("the sqlite3 shell is installed (make deps installs it)");
    assert!(
        !shell.status.success(),
        "sqlite3 read the vault: {}",
        text(&shell.stdout)
    );
    assert!(
        text(&shell.stderr).contains("not a database"),
        "{}",
        text(&shell.stderr)
    );
}

#[test]
fn wrong_passphrase_exits_3_and_leaves_the_file_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    init(&path, "right");
    let before = std::fs::read(&path).unwrap();
    let out = coffer(
        &[
            "--vault",
            path.to_str().unwrap(),
            "--passphrase-stdin",
            "status",
        ],
        "wrong\n",
    );
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("coffer: the passphrase or key does not unlock"),
        "{err}"
    );
    assert!(
        !err.contains("wrong"),
        "the passphrase must not be echoed: {err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn without_a_keychain_init_says_to_use_a_passphrase_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let out = coffer_with_env(
        &["--vault", path.to_str().unwrap(), "init"],
        "",
        &[(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/coffer-test-bus",
        )],
    );
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("--passphrase-stdin"),
        "{}",
        text(&out.stderr)
    );
    assert!(!path.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn passphrases_come_from_files_and_environment_never_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let pw_file = dir.path().join("pw.txt");
    std::fs::write(&pw_file, "from a file\n").unwrap();
    let vault = path.to_str().unwrap();
    let out = coffer(
        &[
            "--vault",
            vault,
            "--passphrase-file",
            pw_file.to_str().unwrap(),
            "init",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = coffer_with_env(
        &[
            "--vault",
            vault,
            "--passphrase-env",
            "COFFER_TEST_PW",
            "status",
        ],
        "",
        &[("COFFER_TEST_PW", "from a file")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = coffer(&["--vault", vault, "--passphrase", "x", "status"], "");
    assert_eq!(
        out.status.code(),
        Some(2),
        "a passphrase argument must be a usage error"
    );
}

#[test]
fn rekey_backup_and_restore_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let vault = path.to_str().unwrap();
    init(&path, "first");
    let out = coffer(
        &[
            "--vault",
            vault,
            "--passphrase-stdin",
            "rekey",
            "--new-passphrase-stdin",
        ],
        "first\nsecond\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = coffer(
        &["--vault", vault, "--passphrase-stdin", "status"],
        "first\n",
    );
    assert_eq!(out.status.code(), Some(3));

    let backup = dir.path().join("backup.coffer");
    let out = coffer(
        &[
            "--vault",
            vault,
            "--passphrase-stdin",
            "backup",
            backup.to_str().unwrap(),
            "--backup-passphrase-stdin",
        ],
        "second\nbackup pw\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    let restored = dir.path().join("restored.db");
    let out = coffer(
        &[
            "--vault",
            restored.to_str().unwrap(),
            "--passphrase-stdin",
            "--json",
            "restore",
            backup.to_str().unwrap(),
            "--backup-passphrase-stdin",
        ],
        "backup pw\nthird\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["integrity"], "ok");
    let out = coffer(
        &[
            "--vault",
            restored.to_str().unwrap(),
            "--passphrase-stdin",
            "status",
        ],
        "third\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}
