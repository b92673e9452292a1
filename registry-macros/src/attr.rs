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

fn unknown_key(cx: &Ctxt, key: &syn::Path, attr: &str, keys: &[&str]) {
    let written = key
        .get_ident()
        .map(ToString::to_string)
        .unwrap_or_else(|| quote::quote!(#key).to_string().replace(' ', ""));
    let hint = match cookie_registry_rules::suggest::closest(&written, keys.iter().copied()) {
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

/// Parses the comma-separated items of an attribute; a syntax error is one error.
fn items(cx: &Ctxt, attr: &Attribute) -> Vec<Meta> {
    match attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
        Ok(items) => items.into_iter().collect(),
        Err(e) => {
            cx.syn_error(e);
            Vec::new()
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

/// Sets `slot` unless it is already set, which is a duplicate key.
fn set_once<T>(
    cx: &Ctxt,
    slot: &mut Option<T>,
    value: Option<T>,
    meta: &Meta,
    key: &str,
    attr: &str,
) {
    if slot.is_some() {
        cx.error_spanned_by(
            meta.path(),
            format!("duplicate key `{key}` in #[{attr}(...)]: give it once"),
        );
        return;
    }
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
            cx.error_spanned_by(
                other,
                "expected a language tag: `fr = \"...\"` or `\"pt-BR\" = \"...\"`",
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
                Err(e) => {
                    cx.syn_error(e);
                    return None;
                }
            };
            let mut entries: Vec<(String, Span, LitStr)> = Vec::new();
            for assign in assigns {
                let Some((tag, span)) = language_key(cx, &assign.left) else {
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
                    continue;
                };
                if entries.iter().any(|(t, _, _)| t.eq_ignore_ascii_case(&tag)) {
                    cx.error_at(
                        span,
                        format!("language `{tag}` is given twice in `{key}(...)`"),
                    );
                    continue;
                }
                entries.push((tag, span, text));
            }
            Some(TextValue::PerLanguage {
                key: list.path.get_ident()?.clone(),
                entries,
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

/// Parses one `#[cookie(...)]` into `cookie`.
pub(crate) fn parse_cookie(cx: &Ctxt, attr: &Attribute, cookie: &mut Cookie) {
    const A: &str = "cookie";
    for meta in items(cx, attr) {
        let key = key_of(&meta);
        match key.as_str() {
            "name" => {
                let v = string_value(cx, &meta, &key, "\"sessionid\"");
                set_once(cx, &mut cookie.name, v, &meta, &key, A);
            }
            "provider" => {
                let v = string_value(cx, &meta, &key, "\"Opendatasoft\"");
                set_once(cx, &mut cookie.provider, v, &meta, &key, A);
            }
            "provider_url" => {
                let v = string_value(cx, &meta, &key, "\"https://...\"");
                set_once(cx, &mut cookie.provider_url, v, &meta, &key, A);
            }
            "service" => {
                let v = text_value(cx, &meta, &key);
                set_once(cx, &mut cookie.service, v, &meta, &key, A);
            }
            "purpose" => {
                let v = text_value(cx, &meta, &key);
                set_once(cx, &mut cookie.purpose, v, &meta, &key, A);
            }
            "category" => {
                let v = string_value(cx, &meta, &key, "\"necessary\"");
                set_once(cx, &mut cookie.category, v, &meta, &key, A);
            }
            "lifetime" => {
                let v = string_value(cx, &meta, &key, "\"14d\"");
                set_once(cx, &mut cookie.lifetime, v, &meta, &key, A);
            }
            "third_party" => {
                let v = string_value(cx, &meta, &key, "\"provider.example\"");
                set_once(cx, &mut cookie.third_party, v, &meta, &key, A);
            }
            "same_site" => {
                let v = string_value(cx, &meta, &key, "\"lax\"");
                set_once(cx, &mut cookie.same_site, v, &meta, &key, A);
            }
            "path" => {
                let v = string_value(cx, &meta, &key, "\"/\"");
                set_once(cx, &mut cookie.path, v, &meta, &key, A);
            }
            "domain" => {
                let v = string_value(cx, &meta, &key, "\"example.com\"");
                set_once(cx, &mut cookie.domain, v, &meta, &key, A);
            }
            "consent_exempt" => {
                let v = flag(cx, &meta, &key);
                set_once(cx, &mut cookie.consent_exempt, v, &meta, &key, A);
            }
            "secure" => {
                let v = flag(cx, &meta, &key);
                set_once(cx, &mut cookie.secure, v, &meta, &key, A);
            }
            "http_only" => {
                let v = flag(cx, &meta, &key);
                set_once(cx, &mut cookie.http_only, v, &meta, &key, A);
            }
            "partitioned" => {
                let v = flag(cx, &meta, &key);
                set_once(cx, &mut cookie.partitioned, v, &meta, &key, A);
            }
            _ => unknown_key(cx, meta.path(), A, COOKIE_KEYS),
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
        match key.as_str() {
            "provider" => {
                let v = string_value(cx, &meta, &key, "\"Opendatasoft\"");
                set_once(cx, &mut attrs.provider, v, &meta, &key, A);
            }
            "languages" => {
                let v = languages(cx, &meta);
                set_once(cx, &mut attrs.languages, v, &meta, &key, A);
            }
            "crate" => {
                let v = string_value(cx, &meta, &key, "\"::cookie_registry\"").and_then(|s| {
                    s.parse::<syn::Path>()
                        .map_err(|_| {
                            cx.error_spanned_by(&s, format!("`{}` is not a path", s.value()));
                        })
                        .ok()
                });
                set_once(cx, &mut attrs.krate, v, &meta, &key, A);
            }
            "enum_name" if on_module => {
                let v = string_value(cx, &meta, &key, "\"SiteCookie\"");
                set_once(cx, &mut attrs.enum_name, v, &meta, &key, A);
            }
            _ => unknown_key(cx, meta.path(), A, keys),
        }
    }
}

/// Parses the items of an attribute for [`parse_registry`].
pub(crate) fn registry_items(cx: &Ctxt, attr: &Attribute) -> Vec<Meta> {
    items(cx, attr)
}

/// `languages("fr", "en")`.
fn languages(cx: &Ctxt, meta: &Meta) -> Option<(Span, Vec<LitStr>)> {
    let Meta::List(list) = meta else {
        cx.error_spanned_by(meta, "write `languages(\"fr\", \"en\")`");
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
