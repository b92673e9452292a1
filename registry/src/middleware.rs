//! Tower middleware (feature `tower`; works with axum, hyper and any `tower` stack): checks
//! every `Set-Cookie` a response carries against the registry and the visitor's consent, and
//! deletes the cookies of categories the visitor no longer grants.
//!
//! For each `Set-Cookie`, with [`Registry::check`] and the consent [gate](crate::consent::allows):
//! - an undeclared cookie, or a declared one with an error-level violation, is *non-conforming*;
//! - a declared cookie whose category the visitor did not grant is *unconsented*;
//! - warnings are logged and the header kept.
//!
//! [`Mode::Report`] logs these (through `tracing`) and changes nothing; [`Mode::Enforce`]
//! removes the header as well; [`Mode::Strict`] panics, for test suites. A hook
//! ([`CookieLayer::on_event`]) sees every event, to count or export them.
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
//! reports it). The visitor's valid [`Consent`] is also put in the request's extensions for the
//! application.
//!
//! The request is hostile input: its `Cookie` headers (all of them: HTTP/2 sends one per
//! cookie) are read as bytes, and a pair that cannot be read is skipped alone, so that a
//! non-ASCII cookie beside the consent record does not hide it. When a browser sends two
//! consent records, the newest valid one counts. At most
//! [`max_deletions`](CookieLayer::max_deletions) deletions (64 by default) are added to one
//! response, whatever the request carries, and the work is linear in the request's size.
//!
//! A request without cookies and a response without `Set-Cookie` cost a header lookup each.
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

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Request, Response};
use pin_project_lite::pin_project;

use crate::consent::{self, Consent, ConsentKey};
use crate::declaration::Declaration;
use crate::registry::{CookieRegistry, Registry};
use crate::set_cookie::SetCookie;
use crate::validation::{ResponseCheck, Violations};

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
    /// deletions per response ([`CookieLayer::max_deletions`]): the rest got none. Reported
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

/// One thing the middleware saw, for [`CookieLayer::on_event`].
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

type Hook = Arc<dyn Fn(&Event) + Send + Sync>;

#[derive(Clone)]
struct ConsentConfig {
    cookie: &'static str,
    key: ConsentKey,
}

#[derive(Clone)]
struct Config {
    registry: &'static Registry,
    mode: Mode,
    max_deletions: usize,
    consent: Option<ConsentConfig>,
    consent_max_age: Duration,
    hook: Option<Hook>,
    recorder: Option<Recorder>,
}

/// The layer: `CookieLayer::new(SiteCookie::registry()).mode(Mode::Enforce).consent(...)`.
///
/// The builder methods change the layer's own configuration; [`layer`](tower_layer::Layer::layer)
/// shares it with the services it makes (an [`Arc`]), so a dropped layer and its services free
/// everything, hooks and recorders included.
#[derive(Clone)]
pub struct CookieLayer {
    config: Arc<Config>,
}

impl fmt::Debug for CookieLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CookieLayer")
            .field("mode", &self.config.mode)
            .field(
                "consent_cookie",
                &self.config.consent.as_ref().map(|c| c.cookie),
            )
            .finish_non_exhaustive()
    }
}

impl CookieLayer {
    /// The default bound on the withdrawal deletions added to one response: 64.
    pub const DEFAULT_MAX_DELETIONS: usize = 64;

    /// Checks against `registry`, in [`Mode::Report`], with no consent record: until
    /// [`consent`](CookieLayer::consent) is set, only cookies that need no consent are allowed.
    pub fn new(registry: &'static Registry) -> CookieLayer {
        CookieLayer {
            config: Arc::new(Config {
                registry,
                mode: Mode::Report,
                max_deletions: CookieLayer::DEFAULT_MAX_DELETIONS,
                consent: None,
                consent_max_age: Consent::DEFAULT_MAX_AGE,
                hook: None,
                recorder: None,
            }),
        }
    }

    fn with(mut self, change: impl FnOnce(&mut Config)) -> CookieLayer {
        // The layer's own configuration, unless a service made from it shares it already.
        change(Arc::make_mut(&mut self.config));
        self
    }

