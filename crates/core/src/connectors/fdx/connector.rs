//! [`FdxConnector`]: the sync plan as a queue of steps — accounts (and details where the list is
//! lightweight), then per account its transactions and statements — one batch per page or
//! statement, only within the granted scopes, rotated secrets handed out first.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use chrono::{NaiveDate, Utc};

use super::api::Api;
use super::listing::{Ledger, Paging, TxListing};
use super::session::{Flow, Session};
use super::statements::{AccountFacts, StatementsStep};
use super::*;
use crate::sync::{Batch, Connector, ConnectorError, ConnectorState};

pub(super) enum Step {
    Denied,
    Accounts(Paging),
    Detail(String),
    Transactions(Box<TxListing>),
    Statements(Box<StatementsStep>),
}

/// A pull from an FDX v6 resource server. Build it per sync from the connection's saved state.
pub struct FdxConnector {
    pub(super) session: Session,
    pub(super) institution: String,
    pub(super) scopes: HashSet<String>,
    pub(super) cursors: HashMap<String, String>,
    pub(super) plan: VecDeque<Step>,
    pub(super) facts: BTreeMap<String, AccountFacts>,
    pub(super) ledgers: HashMap<String, Ledger>,
    pub(super) options: FdxOptions,
    pub(super) today: NaiveDate,
}

impl FdxConnector {
    /// A connector with default retries, breaker and overlap; `base_url` ends in `/fdx/v6`.
    pub fn new(
        base_url: &str,
        institution: &str,
        state: ConnectorState,
    ) -> Result<FdxConnector, ConnectorError> {
        let options = FdxOptions {
            institution: institution.to_string(),
            ..FdxOptions::default()
        };
        FdxConnector::with_options(base_url, options, state)
    }

    pub fn with_options(
        base_url: &str,
        options: FdxOptions,
        state: ConnectorState,
    ) -> Result<FdxConnector, ConnectorError> {
        let api = Api::new(base_url, &options)?;
        let text = |name: &str| state.secret_text(name);
        let session = Session::new(
            api,
            text(SECRET_ACCESS_TOKEN),
            text(SECRET_REFRESH_TOKEN),
            text(SECRET_TOKEN_URL).map(|s| s.to_string()),
            text(SECRET_CLIENT_ID)
                .map(|s| s.to_string())
                .unwrap_or_default(),
        );
        let scopes: HashSet<String> = state.scopes.into_iter().collect();
        let first =
            if scopes.contains(SCOPE_ACCOUNT_BASIC) || scopes.contains(SCOPE_ACCOUNT_DETAILED) {
                Step::Accounts(Paging::default())
            } else {
                Step::Denied
            };
        Ok(FdxConnector {
            session,
            institution: options.institution.clone(),
            scopes,
            cursors: state.cursors,
            plan: VecDeque::from([first]),
            facts: BTreeMap::new(),
            ledgers: HashMap::new(),
            options,
            today: Utc::now().date_naive(),
        })
    }

    /// True when the connection was granted `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.contains(scope)
    }

    pub(super) fn label_of(&self, account: &str) -> String {
        self.facts
            .get(account)
            .map(|f| f.label.clone())
            .unwrap_or_else(|| account.to_string())
    }

    pub(super) fn malformed(&self, at: String, detail: String) -> Flow {
        Flow::Fail(ConnectorError::Malformed {
            institution: self.institution.clone(),
            at,
            detail,
        })
    }
}

impl Connector for FdxConnector {
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
                Ok((batch, done)) => {
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
