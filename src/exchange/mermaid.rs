//! The Mermaid export: a `journey` diagram in a fenced block that GitHub renders. Stages are
//! sections, moments are tasks, the experience today is the 1–5 score, owner silos are
//! the actors. Text is sanitised for the journey grammar.

use std::fmt::Write;

use super::{journey, owners_by_role, title};
use crate::model::{Experience, Moment, Workspace};

/// Makes text safe for the journey grammar: one line, no `:`, `;`, `#` or backticks.
/// `: ` reads as a dash, any other `:` as a dot (10:30 → 10.30), `;` as a comma;
/// `#` and backticks are dropped. Runs of spaces collapse.
pub fn sanitise(text: &str) -> String {
    let text = text.replace(": ", " - ");
    let mapped: String = text
        .chars()
        .filter_map(|c| match c {
            ':' => Some('.'),
            ';' => Some(','),
            '#' | '`' => None,
            c if c.is_control() => Some(' '),
            c => Some(c),
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An actor name: sanitised and without commas, which separate actors.
fn actor(text: &str) -> String {
    sanitise(&text.replace(',', " "))
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
    fn sanitises_for_the_grammar() {
        assert_eq!(
            sanitise("Step 1: call; then #2\nmeet at 10:30"),
            "Step 1 - call, then 2 meet at 10.30"
        );
        assert_eq!(actor("Sales, Marketing"), "Sales Marketing");
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
