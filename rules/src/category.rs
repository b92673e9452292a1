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
