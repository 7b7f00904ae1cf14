//! Windows in front of the view: a stack whose top gets every key until it closes. Each
//! overlay is one module with its keys and its drawing; this module holds their states
//! (one enum, so a session can be cloned and inspected) and routes to them.
//!
//! Overlays know the document, the session and the forms; they never import a view or an
//! action. What they cannot finish themselves (a prompt's text, a submitted form, a
//! command chosen in the palette) comes back as an [`Outcome`] for the dispatcher.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

use crate::input::{Action, Context, Key};
use crate::model::{Edit, MomentId, Owner, StageId};

use super::editors::{FormTarget, Listed};
use super::form::{Field, Form};
use super::theme::Theme;
use super::{Chrome, Cx, Session};

pub mod conflict;
pub mod find;
pub mod form;
pub mod help;
pub mod lists;
pub mod owners;
pub mod palette;
pub mod prompt;
pub mod question;
pub mod summary;

/// What a one-line prompt is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptPurpose {
    NewMoment {
        stage: StageId,
    },
    NewStage {
        after: Option<StageId>,
    },
    RenameWorkspace,
    /// Search the Language view.
    Search,
    /// Start the timebox.
    Timer,
    /// Capture an item to the parking lot.
    Park,
    /// Change a parking-lot entry.
    EditParking(Listed<crate::model::Parked>),
}

/// What answering "yes" to a question does.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // one per open question; boxing buys nothing
pub enum Confirmed {
    Apply(Box<Edit>),
    /// Leave an editor, dropping its draft.
    DiscardDraft,
    /// Quit without saving (only offered for scratch copies and failed saves).
    QuitWithoutSaving,
    /// Delete an entry of a list without ids, found again when the answer comes.
    RemoveListed(ListedEntry),
    /// A new vote round while one is open and unrevealed: reveal and keep it, discard
    /// it, or cancel; either of the first two then asks for the new round.
    OpenRound,
}

/// An entry of the parking lot or the agenda, to be deleted.
#[derive(Clone, Debug, PartialEq)]
pub enum ListedEntry {
    Parking(Listed<crate::model::Parked>),
    Agenda(Listed<crate::model::AgendaItem>),
}

/// Which list a list overlay shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    Silos,
    Segments,
    Competitors,
}

/// A window in front of the view that takes the keys until it closes.
#[derive(Clone, Debug)]
pub enum Overlay {
    Prompt {
        purpose: PromptPurpose,
        title: String,
        input: Form,
    },
    Confirm {
        question: String,
        on_yes: Confirmed,
    },
    Form {
        target: FormTarget,
        form: Form,
    },
    Owners(OwnersDraft),
    List {
        kind: ListKind,
        selected: usize,
    },
    Help {
        scroll: u16,
    },
    Palette {
        query: Form,
        selected: usize,
    },
    /// Find anything by id or words (`/`).
    Find {
        query: Form,
        selected: usize,
        hits: Box<find::Hits>,
    },
    /// The file changed on disk while we had unsaved edits.
    DiskConflict,
    /// What is still open from earlier sessions, shown once on opening.
    Summary(Vec<String>),
}

impl Overlay {
    pub fn prompt(purpose: PromptPurpose, title: &str, value: &str) -> Overlay {
        Overlay::Prompt {
            purpose,
            title: title.to_owned(),
            input: Form::new(title, vec![Field::line("", value, "")]),
        }
    }

    pub fn form(target: FormTarget, form: Form) -> Overlay {
        Overlay::Form { target, form }
    }

    /// Whether this overlay opens here only to be read: an editor of the document in a
    /// session that may not change it. The Priorities filter is the session's own.
    pub fn reads_only(&self, session: &Session) -> bool {
        super::policy::is_view_only(session)
            && !matches!(
                self,
                Overlay::Form {
                    target: FormTarget::PriorityFilter,
                    ..
                }
            )
    }

    /// The key-table context of this overlay, for the keys it lets the user remap.
    pub fn context(&self) -> Option<Context> {
        match self {
            Overlay::Confirm { .. } => Some(Context::Question),
            Overlay::Owners(d) if d.naming.is_none() => Some(Context::OwnersEditor),
            Overlay::List { .. } => Some(Context::Lists),
            Overlay::Help { .. } => Some(Context::Help),
            Overlay::DiskConflict => Some(Context::Conflict),
            _ => None,
        }
    }
}

/// The owners of a moment being edited: one row per silo.
#[derive(Clone, Debug)]
pub struct OwnersDraft {
    pub moment: MomentId,
    pub owners: Vec<Owner>,
    /// The silo row with focus.
    pub cursor: usize,
    /// Typing a person's name for the focused silo.
    pub naming: Option<Form>,
}

