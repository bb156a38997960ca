//! `vouch init` and `vouch new`: a working site to start from, and a new content file
//! with every field of its kind written out or explained, so nobody has to look up the
//! reference to write a story.

use crate::content::kinds::Kind;
use crate::diagnostics::Diagnostic;
use crate::site::urls::slugify;
use include_dir::{include_dir, Dir, DirEntry};
use std::path::{Path, PathBuf};

pub mod placeholders;
mod translation;
use placeholders as stand_in;
pub use translation::new_translation;

/// vouch's release, Cargo.toml's `version`: a new site's CI file pins it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// vouch's home, Cargo.toml's `repository` (`https://<GitLab host>/<namespace>/<project>`):
/// the one place the repository names it. The release tarballs, the image and the CI/CD
/// component are found from it.
pub const HOME: &str = env!("CARGO_PKG_REPOSITORY");

/// The GitLab host and project path of [`HOME`]: (`gitlab.com`, `vouch/vouch`).
pub fn home() -> (&'static str, &'static str) {
    let rest = HOME.strip_prefix("https://").unwrap_or(HOME);
    rest.split_once('/').unwrap_or((rest, ""))
}

/// Where releases put their tarballs: the project's generic package registry, package
/// `vouch`, one version a folder (`<this>/<version>/vouch-<version>-<target>.tar.gz`).
pub fn packages_url() -> String {
    let (host, project) = home();
    format!(
        "https://{host}/api/v4/projects/{}/packages/generic/vouch",
        project.replace('/', "%2F")
    )
}

/// This version's container image: a shell and `vouch` on the PATH.
pub fn image() -> String {
    let (host, project) = home();
    format!("registry.{host}/{project}:{VERSION}")
}

/// The CI file `vouch init` writes: pinned to this version, naming vouch's home.
pub fn ci_file() -> String {
    let template = STARTER
        .get_file(".gitlab-ci.yml")
        .and_then(|f| f.contents_utf8())
        .unwrap_or_default();
    template
        .replace("@VOUCH_VERSION@", VERSION)
        .replace("@VOUCH_PACKAGES@", &packages_url())
        .replace("@VOUCH_IMAGE@", &image())
        .replace("@VOUCH_HOME@", HOME)
}

/// The starter site: vouch.yml, one sample of every kind, a logo, .gitlab-ci.yml and
/// .gitignore.
static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/starter");

/// Writes the starter site into `dir`, which must be empty (or missing) unless `force`.
/// Returns the files written, relative to `dir`.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>, Diagnostic> {
    let occupied = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if occupied && !force {
        return Err(Diagnostic::error(dir, "the folder is not empty")
            .hint("choose a new or empty folder, or add --force to write the starter files into it (existing files with the same names are replaced)"));
    }
    let mut written = Vec::new();
    let mut stack = vec![&STARTER];
    while let Some(folder) = stack.pop() {
        for entry in folder.entries() {
            match entry {
                DirEntry::Dir(d) => stack.push(d),
                DirEntry::File(f) => {
                    let target = dir.join(f.path());
                    let io = |e: std::io::Error| {
                        Diagnostic::error(&target, format!("cannot write the file: {e}"))
                    };
                    std::fs::create_dir_all(target.parent().unwrap_or(dir)).map_err(io)?;
                    let written_ok = if f.path() == Path::new(".gitlab-ci.yml") {
                        std::fs::write(&target, ci_file())
                    } else {
                        std::fs::write(&target, f.contents())
                    };
                    written_ok.map_err(io)?;
                    written.push(f.path().to_path_buf());
                }
            }
        }
    }
    written.sort();
    Ok(written)
}

/// The kind named on the command line (`case-study`, `testimonial`, …).
pub fn kind_named(name: &str) -> Result<Kind, Diagnostic> {
    Kind::ALL
        .into_iter()
        .find(|k| k.name() == name)
        .ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            let d = Diagnostic::error("vouch new", format!("unknown kind '{name}'"));
            match crate::diagnostics::did_you_mean(name, names.iter().copied()) {
                Some(best) => d.hint(format!(
                    "did you mean '{best}'? (kinds: {})",
                    names.join(", ")
                )),
                None => d.hint(format!("kinds: {}", names.join(", "))),
            }
        })
}