    /// The mode.
    pub fn mode(self, mode: Mode) -> CookieLayer {
        self.with(|c| c.mode = mode)
    }

    /// Reads the visitor's consent from the declared cookie `cookie` (holding
    /// [`Consent::encode`]'s value), signed with `key`. A record older than
    /// [`consent_max_age`](CookieLayer::consent_max_age) (six months by default) or made for
    /// another registry version is stale.
    ///
    /// ```
    /// use cookie_registry::consent::ConsentKey;
    /// use cookie_registry::middleware::CookieLayer;
    /// use cookie_registry::CookieRegistry;
    /// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    /// #[registry(provider = "Site")]
    /// enum SiteCookie {
    ///     #[cookie(name = "cookies_preferences", service = "Consent",
    ///         purpose = "Remember the visitor's cookie choices", category = "necessary",
    ///         lifetime = "6mo", http_only, path = "/")]
    ///     Preferences,
    /// }
    /// let key = ConsentKey::from_bytes(&[7; 32]).unwrap();
    /// let layer = CookieLayer::new(SiteCookie::registry()).consent(SiteCookie::Preferences, key);
    /// ```
    ///
    /// # Panics
    ///
    /// At start-up, for a configuration that cannot work: a consent cookie that is a pattern
    /// (the record needs one exact name), that needs consent itself (the choice could not be
    /// stored before it is given: declare it `necessary`), or that the layer's registry does
    /// not declare (the layer would remove it as undeclared).
    pub fn consent<C: CookieRegistry>(self, cookie: C, key: ConsentKey) -> CookieLayer {
        let declaration = cookie.declaration();
        let name = declaration.name();
        assert!(
            declaration.pattern().is_none(),
            "cookie-registry: the consent cookie `{name}` is a pattern; the consent record needs a cookie with one exact name"
        );
        assert!(
            !declaration.requires_consent(),
            "cookie-registry: the consent cookie `{name}` is declared `{}`, which needs consent itself; the choice must be storable before it is given: declare it `necessary`",
            declaration.category()
        );
        assert!(
            self.config
                .registry
                .lookup(name)
                .is_some_and(|d| std::ptr::eq(d, declaration)),
            "cookie-registry: the consent cookie `{name}` is not declared in the layer's registry, which would remove it as undeclared; combine its registry in"
        );
        self.with(|c| c.consent = Some(ConsentConfig { cookie: name, key }))
    }

    /// How old a consent record may be (default: [`Consent::DEFAULT_MAX_AGE`], six months),
    /// before or after [`consent`](CookieLayer::consent).
    pub fn consent_max_age(self, max_age: Duration) -> CookieLayer {
        self.with(|c| c.consent_max_age = max_age)
    }

    /// The most withdrawal deletions added to one response (default
    /// [`DEFAULT_MAX_DELETIONS`](CookieLayer::DEFAULT_MAX_DELETIONS)). A request can carry
    /// thousands of cookies that match a withdrawn pattern (`_pk_id.0`, `_pk_id.1`, …);
    /// without a bound, each would cost a header and an event. Past the bound, one
    /// [`Reason::DeletionLimit`] event says how many were left.
    pub fn max_deletions(self, max: usize) -> CookieLayer {
        self.with(|c| c.max_deletions = max)
    }

    /// Calls `hook` for every event (after logging it).
    pub fn on_event(self, hook: impl Fn(&Event) + Send + Sync + 'static) -> CookieLayer {
        self.with(|c| c.hook = Some(Arc::new(hook)))
    }

    /// Records every `Set-Cookie` the application sends (before enforcement) in `recorder`.
    pub fn recorder(self, recorder: Recorder) -> CookieLayer {
        self.with(|c| c.recorder = Some(recorder))
    }
}

impl<S> tower_layer::Layer<S> for CookieLayer {
    type Service = CookieService<S>;

    fn layer(&self, inner: S) -> CookieService<S> {
        CookieService {
            inner,
            config: Arc::clone(&self.config),
        }
    }
}

