//! Input kind 2: `#[cookie_registry::registry(...)]` on a module of cookie-name constants. The
//! constants stay as they are; the module gains an enum that implements `CookieRegistry` through
//! the same model, checks and expansion as the derive.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Ident, Item, ItemMod, Lit, LitStr, Meta, Token, Type};

use crate::ast::{Cookie, Registry, RegistryAttrs};
use crate::attr;
use crate::ctxt::Ctxt;

/// The name of the generated enum when `enum_name` is not given.
pub(crate) const DEFAULT_ENUM_NAME: &str = "Cookie";

/// `SESSION_ID` → `SessionId`.
pub(crate) fn variant_name(constant: &str) -> String {
    constant
        .split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first
                .into_iter()
                .chain(chars.map(|c| c.to_ascii_lowercase()))
                .collect::<String>()
        })
        .collect()
}

/// `&str`, `&'static str` or `&::core::primitive::str` (also through `std`).
fn is_str_ref(ty: &Type) -> bool {
    let Type::Reference(r) = ty else {
        return false;
    };
    let Type::Path(p) = &*r.elem else {
        return false;
    };
    let segments: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    r.mutability.is_none()
        && p.qself.is_none()
        && matches!(segments[..], ["str"] | ["core" | "std", "primitive", "str"])
}

/// Reads the module into the model and strips the `#[cookie]` attributes from it. Returns the
/// model (if the module is inline) and the module to emit back.
pub(crate) fn parse(
    cx: &Ctxt,
    args: TokenStream,
    mut module: ItemMod,
) -> (Option<Registry>, ItemMod) {
    let mut attrs = RegistryAttrs::default();
    match syn::parse::Parser::parse2(Punctuated::<Meta, Token![,]>::parse_terminated, args) {
        Ok(metas) => attr::parse_registry(cx, metas.into_iter().collect(), &mut attrs, true),
        Err(e) => cx.syn_error(e),
    }
    let Some((_, items)) = &mut module.content else {
        cx.error_spanned_by(
            &module,
            "#[registry] needs the module's items inline: `mod cookies { ... }`, not `mod cookies;`",
        );
        return (None, module);
    };

    let ident = match &attrs.enum_name {
        Some(name) => match syn::parse_str::<Ident>(&name.value()) {
            Ok(mut ident) => {
                ident.set_span(name.span());
                ident
            }
            Err(_) => {
                cx.error_spanned_by(name, format!("`{}` is not a valid enum name", name.value()));
                Ident::new(DEFAULT_ENUM_NAME, name.span())
            }
        },
        None => Ident::new(DEFAULT_ENUM_NAME, Span::call_site()),
    };

    let mut cookies: Vec<Cookie> = Vec::new();
    for item in items.iter_mut() {
        let Item::Const(constant) = item else {
            if let Some(a) = item_attrs(item)
                .iter()
                .find(|a| a.path().is_ident("cookie"))
            {
                cx.error_spanned_by(
                    a,
                    "#[cookie(...)] goes on a `const NAME: &str = \"...\";` in this module",
                );
            }
            continue;
        };
        let (declarations, rest): (Vec<_>, Vec<_>) = constant
            .attrs
            .drain(..)
            .partition(|a| a.path().is_ident("cookie"));
        constant.attrs = rest;
        let Some(first) = declarations.first() else {
            continue;
        };
        for extra in &declarations[1..] {
            cx.error_spanned_by(
                extra,
                format!(
                    "constant `{}` has a second #[cookie(...)]: give all its keys in one",
                    constant.ident
                ),
            );
        }
        let variant = Ident::new(
            &variant_name(&constant.ident.to_string()),
            constant.ident.span(),
        );
        if let Some(earlier) = cookies.iter().find(|c| c.variant == variant) {
            cx.error_spanned_by(
                &constant.ident,
                format!(
                    "constant `{}` gives the same variant name `{variant}` as `{}`: rename one",
                    constant.ident, earlier.variant
                ),
            );
            continue;
        }
        let mut cookie = Cookie::new(
            variant,
            first
                .path()
                .get_ident()
                .map_or_else(Span::call_site, |i| i.span()),
        );
        attr::parse_cookie(cx, first, &mut cookie);
        if let Some(name) = &cookie.name {
            cx.error_spanned_by(
                name,
                "the name comes from the constant's value: remove `name = ...`",
            );
        }
        if !is_str_ref(&constant.ty) {
            cx.error_spanned_by(
                &constant.ty,
                "a declared cookie-name constant has type `&str`",
            );
        }
        match &*constant.expr {
            Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) => cookie.name = Some(LitStr::new(&s.value(), s.span())),
            other => cx.error_spanned_by(
                other,
                "a declared cookie-name constant's value is a string literal: `= \"sessionid\"`",
            ),
        }
        cookies.push(cookie);
    }
    if cookies.is_empty() {
        cx.error_spanned_by(
            &module.ident,
            format!(
                "module `{}` declares no cookie: put #[cookie(...)] on a `const NAME: &str = \"...\";`",
                module.ident
            ),
        );
    }
    (
        Some(Registry {
            ident,
            attrs,
            cookies,
        }),
        module,
    )
}

fn item_attrs(item: &Item) -> &[syn::Attribute] {
    match item {
        Item::Fn(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        _ => &[],
    }
}

/// The generated enum's definition.
pub(crate) fn enum_definition(registry: &Registry) -> TokenStream {
    let ident = &registry.ident;
    let variants = registry.cookies.iter().map(|c| {
        let v = &c.variant;
        let doc = format!(
            " The cookie `{}`.",
            c.name.as_ref().map(LitStr::value).unwrap_or_default()
        );
        quote!(#[doc = #doc] #v)
    });
    quote! {
        /// The cookies declared in this module, generated by `#[cookie_registry::registry]`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum #ident {
            #(#variants,)*
        }
    }
}
