//! Tab-separated text, laid out as the reference page lays its table out.

use super::Page;

/// A cell on one line: tabs and line breaks become spaces (they would break the layout).
fn cell(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

pub(crate) fn render(page: &Page<'_>) -> String {
    let mut out = String::new();
    for (i, (category, declarations)) in page.groups.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&cell(page.heading(*category)));
        out.push('\n');
        if let Some(c) = category {
            out.push_str(&cell(page.strings.category_description(*c)));
            out.push('\n');
        }
        out.push('\n');
        let headers: Vec<String> = page
            .columns
            .iter()
            .map(|c| cell(c.header(page.strings)))
            .collect();
        out.push_str(&headers.join("\t"));
        out.push('\n');
        for d in declarations {
            let cells: Vec<String> = page
                .columns
                .iter()
                .map(|&c| cell(&page.cell(d, c)))
                .collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
        if page.shows_pattern(declarations) {
            out.push('\n');
            out.push_str(&cell(&page.strings.pattern_note));
            out.push('\n');
        }
    }
    out
}
