//! The cookie rules that both the `cookie-registry` macros (at compile time) and its runtime
//! validator apply: one source of truth.
//!
//! This is an implementation detail of `cookie-registry`; depend on that crate instead. It is a
//! crate of its own (rather than a file shared with `#[path]`) because the proc-macro crate cannot
//! depend on the runtime crate (the runtime crate re-exports the macros), and a `#[path]` reaching
//! outside a package's folder is not packaged by `cargo package`.
//!
//! Every function here is pure: it takes strings and flags and returns a verdict. Sections cited
//! as "6265bis" are from draft-ietf-httpbis-rfc6265bis-22.
//!
//! ```
//! use cookie_registry_rules::name::{parse_name, NameShape};
//! assert_eq!(parse_name("_ga_*"), Ok(NameShape::Pattern { prefix: "_ga_", suffix: "" }));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs, unreachable_pub)]

pub mod attributes;
pub mod category;
pub mod domain;
pub mod hash;
pub mod lifetime;
pub mod name;
pub mod suggest;
pub mod table;
