//! Which column holds which front-matter field, and how a cell's text becomes a
//! field's value: the names review sites and survey tools export, ratings written
//! "4/5" or "★★★★☆" (dates are read in `dates.rs`, consent answers in `consent.rs`).

use crate::content::Kind;

/// A front-matter field a column can fill, or `body` (the words themselves).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Who said it.
    Author,
    /// The words.
    Body,
    /// Their job title.
    Role,
    /// The customer (a slug or a customer's name).
    Customer,
    /// Stars, 1 to 5 (testimonials).
    Rating,
    /// Where it was collected (G2, a survey).
    Source,
    /// The address of the original.
    SourceUrl,
    /// When it was given.
    Date,
    /// A heading (testimonials and quotes default to the author).
    Title,
    /// Tags, separated by commas or semicolons.
    Tags,
    /// The customer's answer to "may we publish this?" (a survey's consent column).
    Consent,
    /// A column to leave out on purpose (`--map id=ignore`).
    Ignore,
}

impl Field {
    /// Every field, for messages and suggestions.
    const ALL: [Field; 12] = [
        Field::Author,
        Field::Body,
        Field::Role,
        Field::Customer,
        Field::Rating,
        Field::Source,
        Field::SourceUrl,
        Field::Date,
        Field::Title,
        Field::Tags,
        Field::Consent,
        Field::Ignore,
    ];

    /// The field's name in front matter and in `--map`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Author => "author",
            Field::Body => "body",
            Field::Role => "role",
            Field::Customer => "customer",
            Field::Rating => "rating",
            Field::Source => "source",
            Field::SourceUrl => "source_url",
            Field::Date => "date",
            Field::Title => "title",
            Field::Tags => "tags",
            Field::Consent => "consent",
            Field::Ignore => "ignore",
        }
    }

    /// The fields a column can fill for `kind` (a quote has no rating; its source is
    /// kept in a comment, as quotes have no source fields).
    pub fn of_kind(kind: Kind) -> Vec<Field> {
        let rating = kind == Kind::Testimonial;
        Field::ALL
            .into_iter()
            .filter(|f| rating || *f != Field::Rating)
            .collect()
    }

    /// The field named `name` among `of`.
    pub fn named(name: &str, of: &[Field]) -> Option<Field> {
        let name = name.trim().replace('-', "_").to_lowercase();
        of.iter().copied().find(|f| f.name() == name)
    }
}

/// The field a column header names by itself: a field's own name, or a name review
/// sites, survey tools and CRMs export (reviewer, stars, review, company, job title…).
/// `title` is the author's job title, as exports mean it.
pub fn recognise(header: &str) -> Option<Field> {
    let key: String = header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let field = match key.as_str() {
        "author" | "authorname" | "reviewer" | "reviewername" | "name" | "fullname"
        | "reviewedby" | "by" | "person" => Field::Author,
        "body" | "text" | "review" | "reviewtext" | "reviewbody" | "testimonial" | "quote"
        | "comment" | "comments" | "content" | "feedback" | "words" | "message" => Field::Body,
        "role" | "title" | "jobtitle" | "position" | "authorrole" | "reviewertitle" => Field::Role,
        "customer" | "company" | "companyname" | "organization" | "organisation" | "org"
        | "account" | "employer" => Field::Customer,
        "rating" | "stars" | "starrating" | "score" | "overallrating" => Field::Rating,
        "source" | "site" | "platform" | "channel" => Field::Source,
        "url" | "sourceurl" | "link" | "reviewurl" | "permalink" => Field::SourceUrl,
        "date" | "reviewdate" | "submitted" | "submittedat" | "submittedon" | "created"
        | "createdat" | "published" | "publishedat" | "timestamp" => Field::Date,
        "tags" | "topics" => Field::Tags,
        "consent"
        | "permission"
        | "permissiontopublish"
        | "consenttopublish"
        | "publishingconsent"
        | "maywepublish"
        | "canwepublish"
        | "maywequoteyou" => Field::Consent,
        _ => return None,
    };
    Some(field)
}

