//! The HAR reader on hostile input: any bytes, and any header or cookie text inside a valid
//! HAR, give a typed error or observations, never a panic; and what is read is bounded.

use cookie_registry::Registry;
use cookie_registry::audit::{Audit, Phase};
use cookie_registry_cli::har::{self, Har};
use proptest::prelude::*;
use serde_json::json;

fn registry() -> &'static Registry {
    static REGISTRY: std::sync::OnceLock<&'static Registry> = std::sync::OnceLock::new();
    REGISTRY.get_or_init(|| {
        Registry::from_policy_json(include_str!("fixtures/demo-declarations.json")).unwrap()
    })
}

fn audit(har: &Har) -> usize {
    let mut audit = Audit::new(registry());
    let mut seen = 0;
    har::observations(std::slice::from_ref(har), Phase::BeforeConsent, |o| {
        seen += 1;
        audit.observe(o);
    });
    let report = audit.finish();
    assert!(report.cookies.len() <= seen);
    seen
}

proptest! {
    #[test]
    fn any_bytes_give_a_har_or_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(har) = Har::from_slice(&bytes) {
            audit(&har);
        }
    }

    #[test]
    fn any_cookie_text_inside_a_har_is_read_without_panic(
        set_cookie in "\\PC{0,80}(\n\\PC{0,40}){0,3}",
        cookie in "\\PC{0,80}",
        name in "\\PC{0,12}",
        expires in "\\PC{0,30}",
        url in "\\PC{0,30}",
        started in "\\PC{0,30}",
    ) {
        let document = json!({"log": {"entries": [{
            "startedDateTime": started,
            "request": {"url": url, "headers": [{"name": "Cookie", "value": cookie}],
                        "cookies": [{"name": name, "value": "v", "expires": expires}]},
            "response": {"headers": [{"name": "Set-Cookie", "value": set_cookie}],
                         "cookies": [{"name": name, "expires": expires, "httpOnly": true}]}
        }]}});
        let har = Har::from_slice(document.to_string().as_bytes());
        // The request carries a `cookies` entry: never sanitized, always read.
        let har = har.unwrap();
        // Each Set-Cookie line, each carried pair and each listed cookie is one observation
        // at most.
        let lines = set_cookie.split('\n').count();
        let pairs = cookie.split(';').count() + 1;
        prop_assert!(audit(&har) <= lines + pairs + 1);
    }
}

#[test]
fn a_header_with_a_million_lines_is_read_up_to_the_bound() {
    let value = "a=1\n".repeat(1_000_000);
    let document = json!({"log": {"entries": [{
        "request": {"url": "https://example.org/"},
        "response": {"headers": [{"name": "Set-Cookie", "value": value}]}
    }]}});
    let har = Har::from_slice(document.to_string().as_bytes()).unwrap();
    assert_eq!(audit(&har), 1_000);
}
