//! Input kind 2: `#[cookie_registry::registry(...)]` on a module of cookie-name constants. The
//! constants stay as they are; the module gains an enum that implements `CookieRegistry` through
//! the same model, checks and expansion as the derive.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Ident, Item, ItemMod, Lit, LitStr, Meta, Token};

use crate::ast::{Cookie, Registry, RegistryAttrs, Stub};
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

/// The variant a constant makes (`SESSION_ID` → `SessionId`), or a spanned error when its
/// name makes none (`_`, `_2FA`, `SELF`).
fn variant_ident(cx: &Ctxt, constant: &Ident) -> Option<Ident> {
    use syn::ext::IdentExt;
    let written = constant.unraw().to_string();
    let name = variant_name(&written);
    if name.is_empty() {
        cx.error_spanned_by(
            constant,
            format!(
                "the constant `{written}` has no letters to name its cookie's variant: give it a name such as `SESSION`"
            ),
        );
        return None;
    }
    match syn::parse_str::<Ident>(&name) {
        Ok(mut ident) => {
            ident.set_span(constant.span());
            Some(ident)
        }
        Err(_) => {
            let why = if name.starts_with(|c: char| c.is_ascii_digit()) {
                "it starts with a digit"
            } else {
                "it is a keyword"
            };
            cx.error_spanned_by(
                constant,
                format!(
                    "the constant `{written}` would make the variant `{name}`, which is not a valid name ({why}): rename the constant, for example `COOKIE_{}`",
                    written.trim_start_matches('_')
                ),
            );
            None
        }
    }
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
        Err(e) => {
            cx.syn_error(e);
            attrs.unparsed = true;
        }
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
                cx.error_spanned_by(
                    name,
                    format!(
                        "`{}` is not a valid enum name: write an identifier such as `enum_name = \"SiteCookie\"`",
                        name.value()
                    ),
                );
                Ident::new(DEFAULT_ENUM_NAME, name.span())
            }
        },
        None => Ident::new(DEFAULT_ENUM_NAME, Span::call_site()),
    };

    let mut cookies: Vec<Cookie> = Vec::new();
    // The constant each variant comes from, to name it in a clash.
    let mut constants: Vec<Ident> = Vec::new();
    for item in items.iter_mut() {
        let Item::Const(constant) = item else {
            if let Some(attrs) = item_attrs_mut(item) {
                for a in attrs.iter().filter(|a| a.path().is_ident("cookie")) {
                    cx.error_spanned_by(
                        a.path(),
                        "#[cookie(...)] goes on a `const NAME: &str = \"...\";` in this module",
                    );
                }
                attrs.retain(|a| !a.path().is_ident("cookie"));
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
            cx.error_spanned_by(first.path(), "first #[cookie(...)] here");
        }
        let Some(variant) = variant_ident(cx, &constant.ident) else {
            continue;
        };
        if let Some(at) = cookies.iter().position(|c| c.variant == variant) {
            cx.error_spanned_by(
                &constant.ident,
                format!(
                    "constants `{}` and `{}` both make the variant `{variant}`: rename one",
                    constants[at], constant.ident
                ),
            );
            cx.error_spanned_by(&constants[at], format!("`{}` first here", constants[at]));
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
        // The name is the constant's value, written or not: never report it missing. (The
        // constant's type is the compiler's to check: a string literal only fits a `&str`.)
        cookie.seen.mark("name", constant.ident.span());
        match &*constant.expr {
            Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) => cookie.name = Some(LitStr::new(&s.value(), s.span())),
            other => cx.error_spanned_by(
                other,
                "a declared cookie-name constant's value must be a string literal, such as `= \"sessionid\"`",
            ),
        }
        constants.push(constant.ident.clone());
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
            stub: Stub::Variants(cookies.iter().map(|c| c.variant.clone()).collect()),
            ident,
            attrs,
            cookies,
        }),
        module,
    )
}

fn item_attrs_mut(item: &mut Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        Item::Fn(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::Union(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        _ => return None,
    })
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
