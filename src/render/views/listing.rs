//! Listings: a kind's pages of cards, split into numbered pages with links between them,
//! and titled groups of cards on other pages.

use crate::content::kinds::Kind;
use crate::site::ItemId;
use serde::Serialize;
use std::sync::Arc;

/// A titled group of cards (a customer's case studies), already rendered: each card's
/// HTML is made once per build and reused by every page that lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The heading.
    pub title: String,
    /// The kind of the cards (`case-study`), for styling.
    pub kind: &'static str,
    /// How many cards.
    pub count: usize,
    /// The cards' HTML, from the theme's `cards/<kind>.html`.
    pub html: String,
}

/// Where a listing page stands among its pages: the links a visitor (and a screen
/// reader, and a crawler without JavaScript) follows to every other page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paging {
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages the listing has.
    pub count: usize,
    /// The previous page's URL.
    pub prev: Option<String>,
    /// The next page's URL.
    pub next: Option<String>,
    /// The numbered links: the first, the last, and two either side of this one, with a
    /// gap (`number: None`) where pages are left out.
    pub links: Vec<PageLink>,
}

/// One numbered link of a [`Paging`], or a gap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageLink {
    /// The page's number; `None` for a gap ("…").
    pub number: Option<usize>,
    /// The page's URL.
    pub url: String,
    /// Whether it is the page being shown.
    pub current: bool,
}

impl Paging {
    /// The paging of page `number` of `count`; `url_of` gives a page's URL.
    pub fn new(number: usize, count: usize, url_of: impl Fn(usize) -> String) -> Paging {
        let mut links = Vec::new();
        let near = |n: usize| n == 1 || n == count || n.abs_diff(number) <= 2;
        for n in 1..=count {
            if near(n) {
                links.push(PageLink {
                    number: Some(n),
                    url: url_of(n),
                    current: n == number,
                });
            } else if near(n - 1) {
                links.push(PageLink {
                    number: None,
                    url: String::new(),
                    current: false,
                });
            }
        }
        Paging {
            number,
            count,
            prev: (number > 1).then(|| url_of(number - 1)),
            next: (number < count).then(|| url_of(number + 1)),
            links,
        }
    }
}

/// Joins the rendered cards of `ids`.
pub fn cards_html(card_html: &[Arc<str>], ids: &[ItemId]) -> String {
    let mut out = String::with_capacity(ids.iter().map(|i| card_html[*i].len()).sum());
    for id in ids {
        out.push_str(&card_html[*id]);
    }
    out
}

/// A section of rendered cards.
pub fn section(title: &str, kind: Kind, ids: &[ItemId], card_html: &[Arc<str>]) -> Section {
    Section {
        title: title.to_string(),
        kind: kind.name(),
        count: ids.len(),
        html: cards_html(card_html, ids),
    }
}

#[cfg(test)]
mod paging_tests {
    use super::Paging;

    /// The numbers shown (`0` for a gap).
    fn shown(p: &Paging) -> Vec<usize> {
        p.links.iter().map(|l| l.number.unwrap_or(0)).collect()
    }

    #[test]
    fn page_links_show_the_ends_and_two_either_side_with_gaps_between() {
        let url = |n: usize| format!("/q/page/{n}/");
        let middle = Paging::new(5, 10, url);
        assert_eq!(shown(&middle), [1, 0, 3, 4, 5, 6, 7, 0, 10]);
        assert_eq!(middle.prev.as_deref(), Some("/q/page/4/"));
        assert_eq!(middle.next.as_deref(), Some("/q/page/6/"));
        assert!(middle
            .links
            .iter()
            .filter(|l| l.current)
            .eq([&middle.links[4]]));
        let first = Paging::new(1, 10, url);
        assert_eq!(shown(&first), [1, 2, 3, 0, 10]);
        assert!(first.prev.is_none());
        // Two either side of 4 reach both ends of 7 pages: no gap.
        assert_eq!(shown(&Paging::new(4, 7, url)), [1, 2, 3, 4, 5, 6, 7]);
        let last = Paging::new(10, 10, url);
        assert_eq!(shown(&last), [1, 0, 8, 9, 10]);
        assert!(last.next.is_none());
        assert_eq!(shown(&Paging::new(1, 1, url)), [1]);
    }
}
