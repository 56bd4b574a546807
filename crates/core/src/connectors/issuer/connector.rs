//! [`IssuerConnector`]: the sync plan as a queue of steps, one batch per page or per kind,
//! only within the granted scopes, with rotated secrets handed out before anything else.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use chrono::NaiveDate;

use super::api::Api;
use super::session::{Flow, Session};
use super::steps::{Output, Step};
use super::{IssuerOptions, SECRET_ACCESS_TOKEN, SECRET_REFRESH_TOKEN};
use crate::money::Currency;
use crate::sync::{Batch, Connector, ConnectorError, ConnectorState};

/// What the plan knows of an account once listed.
#[derive(Debug, Clone)]
pub(super) struct AccountInfo {
    pub label: String,
    pub currency: Currency,
}

/// A pull from the issuer API. Build it per sync from the connection's saved state.
pub struct IssuerConnector {
    pub(super) session: Session,
    pub(super) institution: String,
    pub(super) scopes: HashSet<String>,
    pub(super) cursors: HashMap<String, String>,
    pub(super) plan: VecDeque<Step>,
    pub(super) accounts: BTreeMap<String, AccountInfo>,
    pub(super) as_of: Option<NaiveDate>,
    pub(super) page_limit: Option<u32>,
}

impl IssuerConnector {
    /// A connector with default retries and breaker.
    pub fn new(
        api_url: &str,
        institution: &str,
        state: ConnectorState,
    ) -> Result<IssuerConnector, ConnectorError> {
        let options = IssuerOptions {
            institution: institution.to_string(),
            ..IssuerOptions::default()
        };
        IssuerConnector::with_options(api_url, options, state)
    }

    pub fn with_options(
        api_url: &str,
        options: IssuerOptions,
        state: ConnectorState,
    ) -> Result<IssuerConnector, ConnectorError> {
        let api = Api::new(api_url, &options)?;
        let text = |name: &str| state.secret_text(name);
        let session = Session::new(api, text(SECRET_ACCESS_TOKEN), text(SECRET_REFRESH_TOKEN));
        let scopes: HashSet<String> = state.scopes.into_iter().collect();
        let plan = Step::initial_plan(|s| scopes.contains(s), &state.cursors);
        Ok(IssuerConnector {
            session,
            institution: options.institution,
            scopes,
            cursors: state.cursors,
            plan,
            accounts: BTreeMap::new(),
            as_of: None,
            page_limit: options.page_limit,
        })
    }

    /// True while this institution's circuit breaker fails calls fast.
    pub fn circuit_open(&self) -> bool {
        self.session.api.circuit_open()
    }

    /// True when the connection was granted `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.contains(scope)
    }

    /// Refuses (without a request) an endpoint outside the granted scopes.
    pub(super) fn require(&self, scope: &str) -> Result<(), Flow> {
        if self.has_scope(scope) {
            Ok(())
        } else {
            Err(Flow::Fail(ConnectorError::NotPermitted {
                institution: self.institution.clone(),
                what: scope.to_string(),
            }))
        }
    }

    /// Records a cursor in the batch and in the plan's view of saved cursors.
    pub(super) fn advance(&mut self, batch: &mut Batch, stream: String, cursor: String) {
        self.cursors.insert(stream.clone(), cursor.clone());
        batch.cursors.push((stream, cursor));
    }

    pub(super) fn label_of(&self, account: &str) -> String {
        self.accounts
            .get(account)
            .map(|a| a.label.clone())
            .unwrap_or_else(|| account.to_string())
    }

    pub(super) fn currency_of(&self, account: &str) -> Currency {
        self.accounts
            .get(account)
            .map(|a| a.currency)
            .unwrap_or(Currency::USD)
    }
}

impl Connector for IssuerConnector {
    async fn next_batch(&mut self) -> Result<Option<Batch>, ConnectorError> {
        loop {
            let secrets = self.session.take_secrets();
            if !secrets.is_empty() {
                let mut batch = Batch::labelled(format!("{}: sign-in renewed", self.institution));
                batch.secrets = secrets;
                return Ok(Some(batch));
            }
            let Some(mut step) = self.plan.pop_front() else {
                return Ok(None);
            };
            match self.run(&mut step).await {
                Ok(Output { batch, done }) => {
                    if !done {
                        self.plan.push_front(step);
                    }
                    if let Some(batch) = batch {
                        return Ok(Some(batch));
                    }
                }
                Err(Flow::Refreshed) => self.plan.push_front(step),
                Err(Flow::Fail(e)) => {
                    self.plan.push_front(step);
                    return Err(e);
                }
            }
        }
    }
}
