//! The two edges of FDX sign-in that touch the user's machine: the default OAuth issuer of an
//! FDX API (its origin) and handing the authorization address to the system browser.

/// `scheme://host[:port]` of a URL: the OAuth issuer an FDX API has when none is given.
pub fn issuer_origin(url: &str) -> String {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    let end = url[after_scheme..]
        .find('/')
        .map(|i| after_scheme + i)
        .unwrap_or(url.len());
    url[..end].to_string()
}

/// Opens `url` in the system browser (`COFFER_BROWSER` if set, else the platform's opener).
/// Failing to open it is not an error: every caller also shows the address. The address holds
/// the PKCE challenge and state, never the verifier or a token.
pub fn open_system_browser(url: &str) {
    let opener = std::env::var("COFFER_BROWSER").unwrap_or_else(|_| {
        if cfg!(target_os = "macos") {
            "open".into()
        } else if cfg!(windows) {
            "explorer".into()
        } else {
            "xdg-open".into()
        }
    });
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issuer_of_an_fdx_api_is_its_origin() {
        assert_eq!(
            issuer_origin("http://127.0.0.1:9/fdx/v6"),
            "http://127.0.0.1:9"
        );
        assert_eq!(
            issuer_origin("https://bank.example"),
            "https://bank.example"
        );
    }
}
