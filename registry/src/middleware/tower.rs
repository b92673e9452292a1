//! The tower adapter: [`CookieLayer`] and its service, for axum, hyper and any `tower` stack.
//! The decisions are the core's; this file moves headers.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Request, Response};
use pin_project_lite::pin_project;

use super::engine::{Config, ConsentConfig, RequestInfo};
use super::{Event, Mode, Recorder};
use crate::consent::{Consent, ConsentKey};
use crate::registry::{CookieRegistry, Registry};

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
    /// [`Reason::DeletionLimit`](super::Reason::DeletionLimit) event says how many were left.
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
        let values = request.headers().get_all(COOKIE);
        let info = self
            .config
            .request_info(|| values.iter().map(HeaderValue::as_bytes));
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
        apply(this.config, this.info, response.headers_mut());
        Poll::Ready(Ok(response))
    }
}

/// Applies the core's decisions to a response's headers: removes what goes (only when
/// something does), appends the deletions.
fn apply(config: &Config, info: &RequestInfo, headers: &mut HeaderMap) {
    if !Config::withdrawing(info) && !headers.contains_key(SET_COOKIE) {
        return;
    }
    let changes = config.decide(
        info,
        headers
            .get_all(SET_COOKIE)
            .iter()
            .map(HeaderValue::as_bytes),
    );
    if changes.is_empty() {
        return;
    }
    if !changes.removed.is_empty() {
        let mut gone = changes.removed.iter().copied().peekable();
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
    for text in changes.added {
        // The core hands out valid field values only.
        if let Ok(value) = HeaderValue::try_from(text) {
            headers.append(SET_COOKIE, value);
        }
    }
}
