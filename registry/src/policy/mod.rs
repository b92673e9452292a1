//! The public cookie-policy page, rendered from the declarations: HTML (a fragment or a whole
//! page), Markdown, CSV, JSON and plain text, in French, English or caller-supplied strings.
//!
//! ```
//! use cookie_registry::{policy::Column, CookieRegistry};
//!
//! #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
//! #[registry(provider = "Opendatasoft", languages("fr", "en"))]
//! enum SiteCookie {
//!     #[cookie(name = "sessionid", category = "necessary", lifetime = "14d",
//!         service(fr = "Authentification", en = "Authentication"),
//!         purpose(fr = "Se souvenir de l'utilisateur", en = "Remember the user"))]
//!     Session,
//! }
//!
//! let text = SiteCookie::registry().policy().language("fr").text()?;
//! assert!(text.contains("Nom du prestataire\tService et emplacement\tNom du cookie\tFinalités\tDurée de conservation\n"));
//! assert!(text.contains("Opendatasoft\tAuthentification\tsessionid\tSe souvenir de l'utilisateur\t14 jours\n"));
//!
//! let html = SiteCookie::registry().policy().language("en").columns(Column::FULL).html_fragment()?;
//! assert!(html.contains("<th scope=\"col\">Lifetime</th>"));
//! assert!(html.contains("<td data-label=\"Lifetime\">14 days</td>"));
//! # Ok::<(), cookie_registry::policy::PolicyError>(())
//! ```
//!
//! Output is deterministic: the same registry and options give byte-identical output.

mod csv;
mod html;
mod json;
mod markdown;
mod strings;
mod text;

use std::fmt;
use std::str::FromStr;

pub use markdown::markdown_code;
pub use strings::Strings;

use crate::declaration::{Category, Declaration, Lifetime, Party};
use crate::registry::Registry;

/// A column of the policy table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    /// Who provides the cookie.
    Provider,
    /// The service and where it runs.
    Service,
    /// The cookie's name or pattern, as declared.
    Name,
    /// Why it is set.
    Purpose,
    /// Its category.
    Category,
    /// How long it is kept.
    Lifetime,
    /// First or third party.
    Party,
    /// Whether consent is asked.
    Consent,
}

impl Column {
    /// The reference page's table: provider, service and location, cookie name, purpose.
    pub const SEED: [Column; 4] = [
        Column::Provider,
        Column::Service,
        Column::Name,
        Column::Purpose,
    ];

    /// The default: the reference columns and the lifetime (CNIL asks that visitors be told
    /// how long each cookie is kept).
    pub const DEFAULT: [Column; 5] = [
        Column::Provider,
        Column::Service,
        Column::Name,
        Column::Purpose,
        Column::Lifetime,
    ];

    /// Everything: the reference columns, then category, lifetime, party and consent.
    pub const FULL: [Column; 8] = [
        Column::Provider,
        Column::Service,
        Column::Name,
        Column::Purpose,
        Column::Category,
        Column::Lifetime,
        Column::Party,
        Column::Consent,
    ];

    /// The column's header in `strings`.
    pub fn header(self, strings: &Strings) -> &str {
        match self {
            Column::Provider => &strings.provider,
            Column::Service => &strings.service,
            Column::Name => &strings.name,
            Column::Purpose => &strings.purpose,
            Column::Category => &strings.category,
            Column::Lifetime => &strings.lifetime,
            Column::Party => &strings.party,
            Column::Consent => &strings.consent,
        }
    }
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Tab-separated text, laid out as the reference page lays its table out.
    Text,
    /// Markdown tables.
    Markdown,
    /// An HTML fragment (a `<section>`), to put in a page.
    Html,
    /// A complete, standalone HTML page.
    HtmlPage,
    /// CSV (RFC 4180).
    Csv,
    /// JSON (the schema is documented on [`Policy::json`]).
    Json,
}

