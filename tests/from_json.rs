//! `Registry::from_policy_json`: the registry read back from its policy JSON looks names up,
//! checks headers and refuses bad declarations as the derived one does.

/// The benchmarks' 1,000 declarations (`include!`, not `#[path]`: rustfmt would reformat
/// the generated file, which `tests/bench_fixtures.rs` keeps as generated).
mod bench {
    include!("../benches/fixtures/bench_registry.rs");
}
#[path = "../examples/herault_data/registry.rs"]
mod herault;

use cookie_registry::from_json::{FromJsonError, Problem};
use cookie_registry::{CookieRegistry, Registry};
use herault::HeraultCookie;
use proptest::prelude::*;

fn read_back(registry: &Registry, language: &str) -> &'static Registry {
    let json = registry.policy().language(language).json().unwrap();
    Registry::from_policy_json(&json).unwrap()
}

#[test]
fn the_reference_registry_reads_back_the_same_in_each_language() {
    let derived = HeraultCookie::registry();
    for language in ["fr", "en"] {
        let read = read_back(derived, language);
        assert_eq!(read.version(), derived.version());
        assert_eq!(read.len(), derived.len());
        for (a, b) in derived.declarations().zip(read.declarations()) {
            assert_eq!(a.name(), b.name());
            assert_eq!(
                a.pattern().map(|p| (p.prefix(), p.suffix())),
                b.pattern().map(|p| (p.prefix(), p.suffix()))
            );
            assert_eq!(a.provider(), b.provider());
            assert_eq!(a.purpose().get(language), b.purpose().get(language));
            assert_eq!(a.category(), b.category());
            assert_eq!(a.lifetime(), b.lifetime());
            assert_eq!(a.party(), b.party());
            assert_eq!(a.requires_consent(), b.requires_consent());
            assert_eq!(
                (a.secure(), a.http_only(), a.same_site()),
                (b.secure(), b.http_only(), b.same_site())
            );
            assert_eq!(
                (a.path(), a.domain(), a.partitioned()),
                (b.path(), b.domain(), b.partitioned())
            );
        }
        // The page it renders is the page the JSON came from.
        assert_eq!(
            read.policy().language(language).json().unwrap(),
            derived.policy().language(language).json().unwrap()
        );
    }
}

#[test]
fn checks_of_headers_agree() {
    let derived = HeraultCookie::registry();
    let read = read_back(derived, "fr");
    for header in [
        "sessionid=abc; Secure; HttpOnly; SameSite=Lax; Path=/; Max-Age=1209600",
        "sessionid=abc; Path=/; Max-Age=1209600",
        "csrftoken=x; Max-Age=99999999",
        "_pk_id.1.ab=x; Max-Age=100; Path=/",
        "_fbp=x",
        "garbage",
    ] {
        let codes = |r: &Registry| match r.check(header) {
            Ok(c) => c.warnings().iter().map(|v| v.code()).collect::<Vec<_>>(),
            Err(v) => v.iter().map(|v| v.code()).collect(),
        };
        assert_eq!(codes(derived), codes(read), "{header}");
    }
}

proptest! {
    /// A thousand declarations (exact names and patterns): every name is looked up to the same
    /// declaration by the derived tables and by the tables laid out at run time.
    #[test]
    fn lookups_agree_on_a_thousand_declarations(
        index in 0usize..1000,
        tail in "[a-z0-9_.]{0,6}",
        cut in 0usize..4,
    ) {
        static READ: std::sync::OnceLock<&'static Registry> = std::sync::OnceLock::new();
        let derived = bench::BenchCookie::registry();
        let read = *READ.get_or_init(|| read_back(derived, "en"));
        let declared = derived.declarations().nth(index).unwrap().name();
        let base = declared.trim_end_matches('*');
        let base = &base[..base.len().saturating_sub(cut)];
        for name in [declared.to_owned(), format!("{base}{tail}"), tail.clone()] {
            prop_assert_eq!(
                derived.lookup(&name).map(|d| d.name()),
                read.lookup(&name).map(|d| d.name()),
                "{}", name
            );
        }
    }
}

