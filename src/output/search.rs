//! The site's own search, split so that a visitor's first query downloads kilobytes
//! however large the site grows (the one-file index of every item reached 3.7 MB at
//! 10,000 items). docs/decisions.md weighs this against Pagefind.
//!
//! - `search/index.json`, the manifest: how many shards and chunks there are, and the
//!   words left out of the index.
//! - `search/w/<n>.json`, a shard: every indexed word whose first two letters hash to
//!   `n` (see [`shard_of`]), each with the documents that hold it. A query fetches one
//!   shard per word it has.
//! - `search/d/<n>.json`, a chunk: title, summary, kind, customer and URL of
//!   documents `n * CHUNK ..`, fetched only for the results shown.
//!
//! Every file is made from one index, built once on first use and shared by every file
//! of the plan (the build writes hundreds of files from it; the preview makes it when
//! the search page first asks). It is built on one thread: the files are written from
//! rayon's threads, and a thread waiting in a parallel loop may pick up the writing of
//! another part, which would then wait for the index it is itself building.

use crate::render::Body;
use crate::site::Site;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

/// Documents per chunk file: small enough that the ten results a query shows cost
/// little even when they are spread over the site.
pub const CHUNK: usize = 16;

/// Words so common that their lists would be the largest shards and select nothing.
/// The manifest carries them, so the search page drops them from queries too.
pub const STOP_WORDS: [&str; 24] = [
    "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "in", "is", "it", "its",
    "of", "on", "or", "our", "that", "the", "their", "to", "we", "with",
];

/// The shortest word indexed, in characters; a shorter query word is ignored.
const MIN_WORD: usize = 2;

/// The longest word kept, in characters: longer runs are codes or URLs, not words.
const MAX_WORD: usize = 40;

/// How many characters of a summary a result shows.
const SUMMARY_CHARS: usize = 200;

/// How many shards a site of `documents` gets: about 40 documents' words per shard, a
/// power of two, at most 1,024, so a shard stays near a few kilobytes compressed.
pub fn shard_count(documents: usize) -> usize {
    (documents / 40).next_power_of_two().clamp(1, 1024)
}

/// The shard of a word (already lowercase, at least two characters): a hash of its
/// first two characters, so every word a query prefix can grow into is in one shard.
/// search.js computes the same.
pub fn shard_of(word: &str, shards: usize) -> usize {
    let mut chars = word.chars().map(|c| c as usize);
    let (a, b) = (chars.next().unwrap_or(0), chars.next().unwrap_or(0));
    (a * 31 + b) % shards
}

/// The indexed words of `text`: lowercase runs of letters and digits, stop words out.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| (MIN_WORD..=MAX_WORD).contains(&w.chars().count()))
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
}

/// One file of the search index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchFile {
    /// `search/index.json`.
    Manifest,
    /// `search/w/<n>.json`.
    Shard(usize),
    /// `search/d/<n>.json`.
    Chunk(usize),
}

impl SearchFile {
    /// Where the file goes inside the output folder.
    pub fn path(self) -> String {
        match self {
            SearchFile::Manifest => "search/index.json".into(),
            SearchFile::Shard(n) => format!("search/w/{n}.json"),
            SearchFile::Chunk(n) => format!("search/d/{n}.json"),
        }
    }
}

/// A planned file of the index with the index it comes from, made on first use.
#[derive(Debug, Clone)]
pub struct Part {
    /// Which file.
    pub file: SearchFile,
    index: Arc<OnceLock<Index>>,
}

/// Every file of `site`'s search index: the manifest, the shards, the chunks. They
/// share one index, made when the first of them is.
pub fn plan(site: &Site) -> Vec<Part> {
    let index = Arc::new(OnceLock::new());
    let documents = site.items.count();
    let shards = (0..shard_count(documents)).map(SearchFile::Shard);
    let chunks = (0..documents.div_ceil(CHUNK)).map(SearchFile::Chunk);
    std::iter::once(SearchFile::Manifest)
        .chain(shards)
        .chain(chunks)
        .map(|file| Part {
            file,
            index: index.clone(),
        })
        .collect()
}

impl Part {
    /// The file's text, making the index first if no other part has.
    pub fn make(&self, site: &Site, bodies: &[Body]) -> &str {
        let index = self.index.get_or_init(|| Index::new(site, bodies));
        match self.file {
            SearchFile::Manifest => &index.manifest,
            SearchFile::Shard(n) => index.shards.get(n).map_or("{}\n", String::as_str),
            SearchFile::Chunk(n) => index.chunks.get(n).map_or("[]\n", String::as_str),
        }
    }
}

/// The whole index as the text of its files.
#[derive(Debug)]
struct Index {
    manifest: String,
    shards: Vec<String>,
    chunks: Vec<String>,
}

/// What the search page says the index holds, so it can find the other files.
#[derive(Serialize)]
struct Manifest {
    version: u32,
    shards: usize,
    chunk: usize,
    documents: usize,
    min: usize,
    stop: [&'static str; 24],
}

/// One result as the search page shows it, with short keys to keep chunks small.
#[derive(Serialize)]
struct Document<'a> {
    /// Title.
    t: &'a str,
    /// Summary, cut to [`SUMMARY_CHARS`].
    s: String,
    /// Kind label.
    k: &'static str,
    /// Customer name.
    c: Option<&'a str>,
    /// URL (root-relative).
    u: std::borrow::Cow<'a, str>,
}

