//! `editor:` in `vouch.yml`: the browser editor at `/admin/` (a Git-based CMS whose
//! forms are made from the content model, docs/editor.md). Off unless the section is
//! there; `editor: { repo: group/project }` is enough for a project on gitlab.com.

use super::CONFIG_FILE;
use crate::diagnostics::Diagnostic;
use serde::Deserialize;

/// Where the editor saves: the GitLab project, its branch, and for a self-managed
/// GitLab its addresses. The CMS logs in with GitLab itself, so vouch holds no secret.
#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditorConfig {
    /// The GitLab project the site's files live in, as `group/project` (or
    /// `group/subgroup/project`).
    pub repo: String,
    /// The branch edits are based on and merged into (default `main`).
    #[serde(default = "default_branch")]
    pub branch: String,
    /// The application ID of the GitLab OAuth application the editor logs in with
    /// (PKCE, no secret; docs/editor.md says how to make one). Without it the CMS
    /// asks for GitLab's implicit login, which gitlab.com no longer offers.
    #[serde(default)]
    pub app_id: Option<String>,
    /// The address of a self-managed GitLab, e.g. `https://gitlab.example.com` (default
    /// gitlab.com): where the login page is.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The REST API of a self-managed GitLab, e.g. `https://gitlab.example.com/api/v4`
    /// (default: `base_url` followed by `/api/v4`).
    #[serde(default)]
    pub api_root: Option<String>,
}

fn default_branch() -> String {
    "main".into()
}

impl EditorConfig {
    /// The API root the CMS talks to: as set, else derived from `base_url`.
    pub fn api_root(&self) -> Option<String> {
        self.api_root.clone().or_else(|| {
            let base = self.base_url.as_deref()?.trim_end_matches('/');
            Some(format!("{base}/api/v4"))
        })
    }

    /// Settings the CMS would only fail on later, in the marketer's browser.
    pub(super) fn problems(&self, line: Option<usize>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let segments: Vec<&str> = self.repo.split('/').collect();
        let plain = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        if segments.len() < 2 || !segments.iter().all(|s| plain(s)) {
            problems.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!("editor.repo '{}' is not a GitLab project path", self.repo),
                )
                .field("editor.repo")
                .at_line(line)
                .hint("write the project's path as in its address, e.g. repo: my-group/customer-stories"),
            );
        }
        if self.branch.trim().is_empty() || self.branch.contains(char::is_whitespace) {
            problems.push(
                Diagnostic::error(CONFIG_FILE, "editor.branch is not a branch name")
                    .field("editor.branch")
                    .at_line(line)
                    .hint("e.g. branch: main (leave it out for main)"),
            );
        }
        for (key, value) in [("base_url", &self.base_url), ("api_root", &self.api_root)] {
            let Some(value) = value else { continue };
            if !(value.starts_with("https://") || value.starts_with("http://")) {
                problems.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        format!("editor.{key} '{value}' is not an http(s) address"),
                    )
                    .field(format!("editor.{key}"))
                    .at_line(line)
                    .hint("e.g. https://gitlab.example.com (leave it out for gitlab.com)"),
                );
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> EditorConfig {
        crate::yaml::from_str(text).unwrap()
    }

    #[test]
    fn repo_alone_is_enough() {
        let c = parse("repo: group/project\n");
        assert_eq!(c.branch, "main");
        assert!(c.problems(None).is_empty());
        assert_eq!(c.api_root(), None);
    }

    #[test]
    fn api_root_follows_a_self_managed_base_url() {
        let c = parse("repo: g/p\nbase_url: https://gitlab.example.com/\n");
        assert_eq!(
            c.api_root().as_deref(),
            Some("https://gitlab.example.com/api/v4")
        );
    }

    #[test]
    fn a_repo_without_a_group_is_an_error() {
        let problems = parse("repo: project\n").problems(Some(3));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(3));
        let problems = parse("repo: g/p\nbase_url: gitlab.example.com\n").problems(None);
        assert!(problems[0].message.contains("editor.base_url"));
    }
}
