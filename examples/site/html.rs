//! The site's HTML: the layout every page shares, the consent banner and the choices form.
//! Server-rendered, no JavaScript: the consent form is a plain `<form method="post">`.

use std::fmt::Write as _;
use std::time::UNIX_EPOCH;

use cookie_registry::consent::Consent;
use cookie_registry::policy::Strings;
use cookie_registry::{Category, CookieRegistry};

use crate::registry::HeraultCookie;
use crate::stats::{Stats, VISITOR_ID};
use crate::{COMBINED, consent_categories};

/// The page language: French by default, English on `?lang=en` (remembered in
/// `django_language`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub fn from_tag(tag: &str) -> Option<Lang> {
        match tag {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The French or the English text.
    pub fn t(self, fr: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// The policy renderer's strings (category names and descriptions).
    pub fn strings(self) -> Strings {
        match self {
            Lang::Fr => Strings::french(),
            Lang::En => Strings::english(),
        }
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,\"Segoe UI\",sans-serif;line-height:1.5;margin:0;color:#1b1b1b;background:#f6f6f4}
a{color:#0b4f8a}
header.site{background:#12355b;color:#fff}
header.site .inner{max-width:64rem;margin:0 auto;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}
header.site .brand{font-weight:700;font-size:1.15rem;color:#fff;text-decoration:none;margin-right:auto}
header.site nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
header.site nav a{color:#fff;white-space:nowrap}
header.site nav a[aria-current=page]{font-weight:700}
main{max-width:64rem;margin:0 auto;padding:1rem 1rem 3rem;background:#fff;min-height:60vh}
footer.site{max-width:64rem;margin:0 auto;padding:1rem;font-size:.9rem;color:#555}
code{background:#efefef;padding:0 .2em;border-radius:3px;overflow-wrap:anywhere}
.note{background:#eef4fb;border-left:4px solid #0b4f8a;padding:.5rem 1rem;margin:1rem 0}
.consent-banner{border-bottom:3px solid #12355b;background:#fff;box-shadow:0 2px 8px rgba(0,0,0,.15)}
.consent-banner .inner{max-width:64rem;margin:0 auto;padding:1rem}
.consent-banner h2{margin:0 0 .5rem;font-size:1.25rem}
.consent-banner p{margin:0 0 .75rem}
.consent-main{display:grid;grid-template-columns:1fr 1fr;gap:1rem;max-width:36rem;margin:.75rem 0}
.btn{display:block;width:100%;padding:.75rem 1rem;font:inherit;font-weight:700;font-size:1.05rem;color:#fff;background:#12355b;border:2px solid #12355b;border-radius:6px;cursor:pointer}
.btn:hover,.btn:focus{background:#0b2540;border-color:#0b2540}
.btn-secondary{padding:.5rem 1rem;font:inherit;font-weight:600;color:#12355b;background:#fff;border:2px solid #12355b;border-radius:6px;cursor:pointer}
fieldset.categories{border:1px solid #c8c8c8;border-radius:6px;padding:.5rem 1rem 1rem;margin:0 0 .75rem;max-width:48rem}
fieldset.categories legend{font-weight:600;padding:0 .25rem}
.category{display:flex;gap:.75rem;align-items:flex-start;padding:.5rem 0}
.category input{margin-top:.3rem;width:1.1rem;height:1.1rem;flex:none}
.category small{display:block;color:#444}
section.cookie-policy table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
section.cookie-policy th,section.cookie-policy td{border:1px solid #767676;padding:.5rem;text-align:left;vertical-align:top}
section.cookie-policy th{background:#efefef}
section.cookie-policy td code{white-space:nowrap}
section.cookie-policy caption{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (max-width:40rem){
.consent-main{grid-template-columns:1fr}
section.cookie-policy thead tr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
section.cookie-policy tr{display:block;border:1px solid #767676;margin-bottom:1rem}
section.cookie-policy td{display:block;border:0;border-bottom:1px solid #d0d0d0}
section.cookie-policy td:last-child{border-bottom:0}
section.cookie-policy td::before{content:attr(data-label);display:block;font-weight:600}
section.cookie-policy td code{white-space:normal}
}
";

/// What a page needs to be laid out.
pub struct Layout<'a> {
    pub lang: Lang,
    pub title: &'a str,
    /// The request's path and query, for the banner's return address.
    pub here: &'a str,
    /// The navigation entry to mark as current.
    pub current: &'a str,
    pub consent: Option<Consent>,
    /// Whether to show the banner when there is no valid consent (not on the choices page,
    /// which is the same form in full).
    pub banner: bool,
}

/// The `data-consent` marker on `<body>` (tests wait on it): `none` without a valid consent,
/// else the granted categories joined with `+`.
fn consent_marker(consent: Option<&Consent>) -> String {
    match consent {
        None => "none".to_owned(),
        Some(c) => c
            .granted()
            .map(Category::as_str)
            .collect::<Vec<_>>()
            .join("+"),
    }
}

/// A whole page around `content`.
pub fn page(layout: &Layout<'_>, content: &str) -> String {
    let lang = layout.lang;
    let nav = [
        ("/", lang.t("Accueil", "Home")),
        ("/tracker", lang.t("Traceur", "Tracker")),
        ("/analytics", lang.t("Mesure d'audience", "Analytics")),
        ("/cookies", lang.t("Charte cookies", "Cookie policy")),
        ("/consent", lang.t("Gérer mes cookies", "Manage my cookies")),
    ];
    let mut out = String::with_capacity(8 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{tag}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · Hérault Data</title>\n<style>\n{STYLE}</style>\n</head>\n\
         <body data-consent=\"{marker}\">\n",
        tag = lang.tag(),
        title = escape(layout.title),
        marker = consent_marker(layout.consent.as_ref()),
    );
    if layout.banner && layout.consent.is_none() {
        out.push_str(&banner(lang, layout.here));
    }
    let _ = write!(
        out,
        "<header class=\"site\"><div class=\"inner\">\n<a class=\"brand\" href=\"/\">Hérault Data <small>({})</small></a>\n<nav>",
        lang.t("démo", "demo")
    );
    for (href, label) in nav {
        let current = if href == layout.current {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = write!(out, "<a href=\"{href}\"{current}>{label}</a>");
    }
    let (other, other_label) = match lang {
        Lang::Fr => ("en", "English"),
        Lang::En => ("fr", "Français"),
    };
    let _ = write!(
        out,
        "<a href=\"{path}?lang={other}\" lang=\"{other}\">{other_label}</a></nav>\n</div></header>\n<main>\n",
        path = escape(layout.current),
    );
    out.push_str(content);
    let _ = write!(
        out,
        "</main>\n<footer class=\"site\"><a href=\"/cookies\">{}</a> · <a href=\"/consent\">{}</a></footer>\n</body>\n</html>\n",
        lang.t("Charte cookies", "Cookie policy"),
        lang.t("Modifier mes choix", "Change my choices"),
    );
    out
}

/// The banner shown while the visitor has made no (valid) choice.
fn banner(lang: Lang, here: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<section class=\"consent-banner\" id=\"consent-banner\" aria-labelledby=\"consent-title\"><div class=\"inner\">\n\
         <h2 id=\"consent-title\">{title}</h2>\n<p>{text} <a href=\"/cookies\">{more}</a></p>\n",
        title = lang.t("Vos choix sur les cookies", "Your choices about cookies"),
        text = lang.t(
            "Ce site dépose les cookies nécessaires à son fonctionnement. Avec votre accord, il dépose aussi un cookie de mesure d'audience (Matomo). Refuser est aussi simple qu'accepter, et vous pouvez changer d'avis à tout moment.",
            "This site sets the cookies it needs to work. With your consent, it also sets an audience-measurement cookie (Matomo). Refusing is as easy as accepting, and you can change your mind at any time.",
        ),
        more = lang.t("En savoir plus : charte cookies", "Learn more: cookie policy"),
    );
    out.push_str(&choices_form(lang, here, None));
    out.push_str("</div></section>\n");
    out
}

/// The choices form: "Tout accepter" and "Tout refuser" side by side, the same size and
/// colour, then one checkbox per category that needs consent and "Enregistrer mes choix".
/// `current` pre-ticks the categories already granted.
pub fn choices_form(lang: Lang, back: &str, current: Option<&Consent>) -> String {
    let strings = lang.strings();
    let mut out = String::new();
    let _ = write!(
        out,
        "<form class=\"consent-form\" method=\"post\" action=\"/consent\">\n\
         <input type=\"hidden\" name=\"back\" value=\"{back}\">\n\
         <div class=\"consent-main\">\
         <button type=\"submit\" class=\"btn\" name=\"choice\" value=\"accept\" id=\"accept-all\">{accept}</button>\
         <button type=\"submit\" class=\"btn\" name=\"choice\" value=\"refuse\" id=\"refuse-all\">{refuse}</button>\
         </div>\n\
         <fieldset class=\"categories\"><legend>{legend}</legend>\n\
         <label class=\"category\"><input type=\"checkbox\" checked disabled><span><strong>{necessary}</strong> ({always})<small>{necessary_text}</small></span></label>\n",
        back = escape(back),
        accept = lang.t("Tout accepter", "Accept all"),
        refuse = lang.t("Tout refuser", "Refuse all"),
        legend = lang.t(
            "Ou choisissez catégorie par catégorie",
            "Or choose category by category"
        ),
        necessary = escape(strings.category_heading(Category::Necessary)),
        always = lang.t("toujours actifs", "always on"),
        necessary_text = escape(strings.category_description(Category::Necessary)),
    );
    for category in consent_categories() {
        let checked = if current.is_some_and(|c| c.grants(category)) {
            " checked"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<label class=\"category\"><input type=\"checkbox\" name=\"category\" value=\"{value}\" id=\"category-{value}\"{checked}><span><strong>{heading}</strong><small>{text}</small></span></label>",
            value = category.as_str(),
            heading = escape(strings.category_heading(category)),
            text = escape(&category_cookies(lang, category)),
        );
    }
    let _ = write!(
        out,
        "</fieldset>\n<button type=\"submit\" class=\"btn-secondary\" name=\"choice\" value=\"save\" id=\"save-choices\">{save}</button>\n</form>\n",
        save = lang.t("Enregistrer mes choix", "Save my choices"),
    );
    out
}

/// The purposes of the cookies of `category`, for the checkbox's explanation.
fn category_cookies(lang: Lang, category: Category) -> String {
    let separator = lang.t(" : ", ": ");
    let texts: Vec<String> = COMBINED
        .declarations()
        .filter(|d| d.category() == category && d.requires_consent())
        .map(|d| {
            format!(
                "{} ({}){separator}{}",
                d.provider(),
                d.name(),
                d.purpose().get(lang.tag())
            )
        })
        .collect();
    texts.join(lang.t(" ; ", "; "))
}

/// The visitor's current choice, in a sentence.
pub fn consent_status(lang: Lang, consent: Option<&Consent>) -> String {
    let Some(consent) = consent else {
        return lang
            .t(
                "Vous n'avez pas encore fait de choix : seuls les cookies nécessaires sont déposés.",
                "You have not made a choice yet: only the necessary cookies are set.",
            )
            .to_owned();
    };
    let strings = lang.strings();
    let categories = consent_categories();
    let granted: Vec<&str> = categories
        .iter()
        .filter(|c| consent.grants(**c))
        .map(|c| strings.category_name(*c))
        .collect();
    let refused: Vec<&str> = categories
        .iter()
        .filter(|c| !consent.grants(**c))
        .map(|c| strings.category_name(*c))
        .collect();
    let none = lang.t("aucune", "none");
    let list = |v: &[&str]| {
        if v.is_empty() {
            none.to_owned()
        } else {
            v.join(", ")
        }
    };
    format!(
        "{} {} — {} {} — {} {}.",
        lang.t("Votre choix du", "Your choice of"),
        date(consent),
        lang.t("acceptés :", "accepted:"),
        list(&granted),
        lang.t("refusés :", "refused:"),
        list(&refused),
    )
}

/// When the choice was made, as `2026-11-29 08:00 UTC`.
fn date(consent: &Consent) -> String {
    let seconds = consent
        .given_at()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let seconds = i64::try_from(seconds).unwrap_or(0);
    match cookie::time::OffsetDateTime::from_unix_timestamp(seconds) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02} UTC",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute()
        ),
        Err(_) => seconds.to_string(),
    }
}

/// The names of the cookies the home page sets, for its text.
pub fn home_cookie_names() -> [&'static str; 3] {
    [
        HeraultCookie::Csrf.name(),
        HeraultCookie::Session.name(),
        VISITOR_ID,
    ]
}

/// The declared pattern of the statistics cookie (`_pk_id.*`).
pub fn stats_pattern() -> &'static str {
    Stats::VisitorId.name()
}
