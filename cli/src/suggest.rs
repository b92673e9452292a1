//! `cookie-registry suggest`: what the Open Cookie Database knows about a cookie name, and the
//! `#[cookie(...)]` attribute that declares it.
//!
//! The database (`cli/data/open-cookie-database.csv`, Apache-2.0) goes stale and mislabels:
//! its only `sessionid` row is Instagram's, marketing. So every candidate is shown, with its
//! platform; first-party rows come first for a first-party name; and when the only match of a
//! generic name is one third party's, the suggestion says so instead of pretending to know.

use std::fmt::Write as _;

use cookie_registry::Category;

use crate::domain_covers;
use cookie_registry_rules::attributes::{self, Attributes, Breach};
use cookie_registry_rules::domain::check_domain;
use cookie_registry_rules::lifetime::{self, BROWSER_CAP, Lifetime};
use cookie_registry_rules::name::{NameShape, parse_name, pattern_matches};
use serde::Serialize;

/// The vendored copy of the database.
pub const BUILTIN: &str = include_str!("../data/open-cookie-database.csv");

/// One row of the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The platform (`Google Analytics`).
    pub platform: String,
    /// The database's category (`Analytics`, `Marketing`, ...).
    pub category: String,
    /// The name, or the prefix for a wildcard row (without a trailing `*`).
    pub name: String,
    /// The domain, without ` (3rd party)`.
    pub domain: String,
    /// Whether the database marks the domain third party.
    pub third_party: bool,
    /// What the cookie is for.
    pub description: String,
    /// The free-text retention (`2 years`, `session`, `Unknown`).
    pub retention: String,
    /// Who controls the data (`Google`).
    pub controller: String,
    /// Whether the name is a prefix.
    pub wildcard: bool,
}

/// The database, read.
#[derive(Clone, Debug)]
pub struct Database {
    rows: Vec<Row>,
}

impl Database {
    /// The vendored copy.
    ///
    /// # Errors
    ///
    /// Never for the vendored copy (a test reads it); see [`from_csv`](Database::from_csv).
    pub fn builtin() -> Result<Database, String> {
        Database::from_csv(BUILTIN)
    }

    /// A copy in the database's CSV format (its ten columns, with a header row).
    ///
    /// # Errors
    ///
    /// Not CSV, or a row without the ten columns.
    pub fn from_csv(text: &str) -> Result<Database, String> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| format!("row {}: {e}", i + 2))?;
            if record.len() < 10 {
                return Err(format!("row {}: {} columns, not 10", i + 2, record.len()));
            }
            let field = |n: usize| record.get(n).unwrap_or_default().trim().to_owned();
            let raw_name = field(3);
            // A trailing `*` is a prefix too, whatever the flag says (four rows write one).
            let (name, star) = match raw_name.strip_suffix('*') {
                Some(prefix) => (prefix.to_owned(), true),
                None => (raw_name, false),
            };
            let raw_domain = field(4);
            let third_party = raw_domain.contains("(3rd party)");
            rows.push(Row {
                platform: field(1),
                category: field(2),
                name,
                domain: raw_domain.replace("(3rd party)", "").trim().to_owned(),
                third_party,
                description: field(5),
                retention: field(6),
                controller: field(7),
                wildcard: star || field(9) == "1",
            });
        }
        Ok(Database { rows })
    }

    /// Every row.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The candidates for `query`: `NAME`, or `NAME@domain`.
    pub fn suggest(&self, query: &str) -> Suggestion {
        let (name, domain) = match query.rsplit_once('@') {
            Some((n, d)) if !n.is_empty() => {
                (n, Some(d.trim_start_matches('.').to_ascii_lowercase()))
            }
            _ => (query, None),
        };
        let first_party_name = domain.is_none();
        let mut matches: Vec<(&Row, Rank)> = self
            .rows
            .iter()
            .filter_map(|row| {
                let exact = !row.wildcard && row.name == name;
                // A prefix row is the pattern `name*`, read by the rule the declarations use.
                let prefix =
                    row.wildcard && !row.name.is_empty() && pattern_matches(&row.name, "", name);
                if !exact && !prefix {
                    return None;
                }
                let domain_match = match &domain {
                    // A row may name the domain or one of its subdomains.
                    Some(d) => {
                        !row.domain.is_empty()
                            && (domain_covers(&row.domain, d) || domain_covers(d, &row.domain))
                    }
                    None => false,
                };
                let first_party_row = !row.third_party;
                // Exact names first, then the rows of the given domain, then first-party rows
                // for a first-party name, then the longest prefix.
                let rank = (
                    u8::from(!exact),
                    u8::from(!domain_match),
                    u8::from(first_party_name && !first_party_row),
                    usize::MAX - row.name.len(),
                );
                Some((row, rank))
            })
            .collect();
        matches.sort_by_key(|(_, rank)| *rank);
        let candidates: Vec<Candidate> = matches
            .iter()
            .map(|(row, _)| candidate(row, name))
            .collect();
        let note = generic_note(name, &matches.iter().map(|(r, _)| *r).collect::<Vec<_>>());
        Suggestion {
            name: name.to_owned(),
            candidates,
            note,
        }
    }
}

