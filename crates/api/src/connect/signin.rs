//! Sign-ins with a second step: the card issuer (the one-time code) and FDX (the browser
//! sign-in coming back on the loopback redirect). Each runs on a thread of its own; the session
//! keeps it under a number the UI echoes back for the second step.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use coffer_core::connectors::{fdx, issuer};
use coffer_core::domain::ConnectionKind;
use coffer_core::sync::ConnectorError;
use zeroize::Zeroizing;

use super::{
    check_url, connector_error, internal, name_or, runtime, FdxFinishRequest, FdxStartRequest,
    FdxStarted, Grant, IssuerChallenge, IssuerCodeRequest, IssuerLoginRequest, LinkResult,
};
use crate::error::{ApiError, ErrorKind};
use crate::Session;

/// How long a sign-in waits for the institution (first step) or for the user (second step).
const FIRST_STEP: Duration = Duration::from_secs(60);
const SECOND_STEP: Duration = Duration::from_secs(300);

enum Step {
    /// The issuer sent a one-time code (carries no secret).
    Challenge(issuer::OtpChallenge),
    /// FDX: the authorization address to open in a browser.
    Browse(String),
    Done(Result<Grant, ConnectorError>),
}

pub(super) struct Waiting {
    kind: ConnectionKind,
    institution: String,
    base_url: String,
    steps: Receiver<Step>,
    /// The issuer's one-time code goes back to the sign-in thread here.
    code: Option<Sender<Zeroizing<String>>>,
}

impl Session {
    pub fn link_issuer_start(
        &self,
        request: IssuerLoginRequest,
    ) -> Result<IssuerChallenge, ApiError> {
        self.ensure_unlocked()?;
        let url = check_url(&request.url)?;
        let institution = name_or(&request.institution, "Card issuer");
        let username = Zeroizing::new(request.username);
        let password = Zeroizing::new(request.password);
        if username.trim().is_empty() || password.is_empty() {
            return Err(ApiError::invalid("Enter your username and password."));
        }
        let (steps_tx, steps) = mpsc::channel::<Step>();
        let (code_tx, code_rx) = mpsc::channel::<Zeroizing<String>>();
        let runtime = runtime()?;
        let thread_url = url.clone();
        let thread_institution = institution.clone();
        std::thread::spawn(move || {
            let challenge_tx = steps_tx.clone();
            let outcome = runtime.block_on(issuer::login(
                &thread_url,
                &username,
                &password,
                None,
                None,
                |challenge| {
                    let _ = challenge_tx.send(Step::Challenge(challenge.clone()));
                    code_rx
                        .recv_timeout(SECOND_STEP)
                        .map(|code| code.trim().to_string())
                        .map_err(|_| ConnectorError::Refused {
                            institution: thread_institution.clone(),
                            detail: "no one-time code was entered in time".into(),
                        })
                },
            ));
            let grant = outcome.map(|login| {
                let mut secrets = login.secrets;
                secrets.push((
                    issuer::SECRET_ACCESS_TOKEN.to_string(),
                    Zeroizing::new(login.access_token.as_bytes().to_vec()),
                ));
                Grant {
                    scopes: login.scopes,
                    secrets,
                }
            });
            let _ = steps_tx.send(Step::Done(grant));
        });
        match next_step(&steps, FIRST_STEP)? {
            Step::Challenge(challenge) => {
                let login_id = self.remember(Waiting {
                    kind: ConnectionKind::Issuer,
                    institution,
                    base_url: url,
                    steps,
                    code: Some(code_tx),
                });
                Ok(IssuerChallenge {
                    login_id,
                    channel: challenge.channel,
                    hint: challenge.hint,
                    length: challenge.length,
                })
            }
            Step::Done(Err(err)) => Err(connector_error(err)),
            _ => Err(ApiError::invalid(
                "The issuer did not ask for a one-time code; Coffer cannot finish this sign-in.",
            )),
        }
    }

