//! The declarations in the formats of front-end consent managers: the IAB TCF device storage
//! disclosure, a Klaro config and a cookieconsent v3 script, in every declared language, so
//! that a JavaScript banner never needs its cookie table copied by hand. (Feature `export`.)
//!
//! - **TCF** ([`tcf`]): `{"disclosures": [...]}`, one per declaration. A pattern becomes a `*`
//!   identifier (`_pk_id.*`; a pattern with a fixed end too, `a*b`, is disclosed as `a*`,
//!   which covers it: the format allows a `*` only at one end). A session cookie has
//!   `maxAgeSeconds: 0`. Categories map to TCF purposes as follows, purpose 1 (storing on the
//!   device) exactly when consent is needed:
//!
//!   | category | purposes |
//!   |---|---|
//!   | necessary | none |
//!   | preferences | 1 |
//!   | statistics | 1, 8 (measure content performance), 9 (understand audiences); 8, 9 when consent-exempt |
//!   | marketing | 1, 2, 3, 4 (advertising: limited data, profiles, personalised ads), 7 (measure ad performance) |
//!
//! - **Klaro** ([`klaro`]): one service per provider and service, purposes from the
//!   categories, necessary services `required`, patterns as `^`-anchored regular expressions
//!   in strings (Klaro compiles a string starting with `^`), translations in every language.
//! - **cookieconsent v3** ([`cookieconsent`]): a script calling `CookieConsent.run(config)`;
//!   `autoClear.cookies` names are RegExp literals for patterns, the necessary category is
//!   `readOnly`, and each language has a `cookieTable` per category section.
//!
//! The texts of the banners (titles, buttons) are built in for French and English, like the
//! policy page's: for Klaro and cookieconsent, another language is an [`ExportError`]. For all
//! three, so is a language the declarations lack.

use std::fmt;
use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::declaration::{Category, Declaration, Lifetime};
use crate::policy::Strings;
use crate::registry::Registry;

/// Why an export cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExportError {
    /// The declarations have no texts in this language.
    MissingLanguage {
        /// The language asked for.
        language: String,
        /// The declared ones.
        declared: Vec<String>,
    },
    /// No built-in banner texts for this language (French and English are built in).
    NoStrings {
        /// The language asked for.
        language: String,
    },
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::MissingLanguage { language, declared } => write!(
                f,
                "the declarations have no `{language}` texts (declared: {})",
                declared.join(", ")
            ),
            ExportError::NoStrings { language } => write!(
                f,
                "no built-in banner texts for `{language}` (built in: fr, en)"
            ),
        }
    }
}

impl std::error::Error for ExportError {}

/// The fixed texts of a banner in one language.
struct Banner {
    strings: Strings,
    title: &'static str,
    description: &'static str,
    accept_all: &'static str,
    refuse_all: &'static str,
    preferences: &'static str,
    save: &'static str,
    preferences_title: &'static str,
    close: &'static str,
    name: &'static str,
    service: &'static str,
    purpose: &'static str,
    duration: &'static str,
}

fn banner(language: &str) -> Result<Banner, ExportError> {
    let strings = Strings::builtin(language).ok_or_else(|| ExportError::NoStrings {
        language: language.to_owned(),
    })?;
    Ok(if strings.language == "fr" {
        Banner {
            strings,
            title: "Nous utilisons des cookies",
            description: "Certains cookies sont nécessaires au site ; les autres ne sont déposés qu'avec votre accord.",
            accept_all: "Tout accepter",
            refuse_all: "Tout refuser",
            preferences: "Choisir",
            save: "Enregistrer mes choix",
            preferences_title: "Gérer mes cookies",
            close: "Fermer",
            name: "Nom",
            service: "Service",
            purpose: "Finalité",
            duration: "Durée",
        }
    } else {
        Banner {
            strings,
            title: "We use cookies",
            description: "Some cookies are needed for the site to work; the others are set only with your consent.",
            accept_all: "Accept all",
            refuse_all: "Refuse all",
            preferences: "Choose",
            save: "Save my choices",
            preferences_title: "Manage my cookies",
            close: "Close",
            name: "Name",
            service: "Service",
            purpose: "Purpose",
            duration: "Duration",
        }
    })
}

