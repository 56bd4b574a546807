//! Stable, always-run robustness harness for the OFX and CSV parsers (cargo-fuzz needs nightly;
//! see fuzz/README.md for the coverage-guided targets). Thousands of deterministic mutations of
//! the hand-written fixtures — bit flips, truncations, splices, inserted markup and bytes — go
//! through both parsers; none may panic, and the whole run must finish in seconds.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use coffer_core::connectors::csv::{self, CsvAccount};
use coffer_core::connectors::ofx;
use coffer_core::Currency;

/// A small deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn fixtures(dir: &str) -> Vec<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&path)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"<STMTTRN>",
    b"</STMTTRN>",
    b"<OFX>",
    b"</OFX>",
    b"<TRNAMT>",
    b"<FITID>",
    b"&amp;",
    b"&#x110000;",
    b"<!--",
    b"<?",
    b"[-5:EST]",
    b"[+99.99:X]",
    b"\"",
    b",",
    b";",
    b"\r\n",
    b"\n\n",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xe9",
    b"-",
    b"9999999999999999999999999999999",
    b"CORRECTACTION",
    b"DEBIT",
];

const MAX_LEN: usize = 64 * 1024;

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seeds[rng.below(seeds.len())].clone();
    for _ in 0..=rng.below(4) {
        let len = data.len();
        match rng.below(7) {
            0 if len > 0 => {
                let at = rng.below(len);
                data[at] ^= 1 << rng.below(8);
            }
            1 => data.truncate(rng.below(len + 1)),
            2 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len());
                let to = from + rng.below(other.len() - from + 1);
                let at = rng.below(len + 1);
                data.splice(at..at, other[from..to].iter().copied());
            }
            3 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                let at = rng.below(len + 1);
                data.splice(at..at, token.iter().copied());
            }
            4 if len > 0 => {
                let from = rng.below(len);
                let to = (from + rng.below(64)).min(len);
                data.drain(from..to);
            }
            5 => {
                let at = rng.below(len + 1);
                let bytes: Vec<u8> = (0..rng.below(16)).map(|_| rng.next() as u8).collect();
                data.splice(at..at, bytes);
            }
            _ if len > 0 => {
                // Repeat a slice: deep nesting and long runs.
                let from = rng.below(len);
                let to = (from + rng.below(32)).min(len);
                let piece = data[from..to].to_vec();
                for _ in 0..rng.below(200) {
                    data.splice(from..from, piece.iter().copied());
                }
            }
            _ => {}
        }
        data.truncate(MAX_LEN);
    }
    data
}

fn run(iterations: usize, seed: u64, seeds: &[Vec<u8>], parse: impl Fn(&[u8])) -> Duration {
    let mut rng = Rng(seed);
    let start = Instant::now();
    for _ in 0..iterations {
        let input = mutate(&mut rng, seeds);
        let one = Instant::now();
        parse(&input);
        assert!(
            one.elapsed() < Duration::from_secs(1),
            "one input took {:?}: {:?}",
            one.elapsed(),
            String::from_utf8_lossy(&input)
        );
    }
    start.elapsed()
}

fn parse_csv(bytes: &[u8]) {
    let account = CsvAccount {
        source_id: Some("acct".into()),
        currency: Currency::USD,
    };
    let _ = csv::detect(bytes);
    let _ = csv::parse_known(bytes, &account);
}

#[test]
fn ofx_parser_survives_mutated_fixtures() {
    let seeds = fixtures("ofx");
    let took = run(10_000, 0x0F0F_2024, &seeds, |b| {
        let _ = ofx::parse(b);
    });
    assert!(took < Duration::from_secs(20), "{took:?}");
}

#[test]
fn csv_parser_survives_mutated_fixtures() {
    let seeds = fixtures("csv");
    let took = run(10_000, 0xC5C5_2024, &seeds, parse_csv);
    assert!(took < Duration::from_secs(20), "{took:?}");
}

#[test]
fn pathological_inputs_are_refused_quickly() {
    let deep = "<OFX>".repeat(100_000);
    assert!(ofx::parse(deep.as_bytes())
        .unwrap_err()
        .to_string()
        .contains("nested too deeply"));
    let many = format!("<OFX>{}</OFX>", "<A>1".repeat(200_000));
    assert!(ofx::parse(many.as_bytes()).is_ok_and(|p| p.statements.is_empty()));
    let limits = ofx::OfxLimits {
        max_bytes: 10,
        ..ofx::OfxLimits::default()
    };
    assert!(ofx::parse_with_limits(b"<OFX></OFX> padding", limits).is_err());
    let quotes = "\"".repeat(100_000);
    parse_csv(quotes.as_bytes());
    parse_csv(&[0u8; 100_000]);
}
