//! The Language view: the shared vocabulary. Glossary terms with what each silo calls
//! them, then the stages and, when searched for, the moments, as one list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::doc::Doc;
use crate::input::Action;
use crate::model::{ItemKey, Term};

use super::super::editors::{self, FormTarget};
use super::super::overlays::Overlay;
use ratatui::widgets::{Block, Borders};

use super::super::text::fit;
use super::super::{Cx, Session, View};
use super::{Offer, RenderCx, ViewPart, frame_block as block, move_in_list, offset, split};

#[derive(Clone, Debug, Default)]
pub struct State {
    pub selected: usize,
    /// Text the vocabulary is searched for.
    pub query: String,
}

pub struct Language;

const OFFERS: &[Offer] = &list_offers![
    Offer::named(Action::NewItem, "new", "Add a glossary term"),
    Offer::named(
        Action::Edit,
        "edit",
        "Edit the selected term or stage; a moment shows on the board",
    ),
    Offer::named(Action::Delete, "delete", "Delete the selected term (asks first)"),
    Offer::plain(Action::Search),
    Offer::named(Action::Back, "clear", "Clear the search"),
];

impl ViewPart for Language {
    fn view(&self) -> View {
        View::Language
    }

    fn offers(&self) -> &'static [Offer] {
        OFFERS
    }

    fn footer(&self, _doc: &Doc, _session: &Session) -> Vec<Action> {
        vec![
            Action::NewItem,
            Action::Edit,
            Action::Search,
            Action::Delete,
            Action::Undo,
            Action::NextView,
            Action::Help,
            Action::Quit,
        ]
    }

    fn act(&self, cx: &mut Cx, action: Action) -> bool {
        let word = rows(cx.doc, cx.session).get(cx.session.views.language.selected).cloned();
        match action {
            Action::NewItem => {
                let form = editors::term_form(&cx.doc.ws, None);
                cx.open(Overlay::form(FormTarget::Term(None), form));
            }
            Action::Edit => match word {
                Some(Word::Term(i)) => {
                    let t = &cx.doc.ws.glossary[i];
                    let form = editors::term_form(&cx.doc.ws, Some(t));
                    let target = FormTarget::Term(Some(t.term.clone()));
                    cx.open(Overlay::form(target, form));
                }
                Some(Word::Stage(i)) => {
                    let s = &cx.doc.ws.stages[i];
                    let form = editors::stage_form(&cx.doc.ws, s);
                    let target = FormTarget::Stage(s.id.clone());
                    cx.open(Overlay::form(target, form));
                }
                Some(Word::Moment(i)) => {
                    let id = cx.doc.ws.moments[i].id.clone();
                    cx.session.show_on_board(cx.doc, &id);
                }
                None => {}
            },
            Action::Delete => match word {
                Some(Word::Term(i)) => {
                    let term = cx.doc.ws.glossary[i].term.clone();
                    cx.ask_delete(ItemKey::Term(term.clone()), &format!("term “{term}”"));
                }
                _ => cx.say("Nothing to delete here"),
            },
            // Searching means the same from every view: `actions` opens the prompt here.
            Action::Search => return false,
            Action::Back => {
                let state = &mut cx.session.views.language;
                if !state.query.is_empty() {
                    state.query.clear();
                    state.selected = 0;
                }
            }
            _ => {
                let len = rows(cx.doc, cx.session).len();
                let height = cx.session.size.1;
                move_in_list(&mut cx.session.views.language.selected, height, len, action);
            }
        }
        true
    }

    fn render(&self, frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, cx: &RenderCx) {
        let theme = cx.theme;
        let title = if session.views.language.query.is_empty() {
            " Language: the shared vocabulary (ctrl-f searches) ".to_owned()
        } else {
            format!(
                " Language: “{}” (ctrl-f to change, Esc clears) ",
                session.views.language.query
            )
        };
        let b = block(title, theme);
        let inner = b.inner(body);
        frame.render_widget(b, body);
        let (list, detail) = split(inner);
        let rows = rows(doc, session);
        let ws = &doc.ws;
        let mut lines = Vec::new();
        if rows.is_empty() {
            let text = if session.views.language.query.is_empty() {
                " No terms yet. Press n to add a term the room agrees on, e.g. “Activation”."
            } else {
                " Nothing matches. Esc clears the search."
            };
            lines.push(Line::styled(text, theme.muted));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), list);
            return;
        }
        let room = usize::from(list.height).saturating_sub(1).max(1);
        let selected = session.views.language.selected.min(rows.len() - 1);
        let w = usize::from(list.width);
        // Names get the width of the longest (from 26 columns up to two fifths of the
        // list), so a long term is not cut beside room to spare.
        let name_w = rows
            .iter()
            .map(|word| {
                super::super::text::width(match word {
                    Word::Term(t) => &ws.glossary[*t].term,
                    Word::Stage(s) => &ws.stages[*s].name,
                    Word::Moment(m) => &ws.moments[*m].title,
                })
            })
            .max()
            .unwrap_or(0)
            .clamp(26, (w * 2 / 5).max(26));
        for (i, word) in rows
            .iter()
            .enumerate()
            .skip(offset(selected, room))
            .take(room)
        {
            let style = theme.row(i == selected);
            let (kind, name, text) = match word {
                Word::Term(t) => (
                    "term ",
                    ws.glossary[*t].term.clone(),
                    ws.glossary[*t].definition.clone(),
                ),
                Word::Stage(s) => (
                    "stage",
                    ws.stages[*s].name.clone(),
                    ws.stages[*s].goal.clone(),
                ),
                Word::Moment(m) => (
                    "mom. ",
                    ws.moments[*m].title.clone(),
                    ws.moments[*m].description.clone(),
                ),
            };
            lines.push(Line::from(vec![
                Span::styled(format!(" {kind} "), theme.muted.patch(style)),
                Span::styled(fit(&name, name_w), theme.title.patch(style)),
                Span::styled(
                    fit(
                        &format!(" {}", text.replace('\n', " ")),
                        w.saturating_sub(name_w + 7),
                    ),
                    style,
                ),
            ]));
        }
        lines.push(Line::styled(
            format!(" {} of {}", selected + 1, rows.len()),
            theme.muted,
        ));
        frame.render_widget(Paragraph::new(lines), list);
        if let Some(detail) = detail {
            let text: Vec<String> = match &rows[selected] {
                Word::Term(t) => term_detail(&ws.glossary[*t], doc),
                Word::Stage(s) => super::super::detail::stage_detail(&ws.stages[*s]),
                Word::Moment(m) => {
                    let m = &ws.moments[*m];
                    vec![
                        format!("{} {}", m.id, m.title),
                        String::new(),
                        m.description.clone(),
                    ]
                }
            };
            let lines: Vec<Line> = text.into_iter().map(Line::from).collect();
            frame.render_widget(
                Paragraph::new(lines).wrap(Wrap { trim: false }).block(
                    Block::default()
                        .borders(Borders::LEFT)
                        .border_style(theme.border),
                ),
                detail,
            );
        }
    }
}