/// The languages to export: `asked`, or every declared one (English for plain texts).
fn languages(registry: &Registry, asked: &[&str]) -> Result<Vec<String>, ExportError> {
    let declared: Vec<String> = registry
        .languages()
        .iter()
        .map(|l| (*l).to_owned())
        .collect();
    if asked.is_empty() {
        return Ok(if declared.is_empty() {
            vec!["en".to_owned()]
        } else {
            declared
        });
    }
    for language in asked {
        let known =
            declared.is_empty() || declared.iter().any(|d| d.eq_ignore_ascii_case(language));
        if !known {
            return Err(ExportError::MissingLanguage {
                language: (*language).to_owned(),
                declared,
            });
        }
    }
    Ok(asked.iter().map(|l| (*l).to_owned()).collect())
}

/// A JavaScript regular expression source matching exactly the names of `d`.
fn regex_source(d: &Declaration) -> String {
    fn escape(text: &str, out: &mut String) {
        for c in text.chars() {
            if "\\^$.|?*+()[]{}/".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    let mut out = String::from("^");
    match d.pattern() {
        Some(p) => {
            escape(p.prefix(), &mut out);
            // `*` stands for one or more characters.
            out.push_str(".+");
            escape(p.suffix(), &mut out);
        }
        None => escape(d.name(), &mut out),
    }
    out.push('$');
    out
}

/// The TCF purposes of a declaration (see the module docs).
fn tcf_purposes(d: &Declaration) -> Vec<u8> {
    let mut purposes: Vec<u8> = match d.category() {
        Category::Necessary => vec![],
        Category::Preferences => vec![],
        Category::Statistics => vec![8, 9],
        Category::Marketing => vec![2, 3, 4, 7],
    };
    if d.requires_consent() {
        purposes.insert(0, 1);
    }
    purposes
}

/// The IAB TCF device storage disclosure (the JSON behind a vendor's
/// `deviceStorageDisclosureUrl`), descriptions in `language` (the first declared one when
/// `None`).
///
/// # Errors
///
/// A language the declarations lack.
///
/// ```
/// use cookie_registry::CookieRegistry;
/// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
/// #[registry(provider = "Matomo")]
/// enum Site {
///     #[cookie(name = "_pk_id.*", service = "Statistics", purpose = "Count visits",
///         category = "statistics", lifetime = "13mo")]
///     Id,
///     #[cookie(name = "lang", service = "Language", purpose = "Remember the language",
///         category = "necessary", lifetime = "session")]
///     Lang,
/// }
/// let json: serde_json::Value =
///     serde_json::from_str(&cookie_registry::export::tcf(Site::registry(), None)?)?;
/// let d = &json["disclosures"];
/// assert_eq!(d[0]["identifier"], "_pk_id.*");
/// assert_eq!(d[0]["purposes"], serde_json::json!([1, 8, 9]));
/// assert_eq!(d[1]["maxAgeSeconds"], 0);
/// assert_eq!(d[1]["purposes"], serde_json::json!([]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn tcf(registry: &Registry, language: Option<&str>) -> Result<String, ExportError> {
    let asked: Vec<&str> = language.into_iter().collect();
    let language = languages(registry, &asked)?.remove(0);
    let disclosures: Vec<Value> = registry
        .declarations()
        .map(|d| {
            let identifier = match d.pattern() {
                Some(p) if p.prefix().is_empty() => format!("*{}", p.suffix()),
                Some(p) => format!("{}*", p.prefix()),
                None => d.name().to_owned(),
            };
            let mut disclosure = json!({
                "identifier": identifier,
                "type": "cookie",
                "maxAgeSeconds": d.lifetime().seconds().unwrap_or(0),
                "cookieRefresh": false,
                "purposes": tcf_purposes(d),
                "description": format!("{} ({}): {}", d.provider(), d.service().get(&language), d.purpose().get(&language)),
            });
            let domain = d.domain().or(d.party().domain());
            if let Some(domain) = domain {
                disclosure["domains"] = json!([domain]);
            }
            disclosure
        })
        .collect();
    Ok(pretty(&json!({ "disclosures": disclosures })))
}

fn pretty(value: &Value) -> String {
    let mut out = serde_json::to_string_pretty(value).unwrap_or_default();
    out.push('\n');
    out
}

/// The services of a registry: one per provider, service (in the first language) and need of
/// consent, each with its declarations, in declaration order. A service whose cookies need
/// consent never holds one that does not: declining it would delete that one too.
fn services(registry: &Registry) -> Vec<(String, Vec<&'static Declaration>)> {
    let mut services: Vec<(String, Vec<&'static Declaration>)> = Vec::new();
    for d in registry.declarations() {
        let key = format!("{} {}", d.provider(), d.service().default_text());
        match services
            .iter_mut()
            .find(|(k, list)| *k == key && list[0].requires_consent() == d.requires_consent())
        {
            Some((_, list)) => list.push(d),
            None => services.push((key, vec![d])),
        }
    }
    services
}

/// A service's machine name: lowercase ASCII letters, digits and dashes, unique.
fn service_name(key: &str, taken: &mut Vec<String>) -> String {
    let mut name = String::new();
    for c in key.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
    }
    let base = name.trim_end_matches('-').to_owned();
    let mut name = if base.is_empty() {
        "service".to_owned()
    } else {
        base.clone()
    };
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    taken.push(name.clone());
    name
}

fn categories_of(list: &[&Declaration]) -> Vec<Category> {
    let mut categories: Vec<Category> = list.iter().map(|d| d.category()).collect();
    categories.sort();
    categories.dedup();
    categories
}

/// A Klaro config (JSON: Klaro reads patterns from strings that start with `^`), in
/// `languages` (every declared one when empty); `policy_url` is the policy page.
///
/// # Errors
///
/// A language the declarations lack, or without built-in banner texts.
///
/// ```
/// use cookie_registry::CookieRegistry;
/// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
/// #[registry(provider = "Matomo", languages("fr", "en"))]
/// enum Site {
///     #[cookie(name = "_pk_id.*", category = "statistics", lifetime = "13mo",
///         service(fr = "Mesure d'audience", en = "Audience measurement"),
///         purpose(fr = "Compter les visites", en = "Count visits"))]
///     Id,
/// }
/// let config: serde_json::Value =
///     serde_json::from_str(&cookie_registry::export::klaro(Site::registry(), &[], "/cookies")?)?;
/// let service = &config["services"][0];
/// assert_eq!(service["cookies"][0], r"^_pk_id\..+$");
/// assert_eq!(service["purposes"][0], "statistics");
/// assert_eq!(service["translations"]["en"]["description"], "Count visits (_pk_id.*)");
/// assert!(cookie_registry::export::klaro(Site::registry(), &["de"], "/cookies").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn klaro(
    registry: &Registry,
    languages_asked: &[&str],
    policy_url: &str,
) -> Result<String, ExportError> {
    let languages = languages(registry, languages_asked)?;
    let banners: Vec<Banner> = languages
        .iter()
        .map(|l| banner(l))
        .collect::<Result<_, _>>()?;
    let mut taken = Vec::new();
    let services = services(registry);
    let names: Vec<String> = services
        .iter()
        .map(|(k, _)| service_name(k, &mut taken))
        .collect();
    let mut translations = serde_json::Map::new();
    translations.insert("zz".into(), json!({ "privacyPolicyUrl": policy_url }));
    for (language, banner) in languages.iter().zip(&banners) {
        let mut t = serde_json::Map::new();
        t.insert(
            "consentModal".into(),
            json!({ "title": banner.title, "description": banner.description }),
        );
        t.insert(
            "purposes".into(),
            Value::Object(
                Category::ALL
                    .iter()
                    .map(|c| {
                        (
                            c.as_str().to_owned(),
                            json!(banner.strings.category_heading(*c)),
                        )
                    })
                    .collect(),
            ),
        );
        t.insert("acceptAll".into(), json!(banner.accept_all));
        t.insert("decline".into(), json!(banner.refuse_all));
        t.insert("save".into(), json!(banner.save));
        t.insert("close".into(), json!(banner.close));
        t.insert("privacyPolicyUrl".into(), json!(policy_url));
        translations.insert(language.clone(), Value::Object(t));
    }
    let services: Vec<Value> = services
        .iter()
        .zip(&names)
        .map(|((_, list), name)| {
            let first = list[0];
            let service_translations: serde_json::Map<String, Value> = languages
                .iter()
                .map(|l| {
                    let purposes: Vec<String> = list
                        .iter()
                        .map(|d| format!("{} ({})", d.purpose().get(l), d.name()))
                        .collect();
                    (
                        l.clone(),
                        json!({
                            "title": format!("{} — {}", first.provider(), first.service().get(l)),
                            "description": purposes.join(" "),
                        }),
                    )
                })
                .collect();
            json!({
                "name": name,
                "title": format!("{} — {}", first.provider(), first.service().default_text()),
                "purposes": categories_of(list).iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                "required": list.iter().all(|d| !d.requires_consent()),
                "default": false,
                "cookies": list.iter().map(|d| {
                    // A string is exact unless it starts with `^`; a name that does is given
                    // as a regular expression too.
                    let name = if d.pattern().is_some() || d.name().starts_with('^') {
                        json!(regex_source(d))
                    } else {
                        json!(d.name())
                    };
                    // Klaro deletes with path `/` and no domain unless told otherwise.
                    match (d.path().filter(|p| *p != "/"), d.domain()) {
                        (None, None) => name,
                        (path, domain) => json!([name, path.unwrap_or("/"), domain]),
                    }
                }).collect::<Vec<_>>(),
                "translations": service_translations,
            })
        })
        .collect();
    Ok(pretty(&json!({
        "version": 1,
        "elementID": "klaro",
        "storageMethod": "cookie",
        "cookieName": "klaro",
        "cookieExpiresAfterDays": 182,
        "default": false,
        "mustConsent": false,
        "acceptAll": true,
        "groupByPurpose": true,
        "lang": languages[0],
        "translations": translations,
        "services": services,
    })))
}

