//! Facilitation flows: dot-vote rounds (budget enforced, tallies hidden then revealed,
//! reset between rounds) and the agenda (overrun arithmetic, moving on, editing), driven
//! by keys with an injected clock — never by sleeping.

mod common;

use common::App;
use moments::model::{MomentId, View, facilitation};

fn demo() -> App {
    let mut app = App::new(moments::templates::demo());
    app.screen(120, 30);
    app
}

fn votes(app: &App, id: &str) -> u32 {
    app.doc.moment(&MomentId::from(id)).unwrap().votes
}

#[test]
fn a_vote_round_enforces_the_budget_hides_the_tallies_and_reveals_them() {
    let mut app = demo();
    let before_m4 = votes(&app, "M4");
    assert!(before_m4 > 0, "the demo has votes from an earlier round");

    // 26 cards: a quarter, rounded up, is 7 dots each; one person in the room.
    app.keys("V");
    let form = app.screen(120, 30);
    assert!(form.contains("Vote round 1"), "{}\n{form}", app.status());
    assert!(form.contains("Dots each"), "{form}");
    app.keys("<enter>");
    let round = app.doc.ws.voting.clone().expect("a round started");
    assert_eq!((round.round, round.budget, round.room), (1, 7, 1));
    assert!(app.status().contains("7 dots each"), "{}", app.status());

    // Seven dots go on M1; the eighth is refused with the reason.
    app.keys("+++++++");
    assert_eq!(app.focused().as_deref(), Some("M1"));
    app.keys("+");
    assert!(app.status().contains("no dots left"), "{}", app.status());
    let round = app.doc.ws.voting.clone().unwrap();
    assert_eq!(round.mine(facilitation::ROOM, &"M1".into()), 7);
    assert_eq!(votes(&app, "M1"), 3, "nothing counts before the reveal");

    // Hidden: the cards show only the room's own dots, no tallies.
    let screen = app.screen(120, 30);
    assert!(screen.contains("◦7"), "{screen}");
    assert!(
        !(1..=9).any(|n| screen.contains(&format!("●{n}"))),
        "tallies must be hidden:\n{screen}"
    );
    assert!(
        screen.contains("round 1: 0/7 dots left · hidden"),
        "{screen}"
    );

    // Taking one back frees a dot.
    app.keys("-");
    assert_eq!(
        app.doc.ws.voting.as_ref().unwrap().left(facilitation::ROOM),
        1
    );
    app.keys("j+");

    // Reveal: the tallies become the votes the Priorities view ranks by.
    app.keys("R");
    assert!(
        app.status().contains("Revealed round 1"),
        "{}",
        app.status()
    );
    assert_eq!(votes(&app, "M1"), 6);
    assert_eq!(votes(&app, "M2"), 1);
    assert_eq!(votes(&app, "M4"), 0, "the round replaces earlier votes");
    let screen = app.screen(120, 30);
    assert!(screen.contains("●6"), "{screen}");
    let rows = moments::ui::views::priorities::priority_rows(&app.doc, &app.session);
    let part = |id: &str| rows.iter().find(|p| p.moment.as_str() == id).unwrap().votes;
    assert_eq!(
        (part("M1"), part("M2"), part("M4")),
        (6, 1, 0),
        "votes feed the scores"
    );
    // No more dots once revealed.
    app.keys("+");
    assert!(app.status().contains("revealed"), "{}", app.status());

    // Undo takes the reveal back as one step.
    app.keys("u");
    assert_eq!(votes(&app, "M4"), before_m4);
    assert!(!app.doc.ws.voting.as_ref().unwrap().revealed);
    app.keys("R");

    // A new round starts from zero.
    app.keys("V<enter>");
    let round = app.doc.ws.voting.clone().unwrap();
    assert_eq!(round.round, 2);
    assert!(round.dots.is_empty());
    app.keys("R");
    assert_eq!(votes(&app, "M1"), 0, "reset between rounds");
}

