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

fn opt_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

fn text(krate: &syn::Path, entries: &[(String, String)]) -> TokenStream {
    let pairs = entries.iter().map(|(lang, t)| quote!((#lang, #t)));
    quote!(#krate::__private::Text::__new(&[#(#pairs),*]))
}

fn lifetime(krate: &syn::Path, spec: Lifetime) -> TokenStream {
    match spec {
        Lifetime::Session => quote!(#krate::__private::Lifetime::Session),
        Lifetime::Duration { amount, unit } => {
            let unit = format_ident!("{}", format!("{unit:?}"));
            quote!(#krate::__private::Lifetime::Duration {
                amount: #amount,
                unit: #krate::__private::LifetimeUnit::#unit,
            })
        }
    }
}

fn declaration(krate: &syn::Path, registry: &str, c: &Checked) -> TokenStream {
    let name = &c.name;
    let pattern = match &c.pattern {
        Some((p, s)) => quote!(::core::option::Option::Some((#p, #s))),
        None => quote!(::core::option::Option::None),
    };
    let variant = c.variant.to_string();
    let provider = &c.provider;
    let provider_url = opt_str(c.provider_url.as_deref());
    let service = text(krate, &c.service);
    let purpose = text(krate, &c.purpose);
    let category = match c.category {
        Category::Necessary => quote!(Necessary),
        Category::Preferences => quote!(Preferences),
        Category::Statistics => quote!(Statistics),
        Category::Marketing => quote!(Marketing),
    };
    let lifetime = lifetime(krate, c.lifetime);
    let party = match &c.third_party {
        Some(domain) => quote!(#krate::__private::Party::Third { domain: #domain }),
        None => quote!(#krate::__private::Party::First),
    };
    let consent_exempt = c.consent_exempt;
    let secure = c.secure;
    let http_only = c.http_only;
    let same_site = match c.same_site {
        Some(v) => {
            let v = format_ident!("{}", v.as_str());
            quote!(::core::option::Option::Some(#krate::__private::SameSite::#v))
        }
        None => quote!(::core::option::Option::None),
    };
    let path = opt_str(c.path.as_deref());
    let domain = opt_str(c.domain.as_deref());
    let partitioned = c.partitioned;
    quote! {
        #krate::__private::declaration(#krate::__private::RawDeclaration {
            name: #name,
            pattern: #pattern,
            registry: #registry,
            variant: #variant,
            provider: #provider,
            provider_url: #provider_url,
            service: #service,
            purpose: #purpose,
            category: #krate::__private::Category::#category,
            lifetime: #lifetime,
            party: #party,
            consent_exempt: #consent_exempt,
            secure: #secure,
            http_only: #http_only,
            same_site: #same_site,
            path: #path,
            domain: #domain,
            partitioned: #partitioned,
        })
    }
}

fn byte_set(set: ByteSet) -> TokenStream {
    let [a, b, c, d] = set;
    quote!([#a, #b, #c, #d])
}

/// The lookup tables (see `cookie_registry::index`), laid out by the plan the runtime shares.
fn index(krate: &syn::Path, cookies: &[Checked]) -> TokenStream {
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
        #krate::__private::NameIndex::__new(
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
pub(crate) fn expand(
    krate: &syn::Path,
    ident: &Ident,
    languages: &[String],
    cookies: &[Checked],
) -> TokenStream {
    let registry_name = ident.to_string();
    let count = cookies.len();
    let declarations = cookies
        .iter()
        .map(|c| declaration(krate, &registry_name, c));
    let index = index(krate, cookies);
    let version = version(cookies);
    let variants: Vec<&Ident> = cookies.iter().map(|c| &c.variant).collect();
    let positions = 0..count;
    let positions2 = 0..count;
    let const_items = const_items(krate, ident, &variants, false);
    quote! {
        const _: () = {
            static __DECLARATIONS: [#krate::__private::Declaration; #count] = [#(#declarations),*];
            static __PART: #krate::__private::RegistryPart = #krate::__private::RegistryPart::__new(
                #registry_name,
                &[#(#languages),*],
                &__DECLARATIONS,
                #index,
                #version,
            );
            static __REGISTRY: #krate::__private::Registry =
                #krate::__private::Registry::__single(&[&__PART]);

            #[automatically_derived]
            impl #krate::__private::CookieRegistry for #ident {
                const ALL: &'static [Self] = &[#(Self::#variants),*];
                const __DECLARATIONS: &'static [#krate::__private::Declaration] = &__DECLARATIONS;

                fn declaration(&self) -> &'static #krate::__private::Declaration {
                    match self {
                        #(Self::#variants => &__DECLARATIONS[#positions],)*
                    }
                }

                fn lookup(__name: &::core::primitive::str) -> ::core::option::Option<Self> {
                    match __PART.__lookup(__name) {
                        #(::core::option::Option::Some(#positions2) => ::core::option::Option::Some(Self::#variants),)*
                        _ => ::core::option::Option::None,
                    }
                }

                fn registry() -> &'static #krate::__private::Registry {
                    &__REGISTRY
                }
            }

            #const_items
        };
    }
}

/// The hidden inherent item `cookie!` reaches through the type alone, so that it needs no
/// path to the runtime crate (the registry's own `crate = "..."` path is used here): the
/// cookie called `name`, looked up at compile time, as a value (without asking the enum to be
/// `Copy`), or the message of the compile error.
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
        #[automatically_derived]
        impl #ident {
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
                    #(::core::result::Result::Ok(#positions) => ::core::result::Result::Ok(Self::#variants),)*
                    ::core::result::Result::Ok(_) => ::core::panic!("no cookie at this index"),
                    ::core::result::Result::Err(__message) => ::core::result::Result::Err(__message),
                }
            }
        }
    }
}
