//! Fuzzes the middleware's reading of a request's `Cookie` header through the tower layer,
//! and the per-thread memory of headers read before: the same header read again on the same
//! thread, and read on a thread that never saw it, gives the same response and the same
//! consent as the first time.

#![no_main]

use std::convert::Infallible;
use std::future::Future;
use std::pin::pin;
use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};
use std::time::SystemTime;

use cookie_registry::consent::{Consent, ConsentKey};
use cookie_registry::middleware::{CookieLayer, Mode};
use cookie_registry::{Category, CookieRegistry};
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, Request, Response};
use libfuzzer_sys::fuzz_target;
use tower_layer::Layer;
use tower_service::Service;

#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Example")]
pub enum Site {
    #[cookie(
        name = "consent",
        service = "Consent",
        purpose = "Remember the choice",
        category = "necessary",
        lifetime = "6mo"
    )]
    Consent,
    #[cookie(
        name = "lang",
        service = "Language",
        purpose = "Remember the language",
        category = "preferences",
        lifetime = "1y"
    )]
    Lang,
    #[cookie(
        name = "_pk_id.*",
        service = "Matomo",
        purpose = "Count visits",
        category = "statistics",
        lifetime = "13mo"
    )]
    Stats,
    #[cookie(
        name = "ad",
        service = "Ads",
        purpose = "Target ads",
        category = "marketing",
        lifetime = "30d"
    )]
    Ad,
    #[cookie(
        name = "seen",
        service = "Test",
        purpose = "Echo what the application saw",
        category = "necessary",
        lifetime = "session"
    )]
    Seen,
}

fn key() -> &'static ConsentKey {
    static KEY: OnceLock<ConsentKey> = OnceLock::new();
    KEY.get_or_init(|| ConsentKey::from_bytes(&[1; 32]).unwrap())
}

fn layer() -> &'static CookieLayer {
    static LAYER: OnceLock<CookieLayer> = OnceLock::new();
    LAYER.get_or_init(|| {
        CookieLayer::new(Site::registry())
            .mode(Mode::Enforce)
            .max_deletions(4)
            .consent(Site::Consent, key().clone())
    })
}

/// The application: sets a statistics cookie, which the consent must allow.
#[derive(Clone)]
struct App;

impl Service<Request<()>> for App {
    type Response = Response<()>;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Response<()>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<()>) -> Self::Future {
        let mut response = Response::new(());
        response.headers_mut().append(
            SET_COOKIE,
            HeaderValue::from_static("_pk_id.1=v; Max-Age=60"),
        );
        // What the application saw, echoed so that it is compared too.
        if let Some(consent) = request.extensions().get::<Consent>() {
            let seen = format!("seen={}", consent.granted().count());
            response
                .headers_mut()
                .append(SET_COOKIE, HeaderValue::from_str(&seen).unwrap());
        }
        std::future::ready(Ok(response))
    }
}

/// The response's `Set-Cookie` headers for a request with this `Cookie` header.
fn respond(header: &HeaderValue) -> Vec<Vec<u8>> {
    let mut service = layer().layer(App);
    let mut request = Request::new(());
    request.headers_mut().insert(COOKIE, header.clone());
    let mut future = pin!(service.call(request));
    let Poll::Ready(Ok(response)) = future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    else {
        panic!("the layer's future is ready at once around a ready application");
    };
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.as_bytes().to_vec())
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let mut bytes = data.to_vec();
    // Half the time, a real record is spliced in (granting statistics or not).
    if let Some(&b) = data.first() {
        if b & 1 == 1 {
            let grant: &[Category] = if b & 2 == 2 {
                &[Category::Statistics]
            } else {
                &[]
            };
            let record = Consent::new(grant.iter().copied(), Site::registry(), SystemTime::now())
                .encode(key());
            bytes.extend_from_slice(b"; consent=");
            bytes.extend_from_slice(record.as_bytes());
        }
    }
    let Ok(header) = HeaderValue::from_bytes(&bytes) else {
        return;
    };
    let first = respond(&header);
    assert_eq!(
        respond(&header),
        first,
        "a header read again reads differently"
    );
    let elsewhere = header.clone();
    let fresh = std::thread::spawn(move || respond(&elsewhere))
        .join()
        .unwrap();
    assert_eq!(
        fresh, first,
        "a thread that never saw the header reads it differently"
    );
});
