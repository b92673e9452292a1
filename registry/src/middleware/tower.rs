//! The tower adapter: [`CookieLayer`] and its service, for axum, hyper and any `tower` stack.
//! The decisions are the core's; this file moves headers.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Request, Response};
use pin_project_lite::pin_project;

use super::engine::{Config, RequestInfo};

/// The layer: `CookieLayer::new(SiteCookie::registry()).mode(Mode::Enforce).consent(...)`.
///
/// The builder methods change the layer's own configuration; [`layer`](tower_layer::Layer::layer)
/// shares it with the services it makes (an [`Arc`]), so a dropped layer and its services free
/// everything, hooks and recorders included.
#[derive(Clone)]
pub struct CookieLayer {
    config: Arc<Config>,
}

super::builder!(CookieLayer, "cookie_registry::middleware::CookieLayer");

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
    // One lookup of the header name, for the test and the values.
    let mut set_cookies = headers.get_all(SET_COOKIE).iter().peekable();
    if !info.withdrawing() && set_cookies.peek().is_none() {
        return;
    }
    let changes = config.decide(info, set_cookies.map(HeaderValue::as_bytes));
    if changes.is_empty() {
        return;
    }
    if !changes.removed.is_empty() {
        let kept = changes.kept(headers.get_all(SET_COOKIE).iter().cloned());
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
