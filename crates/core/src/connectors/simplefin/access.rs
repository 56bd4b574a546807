//! The Access URL: decoding a setup token, claiming it once, and keeping the result as a
//! secret whose credentials become a Basic `Authorization` header (never a URL in a log).

use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use reqwest::Url;
use zeroize::Zeroizing;

use super::SimpleFinOptions;
use crate::connectors::http::HttpClient;
use crate::sync::ConnectorError;

/// The claim URL inside a setup token, or a message saying why the text is not one.
pub fn decode_setup_token(token: &str) -> Result<Url, String> {
    let text: String = token.chars().filter(|c| !c.is_whitespace()).collect();
    if text.is_empty() {
        return Err("the setup token is empty".into());
    }
    if text.starts_with("http://") || text.starts_with("https://") {
        return Err(
            "this is a web address, not a setup token: paste the setup token the \
                    SimpleFIN Bridge showed (a long string of letters and digits)"
                .into(),
        );
    }
    let lenient =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let bytes = GeneralPurpose::new(&base64::alphabet::STANDARD, lenient)
        .decode(&text)
        .or_else(|_| GeneralPurpose::new(&base64::alphabet::URL_SAFE, lenient).decode(&text))
        .or_else(|_| STANDARD.decode(&text))
        .or_else(|_| URL_SAFE.decode(&text))
        .map_err(|_| "this is not a SimpleFIN setup token (it is not Base64 text)".to_string())?;
    let decoded = String::from_utf8(bytes).map_err(|_| {
        "this is not a SimpleFIN setup token (it does not decode to a web address)".to_string()
    })?;
    let url = Url::parse(decoded.trim()).map_err(|_| {
        "this is not a SimpleFIN setup token (it does not decode to a web address)".to_string()
    })?;
    if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
        return Err(
            "this is not a SimpleFIN setup token (it does not decode to a web address)".into(),
        );
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
}

/// Claims a setup token (`POST` to its claim URL, once) and returns the Access URL to store.
pub async fn claim(
    setup_token: &str,
    options: &SimpleFinOptions,
) -> Result<Zeroizing<String>, ConnectorError> {
    let institution = options.institution.as_str();
    let refused = |detail: &str| ConnectorError::Refused {
        institution: institution.into(),
        detail: detail.into(),
    };
    let url = decode_setup_token(setup_token).map_err(|m| refused(&m))?;
    if url.scheme() != "https" && !is_loopback(&url) {
        return Err(refused(
            "the setup token points to an address without https; refusing to claim it",
        ));
    }
    let http = HttpClient::new(
        &url.origin().ascii_serialization(),
        options.retry,
        options.breaker,
    )
    .map_err(|e| e.into_connector(institution))?;
    let result = http
        .call(
            "claim",
            |c| {
                c.post(url.clone())
                    .header(reqwest::header::CONTENT_LENGTH, "0")
            },
            |body| {
                Ok(Zeroizing::new(
                    String::from_utf8_lossy(body).trim().to_string(),
                ))
            },
        )
        .await;
    let text = match result {
        Ok(t) => t,
        Err(e) if e.status_code().is_some_and(|(s, _)| s == 403) => {
            return Err(refused(
                "this setup token was already used or is not valid; create a new one at the SimpleFIN Bridge",
            ))
        }
        Err(e) => return Err(e.into_connector(institution)),
    };
    AccessUrl::parse(&text).map_err(|_| ConnectorError::Malformed {
        institution: institution.into(),
        at: "claim".into(),
        detail: "the answer is not an Access URL with credentials".into(),
    })?;
    Ok(text)
}

/// An Access URL split into its base (no credentials) and Basic credentials. `Debug` redacts.
pub struct AccessUrl {
    base: Url,
    user: Zeroizing<String>,
    password: Zeroizing<String>,
}

impl std::fmt::Debug for AccessUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AccessUrl({}, <credentials redacted>)", self.base)
    }
}

impl AccessUrl {
    /// Parses `scheme://user:pass@host/path`; https only, except on this computer.
    pub fn parse(text: &str) -> Result<AccessUrl, &'static str> {
        let mut url = Url::parse(text.trim()).map_err(|_| "not a URL")?;
        if !matches!(url.scheme(), "https" | "http")
            || (url.scheme() == "http" && !is_loopback(&url))
        {
            return Err("not an https URL");
        }
        let decode = |s: &str| percent_decode(s).ok_or("bad credentials");
        let user = Zeroizing::new(decode(url.username())?);
        let password = Zeroizing::new(decode(url.password().ok_or("no credentials")?)?);
        if user.is_empty() {
            return Err("no credentials");
        }
        url.set_username("").map_err(|_| "bad URL")?;
        url.set_password(None).map_err(|_| "bad URL")?;
        url.set_query(None);
        url.set_fragment(None);
        Ok(AccessUrl {
            base: url,
            user,
            password,
        })
    }

    /// `{base}/{path}` without credentials.
    pub fn endpoint(&self, path: &str) -> Url {
        let mut url = self.base.clone();
        let joined = format!(
            "{}/{}",
            url.path().trim_end_matches('/'),
            path.trim_start_matches('/')
        );
        url.set_path(&joined);
        url
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn password(&self) -> &str {
        &self.password
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setup_tokens_decode_or_say_why_not() {
        let token = STANDARD.encode("https://bridge.example/simplefin/claim/abc");
        assert_eq!(
            decode_setup_token(&token).unwrap().as_str(),
            "https://bridge.example/simplefin/claim/abc"
        );
        assert!(decode_setup_token("https://x.example")
            .unwrap_err()
            .contains("not a setup token"));
        assert!(decode_setup_token("!!!")
            .unwrap_err()
            .contains("not Base64"));
        assert!(decode_setup_token(&STANDARD.encode("hello"))
            .unwrap_err()
            .contains("web address"));
    }

    #[test]
    fn access_url_strips_credentials_and_redacts() {
        let a = AccessUrl::parse("https://u%40x:s3cr3t@bridge.example/simplefin").unwrap();
        assert_eq!(a.user(), "u@x");
        assert_eq!(
            a.endpoint("accounts").as_str(),
            "https://bridge.example/simplefin/accounts"
        );
        assert!(!format!("{a:?}").contains("s3cr3t"));
        assert!(AccessUrl::parse("http://u:p@bridge.example/s").is_err());
        assert!(AccessUrl::parse("https://bridge.example/s").is_err());
    }
}
