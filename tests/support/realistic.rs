//! Five realistic `Set-Cookie` headers and a registry that declares them, shared by the
//! allocation test and the `check` benchmark.

/// The headers: a session cookie with Max-Age and HttpOnly; one with Expires and Domain; a
/// `__Host-` cookie; `SameSite=None; Secure; Partitioned`; a bare `lang=en`.
pub const HEADERS: [&str; 5] = [
    "sessionid=4b1d7e2c9a0f4e51b3c8d6a2e9f07c13; Max-Age=1209600; Path=/; HttpOnly; SameSite=Lax",
    "prefs=theme%3Ddark; Expires=Sun, 06 Jun 2027 10:00:00 GMT; Domain=example.com; Path=/",
    "__Host-csrf=Zm9vYmFyYmF6cXV4; Secure; Path=/; SameSite=Strict",
    "embed_state=a1b2c3; SameSite=None; Secure; Partitioned; Path=/",
    "lang=en",
];

/// A registry declaring the five.
#[derive(cookie_registry::CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Example")]
pub enum Realistic {
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
        name = "prefs",
        service = "Settings",
        purpose = "Remember the settings",
        category = "preferences",
        lifetime = "400d",
        domain = "example.com",
        path = "/"
    )]
    Prefs,
    #[cookie(
        name = "__Host-csrf",
        service = "Security",
        purpose = "Protect forms",
        category = "necessary",
        lifetime = "session",
        secure,
        path = "/",
        same_site = "strict"
    )]
    Csrf,
    #[cookie(
        name = "embed_state",
        service = "Embedded widget",
        purpose = "Keep the widget state",
        category = "preferences",
        lifetime = "session",
        secure,
        same_site = "none",
        partitioned,
        path = "/"
    )]
    Embed,
    #[cookie(
        name = "lang",
        service = "Language",
        purpose = "Remember the language",
        category = "necessary",
        lifetime = "session"
    )]
    Lang,
}
