//! Feeds arbitrary bytes through everything a file goes through on load; whatever loads
//! is checked, saved and loaded again, and must reproduce itself byte for byte.
//! `cargo +nightly fuzz run load fuzz/corpus/load -- -max_total_time=300`
#![no_main]

use libfuzzer_sys::fuzz_target;
use moments::persist::format::decode;
use moments::persist::{from_ron, to_ron};

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = decode(bytes) else { return };
    if let Ok(ws) = from_ron(text) {
        let _ = moments::model::check(&ws);
        let saved = to_ron(&ws);
        let again = from_ron(&saved).expect("what moments wrote loads");
        assert_eq!(to_ron(&again), saved);
    }
});
