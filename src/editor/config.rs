//! The CMS configuration (`/admin/config.yml`), made from the same content model the
//! build checks with: one collection per kind, each field with the widget that writes
//! what vouch reads, required fields and patterns as vouch checks them, and the field
//! reference's words as hints. Hand-written CMS configurations drift from the model;
//! this one is made again on every build.

use crate::config::{Config, EditorConfig, TAXONOMY_FIELDS};
use crate::content::kinds::Kind;
use crate::schema::{required_fields, schema_of};
use serde_json::{json, Map, Value};

/// Where pictures uploaded through the editor are written, under the site's root, and
/// the site path vouch publishes them at (a root-relative path, which vouch puts under
/// `base_url`'s path, so the same value works on a sub-path site).
pub const MEDIA_FOLDER: &str = "content/images";
/// See [`MEDIA_FOLDER`].
pub const PUBLIC_FOLDER: &str = "/images";

/// Fields shown first, in this order: the ones a marketer fills in first. The others
/// follow in the schema's order.
const FIRST: [&str; 14] = [
    "title", "name", "author", "role", "customer", "kind", "start", "end", "timezone", "summary",
    "date", "rating", "source", "approval",
];

/// Fields the form requires beyond vouch's own required fields.
const FORM_REQUIRED: [(Kind, &str); 1] = [(Kind::Event, "timezone")];

/// Fields holding a picture: an image widget that uploads to [`MEDIA_FOLDER`].
const PICTURES: [&str; 4] = ["image", "avatar", "logo", "logo_dark"];

/// Fields holding an address on another site.
const LINKS: [&str; 7] = [
    "website",
    "source_url",
    "online_url",
    "registration_url",
    "event_url",
    "recording_url",
    "url",
];

/// Taxonomies whose field usually holds several terms (a multiple select); the others
/// hold one.
const MANY_TERMS: [&str; 3] = ["tags", "stages", "lifecycle"];

/// How vouch checks a slug (`site::urls::is_plain_segment`), as the form's pattern. The
/// form asks for ASCII; vouch also accepts other letters, written by hand.
const SLUG_PATTERN: &str = "^[A-Za-z0-9_-][A-Za-z0-9._-]*$";

/// The CMS configuration for `config`'s site, as the YAML file `/admin/config.yml`.
pub fn cms_config_yaml(config: &Config, editor: &EditorConfig) -> String {
    let value = cms_config(config, editor);
    let yaml = crate::yaml::to_string(&value).unwrap_or_default();
    format!(
        "# Made by vouch from the content model (docs/editor.md); do not edit: it is made\n\
         # again on every build.\n{yaml}"
    )
}

/// The CMS configuration as a value (the snapshot tests read it).
pub fn cms_config(config: &Config, editor: &EditorConfig) -> Value {
    let mut backend = json!({
        "name": "gitlab",
        "repo": editor.repo,
        "branch": editor.branch,
        "squash_merges": true,
        "commit_messages": {
            "create": "Create {{collection}} “{{slug}}” (in the browser editor)",
            "update": "Update {{collection}} “{{slug}}” (in the browser editor)",
            "delete": "Delete {{collection}} “{{slug}}” (in the browser editor)",
            "uploadMedia": "Upload “{{path}}” (in the browser editor)",
            "deleteMedia": "Delete “{{path}}” (in the browser editor)",
        },
    });
    if let Some(app_id) = &editor.app_id {
        backend["auth_type"] = json!("pkce");
        backend["app_id"] = json!(app_id);
    }
    if let Some(base) = &editor.base_url {
        backend["base_url"] = json!(base.trim_end_matches('/'));
    }
    if let Some(api) = editor.api_root() {
        backend["api_root"] = json!(api);
    }
    let collections: Vec<Value> = Kind::ALL
        .into_iter()
        .map(|kind| collection(kind, config))
        .collect();
    json!({
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "media_folder": MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
        "site_url": config.base_url(),
        "display_url": config.base_url(),
        "locale": "en",
        "slug": {"encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-"},
        "collections": collections,
    })
}

