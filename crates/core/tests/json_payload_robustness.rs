//! Every JSON payload the connectors read (issuer API, FDX, SimpleFIN) survives thousands of
//! mutated and hostile bodies: decoding and mapping never panic and never hang. (The long,
//! coverage-guided runs are the `cargo fuzz` targets in `fuzz/`.)

use std::time::{Duration, Instant};

use coffer_core::connectors::{fdx, issuer, simplefin};

/// Bodies as the issuer API answers them (captured from the sandbox bank, trimmed).
const ISSUER_SEEDS: &[&str] = &[
    r#"{"as_of":"2026-11-01","accounts":[{"id":"cc_41470042","type":"credit_card","name":"Wyndham Rewards Earner Plus Card","product":"wyndham_rewards_earner_plus","co_brand":"Wyndham","network":"Visa","mask":"1301","currency":"USD","status":"open","open_date":"2024-10-11","credit_limit":15000.00,"cash_advance_limit":3000.00,"apr":21.99,"apy":null,"term_months":null,"maturity_date":null,"reward_program_id":"rp_cc_41470042","balances":{"as_of":"2026-11-01","current":429.06,"available":14570.94,"pending":0.00,"credit_limit":15000.00}}]}"#,
    r#"{"account_id":"cc_41470042","as_of":"2026-11-01","transactions":[{"id":"tx_1","account_id":"cc_41470042","state":"posted","type":"fee","transacted":"2026-10-11","posted":"2026-10-11","amount":-75.00,"currency":"USD","description":"ANNUAL FEE","merchant":null,"mcc":null,"category":null,"fx":null,"authorization_id":null,"superseded_by":null,"expires_on":null,"statement_id":"st_1","updated":"2026-10-11"},{"id":"tx_2","account_id":"cc_41470042","state":"posted","type":"purchase","transacted":"2026-10-14","posted":"2026-10-16","amount":-37.20,"currency":"USD","description":"EXXONMOBIL 06767","merchant":"ExxonMobil","mcc":"5542","category":"fuel","fx":null,"authorization_id":"au_9","superseded_by":null,"expires_on":null,"statement_id":"st_1","updated":"2026-10-16"}],"next_cursor":"dHgxOjA","has_more":true}"#,
    r#"{"scores":[{"bureau":"TransUnion","date":"2026-10-02","id":"fico_1","model":"FICO 8 Bankcard","model_version":"8","range":{"max":900,"min":250},"score":786,"source":"Barclays US"}]}"#,
    r#"{"events":[{"id":"evt_1","event":"card.locked","account_id":"cc_41470042","occurred_at":"2026-10-07T08:20:45Z","data":{"reason":"card_misplaced","tracking_number":null}}],"next_after":"evt_1","has_more":false}"#,
    r#"{"access_token":"at_5bdb","expires_in":1800,"refresh_token":"rt_bd5e","scopes":["accounts.read","fico.read"],"token_type":"Bearer"}"#,
];

const FDX_SEEDS: &[&str] = &[
    r#"{"page":{"nextPageKey":"k2"},"accounts":[{"locAccount":{"accountId":"cc_1","accountType":"CREDITCARD","accountCategory":"LOC_ACCOUNT","currency":{"currencyCode":"USD"},"creditLine":10000.00,"availableCredit":8765.44,"currentBalance":1234.56,"balanceAsOf":"2026-11-01T00:00:00Z","accountNumberDisplay":"...4147"}},{"depositAccount":{"accountId":"cd_1","accountType":"CD","currentBalance":5000.00,"interestRate":4.35,"maturityDate":"2027-05-01"}}]}"#,
    r#"{"page":{"nextPageKey":null},"transactions":[{"accountCategory":"LOC_ACCOUNT","transactionId":"tx_1","referenceTransactionId":"au_1","postedTimestamp":"2026-03-04T12:00:00Z","transactionTimestamp":"2026-03-03T18:00:00Z","description":"AMERICAN AIR","debitCreditMemo":"DEBIT","status":"POSTED","amount":318.40,"merchantCategoryCode":"3001","foreignAmount":290.00,"foreignCurrency":"EUR"}]}"#,
    r#"{"code":"701","message":"Account not found","debugMessage":"cc_9"}"#,
];

const SIMPLEFIN_SEEDS: &[&str] = &[
    r#"{"errors":["<b>gen.quota</b> you are over budget"],"errlist":[{"code":"gen.quota","msg":"over"}],"accounts":[{"org":{"domain":"bank.example","sfin-url":"https://bridge.example/simplefin","name":"Bank"},"id":"cc_1","name":"Aviator Red","currency":"USD","balance":"-1234.56","available-balance":"8765.44","balance-date":1762000000,"transactions":[{"id":"t1","posted":1762000000,"amount":"-318.40","description":"AMERICAN AIR","memo":"MCC 3001"},{"id":"t2","posted":0,"pending":true,"amount":"-4.50","description":"BLUE BOTTLE"}]},{"org":{"domain":"bank.example"},"id":"miles","name":"AAdvantage","currency":"https://bank.example/currencies/miles","balance":"52000","balance-date":1762000000,"transactions":[]}]}"#,
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const HOSTILE: &[&str] = &[
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "true",
    "-",
    "1e309",
    "-1e309",
    "99999999999999999999999999999",
    "0.0000000000000000000000000001",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"<img src=x onerror=alert(1)>\"",
    "\"2026-02-30\"",
    "\"9999-99-99T99:99:99Z\"",
    "-0",
    "[[[[[[[[",
    "\"ZZZ\"",
    "\"\u{202e}evil\"",
];

fn mutate(rng: &mut Rng, seeds: &[&str]) -> Vec<u8> {
    let mut bytes = seeds[rng.below(seeds.len())].as_bytes().to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(5) {
            0 if !bytes.is_empty() => {
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
            }
            1 => bytes.truncate(at),
            2 => {
                let token = HOSTILE[rng.below(HOSTILE.len())].as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            3 if at < bytes.len() => {
                let end = (at + rng.below(12)).min(bytes.len());
                bytes.drain(at..end);
            }
            _ => {
                let other = seeds[rng.below(seeds.len())].as_bytes();
                let from = rng.below(other.len());
                bytes.splice(at..at, other[from..].iter().copied());
            }
        }
    }
    bytes
}

fn survive(name: &str, seeds: &[&str], decode: fn(&[u8]) -> usize) {
    for seed in seeds {
        assert!(
            decode(seed.as_bytes()) > 0,
            "{name}: an unmutated seed must decode"
        );
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ name.len() as u64);
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    for _ in 0..5_000 {
        let input = mutate(&mut rng, seeds);
        let one = Instant::now();
        let _ = decode(&input);
        slowest = slowest.max(one.elapsed());
    }
    assert!(
        slowest < Duration::from_secs(1),
        "{name}: one input took {slowest:?}"
    );
    eprintln!("{name}: 5000 mutated payloads in {:?}", started.elapsed());
}

#[test]
fn issuer_payloads_survive_mutation() {
    survive(
        "issuer",
        ISSUER_SEEDS,
        issuer::fuzzing::decode_every_payload,
    );
}

#[test]
fn fdx_payloads_survive_mutation() {
    survive("fdx", FDX_SEEDS, fdx::fuzzing::decode_every_payload);
}

#[test]
fn simplefin_payloads_survive_mutation() {
    survive(
        "simplefin",
        SIMPLEFIN_SEEDS,
        simplefin::fuzzing::decode_every_payload,
    );
}
