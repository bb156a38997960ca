//! Renders vouch's case-study page (base.html, case_study.html and the facts macro of
//! the default theme) with Tera 1.20 and with Tera 2.4, from contexts a real 10k build
//! made, on one thread, and prints the time per page of each engine.
//!
//! `cargo run --release -- CONTEXT_DIR` (see README.md for making the contexts).

use std::time::{Duration, Instant};

const THEME: &str = "../../themes/default/templates";

/// The default theme's case-study page in Tera 2's syntax: the same files, with the
/// `facts` macro made a component (Tera 2 has no macros or `import`), so the benchmark
/// always measures the theme as it is.
fn tera2_templates(read: impl Fn(&str) -> String) -> [(&'static str, String); 3] {
    let macros = read("macros.html");
    let head = "{% macro facts(facts) %}";
    let tail = "{% endmacro facts %}";
    let start = macros.find(head).expect("the facts macro in macros.html");
    let end = start + macros[start..].find(tail).expect("its end") + tail.len();
    let facts = macros[start..end]
        .replace(head, "{% component facts(facts) %}")
        .replace(tail, "{% endcomponent facts %}");
    let page = read("case_study.html");
    let call = "{{ m::facts(facts=item.facts) }}";
    let import = "{% import \"macros.html\" as m %}\n";
    assert!(
        page.contains(call) && page.contains(import),
        "case_study.html changed"
    );
    let page = page
        .replace(import, "")
        .replace(call, "{{ <facts facts={item.facts} /> }}");
    [
        ("base.html", read("base.html")),
        ("components.html", facts),
        ("case_study.html", page),
    ]
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: engines CONTEXT_DIR");
    let mut contexts: Vec<serde_json::Value> = std::fs::read_dir(&dir)
        .expect("context folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| serde_json::from_str(&std::fs::read_to_string(e.path()).unwrap()).unwrap())
        .collect();
    contexts.sort_by(|a, b| a["meta"]["path"].as_str().cmp(&b["meta"]["path"].as_str()));
    let n = contexts.len();
    assert!(n > 0, "no contexts in {dir}");

    let read = |name: &str| std::fs::read_to_string(format!("{THEME}/{name}")).unwrap();
    let mut one = tera1::Tera::default();
    one.autoescape_on(vec![".html"]);
    // vouch's own escape function, so Tera 1 runs as in a build.
    one.set_escape_fn(vouch::escape::html);
    one.add_raw_templates(vec![
        ("base.html", read("base.html")),
        ("macros.html", read("macros.html")),
        ("case_study.html", read("case_study.html")),
    ])
    .unwrap();

    let mut two = tera2::Tera::new();
    two.autoescape_on(vec![".html"]);
    for (name, text) in tera2_templates(read) {
        two.add_raw_template(name, &text).unwrap();
    }

    // The pages must come out the same, or the timing compares different work.
    let mut differing = 0;
    for json in &contexts {
        let a = one
            .render(
                "case_study.html",
                &tera1::Context::from_value(json.clone()).unwrap(),
            )
            .unwrap();
        let b = two
            .render(
                "case_study.html",
                &tera2::Context::from_serialize(json).unwrap(),
            )
            .unwrap();
        if a != b {
            differing += 1;
            if differing == 1 {
                let at = a
                    .bytes()
                    .zip(b.bytes())
                    .position(|(x, y)| x != y)
                    .unwrap_or(0);
                eprintln!(
                    "first difference at byte {at}:\n tera 1: {:?}\n tera 2: {:?}",
                    &a[at.saturating_sub(40)..(at + 80).min(a.len())],
                    &b[at.saturating_sub(40)..(at + 80).min(b.len())]
                );
            }
        }
    }

    // Contexts made ahead: rendering alone.
    let ones: Vec<tera1::Context> = contexts
        .iter()
        .map(|j| tera1::Context::from_value(j.clone()).unwrap())
        .collect();
    let twos: Vec<tera2::Context> = contexts
        .iter()
        .map(|j| tera2::Context::from_serialize(j).unwrap())
        .collect();

    let time = |f: &dyn Fn(usize) -> usize| {
        let runs: Vec<Duration> = (0..5)
            .map(|_| {
                let started = Instant::now();
                let bytes: usize = (0..n).map(f).sum();
                std::hint::black_box(bytes);
                started.elapsed()
            })
            .collect();
        median(runs).as_secs_f64() * 1e6 / n as f64
    };
    let t1_render = time(&|i| one.render("case_study.html", &ones[i]).unwrap().len());
    let t2_render = time(&|i| two.render("case_study.html", &twos[i]).unwrap().len());
    let t1_full = time(&|i| {
        let ctx = tera1::Context::from_serialize(&contexts[i]).unwrap();
        one.render("case_study.html", &ctx).unwrap().len()
    });
    let t2_full = time(&|i| {
        let ctx = tera2::Context::from_serialize(&contexts[i]).unwrap();
        two.render("case_study.html", &ctx).unwrap().len()
    });
    println!("{n} case-study pages, one thread, median of 5 passes ({differing} pages differ)");
    println!("                      Tera 1.20   Tera 2.4");
    println!("render only           {t1_render:7.1} µs {t2_render:7.1} µs");
    println!("context + render      {t1_full:7.1} µs {t2_full:7.1} µs");
}
