//! The site as every template sees it (`site`: title, brand, navigation, footer), what
//! the home page says of the site, and the check that the brand colour stays readable.

use crate::content::kinds::Kind;
use crate::diagnostics::Diagnostic;
use crate::images::{Picture, Use};
use crate::site::{urls, Site};
use serde::Serialize;

/// Site-wide values every template gets as `site`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteView {
    /// The site title.
    pub title: String,
    /// The site description.
    pub description: String,
    /// What a page without a description of its own says of itself: the site
    /// description, else "<title>: stories from our customers.", so no page has an
    /// empty one (search engines show it; Lighthouse's SEO audit fails an empty one).
    /// It reads no item, so the preview need not remake such pages when items change.
    pub summary: String,
    /// The `lang` attribute.
    pub language: String,
    /// The link prefix (`/` or `/project/`).
    pub base_path: String,
    /// The link prefix of the files every language shares (theme scripts, pictures):
    /// `base_path` but in another language's pages, where it is the default's.
    pub files_path: String,
    /// The absolute base URL.
    pub base_url: String,
    /// Brand name shown in the header.
    pub brand_name: String,
    /// Brand logo.
    pub logo: Option<Picture>,
    /// Brand colour (`#rrggbb`).
    pub primary_color: Option<String>,
    /// Header links.
    pub nav: Vec<LinkView>,
    /// The search page's URL when the navigation does not link it: the footer does, so
    /// every page is reachable by links.
    pub search_link: Option<String>,
    /// Footer links.
    pub footer: Vec<LinkView>,
    /// The call to action.
    pub cta: Option<LinkView>,
    /// The stylesheet URL.
    pub css_url: String,
    /// The script URL.
    pub js_url: String,
    /// The site Atom feed URL.
    pub feed_url: String,
    /// The search page URL.
    pub search_url: String,
    /// The year of "now", for the footer.
    pub year: i16,
    /// The page icon: the brand logo, else the theme's. Declared on every page so no
    /// browser asks for a missing `/favicon.ico`.
    pub icon_url: String,
    /// Every taxonomy's list of terms, linked from the footer so each term page is
    /// reachable from any page without JavaScript.
    pub browse: Vec<LinkView>,
}

/// A link with its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkView {
    /// The link text.
    pub label: String,
    /// Where it goes (base path applied).
    pub url: String,
}

/// What the home page says of itself when neither its intro nor the site has a
/// description: what the site holds ("Acme Stories: 40 case studies, 120 testimonials
/// and 8 events."). The home page is made again whenever any item changes.
pub fn holdings(site: &Site) -> String {
    let counts: Vec<String> = [Kind::CaseStudy, Kind::Testimonial, Kind::Quote, Kind::Event]
        .into_iter()
        .filter(|&k| !site.of_kind(k).is_empty())
        .map(|k| format!("{} {}", site.of_kind(k).len(), k.plural().to_lowercase()))
        .collect();
    match counts.as_slice() {
        [] => stories_of(&site.config.title),
        [one] => format!("{}: {one}.", site.config.title),
        [init @ .., last] => format!("{}: {} and {last}.", site.config.title, init.join(", ")),
    }
}

/// What a site says of itself when nothing else does ("Acme: stories from our
/// customers.").
fn stories_of(title: &str) -> String {
    format!("{title}: stories from our customers.")
}

impl SiteView {
    /// The site-wide view.
    pub fn new(site: &Site) -> SiteView {
        let c = &site.config;
        let link = |l: &crate::config::NavLink| LinkView {
            label: l.label.clone(),
            url: site.configured_link(&l.url),
        };
        let nav: Vec<LinkView> = c.nav.iter().map(link).collect();
        let search = site.link("search/");
        let search_link = (!nav.iter().any(|l| l.url == search)).then_some(search);
        SiteView {
            title: c.title.clone(),
            description: c.description.clone().unwrap_or_default(),
            summary: c
                .description
                .clone()
                .filter(|d| !d.trim().is_empty())
                .unwrap_or_else(|| stories_of(&c.title)),
            language: c.language.clone(),
            base_path: site.base_path.clone(),
            files_path: site.files_path.clone(),
            base_url: site.base_url.clone(),
            brand_name: c.brand.name.clone().unwrap_or_else(|| c.title.clone()),
            logo: c.brand.logo.as_deref().map(|l| brand_logo(site, l)),
            // Text and buttons in the brand colour stay readable (check_brand says so).
            primary_color: c
                .brand
                .primary
                .map(|color| crate::color::readable_on_white(color).hex())
                .or_else(|| c.brand.primary_color.clone()),
            nav,
            search_link,
            footer: c.footer.iter().map(link).collect(),
            cta: c.cta.as_ref().map(|cta| LinkView {
                label: cta.text.clone(),
                url: site.configured_link(&cta.url),
            }),
            css_url: site.file_link("assets/vouch.css"),
            js_url: site.file_link("assets/vouch.js"),
            feed_url: site.link("atom.xml"),
            search_url: site.link("search/"),
            year: site.now.to_zoned_datetime(jiff::tz::TimeZone::UTC).year(),
            icon_url: c.brand.logo.as_deref().map_or_else(
                || site.file_link("assets/icon.svg"),
                |l| urls::resolve_configured(&site.files_path, l),
            ),
            browse: site
                .taxonomies
                .iter()
                .filter(|t| t.terms.iter().any(|term| !term.items.is_empty()))
                .map(|t| LinkView {
                    label: t.title.clone(),
                    url: site.link(&format!("{}/", t.segment())),
                })
                .collect(),
        }
    }
}

/// The brand logo as the header shows it (at most 32 px).
fn brand_logo(site: &Site, logo: &str) -> Picture {
    let url = urls::resolve_configured(&site.files_path, logo);
    match urls::is_external(logo) {
        true => None,
        false => site
            .images
            .picture(logo.trim_start_matches('/'), Use::Avatar, &|p| {
                site.file_link(p)
            }),
    }
    .unwrap_or_else(|| Picture::plain(url, Use::Avatar))
}

/// A brand colour that fails WCAG AA (4.5:1) against the light or dark background is a
/// warning: links and buttons in it would be hard to read.
pub fn check_brand(site: &Site) -> Vec<Diagnostic> {
    let (Some(text), Some(color)) = (&site.config.brand.primary_color, site.config.brand.primary)
    else {
        return Vec::new();
    };
    let light = crate::color::contrast(color, crate::color::WHITE);
    if light < crate::color::READABLE {
        let shade = crate::color::readable_on_white(color).hex();
        vec![Diagnostic::warning(crate::config::CONFIG_FILE, format!(
            "brand.primary_color {text} has a contrast of {light:.1}:1 against white; WCAG AA needs 4.5:1, so links and buttons use the darker shade {shade}"
        ))
        .field("brand.primary_color")
        .hint(format!("write 'primary_color: \"{shade}\"' (or a shade of your own with 4.5:1) to choose the colour yourself"))]
    } else {
        Vec::new()
    }
}