/// The collection of a kind in the CMS: its folder's name (`pages` for pages).
pub fn collection_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Page => "pages",
        other => other.folder(),
    }
}

/// The field a kind's new files are named after, as `vouch new` names them.
pub fn identifier_field(kind: Kind) -> &'static str {
    match kind {
        Kind::Customer | Kind::Advocate => "name",
        Kind::Testimonial | Kind::Quote => "author",
        _ => "title",
    }
}

/// One kind's collection: its folder, how files are named, its fields.
fn collection(kind: Kind, config: &Config) -> Value {
    let schema = schema_of(kind).to_value();
    let mut fields: Vec<Value> = field_names(&schema)
        .into_iter()
        .map(|name| field(kind, &name, &schema, config))
        .collect();
    fields.push(json!({
        "name": "body",
        "label": body_label(kind),
        "widget": "markdown",
        "required": matches!(kind, Kind::Testimonial | Kind::Quote),
        "hint": body_hint(kind),
    }));
    let summary = match kind {
        Kind::Testimonial | Kind::Quote => "{{author}} ({{customer}}, {{date}})",
        Kind::Event => "{{title}} ({{start}})",
        Kind::Customer | Kind::Advocate => "{{name}}",
        _ => "{{title}}",
    };
    json!({
        "name": collection_name(kind),
        "label": kind.plural(),
        "label_singular": kind.label(),
        "description": schema.get("description").and_then(Value::as_str).map(one_line),
        "folder": match kind {
            // Pages directly in content/ (about, join); the list shows one folder level.
            Kind::Page => "content".to_string(),
            other => format!("content/{}", other.folder()),
        },
        "create": true,
        "extension": "md",
        "format": "frontmatter",
        "slug": "{{slug}}",
        "identifier_field": identifier_field(kind),
        "summary": summary,
        "fields": fields,
    })
}

/// The kind's fields in the form's order: [`FIRST`], then the rest as the schema has them.
fn field_names(schema: &Value) -> Vec<String> {
    let names: Vec<String> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    let mut ordered: Vec<String> = FIRST
        .iter()
        .filter(|f| names.iter().any(|n| n == *f))
        .map(|f| f.to_string())
        .collect();
    ordered.extend(names.into_iter().filter(|n| !FIRST.contains(&n.as_str())));
    ordered
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn body_label(kind: Kind) -> &'static str {
    match kind {
        Kind::CaseStudy => "Story",
        Kind::Testimonial => "Their words",
        Kind::Quote => "The quote",
        Kind::Event => "Description and agenda",
        Kind::Customer => "Profile",
        Kind::Advocate => "Bio",
        Kind::Page => "Text",
    }
}

fn body_hint(kind: Kind) -> &'static str {
    match kind {
        Kind::Quote => "One or two sentences; above 280 characters vouch warns.",
        Kind::Testimonial => "The review, in the customer's words.",
        _ => "Markdown. Link another page by its file: [Acme](@/case-studies/acme.md).",
    }
}

/// One field of `kind`: its widget from its name and type, required as vouch requires
/// it, its hint from the field reference.
fn field(kind: Kind, name: &str, schema: &Value, config: &Config) -> Value {
    let property = schema
        .pointer(&format!("/properties/{name}"))
        .cloned()
        .unwrap_or(Value::Null);
    // The form always writes a time with `start` (and vouch needs the zone of a time
    // written without an offset), so the form asks for the zone too.
    let required = required_fields(kind).contains(&name) || FORM_REQUIRED.contains(&(kind, name));
    let mut out = widget(kind, name, &property, schema, config);
    let out_map = out.as_object_mut().expect("a widget is a map");
    let mut head = Map::new();
    head.insert("name".into(), json!(name));
    head.insert("label".into(), json!(label_of(name)));
    head.append(out_map);
    head.insert("required".into(), json!(required));
    if let Some(hint) = property.get("description").and_then(Value::as_str) {
        head.entry("hint").or_insert_with(|| json!(one_line(hint)));
    }
    Value::Object(head)
}

