//! The declaration model: what one `#[cookie(...)]` says about a cookie.

use core::fmt;

pub use cookie_registry_rules::attributes::SameSite;
pub use cookie_registry_rules::category::{Category, UnknownCategory};
pub use cookie_registry_rules::lifetime::{Lifetime, Unit as LifetimeUnit};

/// Who sets the cookie, relative to the site.
///
/// ```
/// use cookie_registry::Party;
/// assert!(Party::First.is_first());
/// assert_eq!(Party::Third { domain: "matomo.cloud" }.domain(), Some("matomo.cloud"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Party {
    /// Set by the site itself (the default).
    First,
    /// Set by (or for) another site.
    Third {
        /// The domain that sets it.
        domain: &'static str,
    },
}

impl Party {
    /// Whether the site sets it itself.
    pub const fn is_first(self) -> bool {
        matches!(self, Party::First)
    }

    /// The third party's domain.
    pub const fn domain(self) -> Option<&'static str> {
        match self {
            Party::First => None,
            Party::Third { domain } => Some(domain),
        }
    }
}

/// A declared text (service, purpose) in one or more languages.
///
/// [`get`](Text::get) falls back in this order: the exact language tag (ASCII case-insensitive),
/// then a tag with the same primary language (`fr-CA` finds `fr`, `fr` finds `fr-FR`), then the
/// registry's first declared language. A registry without `languages(...)` has one plain text,
/// returned for every language.
///
/// ```
/// use cookie_registry::{CookieRegistry, Text};
/// #[derive(CookieRegistry, Clone, Copy, PartialEq, Eq, Debug)]
/// #[registry(provider = "Example", languages("fr", "en"))]
/// enum Cookies {
///     #[cookie(name = "sessionid", category = "necessary", lifetime = "14d",
///         service(fr = "Authentification", en = "Authentication"),
///         purpose(fr = "Se souvenir de vous", en = "Remember you"))]
///     Session,
/// }
/// let service: &Text = Cookies::Session.declaration().service();
/// assert_eq!(service.get("en"), "Authentication");
/// assert_eq!(service.get("fr-CA"), "Authentification");
/// assert_eq!(service.get("de"), "Authentification");
/// assert_eq!(service.get_exact("de"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Text {
    entries: &'static [(&'static str, &'static str)],
}

fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

impl Text {
    #[doc(hidden)]
    pub const fn __new(entries: &'static [(&'static str, &'static str)]) -> Self {
        Text { entries }
    }

    /// The text in `language`, with the fallback described on [`Text`].
    pub fn get(&self, language: &str) -> &'static str {
        self.get_matching(language)
            .unwrap_or_else(|| self.default_text())
    }

    /// The text in `language` or a tag with the same primary language, without falling back
    /// to another language; `None` also for a plain text.
    ///
    /// ```
    /// # use cookie_registry::CookieRegistry;
    /// # #[derive(CookieRegistry, Clone, Copy, PartialEq, Eq, Debug)]
    /// # #[registry(provider = "Example", languages("fr", "en"))]
    /// # enum Cookies {
    /// #     #[cookie(name = "sessionid", category = "necessary", lifetime = "14d",
    /// #         service(fr = "Authentification", en = "Authentication"),
    /// #         purpose(fr = "Se souvenir de vous", en = "Remember you"))]
    /// #     Session,
    /// # }
    /// let service = Cookies::Session.declaration().service();
    /// assert_eq!(service.get_matching("en-GB"), Some("Authentication"));
    /// assert_eq!(service.get_matching("de"), None);
    /// ```
    pub fn get_matching(&self, language: &str) -> Option<&'static str> {
        self.get_exact(language).or_else(|| {
            let wanted = primary(language);
            self.entries
                .iter()
                .find(|(tag, _)| !tag.is_empty() && primary(tag).eq_ignore_ascii_case(wanted))
                .map(|&(_, text)| text)
        })
    }

    /// The text in exactly `language` (ASCII case-insensitive), without fallback.
    pub fn get_exact(&self, language: &str) -> Option<&'static str> {
        self.entries
            .iter()
            .find(|(tag, _)| tag.eq_ignore_ascii_case(language))
            .map(|&(_, text)| text)
    }

    /// The text in the registry's first language, or the plain text.
    pub fn default_text(&self) -> &'static str {
        self.entries.first().map_or("", |&(_, text)| text)
    }

    /// Whether the text was declared as a plain string, without languages.
    pub fn is_plain(&self) -> bool {
        matches!(self.entries, [("", _)])
    }

    /// The `(language, text)` pairs, in declaration order; the language is `""` for a plain
    /// text.
    pub fn entries(&self) -> &'static [(&'static str, &'static str)] {
        self.entries
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.default_text())
    }
}

/// A name pattern with one `*`, which stands for one or more characters.
///
/// ```
/// use cookie_registry::{CookieRegistry, NamePattern};
/// #[derive(CookieRegistry, Clone, Copy, PartialEq, Eq, Debug)]
/// #[registry(provider = "Matomo")]
/// enum Cookies {
///     #[cookie(name = "_pk_id.*", category = "statistics", lifetime = "13mo", consent_exempt,
///         service = "Audience measurement", purpose = "Count visits")]
///     AudienceId,
/// }
/// let pattern: NamePattern = Cookies::AudienceId.declaration().pattern().unwrap();
/// assert_eq!((pattern.prefix(), pattern.suffix()), ("_pk_id.", ""));
/// assert!(pattern.matches("_pk_id.1a2b"));
/// assert!(!pattern.matches("_pk_id."));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NamePattern {
    pub(crate) prefix: &'static str,
    pub(crate) suffix: &'static str,
}

