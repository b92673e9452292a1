//! What a browser really holds, against the declarations. (Feature `audit`.)
//!
//! The `cookie-registry audit` command reads HAR files or crawls a site with headless Chromium;
//! this module is what it does with the cookies it saw, and it works the same in a user's own
//! test. Feed [`Audit::observe`] one [`Observation`] per cookie seen (a `Set-Cookie` header, a
//! cookie a request carried, a cookie in the browser's jar), then [`Audit::finish`] gives the
//! [`Report`]: every distinct cookie per phase, and the [`Finding`]s.
//!
//! - **undeclared** (error): no declaration matches the name;
//! - **without-consent** (error): a cookie whose declaration needs consent, present before
//!   any choice or after the visitor refused;
//! - **nonconforming** (error or warning, the codes of [`Registry::check`]): a `Set-Cookie`
//!   header that breaks its declaration or the standards; for cookies seen without their
//!   header (set by a script, read from the jar), an expiry longer than declared or over
//!   400 days, and `HttpOnly`, `Secure` or `SameSite` other than declared;
//! - **unseen** (info): a declaration that no cookie matched.
//!
//! ```
//! use cookie_registry::CookieRegistry;
//! use cookie_registry::audit::{Audit, FindingKind, Observation, Phase, SetBy};
//!
//! #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
//! #[registry(provider = "Site")]
//! enum Site {
//!     #[cookie(name = "sessionid", service = "Login", purpose = "Remember the user",
//!         category = "necessary", lifetime = "14d", http_only)]
//!     Session,
//!     #[cookie(name = "_pk_id.*", provider = "Matomo", service = "Statistics",
//!         purpose = "Count visits", category = "statistics", lifetime = "13mo")]
//!     Audience,
//! }
//!
//! let now = 1_767_225_600; // 2026-01-01, in seconds since the Unix epoch
//! let mut audit = Audit::new(Site::registry());
//! let mut seen = Observation::new("sessionid", "example.org", Phase::BeforeConsent, SetBy::Server, now);
//! seen.set_cookie = Some("sessionid=abc; HttpOnly; Max-Age=1209600".into());
//! audit.observe(seen);
//! // A tag's script sets Matomo's cookie before any choice, and an undeclared one.
//! audit.observe(Observation::new("_pk_id.1.ab", "example.org", Phase::BeforeConsent, SetBy::Script, now));
//! audit.observe(Observation::new("_fbp", ".example.org", Phase::BeforeConsent, SetBy::Script, now));
//!
//! let report = audit.finish();
//! assert_eq!(report.cookies.len(), 3);
//! let kinds: Vec<_> = report.findings.iter().map(|f| (f.kind, f.name.as_str())).collect();
//! assert_eq!(kinds, [
//!     (FindingKind::Undeclared, "_fbp"),
//!     (FindingKind::WithoutConsent, "_pk_id.1.ab"),
//! ]);
//! assert!(report.has_errors());
//! ```

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::time::{Duration, UNIX_EPOCH};

use cookie_registry_rules::attributes::SameSite;
use cookie_registry_rules::lifetime::BROWSER_CAP;
use cookie_registry_rules::suggest::closest;
use serde::Serialize;
use serde::ser::Serializer;

use crate::declaration::Declaration;
use crate::registry::Registry;
use crate::validation::Severity as CheckSeverity;

pub use crate::date::{parse_rfc3339, rfc3339};

/// The most distinct cookies (name, domain, path and phase) one audit keeps; observations of
/// further cookies are counted in [`Report::dropped`] and reported as a finding.
pub const MAX_COOKIES: usize = 100_000;

/// Slack between an observed expiry and the declared lifetime, for clocks and the time between
/// the header and the observation (the same minute as [`Registry::check`] allows an `Expires`).
const EXPIRY_SLACK: i64 = 60;

/// When a cookie was seen, relative to the visitor's consent choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Before any choice: only cookies that need no consent may be there.
    BeforeConsent,
    /// After the visitor accepted everything.
    AfterAccept,
    /// After the visitor refused everything: only cookies that need no consent may be there.
    AfterRefuse,
    /// Recorded without knowing the choice (a HAR file not said to be before consent).
    Unknown,
}

