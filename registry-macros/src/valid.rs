//! The checks: one function per rule, each pushing its mistakes to the [`Ctxt`] and pointing at
//! the smallest wrong token. The rules themselves (grammar, prefixes, caps) come from
//! `cookie_registry_rules`, which the runtime validator uses too.

use cookie_registry_rules::attributes::SameSite;
use cookie_registry_rules::attributes::{self, Attributes, Breach};
use cookie_registry_rules::category::{self, Category, ExemptionBreach};
use cookie_registry_rules::domain::{check_domain, check_path};
use cookie_registry_rules::lifetime::{self, BROWSER_CAP, DAY, Lifetime};
use cookie_registry_rules::name::{self, NameError, NameShape};
use proc_macro2::Span;
use syn::{Ident, LitStr};

use crate::ast::{Cookie, Registry, TextValue};
use crate::ctxt::Ctxt;

/// A declaration that passed every check, with its values resolved.
pub(crate) struct Checked {
    pub(crate) variant: Ident,
    pub(crate) name: String,
    pub(crate) pattern: Option<(String, String)>,
    pub(crate) provider: String,
    pub(crate) provider_url: Option<String>,
    pub(crate) service: Vec<(String, String)>,
    pub(crate) purpose: Vec<(String, String)>,
    pub(crate) category: Category,
    pub(crate) lifetime: Lifetime,
    pub(crate) third_party: Option<String>,
    pub(crate) consent_exempt: bool,
    pub(crate) secure: bool,
    pub(crate) http_only: bool,
    pub(crate) same_site: Option<SameSite>,
    pub(crate) path: Option<String>,
    pub(crate) domain: Option<String>,
    pub(crate) partitioned: bool,
}

/// Runs every check. Returns the resolved declarations when everything passed (the caller still
/// checks `cx` for syntax errors found before).
pub(crate) fn check(cx: &Ctxt, registry: &Registry) -> Option<Vec<Checked>> {
    let languages = check_languages_list(cx, registry);
    // When `languages` was written but rejected, or the attribute did not parse, the languages
    // are unknown: check no text against them.
    let languages_unknown = registry.attrs.unparsed
        || (registry.attrs.languages.is_none() && registry.attrs.seen.contains("languages"));
    check_registry_provider(cx, registry);
    let checked: Vec<Option<Checked>> = registry
        .cookies
        .iter()
        .map(|c| {
            check_cookie(
                cx,
                registry,
                (!languages_unknown).then_some(&languages[..]),
                c,
            )
        })
        .collect();
    check_duplicates(cx, registry);
    checked.into_iter().collect()
}

fn days(seconds: u64) -> String {
    let d = seconds as f64 / DAY as f64;
    if seconds % DAY == 0 {
        format!("{} days", seconds / DAY)
    } else {
        format!("{d:.1} days")
    }
}

/// The declared languages (tags), after checking the list.
fn check_languages_list(cx: &Ctxt, registry: &Registry) -> Vec<String> {
    let Some((span, tags)) = &registry.attrs.languages else {
        return Vec::new();
    };
    if tags.is_empty() {
        cx.error_at(
            *span,
            "`languages()` is empty: list the languages texts are given in, such as `languages(\"fr\", \"en\")`, or remove it for plain texts",
        );
    }
    let mut seen: Vec<String> = Vec::new();
    for tag in tags {
        let value = tag.value();
        if !is_language_tag(&value) {
            cx.error_spanned_by(
                tag,
                format!("`{value}` is not a BCP 47 language tag such as `fr`, `en` or `pt-BR`"),
            );
        }
        if seen.iter().any(|s| s.eq_ignore_ascii_case(&value)) {
            cx.error_spanned_by(tag, format!("language `{value}` is listed twice"));
        } else {
            seen.push(value);
        }
    }
    seen
}

/// A simplified BCP 47 check (RFC 5646 §2.1): a primary subtag of 2-3 or 5-8 letters, then
/// subtags of 1-8 letters or digits, separated by `-`.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    let primary_ok =
        matches!(primary.len(), 2 | 3 | 5..=8) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    primary_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn check_registry_provider(cx: &Ctxt, registry: &Registry) {
    if let Some(p) = &registry.attrs.provider {
        if p.value().trim().is_empty() {
            cx.error_spanned_by(p, "`provider` is empty: name who provides the cookies");
        }
    }
}

