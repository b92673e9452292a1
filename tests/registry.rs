//! The derive, the module attribute, lookup, combination and the registry version.

use cookie_registry::{
    Category, CookieRegistry, Lifetime, LifetimeUnit, Party, Registry, SameSite, cookie,
};

#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Opendatasoft", languages("fr", "en"))]
pub enum SiteCookie {
    #[cookie(
        name = "sessionid",
        service(fr = "Authentification", en = "Authentication"),
        purpose(fr = "Se souvenir de l'utilisateur", en = "Remember the user"),
        category = "necessary",
        lifetime = "14d",
        http_only,
        same_site = "lax",
        path = "/"
    )]
    Session,
    #[cookie(
        name = "_pk_id.*",
        provider = "Matomo",
        provider_url = "https://matomo.org/privacy-policy/",
        service(fr = "Mesure d'audience", en = "Audience measurement"),
        purpose(fr = "Compter les visites", en = "Count visits"),
        category = "statistics",
        lifetime = "13mo",
        consent_exempt
    )]
    AudienceId,
    #[cookie(
        name = "ab*cd",
        service(fr = "Tests A/B", en = "A/B tests"),
        purpose(fr = "Variante", en = "Variant"),
        category = "marketing",
        lifetime = "30m",
        third_party = "ads.example",
        secure,
        same_site = "none",
        partitioned,
        domain = "example.com"
    )]
    Variant,
    #[cookie(
        name = "__Host-csrf",
        service(fr = "Sécurité", en = "Security"),
        purpose(fr = "CSRF", en = "CSRF"),
        category = "necessary",
        lifetime = "session",
        secure,
        path = "/"
    )]
    Csrf,
    // An exact name that a pattern also matches: the exact one wins.
    #[cookie(
        name = "_pk_id.fixed",
        service(fr = "Fixe", en = "Fixed"),
        purpose(fr = "Fixe", en = "Fixed"),
        category = "necessary",
        lifetime = "1h"
    )]
    Fixed,
}

#[test]
fn all_and_names_follow_declaration_order() {
    assert_eq!(
        SiteCookie::ALL,
        [
            SiteCookie::Session,
            SiteCookie::AudienceId,
            SiteCookie::Variant,
            SiteCookie::Csrf,
            SiteCookie::Fixed
        ]
    );
    let names: Vec<&str> = SiteCookie::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(
        names,
        [
            "sessionid",
            "_pk_id.*",
            "ab*cd",
            "__Host-csrf",
            "_pk_id.fixed"
        ]
    );
    let registry_names: Vec<&str> = SiteCookie::registry()
        .declarations()
        .map(|d| d.name())
        .collect();
    assert_eq!(names, registry_names);
}

#[test]
fn lookup_exact_then_patterns() {
    assert_eq!(SiteCookie::lookup("sessionid"), Some(SiteCookie::Session));
    assert_eq!(
        SiteCookie::lookup("_pk_id.1a2b"),
        Some(SiteCookie::AudienceId)
    );
    assert_eq!(SiteCookie::lookup("_pk_id.fixed"), Some(SiteCookie::Fixed));
    assert_eq!(SiteCookie::lookup("abXcd"), Some(SiteCookie::Variant));
    assert_eq!(SiteCookie::lookup("__Host-csrf"), Some(SiteCookie::Csrf));
    // The `*` stands for at least one character.
    assert_eq!(SiteCookie::lookup("_pk_id."), None);
    assert_eq!(SiteCookie::lookup("abcd"), None);
    // Names are case-sensitive.
    assert_eq!(SiteCookie::lookup("SessionId"), None);
    assert_eq!(SiteCookie::lookup(""), None);
    assert_eq!(SiteCookie::lookup("é"), None);
    let registry = SiteCookie::registry();
    assert_eq!(
        registry.lookup("_pk_id.9").map(|d| d.variant_name()),
        Some("AudienceId")
    );
    assert!(registry.lookup("unknown").is_none());
}

