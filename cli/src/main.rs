//! `cookie-registry`: audit what a site really sets against its declarations.
#![forbid(unsafe_code)]

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use cookie_registry::Registry;
use cookie_registry::audit::{Audit, Phase, Report};
use cookie_registry_cli::har::{self, Har};
use cookie_registry_cli::render::{self, Source};
use cookie_registry_cli::suggest;

/// Cookie declarations as the single source of truth: check what a site really sets.
#[derive(Parser)]
#[command(name = "cookie-registry", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Audit(AuditArgs),
    /// The consent log: every choice visitors made, kept as proof.
    #[command(subcommand)]
    ConsentLog(ConsentLogCommand),
    Export(ExportToArgs),
    Suggest(SuggestArgs),
    ScanSource(ScanArgs),
}

/// Find the cookie names Rust code sets or reads that no declaration covers.
///
/// Parses the files with syn and recognises `Cookie::new/build/named/from("n")`, `.get("n")`
/// and `.remove("n")` on cookie jars, tower-sessions' `.with_name("n")`, actix-session's
/// `.cookie_name("n".into())`, and `Set-Cookie` headers written by hand ("n=..." passed along
/// with SET_COOKIE); names held in a `const` of the scanned files are followed. A `format!`
/// name with placeholders is covered by a pattern (`_pk_id.{id}` by `_pk_id.*`).
/// `cookie!(Registry, "n")` is already checked by the compiler.
///
/// Exit status: 0 when every name is declared, 1 when one is not, 2 for bad input.
#[derive(Args)]
#[command(verbatim_doc_comment)]
#[command(after_help = "Example:
  cookie-registry scan-source --declarations declarations.json src/")]
struct ScanArgs {
    /// The declarations: `registry.declarations_json()` or the policy JSON.
    #[arg(long, value_name = "FILE")]
    declarations: PathBuf,

    /// The output's format.
    #[arg(long, value_enum, default_value_t = SuggestFormat::Text)]
    format: SuggestFormat,

    /// Rust files, or directories to search for them (`target/` and hidden ones skipped).
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum SuggestFormat {
    /// Candidates and snippets, for a terminal.
    Text,
    /// `[{"name", "candidates": [{"platform", "provider", "category", "lifetime", "domain",
    /// "wildcard", "snippet"}], "note"?}]`.
    Json,
}

/// What the Open Cookie Database knows about cookie names, and how to declare them.
///
/// Exact names first, then wildcard rows (a prefix of the name); with NAME@domain, the rows of
/// that domain first; first-party rows first for a first-party name. Each candidate carries a
/// `snippet`: the `#[cookie(...)]` attribute that declares it, which compiles as it is on a
/// variant of a `#[derive(CookieRegistry)]` without `languages(...)`. A retention over the
/// 400-day cap is declared at the cap, an unknown one at 400 days with a TODO comment;
/// `consent_exempt` is never suggested. When the only match of a generic name (`sessionid`)
/// is one third party's, the suggestion says so.
///
/// Exit status: 0, or 2 for an unreadable `--ocd` file.
#[derive(Args)]
#[command(verbatim_doc_comment)]
#[command(after_help = "Example:
  cookie-registry suggest _ga _fbp sessionid _hjSessionUser_1 _ga@google-analytics.com")]
struct SuggestArgs {
    /// Cookie names, each optionally with @domain.
    #[arg(value_name = "NAME", required = true)]
    names: Vec<String>,

    /// The output's format.
    #[arg(long, value_enum, default_value_t = SuggestFormat::Text)]
    format: SuggestFormat,

