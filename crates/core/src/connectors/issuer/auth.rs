//! Signing in: password + device binding, the OTP challenge, and refresh-token rotation.

use std::fmt;

use serde::Deserialize;
use zeroize::Zeroizing;

use super::api::Api;
use super::wire::TokenGrant;
use super::{IssuerOptions, SECRET_ACCESS_TOKEN, SECRET_DEVICE_ID, SECRET_REFRESH_TOKEN};
use crate::connectors::http::{sanitize_text, HttpError};
use crate::sync::{ConnectorError, ConnectorState};

/// The challenge the server answered the first login call with (no secret in it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct OtpChallenge {
    /// `otp`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Where the code was sent, e.g. `sms`.
    #[serde(default)]
    pub channel: Option<String>,
    /// Digits in the code.
    #[serde(default)]
    pub length: Option<u32>,
    /// A masked destination, e.g. `***-***-0147`.
    #[serde(default)]
    pub hint: Option<String>,
}

/// A successful login: granted scopes and the secrets to store for the connection.
pub struct LoginOutcome {
    pub scopes: Vec<String>,
    /// `refresh_token` and `device_id`, to store in the vault.
    pub secrets: Vec<(String, Zeroizing<Vec<u8>>)>,
    /// Short-lived; may be handed to the first sync (as the `access_token` secret).
    pub access_token: Zeroizing<String>,
    pub expires_in: Option<u64>,
}

impl fmt::Debug for LoginOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.secrets.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("LoginOutcome")
            .field("scopes", &self.scopes)
            .field("secrets", &names)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

impl LoginOutcome {
    /// The state a first sync starts from: no cursors, these secrets (and the access token).
    pub fn into_state(self) -> ConnectorState {
        let mut secrets: std::collections::HashMap<_, _> = self.secrets.into_iter().collect();
        secrets.insert(
            SECRET_ACCESS_TOKEN.to_string(),
            Zeroizing::new(self.access_token.as_bytes().to_vec()),
        );
        ConnectorState {
            cursors: Default::default(),
            secrets,
            scopes: self.scopes,
        }
    }
}

/// Logs in with the default options ("Barclays US", default retries and breaker).
pub async fn login(
    api_url: &str,
    username: &str,
    password: &str,
    device_id: Option<&str>,
    requested_scopes: Option<&[String]>,
    otp: impl FnOnce(&OtpChallenge) -> Result<String, ConnectorError>,
) -> Result<LoginOutcome, ConnectorError> {
    let options = IssuerOptions::default();
    login_with(
        &options,
        api_url,
        username,
        password,
        device_id,
        requested_scopes,
        otp,
    )
    .await
}

/// Logs in: a first call without `challenge`, the OTP from `otp`, a second call with it.
/// A new random device id is made when none is given; it is returned among the secrets.
pub async fn login_with(
    options: &IssuerOptions,
    api_url: &str,
    username: &str,
    password: &str,
    device_id: Option<&str>,
    requested_scopes: Option<&[String]>,
    otp: impl FnOnce(&OtpChallenge) -> Result<String, ConnectorError>,
) -> Result<LoginOutcome, ConnectorError> {
    let api = Api::new(api_url, options)?;
    let inst = api.institution.clone();
    let device = match device_id {
        Some(d) => Zeroizing::new(d.to_string()),
        None => new_device_id(&inst)?,
    };
    let body = |challenge: Option<&str>| -> Zeroizing<Vec<u8>> {
        let mut v = serde_json::json!({
            "username": username,
            "password": password,
            "device": {"id": device.as_str(), "biometric": false},
        });
        if let Some(c) = challenge {
            v["challenge"] = c.into();
        }
        if let Some(scopes) = requested_scopes {
            v["scopes"] = scopes.into();
        }
        let bytes = Zeroizing::new(serde_json::to_vec(&v).unwrap_or_default());
        zeroize_value(v);
        bytes
    };
    let grant = match api.post::<TokenGrant>("auth/login", &body(None)).await {
        Ok(grant) => grant, // the server did not ask for a second factor
        Err(e) => match e.status_code() {
            Some((401, "challenge_required")) => {
                let challenge = challenge_of(&e);
                let code = Zeroizing::new(otp(&challenge)?);
                let answer = Zeroizing::new(format!("otp:{}", code.trim()));
                api.post::<TokenGrant>("auth/login", &body(Some(&answer)))
                    .await
                    .map_err(|e| login_error(e, &inst))?
            }
            _ => return Err(login_error(e, &inst)),
        },
    };
    let TokenGrant {
        access_token,
        refresh_token,
        expires_in,
        scopes,
    } = grant;
    Ok(LoginOutcome {
        scopes,
        secrets: vec![
            (
                SECRET_REFRESH_TOKEN.into(),
                Zeroizing::new(refresh_token.into_bytes()),
            ),
            (
                SECRET_DEVICE_ID.into(),
                Zeroizing::new(device.as_bytes().to_vec()),
            ),
        ],
        access_token: Zeroizing::new(access_token),
        expires_in,
    })
}

fn zeroize_value(v: serde_json::Value) {
    if let serde_json::Value::Object(map) = v {
        for (_, value) in map {
            match value {
                serde_json::Value::String(s) => drop(Zeroizing::new(s)),
                other => zeroize_value(other),
            }
        }
    }
}

fn challenge_of(e: &HttpError) -> OtpChallenge {
    let HttpError::Status { body: Some(b), .. } = e else {
        return OtpChallenge::default();
    };
    let mut c: OtpChallenge = b
        .get("challenge")
        .and_then(|c| serde_json::from_value(c.clone()).ok())
        .unwrap_or_default();
    c.hint = c.hint.as_deref().map(sanitize_text);
    c.channel = c.channel.as_deref().map(sanitize_text);
    c
}

fn login_error(e: HttpError, institution: &str) -> ConnectorError {
    let refused = |detail: &str| ConnectorError::Refused {
        institution: institution.to_string(),
        detail: detail.to_string(),
    };
    match e.status_code() {
        Some((401, "invalid_credentials")) => refused("the username or password was not accepted"),
        Some((401, "invalid_otp")) => refused("the one-time code was not accepted"),
        Some((401, "challenge_required")) => refused("the server asked for another one-time code"),
        _ => e.into_connector(institution),
    }
}

fn new_device_id(institution: &str) -> Result<Zeroizing<String>, ConnectorError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|_| ConnectorError::Refused {
        institution: institution.to_string(),
        detail: "no randomness available for a device id".into(),
    })?;
    Ok(Zeroizing::new(format!("coffer-{}", hex::encode(bytes))))
}

/// New tokens from a refresh token. The old refresh token is dead once this succeeds.
pub async fn refresh(api: &Api, refresh_token: &str) -> Result<TokenGrant, ConnectorError> {
    let body = Zeroizing::new(
        serde_json::to_vec(&serde_json::json!({ "refresh_token": refresh_token }))
            .unwrap_or_default(),
    );
    api.post::<TokenGrant>("auth/refresh", &body)
        .await
        .map_err(|e| match e.status_code() {
            Some((401, _)) | Some((400, "invalid_grant")) | Some((403, "step_up_required")) => {
                ConnectorError::ReauthRequired {
                    institution: api.institution.clone(),
                    reason: if e.status_code().is_some_and(|(s, _)| s == 403) {
                        "the bank asks for a new sign-in with a one-time code".into()
                    } else {
                        "the saved sign-in is no longer valid".into()
                    },
                }
            }
            _ => e.into_connector(&api.institution),
        })
}