impl Format {
    /// Every format, with its name in [`FromStr`].
    pub const ALL: [(&'static str, Format); 6] = [
        ("text", Format::Text),
        ("markdown", Format::Markdown),
        ("html", Format::Html),
        ("html-page", Format::HtmlPage),
        ("csv", Format::Csv),
        ("json", Format::Json),
    ];
}

impl FromStr for Format {
    type Err = String;

    /// ```
    /// use cookie_registry::policy::Format;
    /// assert_eq!("markdown".parse::<Format>(), Ok(Format::Markdown));
    /// assert!("pdf".parse::<Format>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .iter()
            .find(|(name, _)| *name == s)
            .map(|&(_, f)| f)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|(n, _)| *n).collect();
                format!("unknown format `{s}`: use one of {}", names.join(", "))
            })
    }
}

/// Why a policy page cannot be rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyError {
    /// No built-in strings for the language, and none were supplied with
    /// [`Policy::strings`].
    NoStrings {
        /// The language asked for.
        language: String,
    },
    /// Some declarations have no text in the language: rendering would mix languages.
    MissingTexts {
        /// The language asked for.
        language: String,
        /// The names of the declarations without a text in it.
        cookies: Vec<&'static str>,
    },
    /// The supplied strings are in another language than the one asked for.
    StringsLanguage {
        /// The language asked for.
        language: String,
        /// The language of the supplied strings.
        strings: String,
    },
    /// No columns were chosen.
    NoColumns,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyError::NoStrings { language } => write!(
                f,
                "no built-in page strings for language `{language}` (built in: fr, en): supply them with `Policy::strings`"
            ),
            PolicyError::MissingTexts { language, cookies } => write!(
                f,
                "no `{language}` text for {}: declare it, or render in a declared language",
                cookies
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            PolicyError::StringsLanguage { language, strings } => write!(
                f,
                "the supplied page strings are in `{strings}`, not `{language}`"
            ),
            PolicyError::NoColumns => f.write_str("no columns were chosen"),
        }
    }
}

impl std::error::Error for PolicyError {}

/// The options of a policy page: language, columns, strings, grouping. Made by
/// [`Registry::policy`]; each output method renders it.
#[derive(Clone, Debug)]
pub struct Policy<'r> {
    registry: &'r Registry,
    language: Option<String>,
    columns: Vec<Column>,
    strings: Option<Strings>,
    grouped: bool,
}

impl Registry {
    /// A policy page of these declarations, in the registry's first language (or English),
    /// with the [`Column::DEFAULT`] columns, grouped by category.
    pub fn policy(&self) -> Policy<'_> {
        Policy {
            registry: self,
            language: None,
            columns: Column::DEFAULT.to_vec(),
            strings: None,
            grouped: true,
        }
    }
}

/// Everything a renderer needs, checked.
pub(crate) struct Page<'a> {
    pub(crate) language: &'a str,
    pub(crate) strings: &'a Strings,
    pub(crate) columns: &'a [Column],
    /// The declarations, by category when grouped (a single group with `None` otherwise).
    pub(crate) groups: Vec<(Option<Category>, Vec<&'static Declaration>)>,
    pub(crate) version: u64,
}