    /// A newer copy of the Open Cookie Database (its CSV) instead of the vendored one.
    #[arg(long, value_name = "FILE")]
    ocd: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Target {
    /// A Klaro config (JSON).
    Klaro,
    /// A cookieconsent v3 script (`CookieConsent.run({...})`).
    Cookieconsent,
    /// The IAB TCF device storage disclosure (JSON).
    Tcf,
}

/// Export the declarations for a front-end consent manager.
///
/// Every declared language is exported (or those of `--lang`), so that the banner's cookie
/// table is never copied by hand.
///
///   klaro          one service per provider and service, purposes from the categories,
///                  necessary services required, patterns as ^-anchored regular expressions;
///   cookieconsent  categories with the cookies to clear on refusal (RegExp literals for
///                  patterns), the necessary category read-only, a cookie table per category
///                  in each language;
///   tcf            {"disclosures": [...]}: patterns as `*` identifiers, maxAgeSeconds 0 for
///                  session cookies, purposes from the categories (purpose 1 exactly when
///                  consent is needed).
///
/// Exit status: 0 on success, 2 for bad input (a file that is not declarations, a language
/// the declarations lack).
#[derive(Args)]
#[command(verbatim_doc_comment)]
#[command(after_help = "Example:
  cookie-registry export --to cookieconsent --declarations declarations.json --lang fr,en > cookieconsent-config.js")]
struct ExportToArgs {
    /// The format.
    #[arg(long, value_enum)]
    to: Target,

    /// The declarations: `registry.declarations_json()` (every language) or the policy JSON.
    #[arg(long, value_name = "FILE")]
    declarations: PathBuf,

    /// The languages, comma-separated (default: every declared one; tcf uses the first).
    #[arg(long, value_name = "LANGS", value_delimiter = ',')]
    lang: Vec<String>,

    /// The policy page's URL (Klaro links to it).
    #[arg(long, value_name = "URL", default_value = "/cookies")]
    policy_url: String,
}

#[derive(Subcommand)]
enum ConsentLogCommand {
    Export(ExportArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// A header row, then one row per choice.
    Csv,
    /// `cookie-registry/consent-log/1`: `{"schema", "records": [...]}`.
    Json,
}

/// Export the consent log for an auditor: one record per choice, oldest first, with the
/// table's columns (id, given_at, registry_version, granted, refused, method, language,
/// policy_url).
///
/// Exit status: 0 on success, 2 when the database cannot be read or an option is invalid.
#[derive(Args)]
#[command(verbatim_doc_comment)]
#[command(after_help = "Examples:
  cookie-registry consent-log export --db sqlite://consent-log.sqlite3 > proof.csv
  cookie-registry consent-log export --db postgres://auditor@db/site --since 2026-06-01 --format json")]
struct ExportArgs {
    /// The log: sqlite://PATH or postgres://USER@HOST/DB (the site's `--consent-log`).
    #[arg(long, value_name = "URL")]
    db: String,

    /// Only the choices made at or after T: an RFC 3339 date-time or a date (UTC midnight).
    #[arg(long, value_name = "T", value_parser = since)]
    since: Option<i64>,

    /// The export's format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    format: ExportFormat,
}

fn since(text: &str) -> Result<i64, String> {
    cookie_registry_cli::export::parse_since(text)
        .ok_or_else(|| format!("`{text}` is neither an RFC 3339 date-time nor a date (2026-11-01)"))
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Tables per phase and the findings, for a terminal.
    Text,
    /// `cookie-registry/audit/1`: findings and cookies.
    Json,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// One self-contained page a privacy officer can read.
    Html,
}

/// Compare the cookies a browser really holds with the declarations.
///
/// The cookies come from HAR files (as DevTools export them, *with sensitive data*) or from a
/// crawl of a site in headless Chromium. Each is matched to its declaration by the library's
/// own lookup, and every finding has a severity:
///
///   undeclared (error)       no declaration matches the name;
///   without-consent (error)  a cookie that needs consent, present before any choice or
///                            after a refusal;
///   nonconforming (error or warning)  a Set-Cookie header that breaks its declaration or the
///                            standards (the codes of `Registry::check`); for other cookies,
///                            an expiry longer than declared or over 400 days, or HttpOnly,
///                            Secure or SameSite other than declared;
///   unseen (info)            a declaration nothing matched.
///
/// A cookie a request carries but no response set was set by a script (`set_by: script`): no
/// server middleware can stop those; the report says so.
///
/// Exit status: 0 without error findings, 1 with one, 2 for bad input (unreadable or invalid
/// file, sanitized HAR, no browser, start URL unreachable).
#[derive(Args)]
#[command(verbatim_doc_comment)]
#[command(after_help = "Examples:
  cookie-registry audit --declarations cookies.json --before-consent first-visit.har
  cookie-registry audit --declarations cookies.json --crawl http://localhost:3000/ \\
      --accept 'Tout accepter' --refuse 'Tout refuser' --format html > audit.html")]
struct AuditArgs {
    /// The declarations: `registry.declarations_json()` (schema
    /// `cookie-registry/declarations/1`) or the policy JSON `registry.policy().json()` writes
    /// (`cookie-registry/policy/1`).
    #[arg(long, value_name = "FILE")]
    declarations: PathBuf,

