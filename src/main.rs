//! The `vouch` command: parses arguments, calls the library, prints diagnostics once,
//! and picks the exit code (0 ok, 1 content errors, 2 usage errors).

use clap::Parser;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vouch::diagnostics::{plural, Diagnostics};

// A build allocates millions of small strings across threads; mimalloc's per-thread
// heaps make that markedly cheaper than glibc's malloc (see docs/decisions.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;
use cli::{Cli, Command, Format, ReportFormat, SnippetFormat};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.clone();
    let needs_site = !matches!(
        cli.command,
        Command::Init { .. } | Command::Schema { .. } | Command::Completions { .. }
    );
    // The one read of the clock (or SOURCE_DATE_EPOCH): the library is given "now".
    // The preview reads it again at each save.
    let now = vouch::site::now_from_env();
    if needs_site {
        if let Some(d) = not_a_site(&root) {
            return usage_error(&root, d);
        }
    }
    match cli.command {
        Command::Serve {
            port,
            bind,
            open,
            drafts,
            timings,
            allow_host,
        } => {
            let options = vouch::serve::Options {
                root: root.clone(),
                bind,
                port,
                drafts,
                allow_hosts: allow_host,
            };
            serve(&root, &options, open, timings)
        }
        Command::Init { dir, force } => init(&root, &dir, force),
        command @ Command::New { .. } => new(&root, command, now),
        Command::Schema {
            markdown,
            config: true,
            ..
        } => config_schema(markdown),
        Command::Schema { markdown, kind, .. } => schema(&root, markdown, kind),
        Command::Completions { shell } => completions(shell),
        Command::Snippet {
            path,
            format,
            campaign,
        } => snippet(&root, &path, format, campaign.as_deref(), now),
        Command::Build {
            drafts,
            base_url,
            out,
            timings,
            index_links,
        } => {
            let request = vouch::Request {
                index_links,
                root: root.clone(),
                drafts,
                base_url,
                now,
            };
            build(&request, &out, timings)
        }
        Command::Report { format, out, cross } => report(&root, format, out, cross, now),
        Command::Import {
            file,
            kind,
            map,
            dry_run,
            force_partial,
            date_format,
        } => {
            let options = vouch::import::Options {
                file,
                kind: kind.kind(),
                maps: map,
                dry_run,
                force_partial,
                date_format,
                now,
            };
            import(&root, &options)
        }
        Command::Check {
            format,
            strict,
            drafts,
            base_url,
        } => {
            let request = vouch::Request {
                index_links: false,
                root: root.clone(),
                drafts,
                base_url,
                now,
            };
            check(&request, format, strict)
        }
    }
}

/// `vouch serve`: the preview, until interrupted.
fn serve(root: &Path, options: &vouch::serve::Options, open: bool, timings: bool) -> ExitCode {
    let site_root = root.to_path_buf();
    // The warnings last listed, so a rebuild lists them again only when they change.
    let listed = std::sync::Mutex::new(0u64);
    let on_event = move |event: vouch::serve::Event| {
        // The address actually served: a busy port moves to the next.
        if let (true, vouch::serve::Event::Serving(url)) = (open, &event) {
            open_in_browser(url);
        }
        let mut listed = listed.lock().unwrap_or_else(|e| e.into_inner());
        print_event(&site_root, event, timings, &mut listed);
    };
    match vouch::serve::run(options, on_event) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => usage_error(root, d),
    }
}

/// `vouch schema --config`: vouch.yml's JSON Schema, or with --markdown its reference.
fn config_schema(markdown: bool) -> ExitCode {
    match markdown {
        true => print!("{}", vouch::schema::config_reference()),
        false => println!(
            "{}",
            serde_json::to_string_pretty(&vouch::schema::config_schema()).unwrap_or_default()
        ),
    }
    ExitCode::SUCCESS
}

