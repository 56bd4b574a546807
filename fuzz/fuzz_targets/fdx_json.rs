//! Coverage-guided fuzzing of the fdx connector's JSON payloads: decode and map any bytes, no panic.
#![no_main]

use coffer_core::connectors::fdx;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fdx::fuzzing::decode_every_payload(data);
});
