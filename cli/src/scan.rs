//! `cookie-registry scan-source`: the cookie names a Rust code base sets or reads that no
//! declaration covers, found by parsing it with `syn`.
//!
//! Recognised:
//! - `Cookie::new("n", …)`, `Cookie::build(("n", …))`, `Cookie::build("n", …)`,
//!   `Cookie::named("n")`, `Cookie::from("n")` (any path ending in `Cookie::…`);
//! - `.get("n")` and `.remove("n")` on a cookie jar (a receiver whose name says `jar` or
//!   `cookies`);
//! - `.with_name("n")` (tower-sessions' `SessionManagerLayer`) and `.cookie_name("n".into())`
//!   (actix-session);
//! - a string literal or `format!` whose text starts `n=`, in a call that also names
//!   `SET_COOKIE` (`headers.insert(SET_COOKIE, HeaderValue::from_static("n=…"))`, `append`,
//!   `insert_header((SET_COOKIE, …))`);
//! - a name held in a `const` or `static` of the scanned files (reported at the use).
//!
//! A `format!` name with placeholders (`format!("_pk_id.{id}")`) is covered by a pattern whose
//! fixed parts it keeps (`_pk_id.*`). `cookie!(Registry, "n")` is checked by the compiler.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use cookie_registry::Registry;
use serde::Serialize;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, ExprCall, ExprMethodCall, Lit};

/// One name no declaration covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The name, as written (a `format!` keeps its placeholders).
    pub name: String,
    /// The file.
    pub file: String,
    /// The line (1-based).
    pub line: usize,
    /// The column (1-based).
    pub column: usize,
    /// How the code uses it: `Cookie::new`, `jar.get`, `Set-Cookie header`, ...
    pub how: String,
}

/// A name found in the code, before matching.
#[derive(Clone, Debug)]
struct Use {
    name: Name,
    line: usize,
    column: usize,
    how: String,
}

/// A literal name, or a `format!` pattern (fixed text around placeholders).
#[derive(Clone, Debug)]
enum Name {
    Literal(String),
    Format(String),
}

fn location(span: proc_macro2::Span) -> (usize, usize) {
    let start = span.start();
    (start.line, start.column + 1)
}

/// The name an expression gives: a string literal, a `format!`, `"n".into()`,
/// `String::from("n")`, a reference, or a constant of the scanned files.
fn name_of(expr: &Expr, consts: &HashMap<String, String>) -> Option<Name> {
    match expr {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Str(s) => Some(Name::Literal(s.value())),
            _ => None,
        },
        Expr::Reference(r) => name_of(&r.expr, consts),
        Expr::Paren(p) => name_of(&p.expr, consts),
        Expr::Group(g) => name_of(&g.expr, consts),
        Expr::Macro(m) if m.mac.path.is_ident("format") => {
            let first = m
                .mac
                .parse_body_with(
                    syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated,
                )
                .ok()?
                .into_iter()
                .next()?;
            match name_of(&first, consts)? {
                Name::Literal(text) if text.contains('{') => Some(Name::Format(text)),
                name => Some(name),
            }
        }
        Expr::MethodCall(m)
            if matches!(
                m.method.to_string().as_str(),
                "into" | "to_string" | "to_owned"
            ) =>
        {
            name_of(&m.receiver, consts)
        }
        Expr::Call(c)
            if path_ends(&c.func, &["String", "from"]) || path_ends(&c.func, &["Cow", "from"]) =>
        {
            c.args.first().and_then(|a| name_of(a, consts))
        }
        Expr::Path(p) => {
            let ident = p.path.segments.last()?.ident.to_string();
            consts.get(&ident).cloned().map(Name::Literal)
        }
        _ => None,
    }
}

/// Whether `func` is a path ending in `suffix` (`Cookie::new`, `cookie::Cookie::new`).
fn path_ends(func: &Expr, suffix: &[&str]) -> bool {
    let Expr::Path(p) = func else { return false };
    let segments: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segments.len() >= suffix.len()
        && segments[segments.len() - suffix.len()..]
            .iter()
            .zip(suffix)
            .all(|(a, b)| a == b)
}

