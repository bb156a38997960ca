//! What `vouch` accepts on its command line: commands, options and their help, in one
//! place (clap reads it; `vouch completions` writes shell scripts from it).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Build a customer-advocacy site (case studies, testimonials, quotes, events, customers,
/// advocates) from Markdown files with YAML front matter.
#[derive(Parser)]
#[command(name = "vouch", version, about, long_about = None)]
pub(crate) struct Cli {
    /// The site's folder, holding vouch.yml and content/.
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub(crate) root: PathBuf,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds).
    Build {
        /// Publish drafts and scheduled items too.
        #[arg(long)]
        drafts: bool,
        /// Build for another address, e.g. a merge request preview: an absolute
        /// http(s) URL with a host.
        #[arg(long, value_name = "URL", value_parser = vouch::config::parse_base_url)]
        base_url: Option<String>,
        /// The output folder, relative to the site's folder.
        #[arg(long, default_value = "public", value_name = "DIR")]
        out: PathBuf,
        /// Print how long each stage of the build took.
        #[arg(long)]
        timings: bool,
        /// Write page links ending in index.html (/events/index.html), for a host that
        /// serves no index for a folder: GitLab's job artifact browser (a merge
        /// request's preview) or a folder opened from disk. Canonical, sitemap and feed
        /// URLs keep the clean form.
        #[arg(long)]
        index_links: bool,
    },
    /// Check content, links and approvals; write nothing.
    Check {
        /// How to report: text (standard error), json or gitlab (standard output).
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Check drafts and scheduled items too.
        #[arg(long)]
        drafts: bool,
        /// Check for another address, as `vouch build --base-url` builds for it (the
        /// starter pipeline passes the Pages address, so vouch.yml's placeholder is no
        /// problem there): an absolute http(s) URL with a host.
        #[arg(long, value_name = "URL", value_parser = vouch::config::parse_base_url)]
        base_url: Option<String>,
    },
    /// Preview the site on 127.0.0.1, rebuilding and reloading the browser on every save.
    Serve {
        /// The port (the next free one is used when it is busy).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Listen on another interface (e.g. 0.0.0.0), visible to other machines.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Show drafts and scheduled items.
        #[arg(long)]
        drafts: bool,
        /// Print how long each stage of every rebuild took.
        #[arg(long)]
        timings: bool,
        /// Also answer requests for this host name (repeatable), e.g. the machine's name
        /// on a team network with --bind 0.0.0.0. The preview answers localhost, names
        /// ending in .localhost and IP addresses; any other name gets 403, so a web page
        /// cannot read drafts through a DNS-rebinding trick.
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
    },
    /// Start a new site: vouch.yml, one sample of every kind, .gitlab-ci.yml.
    Init {
        /// Where to create it (default: the current folder).
        #[arg(default_value = ".", value_name = "DIR")]
        dir: PathBuf,
        /// Write into a folder that is not empty.
        #[arg(long)]
        force: bool,
    },
    /// Create content/<kind folder>/<slug>.md with every field of the kind, as a draft.
    New {
        /// case-study, testimonial, quote, event, customer, advocate or page.
        kind: String,
        /// The title (or name, or author); the file name is made from it. Not with
        /// --lang: a translation is named after its original.
        #[arg(required_unless_present = "lang")]
        title: Option<String>,
        /// Write a translation into this language (one of languages: in vouch.yml) of
        /// the file named by --from, beside it: the words to translate, and the hash of
        /// the original's words so `vouch report` tells when they change.
        #[arg(long, value_name = "CODE", requires = "from", conflicts_with = "title")]
        lang: Option<String>,
        /// The original to translate (with --lang), e.g. content/quotes/acme-cto.md.
        #[arg(long, value_name = "FILE", requires = "lang")]
        from: Option<std::path::PathBuf>,
    },
    /// Report the content library's health: coverage per taxonomy term (and its gaps),
    /// stale items, approvals expired, running out or missing, drafts and scheduled
    /// items, and how often each customer and advocate is featured. Writes nothing
    /// unless --out is given.
    Report {
        /// text (readable), json (every figure, for other tools) or csv (the coverage
        /// table, or the cross with --cross).
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
        /// Also write the report as one self-contained HTML file with coverage heat
        /// maps (no scripts, nothing fetched from elsewhere).
        #[arg(long, value_name = "FILE.html")]
        out: Option<PathBuf>,
        /// Cross two taxonomies, e.g. industry,lifecycle: published items per pair of
        /// terms, gaps included.
        #[arg(long, value_name = "A,B")]
        cross: Option<String>,
    },
    /// Turn the rows of a spreadsheet export (CSV) or a JSON array into testimonial or
    /// quote files: drafts without approval, their source kept. Bad rows are all listed
    /// and nothing is written unless --force-partial; rows already imported (same author
    /// and words) are skipped; no file is ever overwritten.
    Import {
        /// The CSV (any delimiter, UTF-8 with or without BOM) or JSON file.
        file: PathBuf,
        /// What each row is.
        #[arg(long, value_enum)]
        kind: ImportKind,
        /// Which field a column fills, e.g. --map "Review Text=body" (repeatable);
        /// `ignore` leaves a column out. Columns named like fields (author, rating…) and
        /// common export names (reviewer, stars, review, company, job title, url) need
        /// no map.
        #[arg(long = "map", value_name = "COLUMN=FIELD")]
        map: Vec<String>,
        /// Print the files that would be written; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the good rows even when some rows are bad (the bad ones are still
        /// listed, and the exit code is still 1).
        #[arg(long)]
        force_partial: bool,
        /// How the file writes dates such as 03/11/2026: dd/mm/yyyy (day first) or
        /// mm/dd/yyyy (month first). Needed only when no date in the file shows it.
        #[arg(long, value_name = "FORMAT", value_parser = vouch::import::dates::parse_order)]
        date_format: Option<vouch::import::dates::Order>,
    },
    /// Print the JSON Schema of every kind's front matter (for editors), or with
    /// --markdown the field reference (docs/reference.md).
    Schema {
        /// The Markdown reference instead of JSON Schema.
        #[arg(long)]
        markdown: bool,
        /// Only this kind's schema, a JSON Schema document of its own (for an editor's
        /// front-matter validation): case-study, testimonial, quote, event, customer,
        /// advocate or page.
        #[arg(long, value_name = "KIND", conflicts_with = "markdown")]
        kind: Option<String>,
        /// vouch.yml's schema instead of the front matter's (with --markdown, its
        /// reference: docs/configuration.md).
        #[arg(long, conflicts_with = "kind")]
        config: bool,
    },
    /// Print a testimonial, quote or case study as a block to paste into an email,
    /// another page or a deck, every link to the site tagged with UTM parameters. Words
    /// without a current approval of their own get none (exit 1, with the reason).
    Snippet {
        /// The item's file, e.g. content/quotes/acme-cto.md.
        path: PathBuf,
        /// email (tables, inline styles), html, markdown or text.
        #[arg(long, value_enum, default_value = "email")]
        format: SnippetFormat,
        /// utm_campaign of the links (any name; default: campaigns.default_campaign).
        #[arg(long, value_name = "NAME")]
        campaign: Option<String>,
    },
    /// Print the shell completion script for vouch's commands and options, e.g.
    /// `vouch completions bash > ~/.local/share/bash-completion/completions/vouch`
    /// (docs/completions.md says where each shell looks).
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum SnippetFormat {
    Email,
    Html,
    Markdown,
    Text,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum ImportKind {
    Testimonial,
    Quote,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    Text,
    Json,
    Csv,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
    Gitlab,
}

impl ImportKind {
    /// The content kind the rows become.
    pub(crate) fn kind(self) -> vouch::content::Kind {
        match self {
            ImportKind::Testimonial => vouch::content::Kind::Testimonial,
            ImportKind::Quote => vouch::content::Kind::Quote,
        }
    }
}