impl Phase {
    /// `before-consent`, `after-accept`, `after-refuse` or `unknown`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Phase::BeforeConsent => "before-consent",
            Phase::AfterAccept => "after-accept",
            Phase::AfterRefuse => "after-refuse",
            Phase::Unknown => "unknown",
        }
    }

    /// Whether no consent covers this phase: before any choice, or after a refusal.
    pub const fn without_consent(self) -> bool {
        matches!(self, Phase::BeforeConsent | Phase::AfterRefuse)
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who put a cookie in the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SetBy {
    /// A `Set-Cookie` response header.
    Server,
    /// A script (`document.cookie`, `cookieStore`): no server middleware sees it.
    Script,
}

impl SetBy {
    /// `server` or `script`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SetBy::Server => "server",
            SetBy::Script => "script",
        }
    }
}

impl fmt::Display for SetBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When an observed cookie expires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Expiry {
    /// Not known (a cookie a request carried says nothing of its expiry).
    #[default]
    Unknown,
    /// A session cookie.
    Session,
    /// At this time, in seconds since the Unix epoch.
    At(i64),
}

impl Expiry {
    /// RFC 3339 in UTC for a time, `session`, or `None` when unknown.
    pub fn to_text(self) -> Option<String> {
        match self {
            Expiry::Unknown => None,
            Expiry::Session => Some("session".to_owned()),
            Expiry::At(t) => Some(rfc3339(t)),
        }
    }
}

impl Serialize for Expiry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.to_text() {
            Some(t) => s.serialize_str(&t),
            None => s.serialize_none(),
        }
    }
}

/// One sighting of a cookie.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Observation {
    /// The cookie's name, as written (a percent-encoded name stays encoded).
    pub name: String,
    /// The domain it belongs to: the `Domain` attribute (with its leading dot, as the browser
    /// reports it) or the host that set it.
    pub domain: String,
    /// Its path, when known.
    pub path: Option<String>,
    /// Who set it.
    pub set_by: SetBy,
    /// When, relative to the consent choice.
    pub phase: Phase,
    /// The page or request URL where it was seen.
    pub url: String,
    /// When it was seen, in seconds since the Unix epoch: the time its expiry is measured
    /// from, and the `now` of [`Registry::check_at`].
    pub observed_at: i64,
    /// Whether it is `HttpOnly`, when known.
    pub http_only: Option<bool>,
    /// Whether it is `Secure`, when known.
    pub secure: Option<bool>,
    /// Its `SameSite`, when known and set.
    pub same_site: Option<SameSite>,
    /// When it expires.
    pub expiry: Expiry,
    /// The `Set-Cookie` header that set it, when seen: it is checked whole by
    /// [`Registry::check_at`], and the other fields are then not checked again.
    pub set_cookie: Option<String>,
}

impl Observation {
    /// A sighting of `name` for `domain`, with nothing else known yet; fill in the public
    /// fields that are.
    pub fn new(
        name: impl Into<String>,
        domain: impl Into<String>,
        phase: Phase,
        set_by: SetBy,
        observed_at: i64,
    ) -> Self {
        Observation {
            name: name.into(),
            domain: domain.into(),
            path: None,
            set_by,
            phase,
            url: String::new(),
            observed_at,
            http_only: None,
            secure: None,
            same_site: None,
            expiry: Expiry::Unknown,
            set_cookie: None,
        }
    }
}

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The policy page lies, or a cookie is set without the consent it needs.
    Error,
    /// The cookie differs from its declaration in a way browsers tolerate.
    Warning,
    /// Worth a look (a declaration nothing matched).
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// No declaration matches the name.
    Undeclared,
    /// A cookie that needs consent, present without it.
    WithoutConsent,
    /// A cookie that breaks its declaration or the standards.
    Nonconforming,
    /// A declaration no cookie matched.
    Unseen,
}

