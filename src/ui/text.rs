//! Text measured by display width: accents, CJK and emoji never break a column. Long text
//! wraps at words; a cut is marked with `…`.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub use crate::model::text::sanitize;

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` columns, ending in `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// Wraps `s` at word boundaries into lines of at most `max` columns, at most `max_lines`
/// of them; the last line ends in `…` if text was left out. Words longer than a line are
/// broken by grapheme.
pub fn wrap(s: &str, max: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    if max == 0 || max_lines == 0 {
        return lines;
    }
    let mut current = String::new();
    let mut current_w = 0;
    let mut cut = false;
    'words: for word in s.split_whitespace() {
        let ww = width(word);
        let sep = usize::from(!current.is_empty());
        if current_w + sep + ww <= max {
            if sep == 1 {
                current.push(' ');
            }
            current.push_str(word);
            current_w += sep + ww;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
            current_w = 0;
            if lines.len() == max_lines {
                cut = true;
                break;
            }
        }
        if ww <= max {
            current.push_str(word);
            current_w = ww;
        } else {
            for g in word.graphemes(true) {
                let gw = width(g);
                if current_w + gw > max {
                    lines.push(std::mem::take(&mut current));
                    current_w = 0;
                    if lines.len() == max_lines {
                        cut = true;
                        break 'words;
                    }
                }
                current.push_str(g);
                current_w += gw;
            }
        }
    }
    if !cut && !current.is_empty() {
        lines.push(current);
    }
    if cut && let Some(last) = lines.last_mut() {
        // Keep as much of the last line as leaves room for the mark.
        let keep = max.saturating_sub(1);
        let mut out = String::new();
        let mut used = 0;
        for g in last.graphemes(true) {
            let w = width(g);
            if used + w > keep {
                break;
            }
            out.push_str(g);
            used += w;
        }
        out.push('…');
        *last = out;
    }
    lines
}

/// `s` broken at words into a first line of at most `first` columns and further lines
/// of at most `rest`, `max_lines` in all, the last ending in `…` when the text goes on.
/// When even the first word is wider than `first`, the first line stays empty and the
/// text starts on the second.
pub fn wrap_hanging(s: &str, first: usize, rest: usize, max_lines: usize) -> Vec<String> {
    if max_lines == 0 {
        return Vec::new();
    }
    let mut head = String::new();
    let mut used = 0;
    let mut words = s.split_whitespace().peekable();
    while let Some(word) = words.peek() {
        let w = width(word);
        let sep = usize::from(!head.is_empty());
        if used + sep + w > first {
            break;
        }
        if sep == 1 {
            head.push(' ');
        }
        head.push_str(word);
        used += sep + w;
        words.next();
    }
    let tail: Vec<&str> = words.collect();
    if tail.is_empty() {
        return vec![head];
    }
    if max_lines == 1 {
        return wrap(s, first, 1);
    }
    let mut lines = vec![head];
    lines.extend(wrap(&tail.join(" "), rest, max_lines - 1));
    lines
}

/// Pads or cuts to exactly `w` columns.
pub fn fit(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let pad = w.saturating_sub(width(&t));
    format!("{t}{}", " ".repeat(pad))
}

/// `text` in at most `rows` lines of `w` columns, broken at words; when it does not fit,
/// the last line ends in `…` after a whole word, never in the middle of one (unless a
/// single word is wider than the line).
pub fn word_lines(text: &str, w: usize, rows: usize) -> Vec<String> {
    if w == 0 || rows == 0 {
        return Vec::new();
    }
    let mut lines = wrap(text, w, usize::MAX);
    if lines.len() <= rows {
        return lines;
    }
    lines.truncate(rows);
    let last = lines.last_mut().expect("rows > 0");
    while width(last) + 1 > w {
        match last.rsplit_once(' ') {
            Some((head, _)) if !head.trim().is_empty() => *last = head.trim_end().to_owned(),
            _ => {
                *last = truncate(last, w);
                return lines;
            }
        }
    }
    // A cut after a separator reads as a dangling list: end on the last word instead.
    let kept = last.trim_end_matches(['·', ',', ':', ';', '—', ' ']).len();
    last.truncate(kept);
    last.push('…');
    lines
}

/// `text` on one line of `w` columns, cut after a whole word and marked with `…`.
pub fn cut_words(text: &str, w: usize) -> String {
    word_lines(text, w, 1).pop().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hanging_wrap_fills_a_short_first_line_then_wider_ones() {
        assert_eq!(
            wrap_hanging("Coverage check", 20, 30, 3),
            ["Coverage check"]
        );
        assert_eq!(
            wrap_hanging("Coverage check on the website", 12, 16, 3),
            ["Coverage", "check on the", "website"]
        );
        // A first word wider than the first line starts on the second.
        assert_eq!(
            wrap_hanging("Technician visit", 8, 20, 3),
            ["", "Technician visit"]
        );
        // Out of lines: the last one says the title goes on.
        assert_eq!(
            wrap_hanging("Price rise letter sent two months early", 10, 10, 2),
            ["Price rise", "letter…"]
        );
        assert!(wrap_hanging("anything", 10, 10, 0).is_empty());
        for lines in [1, 2, 3] {
            for line in wrap_hanging("Loyalty review for long-standing customers", 9, 12, lines) {
                assert!(width(&line) <= 12, "{line:?}");
            }
        }
    }

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("hello", 5), "hello");
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("日本語のテキスト", 7), "日本語…");
        assert!(width(&truncate("日本語のテキスト", 7)) <= 7);
        assert_eq!(truncate("👍👍👍", 4), "👍…");
    }

    #[test]
    fn cuts_after_whole_words() {
        assert_eq!(cut_words("Coverage check on the website", 14), "Coverage…");
        assert_eq!(
            cut_words("Coverage check on the website", 40),
            "Coverage check on the website"
        );
        assert_eq!(cut_words("Sales · owners SAL", 16), "Sales · owners…");
        assert_eq!(cut_words("Sales · owners SAL", 14), "Sales…");
        assert_eq!(
            word_lines("one two three four five", 9, 2),
            vec!["one two", "three…"]
        );
        assert_eq!(cut_words("日本語のテキスト", 7), "日本語…");
    }

    #[test]
    fn wraps_at_words_and_marks_the_cut() {
        assert_eq!(
            wrap("Coverage check on the website", 12, 3),
            vec!["Coverage", "check on the", "website"]
        );
        assert_eq!(
            wrap("Coverage check on the website", 12, 2),
            vec!["Coverage", "check on th…"]
        );
        assert_eq!(
            wrap("Supercalifragilistic", 8, 3),
            vec!["Supercal", "ifragili", "stic"]
        );
        for line in wrap("Café crème — 日本語 と 絵文字 🎉 in einem Satz", 9, 10) {
            assert!(width(&line) <= 9, "{line}");
        }
    }
}
