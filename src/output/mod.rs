//! Writing the site: the plan of every output file (pages, feeds, calendars, sitemap,
//! JSON, copied files), then the write itself into a staging folder that replaces the
//! output folder only once everything is written. A failed build leaves the old site.

mod admin;
pub mod api;
pub mod embeds;
pub mod feeds;
pub mod ical;
mod index_links;
pub mod library;
mod links;
mod previous;
pub mod search;
pub mod sitemap;

pub use links::check_site_links;

use crate::content::kinds::Kind;
use crate::diagnostics::Diagnostic;
use crate::render::{Job, Renderer, Theme, LIBRARY_FILTERS, LIBRARY_INDEX};
use crate::site::{Delta, ItemId, Site};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};
use std::io;
use std::path::{Path, PathBuf};

/// What goes into one output file.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Generated text.
    Text(String),
    /// Bytes (a theme file).
    Bytes(Cow<'static, [u8]>),
    /// A file copied as it is.
    Copy(PathBuf),
    /// A picture resized and encoded (or taken from the picture cache) when it is
    /// written, or in the preview when it is first asked for.
    Image(crate::images::Made),
    /// An HTML page, rendered when it is written so the whole site never sits in memory.
    Page(Job),
    /// An API file (a kind's index or a page of its items), serialized straight into
    /// the file when it is written.
    Api(api::ApiFile),
    /// A feed, calendar or sitemap, made when it is written (or, in the preview, when
    /// it is first asked for).
    Channel(Channel),
    /// A file of the search index; all of a plan's share the index, made once.
    Search(search::Part),
    /// A share image, drawn (or taken from its cache) when it is written.
    Share(crate::share::draw::ShareFile),
    /// An embeddable wall, rendered when it is written.
    Embed(embeds::Embed),
}

/// The generated files that are not pages: each is made from the whole site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// The site's Atom feed (`None`) or a section's.
    Feed(Option<Kind>),
    /// The calendar of all events (`None`) or of one.
    Calendar(Option<crate::site::ItemId>),
    /// `sitemap.xml`.
    Sitemap,
    /// The case-study library's filter index ([`crate::render::LIBRARY_INDEX`]).
    Library,
}

impl Channel {
    /// Makes the file's text.
    pub fn make(self, renderer: &Renderer<'_>) -> String {
        let (site, bodies) = (renderer.site(), renderer.bodies());
        match self {
            Channel::Feed(kind) => feeds::atom_feed(site, bodies, kind),
            Channel::Calendar(event) => ical::calendar_of(site, bodies, event),
            Channel::Library => library::library_index(renderer),
            Channel::Sitemap => match renderer.alternates() {
                Some(alternates) => sitemap::with_alternates(site, alternates),
                None => {
                    let pages: Vec<String> = renderer.jobs().iter().map(|j| j.path(site)).collect();
                    sitemap::sitemap(site, &pages)
                }
            },
        }
    }
}

impl Contents {
    /// Makes the file's bytes into `out`: the one place a planned output becomes bytes,
    /// for the build (into its file), `check` and the preview (into memory).
    pub fn write_to(
        &self,
        renderer: &Renderer<'_>,
        out: &mut impl io::Write,
    ) -> Result<(), WriteError> {
        match self {
            Contents::Text(text) => out.write_all(text.as_bytes())?,
            Contents::Bytes(bytes) => out.write_all(bytes)?,
            Contents::Copy(source) => {
                io::copy(&mut std::fs::File::open(source)?, out)?;
            }
            Contents::Image(made) => made.write_to(out)?,
            Contents::Share(file) => file.write_to(out)?,
            Contents::Page(job) => match renderer.render(job) {
                Ok(page) if renderer.site().index_links => {
                    let html = index_links::in_page(&page.html, &renderer.site().files_path);
                    out.write_all(html.as_bytes())?
                }
                Ok(page) => out.write_all(page.html.as_bytes())?,
                Err(d) => return Err(WriteError::Render(vec![d])),
            },
            Contents::Channel(channel) => out.write_all(channel.make(renderer).as_bytes())?,
            Contents::Search(part) => {
                let text = part.make(renderer.site(), renderer.bodies());
                out.write_all(text.as_bytes())?
            }
            Contents::Api(file) => {
                file.write(renderer.site(), renderer.bodies(), renderer.cards(), out)?
            }
            Contents::Embed(embed) => match embeds::render(renderer, embed) {
                Ok(html) => out.write_all(html.as_bytes())?,
                Err(d) => return Err(WriteError::Render(vec![d])),
            },
        }
        Ok(())
    }
}