/// The service [`CookieLayer`] wraps around an application.
#[derive(Clone)]
pub struct CookieService<S> {
    inner: S,
    config: Arc<Config>,
}

impl<S> fmt::Debug for CookieService<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CookieService")
            .field("mode", &self.config.mode)
            .finish_non_exhaustive()
    }
}

/// What the middleware learnt from the request.
#[derive(Default)]
struct RequestInfo {
    consent: Option<Consent>,
    /// Cookies the request carries that need a consent not given, each name once, at most
    /// `max_deletions` of them.
    withdrawn: Vec<Withdrawn>,
    /// Further such cookies (pairs), past the bound.
    overflow: usize,
}

/// A cookie the request carries whose category the visitor does not grant.
struct Withdrawn {
    /// Its name as sent (lossy for non-UTF-8 bytes).
    name: String,
    declaration: &'static Declaration,
}

impl Config {
    /// Reads the request's `Cookie` headers (every one, as bytes): the consent record, then the
    /// cookies it does not cover. Linear in the headers' length; the list kept is bounded.
    fn request_info(&self, headers: &HeaderMap) -> RequestInfo {
        let mut info = RequestInfo::default();
        let values = headers.get_all(COOKIE);
        if values.iter().next().is_none() {
            return info;
        }
        let pairs = || {
            values
                .iter()
                .flat_map(|v| crate::cookie_header::pairs(v.as_bytes()))
        };
        if let Some(c) = &self.consent {
            info.consent = consent::from_pairs(
                pairs(),
                c.cookie,
                &c.key,
                self.registry,
                SystemTime::now(),
                self.consent_max_age,
            );
        }
        let mut names: HashSet<&[u8]> = HashSet::new();
        for pair in pairs() {
            let name = pair.name_lossy();
            let Some(declaration) = self.registry.lookup(&name) else {
                continue;
            };
            if consent::allows(declaration, info.consent.as_ref()) || names.contains(pair.name()) {
                continue;
            }
            if info.withdrawn.len() >= self.max_deletions {
                info.overflow += 1;
                continue;
            }
            names.insert(pair.name());
            info.withdrawn.push(Withdrawn {
                name: name.into_owned(),
                declaration,
            });
        }
        info
    }

    fn emit(&self, event: Event) {
        match event.reason {
            Reason::Warning | Reason::Undeletable | Reason::DeletionLimit => {
                tracing::warn!(target: TRACING_TARGET, cookie = %event.cookie, "{event}");
            }
            Reason::Withdrawn => {
                tracing::info!(target: TRACING_TARGET, cookie = %event.cookie, "{event}");
            }
            _ => tracing::error!(target: TRACING_TARGET, cookie = %event.cookie, "{event}"),
        }
        if let Some(hook) = &self.hook {
            hook(&event);
        }
    }

