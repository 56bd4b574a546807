//! Coverage-guided fuzzing of the OFX/QFX parser: any bytes, no panic, bounded time.
#![no_main]

use coffer_core::connectors::ofx;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = ofx::parse(data) {
        // Exercise the conversions too.
        let _ = parsed.to_batch("fuzz");
        let _ = parsed.corrections().count();
    }
});
