//! The running sandbox's shared state: the bank, today's date, faults, sessions and webhooks.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use crate::auth::{AuthStore, Credentials};
use crate::calendar::Day;
use crate::faults::{FaultDecision, FaultDice, FaultSpec};
use crate::fdx::oauth::OAuthStore;
use crate::generator::Bank;
use crate::simplefin::store::SimplefinStore;

pub struct Webhook {
    pub id: String,
    pub url: String,
    pub secret: String,
    pub scopes: Vec<&'static str>,
}

pub struct SandboxState {
    pub bank: Bank,
    months_advanced: AtomicU32,
    faults: Mutex<FaultSpec>,
    dice: Mutex<FaultDice>,
    pub auth: Mutex<AuthStore>,
    pub credentials: Credentials,
    pub webhooks: Mutex<Vec<Webhook>>,
    /// FDX authorization server: codes, access and refresh tokens.
    pub oauth: Mutex<OAuthStore>,
    /// SimpleFIN Bridge: setup tokens, access URLs, budget, lapse.
    pub simplefin: Mutex<SimplefinStore>,
}

impl SandboxState {
    pub fn new(bank: Bank, faults: FaultSpec, credentials: Credentials) -> SandboxState {
        let dice = FaultDice::new(faults.seed.unwrap_or(bank.spec.seed));
        SandboxState {
            bank,
            months_advanced: AtomicU32::new(0),
            faults: Mutex::new(faults),
            dice: Mutex::new(dice),
            auth: Mutex::new(AuthStore::default()),
            credentials,
            webhooks: Mutex::new(Vec::new()),
            oauth: Mutex::new(OAuthStore::default()),
            simplefin: Mutex::new(SimplefinStore::default()),
        }
    }

    /// The sandbox's "today".
    pub fn now(&self) -> Day {
        self.bank
            .spec
            .now(self.months_advanced.load(Ordering::SeqCst))
    }

    pub fn months_advanced(&self) -> u32 {
        self.months_advanced.load(Ordering::SeqCst)
    }

    /// Moves "today" one month on; returns the previous and the new day.
    pub fn advance_month(&self) -> (Day, Day) {
        let before = self.months_advanced.fetch_add(1, Ordering::SeqCst);
        (self.bank.spec.now(before), self.bank.spec.now(before + 1))
    }

    pub fn faults(&self) -> FaultSpec {
        self.faults
            .lock()
            .map(|f| f.clone())
            .unwrap_or_else(|_| FaultSpec::none())
    }

    /// Replaces the faults and reseeds the dice, so a test's fault sequence starts afresh.
    pub fn set_faults(&self, faults: FaultSpec) {
        let seed = faults.seed.unwrap_or(self.bank.spec.seed);
        if let Ok(mut dice) = self.dice.lock() {
            *dice = FaultDice::new(seed);
        }
        if let Ok(mut current) = self.faults.lock() {
            *current = faults;
        }
    }

    pub fn roll_faults(&self) -> FaultDecision {
        let spec = self.faults();
        self.dice
            .lock()
            .map(|mut dice| dice.roll(&spec))
            .unwrap_or_default()
    }
}