/// `vouch completions`: the script made in memory, then written, so that a closed pipe
/// (`vouch completions bash | head`) ends quietly instead of in a panic.
fn completions(shell: clap_complete::Shell) -> ExitCode {
    use clap::CommandFactory;
    use std::io::Write;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "vouch", &mut script);
    match std::io::stdout().lock().write_all(&script) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the completion script: {e}");
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}

/// `vouch init`: a new site from the starter.
fn init(root: &Path, dir: &Path, force: bool) -> ExitCode {
    match vouch::scaffold::init(dir, force) {
        Ok(files) => {
            for file in &files {
                println!("{}", dir.join(file).display());
            }
            eprintln!(
                "created a site in {} ({} files)\n\nnext steps:\n  \
                 cd {}\n  \
                 vouch serve      # preview at http://127.0.0.1:1111/, reloaded on every save\n  \
                 (set base_url in vouch.yml to your GitLab Pages address)\n  \
                 git init && git add . && git commit -m \"Customer stories site\"\n  \
                 git remote add origin <your GitLab project's URL> && git push -u origin main\n\
                 the pipeline (.gitlab-ci.yml) then publishes every push to main",
                dir.display(),
                files.len(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(d) => usage_error(root, d),
    }
}

/// `vouch new`: a new item's file, dated today.
fn new(root: &Path, command: Command, now: jiff::Timestamp) -> ExitCode {
    let Command::New {
        kind,
        title,
        lang,
        from,
    } = command
    else {
        return ExitCode::FAILURE;
    };
    if let (Some(lang), Some(from)) = (lang, from) {
        return new_translation(root, &kind, &from, &lang);
    }
    let kind = kind.as_str();
    let title = title.unwrap_or_default();
    let kind = match vouch::scaffold::kind_named(kind) {
        Ok(kind) => kind,
        Err(d) => return usage_error(root, d),
    };
    let today = now
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
        .to_string();
    match vouch::scaffold::new_item(root, kind, &title, &today) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(d) => usage_error(root, d),
    }
}

/// `vouch new <kind> --lang CODE --from FILE`: a translation to fill in.
fn new_translation(root: &Path, kind: &str, from: &Path, lang: &str) -> ExitCode {
    let kind = match vouch::scaffold::kind_named(kind) {
        Ok(kind) => kind,
        Err(d) => return usage_error(root, d),
    };
    match vouch::scaffold::new_translation(root, kind, from, lang) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(d) => usage_error(root, d),
    }
}

/// `vouch schema`: the JSON Schema of one kind or all, or the Markdown field reference.
fn schema(root: &Path, markdown: bool, kind: Option<String>) -> ExitCode {
    if markdown {
        print!("{}", vouch::schema::markdown_reference());
        return ExitCode::SUCCESS;
    }
    let schema = match kind {
        Some(kind) => match vouch::scaffold::kind_named(&kind) {
            Ok(kind) => vouch::schema::schema_of(kind).to_value(),
            // The kinds are `vouch new`'s; the error is this command's.
            Err(d) => {
                return usage_error(
                    root,
                    vouch::diagnostics::Diagnostic {
                        path: "vouch schema".into(),
                        ..d
                    },
                )
            }
        },
        None => vouch::schema::all_schemas(),
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&schema).unwrap_or_default()
    );
    ExitCode::SUCCESS
}

/// `vouch build`: the site into `out` (relative to the site's folder).
fn build(request: &vouch::Request, out: &Path, timings: bool) -> ExitCode {
    let root = &request.root;
    let out = root.join(out);
    let started = std::time::Instant::now();
    match vouch::build(request, &out) {
        Ok(built) => {
            print_text(root, &built.warnings.clone().without_notes(), 3);
            eprintln!(
                "built {} items into {} pages ({} files) in {} in {} ms",
                built.items,
                built.pages,
                built.files,
                out.display(),
                started.elapsed().as_millis()
            );
            if timings {
                print_timings(&built.timings);
                // Drawn, not taken from .vouch-cache: 0 when nothing drawn changed.
                eprintln!("  share images: {} drawn", vouch::share::draw::drawn());
            }
            ExitCode::SUCCESS
        }
        Err(problems) => fail(root, &problems.without_notes()),
    }
}

