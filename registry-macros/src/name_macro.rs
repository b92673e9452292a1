//! `cookie!(Registry, "name")`: a cookie name checked at compile time.
//!
//! The proc macro cannot see the registry's declarations, so it expands to a constant whose
//! evaluation looks the name up in them (exact names, then patterns) and panics with the
//! message (and a did-you-mean) when nothing matches: a compile error at the user's literal.
//! It reaches the registry through hidden items the derive put on the type, so it works
//! whatever path the runtime crate has (`#[registry(crate = "...")]`).

use cookie_registry_rules::name::parse_name;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{LitStr, Token, Type};

/// `Type, "name"`.
pub(crate) struct Input {
    ty: Type,
    name: LitStr,
}

const USAGE: &str =
    "write `cookie!(Registry, \"name\")`: the registry type, a comma, the cookie name as a string";

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let usage = |e: syn::Error| syn::Error::new(e.span(), format!("{e}: {USAGE}"));
        let ty = input.parse().map_err(usage)?;
        input.parse::<Token![,]>().map_err(usage)?;
        let name = input.parse().map_err(usage)?;
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
        }
        if !input.is_empty() {
            return Err(input.error(format!("unexpected tokens: {USAGE}")));
        }
        Ok(Input { ty, name })
    }
}

pub(crate) fn expand(input: Input) -> TokenStream {
    let Input { ty, name } = input;
    let value = name.value();
    if let Err(e) = parse_name(&value) {
        return syn::Error::new_spanned(&name, format!(
                "`{value}` is not a cookie name: {e}; cookie names use only letters, digits and the symbols ! # $ % & ' * + - . ^ _ ` | ~"
            ))
            .to_compile_error();
    }
    let panic = quote_spanned! {name.span()=>
        ::core::panic!("{}", __message.as_str())
    };
    // Only the type is named: its derive generated these items with the registry's own path to
    // the runtime crate (`crate = "..."`).
    // Spanned at the type: a type that is not a registry lacks this item, and the error says
    // so there.
    let named = quote_spanned! {ty.span()=> <#ty>::__cookie_registry_named };
    quote! {
        {
            const CHECKED_COOKIE_NAME: #ty = match #named(#name) {
                ::core::result::Result::Ok(__cookie) => __cookie,
                ::core::result::Result::Err(__message) => #panic,
            };
            CHECKED_COOKIE_NAME
        }
    }
}
