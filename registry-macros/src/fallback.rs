//! What a failed registry expands to besides its errors: a stub impl, so that the user's other
//! code (`SiteCookie::lookup`, `cookie!`) compiles and shows no follow-on errors.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

/// A stub `CookieRegistry` impl for `ident`, with its `variants` when they are known.
pub(crate) fn stub(krate: &syn::Path, ident: &Ident, variants: &[Ident]) -> TokenStream {
    let const_items =
        crate::expand::const_items(krate, ident, &variants.iter().collect::<Vec<_>>(), true);
    quote! {
        #const_items

        #[automatically_derived]
        impl #krate::__private::CookieRegistry for #ident {
            const ALL: &'static [Self] = &[#(Self::#variants),*];
            const __DECLARATIONS: &'static [#krate::__private::Declaration] = &[];
            const __STUB: bool = true;

            fn declaration(&self) -> &'static #krate::__private::Declaration {
                ::core::unreachable!("the cookie registry failed to compile")
            }

            fn lookup(_: &::core::primitive::str) -> ::core::option::Option<Self> {
                ::core::option::Option::None
            }

            fn registry() -> &'static #krate::__private::Registry {
                ::core::unreachable!("the cookie registry failed to compile")
            }
        }
    }
}
