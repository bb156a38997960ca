//! Pages: the list of every HTML page to write ([`Job`]) and each page rendered through
//! the theme's Tera templates from the site view, the cards and the bodies.

use super::alternates::Alternates;
use super::bodies::render_intro;
use super::body::Body;
use super::cards::Cards;
use super::structured;
use super::theme::{self, Theme};
use super::views::{
    self, Card, Facet, Intro, PageMeta, Paging, SiteView, TermLink, LIBRARY_FILTERS,
};
use crate::content::kinds::Kind;
use crate::diagnostics::Diagnostic;
use crate::site::urls;
use crate::site::{ItemId, Site};
use std::sync::Arc;

/// One rendered page: its path in the output and its HTML.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path inside the output folder (`case-studies/acme/index.html`).
    pub path: String,
    /// The HTML.
    pub html: String,
}

/// Renders pages one at a time, so the writer can stream them to disk. Holds what all
/// pages share: the site view, every card's data and its rendered HTML.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    view: SiteView,
    cards: &'a [Arc<Card>],
    card_html: &'a [Arc<str>],
    bodies: &'a [Body],
    /// The site's languages and which pages each has, with this site's place among
    /// them, when the site has more than one language.
    alternates: Option<(Arc<Alternates>, u16)>,
}

impl<'a> Renderer<'a> {
    /// The site being rendered (the writer serializes data files from it).
    pub fn site(&self) -> &'a Site {
        self.site
    }

    /// Every item's rendered body, by item id.
    pub fn bodies(&self) -> &'a [Body] {
        self.bodies
    }

    /// What every item's card shows, by item id (data files read titles and facets
    /// from the cards rather than work them out again).
    pub fn cards(&self) -> &'a [Arc<Card>] {
        self.cards
    }

    /// The theme (embeds and snippets render with its templates).
    pub fn theme(&self) -> &'a Theme {
        self.theme
    }

    /// What every template sees of the site.
    pub fn view(&self) -> &SiteView {
        &self.view
    }

    /// A renderer over the site's bodies and cards.
    pub fn new(site: &'a Site, bodies: &'a [Body], cards: &'a Cards, theme: &'a Theme) -> Self {
        Renderer {
            site,
            theme,
            view: SiteView::new(site),
            cards: &cards.data,
            card_html: &cards.html,
            bodies,
            alternates: None,
        }
    }

    /// The renderer of language `at` (0: the default) of a site with several.
    pub fn with_alternates(self, alternates: Arc<Alternates>, at: u16) -> Self {
        Renderer {
            alternates: Some((alternates, at)),
            ..self
        }
    }

    /// The site's languages and which pages each has, when it has several.
    pub fn alternates(&self) -> Option<&Alternates> {
        self.alternates.as_ref().map(|(a, _)| a.as_ref())
    }

    /// Every page of the site.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs: Vec<Job> = self.item_jobs().collect();
        jobs.extend(self.listing_jobs());
        jobs
    }

    /// The pages of items with a page of their own, in listing order: each is a function
    /// of the item's identity and folder alone.
    pub fn item_jobs(&self) -> impl Iterator<Item = Job> + '_ {
        let site = self.site;
        let with_page = site.listed().filter(|&id| site.items[id].dir.is_some());
        with_page.map(Job::Item)
    }

    /// Every page but the items' own: the home page, listings, taxonomies and terms.
    pub fn listing_jobs(&self) -> Vec<Job> {
        let site = self.site;
        let mut jobs: Vec<Job> = vec![Job::Home, Job::Search, Job::NotFound];
        let size = site.config.page_size;
        for kind in Kind::ALL {
            if kind != Kind::Page {
                let pages = urls::page_count(site.of_kind(kind).len(), size);
                jobs.extend((1..=pages).map(|n| Job::Section(kind, n)));
            }
        }
        for (t, tax) in site.taxonomies.iter().enumerate() {
            if tax.terms.iter().any(|term| !term.items.is_empty()) {
                jobs.push(Job::Taxonomy(t));
            }
            for (i, term) in tax.terms.iter().enumerate() {
                if !term.items.is_empty() {
                    let pages = urls::page_count(term.items.len(), site.config.term_page_size);
                    jobs.extend((1..=pages).map(|n| Job::Term(t, i, n)));
                }
            }
        }
        jobs
    }
}