#[test]
fn declarations_carry_every_field() {
    let d = SiteCookie::Variant.declaration();
    assert_eq!(d.name(), "ab*cd");
    assert_eq!(d.registry_name(), "SiteCookie");
    assert_eq!(d.provider(), "Opendatasoft");
    assert_eq!(d.category(), Category::Marketing);
    assert_eq!(
        d.lifetime(),
        Lifetime::Duration {
            amount: 30,
            unit: LifetimeUnit::Minute
        }
    );
    assert_eq!(
        d.party(),
        Party::Third {
            domain: "ads.example"
        }
    );
    assert!(d.secure() && d.partitioned() && !d.http_only());
    assert_eq!(d.same_site(), Some(SameSite::None));
    assert_eq!(d.domain(), Some("example.com"));
    assert_eq!(d.path(), None);
    assert!(d.requires_consent());

    let a = SiteCookie::AudienceId.declaration();
    assert_eq!(a.provider(), "Matomo");
    assert_eq!(a.provider_url(), Some("https://matomo.org/privacy-policy/"));
    assert!(a.is_consent_exempt());
    assert!(!a.requires_consent());
    assert_eq!(a.lifetime().seconds(), Some(13 * 2_629_746));
    assert_eq!(a.service().get("en"), "Audience measurement");
    assert_eq!(a.purpose().get("fr"), "Compter les visites");

    assert!(!SiteCookie::Session.declaration().requires_consent());
    assert_eq!(SiteCookie::Csrf.declaration().lifetime(), Lifetime::Session);
    assert_eq!(SiteCookie::registry().languages(), ["fr", "en"]);
}

#[test]
fn cookie_macro_resolves_in_const_context() {
    const SESSION: SiteCookie = cookie!(SiteCookie, "sessionid");
    const PATTERN: SiteCookie = cookie!(SiteCookie, "_pk_id.abc");
    const EXACT_OVER_PATTERN: SiteCookie = cookie!(SiteCookie, "_pk_id.fixed");
    assert_eq!(SESSION, SiteCookie::Session);
    assert_eq!(PATTERN, SiteCookie::AudienceId);
    assert_eq!(EXACT_OVER_PATTERN, SiteCookie::Fixed);
}

/// Suffix patterns cannot sit beside prefix patterns (`_pk_id.*` and `*_l` both match
/// `_pk_id.x_l`), so they get a registry of their own.
#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Site")]
pub enum SuffixCookie {
    #[cookie(
        name = "*_l",
        service = "Layout",
        purpose = "Layout",
        category = "preferences",
        lifetime = "1y"
    )]
    Layout,
    #[cookie(
        name = "*_menu",
        service = "Menu",
        purpose = "Menu",
        category = "preferences",
        lifetime = "1y"
    )]
    Menu,
    #[cookie(
        name = "ab*cd",
        service = "Tests",
        purpose = "Variant",
        category = "marketing",
        lifetime = "1d"
    )]
    Variant,
    #[cookie(
        name = "plain",
        service = "Plain",
        purpose = "Plain",
        category = "necessary",
        lifetime = "1d"
    )]
    Plain,
}

#[test]
fn suffix_and_infix_patterns() {
    assert_eq!(
        SuffixCookie::lookup("sidebar_l"),
        Some(SuffixCookie::Layout)
    );
    assert_eq!(SuffixCookie::lookup("top_menu"), Some(SuffixCookie::Menu));
    assert_eq!(SuffixCookie::lookup("ab_menu"), Some(SuffixCookie::Menu));
    assert_eq!(SuffixCookie::lookup("abXcd"), Some(SuffixCookie::Variant));
    assert_eq!(SuffixCookie::lookup("_l"), None);
    assert_eq!(SuffixCookie::lookup("_menu"), None);
    assert_eq!(SuffixCookie::lookup("plain"), Some(SuffixCookie::Plain));
    assert_eq!(cookie!(SuffixCookie, "menu_l"), SuffixCookie::Layout);
    assert!(SuffixCookie::Layout.declaration().requires_consent());
}

#[cookie_registry::registry(provider = "Opendatasoft")]
pub mod cookies {
    #[cookie(
        service = "Authentication",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "14d",
        http_only
    )]
    pub const SESSION: &str = "sessionid";

    /// Documentation and other attributes stay.
    #[cookie(
        service = "Analytics",
        purpose = "Count visits",
        category = "statistics",
        lifetime = "13mo",
        consent_exempt
    )]
    #[allow(dead_code)]
    pub const ANALYTICS_ID: &str = "_pk_id.*";

    /// A constant without `#[cookie]` is left alone and declares nothing.
    pub const NOT_A_COOKIE: &str = "hello";

    pub fn helper() -> usize {
        SESSION.len()
    }
}

#[cookie_registry::registry(provider = "Site", enum_name = "Named")]
mod renamed {
    #[cookie(
        service = "Login",
        purpose = "Remember the user",
        category = "necessary",
        lifetime = "1d"
    )]
    #[allow(dead_code)]
    pub const LOGIN_TOKEN: &str = "login";
}

