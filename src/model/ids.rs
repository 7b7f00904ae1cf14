//! Typed, human-readable ids (`S1`, `M12`, `SAL`, `G1`) that can be said aloud in a room.
//! Ids are never indexes: they survive reordering, and numbered ids are never reused.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[derive(schemars::JsonSchema)]
        pub struct $name(pub String);

        impl $name {
            /// The letter numbered ids of this kind start with.
            pub const PREFIX: &'static str = $prefix;

            /// The id with the given number, e.g. `M12`.
            pub fn numbered(n: u32) -> Self {
                Self(format!("{}{}", Self::PREFIX, n))
            }

            /// The number of a numbered id (`M12` → 12); `None` for hand-made ids.
            pub fn number(&self) -> Option<u32> {
                id_number(&self.0, Self::PREFIX)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// A stage of the customer journey, `S1`, `S2`…
    StageId,
    "S"
);
id_type!(
    /// A moment of truth, `M1`, `M2`…
    MomentId,
    "M"
);
id_type!(
    /// A customer segment, `G1`, `G2`…
    SegmentId,
    "G"
);
id_type!(
    /// A silo (function or department), by its short code such as `SAL` or `BIL`.
    SiloId,
    ""
);
id_type!(
    /// A handoff between two silos at a moment, `H1`, `H2`…
    HandoffId,
    "H"
);
id_type!(
    /// An action of the operating plan, `A1`, `A2`…
    ActionId,
    "A"
);
id_type!(
    /// A competitor the room compares itself with, `C1`, `C2`…
    CompetitorId,
    "C"
);
id_type!(
    /// An entry of the parking lot, `P1`, `P2`…
    ParkedId,
    "P"
);
id_type!(
    /// An item of the workshop's agenda, `AG1`, `AG2`…
    AgendaId,
    "AG"
);

fn id_number(id: &str, prefix: &str) -> Option<u32> {
    if prefix.is_empty() {
        return None;
    }
    let digits = id.strip_prefix(prefix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.starts_with('0') {
        return None;
    }
    digits.parse().ok()
}

/// Whether `code` is acceptable as a silo code: 2 to 6 capital letters or digits,
/// starting with a letter, so it reads aloud and fits a narrow column.
pub fn is_valid_silo_code(code: &str) -> bool {
    (2..=6).contains(&code.len())
        && code.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Suggests a silo code from a name: "Customer Service" → `CS`, "Billing" → `BIL`.
pub fn suggest_silo_code(name: &str, taken: impl Fn(&str) -> bool) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let letters: String = if words.len() >= 2 {
        words
            .iter()
            .filter_map(|w| w.chars().find(char::is_ascii_alphanumeric))
            .take(4)
            .collect()
    } else {
        name.chars()
            .filter(char::is_ascii_alphanumeric)
            .take(3)
            .collect()
    };
    let mut base = letters.to_ascii_uppercase();
    if base.is_empty() || !base.as_bytes()[0].is_ascii_uppercase() {
        base.insert(0, 'X');
    }
    while base.len() < 2 {
        base.push('X');
    }
    base.truncate(5);
    if !taken(&base) {
        return base;
    }
    (2..100)
        .map(|n| format!("{base}{n}"))
        .find(|c| c.len() <= 6 && !taken(c))
        .unwrap_or_else(|| "X".repeat(6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_ids_round_trip() {
        assert_eq!(MomentId::numbered(12).as_str(), "M12");
        assert_eq!(MomentId::from("M12").number(), Some(12));
        assert_eq!(MomentId::from("M012").number(), None);
        assert_eq!(MomentId::from("X12").number(), None);
        assert_eq!(SiloId::from("SAL").number(), None);
        // `AG` and `A` share a letter; neither reads the other's ids.
        assert_eq!(AgendaId::from("AG3").number(), Some(3));
        assert_eq!(ActionId::from("AG3").number(), None);
        assert_eq!(AgendaId::from("A3").number(), None);
    }

    #[test]
    fn silo_codes() {
        assert!(is_valid_silo_code("SAL"));
        assert!(is_valid_silo_code("OPS2"));
        assert!(!is_valid_silo_code("sal"));
        assert!(!is_valid_silo_code("S"));
        assert!(!is_valid_silo_code("2AB"));
        assert_eq!(suggest_silo_code("Customer Service", |_| false), "CS");
        assert_eq!(suggest_silo_code("Billing", |_| false), "BIL");
        assert_eq!(suggest_silo_code("Billing", |c| c == "BIL"), "BIL2");
        assert_eq!(suggest_silo_code("ü", |_| false), "XX");
    }
}
