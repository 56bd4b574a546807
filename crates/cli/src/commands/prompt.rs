//! Asking the person at the terminal (or reading lines from stdin when it is not a terminal).

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{bail, Context as _, Result};
use zeroize::Zeroizing;

use crate::exit::BadInput;

/// Reads one answer: prompts on a terminal (hidden input for secrets), else the next stdin line.
pub fn ask(question: &str, secret: bool) -> Result<Zeroizing<String>> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        if secret {
            let answer = rpassword::prompt_password(format!("{question}: "))
                .with_context(|| format!("could not read the {question}"))?;
            return Ok(Zeroizing::new(answer));
        }
        eprint!("{question}: ");
        let _ = std::io::stderr().flush();
    }
    let mut line = Zeroizing::new(String::new());
    let read = stdin
        .lock()
        .read_line(&mut line)
        .with_context(|| format!("could not read the {question}"))?;
    if read == 0 {
        bail!(BadInput(format!(
            "standard input ended before the {question}"
        )));
    }
    let trimmed = line.trim_end_matches(['\n', '\r']).to_string();
    Ok(Zeroizing::new(trimmed))
}