/// Writes `content/<folder>/<slug>.md` for a new item named by `title` (its title, or
/// the author or name for kinds identified by one), as a draft, and returns its path
/// relative to `root`. Never overwrites a file.
pub fn new_item(root: &Path, kind: Kind, title: &str, today: &str) -> Result<PathBuf, Diagnostic> {
    let title = one_line(title);
    let slug = file_slug(&title, kind);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            "vouch new",
            "the title has no letters or digits to make a file name from",
        )
        .hint("give a title such as \"Acme ships faster\""));
    }
    let folder = match kind {
        Kind::Page => String::new(),
        k => format!("{}/", k.folder()),
    };
    let relative = PathBuf::from(format!("content/{folder}{slug}.md"));
    let target = root.join(&relative);
    if target.exists() {
        return Err(Diagnostic::error(
            &relative,
            "this file already exists; vouch new never overwrites",
        )
        .hint("pick another title, or edit the existing file"));
    }
    let text = template(kind, &title, today);
    let io =
        |e: std::io::Error| Diagnostic::error(&relative, format!("cannot write the file: {e}"));
    std::fs::create_dir_all(target.parent().unwrap_or(root)).map_err(io)?;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(io)?;
    Ok(relative)
}

/// The longest file name `vouch new` makes, in bytes before `.md`: well under every
/// file system's limit, with room for the folders.
pub const MAX_SLUG_BYTES: usize = 100;

/// Names Windows keeps for devices (with any extension): a file named so cannot be
/// checked out there.
const WINDOWS_RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The title as one line of text a file can hold: line breaks, tabs and control or
/// invisible characters become single spaces, so no title can end the front matter or
/// hide a character in it.
pub fn one_line(title: &str) -> String {
    let visible: String = title
        .chars()
        .map(|c| {
            let invisible = c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                );
            if invisible || c.is_whitespace() {
                ' '
            } else {
                c
            }
        })
        .collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A file name every system can check out: a lowercase slug of at most
/// [`MAX_SLUG_BYTES`] (cut on a character boundary), never a Windows device name.
pub fn file_slug(title: &str, kind: Kind) -> String {
    // Slugging a slug again must not change it: the site slugs the file name.
    let mut slug = slugify(&slugify(title));
    if slug.len() > MAX_SLUG_BYTES {
        let mut end = MAX_SLUG_BYTES;
        while !slug.is_char_boundary(end) {
            end -= 1;
        }
        slug.truncate(end);
        slug = slugify(&slug);
    }
    if WINDOWS_RESERVED.contains(&slug.as_str()) || taken_by_vouch(&slug, kind) {
        slug = format!("{slug}-{}", kind.name());
    }
    slug
}

/// Whether an item of `kind` named `slug` would sit where vouch writes a page of its
/// own: a listing's later pages, or a listing, taxonomy or search page at the top.
fn taken_by_vouch(slug: &str, kind: Kind) -> bool {
    if kind != Kind::Page {
        return slug == crate::site::urls::PAGE_SEGMENT;
    }
    let taxonomy = crate::config::TAXONOMY_FIELDS
        .iter()
        .any(|t| t.replace('_', "-") == slug);
    Kind::from_folder(slug).is_some() || taxonomy || slug == "search"
}

/// A quoted YAML string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The new file's text: every field of the kind, set or commented with what it does.
pub fn template(kind: Kind, title: &str, today: &str) -> String {
    let title = quoted(title);
    let common_tail = "draft: true                  # remove (or set false) to publish\n\
         # tags: [ci, security]        # topics, each with a page at /tags/<tag>/\n\
         # featured: false             # true shows it first (home page, lists)\n\
         # slug: my-address            # the URL segment; default: the file name\n\
         # description: \"…\"            # for search engines and link previews; default: a summary\n\
         # image: /images/photo.jpg     # for link previews; a file under content/\n";
    let approval = format!(
        "# approval: {{ by: \"Name, Role, Company\", on: {today}, expires: YYYY-MM-DD }}  # the customer's permission to publish\n"
    );
    let (front, body) = match kind {
        Kind::CaseStudy => (
            case_study_front(&title, today, &approval, common_tail),
            format!(
                "## The challenge\n\n{0}\n\n## The solution\n\n{0}\n\n## The results\n\n{0}\n",
                stand_in::SECTION
            ),
        ),
        Kind::Testimonial => (
            testimonial_front(&title, today, &approval, common_tail),
            format!("{}\n", stand_in::TESTIMONIAL),
        ),
        Kind::Quote => (
            quote_front(&title, today, &approval, common_tail),
            format!("{}\n", stand_in::QUOTE),
        ),
        Kind::Event => (
            event_front(&title, today, common_tail),
            format!("{}\n", stand_in::EVENT),
        ),
        Kind::Customer => (
            customer_front(&title, today, common_tail),
            format!("{}\n", stand_in::CUSTOMER),
        ),
        Kind::Advocate => (
            advocate_front(&title, today, common_tail),
            format!("{}\n", stand_in::ADVOCATE),
        ),
        Kind::Page => (
            format!("title: {title}\n# date: {today}\n{common_tail}"),
            format!("{}\n", stand_in::PAGE),
        ),
    };
    format!("---\n{front}---\n{body}")
}