/// Whether an expression names `SET_COOKIE` (a path ending in it, or the header's name).
fn names_set_cookie(expr: &Expr) -> bool {
    match expr {
        Expr::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "SET_COOKIE"),
        Expr::Lit(l) => {
            matches!(&l.lit, Lit::Str(s) if s.value().eq_ignore_ascii_case("set-cookie"))
        }
        Expr::Tuple(t) => t.elems.iter().any(names_set_cookie),
        Expr::Reference(r) => names_set_cookie(&r.expr),
        _ => false,
    }
}

/// The first header text (a literal or a `format!`, through calls such as
/// `HeaderValue::from_static`, `from_str`, `parse` and `unwrap`) inside an expression.
fn header_text(expr: &Expr, consts: &HashMap<String, String>) -> Option<Name> {
    if let Some(name) = name_of(expr, consts) {
        return Some(name);
    }
    match expr {
        Expr::Call(c) => c.args.iter().find_map(|a| header_text(a, consts)),
        Expr::MethodCall(m) => header_text(&m.receiver, consts)
            .or_else(|| m.args.iter().find_map(|a| header_text(a, consts))),
        Expr::Tuple(t) => t
            .elems
            .iter()
            .filter(|e| !names_set_cookie(e))
            .find_map(|e| header_text(e, consts)),
        Expr::Try(t) => header_text(&t.expr, consts),
        _ => None,
    }
}

/// The cookie name of a `Set-Cookie` text: what precedes its first `=`.
fn header_name(name: Name) -> Option<Name> {
    let cut = |text: &str| text.split_once('=').map(|(n, _)| n.trim().to_owned());
    match name {
        Name::Literal(t) => cut(&t).map(Name::Literal),
        Name::Format(t) => cut(&t).map(|n| {
            if n.contains('{') {
                Name::Format(n)
            } else {
                Name::Literal(n)
            }
        }),
    }
}

struct Collector<'a> {
    consts: &'a HashMap<String, String>,
    uses: Vec<Use>,
}

impl Collector<'_> {
    fn push(&mut self, name: Option<Name>, span: proc_macro2::Span, how: &str) {
        if let Some(name) = name {
            let (line, column) = location(span);
            self.uses.push(Use {
                name,
                line,
                column,
                how: how.to_owned(),
            });
        }
    }
}

fn receiver_is_jar(expr: &Expr) -> bool {
    let text = match expr {
        Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        Expr::Field(f) => match &f.member {
            syn::Member::Named(i) => Some(i.to_string()),
            syn::Member::Unnamed(_) => None,
        },
        Expr::MethodCall(m) => Some(m.method.to_string()),
        Expr::Reference(r) => return receiver_is_jar(&r.expr),
        _ => None,
    };
    text.is_some_and(|t| {
        let t = t.to_ascii_lowercase();
        t.contains("jar") || t.contains("cookies")
    })
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_expr_call(&mut self, call: &'ast ExprCall) {
        for method in ["new", "build", "named", "from"] {
            if path_ends(&call.func, &["Cookie", method]) {
                let first = call.args.first();
                // `Cookie::build(("n", v))`: the pair's first element.
                let name = match first {
                    Some(Expr::Tuple(t)) => t.elems.first().and_then(|e| name_of(e, self.consts)),
                    Some(e) => name_of(e, self.consts),
                    None => None,
                };
                let span = first.map_or(call.span(), Spanned::span);
                self.push(name, span, &format!("Cookie::{method}"));
            }
        }
        if call.args.iter().any(names_set_cookie) {
            let text = call
                .args
                .iter()
                .filter(|a| !names_set_cookie(a))
                .find_map(|a| header_text(a, self.consts));
            self.push(text.and_then(header_name), call.span(), "Set-Cookie header");
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_expr_method_call(&mut self, call: &'ast ExprMethodCall) {
        let method = call.method.to_string();
        let first = call.args.first();
        let span = first.map_or(call.span(), Spanned::span);
        match method.as_str() {
            "get" | "remove" if receiver_is_jar(&call.receiver) => {
                let name = first.and_then(|a| name_of(a, self.consts));
                self.push(name, span, &format!("jar.{method}"));
            }
            "with_name" => {
                let name = first.and_then(|a| name_of(a, self.consts));
                self.push(name, span, "SessionManagerLayer::with_name");
            }
            "cookie_name" => {
                let name = first.and_then(|a| name_of(a, self.consts));
                self.push(name, span, "actix-session cookie_name");
            }
            "insert" | "append" | "insert_header" | "append_header" | "cookie"
                if call.args.iter().any(names_set_cookie) =>
            {
                let text = call
                    .args
                    .iter()
                    .filter(|a| !names_set_cookie(a))
                    .find_map(|a| header_text(a, self.consts))
                    .or_else(|| {
                        call.args.iter().find_map(|a| match a {
                            Expr::Tuple(t) => t
                                .elems
                                .iter()
                                .filter(|e| !names_set_cookie(e))
                                .find_map(|e| header_text(e, self.consts)),
                            _ => None,
                        })
                    });
                self.push(text.and_then(header_name), span, "Set-Cookie header");
            }
            _ => {}
        }
        syn::visit::visit_expr_method_call(self, call);
    }
}

/// `const` and `static` string items of a file: name → value.
fn consts_of(file: &syn::File, into: &mut HashMap<String, String>) {
    struct Consts<'a>(&'a mut HashMap<String, String>);
    impl<'ast> Visit<'ast> for Consts<'_> {
        fn visit_item_const(&mut self, item: &'ast syn::ItemConst) {
            if let Expr::Lit(l) = &*item.expr {
                if let Lit::Str(s) = &l.lit {
                    self.0.insert(item.ident.to_string(), s.value());
                }
            }
        }
        fn visit_item_static(&mut self, item: &'ast syn::ItemStatic) {
            if let Expr::Lit(l) = &*item.expr {
                if let Lit::Str(s) = &l.lit {
                    self.0.insert(item.ident.to_string(), s.value());
                }
            }
        }
    }
    Consts(into).visit_file(file);
}

