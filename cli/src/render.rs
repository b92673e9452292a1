//! The audit report as text (a terminal), JSON (`cookie-registry/audit/1`), Markdown and one
//! self-contained HTML page.

use std::fmt::Write as _;

use cookie_registry::audit::{FindingKind, Phase, Report, SeenCookie, Severity};
use serde::Serialize;

/// The schema of the JSON report.
pub const AUDIT_SCHEMA: &str = "cookie-registry/audit/1";

/// What the report was made from, shown at its top.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// The declarations' registry version (16 hexadecimal digits).
    pub registry_version: String,
    /// The HAR files, or the crawl's start URL.
    pub inputs: Vec<String>,
    /// Notes on what the audit could not see.
    pub notes: Vec<String>,
    /// The first Open Cookie Database suggestion for each undeclared name that has one.
    pub suggestions: std::collections::BTreeMap<String, crate::suggest::Candidate>,
}

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    registry_version: &'a str,
    inputs: &'a [String],
    notes: &'a [String],
    summary: Summary,
    findings: Vec<serde_json::Value>,
    cookies: &'a [SeenCookie],
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    infos: usize,
    cookies: usize,
}

fn summary(report: &Report) -> Summary {
    Summary {
        errors: report.count(Severity::Error),
        warnings: report.count(Severity::Warning),
        infos: report.count(Severity::Info),
        cookies: report.cookies.len(),
    }
}

/// The JSON report.
pub fn json(report: &Report, source: &Source) -> String {
    let document = Document {
        schema: AUDIT_SCHEMA,
        registry_version: &source.registry_version,
        inputs: &source.inputs,
        notes: &source.notes,
        summary: summary(report),
        // Each undeclared finding carries the database's first suggestion, when it has one.
        findings: report
            .findings
            .iter()
            .map(|f| {
                let mut value = serde_json::to_value(f).unwrap_or_default();
                if f.kind == FindingKind::Undeclared {
                    if let Some(c) = source.suggestions.get(&f.name) {
                        value["suggestion"] = serde_json::to_value(c).unwrap_or_default();
                    }
                }
                value
            })
            .collect(),
        cookies: &report.cookies,
    };
    // Plain structs of strings, numbers and options: serialization cannot fail.
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}

fn phases(report: &Report) -> Vec<Phase> {
    let mut phases: Vec<Phase> = report.cookies.iter().map(|c| c.phase).collect();
    phases.dedup();
    phases
}

fn flags(c: &SeenCookie) -> String {
    let flag = |v: Option<bool>, name: &str| match v {
        Some(true) => Some(name.to_owned()),
        Some(false) => None,
        None => Some(format!("{name}?")),
    };
    let mut out: Vec<String> = [flag(c.http_only, "HttpOnly"), flag(c.secure, "Secure")]
        .into_iter()
        .flatten()
        .collect();
    if let Some(s) = c.same_site {
        out.push(format!("SameSite={s}"));
    }
    out.join(" ")
}

fn expires(c: &SeenCookie) -> String {
    c.expires.to_text().unwrap_or_else(|| "?".to_owned())
}

const HEADERS: [&str; 6] = [
    "name",
    "domain",
    "set by",
    "flags",
    "expires",
    "declaration",
];

/// Control characters (a terminal's escape sequences among them) from a HAR file or a page,
/// made harmless: each becomes U+FFFD.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

fn row(c: &SeenCookie) -> [String; 6] {
    [
        clean(&c.name),
        clean(&c.domain),
        c.set_by.to_string(),
        flags(c),
        expires(c),
        clean(c.declaration.unwrap_or("(none)")),
    ]
}

