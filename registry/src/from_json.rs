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
use cookie_registry_rules::category::{Category, ExemptionBreach, check_exemption};
use cookie_registry_rules::domain::{check_domain, check_path};
use cookie_registry_rules::lifetime::{self, BROWSER_CAP, Lifetime};
use cookie_registry_rules::name::{self, NameShape, common_match};
use cookie_registry_rules::table::plan;
use serde::{Deserialize, Serialize};

use crate::__private::{RawDeclaration, declaration};
use crate::declaration::{Declaration, Party, Text};
use crate::index::NameIndex;
use crate::registry::{Registry, RegistryPart};
use crate::validation::lint::breach_message;

/// The schema of the policy JSON, which [`Registry::from_policy_json`] reads.
pub const POLICY_SCHEMA: &str = "cookie-registry/policy/1";

/// The schema of [`Registry::declarations_json`], which [`Registry::from_json`] reads too.
pub const DECLARATIONS_SCHEMA: &str = "cookie-registry/declarations/1";

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
                "schema `{found}` is neither `{DECLARATIONS_SCHEMA}` nor `{POLICY_SCHEMA}`: write the file with `registry.declarations_json()` or `registry.policy().json()`"
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
struct Head {
    schema: String,
}

#[derive(Deserialize)]
struct Document {
    registry_version: String,
    language: String,
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct Group {
    cookies: Vec<Cookie>,
}

/// `cookie-registry/declarations/1`: every declaration, every text in every language.
#[derive(Serialize, Deserialize)]
struct Declarations {
    schema: String,
    registry_version: String,
    /// The declared languages, in order; empty when texts are plain.
    languages: Vec<String>,
    cookies: Vec<Cookie>,
}

/// A text: plain, or one entry per language (in the document's `languages` order).
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum TextJson {
    Plain(String),
    ByLanguage(std::collections::BTreeMap<String, String>),
}

#[derive(Serialize, Deserialize)]
struct Cookie {
    name: String,
    #[serde(default, skip_deserializing)]
    pattern: Option<PatternJson>,
    provider: String,
    provider_url: Option<String>,
    service: TextJson,
    purpose: TextJson,
    category: String,
    consent_required: bool,
    consent_exempt: bool,
    lifetime: LifetimeJson,
    party: PartyJson,
    attributes: AttributesJson,
}

/// Written for readers; the name is what is read (its `*` gives the pattern).
#[derive(Serialize)]
struct PatternJson {
    prefix: String,
    suffix: String,
}

#[derive(Serialize, Deserialize)]
struct LifetimeJson {
    session: bool,
    #[serde(default, skip_deserializing)]
    seconds: Option<u64>,
    amount: Option<u64>,
    unit: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct PartyJson {
    first: bool,
    domain: Option<String>,
}

#[derive(Serialize, Deserialize)]
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
    languages: &[&'static str],
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
    }
    if let (true, Some(category)) = (c.consent_exempt, category) {
        let seconds = lifetime.and_then(Lifetime::seconds);
        check_exemption(category, !c.party.first, seconds, |breach| {
            problem(
                match breach {
                    ExemptionBreach::NotStatistics => {
                        "consent_exempt applies only to statistics cookies"
                    }
                    ExemptionBreach::ThirdParty => "a consent-exempt cookie must be first party",
                    ExemptionBreach::OverThirteenMonths => {
                        "a consent-exempt cookie may live at most 13 months"
                    }
                }
                .to_owned()
                    + " (CNIL délibération 2020-091)",
            )
        });
    }
    if let Some(category) = category {
        let needed = category.requires_consent(c.consent_exempt);
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
    // Texts: plain ones take the document's one language (a policy page's), or none; texts
    // per language need every declared language, and no other.
    let mut texts = |field: &str, t: TextJson| -> Option<Vec<(&'static str, String)>> {
        match t {
            TextJson::Plain(text) if languages.len() <= 1 => {
                Some(vec![(languages.first().copied().unwrap_or(""), text)])
            }
            TextJson::Plain(_) => {
                problem(format!(
                    "its {field} is one plain text, but the registry declares the languages {}",
                    languages.join(", ")
                ));
                None
            }
            TextJson::ByLanguage(mut map) => {
                let entries: Vec<(&'static str, String)> = languages
                    .iter()
                    .filter_map(|&l| map.remove(l).map(|t| (l, t)))
                    .collect();
                if entries.len() != languages.len() || !map.is_empty() {
                    problem(format!(
                        "its {field} must have exactly the declared languages ({})",
                        languages.join(", ")
                    ));
                    return None;
                }
                Some(entries)
            }
        }
    };
    let service = texts("service", c.service);
    let purpose = texts("purpose", c.purpose);
    if problems.len() > start {
        return None;
    }
    let (category, lifetime, party, same_site) = (category?, lifetime?, party?, same_site?);
    let text = |entries: Option<Vec<(&'static str, String)>>| -> Text {
        let entries: Vec<(&'static str, &'static str)> = entries
            .unwrap_or_default()
            .into_iter()
            .map(|(l, t)| (l, leak(t)))
            .collect();
        Text::__new(Box::leak(entries.into_boxed_slice()))
    };
    let name = leak(c.name);
    Some(declaration(RawDeclaration {
        name,
        pattern: pattern.map(|(p, s)| (leak(p), leak(s))),
        registry: JSON_REGISTRY_NAME,
        variant: name,
        provider: leak(c.provider),
        provider_url: c.provider_url.map(leak),
        service: text(service),
        purpose: text(purpose),
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
        let head: Head = serde_json::from_str(json).map_err(FromJsonError::Syntax)?;
        if head.schema != POLICY_SCHEMA {
            return Err(FromJsonError::Schema { found: head.schema });
        }
        Registry::from_json(json)
    }

    /// The registry that a declarations document (`cookie-registry/declarations/1`, written
    /// by [`declarations_json`](Registry::declarations_json)) or a policy JSON
    /// (`cookie-registry/policy/1`, see [`from_policy_json`](Registry::from_policy_json))
    /// describes, told apart by their `schema`. From a declarations document the registry has
    /// every text in every declared language. (Feature `json`.)
    ///
    /// # Errors
    ///
    /// As [`from_policy_json`](Registry::from_policy_json); a text per language must have
    /// exactly the declared languages.
    ///
    /// ```
    /// use cookie_registry::{CookieRegistry, Registry};
    /// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    /// #[registry(provider = "Site", languages("fr", "en"))]
    /// enum Site {
    ///     #[cookie(name = "lang", category = "necessary", lifetime = "1y",
    ///         service(fr = "Langue", en = "Language"), purpose(fr = "Retenir la langue", en = "Remember the language"))]
    ///     Lang,
    /// }
    /// let read = Registry::from_json(&Site::registry().declarations_json())?;
    /// assert_eq!(read.languages(), ["fr", "en"]);
    /// assert_eq!(read.lookup("lang").unwrap().service().get("en"), "Language");
    /// assert_eq!(read.version(), Site::registry().version());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(json: &str) -> Result<&'static Registry, FromJsonError> {
        let head: Head = serde_json::from_str(json).map_err(FromJsonError::Syntax)?;
        let (version_text, languages, cookies): (String, Vec<&'static str>, Vec<Cookie>) =
            match head.schema.as_str() {
                POLICY_SCHEMA => {
                    let d: Document = serde_json::from_str(json).map_err(FromJsonError::Syntax)?;
                    let cookies = d.groups.into_iter().flat_map(|g| g.cookies).collect();
                    (d.registry_version, vec![leak(d.language)], cookies)
                }
                DECLARATIONS_SCHEMA => {
                    let d: Declarations =
                        serde_json::from_str(json).map_err(FromJsonError::Syntax)?;
                    (
                        d.registry_version,
                        d.languages.into_iter().map(leak).collect(),
                        d.cookies,
                    )
                }
                _ => return Err(FromJsonError::Schema { found: head.schema }),
            };
        let version = (version_text.len() == 16
            && version_text
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .then(|| u64::from_str_radix(&version_text, 16).ok())
        .flatten()
        .ok_or_else(|| FromJsonError::Version {
            found: version_text.clone(),
        })?;
        let mut problems = Vec::new();
        let declarations: Vec<Declaration> = cookies
            .into_iter()
            .filter_map(|c| declaration_of(c, &languages, &mut problems))
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
        let languages: &'static [&'static str] = Box::leak(languages.into_boxed_slice());
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

fn text_json(text: &Text) -> TextJson {
    if text.is_plain() {
        TextJson::Plain(text.default_text().to_owned())
    } else {
        TextJson::ByLanguage(
            text.entries()
                .iter()
                .map(|&(l, t)| (l.to_owned(), t.to_owned()))
                .collect(),
        )
    }
}

impl Registry {
    /// Every declaration with every text in every declared language, as JSON (schema
    /// `cookie-registry/declarations/1`): what the consent-manager exports and the
    /// `cookie-registry` command read ([`Registry::from_json`] reads it back). (Feature
    /// `json`.)
    ///
    /// `{"schema", "registry_version", "languages": [...], "cookies": [{"name", "pattern",
    /// "provider", "provider_url", "service", "purpose", "category", "consent_required",
    /// "consent_exempt", "lifetime": {"session", "seconds", "amount", "unit"}, "party":
    /// {"first", "domain"}, "attributes": {"secure", "http_only", "same_site", "path",
    /// "domain", "partitioned"}}]}`; `service` and `purpose` are strings for plain texts, and
    /// objects keyed by language otherwise.
    ///
    /// ```
    /// use cookie_registry::{CookieRegistry, Registry};
    /// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    /// #[registry(provider = "Site", languages("fr", "en"))]
    /// enum Site {
    ///     #[cookie(name = "lang", category = "necessary", lifetime = "session",
    ///         service(fr = "Langue", en = "Language"),
    ///         purpose(fr = "Retenir la langue", en = "Remember the language"))]
    ///     Lang,
    /// }
    /// let json = Site::registry().declarations_json();
    /// let document: serde_json::Value = serde_json::from_str(&json)?;
    /// assert_eq!(document["schema"], "cookie-registry/declarations/1");
    /// assert_eq!(document["cookies"][0]["service"]["en"], "Language");
    /// // Read back, it declares the same cookies.
    /// let read = Registry::from_json(&json).unwrap();
    /// assert_eq!(read.version(), Site::registry().version());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn declarations_json(&self) -> String {
        let document = Declarations {
            schema: DECLARATIONS_SCHEMA.to_owned(),
            registry_version: format!("{:016x}", self.version()),
            languages: self.languages().iter().map(|l| (*l).to_owned()).collect(),
            cookies: self
                .declarations()
                .map(|d| {
                    let (amount, unit) = match d.lifetime() {
                        Lifetime::Session => (None, None),
                        Lifetime::Duration { amount, unit } => {
                            (Some(amount), Some(unit.suffix().to_owned()))
                        }
                    };
                    Cookie {
                        name: d.name().to_owned(),
                        pattern: d.pattern().map(|p| PatternJson {
                            prefix: p.prefix().to_owned(),
                            suffix: p.suffix().to_owned(),
                        }),
                        provider: d.provider().to_owned(),
                        provider_url: d.provider_url().map(str::to_owned),
                        service: text_json(d.service()),
                        purpose: text_json(d.purpose()),
                        category: d.category().as_str().to_owned(),
                        consent_required: d.requires_consent(),
                        consent_exempt: d.is_consent_exempt(),
                        lifetime: LifetimeJson {
                            session: d.lifetime().is_session(),
                            seconds: d.lifetime().seconds(),
                            amount,
                            unit,
                        },
                        party: PartyJson {
                            first: d.party().is_first(),
                            domain: d.party().domain().map(str::to_owned),
                        },
                        attributes: AttributesJson {
                            secure: d.secure(),
                            http_only: d.http_only(),
                            same_site: d.same_site().map(|s| s.as_str().to_owned()),
                            path: d.path().map(str::to_owned),
                            domain: d.domain().map(str::to_owned),
                            partitioned: d.partitioned(),
                        },
                    }
                })
                .collect(),
        };
        // Plain structs of strings, numbers and options: serialization cannot fail.
        let mut json = serde_json::to_string_pretty(&document).unwrap_or_default();
        json.push('\n');
        json
    }
}
