//! The declaration model: what one `#[cookie(...)]` says about a cookie.

use core::fmt;
use core::time::Duration;

pub use cookie_registry_rules::lifetime::Unit as LifetimeUnit;

/// What a cookie is for, in the four categories visitors are asked about.
///
/// The order is the order of the policy page: necessary first.
///
/// ```
/// use cookie_registry::Category;
/// assert_eq!(Category::Statistics.as_str(), "statistics");
/// assert!(Category::Necessary < Category::Marketing);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Strictly necessary to a service the visitor asked for (authentication, shopping cart,
    /// interface language, load balancing, security, the consent choice itself): no consent
    /// needed (ePrivacy art. 5(3); CNIL délibération 2020-091).
    Necessary,
    /// Remembers choices that change how the site looks or behaves.
    Preferences,
    /// Audience measurement. Consent needed unless declared `consent_exempt`.
    Statistics,
    /// Advertising, profiling, cross-site tracking. Always needs consent.
    Marketing,
}

impl Category {
    /// Every category, in page order.
    pub const ALL: [Category; 4] = [
        Category::Necessary,
        Category::Preferences,
        Category::Statistics,
        Category::Marketing,
    ];

    /// The name used in declarations: `necessary`, `preferences`, `statistics`, `marketing`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Necessary => "necessary",
            Category::Preferences => "preferences",
            Category::Statistics => "statistics",
            Category::Marketing => "marketing",
        }
    }

    /// The category named `name` as in declarations.
    ///
    /// ```
    /// use cookie_registry::Category;
    /// assert_eq!(Category::from_name("marketing"), Some(Category::Marketing));
    /// assert_eq!(Category::from_name("ads"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How long a browser keeps the cookie.
///
/// A month is a twelfth of the mean Gregorian year (2,629,746 s, 30.44 days) and a year is
/// 365.2425 days (31,556,952 s), so `12mo` equals `1y`; see
/// [`cookie_registry_rules::lifetime`].
///
/// ```
/// use cookie_registry::{Lifetime, LifetimeUnit};
/// let two_weeks = Lifetime::Duration { amount: 2, unit: LifetimeUnit::Week };
/// assert_eq!(two_weeks.seconds(), Some(1_209_600));
/// assert_eq!(two_weeks.to_string(), "2w");
/// assert_eq!(Lifetime::Session.seconds(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lifetime {
    /// Until the browser session ends: no `Max-Age` nor `Expires`.
    Session,
    /// A fixed duration, kept in the unit it was declared in (so the policy page can say
    /// "13 mois" rather than "395 jours").
    Duration {
        /// How many units.
        amount: u64,
        /// Which unit.
        unit: LifetimeUnit,
    },
}

impl Lifetime {
    /// The duration in seconds (`Max-Age`), or `None` for a session cookie. Saturates at
    /// `u64::MAX` for an amount no calendar holds (the macros refuse anything over 400 days;
    /// a `Lifetime` built by hand may say anything).
    ///
    /// ```
    /// use cookie_registry::{Lifetime, LifetimeUnit};
    /// let huge = Lifetime::Duration { amount: u64::MAX, unit: LifetimeUnit::Year };
    /// assert_eq!(huge.seconds(), Some(u64::MAX));
    /// ```
    pub const fn seconds(self) -> Option<u64> {
        match self {
            Lifetime::Session => None,
            Lifetime::Duration { amount, unit } => Some(amount.saturating_mul(unit.seconds())),
        }
    }

    /// The duration, or `None` for a session cookie.
    ///
    /// ```
    /// use cookie_registry::{Lifetime, LifetimeUnit};
    /// let d = Lifetime::Duration { amount: 30, unit: LifetimeUnit::Minute };
    /// assert_eq!(d.as_duration(), Some(std::time::Duration::from_secs(1800)));
    /// ```
    pub const fn as_duration(self) -> Option<Duration> {
        match self.seconds() {
            Some(s) => Some(Duration::from_secs(s)),
            None => None,
        }
    }

    /// Whether this is a session cookie.
    pub const fn is_session(self) -> bool {
        matches!(self, Lifetime::Session)
    }
}

impl fmt::Display for Lifetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lifetime::Session => f.write_str("session"),
            Lifetime::Duration { amount, unit } => write!(f, "{amount}{}", unit.suffix()),
        }
    }
}

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

/// The `SameSite` attribute (6265bis §4.1.2.7).
///
/// ```
/// use cookie_registry::SameSite;
/// assert_eq!(SameSite::Lax.as_str(), "Lax");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SameSite {
    /// Sent only with same-site requests.
    Strict,
    /// Also sent with top-level cross-site navigations.
    Lax,
    /// Sent with cross-site requests too; needs `Secure`.
    None,
}

impl SameSite {
    /// The attribute value as written in a header: `Strict`, `Lax` or `None`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SameSite::Strict => "Strict",
            SameSite::Lax => "Lax",
            SameSite::None => "None",
        }
    }
}

impl fmt::Display for SameSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
        let exempt = match self.category {
            Category::Necessary => true,
            Category::Statistics => self.consent_exempt,
            Category::Preferences | Category::Marketing => false,
        };
        !exempt
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
