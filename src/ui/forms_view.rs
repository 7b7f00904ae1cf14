//! Drawing forms and the owners editor.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

use crate::doc::Doc;
use crate::model::{self, Role, Rule};

use super::form::{FieldKind, Form};
use super::render::centered;
use super::session::OwnersDraft;
use super::text::{fit, truncate, width};
use super::theme::Theme;

const LABEL_WIDTH: u16 = 14;
/// How many options either side of the selected one a choice lays out: more than a form
/// row can show.
const NEAR: usize = 40;

fn field_height(kind: &FieldKind, focused: bool) -> u16 {
    match kind {
        FieldKind::Text(ta) => {
            let lines = ta.lines().len() as u16;
            if focused {
                lines.clamp(3, 8)
            } else {
                lines.clamp(1, 2)
            }
        }
        _ => 1,
    }
}

/// Draws a form in a centred panel; the focused field is marked and shows its hint.
/// `view_only`: the session may look but not change, which the title says.
pub fn form(frame: &mut Frame, body: Rect, form: &Form, view_only: bool, theme: &Theme) {
    let wanted: u16 = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| field_height(&f.kind, i == form.focus))
        .sum::<u16>()
        + 4;
    let rect = centered(body, 90, wanted);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Span::styled(
            format!(" {}{} ", form.title, view_only_mark(view_only)),
            theme.heading,
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let value_x = inner.x + LABEL_WIDTH + 1;
    let value_w = inner.width.saturating_sub(LABEL_WIDTH + 1);
    // Scroll so the focused field is visible in small terminals.
    let heights: Vec<u16> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| field_height(&f.kind, i == form.focus))
        .collect();
    let room = inner.height.saturating_sub(2);
    let mut first = 0;
    while heights[first..=form.focus].iter().sum::<u16>() > room && first < form.focus {
        first += 1;
    }
    let mut y = inner.y;
    for (i, field) in form.fields.iter().enumerate().skip(first) {
        let h = heights[i];
        if y + h > inner.y + room {
            break;
        }
        let focused = i == form.focus;
        let label_style = if focused { theme.key } else { theme.muted };
        let marker = if focused { "▶" } else { " " };
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!(
                    "{marker}{}",
                    fit(&field.label, usize::from(LABEL_WIDTH - 1))
                ),
                label_style,
            )),
            Rect::new(inner.x, y, LABEL_WIDTH, 1),
        );
        let area = Rect::new(value_x, y, value_w, h);
        match &field.kind {
            FieldKind::Line(ta) | FieldKind::Text(ta) => {
                if focused {
                    let mut ta = ta.clone();
                    ta.set_cursor_style(theme.selection);
                    frame.render_widget(&ta, area);
                } else {
                    let text = ta.lines().join(" ⏎ ");
                    let shown = if text.is_empty() {
                        "—".to_owned()
                    } else {
                        truncate(&text, usize::from(value_w) * usize::from(h))
                    };
                    frame.render_widget(Paragraph::new(shown).wrap(Wrap { trim: false }), area);
                }
            }
            FieldKind::Choice {
                options,
                selected,
                optional,
            } => {
                // Positions: "none" first when optional, then the options.
                let none = usize::from(*optional);
                let here = selected.map_or(0, |j| j + none);
                // Only options near the selected one can be on screen: a long list (every
                // moment of a big workshop) is not laid out in full on every frame.
                let first = here.saturating_sub(NEAR);
                let end = (here + NEAR + 1).min(options.len() + none);
                let mut spans = Vec::new();
                if first > 0 {
                    spans.push(Span::raw("…"));
                }
                for p in first..end {
                    spans.push(match p.checked_sub(none) {
                        None => choice_span("—", selected.is_none(), focused, theme),
                        Some(j) => choice_span(&options[j], *selected == Some(j), focused, theme),
                    });
                }
                if end < options.len() + none {
                    spans.push(Span::raw("…"));
                }
                let keep = here - first + usize::from(first > 0);
                frame.render_widget(
                    Paragraph::new(Line::from(clip(spans, usize::from(value_w), keep))),
                    area,
                );
            }
            FieldKind::Multi {
                options,
                selected,
                cursor,
            } => {
                let spans: Vec<Span> = options
                    .iter()
                    .zip(selected)
                    .enumerate()
                    .map(|(j, (o, on))| {
                        let mark = if *on { "[x]" } else { "[ ]" };
                        let style = if focused && j == *cursor {
                            theme.selection
                        } else if *on {
                            theme.title
                        } else {
                            theme.muted
                        };
                        Span::styled(format!("{mark} {o}  "), style)
                    })
                    .collect();
                // Keep the option under the cursor in view while choosing, otherwise
                // the first ticked one.
                let keep = if focused {
                    *cursor
                } else {
                    selected.iter().position(|on| *on).unwrap_or(0)
                };
                frame.render_widget(
                    Paragraph::new(Line::from(clip(spans, usize::from(value_w), keep))),
                    area,
                );
            }
        }
        y += h;
    }
    let hint = match &form.error {
        Some(e) => Line::styled(format!(" {e}"), theme.status_error),
        None => Line::styled(
            truncate(
                &format!(" {}", form.fields[form.focus].hint),
                usize::from(inner.width),
            ),
            theme.muted,
        ),
    };
    frame.render_widget(
        Paragraph::new(hint),
        Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1),
    );
}

