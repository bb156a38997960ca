//! `vouch snippet`: one testimonial, quote or case study as a block to paste into an
//! email, another page or a deck, with every link to the site tagged for the
//! analytics (UTM). Only words that may leave the site get a snippet.

mod email;

pub use email::EMAIL_CSS;

use crate::config::CampaignsConfig;
use crate::content::kinds::Kind;
use crate::content::{Document, Front};
use crate::diagnostics::Diagnostic;
use crate::escape;
use crate::render::Renderer;
use crate::site::{approval_expired, may_leave_site, scheduled, ItemId, Site};
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// What the snippet is pasted into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An email: a table, inline styles from [`EMAIL_CSS`] only.
    Email,
    /// A web page or a CMS's HTML block: plain markup, no styles.
    Html,
    /// A README, a wiki, a chat message.
    Markdown,
    /// Plain text: a slide, a social post.
    Text,
}

/// The kinds a snippet can be made of: words and stories.
pub const SNIPPET_KINDS: [Kind; 3] = [Kind::Testimonial, Kind::Quote, Kind::CaseStudy];

/// What every format shows of one item: the words and who said them, and the tagged
/// links back to the site.
#[derive(Debug, Clone)]
pub struct Words {
    /// A case study's title (words have none worth showing).
    pub title: Option<String>,
    /// The words, paragraph by paragraph, as plain text (a case study: its summary).
    pub paragraphs: Vec<String>,
    /// Who said them.
    pub author: Option<String>,
    /// Their role.
    pub role: Option<String>,
    /// A testimonial's rating, 1 to 5.
    pub rating: Option<i64>,
    /// The customer's name.
    pub customer: Option<String>,
    /// The customer's page, tagged.
    pub customer_link: Option<String>,
    /// A case study's headline results: (value, what).
    pub results: Vec<(String, String)>,
    /// The item's place on the site, tagged.
    pub link: String,
    /// The words of that link.
    pub link_label: String,
    /// The brand colour, for the email's accents.
    pub brand: String,
}

/// Why the file's words may not leave the site, in the marketer's words. Only asked
/// once [`may_leave_site`] has said no: it explains, it never decides.
pub fn why_kept_in(doc: &Document, today: Date) -> String {
    let common = doc.front.common();
    if common.draft {
        return "it is a draft".into();
    }
    if scheduled(common.date.map(|d| d.0), today) {
        let date = common.date.map(|d| d.0.to_string()).unwrap_or_default();
        return format!("it is scheduled for {date}");
    }
    match doc.front.approval() {
        None => "no customer approval is recorded in the file (embeds and snippets need one, whatever approvals: says)".into(),
        Some(a) if a.on.0 > today => format!("the customer's approval starts on {}", a.on.0),
        Some(a) if a.expires.is_some_and(|e| approval_expired(e.0, today)) => format!(
            "the customer's approval expired on {}",
            a.expires.map(|e| e.0.to_string()).unwrap_or_default()
        ),
        Some(_) => "the publishing rules keep it in".into(),
    }
}

/// The item of `doc` as a snippet, or why it gets none.
pub fn make(
    renderer: &Renderer<'_>,
    doc: &Document,
    format: Format,
    campaign: Option<&str>,
) -> Result<String, Diagnostic> {
    let site = renderer.site();
    if !SNIPPET_KINDS.contains(&doc.kind) {
        return Err(Diagnostic::error(
            &doc.path,
            format!("a {} has no snippet", doc.kind.label().to_lowercase()),
        )
        .hint("snippets are made of testimonials, quotes and case studies"));
    }
    if !may_leave_site(doc, site.today) {
        return Err(Diagnostic::error(
            &doc.path,
            format!("its words may not leave the site: {}", why_kept_in(doc, site.today)),
        )
        .field("approval")
        .at_line(doc.line_of("approval"))
        .hint("add or renew approval: { by: \"Name, Role, Company\", on: YYYY-MM-DD }, publish it, then make the snippet"));
    }
    let Some(id) = site.id_of(&doc.content_path) else {
        return Err(
            Diagnostic::error(&doc.path, "it is not published on the site")
                .hint("fix the problems `vouch check` lists for it"),
        );
    };
    let medium = match format {
        Format::Email => &site.config.campaigns.email_medium,
        _ => &site.config.campaigns.web_medium,
    };
    let tags = Tags {
        config: &site.config.campaigns,
        medium,
        campaign,
        content: &site.items[id].slug,
    };
    let words = words(renderer, id, &tags);
    Ok(match format {
        Format::Email => email::email(&words),
        Format::Html => html(&words),
        Format::Markdown => markdown(&words),
        Format::Text => text(&words),
    })
}

