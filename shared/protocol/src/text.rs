//! What user-visible text may contain: nicks, room names and chat text are shown to other
//! people, so characters that hide or reorder what they see are refused.
//!
//! Refused everywhere: C0 control characters (but tab, and line breaks in multi-line
//! text), DEL, C1 controls, and the Unicode bidirectional overrides and isolates
//! (U+202A–U+202E, U+2066–U+2069), which let a name like `evil\u{202E}nimda` display as
//! `evil` + `admin` reversed. Ordinary right-to-left text (Arabic, Hebrew) needs none of
//! them and is accepted.

/// Whether `text` may be shown to other users; `multiline` allows `\n` and `\r`.
pub fn check_display_text(text: &str, multiline: bool) -> Result<(), &'static str> {
    for c in text.chars() {
        match c {
            '\t' => {}
            '\n' | '\r' if multiline => {}
            '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => return Err("contains a control character"),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                return Err("contains a bidirectional override or isolate character")
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_refused() {
        assert!(check_display_text("alice", false).is_ok());
        assert!(check_display_text("مرحبا שלום 你好 😀", false).is_ok());
        assert!(check_display_text("two\nlines", true).is_ok());
        assert!(check_display_text("two\nlines", false).is_err());
        assert!(check_display_text("nul\u{0}", true).is_err());
        assert!(check_display_text("esc\u{1b}[31m", true).is_err());
        assert!(check_display_text("evil\u{202e}nimda", true).is_err());
        assert!(check_display_text("iso\u{2066}late", true).is_err());
        assert!(check_display_text("c1\u{85}", true).is_err());
    }

    proptest::proptest! {
        #[test]
        fn accepted_text_has_no_hiding_characters(text in "\\PC{0,40}|[\\x00-\\x1f\\u{202a}-\\u{202e}a-z]{0,20}") {
            let hiding = |c: char| {
                (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                    || ('\u{202a}'..='\u{202e}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)
            };
            let accepted = check_display_text(&text, true).is_ok();
            proptest::prop_assert_eq!(accepted, !text.chars().any(hiding));
        }
    }
}
