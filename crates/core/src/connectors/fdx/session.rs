//! The signed-in session of a sync: the access token, quiet refresh on `401` (once per request;
//! a second `401` means sign in again), and rotated refresh tokens queued for storing at once.

use reqwest::Url;
use serde::de::DeserializeOwned;
use zeroize::Zeroizing;

use super::api::{describe, Api};
use super::{oauth, SECRET_ACCESS_TOKEN, SECRET_REFRESH_TOKEN};
use crate::connectors::http::HttpError;
use crate::sync::ConnectorError;

pub use crate::connectors::flow::Flow;

/// Holds tokens; no `Debug`.
pub struct Session {
    pub api: Api,
    access: Option<Zeroizing<String>>,
    refresh: Option<Zeroizing<String>>,
    token_url: Option<String>,
    client_id: String,
    pending: Vec<(String, Zeroizing<Vec<u8>>)>,
    /// Set by a refresh; cleared by the next successful request.
    just_refreshed: bool,
}

impl Session {
    pub fn new(
        api: Api,
        access: Option<Zeroizing<String>>,
        refresh: Option<Zeroizing<String>>,
        token_url: Option<String>,
        client_id: String,
    ) -> Self {
        Session {
            api,
            access,
            refresh,
            token_url,
            client_id,
            pending: Vec::new(),
            just_refreshed: false,
        }
    }

    /// Rotated secrets to persist before anything else happens.
    pub fn take_secrets(&mut self) -> Vec<(String, Zeroizing<Vec<u8>>)> {
        std::mem::take(&mut self.pending)
    }

    pub async fn get<T: DeserializeOwned>(
        &mut self,
        url: &Url,
        query: &[(&str, String)],
        what: &str,
    ) -> Result<T, Flow> {
        let token = self.token().await?;
        let result = self.api.get_json(url, query, &token).await;
        self.settle(result, what).await
    }

    pub async fn pdf(&mut self, url: &Url, what: &str) -> Result<Vec<u8>, Flow> {
        let token = self.token().await?;
        let result = self.api.get_pdf(url, &token).await;
        self.settle(result, what).await
    }

    async fn token(&mut self) -> Result<Zeroizing<String>, Flow> {
        match &self.access {
            Some(t) => Ok(t.clone()),
            None => {
                self.refresh().await?;
                Err(Flow::Refreshed)
            }
        }
    }

    async fn settle<T>(&mut self, result: Result<T, HttpError>, what: &str) -> Result<T, Flow> {
        match result {
            Ok(v) => {
                self.just_refreshed = false;
                Ok(v)
            }
            Err(e) if e.status_code().is_some_and(|(s, _)| s == 401) => {
                self.access = None;
                if self.just_refreshed {
                    return Err(Flow::Fail(
                        self.reauth("the server refused a freshly renewed sign-in"),
                    ));
                }
                self.refresh().await?;
                Err(Flow::Refreshed)
            }
            Err(e) => {
                self.just_refreshed = false;
                Err(Flow::Fail(describe(e, &self.api.institution, what)))
            }
        }
    }

    fn reauth(&self, reason: &str) -> ConnectorError {
        ConnectorError::ReauthRequired {
            institution: self.api.institution.clone(),
            reason: reason.into(),
        }
    }

    async fn refresh(&mut self) -> Result<(), ConnectorError> {
        let (Some(refresh), Some(token_url)) = (self.refresh.take(), self.token_url.clone()) else {
            return Err(self.reauth("no saved sign-in for this connection"));
        };
        let grant =
            oauth::refresh(&token_url, &self.client_id, &refresh, &self.api.institution).await?;
        self.pending
            .retain(|(n, _)| n != SECRET_REFRESH_TOKEN && n != SECRET_ACCESS_TOKEN);
        let rotated = grant.refresh_token.clone().unwrap_or(refresh);
        self.pending.push((
            SECRET_REFRESH_TOKEN.into(),
            Zeroizing::new(rotated.as_bytes().to_vec()),
        ));
        self.pending.push((
            SECRET_ACCESS_TOKEN.into(),
            Zeroizing::new(grant.access_token.as_bytes().to_vec()),
        ));
        self.refresh = Some(rotated);
        self.access = Some(grant.access_token.clone());
        self.just_refreshed = true;
        Ok(())
    }
}
