//! Two sessions on one document, as in a remote workshop: one removes parking-lot or
//! agenda entries (which have no ids) above what the other has open. The edit lands on
//! the entry it was opened on, or on nothing, and says so. (Lists and editors of items
//! with ids: `concurrent_edits.rs`.)

mod common;

use moments::doc::Doc;
use moments::model::{AgendaItem, Edit, Item};
use moments::ui::Session;

use common::{keys_as as keys, status_of as status};

fn parked(texts: &[&str]) -> Doc {
    let mut ws = moments::templates::demo();
    ws.parking_lot = texts
        .iter()
        .enumerate()
        .map(|(i, t)| moments::model::Parked {
            id: moments::model::ParkedId::numbered(i as u32 + 1),
            text: (*t).to_owned(),
        })
        .collect();
    Doc::new(ws)
}

/// Alice edits the third parked item while Bob removes the first: her edit lands on the
/// item she opened, now second.
#[test]
fn an_edit_of_a_parked_item_lands_on_it_after_another_removal() {
    let mut doc = parked(&["alpha", "beta", "gamma"]);
    let (mut alice, mut bob) = (Session::new(), Session::new());
    keys(&mut doc, &mut alice, "alice", "0jje");
    // Bob removes "alpha" while Alice's prompt is open.
    keys(&mut doc, &mut bob, "bob", "0dy");
    assert_eq!(doc.ws.parking_lot, ["beta", "gamma"]);
    // Alice clears the text and types her own.
    keys(&mut doc, &mut alice, "alice", &"\x7f".repeat(5));
    keys(&mut doc, &mut alice, "alice", "GAMMA\n");
    assert_eq!(doc.ws.parking_lot, ["beta", "GAMMA"], "{}", status(&alice));
    // Her selection followed the item too.
    assert_eq!(alice.views.parking.selected, 1);
}

/// A delete asked before someone else's removal deletes the item it named, or nothing.
#[test]
fn a_delete_question_answered_late_deletes_what_it_named() {
    let mut doc = parked(&["alpha", "beta", "gamma"]);
    let (mut alice, mut bob) = (Session::new(), Session::new());
    keys(&mut doc, &mut alice, "alice", "0jd");
    keys(&mut doc, &mut bob, "bob", "0dy");
    keys(&mut doc, &mut alice, "alice", "y");
    assert_eq!(doc.ws.parking_lot, ["gamma"], "beta went, not gamma");
    // Asked about an item that is gone by the answer: nothing is deleted, and it says so.
    keys(&mut doc, &mut alice, "alice", "d");
    keys(&mut doc, &mut bob, "bob", "dy");
    assert!(doc.ws.parking_lot.is_empty());
    doc.apply(
        Edit::Insert {
            item: Item::Parking(moments::model::Parked {
                id: doc.ws.next_parked_id(),
                text: "delta".into(),
            }),
            at: 0,
        },
        None,
    )
    .unwrap();
    keys(&mut doc, &mut alice, "alice", "y");
    assert_eq!(doc.ws.parking_lot, ["delta"]);
    assert!(status(&alice).contains("meanwhile"), "{}", status(&alice));
}

/// Alice edits an agenda item while Bob removes the one before it.
#[test]
fn an_agenda_edit_lands_on_its_item_after_another_removal() {
    let mut ws = moments::templates::demo();
    ws.agenda = ["Welcome", "Stages", "Owners"]
        .into_iter()
        .map(|t| AgendaItem {
            title: t.to_owned(),
            minutes: 10,
            ..AgendaItem::default()
        })
        .collect();
    let mut doc = Doc::new(ws);
    let (mut alice, mut bob) = (Session::new(), Session::new());
    keys(&mut doc, &mut alice, "alice", "Ajje");
    keys(&mut doc, &mut bob, "bob", "Ady");
    assert_eq!(doc.ws.agenda.len(), 2);
    // Alice changes the title: her form's first field.
    keys(&mut doc, &mut alice, "alice", &"\x7f".repeat(6));
    keys(&mut doc, &mut alice, "alice", "Who owns what\n");
    let titles: Vec<&str> = doc.ws.agenda.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Stages", "Who owns what"], "{}", status(&alice));
}