/// `source_url` as "Source URL", `company_size` as "Company size".
fn label_of(name: &str) -> String {
    let words: Vec<String> = name
        .split('_')
        .map(|w| match w {
            "url" => "URL".to_string(),
            other => other.to_string(),
        })
        .collect();
    let text = words.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// The widget (and its settings) of one field, without name, label or `required`.
fn widget(kind: Kind, name: &str, property: &Value, root: &Value, config: &Config) -> Value {
    if TAXONOMY_FIELDS.contains(&name) {
        return terms_widget(name, config);
    }
    if PICTURES.contains(&name) {
        return json!({"widget": "image", "choose_url": false});
    }
    match (kind, name) {
        (_, "customer") => return relation("customers", &["name"], false),
        (Kind::Event, "customers") => return relation("customers", &["name"], true),
        (Kind::Event, "speakers") => {
            let mut speakers = relation("advocates", &["name"], true);
            speakers["hint"] = json!("Advocates from the program. A guest speaker ({name, role}) is written in the file itself: the form keeps only advocates.");
            return speakers;
        }
        (Kind::CaseStudy, "quote") => return relation("quotes", &["author", "title"], false),
        (Kind::Event, "timezone") => return timezone_widget(),
        (_, "slug") => {
            return json!({"widget": "string", "pattern": [SLUG_PATTERN, "One plain path segment: letters, digits, '-', '_' or '.', no spaces or slashes."]})
        }
        (_, "summary" | "description") => return json!({"widget": "text"}),
        (_, "rating") => {
            return json!({"widget": "number", "value_type": "int", "min": 1, "max": 5, "step": 1})
        }
        _ => {}
    }
    if LINKS.contains(&name) {
        return json!({"widget": "string", "pattern": ["^https?://\\S+$", "A full address starting with https:// (or http://)."]});
    }
    by_type(name, property, root, config)
}

/// The widget a property's JSON Schema type calls for (nested objects and lists of
/// them field by field).
fn by_type(name: &str, property: &Value, root: &Value, config: &Config) -> Value {
    if let Some(target) = definition(property, root) {
        let def_name = property_ref_name(property).unwrap_or_default();
        return match def_name.as_str() {
            "Day" => date_widget(),
            "EventTime" => date_time_widget(),
            _ => match choices(target) {
                Some(options) => json!({"widget": "select", "options": options}),
                // An optional block (approval, location): its required parts are
                // required only once it is filled in, which the form cannot say, so
                // vouch's check says it (with the field's hint).
                None => object_widget(target, root, config, false),
            },
        };
    }
    match type_name(property) {
        "boolean" => json!({"widget": "boolean", "default": false}),
        "integer" => json!({"widget": "number", "value_type": "int"}),
        "number" => json!({"widget": "number", "value_type": "float"}),
        "array" => {
            let items = property.get("items").cloned().unwrap_or(Value::Null);
            match definition(&items, root) {
                Some(target) if target.get("properties").is_some() => {
                    let mut list = object_widget(target, root, config, true);
                    list["widget"] = json!("list");
                    list
                }
                _ => {
                    json!({"widget": "list", "hint": format!("One {} a line.", label_of(name).to_lowercase())})
                }
            }
        }
        _ => json!({"widget": "string"}),
    }
}

/// An object's fields. A list item's are required as its definition requires them
/// (`required_parts`); an optional block's are marked "required with the block".
fn object_widget(target: &Value, root: &Value, config: &Config, required_parts: bool) -> Value {
    let required: Vec<&str> = target
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let empty = Map::new();
    let properties = target
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut names: Vec<&String> = properties.keys().collect();
    // Required first (`by` before `on` before `expires`), then as written.
    names.sort_by_key(|n| !required.contains(&n.as_str()));
    let fields: Vec<Value> = names
        .into_iter()
        .map(|name| {
            let property = &properties[name];
            let mut out = if LINKS.contains(&name.as_str()) {
                json!({"widget": "string", "pattern": ["^https?://\\S+$", "A full address starting with https:// (or http://)."]})
            } else {
                by_type(name, property, root, config)
            };
            let map = out.as_object_mut().expect("a widget is a map");
            map.insert("name".into(), json!(name));
            map.insert("label".into(), json!(label_of(name)));
            let needed = required.contains(&name.as_str());
            map.insert("required".into(), json!(needed && required_parts));
            if let Some(hint) = property.get("description").and_then(Value::as_str) {
                let hint = match needed && !required_parts {
                    true => format!("{} Required when this block is filled in.", one_line(hint)),
                    false => one_line(hint),
                };
                map.entry("hint").or_insert_with(|| json!(hint));
            }
            out
        })
        .collect();
    json!({"widget": "object", "collapsed": false, "fields": fields})
}

/// The name of the definition a property refers to, directly or as an optional.
fn property_ref_name(property: &Value) -> Option<String> {
    let reference = property.get("$ref").and_then(Value::as_str).or_else(|| {
        let any = property.get("anyOf")?.as_array()?;
        any.iter().find_map(|v| v.get("$ref")?.as_str())
    })?;
    Some(reference.rsplit('/').next()?.to_string())
}

fn definition<'a>(property: &Value, root: &'a Value) -> Option<&'a Value> {
    root.pointer(&format!("/$defs/{}", property_ref_name(property)?))
}