#[test]
fn module_constants_keep_their_type_and_value() {
    let session: &'static str = cookies::SESSION;
    assert_eq!(session, "sessionid");
    assert_eq!(cookies::NOT_A_COOKIE, "hello");
    assert_eq!(cookies::helper(), 9);
}

#[test]
fn module_gains_an_enum_that_behaves_like_the_derive() {
    use cookies::Cookie;
    assert_eq!(Cookie::ALL, [Cookie::Session, Cookie::AnalyticsId]);
    assert_eq!(Cookie::Session.name(), cookies::SESSION);
    assert_eq!(Cookie::lookup("_pk_id.77"), Some(Cookie::AnalyticsId));
    assert_eq!(Cookie::lookup(cookies::NOT_A_COOKIE), None);
    assert_eq!(cookie!(cookies::Cookie, "sessionid"), Cookie::Session);
    let d = Cookie::Session.declaration();
    assert_eq!(d.registry_name(), "Cookie");
    assert_eq!(d.variant_name(), "Session");
    assert!(d.http_only());
    assert!(d.service().is_plain());
    assert_eq!(d.service().get("fr"), "Authentication");
    assert!(Cookie::registry().languages().is_empty());
    assert_eq!(renamed::Named::LoginToken.name(), "login");
}

/// The same declarations as `SiteCookie`'s first two, in another order and with other
/// Set-Cookie attributes: not consent-relevant, so the same version.
mod same_content {
    use cookie_registry::CookieRegistry;

    #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    #[registry(provider = "Opendatasoft")]
    pub enum A {
        #[cookie(
            name = "sessionid",
            service = "Login",
            purpose = "Remember the user",
            category = "necessary",
            lifetime = "14d"
        )]
        Session,
        #[cookie(
            name = "_pk_id.*",
            provider = "Matomo",
            service = "Stats",
            purpose = "Count",
            category = "statistics",
            lifetime = "13mo",
            consent_exempt
        )]
        Stats,
    }

    #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    #[registry(provider = "Opendatasoft")]
    pub enum Reordered {
        #[cookie(
            name = "_pk_id.*",
            provider = "Matomo",
            service = "Stats",
            purpose = "Count",
            category = "statistics",
            lifetime = "13mo",
            consent_exempt
        )]
        Stats,
        #[cookie(
            name = "sessionid",
            service = "Login",
            purpose = "Remember the user",
            category = "necessary",
            lifetime = "14d",
            http_only,
            secure,
            same_site = "strict"
        )]
        Session,
    }

    #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    #[registry(provider = "Opendatasoft")]
    pub enum OtherPurpose {
        #[cookie(
            name = "sessionid",
            service = "Login",
            purpose = "Remember the user and track them",
            category = "necessary",
            lifetime = "14d"
        )]
        Session,
        #[cookie(
            name = "_pk_id.*",
            provider = "Matomo",
            service = "Stats",
            purpose = "Count",
            category = "statistics",
            lifetime = "13mo",
            consent_exempt
        )]
        Stats,
    }

    #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    #[registry(provider = "Opendatasoft")]
    pub enum OtherLifetime {
        #[cookie(
            name = "sessionid",
            service = "Login",
            purpose = "Remember the user",
            category = "necessary",
            lifetime = "2w"
        )]
        Session,
        #[cookie(
            name = "_pk_id.*",
            provider = "Matomo",
            service = "Stats",
            purpose = "Count",
            category = "statistics",
            lifetime = "13mo",
            consent_exempt
        )]
        Stats,
    }

    #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    #[registry(provider = "Opendatasoft")]
    pub enum NotExempt {
        #[cookie(
            name = "sessionid",
            service = "Login",
            purpose = "Remember the user",
            category = "necessary",
            lifetime = "14d"
        )]
        Session,
        #[cookie(
            name = "_pk_id.*",
            provider = "Matomo",
            service = "Stats",
            purpose = "Count",
            category = "statistics",
            lifetime = "13mo"
        )]
        Stats,
    }

    #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    #[registry(provider = "Opendatasoft")]
    pub enum OtherProvider {
        #[cookie(
            name = "sessionid",
            service = "Login",
            purpose = "Remember the user",
            category = "necessary",
            lifetime = "14d"
        )]
        Session,
        #[cookie(
            name = "_pk_id.*",
            provider = "Piwik",
            service = "Stats",
            purpose = "Count",
            category = "statistics",
            lifetime = "13mo",
            consent_exempt
        )]
        Stats,
    }
}

