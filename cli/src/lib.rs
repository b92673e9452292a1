//! The parts of the `cookie-registry` command: HAR reading, the crawl and the report's formats.
//! The matching and checking of observed cookies is the library's
//! ([`cookie_registry::audit`]); this crate only reads inputs and prints.
//!
//! Not a stable library API: depend on `cookie-registry` instead.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "crawl")]
pub mod crawl;
pub mod export;
pub mod har;
pub mod render;
pub mod scan;
pub mod suggest;

use std::path::Path;

use cookie_registry::Registry;

/// The registry a declarations file describes: `registry.declarations_json()` (schema
/// `cookie-registry/declarations/1`, every language) or the policy JSON
/// (`cookie-registry/policy/1`, one language).
///
/// # Errors
///
/// A one-line message naming the file: unreadable, not the schema, or declarations that break
/// the rules.
pub fn load_declarations(path: &Path) -> Result<&'static Registry, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the declarations {}: {e}", path.display()))?;
    Registry::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Whether a cookie for `domain` (with or without its leading dot) is sent to `host`: the
/// same host, or a subdomain of it (RFC 6265bis §5.1.3 domain-match), in any case.
///
/// ```
/// use cookie_registry_cli::domain_covers;
/// assert!(domain_covers(".example.org", "www.example.org"));
/// assert!(domain_covers("example.org", "EXAMPLE.org"));
/// assert!(!domain_covers("example.org", "badexample.org"));
/// assert!(!domain_covers("www.example.org", "example.org"));
/// ```
pub fn domain_covers(domain: &str, host: &str) -> bool {
    let domain = domain.trim_start_matches('.');
    host.eq_ignore_ascii_case(domain)
        || (host.len() > domain.len()
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
            && host[host.len() - domain.len()..].eq_ignore_ascii_case(domain))
}
