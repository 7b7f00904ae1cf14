//! Rights in a shared session: participants propose, vote and park; the facilitator
//! agrees; observers read. Two sessions on one document, driven through `ui::handle`.

use std::time::Instant;

use moments::doc::Doc;
use moments::input::{Event, Key, Keymap};
use moments::model::{Status, facilitation};
use moments::ui::session::Rights;
use moments::ui::{Ctx, Session, handle};

use common::{keys_as as keys, status_of as status};

#[test]
fn participants_propose_vote_and_park_and_the_facilitator_agrees() {
    let mut doc = Doc::new(moments::templates::demo());
    let mut bob = Session::new();
    bob.rights = Rights::Participant;
    bob.voter = "bob".into();
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
    assert!(status(&bob).contains("No vote round"), "{}", status(&bob));
    doc.apply(facilitation::start_round(&doc.ws, 3, 0), Some("ana".into()))
        .unwrap();
    keys(&mut doc, &mut bob, "bob", "+");
    assert_eq!(doc.ws.voting.as_ref().unwrap().mine("bob", &m.id), 1);

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
    // Refused at the key, before any prompt opens to be typed into.
    for key in ["n", "+", "a", "P", "d", "N"] {
        keys(&mut doc, &mut olga, "olga", key);
        assert!(olga.overlays.is_empty(), "{key} opened something");
        assert!(
            status(&olga).contains("Not changed: observers watch"),
            "{key}: {}",
            status(&olga)
        );
    }
    // The moment editor opens to be read: typing changes nothing and says why.
    keys(&mut doc, &mut olga, "olga", "exy");
    assert_eq!(olga.overlays.len(), 1, "the editor is open");
    keys(&mut doc, &mut olga, "olga", "\n");
    assert!(olga.overlays.is_empty(), "Enter closes it");
    assert_eq!(doc.revision, 0);
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
fn participants_vote_within_the_rounds_budget_and_only_the_facilitator_reveals() {
    let mut doc = Doc::new(moments::templates::demo());
    let mut bob = Session::new();
    bob.rights = Rights::Participant;
    bob.voter = "bob".into();
    keys(&mut doc, &mut bob, "bob", "V");
    assert!(
        status(&bob).contains("Only the facilitator"),
        "{}",
        status(&bob)
    );
    assert!(doc.ws.voting.is_none());

    doc.apply(facilitation::start_round(&doc.ws, 2, 0), Some("ana".into()))
        .unwrap();
    keys(&mut doc, &mut bob, "bob", "+");
    let id = bob.focus_moment.clone().expect("the first card has focus");
    keys(&mut doc, &mut bob, "bob", "++");
    let round = doc.ws.voting.clone().unwrap();
    assert_eq!(round.mine("bob", &id), 2, "the budget of 2 holds");
    assert!(status(&bob).contains("No dots left"), "{}", status(&bob));
    keys(&mut doc, &mut bob, "bob", "-");
    assert_eq!(doc.ws.voting.as_ref().unwrap().mine("bob", &id), 1);
    // Nothing of bob's on the next card to take back.
    keys(&mut doc, &mut bob, "bob", "j-");
    assert!(status(&bob).contains("No dot of yours"), "{}", status(&bob));
    // Revealing and ending are the facilitator's.
    let before = doc.revision;
    keys(&mut doc, &mut bob, "bob", "R");
    assert_eq!(doc.revision, before);
    assert!(!doc.ws.voting.as_ref().unwrap().revealed);
}

mod common;

#[test]
fn follow_is_a_key_of_the_keymap_offered_in_remote_sessions_only() {
    use moments::input::Action;
    use moments::ui::View;
    use moments::ui::commands::help_rows;

    // Locally there is nobody to follow: the key says so; help and footer leave it out.
    let mut local = common::App::new(common::fixture());
    local.keys("F");
    assert!(
        local.status().contains("only applies in remote sessions"),
        "{}",
        local.status()
    );
    assert!(
        !local
            .session
            .effects
            .contains(&moments::ui::session::Effect::ToggleFollow)
    );
    let has_follow = |remote| {
        help_rows(&Keymap::default(), View::Board, remote)
            .iter()
            .any(|(action, keys, _)| keys == "F" && *action == Action::Follow)
    };
    assert!(!has_follow(false));
    assert!(has_follow(true));
    let footer = |app: &mut common::App| app.screen(100, 30).lines().last().unwrap().to_owned();
    assert!(!footer(&mut local).contains("follow"));

    // A remote participant: the footer offers it, the key asks the hub to switch.
    let mut bob = common::App::new(common::fixture());
    bob.session.rights = Rights::Participant;
    bob.session.follow = Some(true);
    assert!(
        footer(&mut bob).contains("F unfollow"),
        "{}",
        footer(&mut bob)
    );
    bob.keys("F");
    assert!(
        bob.session
            .effects
            .contains(&moments::ui::session::Effect::ToggleFollow)
    );
    bob.session.follow = Some(false);
    assert!(
        footer(&mut bob).contains("F follow"),
        "{}",
        footer(&mut bob)
    );
    // The lead facilitator has nobody to follow: not in the footer, still in help.
    let mut ana = common::App::new(common::fixture());
    ana.session.follow = Some(false);
    assert!(!footer(&mut ana).contains("follow"), "{}", footer(&mut ana));

    // Remapped like any other key.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys.ron");
    std::fs::write(&path, r#"Keymap(global: {"F": "none", "W": "follow"})"#).unwrap();
    let (keymap, problems) = Keymap::load(&path);
    assert!(problems.is_empty(), "{problems:?}");
    let mut carla = common::App::new(common::fixture());
    carla.keymap = keymap;
    carla.session.follow = Some(true);
    carla.session.rights = Rights::Participant;
    assert!(
        footer(&mut carla).contains("W unfollow"),
        "{}",
        footer(&mut carla)
    );
    carla.keys("F");
    assert!(
        !carla
            .session
            .effects
            .contains(&moments::ui::session::Effect::ToggleFollow)
    );
    carla.keys("W");
    assert!(
        carla
            .session
            .effects
            .contains(&moments::ui::session::Effect::ToggleFollow)
    );
}