/// One file of the output.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Its path inside the output folder, with `/` separators.
    pub path: String,
    /// What to write.
    pub contents: Contents,
    /// What it is made from: the preview makes it again when an update meets that.
    pub needs: Needs,
}

impl OutputFile {
    fn text(path: impl Into<String>, text: String) -> Self {
        OutputFile {
            path: path.into(),
            contents: Contents::Text(text),
            needs: Needs::Site,
        }
    }
}

/// What an output file is made from, beyond the settings and the theme (every file
/// depends on those). The preview keeps a file it made until an update's [`Delta`]
/// meets its needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Needs {
    /// Nothing else: theme files, `robots.txt`, the search page.
    Site,
    /// An item and every item its page shows ([`Site::shown_with`]).
    Item(ItemId),
    /// Every item of a kind (its listing, its API index).
    Kind(Kind),
    /// The case-study library: its case studies and the terms of its filters.
    Library,
    /// Every term of a taxonomy (the taxonomy's page, and each term's page, which lists
    /// the others too).
    Taxonomy(&'static str),
    /// Any item at all (home page, feeds, calendars, search index, sitemap).
    AnyItem,
    /// Customers' words: every testimonial and quote, and the customers they name (a
    /// named embeddable wall).
    Words,
}

impl Needs {
    /// Whether `delta` changed something this file of `site` (the new site) is made from.
    pub fn met_by(&self, delta: &Delta, site: &Site) -> bool {
        if delta.everything_changed() {
            return true;
        }
        match self {
            Needs::Site => false,
            Needs::Item(id) => delta.item(*id) || site.shown_with(*id).any(|id| delta.item(id)),
            Needs::Kind(kind) => delta.kind(*kind),
            Needs::Library => {
                delta.kind(Kind::CaseStudy) || LIBRARY_FILTERS.iter().any(|t| delta.taxonomy(t))
            }
            Needs::Taxonomy(name) => delta.taxonomy(name),
            Needs::AnyItem => delta.any_item(),
            Needs::Words => [Kind::Testimonial, Kind::Quote, Kind::Customer]
                .into_iter()
                .any(|kind| delta.kind(kind)),
        }
    }

    /// What a page needs.
    fn of_job(site: &Site, job: &Job) -> Needs {
        match *job {
            Job::Search | Job::NotFound => Needs::Site,
            Job::Home => Needs::AnyItem,
            // An intro may embed any item's words.
            Job::Section(kind, _) if site.intros.contains_key(kind.folder()) => Needs::AnyItem,
            Job::Section(Kind::CaseStudy, _) => Needs::Library,
            Job::Section(kind, _) => Needs::Kind(kind),
            Job::Item(id) => Needs::Item(id),
            Job::Taxonomy(t) | Job::Term(t, _, _) => Needs::Taxonomy(site.taxonomies[t].name),
        }
    }
}

/// Every file the build writes, in a stable order. Pages are planned, not yet rendered.
/// Items' own pages come first: a content file of the same path wins over them
/// ([`merge`]), and they win over any other file vouch makes.
pub fn plan(site: &Site, renderer: &Renderer<'_>, theme: &Theme) -> Vec<OutputFile> {
    let mut files = item_pages(site, renderer);
    files.extend(other_files(site, renderer, theme));
    merge(files)
}

/// Sorts `files` by path; of files with one path, a content file wins (the last one),
/// else the first.
pub fn merge(mut files: Vec<OutputFile>) -> Vec<OutputFile> {
    files.par_sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|later, earlier| {
        if later.path == earlier.path {
            if matches!(later.contents, Contents::Copy(_)) {
                std::mem::swap(later, earlier);
            }
            true
        } else {
            false
        }
    });
    files
}