    fn process(&self, info: &RequestInfo, headers: &mut HeaderMap) {
        let withdrawing = !info.withdrawn.is_empty() || info.overflow > 0;
        if !withdrawing && !headers.contains_key(SET_COOKIE) {
            return;
        }
        // Pass 1, reading only: which headers go and the names the response sets.
        let removing = self.mode != Mode::Report;
        // Indices of the headers that go, in increasing order.
        let mut removed: Vec<usize> = Vec::new();
        let mut set_names: HashSet<&str> = HashSet::new();
        let mut problems: Vec<Event> = Vec::new();
        let mut response = ResponseCheck::new(SystemTime::now);
        for (index, value) in headers.get_all(SET_COOKIE).iter().enumerate() {
            if let Some(recorder) = &self.recorder {
                recorder.record(value.as_bytes());
            }
            let (name, result) = self
                .registry
                .check_in_response(&mut response, value.as_bytes());
            let (reason, violations) = match result {
                Ok(checked) => {
                    // A deletion is always welcome, consented or not; a header is a deletion
                    // only when every browser deletes with it (`Max-Age` ≤ 0, or an `Expires`
                    // a day or more in the past as the cookie-date algorithm reads it), and
                    // its name, `Path`, `Domain` and `Partitioned` were checked against the
                    // declaration like any other header's.
                    let unconsented =
                        !consent::allows(checked.declaration(), info.consent.as_ref())
                            && !checked.cookie().is_clear_removal_at(response.now());
                    if unconsented {
                        (Reason::Unconsented, None)
                    } else if checked.warnings().is_empty() {
                        if withdrawing {
                            set_names.insert(name);
                        }
                        continue;
                    } else {
                        (Reason::Warning, Some(checked.warnings().clone()))
                    }
                }
                Err(v) if v.is_malformed() => (Reason::Malformed, Some(v)),
                Err(v) if v.declaration().is_none() => (Reason::Undeclared, Some(v)),
                Err(v) => (Reason::NonConforming, Some(v)),
            };
            let action = if self.mode == Mode::Enforce && reason != Reason::Warning {
                removed.push(index);
                Action::Removed
            } else {
                if withdrawing {
                    set_names.insert(name);
                }
                Action::Reported
            };
            let event = Event {
                reason,
                action,
                cookie: name.to_owned(),
                header: String::from_utf8_lossy(value.as_bytes()).into_owned(),
                violations,
            };
            if self.mode == Mode::Strict && reason != Reason::Warning {
                problems.push(event.clone());
            }
            self.emit(event);
        }
        if !problems.is_empty() {
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            panic!(
                "cookie-registry strict mode: the response sets {} cookie(s) that do not belong (nothing was sent): {}",
                problems.len(),
                list.join("; ")
            );
        }
        // Withdrawal deletions, for cookies the response does not (still) set itself; in
        // report mode, only their events.
        let mut added: Vec<HeaderValue> = Vec::new();
        for withdrawn in &info.withdrawn {
            if set_names.contains(withdrawn.name.as_str()) {
                continue;
            }
            let declaration = withdrawn.declaration;
            let removal = match declaration.pattern() {
                Some(_) => declaration.removal_named(&withdrawn.name),
                None => declaration.removal(),
            };
            let value = removal.ok().and_then(|removal| {
                let text = removal.to_string();
                HeaderValue::from_str(&text).ok().map(|value| (text, value))
            });
            let Some((text, value)) = value else {
                self.emit(Event {
                    reason: Reason::Undeletable,
                    action: Action::Reported,
                    cookie: withdrawn.name.clone(),
                    header: String::new(),
                    violations: None,
                });
                continue;
            };
            let action = if removing {
                added.push(value);
                Action::DeletionAdded
            } else {
                Action::Reported
            };
            self.emit(Event {
                reason: Reason::Withdrawn,
                action,
                cookie: withdrawn.name.clone(),
                header: text,
                violations: None,
            });
        }
        if info.overflow > 0 {
            self.emit(Event {
                reason: Reason::DeletionLimit,
                action: Action::Reported,
                cookie: String::new(),
                header: format!(
                    "{} more cookies of withdrawn categories in the request, past the bound of {} deletions per response",
                    info.overflow, self.max_deletions
                ),
                violations: None,
            });
        }
        drop(set_names);
        // Pass 2, only when something changes.
        if !removed.is_empty() {
            let mut gone = removed.iter().copied().peekable();
            let kept: Vec<HeaderValue> = headers
                .get_all(SET_COOKIE)
                .iter()
                .enumerate()
                .filter(|(i, _)| gone.next_if_eq(i).is_none())
                .map(|(_, v)| v.clone())
                .collect();
            headers.remove(SET_COOKIE);
            for value in kept {
                headers.append(SET_COOKIE, value);
            }
        }
        for value in added {
            headers.append(SET_COOKIE, value);
        }
    }
}

impl<S, ReqBody, ResBody> tower_service::Service<Request<ReqBody>> for CookieService<S>
where
    S: tower_service::Service<Request<ReqBody>, Response = Response<ResBody>>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        let info = self.config.request_info(request.headers());
        if let Some(consent) = info.consent {
            request.extensions_mut().insert(consent);
        }
        ResponseFuture {
            inner: self.inner.call(request),
            config: Arc::clone(&self.config),
            info,
        }
    }
}

