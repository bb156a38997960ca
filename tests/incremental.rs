//! The preview's incremental rebuild must serve exactly what a fresh build of the same
//! files serves: after each kind of edit, every file of the patched site is compared
//! byte for byte with a preview built from scratch.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vouch::serve::{rebuild, Preview, Served};

const BASE: &str = "http://127.0.0.1:1111/";

/// "Now" for every preview here (2026-11-25 12:00 UTC), passed in as the preview's
/// loop passes the clock; the builds compared with run with SOURCE_DATE_EPOCH set to
/// the same moment.
fn now() -> jiff::Timestamp {
    jiff::Timestamp::from_second(1795608000).expect("a moment")
}

/// A copy of the example site in a temp folder. "Now" is pinned (as CI pins it for
/// builds), so a patched site and a fresh one agree on calendar timestamps.
fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(from.join("vouch.yml"), dir.path().join("vouch.yml")).unwrap();
    for entry in walkdir::WalkDir::new(from.join("content")) {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

/// Every file the preview serves, rendered now.
fn served(preview: &Preview) -> BTreeMap<String, Vec<u8>> {
    let snapshot = preview.snapshot.read().unwrap();
    assert!(snapshot.failure.is_none(), "{:?}", snapshot.failure);
    let live = snapshot.live.as_ref().expect("a site");
    live.paths()
        .into_iter()
        .map(|path| {
            let bytes = match live.get(path).unwrap() {
                Served::Bytes(b) => b.to_vec(),
                Served::File(f) => std::fs::read(f).unwrap(),
            };
            (path.to_string(), bytes)
        })
        .collect()
}

fn fresh(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let preview = Preview::new(root.to_path_buf());
    assert!(rebuild(&preview, now(), false, BASE, &[]).ok);
    served(&preview)
}

fn assert_same(patched: &BTreeMap<String, Vec<u8>>, fresh: &BTreeMap<String, Vec<u8>>, what: &str) {
    let paths = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(paths(patched), paths(fresh), "{what}: the same files");
    for (path, bytes) in patched {
        if bytes != &fresh[path] {
            let (a, b) = (
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&fresh[path]),
            );
            let at = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
            let around = |t: &str| {
                t.chars()
                    .skip(at.saturating_sub(80))
                    .take(200)
                    .collect::<String>()
            };
            panic!(
                "{what}: {path} differs from a fresh build\npatched: {}\n  fresh: {}",
                around(&a),
                around(&b)
            );
        }
    }
}

/// Saves `file` with `edit` applied, rebuilds as the watcher would, and checks the
/// result against a fresh build; returns whether the edit was patched in place.
fn edit(preview: &Preview, root: &Path, file: &str, edit: impl Fn(&str) -> String) -> bool {
    let path: PathBuf = root.join(file);
    let before = std::fs::read_to_string(&path).unwrap();
    let after = edit(&before);
    assert_ne!(before, after, "the edit of {file} changes it");
    std::fs::write(&path, after).unwrap();
    let rebuilt = rebuild(preview, now(), false, BASE, &[path]);
    assert!(rebuilt.ok, "{file}: {:?}", rebuilt.problems);
    assert_same(&served(preview), &fresh(root), file);
    rebuilt.incremental
}

#[test]
fn every_kind_of_edit_serves_what_a_fresh_build_serves() {
    let dir = example_copy();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let preview = Preview::new(root.clone());
    assert!(rebuild(&preview, now(), false, BASE, &[]).ok);
    // Render everything once, so stale pages would show.
    assert_same(&served(&preview), &fresh(&root), "first build");

    let story = "content/case-studies/pixelmoor-build-times.md";
    assert!(
        edit(&preview, &root, story, |t| t
            .replace("Artists now see", "PATCHED: artists now see")),
        "a text edit is patched in place"
    );
    assert!(
        edit(&preview, &root, story, |t| t
            .replace("title: Pixelmoor cuts", "title: Pixelmoor slashes")),
        "a new title in the same listing place is patched in place"
    );
    assert!(
        edit(&preview, &root, story, |t| t.replace(
            "summary: A games studio",
            "summary: A PATCHED games studio"
        )),
        "a new summary is patched in place"
    );
    assert!(
        edit(&preview, &root, story, |t| t
            .replace("value: \"38 min\"", "value: \"37 min\"")),
        "a new result is patched in place"
    );
    assert!(
        edit(
            &preview,
            &root,
            "content/testimonials/brightwater-public.md",
            |t| t.replace("Public pipelines", "PATCHED public pipelines")
        ),
        "a testimonial's words are patched in place, with the bodies that embed them"
    );
    assert!(
        edit(&preview, &root, "content/customers/pixelmoor.md", |t| t
            .replace(
                "website: https://pixelmoor.example/",
                "website: https://games.pixelmoor.example/"
            )),
        "a customer's website is patched in place"
    );
    // A customer's name shows on its stories' cards: they are made again.
    assert!(
        edit(&preview, &root, "content/customers/pixelmoor.md", |t| t
            .replace("name: Pixelmoor Games", "name: Pixelmoor Studios")),
        "a customer's name is put in place"
    );
    // New terms refile the story in place: term pages, facets and related stories follow.
    assert!(
        edit(&preview, &root, story, |t| t
            .replace("stages: [Build, Test]", "stages: [Build]")),
        "a story leaving a stage is refiled in place"
    );
    assert!(
        edit(&preview, &root, story, |t| t.replace(
            "tags: [monorepo, build-caching, game-development]",
            "tags: [build-caching, game-development, compliance, brand-new-topic]"
        )),
        "a story joining a known and a new topic, and leaving one, is refiled in place"
    );
    assert!(
        edit(&preview, &root, story, |t| t.replace(
            "stages: [Build]",
            "stages: [Build]\nindustry: Retail"
        )),
        "a story's own industry (its related stories move) is refiled in place"
    );
    let served_now = served(&preview);
    let tag_page = String::from_utf8_lossy(&served_now["tags/brand-new-topic/index.html"]);
    assert!(
        tag_page.contains("Pixelmoor"),
        "the new topic's page lists the story"
    );
    assert!(
        !served_now.contains_key("tags/monorepo/index.html"),
        "the emptied topic is gone"
    );
    // The story would be the first to spell an existing topic: its spelling would name
    // it for everyone, so the site is assembled again.
    // ("conference" is the events' topic; stories come before events.)
    edit(&preview, &root, story, |t| {
        t.replace("compliance, brand-new-topic", "Conference")
    });
    let topics = String::from_utf8_lossy(&served(&preview)["tags/index.html"]).into_owned();
    assert!(
        topics.contains(">Conference<"),
        "the story names the topic now: {topics}"
    );
    // Leaving it again hands the name back to the events' spelling.
    edit(&preview, &root, story, |t| {
        t.replace("Conference", "brand-new-topic")
    });
    assert!(
        edit(&preview, &root, story, |t| t
            .replace("date: 2025-10-01", "date: 2021-10-01")),
        "a new date moves the story in its listing, in place"
    );
    // A title that sorts the story elsewhere among stories of the same day: whichever
    // way it is rebuilt, it must match.
    edit(&preview, &root, story, |t| {
        t.replace("title: Pixelmoor slashes", "title: Aardvark")
            .replace("date: 2021-10-01", "date: 2025-10-01")
    });
}

