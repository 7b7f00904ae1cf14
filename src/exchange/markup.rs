//! Text made safe inside HTML and SVG: element content and quoted attributes. Shared by
//! the HTML report, its inline charts and the SVG board; depends on nothing.

/// Escapes text for element content and double- or single-quoted attributes. Control
/// characters other than line breaks and tabs are dropped: XML does not allow them, and
/// exports never carry them.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_covers_content_both_quotes_and_controls() {
        assert_eq!(
            escape("<a href='x'>\"&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(escape("a\u{1b}[2J\u{7}b\nc"), "a[2Jb\nc");
    }
}
