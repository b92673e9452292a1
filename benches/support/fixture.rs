//! Generates the 1,000-declaration registry that the benchmarks and the compile-time
//! measurement use (`benches/fixtures/bench_registry.rs`), and the same enum without the derive
//! (`benches/fixtures/bench_registry_plain.rs`), the same data written by hand as a `static`
//! array of structs (`benches/fixtures/bench_registry_static.rs`, what a project without the
//! derive would write), and a `phf` map of the exact names (`benches/fixtures/bench_phf.rs`). The files are checked in; `tests/bench_fixtures.rs`
//! checks they are what this generates (`UPDATE_FIXTURES=1` rewrites them).
//!
//! 950 exact names and 50 prefix or infix patterns, named like real cookies (`_svc12_*`,
//! `cart_token_418`), with names to look up: every exact name, one instance of every pattern,
//! and 1,000 names that no declaration matches (some sharing a pattern's first bytes).

use std::fmt::Write as _;

const WORDS: [&str; 10] = [
    "session",
    "cart_token",
    "lang",
    "pref",
    "csrf",
    "ab_test",
    "consent",
    "theme",
    "visitor",
    "device",
];

/// The generated files.
pub struct Fixtures {
    /// The derived registry, with its name lists.
    pub derived: String,
    /// The same enum without the derive.
    pub plain: String,
    /// The same declarations by hand: the enum, and a `static` array of structs.
    pub static_array: String,
    /// A `phf` map of the exact names to their declaration index (the compile-time peer of the
    /// lookup benchmark).
    pub phf: String,
}

/// Generates the fixtures.
pub fn generate() -> Fixtures {
    let mut names: Vec<String> = Vec::new();
    for i in 0..950 {
        names.push(format!("{}_{i}", WORDS[i % WORDS.len()]));
    }
    // 40 prefix patterns of several lengths and 10 infix patterns.
    for i in 0..40 {
        names.push(format!("_svc{i}_{}*", "x".repeat(i % 4)));
    }
    for i in 0..10 {
        names.push(format!("ab{i}*_end{i}"));
    }
    let pattern_hits: Vec<String> = names
        .iter()
        .filter(|n| n.contains('*'))
        .map(|n| n.replace('*', "Z9q"))
        .collect();
    let exact_hits: Vec<String> = names.iter().filter(|n| !n.contains('*')).cloned().collect();
    let mut misses: Vec<String> = Vec::new();
    for i in 0..1000 {
        misses.push(match i % 4 {
            0 => format!("{}_{}", WORDS[i % WORDS.len()], 10_000 + i),
            1 => format!("_svc{}", i),
            2 => format!("unknown_cookie_{i}"),
            _ => format!("ab{}_nope", i % 10),
        });
    }

    let mut derived = String::new();
    let mut plain = String::new();
    let mut array = String::new();
    derived.push_str(
        "/// The benchmark registry.\n#[derive(cookie_registry::CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]\n#[registry(provider = \"Bench\")]\npub enum BenchCookie {\n",
    );
    plain.push_str(
        "/// The benchmark enum, without the derive.\n#[derive(Clone, Copy, Debug, PartialEq, Eq)]\npub enum BenchCookie {\n",
    );
    for (i, name) in names.iter().enumerate() {
        let category = ["necessary", "preferences", "statistics", "marketing"][i % 4];
        writeln!(
            derived,
            "    #[cookie(name = \"{name}\", service = \"Service {i}\", purpose = \"Purpose of cookie {i}\", category = \"{category}\", lifetime = \"{}d\", path = \"/\", same_site = \"lax\")]\n    C{i},",
            1 + i % 300
        )
        .expect("writing to a String cannot fail");
        writeln!(plain, "    C{i},").expect("writing to a String cannot fail");
        let variant = ["Necessary", "Preferences", "Statistics", "Marketing"][i % 4];
        writeln!(
            array,
            "    Cookie {{ name: {name:?}, provider: \"Bench\", service: \"Service {i}\", purpose: \"Purpose of cookie {i}\", category: Category::{variant}, lifetime_seconds: {}, path: Some(\"/\"), same_site: Some(SameSite::Lax) }},",
            (1 + i % 300) * 86_400
        )
        .expect("writing to a String cannot fail");
    }
    derived.push_str("}\n");
    plain.push_str("}\n");
    let static_array = format!(
        "{STATIC_HEADER}{plain}\n/// The declarations, in the enum's order.\npub static COOKIES: [Cookie; {}] = [\n{array}];\n",
        names.len()
    );
    let list = |name: &str, items: &[String]| {
        let mut s = format!("/// Names for the benchmark.\npub const {name}: &[&str] = &[\n");
        for item in items {
            writeln!(s, "    {item:?},").expect("writing to a String cannot fail");
        }
        s.push_str("];\n");
        s
    };
    derived.push_str(&list("DECLARED_NAMES", &names));
    derived.push_str(&list("EXACT_HITS", &exact_hits));
    derived.push_str(&list("PATTERN_HITS", &pattern_hits));
    derived.push_str(&list("MISSES", &misses));

    let mut phf = String::from(
        "/// The exact names, to their declaration index, as a compile-time perfect hash.\npub static PHF: phf::Map<&'static str, u16> = phf::phf_map! {\n",
    );
    for (i, name) in names.iter().enumerate().filter(|(_, n)| !n.contains('*')) {
        writeln!(phf, "    {name:?} => {i}u16,").expect("writing to a String cannot fail");
    }
    phf.push_str("};\n");
    Fixtures {
        derived,
        plain,
        static_array,
        phf,
    }
}

/// The types a project writes by hand to declare its cookies without the derive.
const STATIC_HEADER: &str =
    "//! The benchmark's declarations written by hand, without the derive: the build-time peer.

/// A cookie's category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// Strictly necessary.
    Necessary,
    /// Preferences.
    Preferences,
    /// Statistics.
    Statistics,
    /// Marketing.
    Marketing,
}

/// A `SameSite` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SameSite {
    /// `Strict`.
    Strict,
    /// `Lax`.
    Lax,
    /// `None`.
    None,
}

/// One declaration.
#[derive(Clone, Copy, Debug)]
pub struct Cookie {
    /// The name or pattern.
    pub name: &'static str,
    /// Who sets it.
    pub provider: &'static str,
    /// The service.
    pub service: &'static str,
    /// Why.
    pub purpose: &'static str,
    /// The category.
    pub category: Category,
    /// The lifetime, in seconds.
    pub lifetime_seconds: u64,
    /// The `Path`.
    pub path: Option<&'static str>,
    /// The `SameSite`.
    pub same_site: Option<SameSite>,
}

impl BenchCookie {
    /// The declaration of the cookie.
    pub fn cookie(self) -> &'static Cookie {
        &COOKIES[self as usize]
    }
}

";