/// The pages of items with a page of their own: each is a function of the item's
/// identity and folder, so the preview keeps them while no item's folder changes.
pub fn item_pages(site: &Site, renderer: &Renderer<'_>) -> Vec<OutputFile> {
    let jobs: Vec<Job> = renderer.item_jobs().collect();
    jobs.into_par_iter().map(|job| page(site, job)).collect()
}

/// The page of item `id`, when it has one of its own.
pub fn item_page(site: &Site, id: ItemId) -> Option<OutputFile> {
    site.items.get(id)?.dir.as_ref()?;
    Some(page(site, Job::Item(id)))
}

fn page(site: &Site, job: Job) -> OutputFile {
    OutputFile {
        path: job.path(site),
        needs: Needs::of_job(site, &job),
        contents: Contents::Page(job),
    }
}

/// Every file but the items' own pages, unsorted.
pub fn other_files(site: &Site, renderer: &Renderer<'_>, theme: &Theme) -> Vec<OutputFile> {
    let jobs = renderer.listing_jobs();
    let mut files: Vec<OutputFile> = Vec::with_capacity(jobs.len() + site.assets.len() + 32);
    let pages = jobs.into_par_iter().map(|job| OutputFile {
        path: job.path(site),
        needs: Needs::of_job(site, &job),
        contents: Contents::Page(job),
    });
    files.par_extend(pages);
    let channel = |path: String, channel: Channel| OutputFile {
        path,
        needs: match channel {
            Channel::Calendar(Some(event)) => Needs::of_job(site, &Job::Item(event)),
            Channel::Library => Needs::Library,
            _ => Needs::AnyItem,
        },
        contents: Contents::Channel(channel),
    };
    files.push(channel(feeds::feed_path(None), Channel::Feed(None)));
    for kind in feeds::FEED_KINDS {
        files.push(channel(
            feeds::feed_path(Some(kind)),
            Channel::Feed(Some(kind)),
        ));
    }
    let events = site.of_kind(Kind::Event).iter().map(|id| Some(*id));
    for event in std::iter::once(None).chain(events) {
        if let Some(path) = ical::calendar_path(site, event) {
            files.push(channel(path, Channel::Calendar(event)));
        }
    }
    files.extend(api::ApiFile::all(site).map(|file| OutputFile {
        path: file.path(),
        contents: Contents::Api(file),
        // An index and its pages show the kind's items (an edit may move them).
        needs: match file {
            api::ApiFile::Index(kind) | api::ApiFile::Page(kind, _) => Needs::Kind(kind),
        },
    }));
    files.extend(search::plan(site).into_iter().map(|part| OutputFile {
        path: part.file.path(),
        contents: Contents::Search(part),
        needs: Needs::AnyItem,
    }));
    files.extend(embeds::plan(site));
    files.extend(admin::plan(site));
    files.push(channel("sitemap.xml".into(), Channel::Sitemap));
    files.push(channel(LIBRARY_INDEX.into(), Channel::Library));
    files.push(OutputFile::text("robots.txt", sitemap::robots(site)));
    if !site.config.redirects.is_empty() {
        files.push(OutputFile::text("_redirects", redirects(site)));
    }
    for (path, file) in theme.static_files() {
        files.push(OutputFile {
            path: path.to_string(),
            contents: Contents::Bytes(file.bytes.clone()),
            needs: Needs::Site,
        });
    }
    for (asset, out) in &site.assets {
        files.push(OutputFile {
            path: out.clone(),
            contents: Contents::Copy(asset.source.clone()),
            needs: Needs::Site,
        });
    }
    files.extend(share_images(site, renderer, theme));
    files.extend(
        site.images
            .planned()
            .into_iter()
            .map(|(path, made)| OutputFile {
                path,
                contents: Contents::Image(made),
                needs: Needs::Site,
            }),
    );
    files
}

