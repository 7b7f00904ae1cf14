//! A form: labelled fields (one-line text, multi-line text, a choice, several choices)
//! edited as a draft and committed as one edit. Multi-line text uses ratatui-textarea.

use ratatui_textarea::{Input, Key as TaKey, TextArea, WrapMode};

use crate::input::{Key, KeyCode};

/// One field of a form.
#[derive(Clone, Debug)]
pub struct Field {
    pub label: String,
    pub kind: FieldKind,
    /// A line of help shown when the field has focus.
    pub hint: String,
}

#[derive(Clone, Debug)]
pub enum FieldKind {
    /// One line of text.
    Line(TextArea<'static>),
    /// Several lines of text.
    Text(TextArea<'static>),
    /// One of several options (`None` allowed when `optional`).
    Choice {
        options: Vec<String>,
        selected: Option<usize>,
        optional: bool,
    },
    /// Any of several options.
    Multi {
        options: Vec<String>,
        selected: Vec<bool>,
        cursor: usize,
    },
}

fn text_area(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = if text.is_empty() {
        vec![String::new()]
    } else {
        text.split('\n').map(str::to_owned).collect()
    };
    let mut ta = TextArea::new(lines);
    ta.set_wrap_mode(WrapMode::WordOrGlyph);
    ta.set_cursor_line_style(ratatui::style::Style::default());
    ta.move_cursor(ratatui_textarea::CursorMove::Bottom);
    ta.move_cursor(ratatui_textarea::CursorMove::End);
    ta
}

impl Field {
    pub fn line(label: &str, value: &str, hint: impl Into<String>) -> Self {
        Self {
            label: label.to_owned(),
            kind: FieldKind::Line(text_area(value)),
            hint: hint.into(),
        }
    }

    pub fn text(label: &str, value: &str, hint: impl Into<String>) -> Self {
        Self {
            label: label.to_owned(),
            kind: FieldKind::Text(text_area(value)),
            hint: hint.into(),
        }
    }

    pub fn choice(
        label: &str,
        options: Vec<String>,
        selected: Option<usize>,
        optional: bool,
        hint: impl Into<String>,
    ) -> Self {
        Self {
            label: label.to_owned(),
            kind: FieldKind::Choice {
                options,
                selected,
                optional,
            },
            hint: hint.into(),
        }
    }

    pub fn multi(
        label: &str,
        options: Vec<String>,
        selected: Vec<bool>,
        hint: impl Into<String>,
    ) -> Self {
        Self {
            label: label.to_owned(),
            kind: FieldKind::Multi {
                options,
                selected,
                cursor: 0,
            },
            hint: hint.into(),
        }
    }

    /// The text of a text field.
    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Line(ta) => ta.lines().join(" ").trim().to_owned(),
            FieldKind::Text(ta) => ta.lines().join("\n").trim_end().to_owned(),
            FieldKind::Choice {
                options, selected, ..
            } => selected.map(|i| options[i].clone()).unwrap_or_default(),
            FieldKind::Multi {
                options, selected, ..
            } => options
                .iter()
                .zip(selected)
                .filter(|(_, s)| **s)
                .map(|(o, _)| o.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    pub fn selected(&self) -> Option<usize> {
        match &self.kind {
            FieldKind::Choice { selected, .. } => *selected,
            _ => None,
        }
    }

    pub fn chosen(&self) -> Vec<bool> {
        match &self.kind {
            FieldKind::Multi { selected, .. } => selected.clone(),
            _ => Vec::new(),
        }
    }

    pub fn is_multiline(&self) -> bool {
        matches!(self.kind, FieldKind::Text(_))
    }

    /// Handles a key inside the field; `false` when the field did not use it.
    fn key(&mut self, key: Key) -> bool {
        if self.textarea().is_some() {
            return self.text_key(key);
        }
        match &mut self.kind {
            FieldKind::Choice {
                options,
                selected,
                optional,
            } => {
                // Every position the selection can take: "none" first when optional.
                let positions: Vec<Option<usize>> = optional
                    .then_some(None)
                    .into_iter()
                    .chain((0..options.len()).map(Some))
                    .collect();
                let here = positions.iter().position(|p| p == selected).unwrap_or(0);
                let len = positions.len();
                *selected = match key.code {
                    KeyCode::Right | KeyCode::Char(' ' | 'l') => positions[(here + 1) % len],
                    KeyCode::Left | KeyCode::Char('h') => positions[(here + len - 1) % len],
                    KeyCode::Backspace | KeyCode::Delete if *optional => None,
                    KeyCode::Char(c) if c.is_ascii_digit() => {
                        // A digit picks the option with that label (importance 1–5), else
                        // the option with that number.
                        let d = c.to_digit(10).unwrap_or(0) as usize;
                        match options.iter().position(|o| o == &c.to_string()) {
                            Some(i) => Some(i),
                            None if (1..=options.len()).contains(&d) => Some(d - 1),
                            None => return true,
                        }
                    }
                    _ => return false,
                };
                true
            }
            FieldKind::Multi {
                options,
                selected,
                cursor,
            } => {
                let n = options.len();
                match key.code {
                    KeyCode::Right | KeyCode::Char('l') => *cursor = (*cursor + 1) % n,
                    KeyCode::Left | KeyCode::Char('h') => *cursor = (*cursor + n - 1) % n,
                    KeyCode::Char(' ' | 'x') => {
                        selected[*cursor] = !selected[*cursor];
                    }
                    KeyCode::Char(c) if c.is_ascii_digit() => {
                        let d = c.to_digit(10).unwrap_or(0) as usize;
                        if (1..=n).contains(&d) {
                            *cursor = d - 1;
                            selected[d - 1] = !selected[d - 1];
                        }
                    }
                    _ => return false,
                }
                true
            }
            FieldKind::Line(_) | FieldKind::Text(_) => unreachable!("handled above"),
        }
    }

    fn text_key(&mut self, key: Key) -> bool {
        let multiline = self.is_multiline();
        if !multiline && matches!(key.code, KeyCode::Enter | KeyCode::Up | KeyCode::Down) {
            return false;
        }
        if let Some(c) = key.text()
            && super::text::sanitize(&c.to_string(), false).is_empty()
        {
            return true;
        }
        match to_textarea(key) {
            Some(input) => {
                self.textarea_mut().expect("a text field").input(input);
                true
            }
            None => false,
        }
    }

    pub fn textarea(&self) -> Option<&TextArea<'static>> {
        match &self.kind {
            FieldKind::Line(ta) | FieldKind::Text(ta) => Some(ta),
            _ => None,
        }
    }

    fn textarea_mut(&mut self) -> Option<&mut TextArea<'static>> {
        match &mut self.kind {
            FieldKind::Line(ta) | FieldKind::Text(ta) => Some(ta),
            _ => None,
        }
    }

    fn paste(&mut self, text: &str) {
        let multiline = self.is_multiline();
        if let Some(ta) = self.textarea_mut() {
            if multiline {
                ta.insert_str(super::text::sanitize(text, true));
            } else {
                // Pasted lines in a one-line field stay apart as words, not run together.
                ta.insert_str(super::text::sanitize(&text.replace('\n', " "), false));
            }
        }
    }
}

/// Maps our key to the text area's input type.
fn to_textarea(key: Key) -> Option<Input> {
    let k = match key.code {
        KeyCode::Char(c) => TaKey::Char(c),
        KeyCode::Enter => TaKey::Enter,
        KeyCode::Backspace => TaKey::Backspace,
        KeyCode::Delete => TaKey::Delete,
        KeyCode::Left => TaKey::Left,
        KeyCode::Right => TaKey::Right,
        KeyCode::Up => TaKey::Up,
        KeyCode::Down => TaKey::Down,
        KeyCode::Home => TaKey::Home,
        KeyCode::End => TaKey::End,
        KeyCode::PageUp => TaKey::PageUp,
        KeyCode::PageDown => TaKey::PageDown,
        _ => return None,
    };
    Some(Input {
        key: k,
        ctrl: key.ctrl,
        alt: key.alt,
        shift: false,
    })
}

/// What a key did to a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormOutcome {
    /// Still editing.
    Editing,
    /// Commit the draft.
    Submit,
    /// Leave without committing.
    Cancel,
}