/// How a row ranks among the candidates (lower first): not exact, not of the given domain,
/// third party for a first-party name, shorter prefix.
type Rank = (u8, u8, u8, usize);

/// Names so common that one site's row says nothing about another's cookie.
const GENERIC: [&str; 24] = [
    "sessionid",
    "session",
    "sid",
    "id",
    "uid",
    "user",
    "userid",
    "user_id",
    "token",
    "csrf",
    "csrftoken",
    "lang",
    "language",
    "locale",
    "auth",
    "login",
    "cart",
    "consent",
    "visitor",
    "test",
    "cookie",
    "cookies",
    "prefs",
    "preferences",
];

fn generic_note(name: &str, rows: &[&Row]) -> Option<String> {
    let generic = GENERIC.iter().any(|g| g.eq_ignore_ascii_case(name));
    let platforms: Vec<&str> = rows.iter().map(|r| r.platform.as_str()).collect();
    let one_platform = platforms.windows(2).all(|w| w[0] == w[1]);
    match rows {
        [] if generic => Some(format!(
            "`{name}` is a generic name that many frameworks use, and the database has no row for it: declare what your own code sets"
        )),
        [first, ..]
            if generic && one_platform && (first.third_party || first.category == "Marketing") =>
        {
            Some(format!(
                "the database's only `{name}` is {}'s ({}, {}); `{name}` is a generic name (Django's session cookie is `sessionid`, for one): do not trust this row for your own cookie, declare what your code sets",
                first.platform,
                first.category,
                if first.domain.is_empty() {
                    "no domain"
                } else {
                    &first.domain
                },
            ))
        }
        _ => None,
    }
}