/// What an overlay hands back to the dispatcher when it cannot finish alone.
#[derive(Debug)]
pub enum Outcome {
    /// Nothing more to do.
    Done,
    /// A prompt was answered with this (cleaned) text.
    Prompt(PromptPurpose, String),
    /// A form was submitted; the dispatcher makes its edit, or puts it back with the error.
    Form(FormTarget, Form),
    /// The palette chose an action to run.
    Run(Action),
    /// Find chose an item to go to.
    Find(find::Found),
}

/// Gives a key to the overlay on top. `commands`: what the palette may run here.
pub fn key(cx: &mut Cx, key: Key, commands: &[Action]) -> Outcome {
    let Some(overlay) = cx.session.overlays.pop() else {
        return Outcome::Done;
    };
    let action = overlay
        .context()
        .and_then(|context| cx.keymap.overlay_action(context, key));
    match overlay {
        Overlay::Prompt {
            purpose,
            title,
            input,
        } => prompt::key(cx, purpose, title, input, key),
        Overlay::Confirm { question, on_yes } => question::key(cx, question, on_yes, action),
        Overlay::Form { target, form } => form::key(cx, target, form, key),
        Overlay::Owners(draft) => owners::key(cx, draft, key, action),
        Overlay::List { kind, selected } => lists::key(cx, kind, selected, action),
        Overlay::Help { scroll } => help::key(cx, scroll, action),
        Overlay::Palette { query, selected } => palette::key(cx, query, selected, key, commands),
        Overlay::Find {
            query,
            selected,
            hits,
        } => find::key(cx, query, selected, hits, key),
        // Any key dismisses the summary; it has done its job.
        Overlay::Summary(_) => Outcome::Done,
        Overlay::DiskConflict => conflict::key(cx, action),
    }
}

/// Brings what the overlay in front shows up to date with the document before a frame:
/// the find list follows edits made by others while it is open, and pasted text.
pub fn settle(session: &mut Session, doc: &crate::doc::Doc) {
    if let Some(Overlay::Find { query, hits, .. }) = session.overlays.last_mut() {
        hits.refresh(doc, &query.fields[0].value());
    }
}

/// Text pasted while an overlay is open goes to its text field, if it has one.
pub fn paste(session: &mut Session, text: &str) {
    let view_only = session
        .overlays
        .last()
        .filter(|o| o.reads_only(session))
        .and_then(|_| super::policy::view_only(session));
    match session.overlays.last_mut() {
        Some(Overlay::Form { form, .. }) if view_only.is_some() => form.error = view_only,
        Some(
            Overlay::Prompt { input, .. }
            | Overlay::Palette { query: input, .. }
            | Overlay::Find { query: input, .. },
        ) => {
            input.paste(&text.replace('\n', " "));
        }
        Some(Overlay::Form { form, .. }) => form.paste(text),
        Some(Overlay::Owners(OwnersDraft {
            naming: Some(form), ..
        })) => form.paste(text),
        _ => {}
    }
}

/// What the palette and help list, handed in by the chrome, which knows the views.
pub struct Listing<'a> {
    pub help: &'a [Line<'static>],
    pub commands: &'a [(Action, String)],
}

/// Draws the overlay on top of the body.
pub fn draw(frame: &mut Frame, body: Rect, overlay: &Overlay, cx: &DrawCx, listing: &Listing) {
    match overlay {
        Overlay::Prompt { title, input, .. } => prompt::render(frame, body, title, input, cx.theme),
        Overlay::Confirm { question, on_yes } => {
            question::render(frame, body, question, on_yes, cx);
        }
        Overlay::Form { form, .. } => {
            let view_only = overlay.reads_only(cx.session);
            form::render(frame, body, form, view_only, cx.theme);
        }
        Overlay::Owners(draft) => owners::render(frame, body, draft, cx),
        Overlay::List { kind, selected } => lists::render(frame, body, *kind, *selected, cx),
        Overlay::Help { scroll } => help::render(frame, body, *scroll, listing.help, cx.theme),
        Overlay::Palette { query, selected } => {
            palette::render(frame, body, query, *selected, listing.commands, cx);
        }
        Overlay::Find {
            query,
            selected,
            hits,
        } => find::render(frame, body, (query, *selected, hits), cx),
        Overlay::Summary(lines) => summary::render(frame, body, lines, cx),
        Overlay::DiskConflict => conflict::render(frame, body, cx),
    }
}

/// What drawing an overlay borrows.
pub struct DrawCx<'a> {
    pub doc: &'a crate::doc::Doc,
    pub session: &'a Session,
    pub chrome: &'a Chrome<'a>,
    pub theme: &'a Theme,
}