/// The share images of every item that has one its fonts can draw: each needs its
/// item (and what the item's page shows, its customer among them).
fn share_images<'a>(
    site: &'a Site,
    renderer: &'a Renderer<'_>,
    theme: &'a Theme,
) -> impl Iterator<Item = OutputFile> + 'a {
    let cards = renderer.cards();
    let ids = crate::share::KINDS
        .into_iter()
        .flat_map(|k| site.of_kind(k));
    ids.filter_map(move |&id| {
        let share = cards.get(id)?.share.as_ref().filter(|s| s.made())?;
        Some(OutputFile {
            path: share.path.clone(),
            contents: Contents::Share(crate::share::draw::ShareFile {
                share: share.clone(),
                kit: theme.share.clone(),
            }),
            needs: Needs::Item(id),
        })
    })
}

/// `_redirects` in GitLab Pages' format: `from to status`, one per line. Paths carry the
/// site's base path, as GitLab Pages expects for project sites.
fn redirects(site: &Site) -> String {
    let mut out = String::from("# Written by vouch from `redirects:` in vouch.yml.\n");
    for r in &site.config.redirects {
        let to = crate::site::urls::resolve_configured(&site.base_path, &r.to);
        out.push_str(&format!(
            "{} {to} {}\n",
            crate::site::urls::link(&site.base_path, &r.from),
            r.status
        ));
    }
    out
}

/// Why writing failed: a page's template, or the disk.
#[derive(Debug)]
pub enum WriteError {
    /// Template errors while rendering pages.
    Render(Vec<Diagnostic>),
    /// The file system refused.
    Io(io::Error),
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

impl From<crate::share::draw::ShareError> for WriteError {
    fn from(e: crate::share::draw::ShareError) -> Self {
        match e {
            crate::share::draw::ShareError::Io(e) => WriteError::Io(e),
            crate::share::draw::ShareError::Drawing(d) => WriteError::Render(vec![d]),
        }
    }
}

impl From<crate::images::make::MakeError> for WriteError {
    fn from(e: crate::images::make::MakeError) -> Self {
        match e {
            crate::images::make::MakeError::Io(e) => WriteError::Io(e),
            crate::images::make::MakeError::Picture(d) => WriteError::Render(vec![d]),
        }
    }
}

/// Makes every planned file and keeps none (`check`): each is made into memory, to
/// find what only making it reveals (template errors), then dropped, so checking holds
/// no more than building does (at 10k items, holding them all took 150 MB more).
pub fn try_make_all(files: &[OutputFile], renderer: &Renderer<'_>) -> Result<(), Vec<Diagnostic>> {
    let mut problems: Vec<Diagnostic> = files
        .par_iter()
        .flat_map_iter(|file| {
            // `check` reads pictures' headers only: it never encodes one.
            if let Contents::Copy(_) | Contents::Image(_) | Contents::Share(_) = file.contents {
                return Vec::new();
            }
            match file.contents.write_to(renderer, &mut io::sink()) {
                Ok(()) => Vec::new(),
                Err(WriteError::Render(d)) => d,
                Err(WriteError::Io(e)) => vec![Diagnostic::error(
                    &file.path,
                    format!("cannot make the file: {e}"),
                )],
            }
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        problems.dedup();
        Err(problems)
    }
}

/// Writes `files` into a staging folder beside `out`, rendering pages as it goes, then
/// swaps it in for `out`. On any error the staging folder is removed and `out` is
/// left as it was.
pub fn write(files: &[OutputFile], renderer: &Renderer<'_>, out: &Path) -> Result<(), WriteError> {
    write_groups(&[(files, renderer)], out)
}

/// [`write`] for a site in several languages: each group is one language's files with
/// the renderer of its site.
pub fn write_groups(
    groups: &[(&[OutputFile], &Renderer<'_>)],
    out: &Path,
) -> Result<(), WriteError> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.vouch-staging-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    let compress = groups
        .first()
        .is_some_and(|(_, r)| r.site().config.compress);
    let shares: HashSet<&str> = (groups.iter().flat_map(|(files, _)| files.iter()))
        .filter(|f| matches!(f.contents, Contents::Share(_)))
        .map(|f| f.path.as_str())
        .collect();
    let kept = previous::Kept::find(out, !shares.is_empty());
    let result = (groups.iter())
        .try_for_each(|(files, renderer)| write_all(files, renderer, &staging, kept.as_ref()))
        .and_then(|()| match compress {
            true => Ok((groups.iter()).try_for_each(|(files, _)| compress_all(files, &staging))?),
            false => Ok(()),
        })
        .and_then(|()| Ok(kept.as_ref().map_or(Ok(()), |k| k.adopt(&staging))?))
        .and_then(|()| Ok(swap(&staging, out, parent, &name)?));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    } else if kept.is_some() {
        // Images no page shows any more: a failure here only leaves a file over.
        let _ = previous::Kept::prune(out, &shares);
    }
    result
}

/// Writes every file under `dir`: folders first, then files in parallel.
/// Share images `kept` from the previous output are not linked again.
fn write_all(
    files: &[OutputFile],
    renderer: &Renderer<'_>,
    dir: &Path,
    kept: Option<&previous::Kept>,
) -> Result<(), WriteError> {
    let folders: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(d, _)| d))
        .collect();
    std::fs::create_dir_all(dir)?;
    for folder in folders {
        std::fs::create_dir_all(dir.join(folder))?;
    }
    let problems: Vec<Result<(), WriteError>> = files
        .par_iter()
        .map(|file| {
            let target = dir.join(&file.path);
            if let Contents::Image(made) = &file.contents {
                return made.link_into(&target).map_err(WriteError::from);
            }
            if let Contents::Share(share) = &file.contents {
                if kept.is_some_and(|k| k.holds(&file.path)) {
                    return Ok(());
                }
                return share.link_into(&target).map_err(WriteError::from);
            }
            let mut out = std::fs::File::create(target)?;
            file.contents.write_to(renderer, &mut out)?;
            Ok(())
        })
        .filter(Result::is_err)
        .collect();
    let mut rendering = Vec::new();
    for problem in problems {
        match problem {
            Err(WriteError::Io(e)) => return Err(WriteError::Io(e)),
            Err(WriteError::Render(d)) => rendering.extend(d),
            Ok(()) => {}
        }
    }
    if rendering.is_empty() {
        Ok(())
    } else {
        rendering.dedup();
        Err(WriteError::Render(rendering))
    }
}