/// A new case study's front matter, kept apart so its writer finds the customer, the
/// numbers and the pull quote fields in the file, not in the reference.
fn case_study_front(title: &str, today: &str, approval: &str, common_tail: &str) -> String {
    format!(
        "title: {title}\n\
         date: {today}                  # publication date; a future date schedules it\n\
         customer: {customer}        # file name of content/customers/<slug>.md\n\
         summary: \"{summary}\"\n\
         # author: \"Full Name\"          # the writer, if credited; default: the customer\n\
         # industry: Software           # default: the customer's\n\
         # company_size: 51-200         # default: the customer's\n\
         # region: EMEA                 # default: the customer's\n\
         # stages: [build, deploy]      # product stages used\n\
         # lifecycle: advocacy          # onboarding, engagement, retention, renewal or advocacy\n\
         # results:                     # headline numbers, shown as metric cards\n\
         #   - {{ metric: faster releases, value: \"3×\" }}\n\
         # quote: quote-slug            # a quote from content/quotes/ shown as the pull quote\n\
         {approval}{common_tail}",
        summary = stand_in::SUMMARY,
        customer = stand_in::CUSTOMER_SLUG,
    )
}

/// A new testimonial's front matter: a quote's fields, then where the stars, the review
/// site and its link go.
fn testimonial_front(title: &str, today: &str, approval: &str, common_tail: &str) -> String {
    let review = "# rating: 5                    # 1 to 5 stars\n\
         # source: G2                   # where it was written\n\
         # source_url: https://…        # a link to it\n\
         # avatar: /images/person.svg   # the author's picture\n";
    quote_front(title, today, &format!("{review}{approval}"), common_tail)
}

/// A new quote's front matter: just who said it, as quotes are pulled into other stories.
fn quote_front(title: &str, today: &str, approval: &str, common_tail: &str) -> String {
    format!(
        "author: {title}                # who said it, as their name should appear\n\
         # title: \"…\"                  # what the team calls it; default: the author and customer\n\
         date: {today}\n\
         # role: CTO\n\
         # customer: customer-slug\n\
         {approval}{common_tail}"
    )
}

/// A new event's front matter: every date, place and link its page can show, explained.
fn event_front(title: &str, today: &str, common_tail: &str) -> String {
    format!(
        "title: {title}\n\
         kind: meetup                   # tradeshow, conference, seminar, workshop, webinar or meetup\n\
         # format: in-person            # in-person, online or hybrid; default: from location and online_url\n\
         start: {today}T18:00           # YYYY-MM-DD for all day; a time is in `timezone`\n\
         # end: {today}T20:00\n\
         timezone: Europe/Berlin        # IANA zone name of the place\n\
         # location: {{ venue: \"…\", city: Berlin, region: Berlin, country: Germany }}\n\
         # region: EMEA                 # the programme region (a taxonomy term)\n\
         # online_url: https://…        # for online events\n\
         # registration_url: https://…  # shown until the event is over\n\
         # event_url: https://…         # the event's own page, linked before and after\n\
         # recording_url: https://…     # linked once the event is over\n\
         # status: scheduled            # scheduled, cancelled, postponed or moved-online\n\
         # speakers: [advocate-slug, {{ name: Guest Name, role: Analyst }}]\n\
         # customers: [customer-slug]\n\
         # date: {today}                 # when it was announced\n\
         {common_tail}"
    )
}

/// A new customer's front matter: the logo, numbers and terms its stories inherit.
fn customer_front(title: &str, today: &str, common_tail: &str) -> String {
    format!(
        "name: {title}\n\
         # logo: /customers/logos/{}.svg  # a file under content/\n\
         # logo_dark: /customers/logos/…-dark.svg  # for dark backgrounds\n\
         # results:                      # headline numbers on its profile\n\
         #   - {{ metric: releases a day, value: \"12\" }}\n\
         # website: https://…\n\
         # industry: Software\n\
         # company_size: 51-200\n\
         # region: EMEA\n\
         # since: {today}                # customer since\n\
         # title: \"…\"                    # default: the name\n\
         # date: {today}\n\
         {common_tail}",
        slugify(title.trim_matches('"'))
    )
}

/// A new advocate's front matter: their place in the program and what they did for it.
fn advocate_front(title: &str, today: &str, common_tail: &str) -> String {
    format!(
        "name: {title}\n\
         # role: Staff Engineer\n\
         # customer: customer-slug\n\
         # avatar: /advocates/avatars/person.svg\n\
         # joined: {today}               # joined the program\n\
         # tier: Member                  # program level\n\
         # topics: [Release engineering]\n\
         # links:\n\
         #   - {{ label: Blog, url: https://… }}\n\
         # activities:                   # talk, post, contribution, reference-call or other\n\
         #   - {{ date: {today}, kind: talk, title: \"…\", url: https://… }}\n\
         # title: \"…\"                    # default: the name\n\
         # date: {today}\n\
         {common_tail}"
    )
}
