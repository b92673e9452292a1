//! The four categories of cookies visitors are asked about, and their names in declarations.

use core::fmt;
use core::str::FromStr;

/// What a cookie is for, in the four categories visitors are asked about.
///
/// The order is the order of the policy page: necessary first.
///
/// ```
/// use cookie_registry_rules::category::Category;
/// assert_eq!(Category::Statistics.as_str(), "statistics");
/// assert!(Category::Necessary < Category::Marketing);
/// assert_eq!("marketing".parse::<Category>(), Ok(Category::Marketing));
/// assert!("ads".parse::<Category>().is_err());
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

    /// The category named `name` as in declarations (exactly, lowercase).
    ///
    /// ```
    /// use cookie_registry_rules::category::Category;
    /// assert_eq!(Category::from_name("marketing"), Some(Category::Marketing));
    /// assert_eq!(Category::from_name("ads"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// Whether a cookie of this category needs the visitor's consent: not for necessary
    /// cookies, nor for statistics declared consent-exempt (CNIL délibération 2020-091); for
    /// everything else.
    ///
    /// ```
    /// use cookie_registry_rules::category::Category;
    /// assert!(!Category::Necessary.requires_consent(false));
    /// assert!(!Category::Statistics.requires_consent(true));
    /// assert!(Category::Statistics.requires_consent(false));
    /// assert!(Category::Marketing.requires_consent(true));
    /// ```
    pub const fn requires_consent(self, consent_exempt: bool) -> bool {
        match self {
            Category::Necessary => false,
            Category::Statistics => !consent_exempt,
            Category::Preferences | Category::Marketing => true,
        }
    }
}

/// A rule of the CNIL's exemption for audience measurement that a `consent_exempt`
/// declaration breaks (délibération 2020-091).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExemptionBreach {
    /// Only statistics cookies can be exempt.
    NotStatistics,
    /// An exempt cookie must be first party.
    ThirdParty,
    /// An exempt cookie lives at most 13 months.
    OverThirteenMonths,
}

/// Checks a `consent_exempt` declaration against the CNIL's exemption, calling `report` once
/// per broken rule, in a fixed order. The macros and the runtime reader of JSON declarations
/// both apply it.
///
/// ```
/// use cookie_registry_rules::category::{check_exemption, Category, ExemptionBreach};
/// use cookie_registry_rules::lifetime::YEAR;
/// let mut found = Vec::new();
/// check_exemption(Category::Marketing, true, Some(2 * YEAR), |b| found.push(b));
/// assert_eq!(found, [
///     ExemptionBreach::NotStatistics,
///     ExemptionBreach::ThirdParty,
///     ExemptionBreach::OverThirteenMonths,
/// ]);
/// let mut none = Vec::new();
/// check_exemption(Category::Statistics, false, Some(YEAR), |b| none.push(b));
/// assert!(none.is_empty());
/// ```
pub fn check_exemption(
    category: Category,
    third_party: bool,
    lifetime_seconds: Option<u64>,
    mut report: impl FnMut(ExemptionBreach),
) {
    if category != Category::Statistics {
        report(ExemptionBreach::NotStatistics);
    }
    if third_party {
        report(ExemptionBreach::ThirdParty);
    }
    if lifetime_seconds.is_some_and(|s| s > crate::lifetime::CNIL_AUDIENCE_CAP) {
        report(ExemptionBreach::OverThirteenMonths);
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of the four categories (from [`Category`]'s `FromStr`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCategory(pub String);

impl fmt::Display for UnknownCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown category `{}`: one of `necessary`, `preferences`, `statistics`, `marketing`",
            self.0
        )
    }
}

impl std::error::Error for UnknownCategory {}

impl FromStr for Category {
    type Err = UnknownCategory;

    fn from_str(s: &str) -> Result<Category, UnknownCategory> {
        Category::from_name(s).ok_or_else(|| UnknownCategory(s.to_owned()))
    }
}