    /// HAR 1.2 files to audit (Chromium, Firefox, chrome-har, WebPagetest exports).
    #[arg(value_name = "FILE.har", required_unless_present = "crawl")]
    hars: Vec<PathBuf>,

    /// The HAR files were recorded before any consent choice: a cookie whose declaration
    /// needs consent is then a finding.
    #[arg(long)]
    before_consent: bool,

    /// Crawl the site from this URL in headless Chromium (fresh profile) instead of reading
    /// HAR files: phase `before-consent`, then `after-accept` and `after-refuse` with
    /// `--accept` and `--refuse`.
    #[arg(long, value_name = "URL", conflicts_with_all = ["hars", "before_consent"])]
    crawl: Option<url::Url>,

    /// The most pages the crawl visits per phase, breadth-first over same-origin links.
    #[arg(long, value_name = "N", default_value_t = 10, requires = "crawl")]
    max_pages: usize,

    /// Click the first button, submit input or link whose text contains TEXT, revisit the
    /// pages and read the jar again (phase `after-accept`).
    #[arg(long, value_name = "TEXT", requires = "crawl")]
    accept: Option<String>,

    /// The same in another fresh profile (phase `after-refuse`).
    #[arg(long, value_name = "TEXT", requires = "crawl")]
    refuse: Option<String>,

    /// How long one page may take to load.
    #[arg(long, value_name = "SECONDS", default_value_t = 15, requires = "crawl")]
    page_timeout: u64,

    /// The Chromium binary (default: `CHROME`, then `chromium`, `chromium-browser`,
    /// `google-chrome` on `PATH`). Nothing is ever downloaded.
    #[arg(long, value_name = "PATH", requires = "crawl")]
    chrome: Option<PathBuf>,

    /// The report's format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// No progress bar (it is drawn only when stderr is a terminal anyway).
    #[arg(long, short)]
    quiet: bool,
}

/// Writes `out` to stdout; a closed pipe (`| head`) is no reason to fail.
fn print(out: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush());
}

/// Pretty JSON and a final newline (plain data: serialization cannot fail).
fn pretty_json(value: &impl serde::Serialize) -> String {
    let mut json = serde_json::to_string_pretty(value).unwrap_or_default();
    json.push('\n');
    json
}

/// Bad input: a one-line message, exit status 2.
struct BadInput(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Audit(args) => audit(&args).map(|report| u8::from(report.has_errors())),
        Command::ConsentLog(ConsentLogCommand::Export(args)) => export(&args).map(|()| 0),
        Command::Export(args) => export_to(&args).map(|()| 0),
        Command::Suggest(args) => suggest(&args).map(|()| 0),
        Command::ScanSource(args) => scan_source(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(BadInput(message)) => {
            eprintln!("cookie-registry: {message}");
            ExitCode::from(2)
        }
    }
}

fn database(ocd: Option<&std::path::Path>) -> Result<suggest::Database, BadInput> {
    match ocd {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| BadInput(format!("cannot read {}: {e}", path.display())))?;
            suggest::Database::from_csv(&text)
                .map_err(|e| BadInput(format!("{}: {e}", path.display())))
        }
        None => suggest::Database::builtin().map_err(BadInput),
    }
}