/// What `suggest` says about one name.
#[derive(Clone, Debug, Serialize)]
pub struct Suggestion {
    /// The name asked about.
    pub name: String,
    /// Every matching row, best first.
    pub candidates: Vec<Candidate>,
    /// A warning about the rows, when they cannot be trusted for this name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One row, as a declaration.
#[derive(Clone, Debug, Serialize)]
pub struct Candidate {
    /// The row's platform.
    pub platform: String,
    /// Who provides the cookie (the data controller, else the platform).
    pub provider: String,
    /// Our category.
    pub category: &'static str,
    /// The lifetime as declared in the snippet (`2y`, `session`, `400d`).
    pub lifetime: String,
    /// The row's domain (empty: first party or unknown).
    pub domain: String,
    /// Whether the row is a prefix.
    pub wildcard: bool,
    /// The `#[cookie(...)]` attribute (with comments) that declares it, for a variant of a
    /// `#[derive(CookieRegistry)]` without `languages(...)`; `None` when the name cannot be
    /// declared (not an RFC 6265bis token).
    pub snippet: Option<String>,
}

/// Our category for the database's (Analytics → statistics, Marketing → marketing, Functional
/// and Personalization → preferences, Security and Necessary → necessary).
pub fn category(database: &str) -> Category {
    match database.to_ascii_lowercase().as_str() {
        "analytics" => Category::Statistics,
        "marketing" => Category::Marketing,
        "security" | "necessary" => Category::Necessary,
        _ => Category::Preferences,
    }
}

/// The lifetime a retention text gives, in the declaration's form; `None` for a text that says
/// no duration (`Unknown`, empty, prose).
///
/// ```
/// use cookie_registry_cli::suggest::parse_retention;
/// assert_eq!(parse_retention("2 years").as_deref(), Some("2y"));
/// assert_eq!(parse_retention("1 Year").as_deref(), Some("1y"));
/// assert_eq!(parse_retention("Session").as_deref(), Some("session"));
/// assert_eq!(parse_retention("24 hours").as_deref(), Some("24h"));
/// assert_eq!(parse_retention("13 months").as_deref(), Some("13mo"));
/// assert_eq!(parse_retention("1.5 years").as_deref(), Some("18mo"));
/// assert_eq!(parse_retention("Unknown"), None);
/// ```
pub fn parse_retention(text: &str) -> Option<String> {
    let lower = text.trim().to_ascii_lowercase();
    if lower.is_empty() {
        return None;
    }
    if lower.starts_with("session") || lower == "browser session" || lower == "end of session" {
        return Some("session".to_owned());
    }
    // A number (whole or decimal) then a unit word.
    let digits_end = lower
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(lower.len());
    let number: f64 = lower[..digits_end].replace(',', ".").parse().ok()?;
    let unit_word = lower[digits_end..]
        .trim()
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or_default();
    let (unit, per_smaller): (&str, Option<(&str, f64)>) = match unit_word {
        "second" | "seconds" | "sec" | "secs" | "s" => ("s", None),
        "minute" | "minutes" | "min" | "mins" => ("m", Some(("s", 60.0))),
        "hour" | "hours" | "hr" | "hrs" | "h" => ("h", Some(("m", 60.0))),
        "day" | "days" | "d" => ("d", Some(("h", 24.0))),
        "week" | "weeks" => ("w", Some(("d", 7.0))),
        "month" | "months" => ("mo", Some(("d", 30.0))),
        "year" | "years" | "yr" | "yrs" => ("y", Some(("mo", 12.0))),
        _ => return None,
    };
    if !(number.is_finite() && number > 0.0) {
        return None;
    }
    if number.fract() == 0.0 {
        return Some(format!("{}{unit}", number as u64));
    }
    // 1.5 years is 18 months: a whole number of the next smaller unit.
    match per_smaller {
        Some((smaller, factor)) => Some(format!("{}{smaller}", (number * factor).round() as u64)),
        None => Some(format!("{}s", number.ceil() as u64)),
    }
}

/// The default for a retention the database does not give: the most a browser keeps a
/// cookie, so that the policy page never says less than the truth.
pub const UNKNOWN_LIFETIME: &str = "400d";

/// The candidate a row gives for the name `asked` (which it matches).
pub fn candidate(row: &Row, asked: &str) -> Candidate {
    let category = category(&row.category);
    let provider = if row.controller.is_empty() {
        row.platform.clone()
    } else {
        row.controller.clone()
    };
    let (lifetime, comment) = match parse_retention(&row.retention) {
        Some(form) => match lifetime::parse(&form) {
            Ok(l) if l.seconds().is_some_and(|s| s > BROWSER_CAP) => (
                "400d".to_owned(),
                Some(format!(
                    "The database says {:?}; browsers keep a cookie at most 400 days (RFC 6265bis §5.5).",
                    row.retention
                )),
            ),
            Ok(Lifetime::Duration { .. } | Lifetime::Session) => (form, None),
            Err(_) => (
                UNKNOWN_LIFETIME.to_owned(),
                Some(format!(
                    "TODO: the database says {:?}; 400 days is the most a browser keeps a cookie: check, and shorten.",
                    row.retention
                )),
            ),
        },
        None => (
            UNKNOWN_LIFETIME.to_owned(),
            Some(format!(
                "TODO: the database gives no retention ({:?}); 400 days is the most a browser keeps a cookie: check, and shorten.",
                row.retention
            )),
        ),
    };
    let declared_name = if row.wildcard {
        format!("{}*", row.name)
    } else {
        asked.to_owned()
    };
    let snippet = snippet(
        row,
        &declared_name,
        &provider,
        category,
        &lifetime,
        comment.as_deref(),
    );
    Candidate {
        platform: row.platform.clone(),
        provider,
        category: category.as_str(),
        lifetime,
        domain: row.domain.clone(),
        wildcard: row.wildcard,
        snippet,
    }
}

/// A Rust string literal.
fn lit(text: &str) -> String {
    format!("{text:?}")
}

fn snippet(
    row: &Row,
    name: &str,
    provider: &str,
    category: Category,
    lifetime: &str,
    comment: Option<&str>,
) -> Option<String> {
    match parse_name(name) {
        Ok(NameShape::Exact(_) | NameShape::Pattern { .. }) => {}
        Err(_) => return None,
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// From the Open Cookie Database: {} ({}).",
        row.platform, row.category
    );
    if let Some(comment) = comment {
        let _ = writeln!(out, "// {comment}");
    }
    let service = if row.platform.is_empty() {
        provider
    } else {
        &row.platform
    };
    let purpose = if row.description.is_empty() {
        "TODO: describe why the cookie is set"
    } else {
        &row.description
    };
    let _ = write!(
        out,
        "#[cookie(name = {}, provider = {}, service = {}, purpose = {}, category = {}, lifetime = {}",
        lit(name),
        lit(if provider.is_empty() {
            "TODO"
        } else {
            provider
        }),
        lit(if service.is_empty() { "TODO" } else { service }),
        lit(purpose),
        lit(category.as_str()),
        lit(lifetime),
    );
    let third_party =
        row.third_party && !row.domain.is_empty() && check_domain(&row.domain).is_ok();
    if third_party {
        let _ = write!(out, ", third_party = {}", lit(&row.domain));
    }
    // What the name's prefix requires (`__Secure-`, `__Host-`, `__Http-`: RFC 6265bis §4.1.3
    // and layered cookies), or browsers drop the cookie and the derive refuses it.
    let (mut secure, mut http_only, mut root_path) = (false, false, false);
    attributes::check(name, &Attributes::default(), |breach| match breach {
        Breach::PrefixWithoutSecure(_) => secure = true,
        Breach::PrefixWithoutHttpOnly(_) => http_only = true,
        Breach::HostPrefixWithoutRootPath(_) => root_path = true,
        _ => {}
    });
    if secure {
        out.push_str(", secure");
    }
    if http_only {
        out.push_str(", http_only");
    }
    if root_path {
        out.push_str(", path = \"/\"");
    }
    out.push_str(")]");
    Some(out)
}

/// The text output of suggestions.
pub fn text(suggestions: &[Suggestion]) -> String {
    let mut out = String::new();
    for s in suggestions {
        let _ = writeln!(out, "{}: {} candidate(s)", s.name, s.candidates.len());
        if let Some(note) = &s.note {
            let _ = writeln!(out, "  note: {note}");
        }
        for c in &s.candidates {
            let _ = writeln!(
                out,
                "  - {} ({}, {}, {}{}{})",
                c.platform,
                c.provider,
                c.category,
                c.lifetime,
                if c.domain.is_empty() {
                    String::new()
                } else {
                    format!(", {}", c.domain)
                },
                if c.wildcard { ", prefix" } else { "" }
            );
            match &c.snippet {
                Some(snippet) => {
                    for line in snippet.lines() {
                        let _ = writeln!(out, "      {line}");
                    }
                }
                None => {
                    let _ = writeln!(
                        out,
                        "      (not a valid cookie name: it cannot be declared)"
                    );
                }
            }
        }
    }
    out
}