/// Text for a terminal; `colour` adds ANSI colours to the severities.
pub fn text(report: &Report, source: &Source, colour: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Audit of {} against the declarations {}",
        clean(&source.inputs.join(", ")),
        source.registry_version
    );
    for phase in phases(report) {
        let rows: Vec<[String; 6]> = report
            .cookies
            .iter()
            .filter(|c| c.phase == phase)
            .map(row)
            .collect();
        let _ = writeln!(out, "\nCookies, {phase} ({}):", rows.len());
        let widths: Vec<usize> = (0..6)
            .map(|i| {
                rows.iter()
                    .map(|r| r[i].chars().count())
                    .chain([HEADERS[i].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut line = |cells: &[String]| {
            let mut l = String::from(" ");
            for (cell, w) in cells.iter().zip(&widths) {
                let _ = write!(l, " {cell:<w$} ");
            }
            let _ = writeln!(out, "{}", l.trim_end());
        };
        line(&HEADERS.map(str::to_owned));
        for r in &rows {
            line(r);
        }
    }
    let s = summary(report);
    let _ = writeln!(
        out,
        "\nFindings: {} error(s), {} warning(s), {} info",
        s.errors, s.warnings, s.infos
    );
    for f in &report.findings {
        let (start, end) = match (colour, f.severity) {
            (false, _) => ("", ""),
            (true, Severity::Error) => ("\x1b[31m", "\x1b[0m"),
            (true, Severity::Warning) => ("\x1b[33m", "\x1b[0m"),
            (true, Severity::Info) => ("\x1b[2m", "\x1b[0m"),
        };
        let mut context = Vec::new();
        if let Some(p) = f.phase {
            context.push(p.to_string());
        }
        if let Some(s) = f.set_by {
            context.push(format!("set by {s}"));
        }
        if let Some(u) = &f.url {
            context.push(clean(u));
        }
        let code = f.code.map(|c| format!(" [{c}]")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {start}{:<7}{end} {:<15} {}{code}: {}",
            f.severity.as_str(),
            f.kind.as_str(),
            clean(&f.name),
            clean(&f.message)
        );
        if !context.is_empty() {
            let _ = writeln!(out, "  {:<7} {:<15} ({})", "", "", context.join(", "));
        }
        if let Some(c) = (f.kind == FindingKind::Undeclared)
            .then(|| source.suggestions.get(&f.name))
            .flatten()
        {
            let _ = writeln!(
                out,
                "  {:<7} {:<15} suggestion: {} ({}, {}); `cookie-registry suggest {}` gives its declaration",
                "",
                "",
                clean(&c.platform),
                c.category,
                clean(&c.lifetime),
                clean(&f.name)
            );
        }
    }
    for note in &source.notes {
        let _ = writeln!(out, "\nNote: {}", clean(note));
    }
    out
}

/// `|` and line breaks would break a Markdown table cell.
fn md(cell: &str) -> String {
    md_cell(cell).replace('<', "&lt;")
}

fn md_cell(cell: &str) -> String {
    clean(&cell.replace(['\n', '\r'], " ")).replace('|', "\\|")
}

/// `text` as a Markdown code span in a table cell (on one line, without control characters).
fn md_code(text: &str) -> String {
    cookie_registry::policy::markdown_code(&clean(&text.replace(['\n', '\r'], " ")))
}

/// GitHub-flavoured Markdown.
pub fn markdown(report: &Report, source: &Source) -> String {
    let mut out = String::from("# Cookie audit\n\n");
    let _ = writeln!(
        out,
        "Audit of {} against the declarations `{}`.\n",
        source
            .inputs
            .iter()
            .map(|i| md(i))
            .collect::<Vec<_>>()
            .join(", "),
        source.registry_version
    );
    let s = summary(report);
    let _ = writeln!(
        out,
        "## Findings\n\n{} error(s), {} warning(s), {} info.\n",
        s.errors, s.warnings, s.infos
    );
    if !report.findings.is_empty() {
        out.push_str(
            "| Severity | Kind | Cookie | Phase | Set by | Message |\n|---|---|---|---|---|---|\n",
        );
        for f in &report.findings {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                f.severity,
                f.kind,
                md_code(&f.name),
                f.phase.map(|p| p.to_string()).unwrap_or_default(),
                f.set_by.map(|p| p.to_string()).unwrap_or_default(),
                md(&f.message)
            );
        }
        out.push('\n');
    }
    for phase in phases(report) {
        let _ = writeln!(out, "## Cookies, {phase}\n");
        let _ = writeln!(out, "| {} |\n|{}", HEADERS.join(" | "), "---|".repeat(6));
        for c in report.cookies.iter().filter(|c| c.phase == phase) {
            let cells = row(c).map(|c| md(&c));
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push('\n');
    }
    for note in &source.notes {
        let _ = writeln!(out, "> {}\n", md(note));
    }
    out
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {
                let _ = write!(out, "&#xFFFD;");
            }
            c => out.push(c),
        }
    }
    out
}

/// One self-contained page (no script, no external resource) for a privacy officer.
pub fn html(report: &Report, source: &Source) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Cookie audit</title>\n<style>\n\
         body{font-family:system-ui,sans-serif;margin:2rem;max-width:80rem;color:#222}\n\
         table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}\n\
         th{background:#f3f3f3}.error{color:#a00;font-weight:bold}.warning{color:#960}.info{color:#666}code{font-size:.95em}\n\
         </style>\n</head>\n<body>\n<h1>Cookie audit</h1>\n",
    );
    let _ = writeln!(
        out,
        "<p>Audit of {} against the declarations <code>{}</code>.</p>",
        source
            .inputs
            .iter()
            .map(|i| esc(i))
            .collect::<Vec<_>>()
            .join(", "),
        esc(&source.registry_version)
    );
    let s = summary(report);
    let _ = writeln!(
        out,
        "<h2>Findings</h2>\n<p>{} error(s), {} warning(s), {} info.</p>",
        s.errors, s.warnings, s.infos
    );
    if !report.findings.is_empty() {
        out.push_str("<table>\n<thead><tr><th>Severity</th><th>Kind</th><th>Cookie</th><th>Phase</th><th>Set by</th><th>Page</th><th>Message</th></tr></thead>\n<tbody>\n");
        for f in &report.findings {
            let _ = writeln!(
                out,
                "<tr><td class=\"{sev}\">{sev}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                f.kind,
                esc(&f.name),
                f.phase.map(|p| p.to_string()).unwrap_or_default(),
                f.set_by.map(|p| p.to_string()).unwrap_or_default(),
                esc(f.url.as_deref().unwrap_or("")),
                esc(&f.message),
                sev = f.severity,
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    for phase in phases(report) {
        let _ = writeln!(out, "<h2>Cookies, {phase}</h2>\n<table>\n<thead><tr>");
        for h in HEADERS {
            let _ = write!(out, "<th>{h}</th>");
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for c in report.cookies.iter().filter(|c| c.phase == phase) {
            out.push_str("<tr>");
            for cell in row(c) {
                let _ = write!(out, "<td>{}</td>", esc(&cell));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    for note in &source.notes {
        let _ = writeln!(out, "<p><strong>Note:</strong> {}</p>", esc(note));
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::md_code;

    /// A code span shows a name as it is: no entity, however many backticks it holds, and a
    /// `|` that does not end the table cell.
    #[test]
    fn code_spans_show_names_as_they_are() {
        assert_eq!(md_code("a<b"), "`a<b`");
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("a``b"), "```a``b```");
        assert_eq!(md_code("`x"), "`` `x ``");
        assert_eq!(md_code("a|b"), "`a\\|b`");
    }
}
