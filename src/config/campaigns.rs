//! `campaigns:` in `vouch.yml`: the UTM tags `vouch snippet` puts on links to the site.

use super::CONFIG_FILE;
use crate::diagnostics::Diagnostic;
use serde::Deserialize;

/// The defaults of the UTM tags on every link a snippet makes to the site:
/// `utm_source` and `utm_medium` from here, `utm_campaign` from `--campaign`.
#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CampaignsConfig {
    /// `utm_source`: who sends the reader (default `vouch`, e.g. `newsletter`).
    pub source: String,
    /// `utm_medium` of email snippets (default `email`).
    pub email_medium: String,
    /// `utm_medium` of HTML, Markdown and text snippets (default `referral`).
    pub web_medium: String,
    /// `utm_campaign` when `--campaign` is not given (default `customer-stories`).
    pub default_campaign: String,
}

impl Default for CampaignsConfig {
    fn default() -> Self {
        CampaignsConfig {
            source: "vouch".into(),
            email_medium: "email".into(),
            web_medium: "referral".into(),
            default_campaign: "customer-stories".into(),
        }
    }
}

impl CampaignsConfig {
    /// Empty tags would make links the analytics cannot attribute.
    pub(super) fn problems(&self, line: Option<usize>) -> Vec<Diagnostic> {
        let fields = [
            ("source", &self.source),
            ("email_medium", &self.email_medium),
            ("web_medium", &self.web_medium),
            ("default_campaign", &self.default_campaign),
        ];
        fields
            .into_iter()
            .filter(|(_, value)| value.trim().is_empty())
            .map(|(field, _)| {
                Diagnostic::error(CONFIG_FILE, format!("campaigns.{field} is empty"))
                    .field(format!("campaigns.{field}"))
                    .at_line(line)
                    .hint(
                        "write a short tag, e.g. newsletter, or leave the line out for the default",
                    )
            })
            .collect()
    }
}
