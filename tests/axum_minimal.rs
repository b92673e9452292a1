//! Runs `examples/axum_minimal` (the template users copy) and checks, over plain HTTP, that its
//! cookies are what it declares: tower-sessions' `id` passes, the preferences cookie waits for
//! consent, and the consent cookie lets it through.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

fn example_binary() -> PathBuf {
    // Test binaries live in target/<profile>/deps; `cargo test` builds the examples into
    // target/<profile>/examples.
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap().join("examples");
    let binary = dir.join(format!("axum_minimal{}", std::env::consts::EXE_SUFFIX));
    assert!(binary.exists(), "{} is not built", binary.display());
    binary
}

/// The server, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let mut child = Command::new(example_binary())
        .env("PORT", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line.trim().rsplit(':').next().unwrap().parse().unwrap();
    Server { child, port }
}

/// One request; returns the `Set-Cookie` headers and the body.
fn request(server: &Server, method: &str, cookie: Option<&str>) -> (Vec<String>, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let path = if method == "POST" { "/consent" } else { "/" };
    let cookie = cookie.map_or(String::new(), |c| format!("Cookie: {c}\r\n"));
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\n{cookie}Content-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let set_cookie = head
        .lines()
        .filter_map(|l| l.split_once(": "))
        .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        .map(|(_, value)| value.to_owned())
        .collect();
    (set_cookie, body.to_owned())
}

/// `name=value` of the first header setting `name`.
fn pair(headers: &[String], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|h| h.starts_with(&format!("{name}=")))
        .map(|h| h.split(';').next().unwrap().to_owned())
}

#[test]
fn the_template_sets_only_what_is_declared_and_consented() {
    let server = start();
    // First visit: the session cookie as tower-sessions sets it; no theme without consent.
    let (set, body) = request(&server, "GET", None);
    assert!(body.contains("visit 1, consent given: false"), "{body}");
    let session = pair(&set, "id").expect("the session cookie");
    let id_header = set.iter().find(|h| h.starts_with("id=")).unwrap();
    for attribute in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
        assert!(id_header.contains(attribute), "{id_header}");
    }
    assert!(pair(&set, "theme").is_none(), "{set:?}");
    // Consent: the signed record.
    let (set, _) = request(&server, "POST", None);
    let consent = pair(&set, "consent").expect("the consent cookie");
    // With consent, the theme cookie passes, and the session goes on.
    let (set, body) = request(&server, "GET", Some(&format!("{session}; {consent}")));
    assert!(body.contains("visit 2, consent given: true"), "{body}");
    let theme = set.iter().find(|h| h.starts_with("theme=")).expect("theme");
    assert!(theme.contains("Max-Age=31556952"), "{theme}");
}