#[test]
fn the_benchmark_names_look_up_the_same() {
    let derived = bench::BenchCookie::registry();
    let read = read_back(derived, "en");
    let names = bench::DECLARED_NAMES
        .iter()
        .chain(bench::EXACT_HITS)
        .chain(bench::PATTERN_HITS);
    let mut found = 0;
    for name in names.chain(bench::MISSES) {
        let (a, b) = (derived.lookup(name), read.lookup(name));
        assert_eq!(a.map(|d| d.name()), b.map(|d| d.name()), "{name}");
        found += usize::from(a.is_some());
    }
    assert!(found > 1000, "{found}");
}

fn problems(json: &str) -> Vec<Problem> {
    match Registry::from_policy_json(json) {
        Err(FromJsonError::Declarations(p)) => p,
        other => panic!("expected declaration problems, got {other:?}"),
    }
}

#[test]
fn a_tampered_document_is_refused_with_every_problem() {
    let json = HeraultCookie::registry()
        .policy()
        .language("en")
        .json()
        .unwrap();
    // Two lies at once: Django's session cookie made to live 800 days, and a necessary cookie
    // said to need consent.
    let tampered = json
        .replacen(r#""amount": 14,"#, r#""amount": 800,"#, 1)
        .replacen(
            r#""consent_required": false"#,
            r#""consent_required": true"#,
            1,
        );
    assert_ne!(tampered, json);
    let found = problems(&tampered);
    let messages: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(
        messages.iter().any(|m| m.contains("400-day cap")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(
            |m| m.contains("consent_required is true, but a necessary cookie needs no consent")
        ),
        "{messages:?}"
    );

    // `SameSite=None` without `Secure`, and a `__Host-` name with a domain.
    let broken = json
        .replacen(r#""same_site": "Lax""#, r#""same_site": "None""#, 1)
        .replacen(r#""secure": true"#, r#""secure": false"#, 1)
        .replacen(r#""name": "sessionid""#, r#""name": "__Host-sid""#, 1);
    let codes: Vec<String> = problems(&broken)
        .iter()
        .map(|p| p.message.clone())
        .collect();
    assert!(
        codes
            .iter()
            .any(|m| m.contains("samesite-none-without-secure")),
        "{codes:?}"
    );
    assert!(
        codes
            .iter()
            .any(|m| m.contains("host-prefix-without-secure")),
        "{codes:?}"
    );

    // The same name twice.
    let twice = json.replacen(r#""name": "csrftoken""#, r#""name": "sessionid""#, 1);
    assert!(
        problems(&twice)
            .iter()
            .any(|p| p.message == "declared twice")
    );
}

#[test]
fn other_documents_get_typed_errors() {
    assert!(matches!(
        Registry::from_policy_json("{"),
        Err(FromJsonError::Syntax(_))
    ));
    assert!(matches!(
        Registry::from_policy_json(r#"{"schema": "x", "registry_version": "0", "language": "en", "groups": []}"#),
        Err(FromJsonError::Schema { found }) if found == "x"
    ));
    assert!(matches!(
        Registry::from_policy_json(
            r#"{"schema": "cookie-registry/policy/1", "registry_version": "XYZ", "language": "en", "groups": []}"#
        ),
        Err(FromJsonError::Version { .. })
    ));
    let empty = Registry::from_policy_json(
        r#"{"schema": "cookie-registry/policy/1", "registry_version": "00000000000000ff", "language": "en", "groups": []}"#,
    )
    .unwrap();
    assert!(empty.is_empty() && empty.lookup("a").is_none() && empty.version() == 255);
}

#[test]
fn the_declarations_document_keeps_every_language() {
    let derived = HeraultCookie::registry();
    let json = derived.declarations_json();
    let read = Registry::from_json(&json).unwrap();
    assert_eq!(read.languages(), ["fr", "en"]);
    assert_eq!(read.version(), derived.version());
    for (a, b) in derived.declarations().zip(read.declarations()) {
        assert_eq!(a.service().entries(), b.service().entries());
        assert_eq!(a.purpose().entries(), b.purpose().entries());
    }
    // Both pages render from it, as from the derive.
    for language in ["fr", "en"] {
        assert_eq!(
            read.policy().language(language).json().unwrap(),
            derived.policy().language(language).json().unwrap()
        );
    }
    // A text missing a declared language is refused.
    let missing = json.replacen("\"en\": \"Authentication (front and back office)\",", "", 1);
    assert_ne!(missing, json);
    assert!(matches!(
        Registry::from_json(&missing),
        Err(FromJsonError::Declarations(p)) if p[0].message.contains("exactly the declared languages")
    ));
}
