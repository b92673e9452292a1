//! Parsing of `#[registry(...)]` and `#[cookie(...)]`: syntax only (known keys, no duplicates,
//! values of the right kind). Every mistake goes to the [`Ctxt`]; parsing goes on.

use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, ExprLit, Ident, Lit, LitStr, Meta, Token};

use crate::ast::{Cookie, RegistryAttrs, TextValue};
use crate::ctxt::Ctxt;

/// The keys `#[cookie(...)]` takes.
pub(crate) const COOKIE_KEYS: &[&str] = &[
    "name",
    "provider",
    "provider_url",
    "service",
    "purpose",
    "category",
    "lifetime",
    "third_party",
    "consent_exempt",
    "secure",
    "http_only",
    "same_site",
    "path",
    "domain",
    "partitioned",
];

/// The keys `#[registry(...)]` takes on an enum.
pub(crate) const ENUM_REGISTRY_KEYS: &[&str] = &["provider", "languages", "crate"];

/// The keys `#[registry(...)]` takes on a module.
pub(crate) const MODULE_REGISTRY_KEYS: &[&str] = &["provider", "languages", "crate", "enum_name"];

fn list_keys(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reports an unknown key; returns the key it is probably a typo of, so that the key is not
/// also reported missing.
fn unknown_key(
    cx: &Ctxt,
    key: &syn::Path,
    attr: &str,
    keys: &'static [&'static str],
) -> Option<&'static str> {
    let written = key
        .get_ident()
        .map(ToString::to_string)
        .unwrap_or_else(|| quote::quote!(#key).to_string().replace(' ', ""));
    if written == "enum_name" && !keys.contains(&"enum_name") {
        cx.error_spanned_by(
            key,
            "`enum_name` names the enum generated for a module of constants: here the enum is yours, rename it instead",
        );
        return None;
    }
    let close = cookie_registry_rules::suggest::closest(&written, keys.iter().copied());
    let hint = match close {
        Some(close) => format!("; did you mean `{close}`?"),
        None => String::new(),
    };
    cx.error_spanned_by(
        key,
        format!(
            "unknown key `{written}` in #[{attr}(...)]{hint} (valid keys: {})",
            list_keys(keys)
        ),
    );
    close
}

/// The keys written so far in one attribute, with where, to report duplicates at both places
/// and not to report a key as missing when it was written but rejected.
#[derive(Default)]
pub(crate) struct Seen {
    keys: Vec<(String, Span)>,
}

impl Seen {
    /// Records `key` at `span`; false (and both places reported) if it was already written.
    fn first(&mut self, cx: &Ctxt, key: &str, span: Span, attr: &str) -> bool {
        if let Some((_, earlier)) = self.keys.iter().find(|(k, _)| k == key) {
            cx.error_at(
                span,
                format!("duplicate key `{key}` in #[{attr}(...)]: give it once"),
            );
            cx.error_at(*earlier, format!("`{key}` first given here"));
            return false;
        }
        self.keys.push((key.to_owned(), span));
        true
    }

    /// Marks `key` as written (a typo of it, or a value taken from elsewhere).
    pub(crate) fn mark(&mut self, key: &str, span: Span) {
        if !self.contains(key) {
            self.keys.push((key.to_owned(), span));
        }
    }

    /// Whether `key` was written.
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.keys.iter().any(|(k, _)| k == key)
    }
}

/// The key of a meta item as a string (`crate` included, which is a keyword).
fn key_of(meta: &Meta) -> String {
    let path = meta.path();
    match path.get_ident() {
        Some(ident) => ident.to_string(),
        None if path.segments.len() == 1 => path.segments[0].ident.to_string(),
        None => quote::quote!(#path).to_string().replace(' ', ""),
    }
}

/// Parses the comma-separated items of an attribute; a syntax error is one error, and `None`
/// (the caller then reports nothing as missing).
fn items(cx: &Ctxt, attr: &Attribute) -> Option<Vec<Meta>> {
    match attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
        Ok(items) => Some(items.into_iter().collect()),
        Err(e) => {
            cx.syn_error(e);
            None
        }
    }
}

/// `key = "string"`, or an error saying so.
fn string_value(cx: &Ctxt, meta: &Meta, key: &str, example: &str) -> Option<LitStr> {
    if let Meta::NameValue(nv) = meta {
        if let Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) = &nv.value
        {
            return Some(s.clone());
        }
        cx.error_spanned_by(
            &nv.value,
            format!("`{key}` takes a string: write `{key} = {example}`"),
        );
    } else {
        cx.error_spanned_by(
            meta,
            format!("`{key}` takes a string: write `{key} = {example}`"),
        );
    }
    None
}

