//! The policy page: golden files for every format in both languages, the structure and
//! escaping of each format, language errors, and the main job against the seed's table.
//!
//! Regenerate the golden files with `UPDATE_GOLDEN=1 cargo test --test policy` and read the diff.

use std::path::{Path, PathBuf};

use cookie_registry::policy::{Column, Format, PolicyError, Strings};
use cookie_registry::{CookieRegistry, Registry};

#[path = "../examples/herault_data/registry.rs"]
mod herault;

use herault::HeraultCookie;

/// Every category, patterns, a third party, a provider link, and texts that try to break
/// each format.
#[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
#[registry(provider = "Example SA", languages("fr", "en"))]
pub enum Showcase {
    #[cookie(
        name = "__Host-session",
        service(fr = "Connexion", en = "Sign-in"),
        purpose(
            fr = "Garder la session ouverte <script>alert(\"x\")</script> & 'guillemets'",
            en = "Keep the session open <script>alert(\"x\")</script> & 'quotes'"
        ),
        category = "necessary",
        lifetime = "12h",
        secure,
        http_only,
        path = "/"
    )]
    Session,
    #[cookie(
        name = "layout_*",
        service(fr = "Mise en page | colonnes", en = "Layout | columns"),
        purpose(fr = "Se souvenir\nde la mise en page", en = "Remember\nthe layout"),
        category = "preferences",
        lifetime = "1y"
    )]
    Layout,
    #[cookie(
        name = "_pk_id.*",
        provider = "Matomo",
        provider_url = "https://matomo.org/privacy-policy/?a=1&b=2",
        service(fr = "Mesure d'audience", en = "Audience measurement"),
        purpose(fr = "=HYPERLINK(\"http://evil\")", en = "+1 visit counted"),
        category = "statistics",
        lifetime = "13mo",
        consent_exempt
    )]
    AudienceId,
    #[cookie(
        name = "_ads",
        provider = "@AdCorp",
        service(fr = "Publicité", en = "Advertising"),
        purpose(fr = "-Cibler les annonces", en = "-Target ads"),
        category = "marketing",
        lifetime = "30d",
        third_party = "ads.example",
        secure,
        same_site = "none"
    )]
    Ads,
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_GOLDEN=1", path.display()));
    assert!(
        actual == expected,
        "{name} differs from its golden file; run with UPDATE_GOLDEN=1 and read the diff\n--- actual ---\n{actual}"
    );
}

const FORMATS: [(Format, &str); 6] = [
    (Format::Text, "txt"),
    (Format::Markdown, "md"),
    (Format::Html, "html"),
    (Format::HtmlPage, "page.html"),
    (Format::Csv, "csv"),
    (Format::Json, "json"),
];

#[test]
fn golden_files_for_every_format_and_language() {
    for (name, registry, columns) in [
        ("herault", HeraultCookie::registry(), &Column::SEED[..]),
        ("showcase", Showcase::registry(), &Column::FULL[..]),
    ] {
        for language in ["fr", "en"] {
            for (format, extension) in FORMATS {
                let policy = registry
                    .policy()
                    .language(language)
                    .columns(columns.iter().copied());
                let output = policy.render(format).unwrap();
                // Deterministic: a second rendering is byte-identical.
                assert_eq!(output, policy.render(format).unwrap());
                golden(&format!("{name}.{language}.{extension}"), &output);
            }
        }
    }
}

/// The table lines of the seed: the header line and every line after it with tabs.
fn seed_table() -> Vec<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/herault_data/charte-cookies.txt");
    let seed = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the seed {}: {e}", path.display()));
    let mut lines = seed
        .lines()
        .skip_while(|l| !l.starts_with("Nom du prestataire\t"));
    let header = lines
        .next()
        .expect("the seed has its table header")
        .to_owned();
    let mut table = vec![header];
    table.extend(lines.filter(|l| !l.trim().is_empty()).map(str::to_owned));
    table
}

