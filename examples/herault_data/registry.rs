//! The cookies of the Hérault open-data portal (<https://www.herault-data.fr>), as its
//! "Charte cookies" declares them (`charte-cookies.txt` beside this file): provider, service and
//! location, cookie name and purpose exactly as the seed writes them, with English
//! translations. Lifetimes and attributes are Django's defaults
//! (`django/conf/global_settings.py`: `SESSION_COOKIE_AGE`, `CSRF_COOKIE_AGE`,
//! `LANGUAGE_COOKIE_AGE`) and Opendatasoft's published six months for the consent choice. The
//! portal is served over HTTPS, so the cookies that Django can mark `Secure` are declared so.
//!
//! This file is the example's registry; the integration tests include it too.

use cookie_registry::CookieRegistry;

/// The portal's cookies, in the seed's order.
#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Opendatasoft", languages("fr", "en"))]
pub enum HeraultCookie {
    /// Django's session cookie: `SESSION_COOKIE_AGE` is 1,209,600 s (two weeks), HttpOnly, Lax.
    #[cookie(
        name = "sessionid",
        service(
            fr = "Authentification (front et back office)",
            en = "Authentication (front and back office)"
        ),
        purpose(
            fr = "Se souvenir de l'utilisateur d'une page à une autre.",
            en = "Remember the user from one page to the next."
        ),
        category = "necessary",
        lifetime = "14d",
        secure,
        http_only,
        same_site = "lax",
        path = "/"
    )]
    Session,
    /// Django's language cookie: a session cookie by default (`LANGUAGE_COOKIE_AGE` is None),
    /// sent without SameSite.
    #[cookie(
        name = "django_language",
        service(
            fr = "Sélection de la langue (front et back office)",
            en = "Language selection (front and back office)"
        ),
        purpose(
            fr = "Se souvenir de la langue du visiteur",
            en = "Remember the visitor's language"
        ),
        category = "necessary",
        lifetime = "session",
        path = "/"
    )]
    Language,
    /// Django's CSRF cookie: `CSRF_COOKIE_AGE` is 31,449,600 s (52 weeks), Lax, readable by
    /// JavaScript (not HttpOnly) so that API calls can send it back.
    #[cookie(
        name = "csrftoken",
        service(
            fr = "API (CSRF) (front et back office)",
            en = "API (CSRF) (front and back office)"
        ),
        purpose(
            fr = "Récupérer des données via des appels API",
            en = "Fetch data through API calls"
        ),
        category = "necessary",
        lifetime = "52w",
        secure,
        same_site = "lax",
        path = "/"
    )]
    Csrf,
    /// The visitor's cookie choice, kept six months.
    #[cookie(
        name = "cookies_preferences",
        service(
            fr = "Choix concernant vos préférences sur les cookies",
            en = "Your choices about cookies"
        ),
        purpose(
            fr = "Se souvenir du choix opéré par le visiteur concernant les cookies",
            en = "Remember the visitor's choice about cookies"
        ),
        category = "necessary",
        lifetime = "6mo",
        secure,
        same_site = "lax",
        path = "/"
    )]
    Preferences,
}
