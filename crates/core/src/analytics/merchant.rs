//! Merchant cleanup: raw statement strings to the names people know ("AMZN Mktp US*2K4…" →
//! "Amazon", "SQ *BLUE BOTTLE" → "Blue Bottle", "UBER   *TRIP" → "Uber").

/// Payment processors' prefixes that stand before the real merchant.
const PROCESSOR_PREFIXES: &[&str] = &[
    "SQ *", "SQ*", "TST* ", "TST*", "PAYPAL *", "PP*", "SP * ", "SP *", "SP*", "DD *", "PY *",
    "IC* ", "CKE*", "GRUBHUB*",
];

/// Well-known brands by the start of the (upper-cased, prefix-stripped) string.
const BRANDS: &[(&str, &str)] = &[
    ("AMZN MKTP", "Amazon"),
    ("AMZN", "Amazon"),
    ("AMAZON", "Amazon"),
    ("PRIME VIDEO", "Amazon Prime Video"),
    ("UBER EATS", "Uber Eats"),
    ("UBER", "Uber"),
    ("LYFT", "Lyft"),
    ("NETFLIX", "Netflix"),
    ("SPOTIFY", "Spotify"),
    ("APPLE.COM", "Apple"),
    ("GOOGLE", "Google"),
    ("STARBUCKS", "Starbucks"),
    ("WAL-MART", "Walmart"),
    ("WALMART", "Walmart"),
    ("WM SUPERCENTER", "Walmart"),
    ("TARGET", "Target"),
    ("COSTCO", "Costco"),
    ("WHOLEFDS", "Whole Foods"),
    ("WHOLE FOODS", "Whole Foods"),
    ("TRADER JOE", "Trader Joe's"),
    ("DOORDASH", "DoorDash"),
    ("SHELL", "Shell"),
    ("CHEVRON", "Chevron"),
    ("EXXON", "Exxon"),
];

/// A clean merchant name from a raw statement string. Deterministic and total: never empty for
/// non-blank input.
pub fn clean_merchant(raw: &str) -> String {
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let upper = collapsed.to_uppercase();
    let mut rest: &str = &upper;
    for prefix in PROCESSOR_PREFIXES {
        if let Some(stripped) = rest.strip_prefix(prefix) {
            rest = stripped.trim_start();
            break;
        }
    }
    for (start, brand) in BRANDS {
        if rest.starts_with(start) {
            return (*brand).to_string();
        }
    }
    // Cut reference codes after '*' or '#', then trailing store numbers and location tokens.
    let head = rest.split(['*', '#']).next().unwrap_or(rest).trim();
    let mut words: Vec<&str> = head.split(' ').filter(|w| !w.is_empty()).collect();
    while words.len() > 1 {
        let last = words[words.len() - 1];
        let numeric = last.bytes().any(|b| b.is_ascii_digit());
        let state = last.len() == 2 && last.bytes().all(|b| b.is_ascii_alphabetic());
        if numeric || state || last.ends_with(".COM") && words.len() > 2 {
            words.pop();
        } else {
            break;
        }
    }
    let name = words.join(" ");
    if name.is_empty() {
        return collapsed;
    }
    title_case(&name)
}

fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::clean_merchant;

    #[test]
    fn well_known_raw_strings() {
        assert_eq!(clean_merchant("AMZN Mktp US*2K4AB12C3"), "Amazon");
        assert_eq!(clean_merchant("SQ *BLUE BOTTLE"), "Blue Bottle");
        assert_eq!(clean_merchant("UBER   *TRIP"), "Uber");
        assert_eq!(clean_merchant("UBER EATS HELP.UBER.COM"), "Uber Eats");
        assert_eq!(clean_merchant("TST* JOE'S PIZZA 0042"), "Joe's Pizza");
        assert_eq!(
            clean_merchant("CORNER DELI #1234 BROOKLYN NY"),
            "Corner Deli"
        );
        assert_eq!(clean_merchant("   "), "");
        assert_eq!(
            clean_merchant("<script>alert(1)</script>"),
            "<script>alert(1)</script>"
        );
    }
}