/// One entry of the shared vocabulary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Word {
    /// A glossary term, by position in `ws.glossary`.
    Term(usize),
    /// A stage, by position in `ws.stages`.
    Stage(usize),
    /// A moment, by position in `ws.moments`.
    Moment(usize),
}

/// The vocabulary shown: glossary terms first, then stages and moments, matching the search.
pub fn rows(doc: &Doc, session: &Session) -> Vec<Word> {
    let q = session.views.language.query.to_lowercase();
    let hit = |texts: &[&str]| q.is_empty() || texts.iter().any(|t| t.to_lowercase().contains(&q));
    let ws = &doc.ws;
    let mut rows = Vec::new();
    for (i, t) in ws.glossary.iter().enumerate() {
        let mut texts: Vec<&str> = vec![&t.term, &t.definition];
        texts.extend(t.also_called.values().map(String::as_str));
        if hit(&texts) {
            rows.push(Word::Term(i));
        }
    }
    for (i, s) in ws.stages.iter().enumerate() {
        if hit(&[&s.name, &s.goal]) {
            rows.push(Word::Stage(i));
        }
    }
    // Moments are many; they join the vocabulary when searched for.
    if !q.is_empty() {
        for (i, m) in ws.moments.iter().enumerate() {
            if hit(&[&m.title, &m.description]) {
                rows.push(Word::Moment(i));
            }
        }
    }
    rows
}

fn term_detail(t: &Term, doc: &Doc) -> Vec<String> {
    let mut out = vec![t.term.clone(), String::new()];
    out.push(if t.definition.is_empty() {
        "No agreed definition yet.".into()
    } else {
        t.definition.clone()
    });
    if !t.also_called.is_empty() {
        out.push(String::new());
        out.push("What each silo calls it today:".into());
        for (silo, name) in &t.also_called {
            let silo_name = doc
                .ws
                .silo(silo)
                .map_or(String::new(), |s| format!(" ({})", s.name));
            out.push(format!("  {silo}{silo_name}: {name}"));
        }
    }
    out
}

