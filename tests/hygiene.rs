//! The generated code uses absolute paths: shadowing prelude names and the crate's own name
//! next to the derive breaks nothing, and `crate = "..."` reaches the runtime through a
//! re-export.
#![allow(dead_code, non_camel_case_types)]

struct Option;
struct Some;
struct None;
struct Result;
struct Ok;
struct Err;
struct str;
struct usize;
struct bool;
mod core {}
mod std {}
mod cookie_registry {}

mod reexport {
    pub use ::cookie_registry as inner;
}

#[derive(::cookie_registry::CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Example")]
enum Shadowed {
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
        name = "_ga_*",
        service = "Stats",
        purpose = "Count",
        category = "statistics",
        lifetime = "13mo",
        third_party = "google.com"
    )]
    Ga,
}

#[derive(::cookie_registry::CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Example", crate = "crate::reexport::inner")]
enum ThroughReexport {
    #[cookie(
        name = "lang",
        service = "Language",
        purpose = "Remember the language",
        category = "necessary",
        lifetime = "session"
    )]
    Lang,
}

#[::cookie_registry::registry(provider = "Example", crate = "crate::reexport::inner")]
mod consts {
    #[cookie(
        service = "Login",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "1d"
    )]
    pub const LOGIN: &::core::primitive::str = "login";
}

#[test]
fn derive_works_with_shadowed_names() {
    use ::cookie_registry::CookieRegistry as _;
    assert_eq!(
        Shadowed::lookup("_ga_X1"),
        ::core::option::Option::Some(Shadowed::Ga)
    );
    assert_eq!(Shadowed::Session.name(), "sessionid");
    assert_eq!(ThroughReexport::Lang.name(), "lang");
    assert_eq!(consts::Cookie::Login.name(), "login");
    assert_eq!(::cookie_registry::cookie!(Shadowed, "_ga_1"), Shadowed::Ga);
}
