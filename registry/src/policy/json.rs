//! JSON, schema `cookie-registry/policy/1` (documented on `Policy::json`).

use serde::Serialize;

use super::Page;
use crate::declaration::{Declaration, Lifetime};

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    registry_version: String,
    language: &'a str,
    groups: Vec<Group<'a>>,
}

#[derive(Serialize)]
struct Group<'a> {
    category: Option<&'static str>,
    heading: &'a str,
    description: Option<&'a str>,
    cookies: Vec<Cookie>,
}

#[derive(Serialize)]
struct Cookie {
    name: &'static str,
    pattern: Option<Pattern>,
    provider: &'static str,
    provider_url: Option<&'static str>,
    service: &'static str,
    purpose: &'static str,
    category: &'static str,
    consent_required: bool,
    consent_exempt: bool,
    lifetime: LifetimeJson,
    party: Party,
    attributes: Attributes,
}

#[derive(Serialize)]
struct Pattern {
    prefix: &'static str,
    suffix: &'static str,
}

#[derive(Serialize)]
struct LifetimeJson {
    session: bool,
    seconds: Option<u64>,
    amount: Option<u64>,
    unit: Option<&'static str>,
    text: String,
}

#[derive(Serialize)]
struct Party {
    first: bool,
    domain: Option<&'static str>,
}

#[derive(Serialize)]
struct Attributes {
    secure: bool,
    http_only: bool,
    same_site: Option<&'static str>,
    path: Option<&'static str>,
    domain: Option<&'static str>,
    partitioned: bool,
}

fn cookie(page: &Page<'_>, d: &Declaration) -> Cookie {
    let lifetime = d.lifetime();
    let (amount, unit) = match lifetime {
        Lifetime::Session => (None, None),
        Lifetime::Duration { amount, unit } => (Some(amount), Some(unit.suffix())),
    };
    Cookie {
        name: d.name(),
        pattern: d.pattern().map(|p| Pattern {
            prefix: p.prefix(),
            suffix: p.suffix(),
        }),
        provider: d.provider(),
        provider_url: d.provider_url(),
        service: page.text(d.service()),
        purpose: page.text(d.purpose()),
        category: d.category().as_str(),
        consent_required: d.requires_consent(),
        consent_exempt: d.is_consent_exempt(),
        lifetime: LifetimeJson {
            session: lifetime.is_session(),
            seconds: lifetime.seconds(),
            amount,
            unit,
            text: page.lifetime(lifetime),
        },
        party: Party {
            first: d.party().is_first(),
            domain: d.party().domain(),
        },
        attributes: Attributes {
            secure: d.secure(),
            http_only: d.http_only(),
            same_site: d.same_site().map(|s| s.as_str()),
            path: d.path(),
            domain: d.domain(),
            partitioned: d.partitioned(),
        },
    }
}

pub(crate) fn render(page: &Page<'_>) -> String {
    let document = Document {
        schema: "cookie-registry/policy/1",
        registry_version: format!("{:016x}", page.version),
        language: page.language,
        groups: page
            .groups
            .iter()
            .map(|(category, declarations)| Group {
                category: category.map(|c| c.as_str()),
                heading: page.heading(*category),
                description: category.map(|c| page.strings.category_description(c)),
                cookies: declarations.iter().map(|d| cookie(page, d)).collect(),
            })
            .collect(),
    };
    // Serializing these plain structs to a string cannot fail.
    let mut json = serde_json::to_string_pretty(&document).unwrap_or_default();
    json.push('\n');
    json
}