#[test]
fn new_and_deleted_files_serve_what_a_fresh_build_serves() {
    let dir = example_copy();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let preview = Preview::new(root.clone());
    assert!(rebuild(&preview, now(), false, BASE, &[]).ok);
    served(&preview);
    let new = root.join("content/quotes/pixelmoor-new.md");
    std::fs::write(
        &new,
        "---\nauthor: Ada Grey\ncustomer: pixelmoor\ndate: 2025-11-01\napproval: { by: \"Ada Grey\", on: 2025-11-01 }\n---\nNEWQUOTE: builds before lunch.\n",
    )
    .unwrap();
    let rebuilt = rebuild(&preview, now(), false, BASE, std::slice::from_ref(&new));
    assert!(
        rebuilt.ok && rebuilt.incremental,
        "a new quote is put in place"
    );
    let patched = served(&preview);
    assert!(String::from_utf8_lossy(&patched["quotes/index.html"]).contains("NEWQUOTE"));
    assert_same(&patched, &fresh(&root), "a new quote");
    std::fs::remove_file(&new).unwrap();
    let rebuilt = rebuild(&preview, now(), false, BASE, std::slice::from_ref(&new));
    assert!(
        rebuilt.ok && rebuilt.incremental,
        "a deleted quote leaves in place"
    );
    let patched = served(&preview);
    assert!(!String::from_utf8_lossy(&patched["quotes/index.html"]).contains("NEWQUOTE"));
    assert_same(&patched, &fresh(&root), "the quote deleted");
}

/// Writes (or, with `None`, deletes) `file` as an editor or `git checkout` would, and
/// rebuilds as the watcher would.
fn save(preview: &Preview, root: &Path, file: &str, text: Option<&str>) -> vouch::serve::Rebuilt {
    let path = root.join(file);
    match text {
        Some(text) => std::fs::write(&path, text).unwrap(),
        None => std::fs::remove_file(&path).unwrap(),
    }
    rebuild(preview, now(), false, BASE, &[path])
}

