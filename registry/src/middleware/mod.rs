//! The middleware: checks every `Set-Cookie` a response carries against the registry and the
//! visitor's consent, and deletes the cookies of categories the visitor no longer grants. Two
//! adapters, with the same builder, modes and events: `CookieLayer` for tower (feature `tower`:
//! axum, hyper, any `tower` stack) and `cookie_registry::actix::CookieMiddleware` for
//! actix-web (feature `actix`).
//!
//! For each `Set-Cookie`, with [`Registry::check`](crate::Registry::check) and the consent
//! [gate](crate::consent::allows):
//! - an undeclared cookie, or a declared one with an error-level violation, is *non-conforming*;
//! - a declared cookie whose category the visitor did not grant is *unconsented*;
//! - warnings are logged and the header kept.
//!
//! [`Mode::Report`] logs these (through `tracing`) and changes nothing; [`Mode::Enforce`]
//! removes the header as well; [`Mode::Strict`] panics, for test suites. A hook
//! (`on_event`) sees every event, to count or export them.
//!
//! A `Set-Cookie` passes the consent gate without consent only when every browser deletes
//! with it: `Max-Age` zero or less, or an `Expires` a day or more in the past as browsers read
//! it (the cookie-date algorithm of RFC 6265bis §5.1.1, which reads `0069` as 2069; the day
//! covers browsers whose clock is behind). Its name, `Path`, `Domain` and `Partitioned` are
//! checked against the declaration like any other header's.
//!
//! Withdrawal: when the request carries a cookie that needs a consent the visitor has not
//! given (or has withdrawn), the response gets its deletion (`Max-Age=0` with the declared
//! `Path` and `Domain`), HttpOnly cookies included, whatever the mode but `Report` (which only
//! reports it). The visitor's valid [`Consent`](crate::consent::Consent) is also put in the request's extensions for the
//! application.
//!
//! The request is hostile input: its `Cookie` headers (all of them: HTTP/2 sends one per
//! cookie) are read as bytes, and a pair that cannot be read is skipped alone, so that a
//! non-ASCII cookie beside the consent record does not hide it. When a browser sends two
//! consent records, the newest valid one counts. At most
//! `max_deletions` deletions (64 by default) are added to one
//! response, whatever the request carries, and the work is linear in the request's size.
//!
//! A request without cookies and a response without `Set-Cookie` cost a header lookup each.
//! A browser sends the same `Cookie` header with every request of a page: what was found in
//! a header of up to 512 bytes (its verified consent records, the cookies that need a
//! consent) is remembered per thread, in 32 fixed slots (about 27 KB), and the same bytes
//! are not read again; each record's age is still checked on every request.
//!
//! The decisions are made by a framework-neutral engine that reads header bytes and says what
//! to remove and add; each adapter only moves headers in and out.
//!
//! # Where the layer goes
//!
//! Outermost, or at least outside every layer that adds a `Set-Cookie` on the way out:
//! tower-sessions' `SessionManagerLayer`, tower-cookies' `CookieManagerLayer`, axum-extra's
//! cookie jars used as layers. In axum the last `.layer(...)` is the outermost. Placed inside
//! them, the layer never sees their cookies and checks nothing about them, silently.
//!
//! # Adopting it
//!
//! Start with [`Mode::Report`] on an existing site: it changes nothing and logs every cookie
//! that would be removed, so the declarations can be completed first. Then switch to
//! [`Mode::Enforce`]. Use [`Mode::Strict`] in test suites.
//!
//! # Logs
//!
//! Every [`Event`] is logged through `tracing` with the target `cookie_registry::middleware`
//! ([`TRACING_TARGET`]) and the field `cookie`: warnings and removals at `WARN` and `ERROR`,
//! withdrawal deletions at `INFO`.
//!
//! ```
//! use std::convert::Infallible;
//! use cookie_registry::middleware::{CookieLayer, Mode};
//! use cookie_registry::CookieRegistry;
//! use http::{header::SET_COOKIE, Request, Response};
//! use tower::{ServiceBuilder, ServiceExt};
//!
//! #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
//! #[registry(provider = "Site")]
//! enum SiteCookie {
//!     #[cookie(name = "lang", service = "Language", purpose = "Remember the language",
//!         category = "necessary", lifetime = "session")]
//!     Lang,
//! }
//!
//! # tokio_test::block_on(async {
//! let app = tower::service_fn(|_req: Request<()>| async {
//!     Ok::<_, Infallible>(
//!         Response::builder()
//!             .header(SET_COOKIE, "lang=fr")
//!             .header(SET_COOKIE, "tracker=1")
//!             .body(())
//!             .unwrap(),
//!     )
//! });
//! let service = ServiceBuilder::new()
//!     .layer(CookieLayer::new(SiteCookie::registry()).mode(Mode::Enforce))
//!     .service(app);
//! let response = service.oneshot(Request::new(())).await.unwrap();
//! let kept: Vec<_> = response.headers().get_all(SET_COOKIE).iter().collect();
//! assert_eq!(kept, ["lang=fr"]);
//! # });
//! ```

