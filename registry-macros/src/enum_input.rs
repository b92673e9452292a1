//! Input kind 1: `#[derive(CookieRegistry)]` on an enum, one variant per cookie.

use syn::{Data, DeriveInput, Fields};

use crate::ast::{Cookie, Registry, RegistryAttrs, Stub};
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
    let mut registry_attrs = input.attrs.iter().filter(|a| a.path().is_ident("registry"));
    if let Some(first) = registry_attrs.next() {
        match attr::registry_items(cx, first) {
            Some(metas) => attr::parse_registry(cx, metas, &mut attrs, false),
            None => attrs.unparsed = true,
        }
        for extra in registry_attrs {
            cx.error_spanned_by(extra, "a second #[registry(...)]: give all its keys in one");
            cx.error_spanned_by(first.path(), "first #[registry(...)] here");
        }
    }
    for misplaced in input.attrs.iter().filter(|a| a.path().is_ident("cookie")) {
        cx.error_spanned_by(
            misplaced,
            "#[cookie(...)] declares one cookie: put it on a variant, and the registry's own keys in #[registry(...)]",
        );
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
        for misplaced in variant
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("registry"))
        {
            cx.error_spanned_by(
                misplaced,
                "#[registry(...)] goes on the enum, not on a variant: declare the cookie with #[cookie(...)]",
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
            cx.error_spanned_by(first.path(), "first #[cookie(...)] here");
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
        stub: if input.generics.params.is_empty() {
            Stub::Variants(
                data.variants
                    .iter()
                    .filter(|v| matches!(v.fields, Fields::Unit))
                    .map(|v| v.ident.clone())
                    .collect(),
            )
        } else {
            Stub::None
        },
    })
}
