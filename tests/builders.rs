//! The typed builders (feature `cookie`): what they produce always passes `Registry::check`,
//! and no value can inject attributes.

use cookie_registry::CookieRegistry;
use cookie_registry::build::BuildError;
use proptest::prelude::*;

#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Example")]
enum Built {
    #[cookie(
        name = "sessionid",
        service = "Login",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "14d",
        secure,
        http_only,
        same_site = "lax",
        path = "/"
    )]
    Session,
    #[cookie(
        name = "__Host-csrf",
        service = "Security",
        purpose = "Protect forms",
        category = "necessary",
        lifetime = "session",
        secure,
        path = "/",
        same_site = "strict"
    )]
    Csrf,
    #[cookie(
        name = "embed",
        service = "Widget",
        purpose = "Widget state",
        category = "preferences",
        lifetime = "1y",
        secure,
        same_site = "none",
        partitioned
    )]
    Embed,
    #[cookie(
        name = "prefs",
        service = "Settings",
        purpose = "Remember settings",
        category = "preferences",
        lifetime = "13mo",
        domain = "example.com",
        path = "/app"
    )]
    Prefs,
    #[cookie(
        name = "_pk_id.*",
        service = "Statistics",
        purpose = "Count visits",
        category = "statistics",
        lifetime = "13mo",
        consent_exempt,
        path = "/"
    )]
    AudienceId,
    #[cookie(
        name = "lang",
        service = "Language",
        purpose = "Remember the language",
        category = "necessary",
        lifetime = "session"
    )]
    Lang,
}

/// A cookie for `cookie`, named `name` when it is a pattern.
fn build(cookie: Built, name: &str, value: &str) -> Result<cookie::Cookie<'static>, BuildError> {
    if cookie.declaration().pattern().is_some() {
        cookie.cookie_named(name, value)
    } else {
        cookie.cookie(value)
    }
}

#[test]
fn a_built_cookie_carries_every_declared_attribute() {
    let c = Built::Prefs.cookie("x1").unwrap();
    assert_eq!(c.domain(), Some("example.com"));
    assert_eq!(c.path(), Some("/app"));
    assert_eq!(
        c.max_age(),
        Some(cookie::time::Duration::seconds(13 * 2_629_746))
    );
    let e = Built::Embed.cookie("x").unwrap().to_string();
    assert!(
        e.contains("SameSite=None") && e.contains("Secure") && e.contains("Partitioned"),
        "{e}"
    );
    let l = Built::Lang.cookie("fr").unwrap().to_string();
    assert_eq!(l, "lang=fr");
}

#[test]
fn values_cannot_inject_attributes() {
    for value in [
        "a; Domain=evil.com",
        "a\r\nSet-Cookie: x=1",
        "a b",
        "\"quoted\"",
        "a,b",
        "é",
    ] {
        assert!(
            matches!(
                Built::Session.cookie(value),
                Err(BuildError::InvalidValue { .. })
            ),
            "{value:?}"
        );
    }
    // The `cookie` crate alone prints such a value as it is: the attribute is injected.
    let raw = cookie::Cookie::new("sessionid", "a; Domain=evil.com").to_string();
    assert_eq!(raw, "sessionid=a; Domain=evil.com");
}

#[test]
fn patterns_need_a_matching_name() {
    assert_eq!(
        Built::AudienceId.cookie("1"),
        Err(BuildError::PatternNeedsName {
            pattern: "_pk_id.*"
        })
    );
    assert!(matches!(
        Built::AudienceId.cookie_named("_pk_ses.1", "1"),
        Err(BuildError::NameDoesNotMatch { .. })
    ));
    assert!(matches!(
        Built::AudienceId.cookie_named("_pk_id.a b", "1"),
        Err(BuildError::NameDoesNotMatch { .. })
    ));
    let c = Built::AudienceId.cookie_named("_pk_id.1a2b", "v").unwrap();
    assert_eq!(c.name(), "_pk_id.1a2b");
    assert!(Built::registry().check(&c.to_string()).is_ok());
    let removal = Built::AudienceId
        .declaration()
        .removal_named("_pk_id.1a2b")
        .unwrap();
    assert!(Built::registry().check(&removal.to_string()).is_ok());
    assert!(Built::AudienceId.removal().is_err());
}

#[test]
fn removals_pass_the_check_and_delete() {
    for &c in Built::ALL {
        if c.declaration().pattern().is_some() {
            continue;
        }
        let removal = c.removal().unwrap().to_string();
        let parsed = cookie_registry::SetCookie::parse(&removal).unwrap();
        assert!(parsed.is_removal_at(0), "{removal}");
        assert!(
            Built::registry().check(&removal).is_ok(),
            "{removal}: {:?}",
            Built::registry().check(&removal)
        );
    }
}

proptest! {
    /// Whatever the value, the builder either refuses it or produces a header that passes
    /// `Registry::check` (standards and declaration).
    #[test]
    fn built_cookies_always_pass_the_check(
        which in 0..6usize,
        suffix in "[A-Za-z0-9]{1,8}",
        value in ".{0,40}",
    ) {
        let cookie = Built::ALL[which];
        let name = format!("_pk_id.{suffix}");
        match build(cookie, &name, &value) {
            Ok(c) => {
                let header = c.to_string();
                prop_assert!(Built::registry().check(&header).is_ok(), "{}: {:?}", header, Built::registry().check(&header));
                prop_assert!(!value.contains(';'));
            }
            Err(e) => prop_assert!(matches!(e, BuildError::InvalidValue { .. }), "{e}"),
        }
    }

    /// Values made of cookie-octets are always accepted.
    #[test]
    fn cookie_octet_values_are_accepted(which in 0..6usize, value in "[!#-+\\--:<-\\[\\]-~]{0,64}") {
        let cookie = Built::ALL[which];
        let c = build(cookie, "_pk_id.x", &value).unwrap();
        prop_assert!(Built::registry().check(&c.to_string()).is_ok());
    }
}
