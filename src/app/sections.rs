//! The sections of a rendered result, each tagged with a digest of its markup, so that a
//! changed answer need not send (nor the browser parse and lay out again) the sections the
//! reader's page holds already: the island names the digests it holds, and the result answers
//! each of those with an empty section that says to keep it.
//!
//! A document's text and attribute values are escaped as they are rendered, so `<section` and
//! `</section>` in it are always tags; a result's sections do not nest.

use std::fmt::Write;

const OPEN: &[u8] = b"<section";
const CLOSE: &[u8] = b"</section>";

/// The attribute that carries a section's digest.
pub const DIGEST: &str = "data-digest";
/// The attribute of a section the reader holds already: its value is that section's digest.
pub const SAME: &str = "data-same";
/// The most digests a request may name: a result has fewer sections.
pub const MOST_HELD: usize = 16;

/// `html` with each `<section>…</section>` in it tagged with a `data-digest` of its markup (the
/// 16 hexadecimal digits of its XXH3-64), or, when that digest is in `held`, left empty but for
/// its [`SAME`] attribute.
pub fn with_digests(html: &str, held: &[String]) -> String {
    let mut tagged = String::with_capacity(html.len() + 512);
    let mut rest = html;
    while let Some((before, section, after)) = next_section(rest) {
        tagged.push_str(before);
        let digest = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(section.as_bytes()));
        // Infallible: writing to a String.
        if held.contains(&digest) {
            let _ = write!(tagged, "<section {SAME}=\"{digest}\"></section>");
        } else {
            let _ = write!(tagged, "<section {DIGEST}=\"{digest}\"{}", &section[OPEN.len()..]);
        }
        rest = after;
    }
    tagged.push_str(rest);
    tagged
}

/// The digests a request names in `value` (separated by spaces), if each is one a result could
/// carry and there are at most [`MOST_HELD`]; none otherwise, as for a request that names none.
pub fn held_digests(value: &str) -> Vec<String> {
    let digests: Vec<String> = value.split_ascii_whitespace().map(str::to_string).collect();
    let valid = |digest: &String| digest.len() == 16 && digest.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if digests.len() <= MOST_HELD && digests.iter().all(valid) { digests } else { Vec::new() }
}

/// The text before the next section, the section with its tags, and the text after it.
fn next_section(html: &str) -> Option<(&str, &str, &str)> {
    let bytes = html.as_bytes();
    // `<section` opens a section only when a space or `>` follows it.
    let start =
        memchr::memmem::find_iter(bytes, OPEN).find(|&at| matches!(bytes.get(at + OPEN.len()), Some(b' ' | b'>')))?;
    let end = start + memchr::memmem::find(&bytes[start..], CLOSE)? + CLOSE.len();
    Some((&html[..start], &html[start..end], &html[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESULT: &str = "<div class=\"result\"><section class=\"verdict\"><h2>AWS KMS</h2></section>\
        <section class=\"costs\"><table><tr><td>$1</td></tr></table></section>\
        <p class=\"rules-version\">2026.12.07</p></div><sectionless>x</sectionless>";

    fn digests(html: &str) -> Vec<String> {
        html.match_indices("data-digest=\"").map(|(at, _)| html[at + 13..at + 29].to_string()).collect()
    }

    #[test]
    fn each_section_is_tagged_and_nothing_else_changes() {
        let tagged = with_digests(RESULT, &[]);
        let found = digests(&tagged);
        assert_eq!(found.len(), 2, "{tagged}");
        assert_ne!(found[0], found[1]);
        let untagged: String = tagged.replace(&format!(" data-digest=\"{}\"", found[0]), "");
        let untagged = untagged.replace(&format!(" data-digest=\"{}\"", found[1]), "");
        assert_eq!(untagged, RESULT);
        // A digest depends on the section's markup alone.
        let moved = with_digests(&RESULT.replace("<p class=\"rules-version\">2026.12.07</p>", ""), &[]);
        assert_eq!(digests(&moved), found);
        let changed = with_digests(&RESULT.replace("$1", "$2"), &[]);
        assert_eq!(digests(&changed)[0], found[0]);
        assert_ne!(digests(&changed)[1], found[1]);
    }

    #[test]
    fn a_section_held_is_sent_empty_and_the_others_whole() {
        let tagged = with_digests(RESULT, &[]);
        let found = digests(&tagged);
        let kept = with_digests(RESULT, &[found[1].clone()]);
        assert!(kept.contains(&format!("<section data-same=\"{}\"></section>", found[1])), "{kept}");
        assert!(!kept.contains("<table>"), "{kept}");
        assert!(
            kept.contains("<h2>AWS KMS</h2>") && kept.contains("rules-version") && kept.ends_with("</sectionless>")
        );
        assert_eq!(with_digests(RESULT, &["0123456789abcdef".to_string()]), tagged);
    }

    #[test]
    fn a_request_names_digests_or_none() {
        assert_eq!(held_digests(" 0123456789abcdef  fedcba9876543210 "), ["0123456789abcdef", "fedcba9876543210"]);
        for refused in ["0123456789ABCDEF", "0123456789abcde", "0123456789abcdef0", "<script>", "x y"] {
            assert!(held_digests(refused).is_empty(), "{refused}");
        }
        let many = vec!["0123456789abcdef"; MOST_HELD + 1].join(" ");
        assert!(held_digests(&many).is_empty());
        assert!(held_digests("").is_empty());
    }
}
