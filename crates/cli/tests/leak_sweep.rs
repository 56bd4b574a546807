//! The leak sweep: a whole session through the real `coffer` binary — init with a sentinel
//! passphrase, link the issuer with a sentinel password and SimpleFIN with a setup token, sync,
//! export, serve — then every byte Coffer wrote (files under a private HOME / XDG / TMPDIR tree,
//! the vault and its `-wal`/`-shm`, the export), everything it printed, and the command lines of
//! its running processes are searched for the secrets. None may appear, in plain text or in the
//! usual encodings (hex, Base64, URL-encoded).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use coffer_sandbox::{Credentials, DataSpec, SandboxConfig};

const PASSPHRASE: &str = "Vault-Sentinel-Passphrase-6c1f0e";
const PASSWORD: &str = "Issuer-Sentinel-Password-93ab47";

/// Every process gets a private HOME, XDG directories and TMPDIR inside `root`, so anything
/// Coffer writes anywhere it may write lands where the sweep reads.
fn coffer(root: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_coffer"));
    cmd.env_remove("COFFER_VAULT")
        .env("HOME", root.join("home"))
        .env("XDG_DATA_HOME", root.join("xdg-data"))
        .env("XDG_CONFIG_HOME", root.join("xdg-config"))
        .env("XDG_CACHE_HOME", root.join("xdg-cache"))
        .env("XDG_STATE_HOME", root.join("xdg-state"))
        .env("TMPDIR", root.join("tmp"))
        .env("RUST_BACKTRACE", "1");
    cmd
}

struct Session {
    root: PathBuf,
    vault: PathBuf,
    /// Everything every command printed, stdout and stderr.
    printed: Vec<u8>,
    /// The command lines read from /proc while the processes ran.
    cmdlines: Vec<Vec<u8>>,
}

