//! Every channel of the example site read back with a real parser: Atom and the sitemap
//! with quick-xml, iCalendar against RFC 5545's rules, JSON-LD, the API files and the
//! split search index with serde_json; meta tags on every page; `compress: true`.

mod common;

use quick_xml::events::Event;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const BASE: &str = "https://forgeline.gitlab.io/";

use common::Example;

/// What the channel tests read from the built example site.
trait Read {
    fn json(&self, path: &str) -> Value;
    fn html_pages(&self) -> Vec<String>;
}

impl Read for Example {
    fn json(&self, path: &str) -> Value {
        serde_json::from_str(&self.text(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }
    /// The site's own pages: embeddable walls (`embed/`) are pages for other sites'
    /// iframes, noindex and out of the sitemap (tests/embeds.rs checks them).
    fn html_pages(&self) -> Vec<String> {
        walkdir::WalkDir::new(&self.out)
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .filter(|e| !e.path().starts_with(self.out.join("embed")))
            .map(|e| {
                e.path()
                    .strip_prefix(&self.out)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }
}

/// A parsed XML element: enough of a DOM to assert on.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    fn one(&self, name: &str) -> &Element {
        self.children
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("<{}> has no <{name}>", self.name))
    }
}

/// Parses a whole XML document; ill-formed XML fails the test.
fn parse_xml(xml: &str) -> Element {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack = vec![Element::default()];
    loop {
        match reader
            .read_event()
            .unwrap_or_else(|e| panic!("ill-formed XML at {}: {e}", reader.buffer_position()))
        {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let el = element(&e);
                stack.last_mut().unwrap().children.push(el);
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(done);
            }
            Event::Text(t) => stack
                .last_mut()
                .unwrap()
                .text
                .push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap();
                let c = match name.as_ref() {
                    "amp" => "&".to_string(),
                    "lt" => "<".into(),
                    "gt" => ">".into(),
                    "quot" => "\"".into(),
                    "apos" => "'".into(),
                    other => panic!("unknown entity &{other};"),
                };
                stack.last_mut().unwrap().text.push_str(&c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut root = stack.pop().unwrap();
    assert_eq!(root.children.len(), 1, "one root element");
    root.children.pop().unwrap()
}

fn element(e: &quick_xml::events::BytesStart<'_>) -> Element {
    Element {
        name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (
                    String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                    a.unescape_value().unwrap().into_owned(),
                )
            })
            .collect(),
        ..Element::default()
    }
}

fn is_rfc3339(s: &str) -> bool {
    s.parse::<jiff::Timestamp>().is_ok()
}

/// The slugs of the published items of a folder, as the site lists them in its API file.
fn api_slugs(site: &Example, folder: &str) -> Vec<String> {
    let api = site.json(&format!("api/{folder}.json"));
    api["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["slug"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn atom_feeds_are_valid_with_absolute_links_and_dates() {
    let site = Example::build(&[]);
    for (path, kinds) in [
        (
            "atom.xml",
            vec!["case-study", "testimonial", "quote", "event"],
        ),
        ("case-studies/atom.xml", vec!["case-study"]),
        ("testimonials/atom.xml", vec!["testimonial"]),
        ("quotes/atom.xml", vec!["quote"]),
        ("events/atom.xml", vec!["event"]),
    ] {
        let feed = parse_xml(&site.text(path));
        assert_eq!(feed.name, "feed");
        assert_eq!(feed.attrs["xmlns"], "http://www.w3.org/2005/Atom");
        assert!(!feed.one("title").text.is_empty());
        assert!(is_rfc3339(&feed.one("updated").text), "{path}: updated");
        let self_link = feed
            .all("link")
            .find(|l| l.attrs["rel"] == "self")
            .expect("self link");
        assert_eq!(self_link.attrs["href"], format!("{BASE}{path}"));
        let id = &feed.one("id").text;
        assert!(id.starts_with(BASE), "{path}: id {id}");
        let entries: Vec<&Element> = feed.all("entry").collect();
        assert!(!entries.is_empty(), "{path}: entries");
        let mut ids = std::collections::BTreeSet::new();
        for entry in &entries {
            let href = &entry.one("link").attrs["href"];
            assert!(href.starts_with(BASE), "{path}: entry link {href}");
            assert!(
                ids.insert(entry.one("id").text.clone()),
                "{path}: duplicate id"
            );
            assert!(is_rfc3339(&entry.one("updated").text));
            assert!(
                kinds.contains(&entry.one("category").attrs["term"].as_str()),
                "{path}"
            );
            let content = &entry.one("content");
            assert_eq!(content.attrs["type"], "html");
            assert!(
                !content.text.contains("href=\"/"),
                "{path}: root-relative link in content"
            );
        }
        let newest = entries
            .iter()
            .map(|e| e.one("updated").text.clone())
            .max()
            .unwrap();
        assert_eq!(
            feed.one("updated").text,
            newest,
            "{path}: feed updated = newest entry"
        );
        // The example's "now" is 2026-11-25T12:00:00Z; its 2027 summit is upcoming.
        assert!(
            newest.as_str() <= "2026-11-25T12:00:00Z",
            "{path}: no entry is dated after the build ({newest})"
        );
    }
    let feed = parse_xml(&site.text("case-studies/atom.xml"));
    assert_eq!(
        feed.all("entry").count(),
        api_slugs(&site, "case-studies").len()
    );
}

#[test]
fn sitemap_lists_every_page_with_absolute_urls_and_robots_names_it() {
    let site = Example::build(&[]);
    let sitemap = parse_xml(&site.text("sitemap.xml"));
    assert_eq!(sitemap.name, "urlset");
    assert_eq!(
        sitemap.attrs["xmlns"],
        "http://www.sitemaps.org/schemas/sitemap/0.9"
    );
    let locs: Vec<String> = sitemap
        .all("url")
        .map(|u| u.one("loc").text.clone())
        .collect();
    for url in sitemap.all("url") {
        assert!(url.one("loc").text.starts_with(BASE));
        if let Some(lastmod) = url.all("lastmod").next() {
            assert!(
                jiff::civil::Date::strptime("%Y-%m-%d", &lastmod.text).is_ok()
                    || is_rfc3339(&lastmod.text),
                "{}",
                lastmod.text
            );
        }
    }
    let story = format!("{BASE}case-studies/northwind-health-weekly-releases/");
    let lastmod = sitemap
        .all("url")
        .find(|u| u.one("loc").text == story)
        .expect("story in sitemap");
    assert_eq!(lastmod.one("lastmod").text, "2025-05-26");
    // Every HTML page but the 404 page is in the sitemap, and nothing else.
    let mut pages: Vec<String> = site
        .html_pages()
        .into_iter()
        .filter(|p| p != "404.html")
        .map(|p| format!("{BASE}{}", p.trim_end_matches("index.html")))
        .collect();
    pages.sort();
    let mut sorted = locs.clone();
    sorted.sort();
    assert_eq!(sorted, pages);
    assert!(site
        .text("robots.txt")
        .contains(&format!("Sitemap: {BASE}sitemap.xml")));
    assert!(site.text("404.html").contains("<h1>Page not found</h1>"));
}

/// Unfolds RFC 5545 content lines, checking CRLF endings and the 75-octet limit.
fn ics_lines(ics: &str) -> Vec<String> {
    assert!(ics.ends_with("\r\n"), "ends with CRLF");
    let mut lines: Vec<String> = Vec::new();
    for raw in ics.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(
            !raw.contains('\n') && !raw.contains('\r'),
            "bare LF or CR: {raw:?}"
        );
        assert!(raw.len() <= 75, "{} octets: {raw:?}", raw.len());
        match raw.strip_prefix(' ') {
            Some(rest) => lines
                .last_mut()
                .expect("continuation after a line")
                .push_str(rest),
            None => lines.push(raw.to_string()),
        }
    }
    lines
}

#[test]
fn calendars_follow_rfc_5545() {
    let site = Example::build(&[]);
    let events = api_slugs(&site, "events");
    let all = ics_lines(&site.text("events.ics"));
    assert_eq!(all.first().unwrap(), "BEGIN:VCALENDAR");
    assert_eq!(all.last().unwrap(), "END:VCALENDAR");
    assert!(all.contains(&"VERSION:2.0".to_string()));
    assert!(all.iter().any(|l| l.starts_with("PRODID:")));
    assert_eq!(
        all.iter().filter(|l| *l == "BEGIN:VEVENT").count(),
        events.len()
    );
    for slug in &events {
        let lines = ics_lines(&site.text(&format!("events/{slug}/event.ics")));
        let get = |key: &str| {
            lines
                .iter()
                .find(|l| l.split([':', ';']).next() == Some(key))
                .unwrap_or_else(|| panic!("{slug}: no {key}"))
                .clone()
        };
        assert_eq!(
            get("UID"),
            format!("UID:{slug}@forgeline.gitlab.io"),
            "stable UID"
        );
        assert_eq!(
            get("DTSTAMP"),
            "DTSTAMP:20261125T120000Z",
            "DTSTAMP from SOURCE_DATE_EPOCH"
        );
        let start = get("DTSTART");
        assert!(
            start.ends_with('Z') && start.len() == "DTSTART:20260101T000000Z".len()
                || start.starts_with("DTSTART;VALUE=DATE:"),
            "{slug}: {start}"
        );
        assert!(get("SUMMARY").len() > "SUMMARY:".len());
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("LOCATION") || l.starts_with("URL")),
            "{slug}: where"
        );
        // Text values escape commas, semicolons and backslashes.
        let location = lines.iter().find(|l| l.starts_with("LOCATION"));
        if let Some(location) = location {
            let value = location.split_once(':').unwrap().1;
            assert!(
                !value
                    .replace("\\,", "")
                    .replace("\\;", "")
                    .contains([',', ';']),
                "{slug}: unescaped {value}"
            );
        }
    }
    // The cancelled seminar says so; the Sydney workshop is in UTC (09:30 AEDT = 22:30Z the day before).
    let cancelled = ics_lines(&site.text("events/devops-days-singapore/event.ics"));
    assert!(cancelled.contains(&"STATUS:CANCELLED".to_string()));
    let sydney = ics_lines(&site.text("events/edge-delivery-workshop-sydney/event.ics"));
    assert!(
        sydney.contains(&"DTSTART:20270217T223000Z".to_string()),
        "{sydney:?}"
    );
    // Every event page links its calendar file.
    for slug in &events {
        let page = site.text(&format!("events/{slug}/index.html"));
        assert!(page.contains(&format!("\"/events/{slug}/event.ics\"")));
    }
}

