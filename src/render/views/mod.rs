//! What templates see: typed view structs made from the `Site`, never the model itself.
//! A [`Card`] per item is made once and shared by every listing it appears in. One file
//! per family: the site and every page's head, cards (with their events), item pages,
//! listings, term pages, and the URLs of files.

mod card;
mod event;
mod files;
mod item;
mod listing;
mod page;
mod site;
mod term;

pub use crate::images::Picture;
pub use card::{card, human_date, term_labels, Card, TermChip, LIBRARY_FILTERS};
pub use event::EventCard;
pub use files::{file_url, picture};
pub use item::{item_view, ActivityView, Fact, FactLink, HeadingView, ItemView, SpeakerView};
pub use listing::{cards_html, section, PageLink, Paging, Section};
pub use page::{Intro, PageMeta};
pub use site::{check_brand, holdings, LinkView, SiteView};
pub use term::{Entry, EntryGroup, Facet, TermLink};
