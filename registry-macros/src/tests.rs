//! Parser and checks without the compiler: `parse_quote!` in, messages out.

use syn::{DeriveInput, ItemMod, parse_quote};

use crate::ctxt::Ctxt;
use crate::{enum_input, module_input, valid};

fn enum_messages(input: DeriveInput) -> Vec<String> {
    let cx = Ctxt::default();
    if let Some(registry) = enum_input::parse(&cx, &input) {
        valid::check(&cx, &registry);
    }
    cx.messages()
}

fn module_messages(args: proc_macro2::TokenStream, module: ItemMod) -> Vec<String> {
    let cx = Ctxt::default();
    if let (Some(registry), _) = module_input::parse(&cx, args, module) {
        valid::check(&cx, &registry);
    }
    cx.messages()
}

#[test]
fn a_valid_registry_has_no_message() {
    let messages = enum_messages(parse_quote! {
        #[registry(provider = "Opendatasoft", languages("fr", "en"))]
        enum SiteCookie {
            #[cookie(name = "sessionid", category = "necessary", lifetime = "14d", http_only,
                same_site = "lax", path = "/",
                service(fr = "Authentification", en = "Authentication"),
                purpose(fr = "Se souvenir", en = "Remember"))]
            Session,
            #[cookie(name = "__Host-csrf", category = "necessary", lifetime = "session", secure,
                path = "/", service(fr = "CSRF", en = "CSRF"), purpose(fr = "CSRF", en = "CSRF"))]
            Csrf,
        }
    });
    assert_eq!(messages, Vec::<String>::new());
}

#[test]
fn every_mistake_is_reported_once() {
    let messages = enum_messages(parse_quote! {
        #[registry(languages("fr", "en"))]
        enum SiteCookie {
            #[cookie(name = "__Host-a b", category = "statistic", lifetime = "2y",
                same_site = "none", domain = ".example.com", consent_exempt,
                service(fr = "x", de = "y"), purpose(fr = "x", en = "y"), colour = "blue")]
            Session,
        }
    });
    assert_eq!(
        messages,
        [
            "unknown key `colour` in #[cookie(...)] (valid keys: `name`, `provider`, `provider_url`, `service`, `purpose`, `category`, `lifetime`, `third_party`, `consent_exempt`, `secure`, `http_only`, `same_site`, `path`, `domain`, `partitioned`)",
            "invalid cookie name `__Host-a b`: a space is not allowed in a cookie name; use only letters, digits and the symbols ! # $ % & ' * + - . ^ _ ` | ~ (an RFC 9110 token)",
            "cookie `Session` is missing `provider`: add `provider = \"...\"` here, or on #[registry(provider = \"...\")] for every cookie",
            "language `de` is not declared in #[registry(languages(...))] (declared: fr, en)",
            "`service` of cookie `Session` has no `en` text: add `en = \"...\"`",
            "unknown category `statistic`: did you mean `statistics`? (one of `necessary`, `preferences`, `statistics`, `marketing`)",
            "lifetime `2y` (730.5 days) is over the 400-day cap: browsers keep a cookie at most 400 days (RFC 6265bis §5.5), so the policy page would lie; declare at most `400d`",
            "invalid domain `.example.com`: the domain starts with a dot (RFC 6265bis §4.1.2.3); write `domain = \"example.com\"`",
        ]
    );
}

#[test]
fn standards_are_checked_once_the_name_is_valid() {
    let messages = enum_messages(parse_quote! {
        #[registry(provider = "P")]
        enum C {
            #[cookie(name = "__host-sid", category = "necessary", lifetime = "1d",
                domain = "example.com", path = "/app", same_site = "None", partitioned,
                service = "s", purpose = "p")]
            Sid,
        }
    });
    assert_eq!(
        messages,
        [
            "a cookie named `__host-...` (a `__Host-` prefix: browsers match prefixes in any case) must be `secure` (RFC 6265bis §4.1.3): add `secure`",
            "a cookie named `__host-...` (a `__Host-` prefix: browsers match prefixes in any case) must not have a domain (RFC 6265bis §4.1.3.2): remove `domain`",
            "a cookie named `__host-...` (a `__Host-` prefix: browsers match prefixes in any case) must have the path `/` (RFC 6265bis §4.1.3.2): write `path = \"/\"`",
            "`same_site = \"none\"` needs `secure`: browsers drop the cookie otherwise (RFC 6265bis §5.7 step 19); add `secure`",
            "`partitioned` needs `secure`: browsers drop the cookie otherwise (CHIPS); add `secure`",
        ]
    );
}

