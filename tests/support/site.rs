//! The small site the middleware tests (`security`, `adapters`, `memory`) and the withdrawal
//! benchmark share: a session cookie, the consent cookie, a session-lifetime language cookie,
//! a preferences cookie and Matomo's statistics pattern, with the key that signs records.

use cookie_registry::consent::ConsentKey;
use cookie_registry::{CookieRegistry, Registry};

#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Site")]
pub enum Site {
    #[cookie(
        name = "sessionid",
        service = "Login",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "14d",
        http_only,
        same_site = "lax",
        path = "/"
    )]
    Session,
    #[cookie(
        name = "consent",
        service = "Consent",
        purpose = "Remember the cookie choice",
        category = "necessary",
        lifetime = "6mo",
        http_only,
        path = "/"
    )]
    Consent,
    #[cookie(
        name = "lang",
        service = "Language",
        purpose = "Remember the language",
        category = "necessary",
        lifetime = "session",
        path = "/"
    )]
    Lang,
    #[cookie(
        name = "theme",
        service = "Theme",
        purpose = "Remember the theme",
        category = "preferences",
        lifetime = "1y",
        path = "/"
    )]
    Theme,
    #[cookie(
        name = "_pk_id.*",
        service = "Statistics",
        purpose = "Count visits",
        category = "statistics",
        lifetime = "13mo",
        http_only,
        path = "/"
    )]
    Stats,
}

pub fn registry() -> &'static Registry {
    Site::registry()
}

pub fn key() -> ConsentKey {
    ConsentKey::from_bytes(b"a test key that is long enough to sign consent").unwrap()
}
