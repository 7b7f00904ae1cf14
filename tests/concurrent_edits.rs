//! Two facilitators on one document, as the SSH hub runs them: what one deletes under a
//! list or an editor the other has open. The other's next key must not panic (in the hub
//! that would take the task down) and must act on something that exists, or say why not.

mod common;

use common::App;
use moments::doc::Doc;

/// Ana and Bob, each with a session of their own, on the one document the room shares.
struct Room {
    ana: App,
    bob: App,
}

impl Room {
    fn demo() -> Room {
        let mut room = Room {
            ana: App::new(moments::templates::demo()),
            bob: App::new(moments::templates::demo()),
        };
        // One document: Bob's own is never used, it only stands in while he holds the room's.
        room.bob.doc = Doc::new(moments::model::Workspace::default());
        room
    }

    fn doc(&self) -> &Doc {
        &self.ana.doc
    }

    fn ana(&mut self, keys: &str) -> &mut Self {
        self.ana.keys(keys);
        self
    }

    /// Bob types on the room's document.
    fn bob(&mut self, keys: &str) -> &mut Self {
        std::mem::swap(&mut self.ana.doc, &mut self.bob.doc);
        self.bob.keys(keys);
        std::mem::swap(&mut self.ana.doc, &mut self.bob.doc);
        self
    }

    /// Bob's screen, drawn from the room's document.
    fn bob_screen(&mut self) -> String {
        std::mem::swap(&mut self.ana.doc, &mut self.bob.doc);
        let screen = self.bob.screen(120, 40);
        std::mem::swap(&mut self.ana.doc, &mut self.bob.doc);
        screen
    }

    fn silos(&self) -> Vec<String> {
        self.doc()
            .ws
            .silos
            .iter()
            .map(|s| s.id.to_string())
            .collect()
    }

    fn segments(&self) -> Vec<String> {
        self.doc()
            .ws
            .segments
            .iter()
            .map(|s| s.id.to_string())
            .collect()
    }
}

/// `j` once per row after the first: the last row of a list of `n`.
fn to_last(n: usize) -> String {
    "j".repeat(n - 1)
}

/// Bob has the silo list open on its last row when Ana deletes that silo.
fn silo_deleted_under_bob() -> Room {
    let mut room = Room::demo();
    let silos = room.silos();
    let last = silos.last().unwrap().clone();
    room.bob(&format!("S{}", to_last(silos.len())));
    assert!(room.bob_screen().contains("Silos"));
    room.ana(&format!("S{}dy", to_last(silos.len())));
    assert!(!room.silos().contains(&last), "Ana deleted {last}");
    assert_eq!(room.silos().len(), silos.len() - 1);
    // Bob's list is redrawn shorter under him.
    let screen = room.bob_screen();
    assert!(!screen.contains(&format!("{last} ")), "{screen}");
    room
}

#[test]
fn enter_in_the_silo_list_after_its_last_row_was_deleted_edits_a_silo_that_exists() {
    let mut room = silo_deleted_under_bob();
    let last = room.silos().last().unwrap().clone();
    room.bob("<enter>");
    let screen = room.bob_screen();
    assert!(
        screen.contains(&format!("Silo {last}")),
        "the editor of {last}, now the last row:\n{screen}"
    );
    // Saving it works: it is a silo that exists.
    room.bob("<end> Ops<enter>");
    let silo = room.doc().ws.silos.last().unwrap();
    assert_eq!(silo.id.as_str(), last);
    assert!(silo.name.ends_with(" Ops"), "{}", silo.name);
}

#[test]
fn d_in_the_silo_list_after_its_last_row_was_deleted_asks_about_a_silo_that_exists() {
    let mut room = silo_deleted_under_bob();
    let silos = room.silos();
    let last = silos.last().unwrap().clone();
    room.bob("d");
    let screen = room.bob_screen();
    assert!(
        screen.contains(&format!("Delete silo {last}")),
        "asks about {last}, now the last row:\n{screen}"
    );
    room.bob("y");
    assert_eq!(room.silos(), silos[..silos.len() - 1].to_vec());
}

