//! Fuzzes what the middleware reads from a request: the `Cookie` header (split into pairs as
//! bytes) and the consent records in it (decoded, signature checked, and cached per thread).

#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use cookie_registry::consent::{Consent, ConsentError, ConsentKey, from_cookie_header};
use cookie_registry::cookie_header::pairs;
use cookie_registry::{Category, CookieRegistry};
use libfuzzer_sys::fuzz_target;

#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Example")]
pub enum Site {
    #[cookie(name = "consent", service = "Consent", purpose = "Remember the choice",
        category = "necessary", lifetime = "6mo")]
    Consent,
}

fn keys() -> &'static (ConsentKey, ConsentKey) {
    static KEYS: std::sync::OnceLock<(ConsentKey, ConsentKey)> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        (
            ConsentKey::from_bytes(&[1; 32]).unwrap(),
            ConsentKey::from_bytes(&[2; 32]).unwrap(),
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let (key, other) = keys();
    // Half the time, a real record is spliced in, so that valid records (and the cache) are
    // exercised too.
    let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let mut header = data.to_vec();
    if data.first().is_some_and(|b| b & 1 == 1) {
        let record = Consent::new([Category::Statistics], Site::registry(), now).encode(key);
        header.extend_from_slice(b"; consent=");
        header.extend_from_slice(record.as_bytes());
    }

    let mut count = 0;
    for pair in pairs(&header) {
        count += 1;
        let (name, value) = (pair.name(), pair.value());
        assert!(!name.is_empty(), "an empty name");
        assert!(!name.contains(&b';') && !value.contains(&b';'), "a `;` inside a pair");
        assert!(!name.contains(&b'='), "a `=` in a name");
        for part in [name, value] {
            let trimmed = |b: Option<&u8>| !matches!(b, Some(b' ' | b'\t'));
            assert!(trimmed(part.first()) && trimmed(part.last()), "untrimmed: {part:?}");
        }
        // Every consent record verifies the same way every time, and never under another key.
        if let Some(text) = pair.value_str() {
            let first = Consent::decode(text, key);
            assert_eq!(Consent::decode(text, key), first, "the cache changed a verdict");
            if first.is_ok() {
                assert!(matches!(
                    Consent::decode(text, other),
                    Err(ConsentError::BadSignature | ConsentError::Malformed)
                ));
            }
        }
    }
    assert!(count <= header.iter().filter(|&&b| b == b';').count() + 1);

    // The consent the middleware would take is one of the records, current at `now`.
    let max = Consent::DEFAULT_MAX_AGE;
    if let Some(consent) = from_cookie_header(&header, "consent", key, Site::registry(), now, max) {
        assert!(consent.is_current(Site::registry(), now, max));
        assert!(consent.grants(Category::Necessary));
        let records = pairs(&header).filter(|p| p.name() == b"consent").count();
        assert!(records >= 1);
    }
});