impl Page<'_> {
    /// The text of `declaration` in the page's language.
    pub(crate) fn text(&self, text: &crate::declaration::Text) -> &'static str {
        text.get(self.language)
    }

    /// A lifetime as the page says it.
    pub(crate) fn lifetime(&self, lifetime: Lifetime) -> String {
        match lifetime {
            Lifetime::Session => self.strings.session.to_string(),
            Lifetime::Duration { amount, unit } => self.strings.amount(amount, unit),
        }
    }

    /// The party as the page says it.
    pub(crate) fn party(&self, party: Party) -> String {
        match party {
            Party::First => self.strings.first_party.to_string(),
            Party::Third { domain } => self.strings.third_party.replace("{domain}", domain),
        }
    }

    /// One cell.
    pub(crate) fn cell(&self, d: &Declaration, column: Column) -> String {
        match column {
            Column::Provider => d.provider().to_owned(),
            Column::Service => self.text(d.service()).to_owned(),
            Column::Name => d.name().to_owned(),
            Column::Purpose => self.text(d.purpose()).to_owned(),
            Column::Category => self.strings.category_name(d.category()).to_owned(),
            Column::Lifetime => self.lifetime(d.lifetime()),
            Column::Party => self.party(d.party()),
            Column::Consent => if d.requires_consent() {
                &self.strings.yes
            } else {
                &self.strings.no
            }
            .to_string(),
        }
    }

    /// Whether a group shows a pattern (then the pattern note follows its table).
    pub(crate) fn shows_pattern(&self, declarations: &[&Declaration]) -> bool {
        self.columns.contains(&Column::Name) && declarations.iter().any(|d| d.pattern().is_some())
    }

    /// A group's heading.
    pub(crate) fn heading(&self, category: Option<Category>) -> &str {
        match category {
            Some(c) => self.strings.category_heading(c),
            None => &self.strings.title,
        }
    }

    /// A group's table caption.
    pub(crate) fn caption(&self, category: Option<Category>) -> String {
        self.strings
            .caption
            .replace("{category}", self.heading(category))
    }
}

impl<'r> Policy<'r> {
    /// The language to render in (a BCP 47 tag).
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// The columns, in order ([`Column::DEFAULT`] by default, [`Column::SEED`] for the
    /// reference page's four, or [`Column::FULL`]).
    pub fn columns(mut self, columns: impl IntoIterator<Item = Column>) -> Self {
        self.columns = columns.into_iter().collect();
        self
    }

    /// The page strings for a language without built-in ones (or to replace the built-in
    /// ones). Their `language` must be the language rendered in.
    pub fn strings(mut self, strings: Strings) -> Self {
        self.strings = Some(strings);
        self
    }

    /// Whether to group the declarations by category, each group with its heading and
    /// explanation (the default), or to give one table.
    pub fn grouped(mut self, grouped: bool) -> Self {
        self.grouped = grouped;
        self
    }

    /// Renders in `format`.
    ///
    /// # Errors
    ///
    /// See [`PolicyError`]: a language without strings, declarations without a text in the
    /// language, or no columns.
    pub fn render(&self, format: Format) -> Result<String, PolicyError> {
        self.with_page(|page| match format {
            Format::Text => text::render(page),
            Format::Markdown => markdown::render(page),
            Format::Html => html::fragment(page),
            Format::HtmlPage => html::page(page),
            Format::Csv => csv::render(page),
            Format::Json => json::render(page),
        })
    }

    /// Tab-separated text laid out as the reference page lays its table out: for each group,
    /// its heading and explanation, a blank line, the header line, then one line per cookie.
    ///
    /// # Errors
    ///
    /// See [`Policy::render`].
    pub fn text(&self) -> Result<String, PolicyError> {
        self.render(Format::Text)
    }

    /// Markdown: per group a `##` heading, the explanation and a table (`|` and line breaks
    /// in texts escaped, and `<`, `>`, `&` written as entities, so no text becomes markup).
    ///
    /// # Errors
    ///
    /// See [`Policy::render`].
    pub fn markdown(&self) -> Result<String, PolicyError> {
        self.render(Format::Markdown)
    }

    /// An HTML fragment: a `<section lang="..">` with, per group, a heading, the explanation
    /// and a `<table>` with a `<caption>` and `<th scope="col">` headers. Every text is
    /// escaped; no JavaScript; each cell carries its header in `data-label` for narrow
    /// screens (see the page's stylesheet).
    ///
    /// # Errors
    ///
    /// See [`Policy::render`].
    pub fn html_fragment(&self) -> Result<String, PolicyError> {
        self.render(Format::Html)
    }

    /// A complete HTML page around [`html_fragment`](Policy::html_fragment): `lang`, UTF-8,
    /// a viewport for phones and a small stylesheet that stacks each row on narrow screens.
    ///
    /// # Errors
    ///
    /// See [`Policy::render`].
    pub fn html_page(&self) -> Result<String, PolicyError> {
        self.render(Format::HtmlPage)
    }