/// A flag written alone, or an error saying so.
fn flag(cx: &Ctxt, meta: &Meta, key: &str) -> Option<Ident> {
    match meta {
        Meta::Path(path) => path.get_ident().cloned(),
        _ => {
            cx.error_spanned_by(
                meta,
                format!("`{key}` is a flag: write `{key}` alone, without a value"),
            );
            None
        }
    }
}

/// Stores a parsed value (duplicates were caught by [`Seen`] before parsing).
fn set_once<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}

/// A language tag key in `service(fr = "...")` or `service("pt-BR" = "...")`.
fn language_key(cx: &Ctxt, expr: &Expr) -> Option<(String, Span)> {
    match expr {
        Expr::Path(p) if p.path.get_ident().is_some() => {
            let ident = p.path.get_ident()?;
            Some((ident.to_string(), ident.span()))
        }
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Some((s.value(), s.span())),
        other => {
            let written = quote::quote!(#other).to_string().replace(' ', "");
            cx.error_spanned_by(
                other,
                format!(
                    "`{written}` is not a language key: write the tag as a name, `fr = \"...\"`, or as a string, `\"{written}\" = \"...\"`"
                ),
            );
            None
        }
    }
}

/// `service = "..."` or `service(fr = "...", en = "...")`.
fn text_value(cx: &Ctxt, meta: &Meta, key: &str) -> Option<TextValue> {
    match meta {
        Meta::NameValue(_) => string_value(cx, meta, key, "\"...\"").map(TextValue::Plain),
        Meta::List(list) => {
            let parsed =
                list.parse_args_with(Punctuated::<syn::ExprAssign, Token![,]>::parse_terminated);
            let assigns = match parsed {
                Ok(a) => a,
                Err(_) => {
                    cx.error_spanned_by(
                        &list.tokens,
                        format!(
                            "`{key}(...)` takes one text per language: write `{key}(fr = \"...\", en = \"...\")`, or `{key} = \"...\"` for a plain text"
                        ),
                    );
                    return None;
                }
            };
            let mut entries: Vec<(String, Span, LitStr)> = Vec::new();
            let mut incomplete = false;
            for assign in assigns {
                let Some((tag, span)) = language_key(cx, &assign.left) else {
                    incomplete = true;
                    continue;
                };
                let Expr::Lit(ExprLit {
                    lit: Lit::Str(text),
                    ..
                }) = *assign.right
                else {
                    cx.error_spanned_by(
                        &assign.right,
                        format!("a text is a string: write `{tag} = \"...\"`"),
                    );
                    incomplete = true;
                    continue;
                };
                if let Some((_, earlier, _)) = entries
                    .iter()
                    .find(|(t, _, _)| t.eq_ignore_ascii_case(&tag))
                {
                    cx.error_at(
                        span,
                        format!("language `{tag}` is given twice in `{key}(...)`"),
                    );
                    cx.error_at(*earlier, format!("`{tag}` first given here"));
                    continue;
                }
                entries.push((tag, span, text));
            }
            Some(TextValue::PerLanguage {
                key: list.path.get_ident()?.clone(),
                entries,
                incomplete,
            })
        }
        Meta::Path(_) => {
            cx.error_spanned_by(
                meta,
                format!(
                    "`{key}` needs a text: `{key} = \"...\"` or `{key}(fr = \"...\", en = \"...\")`"
                ),
            );
            None
        }
    }
}

/// The `key = "string"` slots of a cookie, with an example value for error messages.
fn string_slot<'c>(
    cookie: &'c mut Cookie,
    key: &str,
) -> Option<(&'c mut Option<LitStr>, &'static str)> {
    Some(match key {
        "name" => (&mut cookie.name, "\"sessionid\""),
        "provider" => (&mut cookie.provider, "\"Opendatasoft\""),
        "provider_url" => (&mut cookie.provider_url, "\"https://...\""),
        "category" => (&mut cookie.category, "\"necessary\""),
        "lifetime" => (&mut cookie.lifetime, "\"14d\""),
        "third_party" => (&mut cookie.third_party, "\"provider.example\""),
        "same_site" => (&mut cookie.same_site, "\"lax\""),
        "path" => (&mut cookie.path, "\"/\""),
        "domain" => (&mut cookie.domain, "\"example.com\""),
        _ => return None,
    })
}