/// The snippet of the file at `path` (relative to the site's folder, the current
/// folder, or `content/`), made from the site as `request` builds it: the site's
/// problems, a path that is no content file, or words kept in are errors.
pub fn run(
    request: &crate::Request,
    path: &Path,
    format: Format,
    campaign: Option<&str>,
) -> Result<String, Outcome> {
    let content_path = content_path_of(&request.root, path).ok_or_else(|| {
        Outcome::Misuse(
            Diagnostic::error(path, "no Markdown file of the site's content/ folder is there")
                .hint("give the path of a testimonial, quote or case study, e.g. content/quotes/acme-cto.md"),
        )
    })?;
    let parts = crate::Parts::load(request).map_err(Outcome::Site)?;
    let rel = PathBuf::from(crate::content::CONTENT_DIR).join(&content_path);
    let doc = crate::content::read_document(&request.root.join(&rel), rel, content_path)
        .map_err(|d| Outcome::Site(crate::diagnostics::Diagnostics(d)))?;
    make(&parts.renderer(), &doc, format, campaign).map_err(Outcome::KeptIn)
}

/// Why `run` made no snippet.
#[derive(Debug)]
pub enum Outcome {
    /// The path names no content file (a usage error).
    Misuse(Diagnostic),
    /// The site has errors.
    Site(crate::diagnostics::Diagnostics),
    /// The item gets no snippet, and why.
    KeptIn(Diagnostic),
}

/// The content path (`quotes/acme.md`) of a path given on the command line.
fn content_path_of(root: &Path, path: &Path) -> Option<String> {
    let content = std::fs::canonicalize(root.join(crate::content::CONTENT_DIR)).ok()?;
    let candidates = [root.join(path), path.to_path_buf(), content.join(path)];
    let found = candidates.iter().find_map(|p| {
        let p = std::fs::canonicalize(p).ok()?;
        let inside = p.strip_prefix(&content).ok()?.to_path_buf();
        (p.is_file() && p.extension().is_some_and(|x| x == "md")).then_some(inside)
    })?;
    let parts: Vec<String> = found
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// The UTM tags of one snippet's links.
struct Tags<'a> {
    config: &'a CampaignsConfig,
    medium: &'a str,
    campaign: Option<&'a str>,
    content: &'a str,
}

impl Tags<'_> {
    /// `url` with the tags, before its fragment.
    fn on(&self, url: &str) -> String {
        let (base, fragment) = url.split_once('#').map_or((url, ""), |(b, f)| (b, f));
        let campaign = self.campaign.unwrap_or(&self.config.default_campaign);
        let joiner = if base.contains('?') { '&' } else { '?' };
        let mut out = format!(
            "{base}{joiner}utm_source={}&utm_medium={}&utm_campaign={}&utm_content={}",
            query(&self.config.source),
            query(self.medium),
            query(campaign),
            query(self.content)
        );
        if !fragment.is_empty() {
            out.push('#');
            out.push_str(fragment);
        }
        out
    }
}

