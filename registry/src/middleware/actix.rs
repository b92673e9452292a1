//! The actix-web adapter (feature `actix`): [`CookieMiddleware`], the same checks, consent and
//! withdrawal deletions as the tower layer, from the same engine.
//!
//! ```
//! use actix_web::{web, App, HttpResponse};
//! use cookie_registry::actix::CookieMiddleware;
//! use cookie_registry::consent::{Consent, ConsentKey};
//! use cookie_registry::middleware::Mode;
//! use cookie_registry::CookieRegistry;
//!
//! #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
//! #[registry(provider = "Site")]
//! enum SiteCookie {
//!     #[cookie(name = "cookies_preferences", service = "Consent",
//!         purpose = "Remember the visitor's cookie choices", category = "necessary",
//!         lifetime = "6mo", http_only, path = "/")]
//!     Preferences,
//! }
//!
//! // The visitor's valid choice, if any, through the request's extensions.
//! async fn home(consent: Option<web::ReqData<Consent>>) -> HttpResponse {
//!     HttpResponse::Ok().body(if consent.is_some() { "welcome back" } else { "(the banner)" })
//! }
//!
//! let key = ConsentKey::from_bytes(&[7; 32]).unwrap();
//! let app = App::new().route("/", web::get().to(home)).wrap(
//!     CookieMiddleware::new(SiteCookie::registry())
//!         .mode(Mode::Enforce)
//!         .consent(SiteCookie::Preferences, key),
//! );
//! ```
//!
//! Typed builders return the `cookie` crate's 0.18 `Cookie`; actix-web 4 uses `cookie` 0.16.
//! Send one with its string form, which both read the same:
//! `HttpResponse::Ok().append_header((SET_COOKIE, SiteCookie::Session.cookie(value)?.to_string()))`.
//!
//! `wrap` it last, so that it is the outermost middleware: it must see the `Set-Cookie`
//! headers that session middleware (actix-session) adds on the way out.

use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::sync::Arc;

use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{COOKIE, HeaderMap, HeaderValue, SET_COOKIE};
use actix_web::{Error, HttpMessage};

use super::engine::{Config, RequestInfo};

/// The middleware: `App::new().wrap(CookieMiddleware::new(SiteCookie::registry()).mode(...))`.
///
/// The builder methods change its own configuration; each worker's service shares it (an
/// [`Arc`]).
#[derive(Clone)]
pub struct CookieMiddleware {
    config: Arc<Config>,
}

super::builder!(CookieMiddleware, "cookie_registry::actix::CookieMiddleware");

impl<S, B> Transform<S, ServiceRequest> for CookieMiddleware
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    S::Future: 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Transform = CookieMiddlewareService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(CookieMiddlewareService {
            service,
            config: Arc::clone(&self.config),
        }))
    }
}

/// The service [`CookieMiddleware`] wraps around an application.
pub struct CookieMiddlewareService<S> {
    service: S,
    config: Arc<Config>,
}

impl<S, B> Service<ServiceRequest> for CookieMiddlewareService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    S::Future: 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<ServiceResponse<B>, Error>>>>;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let info = self
            .config
            .request_info(|| request.headers().get_all(COOKIE).map(HeaderValue::as_bytes));
        if let Some(consent) = info.consent {
            request.extensions_mut().insert(consent);
        }
        let config = Arc::clone(&self.config);
        let response = self.service.call(request);
        Box::pin(async move {
            let mut response = response.await?;
            apply(&config, &info, response.headers_mut());
            Ok(response)
        })
    }
}

/// Applies the engine's decisions to a response's headers: removes what goes (only when
/// something does), appends the deletions. Streaming bodies are not touched.
fn apply(config: &Config, info: &RequestInfo, headers: &mut HeaderMap) {
    // One lookup of the header name, for the test and the values.
    let mut set_cookies = headers.get_all(SET_COOKIE).peekable();
    if !info.withdrawing() && set_cookies.peek().is_none() {
        return;
    }
    let changes = config.decide(info, set_cookies.map(HeaderValue::as_bytes));
    if changes.is_empty() {
        return;
    }
    if !changes.removed.is_empty() {
        let kept = changes.kept(headers.get_all(SET_COOKIE).cloned());
        headers.remove(SET_COOKIE);
        for value in kept {
            headers.append(SET_COOKIE, value);
        }
    }
    for text in changes.added {
        // The engine hands out valid field values only.
        if let Ok(value) = HeaderValue::try_from(text) {
            headers.append(SET_COOKIE, value);
        }
    }
}
