//! Which `Host` names the preview answers. The preview shows drafts and customers' words
//! not yet approved; a web page the marketer visits could rebind its own domain name to
//! 127.0.0.1 and read them (a "DNS rebinding" attack). Such an attack needs a domain
//! name, so the preview answers IP literals, `localhost` and names under `.localhost`
//! (which browsers resolve to loopback themselves), and the names given with
//! `--allow-host`, and refuses every other name.

/// The names the preview answers besides IP literals and `localhost`.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts(Vec<String>);

impl AllowedHosts {
    /// The extra names given with `--allow-host` (any case; a port is ignored).
    pub fn new(names: &[String]) -> AllowedHosts {
        let names = names.iter().map(|n| name_of(n).to_ascii_lowercase());
        AllowedHosts(names.filter(|n| !n.is_empty()).collect())
    }

    /// Whether a request's `Host` header (`name`, `name:port`, `[v6]:port`) is answered.
    pub fn allows(&self, host: &str) -> bool {
        let name = name_of(host.trim()).to_ascii_lowercase();
        let name = name.strip_suffix('.').unwrap_or(&name);
        if name.is_empty() {
            return false;
        }
        let ip = name.trim_start_matches('[').trim_end_matches(']');
        ip.parse::<std::net::IpAddr>().is_ok()
            || name == "localhost"
            || name.ends_with(".localhost")
            || self.0.iter().any(|allowed| allowed == name)
    }

    /// Whether an `Origin` header (`http://name:port`) names an allowed host: pages of
    /// other sites may not call the preview's own endpoints.
    pub fn allows_origin(&self, origin: &str) -> bool {
        let rest = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"));
        rest.is_some_and(|host| !host.contains('/') && self.allows(host))
    }
}

/// The name part of `name:port` or `[v6]:port`.
pub(super) fn name_of(host: &str) -> &str {
    if let Some(v6) = host.strip_prefix('[') {
        return v6
            .split_once(']')
            .map_or(host, |(ip, _)| &host[..ip.len() + 2]);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_ip_literals_are_answered() {
        let hosts = AllowedHosts::default();
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST:1111",
            "preview.localhost:1111",
            "127.0.0.1:1111",
            "10.0.0.7",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn other_names_are_refused_unless_allowed() {
        let hosts = AllowedHosts::default();
        for host in [
            "attacker.example",
            "attacker.example:1111",
            "localhost.attacker.example",
            "x",
            "",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
        let team = AllowedHosts::new(&["Preview.Team.Example".to_string()]);
        assert!(team.allows("preview.team.example:1111"));
        assert!(!team.allows("team.example"));
    }

    #[test]
    fn origins_of_other_sites_are_refused() {
        let hosts = AllowedHosts::default();
        assert!(hosts.allows_origin("http://127.0.0.1:1111"));
        assert!(hosts.allows_origin("http://localhost:1111"));
        assert!(!hosts.allows_origin("http://attacker.example"));
        assert!(!hosts.allows_origin("null"));
    }
}
