//! A bounded fuzz run: random bytes and mutated versions of the demo file (byte flips,
//! truncations, splices) must never make loading panic, and what loads saves as text that
//! loads again. Longer runs: `fuzz/` (docs/development.md).

use moments::persist::format::decode;
use moments::persist::{from_ron, to_ron};
use proptest::prelude::*;

const DEMO: &[u8] = moments::templates::DEMO.as_bytes();

/// Everything a file goes through on load; whatever loads also checks and saves.
fn load(bytes: &[u8]) {
    let Ok(text) = decode(bytes) else { return };
    if let Ok(ws) = from_ron(text) {
        let _ = moments::model::check(&ws);
        let saved = to_ron(&ws);
        let again = from_ron(&saved).expect("what moments wrote loads");
        assert_eq!(to_ron(&again), saved);
    }
}

#[derive(Clone, Debug)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Truncate { at: usize },
    Splice { from: usize, len: usize, to: usize },
    Delete { at: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = DEMO.len();
    prop_oneof![
        (0..n, any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        (0..n).prop_map(|at| Mutation::Truncate { at }),
        (0..n, 1..200usize, 0..n).prop_map(|(from, len, to)| Mutation::Splice { from, len, to }),
        (0..n, 1..50usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
    ]
}

fn mutate(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len();
    match *m {
        Mutation::Flip { at, byte } => bytes[at % n] = byte,
        Mutation::Truncate { at } => bytes.truncate(at % n),
        Mutation::Splice { from, len, to } => {
            let from = from % n;
            let piece = bytes[from..(from + len).min(n)].to_vec();
            let to = to % n;
            bytes.splice(to..to, piece);
        }
        Mutation::Delete { at, len } => {
            let at = at % n;
            bytes.drain(at..(at + len).min(n));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        load(&bytes);
    }

    #[test]
    fn random_text_never_panics(text in "[ -~\n\u{e9}\u{4e2d}]{0,400}") {
        load(text.as_bytes());
        load(format!("Workspace(format: 1, {text}").as_bytes());
    }

    #[test]
    fn mutated_demo_never_panics(mutations in prop::collection::vec(mutation(), 1..4)) {
        let mut bytes = DEMO.to_vec();
        for m in &mutations {
            if bytes.is_empty() {
                break;
            }
            mutate(&mut bytes, m);
        }
        load(&bytes);
    }
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let text = format!("Workspace(format: 1, title: {}", "[".repeat(100_000));
    assert!(from_ron(&text).is_err());
    let text = "(".repeat(100_000);
    assert!(from_ron(&text).is_err());
}
