//! Rendering: Markdown bodies (with the site's links and the theme's shortcodes), then
//! every HTML page through the theme's Tera templates. Pure functions of the `Site`:
//! nothing here writes files. The pipeline, a file a stage: `bodies.rs` renders each
//! item's Markdown into a [`Body`] (`body.rs`), `cards.rs` makes and renders every
//! item's [`Cards`], `pages.rs` renders every page ([`Job`]) from them; [`views`] holds
//! what templates see.

pub mod alternates;
mod bodies;
mod body;
mod cards;
mod pages;
pub mod structured;
pub mod theme;
pub mod views;

pub use bodies::{bodies, bodies_again, check_intros};
pub use body::{Body, BodyText};
pub use cards::{cards, cards_again, Cards};
pub use pages::{Job, Page, Renderer, LIBRARY_INDEX};
pub use theme::Theme;
pub use views::{check_brand, LIBRARY_FILTERS};