/// A required key is missing; not reported when the key was written but rejected (that error
/// is reported already) or the attribute did not parse.
fn missing(cx: &Ctxt, cookie: &Cookie, key: &str, example: &str) {
    if cookie.unparsed || cookie.seen.contains(key) {
        return;
    }
    cx.error_at(
        cookie.attr_span,
        format!(
            "cookie `{}` is missing `{key}`: add `{key} = {example}`",
            cookie.variant
        ),
    );
}

fn check_cookie(
    cx: &Ctxt,
    registry: &Registry,
    languages: Option<&[String]>,
    cookie: &Cookie,
) -> Option<Checked> {
    let name = match &cookie.name {
        Some(lit) => check_name(cx, lit),
        None => {
            missing(cx, cookie, "name", "\"sessionid\"");
            None
        }
    };
    let provider = check_provider(cx, registry, cookie);
    let provider_url = cookie
        .provider_url
        .as_ref()
        .and_then(|u| check_provider_url(cx, u));
    let service = check_text(cx, cookie, "service", cookie.service.as_ref(), languages);
    let purpose = check_text(cx, cookie, "purpose", cookie.purpose.as_ref(), languages);
    let category = match &cookie.category {
        Some(lit) => check_category(cx, lit),
        None => {
            missing(cx, cookie, "category", "\"necessary\"");
            None
        }
    };
    let lifetime = match &cookie.lifetime {
        Some(lit) => check_lifetime(cx, lit),
        None => {
            missing(cx, cookie, "lifetime", "\"14d\"");
            None
        }
    };
    let third_party = match &cookie.third_party {
        Some(lit) => check_third_party(cx, lit).map(Some),
        None => Some(None),
    };
    let same_site = match &cookie.same_site {
        Some(lit) => check_same_site(cx, lit).map(Some),
        None => Some(None),
    };
    let path = match &cookie.path {
        Some(lit) => check_path_value(cx, lit).map(Some),
        None => Some(None),
    };
    let domain = match &cookie.domain {
        Some(lit) => check_domain_value(cx, lit).map(Some),
        None => Some(None),
    };
    if let (Some(name_lit), Some(_)) = (&cookie.name, &name) {
        check_standards(cx, cookie, name_lit, same_site.flatten());
    }
    if let (Some(category), Some(lifetime)) = (category, lifetime) {
        check_consent_exempt(cx, cookie, category, lifetime);
    }

    let (name, pattern) = name?;
    Some(Checked {
        variant: cookie.variant.clone(),
        name,
        pattern,
        provider: provider?,
        provider_url,
        service: service?,
        purpose: purpose?,
        category: category?,
        lifetime: lifetime?,
        third_party: third_party?,
        consent_exempt: cookie.consent_exempt.is_some(),
        secure: cookie.secure.is_some(),
        http_only: cookie.http_only.is_some(),
        same_site: same_site?,
        path: path?,
        domain: domain?,
        partitioned: cookie.partitioned.is_some(),
    })
}

/// The name grammar: an RFC 9110 token, or a pattern with one `*`.
fn check_name(cx: &Ctxt, lit: &LitStr) -> Option<(String, Option<(String, String)>)> {
    let value = lit.value();
    match name::parse_name(&value) {
        Ok(NameShape::Exact(n)) => Some((n.to_owned(), None)),
        Ok(NameShape::Pattern { prefix, suffix }) => {
            Some((value.clone(), Some((prefix.to_owned(), suffix.to_owned()))))
        }
        Err(e) => {
            let fix = match e {
                NameError::Empty => {
                    "servers must not send nameless cookies (RFC 6265bis §4.1.1): give the cookie's name"
                }
                NameError::InvalidChar { .. } => {
                    "use only letters, digits and the symbols ! # $ % & ' * + - . ^ _ ` | ~ (an RFC 9110 token)"
                }
                NameError::LoneStar => "give the fixed part of the names, such as `_ga_*`",
                NameError::TwoStars => "declare one pattern per cookie family, such as `_ga_*`",
            };
            let message = match e {
                NameError::Empty => format!("cookie name is empty: {fix}"),
                _ => format!("invalid cookie name `{value}`: {e}; {fix}"),
            };
            cx.error_spanned_by(lit, message);
            None
        }
    }
}