impl DrawCx<'_> {
    /// The first key bound to `action` in an overlay's context, for the hints it shows.
    pub fn key(&self, context: Context, action: Action) -> String {
        self.chrome
            .keymap
            .overlay_key_label(context, action)
            .unwrap_or_else(|| "—".to_owned())
    }
}

/// The keys an overlay shows in the footer; in a read-only session, editors offer only
/// moving and closing. Remappable keys are read from the key table.
pub fn footer_keys(overlay: &Overlay, view_only: bool, cx: &DrawCx) -> Vec<(String, &'static str)> {
    let v =
        |pairs: &[(&str, &'static str)]| pairs.iter().map(|(k, w)| ((*k).to_owned(), *w)).collect();
    let keyed =
        |context: Context, pairs: &[(Action, &'static str)]| -> Vec<(String, &'static str)> {
            pairs
                .iter()
                .map(|(a, w)| (cx.key(context, *a), *w))
                .collect()
        };
    match overlay {
        Overlay::Form { .. } if view_only => {
            v(&[("tab/↓", "next field"), ("↑", "previous"), ("esc", "close")])
        }
        Overlay::Owners(_) if view_only => v(&[("↑/↓", "silo"), ("esc", "close")]),
        Overlay::List { .. } if view_only => {
            v(&[("↑/↓", "choose"), ("enter", "view"), ("esc", "close")])
        }
        Overlay::Form {
            target: FormTarget::PriorityFilter,
            ..
        } => v(&[
            ("enter", "apply"),
            ("tab/↓", "next field"),
            ("↑", "previous"),
            ("←/→", "choose"),
            ("esc", "cancel"),
        ]),
        Overlay::Prompt { .. } => v(&[("enter", "keep"), ("esc", "cancel")]),
        Overlay::Confirm {
            on_yes: Confirmed::OpenRound,
            ..
        } => keyed(
            Context::Question,
            &[
                (Action::VoteReveal, "reveal and keep it"),
                (Action::Delete, "discard it"),
                (Action::No, "cancel"),
            ],
        ),
        Overlay::Confirm { .. } => keyed(
            Context::Question,
            &[(Action::Yes, "yes"), (Action::No, "no")],
        ),
        Overlay::Form { form, .. } => {
            if form.fields[form.focus].is_multiline() {
                v(&[
                    ("ctrl-s", "save"),
                    ("tab", "next field"),
                    ("shift-tab", "previous"),
                    ("enter", "new line"),
                    ("esc", "cancel"),
                ])
            } else {
                v(&[
                    ("enter", "save"),
                    ("tab/↓", "next field"),
                    ("↑", "previous"),
                    ("←/→", "choose"),
                    ("esc", "cancel"),
                ])
            }
        }
        Overlay::Owners(d) if d.naming.is_some() => v(&[("enter", "keep"), ("esc", "cancel")]),
        Overlay::Owners(_) => keyed(
            Context::OwnersEditor,
            &[
                (Action::SetAccountable, "accountable"),
                (Action::SetResponsible, "responsible"),
                (Action::SetConsulted, "consulted"),
                (Action::SetInformed, "informed"),
                (Action::ClearRole, "remove"),
                (Action::NamePerson, "person"),
                (Action::Silos, "silos"),
                (Action::Yes, "save"),
                (Action::No, "cancel"),
            ],
        ),
        Overlay::List { .. } => keyed(
            Context::Lists,
            &[
                (Action::NewItem, "new"),
                (Action::Edit, "edit"),
                (Action::Delete, "delete"),
                (Action::No, "close"),
            ],
        ),
        Overlay::Help { .. } => v(&[("↑/↓", "scroll"), ("esc", "close")]),
        Overlay::Palette { .. } => v(&[
            ("type", "to find"),
            ("↑/↓", "choose"),
            ("enter", "run"),
            ("esc", "close"),
        ]),
        Overlay::Find { .. } => v(&[
            ("type", "an id or words"),
            ("↑/↓", "choose"),
            ("enter", "go there"),
            ("esc", "close"),
        ]),
        Overlay::Summary(_) => v(&[("any key", "start")]),
        Overlay::DiskConflict => keyed(
            Context::Conflict,
            &[
                (Action::Reload, "reload theirs"),
                (Action::KeepMineAsCopy, "keep mine as a copy"),
                (Action::Overwrite, "overwrite theirs"),
            ],
        ),
    }
}

/// A centred rectangle of at most `w`×`h`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height.saturating_sub(2)).max(3.min(area.height));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height.saturating_sub(h)) / 2,
        w,
        h,
    )
}

/// The double-bordered panel every overlay sits in.
pub fn panel<'a>(title: &str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Span::styled(format!(" {title} "), theme.heading))
}
