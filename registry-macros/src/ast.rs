//! The parsed model of a registry. It keeps the tokens it came from, so that every check can
//! point at the smallest wrong token.

use proc_macro2::Span;
use syn::{Ident, LitStr};

use crate::attr::Seen;

/// A whole registry, from an enum or from a module of constants.
pub(crate) struct Registry {
    /// The enum's name (given, or generated for a module).
    pub(crate) ident: Ident,
    pub(crate) attrs: RegistryAttrs,
    pub(crate) cookies: Vec<Cookie>,
    /// What a failed registry's stub impl can list.
    pub(crate) stub: Stub,
}

/// The stub impl a failed registry gets, so the user's other code shows no follow-on errors.
pub(crate) enum Stub {
    /// An impl whose `ALL` lists these unit variants.
    Variants(Vec<Ident>),
    /// No impl (a generic enum: the stub could not name its type).
    None,
}

/// What `#[registry(...)]` says.
#[derive(Default)]
pub(crate) struct RegistryAttrs {
    pub(crate) provider: Option<LitStr>,
    /// `languages(...)`: the span of the key, and the tags.
    pub(crate) languages: Option<(Span, Vec<LitStr>)>,
    pub(crate) krate: Option<syn::Path>,
    /// `enum_name = "..."`, on a module only.
    pub(crate) enum_name: Option<LitStr>,
    /// The keys written (even if rejected).
    pub(crate) seen: Seen,
    /// The attribute did not parse: report nothing as missing.
    pub(crate) unparsed: bool,
}

/// A text given plainly or per language.
pub(crate) enum TextValue {
    /// `purpose = "..."`.
    Plain(LitStr),
    /// `purpose(fr = "...", en = "...")`: the key's ident (for spans), and `(tag, key span,
    /// text)` per language.
    PerLanguage {
        key: Ident,
        entries: Vec<(String, Span, LitStr)>,
        /// Some entry was rejected: report no language as missing.
        incomplete: bool,
    },
}

/// One declared cookie: a variant and its `#[cookie(...)]`.
pub(crate) struct Cookie {
    /// The variant.
    pub(crate) variant: Ident,
    /// Where the declaration is: the `cookie` of `#[cookie(...)]`, for missing keys.
    pub(crate) attr_span: Span,
    pub(crate) name: Option<LitStr>,
    pub(crate) provider: Option<LitStr>,
    pub(crate) provider_url: Option<LitStr>,
    pub(crate) service: Option<TextValue>,
    pub(crate) purpose: Option<TextValue>,
    pub(crate) category: Option<LitStr>,
    pub(crate) lifetime: Option<LitStr>,
    pub(crate) third_party: Option<LitStr>,
    /// Flags: the span of the flag when present.
    pub(crate) consent_exempt: Option<Ident>,
    pub(crate) secure: Option<Ident>,
    pub(crate) http_only: Option<Ident>,
    pub(crate) partitioned: Option<Ident>,
    pub(crate) same_site: Option<LitStr>,
    pub(crate) path: Option<LitStr>,
    pub(crate) domain: Option<LitStr>,
    /// The keys written (even if rejected).
    pub(crate) seen: Seen,
    /// The attribute did not parse: report nothing as missing.
    pub(crate) unparsed: bool,
}

impl Cookie {
    pub(crate) fn new(variant: Ident, attr_span: Span) -> Self {
        Cookie {
            variant,
            attr_span,
            name: None,
            provider: None,
            provider_url: None,
            service: None,
            purpose: None,
            category: None,
            lifetime: None,
            third_party: None,
            consent_exempt: None,
            secure: None,
            http_only: None,
            partitioned: None,
            same_site: None,
            path: None,
            domain: None,
            seen: Seen::default(),
            unparsed: false,
        }
    }
}
