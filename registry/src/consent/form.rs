//! The consent banner's form: what a submission says, read strictly. Framework-neutral (it
//! takes the body's bytes), so that axum and actix-web handlers share it; the consent log's
//! `ConsentLog::submit` turns a [`Submission`] into the logged choice and its cookie.
//!
//! The form (`application/x-www-form-urlencoded`):
//! - `choice`: `accept` (everything), `refuse` (nothing beyond the necessary) or `save` (the
//!   ticked categories), exactly once;
//! - `category`: a category the banner offers, once per ticked box (read with `save`; with
//!   `accept` or `refuse`, the button says everything, but the boxes must still be valid);
//! - `back`: where to go afterwards, a path on this site (at most once; default `/`).
//!
//! Other fields (a CSRF token, say) are left to the application. A body over
//! [`MAX_FORM_BYTES`], an unknown choice or category, a category the banner does not offer,
//! or a field given twice is a [`FormError`]: answer 400 and log nothing.
//!
//! ```
//! use cookie_registry::Category;
//! use cookie_registry::consent::form::{Choice, FormError, parse};
//! let offered = [Category::Statistics, Category::Marketing];
//! let s = parse(b"choice=save&category=statistics&back=%2Fcookies", &offered).unwrap();
//! assert_eq!(s.choice, Choice::Custom(vec![Category::Statistics]));
//! assert_eq!(s.back, "/cookies");
//! assert_eq!(parse(b"choice=accept&back=https://evil.example/", &offered).unwrap().back, "/");
//! assert!(matches!(parse(b"choice=save&category=ads", &offered), Err(FormError::UnknownCategory(_))));
//! assert!(matches!(parse(b"choice=accept&choice=refuse", &offered), Err(FormError::Duplicate(_))));
//! ```

use std::fmt;

use crate::declaration::Category;

/// The largest form body read: 4 KiB, far more than the banner's few fields.
pub const MAX_FORM_BYTES: usize = 4 * 1024;

/// The longest `back` path kept (a longer one goes to `/`).
pub const MAX_BACK_LEN: usize = 1024;

/// What the visitor chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// "Accept all".
    AcceptAll,
    /// "Refuse all".
    RefuseAll,
    /// The ticked categories ("Save my choices"), in page order, without duplicates.
    Custom(Vec<Category>),
}

/// A valid submission of the banner's form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submission {
    /// The choice.
    pub choice: Choice,
    /// Where to go afterwards: a path on this site, `/` when none (or an unsafe one) was given.
    pub back: String,
}

/// Why a submission was refused (answer 400; nothing is logged).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormError {
    /// The body is larger than [`MAX_FORM_BYTES`].
    TooLarge {
        /// Its size.
        len: usize,
    },
    /// No `choice` field.
    NoChoice,
    /// A `choice` other than `accept`, `refuse` or `save`.
    UnknownChoice(String),
    /// A `category` that names no category.
    UnknownCategory(String),
    /// A category the banner does not offer (the necessary one is never offered: it needs no
    /// consent).
    NotOffered(Category),
    /// A field given twice (for `category`, the same category twice).
    Duplicate(String),
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormError::TooLarge { len } => {
                write!(f, "the form is {len} bytes, more than {MAX_FORM_BYTES}")
            }
            FormError::NoChoice => f.write_str("the form has no `choice`"),
            FormError::UnknownChoice(c) => {
                write!(f, "unknown choice `{c}`: expected accept, refuse or save")
            }
            FormError::UnknownCategory(c) => write!(f, "unknown category `{c}`"),
            FormError::NotOffered(c) => write!(f, "the banner does not offer the category `{c}`"),
            FormError::Duplicate(field) => write!(f, "`{field}` is given twice"),
        }
    }
}

impl std::error::Error for FormError {}

/// Whether `back` is a path on this site: it starts with one `/`, and no browser can read it
/// as another host (`//host`, `/\host`) or another scheme; control characters are refused.
///
/// ```
/// use cookie_registry::consent::form::is_local_path;
/// assert!(is_local_path("/cookies?lang=en"));
/// assert!(!is_local_path("//evil.example/"));
/// assert!(!is_local_path("/\\evil.example/"));
/// assert!(!is_local_path("https://evil.example/"));
/// assert!(!is_local_path("/\t/evil.example/"));
/// ```
pub fn is_local_path(back: &str) -> bool {
    let b = back.as_bytes();
    b.first() == Some(&b'/')
        && !matches!(b.get(1), Some(b'/' | b'\\'))
        && back.len() <= MAX_BACK_LEN
        && !back.chars().any(char::is_control)
}