/// The flag slots of a cookie.
fn flag_slot<'c>(cookie: &'c mut Cookie, key: &str) -> Option<&'c mut Option<Ident>> {
    Some(match key {
        "consent_exempt" => &mut cookie.consent_exempt,
        "secure" => &mut cookie.secure,
        "http_only" => &mut cookie.http_only,
        "partitioned" => &mut cookie.partitioned,
        _ => return None,
    })
}

/// Parses one `#[cookie(...)]` into `cookie`.
pub(crate) fn parse_cookie(cx: &Ctxt, attr: &Attribute, cookie: &mut Cookie) {
    const A: &str = "cookie";
    let Some(metas) = items(cx, attr) else {
        cookie.unparsed = true;
        return;
    };
    for meta in metas {
        let key = key_of(&meta);
        if COOKIE_KEYS.contains(&key.as_str())
            && !cookie.seen.first(cx, &key, meta.path().span(), A)
        {
            continue;
        }
        if let Some((slot, example)) = string_slot(cookie, &key) {
            set_once(slot, string_value(cx, &meta, &key, example));
        } else if let Some(slot) = flag_slot(cookie, &key) {
            set_once(slot, flag(cx, &meta, &key));
        } else if key == "service" {
            set_once(&mut cookie.service, text_value(cx, &meta, &key));
        } else if key == "purpose" {
            set_once(&mut cookie.purpose, text_value(cx, &meta, &key));
        } else if let Some(meant) = unknown_key(cx, meta.path(), A, COOKIE_KEYS) {
            cookie.seen.mark(meant, meta.path().span());
        }
    }
}

/// Parses `#[registry(...)]` (on an enum) or the arguments of the `registry` attribute macro
/// (on a module, where `allow_enum_name` is true).
pub(crate) fn parse_registry(
    cx: &Ctxt,
    metas: Vec<Meta>,
    attrs: &mut RegistryAttrs,
    on_module: bool,
) {
    const A: &str = "registry";
    let keys = if on_module {
        MODULE_REGISTRY_KEYS
    } else {
        ENUM_REGISTRY_KEYS
    };
    for meta in metas {
        let key = key_of(&meta);
        if keys.contains(&key.as_str()) && !attrs.seen.first(cx, &key, meta.path().span(), A) {
            continue;
        }
        match key.as_str() {
            "provider" => {
                let v = string_value(cx, &meta, &key, "\"Opendatasoft\"");
                set_once(&mut attrs.provider, v);
            }
            "languages" => {
                let v = languages(cx, &meta);
                set_once(&mut attrs.languages, v);
            }
            "crate" => {
                let v = string_value(cx, &meta, &key, "\"::cookie_registry\"").and_then(|s| {
                    s.parse::<syn::Path>()
                        .map_err(|_| {
                            cx.error_spanned_by(
                                &s,
                                format!(
                                    "`{}` is not a path: write where `cookie_registry` is, such as `crate = \"::cookie_registry\"`",
                                    s.value()
                                ),
                            );
                        })
                        .ok()
                });
                set_once(&mut attrs.krate, v);
            }
            "enum_name" if on_module => {
                let v = string_value(cx, &meta, &key, "\"SiteCookie\"");
                set_once(&mut attrs.enum_name, v);
            }
            _ => {
                if let Some(meant) = unknown_key(cx, meta.path(), A, keys) {
                    attrs.seen.mark(meant, meta.path().span());
                }
            }
        }
    }
}

/// Parses the items of an attribute for [`parse_registry`]; `None` after a syntax error.
pub(crate) fn registry_items(cx: &Ctxt, attr: &Attribute) -> Option<Vec<Meta>> {
    items(cx, attr)
}

/// `languages("fr", "en")`.
fn languages(cx: &Ctxt, meta: &Meta) -> Option<(Span, Vec<LitStr>)> {
    let Meta::List(list) = meta else {
        cx.error_spanned_by(
            meta,
            "`languages` takes a list of language tags: write `languages(\"fr\", \"en\")`",
        );
        return None;
    };
    match list.parse_args_with(Punctuated::<LitStr, Token![,]>::parse_terminated) {
        Ok(tags) => Some((list.path.span(), tags.into_iter().collect())),
        Err(e) => {
            cx.syn_error(syn::Error::new(
                e.span(),
                "write the languages as strings: `languages(\"fr\", \"en\")`",
            ));
            None
        }
    }
}