fn scan_source(args: &ScanArgs) -> Result<u8, BadInput> {
    use cookie_registry_cli::scan;
    let registry = cookie_registry_cli::load_declarations(&args.declarations).map_err(BadInput)?;
    let files = scan::rust_files(&args.paths).map_err(BadInput)?;
    let findings = scan::scan(registry, &files).map_err(BadInput)?;
    let out = match args.format {
        SuggestFormat::Text => {
            let mut out = String::new();
            for f in &findings {
                out.push_str(&format!(
                    "{}:{}:{}: `{}` is not declared ({})\n",
                    f.file, f.line, f.column, f.name, f.how
                ));
            }
            out.push_str(&format!(
                "{} file(s), {} undeclared name(s)\n",
                files.len(),
                findings.len()
            ));
            out
        }
        SuggestFormat::Json => pretty_json(&serde_json::json!({ "findings": findings })),
    };
    print(&out);
    Ok(u8::from(!findings.is_empty()))
}

fn suggest(args: &SuggestArgs) -> Result<(), BadInput> {
    let database = database(args.ocd.as_deref())?;
    let suggestions: Vec<suggest::Suggestion> =
        args.names.iter().map(|n| database.suggest(n)).collect();
    let out = match args.format {
        SuggestFormat::Text => suggest::text(&suggestions),
        SuggestFormat::Json => pretty_json(&suggestions),
    };
    print(&out);
    Ok(())
}

fn export_to(args: &ExportToArgs) -> Result<(), BadInput> {
    use cookie_registry::export;
    let registry = cookie_registry_cli::load_declarations(&args.declarations).map_err(BadInput)?;
    let languages: Vec<&str> = args.lang.iter().map(String::as_str).collect();
    let out = match args.to {
        Target::Klaro => export::klaro(registry, &languages, &args.policy_url),
        Target::Cookieconsent => export::cookieconsent(registry, &languages),
        Target::Tcf => export::tcf(registry, languages.first().copied()),
    }
    .map_err(|e| BadInput(e.to_string()))?;
    print(&out);
    Ok(())
}

fn export(args: &ExportArgs) -> Result<(), BadInput> {
    use cookie_registry::consent_log::ConsentLog;
    use cookie_registry_cli::export;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| BadInput(format!("cannot start the async runtime: {e}")))?;
    let since = args.since.map(|s| {
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(u64::try_from(s).unwrap_or(0))
    });
    let records = runtime
        .block_on(async {
            // Read-only: nothing is created or migrated (an auditor's account may only read).
            let log = ConsentLog::connect_read_only(&args.db)
                .await
                .map_err(|e| e.to_string())?;
            let records = log.records(since).await.map_err(|e| e.to_string());
            log.close().await;
            records
        })
        .map_err(BadInput)?;
    let out = match args.format {
        ExportFormat::Csv => export::csv(&records),
        ExportFormat::Json => export::json(&records),
    };
    print(&out);
    Ok(())
}

