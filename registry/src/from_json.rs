//! A [`Registry`] built at run time from the policy JSON (`cookie-registry/policy/1`, written by
//! [`Policy::json`](crate::policy::Policy::json)). (Feature `json`.)
//!
//! The declarations are checked with the same rules as the derive's (name grammar, prefixes,
//! `SameSite=None` without `Secure`, the 400-day cap, the CNIL exemption, duplicates), and the
//! lookup tables are laid out by the same plan
//! ([`cookie_registry_rules::table::plan`]), so that lookups and checks behave as they do on the
//! registry the JSON was rendered from.

use std::fmt;

use cookie_registry_rules::attributes::{self, Attributes, SameSite};
use cookie_registry_rules::category::Category;
use cookie_registry_rules::domain::{check_domain, check_path};
use cookie_registry_rules::lifetime::{self, BROWSER_CAP, CNIL_AUDIENCE_CAP, Lifetime};
use cookie_registry_rules::name::{self, NameShape, common_match};
use cookie_registry_rules::table::plan;
use serde::Deserialize;

use crate::__private::{RawDeclaration, declaration};
use crate::declaration::{Declaration, Party, Text};
use crate::index::NameIndex;
use crate::registry::{Registry, RegistryPart};
use crate::validation::lint::breach_message;

/// The schema [`Registry::from_policy_json`] reads.
pub const POLICY_SCHEMA: &str = "cookie-registry/policy/1";

/// The registry name that declarations read from JSON carry
/// ([`Declaration::registry_name`]).
pub const JSON_REGISTRY_NAME: &str = "policy JSON";

/// Why [`Registry::from_policy_json`] refused a document.
#[derive(Debug)]
#[non_exhaustive]
pub enum FromJsonError {
    /// Not JSON, or not the shape of the schema (a field missing or of the wrong type).
    Syntax(serde_json::Error),
    /// The document's `schema` is not [`POLICY_SCHEMA`].
    Schema {
        /// The schema the document names.
        found: String,
    },
    /// `registry_version` is not 16 lowercase hexadecimal digits.
    Version {
        /// What the document holds.
        found: String,
    },
    /// Declarations that break the rules the derive enforces: every one, in document order.
    Declarations(Vec<Problem>),
}

/// One declaration of a JSON document that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The declared name or pattern.
    pub name: String,
    /// What is wrong, and the rule (RFC 6265bis section or CNIL deliberation).
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cookie `{}`: {}", self.name, self.message)
    }
}

impl fmt::Display for FromJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FromJsonError::Syntax(e) => write!(f, "not a {POLICY_SCHEMA} document: {e}"),
            FromJsonError::Schema { found } => write!(
                f,
                "schema `{found}` is not `{POLICY_SCHEMA}`: write the file with `registry.policy().json()`"
            ),
            FromJsonError::Version { found } => write!(
                f,
                "registry_version `{found}` is not 16 lowercase hexadecimal digits"
            ),
            FromJsonError::Declarations(problems) => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for FromJsonError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FromJsonError::Syntax(e) => Some(e),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