/// Reads the form's body; `offered` are the categories the banner offers a box for.
///
/// # Errors
///
/// See [`FormError`].
pub fn parse(body: &[u8], offered: &[Category]) -> Result<Submission, FormError> {
    if body.len() > MAX_FORM_BYTES {
        return Err(FormError::TooLarge { len: body.len() });
    }
    let mut choice: Option<String> = None;
    let mut back: Option<String> = None;
    let mut categories: Vec<Category> = Vec::new();
    for (name, value) in form_urlencoded::parse(body) {
        match &*name {
            "choice" | "back" => {
                let slot = if name == "choice" {
                    &mut choice
                } else {
                    &mut back
                };
                if slot.is_some() {
                    return Err(FormError::Duplicate(name.into_owned()));
                }
                *slot = Some(value.into_owned());
            }
            "category" => {
                let category = Category::from_name(&value)
                    .ok_or_else(|| FormError::UnknownCategory(value.chars().take(64).collect()))?;
                if !offered.contains(&category) {
                    return Err(FormError::NotOffered(category));
                }
                if categories.contains(&category) {
                    return Err(FormError::Duplicate(format!("category={category}")));
                }
                categories.push(category);
            }
            _ => {}
        }
    }
    let choice = match choice.as_deref() {
        None => return Err(FormError::NoChoice),
        Some("accept") => Choice::AcceptAll,
        Some("refuse") => Choice::RefuseAll,
        Some("save") => {
            categories.sort();
            Choice::Custom(categories)
        }
        Some(other) => return Err(FormError::UnknownChoice(other.chars().take(64).collect())),
    };
    let back = back
        .filter(|b| is_local_path(b))
        .unwrap_or_else(|| "/".to_owned());
    Ok(Submission { choice, back })
}

/// Whether a form post comes from this site: no `Origin` header (a same-origin navigation from
/// an older browser), or an `Origin` whose host and port are the request's `Host`. A
/// cross-site post must not record a choice for the visitor.
///
/// ```
/// use cookie_registry::consent::form::same_origin;
/// assert!(same_origin(Some(b"https://example.org"), Some(b"example.org")));
/// assert!(same_origin(None, Some(b"example.org")));
/// assert!(!same_origin(Some(b"https://evil.example"), Some(b"example.org")));
/// assert!(!same_origin(Some(b"null"), Some(b"example.org")));
/// ```
pub fn same_origin(origin: Option<&[u8]>, host: Option<&[u8]>) -> bool {
    let Some(origin) = origin else {
        return true;
    };
    let Some(host) = host else {
        return false;
    };
    let authority = origin
        .strip_prefix(b"http://")
        .or_else(|| origin.strip_prefix(b"https://"));
    authority.is_some_and(|a| a.eq_ignore_ascii_case(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFERED: [Category; 3] = [
        Category::Preferences,
        Category::Statistics,
        Category::Marketing,
    ];

    #[test]
    fn every_bad_input_is_refused() {
        for (body, expected) in [
            (&b"back=/"[..], FormError::NoChoice),
            (b"choice=maybe", FormError::UnknownChoice("maybe".into())),
            (
                b"choice=save&category=necessary",
                FormError::NotOffered(Category::Necessary),
            ),
            (
                b"choice=save&category=ads",
                FormError::UnknownCategory("ads".into()),
            ),
            (
                b"choice=save&category=statistics&category=statistics",
                FormError::Duplicate("category=statistics".into()),
            ),
            (
                b"choice=accept&back=/a&back=/b",
                FormError::Duplicate("back".into()),
            ),
        ] {
            assert_eq!(
                parse(body, &OFFERED),
                Err(expected),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let big = format!("choice=accept&pad={}", "x".repeat(MAX_FORM_BYTES));
        assert!(matches!(
            parse(big.as_bytes(), &OFFERED),
            Err(FormError::TooLarge { .. })
        ));
    }

    #[test]
    fn a_custom_choice_is_in_page_order_and_other_fields_are_left_alone() {
        let s = parse(
            b"csrf=abc&choice=save&category=marketing&category=statistics&back=%2Ftracker",
            &OFFERED,
        )
        .unwrap();
        assert_eq!(
            s,
            Submission {
                choice: Choice::Custom(vec![Category::Statistics, Category::Marketing]),
                back: "/tracker".into()
            }
        );
        assert_eq!(
            parse(b"choice=save", &OFFERED).unwrap().choice,
            Choice::Custom(vec![])
        );
    }

    proptest::proptest! {
        #[test]
        fn any_body_is_a_submission_or_an_error(body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
            if let Ok(s) = parse(&body, &OFFERED) {
                proptest::prop_assert!(is_local_path(&s.back));
            }
        }
    }
}