impl FindingKind {
    /// `undeclared`, `without-consent`, `nonconforming` or `unseen`.
    pub const fn as_str(self) -> &'static str {
        match self {
            FindingKind::Undeclared => "undeclared",
            FindingKind::WithoutConsent => "without-consent",
            FindingKind::Nonconforming => "nonconforming",
            FindingKind::Unseen => "unseen",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing the audit found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What it is about.
    pub kind: FindingKind,
    /// How bad it is.
    pub severity: Severity,
    /// The cookie's name (for `unseen`, the declared name or pattern).
    pub name: String,
    /// The cookie's domain (none for `unseen`).
    pub domain: Option<String>,
    /// Who set the cookie (none for `unseen`).
    pub set_by: Option<SetBy>,
    /// The phase it was seen in (none for `unseen`).
    pub phase: Option<Phase>,
    /// Where it was first seen (none for `unseen`).
    pub url: Option<String>,
    /// The declared name or pattern that covers the cookie.
    pub declaration: Option<&'static str>,
    /// For `nonconforming`, the code of the broken rule (the codes of [`Registry::check`]).
    pub code: Option<&'static str>,
    /// What is wrong and what to do, in a sentence.
    pub message: String,
}

/// One distinct cookie (name, domain, path) seen in one phase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SeenCookie {
    /// Its name.
    pub name: String,
    /// Its domain.
    pub domain: String,
    /// Its path, when known.
    pub path: Option<String>,
    /// `server` if any `Set-Cookie` set it, else `script`.
    pub set_by: SetBy,
    /// The phase.
    pub phase: Phase,
    /// Where it was first seen in this phase.
    pub first_url: String,
    /// Whether it was `HttpOnly` when last seen, if known.
    pub http_only: Option<bool>,
    /// Whether it was `Secure` when last seen, if known.
    pub secure: Option<bool>,
    /// Its `SameSite` when last seen, if known and set.
    #[serde(serialize_with = "same_site_text")]
    pub same_site: Option<SameSite>,
    /// Its expiry when last seen (RFC 3339, `session`, or null when unknown).
    pub expires: Expiry,
    /// The declared name or pattern that covers it, or none.
    pub declaration: Option<&'static str>,
}

fn same_site_text<S: Serializer>(value: &Option<SameSite>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.serialize_str(v.as_str()),
        None => s.serialize_none(),
    }
}

/// What [`Audit::finish`] gives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every distinct cookie, by phase, then name, domain and path.
    pub cookies: Vec<SeenCookie>,
    /// Every finding: errors first, then by kind, phase and name.
    pub findings: Vec<Finding>,
    /// Observations of cookies beyond [`MAX_COOKIES`], not kept.
    pub dropped: usize,
}

impl Report {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

type Key = (Phase, String, String, Option<String>);

struct Row {
    seen: SeenCookie,
    declaration: Option<&'static Declaration>,
    /// Nonconformities, one per code: (severity, message, url).
    problems: Vec<(&'static str, Severity, String, String)>,
}

/// An audit in progress: observations in, a [`Report`] out. Memory grows with the distinct
/// cookies (at most [`MAX_COOKIES`]), not with the observations.
pub struct Audit<'r> {
    registry: &'r Registry,
    rows: HashMap<Key, Row>,
    dropped: usize,
}

impl fmt::Debug for Audit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Audit")
            .field("cookies", &self.rows.len())
            .field("dropped", &self.dropped)
            .finish_non_exhaustive()
    }
}

impl<'r> Audit<'r> {
    /// An audit against `registry`'s declarations.
    pub fn new(registry: &'r Registry) -> Self {
        Audit {
            registry,
            rows: HashMap::new(),
            dropped: 0,
        }
    }

