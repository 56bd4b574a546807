//! The signed-in session of a sync: the access token, the rotating refresh token, quiet refresh
//! on `401 token_expired`, and `403 step_up_required` turned into "sign in again".

use serde::de::DeserializeOwned;
use zeroize::Zeroizing;

use super::api::Api;
use super::{auth, SECRET_REFRESH_TOKEN};
use crate::connectors::http::HttpError;
use crate::sync::ConnectorError;

pub use crate::connectors::flow::Flow;

/// Holds tokens; no `Debug`.
pub struct Session {
    pub api: Api,
    access: Option<Zeroizing<String>>,
    refresh: Option<Zeroizing<String>>,
    /// Rotated secrets not yet handed out in a batch.
    pending: Vec<(String, Zeroizing<Vec<u8>>)>,
    /// Refreshes since the last successful request (a guard against refresh loops).
    refreshes_without_progress: u32,
}

impl Session {
    pub fn new(
        api: Api,
        access: Option<Zeroizing<String>>,
        refresh: Option<Zeroizing<String>>,
    ) -> Self {
        Session {
            api,
            access,
            refresh,
            pending: Vec::new(),
            refreshes_without_progress: 0,
        }
    }

    /// Secrets to persist before anything else happens.
    pub fn take_secrets(&mut self) -> Vec<(String, Zeroizing<Vec<u8>>)> {
        std::mem::take(&mut self.pending)
    }

    pub async fn get<T: DeserializeOwned>(
        &mut self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, Flow> {
        let token = self.token().await?;
        let result = self.api.get(path, query, &token).await;
        self.settle(result).await
    }

    pub async fn pdf(&mut self, path: &str) -> Result<Vec<u8>, Flow> {
        let token = self.token().await?;
        let result = self.api.get_pdf(path, &token).await;
        self.settle(result).await
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

    async fn settle<T>(&mut self, result: Result<T, HttpError>) -> Result<T, Flow> {
        let error = match result {
            Ok(v) => {
                self.refreshes_without_progress = 0;
                return Ok(v);
            }
            Err(e) => e,
        };
        match error.status_code() {
            Some((401, "token_expired" | "invalid_token")) => {
                self.access = None;
                self.refresh().await?;
                Err(Flow::Refreshed)
            }
            Some((403, "step_up_required")) => Err(Flow::Fail(
                self.reauth("the bank asks for a new sign-in with a one-time code"),
            )),
            _ => Err(Flow::Fail(error.into_connector(&self.api.institution))),
        }
    }

    fn reauth(&self, reason: &str) -> ConnectorError {
        ConnectorError::ReauthRequired {
            institution: self.api.institution.clone(),
            reason: reason.into(),
        }
    }

    /// Exchanges the refresh token; the rotated one is queued for persisting at once.
    async fn refresh(&mut self) -> Result<(), ConnectorError> {
        self.refreshes_without_progress += 1;
        if self.refreshes_without_progress > 3 {
            return Err(self.reauth("fresh tokens were not accepted"));
        }
        // Kept until the server answers: a transient failure leaves it usable for a retry.
        let Some(refresh) = self.refresh.clone() else {
            return Err(self.reauth("no saved sign-in for this connection"));
        };
        let grant = auth::refresh(&self.api, &refresh).await?;
        let super::wire::TokenGrant {
            access_token,
            refresh_token,
            ..
        } = grant;
        let refresh_token = Zeroizing::new(refresh_token);
        self.pending
            .retain(|(name, _)| name != SECRET_REFRESH_TOKEN);
        self.pending.push((
            SECRET_REFRESH_TOKEN.into(),
            Zeroizing::new(refresh_token.as_bytes().to_vec()),
        ));
        self.refresh = Some(refresh_token);
        self.access = Some(Zeroizing::new(access_token));
        Ok(())
    }
}
