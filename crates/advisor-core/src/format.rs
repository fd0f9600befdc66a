//! How numbers and values are written for people: thousands separators, dollars and cents, and
//! a value quoted back in a message.

/// `1234567.0` -> `"1,234,567"`; fractions are rounded to whole units.
pub fn count(value: f64) -> String {
    let rounded = value.round();
    let mut text = String::with_capacity(24);
    if rounded < 0.0 {
        text.push('-');
    }
    push_grouped(&mut text, &whole(rounded.abs()));
    text
}

/// `2131.6` -> `"$2,131.60"`.
pub fn usd(value: f64) -> String {
    let sign = if value < -0.004 { "-" } else { "" };
    let cents = (value.abs() * 100.0).round();
    if cents >= EXACT_INTEGERS {
        let text = format!("{:.2}", value.abs());
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, "00"));
        return format!("{sign}${}.{fraction}", group_thousands(whole));
    }
    let cents = cents as u64;
    let mut text = String::with_capacity(24);
    text.push_str(sign);
    text.push('$');
    push_grouped(&mut text, itoa::Buffer::new().format(cents / 100));
    text.push('.');
    let fraction = cents % 100;
    if fraction < 10 {
        text.push('0');
    }
    text.push_str(itoa::Buffer::new().format(fraction));
    text
}

/// A difference in USD with its sign, a true minus sign as in "B − A": `12.5` -> `"+$12.50"`,
/// `-3.0` -> `"−$3.00"`, and `"$0.00"` for none.
pub fn signed_usd(value: f64) -> String {
    match value {
        v if v >= 0.005 => format!("+{}", usd(v)),
        v if v <= -0.005 => format!("\u{2212}{}", usd(-v)),
        _ => usd(0.0),
    }
}

/// 2^53: below it an f64 holds every whole number, so integer formatting writes its digits.
const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;

/// The digits of a whole, non-negative `value`; integer formatting where it is exact, which is
/// several times faster than formatting the float.
fn whole(value: f64) -> String {
    if value < EXACT_INTEGERS { itoa::Buffer::new().format(value as u64).to_string() } else { format!("{value:.0}") }
}

/// A unit price (positive, as the rules hold them), to the cent or as precise as the price
/// list gives it, up to 6 decimals: `1.6` -> `"$1.60"`, `0.03` -> `"$0.03"`, `1.4551` ->
/// `"$1.4551"`; rounding to cents would misstate a price of a fraction of a cent.
pub fn price(value: f64) -> String {
    let text = format!("{value:.6}");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    format!("${}.{:0<2}", group_thousands(whole), fraction.trim_end_matches('0'))
}

/// A value as an error message quotes it: in quotes, cut after 40 characters, control
/// characters (which HTML may not hold) written as escapes.
pub fn quoted(value: &str) -> String {
    const SHOWN: usize = 40;
    let mut shown = String::with_capacity(value.len().min(4 * SHOWN) + 4);
    shown.push('"');
    for c in value.chars().take(SHOWN) {
        if c.is_control() {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    if value.chars().count() > SHOWN {
        shown.push('…');
    }
    shown.push('"');
    shown
}

/// A ratio as a whole percentage: `0.834` -> `"83%"`.
pub fn percent(ratio: f64) -> String {
    format!("{:.0}%", ratio * 100.0)
}

/// A count in the short form of chart ticks: `10_000.0` -> `"10K"`, `2.5e9` -> `"2.5B"`.
pub fn short_count(value: f64) -> String {
    const UNITS: [(f64, &str); 4] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")];
    for (scale, suffix) in UNITS {
        if value.abs() >= scale {
            return format!("{}{suffix}", trim_decimals(value / scale));
        }
    }
    trim_decimals(value)
}

/// A large whole number as it is said, to read back a figure typed with many zeros: `300000000`
/// -> `"300 million"`, `1250000` -> `"1.25 million"`, `12500` -> `"12.5 thousand"`, rounded to
/// a tenth of the unit above 100 of it, a hundredth above 10, a thousandth below. `None` below
/// ten thousand, which reads well as digits. Integer arithmetic only: the browser's copy of this
/// code carries no float formatting.
pub fn in_words(value: u64) -> Option<String> {
    const UNITS: [(u64, &str); 4] =
        [(1_000_000_000_000, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand")];
    if value < 10_000 {
        return None;
    }
    let unit = UNITS.iter().position(|(scale, _)| value >= *scale)?;
    let written = |(scale, word): (u64, &str)| -> (bool, String) {
        let decimals = match value / scale {
            whole if whole >= 100 => 1,
            whole if whole >= 10 => 2,
            _ => 3,
        };
        let factor = 10u128.pow(decimals);
        let rounded = (u128::from(value) * factor + u128::from(scale) / 2) / u128::from(scale);
        let (whole, fraction) = (rounded / factor, rounded % factor);
        let fraction = format!("{fraction:0width$}", width = decimals as usize);
        let fraction = fraction.trim_end_matches('0');
        let text = if fraction.is_empty() { whole.to_string() } else { format!("{whole}.{fraction}") };
        (whole >= 1000, format!("{text} {word}"))
    };
    // Rounding may carry into the next unit: 999,999 is "1 million", not "1000 thousand".
    match (written(UNITS[unit]), unit.checked_sub(1)) {
        ((true, _), Some(bigger)) => Some(written(UNITS[bigger]).1),
        ((_, words), _) => Some(words),
    }
}

/// Dollars in the short form of chart ticks: `1500.0` -> `"$1.5K"`, `0.5` -> `"$0.5"`.
pub fn short_usd(value: f64) -> String {
    format!("${}", short_count(value))
}

/// At most one decimal, none when it is zero: `2.0` -> `"2"`, `2.46` -> `"2.5"`.
fn trim_decimals(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_string)
}

/// `text` with its first letter in lower case, to follow on within a sentence. A first word in
/// capitals (an acronym: "HSMs", "AWS KMS") is left as it is.
pub fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(_), Some(second)) if second.is_uppercase() => text.to_string(),
        (Some(first), _) => first.to_lowercase().chain(text.chars().skip(1)).collect(),
        (None, _) => String::new(),
    }
}