#[test]
fn cnil_exemption_needs_first_party_statistics_within_13_months() {
    let messages = enum_messages(parse_quote! {
        #[registry(provider = "P")]
        enum C {
            #[cookie(name = "a", category = "marketing", lifetime = "13mo", consent_exempt,
                service = "s", purpose = "p")]
            A,
            #[cookie(name = "b", category = "statistics", lifetime = "396d", consent_exempt,
                third_party = "stats.example", service = "s", purpose = "p")]
            B,
            #[cookie(name = "c", category = "statistics", lifetime = "395d", consent_exempt,
                service = "s", purpose = "p")]
            Ok,
        }
    });
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(messages[0].starts_with("`consent_exempt` applies only to audience measurement"));
    assert!(messages[1].starts_with("a `consent_exempt` cookie must be first party"));
    assert!(messages[2].contains("at most 13 months (CNIL délibération 2020-091), not 396 days"));
}

#[test]
fn duplicates_and_overlaps_name_both_places() {
    let messages = enum_messages(parse_quote! {
        #[registry(provider = "P")]
        enum C {
            #[cookie(name = "sid", category = "necessary", lifetime = "1d", service = "s", purpose = "p")]
            A,
            #[cookie(name = "sid", category = "necessary", lifetime = "1d", service = "s", purpose = "p")]
            B,
            #[cookie(name = "_ga*", category = "necessary", lifetime = "1d", service = "s", purpose = "p")]
            C,
            #[cookie(name = "_ga_*", category = "necessary", lifetime = "1d", service = "s", purpose = "p")]
            D,
            #[cookie(name = "_gb*x", category = "necessary", lifetime = "1d", service = "s", purpose = "p")]
            E,
            #[cookie(name = "_gb*y", category = "necessary", lifetime = "1d", service = "s", purpose = "p")]
            F,
        }
    });
    assert_eq!(
        messages,
        [
            "cookie `sid` is declared twice",
            "`sid` first declared here",
            "patterns `_ga*` and `_ga_*` both match `_ga_x`: a cookie must have one declaration; make them disjoint",
            "`_ga*` first declared here",
        ]
    );
}

#[test]
fn shape_mistakes() {
    assert_eq!(
        enum_messages(parse_quote!(
            struct S;
        )),
        [
            "`CookieRegistry` is derived on an enum with one unit variant per cookie, not on a struct"
        ]
    );
    assert_eq!(
        enum_messages(parse_quote!(
            #[registry(provider = "P")]
            enum E {}
        )),
        ["`E` declares no cookie: add a variant with #[cookie(name = \"...\", ...)]"]
    );
    let messages = enum_messages(parse_quote! {
        #[registry(provider = "P")]
        enum E<T> {
            #[cookie(name = "a", category = "necessary", lifetime = "1d", service = "s", purpose = "p")]
            A(T),
            B,
        }
    });
    assert_eq!(
        messages,
        [
            "a cookie registry enum cannot be generic: its declarations live in statics",
            "variant `A` carries data: a cookie registry has one unit variant per cookie",
            "variant `B` has no #[cookie(...)] declaration: add #[cookie(name = \"...\", ...)]",
        ]
    );
}

#[test]
fn module_form_reports_through_the_same_checks() {
    let messages = module_messages(
        quote::quote!(provider = "P"),
        parse_quote! {
            mod cookies {
                #[cookie(category = "necessary", lifetime = "1d", service = "s", purpose = "p")]
                pub const SID: &str = "__Secure-sid";
                #[cookie(name = "x", category = "necessary", lifetime = "1d", service = "s", purpose = "p")]
                pub const OTHER: String = String::new();
            }
        },
    );
    assert_eq!(
        messages,
        [
            "the name comes from the constant's value: remove `name = ...`",
            "a declared cookie-name constant's value must be a string literal, such as `= \"sessionid\"`",
            "a cookie named `__Secure-...` must be `secure` (RFC 6265bis §4.1.3): add `secure`",
        ]
    );
}

