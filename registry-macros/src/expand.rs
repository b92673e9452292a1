//! Code generation for a registry that passed every check: the declarations, the lookup tables
//! (laid out now, probed at run time) and the `CookieRegistry` impl.

use cookie_registry_rules::category::Category;
use cookie_registry_rules::hash::StableHasher;
use cookie_registry_rules::lifetime::Lifetime;
use cookie_registry_rules::table::{ByteSet, plan};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Ident;

use crate::valid::Checked;

/// The stable hash of everything consent depends on, independent of declaration order.
pub(crate) fn version(cookies: &[Checked]) -> u64 {
    let mut sorted: Vec<&Checked> = cookies.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut h = StableHasher::new();
    h.write_u64(sorted.len() as u64);
    for c in sorted {
        h.write_str(&c.name);
        h.write_str(&c.provider);
        for text in [&c.service, &c.purpose] {
            h.write_u64(text.len() as u64);
            for (lang, t) in text {
                h.write_str(lang);
                h.write_str(t);
            }
        }
        h.write_str(c.category.as_str());
        h.write_u64(u64::from(c.consent_exempt));
        h.write_str(c.third_party.as_deref().unwrap_or(""));
        match c.lifetime {
            Lifetime::Session => h.write_str("session"),
            Lifetime::Duration { amount, unit } => {
                h.write_u64(amount);
                h.write_str(unit.suffix());
            }
        }
    }
    h.finish()
}