/// The JSON-LD blocks of a page.
fn json_ld(html: &str) -> Vec<Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| {
            let json = rest.split("</script>").next().unwrap();
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
        })
        .collect()
}

#[test]
fn every_page_has_canonical_description_opengraph_twitter_and_the_right_json_ld() {
    let site = Example::build(&[]);
    for page in site.html_pages() {
        let html = site.text(&page);
        for needle in [
            "<link rel=\"canonical\" href=\"https://forgeline.gitlab.io/",
            "<meta name=\"description\" content=\"",
            "<meta property=\"og:title\" content=\"",
            "<meta property=\"og:url\" content=\"https://forgeline.gitlab.io/",
            "<meta property=\"og:type\" content=\"",
            "<meta property=\"og:image\" content=\"https://forgeline.gitlab.io/",
            "<meta name=\"twitter:card\" content=\"",
            "<meta property=\"og:image:alt\" content=\"",
            "<meta name=\"twitter:image:alt\" content=\"",
        ] {
            assert!(html.contains(needle), "{page} lacks {needle}");
        }
        for block in json_ld(&html) {
            assert_eq!(block["@context"], "https://schema.org", "{page}");
        }
    }
    let types = |path: &str| -> Vec<Value> { json_ld(&site.text(path)) };
    let home = &types("index.html")[0];
    assert_eq!(home["@type"], "WebSite");
    assert_eq!(
        home["potentialAction"]["target"]["urlTemplate"],
        "https://forgeline.gitlab.io/search/?q={search_term_string}"
    );
    let article = &types("case-studies/northwind-health-weekly-releases/index.html")[0];
    assert_eq!(article["@type"], "Article");
    assert_eq!(article["about"]["name"], "Northwind Health");
    assert_eq!(article["datePublished"], "2025-05-26");
    // The customer tells the story; the brand publishes it, with its logo.
    assert_eq!(article["author"]["@type"], "Organization");
    assert_eq!(article["author"]["name"], "Northwind Health");
    assert_eq!(article["publisher"]["name"], "Forgeline");
    assert!(
        article["publisher"]["logo"]["url"]
            .as_str()
            .is_some_and(|u| u.starts_with(BASE)),
        "{article}"
    );
    let story = site.text("case-studies/northwind-health-weekly-releases/index.html");
    // Its link preview is its share image (issue 33), described by its words.
    assert!(
        story.contains("<meta property=\"og:image:alt\" content=\"Northwind Health moves from monthly to weekly releases without failing an audit\">"),
        "a story's preview image is its share image, and says what it shows"
    );
    assert!(story.contains(&format!(
        "<meta property=\"og:image\" content=\"{BASE}share/case-studies/northwind-health-weekly-releases."
    )));
    let event = &types("events/forgeline-summit-2027/index.html")[0];
    assert_eq!(event["@type"], "Event");
    assert_eq!(event["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(
        event["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    // One location is an object, several an array.
    let first = |v: &Value| {
        if v.is_array() {
            v[0].clone()
        } else {
            v.clone()
        }
    };
    assert_eq!(first(&event["location"])["@type"], "Place");
    assert_eq!(
        event["location"]["address"]["addressLocality"],
        "San Francisco"
    );
    assert_eq!(event["organizer"]["name"], "Forgeline");
    let online = &types("events/pipelines-as-code-webinar/index.html")[0];
    assert_eq!(
        online["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(first(&online["location"])["@type"], "VirtualLocation");
    let cancelled = &types("events/devops-days-singapore/index.html")[0];
    assert_eq!(
        cancelled["eventStatus"],
        "https://schema.org/EventCancelled"
    );
    assert_eq!(
        types("customers/ledgerly/index.html")[0]["@type"],
        "Organization"
    );
    assert_eq!(
        types("advocates/priya-raman/index.html")[0]["@type"],
        "Person"
    );
    let reviews = &types("testimonials/index.html")[0];
    assert_eq!(reviews["@type"], "ItemList");
    let items = reviews["itemListElement"].as_array().unwrap();
    assert_eq!(items.len(), api_slugs(&site, "testimonials").len());
    assert!(items
        .iter()
        .all(|i| i["item"]["@type"] == "Review" && i["item"]["reviewRating"]["bestRating"] == 5));
    assert!(
        !site
            .text("testimonials/index.html")
            .contains("AggregateRating"),
        "never a self-serving aggregate"
    );
    let quotes = &types("quotes/index.html")[0];
    assert!(quotes["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["item"]["@type"] == "Quotation"));
}

#[test]
fn api_files_hold_every_published_item_and_nothing_withheld() {
    let site = Example::build(&[]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for (folder, kind) in [
        ("case-studies", "case-study"),
        ("testimonials", "testimonial"),
        ("quotes", "quote"),
        ("events", "event"),
        ("customers", "customer"),
        ("advocates", "advocate"),
    ] {
        let api = site.json(&format!("api/{folder}.json"));
        assert_eq!(api["version"], 2);
        assert_eq!(api["kind"], kind);
        let items = api["items"].as_array().unwrap();
        assert_eq!(api["count"].as_u64().unwrap() as usize, items.len());
        // The pages, followed by their `next` links, hold every item of the index in
        // its order, each with its body.
        let mut paged = Vec::new();
        let mut next = api["pages"][0].clone();
        while let Some(url) = next.as_str() {
            let page = site.json(url.strip_prefix(BASE).unwrap());
            assert_eq!(page["kind"], kind);
            for item in page["items"].as_array().unwrap() {
                assert!(
                    item["html"].is_string() && item["fields"].is_object(),
                    "{url}"
                );
                assert_eq!(item["api_url"], url);
                paged.push(item["slug"].clone());
            }
            next = page["next"].clone();
        }
        let listed: Vec<Value> = items.iter().map(|e| e["slug"].clone()).collect();
        assert_eq!(paged, listed, "{folder}");
        for entry in items {
            assert!(entry["url"].as_str().unwrap().starts_with(BASE), "{entry}");
            assert!(entry.get("html").is_none() && entry.get("fields").is_none());
        }
        let sources = walkdir::WalkDir::new(root.join(folder))
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            // A translation (`acme.de.md`) is in its language's API (`/de/api/`).
            .filter(|e| !common::is_translation(e.path()))
            .count();
        let withheld = if folder == "case-studies" { 3 } else { 0 };
        assert_eq!(items.len(), sources - withheld, "{folder}");
    }
    let stories: String = std::fs::read_dir(site.out.join("api/case-studies/page"))
        .unwrap()
        .flatten()
        .map(|f| std::fs::read_to_string(f.path()).unwrap())
        .chain([site.text("api/case-studies.json")])
        .collect();
    for withheld in [
        "Meridian Bank releases",
        "Tidepool reviews every change",
        "returns platform",
    ] {
        assert!(
            !stories.contains(withheld),
            "{withheld} must not be published"
        );
    }
}

#[test]
fn search_is_split_so_a_query_fetches_one_shard_and_the_chunks_it_shows() {
    let site = Example::build(&[]);
    let manifest = site.json("search/index.json");
    let number = |key: &str| manifest[key].as_u64().unwrap() as usize;
    let (shards, chunk, documents) = (number("shards"), number("chunk"), number("documents"));
    let published: usize = [
        "case-studies",
        "testimonials",
        "quotes",
        "events",
        "customers",
        "advocates",
    ]
    .iter()
    .map(|f| api_slugs(&site, f).len())
    .sum::<usize>();
    assert!(
        documents >= published,
        "{documents} documents for {published} items"
    );
    for n in 0..shards {
        assert!(
            site.json(&format!("search/w/{n}.json")).is_object(),
            "shard {n}"
        );
    }
    let chunks = documents.div_ceil(chunk);
    for n in 0..chunks {
        let docs = site.json(&format!("search/d/{n}.json"));
        let expected = chunk.min(documents - n * chunk);
        assert_eq!(docs.as_array().unwrap().len(), expected, "chunk {n}");
    }
    assert!(!site.out.join(format!("search/d/{chunks}.json")).exists());
    // The documents a word's shard lists, as search.js reads them: the shard is a hash
    // of the word's first two letters; each list holds growing numbers `id * 2 + (in
    // the title)`, written as differences.
    let find = |word: &str| -> Vec<(Value, bool)> {
        let letters: Vec<usize> = word.chars().map(|c| c as usize).collect();
        let shard = site.json(&format!(
            "search/w/{}.json",
            (letters[0] * 31 + letters[1]) % shards
        ));
        let mut v = 0;
        let list = shard[word].as_array().cloned().unwrap_or_default();
        list.iter()
            .map(|d| {
                v += d.as_u64().unwrap() as usize;
                let id = v >> 1;
                let docs = site.json(&format!("search/d/{}.json", id / chunk));
                (docs[id % chunk].clone(), v & 1 == 1)
            })
            .collect()
    };
    let northwind = find("northwind");
    let (story, in_title) = northwind
        .iter()
        .find(|(d, _)| {
            d["t"]
                .as_str()
                .unwrap()
                .starts_with("Northwind Health moves")
        })
        .expect("the story is found by its customer's name");
    assert!(in_title, "the word is in its title");
    assert_eq!(story["k"], "Case study");
    assert_eq!(story["c"], "Northwind Health");
    assert!(story["u"]
        .as_str()
        .unwrap()
        .ends_with("/case-studies/northwind-health-weekly-releases/"));
    assert!(
        find("compliance").iter().any(|(d, _)| d == story),
        "tags are indexed"
    );
    assert!(manifest["stop"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w == "the"));
    assert!(find("the").is_empty(), "stop words are not indexed");
    let script = std::fs::metadata(site.out.join("assets/search.js"))
        .unwrap()
        .len();
    assert!(script < 5 * 1024, "search.js is {script} bytes");
    let page = site.text("search/index.html");
    assert!(page.contains("assets/search.js") && page.contains("search/index.json"));
    assert!(
        !site.text("index.html").contains("search.js"),
        "only the search page loads it"
    );
}

#[test]
fn compress_writes_reproducible_gzip_beside_large_text_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let config =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("vouch.yml")).unwrap();
    std::fs::write(
        root.join("vouch.yml"),
        format!("{config}\ncompress: true\n"),
    )
    .unwrap();
    let copy = Command::new("cp")
        .arg("-r")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
        .arg(root)
        .status()
        .unwrap();
    assert!(copy.success());
    let build = |out: &str| {
        let status = Command::new(env!("CARGO_BIN_EXE_vouch"))
            .args(["--root"])
            .arg(root)
            .args(["build", "--out", out])
            .env("SOURCE_DATE_EPOCH", common::EXAMPLE_NOW_EPOCH)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        root.join(out)
    };
    let (one, two) = (build("one"), build("two"));
    for path in [
        "index.html",
        "assets/vouch.css",
        "atom.xml",
        "api/case-studies.json",
        "events.ics",
        "sitemap.xml",
    ] {
        let original = std::fs::read(one.join(path)).unwrap();
        let gz = std::fs::read(one.join(format!("{path}.gz")))
            .unwrap_or_else(|e| panic!("{path}.gz: {e}"));
        let mut unzipped = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unzipped)
            .unwrap();
        assert_eq!(unzipped, original, "{path}.gz holds the file");
        assert!(gz.len() < original.len());
        assert_eq!(
            gz,
            std::fs::read(two.join(format!("{path}.gz"))).unwrap(),
            "{path}.gz is reproducible"
        );
    }
    assert!(
        !one.join("robots.txt.gz").exists(),
        "small files stay as they are"
    );
    assert!(
        !one.join("customers/logos/ledgerly.svg.gz").exists()
            || std::fs::metadata(one.join("customers/logos/ledgerly.svg"))
                .unwrap()
                .len()
                >= 1024
    );
    let plain = Example::build(&[]);
    assert!(!plain.out.join("index.html.gz").exists(), "off by default");
}