#[test]
fn variant_names_from_constants() {
    assert_eq!(module_input::variant_name("SESSION"), "Session");
    assert_eq!(module_input::variant_name("CSRF_TOKEN"), "CsrfToken");
    assert_eq!(module_input::variant_name("_PK_ID"), "PkId");
}

#[test]
fn expansion_lays_out_every_exact_name() {
    // The expanded code for a registry holds every exact name once in the exact table and
    // the pattern keys in the pattern tables.
    let input: DeriveInput = parse_quote! {
        #[registry(provider = "P")]
        enum C {
            #[cookie(name = "alpha", category = "necessary", lifetime = "1d", service = "s", purpose = "p")]
            A,
            #[cookie(name = "beta_*_b", category = "necessary", lifetime = "1d", service = "s", purpose = "p")]
            B,
            #[cookie(name = "*_gamma", category = "necessary", lifetime = "1d", service = "s", purpose = "p")]
            G,
        }
    };
    let tokens = crate::derive(&input).to_string();
    assert!(!tokens.contains("compile_error"), "{tokens}");
    assert!(tokens.contains("(\"alpha\" , 0u32)"), "{tokens}");
    assert!(tokens.contains("(\"beta_\" , \"_b\" , 1u32)"), "{tokens}");
    assert!(tokens.contains("(\"_gamma\" , \"\" , 2u32)"), "{tokens}");
}

#[test]
fn a_rejected_key_is_not_also_reported_missing() {
    // A typo of a required key, a value of the wrong kind, a rejected language entry and an
    // attribute that does not parse each give their own error and no "missing" follow-on.
    let messages = enum_messages(parse_quote! {
        #[registry(provider = "P", languages("fr", "en"))]
        enum C {
            #[cookie(name = "a", servise(fr = "s", en = "s"), purpose(fr = "p", en = 1),
                category = "necessary", lifetime = 14)]
            A,
            #[cookie(name = )]
            B,
        }
    });
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(
        messages[0].starts_with("unknown key `servise` in #[cookie(...)]; did you mean `service`?")
    );
    assert_eq!(messages[1], "a text is a string: write `en = \"...\"`");
    assert_eq!(
        messages[2],
        "`lifetime` takes a string: write `lifetime = \"14d\"`"
    );
    assert!(
        messages[3].starts_with("unexpected end of input"),
        "{}",
        messages[3]
    );
}

#[test]
fn rejected_languages_do_not_condemn_every_text() {
    let messages = enum_messages(parse_quote! {
        #[registry(provider = "P", languages(fr, en))]
        enum C {
            #[cookie(name = "a", service(fr = "s", en = "s"), purpose(fr = "p", en = "p"),
                category = "necessary", lifetime = "1d")]
            A,
        }
    });
    assert_eq!(
        messages,
        ["write the languages as strings: `languages(\"fr\", \"en\")`"]
    );
}

#[test]
fn duplicates_name_both_places() {
    let messages = enum_messages(parse_quote! {
        #[registry(provider = "P")]
        enum C {
            #[cookie(name = "a", name = "b", service = "s", purpose = "p", category = "necessary",
                lifetime = "1d")]
            A,
        }
    });
    assert_eq!(
        messages,
        [
            "duplicate key `name` in #[cookie(...)]: give it once",
            "`name` first given here"
        ]
    );
}

#[test]
fn misplaced_attributes_are_reported() {
    let messages = enum_messages(parse_quote! {
        #[registry(provider = "P")]
        #[cookie(name = "x")]
        enum C {
            #[registry(provider = "Q")]
            #[cookie(name = "a", service = "s", purpose = "p", category = "necessary", lifetime = "1d")]
            A,
        }
    });
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(messages[0].starts_with("#[cookie(...)] declares one cookie: put it on a variant"));
    assert!(messages[1].starts_with("#[registry(...)] goes on the enum, not on a variant"));
}
