//! The footer: the keys that matter now, made from what the focused view (or overlay)
//! offers and the key table, so it never shows a key that does something else. When the
//! line is narrow, keys give way by rank: deleting first, getting around last.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::doc::Doc;
use crate::input::Action;

use super::super::overlays::{self, DrawCx};
use super::super::text::width;
use super::super::{Rights, Session, policy, views};

/// The keys that matter now, generated from the keymap so it never lies.
pub fn render(frame: &mut Frame, area: Rect, doc: &Doc, session: &Session, cx: &DrawCx) {
    let theme = cx.theme;
    let keymap = cx.chrome.keymap;
    // Each pair with its rank: when the line is too narrow, the highest ranks give way
    // first and the rest keep their order.
    let pairs: Vec<(String, &str, u8)> = if let Some(overlay) = session.overlays.last() {
        overlays::footer_keys(overlay, overlay.reads_only(session), cx)
            .into_iter()
            .map(|(key, what)| (key, what, 0))
            .collect()
    } else {
        let part = views::part(session.view);
        let context = part.context();
        let mut pairs: Vec<(String, &str, u8)> = part
            .footer(doc, session)
            .into_iter()
            // What this session would refuse is not offered (help lists it, marked).
            .filter(|a| policy::refusal(session, *a).is_none())
            .filter_map(|a| {
                let key = keymap.key_label(context, a)?;
                let word = match views::offers(session.view, a) {
                    // An editor this session may only read opens to be looked at.
                    Some(_)
                        if a == Action::Edit
                            && policy::is_view_only(session)
                            && policy::changes_document(Action::Edit, session.view) =>
                    {
                        "view"
                    }
                    Some(offer) => part.word(doc, session, offer),
                    None => a.short(),
                };
                Some((key, word, rank(a, doc.ws.voting.is_some())))
            })
            .collect();
        if let Some(following) = follow_in_footer(session)
            && let Some(key) = keymap.key_label(context, Action::Follow)
        {
            let what = if following { "unfollow" } else { "follow" };
            pairs.insert(0, (key, what, 1));
        }
        pairs
    };
    // The last two always show (help and quit on the board; save or close and cancel in
    // overlays); the middle gives way, highest rank first, then from the right.
    let cost = |(key, what, _): &(String, &str, u8)| width(key) + width(what) + 3;
    let tail = pairs.len().min(2);
    let (head, last) = pairs.split_at(pairs.len() - tail);
    let mut budget = usize::from(area.width).saturating_sub(last.iter().map(cost).sum());
    let mut by_rank: Vec<usize> = (0..head.len()).collect();
    by_rank.sort_by_key(|&i| (head[i].2, i));
    let mut keep = vec![false; head.len()];
    for i in by_rank {
        if cost(&head[i]) <= budget {
            budget -= cost(&head[i]);
            keep[i] = true;
        }
    }
    let shown = head
        .iter()
        .zip(keep)
        .filter_map(|(pair, keep)| keep.then_some(pair))
        .chain(last);
    let mut spans = Vec::new();
    for (key, what, _) in shown {
        spans.push(Span::styled(format!(" {key}"), theme.key));
        spans.push(Span::styled(format!(" {what} "), theme.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// How readily a key gives way in a narrow footer (0 stays longest): getting around and
/// the first edits a newcomer makes come first, deleting last.
/// While there is a vote round its keys are what the room is doing.
fn rank(action: Action, in_round: bool) -> u8 {
    match action {
        Action::NextView => 0,
        Action::NewMoment | Action::Edit | Action::NewItem => 1,
        Action::VoteAdd | Action::VoteReveal if in_round => 1,
        Action::Owners | Action::Undo | Action::AgendaNext => 2,
        Action::Delete => 4,
        _ => 3,
    }
}

/// Whether the footer offers to follow the facilitator, and whether this person follows
/// now: for remote participants and observers, and for a facilitator who follows another.
fn follow_in_footer(session: &Session) -> Option<bool> {
    session.follow.filter(|&following| {
        following || session.rights != Rights::Full || session.read_only.is_some()
    })
}