impl Session {
    /// Runs one vault command with the passphrase (and `more` lines) on stdin; records its output
    /// and its command line while it runs.
    fn run(&mut self, args: &[&str], more: &str) -> std::process::Output {
        let mut child = coffer(&self.root)
            .arg("--vault")
            .arg(&self.vault)
            .arg("--passphrase-stdin")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        self.cmdlines.push(cmdline_of(&child));
        let mut stdin = child.stdin.take().unwrap();
        write!(stdin, "{PASSPHRASE}\n{more}").unwrap();
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        self.printed.extend_from_slice(&out.stdout);
        self.printed.extend_from_slice(&out.stderr);
        assert!(
            out.status.success(),
            "coffer {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

/// The child's command line once it has exec'd the coffer binary.
fn cmdline_of(child: &Child) -> Vec<u8> {
    let path = format!("/proc/{}/cmdline", child.id());
    let started = Instant::now();
    loop {
        let line = std::fs::read(&path).unwrap_or_default();
        if String::from_utf8_lossy(&line).contains("coffer") || started.elapsed().as_secs() > 5 {
            return line;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard Base64 without padding (the test's own: the CLI has no Base64 dependency).
fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, &b| (n << 8) | b as u32) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(B64[(n >> (18 - 6 * i)) as usize & 63] as char);
        }
    }
    out
}

fn base64_decode(text: &str) -> Vec<u8> {
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.bytes().filter(|&c| c != b'=') {
        let v = B64.iter().position(|&b| b == c).expect("Base64") as u32;
        bits = (bits << 6) | v;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

/// The secret and the encodings a careless writer might use for it.
fn forms(secret: &str) -> Vec<Vec<u8>> {
    let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
    let mut out = vec![
        secret.as_bytes().to_vec(),
        hex.into_bytes(),
        base64_encode(secret.as_bytes()).into_bytes(),
    ];
    let url_encoded: String = secret
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    out.push(url_encoded.into_bytes());
    out.sort();
    out.dedup();
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn make_ui(dir: &Path) -> PathBuf {
    let ui = dir.join("ui");
    std::fs::create_dir_all(ui.join("assets")).unwrap();
    std::fs::write(
        ui.join("index.html"),
        "<!doctype html><title>Coffer</title>",
    )
    .unwrap();
    ui
}

/// One raw HTTP/1.1 request to the server; the status code.
fn http_status(port: u16, head: &str, body: &str) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "{head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn no_secret_reaches_a_file_an_output_or_a_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    for sub in [
        "home",
        "xdg-data",
        "xdg-config",
        "xdg-cache",
        "xdg-state",
        "tmp",
    ] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }

    // The bank, in this process, with the sentinel password.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sandbox = runtime
        .block_on(coffer_sandbox::start(SandboxConfig {
            data: DataSpec {
                cards: 1,
                savings: 1,
                cds: 1,
                months: 3,
                tx_per_month: 20,
                ..DataSpec::default()
            },
            credentials: Credentials {
                username: "leak-sweep-user".into(),
                password: PASSWORD.into(),
                otp: "246810".into(),
            },
            ..SandboxConfig::default()
        }))
        .unwrap();
    let setup_token = http_get(&format!(
        "{}/_sandbox/simplefin/setup-token",
        sandbox.base_url()
    ));
    let claim_url = String::from_utf8(base64_decode(setup_token.trim())).unwrap();
    assert!(claim_url.starts_with("http://"), "{claim_url}");

    let mut s = Session {
        vault: root.join("home/vault.db"),
        root: root.clone(),
        printed: Vec::new(),
        cmdlines: Vec::new(),
    };
    s.run(&["init"], "");
    s.run(
        &["link", "issuer", "--url", &sandbox.api_url()],
        &format!("leak-sweep-user\n{PASSWORD}\n246810\n"),
    );
    s.run(&["link", "simplefin"], &format!("{}\n", setup_token.trim()));
    s.run(&["sync"], "");
    let status = s.run(&["--json", "status"], "");
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert!(status["counts"]["transactions"].as_u64().unwrap() > 0);
    let export = root.join("home/export.csv");
    s.run(
        &["export", "transactions", "--csv", export.to_str().unwrap()],
        "",
    );
    assert!(std::fs::metadata(&export).unwrap().len() > 100);

    // Serve: the URL (with its per-launch token) is printed on purpose; the secrets are not.
    let ui = make_ui(&root.join("tmp"));
    let mut server = coffer(&root)
        .arg("--vault")
        .arg(&s.vault)
        .args(["--passphrase-stdin", "serve", "--ui-dir"])
        .arg(&ui)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    s.cmdlines.push(cmdline_of(&server));
    writeln!(server.stdin.take().unwrap(), "{PASSPHRASE}").unwrap();
    let mut stdout = BufReader::new(server.stdout.take().unwrap());
    let mut url = String::new();
    stdout.read_line(&mut url).unwrap();
    let port: u16 = url
        .trim()
        .strip_prefix("http://127.0.0.1:")
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("serve's first line is its URL: {url:?}"));
    let token = url.rsplit('=').next().unwrap().trim().to_string();
    let host = format!("Host: 127.0.0.1:{port}");
    let api = |extra: &str, tok: Option<&str>| {
        let tok = tok
            .map(|t| format!("\r\nX-Coffer-Token: {t}"))
            .unwrap_or_default();
        http_status(
            port,
            &format!(
                "POST /api/app_info HTTP/1.1\r\n{extra}{tok}\r\nContent-Type: application/json"
            ),
            "{}",
        )
    };
    // The running binary answers with the token and refuses the rest.
    assert_eq!(api(&host, Some(&token)), 200, "the token opens the API");
    assert_eq!(api(&host, None), 401, "no token");
    assert_eq!(
        api(&format!("Host: evil.example:{port}"), Some(&token)),
        421,
        "foreign Host"
    );
    assert_eq!(
        api(
            &format!("{host}\r\nOrigin: http://evil.example"),
            Some(&token)
        ),
        403,
        "foreign Origin"
    );
    let _ = server.kill();
    let _ = server.wait();
    let mut rest = Vec::new();
    let _ = stdout.read_to_end(&mut rest);
    s.printed.extend_from_slice(url.as_bytes());
    s.printed.extend_from_slice(&rest);
    let _ = server.stderr.take().unwrap().read_to_end(&mut s.printed);
    drop(runtime);

    let mut secrets: Vec<(&str, String)> = vec![
        ("vault passphrase", PASSPHRASE.into()),
        ("issuer password", PASSWORD.into()),
        ("SimpleFIN setup token", setup_token.trim().to_string()),
        ("SimpleFIN claim URL", claim_url.clone()),
    ];
    let files_secrets = secrets.len();
    // The serve token belongs in serve's printed URL only, never in a file.
    secrets.push(("serve token", token.clone()));

    let mut files = Vec::new();
    files_under(&root, &mut files);
    assert!(
        files.iter().any(|f| f.ends_with("vault.db")),
        "the sweep saw the vault: {files:?}"
    );
    let mut leaks = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        for (name, secret) in &secrets {
            for form in forms(secret) {
                if contains(&bytes, &form) {
                    leaks.push(format!("{name} in {}", file.display()));
                }
            }
        }
    }
    for (name, secret) in &secrets[..files_secrets] {
        for form in forms(secret) {
            if contains(&s.printed, &form) {
                leaks.push(format!("{name} in what coffer printed"));
            }
            for line in &s.cmdlines {
                if contains(line, &form) {
                    leaks.push(format!("{name} in a command line"));
                }
            }
        }
    }
    // A SimpleFIN Access URL carries its credentials as userinfo: no such URL may show anywhere.
    let printed = String::from_utf8_lossy(&s.printed);
    assert!(
        !printed.contains("@127.0.0.1"),
        "an Access URL was printed: {printed}"
    );
    assert!(leaks.is_empty(), "secrets leaked: {leaks:?}");
    assert_eq!(
        s.cmdlines.len(),
        7,
        "a command line was read for every process"
    );
}

fn http_get(url: &str) -> String {
    // No HTTP client among the CLI's dependencies: a plain HTTP/1.1 GET over loopback.
    let url = url.strip_prefix("http://").unwrap();
    let (authority, path) = url.split_once('/').unwrap();
    let mut stream = TcpStream::connect(authority).unwrap();
    write!(
        stream,
        "GET /{path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    body.to_string()
}

#[test]
fn the_sweep_recognises_a_secret_in_each_encoding() {
    assert_eq!(base64_encode(b"Man"), "TWFu");
    assert_eq!(base64_encode(b"Ma"), "TWE");
    assert_eq!(base64_decode("TWFu"), b"Man");
    let secret = "pw/with space";
    let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
    for written in [
        format!("log: {secret}\n"),
        format!("key={hex};"),
        format!("x {} y", base64_encode(secret.as_bytes())),
        "url?p=pw%2Fwith%20space".to_string(),
    ] {
        assert!(
            forms(secret)
                .iter()
                .any(|f| contains(written.as_bytes(), f)),
            "{written}"
        );
    }
    assert!(!forms(secret).iter().any(|f| contains(b"nothing to see", f)));
}