pin_project! {
    /// The response future of [`CookieService`].
    pub struct ResponseFuture<F> {
        #[pin]
        inner: F,
        config: Arc<Config>,
        info: RequestInfo,
    }
}

impl<F, ResBody, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
{
    type Output = Result<Response<ResBody>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = match this.inner.poll(cx) {
            Poll::Ready(Ok(response)) => response,
            other => return other,
        };
        this.config.process(this.info, response.headers_mut());
        Poll::Ready(Ok(response))
    }
}

/// Collects the `Set-Cookie` headers seen while an application's tests run, to report
/// undeclared cookies and declared cookies never seen (so a CI job can fail on them). Clones
/// share one record.
///
/// ```
/// use cookie_registry::middleware::Recorder;
/// use cookie_registry::CookieRegistry;
/// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
/// #[registry(provider = "Site")]
/// enum SiteCookie {
///     #[cookie(name = "lang", service = "Language", purpose = "Remember the language",
///         category = "necessary", lifetime = "session")]
///     Lang,
///     #[cookie(name = "_pk_id.*", service = "Statistics", purpose = "Count visits",
///         category = "statistics", lifetime = "13mo")]
///     Stats,
/// }
/// let recorder = Recorder::new();
/// recorder.record(b"lang=fr; Path=/");
/// recorder.record(b"tracker=1");
/// let report = recorder.report(SiteCookie::registry());
/// assert_eq!(report.undeclared(), ["tracker"]);
/// assert_eq!(report.unseen().iter().map(|d| d.name()).collect::<Vec<_>>(), ["_pk_id.*"]);
/// assert!(!report.is_clean());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    seen: Arc<Mutex<Seen>>,
}

/// The names seen, in order of first appearance, and as a set (so that recording stays
/// linear when pattern cookies bring thousands of names).
#[derive(Debug, Default)]
struct Seen {
    order: Vec<String>,
    set: HashSet<String>,
}

impl Recorder {
    /// An empty recorder.
    pub fn new() -> Recorder {
        Recorder::default()
    }

    /// Records one `Set-Cookie` header (its cookie name).
    pub fn record(&self, header: &[u8]) {
        let Ok(cookie) = SetCookie::parse_bytes(header) else {
            return;
        };
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if !seen.set.contains(cookie.name()) {
            seen.set.insert(cookie.name().to_owned());
            seen.order.push(cookie.name().to_owned());
        }
    }

    /// The names seen, in order of first appearance.
    pub fn names(&self) -> Vec<String> {
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .order
            .clone()
    }

    /// What was seen against `registry`.
    pub fn report(&self, registry: &Registry) -> RecorderReport {
        let names = self.names();
        let undeclared = names
            .iter()
            .filter(|n| registry.lookup(n).is_none())
            .cloned()
            .collect();
        let unseen = registry
            .declarations()
            .filter(|d| !names.iter().any(|n| d.matches(n)))
            .collect();
        RecorderReport { undeclared, unseen }
    }
}

/// What a [`Recorder`] saw against a registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecorderReport {
    undeclared: Vec<String>,
    unseen: Vec<&'static Declaration>,
}

impl RecorderReport {
    /// Cookie names sent but not declared.
    pub fn undeclared(&self) -> &[String] {
        &self.undeclared
    }

    /// Declarations no header matched.
    pub fn unseen(&self) -> &[&'static Declaration] {
        &self.unseen
    }

    /// Whether every cookie sent is declared and every declaration was seen.
    pub fn is_clean(&self) -> bool {
        self.undeclared.is_empty() && self.unseen.is_empty()
    }
}

impl fmt::Display for RecorderReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_clean() {
            return f
                .write_str("every cookie sent is declared, and every declared cookie was sent");
        }
        if !self.undeclared.is_empty() {
            write!(f, "undeclared cookies sent: {}", self.undeclared.join(", "))?;
        }
        if !self.unseen.is_empty() {
            if !self.undeclared.is_empty() {
                f.write_str("; ")?;
            }
            let names: Vec<&str> = self.unseen.iter().map(|d| d.name()).collect();
            write!(f, "declared cookies never sent: {}", names.join(", "))?;
        }
        Ok(())
    }
}
