//! A published file's address, from its path: every file name a marketer can save
//! (`Team photo #2?.png`) must make an address a browser reads back as that file. A
//! space ends a `srcset` candidate, `#` starts a fragment, `?` a query and `,` splits
//! `srcset`, so every byte but the unreserved ones and `/` is percent-encoded, once,
//! from the path as it is on disk. Ordinary names (`team-photo_2.png`) are unchanged.

/// `path` (a path inside the site, as the file is named) as a URL path: each byte but
/// ASCII letters, digits, `-`, `.`, `_`, `~` and `/` written as `%XX`. A `%` in the name
/// is itself encoded (`100%.png` is `100%25.png`), so an address is never encoded twice
/// over or read back as another file.
pub fn encode_path(path: &str) -> std::borrow::Cow<'_, str> {
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/');
    if path.bytes().all(plain) {
        return std::borrow::Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len() + 8);
    for b in path.bytes() {
        if plain(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_are_unchanged() {
        assert_eq!(
            encode_path("case-studies/acme/team_photo.2.480w.webp"),
            "case-studies/acme/team_photo.2.480w.webp"
        );
    }

    #[test]
    fn spaces_fragments_queries_commas_and_percents_are_encoded_once() {
        assert_eq!(encode_path("images/a b#?.png"), "images/a%20b%23%3F.png");
        assert_eq!(encode_path("a,b 1x.png"), "a%2Cb%201x.png");
        assert_eq!(encode_path("100%.png"), "100%25.png");
        assert_eq!(encode_path("café.png"), "caf%C3%A9.png");
        // What the preview decodes is the name again.
        let name = "images/a b#?%,é.png";
        assert_eq!(
            crate::site::urls::percent_decode(&encode_path(name)).as_deref(),
            Some(name)
        );
    }
}