/// A JSON value as JavaScript source, safe inside an HTML `<script>` element.
fn js(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace("</", "<\\/")
}

/// A cookieconsent v3 script: `CookieConsent.run({...})` with the categories, the cookies to
/// clear on refusal (RegExp literals for patterns) and a translation per language (every
/// declared one when `languages` is empty), each with a cookie table per category.
///
/// # Errors
///
/// A language the declarations lack, or without built-in banner texts.
///
/// ```
/// use cookie_registry::CookieRegistry;
/// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
/// #[registry(provider = "Matomo", languages("fr", "en"))]
/// enum Site {
///     #[cookie(name = "_pk_id.*", category = "statistics", lifetime = "13mo",
///         service(fr = "Mesure d'audience", en = "Audience measurement"),
///         purpose(fr = "Compter les visites", en = "Count visits"))]
///     Id,
/// }
/// let script = cookie_registry::export::cookieconsent(Site::registry(), &["en"])?;
/// assert!(script.contains("CookieConsent.run({"));
/// assert!(script.contains(r"{ name: /^_pk_id\..+$/ }"));
/// assert!(script.contains("\"Count visits\"") && !script.contains("Compter"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn cookieconsent(registry: &Registry, languages_asked: &[&str]) -> Result<String, ExportError> {
    let languages = languages(registry, languages_asked)?;
    let banners: Vec<Banner> = languages
        .iter()
        .map(|l| banner(l))
        .collect::<Result<_, _>>()?;
    let present: Vec<Category> = categories_of(&registry.declarations().collect::<Vec<_>>());
    let mut out = String::from(
        "// Generated by cookie-registry from the site's cookie declarations: do not edit.\n\
         CookieConsent.run({\n",
    );
    // Raise the revision when the declarations change: visitors are asked again.
    let _ = writeln!(out, "  revision: {},", registry.version() & 0x7fff_ffff);
    out.push_str("  categories: {\n");
    for category in &present {
        let _ = write!(out, "    {}: {{", category.as_str());
        if *category == Category::Necessary {
            out.push_str(" enabled: true, readOnly: true },\n");
            continue;
        }
        out.push_str(" autoClear: { cookies: [");
        // The cookies that need consent: a consent-exempt one stays when the visitor refuses.
        let cookies: Vec<String> = registry
            .declarations()
            .filter(|d| d.category() == *category && d.requires_consent())
            .map(|d| {
                let name = match d.pattern() {
                    Some(_) => format!("/{}/", regex_source(d)),
                    None => js(&json!(d.name())),
                };
                // cookieconsent deletes with path `/` and the page's host unless told otherwise.
                let path = d
                    .path()
                    .filter(|p| *p != "/")
                    .map_or(String::new(), |p| format!(", path: {}", js(&json!(p))));
                let domain = d
                    .domain()
                    .map_or(String::new(), |d| format!(", domain: {}", js(&json!(d))));
                format!("{{ name: {name}{path}{domain} }}")
            })
            .collect();
        out.push_str(&cookies.join(", "));
        out.push_str("] } },\n");
    }
    out.push_str("  },\n  language: {\n");
    let _ = writeln!(out, "    default: {},", js(&json!(languages[0])));
    out.push_str("    translations: {\n");
    for (language, banner) in languages.iter().zip(&banners) {
        let sections: Vec<Value> = present
            .iter()
            .map(|category| {
                let rows: Vec<Value> = registry
                    .declarations()
                    .filter(|d| d.category() == *category)
                    .map(|d| {
                        let duration = match d.lifetime() {
                            Lifetime::Session => banner.strings.session.to_string(),
                            Lifetime::Duration { amount, unit } => {
                                banner.strings.amount(amount, unit)
                            }
                        };
                        json!({
                            "name": d.name(),
                            "service": format!("{} — {}", d.provider(), d.service().get(language)),
                            "description": d.purpose().get(language),
                            "duration": duration,
                        })
                    })
                    .collect();
                json!({
                    "title": banner.strings.category_heading(*category),
                    "description": banner.strings.category_description(*category),
                    "linkedCategory": category.as_str(),
                    "cookieTable": {
                        "headers": {
                            "name": banner.name,
                            "service": banner.service,
                            "description": banner.purpose,
                            "duration": banner.duration,
                        },
                        "body": rows,
                    },
                })
            })
            .collect();
        let translation = json!({
            "consentModal": {
                "title": banner.title,
                "description": banner.description,
                "acceptAllBtn": banner.accept_all,
                "acceptNecessaryBtn": banner.refuse_all,
                "showPreferencesBtn": banner.preferences,
            },
            "preferencesModal": {
                "title": banner.preferences_title,
                "acceptAllBtn": banner.accept_all,
                "acceptNecessaryBtn": banner.refuse_all,
                "savePreferencesBtn": banner.save,
                "closeIconLabel": banner.close,
                "sections": sections,
            },
        });
        let _ = writeln!(out, "      {}: {},", js(&json!(language)), js(&translation));
    }
    out.push_str("    },\n  },\n});\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_names_are_unique_and_plain() {
        let mut taken = Vec::new();
        assert_eq!(
            service_name("Matomo Audience measurement", &mut taken),
            "matomo-audience-measurement"
        );
        assert_eq!(
            service_name("Matomo  Audience measurement!", &mut taken),
            "matomo-audience-measurement-2"
        );
        assert_eq!(service_name("Été", &mut taken), "t");
        assert_eq!(service_name("…", &mut taken), "service");
    }

    #[derive(crate::CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    #[registry(provider = "Site", crate = "crate")]
    enum Mixed {
        #[cookie(
            name = "sid",
            service = "Shop",
            purpose = "Keep the basket",
            category = "necessary",
            lifetime = "session",
            path = "/"
        )]
        Session,
        #[cookie(
            name = "shop_stats",
            service = "Shop",
            purpose = "Count baskets",
            category = "statistics",
            lifetime = "30d",
            path = "/shop",
            domain = "example.com"
        )]
        Stats,
        #[cookie(
            name = "_pk_id.*",
            provider = "Matomo",
            service = "Audience",
            purpose = "Count visits",
            category = "statistics",
            lifetime = "13mo",
            consent_exempt
        )]
        Exempt,
    }

    /// Declining a Klaro service deletes its cookies: a necessary cookie never shares a
    /// service with one that needs consent, and the declared path and domain go along.
    #[test]
    fn klaro_never_declines_a_necessary_cookie_and_deletes_where_declared() {
        use crate::CookieRegistry;
        let config: Value =
            serde_json::from_str(&klaro(Mixed::registry(), &[], "/cookies").unwrap()).unwrap();
        let services = config["services"].as_array().unwrap();
        let of = |cookie: &str| {
            services
                .iter()
                .find(|s| s["cookies"].to_string().contains(cookie))
                .unwrap()
        };
        assert_eq!(of("sid")["required"], true);
        assert_eq!(of("shop_stats")["required"], false);
        assert_ne!(of("sid")["name"], of("shop_stats")["name"]);
        assert_eq!(
            of("shop_stats")["cookies"][0],
            json!(["shop_stats", "/shop", "example.com"])
        );
        assert_eq!(of("sid")["cookies"][0], "sid");
    }

    /// cookieconsent clears a refused category's cookies: not a consent-exempt one, and each
    /// where it was declared.
    #[test]
    fn cookieconsent_keeps_exempt_cookies_and_deletes_where_declared() {
        use crate::CookieRegistry;
        let script = cookieconsent(Mixed::registry(), &[]).unwrap();
        let statistics = script
            .lines()
            .find(|l| l.contains("statistics: {"))
            .unwrap();
        assert_eq!(
            statistics.trim(),
            r#"statistics: { autoClear: { cookies: [{ name: "shop_stats", path: "/shop", domain: "example.com" }] } },"#
        );
    }
}