/// Every `.rs` file under `paths` (files or directories), sorted; `target/` and hidden
/// directories are skipped.
///
/// # Errors
///
/// A path that cannot be read.
pub fn rust_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
            let path = entry.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            // The entry's own type: a symbolic link to a directory is not followed (a link
            // to a parent would loop for ever).
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
                if !name.starts_with('.') && name != "target" {
                    walk(&path, out)?;
                }
            } else if name.ends_with(".rs") {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files)?;
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(format!("{}: no such file or directory", path.display()));
        }
    }
    files.sort();
    Ok(files)
}

/// Whether a declaration of `registry` covers `name`.
fn covered(registry: &Registry, name: &Name) -> bool {
    match name {
        Name::Literal(n) => registry.lookup(n).is_some(),
        // `prefix{..}suffix`: a pattern whose fixed parts sit inside the literal parts.
        Name::Format(text) => {
            let prefix = &text[..text.find('{').unwrap_or(text.len())];
            let suffix = &text[text.rfind('}').map_or(text.len(), |i| i + 1)..];
            registry.declarations().any(|d| {
                d.pattern()
                    .is_some_and(|p| prefix.starts_with(p.prefix()) && suffix.ends_with(p.suffix()))
            })
        }
    }
}

/// Scans `files`, reporting every name `registry` does not cover.
///
/// # Errors
///
/// A file that cannot be read or is not Rust.
pub fn scan(registry: &Registry, files: &[PathBuf]) -> Result<Vec<Finding>, String> {
    let mut parsed = Vec::new();
    let mut consts = HashMap::new();
    for path in files {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file = syn::parse_file(&text).map_err(|e| {
            let (line, column) = location(e.span());
            format!("{}:{line}:{column}: not Rust: {e}", path.display())
        })?;
        consts_of(&file, &mut consts);
        parsed.push((path, file));
    }
    let mut findings = Vec::new();
    for (path, file) in &parsed {
        let mut collector = Collector {
            consts: &consts,
            uses: Vec::new(),
        };
        collector.visit_file(file);
        for u in collector.uses {
            if covered(registry, &u.name) {
                continue;
            }
            let name = match u.name {
                Name::Literal(n) | Name::Format(n) => n,
            };
            findings.push(Finding {
                name,
                file: path.display().to_string(),
                line: u.line,
                column: u.column,
                how: u.how,
            });
        }
    }
    findings.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    Ok(findings)
}