/// A rating as exports write it: `5`, `4.0`, `4/5`, `4 out of 5`, `4 stars`,
/// `★★★★☆`. Whole stars from 1 to 5 only.
pub fn rating(text: &str) -> Result<i64, (String, &'static str)> {
    let t = text.trim();
    let hint = "write a whole number of stars from 1 to 5, or leave the cell empty";
    if !t.is_empty() && t.chars().all(|c| matches!(c, '★' | '☆' | '⭐')) {
        let stars = t.chars().filter(|c| *c != '☆').count() as i64;
        return in_range(stars, t, hint);
    }
    let number_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(t.len());
    let (number, rest) = t.split_at(number_end);
    let rest = rest.trim().to_lowercase();
    let scale_ok = matches!(
        rest.as_str(),
        "" | "/5" | "/ 5" | "of 5" | "out of 5" | "star" | "stars"
    );
    let value: Option<f64> = number.replace(',', ".").parse().ok();
    match value {
        Some(v) if scale_ok && v.fract() == 0.0 => in_range(v as i64, t, hint),
        Some(v) if scale_ok => Err((format!("{v} is not a whole number of stars"), hint)),
        _ => Err((format!("'{t}' is not a rating"), hint)),
    }
}

fn in_range(stars: i64, text: &str, hint: &'static str) -> Result<i64, (String, &'static str)> {
    if (1..=5).contains(&stars) {
        Ok(stars)
    } else {
        Err((format!("'{text}' is outside the 1 to 5 stars"), hint))
    }
}

/// Whether the words build as a testimonial or quote body. The build reads `{{ … }}`
/// in any Markdown text as a shortcode call (backslashes and entities are read first,
/// so `\{{` is still one), and customers' words may hold none, so a cell holding one
/// would import into a draft the build refuses. Such words are refused with the row;
/// `{%` means nothing in a body and is kept as it is.
pub fn shortcode_in(words: &str) -> Option<String> {
    let refused = |_: &crate::markdown::shortcodes::Shortcode| Err(String::new());
    let hooks = crate::markdown::Hooks {
        resolve_link: &|_| None,
        shortcode: &refused,
        escape_html: true,
        base_path: "/",
        image: &|_, _, _| None,
    };
    let rendered = crate::markdown::render(words, &hooks);
    let refused = rendered
        .problems
        .iter()
        .any(|(_, message, _)| message.is_empty() || message.starts_with("malformed shortcode"));
    refused.then(|| {
        let rest = &words[words.find("{{").or_else(|| words.find('{')).unwrap_or(0)..];
        match rest.find("}}") {
            Some(end) => rest[..end + 2].to_string(),
            None => rest.chars().take(40).collect(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_names_are_recognised() {
        assert_eq!(recognise("Reviewer Name"), Some(Field::Author));
        assert_eq!(recognise("Stars"), Some(Field::Rating));
        assert_eq!(recognise("Review"), Some(Field::Body));
        assert_eq!(recognise("Company"), Some(Field::Customer));
        assert_eq!(recognise("Job title"), Some(Field::Role));
        assert_eq!(recognise("source_url"), Some(Field::SourceUrl));
        assert_eq!(recognise("Permission to publish"), Some(Field::Consent));
        assert_eq!(recognise("Pros"), None);
    }

    #[test]
    fn ratings_as_exports_write_them() {
        for (text, stars) in [
            ("5", 5),
            ("4.0", 4),
            ("4/5", 4),
            ("3 out of 5", 3),
            ("★★★★☆", 4),
            (" 2 stars ", 2),
        ] {
            assert_eq!(rating(text), Ok(stars), "{text}");
        }
        assert_eq!(rating("five").unwrap_err().0, "'five' is not a rating");
        assert_eq!(
            rating("4.5").unwrap_err().0,
            "4.5 is not a whole number of stars"
        );
        assert_eq!(
            rating("0").unwrap_err().0,
            "'0' is outside the 1 to 5 stars"
        );
        assert!(rating("7").is_err());
    }
}