struct Document {
    schema: String,
    registry_version: String,
    language: String,
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct Group {
    cookies: Vec<Cookie>,
}

#[derive(Deserialize)]
struct Cookie {
    name: String,
    provider: String,
    provider_url: Option<String>,
    service: String,
    purpose: String,
    category: String,
    consent_required: bool,
    consent_exempt: bool,
    lifetime: LifetimeJson,
    party: PartyJson,
    attributes: AttributesJson,
}

#[derive(Deserialize)]
struct LifetimeJson {
    session: bool,
    amount: Option<u64>,
    unit: Option<String>,
}

#[derive(Deserialize)]
struct PartyJson {
    first: bool,
    domain: Option<String>,
}

#[derive(Deserialize)]
struct AttributesJson {
    secure: bool,
    http_only: bool,
    same_site: Option<String>,
    path: Option<String>,
    domain: Option<String>,
    partitioned: bool,
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Checks one cookie and builds its declaration; `None` after recording its problems.
fn declaration_of(
    c: Cookie,
    language: &'static str,
    problems: &mut Vec<Problem>,
) -> Option<Declaration> {
    let start = problems.len();
    let mut problem = |message: String| {
        problems.push(Problem {
            name: c.name.clone(),
            message,
        })
    };
    let pattern = match name::parse_name(&c.name) {
        Ok(NameShape::Exact(_)) => None,
        Ok(NameShape::Pattern { prefix, suffix }) => Some((prefix.to_owned(), suffix.to_owned())),
        Err(e) => {
            problem(format!("invalid name: {e} (RFC 6265bis §4.1.1)"));
            None
        }
    };
    let category = Category::from_name(&c.category);
    if category.is_none() {
        problem(format!(
            "unknown category `{}`: write necessary, preferences, statistics or marketing",
            c.category
        ));
    }
    let lifetime = match (&c.lifetime.amount, &c.lifetime.unit) {
        _ if c.lifetime.session => Some(Lifetime::Session),
        (Some(amount), Some(unit)) => match lifetime::parse(&format!("{amount}{unit}")) {
            Ok(l) => Some(l),
            Err(e) => {
                problem(format!("invalid lifetime `{amount}{unit}`: {e}"));
                None
            }
        },
        _ => {
            problem("a lifetime that is not a session needs `amount` and `unit`".to_owned());
            None
        }
    };
    if let Some(seconds) = lifetime.and_then(Lifetime::seconds) {
        if seconds > BROWSER_CAP {
            problem(
                "lifetime over the 400-day cap: browsers keep a cookie at most 400 days (RFC 6265bis §5.5)"
                    .to_owned(),
            );
        }
        if c.consent_exempt && seconds > CNIL_AUDIENCE_CAP {
            problem(
                "a consent-exempt cookie may live at most 13 months (CNIL délibération 2020-091)"
                    .to_owned(),
            );
        }
    }
    if c.consent_exempt && category.is_some_and(|c| c != Category::Statistics) {
        problem(
            "consent_exempt applies only to statistics cookies (CNIL délibération 2020-091)"
                .to_owned(),
        );
    }
    if let Some(category) = category {
        // As `Declaration::requires_consent`: necessary cookies and consent-exempt statistics
        // need none.
        let needed = !(category == Category::Necessary
            || (category == Category::Statistics && c.consent_exempt));
        if needed != c.consent_required {
            problem(format!(
                "consent_required is {}, but a {category} cookie{} {} consent",
                c.consent_required,
                if c.consent_exempt {
                    " declared consent-exempt"
                } else {
                    ""
                },
                if needed { "needs" } else { "needs no" }
            ));
        }
    }
    let party = match (c.party.first, c.party.domain) {
        (true, None) => Some(Party::First),
        (false, Some(domain)) => match check_domain(&domain) {
            Ok(()) => Some(Party::Third {
                domain: leak(domain),
            }),
            Err(e) => {
                problem(format!("invalid third-party domain `{domain}`: {e}"));
                None
            }
        },
        (true, Some(_)) => {
            problem("a first-party cookie has no party domain".to_owned());
            None
        }
        (false, None) => {
            problem("a third-party cookie needs its party domain".to_owned());
            None
        }
    };
    if c.consent_exempt && !c.party.first {
        problem(
            "a consent-exempt cookie must be first party (CNIL délibération 2020-091)".to_owned(),
        );
    }
    let same_site = match c.attributes.same_site.as_deref().map(SameSite::parse) {
        None => Some(None),
        Some(Some(s)) => Some(Some(s)),
        Some(None) => {
            problem(
                "unknown SameSite: write Strict, Lax or None (RFC 6265bis §4.1.2.7)".to_owned(),
            );
            None
        }
    };
    if let Some(path) = &c.attributes.path {
        if let Err(e) = check_path(path) {
            problem(format!("invalid path `{path}`: {e} (RFC 6265bis §4.1.2.4)"));
        }
    }
    if let Some(domain) = &c.attributes.domain {
        if let Err(e) = check_domain(domain) {
            problem(format!(
                "invalid domain `{domain}`: {e} (RFC 6265bis §4.1.2.3)"
            ));
        }
    }
    attributes::check(
        &c.name,
        &Attributes {
            secure: c.attributes.secure,
            http_only: c.attributes.http_only,
            same_site_none: same_site == Some(Some(SameSite::None)),
            partitioned: c.attributes.partitioned,
            domain: c.attributes.domain.as_deref(),
            path: c.attributes.path.as_deref(),
        },
        |breach| problem(format!("{} ({})", breach_message(breach), breach.code())),
    );
    if problems.len() > start {
        return None;
    }
    let (category, lifetime, party, same_site) = (category?, lifetime?, party?, same_site?);
    let text = |t: String| -> Text {
        let entries: &'static [(&'static str, &'static str)] =
            Box::leak(Box::new([(language, leak(t))]));
        Text::__new(entries)
    };
    let name = leak(c.name);
    Some(declaration(RawDeclaration {
        name,
        pattern: pattern.map(|(p, s)| (leak(p), leak(s))),
        registry: JSON_REGISTRY_NAME,
        variant: name,
        provider: leak(c.provider),
        provider_url: c.provider_url.map(leak),
        service: text(c.service),
        purpose: text(c.purpose),
        category,
        lifetime,
        party,
        consent_exempt: c.consent_exempt,
        secure: c.attributes.secure,
        http_only: c.attributes.http_only,
        same_site,
        path: c.attributes.path.map(leak),
        domain: c.attributes.domain.map(leak),
        partitioned: c.attributes.partitioned,
    }))
}

/// The same exact name twice, or two patterns that can match one name.
fn duplicates(declarations: &[Declaration], problems: &mut Vec<Problem>) {
    let mut exact = std::collections::HashSet::new();
    let mut patterns: Vec<&Declaration> = Vec::new();
    for d in declarations {
        match d.pattern() {
            None => {
                if !exact.insert(d.name()) {
                    problems.push(Problem {
                        name: d.name().to_owned(),
                        message: "declared twice".to_owned(),
                    });
                }
            }
            Some(p) => {
                for earlier in &patterns {
                    let q = earlier.pattern().unwrap_or(p);
                    if let Some(example) =
                        common_match((q.prefix(), q.suffix()), (p.prefix(), p.suffix()))
                    {
                        problems.push(Problem {
                            name: d.name().to_owned(),
                            message: format!(
                                "`{}` and `{}` both match `{example}`: a cookie has one declaration",
                                earlier.name(),
                                d.name()
                            ),
                        });
                    }
                }
                patterns.push(d);
            }
        }
    }
}

impl Registry {
    /// The registry that a policy JSON (`cookie-registry/policy/1`, written by
    /// [`Policy::json`](crate::policy::Policy::json)) describes: the same declarations, looked
    /// up and checked by the same code as the derive's. Its texts are those of the page's
    /// language, and its [`version`](Registry::version) is the document's `registry_version`.
    /// (Feature `json`.)
    ///
    /// The registry lives as long as the program, like a derived one: its declarations are
    /// allocated once and never freed. Build it once (a command, a test), not per request.
    ///
    /// # Errors
    ///
    /// A document that is not JSON or not of the schema, or declarations that the derive
    /// would refuse: [`FromJsonError::Declarations`] lists every one.
    ///
    /// ```
    /// use cookie_registry::{CookieRegistry, Registry};
    /// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    /// #[registry(provider = "Site")]
    /// enum Site {
    ///     #[cookie(name = "sessionid", service = "Login", purpose = "Remember the user",
    ///         category = "necessary", lifetime = "14d", http_only, same_site = "lax")]
    ///     Session,
    ///     #[cookie(name = "_pk_id.*", provider = "Matomo", service = "Statistics",
    ///         purpose = "Count visits", category = "statistics", lifetime = "13mo",
    ///         consent_exempt)]
    ///     Audience,
    /// }
    ///
    /// let json = Site::registry().policy().json()?;
    /// let read = Registry::from_policy_json(&json)?;
    /// assert_eq!(read.version(), Site::registry().version());
    /// assert_eq!(read.lookup("_pk_id.1a2b").unwrap().provider(), "Matomo");
    /// assert!(read.lookup("sessionid").unwrap().http_only());
    /// assert!(read.lookup("_ga").is_none());
    ///
    /// let lie = json.replace(r#""category": "statistics""#, r#""category": "necessary""#);
    /// let err = Registry::from_policy_json(&lie).unwrap_err();
    /// assert!(err.to_string().contains("consent_exempt applies only to statistics"), "{err}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_policy_json(json: &str) -> Result<&'static Registry, FromJsonError> {
        let document: Document = serde_json::from_str(json).map_err(FromJsonError::Syntax)?;
        if document.schema != POLICY_SCHEMA {
            return Err(FromJsonError::Schema {
                found: document.schema,
            });
        }
        let version = &document.registry_version;
        let version = (version.len() == 16
            && version
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .then(|| u64::from_str_radix(version, 16).ok())
        .flatten()
        .ok_or_else(|| FromJsonError::Version {
            found: document.registry_version.clone(),
        })?;
        let language = leak(document.language);
        let mut problems = Vec::new();
        let declarations: Vec<Declaration> = document
            .groups
            .into_iter()
            .flat_map(|g| g.cookies)
            .filter_map(|c| declaration_of(c, language, &mut problems))
            .collect();
        duplicates(&declarations, &mut problems);
        if !problems.is_empty() {
            return Err(FromJsonError::Declarations(problems));
        }
        let declarations: &'static [Declaration] = Box::leak(declarations.into_boxed_slice());
        let names: Vec<(&str, Option<(&str, &str)>)> = declarations
            .iter()
            .map(|d| (d.name(), d.pattern().map(|p| (p.prefix(), p.suffix()))))
            .collect();
        let plan = plan(&names);
        let exact: Vec<(&'static str, u32)> = plan
            .exact
            .iter()
            .map(|slot| slot.map_or(("", 0), |i| (declarations[i].name(), i as u32)))
            .collect();
        let pattern_slots = |slots: &[Option<usize>], by_prefix: bool| {
            let slots: Vec<(&'static str, &'static str, u32)> = slots
                .iter()
                .map(|slot| match *slot {
                    Some(i) => {
                        let p = declarations[i].pattern().expect("a pattern slot");
                        let (key, second) = if by_prefix {
                            (p.prefix(), p.suffix())
                        } else {
                            (p.suffix(), "")
                        };
                        (key, second, i as u32)
                    }
                    None => ("", "", 0),
                })
                .collect();
            &*Box::leak(slots.into_boxed_slice())
        };
        let index = NameIndex::__new(
            Box::leak(exact.into_boxed_slice()),
            pattern_slots(&plan.prefixes, true),
            Box::leak(plan.prefix_lens.into_boxed_slice()),
            plan.first_bytes,
            pattern_slots(&plan.suffixes, false),
            Box::leak(plan.suffix_lens.into_boxed_slice()),
            plan.last_bytes,
            plan.min_pattern_len,
        );
        let languages: &'static [&'static str] = Box::leak(Box::new([language]));
        let part: &'static RegistryPart = Box::leak(Box::new(RegistryPart::__new(
            JSON_REGISTRY_NAME,
            languages,
            declarations,
            index,
            version,
        )));
        let parts: &'static [&'static RegistryPart; 1] = Box::leak(Box::new([part]));
        Ok(Box::leak(Box::new(Registry::__single(parts))))
    }
}