/// Saves that move items (new, deleted, re-dated, re-slugged, published, withdrawn, moved
/// to another customer) are put in place without assembling the site, and still serve
/// exactly what a fresh build serves; those that break the site fail as a full build
/// does and keep the last good site.
#[test]
fn moved_items_serve_what_a_fresh_build_serves() {
    let dir = example_copy();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let preview = Preview::new(root.clone());
    assert!(rebuild(&preview, now(), false, BASE, &[]).ok);
    served(&preview);
    let check = |what: &str, rebuilt: vouch::serve::Rebuilt| {
        assert!(rebuilt.ok, "{what}: {:?}", rebuilt.problems);
        assert!(rebuilt.incremental, "{what}: put in place");
        assert_same(&served(&preview), &fresh(&root), what);
    };
    let read = |file: &str| std::fs::read_to_string(root.join(file)).unwrap();

    // A draft story published, with a known and a new topic: its customer page, the
    // library, topic pages and related stories follow.
    let draft = "content/case-studies/tidepool-review-apps.md";
    let published = read(draft)
        .replace("draft: true\n", "")
        .replace("tags: [review-apps]", "tags: [review-apps, MOVED-topic]");
    check(
        "a draft published",
        save(&preview, &root, draft, Some(&published)),
    );
    let site = served(&preview);
    let customer = String::from_utf8_lossy(&site["customers/tidepool/index.html"]);
    assert!(
        customer.contains("Tidepool reviews every change"),
        "{customer}"
    );
    assert!(site.contains_key("tags/moved-topic/index.html"));
    // Withdrawn again: the new topic goes with it.
    let withdrawn = published.replace("customer: tidepool\n", "customer: tidepool\ndraft: true\n");
    check(
        "a story withdrawn",
        save(&preview, &root, draft, Some(&withdrawn)),
    );
    assert!(!served(&preview).contains_key("tags/moved-topic/index.html"));

    // A brand-new story, and a new slug for it.
    let new_story = "content/case-studies/haulpath-fleet.md";
    let text = "---\ntitle: Haulpath MOVED its fleet\ndate: 2024-03-02\ncustomer: haulpath\nsummary: Trucks.\nstages: [Deploy]\ntags: [edge]\napproval: { by: \"Ada\", on: 2024-03-01 }\n---\n## The challenge\n\nTrucks everywhere.\n";
    check("a new story", save(&preview, &root, new_story, Some(text)));
    assert!(served(&preview).contains_key("case-studies/haulpath-fleet/index.html"));
    // Words that link to the story: their card on the wall follows its address.
    let linking = "content/testimonials/haulpath-moved.md";
    let words = "---\nauthor: Ada Grey\ncustomer: haulpath\ndate: 2024-03-03\napproval: { by: \"Ada\", on: 2024-03-01 }\n---\nRead [how we did it](@/case-studies/haulpath-fleet.md).\n";
    check(
        "new words with a link",
        save(&preview, &root, linking, Some(words)),
    );
    let reslugged = text.replace("summary: Trucks.", "slug: fleet-moved\nsummary: Trucks.");
    check(
        "a new slug",
        save(&preview, &root, new_story, Some(&reslugged)),
    );
    let site = served(&preview);
    assert!(site.contains_key("case-studies/fleet-moved/index.html"));
    let wall = String::from_utf8_lossy(&site["testimonials/index.html"]);
    assert!(
        wall.contains("/case-studies/fleet-moved/"),
        "the wall links the new address"
    );
    check("words deleted", save(&preview, &root, linking, None));
    check("a story deleted", save(&preview, &root, new_story, None));

    // A testimonial moved to another customer, an event moved to another day.
    let words = "content/testimonials/tidepool-speed.md";
    let moved = read(words).replace("customer: tidepool", "customer: pixelmoor");
    check(
        "another customer",
        save(&preview, &root, words, Some(&moved)),
    );
    let event = "content/events/pipelines-as-code-webinar.md";
    let moved = read(event).replace("2026-12-10T", "2027-02-10T");
    check("an event moved", save(&preview, &root, event, Some(&moved)));
    let new_event = "content/events/moved-meetup.md";
    let text = "---\ntitle: MOVED meetup\nkind: meetup\nstart: 2027-01-20T18:00:00Z\nlocation: { venue: \"Forgeline office\", city: Lisbon, country: Portugal }\nspeakers: [priya-raman]\ncustomers: [pixelmoor]\n---\nPizza.\n";
    check("a new event", save(&preview, &root, new_event, Some(text)));
    let advocate =
        String::from_utf8_lossy(&served(&preview)["advocates/priya-raman/index.html"]).into_owned();
    assert!(
        advocate.contains("MOVED meetup"),
        "the speaker's page lists it"
    );
    check("an event deleted", save(&preview, &root, new_event, None));

    // A customer renamed (it moves among customers; its stories' and words' cards show
    // the name), and moved to another industry its stories inherit.
    let customer = "content/customers/pixelmoor.md";
    let kept_customer = read(customer);
    let renamed = kept_customer.replace("name: Pixelmoor Games", "name: Aaa MOVED Games");
    check(
        "a customer renamed",
        save(&preview, &root, customer, Some(&renamed)),
    );
    let site = served(&preview);
    let library = String::from_utf8_lossy(&site["case-studies/index.html"]);
    assert!(
        library.contains("Aaa MOVED Games"),
        "story cards show the new name"
    );
    let regrouped = renamed.replace("industry: Games", "industry: Retail");
    check(
        "a customer's industry",
        save(&preview, &root, customer, Some(&regrouped)),
    );
    let retail =
        String::from_utf8_lossy(&served(&preview)["industry/retail/index.html"]).into_owned();
    assert!(
        retail.contains("Pixelmoor cuts"),
        "its story inherits the industry: {retail}"
    );
    check(
        "the customer back",
        save(&preview, &root, customer, Some(&kept_customer)),
    );
    // An advocate renamed: the events they speak at follow.
    let advocate_file = "content/advocates/priya-raman.md";
    let kept_advocate = read(advocate_file);
    let renamed = kept_advocate.replace("name: Priya Raman", "name: Priya MOVED Raman");
    check(
        "an advocate renamed",
        save(&preview, &root, advocate_file, Some(&renamed)),
    );
    let event = "events/forgeline-summit-2027/index.html";
    let event = String::from_utf8_lossy(&served(&preview)[event]).into_owned();
    assert!(
        event.contains("Priya MOVED Raman"),
        "the event names the speaker"
    );
    check(
        "the advocate back",
        save(&preview, &root, advocate_file, Some(&kept_advocate)),
    );
    // A new customer with an advocate; deleting the customer first breaks the advocate.
    let new_customer = "content/customers/moved-corp.md";
    let text = "---\nname: MOVED Corp\nindustry: Software\nregion: LATAM\n---\nA new customer.\n";
    check(
        "a new customer",
        save(&preview, &root, new_customer, Some(text)),
    );
    let new_advocate = "content/advocates/moved-person.md";
    let person =
        "---\nname: Mo Ved\nrole: CTO\ncustomer: moved-corp\njoined: 2025-01-01\n---\nHi.\n";
    check(
        "a new advocate",
        save(&preview, &root, new_advocate, Some(person)),
    );
    let broken = save(&preview, &root, new_customer, None);
    assert!(!broken.ok, "the advocate names the deleted customer");
    assert!(format!("{:?}", broken.problems).contains("moved-person.md"));
    assert!(save(&preview, &root, new_customer, Some(text)).ok);
    check(
        "the advocate deleted",
        save(&preview, &root, new_advocate, None),
    );
    check(
        "the customer deleted",
        save(&preview, &root, new_customer, None),
    );

    // A bundle's story re-dated stays at its address with its files; a free page comes
    // and goes.
    let bundle = "content/case-studies/ledgerly-compliance-pipelines/index.md";
    let kept_bundle = read(bundle);
    let dated = regex_date(&kept_bundle, "date: 2020-02-02");
    check(
        "a bundle re-dated",
        save(&preview, &root, bundle, Some(&dated)),
    );
    check(
        "the bundle back",
        save(&preview, &root, bundle, Some(&kept_bundle)),
    );
    std::fs::create_dir_all(root.join("content/company")).unwrap();
    let page = "content/company/moved-team.md";
    let text = "---\ntitle: The MOVED team\n---\nWe are [advocates](@/advocates/_index.md).\n";
    check("a new page", save(&preview, &root, page, Some(text)));
    assert!(served(&preview).contains_key("company/moved-team/index.html"));
    check("the page deleted", save(&preview, &root, page, None));

    // Intros: the home page's edited, a section's created and deleted; one with a
    // broken link fails as a full build does.
    let home = "content/_index.md";
    let kept_home = read(home);
    let edited = kept_home.replacen("\n---\n", "\n---\nMOVED home intro.\n\n", 1);
    check("the home intro", save(&preview, &root, home, Some(&edited)));
    assert!(String::from_utf8_lossy(&served(&preview)["index.html"]).contains("MOVED home intro"));
    let intro = "content/quotes/_index.md";
    let text = "---\ntitle: Quotes to use\n---\nMOVED: ask [an advocate](@/advocates/_index.md).\n";
    check("a section intro", save(&preview, &root, intro, Some(text)));
    assert!(String::from_utf8_lossy(&served(&preview)["quotes/index.html"]).contains("MOVED: ask"));
    let broken = text.replace("@/advocates/_index.md", "@/advocates/nobody.md");
    assert!(
        !save(&preview, &root, intro, Some(&broken)).ok,
        "a broken link"
    );
    assert!(save(&preview, &root, intro, Some(text)).ok);
    check("the intro deleted", save(&preview, &root, intro, None));
    check(
        "the home intro back",
        save(&preview, &root, home, Some(&kept_home)),
    );

    // A new logo file, then a customer showing it; deleting the file while the customer
    // names it fails as a full build does.
    let logo = root.join("content/customers/logos/moved-logo.svg");
    std::fs::write(&logo, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    check(
        "a new file",
        rebuild(&preview, now(), false, BASE, std::slice::from_ref(&logo)),
    );
    assert!(served(&preview).contains_key("customers/logos/moved-logo.svg"));
    let customer = "content/customers/tidepool.md";
    let kept_customer = read(customer);
    let relogoed = kept_customer.replace(
        "logo: /customers/logos/tidepool.svg",
        "logo: /customers/logos/moved-logo.svg",
    );
    assert_ne!(relogoed, kept_customer);
    check(
        "a customer's logo",
        save(&preview, &root, customer, Some(&relogoed)),
    );
    std::fs::remove_file(&logo).unwrap();
    let broken = rebuild(&preview, now(), false, BASE, std::slice::from_ref(&logo));
    assert!(!broken.ok, "the customer names the deleted logo");
    assert!(format!("{:?}", broken.problems).contains("moved-logo.svg"));
    assert!(save(&preview, &root, customer, Some(&kept_customer)).ok);
    assert!(!served(&preview).contains_key("customers/logos/moved-logo.svg"));
    std::fs::write(&logo, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    check(
        "the file again",
        rebuild(&preview, now(), false, BASE, std::slice::from_ref(&logo)),
    );
    std::fs::remove_file(&logo).unwrap();
    check(
        "the file deleted",
        rebuild(&preview, now(), false, BASE, std::slice::from_ref(&logo)),
    );

    // A quote a story embeds, deleted: the build fails as a full build does, and the
    // last good site stays; putting it back mends it.
    let embedded = "content/quotes/northwind-weekly.md";
    let kept = read(embedded);
    let before = served(&preview);
    let broken = save(&preview, &root, embedded, None);
    assert!(!broken.ok, "a story embeds the deleted quote");
    let message = format!("{:?}", broken.problems);
    assert!(
        message.contains("northwind-health-weekly-releases.md"),
        "{message}"
    );
    {
        let snapshot = preview.snapshot.read().unwrap();
        let live = snapshot.live.as_ref().unwrap();
        let page = live.get("quotes/index.html").unwrap();
        let vouch::serve::Served::Bytes(page) = page else {
            panic!("a page")
        };
        assert_eq!(
            page.to_vec(),
            before["quotes/index.html"],
            "the last good site"
        );
    }
    let mended = save(&preview, &root, embedded, Some(&kept));
    assert!(mended.ok, "{:?}", mended.problems);
    assert_same(&served(&preview), &fresh(&root), "the quote back");
    // A pull quote deleted: the story names it, so the build fails.
    let pull = "content/quotes/haulpath-offline.md";
    let kept = read(pull);
    assert!(
        !save(&preview, &root, pull, None).ok,
        "a story names the quote"
    );
    assert!(save(&preview, &root, pull, Some(&kept)).ok);
    // A heading another story links to (`#the-solution`), renamed: a broken link, as in
    // a full build.
    let story = "content/case-studies/pixelmoor-build-times.md";
    let linking = "content/case-studies/haulpath-anchor.md";
    let text = "---\ntitle: Haulpath links\ndate: 2024-03-02\ncustomer: haulpath\nsummary: Links.\napproval: { by: \"Ada\", on: 2024-03-01 }\n---\nSee [the solution](@/case-studies/pixelmoor-build-times.md#the-solution).\n";
    check(
        "a link to a heading",
        save(&preview, &root, linking, Some(text)),
    );
    let kept = read(story);
    let renamed = kept.replace("## The solution", "## What we did");
    let broken = save(&preview, &root, story, Some(&renamed));
    assert!(!broken.ok, "the link to #the-solution breaks");
    assert!(format!("{:?}", broken.problems).contains("the-solution"));
    assert!(save(&preview, &root, story, Some(&kept)).ok);
    check("the link deleted", save(&preview, &root, linking, None));
    // And the first save after a failure is still put in place once the site is good.
    let moved = read(words).replace("date: 2025-06-16", "date: 2025-06-01");
    check(
        "after a failure",
        save(&preview, &root, words, Some(&moved)),
    );
}

/// `text` with its `date:` line replaced by `line`.
fn regex_date(text: &str, line: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| if l.starts_with("date: ") { line } else { l })
        .collect();
    lines.join("\n") + "\n"
}

/// A stylesheet edit swaps the theme's static files without rendering anything again; a
/// template edit renders everything. Both serve what a fresh build serves.
#[test]
fn theme_files_serve_what_a_fresh_build_serves() {
    let dir = example_copy();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let config = std::fs::read_to_string(root.join("vouch.yml")).unwrap();
    std::fs::write(root.join("vouch.yml"), format!("{config}theme: mine\n")).unwrap();
    std::fs::create_dir_all(root.join("themes/mine/static/assets")).unwrap();
    std::fs::create_dir_all(root.join("themes/mine/templates/cards")).unwrap();
    let preview = Preview::new(root.clone());
    assert!(rebuild(&preview, now(), false, BASE, &[]).ok);
    served(&preview);

    let css = root.join("themes/mine/static/assets/vouch.css");
    std::fs::write(&css, "body { color: #123456 }\n").unwrap();
    let rebuilt = rebuild(&preview, now(), false, BASE, std::slice::from_ref(&css));
    assert!(
        rebuilt.ok && rebuilt.incremental,
        "a stylesheet is swapped in"
    );
    let site = served(&preview);
    assert_eq!(site["assets/vouch.css"], b"body { color: #123456 }\n");
    assert_same(&site, &fresh(&root), "a stylesheet");

    let card = root.join("themes/mine/templates/cards/quote.html");
    let default = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/cards/quote.html"),
    )
    .unwrap();
    std::fs::write(&card, format!("<!-- THEMED -->{default}")).unwrap();
    let rebuilt = rebuild(&preview, now(), false, BASE, std::slice::from_ref(&card));
    assert!(
        rebuilt.ok && !rebuilt.incremental,
        "a template renders everything"
    );
    let site = served(&preview);
    assert!(String::from_utf8_lossy(&site["quotes/index.html"]).contains("<!-- THEMED -->"));
    assert_same(&site, &fresh(&root), "a template");

    std::fs::remove_file(&css).unwrap();
    let rebuilt = rebuild(&preview, now(), false, BASE, std::slice::from_ref(&css));
    assert!(
        rebuilt.ok && rebuilt.incremental,
        "the stylesheet override removed"
    );
    assert_same(
        &served(&preview),
        &fresh(&root),
        "the default stylesheet back",
    );
}

