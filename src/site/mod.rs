//! The `Site`: every published item with its URL, its relations (a case study's customer
//! and pull quote, an event's speakers…) and the taxonomies, built once from the loaded
//! content and read by every later stage.
//!
//! Publishing rules live here: drafts, scheduled dates, approvals, and "now".

mod addresses;
mod assembly;
mod delta;
pub mod events;
mod files;
mod layered;
mod model;
mod order;
mod related;
mod relations;
mod rules;
pub mod taxonomy;
pub mod urls;

pub use assembly::{assemble, Applied};
pub use delta::Delta;
pub use files::{asset_path, file_fields};
pub use layered::Layered;
pub use model::{now_from_env, Item, ItemId, Items, Options, Published, Site, Slug};
pub use relations::{CustomerItems, Relations, SpeakerRef};
pub use rules::{APPROVAL_NOTICE_DAYS, QUOTE_MAX_CHARS};
pub use taxonomy::{Taxonomy, Term};

// Each file of the site model sees the others' items through these.
use addresses::*;
use files::*;
use model::*;
use order::*;
use related::*;
use relations::*;
use rules::*;
use taxonomy::*;
