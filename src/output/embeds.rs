//! Embeddable walls: small self-contained pages of customers' words that other pages
//! show in an iframe (`/embed/<name>/`, `/embed/customers/<slug>/`). Only words that
//! may leave the site ([`crate::site::may_leave_site`]) are on them.

use super::{Contents, Needs, OutputFile};
use crate::config::{EmbedWall, CONFIG_FILE};
use crate::content::kinds::Kind;
use crate::content::Front;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::render::views::{Card, Picture};
use crate::render::{theme, Renderer};
use crate::site::{may_leave_site, urls, ItemId, Site};
use serde::Serialize;

/// The folder every embed is written under.
pub const EMBED_DIR: &str = "embed/";

/// The template an embed page is rendered with (a theme may override it).
pub const EMBED_TEMPLATE: &str = "embed.html";

/// One embeddable wall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Embed {
    /// A wall named under `embeds.walls` in vouch.yml.
    Wall(String),
    /// A customer's own wall.
    Customer(ItemId),
}

impl Embed {
    /// The embed's folder inside the site (`embed/pricing/`).
    pub fn dir(&self, site: &Site) -> String {
        match self {
            Embed::Wall(name) => format!("{EMBED_DIR}{name}/"),
            Embed::Customer(id) => format!("{EMBED_DIR}customers/{}/", site.items[*id].slug),
        }
    }

    /// The embed's absolute URL: what a host page pastes.
    pub fn url(&self, site: &Site) -> String {
        site.absolute(&site.link(&self.dir(site)))
    }

    /// What the preview remakes it for: a customer's wall shows that customer's words
    /// (its relations), a named wall may show any testimonial or quote.
    fn needs(&self) -> Needs {
        match self {
            Embed::Wall(_) => Needs::Words,
            Embed::Customer(id) => Needs::Item(*id),
        }
    }

    /// The items it shows, newest first, at most its limit.
    pub fn shown(&self, site: &Site) -> Vec<ItemId> {
        let mut ids: Vec<ItemId> = match self {
            Embed::Wall(name) => {
                let Some(wall) = site.config.embeds.walls.get(name) else {
                    return Vec::new();
                };
                let words = site.of_kind(Kind::Testimonial).iter();
                let words = words.chain(site.of_kind(Kind::Quote));
                words.copied().filter(|&id| meets(site, id, wall)).collect()
            }
            Embed::Customer(id) => {
                let of = site.relations.of_customer.get(id);
                let lists = of.into_iter().flat_map(|of| [&of.testimonials, &of.quotes]);
                lists.flatten().copied().collect()
            }
        };
        ids.retain(|&id| may_leave_site(&site.items[id].doc, site.today));
        ids.sort_by(|&a, &b| {
            let (a, b) = (&site.items[a], &site.items[b]);
            (b.date, &a.slug).cmp(&(a.date, &b.slug))
        });
        let limit = match self {
            Embed::Wall(name) => site.config.embeds.walls.get(name).map(EmbedWall::limit),
            Embed::Customer(_) => None,
        };
        ids.truncate(limit.unwrap_or(crate::config::DEFAULT_EMBED_LIMIT));
        ids
    }
}

/// Every embed of the site: the named walls, then a wall per customer unless
/// `customer_walls: false`.
pub fn all(site: &Site) -> Vec<Embed> {
    let embeds = &site.config.embeds;
    let named = embeds.walls.keys().cloned().map(Embed::Wall);
    let customers = site.of_kind(Kind::Customer).iter().copied();
    let customers = customers.filter(|_| embeds.customer_walls);
    named.chain(customers.map(Embed::Customer)).collect()
}

/// The embed pages as planned files.
pub fn plan(site: &Site) -> Vec<OutputFile> {
    all(site)
        .into_iter()
        .map(|embed| OutputFile {
            path: format!("{}index.html", embed.dir(site)),
            needs: embed.needs(),
            contents: Contents::Embed(embed),
        })
        .collect()
}

/// Whether item `id` meets every criterion of `wall`.
fn meets(site: &Site, id: ItemId, wall: &EmbedWall) -> bool {
    let item = &site.items[id];
    let customer = item.customer.map(|c| site.items[c].slug.as_str());
    let kind_ok = wall.kind.as_deref().is_none_or(|k| k == item.kind().name());
    let customer_ok = wall.customers.is_empty()
        || customer.is_some_and(|c| wall.customers.iter().any(|w| w == c));
    let slug_ok = wall.slugs.is_empty() || wall.slugs.contains(&item.slug);
    let rating = match &item.doc.front {
        Front::Testimonial(t) => t.rating,
        _ => None,
    };
    let rating_ok = wall
        .min_rating
        .is_none_or(|min| rating.is_some_and(|r| r >= i64::from(min)));
    // Words are filed under their own terms and their customer's (a healthcare
    // customer's testimonial is a healthcare testimonial).
    let owner = item.customer.map(|c| &site.items[c].terms);
    let terms_ok = wall.terms.iter().all(|(taxonomy, wanted)| {
        let filed = [Some(&item.terms), owner].into_iter().flatten();
        let mut slugs = filed
            .filter_map(|terms| terms.get(taxonomy.as_str()))
            .flatten();
        slugs.any(|slug| wanted.iter().any(|w| urls::slugify(w) == *slug))
    });
    kind_ok && customer_ok && slug_ok && rating_ok && terms_ok
}