/// A set of fields with one in focus.
#[derive(Clone, Debug)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Set once anything was typed or chosen, so cancelling asks only when it would lose work.
    pub touched: bool,
    /// A problem with the draft, shown until the next key.
    pub error: Option<String>,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Self {
        Self {
            title: title.into(),
            fields,
            focus: 0,
            touched: false,
            error: None,
        }
    }

    pub fn field(&self, label: &str) -> &Field {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .unwrap_or_else(|| panic!("form has a field {label}"))
    }

    /// Handles a key: Tab / Shift-Tab (and Up / Down outside multi-line text) move between
    /// fields, Ctrl-S or Enter (outside multi-line text) submits, Esc cancels.
    pub fn key(&mut self, key: Key) -> FormOutcome {
        self.error = None;
        let n = self.fields.len();
        let multiline = self.fields[self.focus].is_multiline();
        match key.code {
            KeyCode::Esc => return FormOutcome::Cancel,
            KeyCode::Char('s') if key.ctrl => return FormOutcome::Submit,
            KeyCode::Tab => {
                self.focus = (self.focus + 1) % n;
                return FormOutcome::Editing;
            }
            KeyCode::BackTab => {
                self.focus = (self.focus + n - 1) % n;
                return FormOutcome::Editing;
            }
            _ => {}
        }
        if self.fields[self.focus].key(key) {
            self.touched = true;
            return FormOutcome::Editing;
        }
        match key.code {
            KeyCode::Enter if !multiline => FormOutcome::Submit,
            KeyCode::Down => {
                self.focus = (self.focus + 1).min(n - 1);
                FormOutcome::Editing
            }
            KeyCode::Up => {
                self.focus = self.focus.saturating_sub(1);
                FormOutcome::Editing
            }
            _ => FormOutcome::Editing,
        }
    }

    /// Handles a key in a form that may only be read: Tab / Shift-Tab and the arrows move
    /// between fields, Enter, Esc and Ctrl-S close it, and any other key leaves the draft
    /// as it was and shows `why`.
    pub fn view_key(&mut self, key: Key, why: Option<String>) -> FormOutcome {
        self.error = None;
        let n = self.fields.len();
        match key.code {
            KeyCode::Esc | KeyCode::Enter => FormOutcome::Cancel,
            KeyCode::Char('s') if key.ctrl => FormOutcome::Cancel,
            KeyCode::Tab | KeyCode::Down => {
                self.focus = (self.focus + 1) % n;
                FormOutcome::Editing
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = (self.focus + n - 1) % n;
                FormOutcome::Editing
            }
            _ => {
                self.error = why;
                FormOutcome::Editing
            }
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.touched = true;
        self.fields[self.focus].paste(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(form: &mut Form, s: &str) -> FormOutcome {
        let mut last = FormOutcome::Editing;
        for c in s.chars() {
            last = form.key(Key::char(c));
        }
        last
    }

    #[test]
    fn typing_tabbing_and_choices() {
        let mut form = Form::new(
            "t",
            vec![
                Field::line("Title", "", ""),
                Field::choice(
                    "Importance",
                    ["1", "2", "3", "4", "5"].map(String::from).to_vec(),
                    None,
                    true,
                    "",
                ),
                Field::text("Notes", "", ""),
            ],
        );
        keys(&mut form, "Hello");
        assert_eq!(form.field("Title").value(), "Hello");
        form.key(Key::plain(KeyCode::Tab));
        keys(&mut form, "4");
        assert_eq!(form.field("Importance").selected(), Some(3));
        form.key(Key::plain(KeyCode::Right));
        assert_eq!(form.field("Importance").selected(), Some(4));
        form.key(Key::plain(KeyCode::Right));
        assert_eq!(form.field("Importance").selected(), None);
        form.key(Key::plain(KeyCode::Tab));
        keys(&mut form, "a");
        form.key(Key::plain(KeyCode::Enter));
        keys(&mut form, "b");
        assert_eq!(form.field("Notes").value(), "a\nb");
        assert_eq!(form.key(Key::ctrl('s')), FormOutcome::Submit);
        assert!(form.touched);
    }

    #[test]
    fn a_view_only_form_moves_and_closes_but_never_changes() {
        let mut form = Form::new(
            "t",
            vec![
                Field::line("Title", "Kept", ""),
                Field::text("Notes", "a", ""),
            ],
        );
        let why = || Some("Read-only: held elsewhere".to_owned());
        assert_eq!(form.view_key(Key::char('x'), why()), FormOutcome::Editing);
        assert_eq!(form.error.as_deref(), Some("Read-only: held elsewhere"));
        assert_eq!(form.field("Title").value(), "Kept");
        form.view_key(Key::plain(KeyCode::Tab), why());
        assert_eq!((form.focus, form.error.as_deref()), (1, None));
        // Enter in multi-line text would add a line; here it closes.
        assert_eq!(
            form.view_key(Key::plain(KeyCode::Enter), why()),
            FormOutcome::Cancel
        );
        assert_eq!(form.view_key(Key::ctrl('s'), why()), FormOutcome::Cancel);
        assert_eq!(form.field("Notes").value(), "a");
        assert!(!form.touched);
    }

    #[test]
    fn paste_is_sanitized() {
        let mut form = Form::new("t", vec![Field::line("Title", "", "")]);
        form.paste("evil\u{1b}[2J\u{202E}name");
        assert_eq!(form.field("Title").value(), "evil[2Jname");
    }

    #[test]
    fn pasted_lines_stay_apart_in_a_one_line_field() {
        let mut form = Form::new(
            "t",
            vec![Field::line("What", "", ""), Field::text("Notes", "", "")],
        );
        form.paste("Order details\r\nCredit result");
        assert_eq!(form.field("What").value(), "Order details Credit result");
        form.key(Key::plain(KeyCode::Tab));
        form.paste("one\ntwo");
        assert_eq!(form.field("Notes").value(), "one\ntwo");
    }
}
