//! `coffer serve` as a user runs it: the first stdout line is the URL with the per-launch token;
//! the API answers with the token and refuses without it; with --passphrase-stdin the vault is
//! already unlocked; neither token nor passphrase is on the command line; SIGTERM stops it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSPHRASE: &str = "serve test passphrase";

fn coffer() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_coffer"));
    cmd.env_remove("COFFER_VAULT").env_remove("COFFER_UI_DIR");
    cmd
}

fn init(vault: &Path) {
    let mut child = coffer()
        .args([
            "--vault",
            vault.to_str().unwrap(),
            "--passphrase-stdin",
            "init",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{PASSPHRASE}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn make_ui(dir: &Path) -> std::path::PathBuf {
    let ui = dir.join("ui");
    std::fs::create_dir_all(&ui).unwrap();
    std::fs::write(
        ui.join("index.html"),
        "<!doctype html><title>Coffer</title>",
    )
    .unwrap();
    ui
}

/// Kills the server if a test fails half-way.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_serve(
    vault: &Path,
    ui: &Path,
    passphrase: Option<&str>,
) -> (Server, BufReader<std::process::ChildStdout>) {
    let mut cmd = coffer();
    cmd.args(["--vault", vault.to_str().unwrap()]);
    if passphrase.is_some() {
        cmd.arg("--passphrase-stdin");
    }
    cmd.args(["serve", "--ui-dir", ui.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    if let Some(p) = passphrase {
        writeln!(stdin, "{p}").unwrap();
    }
    drop(stdin);
    let stdout = BufReader::new(child.stdout.take().unwrap());
    (Server(child), stdout)
}

/// The first line of stdout, or a panic after a minute.
fn first_line(stdout: BufReader<std::process::ChildStdout>) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut stdout = stdout;
        let mut line = String::new();
        let _ = stdout.read_line(&mut line);
        let _ = tx.send(line);
        // Keep draining so the server never blocks on a full pipe.
        let _ = std::io::copy(&mut stdout, &mut std::io::sink());
    });
    rx.recv_timeout(Duration::from_secs(60))
        .expect("coffer serve printed its URL")
}

/// (status, body) of a POST over a fresh loopback connection.
fn post(port: u16, path: &str, token: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let token_line = token
        .map(|t| format!("X-Coffer-Token: {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{token_line}Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let status = text.split(' ').nth(1).unwrap().parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// (port, token) from `http://127.0.0.1:PORT/#token=TOKEN`.
fn parse_url(line: &str) -> (u16, String) {
    let rest = line
        .trim_end()
        .strip_prefix("http://127.0.0.1:")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    let (port, token) = rest.split_once("/#token=").expect("token in the fragment");
    assert_eq!(token.len(), 64);
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
    (port.parse().unwrap(), token.to_string())
}

#[test]
fn serve_prints_the_url_and_answers_only_with_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.db");
    init(&vault);
    let ui = make_ui(dir.path());
    let (mut server, stdout) = start_serve(&vault, &ui, Some(PASSPHRASE));
    let line = first_line(stdout);
    let (port, token) = parse_url(&line);

    // Unlocked from the start: the passphrase came on stdin.
    let (status, body) = post(port, "/api/vault_status", Some(&token));
    assert_eq!(status, 200, "{body}");
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(value["path"], vault.to_str().unwrap());
    // Row counts come with the full check, asked for by name.
    let (status, body) = post(port, "/api/vault_check", Some(&token));
    assert_eq!(status, 200, "{body}");
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(value["counts"]["categories"], 21);
    assert_eq!(value["integrity"], "ok");

    let (status, _) = post(port, "/api/vault_status", None);
    assert_eq!(status, 401);
    let (status, _) = post(port, "/api/vault_status", Some(&"0".repeat(64)));
    assert_eq!(status, 401);

    // Nothing secret on the command line.
    let cmdline = std::fs::read(format!("/proc/{}/cmdline", server.0.id())).unwrap();
    let cmdline = String::from_utf8_lossy(&cmdline);
    assert!(cmdline.contains("serve"), "{cmdline}");
    assert!(!cmdline.contains(&token));
    assert!(!cmdline.contains(PASSPHRASE));

    // SIGTERM stops it cleanly; stderr holds neither secret.
    let killed = Command::new("kill")
        .args(["-TERM", &server.0.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "coffer serve did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let mut stderr = String::new();
    server
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(!stderr.contains(&token), "{stderr}");
    assert!(!stderr.contains(PASSPHRASE), "{stderr}");
    assert!(
        stderr.contains(&format!("http://127.0.0.1:{port}/")),
        "{stderr}"
    );
}

#[test]
fn without_a_passphrase_the_vault_starts_locked() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.db");
    init(&vault);
    let ui = make_ui(dir.path());
    let (_server, stdout) = start_serve(&vault, &ui, None);
    let (port, token) = parse_url(&first_line(stdout));
    let (status, body) = post(port, "/api/vault_status", Some(&token));
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("\"locked\""), "{body}");
}

#[test]
fn a_wrong_passphrase_exits_3_before_serving() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.db");
    init(&vault);
    let ui = make_ui(dir.path());
    let (server, mut stdout) = start_serve(&vault, &ui, Some("not the passphrase"));
    let mut printed = String::new();
    stdout.read_to_string(&mut printed).unwrap();
    let mut server = server;
    let status = server.0.wait().unwrap();
    assert_eq!(status.code(), Some(3));
    assert_eq!(printed, "", "nothing is served");
}

#[test]
fn a_non_loopback_address_is_refused_before_anything_opens() {
    let dir = tempfile::tempdir().unwrap();
    let ui = make_ui(dir.path());
    for addr in ["0.0.0.0:0", "192.168.1.1:0", "[::]:0"] {
        let out = coffer()
            .args(["--vault", dir.path().join("v.db").to_str().unwrap()])
            .args(["serve", "--addr", addr, "--ui-dir", ui.to_str().unwrap()])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{addr}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("loopback only"), "{stderr}");
    }
}

#[test]
fn a_missing_ui_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = coffer()
        .args(["--vault", dir.path().join("v.db").to_str().unwrap()])
        .args([
            "serve",
            "--ui-dir",
            dir.path().join("nope").to_str().unwrap(),
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("make ui"));
}
