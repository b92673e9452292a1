//! Declare a website's cookies in Rust, and let the compiler check them.
//!
//! ```
//! use cookie_registry::{cookie, Category, CookieRegistry};
//!
//! #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
//! #[registry(provider = "Opendatasoft", languages("fr", "en"))]
//! pub enum SiteCookie {
//!     #[cookie(
//!         name = "sessionid",
//!         service(fr = "Authentification (front et back office)", en = "Authentication (front and back office)"),
//!         purpose(fr = "Se souvenir de l'utilisateur d'une page à une autre.", en = "Remember the user from one page to the next."),
//!         category = "necessary",
//!         lifetime = "14d",
//!         http_only,
//!         same_site = "lax",
//!     )]
//!     Session,
//!     #[cookie(
//!         name = "_pk_id.*",
//!         provider = "Matomo",
//!         service(fr = "Mesure d'audience", en = "Audience measurement"),
//!         purpose(fr = "Compter les visites", en = "Count visits"),
//!         category = "statistics",
//!         lifetime = "13mo",
//!         consent_exempt,
//!     )]
//!     AudienceId,
//! }
//!
//! // Names are checked at compile time: a typo does not compile.
//! const SESSION: SiteCookie = cookie!(SiteCookie, "sessionid");
//! assert_eq!(SESSION, SiteCookie::Session);
//! assert_eq!(cookie!(SiteCookie, "_pk_id.1a2b"), SiteCookie::AudienceId);
//!
//! // The declarations are data for the policy page, validators and middleware.
//! let session = SiteCookie::Session.declaration();
//! assert_eq!(session.purpose().get("en"), "Remember the user from one page to the next.");
//! assert_eq!(session.category(), Category::Necessary);
//! assert!(!session.requires_consent());
//! assert_eq!(SiteCookie::registry().lookup("_pk_id.9").unwrap().provider(), "Matomo");
//! ```
//!
//! # Declaring
//!
//! On the enum, `#[registry(...)]` takes:
//! - `provider = "..."`: the provider of every cookie that does not name its own;
//! - `languages("fr", "en")`: the languages texts are given in (BCP 47 tags). Without it, texts
//!   are plain strings: `purpose = "..."`;
//! - `crate = "path"`: where `cookie_registry` is, if renamed or re-exported.
//!
//! On each variant, `#[cookie(...)]` takes:
//! - `name = "..."` (required): an exact name, or a pattern with one `*` that stands for one or
//!   more characters (`_ga_*`, `*_l`, `a*b`);
//! - `service`, `purpose` (required): a string, or `(fr = "...", en = "...")` with one text per
//!   declared language;
//! - `category` (required): `necessary`, `preferences`, `statistics` or `marketing`;
//! - `lifetime` (required): `session`, or a number and a unit: `30s`, `30m`, `12h`, `14d`, `2w`,
//!   `6mo`, `1y`. A month is a twelfth of the mean Gregorian year (30.44 days), a year is
//!   365.2425 days;
//! - `provider`, `provider_url`: who provides it (required unless the registry gives a provider);
//! - `third_party = "domain"`: set by another site (default: first party);
//! - `consent_exempt`: first-party audience measurement exempt from consent under the CNIL rules;
//! - the attributes its Set-Cookie must carry: `secure`, `http_only`, `same_site = "strict|lax|none"`,
//!   `path = "/"`, `domain = "..."`, `partitioned`.
//!
//! A declaration that breaks RFC 6265bis (name grammar, `__Secure-`/`__Host-` prefixes,
//! `SameSite=None` without `Secure`, the 400-day cap) or the CNIL rules (consent exemption only
//! for first-party statistics of at most 13 months) does not compile; every mistake is reported
//! in one compile, at the token that is wrong.
//!
//! # Existing constants
//!
//! Code that already has cookie-name constants can keep them: annotate the module.
//!
//! ```
//! #[cookie_registry::registry(provider = "Opendatasoft")]
//! pub mod cookies {
//!     #[cookie(service = "Authentication", purpose = "Remember the user",
//!         category = "necessary", lifetime = "14d", http_only)]
//!     pub const SESSION: &str = "sessionid";
//! }
//!
//! use cookie_registry::CookieRegistry;
//! assert_eq!(cookies::SESSION, "sessionid");
//! assert_eq!(cookies::Cookie::lookup("sessionid"), Some(cookies::Cookie::Session));
//! ```
//!
//! The module gains an enum `Cookie` (rename it with `enum_name = "..."`) with one variant per
//! annotated constant, named in UpperCamelCase (`SESSION` → `Session`), which implements
//! [`CookieRegistry`] exactly as the derive does.
#![forbid(unsafe_code)]
#![warn(missing_docs, unreachable_pub)]

#[cfg(feature = "audit")]
pub mod audit;
#[cfg(feature = "cookie")]
pub mod build;
#[cfg(feature = "consent")]
pub mod consent;
#[cfg(feature = "consent-log")]
pub mod consent_log;
pub mod cookie_header;
mod declaration;
#[cfg(feature = "export")]
pub mod export;
#[cfg(feature = "json")]
pub mod from_json;
mod index;
#[cfg(any(feature = "tower", feature = "actix"))]
pub mod middleware;
#[cfg(feature = "actix")]
pub use middleware::actix;
#[cfg(feature = "policy")]
pub mod policy;
mod registry;
mod set_cookie;
#[cfg(feature = "consent")]
mod two_way;
pub mod validation;

#[doc(hidden)]
pub mod __private;

/// The byte helpers of the hot paths, for `benches/bytes.rs` to measure against the standard
/// library's and `memchr`'s. Not public API.
#[doc(hidden)]
pub mod __bench {
    /// Hand-written short-slice equality.
    pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
        crate::set_cookie::bytes::same_bytes(a, b)
    }

    /// The one-pass header scan: the number of semicolons, or the index of a control
    /// character.
    pub fn scan_header(b: &[u8]) -> Result<usize, usize> {
        crate::set_cookie::bytes::scan_header(b).map(|s| s.count)
    }

    /// The first `byte`, eight bytes at a time.
    pub fn find_byte(s: &[u8], byte: u8) -> Option<usize> {
        crate::set_cookie::bytes::find_byte(s, byte)
    }

    /// The first byte that is not a cookie-octet, eight bytes at a time.
    pub fn first_non_cookie_octet(s: &[u8]) -> Option<usize> {
        crate::set_cookie::bytes::first_non_cookie_octet(s)
    }
}

#[cfg(feature = "cookie")]
pub use build::BuildError;
pub use cookie_registry_macros::{CookieRegistry, cookie, registry};
pub use declaration::{
    Category, Declaration, Lifetime, LifetimeUnit, NamePattern, Party, SameSite, Text,
    UnknownCategory,
};
pub use registry::{CombineError, Conflict, CookieRegistry, Registry};
pub use set_cookie::date;
pub use set_cookie::{Attribute, MAX_ATTRIBUTE_VALUE, MAX_NAME_VALUE, ParseError, SetCookie};
pub use validation::{Checked, Linted, Severity, Violation, Violations, lint, lint_at};

/// The README's quick start, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
