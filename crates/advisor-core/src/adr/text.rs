//! Text as a Markdown record needs it: link targets, inline text, the team's voice.

/// `url` as the target of a Markdown link in angle brackets: what would end the brackets, the
/// line or a table cell percent-encoded (an address's own escapes are kept as they are).
pub(super) fn link_target(url: &str) -> String {
    let mut target = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '<' => target.push_str("%3C"),
            '>' => target.push_str("%3E"),
            '|' => target.push_str("%7C"),
            c if c.is_whitespace() => target.push_str("%20"),
            c => target.push(c),
        }
    }
    target
}

/// `text` in the team's voice: "your" and "yours" become "our" and "ours" (any other word is
/// kept: "you" has no replacement that keeps every sentence grammatical).
pub(super) fn ours(text: &str) -> String {
    let mut voiced = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['y', 'Y']) {
        let (before, from) = rest.split_at(at);
        voiced.push_str(before);
        let starts_word = !voiced.chars().next_back().is_some_and(char::is_alphanumeric);
        let word_end = from.find(|c: char| !c.is_alphanumeric()).unwrap_or(from.len());
        let word = &from[..word_end];
        let replacement = match word {
            "your" => Some("our"),
            "Your" => Some("Our"),
            "yours" => Some("ours"),
            "Yours" => Some("Ours"),
            _ => None,
        };
        match replacement.filter(|_| starts_word) {
            Some(our) => {
                voiced.push_str(our);
                rest = &from[word_end..];
            }
            None => {
                voiced.push_str(&from[..1]);
                rest = &from[1..];
            }
        }
    }
    voiced.push_str(rest);
    voiced
}

/// `text` as Markdown inline text that reads as written: line breaks become spaces (a line
/// break could end a list item or a table row), and only what would start a construct inline is
/// backslash-escaped, so figures, codes and Region names (`$1.46`, `us-east-1`) stay as they are
/// in the raw text. Escaped: `\`, `` ` ``, `*`, `[`, `]`, `<`, `|`, `~`; `_` at a word's edge
/// (inside a word it cannot emphasize); `&` before what could be an entity.
pub fn markdown_escaped(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (at, &c) in chars.iter().enumerate() {
        let word = |index: Option<usize>| index.and_then(|i| chars.get(i)).is_some_and(|c| c.is_alphanumeric());
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '|' | '~' => true,
            '_' => !(word(at.checked_sub(1)) && word(Some(at + 1))),
            '&' => chars.get(at + 1).is_some_and(|next| next.is_alphanumeric() || *next == '#'),
            _ => false,
        };
        if c == '\r' || c == '\n' {
            if !escaped.ends_with(' ') {
                escaped.push(' ');
            }
            continue;
        }
        if escape {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_speaks_as_we() {
        assert_eq!(
            ours("Your keys, yours and your VPC; beyond yourself, Younger, ayour"),
            "Our keys, ours and our VPC; beyond yourself, Younger, ayour"
        );
        assert_eq!(ours("(your)"), "(our)");
    }

    #[test]
    fn markdown_characters_are_escaped() {
        // Figures, codes and Region names read as they are.
        for plain in ["eu-west-1", "$1.46 an HSM-hour", "US East (N. Virginia)", "kms_quota", "1. 2 # 3 + 4 > 5!"] {
            assert_eq!(markdown_escaped(plain), plain);
        }
        assert_eq!(markdown_escaped("<script>*x*</script>"), "\\<script>\\*x\\*\\</script>");
        assert_eq!(
            markdown_escaped("_a_ [b](c) `d` e|f ~g~ &amp; & h\\"),
            "\\_a\\_ \\[b\\](c) \\`d\\` e\\|f \\~g\\~ \\&amp; & h\\\\"
        );
        assert_eq!(markdown_escaped("two\r\nlines\n# not a heading"), "two lines # not a heading");
        assert_eq!(
            link_target("https://a.example/x y|z<w>?usage=encrypt%2Csign"),
            "https://a.example/x%20y%7Cz%3Cw%3E?usage=encrypt%2Csign"
        );
    }
}
