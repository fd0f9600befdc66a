//! What the SVG backend's image gets after drawing: the dash arrays of dashed lines, and a
//! title and description for screen readers.

/// `svg` with each dashed line's `stroke-dasharray` written after its stroke attributes
/// (`dashes`: the attributes, then the dash array), in one pass: a `replace` for each dashed
/// line read and copied the whole image again.
pub(super) fn with_dash_arrays(svg: &str, dashes: &[(String, String)]) -> String {
    const STROKE: &str = "stroke=\"";
    let mut dashed = String::with_capacity(svg.len() + 1024);
    let mut rest = svg;
    while let Some(at) = memchr::memmem::find(rest.as_bytes(), STROKE.as_bytes()) {
        let (before, from) = rest.split_at(at);
        dashed.push_str(before);
        let (written, dash) = match dashes.iter().find(|(stroke, _)| from.starts_with(stroke.as_str())) {
            Some((stroke, dash)) => (stroke.as_str(), Some(dash)),
            None => (STROKE, None),
        };
        dashed.push_str(written);
        if let Some(dash) = dash {
            dashed.push_str(" stroke-dasharray=\"");
            dashed.push_str(dash);
            dashed.push('"');
        }
        rest = &from[written.len()..];
    }
    dashed.push_str(rest);
    dashed
}

pub(super) fn with_title_and_description(svg: String, title: &str, description: &str) -> String {
    let Some(start) = svg.find("<svg") else { return svg };
    let Some(end) = svg[start..].find('>').map(|i| start + i + 1) else { return svg };
    let open_tag = svg[start..end].replacen("<svg", "<svg role=\"img\" aria-labelledby=\"chart-title chart-desc\"", 1);
    format!(
        "{}{open_tag}<title id=\"chart-title\">{}</title><desc id=\"chart-desc\">{}</desc>{}",
        &svg[..start],
        xml_escaped(title),
        xml_escaped(description),
        &svg[end..]
    )
}

fn xml_escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_arrays_follow_their_strokes_only() {
        let dashes = [("stroke=\"#AA0000\" stroke-width=\"2\"".to_string(), "6 3".to_string())];
        let svg = "<polyline stroke=\"#AA0000\" stroke-width=\"2\"/><polyline stroke=\"#AA0000\" stroke-width=\"1\"/>\
                   <text>stroke=\"</text><polyline stroke=\"#AA0000\" stroke-width=\"2\"/>";
        let expected = svg.replace(&dashes[0].0, "stroke=\"#AA0000\" stroke-width=\"2\" stroke-dasharray=\"6 3\"");
        assert_eq!(with_dash_arrays(svg, &dashes), expected);
        assert_eq!(with_dash_arrays("<svg/>", &dashes), "<svg/>");
    }
}
