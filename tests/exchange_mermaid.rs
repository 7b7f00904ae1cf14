//! The Mermaid export read as Mermaid's `journey` grammar reads it: its entity coding
//! (`#59;`), its directives (`%%{init}%%`), its comments (`%%`, `#`) and its lexer's
//! keywords (`journey`, `title`, `section`, `accTitle`, `accDescr`, in any case). Every
//! title, stage, silo and workshop name must come back as written and every moment be a
//! task. `/work/shared/tools/mermaid-journey.py` checks the same rules by hand.

mod common;

use moments::exchange::mermaid::to_mermaid;
use moments::model::text::sanitize;
use moments::model::{Moment, MomentId, Owner, Role, Silo, SiloId, Stage, StageId, Workspace};

/// A task as Mermaid's journey database stores it, entity codes decoded.
#[derive(Debug, PartialEq)]
struct Task {
    name: String,
    score: u8,
    actors: Vec<String>,
}

#[derive(Debug, Default, PartialEq)]
struct Diagram {
    title: String,
    sections: Vec<(String, Vec<Task>)>,
}

/// Mermaid's `encodeEntities`: `#\w+;` becomes a placeholder the lexer cannot read as
/// syntax, decoded after rendering. Here a numeric code becomes a private-use character
/// and [`decode`] gives it back; a named entity is not something we write.
fn encode_entities(line: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let word: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !word.is_empty() && after[word.len()..].starts_with(';') {
            let code: u32 = word
                .parse()
                .map_err(|_| format!("named entity #{word}; in {line:?}"))?;
            let c = char::from_u32(code).ok_or_else(|| format!("bad code {code}"))?;
            out.push(char::from_u32(0xF0000 + u32::from(c)).ok_or("code out of range")?);
            rest = &after[word.len() + 1..];
        } else {
            // A bare `#` reaches the lexer: it starts a comment.
            out.push('#');
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn decode(text: &str) -> String {
    text.chars()
        .map(|c| match u32::from(c) {
            n if n >= 0xF0000 => char::from_u32(n - 0xF0000).unwrap_or(c),
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

fn starts_with_ci(text: &str, word: &str) -> bool {
    text.len() >= word.len()
        && text.is_char_boundary(word.len())
        && text[..word.len()].eq_ignore_ascii_case(word)
}

/// Reads a fenced journey diagram by the grammar's rules; any line Mermaid would read as
/// something other than what we meant is an error.
fn parse(fenced: &str) -> Result<Diagram, String> {
    let body = fenced
        .strip_prefix("```mermaid\n")
        .and_then(|b| b.strip_suffix("```\n"))
        .ok_or("not a fenced mermaid block")?;
    // Directives are found anywhere in the text before it is parsed.
    if body.contains("%%{") {
        return Err("a %%{ directive".into());
    }
    let mut lines = body.lines().map(str::trim).filter(|l| !l.is_empty());
    if !lines
        .next()
        .is_some_and(|l| l.eq_ignore_ascii_case("journey"))
    {
        return Err("does not start with journey".into());
    }
    let mut diagram = Diagram::default();
    let mut titles = 0;
    for raw in lines {
        let line = encode_entities(raw)?;
        if line.contains("%%") {
            return Err(format!("a %% comment would drop text: {raw}"));
        }
        if line.contains('#') {
            return Err(format!("a # comment would drop text: {raw}"));
        }
        if line.contains(';') {
            return Err(format!("a ; would end the statement: {raw}"));
        }
        if starts_with_ci(&line, "journey") {
            return Err(format!("a second journey keyword: {raw}"));
        }
        if starts_with_ci(&line, "acctitle") || starts_with_ci(&line, "accdescr") {
            return Err(format!("an accessibility line: {raw}"));
        }
        if starts_with_ci(&line, "title") && line[5..].starts_with(char::is_whitespace) {
            titles += 1;
            diagram.title = decode(&line[6..]);
        } else if starts_with_ci(&line, "section") && line[7..].starts_with(char::is_whitespace) {
            if line.contains(':') {
                return Err(format!("a section with a `:` cannot be lexed: {raw}"));
            }
            diagram.sections.push((decode(&line[8..]), Vec::new()));
        } else {
            let (name, data) = line
                .split_once(':')
                .ok_or_else(|| format!("a line mermaid cannot read: {raw}"))?;
            let mut parts = data.split(':');
            let score: u8 = parts
                .next()
                .and_then(|s| s.trim().parse().ok())
                .ok_or_else(|| format!("no score: {raw}"))?;
            let actors = parts
                .next()
                .map(|a| a.split(',').map(decode).collect())
                .unwrap_or_default();
            if parts.next().is_some() {
                return Err(format!("a third `:` in a task: {raw}"));
            }
            let task = Task {
                name: decode(name),
                score,
                actors,
            };
            diagram
                .sections
                .last_mut()
                .ok_or_else(|| format!("a task before any section: {raw}"))?
                .1
                .push(task);
        }
    }
    if titles != 1 {
        return Err(format!("{titles} title lines"));
    }
    Ok(diagram)
}

/// Names as Mermaid should show them: one line, no controls, single spaces.
fn shown(text: &str) -> String {
    sanitize(&text.replace(['\n', '\r', '\t'], " "), false)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every keyword in several cases, every comment form, directives, the grammar's
/// characters, entities, and titles from real workshops.
const NAMES: &[&str] = &[
    "Section 21 notice received",
    "Title deeds arrive",
    "title",
    "SECTION",
    "sEcTiOn 8 housing",
    "Journey planner opened",
    "journey",
    "accTitle: the real title",
    "accDescr: described",
    "accDescr { multi",
    "ACCTITLE:x",
    "%% a comment",
    "%%{init: {'theme':'forest'}}%%",
    "a%%b hidden?",
    "}%% after brace",
    "50% off, 100%",
    "Step 1: call; then #2",
    "# hash first",
    "Billing & insurance",
    "&amp; &lt;b&gt; <b>bold</b>",
    "#59; literal code",
    "ﬂ°°38¶ß placeholder",
    "10:30 meeting",
    "a;b;c",
    "`code` and \"quotes\"",
    "ESC \u{1b}]0;owned\u{7} C1 \u{9b}2J bidi \u{202E}evil",
    "  spaced \n out\t",
    "Über größe 日本語",
];

fn workspace(names: &[&str]) -> Workspace {
    let mut ws = Workspace {
        title: "Billing & insurance: %%{init}%% ; # Q&A".into(),
        ..Workspace::default()
    };
    for (i, name) in names.iter().enumerate() {
        let n = i + 1;
        ws.stages.push(Stage {
            id: StageId::from(format!("S{n}").as_str()),
            name: (*name).to_owned(),
            ..Stage::default()
        });
        ws.silos.push(Silo {
            id: SiloId::from(format!("X{n}").as_str()),
            name: format!("{name}; Sales, Marketing"),
            lead: String::new(),
        });
        ws.moments.push(Moment {
            id: MomentId::from(format!("M{n}").as_str()),
            stage: StageId::from(format!("S{n}").as_str()),
            title: (*name).to_owned(),
            owners: vec![Owner {
                silo: SiloId::from(format!("X{n}").as_str()),
                role: Role::Accountable,
                person: String::new(),
            }],
            ..Moment::default()
        });
    }
    ws
}

#[test]
fn every_keyword_comment_and_grammar_character_renders_as_written() {
    let ws = workspace(NAMES);
    let out = to_mermaid(&ws);
    let diagram = parse(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_eq!(diagram.title, shown(&ws.title));
    assert_eq!(diagram.sections.len(), NAMES.len(), "{out}");
    for ((section, tasks), name) in diagram.sections.iter().zip(NAMES) {
        assert_eq!(section, &shown(name), "{out}");
        assert_eq!(
            tasks,
            &vec![Task {
                name: shown(name),
                score: 3,
                actors: vec![shown(&format!("{name}; Sales, Marketing"))],
            }],
            "{out}"
        );
    }
}

#[test]
fn the_checker_catches_what_used_to_break() {
    // What the export wrote before: each of these loses a moment or fails to parse.
    for broken in [
        "```mermaid\njourney\n    title T\n    section S\n      Section 21 notice: 3\n```\n",
        "```mermaid\njourney\n    title T\n    section S\n      Title deeds: 3\n```\n",
        "```mermaid\njourney\n    title T\n    section S\n      %% gone: 3\n```\n",
        "```mermaid\njourney\n    title T\n    section S\n      a: 3: Sales; Marketing\n```\n",
        "```mermaid\njourney\n    title T %%{init: {}}%%\n    section S\n      a: 3\n```\n",
        "```mermaid\njourney\n    title T\n    section S\n      a #1: 3\n```\n",
        "```mermaid\njourney\n    title T\n    section S: x\n      a: 3\n```\n",
        "```mermaid\njourney\n    title T\n    section S\n      accTitle: 3\n```\n",
    ] {
        assert!(parse(broken).is_err(), "should fail:\n{broken}");
    }
}

#[test]
fn the_demo_and_the_saved_workshops_parse_with_every_moment() {
    let mut spaces = vec![moments::templates::demo()];
    for path in common::saved_fixtures() {
        let text = std::fs::read_to_string(path).unwrap();
        spaces.push(moments::persist::from_ron(&text).unwrap());
    }
    for ws in spaces {
        let out = to_mermaid(&ws);
        let diagram = parse(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
        let tasks: Vec<&Task> = diagram.sections.iter().flat_map(|(_, t)| t).collect();
        let placed: Vec<&Moment> = ws
            .moments
            .iter()
            .filter(|m| ws.stage(&m.stage).is_some())
            .collect();
        assert_eq!(tasks.len(), placed.len(), "{out}");
        for (task, m) in tasks.iter().zip(&placed) {
            let want = shown(&m.title);
            assert_eq!(task.name, if want.is_empty() { "Untitled" } else { &want });
        }
    }
}