impl NamePattern {
    /// What matching names start with.
    pub const fn prefix(self) -> &'static str {
        self.prefix
    }

    /// What matching names end with.
    pub const fn suffix(self) -> &'static str {
        self.suffix
    }

    /// Whether `name` matches.
    #[inline]
    pub fn matches(self, name: &str) -> bool {
        cookie_registry_rules::name::pattern_matches(self.prefix, self.suffix, name)
    }
}

/// Everything one `#[cookie(...)]` declares about a cookie.
///
/// Declarations are made by `#[derive(CookieRegistry)]` and live in `static`s; get one with
/// [`CookieRegistry::declaration`](crate::CookieRegistry::declaration) or
/// [`Registry::lookup`](crate::Registry::lookup).
///
/// ```
/// use cookie_registry::{Category, CookieRegistry, Lifetime, LifetimeUnit, SameSite};
/// #[derive(CookieRegistry, Clone, Copy, PartialEq, Eq, Debug)]
/// #[registry(provider = "Opendatasoft")]
/// enum Cookies {
///     #[cookie(name = "sessionid", category = "necessary", lifetime = "14d", http_only,
///         same_site = "lax", path = "/", service = "Authentication",
///         purpose = "Remember the user from one page to the next.")]
///     Session,
/// }
/// let d = Cookies::Session.declaration();
/// assert_eq!(d.name(), "sessionid");
/// assert_eq!(d.provider(), "Opendatasoft");
/// assert_eq!(d.category(), Category::Necessary);
/// assert_eq!(d.lifetime(), Lifetime::Duration { amount: 14, unit: LifetimeUnit::Day });
/// assert!(d.http_only() && !d.secure());
/// assert_eq!(d.same_site(), Some(SameSite::Lax));
/// assert!(!d.requires_consent());
/// ```
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Declaration {
    pub(crate) name: &'static str,
    pub(crate) pattern: Option<NamePattern>,
    pub(crate) registry: &'static str,
    pub(crate) variant: &'static str,
    pub(crate) provider: &'static str,
    pub(crate) provider_url: Option<&'static str>,
    pub(crate) service: Text,
    pub(crate) purpose: Text,
    pub(crate) category: Category,
    pub(crate) lifetime: Lifetime,
    pub(crate) party: Party,
    pub(crate) consent_exempt: bool,
    pub(crate) secure: bool,
    pub(crate) http_only: bool,
    pub(crate) same_site: Option<SameSite>,
    pub(crate) path: Option<&'static str>,
    pub(crate) domain: Option<&'static str>,
    pub(crate) partitioned: bool,
}

impl Declaration {
    /// The declared name or pattern, as written (`sessionid`, `_ga_*`).
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The pattern, when the name has a `*`.
    pub const fn pattern(&self) -> Option<NamePattern> {
        self.pattern
    }

    /// Whether the cookie called `name` is this one: the same name, or a match of the pattern.
    pub fn matches(&self, name: &str) -> bool {
        match self.pattern {
            Some(p) => p.matches(name),
            None => self.name == name,
        }
    }

    /// The name of the registry (the enum) that declares it.
    pub const fn registry_name(&self) -> &'static str {
        self.registry
    }

    /// The name of the enum variant (or constant) that declares it.
    pub const fn variant_name(&self) -> &'static str {
        self.variant
    }

    /// Who provides the cookie (`Opendatasoft`, `Matomo`).
    pub const fn provider(&self) -> &'static str {
        self.provider
    }

    /// A link to the provider's privacy information, if declared.
    pub const fn provider_url(&self) -> Option<&'static str> {
        self.provider_url
    }

    /// The service and where it runs ("Authentification (front et back office)").
    pub const fn service(&self) -> &Text {
        &self.service
    }

    /// Why the cookie is set.
    pub const fn purpose(&self) -> &Text {
        &self.purpose
    }

    /// Its category.
    pub const fn category(&self) -> Category {
        self.category
    }

    /// How long browsers keep it.
    pub const fn lifetime(&self) -> Lifetime {
        self.lifetime
    }

    /// First or third party.
    pub const fn party(&self) -> Party {
        self.party
    }

    /// Whether it is declared exempt from consent as first-party audience measurement (CNIL).
    pub const fn is_consent_exempt(&self) -> bool {
        self.consent_exempt
    }

    /// Whether visitors must consent before it is set: false for necessary cookies and for
    /// consent-exempt statistics, true for everything else.
    pub const fn requires_consent(&self) -> bool {
        self.category.requires_consent(self.consent_exempt)
    }

    /// Whether the cookie must carry `Secure`.
    pub const fn secure(&self) -> bool {
        self.secure
    }

    /// Whether the cookie must carry `HttpOnly`.
    pub const fn http_only(&self) -> bool {
        self.http_only
    }

    /// The `SameSite` it must carry, if declared.
    pub const fn same_site(&self) -> Option<SameSite> {
        self.same_site
    }

    /// The `Path` it must carry, if declared.
    pub const fn path(&self) -> Option<&'static str> {
        self.path
    }

    /// The `Domain` it must carry, if declared.
    pub const fn domain(&self) -> Option<&'static str> {
        self.domain
    }

    /// Whether it must carry `Partitioned` (CHIPS).
    pub const fn partitioned(&self) -> bool {
        self.partitioned
    }
}