/// Walls that name a customer, term or item the site does not have: each an error at
/// the wall's line, with the nearest name.
pub fn problems(site: &Site) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let customers: Vec<&str> = site
        .of_kind(Kind::Customer)
        .iter()
        .map(|&id| site.items[id].slug.as_str())
        .collect();
    let words: Vec<&str> = [Kind::Testimonial, Kind::Quote]
        .into_iter()
        .flat_map(|k| site.of_kind(k))
        .map(|&id| site.items[id].slug.as_str())
        .collect();
    for (name, wall) in &site.config.embeds.walls {
        let unknown = |field: &str, what: &str, wrong: &str, known: &[&str]| {
            let d = Diagnostic::error(
                CONFIG_FILE,
                format!(
                    "the wall '{name}' names the {what} '{wrong}', which the site does not have"
                ),
            )
            .field(format!("embeds.walls.{name}.{field}"))
            .at_line(wall.line_of(field));
            match did_you_mean(wrong, known.iter().copied()) {
                Some(best) => d.hint(format!("did you mean '{best}'?")),
                None => d.hint(format!(
                    "write the slug of a published {what} (its file name without .md)"
                )),
            }
        };
        for c in wall
            .customers
            .iter()
            .filter(|c| !customers.contains(&c.as_str()))
        {
            problems.push(unknown("customers", "customer", c, &customers));
        }
        for s in wall.slugs.iter().filter(|s| !words.contains(&s.as_str())) {
            problems.push(unknown("slugs", "testimonial or quote", s, &words));
        }
        for (taxonomy, wanted) in &wall.terms {
            let Some(tax) = site.taxonomies.iter().find(|t| t.name == taxonomy) else {
                continue; // an unknown taxonomy is the configuration's error
            };
            let declared = site.config.taxonomy(taxonomy).1.unwrap_or_default();
            let mut known: Vec<String> = tax.terms.iter().map(|t| t.slug.clone()).collect();
            known.extend(declared.iter().map(|t| urls::slugify(t)));
            for term in wanted.iter().filter(|t| !known.contains(&urls::slugify(t))) {
                let labels: Vec<&str> = tax
                    .terms
                    .iter()
                    .map(|t| t.label.as_str())
                    .chain(declared.iter().map(String::as_str))
                    .collect();
                problems.push(unknown("terms", &format!("{taxonomy} term"), term, &labels));
            }
        }
    }
    problems
}

/// One card as an embed shows it: the card less what another host would serve.
#[derive(Debug, Serialize)]
struct EmbedCard {
    #[serde(flatten)]
    card: Card,
    /// The item's place on the site, absolute: a link from another page's iframe.
    place: String,
    /// The customer's page, absolute.
    customer_place: Option<String>,
}

/// What `embed.html` sees.
#[derive(Debug, Serialize)]
struct EmbedView<'a> {
    /// The wall's title, for the page and the iframe.
    title: String,
    /// The site's absolute address.
    site_url: &'a str,
    /// The cards, newest first.
    cards: Vec<EmbedCard>,
    /// The embed's own address.
    url: String,
}

/// Renders an embed page with the theme's `embed.html`.
pub fn render(renderer: &Renderer<'_>, embed: &Embed) -> Result<String, Diagnostic> {
    let site = renderer.site();
    let cards: Vec<EmbedCard> = embed
        .shown(site)
        .into_iter()
        .map(|id| {
            let mut card = renderer.cards()[id].as_ref().clone();
            for picture in [
                &mut card.logo,
                &mut card.logo_dark,
                &mut card.avatar,
                &mut card.image,
            ] {
                if !is_own(picture) {
                    *picture = None;
                }
            }
            EmbedCard {
                place: site.absolute(&card.url),
                customer_place: card.customer_url.as_deref().map(|u| site.absolute(u)),
                card,
            }
        })
        .collect();
    let title = match embed {
        Embed::Wall(_) => format!("What customers say about {}", renderer.view().brand_name),
        Embed::Customer(id) => format!("What {} says", site.items[*id].title),
    };
    let view = EmbedView {
        title,
        site_url: &site.base_url,
        cards,
        url: embed.url(site),
    };
    let mut ctx = tera::Context::new();
    ctx.insert("site", renderer.view());
    ctx.insert("embed", &view);
    let theme = renderer.theme();
    let html = theme.tera.render(EMBED_TEMPLATE, &ctx).map_err(|e| {
        let (message, line) = theme::describe_tera_error(&e);
        Diagnostic::error(
            theme.template_path(EMBED_TEMPLATE),
            format!(
                "template error while writing {}index.html: {message}",
                embed.dir(site)
            ),
        )
        .at_line(line)
    })?;
    Ok(html)
}

/// Whether a picture is served by the site itself: a picture another host serves
/// would tell that host who reads the page, so embeds leave it out.
fn is_own(picture: &Option<Picture>) -> bool {
    picture.as_ref().is_some_and(|p| !urls::is_external(&p.src))
}