/// What a page says of itself in its head (title, description, canonical URL, Open
/// Graph type, JSON-LD): most pages give a path and a title, the rest say what differs.
struct MetaOf<'s> {
    /// The page's folder inside the site (`case-studies/`), for its canonical URL.
    path: &'s str,
    /// The title, before the site's name is added.
    title: &'s str,
    /// The page's `<h1>`.
    heading: &'s str,
    /// The meta description; the site's when `None` or empty.
    description: Option<String>,
    /// The Open Graph type.
    og_type: &'static str,
    /// The navigation entry to mark as current.
    section: &'s str,
    /// The page's schema.org JSON-LD.
    json_ld: Option<String>,
}

impl<'s> MetaOf<'s> {
    /// A plain page: its heading is its title.
    fn new(path: &'s str, title: &'s str) -> Self {
        MetaOf {
            path,
            title,
            heading: title,
            description: None,
            og_type: "website",
            section: "",
            json_ld: None,
        }
    }
}

/// The compact index of every case study the library's filter fetches when it is first
/// used (title, URL, customer, facets), so a listing page need not carry every card.
pub const LIBRARY_INDEX: &str = "case-studies/filter.json";

/// One HTML page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// The home page.
    Home,
    /// The search page.
    Search,
    /// `404.html`.
    NotFound,
    /// A page of a kind's listing (`/case-studies/`, `/case-studies/page/2/`), from 1.
    Section(Kind, usize),
    /// An item's own page.
    Item(ItemId),
    /// A taxonomy's list of terms (by index in `Site::taxonomies`).
    Taxonomy(usize),
    /// A page of a term's listing (taxonomy index, term index, page number from 1).
    Term(usize, usize, usize),
}

impl Job {
    /// The page's address inside the site (`case-studies/page/2/`, `""` for the home
    /// page, `404.html`): every page's file path and its meta come from this one rule.
    pub fn dir(&self, site: &Site) -> String {
        match *self {
            Job::Home => String::new(),
            Job::Search => "search/".into(),
            Job::NotFound => "404.html".into(),
            Job::Section(kind, number) => {
                urls::listing_page_dir(&format!("{}/", kind.folder()), number)
            }
            Job::Item(id) => site.items[id].dir.clone().unwrap_or_default(),
            Job::Taxonomy(t) => format!("{}/", site.taxonomies[t].segment()),
            Job::Term(t, i, number) => {
                let tax = &site.taxonomies[t];
                let term = urls::term_dir(&tax.segment(), &tax.terms[i].slug);
                urls::listing_page_dir(&term, number)
            }
        }
    }

    /// The page's path in the output folder.
    pub fn path(&self, site: &Site) -> String {
        match self {
            Job::NotFound => "404.html".into(),
            _ => format!("{}index.html", self.dir(site)),
        }
    }
}

