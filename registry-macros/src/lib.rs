//! The macros of `cookie-registry`; depend on `cookie-registry`, which re-exports them.
//!
//! By phase: `ctxt` collects errors, `attr` parses attributes into the `ast` model (from an
//! enum, `enum_input`, or a module, `module_input`), `valid` checks the rules, `expand`
//! generates the code, `fallback` the stub when something is wrong, and `name_macro` is
//! `cookie!`.
#![forbid(unsafe_code)]
#![warn(missing_docs, unreachable_pub)]

mod ast;
mod attr;
mod ctxt;
mod enum_input;
mod expand;
mod fallback;
mod module_input;
mod name_macro;
mod valid;

#[cfg(test)]
mod tests;

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::quote;
use syn::{DeriveInput, ItemMod, parse_macro_input, parse_quote};

use crate::ctxt::Ctxt;

fn default_crate() -> syn::Path {
    parse_quote!(::cookie_registry)
}

/// Checks a registry model and expands it, or its errors plus a stub impl.
fn registry_tokens(cx: Ctxt, registry: &ast::Registry) -> TokenStream2 {
    let krate = registry.attrs.krate.clone().unwrap_or_else(default_crate);
    let checked = valid::check(&cx, registry);
    match checked {
        Some(checked) if cx.is_ok() => {
            let languages: Vec<String> = registry
                .attrs
                .languages
                .as_ref()
                .map(|(_, tags)| tags.iter().map(syn::LitStr::value).collect())
                .unwrap_or_default();
            expand::expand(&krate, &registry.ident, &languages, &checked)
        }
        _ => {
            let stub = match &registry.stub {
                ast::Stub::Variants(variants) => fallback::stub(&krate, &registry.ident, variants),
                ast::Stub::None => TokenStream2::new(),
            };
            let errors = cx.into_compile_errors();
            quote!(#errors #stub)
        }
    }
}

/// Derives `CookieRegistry` on an enum: see the `cookie-registry` crate docs.
#[proc_macro_derive(CookieRegistry, attributes(registry, cookie))]
pub fn derive_cookie_registry(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    derive(&input).into()
}

fn derive(input: &DeriveInput) -> TokenStream2 {
    let cx = Ctxt::default();
    match enum_input::parse(&cx, input) {
        Some(registry) => registry_tokens(cx, &registry),
        None => cx.into_compile_errors(),
    }
}

/// Declares the cookie-name constants of a module: see the `cookie-registry` crate docs.
#[proc_macro_attribute]
pub fn registry(args: TokenStream, input: TokenStream) -> TokenStream {
    match syn::parse::<syn::Item>(input) {
        Ok(syn::Item::Mod(item)) => expand_module(args.into(), item).into(),
        Ok(other) => syn::Error::new_spanned(
            other,
            "#[cookie_registry::registry] goes on an inline module of cookie-name constants; on an enum, derive `CookieRegistry` and put #[registry(...)] after the derive",
        )
        .to_compile_error()
        .into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn expand_module(args: TokenStream2, module: ItemMod) -> TokenStream2 {
    let cx = Ctxt::default();
    let (registry, mut module) = module_input::parse(&cx, args, module);
    let Some(registry) = registry else {
        let errors = cx.into_compile_errors();
        return quote!(#errors #module);
    };
    let definition = module_input::enum_definition(&registry);
    let implementation = registry_tokens(cx, &registry);
    if let Some((_, items)) = &mut module.content {
        items.push(syn::Item::Verbatim(definition));
        items.push(syn::Item::Verbatim(implementation));
    }
    quote!(#module)
}

/// A cookie name checked at compile time: `cookie!(SiteCookie, "sessionid")` is
/// `SiteCookie::Session`, usable in a `const`; an undeclared name does not compile.
#[proc_macro]
pub fn cookie(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as name_macro::Input);
    name_macro::expand(input).into()
}