fn lifetime(spec: Lifetime) -> TokenStream {
    match spec {
        Lifetime::Session => quote!(__Lifetime::Session),
        Lifetime::Duration { amount, unit } => {
            let unit = format_ident!("{}", format!("{unit:?}"));
            quote!(__Lifetime::Duration { amount: #amount, unit: __Unit::#unit })
        }
    }
}

fn text(entries: &[(String, String)]) -> TokenStream {
    let pairs = entries.iter().map(|(lang, t)| quote!((#lang, #t)));
    quote!(__Text::__new(&[#(#pairs),*]))
}

/// One declaration, as the fields that differ from `__BASE` (see [`expand`]): the generated
/// code is type-checked on every build, and most fields of most declarations are defaults.
fn declaration(base_provider: &str, c: &Checked) -> TokenStream {
    let name = &c.name;
    let variant = c.variant.to_string();
    let service = text(&c.service);
    let purpose = text(&c.purpose);
    let category = match c.category {
        Category::Necessary => quote!(Necessary),
        Category::Preferences => quote!(Preferences),
        Category::Statistics => quote!(Statistics),
        Category::Marketing => quote!(Marketing),
    };
    let lifetime = lifetime(c.lifetime);
    let mut fields = Vec::new();
    if let Some((p, s)) = &c.pattern {
        fields.push(quote!(pattern: __Some((#p, #s))));
    }
    if c.provider != base_provider {
        let provider = &c.provider;
        fields.push(quote!(provider: #provider));
    }
    if let Some(url) = &c.provider_url {
        fields.push(quote!(provider_url: __Some(#url)));
    }
    if let Some(domain) = &c.third_party {
        fields.push(quote!(party: __cr::Party::Third { domain: #domain }));
    }
    for (set, field) in [
        (c.consent_exempt, quote!(consent_exempt)),
        (c.secure, quote!(secure)),
        (c.http_only, quote!(http_only)),
        (c.partitioned, quote!(partitioned)),
    ] {
        if set {
            fields.push(quote!(#field: true));
        }
    }
    if let Some(v) = c.same_site {
        let v = format_ident!("{}", v.as_str());
        fields.push(quote!(same_site: __Some(__cr::SameSite::#v)));
    }
    if let Some(path) = &c.path {
        fields.push(quote!(path: __Some(#path)));
    }
    if let Some(domain) = &c.domain {
        fields.push(quote!(domain: __Some(#domain)));
    }
    quote! {
        __declaration(__Raw {
            name: #name,
            variant: #variant,
            service: #service,
            purpose: #purpose,
            category: __Category::#category,
            lifetime: #lifetime,
            #(#fields,)*
            ..__BASE
        })
    }
}

fn byte_set(set: ByteSet) -> TokenStream {
    let [a, b, c, d] = set;
    quote!([#a, #b, #c, #d])
}

/// The lookup tables (see `cookie_registry::index`), laid out by the plan the runtime shares.
fn index(cookies: &[Checked]) -> TokenStream {
    let names: Vec<(&str, Option<(&str, &str)>)> = cookies
        .iter()
        .map(|c| {
            let pattern = c.pattern.as_ref().map(|(p, s)| (p.as_str(), s.as_str()));
            (c.name.as_str(), pattern)
        })
        .collect();
    let plan = plan(&names);
    let exact_slots = plan.exact.iter().map(|slot| match *slot {
        Some(i) => {
            let name = names[i].0;
            let i = i as u32;
            quote!((#name, #i))
        }
        None => quote!(("", 0u32)),
    });
    // In the prefix table the key is the prefix and the second field the suffix; in the suffix
    // table the key is the suffix and the second field is empty.
    let pattern_slots = |slots: &[Option<usize>], by_prefix: bool| -> Vec<TokenStream> {
        slots
            .iter()
            .map(|slot| match *slot {
                Some(i) => {
                    let (p, s) = names[i].1.unwrap_or_default();
                    let (key, second) = if by_prefix { (p, s) } else { (s, "") };
                    let i = i as u32;
                    quote!((#key, #second, #i))
                }
                None => quote!(("", "", 0u32)),
            })
            .collect()
    };
    let lens = |lens: &[(usize, ByteSet)]| -> Vec<TokenStream> {
        lens.iter()
            .map(|&(len, set)| {
                let set = byte_set(set);
                quote!((#len, #set))
            })
            .collect()
    };
    let prefix_slots = pattern_slots(&plan.prefixes, true);
    let suffix_slots = pattern_slots(&plan.suffixes, false);
    let prefix_lens = lens(&plan.prefix_lens);
    let suffix_lens = lens(&plan.suffix_lens);
    let first_bytes = byte_set(plan.first_bytes);
    let last_bytes = byte_set(plan.last_bytes);
    let min_len = plan.min_pattern_len;
    quote! {
        __cr::NameIndex::__new(
            &[#(#exact_slots),*],
            &[#(#prefix_slots),*],
            &[#(#prefix_lens),*],
            #first_bytes,
            &[#(#suffix_slots),*],
            &[#(#suffix_lens),*],
            #last_bytes,
            #min_len,
        )
    }
}

/// The statics and the impl for a registry enum `ident`.
///
/// Everything here is type-checked on every build of the user's crate, so the code is kept
/// small: the runtime's `__private` module under one short alias, each declaration as the
/// fields that differ from a `__BASE`, and one match each way between variants and positions
/// (`declaration` maps a variant to its position; `lookup` and `cookie!` share the hidden
/// `const fn` that maps a position back).
pub(crate) fn expand(
    krate: &syn::Path,
    ident: &Ident,
    languages: &[String],
    cookies: &[Checked],
) -> TokenStream {
    let registry_name = ident.to_string();
    let count = cookies.len();
    let base_provider = most_common_provider(cookies);
    let declarations = cookies.iter().map(|c| declaration(base_provider, c));
    let index = index(cookies);
    let version = version(cookies);
    let variants: Vec<&Ident> = cookies.iter().map(|c| &c.variant).collect();
    let positions = 0..count;
    let const_items = const_items(krate, ident, &variants, false);
    quote! {
        const _: () = {
            // Short names for what every declaration repeats: the code is smaller to expand
            // and to resolve. Items of this block, they shadow nothing outside it.
            use #krate::__private as __cr;
            use __cr::{
                Category as __Category, Lifetime as __Lifetime, LifetimeUnit as __Unit,
                RawDeclaration as __Raw, Text as __Text, declaration as __declaration,
            };
            use ::core::option::Option::Some as __Some;
            const __BASE: __cr::RawDeclaration = __cr::RawDeclaration::base(#registry_name, #base_provider);
            static __DECLARATIONS: [__cr::Declaration; #count] = [#(#declarations),*];
            static __PART: __cr::RegistryPart = __cr::RegistryPart::__new(
                #registry_name,
                &[#(#languages),*],
                &__DECLARATIONS,
                #index,
                #version,
            );
            static __REGISTRY: __cr::Registry = __cr::Registry::__single(&[&__PART]);

            #[automatically_derived]
            impl __cr::CookieRegistry for #ident {
                const ALL: &'static [Self] = &[#(Self::#variants),*];
                const __DECLARATIONS: &'static [__cr::Declaration] = &__DECLARATIONS;

                fn declaration(&self) -> &'static __cr::Declaration {
                    &__DECLARATIONS[match self {
                        #(Self::#variants => #positions,)*
                    }]
                }

                fn lookup(__name: &::core::primitive::str) -> ::core::option::Option<Self> {
                    match __PART.__lookup(__name) {
                        ::core::option::Option::Some(__position) => Self::__cookie_registry_at(__position),
                        ::core::option::Option::None => ::core::option::Option::None,
                    }
                }

                fn registry() -> &'static __cr::Registry {
                    &__REGISTRY
                }
            }

            #const_items
        };
    }
}

/// The provider most declarations have (the registry's, unless most override it), which
/// `__BASE` carries so that declarations need not repeat it.
fn most_common_provider(cookies: &[Checked]) -> &str {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for c in cookies {
        match counts.iter_mut().find(|(p, _)| *p == c.provider) {
            Some((_, n)) => *n += 1,
            None => counts.push((&c.provider, 1)),
        }
    }
    // The first of the most common, so that the choice does not depend on anything but order.
    let max = counts.iter().map(|&(_, n)| n).max().unwrap_or(0);
    counts
        .iter()
        .find(|&&(_, n)| n == max)
        .map_or("", |&(p, _)| p)
}

/// The hidden inherent items `cookie!` and `lookup` reach through the type alone, so that they
/// need no path to the runtime crate (the registry's own `crate = "..."` path is used here):
/// the cookie at a position, and the cookie called `name`, looked up at compile time, as a
/// value (without asking the enum to be `Copy`), or the message of the compile error.
pub(crate) fn const_items(
    krate: &syn::Path,
    ident: &Ident,
    variants: &[&Ident],
    stub: bool,
) -> TokenStream {
    let positions = 0..variants.len();
    let registry_name = ident.to_string();
    let count = variants.len();
    quote! {
        impl #ident {
            #[doc(hidden)]
            pub const fn __cookie_registry_at(
                __position: ::core::primitive::usize,
            ) -> ::core::option::Option<Self> {
                use ::core::option::Option::Some as __Some;
                match __position {
                    #(#positions => __Some(Self::#variants),)*
                    _ => ::core::option::Option::None,
                }
            }

            #[doc(hidden)]
            #[allow(clippy::result_large_err)]
            pub const fn __cookie_registry_named(
                __name: &::core::primitive::str,
            ) -> ::core::result::Result<Self, #krate::__private::Message> {
                match #krate::__private::resolve(
                    <Self as #krate::__private::CookieRegistry>::__DECLARATIONS,
                    #stub,
                    #count,
                    #registry_name,
                    __name,
                ) {
                    ::core::result::Result::Ok(__position) => match Self::__cookie_registry_at(__position) {
                        ::core::option::Option::Some(__cookie) => ::core::result::Result::Ok(__cookie),
                        ::core::option::Option::None => ::core::panic!("no cookie at this index"),
                    },
                    ::core::result::Result::Err(__message) => ::core::result::Result::Err(__message),
                }
            }
        }
    }
}