    /// CSV (RFC 4180: CRLF line ends, fields with `,`, `"` or line breaks quoted): a header
    /// row, then one row per cookie in page order. A cell that starts with `=`, `+`, `-`, `@`,
    /// a tab or a carriage return gets a leading `'`, so that spreadsheets do not run it as a
    /// formula.
    ///
    /// # Errors
    ///
    /// See [`Policy::render`].
    pub fn csv(&self) -> Result<String, PolicyError> {
        self.render(Format::Csv)
    }

    /// JSON, schema `cookie-registry/policy/1` (columns do not apply: every field is given):
    ///
    /// ```text
    /// {
    ///   "schema": "cookie-registry/policy/1",
    ///   "registry_version": "53a10d2c45d4b4e5",   // Registry::version, 16 hex digits
    ///   "language": "fr",
    ///   "groups": [{
    ///     "category": "necessary" | null,          // null when not grouped
    ///     "heading": "...", "description": "..." | null,
    ///     "cookies": [{
    ///       "name": "_ga_*", "pattern": { "prefix": "_ga_", "suffix": "" } | null,
    ///       "provider": "...", "provider_url": "..." | null,
    ///       "service": "...", "purpose": "...",
    ///       "category": "statistics", "consent_required": true, "consent_exempt": false,
    ///       "lifetime": { "session": false, "seconds": 34186698, "amount": 13, "unit": "mo",
    ///                     "text": "13 mois" },   // seconds, amount, unit: null for a session
    ///       "party": { "first": true, "domain": null },
    ///       "attributes": { "secure": true, "http_only": false, "same_site": "Lax" | null,
    ///                       "path": "/" | null, "domain": null, "partitioned": false }
    ///     }]
    ///   }]
    /// }
    /// ```
    ///
    /// # Errors
    ///
    /// See [`Policy::render`].
    pub fn json(&self) -> Result<String, PolicyError> {
        self.render(Format::Json)
    }

    fn with_page(&self, render: impl FnOnce(&Page<'_>) -> String) -> Result<String, PolicyError> {
        let language = match &self.language {
            Some(l) => l.clone(),
            None => self
                .registry
                .languages()
                .first()
                .map_or_else(|| "en".to_owned(), |l| (*l).to_owned()),
        };
        let strings = match &self.strings {
            Some(s) => {
                if !same_primary(&s.language, &language) {
                    return Err(PolicyError::StringsLanguage {
                        language,
                        strings: s.language.to_string(),
                    });
                }
                s.clone()
            }
            None => Strings::builtin(&language).ok_or_else(|| PolicyError::NoStrings {
                language: language.clone(),
            })?,
        };
        if self.columns.is_empty() {
            return Err(PolicyError::NoColumns);
        }
        let missing: Vec<&'static str> = self
            .registry
            .declarations()
            .filter(|d| {
                [d.service(), d.purpose()]
                    .iter()
                    .any(|t| !t.is_plain() && t.get_matching(&language).is_none())
            })
            .map(Declaration::name)
            .collect();
        if !missing.is_empty() {
            return Err(PolicyError::MissingTexts {
                language,
                cookies: missing,
            });
        }
        let groups = if self.grouped {
            Category::ALL
                .iter()
                .map(|&c| {
                    let ds: Vec<_> = self
                        .registry
                        .declarations()
                        .filter(|d| d.category() == c)
                        .collect();
                    (Some(c), ds)
                })
                .filter(|(_, ds)| !ds.is_empty())
                .collect()
        } else {
            let mut all: Vec<_> = self.registry.declarations().collect();
            // Stable: declaration order within a category.
            all.sort_by_key(|d| d.category());
            vec![(None, all)]
        };
        let page = Page {
            language: &language,
            strings: &strings,
            columns: &self.columns,
            groups,
            version: self.registry.version(),
        };
        Ok(render(&page))
    }
}

fn same_primary(a: &str, b: &str) -> bool {
    let primary = |t: &str| t.split(['-', '_']).next().unwrap_or(t).to_ascii_lowercase();
    primary(a) == primary(b)
}
