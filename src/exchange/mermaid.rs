//! The Mermaid export: a `journey` diagram in a fenced block that GitHub renders. Stages are
//! sections, moments are tasks, the experience today is the 1–5 score, owner silos are
//! the actors. Text is written so the journey grammar reads it as written: every character
//! the grammar gives a meaning to is a Mermaid entity code (`#59;` for `;`), which Mermaid
//! turns back into the character only after parsing.

use std::fmt::Write;

use super::{journey, owners_by_role, title};
use crate::model::text::sanitize;
use crate::model::{Experience, Moment, Workspace};

/// Words the journey lexer matches at the start of a token, whatever their case. A text
/// starting with one would become a title, a section or an accessibility line.
pub const KEYWORDS: [&str; 5] = ["journey", "title", "section", "acctitle", "accdescr"];

/// Where a text goes: an actor is split at `,`, so a comma in its name is encoded too.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Text,
    Actor,
}

/// Whether the grammar (or Mermaid's preprocessing) gives `c` a meaning in `place`:
/// `#` starts a comment, `;` ends a statement, `:` separates a task's parts, `%%` starts a
/// comment or an `%%{init}%%` directive, `&` and `<` `>` are mangled by Mermaid's HTML
/// sanitiser (`&` shows as `&amp;`), and `ﬂ` `¶` are the placeholders of Mermaid's own
/// entity coding.
fn needs_code(c: char, place: Place) -> bool {
    matches!(
        c,
        '#' | ';' | ':' | '%' | '&' | '<' | '>' | '`' | '\u{FB02}' | '\u{B6}'
    ) || (place == Place::Actor && c == ',')
}

/// Makes text safe for the journey grammar while keeping it as written: one line
/// (control characters and bidirectional overrides removed, runs of white space as one
/// space), grammar characters as entity codes, and a leading keyword's first letter coded
/// so the line stays what it is.
pub fn sanitise(text: &str) -> String {
    encode(text, Place::Text)
}

fn encode(text: &str, place: Place) -> String {
    let one_line = sanitize(&text.replace(['\n', '\r', '\t'], " "), false);
    let words = one_line.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = words.to_lowercase();
    let keyword = KEYWORDS.iter().any(|k| lower.starts_with(k));
    let mut out = String::with_capacity(words.len() + 8);
    for (i, c) in words.chars().enumerate() {
        if needs_code(c, place) || (i == 0 && keyword) {
            let _ = write!(out, "#{};", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// An actor name: like [`sanitise`], and a comma (which separates actors) is coded too.
fn actor(text: &str) -> String {
    encode(text, Place::Actor)
}

/// The experience as a journey score: bad 1, neutral 3, good 5; with several segments
/// rated, the rounded mean (so bad and neutral give 2); unknown ratings are left out; a
/// moment nobody rated scores 3.
pub fn score(m: &Moment) -> u8 {
    let scores: Vec<u32> = m
        .experience
        .values()
        .filter_map(|e| match e {
            Experience::Bad => Some(1),
            Experience::Neutral => Some(3),
            Experience::Good => Some(5),
            Experience::Unknown => None,
        })
        .collect();
    if scores.is_empty() {
        return 3;
    }
    let n = scores.len() as u32;
    // Rounded half up, in integers.
    ((2 * scores.iter().sum::<u32>() + n) / (2 * n)) as u8
}

/// The diagram, fenced as ```` ```mermaid ````.
pub fn to_mermaid(ws: &Workspace) -> String {
    let mut out = String::from("```mermaid\njourney\n");
    let _ = writeln!(out, "    title {}", or_untitled(sanitise(title(ws))));
    for (stage, moments) in journey(ws) {
        if moments.is_empty() {
            continue;
        }
        let _ = writeln!(out, "    section {}", or_untitled(sanitise(&stage.name)));
        for m in moments {
            let mut actors: Vec<String> = Vec::new();
            for o in owners_by_role(m) {
                let name = ws
                    .silo(&o.silo)
                    .map_or(o.silo.as_str(), |s| s.name.as_str());
                let name = or_untitled(actor(name));
                if !actors.contains(&name) {
                    actors.push(name);
                }
            }
            let _ = write!(
                out,
                "      {}: {}",
                or_untitled(sanitise(&m.title)),
                score(m)
            );
            if !actors.is_empty() {
                let _ = write!(out, ": {}", actors.join(", "));
            }
            out.push('\n');
        }
    }
    out.push_str("```\n");
    out
}

fn or_untitled(text: String) -> String {
    if text.is_empty() {
        "Untitled".to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SegmentId;

    #[test]
    fn codes_what_the_grammar_reads() {
        assert_eq!(
            sanitise("Step 1: call; then #2\nmeet at 10:30 \u{1b}[2J"),
            "Step 1#58; call#59; then #35;2 meet at 10#58;30 [2J"
        );
        assert_eq!(sanitise("Section 21 notice"), "#83;ection 21 notice");
        assert_eq!(sanitise("%%{init: x}%%"), "#37;#37;{init#58; x}#37;#37;");
        assert_eq!(sanitise("Q&A"), "Q#38;A");
        assert_eq!(actor("Sales, Marketing; HQ"), "Sales#44; Marketing#59; HQ");
    }

    #[test]
    fn scores() {
        let mut m = Moment::default();
        assert_eq!(score(&m), 3);
        m.experience.insert(SegmentId::from("G1"), Experience::Bad);
        assert_eq!(score(&m), 1);
        m.experience
            .insert(SegmentId::from("G2"), Experience::Neutral);
        assert_eq!(score(&m), 2);
        m.experience
            .insert(SegmentId::from("G3"), Experience::Unknown);
        assert_eq!(score(&m), 2);
        m.experience.insert(SegmentId::from("G4"), Experience::Good);
        assert_eq!(score(&m), 3);
    }
}