fn example_binary() -> PathBuf {
    // Test binaries live in target/<profile>/deps; `cargo test` builds the examples into
    // target/<profile>/examples.
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().unwrap().parent().unwrap();
    let binary = profile_dir
        .join("examples")
        .join(format!("herault_data{}", std::env::consts::EXE_SUFFIX));
    assert!(binary.exists(), "{} is not built", binary.display());
    binary
}

fn run_example(args: &[&str]) -> std::process::Output {
    std::process::Command::new(example_binary())
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_main_job_reproduces_the_seed_table() {
    let seed = seed_table();
    assert_eq!(
        seed.len(),
        5,
        "the seed's table has a header and four rows: {seed:#?}"
    );
    let output = run_example(&[]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != seed[0])
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(
        table, seed,
        "the example's table is not the seed's:\n{text}"
    );
}

#[test]
fn the_example_takes_options_and_refuses_bad_ones() {
    let output = run_example(&["--lang", "en", "--format", "csv", "--full"]);
    assert!(output.status.success());
    let csv = String::from_utf8(output.stdout).unwrap();
    assert!(csv.starts_with(
        "Provider,Service and location,Cookie name,Purpose,Category,Lifetime,Set by,Consent required\r\n"
    ));
    assert_eq!(csv.matches("\r\n").count(), 5);

    let help = run_example(&["--help"]);
    assert!(help.status.success());
    assert!(
        String::from_utf8(help.stdout)
            .unwrap()
            .contains("--format <FORMAT>")
    );

    for bad in [
        &["--format", "pdf"][..],
        &["--lang", "de"],
        &["--colour"],
        &["--lang"],
    ] {
        let output = run_example(bad);
        assert_eq!(output.status.code(), Some(2), "{bad:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.starts_with("error: "), "{bad:?}: {stderr}");
        assert!(output.stdout.is_empty());
    }
}

fn policy(language: &str) -> cookie_registry::policy::Policy<'static> {
    Showcase::registry()
        .policy()
        .language(language)
        .columns(Column::FULL)
}

#[test]
fn html_is_structured_and_escaped() {
    let html = policy("fr").html_fragment().unwrap();
    assert!(html.starts_with("<section class=\"cookie-policy\" lang=\"fr\">\n"));
    // One table per category, in page order, each with a caption and a header per column.
    assert_eq!(html.matches("<table>").count(), 4);
    assert_eq!(html.matches("<caption>").count(), 4);
    assert_eq!(
        html.matches("<th scope=\"col\">").count(),
        4 * Column::FULL.len()
    );
    let order: Vec<usize> = ["necessary", "preferences", "statistics", "marketing"]
        .iter()
        .map(|c| html.find(&format!("id=\"cookies-{c}\"")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    // Texts are text.
    assert!(!html.contains("<script>"));
    assert!(
        html.contains(
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;guillemets&#39;"
        )
    );
    assert!(html.contains("<a href=\"https://matomo.org/privacy-policy/?a=1&amp;b=2\">Matomo</a>"));
    assert!(html.contains("Se souvenir<br>de la mise en page"));
    // No JavaScript anywhere, and the pattern note under the tables that show a pattern.
    let page = policy("fr").html_page().unwrap();
    assert!(!page.contains("<script"));
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    assert!(
        page.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    );
    assert_eq!(html.matches("class=\"cookie-pattern-note\"").count(), 2);
}

#[test]
fn markdown_escapes_table_breakers() {
    let md = policy("en").markdown().unwrap();
    assert!(md.contains("Layout \\| columns"));
    assert!(md.contains("Remember<br>the layout"));
    assert!(md.contains("&lt;script&gt;"));
    assert!(md.contains("| `_pk_id.*` |"));
    // Every table line has exactly one cell per column: count the unescaped pipes.
    for line in md.lines().filter(|l| l.starts_with('|')) {
        let pipes = line
            .match_indices('|')
            .filter(|(i, _)| !line[..*i].ends_with('\\'))
            .count();
        assert_eq!(pipes, Column::FULL.len() + 1, "{line}");
    }
}

#[test]
fn csv_round_trips_and_defuses_formulas() {
    let csv = policy("fr").csv().unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.len(), Column::FULL.len());
    assert_eq!(&headers[2], "Nom du cookie");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    // Page order: necessary, preferences, statistics, marketing.
    let names: Vec<&str> = rows.iter().map(|r| &r[2]).collect();
    assert_eq!(names, ["__Host-session", "layout_*", "_pk_id.*", "_ads"]);
    // Quotes, commas and line breaks survive; formulas get a leading quote.
    assert!(rows[0][3].contains("<script>alert(\"x\")</script>"));
    assert_eq!(&rows[1][3], "Se souvenir\nde la mise en page");
    assert_eq!(&rows[2][3], "'=HYPERLINK(\"http://evil\")");
    assert_eq!(&rows[3][0], "'@AdCorp");
    assert_eq!(&rows[3][3], "'-Cibler les annonces");
    for row in &rows {
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
        }
    }
    let en = policy("en").csv().unwrap();
    assert!(en.contains(",'+1 visit counted,"));
}

#[test]
fn json_follows_its_schema() {
    let json: serde_json::Value = serde_json::from_str(&policy("fr").json().unwrap()).unwrap();
    assert_eq!(json["schema"], "cookie-registry/policy/1");
    assert_eq!(
        json["registry_version"],
        format!("{:016x}", Showcase::registry().version())
    );
    assert_eq!(json["language"], "fr");
    let groups = json["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 4);
    let stats = &groups[2];
    assert_eq!(stats["category"], "statistics");
    let id = &stats["cookies"][0];
    assert_eq!(id["name"], "_pk_id.*");
    assert_eq!(id["pattern"]["prefix"], "_pk_id.");
    assert_eq!(id["lifetime"]["seconds"], 13 * 2_629_746);
    assert_eq!(id["lifetime"]["unit"], "mo");
    assert_eq!(id["lifetime"]["text"], "13 mois");
    assert_eq!(id["consent_required"], false);
    assert_eq!(id["consent_exempt"], true);
    assert_eq!(id["party"]["first"], true);
    let session = &groups[0]["cookies"][0];
    assert_eq!(session["lifetime"]["seconds"], 43_200);
    assert_eq!(session["attributes"]["http_only"], true);
    assert_eq!(session["attributes"]["path"], "/");
    let ads = &groups[3]["cookies"][0];
    assert_eq!(ads["party"]["domain"], "ads.example");
    assert_eq!(ads["attributes"]["same_site"], "None");
    let lang: serde_json::Value =
        serde_json::from_str(&HeraultCookie::registry().policy().json().unwrap()).unwrap();
    let language_cookie = &lang["groups"][0]["cookies"][1];
    assert_eq!(language_cookie["name"], "django_language");
    assert_eq!(language_cookie["lifetime"]["session"], true);
    assert!(language_cookie["lifetime"]["seconds"].is_null());
}

#[test]
fn lifetimes_and_fixed_texts_are_localized() {
    let fr = policy("fr").text().unwrap();
    let en = policy("en").text().unwrap();
    for (text, words) in [
        (
            &fr,
            [
                "12 heures",
                "1 an",
                "13 mois",
                "30 jours",
                "Tiers (ads.example)",
                "Oui",
            ],
        ),
        (
            &en,
            [
                "12 hours",
                "1 year",
                "13 months",
                "30 days",
                "Third party (ads.example)",
                "Yes",
            ],
        ),
    ] {
        for word in words {
            assert!(text.contains(word), "{word} missing from\n{text}");
        }
    }
    // Regional tags use their language's strings and texts.
    assert_eq!(policy("fr-CA").text().unwrap(), fr);
    assert!(
        policy("en-GB")
            .text()
            .unwrap()
            .contains("Audience measurement")
    );
}

#[test]
fn no_silent_mix_of_languages() {
    // No built-in strings for German.
    assert_eq!(
        policy("de").text(),
        Err(PolicyError::NoStrings {
            language: "de".into()
        })
    );
    // German strings, but the declarations have no German texts.
    let mut german = Strings::english();
    german.language = "de".into();
    german.provider = "Anbieter".into();
    let err = policy("de").strings(german.clone()).text().unwrap_err();
    assert_eq!(
        err,
        PolicyError::MissingTexts {
            language: "de".into(),
            cookies: vec!["__Host-session", "layout_*", "_pk_id.*", "_ads"],
        }
    );
    assert!(
        err.to_string()
            .contains("no `de` text for `__Host-session`")
    );
    // Strings for the wrong language.
    assert!(matches!(
        policy("fr").strings(german.clone()).text(),
        Err(PolicyError::StringsLanguage { .. })
    ));
    // A registry of plain texts renders in any language that has strings.
    let plain = plain::Plain::registry()
        .policy()
        .language("de")
        .strings(german);
    assert!(plain.text().unwrap().contains("Anbieter\t"));
    assert_eq!(
        Showcase::registry().policy().columns([]).text(),
        Err(PolicyError::NoColumns)
    );
}

mod plain {
    use cookie_registry::CookieRegistry;

    #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
    #[registry(provider = "Site")]
    pub enum Plain {
        #[cookie(
            name = "sid",
            service = "Login",
            purpose = "Anmeldung merken",
            category = "necessary",
            lifetime = "1d"
        )]
        Sid,
    }
}