/// `vouch check`: every problem, as text, JSON or a GitLab Code Quality report.
fn check(request: &vouch::Request, format: Format, strict: bool) -> ExitCode {
    let root = &request.root;
    let mut problems = match vouch::check(request) {
        Ok(warnings) => warnings,
        Err(problems) => problems,
    };
    if strict {
        problems.make_warnings_errors();
    }
    match format {
        Format::Text => print_text(root, &problems, usize::MAX),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&problems).unwrap_or_default()
        ),
        Format::Gitlab => println!("{}", problems.code_quality()),
    }
    if problems.has_errors() {
        return ExitCode::from(1);
    }
    if matches!(format, Format::Text) {
        eprintln!(
            "no errors ({}, {})",
            plural(problems.warning_count(), "warning"),
            plural(problems.note_count(), "note")
        );
    }
    ExitCode::SUCCESS
}

/// `vouch report`: the report on standard output, and the HTML file when asked.
fn report(
    root: &Path,
    format: ReportFormat,
    out: Option<PathBuf>,
    cross: Option<String>,
    now: jiff::Timestamp,
) -> ExitCode {
    let cross = match cross.as_deref().map(vouch::report::parse_cross).transpose() {
        Ok(cross) => cross,
        Err(d) => return usage_error(root, d),
    };
    if let Some(out) = &out {
        if let Err(d) = vouch::report::check_out(root, out) {
            return usage_error(root, d);
        }
    }
    let options = vouch::report::Options { cross, now };
    let report = match vouch::report::make(root, &options) {
        Ok(report) => report,
        Err(problems) => {
            print_text(root, &problems, usize::MAX);
            eprintln!(
                "no report: {} in the content (`vouch check` lists the same)",
                plural(problems.error_count(), "error")
            );
            return ExitCode::from(1);
        }
    };
    match format {
        ReportFormat::Text => print!("{}", vouch::report::text::render(&report)),
        ReportFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        ),
        ReportFormat::Csv => print!("{}", vouch::report::text::csv(&report)),
    }
    if let Some(out) = out {
        if let Err(e) = std::fs::write(&out, vouch::report::html::render(&report)) {
            let d = vouch::diagnostics::Diagnostic::error(
                &out,
                format!("cannot write the report: {e}"),
            )
            .hint("check that the folder exists and is writable");
            return usage_error(root, d);
        }
        eprintln!("wrote the HTML report to {}", out.display());
    }
    ExitCode::SUCCESS
}