/// One save to a generated site, as an editor or `git checkout` makes it.
#[derive(Debug, Clone)]
enum Save {
    /// New words in a file's body.
    Text(usize),
    /// A new title (or name, for customers and advocates).
    Retitle(usize, usize),
    /// Another date: the item moves in its listings.
    Redate(usize, usize),
    /// Other tags, some spelled like another file's with other capitals.
    Retag(usize, usize),
    /// Another customer.
    Recustomer(usize, usize),
    /// Featured or not, draft or not.
    Flag(usize, bool),
    /// A new file.
    Create(usize),
    /// A file deleted.
    Delete(usize),
    /// A file renamed (its slug changes).
    Rename(usize, usize),
    /// A quote embedded in a case study's body, a link to another story, or a link to
    /// no page at all.
    Embed(usize, usize),
    /// A `slug:` of its own, often one another file already has.
    Reslug(usize, usize),
    /// An approval given, expiring soon, expired, or taken away.
    Approve(usize, usize),
    /// Other settings in vouch.yml: the approval policy, the page size, the title,
    /// the embeddable walls.
    Configure(usize),
}

const DATES: [&str; 5] = [
    "2024-03-01",
    "2025-01-15",
    "2025-01-15",
    "2025-07-30",
    "2026-02-10",
];
const TAGS: [&str; 6] = [
    "security",
    "Security",
    "speed",
    "cost",
    "brand-new",
    "Speed",
];
const STAGES: [&str; 3] = ["Build", "Test", "Release"];
const CUSTOMERS: [&str; 3] = ["acme", "globex", "initech"];

