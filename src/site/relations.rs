//! How items point at each other: a story's customer and pull quote, an event's
//! speakers and customers, and the lists each customer and advocate gathers. Resolved
//! in full for a build ([`relate`]), and after an update only for the items a save
//! touches ([`relink`]), with the same functions.

use super::ItemId;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

/// How items point at each other, by id, for pages that gather them. Each map is
/// shared with the previous update's until an update changes it, so what changed is
/// found by comparing only the maps that are not shared.
#[derive(Debug, Clone, Default)]
pub struct Relations {
    /// Per customer: its case studies, testimonials, quotes, events and advocates.
    pub of_customer: Arc<HashMap<ItemId, CustomerItems>>,
    /// Per advocate: the events they speak at.
    pub events_of_advocate: Arc<HashMap<ItemId, Vec<ItemId>>>,
    /// Per case study: its pull quote.
    pub pull_quote: Arc<HashMap<ItemId, ItemId>>,
    /// Per event: its speakers, in order.
    pub speakers: Arc<HashMap<ItemId, Vec<SpeakerRef>>>,
    /// Per event: the customers taking part.
    pub event_customers: Arc<HashMap<ItemId, Vec<ItemId>>>,
    /// Per case study: up to three related case studies.
    pub related: Arc<HashMap<ItemId, Vec<ItemId>>>,
}

impl Relations {
    /// Marks (in `shown`, by id) every item whose entry in some map differs between
    /// `old` and `self`: what its page shows of other items may have changed.
    pub fn mark_changed(&self, old: &Relations, shown: &mut [bool]) {
        fn diff<V: PartialEq>(
            a: &Arc<HashMap<ItemId, V>>,
            b: &Arc<HashMap<ItemId, V>>,
            shown: &mut [bool],
        ) {
            if Arc::ptr_eq(a, b) {
                return;
            }
            let mut mark = |id: ItemId| {
                if let Some(s) = shown.get_mut(id) {
                    *s = true;
                }
            };
            for (id, v) in b.iter() {
                if a.get(id) != Some(v) {
                    mark(*id);
                }
            }
            for id in a.keys() {
                if !b.contains_key(id) {
                    mark(*id);
                }
            }
        }
        diff(&old.of_customer, &self.of_customer, shown);
        diff(&old.events_of_advocate, &self.events_of_advocate, shown);
        diff(&old.pull_quote, &self.pull_quote, shown);
        diff(&old.speakers, &self.speakers, shown);
        diff(&old.event_customers, &self.event_customers, shown);
        diff(&old.related, &self.related, shown);
    }
}

/// Everything published about one customer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerItems {
    /// Their case studies, newest first.
    pub case_studies: Vec<ItemId>,
    /// Their testimonials, newest first.
    pub testimonials: Vec<ItemId>,
    /// Their quotes, newest first.
    pub quotes: Vec<ItemId>,
    /// Events they take part in.
    pub events: Vec<ItemId>,
    /// Their people in the advocate program.
    pub advocates: Vec<ItemId>,
}

/// A speaker at an event: an advocate of the program or a guest.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerRef {
    /// The advocate, when the speaker is one and is published.
    pub advocate: Option<ItemId>,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Option<String>,
}