#[test]
fn the_round_is_saved_in_the_workspace() {
    let mut app = demo();
    app.keys("V<enter>++");
    let text = moments::persist::to_ron(&app.doc.ws);
    assert!(text.contains("voting: VoteRound("), "{text}");
    assert!(text.contains("\"room\": {\"M1\": 2}"), "{text}");
    let again = moments::persist::from_ron(&text).unwrap();
    assert_eq!(again.voting, app.doc.ws.voting);
}

#[test]
fn the_budget_comes_from_the_form_or_the_config() {
    let mut app = demo();
    app.session.vote_budget = Some(3);
    // Two people in the room, three dots each: six for the room.
    app.keys("V<tab><backspace>2<enter>");
    let round = app.doc.ws.voting.clone().unwrap();
    assert_eq!((round.budget, round.room), (3, 2));
    assert_eq!(round.allowance(facilitation::ROOM), 6);
    app.keys("V<backspace>0<enter>");
    assert!(app.screen(120, 30).contains("at least one dot"));
}

#[test]
fn a_participant_cannot_start_a_round_and_nobody_votes_without_one() {
    let mut app = demo();
    let before = votes(&app, "M1");
    app.keys("+");
    // Outside a round + records a vote directly (the facilitator's tally).
    assert_eq!(votes(&app, "M1"), before + 1);
    app.session.rights = moments::ui::session::Rights::Participant;
    app.keys("V");
    assert!(app.status().contains("Only the facilitator"));
    app.keys("+");
    assert!(app.status().contains("No vote round"), "{}", app.status());
}

#[test]
fn the_agenda_runs_on_the_clock_and_shows_the_new_end_when_an_item_overruns() {
    let mut app = demo();
    assert_eq!(app.doc.ws.agenda.len(), 6);
    // Not started: the view says how to start.
    app.keys("A");
    assert_eq!(app.session.view, View::Agenda);
    let screen = app.screen(120, 30);
    assert!(screen.contains("60 min planned"), "{screen}");
    assert!(screen.contains("Not started"), "{screen}");

    // ] starts the first item at 10:00 and goes where it is worked.
    app.keys("]");
    assert_eq!(app.session.view, View::Board);
    let screen = app.screen(120, 30);
    assert!(screen.contains("▶ 1/6"), "{screen}");
    assert!(screen.contains("5 min left"), "{screen}");

    // Eight minutes on a five-minute item: three over, and the plan now ends at 11:03.
    app.wait(8 * 60);
    let screen = app.screen(120, 30);
    assert!(screen.contains("3 min over · ends 11:03"), "{screen}");
    app.keys("A");
    let screen = app.screen(120, 30);
    assert!(
        screen.contains("ends 11:03 (3 min late; planned 11:00)"),
        "{screen}"
    );
    assert!(screen.contains("10:00–10:08"), "{screen}");
    assert!(screen.contains("10:08–10:23"), "{screen}");

    // Move on: item 2 starts at 10:08.
    app.keys("]");
    assert_eq!(
        app.doc.ws.agenda[0].finished,
        Some(common::CLOCK_START + 480)
    );
    assert_eq!(
        app.doc.ws.agenda[1].started,
        Some(common::CLOCK_START + 480)
    );
    // Done in ten of its fifteen minutes: the plan catches up two minutes.
    app.wait(10 * 60).keys("]");
    assert_eq!(app.session.view, View::Owners, "item 3 is worked in Owners");
    let schedule = facilitation::schedule(&app.doc.ws.agenda, app.session.clock.at(app.now));
    assert_eq!(schedule.late(), 0);
    assert_eq!(
        schedule.expected_end,
        Some(common::CLOCK_START + 18 * 60 + 40 * 60)
    );

    // Undo moves the agenda back.
    app.keys("u");
    assert_eq!(app.doc.ws.agenda[1].finished, None);
    assert_eq!(app.doc.ws.agenda[2].started, None);
}