fn choice_span<'a>(label: &str, selected: bool, focused: bool, theme: &Theme) -> Span<'a> {
    let style = match (selected, focused) {
        (true, true) => theme.selection,
        (true, false) => theme.title,
        _ => theme.muted,
    };
    let text = if selected {
        format!("[{label}] ")
    } else {
        format!(" {label}  ")
    };
    Span::styled(text, style)
}

/// Keeps a row of choices within a width: the span at `keep` (the selected option, or
/// the cursor) is never pushed out of view, and `…` marks options cut at either end.
fn clip(spans: Vec<Span<'_>>, max: usize, keep: usize) -> Vec<Span<'_>> {
    let widths: Vec<usize> = spans.iter().map(|s| width(&s.content)).collect();
    if widths.iter().sum::<usize>() <= max {
        return spans;
    }
    let keep = keep.min(spans.len().saturating_sub(1));
    // The first span shown: as early as possible while `keep` still fits, leaving room
    // for the marks.
    let mut start = 0;
    while start < keep {
        let lead = usize::from(start > 0);
        let trail = usize::from(keep + 1 < spans.len());
        if lead + widths[start..=keep].iter().sum::<usize>() + trail <= max {
            break;
        }
        start += 1;
    }
    let mut out = Vec::new();
    let mut used = 0;
    if start > 0 {
        out.push(Span::raw("…"));
        used += 1;
    }
    for (i, s) in spans.into_iter().enumerate().skip(start) {
        let w = widths[i];
        let last = i + 1 == widths.len();
        // Leave a column for the `…` unless this is the last option.
        if used + w + usize::from(!last) > max {
            out.push(Span::raw("…"));
            break;
        }
        used += w;
        out.push(s);
    }
    out
}

fn view_only_mark(view_only: bool) -> &'static str {
    if view_only { " — view only" } else { "" }
}

