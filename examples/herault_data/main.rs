//! The main job: the cookie-policy table of the Hérault open-data portal, rendered from its
//! four declarations (`registry.rs`). By default, the seed's table in French, as text.
//!
//! ```text
//! cargo run --example herault_data -- [--lang fr|en] [--format text|markdown|html|html-page|csv|json] [--full]
//! ```

mod registry;

use std::process::ExitCode;

use cookie_registry::CookieRegistry;
use cookie_registry::policy::{Column, Format, Strings};

use registry::HeraultCookie;

const HELP: &str = "\
Prints the cookie-policy table of https://www.herault-data.fr from its declarations.

Usage: herault_data [OPTIONS]

Options:
  --lang <fr|en>        language of the page (default: fr)
  --format <FORMAT>     text (default), markdown, html (a fragment), html-page (a whole page),
                        csv or json
  --full                all columns (category, lifetime, party, consent) instead of the
                        reference page's four
  -h, --help            this help
";

struct Options {
    language: String,
    format: Format,
    full: bool,
}

fn parse(args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut options = Options {
        language: "fr".to_owned(),
        format: Format::Text,
        full: false,
    };
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
            None => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match key.as_str() {
            "-h" | "--help" => return Ok(None),
            "--lang" => {
                let lang = value("--lang")?;
                if lang != "fr" && lang != "en" {
                    return Err(format!("unknown language `{lang}`: use fr or en"));
                }
                options.language = lang;
            }
            "--format" => options.format = value("--format")?.parse()?,
            "--full" => options.full = true,
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(Some(options))
}

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    let columns: &[Column] = if options.full {
        &Column::FULL
    } else {
        &Column::SEED
    };
    let mut policy = HeraultCookie::registry()
        .policy()
        .language(&options.language)
        .columns(columns.iter().copied());
    if options.language == "fr" {
        // The portal's own wording ("Nom du cookies"), so that the table is the reference's.
        policy = policy.strings(Strings::french_seed());
    }
    let page = policy.render(options.format);
    match page {
        Ok(page) => {
            print!("{page}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