/// A small site with every kind that relates to another: customers, case studies with
/// pull quotes, testimonials, quotes, events with speakers, advocates.
fn generated_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Two items a page: every new, deleted or re-dated item moves others between pages.
    let config = "title: Generated\nbase_url: https://example.gitlab.io/gen/\napprovals: off\n\
                  page_size: 2\nterm_page_size: 2\n\
                  taxonomies:\n  stages:\n    terms: [Build, Test, Release]\n\
                  embeds:\n  walls:\n    games:\n      terms: { industry: [Games] }\n      limit: 2\n";
    std::fs::write(root.join("vouch.yml"), config).unwrap();
    for (i, c) in CUSTOMERS.iter().enumerate() {
        let industry = ["Retail", "Games", "retail"][i];
        write(
            root,
            &format!("content/customers/{c}.md"),
            &format!("---\nname: {c} Inc\nindustry: {industry}\n---\nAbout {c}.\n"),
        );
    }
    for i in 0..5 {
        let text = format!(
            "---\ntitle: Story {i}\ncustomer: {}\ndate: {}\nsummary: Summary {i}\nstages: [{}]\ntags: [{}]\n{}---\n## Results\n\nStory {i} text.\n",
            CUSTOMERS[i % 3],
            DATES[i % 5],
            STAGES[i % 3],
            TAGS[i % 6],
            if i == 0 { "quote: q0\n" } else { "" }
        );
        write(root, &format!("content/case-studies/s{i}.md"), &text);
    }
    for i in 0..3 {
        let q = format!(
            "---\nauthor: Person {i}\ncustomer: {}\ndate: {}\n---\nQuote {i} words.\n",
            CUSTOMERS[i], DATES[i]
        );
        write(root, &format!("content/quotes/q{i}.md"), &q);
        let t = format!(
            "---\nauthor: Fan {i}\ncustomer: {}\ndate: {}\nrating: 5\n---\nTestimonial {i}.\n",
            CUSTOMERS[(i + 1) % 3],
            DATES[i + 1]
        );
        write(root, &format!("content/testimonials/t{i}.md"), &t);
    }
    write(
        root,
        "content/advocates/ada.md",
        "---\nname: Ada\ncustomer: acme\ntags: [speed]\n---\nAda.\n",
    );
    write(root, "content/events/meetup.md", "---\ntitle: Meetup\nkind: meetup\nstart: 2027-03-01T18:00:00Z\nspeakers: [ada]\ncustomers: [globex]\n---\nTalks.\n");
    write(root, "content/events/old.md", "---\ntitle: Old meetup\nkind: webinar\nstart: 2025-03-01T18:00:00Z\nonline_url: https://example.com/w\n---\nPast.\n");
    dir
}

