//! A form in front of the view: labelled fields edited as a draft and committed as one
//! edit (the dispatcher makes it). In a session that may only look, the form still opens
//! and moves between fields; typing says why nothing changes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

use crate::input::Key;

use super::super::editors::FormTarget;
use super::super::form::{FieldKind, Form, FormOutcome};
use super::super::text::{fit, truncate, width};
use super::super::theme::Theme;
use super::super::{Cx, policy};
use super::{Confirmed, Outcome, Overlay, centered};

pub fn key(cx: &mut Cx, target: FormTarget, mut form: Form, key: Key) -> Outcome {
    // The Priorities filter is the session's own: it may always be changed.
    if policy::is_view_only(cx.session) && target != FormTarget::PriorityFilter {
        if form.view_key(key, policy::view_only(cx.session)) == FormOutcome::Editing {
            cx.open(Overlay::Form { target, form });
        }
        return Outcome::Done;
    }
    match form.key(key) {
        FormOutcome::Editing => cx.open(Overlay::Form { target, form }),
        // The Priorities filter is this session's own: cancelling it loses nothing.
        FormOutcome::Cancel if target == FormTarget::PriorityFilter => {}
        FormOutcome::Cancel => {
            if form.touched {
                cx.open(Overlay::Form { target, form });
                cx.open(Overlay::Confirm {
                    question: "Discard your changes? (y discards, n keeps editing)".into(),
                    on_yes: Confirmed::DiscardDraft,
                });
            }
        }
        FormOutcome::Submit => return Outcome::Form(target, form),
    }
    Outcome::Done
}

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

pub(super) fn view_only_mark(view_only: bool) -> &'static str {
    if view_only { " — view only" } else { "" }
}

/// Draws a form in a centred panel; the focused field is marked and shows its hint.
/// `view_only`: the session may look but not change, which the title says.
pub fn render(frame: &mut Frame, body: Rect, form: &Form, view_only: bool, theme: &Theme) {
    let wanted: u16 = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| field_height(&f.kind, i == form.focus))
        .sum::<u16>()
        + 4;
    // Wide screens give the form more room, so segment names and titles are not cut.
    let rect = centered(body, if body.width >= 140 { 120 } else { 90 }, wanted);
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
    // Labels as wide as the longest (“Today: Students and movers”), up to a third of
    // the form; below that, cut with `…`.
    let label_w = form
        .fields
        .iter()
        .map(|f| width(&f.label) as u16 + 2)
        .max()
        .unwrap_or(LABEL_WIDTH)
        .clamp(LABEL_WIDTH, (inner.width / 3).max(LABEL_WIDTH));
    let value_x = inner.x + label_w + 1;
    let value_w = inner.width.saturating_sub(label_w + 1);
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
                format!("{marker}{}", fit(&field.label, usize::from(label_w - 1))),
                label_style,
            )),
            Rect::new(inner.x, y, label_w, 1),
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
            .draw(|frame| super::render(frame, frame.area(), &form, false, &theme))
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
