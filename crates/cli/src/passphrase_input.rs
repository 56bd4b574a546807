//! Reads passphrases from standard input, files or environment variables — never from arguments.
//!
//! Several passphrases can come from one standard input, one per line, in the order the command
//! documents (current, then new or backup).

use std::io::BufRead;
use std::path::Path;

use anyhow::{bail, Context, Result};
use coffer_core::Passphrase;
use zeroize::Zeroizing;

use crate::exit::BadInput;

/// Hands out standard input line by line, so one stream can carry several passphrases.
#[derive(Default)]
pub struct StdinLines {
    lines_read: usize,
}

impl StdinLines {
    pub fn next_passphrase(&mut self, what: &str) -> Result<Passphrase> {
        let mut line = Zeroizing::new(String::new());
        let read = std::io::stdin()
            .lock()
            .read_line(&mut line)
            .with_context(|| format!("could not read the {what} from standard input"))?;
        self.lines_read += 1;
        if read == 0 {
            bail!(BadInput(format!(
                "standard input ended before the {what} (line {})",
                self.lines_read
            )));
        }
        let trimmed = line.trim_end_matches(['\n', '\r']).to_string();
        Passphrase::new(trimmed)
            .with_context(|| format!("the {what} on line {} of standard input", self.lines_read))
    }
}

pub fn from_file(path: &Path, what: &str) -> Result<Passphrase> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("could not open the {what} file {}", path.display()))?;
    Passphrase::read_from(file).with_context(|| format!("the {what} file {}", path.display()))
}

pub fn from_env(name: &str, what: &str) -> Result<Passphrase> {
    let value = std::env::var(name).map_err(|_| {
        BadInput(format!(
            "environment variable {name} (the {what}) is not set"
        ))
    })?;
    Passphrase::new(value).with_context(|| format!("the {what} in {name}"))
}