impl Index {
    fn new(site: &Site, bodies: &[Body]) -> Index {
        // Each document's words go into the lists at once, so only the distinct words
        // of the site are held, not every document's.
        let mut postings: HashMap<String, Vec<u32>> = HashMap::default();
        // Documents are numbered in listing order.
        let mut documents = Vec::with_capacity(site.items.count());
        for (number, id) in site.listed().enumerate() {
            let (document, words) = document(site, bodies, id);
            for (word, in_title) in words {
                // A number and whether the word is in the title, in one growing number.
                let entry = (number as u32) * 2 + u32::from(in_title);
                postings.entry(word).or_default().push(entry);
            }
            documents.push(document);
        }
        let shards = shard_count(documents.len());
        let mut by_shard: Vec<BTreeMap<&str, &[u32]>> = vec![BTreeMap::new(); shards];
        for (word, list) in &postings {
            by_shard[shard_of(word, shards)].insert(word, list);
        }
        let shards = by_shard.iter().map(shard_text).collect();
        let chunks = documents
            .chunks(CHUNK)
            .map(|chunk| serde_json::to_string(chunk).unwrap_or_default() + "\n")
            .collect();
        let manifest = Manifest {
            version: 1,
            shards: by_shard.len(),
            chunk: CHUNK,
            documents: documents.len(),
            min: MIN_WORD,
            stop: STOP_WORDS,
        };
        Index {
            manifest: serde_json::to_string(&manifest).unwrap_or_default() + "\n",
            shards,
            chunks,
        }
    }
}

/// An item as a result, and its indexed words with whether each is in the title.
fn document<'a>(
    site: &'a Site,
    bodies: &'a [Body],
    id: usize,
) -> (Document<'a>, Vec<(String, bool)>) {
    let item = &site.items[id];
    let summary = match &item.doc.front {
        crate::content::Front::CaseStudy(cs) => cs.summary.as_str(),
        _ => bodies[id].summary.as_str(),
    };
    let customer = item.customer.map(|c| site.items[c].title.as_str());
    let tags = item
        .terms
        .get("tags")
        .map(|t| t.join(" "))
        .unwrap_or_default();
    let mut indexed: BTreeMap<String, bool> = words(&item.title).map(|w| (w, true)).collect();
    let rest = [summary, item.kind().label(), customer.unwrap_or(""), &tags];
    for word in rest.iter().flat_map(|text| words(text)) {
        indexed.entry(word).or_insert(false);
    }
    let document = Document {
        t: &item.title,
        s: cut(summary, SUMMARY_CHARS),
        k: item.kind().label(),
        c: customer,
        u: match site.page_link(&item.url()) {
            std::borrow::Cow::Borrowed(_) => item.url(),
            std::borrow::Cow::Owned(link) => std::borrow::Cow::Owned(link),
        },
    };
    (document, indexed.into_iter().collect())
}

/// `text` cut at a word boundary to at most `max` characters, with an ellipsis.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let head = &text[..end];
    let head = head
        .rsplit_once(char::is_whitespace)
        .map_or(head, |(h, _)| h);
    format!("{}…", head.trim_end_matches(|c: char| !c.is_alphanumeric()))
}

/// A shard as JSON: each word with its growing numbers as differences from the one
/// before (small numbers, so a shard stays small), e.g. `{"northwind":[8,2,31]}`.
fn shard_text(words: &BTreeMap<&str, &[u32]>) -> String {
    let mut out = String::from("{");
    for (i, (word, list)) in words.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(word).unwrap_or_default());
        out.push_str(":[");
        let mut previous = 0;
        for (j, entry) in list.iter().enumerate() {
            let sep = if j > 0 { "," } else { "" };
            let _ = write!(out, "{sep}{}", entry - previous);
            previous = *entry;
        }
        out.push(']');
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercase_letters_and_digits_without_stop_words() {
        let w: Vec<String> =
            words("Northwind ships 10x faster, and the CI/CD of Zürich.").collect();
        assert_eq!(
            w,
            ["northwind", "ships", "10x", "faster", "ci", "cd", "zürich"]
        );
    }

    #[test]
    fn a_word_and_its_prefixes_share_a_shard() {
        for shards in [1, 2, 64, 1024] {
            let s = shard_of("northwind", shards);
            assert_eq!(shard_of("no", shards), s);
            assert_eq!(shard_of("nort", shards), s);
            assert!(s < shards);
        }
    }

    #[test]
    fn summaries_are_cut_at_a_word() {
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("one two three four", 10), "one two…");
    }

    #[test]
    fn shards_hold_differences() {
        let list = [4u32, 9, 10];
        let words = BTreeMap::from([("acme", &list[..])]);
        assert_eq!(shard_text(&words), "{\"acme\":[4,5,1]}\n");
    }
}
