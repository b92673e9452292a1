//! Markdown tables.

use super::{Column, Page};

/// Escapes a text for a Markdown table cell: no text becomes markup, a table separator or a
/// line break of the source.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// `text` as a Markdown code span in a table cell: a `|` is escaped (it would end the cell),
/// entities are not decoded in a code span (`<` stays as it is), and the fence is one backtick
/// longer than any run of backticks inside (cookie names may hold them: `` ` `` is a token
/// character). The policy page's Markdown writes names with it, and so does the command's audit
/// report.
///
/// ```
/// use cookie_registry::policy::markdown_code;
/// assert_eq!(markdown_code("_ga_*"), "`_ga_*`");
/// assert_eq!(markdown_code("a|b"), "`a\\|b`");
/// assert_eq!(markdown_code("a``b"), "```a``b```");
/// ```
pub fn markdown_code(text: &str) -> String {
    let cell = text.replace('|', "\\|");
    let longest = cell.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if cell.starts_with('`') || cell.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{cell}{pad}{fence}")
}

fn row(cells: impl Iterator<Item = String>) -> String {
    let mut line = String::from("|");
    for c in cells {
        line.push(' ');
        line.push_str(&c);
        line.push_str(" |");
    }
    line.push('\n');
    line
}

pub(crate) fn render(page: &Page<'_>) -> String {
    let mut out = String::new();
    for (i, (category, declarations)) in page.groups.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("## ");
        out.push_str(&escape(page.heading(*category)));
        out.push_str("\n\n");
        if let Some(c) = category {
            out.push_str(&escape(page.strings.category_description(*c)));
            out.push_str("\n\n");
        }
        out.push_str(&row(page
            .columns
            .iter()
            .map(|c| escape(c.header(page.strings)))));
        out.push_str(&row(page.columns.iter().map(|_| "---".to_owned())));
        for d in declarations {
            out.push_str(&row(page.columns.iter().map(|&c| match c {
                Column::Name => markdown_code(d.name()),
                _ => escape(&page.cell(d, c)),
            })));
        }
        if page.shows_pattern(declarations) {
            out.push('\n');
            out.push_str(&escape(&page.strings.pattern_note));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::markdown_code as code;

    #[test]
    fn names_become_code_spans() {
        assert_eq!(code("_ga_*"), "`_ga_*`");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
        assert_eq!(code("a``b"), "```a``b```");
    }
}