/// The kinds of files GitLab Pages serves pre-compressed.
const COMPRESSIBLE: [&str; 7] = ["html", "css", "js", "xml", "json", "ics", "svg"];

/// Writes `<file>.gz` beside every compressible written file of 1 KB or more. The gzip
/// header carries no time or name, so the same site compresses to the same bytes.
fn compress_all(files: &[OutputFile], dir: &Path) -> io::Result<()> {
    files
        .par_iter()
        .filter(|f| {
            f.path
                .rsplit_once('.')
                .is_some_and(|(_, ext)| COMPRESSIBLE.contains(&ext))
        })
        .try_for_each(|f| {
            let path = dir.join(&f.path);
            let bytes = std::fs::read(&path)?;
            if bytes.len() < 1024 {
                return Ok(());
            }
            let gz = std::fs::File::create(dir.join(format!("{}.gz", f.path)))?;
            let mut encoder = flate2::GzBuilder::new()
                .mtime(0)
                .write(io::BufWriter::new(gz), flate2::Compression::best());
            io::Write::write_all(&mut encoder, &bytes)?;
            io::Write::flush(&mut encoder.finish()?)
        })
}

fn swap(staging: &Path, out: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if out.exists() {
        let old = parent.join(format!(".{name}.vouch-old-{}", std::process::id()));
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        std::fs::rename(out, &old)?;
        if let Err(e) = std::fs::rename(staging, out) {
            std::fs::rename(&old, out)?;
            return Err(e);
        }
        std::fs::remove_dir_all(&old)
    } else {
        std::fs::rename(staging, out)
    }
}
