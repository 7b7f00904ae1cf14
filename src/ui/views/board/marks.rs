//! What a card shows besides its title: its id, its Accountable silo and its marks, as
//! text with a tone the theme colours when drawing. The layout packs them to a card's
//! width once and keeps them (the theme does not change how wide they are); the drawing
//! only colours what was packed.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::Span;

use crate::doc::Doc;
use crate::model::{Experience, Moment};

use super::super::super::Session;
use super::super::super::text::width;
use super::super::super::theme::Theme;

/// How a mark is coloured; the theme says with what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Id,
    Muted,
    Warning,
    /// A silo, by its position in the workspace's list.
    Silo(usize),
    Heading,
    Key,
    Bad,
    Good,
    Experience(Experience),
}

impl Tone {
    pub fn style(self, theme: &Theme) -> Style {
        match self {
            Tone::Plain => Style::default(),
            Tone::Id => theme.id,
            Tone::Muted => theme.muted,
            Tone::Warning => theme.warning,
            Tone::Silo(position) => theme.silo(position),
            Tone::Heading => theme.heading,
            Tone::Key => theme.key,
            Tone::Bad => theme.bad,
            Tone::Good => theme.good,
            Tone::Experience(e) => theme.experience(e),
        }
    }
}

/// A piece of a card's marks line.
pub type Mark = (Cow<'static, str>, Tone);

/// The space between two marks, where a line may break.
const GAP: Mark = (Cow::Borrowed(" "), Tone::Plain);

/// The meta line of a card: its id and accountable silo, then its marks.
pub fn meta(doc: &Doc, session: &Session, m: &Moment) -> Vec<Mark> {
    // A hollow mark before the id: an interaction we do not support today.
    let mut marks = if m.supported {
        vec![(Cow::Owned(m.id.to_string()), Tone::Id), GAP]
    } else {
        vec![(Cow::Owned(format!("○{}", m.id)), Tone::Muted), GAP]
    };
    match m.accountable_count() {
        0 => marks.push((Cow::Borrowed("no A"), Tone::Warning)),
        1 => {
            let silo = m.accountable().expect("one accountable");
            let position = doc.ws.silos.iter().position(|s| &s.id == silo).unwrap_or(0);
            marks.push((Cow::Owned(silo.to_string()), Tone::Silo(position)));
        }
        n => marks.push((Cow::Owned(format!("{n} A")), Tone::Warning)),
    }
    marks.extend(after_id(doc, session, m));
    marks
}

/// A card's marks, each after a space: what it is critical for, votes, experience,
/// status. The compact density shows them between the id and the title.
pub fn after_id(doc: &Doc, session: &Session, m: &Moment) -> Vec<Mark> {
    let mut marks = Vec::new();
    if !m.critical_for.is_empty() {
        let symbols: String = m.critical_for.iter().map(|c| c.symbol()).collect();
        marks.extend([GAP, (Cow::Owned(symbols), Tone::Heading)]);
    }
    let (mark, votes) = super::dots(doc, session, m);
    if votes > 0 {
        marks.extend([GAP, (Cow::Owned(format!("{mark}{votes}")), Tone::Key)]);
    }
    // A competitor does this moment better than we do.
    if m.versus.values().any(|s| *s == crate::model::Standing::Ahead) {
        marks.extend([GAP, (Cow::Borrowed("»"), Tone::Bad)]);
    }
    // In a hidden round a card shows only this voter's own dots.
    if let Some(round) = doc.ws.voting.as_ref().filter(|r| !r.revealed) {
        let mine = round.mine(&session.voter, &m.id);
        if mine > 0 {
            marks.extend([GAP, (Cow::Owned(format!("◦{mine}")), Tone::Key)]);
        }
    }
    if let Some(e) = experience(session, m) {
        marks.extend([GAP, (Cow::Borrowed(e.symbol()), Tone::Experience(e))]);
    }
    if m.status == crate::model::Status::Agreed {
        marks.extend([GAP, (Cow::Borrowed("✔"), Tone::Good)]);
    }
    marks
}

/// The experience a card shows: the chosen segment's, or the worst across segments.
fn experience(session: &Session, m: &Moment) -> Option<Experience> {
    match &session.segment {
        Some(g) => m.experience.get(g).copied(),
        None => m.worst_experience(),
    }
}

/// What [`meta`] shows of a card, as one number (kept in step with it): the layout keeps
/// a card's measurements across edits while this and the title stay the same.
pub fn shown(doc: &Doc, session: &Session, m: &Moment) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    m.id.hash(&mut h);
    m.supported.hash(&mut h);
    match m.accountable_count() {
        1 => {
            let silo = m.accountable();
            silo.hash(&mut h);
            // The silo's colour is its position.
            doc.ws
                .silos
                .iter()
                .position(|s| Some(&s.id) == silo)
                .hash(&mut h);
        }
        n => n.hash(&mut h),
    }
    for c in &m.critical_for {
        c.symbol().hash(&mut h);
    }
    super::dots(doc, session, m).hash(&mut h);
    m.versus
        .values()
        .any(|s| *s == crate::model::Standing::Ahead)
        .hash(&mut h);
    if let Some(round) = doc.ws.voting.as_ref().filter(|r| !r.revealed) {
        round.mine(&session.voter, &m.id).hash(&mut h);
    }
    experience(session, m).hash(&mut h);
    (m.status == crate::model::Status::Agreed).hash(&mut h);
    h.finish()
}

/// Breaks a card's meta line into lines of at most `max` columns at the spaces between
/// marks, so a narrow card wraps its marks rather than cutting them.
pub fn pack(marks: Vec<Mark>, max: usize) -> Vec<Vec<Mark>> {
    let mut lines = vec![Vec::new()];
    let mut used = 0;
    let mut space = false;
    for mark in marks {
        if mark == GAP {
            space = true;
            continue;
        }
        let w = width(&mark.0);
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && used + usize::from(space) + w > max {
            lines.push(vec![mark]);
            used = w;
        } else {
            if space && !line.is_empty() {
                line.push(GAP);
                used += 1;
            }
            line.push(mark);
            used += w;
        }
        space = false;
    }
    lines
}

/// Marks as spans in `theme`'s colours, or all in `over` (a highlighted card's style).
pub fn spans(marks: &[Mark], theme: &Theme, over: Option<Style>) -> Vec<Span<'static>> {
    marks
        .iter()
        .map(|(text, tone)| Span::styled(text.clone(), over.unwrap_or_else(|| tone.style(theme))))
        .collect()
}