#[test]
fn version_follows_consent_relevant_content_only() {
    use same_content::*;
    let base = A::registry().version();
    assert_eq!(Reordered::registry().version(), base);
    for other in [
        OtherPurpose::registry(),
        OtherLifetime::registry(),
        NotExempt::registry(),
        OtherProvider::registry(),
    ] {
        assert_ne!(other.version(), base, "{:?}", other.names().next());
    }
    // 14 days and 2 weeks last as long, but the page says something else.
    assert_ne!(OtherLifetime::registry().version(), base);
}

#[test]
fn version_is_the_same_on_every_build_and_machine() {
    // A fixed function of the declarations (FNV-1a over a canonical form): this value was
    // computed once and must never change unless the hashed content or form changes on purpose,
    // since every visitor would be asked for consent again.
    assert_eq!(
        same_content::A::registry().version(),
        6_351_588_636_285_350_246
    );
}

mod library {
    use cookie_registry::CookieRegistry;

    #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    #[registry(provider = "Library", languages("en", "de"))]
    pub enum LibCookie {
        #[cookie(
            name = "lib_state",
            service(en = "Widget", de = "Widget"),
            purpose(en = "Widget state", de = "Widget-Zustand"),
            category = "preferences",
            lifetime = "1d"
        )]
        State,
        #[cookie(
            name = "_lib_*",
            service(en = "Widget", de = "Widget"),
            purpose(en = "Widget cache", de = "Widget-Cache"),
            category = "preferences",
            lifetime = "1d"
        )]
        Cache,
    }

    #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    #[registry(provider = "Clash")]
    pub enum Clashing {
        #[cookie(
            name = "sessionid",
            service = "Other",
            purpose = "Other",
            category = "necessary",
            lifetime = "1d"
        )]
        Session,
        #[cookie(
            name = "_lib_x",
            service = "Other",
            purpose = "Other",
            category = "necessary",
            lifetime = "1d"
        )]
        Exact,
        #[cookie(
            name = "*.fixed",
            service = "Other",
            purpose = "Other",
            category = "necessary",
            lifetime = "1d"
        )]
        Suffix,
    }
}

#[test]
fn combined_registries_look_up_across_all() {
    use library::LibCookie;
    let combined = Registry::combine([SiteCookie::registry(), LibCookie::registry()]).unwrap();
    assert_eq!(combined.len(), SiteCookie::ALL.len() + LibCookie::ALL.len());
    assert_eq!(combined.lookup("lib_state").unwrap().provider(), "Library");
    assert_eq!(combined.lookup("_lib_123").unwrap().variant_name(), "Cache");
    assert_eq!(combined.lookup("_pk_id.3").unwrap().provider(), "Matomo");
    assert_eq!(
        combined.lookup("_pk_id.fixed").unwrap().variant_name(),
        "Fixed"
    );
    assert!(combined.lookup("nothing").is_none());
    assert_eq!(combined.languages(), ["fr", "en", "de"]);
    assert_eq!(
        combined.names().collect::<Vec<_>>(),
        ["SiteCookie", "LibCookie"]
    );
    // The combined version depends on the parts, not their order.
    let reversed = Registry::combine([LibCookie::registry(), SiteCookie::registry()]).unwrap();
    assert_eq!(combined.version(), reversed.version());
    assert_ne!(combined.version(), SiteCookie::registry().version());
    // Combining a registry with itself adds nothing.
    let twice = Registry::combine([SiteCookie::registry(), SiteCookie::registry()]).unwrap();
    assert_eq!(twice.len(), SiteCookie::ALL.len());
}

#[test]
fn combining_reports_every_conflict() {
    use library::{Clashing, LibCookie};
    let err = Registry::combine([
        SiteCookie::registry(),
        LibCookie::registry(),
        Clashing::registry(),
    ])
    .unwrap_err();
    let conflicts: Vec<(&str, &str, &str)> = err
        .conflicts()
        .iter()
        .map(|c| (c.first().name(), c.second().name(), c.example()))
        .collect();
    assert_eq!(
        conflicts,
        [
            ("sessionid", "sessionid", "sessionid"),
            ("_pk_id.*", "*.fixed", "_pk_id.x.fixed"),
            ("_lib_*", "*.fixed", "_lib_x.fixed"),
        ]
    );
    // An exact name inside another registry's pattern is no conflict (`_pk_id.fixed` in
    // `*.fixed`, `_lib_x` in `_lib_*`): the exact name wins, as within one registry.
    let message = err.to_string();
    assert!(
        message.contains(
            "cookie `sessionid` of `Clashing` is already declared as `sessionid` by `SiteCookie`"
        ),
        "{message}"
    );
}