#[test]
fn agenda_items_are_added_edited_reordered_and_deleted() {
    let mut app = App::new(common::fixture());
    app.keys("A");
    assert!(app.screen(80, 24).contains("No agenda yet"));
    // Title, minutes (replacing the suggested 10), the view: Owners.
    app.keys("nAgree owners<tab><backspace><backspace>20<tab><right><right>");
    app.keys("<enter>");
    assert_eq!(app.doc.ws.agenda.len(), 1, "{}", app.screen(80, 24));
    let item = &app.doc.ws.agenda[0];
    assert_eq!(item.title, "Agree owners");
    assert_eq!(item.minutes, 20);
    assert_eq!(item.view, Some(View::Owners));

    app.keys("nWrap up<tab><backspace><backspace>5<enter>");
    assert_eq!(app.doc.ws.agenda[1].title, "Wrap up");
    app.keys("jK");
    assert_eq!(app.doc.ws.agenda[0].title, "Wrap up");
    assert_eq!(app.session.views.agenda.selected, 0);
    app.keys("e<backspace><backspace>! now<enter>");
    assert_eq!(app.doc.ws.agenda[0].title, "Wrap ! now");
    // A bad number is refused in the form, which stays open.
    app.keys("e<tab>x<enter>");
    assert!(app.screen(80, 24).contains("not a whole number"));
    app.keys("<esc>y");
    app.keys("dy");
    assert_eq!(app.doc.ws.agenda.len(), 1);
    assert_eq!(app.doc.ws.agenda[0].title, "Agree owners");
    app.keys("u");
    assert_eq!(app.doc.ws.agenda.len(), 2);
}

#[test]
fn deleting_a_stage_clears_it_from_the_agenda_in_one_undo_step() {
    let mut app = App::new(common::fixture());
    app.doc
        .apply(
            moments::model::Edit::Insert {
                item: moments::model::Item::Agenda(moments::model::AgendaItem {
                    title: "Awareness".into(),
                    minutes: 5,
                    stage: Some("S1".into()),
                    ..Default::default()
                }),
                at: 0,
            },
            None,
        )
        .unwrap();
    let edit = moments::model::Edit::remove_cascade(
        &app.doc.ws,
        &moments::model::ItemKey::Stage("S1".into()),
    )
    .unwrap();
    app.doc.apply(edit, None).unwrap();
    assert_eq!(app.doc.ws.agenda[0].stage, None);
    app.keys("u");
    assert_eq!(app.doc.ws.agenda[0].stage, Some("S1".into()));
}

/// Starting a round while one is open with dots asks what to do with it: cancel keeps it
/// as it was, discard drops its dots, reveal keeps its results.
#[test]
fn a_new_round_while_one_is_open_asks_what_to_do_with_it() {
    let mut app = demo();
    app.keys("V<enter>++");
    app.keys("V");
    let screen = app.screen(120, 30);
    assert!(
        screen.contains("Round 1 is open and not revealed"),
        "{screen}"
    );
    assert!(screen.contains("reveal and keep it"), "{screen}");
    // Esc cancels: round 1 stays open with its dots.
    app.keys("<esc>");
    let round = app.doc.ws.voting.clone().unwrap();
    assert_eq!((round.round, round.total(), round.revealed), (1, 2, false));
    assert!(app.session.overlays.is_empty());

    // d discards its dots, then asks for the new round.
    app.keys("Vd");
    let screen = app.screen(120, 30);
    assert!(screen.contains("Vote round 2"), "{screen}");
    app.keys("<enter>");
    let round = app.doc.ws.voting.clone().unwrap();
    assert_eq!((round.round, round.total()), (2, 0));

    // r reveals it (its tallies become the votes) before the next one starts.
    app.keys("+++Vr");
    assert_eq!(votes(&app, "M1"), 3, "round 2's tally is kept");
    app.keys("<enter>");
    assert_eq!(app.doc.ws.voting.as_ref().unwrap().round, 3);
}