fn write(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The Markdown files of the site, sorted.
fn markdown_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// Replaces (or adds) the front matter line of `field`.
fn set_field(text: &str, field: &str, value: &str) -> String {
    let (front, body) = text[4..].split_once("\n---\n").unwrap();
    let mut lines: Vec<String> = front
        .lines()
        .filter(|l| !l.starts_with(&format!("{field}:")))
        .map(str::to_string)
        .collect();
    lines.push(format!("{field}: {value}"));
    format!("---\n{}\n---\n{body}", lines.join("\n"))
}

/// Makes `save` on disk; returns the paths the watcher would report.
fn make(root: &Path, save: &Save) -> Vec<PathBuf> {
    let files = markdown_files(root);
    let pick = |i: usize| files[i % files.len()].clone();
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    let kind = |p: &Path| {
        p.parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    match *save {
        Save::Text(i) => {
            let p = pick(i);
            std::fs::write(&p, format!("{}\nMore words {i}.\n", read(&p))).unwrap();
            vec![p]
        }
        Save::Retitle(i, n) => {
            let p = pick(i);
            let field = match kind(&p).as_str() {
                "customers" | "advocates" => "name",
                "quotes" | "testimonials" => "author",
                _ => "title",
            };
            std::fs::write(&p, set_field(&read(&p), field, &format!("Retitled {n}"))).unwrap();
            vec![p]
        }
        Save::Redate(i, d) => {
            let p = pick(i);
            if !matches!(
                kind(&p).as_str(),
                "case-studies" | "quotes" | "testimonials"
            ) {
                return Vec::new();
            }
            std::fs::write(&p, set_field(&read(&p), "date", DATES[d % DATES.len()])).unwrap();
            vec![p]
        }
        Save::Retag(i, t) => {
            let p = pick(i);
            let tags = format!("[{}, {}]", TAGS[t % TAGS.len()], TAGS[(t + 3) % TAGS.len()]);
            let mut text = set_field(&read(&p), "tags", &tags);
            if kind(&p) == "case-studies" {
                text = set_field(&text, "stages", &format!("[{}]", STAGES[t % 3]));
            }
            std::fs::write(&p, text).unwrap();
            vec![p]
        }
        Save::Recustomer(i, c) => {
            let p = pick(i);
            if !matches!(
                kind(&p).as_str(),
                "case-studies" | "quotes" | "testimonials" | "advocates"
            ) {
                return Vec::new();
            }
            let customer = CUSTOMERS[c % CUSTOMERS.len()];
            std::fs::write(&p, set_field(&read(&p), "customer", customer)).unwrap();
            vec![p]
        }
        Save::Flag(i, on) => {
            let p = pick(i);
            let field = if i % 2 == 0 { "featured" } else { "draft" };
            std::fs::write(
                &p,
                set_field(&read(&p), field, if on { "true" } else { "false" }),
            )
            .unwrap();
            vec![p]
        }
        Save::Create(n) => {
            let (file, text) = match n % 3 {
                0 => (
                    format!("content/case-studies/new{n}.md"),
                    format!("---\ntitle: New {n}\ncustomer: {}\ndate: {}\nsummary: New\ntags: [{}]\n---\nNew story.\n", CUSTOMERS[n % 3], DATES[n % 5], TAGS[n % 6]),
                ),
                1 => (
                    format!("content/quotes/new{n}.md"),
                    format!("---\nauthor: New {n}\ncustomer: {}\ndate: {}\n---\nNew words.\n", CUSTOMERS[n % 3], DATES[n % 5]),
                ),
                _ => (
                    format!("content/customers/new{n}.md"),
                    format!("---\nname: New Customer {n}\nindustry: Games\n---\nNew.\n"),
                ),
            };
            write(root, &file, &text);
            vec![root.join(file)]
        }
        Save::Delete(i) => {
            let p = pick(i);
            std::fs::remove_file(&p).unwrap();
            vec![p]
        }
        Save::Rename(i, n) => {
            let p = pick(i);
            let to = p.with_file_name(format!("renamed{n}.md"));
            if to.exists() {
                return Vec::new();
            }
            std::fs::rename(&p, &to).unwrap();
            vec![p, to]
        }
        Save::Embed(i, q) => {
            let p = pick(i);
            if kind(&p) != "case-studies" {
                return Vec::new();
            }
            let extra = match q % 3 {
                0 => format!("\n{{{{ quote(id=\"q{}\") }}}}\n", q % 3),
                1 => format!(
                    "\nSee [another story](@/case-studies/s{}.md#results).\n",
                    q % 5
                ),
                // A link to no page: the build refuses it, with every other problem.
                _ => "\nSee [nothing](/no-such-page/).\n".to_string(),
            };
            std::fs::write(&p, format!("{}{extra}", read(&p))).unwrap();
            vec![p]
        }
        Save::Reslug(i, n) => {
            let p = pick(i);
            let text = set_field(&read(&p), "slug", SLUGS[n % SLUGS.len()]);
            std::fs::write(&p, text).unwrap();
            vec![p]
        }
        Save::Approve(i, n) => {
            let p = pick(i);
            let text = match APPROVALS[n % APPROVALS.len()] {
                Some(approval) => set_field(&read(&p), "approval", approval),
                None => unset_field(&read(&p), "approval"),
            };
            std::fs::write(&p, text).unwrap();
            vec![p]
        }
        Save::Configure(k) => {
            let p = root.join("vouch.yml");
            std::fs::write(&p, settings(k)).unwrap();
            vec![p]
        }
    }
}

/// Slugs a save may give a file: most are another file's (a clash on a wall page, a
/// story page, a customer page), one is new.
const SLUGS: [&str; 6] = ["t1", "t2", "s2", "q0", "acme", "fresh-slug"];

/// Approvals a save may give a file ("now" is pinned to 2026-11-26): current, expiring
/// within the notice period, expired; or none.
const APPROVALS: [Option<&str>; 4] = [
    Some("{ by: \"Ada, CTO\", on: 2024-01-01 }"),
    Some("{ by: \"Ada, CTO\", on: 2024-01-01, expires: 2026-12-10 }"),
    Some("{ by: \"Ada, CTO\", on: 2024-01-01, expires: 2025-06-01 }"),
    None,
];

/// The settings a save may write: the approval policy and the page size vary.
fn settings(k: usize) -> String {
    let approvals = ["off", "warn", "require"][k % 3];
    let page_size = [2, 3][(k / 3) % 2];
    let customer_walls = k.is_multiple_of(2);
    format!(
        "title: Generated {k}\nbase_url: https://example.gitlab.io/gen/\napprovals: {approvals}\n\
         page_size: {page_size}\nterm_page_size: 2\n\
         taxonomies:\n  stages:\n    terms: [Build, Test, Release]\n\
         embeds:\n  customer_walls: {customer_walls}\n  walls:\n    top:\n      min_rating: 4\n      limit: 2\n"
    )
}

/// Removes the front matter line of `field`.
fn unset_field(text: &str, field: &str) -> String {
    let (front, body) = text[4..].split_once("\n---\n").unwrap();
    let lines: Vec<&str> = front
        .lines()
        .filter(|l| !l.starts_with(&format!("{field}:")))
        .collect();
    format!("---\n{}\n---\n{body}", lines.join("\n"))
}

fn any_save() -> impl proptest::strategy::Strategy<Value = Save> {
    use proptest::prelude::*;
    let i = 0..40usize;
    let n = 0..8usize;
    prop_oneof![
        3 => i.clone().prop_map(Save::Text),
        2 => (i.clone(), n.clone()).prop_map(|(i, n)| Save::Retitle(i, n)),
        2 => (i.clone(), n.clone()).prop_map(|(i, n)| Save::Redate(i, n)),
        2 => (i.clone(), n.clone()).prop_map(|(i, n)| Save::Retag(i, n)),
        2 => (i.clone(), n.clone()).prop_map(|(i, n)| Save::Recustomer(i, n)),
        1 => (i.clone(), any::<bool>()).prop_map(|(i, on)| Save::Flag(i, on)),
        2 => n.clone().prop_map(Save::Create),
        1 => i.clone().prop_map(Save::Delete),
        1 => (i.clone(), n.clone()).prop_map(|(i, n)| Save::Rename(i, n)),
        1 => (i.clone(), n.clone()).prop_map(|(i, n)| Save::Embed(i, n)),
        2 => (i.clone(), n.clone()).prop_map(|(i, n)| Save::Reslug(i, n)),
        2 => (i, n.clone()).prop_map(|(i, n)| Save::Approve(i, n)),
        1 => n.prop_map(Save::Configure),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        // PROPTEST_CASES=N runs more (or fewer) sequences.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(24),
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Any sequence of saves serves, after each one, what `vouch build` writes of the
    /// same files, and reports what `vouch check` reports; a save the build refuses is
    /// refused with the same problems, and the last good site stays.
    #[test]
    fn any_sequence_of_saves_serves_what_vouch_build_writes(
        saves in proptest::collection::vec(any_save(), 1..10)
    ) {
        let dir = generated_site();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let preview = Preview::new(root.clone());
        assert!(rebuild(&preview, now(), false, BASE, &[]).ok);
        served(&preview);
        for (step, save) in saves.iter().enumerate() {
            let changed = make(&root, save);
            if changed.is_empty() {
                continue;
            }
            let rebuilt = rebuild(&preview, now(), false, BASE, &changed);
            let what = format!("step {step}: {save:?} of {saves:?}");
            let (built, checked) = built_and_checked(&root);
            proptest::prop_assert_eq!(
                rebuilt.ok,
                built.is_some(),
                "{}: {:?}",
                what,
                rebuilt.problems
            );
            proptest::prop_assert_eq!(
                reported(&rebuilt),
                problem_set(&checked),
                "{}: the preview reports what vouch check reports",
                what
            );
            if let Some(built) = built {
                assert_same(&served(&preview), &built, &what);
            }
        }
    }
}

/// What `vouch build --base-url BASE` writes of the site at `root` (`None` when it
/// fails), and what `vouch check` reports of it (warnings, or every problem).
fn built_and_checked(
    root: &Path,
) -> (
    Option<BTreeMap<String, Vec<u8>>>,
    Vec<vouch::diagnostics::Diagnostic>,
) {
    let request = vouch::Request {
        index_links: false,
        root: root.to_path_buf(),
        drafts: false,
        base_url: Some(BASE.to_string()),
        now: now(),
    };
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let built = vouch::build(&request, &public).ok().map(|_| {
        let files = walkdir::WalkDir::new(&public).into_iter().flatten();
        files
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let path = e.path().strip_prefix(&public).unwrap();
                let path = path.to_string_lossy().replace('\\', "/");
                (path, std::fs::read(e.path()).unwrap())
            })
            .collect()
    });
    let checked = match vouch::check(&request) {
        Ok(warnings) => warnings.0,
        Err(problems) => problems.0,
    };
    (built, checked)
}

/// What a rebuild reported, as [`problem_set`] lists it.
fn reported(rebuilt: &vouch::serve::Rebuilt) -> Vec<String> {
    problem_set(&rebuilt.problems.sorted().0)
}

/// Problems as (file, line, column, severity, message, hint), sorted, repeats kept.
fn problem_set(problems: &[vouch::diagnostics::Diagnostic]) -> Vec<String> {
    let mut set: Vec<String> = problems
        .iter()
        .map(|d| {
            format!(
                "{}:{:?}:{:?} {:?} {} ({:?})",
                d.path.display(),
                d.line,
                d.column,
                d.severity,
                d.message,
                d.hint
            )
        })
        .collect();
    set.sort();
    set
}

/// Warnings are results of the files that have them: a save of another file, or of
/// vouch.yml, reports every one of them still, as `vouch check` does.
#[test]
fn warnings_stay_reported_after_saves_of_other_files() {
    let dir = example_copy();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let customer = root.join("content/customers/pixelmoor.md");
    let text = std::fs::read_to_string(&customer).unwrap();
    let text = set_field(&text, "logo", "https://other.example/a.png");
    std::fs::write(&customer, text).unwrap();
    // A JPEG named .png: probing it finds that, and a reused probe must say so too.
    std::fs::copy(
        root.join("content/images/haulpath-depot.jpg"),
        root.join("content/images/depot-copy.png"),
    )
    .unwrap();
    let preview = Preview::new(root.clone());
    let first = rebuild(&preview, now(), false, BASE, &[]);
    assert!(first.ok, "{:?}", first.problems);
    let (_, checked) = built_and_checked(&root);
    let expected = problem_set(&checked);
    for finding in ["loaded from another site", "does not match its contents"] {
        assert!(
            expected.iter().any(|p| p.contains(finding)),
            "{finding}: {expected:?}"
        );
    }
    assert!(expected.len() >= 3, "{expected:?}");
    assert_eq!(reported(&first), expected, "first build");
    let settings = std::fs::read_to_string(root.join("vouch.yml")).unwrap();
    let story = "content/case-studies/pixelmoor-build-times.md";
    let text = std::fs::read_to_string(root.join(story)).unwrap();
    for (file, saved) in [
        ("vouch.yml", format!("{settings}\n# saved\n")),
        (story, format!("{text}\nMore.\n")),
    ] {
        let rebuilt = save(&preview, &root, file, Some(&saved));
        assert!(rebuilt.ok, "{file}");
        assert_eq!(reported(&rebuilt), expected, "after saving {file}");
    }
    // A save the build refuses for a broken link reports it with every warning.
    let broken = format!("{text}\nSee [this](/no-such-page/).\n");
    let refused = save(&preview, &root, story, Some(&broken));
    assert!(!refused.ok);
    let (built, checked) = built_and_checked(&root);
    assert!(built.is_none());
    let problems = reported(&refused);
    assert!(
        problems.iter().any(|p| p.contains("no-such-page")),
        "{problems:?}"
    );
    assert_eq!(problems, problem_set(&checked), "a refused save");
}

/// Two testimonials with one slug clash wherever the listing order puts them: a clash
/// with an item shown on a later wall page fails the save as it fails the build.
#[test]
fn a_slug_clash_on_a_later_wall_page_fails_the_save() {
    let dir = generated_site();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    // Four testimonials, two a page: t3 (the oldest) is on the second page.
    let t3 = "---\nauthor: Fan 3\ncustomer: acme\ndate: 2020-01-01\nrating: 4\n---\nOld words.\n";
    write(&root, "content/testimonials/t3.md", t3);
    let preview = Preview::new(root.clone());
    assert!(rebuild(&preview, now(), false, BASE, &[]).ok);
    assert!(
        String::from_utf8_lossy(&served(&preview)["testimonials/page/2/index.html"])
            .contains("id=\"t3\"")
    );
    let t0 = "content/testimonials/t0.md";
    let before = std::fs::read_to_string(root.join(t0)).unwrap();
    let rebuilt = save(&preview, &root, t0, Some(&set_field(&before, "slug", "t3")));
    let (built, checked) = built_and_checked(&root);
    assert!(built.is_none(), "the build refuses the clash");
    assert!(!rebuilt.ok, "the preview refuses the clash");
    let problems = reported(&rebuilt);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("both map to /testimonials/#t3")),
        "{problems:?}"
    );
    assert_eq!(problems, problem_set(&checked));
    // A new file taking a slug already on a later page is refused too.
    assert!(save(&preview, &root, t0, Some(&before)).ok);
    let clash = "---\nauthor: Fan 9\ncustomer: acme\ndate: 2026-01-01\nslug: t3\n---\nNew words.\n";
    let rebuilt = save(&preview, &root, "content/testimonials/zz.md", Some(clash));
    assert!(!rebuilt.ok, "a new file on a taken wall address is refused");
    assert_eq!(reported(&rebuilt), problem_set(&built_and_checked(&root).1));
}