fn check_provider(cx: &Ctxt, registry: &Registry, cookie: &Cookie) -> Option<String> {
    match (&cookie.provider, &registry.attrs.provider) {
        (Some(p), _) => {
            if p.value().trim().is_empty() {
                cx.error_spanned_by(p, "`provider` is empty: name who provides the cookie");
                return None;
            }
            Some(p.value())
        }
        (None, Some(p)) => Some(p.value()),
        (None, None) => {
            let written =
                cookie.seen.contains("provider") || registry.attrs.seen.contains("provider");
            if written || cookie.unparsed || registry.attrs.unparsed {
                return None;
            }
            cx.error_at(
                cookie.attr_span,
                format!(
                    "cookie `{}` is missing `provider`: add `provider = \"...\"` here, or on #[registry(provider = \"...\")] for every cookie",
                    cookie.variant
                ),
            );
            None
        }
    }
}

fn check_provider_url(cx: &Ctxt, lit: &LitStr) -> Option<String> {
    let url = lit.value();
    let ok = ["https://", "http://"]
        .iter()
        .any(|s| url.len() > s.len() && url[..s.len()].eq_ignore_ascii_case(s))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if !ok {
        cx.error_spanned_by(
            lit,
            format!("`{url}` is not a web address: write `provider_url = \"https://...\"`"),
        );
        return None;
    }
    Some(url)
}