/// Bob has the segment list open on its last row when Ana deletes that segment.
fn segment_deleted_under_bob() -> Room {
    let mut room = Room::demo();
    let segments = room.segments();
    let last = segments.last().unwrap().clone();
    room.bob(&format!("G{}", to_last(segments.len())));
    assert!(room.bob_screen().contains("Segments"));
    room.ana(&format!("G{}dy", to_last(segments.len())));
    assert!(!room.segments().contains(&last), "Ana deleted {last}");
    assert_eq!(room.segments().len(), segments.len() - 1);
    let screen = room.bob_screen();
    assert!(!screen.contains(&format!("{last} ")), "{screen}");
    room
}

#[test]
fn enter_in_the_segment_list_after_its_last_row_was_deleted_edits_a_segment_that_exists() {
    let mut room = segment_deleted_under_bob();
    let last = room.segments().last().unwrap().clone();
    room.bob("<enter>");
    let screen = room.bob_screen();
    assert!(
        screen.contains(&format!("Segment {last}")),
        "the editor of {last}, now the last row:\n{screen}"
    );
    room.bob("<end> too<ctrl-s>");
    let segment = room.doc().ws.segments.last().unwrap();
    assert_eq!(segment.id.as_str(), last);
    assert!(segment.name.ends_with(" too"), "{}", segment.name);
}

#[test]
fn d_in_the_segment_list_after_its_last_row_was_deleted_asks_about_a_segment_that_exists() {
    let mut room = segment_deleted_under_bob();
    let segments = room.segments();
    let last = segments.last().unwrap().clone();
    room.bob("d");
    let screen = room.bob_screen();
    assert!(
        screen.contains(&format!("Delete segment {last}")),
        "asks about {last}, now the last row:\n{screen}"
    );
    room.bob("y");
    assert_eq!(room.segments(), segments[..segments.len() - 1].to_vec());
}

/// Both on the board's first card, M1; Bob opens something on it, Ana deletes it.
fn m1_deleted_while_bob_has(keys: &str) -> Room {
    let mut room = Room::demo();
    room.bob_screen();
    room.ana.screen(120, 40);
    assert_eq!(room.bob.focused().as_deref(), Some("M1"));
    assert_eq!(room.ana.focused().as_deref(), Some("M1"));
    room.bob(keys);
    room.ana("dy");
    assert!(room.doc().moment(&"M1".into()).is_none(), "Ana deleted M1");
    room
}

#[test]
fn saving_the_moment_editor_of_a_moment_deleted_meanwhile_says_so() {
    let mut room = m1_deleted_while_bob_has("<enter>");
    let moments = room.doc().ws.moments.len();
    room.bob("<end> again<ctrl-s>");
    let screen = room.bob_screen();
    assert!(
        screen.contains("this moment was deleted meanwhile"),
        "{screen}"
    );
    assert!(
        room.doc().moment(&"M1".into()).is_none(),
        "not brought back"
    );
    assert_eq!(room.doc().ws.moments.len(), moments);
    // Bob can leave the editor and carry on.
    room.bob("<esc>y");
    room.bob("j");
    assert!(room.bob.session.overlays.is_empty());
}

#[test]
fn saving_the_owners_of_a_moment_deleted_meanwhile_says_so() {
    let mut room = m1_deleted_while_bob_has("o");
    let before = room.doc().ws.clone();
    // Give the first silo a part, then save.
    room.bob("a<enter>");
    assert_eq!(room.bob.status(), "That moment was deleted meanwhile");
    assert_eq!(room.doc().ws, before, "nothing changed");
    assert!(room.bob.session.overlays.is_empty(), "the editor closed");
    let screen = room.bob_screen();
    assert!(
        screen.contains("That moment was deleted meanwhile"),
        "{screen}"
    );
}
