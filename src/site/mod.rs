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
mod filing;
mod layered;
mod linking;
mod model;
mod order;
mod related;
mod relations;
mod reuse;
mod rules;
pub mod taxonomy;
pub mod urls;

pub use assembly::{assemble, Applied};
pub use delta::Delta;
pub use files::{asset_path, bundle_file_address, file_fields};
pub use layered::Layered;
pub use model::{now_from_env, Item, Items, Options, PictureUses, Published, Site};
pub use relations::{CustomerItems, Relations, SpeakerRef};
pub use rules::{
    approval_expired, may_leave_site, needs_approval, scheduled, APPROVAL_NOTICE_DAYS,
    QUOTE_MAX_CHARS,
};
pub use taxonomy::{Taxonomy, Term};

use crate::content::kinds::Kind;

/// An item's identity: the slot its content path was given in [`Site::items`]. A build
/// gives slots in listing order; the preview keeps each path's slot for as long as it
/// runs, so adding or deleting a file changes no other item's identity. Where an item
/// stands in a listing is [`Site::by_kind`], never its id.
pub type ItemId = usize;

/// A kind and a slug: what a reference names.
pub type Slug = (Kind, String);

/// The terms an item is filed under, by taxonomy (`industry` → `["retail"]`): what
/// related stories score and term pages list.
pub type ItemTerms = std::collections::BTreeMap<&'static str, Vec<String>>;