impl Renderer<'_> {
    /// Renders one page.
    pub fn render(&self, job: &Job) -> Result<Page, Diagnostic> {
        let site = self.site;
        let mut ctx = tera::Context::new();
        ctx.insert("site", &self.view);
        let (template, meta) = match job {
            Job::Home => {
                let intro = self.intro("");
                ctx.insert("featured", &self.featured_case_study());
                ctx.insert(
                    "customers",
                    &self
                        .first(Kind::Customer, 12)
                        .iter()
                        .map(|id| self.cards[*id].as_ref())
                        .collect::<Vec<_>>(),
                );
                // The featured story has its own band: the latest three are the others.
                let latest: Vec<ItemId> =
                    self.first(Kind::CaseStudy, 4).into_iter().skip(1).collect();
                ctx.insert("case_studies_html", &self.html(&latest));
                ctx.insert("quotes_html", &self.html(&self.first(Kind::Quote, 3)));
                ctx.insert(
                    "testimonials_html",
                    &self.html(&self.first(Kind::Testimonial, 3)),
                );
                ctx.insert("events_html", &self.html(&self.upcoming_events(3)));
                ctx.insert("advocates_html", &self.html(&self.first(Kind::Advocate, 3)));
                let heading = intro
                    .as_ref()
                    .map_or_else(|| site.config.title.clone(), |i| i.title.clone());
                let description = intro
                    .as_ref()
                    .and_then(|i| i.description.clone())
                    .or_else(|| site.config.description.clone())
                    .filter(|d| !d.trim().is_empty())
                    .or_else(|| Some(views::holdings(site)));
                ctx.insert("intro", &intro);
                let meta = self.meta(MetaOf {
                    heading: &heading,
                    description,
                    json_ld: structured::website(site).map(structured::script_safe),
                    ..MetaOf::new(&job.dir(site), &site.config.title)
                });
                ("home.html", meta)
            }
            Job::Search => {
                ctx.insert("index_url", &site.link("search/index.json"));
                let meta = self.meta(MetaOf {
                    section: "search",
                    ..MetaOf::new(&job.dir(site), "Search")
                });
                ("search.html", meta)
            }
            Job::NotFound => {
                let meta = self.meta(MetaOf::new(&job.dir(site), "Page not found"));
                ("404.html", meta)
            }
            Job::Section(kind, number) => return self.section(*kind, *number, ctx),
            Job::Item(id) => return self.item(*id, ctx),
            Job::Taxonomy(t) => {
                let tax = &site.taxonomies[*t];
                let facet = self.facet(*t);
                ctx.insert("taxonomy", &facet);
                let meta = self.meta(MetaOf::new(&job.dir(site), &tax.title));
                ("taxonomy.html", meta)
            }
            Job::Term(t, i, number) => return self.term(*t, *i, *number, ctx),
        };
        ctx.insert("meta", &meta);
        self.finish(template, job, &ctx)
    }

    fn finish(&self, template: &str, job: &Job, ctx: &tera::Context) -> Result<Page, Diagnostic> {
        let path = job.path(self.site);
        let with_alternates;
        let alternates = (self.alternates.as_ref()).and_then(|(a, at)| a.of(&path, *at));
        let ctx = match alternates {
            Some(alternates) => {
                with_alternates = {
                    let mut ctx = ctx.clone();
                    ctx.insert("x_default", &alternates[0].url);
                    ctx.insert("alternates", &alternates);
                    ctx
                };
                &with_alternates
            }
            None => ctx,
        };
        match self.theme.tera.render(template, ctx) {
            Ok(html) => Ok(Page { path, html }),
            Err(e) => {
                let (message, line) = theme::describe_tera_error(&e);
                Err(Diagnostic::error(
                    self.theme.template_path(template),
                    format!("template error while writing {path}: {message}"),
                )
                .at_line(line))
            }
        }
    }

    /// The items of a listing page `number` of `sequence` (page size from the settings),
    /// with the paging links and what the page says of itself in its head.
    fn page_of<'s>(
        &self,
        listing: &str,
        sequence: &'s [ItemId],
        number: usize,
        size: usize,
        title: &str,
        description: Option<String>,
    ) -> (&'s [ItemId], Paging, String, String, String) {
        let site = self.site;
        let size = size.max(1);
        let count = urls::page_count(sequence.len(), size);
        let start = ((number - 1) * size).min(sequence.len());
        let on_page = &sequence[start..(start + size).min(sequence.len())];
        let paging = Paging::new(number, count, |n| {
            site.link(&urls::listing_page_dir(listing, n))
        });
        let path = urls::listing_page_dir(listing, number);
        let base = description.filter(|d| !d.is_empty()).unwrap_or_else(|| {
            let words = self.view.description.trim();
            let lead = format!("{title} from {}", site.config.title);
            match words.is_empty() {
                true => format!("{lead}: {} in all.", sequence.len()),
                false => format!("{lead}: {} in all. {words}", sequence.len()),
            }
        });
        let (title, description) = match count {
            1 => (title.to_string(), base),
            _ => (
                format!("{title}, page {number} of {count}"),
                format!("{base} Page {number} of {count}."),
            ),
        };
        (on_page, paging, path, title, description)
    }

    /// A head for a listing page: canonical URL of its own, and its neighbours.
    fn listing_meta(&self, of: MetaOf<'_>, paging: &Paging) -> PageMeta {
        let mut meta = self.meta(of);
        meta.prev = paging.prev.as_ref().map(|u| self.site.absolute(u));
        meta.next = paging.next.as_ref().map(|u| self.site.absolute(u));
        meta
    }

    fn section(
        &self,
        kind: Kind,
        number: usize,
        mut ctx: tera::Context,
    ) -> Result<Page, Diagnostic> {
        let site = self.site;
        let folder = kind.folder();
        let intro = self.intro(folder);
        let heading = intro
            .as_ref()
            .map_or_else(|| kind.plural().to_string(), |i| i.title.clone());
        let description = intro.as_ref().and_then(|i| i.description.clone());
        // The team's introduction opens the listing: later pages go straight to the items.
        ctx.insert("intro", &intro.filter(|_| number == 1));
        ctx.insert("kind", kind.name());
        let ids = site.of_kind(kind);
        ctx.insert("count", &ids.len());
        // Events: upcoming ones soonest first, then past ones newest first.
        let upcoming = |id: &ItemId| self.cards[*id].event.as_ref().is_some_and(|e| e.upcoming);
        let sequence: std::borrow::Cow<'_, [ItemId]> = match kind {
            Kind::Event => {
                let (soon, past): (Vec<ItemId>, Vec<ItemId>) =
                    ids.iter().copied().partition(upcoming);
                soon.into_iter().chain(past.into_iter().rev()).collect()
            }
            _ => ids.into(),
        };
        let listing = format!("{folder}/");
        let (on_page, paging, path, title, description) = self.page_of(
            &listing,
            &sequence,
            number,
            site.config.page_size,
            &heading,
            description,
        );
        if kind == Kind::Event {
            let (soon, past): (Vec<ItemId>, Vec<ItemId>) =
                on_page.iter().copied().partition(upcoming);
            ctx.insert("upcoming_html", &self.html(&soon));
            let year = |id: &ItemId| site.items[*id].schedule.as_ref().map(|s| s.start.year());
            let years: Vec<views::Section> = past
                .chunk_by(|a, b| year(a) == year(b))
                .map(|ids| {
                    let title = year(&ids[0]).map_or_else(String::new, |y| y.to_string());
                    views::section(&title, kind, ids, self.card_html)
                })
                .collect();
            ctx.insert("past_years", &years);
        } else {
            ctx.insert("cards_html", &self.html(on_page));
        }
        if kind == Kind::CaseStudy {
            let facets: Vec<Facet> = (0..site.taxonomies.len())
                .filter(|t| LIBRARY_FILTERS.contains(&site.taxonomies[*t].name))
                .map(|t| self.facet(t))
                .filter(|f| !f.terms.is_empty())
                .collect();
            ctx.insert("facets", &facets);
            ctx.insert("filter_index", &site.link(LIBRARY_INDEX));
        }
        ctx.insert("paging", &paging);
        let json_ld = match kind {
            Kind::Testimonial | Kind::Quote => structured::wall(site, on_page, self.bodies),
            _ => None,
        };
        let meta = self.listing_meta(
            MetaOf {
                heading: &heading,
                description: Some(description),
                section: folder,
                json_ld,
                ..MetaOf::new(&path, &title)
            },
            &paging,
        );
        ctx.insert("meta", &meta);
        let template = format!("{}.html", folder.replace('-', "_"));
        self.finish(&template, &Job::Section(kind, number), &ctx)
    }

    fn term(
        &self,
        t: usize,
        i: usize,
        number: usize,
        mut ctx: tera::Context,
    ) -> Result<Page, Diagnostic> {
        let site = self.site;
        let tax = &site.taxonomies[t];
        let term = &tax.terms[i];
        let listing = urls::term_dir(&tax.segment(), &term.slug);
        // Every item of the term, kind by kind, each kind in listing order.
        let sequence: Vec<ItemId> = Kind::ALL
            .into_iter()
            .flat_map(|kind| {
                term.items
                    .iter()
                    .copied()
                    .filter(move |id| site.items[*id].kind() == kind)
            })
            .collect();
        let heading = format!("{}: {}", tax.title, term.label);
        let size = site.config.term_page_size;
        let (on_page, paging, path, title, description) =
            self.page_of(&listing, &sequence, number, size, &heading, None);
        let mut groups: Vec<views::EntryGroup<'_>> = Vec::new();
        for chunk in on_page.chunk_by(|a, b| site.items[*a].kind() == site.items[*b].kind()) {
            let kind = site.items[chunk[0]].kind();
            groups.push(views::EntryGroup {
                title: kind.plural(),
                kind: kind.name(),
                entries: chunk
                    .iter()
                    .map(|id| views::Entry::of(&self.cards[*id]))
                    .collect(),
            });
        }
        ctx.insert("taxonomy", &self.facet(t));
        ctx.insert(
            "term",
            &TermLink {
                slug: term.slug.clone(),
                label: term.label.clone(),
                url: site.link(&listing),
                count: term.items.len(),
            },
        );
        ctx.insert("groups", &groups);
        ctx.insert("paging", &paging);
        let meta = self.listing_meta(
            MetaOf {
                heading: &heading,
                description: Some(description),
                ..MetaOf::new(&path, &title)
            },
            &paging,
        );
        ctx.insert("meta", &meta);
        self.finish("term.html", &Job::Term(t, i, number), &ctx)
    }

    fn item(&self, id: ItemId, mut ctx: tera::Context) -> Result<Page, Diagnostic> {
        let site = self.site;
        let item = &site.items[id];
        let dir = item.dir.clone().unwrap_or_default();
        let view = views::item_view(site, id, self.cards, self.card_html, self.bodies);
        let common = item.doc.front.common();
        let description = common
            .description
            .map(str::to_string)
            .or_else(|| Some(view.card.summary.clone()));
        let og_type = match item.kind() {
            Kind::CaseStudy => "article",
            Kind::Advocate => "profile",
            _ => "website",
        };
        let mut meta = self.meta(MetaOf {
            description,
            og_type,
            section: item.kind().folder(),
            json_ld: structured::item(site, id, &view).map(structured::script_safe),
            ..MetaOf::new(&dir, &item.title)
        });
        // The item's own picture, else its share image (a case study), else the site's
        // default (the brand logo).
        let card = &view.card;
        let share = card
            .share
            .as_ref()
            .filter(|s| s.made() && card.image.is_none());
        let share = share.filter(|_| item.kind() == Kind::CaseStudy);
        let own = match (&card.image, &card.logo, &card.avatar) {
            (None, _, _) if share.is_some() => None,
            (None, Some(_), _) if item.kind() == Kind::CaseStudy => None,
            (Some(image), _, _) => Some((image, item.title.clone())),
            (None, Some(logo), _) => {
                let name = card.customer_name.as_deref().unwrap_or(&card.title);
                Some((logo, format!("{name} logo")))
            }
            (None, None, Some(avatar)) => {
                let name = card.author.as_deref().unwrap_or(&card.title);
                Some((avatar, format!("Photo of {name}")))
            }
            _ => None,
        };
        if let Some((image, alt)) = own {
            meta.image = Some(structured::shared_image(site, image));
            meta.image_alt = Some(alt);
        }
        if let Some(share) = share {
            meta.image = Some(site.absolute(&share.url));
            meta.image_alt = Some(share.alt.clone());
            meta.image_size = Some((share.width, share.height));
        }
        ctx.insert("item", &view);
        ctx.insert("meta", &meta);
        let template = match item.kind() {
            Kind::CaseStudy => "case_study.html",
            Kind::Event => "event.html",
            Kind::Customer => "customer.html",
            Kind::Advocate => "advocate.html",
            _ => "page.html",
        };
        self.finish(template, &Job::Item(id), &ctx)
    }

    fn meta(&self, of: MetaOf<'_>) -> PageMeta {
        let MetaOf {
            path,
            title,
            heading,
            description,
            og_type,
            section,
            json_ld,
        } = of;
        let site = self.site;
        let full_title = if title == site.config.title {
            title.to_string()
        } else {
            format!("{title} · {}", site.config.title)
        };
        PageMeta {
            title: full_title,
            heading: heading.to_string(),
            description: description
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| self.view.summary.clone()),
            canonical: site.absolute(&site.link(path)),
            path: site.link(path),
            og_type: og_type.into(),
            image: structured::brand_logo(site),
            image_alt: site
                .config
                .brand
                .logo
                .as_ref()
                .map(|_| format!("{} logo", structured::brand_name(site))),
            image_size: None,
            json_ld,
            section: section.into(),
            prev: None,
            next: None,
        }
    }

    fn intro(&self, section: &str) -> Option<Intro> {
        let doc = self.site.intros.get(section)?;
        let common = doc.front.common();
        let rendered = render_intro(self.site, self.theme, self.bodies, doc);
        Some(Intro {
            title: common.title.map(str::to_string).unwrap_or_default(),
            html: rendered.html,
            description: common.description.map(str::to_string),
        })
    }

    fn html(&self, ids: &[ItemId]) -> String {
        views::cards_html(self.card_html, ids)
    }

    /// The first `n` items of a kind, featured ones first.
    fn first(&self, kind: Kind, n: usize) -> Vec<ItemId> {
        let ids = self.site.of_kind(kind);
        let featured = ids.iter().filter(|id| self.site.items[**id].featured());
        let rest = ids.iter().filter(|id| !self.site.items[**id].featured());
        featured.chain(rest).take(n).copied().collect()
    }

    fn featured_case_study(&self) -> Option<&Card> {
        self.first(Kind::CaseStudy, 1)
            .first()
            .map(|id| self.cards[*id].as_ref())
    }

    fn upcoming_events(&self, n: usize) -> Vec<ItemId> {
        self.site
            .of_kind(Kind::Event)
            .iter()
            .copied()
            .filter(|id| {
                self.cards[*id]
                    .event
                    .as_ref()
                    .is_some_and(|e| e.upcoming && e.status != "cancelled")
            })
            .take(n)
            .collect()
    }

    fn facet(&self, t: usize) -> Facet {
        let site = self.site;
        let tax = &site.taxonomies[t];
        Facet {
            name: tax.name,
            title: tax.title.clone(),
            url: site.link(&format!("{}/", tax.segment())),
            terms: tax
                .terms
                .iter()
                .filter(|term| !term.items.is_empty())
                .map(|term| TermLink {
                    slug: term.slug.clone(),
                    label: term.label.clone(),
                    url: site.link(&urls::term_dir(&tax.segment(), &term.slug)),
                    count: term.items.len(),
                })
                .collect(),
        }
    }
}