/// The builder both adapters share, written once: `$ty` has a field `config: Arc<Config>`;
/// `$path` is its public path, for the doc example.
macro_rules! builder {
    ($ty:ident, $path:literal) => {
        impl $ty {
            /// The default bound on the withdrawal deletions added to one response: 64.
            pub const DEFAULT_MAX_DELETIONS: usize = 64;

            /// Checks against `registry`, in
            /// [`Mode::Report`](crate::middleware::Mode::Report), with no consent record:
            /// until `consent` is set, only cookies that need no consent are allowed.
            pub fn new(registry: &'static $crate::Registry) -> $ty {
                $ty {
                    config: ::std::sync::Arc::new($crate::middleware::engine::Config::new(
                        registry,
                        $ty::DEFAULT_MAX_DELETIONS,
                    )),
                }
            }

            fn with(
                mut self,
                change: impl FnOnce(&mut $crate::middleware::engine::Config),
            ) -> $ty {
                // Its own configuration, unless a service made from it shares it already.
                change(::std::sync::Arc::make_mut(&mut self.config));
                self
            }

            /// The mode.
            pub fn mode(self, mode: $crate::middleware::Mode) -> $ty {
                self.with(|c| c.mode = mode)
            }

            /// Reads the visitor's consent from the declared cookie `cookie` (holding
            /// [`Consent::encode`](crate::consent::Consent::encode)'s value), signed with
            /// `key`. A record older than `consent_max_age` (six months by default) or made for
            /// another registry version is stale.
            ///
            /// ```
            /// use cookie_registry::consent::ConsentKey;
            /// use cookie_registry::CookieRegistry;
            #[doc = concat!("use ", $path, ";")]
            /// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
            /// #[registry(provider = "Site")]
            /// enum SiteCookie {
            ///     #[cookie(name = "cookies_preferences", service = "Consent",
            ///         purpose = "Remember the visitor's cookie choices", category = "necessary",
            ///         lifetime = "6mo", http_only, path = "/")]
            ///     Preferences,
            /// }
            /// let key = ConsentKey::from_bytes(&[7; 32]).unwrap();
            #[doc = concat!("let _ = ", stringify!($ty), "::new(SiteCookie::registry()).consent(SiteCookie::Preferences, key);")]
            /// ```
            ///
            /// # Panics
            ///
            /// At start-up, for a configuration that cannot work: a consent cookie that is a
            /// pattern (the record needs one exact name), that needs consent itself (the choice
            /// could not be stored before it is given: declare it `necessary`), or that the
            /// registry does not declare (it would be removed as undeclared).
            pub fn consent<C: $crate::CookieRegistry>(
                self,
                cookie: C,
                key: $crate::consent::ConsentKey,
            ) -> $ty {
                let consent = self.config.consent_cookie(cookie.declaration(), key);
                self.with(|c| c.consent = Some(consent))
            }

            /// How old a consent record may be (default:
            /// [`Consent::DEFAULT_MAX_AGE`](crate::consent::Consent::DEFAULT_MAX_AGE), six
            /// months), before or after `consent`.
            pub fn consent_max_age(self, max_age: ::std::time::Duration) -> $ty {
                self.with(|c| c.consent_max_age = max_age)
            }

            /// The most withdrawal deletions added to one response (default 64). A request can
            /// carry thousands of cookies that match a withdrawn pattern (`_pk_id.0`,
            /// `_pk_id.1`, …); without a bound, each would cost a header and an event. Past the
            /// bound, one [`Reason::DeletionLimit`](crate::middleware::Reason::DeletionLimit)
            /// event says how many were left.
            pub fn max_deletions(self, max: usize) -> $ty {
                self.with(|c| c.max_deletions = max)
            }

            /// Calls `hook` for every event (after logging it).
            pub fn on_event(
                self,
                hook: impl Fn(&$crate::middleware::Event) + Send + Sync + 'static,
            ) -> $ty {
                self.with(|c| c.hook = Some(::std::sync::Arc::new(hook)))
            }

            /// Records every `Set-Cookie` the application sends (before enforcement) in
            /// `recorder`.
            pub fn recorder(self, recorder: $crate::middleware::Recorder) -> $ty {
                self.with(|c| c.recorder = Some(recorder))
            }
        }

        impl ::std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($ty))
                    .field("mode", &self.config.mode)
                    .field(
                        "consent_cookie",
                        &self.config.consent.as_ref().map(|c| c.cookie),
                    )
                    .finish_non_exhaustive()
            }
        }
    };
}
use builder;

