//! Coverage-guided fuzzing of the issuer connector's JSON payloads: decode and map any bytes, no panic.
#![no_main]

use coffer_core::connectors::issuer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = issuer::fuzzing::decode_every_payload(data);
});