/// A text against the registry's languages: plain when there are none; one text per declared
/// language, and no other, when there are.
fn check_text(
    cx: &Ctxt,
    cookie: &Cookie,
    key: &str,
    text: Option<&TextValue>,
    languages: Option<&[String]>,
) -> Option<Vec<(String, String)>> {
    let Some(text) = text else {
        missing(cx, cookie, key, "\"...\"");
        return None;
    };
    let mut ok = true;
    let mut empty = |lit: &LitStr| {
        if lit.value().trim().is_empty() {
            cx.error_spanned_by(
                lit,
                format!("`{key}` is empty: the policy page must say it"),
            );
            ok = false;
        }
    };
    let resolved = match text {
        TextValue::Plain(lit) => {
            empty(lit);
            match languages {
                Some(languages) if !languages.is_empty() => {
                    cx.error_spanned_by(
                        lit,
                        format!(
                            "the registry declares languages ({}): give `{key}({})`",
                            languages.join(", "),
                            languages
                                .iter()
                                .map(|l| format!("{} = \"...\"", lang_key(l)))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                    ok = false;
                }
                _ => {}
            }
            vec![(String::new(), lit.value())]
        }
        TextValue::PerLanguage {
            key: key_ident,
            entries,
            incomplete,
        } => {
            for (_, _, lit) in entries {
                empty(lit);
            }
            let Some(languages) = languages else {
                // Unknown languages: their own error is reported.
                return None;
            };
            if languages.is_empty() {
                cx.error_spanned_by(
                    key_ident,
                    format!(
                        "`{key}` is given per language, but the registry declares no languages: add `languages(...)` to #[registry(...)], or write `{key} = \"...\"`"
                    ),
                );
                return None;
            }
            for (tag, span, _) in entries {
                if !languages.iter().any(|l| l.eq_ignore_ascii_case(tag)) {
                    cx.error_at(
                        *span,
                        format!(
                            "language `{tag}` is not declared in #[registry(languages(...))] (declared: {})",
                            languages.join(", ")
                        ),
                    );
                    ok = false;
                }
            }
            for lang in languages {
                if !entries.iter().any(|(t, _, _)| t.eq_ignore_ascii_case(lang)) {
                    ok = false;
                    if *incomplete {
                        // An entry was rejected (its error is reported): it may be this one.
                        continue;
                    }
                    cx.error_spanned_by(
                        key_ident,
                        format!(
                            "`{key}` of cookie `{}` has no `{lang}` text: add `{} = \"...\"`",
                            cookie.variant,
                            lang_key(lang)
                        ),
                    );
                }
            }
            // In the registry's language order.
            languages
                .iter()
                .filter_map(|lang| {
                    entries
                        .iter()
                        .find(|(t, _, _)| t.eq_ignore_ascii_case(lang))
                        .map(|(_, _, lit)| (lang.clone(), lit.value()))
                })
                .collect()
        }
    };
    ok.then_some(resolved)
}

/// How a language is written as a key: `fr`, or `"pt-BR"` when it is not an identifier.
fn lang_key(tag: &str) -> String {
    if tag.contains('-') {
        format!("\"{tag}\"")
    } else {
        tag.to_owned()
    }
}

fn check_category(cx: &Ctxt, lit: &LitStr) -> Option<Category> {
    let value = lit.value();
    if let Some(c) = Category::from_name(&value) {
        return Some(c);
    }
    let valid = "`necessary`, `preferences`, `statistics`, `marketing`";
    let names = Category::ALL.map(Category::as_str);
    let message = match cookie_registry_rules::suggest::closest(&value, names) {
        Some(c) => format!("unknown category `{value}`: did you mean `{c}`? (one of {valid})"),
        None => format!("unknown category `{value}`: use one of {valid}"),
    };
    cx.error_spanned_by(lit, message);
    None
}

/// The lifetime grammar and the 400-day cap of RFC 6265bis §5.5.
fn check_lifetime(cx: &Ctxt, lit: &LitStr) -> Option<Lifetime> {
    let value = lit.value();
    match lifetime::parse(&value) {
        Ok(spec) => {
            if let Some(seconds) = spec.seconds() {
                if seconds > BROWSER_CAP {
                    cx.error_spanned_by(
                        lit,
                        format!(
                            "lifetime `{value}` ({}) is over the 400-day cap: browsers keep a cookie at most 400 days (RFC 6265bis §5.5), so the policy page would lie; declare at most `400d`",
                            days(seconds)
                        ),
                    );
                    return None;
                }
            }
            Some(spec)
        }
        Err(e) => {
            cx.error_spanned_by(
                lit,
                format!("invalid lifetime `{value}`: {e}; write {}", lifetime::FORMS),
            );
            None
        }
    }
}

fn check_third_party(cx: &Ctxt, lit: &LitStr) -> Option<String> {
    let value = lit.value();
    if let Err(e) = check_domain(&value) {
        cx.error_spanned_by(
            lit,
            format!("invalid `third_party` domain `{value}`: {e}; write the domain that sets the cookie, such as `third_party = \"matomo.cloud\"`"),
        );
        return None;
    }
    Some(value)
}

fn check_same_site(cx: &Ctxt, lit: &LitStr) -> Option<SameSite> {
    let value = lit.value();
    let same_site = SameSite::parse(&value);
    if same_site.is_none() {
        cx.error_spanned_by(
            lit,
            format!("unknown SameSite value `{value}`: write `\"strict\"`, `\"lax\"` or `\"none\"` (RFC 6265bis §4.1.2.7)"),
        );
    }
    same_site
}

fn check_path_value(cx: &Ctxt, lit: &LitStr) -> Option<String> {
    let value = lit.value();
    if let Err(e) = check_path(&value) {
        cx.error_spanned_by(
            lit,
            format!("invalid path `{value}`: {e} (RFC 6265bis §4.1.2.4)"),
        );
        return None;
    }
    Some(value)
}

fn check_domain_value(cx: &Ctxt, lit: &LitStr) -> Option<String> {
    let value = lit.value();
    if let Err(e) = check_domain(&value) {
        let fix = if value.starts_with('.') {
            format!("; write `domain = \"{}\"`", value.trim_start_matches('.'))
        } else {
            String::new()
        };
        cx.error_spanned_by(
            lit,
            format!("invalid domain `{value}`: {e} (RFC 6265bis §4.1.2.3){fix}"),
        );
        return None;
    }
    Some(value)
}

/// The rules tying the name to the attributes (prefixes, `SameSite=None`, `Partitioned`),
/// shared with the runtime validator.
fn check_standards(cx: &Ctxt, cookie: &Cookie, name_lit: &LitStr, same_site: Option<SameSite>) {
    let name = name_lit.value();
    let path = cookie.path.as_ref().map(LitStr::value);
    let domain = cookie.domain.as_ref().map(LitStr::value);
    let attrs = Attributes {
        secure: cookie.secure.is_some(),
        http_only: cookie.http_only.is_some(),
        same_site_none: same_site == Some(SameSite::None),
        partitioned: cookie.partitioned.is_some(),
        domain: domain.as_deref(),
        path: path.as_deref(),
    };
    // The prefix as the user wrote it; browsers match prefixes in any case (RFC 6265bis §5.4).
    let written = |p: attributes::NamePrefix| {
        let w = &name[..p.as_str().len()];
        if w == p.as_str() {
            format!("`{w}...`")
        } else {
            format!("`{w}...` (a `{p}` prefix: browsers match prefixes in any case)")
        }
    };
    attributes::check(&name, &attrs, |breach| {
        let (span, message): (Span, String) = match breach {
            Breach::PrefixWithoutSecure(p) => (
                name_lit.span(),
                format!("a cookie named {} must be `secure` (RFC 6265bis §4.1.3): add `secure`", written(p)),
            ),
            Breach::PrefixWithoutHttpOnly(p) => (
                name_lit.span(),
                format!("a cookie named {} must be `http_only` (layered cookies §4.1.3): add `http_only`", written(p)),
            ),
            Breach::HostPrefixWithDomain(p) => (
                cookie.domain.as_ref().map_or(name_lit.span(), LitStr::span),
                format!("a cookie named {} must not have a domain (RFC 6265bis §4.1.3.2): remove `domain`", written(p)),
            ),
            Breach::HostPrefixWithoutRootPath(p) => match &cookie.path {
                Some(lit) => (
                    lit.span(),
                    format!("a cookie named {} must have the path `/` (RFC 6265bis §4.1.3.2): write `path = \"/\"`", written(p)),
                ),
                None => (
                    name_lit.span(),
                    format!("a cookie named {} must be sent with `Path=/` (RFC 6265bis §4.1.3.2): add `path = \"/\"`", written(p)),
                ),
            },
            Breach::SameSiteNoneWithoutSecure => (
                cookie.same_site.as_ref().map_or(name_lit.span(), LitStr::span),
                "`same_site = \"none\"` needs `secure`: browsers drop the cookie otherwise (RFC 6265bis §5.7 step 19); add `secure`".to_owned(),
            ),
            Breach::PartitionedWithoutSecure => (
                cookie.partitioned.as_ref().map_or(name_lit.span(), Ident::span),
                "`partitioned` needs `secure`: browsers drop the cookie otherwise (CHIPS); add `secure`".to_owned(),
            ),
        };
        cx.error_at(span, message);
    });
}

/// The CNIL exemption for audience measurement: first-party statistics, at most 13 months.
fn check_consent_exempt(cx: &Ctxt, cookie: &Cookie, category: Category, lifetime: Lifetime) {
    let Some(flag) = &cookie.consent_exempt else {
        return;
    };
    let seconds = lifetime.seconds();
    category::check_exemption(category, cookie.third_party.is_some(), seconds, |breach| {
        match breach {
        ExemptionBreach::NotStatistics => cx.error_spanned_by(
            flag,
            format!(
                "`consent_exempt` applies only to audience measurement (`category = \"statistics\"`), not to `{category}` cookies (CNIL délibération 2020-091); remove it{}",
                if category == Category::Necessary { ": necessary cookies need no consent anyway" } else { "" }
            ),
        ),
        ExemptionBreach::ThirdParty => {
            if let Some(third) = &cookie.third_party {
                cx.error_spanned_by(
                    third,
                    format!(
                        "a `consent_exempt` cookie must be first party (CNIL délibération 2020-091): a cookie set by `{}` needs consent; remove `consent_exempt` or `third_party`",
                        third.value()
                    ),
                );
            }
        }
        ExemptionBreach::OverThirteenMonths => {
            let span = cookie.lifetime.as_ref().map_or(flag.span(), LitStr::span);
            cx.error_at(
                span,
                format!(
                    "a `consent_exempt` cookie may live at most 13 months (CNIL délibération 2020-091), not {}: declare at most `13mo`",
                    days(seconds.unwrap_or_default())
                ),
            );
        }
    }
    });
}

/// The same exact name twice, or two patterns that can match one name: both places. Exact
/// names are compared through a map (a registry may declare thousands), patterns pairwise.
fn check_duplicates(cx: &Ctxt, registry: &Registry) {
    let mut exact: std::collections::HashMap<String, &LitStr> = std::collections::HashMap::new();
    let mut patterns: Vec<(&LitStr, String, (String, String))> = Vec::new();
    for lit in registry.cookies.iter().filter_map(|c| c.name.as_ref()) {
        let value = lit.value();
        match name::parse_name(&value) {
            Ok(NameShape::Exact(_)) => {
                if let Some(earlier) = exact.get(&value) {
                    cx.error_spanned_by(lit, format!("cookie `{value}` is declared twice"));
                    cx.error_spanned_by(earlier, format!("`{value}` first declared here"));
                } else {
                    exact.insert(value, lit);
                }
            }
            Ok(NameShape::Pattern { prefix, suffix }) => {
                let parts = (prefix.to_owned(), suffix.to_owned());
                for (earlier, earlier_name, (p, s)) in &patterns {
                    if let Some(example) = name::common_match((p, s), (&parts.0, &parts.1)) {
                        cx.error_spanned_by(
                            lit,
                            format!(
                                "patterns `{earlier_name}` and `{value}` both match `{example}`: a cookie must have one declaration; make them disjoint"
                            ),
                        );
                        cx.error_spanned_by(
                            earlier,
                            format!("`{earlier_name}` first declared here"),
                        );
                    }
                }
                patterns.push((lit, value, parts));
            }
            Err(_) => {}
        }
    }
}
