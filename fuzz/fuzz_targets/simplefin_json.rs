//! Coverage-guided fuzzing of the simplefin connector's JSON payloads: decode and map any bytes, no panic.
#![no_main]

use coffer_core::connectors::simplefin;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = simplefin::fuzzing::decode_every_payload(data);
});
