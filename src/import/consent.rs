//! A survey's consent column ("May we publish your answer?"): the customer's own answer,
//! read as yes or no. A no keeps the row out of the site's files altogether; a yes is
//! carried into the draft as an approval the marketer confirms, with the answer as
//! written beside it. Anything else is asked about, never guessed.

/// The words read as yes, after lowercasing and trimming (a yes followed by more, such
/// as "Yes, happy to help", is a yes too).
const YES: [&str; 13] = [
    "yes", "y", "true", "1", "agree", "i agree", "agreed", "ok", "okay", "ja", "oui", "si", "sí",
];

/// The words read as no (and "no, …").
const NO: [&str; 11] = [
    "no",
    "n",
    "false",
    "0",
    "disagree",
    "i disagree",
    "i do not agree",
    "do not publish",
    "nein",
    "non",
    "declined",
];

/// The customer's answer: `Some(true)` for yes, `Some(false)` for no, `None` for an empty
/// cell (no answer: the row is imported without an approval, as without the column).
pub fn answer(text: &str) -> Result<Option<bool>, (String, String)> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return Ok(None);
    }
    let starts = |words: &[&str]| {
        words.iter().any(|w| {
            t == *w
                || t.strip_prefix(w)
                    .is_some_and(|rest| rest.starts_with([',', '.', ' ', '!', '-', ';', '(']))
        })
    };
    // "no" first: "no, yes is not my answer" reads no.
    if starts(&["no", "n"]) || NO.contains(&t.as_str()) {
        return Ok(Some(false));
    }
    if starts(&YES) {
        return Ok(Some(true));
    }
    Err((
        format!("'{}' is neither yes nor no", text.trim()),
        format!(
            "a consent cell reads yes ({}) or no ({}); an empty cell imports the row without an approval",
            YES[..4].join(", "),
            NO[..4].join(", ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_surveys_write_them() {
        for yes in [
            "Yes",
            " YES ",
            "y",
            "TRUE",
            "1",
            "I agree",
            "Yes, happy to help!",
            "Oui",
        ] {
            assert_eq!(answer(yes), Ok(Some(true)), "{yes}");
        }
        for no in [
            "No",
            "n",
            "FALSE",
            "0",
            "No, thank you",
            "Do not publish",
            "nein",
        ] {
            assert_eq!(answer(no), Ok(Some(false)), "{no}");
        }
        assert_eq!(answer("  "), Ok(None));
        assert_eq!(
            answer("Maybe").unwrap_err().0,
            "'Maybe' is neither yes nor no"
        );
        assert!(answer("Yesterday").is_err());
        assert!(answer("Nope").is_err());
    }
}
