//! `coffer report … --svg FILE --png FILE` and `coffer export … --csv FILE` over a vault synced
//! from the sandbox bank: every chart as SVG and PNG (a real PNG of the chart's size), a report
//! without a chart refused with a usage error, and an export with its header and every row.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

fn coffer() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_coffer"));
    cmd.env_remove("COFFER_VAULT");
    cmd
}

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = coffer()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

struct Sandbox(Child);

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn synced_vault(path: &Path) -> Sandbox {
    let mut child = coffer()
        .args([
            "sandbox",
            "serve",
            "--cards",
            "2",
            "--savings",
            "1",
            "--cds",
            "2",
            "--months",
            "6",
            "--tx-per-month",
            "30",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut base = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut base)
        .unwrap();
    let sandbox = Sandbox(child);
    let api = format!("{}/api/v1/barclays-us", base.trim());
    let v = path.to_str().unwrap();
    for (args, stdin) in [
        (vec!["init"], "pw\n"),
        (
            vec!["link", "issuer", "--url", &api],
            "pw\ndemo\ndemo\n123456\n",
        ),
        (vec!["sync"], "pw\n"),
    ] {
        let mut all = vec!["--vault", v, "--passphrase-stdin"];
        all.extend(args);
        let out = run(&all, stdin);
        assert!(
            out.status.success(),
            "{all:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    sandbox
}

#[test]
fn every_chart_as_svg_and_png_and_every_row_exported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let _sandbox = synced_vault(&path);
    let v = path.to_str().unwrap();
    for kind in ["networth", "spend", "fico", "rewards", "cds"] {
        let svg = dir.path().join(format!("{kind}.svg"));
        let png = dir.path().join(format!("{kind}.png"));
        let out = run(
            &[
                "--vault",
                v,
                "--passphrase-stdin",
                "report",
                kind,
                "--svg",
                svg.to_str().unwrap(),
                "--png",
                png.to_str().unwrap(),
            ],
            "pw\n",
        );
        assert!(
            out.status.success(),
            "report {kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
        let bytes = std::fs::read(&png).unwrap();
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{kind}.png");
        // IHDR: width and height, big-endian, at bytes 16..24.
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        assert_eq!((width, height), (800, 480), "{kind}.png size");
    }
    let png = dir.path().join("recurring.png");
    let out = run(
        &[
            "--vault",
            v,
            "--passphrase-stdin",
            "report",
            "recurring",
            "--png",
            png.to_str().unwrap(),
        ],
        "pw\n",
    );
    assert!(!out.status.success(), "recurring has no chart");
    assert!(!png.exists());

    let csv = dir.path().join("t.csv");
    let out = run(
        &[
            "--vault",
            v,
            "--passphrase-stdin",
            "export",
            "transactions",
            "--csv",
            csv.to_str().unwrap(),
        ],
        "pw\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
    assert!(lines
        .next()
        .unwrap()
        .starts_with("id,account_id,account,source_id,status,transacted_on,posted_on,amount,"));
    let rows = lines.count();
    assert!(rows > 100, "{rows} rows exported");
}
