//! HTML: a fragment, and a standalone page around it.

use std::fmt::Write as _;

use super::{Column, Page};

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// The stylesheet of the standalone page: readable tables, and on narrow screens each row
/// stacked, every cell led by its header (from `data-label`).
const STYLE: &str = "\
body{font-family:system-ui,-apple-system,\"Segoe UI\",sans-serif;line-height:1.5;margin:0;padding:1rem;color:#1b1b1b;background:#fff}
main{max-width:64rem;margin:0 auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #767676;padding:.5rem;text-align:left;vertical-align:top}
th{background:#efefef}
code{white-space:nowrap}
@media (max-width:40rem){
thead tr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
tr{display:block;border:1px solid #767676;margin-bottom:1rem}
td{display:block;border:0;border-bottom:1px solid #d0d0d0}
td:last-child{border-bottom:0}
td::before{content:attr(data-label);display:block;font-weight:600}
code{white-space:normal;overflow-wrap:anywhere}
}
";

pub(crate) fn fragment(page: &Page<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<section class=\"cookie-policy\" lang=\"{}\">",
        escape(page.language)
    );
    for (category, declarations) in &page.groups {
        match category {
            Some(c) => {
                let _ = writeln!(
                    out,
                    "<section class=\"cookie-category\" id=\"cookies-{}\">",
                    c.as_str()
                );
                let _ = writeln!(out, "<h2>{}</h2>", escape(page.heading(*category)));
                let _ = writeln!(
                    out,
                    "<p>{}</p>",
                    escape(page.strings.category_description(*c))
                );
            }
            None => out.push_str("<section class=\"cookie-category\">\n"),
        }
        out.push_str("<table>\n");
        let _ = writeln!(
            out,
            "<caption>{}</caption>",
            escape(&page.caption(*category))
        );
        out.push_str("<thead>\n<tr>");
        for c in page.columns {
            let _ = write!(
                out,
                "<th scope=\"col\">{}</th>",
                escape(c.header(page.strings))
            );
        }
        out.push_str("</tr>\n</thead>\n<tbody>\n");
        for d in declarations {
            out.push_str("<tr>");
            for &c in page.columns {
                let label = escape(c.header(page.strings));
                let value = escape(&page.cell(d, c));
                let content = match (c, d.provider_url()) {
                    (Column::Name, _) => format!("<code>{value}</code>"),
                    (Column::Provider, Some(url)) => {
                        format!("<a href=\"{}\">{value}</a>", escape(url))
                    }
                    _ => value,
                };
                let _ = write!(out, "<td data-label=\"{label}\">{content}</td>");
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        if page.shows_pattern(declarations) {
            let _ = writeln!(
                out,
                "<p class=\"cookie-pattern-note\">{}</p>",
                escape(&page.strings.pattern_note)
            );
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
    out
}

pub(crate) fn page(page: &Page<'_>) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n<p>{intro}</p>\n",
        lang = escape(page.language),
        title = escape(&page.strings.title),
        intro = escape(&page.strings.introduction),
    );
    out.push_str(&fragment(page));
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