/// `text` with its first letter upper case, to start a sentence or a label with it.
pub fn uppercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `text` in at most `max_chars` characters: whole when it fits, else cut at the last space
/// that leaves room for an ellipsis (mid-word only when one word is longer), ending in "…".
pub fn clipped(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let room: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    let cut = match room.rfind(' ') {
        Some(at) if at > 0 => room[..at].trim_end_matches([' ', ',', ';', ':', '.']),
        _ => room.as_str(),
    };
    format!("{cut}…")
}

/// `items` as a sentence lists them: "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Rounds dollars to cents, the precision every cost is shown and returned with.
pub fn cents(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

fn group_thousands(digits: &str) -> String {
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    push_grouped(&mut grouped, digits);
    grouped
}

/// Appends `digits` with a comma before each group of three from the right.
fn push_grouped(text: &mut String, digits: &str) {
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_clipped_at_a_word() {
        assert_eq!(clipped("short", 10), "short");
        assert_eq!(clipped("one two three four", 12), "one two…");
        assert_eq!(clipped("one, two three", 10), "one, two…");
        assert_eq!(clipped("one, two, three", 11), "one, two…");
        assert_eq!(clipped("abcdefghijkl", 5), "abcd…");
        let long = "word ".repeat(100);
        assert!(clipped(&long, 200).chars().count() <= 200);
    }

    #[test]
    fn counts_are_grouped() {
        let cases =
            [(0.0, "0"), (999.0, "999"), (1000.0, "1,000"), (710_220_000.0, "710,220,000"), (-1234.4, "-1,234")];
        for (value, expected) in cases {
            assert_eq!(count(value), expected);
        }
    }

    #[test]
    fn dollars_have_cents() {
        let cases = [(3.94, "$3.94"), (2131.6, "$2,131.60"), (0.0, "$0.00"), (1_234_567.891, "$1,234,567.89")];
        for (value, expected) in cases {
            assert_eq!(usd(value), expected);
        }
        assert_eq!(percent(0.834), "83%");
        let words = [
            (300_000_000, Some("300 million")),
            (1_250_000, Some("1.25 million")),
            (12_500, Some("12.5 thousand")),
            (9_999, None),
            (15_000_000_000, Some("15 billion")),
            (2_000_000_000_000, Some("2 trillion")),
            (123_456_789, Some("123.5 million")),
            (100_500_000, Some("100.5 million")),
            (999_999, Some("1 million")),
            (999_999_999, Some("1 billion")),
        ];
        for (value, expected) in words {
            assert_eq!(in_words(value).as_deref(), expected, "{value}");
        }
        let signed = [(12.5, "+$12.50"), (-3.0, "\u{2212}$3.00"), (0.0, "$0.00"), (0.004, "$0.00"), (-0.004, "$0.00")];
        for (value, expected) in signed {
            assert_eq!(signed_usd(value), expected);
        }
        let short = [
            (10_000.0, "10K"),
            (1e6, "1M"),
            (710_220_000.0, "710.2M"),
            (1e9, "1B"),
            (1e11, "100B"),
            (999.0, "999"),
            (0.5, "0.5"),
        ];
        for (value, expected) in short {
            assert_eq!(short_count(value), expected);
        }
        let prices = [(1.6, "$1.60"), (0.03, "$0.03"), (1.4551, "$1.4551"), (12.0, "$12.00"), (1234.5, "$1,234.50")];
        for (value, expected) in prices {
            assert_eq!(price(value), expected);
        }
        assert_eq!(quoted("2026 11 29"), "\"2026 11 29\"");
        assert_eq!(quoted("a\0b\n"), "\"a\\u{0}b\\u{a}\"");
        assert_eq!(quoted(&"x".repeat(41)), format!("\"{}…\"", "x".repeat(40)));
        assert_eq!(short_usd(1500.0), "$1.5K");
        assert_eq!(short_usd(10.0), "$10");
        assert_eq!(cents(2135.5400000001), 2135.54);
        assert_eq!(lowercase_first("Key material on your cluster"), "key material on your cluster");
        assert_eq!(lowercase_first("HSMs validated at Level 3"), "HSMs validated at Level 3");
        assert_eq!(lowercase_first("AWS KMS is ruled out"), "AWS KMS is ruled out");
        assert_eq!(lowercase_first("É"), "é");
        assert_eq!(lowercase_first(""), "");
    }
}
