//! Input kind 1: `#[derive(CookieRegistry)]` on an enum, one variant per cookie.

use syn::{Data, DeriveInput, Fields};

use crate::ast::{Cookie, Registry, RegistryAttrs};
use crate::attr;
use crate::ctxt::Ctxt;

/// Reads the enum into the model, reporting shape and syntax mistakes. Returns `None` when the
/// input is not an enum at all.
pub(crate) fn parse(cx: &Ctxt, input: &DeriveInput) -> Option<Registry> {
    let data = match &input.data {
        Data::Enum(data) => data,
        Data::Struct(s) => {
            cx.error_spanned_by(
                s.struct_token,
                "`CookieRegistry` is derived on an enum with one unit variant per cookie, not on a struct",
            );
            return None;
        }
        Data::Union(u) => {
            cx.error_spanned_by(
                u.union_token,
                "`CookieRegistry` is derived on an enum with one unit variant per cookie, not on a union",
            );
            return None;
        }
    };
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(
            &input.generics,
            "a cookie registry enum cannot be generic: its declarations live in statics",
        );
    }
    if data.variants.is_empty() {
        cx.error_spanned_by(
            &input.ident,
            format!(
                "`{}` declares no cookie: add a variant with #[cookie(name = \"...\", ...)]",
                input.ident
            ),
        );
    }

    let mut attrs = RegistryAttrs::default();
    for a in input.attrs.iter().filter(|a| a.path().is_ident("registry")) {
        attr::parse_registry(cx, attr::registry_items(cx, a), &mut attrs, false);
    }

    let mut cookies = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            cx.error_spanned_by(
                &variant.fields,
                format!(
                    "variant `{}` carries data: a cookie registry has one unit variant per cookie",
                    variant.ident
                ),
            );
        }
        let mut declarations = variant.attrs.iter().filter(|a| a.path().is_ident("cookie"));
        let Some(first) = declarations.next() else {
            cx.error_spanned_by(
                &variant.ident,
                format!(
                    "variant `{}` has no #[cookie(...)] declaration: add #[cookie(name = \"...\", ...)]",
                    variant.ident
                ),
            );
            continue;
        };
        for extra in declarations {
            cx.error_spanned_by(
                extra,
                format!(
                    "variant `{}` has a second #[cookie(...)]: give all its keys in one",
                    variant.ident
                ),
            );
        }
        let mut cookie = Cookie::new(
            variant.ident.clone(),
            first
                .path()
                .get_ident()
                .map_or_else(proc_macro2::Span::call_site, |i| i.span()),
        );
        attr::parse_cookie(cx, first, &mut cookie);
        cookies.push(cookie);
    }
    Some(Registry {
        ident: input.ident.clone(),
        attrs,
        cookies,
    })
}