/// A new file at the address of another item, or of a page vouch writes itself, fails
/// the update as it fails a fresh build, naming both; once it goes, the site is served
/// as a fresh build serves it.
#[test]
fn new_files_at_taken_addresses_fail_as_a_fresh_build_does() {
    let dir = example_copy();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let preview = Preview::new(root.clone());
    assert!(rebuild(&preview, now(), false, BASE, &[]).ok);
    served(&preview);
    let refused = |what: &str, file: &str, text: &str, names: &str| {
        let rebuilt = save(&preview, &root, file, Some(text));
        let fresh_ok = rebuild(&Preview::new(root.clone()), now(), false, BASE, &[]).ok;
        assert!(!rebuilt.ok && !fresh_ok, "{what}: refused");
        let problems = format!("{:?}", rebuilt.problems);
        assert!(problems.contains(names), "{what}: {problems}");
        let rebuilt = save(&preview, &root, file, None);
        assert!(rebuilt.ok, "{what} deleted: {:?}", rebuilt.problems);
        assert_same(&served(&preview), &fresh(&root), what);
    };
    refused(
        "a story with another's slug",
        "content/case-studies/zz-same-address.md",
        "---\ntitle: Same address\nslug: pixelmoor-build-times\ndate: 2024-03-02\ncustomer: haulpath\nsummary: Twice.\napproval: { by: \"Ada\", on: 2024-03-01 }\n---\nTwice.\n",
        "both map to",
    );
    refused(
        "a page at the search page's address",
        "content/search.md",
        "---\ntitle: Search\n---\nMine.\n",
        "the search page",
    );
}