/// The owners editor: every silo with its RACI role, and the accountability finding for
/// the draft, updated as roles change.
pub fn owners(
    frame: &mut Frame,
    body: Rect,
    draft: &OwnersDraft,
    doc: &Doc,
    view_only: bool,
    theme: &Theme,
) {
    let silos = &doc.ws.silos;
    let rect = centered(body, 72, silos.len().max(1) as u16 + 5);
    frame.render_widget(Clear, rect);
    let title = match doc.moment(&draft.moment) {
        Some(m) => format!("Owners of {} “{}”", m.id, truncate(&m.title, 40)),
        None => format!("Owners of {}", draft.moment),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Span::styled(
            format!(" {title}{} ", view_only_mark(view_only)),
            theme.heading,
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = Vec::new();
    if silos.is_empty() {
        lines.push(Line::styled(
            " No silos yet: press S to add Sales, Service, Billing…",
            theme.muted,
        ));
    }
    let room = usize::from(inner.height.saturating_sub(3)).max(1);
    let offset = draft.cursor.saturating_sub(room - 1);
    for (i, silo) in silos.iter().enumerate().skip(offset).take(room) {
        let owner = draft.owners.iter().find(|o| o.silo == silo.id);
        let letter = owner.map_or("·".to_owned(), |o| o.role.letter().to_string());
        let role = owner.map_or("", |o| o.role.label());
        let person = owner
            .filter(|o| !o.person.is_empty())
            .map(|o| format!(" · {}", o.person))
            .unwrap_or_default();
        let row = format!(
            " {letter}  {:<6} {:<22} {role}{person}",
            silo.id.as_str(),
            truncate(&silo.name, 22)
        );
        let mut style = if owner.is_some_and(|o| o.role == Role::Accountable) {
            theme.title
        } else {
            Style::default()
        };
        if i == draft.cursor {
            style = theme.selection;
        }
        lines.push(Line::styled(fit(&row, usize::from(inner.width)), style));
    }
    // The finding the room is trying to close, live.
    let mut probe = doc.moment(&draft.moment).cloned().unwrap_or_default();
    probe.owners = draft.owners.clone();
    let accountable = probe.accountable_count();
    lines.push(Line::from(""));
    let verdict = match accountable {
        0 => Line::styled(
            format!(
                " ! {}: nobody is Accountable yet (press a)",
                Rule::NoAccountable
            ),
            theme.warning,
        ),
        1 if !probe.owners.iter().any(|o| o.role == Role::Responsible) => Line::styled(
            format!(
                " i {}: one Accountable; nobody Responsible yet (press r)",
                Rule::NoResponsible
            ),
            theme.info,
        ),
        1 => Line::styled(" ✓ exactly one Accountable", theme.good),
        n => Line::styled(
            format!(
                " ! {}: {n} silos are Accountable; keep one",
                model::Rule::SeveralAccountable
            ),
            theme.warning,
        ),
    };
    lines.push(verdict);
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(naming) = &draft.naming {
        let r = centered(rect, 50, 3);
        frame.render_widget(Clear, r);
        let b = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focus)
            .title(" Person ");
        let i = b.inner(r);
        frame.render_widget(b, r);
        if let Some(ta) = naming.fields[0].textarea() {
            frame.render_widget(ta, i);
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::ui::form::Field;
    use crate::ui::theme::ThemeName;

    /// The choice row of a one-field form with `n` options, `selected` chosen.
    fn choice_row(n: usize, selected: usize) -> String {
        let options = (0..n).map(|i| format!("option{i}")).collect();
        let form = Form::new(
            "t",
            vec![Field::choice("Pick", options, Some(selected), false, "")],
        );
        let theme = Theme::new(ThemeName::Dark);
        let mut terminal = Terminal::new(TestBackend::new(80, 10)).unwrap();
        terminal
            .draw(|frame| super::form(frame, frame.area(), &form, false, &theme))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let area = buffer.area;
        (area.top()..area.bottom())
            .map(|y| {
                (area.left()..area.right())
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
            })
            .find(|row| row.contains("Pick"))
            .expect("the field is drawn")
    }

    #[test]
    fn a_long_choice_shows_the_selected_option_with_its_neighbours() {
        let row = choice_row(5_000, 2_500);
        let value = row.split("Pick").nth(1).unwrap().trim_matches(['║', ' ']);
        assert!(value.starts_with('…'), "{row}");
        assert!(value.ends_with('…'), "{row}");
        assert!(value.contains("[option2500]"), "{row}");
        assert!(value.contains("option2499  [option2500]"), "{row}");
        // At the start of the list, nothing is cut before it.
        let row = choice_row(5_000, 0);
        let value = row.split("Pick").nth(1).unwrap().trim_matches(['║', ' ']);
        assert!(value.starts_with("[option0]"), "{row}");
        assert!(value.ends_with('…'), "{row}");
        // The last option, and the one before it.
        let row = choice_row(5_000, 4_999);
        assert!(row.contains("option4998  [option4999]"), "{row}");
    }
}