/// An enum's values (`oneOf` of constants, or `enum`).
fn choices(target: &Value) -> Option<Vec<Value>> {
    if let Some(values) = target.get("enum").and_then(Value::as_array) {
        return Some(values.clone());
    }
    let one_of = target.get("oneOf")?.as_array()?;
    one_of.iter().map(|v| v.get("const").cloned()).collect()
}

fn type_name(property: &Value) -> &str {
    match property.get("type") {
        Some(Value::String(t)) => t,
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("string"),
        _ => "string",
    }
}

/// A date as vouch reads it: `YYYY-MM-DD`, no time.
fn date_widget() -> Value {
    json!({"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": false, "picker_utc": true})
}

/// An event's start or end: a local date and time, read in the event's `timezone`.
fn date_time_widget() -> Value {
    json!({
        "widget": "datetime",
        "format": "YYYY-MM-DDTHH:mm",
        "date_format": "YYYY-MM-DD",
        "time_format": "HH:mm",
        "picker_utc": true,
    })
}

/// Every IANA time zone name vouch knows (its bundled database), as a select.
fn timezone_widget() -> Value {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|n| n.to_string())
        .filter(|n| n.contains('/') || n == "UTC")
        .collect();
    names.sort();
    names.dedup();
    json!({"widget": "select", "options": names, "hint": "The time zone of start and end, in which the event's times are shown (e.g. Europe/Berlin)."})
}

/// Another collection's entries to choose from, by their file's slug.
fn relation(collection: &str, search: &[&str], multiple: bool) -> Value {
    json!({
        "widget": "relation",
        "collection": collection,
        "value_field": "{{slug}}",
        "search_fields": search,
        "display_fields": search,
        "multiple": multiple,
        "options_length": 500,
    })
}

/// A taxonomy: a select of its declared terms, else free words.
fn terms_widget(name: &str, config: &Config) -> Value {
    let many = MANY_TERMS.contains(&name);
    match config.taxonomy(name).1 {
        Some(terms) => json!({"widget": "select", "options": terms, "multiple": many}),
        None if many => json!({"widget": "list", "hint": "One term a line."}),
        None => json!({"widget": "string"}),
    }
}