/// Across registries as within one: an exact name wins over a pattern that also matches it.
#[test]
fn combined_exact_names_win_over_patterns() {
    use library::Clashing;
    let lib = library::LibCookie::registry();
    let combined = Registry::combine([lib, Clashing::registry()]);
    // `_lib_*` (LibCookie) and `_lib_x` (Clashing) alone: no conflict between them.
    let conflicts: Vec<&str> = combined
        .as_ref()
        .err()
        .map(|e| e.conflicts().iter().map(|c| c.example()).collect())
        .unwrap_or_default();
    assert!(!conflicts.contains(&"_lib_x"), "{conflicts:?}");
    let both = Registry::combine([SiteCookie::registry(), lib]).unwrap();
    for name in ["_pk_id.fixed", "_pk_id.7", "_lib_1"] {
        let exact = both
            .declarations()
            .find(|d| d.pattern().is_none() && d.name() == name);
        let expected = exact.or_else(|| both.declarations().find(|d| d.matches(name)));
        assert_eq!(both.lookup(name), expected, "{name}");
    }
}

/// Every declared name, and names near them, against a brute-force scan of the declarations.
#[test]
fn lookup_agrees_with_a_linear_scan() {
    let registry = SiteCookie::registry();
    let brute = |name: &str| {
        registry
            .declarations()
            .find(|d| d.pattern().is_none() && d.name() == name)
            .or_else(|| registry.declarations().find(|d| d.matches(name)))
    };
    let mut names: Vec<String> = Vec::new();
    for d in registry.declarations() {
        let base = d.name().replace('*', "x");
        names.push(base.clone());
        names.push(d.name().replace('*', ""));
        names.push(format!("{base}y"));
        names.push(format!("y{base}"));
        names.push(base[1..].to_owned());
        names.push(base[..base.len() - 1].to_owned());
    }
    for name in &names {
        assert_eq!(
            registry.lookup(name).map(|d| d.name()),
            brute(name).map(|d| d.name()),
            "{name}"
        );
    }
}

mod property {
    use super::SiteCookie;
    use cookie_registry::CookieRegistry;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn lookup_matches_brute_force(name in "(_pk_id\\.|ab|__Host-|session|)[a-z_.]{0,6}(_l|cd|id|)") {
            let registry = SiteCookie::registry();
            let expected = registry
                .declarations()
                .find(|d| d.pattern().is_none() && d.name() == name)
                .or_else(|| registry.declarations().find(|d| d.matches(&name)));
            prop_assert_eq!(registry.lookup(&name).map(|d| d.name()), expected.map(|d| d.name()));
            prop_assert_eq!(SiteCookie::lookup(&name).map(|c| c.declaration().name()), expected.map(|d| d.name()));
        }

        #[test]
        fn suffix_lookup_matches_brute_force(name in "(ab|x|)[a-z_]{0,5}(_l|_menu|cd|)") {
            let registry = super::SuffixCookie::registry();
            let expected = registry
                .declarations()
                .find(|d| d.pattern().is_none() && d.name() == name)
                .or_else(|| registry.declarations().find(|d| d.matches(&name)));
            prop_assert_eq!(registry.lookup(&name).map(|d| d.name()), expected.map(|d| d.name()));
        }

        #[test]
        fn lookup_never_panics(name in any::<String>()) {
            let _ = SiteCookie::registry().lookup(&name);
        }
    }
}

/// A bare derive: the enum needs no other derive (issue 9: it took six errors to learn which).
mod bare {
    use cookie_registry::{CookieRegistry, cookie};

    #[derive(CookieRegistry)]
    #[registry(provider = "Site")]
    pub enum Bare {
        #[cookie(
            name = "lang",
            service = "Language",
            purpose = "Remember the language",
            category = "necessary",
            lifetime = "session"
        )]
        Lang,
        #[cookie(
            name = "_pk_id.*",
            service = "Statistics",
            purpose = "Count visits",
            category = "statistics",
            lifetime = "13mo"
        )]
        Stats,
    }

    #[test]
    fn a_bare_derive_works() {
        const LANG: Bare = cookie!(Bare, "lang");
        assert_eq!(LANG.name(), "lang");
        assert!(matches!(Bare::lookup("_pk_id.7"), Some(Bare::Stats)));
        assert!(Bare::lookup("other").is_none());
        let names: Vec<&str> = Bare::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names, ["lang", "_pk_id.*"]);
        let stats = Bare::lookup("_pk_id.1").unwrap();
        // Methods take `&self`: a value is used as often as needed.
        assert_eq!(stats.declaration().name(), stats.name());
        assert!(Bare::registry().check("lang=fr").is_ok());
    }
}