#[cfg(feature = "actix")]
pub mod actix;
mod engine;
mod recorder;
#[cfg(feature = "tower")]
mod tower;

use std::fmt;

pub use recorder::{Recorder, RecorderReport};
#[cfg(feature = "tower")]
pub use tower::{CookieLayer, CookieService, ResponseFuture};

use crate::validation::Violations;

/// The `tracing` target of the middleware's logs, to filter them
/// (`RUST_LOG=cookie_registry::middleware=warn`).
pub const TRACING_TARGET: &str = "cookie_registry::middleware";

/// What the middleware does about a cookie that does not belong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Log it, change nothing (withdrawal deletions are not added either).
    Report,
    /// Log it and remove the `Set-Cookie`; add withdrawal deletions.
    Enforce,
    /// Panic with every problem: for test suites, where a stray cookie must fail the test.
    Strict,
}

/// Why an event happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// The cookie is not declared.
    Undeclared,
    /// The header is not a cookie at all: it does not parse (a control character, bytes that
    /// are not UTF-8, an empty or oversized name and value) or has no name.
    Malformed,
    /// The header breaks the standards or the declaration (an error-level violation).
    NonConforming,
    /// The header only has warnings.
    Warning,
    /// The cookie's category was not granted.
    Unconsented,
    /// The request carried a cookie whose category is not granted: a deletion was added (or,
    /// in [`Mode::Report`], would have been).
    Withdrawn,
    /// The request carried a cookie of a category not granted whose name no deletion can
    /// carry (not a token, or not UTF-8): it stays in the browser until it expires.
    Undeletable,
    /// The request carried more cookies of categories not granted than the bound on
    /// deletions per response (`max_deletions`): the rest got none. Reported
    /// once per response; [`Event::header`] says how many.
    DeletionLimit,
}

/// What the middleware did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Action {
    /// Logged only.
    Reported,
    /// The `Set-Cookie` was removed.
    Removed,
    /// A deletion `Set-Cookie` was added.
    DeletionAdded,
}

/// One thing the middleware saw, for `on_event`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Event {
    /// Why.
    pub reason: Reason,
    /// What was done.
    pub action: Action,
    /// The cookie's name (empty when the header did not parse, and for
    /// [`Reason::DeletionLimit`]; lossy for non-UTF-8 bytes).
    pub cookie: String,
    /// The `Set-Cookie` header concerned, as text (lossy for non-UTF-8 bytes); for
    /// [`Reason::Undeletable`], empty; for [`Reason::DeletionLimit`], what was left undone.
    pub header: String,
    /// The violations, for `Malformed`, `Undeclared`, `NonConforming` and `Warning`.
    pub violations: Option<Violations>,
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} cookie `{}` ({:?})",
            self.reason, self.cookie, self.action
        )?;
        if !self.header.is_empty() {
            write!(f, ": {}", self.header)?;
        }
        if let Some(v) = &self.violations {
            write!(f, ": {v}")?;
        }
        Ok(())
    }
}