/// Percent-encodes a query value: letters, digits and `-._~` stay.
fn query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.trim().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Plain text of rendered HTML, paragraph by paragraph.
fn paragraphs(html: &str) -> Vec<String> {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.replace("</p>", "\n\n").replace("<br>", "\n").chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = html_escape::decode_html_entities(&text).into_owned();
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

fn words(renderer: &Renderer<'_>, id: ItemId, tags: &Tags<'_>) -> Words {
    let site: &Site = renderer.site();
    let item = &site.items[id];
    let card = &renderer.cards()[id];
    let link = tags.on(&site.absolute(&item.url()));
    let customer_link = card
        .customer_url
        .as_deref()
        .map(|u| tags.on(&site.absolute(u)));
    let brand = site.config.brand.primary_color.clone();
    let mut words = Words {
        title: None,
        paragraphs: paragraphs(&renderer.bodies()[id].html),
        author: card.author.clone(),
        role: card.role.clone(),
        rating: card.rating,
        customer: card.customer_name.clone(),
        customer_link,
        results: Vec::new(),
        link,
        link_label: format!("Read more on {}", site.config.title),
        brand: brand.unwrap_or_else(|| "#3b3ec9".into()),
    };
    if let Front::CaseStudy(story) = &item.doc.front {
        words.title = Some(item.title.clone());
        words.paragraphs = vec![story.summary.to_string()];
        words.results = (story.results.iter())
            .map(|r| (r.value.clone(), r.metric.clone()))
            .collect();
        words.link_label = "Read the story".into();
    }
    words
}

/// Who said it: "Dana Smith, CTO, Acme".
fn byline(words: &Words) -> String {
    let parts = [&words.author, &words.role, &words.customer];
    let parts: Vec<&str> = parts.iter().filter_map(|p| p.as_deref()).collect();
    parts.join(", ")
}

fn text(words: &Words) -> String {
    let mut out = String::new();
    if let Some(title) = &words.title {
        out.push_str(&format!("{title}\n\n"));
    }
    let said = words.paragraphs.join("\n\n");
    match words.title {
        Some(_) => out.push_str(&format!("{said}\n")),
        None => out.push_str(&format!("\u{201c}{said}\u{201d}\n")),
    }
    if !words.results.is_empty() {
        out.push('\n');
    }
    for (value, metric) in &words.results {
        out.push_str(&format!("- {value} {metric}\n"));
    }
    if words.author.is_some() {
        out.push_str(&format!("\u{2014} {}\n", byline(words)));
    }
    out.push_str(&format!("\n{}: {}\n", words.link_label, words.link));
    out
}

fn markdown(words: &Words) -> String {
    let mut out = String::new();
    let md = |s: &str| s.replace('\\', "\\\\").replace(['[', ']'], "\\$0");
    if let Some(title) = &words.title {
        out.push_str(&format!(
            "### [{}]({})\n\n{}\n\n",
            md(title),
            words.link,
            md(&words.paragraphs.join(" "))
        ));
        for (value, metric) in &words.results {
            out.push_str(&format!("- **{}** {}\n", md(value), md(metric)));
        }
        if !words.results.is_empty() {
            out.push('\n');
        }
    } else {
        let quoted: Vec<String> = words
            .paragraphs
            .iter()
            .map(|p| format!("> {}", md(p)))
            .collect();
        out.push_str(&quoted.join("\n>\n"));
        let customer = match (&words.customer, &words.customer_link) {
            (Some(name), Some(link)) => format!(", [{}]({link})", md(name)),
            (Some(name), None) => format!(", {}", md(name)),
            _ => String::new(),
        };
        let role = words
            .role
            .as_deref()
            .map(|r| format!(", {}", md(r)))
            .unwrap_or_default();
        let author = md(words.author.as_deref().unwrap_or_default());
        out.push_str(&format!("\n>\n> \u{2014} **{author}**{role}{customer}\n\n"));
    }
    out.push_str(&format!("[{}]({})\n", md(&words.link_label), words.link));
    out
}

fn html(words: &Words) -> String {
    let e = escape::xml;
    let mut out = String::new();
    let said: String = words
        .paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", e(p)))
        .collect();
    if let Some(title) = &words.title {
        out.push_str(&format!(
            "<article>\n<h3><a href=\"{}\">{}</a></h3>\n{said}\n",
            e(&words.link),
            e(title)
        ));
        if !words.results.is_empty() {
            let items: String = (words.results.iter())
                .map(|(v, m)| format!("<li><strong>{}</strong> {}</li>", e(v), e(m)))
                .collect();
            out.push_str(&format!("<ul>{items}</ul>\n"));
        }
        out.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>\n</article>\n",
            e(&words.link),
            e(&words.link_label)
        ));
        return out;
    }
    let customer = match (&words.customer, &words.customer_link) {
        (Some(name), Some(link)) => format!(", <a href=\"{}\">{}</a>", e(link), e(name)),
        (Some(name), None) => format!(", {}", e(name)),
        _ => String::new(),
    };
    let role = words
        .role
        .as_deref()
        .map(|r| format!(", {}", e(r)))
        .unwrap_or_default();
    let author = e(words.author.as_deref().unwrap_or_default());
    out.push_str(&format!(
        "<figure>\n<blockquote cite=\"{link}\">{said}</blockquote>\n<figcaption>\u{2014} <cite>{author}</cite>{role}{customer}</figcaption>\n</figure>\n<p><a href=\"{link}\">{label}</a></p>\n",
        link = e(&words.link),
        label = e(&words.link_label),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            query("Spring launch/2027 & co"),
            "Spring%20launch%2F2027%20%26%20co"
        );
        assert_eq!(query("é"), "%C3%A9");
    }

    #[test]
    fn paragraphs_are_plain_text() {
        let html = "<p>Fast &amp; <em>safe</em>.</p>\n<p>Second\nline.</p>";
        assert_eq!(paragraphs(html), ["Fast & safe.", "Second line."]);
    }
}
