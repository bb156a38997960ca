//! The preview's in-place paths keep the day of the last full assembly; the first save
//! on a new day assembles the site again, so scheduled items appear and expired
//! approvals withhold theirs. (Its own test binary: it moves the pinned clock.)

use vouch::serve::{rebuild, Preview, Served};

const BASE: &str = "http://127.0.0.1:1111/";

fn page(preview: &Preview, path: &str) -> Option<String> {
    let snapshot = preview.snapshot.read().unwrap();
    match snapshot.live.as_ref()?.get(path)? {
        Served::Bytes(b) => Some(String::from_utf8_lossy(&b).into_owned()),
        Served::File(f) => std::fs::read_to_string(f).ok(),
    }
}

#[test]
fn the_first_save_of_a_new_day_publishes_what_was_scheduled_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::write(
        root.join("vouch.yml"),
        "title: Rollover\nbase_url: https://example.com/\n",
    )
    .unwrap();
    let stories = root.join("content/case-studies");
    std::fs::create_dir_all(&stories).unwrap();
    std::fs::create_dir_all(root.join("content/customers")).unwrap();
    std::fs::write(
        root.join("content/customers/acme.md"),
        "---\nname: Acme\n---\nA.\n",
    )
    .unwrap();
    let story = |title: &str, date: &str| {
        format!("---\ntitle: {title}\ndate: {date}\ncustomer: acme\nsummary: S.\n---\nText.\n")
    };
    std::fs::write(
        stories.join("today.md"),
        story("Story of today", "2026-11-25"),
    )
    .unwrap();
    std::fs::write(
        stories.join("tomorrow.md"),
        story("Story of tomorrow", "2026-11-26"),
    )
    .unwrap();
    // 2026-11-25 12:00 UTC.
    let day = jiff::Timestamp::from_second(1795608000).expect("a moment");
    let tomorrow = jiff::Timestamp::from_second(1795608000 + 86_400).expect("a moment");
    let preview = Preview::new(root.clone());
    assert!(rebuild(&preview, day, false, BASE, &[]).ok);
    let library = page(&preview, "case-studies/index.html").unwrap();
    assert!(library.contains("Story of today"));
    assert!(
        !library.contains("Story of tomorrow"),
        "scheduled for tomorrow"
    );

    // A save on the same day stays in place.
    let today = stories.join("today.md");
    std::fs::write(&today, story("Story of today, edited", "2026-11-25")).unwrap();
    let same_day = rebuild(&preview, day, false, BASE, std::slice::from_ref(&today));
    assert!(same_day.ok && same_day.incremental);

    // The next day's first save assembles the site: tomorrow's story is out.
    std::fs::write(&today, story("Story of today, edited again", "2026-11-25")).unwrap();
    let next_day = rebuild(
        &preview,
        tomorrow,
        false,
        BASE,
        std::slice::from_ref(&today),
    );
    assert!(
        next_day.ok && !next_day.incremental,
        "a new day assembles the site"
    );
    let library = page(&preview, "case-studies/index.html").unwrap();
    assert!(
        library.contains("Story of tomorrow"),
        "published on its day: {library}"
    );
}
