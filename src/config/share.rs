//! `share_images:` in vouch.yml: which kinds get a share image (a 1200x630 card for
//! LinkedIn and X). `share_images: false` turns them all off; a map turns kinds off one
//! by one (`share_images: { quotes: false }`).

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;

/// Which kinds get a share image: all three by default, since a marketer who shares a
/// story's link expects a card, and a quote card drawn by hand is what this replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShareImagesConfig {
    /// Case studies (named in the page's `og:image` unless the story sets `image:`).
    pub case_studies: bool,
    /// Testimonials (listed in the JSON API).
    pub testimonials: bool,
    /// Quotes (listed in the JSON API).
    pub quotes: bool,
}

impl Default for ShareImagesConfig {
    fn default() -> Self {
        ShareImagesConfig::all(true)
    }
}

impl ShareImagesConfig {
    /// Every kind on or off (`share_images: true | false`).
    pub fn all(on: bool) -> Self {
        ShareImagesConfig {
            case_studies: on,
            testimonials: on,
            quotes: on,
        }
    }
}

/// Written back as it is best written: `true` or `false` when every kind agrees.
impl Serialize for ShareImagesConfig {
    fn serialize<S: Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        if *self == ShareImagesConfig::all(self.quotes) {
            return out.serialize_bool(self.quotes);
        }
        let mut map = out.serialize_struct("ShareImagesConfig", 3)?;
        map.serialize_field("case_studies", &self.case_studies)?;
        map.serialize_field("testimonials", &self.testimonials)?;
        map.serialize_field("quotes", &self.quotes)?;
        map.end()
    }
}

/// The map form, with serde's unknown-field check (and so vouch's "did you mean").
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Kinds {
    #[serde(default = "on")]
    case_studies: bool,
    #[serde(default = "on")]
    testimonials: bool,
    #[serde(default = "on")]
    quotes: bool,
}

fn on() -> bool {
    true
}

impl<'de> Deserialize<'de> for ShareImagesConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = ShareImagesConfig;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false, or a map of case_studies, testimonials and quotes, each true or false")
            }
            fn visit_bool<E: de::Error>(self, on: bool) -> Result<Self::Value, E> {
                Ok(ShareImagesConfig::all(on))
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Self::Value, M::Error> {
                let kinds = Kinds::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ShareImagesConfig {
                    case_studies: kinds.case_studies,
                    testimonials: kinds.testimonials,
                    quotes: kinds.quotes,
                })
            }
        }
        deserializer.deserialize_any(Either)
    }
}

impl schemars::JsonSchema for ShareImagesConfig {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "ShareImagesConfig".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let kind = |what: &str| serde_json::json!({"type": "boolean", "default": true, "description": what});
        schemars::json_schema!({
            "description": "Share images (1200x630 cards for LinkedIn and X): `false` turns them off, or a map turns kinds off one by one.",
            "default": true,
            "anyOf": [
                {"type": "boolean"},
                {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "case_studies": kind("Case studies' share images (their pages' og:image)."),
                        "testimonials": kind("Testimonials' share images (listed in the JSON API)."),
                        "quotes": kind("Quotes' share images (listed in the JSON API).")
                    }
                }
            ]
        })
    }
}