fn audit(args: &AuditArgs) -> Result<Report, BadInput> {
    let registry = cookie_registry_cli::load_declarations(&args.declarations).map_err(BadInput)?;
    let mut audit = Audit::new(registry);
    let mut notes = Vec::new();
    let inputs = match &args.crawl {
        Some(url) => {
            crawl(args, url, registry, &mut audit, &mut notes)?;
            vec![url.to_string()]
        }
        None => {
            let mut hars = Vec::new();
            for path in &args.hars {
                let bytes = std::fs::read(path)
                    .map_err(|e| BadInput(format!("cannot read {}: {e}", path.display())))?;
                let har = Har::from_slice(&bytes)
                    .map_err(|e| BadInput(format!("{}: {e}", path.display())))?;
                hars.push(har);
            }
            let phase = if args.before_consent {
                Phase::BeforeConsent
            } else {
                notes.push("the HAR files were not said to be recorded before consent (`--before-consent`): cookies that need consent are not findings".to_owned());
                Phase::Unknown
            };
            har::observations(&hars, phase, |o| audit.observe(o));
            args.hars.iter().map(|p| p.display().to_string()).collect()
        }
    };
    let report = audit.finish();
    if report
        .cookies
        .iter()
        .any(|c| c.set_by == cookie_registry::audit::SetBy::Script)
    {
        notes.push("cookies set by scripts (set_by: script) never pass through the server: no server middleware can remove them or hold them back until consent; only the page's scripts can.".to_owned());
    }
    let mut suggestions = std::collections::BTreeMap::new();
    let database = suggest::Database::builtin().map_err(BadInput)?;
    for f in &report.findings {
        if f.kind == cookie_registry::audit::FindingKind::Undeclared
            && !suggestions.contains_key(&f.name)
        {
            if let Some(c) = database.suggest(&f.name).candidates.into_iter().next() {
                suggestions.insert(f.name.clone(), c);
            }
        }
    }
    let source = Source {
        registry_version: format!("{:016x}", registry.version()),
        inputs,
        notes,
        suggestions,
    };
    let out = match args.format {
        Format::Text => {
            let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            render::text(&report, &source, colour)
        }
        Format::Json => render::json(&report, &source),
        Format::Markdown => render::markdown(&report, &source),
        Format::Html => render::html(&report, &source),
    };
    print(&out);
    Ok(report)
}

#[cfg(not(feature = "crawl"))]
fn crawl(
    _: &AuditArgs,
    _: &url::Url,
    _: &'static Registry,
    _: &mut Audit<'_>,
    _: &mut Vec<String>,
) -> Result<(), BadInput> {
    Err(BadInput(
        "this build has no crawler: install with the `crawl` feature (the default)".to_owned(),
    ))
}

#[cfg(feature = "crawl")]
fn crawl(
    args: &AuditArgs,
    url: &url::Url,
    _: &'static Registry,
    audit: &mut Audit<'_>,
    notes: &mut Vec<String>,
) -> Result<(), BadInput> {
    use cookie_registry_cli::crawl::{self, CrawlOptions};
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

    let options = CrawlOptions {
        start: url.clone(),
        max_pages: args.max_pages.max(1),
        accept: args.accept.clone(),
        refuse: args.refuse.clone(),
        page_timeout: std::time::Duration::from_secs(args.page_timeout.max(1)),
        chrome: args.chrome.clone(),
    };
    let phases = 1 + usize::from(args.accept.is_some()) + usize::from(args.refuse.is_some());
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        // indicatif draws nothing when stderr is not a terminal.
        ProgressBar::with_draw_target(
            Some((phases * options.max_pages) as u64),
            ProgressDrawTarget::stderr(),
        )
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} pages {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let skipped = std::sync::Mutex::new(Vec::new());
    let on_page = |progress: crawl::Progress<'_>| match progress {
        crawl::Progress::Visit { phase, url } => {
            bar.inc(1);
            bar.set_message(format!("{phase} {url}"));
        }
        crawl::Progress::Skipped { url, reason } => {
            if let Ok(mut skipped) = skipped.lock() {
                skipped.push(format!("skipped {url}: {reason}"));
            }
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| BadInput(format!("cannot start the async runtime: {e}")))?;
    let result = runtime.block_on(async {
        tokio::select! {
            result = crawl::crawl(&options, &on_page) => result.map_err(|e| BadInput(e.to_string())),
            _ = tokio::signal::ctrl_c() => Err(BadInput("interrupted: the browser was shut down".to_owned())),
        }
    });
    bar.finish_and_clear();
    let cookies = result?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    for c in cookies {
        audit.observe(crawl::observation(c, now));
    }
    notes.extend(skipped.into_inner().unwrap_or_default());
    notes.push(crawl::BLIND_SPOTS.to_owned());
    Ok(())
}