/// `vouch import`: the files written (or, on a dry run, what they would hold) on
/// standard output; problems and the summary on standard error.
fn import(root: &Path, options: &vouch::import::Options) -> ExitCode {
    use vouch::import::Failure;
    // Problems of the imported file are printed with its path as given (relative to the
    // current folder); those of the site relative to the site.
    let print = |problems: &Diagnostics| {
        let (of_file, of_site): (Vec<_>, Vec<_>) = problems
            .iter()
            .cloned()
            .partition(|d| d.path == options.file);
        print_text(Path::new(""), &Diagnostics(of_file), usize::MAX);
        print_text(root, &Diagnostics(of_site), usize::MAX);
    };
    let imported = match vouch::import::run(root, options) {
        Ok(imported) => imported,
        Err(Failure::Usage(d)) => return usage_error(root, d),
        Err(Failure::Content(problems)) => {
            print(&problems);
            eprintln!("nothing was imported");
            return ExitCode::from(1);
        }
    };
    print(&imported.problems);
    let n = imported.files.len();
    let kind = match n {
        1 => options.kind.label().to_lowercase(),
        _ => options.kind.plural().to_lowercase(),
    };
    for file in &imported.files {
        if options.dry_run {
            // The drafts hold customers' words: shown, never obeyed by the terminal.
            println!(
                "=== {} (row {})\n{}",
                vouch::terminal::line(&file.path.display().to_string()),
                file.row,
                vouch::terminal::text(&file.text)
            );
        } else if imported.written {
            let path = root.join(&file.path).display().to_string();
            println!("{}", vouch::terminal::line(&path));
        }
    }
    let mut skipped = format!(
        "{} already imported, {} empty",
        plural(imported.duplicates, "row"),
        plural(imported.empty, "row")
    );
    if imported.declined > 0 {
        skipped += &format!(", {} declined", plural(imported.declined, "row"));
    }
    if imported.written {
        let consented = imported.files.iter().filter(|f| f.consented).count();
        if consented == 0 {
            eprintln!("imported {n} {kind} as drafts without approval ({skipped}); record each customer's approval and remove `draft: true` to publish them");
        } else {
            eprintln!("imported {n} {kind} as drafts ({skipped}); {consented} carry the approval their consent answer gave: confirm it, record the others' approval, and remove `draft: true` to publish them");
        }
    } else if imported.bad > 0 && !options.force_partial {
        eprintln!(
            "nothing was written: {} of {} (fix them and import again, or write the {} with --force-partial)",
            plural(imported.bad, "bad row"),
            plural(imported.rows, "row"),
            plural(n, "good row")
        );
    } else {
        eprintln!("dry run: {n} {kind} would be written ({skipped}); nothing was written");
    }
    if imported.bad > 0 {
        if imported.written {
            eprintln!(
                "{} left out (listed above)",
                plural(imported.bad, "bad row")
            );
        }
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// A request vouch refuses (a folder in use, a file that exists): exit code 2.
/// Opens `url` in the default browser; best effort: the preview works the same without.
fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener).arg(url).spawn();
}

/// Prints each stage's wall time (and CPU time, where the system tells it).
fn print_timings(timings: &vouch::Timings) {
    for stage in &timings.0 {
        let cpu = stage.cpu.map_or(String::new(), |cpu| {
            format!("{:>8.1} ms CPU", cpu.as_secs_f64() * 1000.0)
        });
        eprintln!(
            "  {:>8.1} ms {cpu}  {}",
            stage.wall.as_secs_f64() * 1000.0,
            stage.name
        );
    }
}

/// Prints what the preview reports: where it serves, and each rebuild, with its warnings
/// (grouped, three of a kind) whenever they differ from those `listed` last.
fn print_event(root: &Path, event: vouch::serve::Event, timings: bool, listed: &mut u64) {
    use vouch::serve::Event;
    match event {
        Event::PortBusy { wanted, port } => eprintln!("port {wanted} is busy; using {port}"),
        Event::Exposed(addr) => eprintln!(
            "warning: serving on {addr} — anyone who can reach this machine can see drafts and unapproved content"
        ),
        Event::Serving(url) => eprintln!("serving {url} (Ctrl-C to stop)"),
        Event::Rebuilt(rebuilt) => {
            for d in rebuilt.problems.iter().filter(|d| d.is_error()) {
                eprintln!("{}", d.render(root, false));
            }
            let ms = rebuilt.took.as_millis();
            let errors = plural(rebuilt.problems.error_count(), "error");
            let warnings = plural(rebuilt.problems.warning_count(), "warning");
            match (rebuilt.ok, rebuilt.had_site) {
                (true, true) => {
                    let from = if rebuilt.incremental { "from the last site; " } else { "" };
                    eprintln!("rebuilt in {ms} ms ({from}{warnings})");
                }
                (true, false) => eprintln!("built in {ms} ms ({warnings})"),
                (false, true) => eprintln!(
                    "build failed in {ms} ms: {errors}; still serving the last good site (fix and save to update it)"
                ),
                (false, false) => eprintln!(
                    "build failed in {ms} ms: {errors}; there is no site to show yet: every page lists the problems until they are fixed and saved"
                ),
            }
            if rebuilt.ok {
                list_warnings(root, &rebuilt.problems, listed);
            }
            if timings {
                print_timings(&rebuilt.timings);
            }
        }
    }
}

