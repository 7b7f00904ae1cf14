//! Rights in a shared session: participants propose, vote and park; the facilitator
//! agrees; observers read. Two sessions on one document, driven through `ui::handle`.

use std::time::Instant;

use moments::doc::Doc;
use moments::input::{Event, Key, KeyCode, Keymap};
use moments::model::Status;
use moments::ui::session::Rights;
use moments::ui::{Ctx, Session, handle};

fn keys(doc: &mut Doc, session: &mut Session, author: &str, typed: &str) {
    let keymap = Keymap::default();
    for c in typed.chars() {
        let key = if c == '\n' {
            Key::plain(KeyCode::Enter)
        } else {
            Key::char(c)
        };
        let ctx = Ctx {
            keymap: &keymap,
            now: Instant::now(),
            author: Some(author),
        };
        handle(session, doc, &Event::Key(key), &ctx);
    }
}

fn status(session: &Session) -> String {
    session
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn participants_propose_vote_and_park_and_the_facilitator_agrees() {
    let mut doc = Doc::new(moments::templates::demo());
    let mut bob = Session::new();
    bob.rights = Rights::Participant;
    let mut ana = Session::new();

    keys(&mut doc, &mut bob, "bob", "nSelf-service refund\n");
    let m = doc
        .ws
        .moments
        .iter()
        .find(|m| m.title == "Self-service refund")
        .expect("a participant proposes a moment")
        .clone();
    assert_eq!(m.status, Status::Proposed);
    assert!(m.notes.starts_with("Proposed by bob"), "{}", m.notes);

    keys(&mut doc, &mut bob, "bob", "+");
    assert_eq!(doc.moment(&m.id).unwrap().votes, m.votes + 1);

    let before = doc.revision;
    keys(&mut doc, &mut bob, "bob", "a");
    assert_eq!(doc.revision, before, "agreeing is the facilitator's");
    assert!(
        status(&bob).contains("participants propose"),
        "{}",
        status(&bob)
    );
    keys(&mut doc, &mut bob, "bob", "u");
    assert_eq!(doc.revision, before, "undo is the facilitator's");

    let parked = doc.ws.parking_lot.len();
    keys(&mut doc, &mut bob, "bob", "PLoyalty pricing\n");
    assert_eq!(doc.ws.parking_lot.len(), parked + 1);

    ana.focus_moment = Some(m.id.clone());
    ana.focus_stage = Some(m.stage.clone());
    keys(&mut doc, &mut ana, "ana", "a");
    assert_eq!(doc.moment(&m.id).unwrap().status, Status::Agreed);
    keys(&mut doc, &mut ana, "ana", "uu");
    assert!(status(&ana).contains("(by bob)"), "{}", status(&ana));
}

#[test]
fn observers_change_nothing() {
    let mut doc = Doc::new(moments::templates::demo());
    let mut olga = Session::new();
    olga.read_only = Some("observers watch, they do not edit".into());
    keys(&mut doc, &mut olga, "olga", "nIdea\n+aPpark\n");
    assert_eq!(doc.revision, 0);
    assert!(
        status(&olga).contains("observers watch"),
        "{}",
        status(&olga)
    );
    // The history is shared: an observer's undo and redo change nothing either.
    let mut ana = Session::new();
    keys(&mut doc, &mut ana, "ana", "+");
    let after_ana = doc.revision;
    assert!(after_ana > 0);
    keys(&mut doc, &mut olga, "olga", "u");
    assert_eq!(doc.revision, after_ana, "an observer cannot undo");
    keys(&mut doc, &mut ana, "ana", "u");
    let undone = doc.revision;
    let keymap = Keymap::default();
    let ctx = Ctx {
        keymap: &keymap,
        now: Instant::now(),
        author: Some("olga"),
    };
    handle(&mut olga, &mut doc, &Event::Key(Key::ctrl('r')), &ctx);
    assert!(
        status(&olga).contains("observers watch"),
        "{}",
        status(&olga)
    );
    assert_eq!(doc.revision, undone, "an observer cannot redo");
}

#[test]
fn participants_vote_within_the_rounds_budget() {
    let mut doc = Doc::new(moments::templates::demo());
    let mut bob = Session::new();
    bob.rights = Rights::Participant;
    bob.votes = Some(moments::ui::session::VoteBudget::new(2));
    keys(&mut doc, &mut bob, "bob", "+");
    let id = bob.focus_moment.clone().expect("the first card has focus");
    let start = doc.moment(&id).unwrap().votes - 1;
    keys(&mut doc, &mut bob, "bob", "++");
    assert_eq!(doc.moment(&id).unwrap().votes, start + 2);
    assert!(status(&bob).contains("No votes left"), "{}", status(&bob));
    keys(&mut doc, &mut bob, "bob", "-");
    assert_eq!(doc.moment(&id).unwrap().votes, start + 1);
    // Someone else's votes are theirs.
    keys(&mut doc, &mut bob, "bob", "j-");
    assert!(
        status(&bob).contains("only take back your own"),
        "{}",
        status(&bob)
    );
}