    pub fn link_issuer_code(&self, request: IssuerCodeRequest) -> Result<LinkResult, ApiError> {
        let waiting = self.take_waiting(request.login_id, ConnectionKind::Issuer)?;
        if let Some(code) = &waiting.code {
            let _ = code.send(Zeroizing::new(request.code));
        }
        self.finish(waiting, FIRST_STEP)
    }

    pub fn link_fdx_start(&self, request: FdxStartRequest) -> Result<FdxStarted, ApiError> {
        self.ensure_unlocked()?;
        let url = check_url(&request.url)?;
        let issuer_url = match &request.issuer {
            Some(i) if !i.trim().is_empty() => check_url(i)?,
            _ => fdx::issuer_origin(&url),
        };
        let institution = name_or(&request.institution, "FDX provider");
        let client_id = name_or(&request.client_id, "coffer");
        let runtime = runtime()?;
        let config = runtime
            .block_on(fdx::FdxConfig::discover(
                &institution,
                &issuer_url,
                &client_id,
            ))
            .map_err(connector_error)?;
        let (steps_tx, steps) = mpsc::channel::<Step>();
        let open_browser = request.open_browser;
        std::thread::spawn(move || {
            let browse_tx = steps_tx.clone();
            let grant = runtime
                .block_on(fdx::authorize(&config, |address| {
                    if open_browser {
                        fdx::open_system_browser(address);
                    }
                    let _ = browse_tx.send(Step::Browse(address.to_string()));
                    Ok(())
                }))
                .map(|grant| Grant {
                    scopes: grant.scopes.clone(),
                    secrets: grant.secrets(),
                });
            let _ = steps_tx.send(Step::Done(grant));
        });
        match next_step(&steps, FIRST_STEP)? {
            Step::Browse(authorize_url) => {
                let login_id = self.remember(Waiting {
                    kind: ConnectionKind::Fdx,
                    institution,
                    base_url: url,
                    steps,
                    code: None,
                });
                Ok(FdxStarted {
                    login_id,
                    authorize_url,
                })
            }
            Step::Done(Err(err)) => Err(connector_error(err)),
            _ => Err(internal("start the browser sign-in")),
        }
    }

    pub fn link_fdx_finish(&self, request: FdxFinishRequest) -> Result<LinkResult, ApiError> {
        let waiting = self.take_waiting(request.login_id, ConnectionKind::Fdx)?;
        self.finish(waiting, SECOND_STEP)
    }

    fn remember(&self, waiting: Waiting) -> u64 {
        let mut next = self
            .pending
            .next_id
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        *next += 1;
        let id = *next;
        self.pending
            .waiting
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, waiting);
        id
    }

    fn take_waiting(&self, id: u64, kind: ConnectionKind) -> Result<Waiting, ApiError> {
        let mut waiting = self
            .pending
            .waiting
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        match waiting.remove(&id) {
            Some(w) if w.kind == kind => Ok(w),
            Some(w) => {
                waiting.insert(id, w);
                Err(ApiError::new(
                    ErrorKind::NotFound,
                    "That sign-in is of another kind.",
                ))
            }
            None => Err(ApiError::new(
                ErrorKind::NotFound,
                "That sign-in is no longer waiting; start again.",
            )),
        }
    }

    fn finish(&self, waiting: Waiting, within: Duration) -> Result<LinkResult, ApiError> {
        loop {
            match next_step(&waiting.steps, within)? {
                Step::Done(Ok(grant)) => {
                    return self.store_connection(
                        waiting.kind,
                        &waiting.institution,
                        Some(&waiting.base_url),
                        grant,
                    )
                }
                Step::Done(Err(err)) => return Err(connector_error(err)),
                _ => continue,
            }
        }
    }
}

fn next_step(steps: &Receiver<Step>, within: Duration) -> Result<Step, ApiError> {
    steps.recv_timeout(within).map_err(|e| match e {
        RecvTimeoutError::Timeout => ApiError::new(
            ErrorKind::Network,
            "The institution did not answer in time; try again.",
        ),
        RecvTimeoutError::Disconnected => internal("finish the sign-in"),
    })
}