/// Lists a rebuild's warnings when they are not the ones listed last: the first build's,
/// then only when they change, so a save that fixes or adds one shows it without
/// repeating the rest on every save. `listed` keeps a fingerprint of the last list (an
/// order-free sum of each warning's hash), so an unchanged list costs no sorting.
fn list_warnings(root: &Path, problems: &vouch::diagnostics::Findings, listed: &mut u64) {
    use std::hash::BuildHasher;
    let hasher =
        std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default();
    let warnings = || problems.iter().filter(|d| !d.is_error());
    let fingerprint = warnings().fold(1u64, |sum, d| {
        sum.wrapping_add(hasher.hash_one((&d.path, d.line, d.column, &d.message)))
    });
    if fingerprint == *listed {
        return;
    }
    let first = *listed == 0;
    *listed = fingerprint;
    let mut all = vouch::diagnostics::Diagnostics(warnings().cloned().collect());
    all.sort();
    let lines = all.grouped_lines(root, false, 3);
    if lines.is_empty() && !first {
        eprintln!("no warnings any more");
    }
    for line in &lines {
        eprintln!("{line}");
    }
}

/// Why `root` is no site's folder, if it is not: it must exist and hold vouch.yml.
/// Otherwise `new` would write content into a folder that is no site, and the other
/// commands would report content errors for what is a wrong `--root` (exit 2, not 1).
fn not_a_site(root: &Path) -> Option<vouch::diagnostics::Diagnostic> {
    use vouch::diagnostics::Diagnostic;
    let config = root.join(vouch::config::CONFIG_FILE);
    if !root.is_dir() {
        return Some(Diagnostic::error(root, "this folder does not exist").hint(
            "pass the site's folder with --root DIR, or create a site with `vouch init DIR`",
        ));
    }
    (!config.is_file()).then(|| {
        Diagnostic::error(&config, "no site here: vouch.yml is missing").hint(
            "run vouch in the site's folder (the one with vouch.yml), pass --root DIR, or create a site with `vouch init`",
        )
    })
}

fn snippet(
    root: &Path,
    path: &Path,
    format: SnippetFormat,
    campaign: Option<&str>,
    now: jiff::Timestamp,
) -> ExitCode {
    use vouch::snippet::{Format, Outcome};
    let request = vouch::Request {
        root: root.to_path_buf(),
        now,
        ..Default::default()
    };
    let format = match format {
        SnippetFormat::Email => Format::Email,
        SnippetFormat::Html => Format::Html,
        SnippetFormat::Markdown => Format::Markdown,
        SnippetFormat::Text => Format::Text,
    };
    match vouch::snippet::run(&request, path, format, campaign) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(Outcome::Misuse(d)) => usage_error(root, d),
        Err(Outcome::Site(problems)) => fail(root, &problems),
        Err(Outcome::KeptIn(d)) => {
            print_text(root, &Diagnostics(vec![d]), usize::MAX);
            ExitCode::from(1)
        }
    }
}

fn usage_error(root: &Path, d: vouch::diagnostics::Diagnostic) -> ExitCode {
    print_text(root, &Diagnostics(vec![d]), usize::MAX);
    ExitCode::from(2)
}

fn fail(root: &Path, problems: &Diagnostics) -> ExitCode {
    print_text(root, problems, usize::MAX);
    eprintln!(
        "build failed: {}, {}; nothing was written",
        plural(problems.error_count(), "error"),
        plural(problems.warning_count(), "warning")
    );
    ExitCode::from(1)
}

/// Prints every error, and warnings grouped by message: at most `max_per_message` of
/// each.
fn print_text(root: &Path, problems: &Diagnostics, max_per_message: usize) {
    // NO_COLOR (no-color.org) wins; CLICOLOR_FORCE asks for colour even when piped.
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    let color = !set("NO_COLOR") && (set("CLICOLOR_FORCE") || std::io::stderr().is_terminal());
    for line in problems.grouped_lines(root, color, max_per_message) {
        eprintln!("{line}");
    }
}
