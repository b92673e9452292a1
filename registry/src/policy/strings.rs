//! The fixed texts of a policy page, per language: French and English built in, others
//! supplied by the caller.

use std::borrow::Cow;

use crate::declaration::{Category, LifetimeUnit};

/// Every fixed text a policy page needs in one language. French and English are built in
/// ([`Strings::french`], [`Strings::english`]); for another language, fill one in (starting
/// from a built-in one keeps the structure) and pass it to
/// [`Policy::strings`](crate::policy::Policy::strings).
///
/// ```
/// use cookie_registry::policy::Strings;
/// let mut german = Strings::english();
/// german.language = "de".into();
/// german.provider = "Anbieter".into();
/// assert_eq!(Strings::builtin("fr-CA").unwrap().provider, "Nom du prestataire");
/// assert!(Strings::builtin("de").is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Strings {
    /// The language tag these strings are in (`fr`, `en`).
    pub language: Cow<'static, str>,
    /// The page title (standalone HTML).
    pub title: Cow<'static, str>,
    /// An introduction above the tables.
    pub introduction: Cow<'static, str>,
    /// Column header: who provides the cookie.
    pub provider: Cow<'static, str>,
    /// Column header: the service and where it runs.
    pub service: Cow<'static, str>,
    /// Column header: the cookie's name.
    pub name: Cow<'static, str>,
    /// Column header: why it is set.
    pub purpose: Cow<'static, str>,
    /// Column header: its category.
    pub category: Cow<'static, str>,
    /// Column header: how long it is kept.
    pub lifetime: Cow<'static, str>,
    /// Column header: first or third party.
    pub party: Cow<'static, str>,
    /// Column header: whether consent is asked.
    pub consent: Cow<'static, str>,
    /// Category names, in the order necessary, preferences, statistics, marketing.
    pub category_names: [Cow<'static, str>; 4],
    /// Category headings (one per category, same order).
    pub category_headings: [Cow<'static, str>; 4],
    /// What each category means and whether consent is asked (same order).
    pub category_descriptions: [Cow<'static, str>; 4],
    /// A table's caption: `{category}` stands for the category heading.
    pub caption: Cow<'static, str>,
    /// "Yes" for the consent column.
    pub yes: Cow<'static, str>,
    /// "No" for the consent column.
    pub no: Cow<'static, str>,
    /// The first-party value of the party column.
    pub first_party: Cow<'static, str>,
    /// The third-party value: `{domain}` stands for the third party's domain.
    pub third_party: Cow<'static, str>,
    /// A session lifetime.
    pub session: Cow<'static, str>,
    /// Lifetime units, singular and plural, in the order seconds, minutes, hours, days, weeks,
    /// months, years.
    pub units: [(Cow<'static, str>, Cow<'static, str>); 7],
    /// Whether the singular is used for zero (French) or not (English).
    pub singular_zero: bool,
    /// The note under a table that shows a name pattern.
    pub pattern_note: Cow<'static, str>,
}

const fn b(s: &'static str) -> Cow<'static, str> {
    Cow::Borrowed(s)
}

impl Strings {
    /// The built-in French strings. Column headers follow the reference page ("Nom du
    /// prestataire", "Service et emplacement", "Finalités"), in correct French: "Nom du
    /// cookie" (the reference's own "Nom du cookies" is in [`Strings::french_seed`]).
    pub fn french() -> Strings {
        Strings {
            language: b("fr"),
            title: b("Charte cookies"),
            introduction: b(
                "Voici les cookies que ce site peut déposer dans votre navigateur, qui les dépose, pourquoi, et combien de temps ils sont conservés.",
            ),
            provider: b("Nom du prestataire"),
            service: b("Service et emplacement"),
            name: b("Nom du cookie"),
            purpose: b("Finalités"),
            category: b("Catégorie"),
            lifetime: b("Durée de conservation"),
            party: b("Émetteur"),
            consent: b("Consentement requis"),
            category_names: [
                b("Nécessaire"),
                b("Préférences"),
                b("Statistiques"),
                b("Marketing"),
            ],
            category_headings: [
                b("Cookies nécessaires au fonctionnement du site"),
                b("Cookies de préférences"),
                b("Cookies de mesure d'audience"),
                b("Cookies publicitaires et de suivi"),
            ],
            category_descriptions: [
                b(
                    "Ils sont indispensables au fonctionnement du site ou à un service que vous avez demandé. Ils sont déposés sans demander votre consentement.",
                ),
                b(
                    "Ils retiennent des choix qui changent l'apparence ou le comportement du site. Ils ne sont déposés qu'avec votre accord.",
                ),
                b(
                    "Ils comptent les visites et les pages consultées. Ils demandent votre accord, sauf s'ils ne servent qu'aux statistiques anonymes du site lui-même, sans suivi sur d'autres sites, et sont conservés 13 mois au plus.",
                ),
                b(
                    "Ils servent à la publicité ou suivent votre navigation, souvent d'un site à l'autre. Ils ne sont jamais déposés sans votre accord.",
                ),
            ],
            caption: b("{category}"),
            yes: b("Oui"),
            no: b("Non"),
            first_party: b("Ce site"),
            third_party: b("Tiers ({domain})"),
            session: b("Session"),
            units: [
                (b("seconde"), b("secondes")),
                (b("minute"), b("minutes")),
                (b("heure"), b("heures")),
                (b("jour"), b("jours")),
                (b("semaine"), b("semaines")),
                (b("mois"), b("mois")),
                (b("an"), b("ans")),
            ],
            singular_zero: true,
            pattern_note: b(
                "Dans un nom de cookie, le caractère * remplace une partie qui varie (un identifiant, par exemple).",
            ),
        }
    }

    /// The reference page's own wording, to reproduce its table exactly:
    /// [`french`](Strings::french) with the column header "Nom du cookies" and the
    /// reference's heading for necessary cookies. For the reference portal's page only; other sites want
    /// [`french`](Strings::french).
    ///
    /// ```
    /// use cookie_registry::policy::Strings;
    /// assert_eq!(Strings::french_seed().name, "Nom du cookies");
    /// assert_eq!(Strings::french().name, "Nom du cookie");
    /// ```
    pub fn french_seed() -> Strings {
        let mut strings = Strings::french();
        strings.name = b("Nom du cookies");
        strings.category_headings[Category::Necessary as usize] =
            b("Cookies nécessaires au bon fonctionnement de la plateforme / cookies fonctionnels");
        strings
    }

    /// The built-in English strings.
    pub fn english() -> Strings {
        Strings {
            language: b("en"),
            title: b("Cookie policy"),
            introduction: b(
                "These are the cookies this site may set in your browser: who sets them, why, and how long they are kept.",
            ),
            provider: b("Provider"),
            service: b("Service and location"),
            name: b("Cookie name"),
            purpose: b("Purpose"),
            category: b("Category"),
            lifetime: b("Lifetime"),
            party: b("Set by"),
            consent: b("Consent required"),
            category_names: [
                b("Necessary"),
                b("Preferences"),
                b("Statistics"),
                b("Marketing"),
            ],
            category_headings: [
                b("Cookies the site needs to work"),
                b("Preference cookies"),
                b("Audience measurement cookies"),
                b("Advertising and tracking cookies"),
            ],
            category_descriptions: [
                b(
                    "The site, or a service you asked for, cannot work without them. They are set without asking for consent.",
                ),
                b(
                    "They remember choices that change how the site looks or behaves. They are set only with your consent.",
                ),
                b(
                    "They count visits and pages viewed. They need your consent, unless they only serve anonymous statistics of this site alone, with no tracking across sites, and are kept 13 months at most.",
                ),
                b(
                    "They serve advertising or follow your browsing, often from site to site. They are never set without your consent.",
                ),
            ],
            caption: b("{category}"),
            yes: b("Yes"),
            no: b("No"),
            first_party: b("This site"),
            third_party: b("Third party ({domain})"),
            session: b("Session"),
            units: [
                (b("second"), b("seconds")),
                (b("minute"), b("minutes")),
                (b("hour"), b("hours")),
                (b("day"), b("days")),
                (b("week"), b("weeks")),
                (b("month"), b("months")),
                (b("year"), b("years")),
            ],
            singular_zero: false,
            pattern_note: b(
                "In a cookie name, * stands for a part that varies (an identifier, for instance).",
            ),
        }
    }

    /// The built-in strings for `language` (matched on its primary subtag: `fr-CA` gives
    /// French), if there are any.
    pub fn builtin(language: &str) -> Option<Strings> {
        let primary = language.split(['-', '_']).next().unwrap_or(language);
        if primary.eq_ignore_ascii_case("fr") {
            Some(Strings::french())
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Strings::english())
        } else {
            None
        }
    }

    /// The name of `category`.
    pub fn category_name(&self, category: Category) -> &str {
        &self.category_names[category as usize]
    }

    /// The heading of `category`'s table.
    pub fn category_heading(&self, category: Category) -> &str {
        &self.category_headings[category as usize]
    }

    /// What `category` means.
    pub fn category_description(&self, category: Category) -> &str {
        &self.category_descriptions[category as usize]
    }

    /// `amount` of `unit`, such as "14 jours" or "1 year".
    ///
    /// ```
    /// use cookie_registry::{policy::Strings, LifetimeUnit};
    /// assert_eq!(Strings::french().amount(13, LifetimeUnit::Month), "13 mois");
    /// assert_eq!(Strings::french().amount(1, LifetimeUnit::Year), "1 an");
    /// assert_eq!(Strings::english().amount(2, LifetimeUnit::Week), "2 weeks");
    /// ```
    pub fn amount(&self, amount: u64, unit: LifetimeUnit) -> String {
        let index = LifetimeUnit::ALL
            .iter()
            .position(|u| *u == unit)
            .unwrap_or(0);
        let (singular, plural) = &self.units[index];
        let word = if amount == 1 || (amount == 0 && self.singular_zero) {
            singular
        } else {
            plural
        };
        format!("{amount} {word}")
    }
}
