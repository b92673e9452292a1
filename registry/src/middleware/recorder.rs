//! [`Recorder`]: the `Set-Cookie` headers an application's tests send, against the registry.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, Mutex};

use crate::declaration::Declaration;
use crate::registry::Registry;
use crate::set_cookie::SetCookie;

/// Collects the `Set-Cookie` headers seen while an application's tests run, to report
/// undeclared cookies and declared cookies never seen (so a CI job can fail on them). Clones
/// share one record.
///
/// ```
/// use cookie_registry::middleware::Recorder;
/// use cookie_registry::CookieRegistry;
/// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
/// #[registry(provider = "Site")]
/// enum SiteCookie {
///     #[cookie(name = "lang", service = "Language", purpose = "Remember the language",
///         category = "necessary", lifetime = "session")]
///     Lang,
///     #[cookie(name = "_pk_id.*", service = "Statistics", purpose = "Count visits",
///         category = "statistics", lifetime = "13mo")]
///     Stats,
/// }
/// let recorder = Recorder::new();
/// recorder.record(b"lang=fr; Path=/");
/// recorder.record(b"tracker=1");
/// let report = recorder.report(SiteCookie::registry());
/// assert_eq!(report.undeclared(), ["tracker"]);
/// assert_eq!(report.unseen().iter().map(|d| d.name()).collect::<Vec<_>>(), ["_pk_id.*"]);
/// assert!(!report.is_clean());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    seen: Arc<Mutex<Seen>>,
}

/// The names seen, in order of first appearance, and as a set (so that recording stays
/// linear when pattern cookies bring thousands of names).
#[derive(Debug, Default)]
struct Seen {
    order: Vec<String>,
    set: HashSet<String>,
}

impl Recorder {
    /// An empty recorder.
    pub fn new() -> Recorder {
        Recorder::default()
    }

    /// Records one `Set-Cookie` header (its cookie name).
    pub fn record(&self, header: &[u8]) {
        let Ok(cookie) = SetCookie::parse_bytes(header) else {
            return;
        };
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if !seen.set.contains(cookie.name()) {
            seen.set.insert(cookie.name().to_owned());
            seen.order.push(cookie.name().to_owned());
        }
    }

    /// The names seen, in order of first appearance.
    pub fn names(&self) -> Vec<String> {
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .order
            .clone()
    }

    /// What was seen against `registry`.
    pub fn report(&self, registry: &Registry) -> RecorderReport {
        let names = self.names();
        let undeclared = names
            .iter()
            .filter(|n| registry.lookup(n).is_none())
            .cloned()
            .collect();
        let unseen = registry
            .declarations()
            .filter(|d| !names.iter().any(|n| d.matches(n)))
            .collect();
        RecorderReport { undeclared, unseen }
    }
}

/// What a [`Recorder`] saw against a registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecorderReport {
    undeclared: Vec<String>,
    unseen: Vec<&'static Declaration>,
}

impl RecorderReport {
    /// Cookie names sent but not declared.
    pub fn undeclared(&self) -> &[String] {
        &self.undeclared
    }

    /// Declarations no header matched.
    pub fn unseen(&self) -> &[&'static Declaration] {
        &self.unseen
    }

    /// Whether every cookie sent is declared and every declaration was seen.
    pub fn is_clean(&self) -> bool {
        self.undeclared.is_empty() && self.unseen.is_empty()
    }
}

impl fmt::Display for RecorderReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_clean() {
            return f
                .write_str("every cookie sent is declared, and every declared cookie was sent");
        }
        if !self.undeclared.is_empty() {
            write!(f, "undeclared cookies sent: {}", self.undeclared.join(", "))?;
        }
        if !self.unseen.is_empty() {
            if !self.undeclared.is_empty() {
                f.write_str("; ")?;
            }
            let names: Vec<&str> = self.unseen.iter().map(|d| d.name()).collect();
            write!(f, "declared cookies never sent: {}", names.join(", "))?;
        }
        Ok(())
    }
}