#[test]
fn ungrouped_gives_one_table_in_category_order() {
    let text = policy("en")
        .grouped(false)
        .columns(Column::SEED)
        .text()
        .unwrap();
    let names: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split('\t').nth(2))
        .skip(1)
        .collect();
    assert_eq!(names, ["__Host-session", "layout_*", "_pk_id.*", "_ads"]);
    assert_eq!(text.matches("Cookie name").count(), 1);
}

#[test]
fn combined_registries_render_together() {
    let combined = Registry::combine([HeraultCookie::registry(), Showcase::registry()]).unwrap();
    let text = combined.policy().language("en").text().unwrap();
    assert!(text.contains("\tsessionid\t") && text.contains("\t_ads\t"));
}

/// The default page: correct French ("Nom du cookie"; the reference's "Nom du cookies" only in
/// its preset), the lifetime among the default columns (the introduction promises it, and the
/// CNIL asks for it), and category explanations that claim no use the site may not have.
#[test]
fn the_default_wording_promises_only_what_it_shows() {
    let registry = HeraultCookie::registry();
    let text = registry.policy().language("fr").text().unwrap();
    assert!(text.contains("\tNom du cookie\t"), "{text}");
    assert!(!text.contains("Nom du cookies"), "{text}");
    // The whole page's introduction promises the lifetime, and the table gives it.
    let page = registry.policy().language("fr").html_page().unwrap();
    assert!(page.contains("combien de temps ils sont conservés"));
    assert!(
        page.contains("<th scope=\"col\">Durée de conservation</th>"),
        "{page}"
    );
    assert!(text.contains("\tDurée de conservation"), "{text}");
    assert!(text.contains("\t14 jours"), "{text}");
    for claim in ["sécurité des formulaires", "langue choisie", "connexion"] {
        assert!(!text.contains(claim), "{claim}: {text}");
    }
    let en = registry.policy().language("en").text().unwrap();
    for claim in ["form security", "your language", "signing in"] {
        assert!(!en.contains(claim), "{claim}: {en}");
    }
    assert!(en.contains("\tLifetime"), "{en}");
    // The preset keeps the reference's words.
    let seed = registry
        .policy()
        .language("fr")
        .strings(Strings::french_seed())
        .columns(Column::SEED)
        .text()
        .unwrap();
    assert!(seed.contains("Nom du prestataire\tService et emplacement\tNom du cookies\tFinalités"));
}