    /// Takes one sighting into account.
    pub fn observe(&mut self, o: Observation) {
        let key: Key = (o.phase, o.name.clone(), o.domain.clone(), o.path.clone());
        let at_capacity = self.rows.len() >= MAX_COOKIES;
        let row = match self.rows.entry(key) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(_) if at_capacity => {
                self.dropped += 1;
                return;
            }
            Entry::Vacant(e) => {
                let declaration = self.registry.lookup(&o.name);
                e.insert(Row {
                    seen: SeenCookie {
                        name: o.name.clone(),
                        domain: o.domain.clone(),
                        path: o.path.clone(),
                        set_by: o.set_by,
                        phase: o.phase,
                        first_url: o.url.clone(),
                        http_only: None,
                        secure: None,
                        same_site: None,
                        expires: Expiry::Unknown,
                        declaration: declaration.map(Declaration::name),
                    },
                    declaration,
                    problems: Vec::new(),
                })
            }
        };
        if o.set_by == SetBy::Server {
            row.seen.set_by = SetBy::Server;
        }
        if o.http_only.is_some() {
            row.seen.http_only = o.http_only;
        }
        if o.secure.is_some() {
            row.seen.secure = o.secure;
        }
        if o.same_site.is_some() {
            row.seen.same_site = o.same_site;
        }
        if o.expiry != Expiry::Unknown {
            row.seen.expires = o.expiry;
        }
        let Some(declaration) = row.declaration else {
            return;
        };
        let mut problem = |code: &'static str, severity: Severity, message: String| {
            if !row.problems.iter().any(|p| p.0 == code) {
                row.problems.push((code, severity, message, o.url.clone()));
            }
        };
        match &o.set_cookie {
            Some(header) => {
                let at = UNIX_EPOCH
                    + Duration::from_secs(u64::try_from(o.observed_at).unwrap_or_default());
                let violations = match self.registry.check_at(header, at) {
                    Ok(checked) => checked.warnings().clone(),
                    Err(violations) => violations,
                };
                for v in &violations {
                    let severity = match v.severity() {
                        CheckSeverity::Error => Severity::Error,
                        CheckSeverity::Warning => Severity::Warning,
                    };
                    problem(v.code(), severity, v.message().to_owned());
                }
            }
            None => observed_attributes(declaration, &o, &mut problem),
        }
    }

    /// The report: every cookie, and every finding.
    pub fn finish(self) -> Report {
        let registry = self.registry;
        let mut rows: Vec<Row> = self.rows.into_values().collect();
        rows.sort_by(|a, b| {
            let key = |r: &Row| {
                (
                    r.seen.phase,
                    r.seen.name.clone(),
                    r.seen.domain.clone(),
                    r.seen.path.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        let mut findings = Vec::new();
        let finding = |kind, severity, row: &Row, code, message| Finding {
            kind,
            severity,
            name: row.seen.name.clone(),
            domain: Some(row.seen.domain.clone()),
            set_by: Some(row.seen.set_by),
            phase: Some(row.seen.phase),
            url: Some(row.seen.first_url.clone()),
            declaration: row.seen.declaration,
            code,
            message,
        };
        for row in &rows {
            let seen = &row.seen;
            let Some(d) = row.declaration else {
                let hint = closest(&seen.name, registry.declarations().map(|d| d.name()))
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                findings.push(finding(
                    FindingKind::Undeclared,
                    Severity::Error,
                    row,
                    None,
                    format!(
                        "`{}` ({}) is set by {} but no declaration matches it{hint}: declare it, or stop setting it{}",
                        seen.name,
                        seen.domain,
                        match seen.set_by {
                            SetBy::Server => "the server",
                            SetBy::Script => "a script",
                        },
                        match seen.set_by {
                            SetBy::Server => "",
                            SetBy::Script => " (no server middleware can remove a cookie a script sets)",
                        }
                    ),
                ));
                continue;
            };
            if d.requires_consent() && seen.phase.without_consent() {
                let when = match seen.phase {
                    Phase::AfterRefuse => "after the visitor refused",
                    _ => "before any consent choice",
                };
                let fix = match seen.set_by {
                    SetBy::Script => {
                        "; a script set it, which no server middleware can stop: load the script only after consent"
                    }
                    SetBy::Server => "; the server set it: enforce consent in the middleware",
                };
                findings.push(finding(
                    FindingKind::WithoutConsent,
                    Severity::Error,
                    row,
                    None,
                    format!(
                        "`{}` is declared `{}` ({}), which needs consent, but it was present {when}{fix}",
                        seen.name,
                        d.name(),
                        d.category()
                    ),
                ));
            }
            for (code, severity, message, url) in &row.problems {
                let mut f = finding(
                    FindingKind::Nonconforming,
                    *severity,
                    row,
                    Some(*code),
                    message.clone(),
                );
                f.url = Some(url.clone());
                findings.push(f);
            }
        }
        // The declarations some cookie resolved to (by address: one registry's declarations
        // are distinct statics).
        let matched: std::collections::HashSet<*const Declaration> = rows
            .iter()
            .filter_map(|r| r.declaration.map(std::ptr::from_ref))
            .collect();
        for d in registry.declarations() {
            if !matched.contains(&std::ptr::from_ref(d)) {
                findings.push(Finding {
                    kind: FindingKind::Unseen,
                    severity: Severity::Info,
                    name: d.name().to_owned(),
                    domain: None,
                    set_by: None,
                    phase: None,
                    url: None,
                    declaration: Some(d.name()),
                    code: None,
                    message: format!(
                        "no cookie matched the declaration `{}`: the audit did not reach what sets it, or it is no longer set",
                        d.name()
                    ),
                });
            }
        }
        if self.dropped > 0 {
            findings.push(Finding {
                kind: FindingKind::Undeclared,
                severity: Severity::Error,
                name: "…".to_owned(),
                domain: None,
                set_by: None,
                phase: None,
                url: None,
                declaration: None,
                code: Some("too-many-cookies"),
                message: format!(
                    "{} observations of cookies beyond the first {MAX_COOKIES} distinct ones were not audited",
                    self.dropped
                ),
            });
        }
        // Stable: within a kind and phase, the rows' order (name, domain, path).
        findings.sort_by_key(|f| (f.severity, f.kind, f.phase));
        Report {
            cookies: rows.into_iter().map(|r| r.seen).collect(),
            findings,
            dropped: self.dropped,
        }
    }
}

/// The checks of a cookie seen without its `Set-Cookie` header: flags and expiry, with the
/// codes and severities of [`Registry::check`] (a declared flag missing is an error, one not
/// declared a warning).
fn observed_attributes(
    d: &Declaration,
    o: &Observation,
    problem: &mut impl FnMut(&'static str, Severity, String),
) {
    for (declared, seen, missing, extra, attribute) in [
        (
            d.secure(),
            o.secure,
            "secure-missing",
            "secure-not-declared",
            "Secure",
        ),
        (
            d.http_only(),
            o.http_only,
            "http-only-missing",
            "http-only-not-declared",
            "HttpOnly",
        ),
    ] {
        match seen {
            Some(false) if declared => problem(
                missing,
                Severity::Error,
                format!(
                    "`{}` is declared `{attribute}`, but the browser holds it without",
                    d.name()
                ),
            ),
            Some(true) if !declared => problem(
                extra,
                Severity::Warning,
                format!("`{}` is held `{attribute}`, but not declared so", d.name()),
            ),
            _ => {}
        }
    }
    // The attributes are known when the flags are (a jar or a HAR cookie entry); a cookie a
    // request carried says nothing of them.
    let attributes_known = o.http_only.is_some() || o.secure.is_some();
    match (d.same_site(), o.same_site) {
        (Some(declared), Some(seen)) if declared != seen => problem(
            "same-site-mismatch",
            Severity::Error,
            format!(
                "`SameSite={seen}`, but `{}` is declared `SameSite={declared}`",
                d.name()
            ),
        ),
        (Some(declared), None) if attributes_known => problem(
            "same-site-mismatch",
            Severity::Error,
            format!(
                "no SameSite, but `{}` is declared `SameSite={declared}`",
                d.name()
            ),
        ),
        (None, Some(seen)) => problem(
            "same-site-not-declared",
            Severity::Warning,
            format!("`SameSite={seen}`, but `{}` declares no SameSite", d.name()),
        ),
        _ => {}
    }
    if let Expiry::At(at) = o.expiry {
        let left = at.saturating_sub(o.observed_at);
        match d.lifetime().seconds() {
            None if left > EXPIRY_SLACK => problem(
                "persistent-cookie-declared-session",
                Severity::Error,
                format!(
                    "the cookie lives {left} s more, but `{}` is declared a session cookie",
                    d.name()
                ),
            ),
            Some(declared) => {
                let declared = i64::try_from(declared).unwrap_or(i64::MAX);
                if left > declared.saturating_add(EXPIRY_SLACK) {
                    problem(
                        "lifetime-exceeds-declaration",
                        Severity::Error,
                        format!(
                            "the cookie lives {left} s more, but `{}` is declared {} ({declared} s): the policy page would lie",
                            d.name(),
                            d.lifetime()
                        ),
                    );
                }
            }
            None => {}
        }
        let cap = i64::try_from(BROWSER_CAP).unwrap_or(i64::MAX);
        if left > cap.saturating_add(EXPIRY_SLACK) {
            problem(
                "lifetime-over-400-days",
                Severity::Error,
                format!(
                    "the cookie lives {left} s more, over the 400 days browsers allow (RFC 6265bis §5.5)"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn rfc3339_reads_back_what_it_writes(t in -62_135_596_800_i64..253_402_300_799) {
            proptest::prop_assert_eq!(parse_rfc3339(&rfc3339(t)), Some(t));
        }

        #[test]
        fn rfc3339_never_panics(text in "\\PC{0,40}") {
            let _ = parse_rfc3339(&text);
        }
    }

    #[test]
    fn rfc3339_round_trips_through_the_cookie_date_reader() {
        for t in [
            0_i64,
            951_782_400,
            1_767_225_599,
            4_107_542_400,
            -86_401,
            253_402_300_799,
        ] {
            let text = rfc3339(t);
            let (y, rest) = text.split_once('-').unwrap();
            let (mo, rest) = rest.split_once('-').unwrap();
            let (d, rest) = rest.split_once('T').unwrap();
            let months = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let mo: usize = mo.parse().unwrap();
            let cookie_date = format!("{d} {} {y} {}", months[mo - 1], rest.trim_end_matches('Z'));
            if y.parse::<i64>().unwrap() >= 1601 {
                assert_eq!(
                    crate::date::parse_cookie_date(&cookie_date),
                    Some(t),
                    "{text}"
                );
            }
        }
    }
}
