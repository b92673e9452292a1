//! The demo site (`examples/site`, `examples/actix_site`) as a process, for tests that need a
//! real server: built if needed, started on a free port, killed with its process group on drop.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A running demo.
pub struct Demo {
    child: Child,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `target/<profile>/examples/<example>`, built first (a no-op when fresh).
pub fn binary(example: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test's own path");
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test runs from target/<profile>/deps")
        .to_path_buf();
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // The examples are the workspace root package's; this module serves the CLI's tests too.
    cargo.args([
        "build",
        "--quiet",
        "-p",
        "cookie-registry-tests",
        "--example",
        example,
    ]);
    cargo.args([
        "--manifest-path",
        concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"),
    ]);
    if profile.file_name().is_some_and(|n| n == "release") {
        cargo.arg("--release");
    }
    assert!(
        cargo.status().expect("cargo runs").success(),
        "cannot build {example}"
    );
    profile.join("examples").join(example)
}

/// Starts `example` with `--port 0` and `args`, in `workdir`.
pub fn start(example: &str, args: &[&str], workdir: &Path) -> Demo {
    let mut child = Command::new(binary(example))
        .args(["--port", "0"])
        .args(args)
        .current_dir(workdir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .process_group(0)
        .spawn()
        .expect("the demo starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("the demo's first line");
    std::thread::spawn(move || {
        let _ = stdout.read_to_end(&mut Vec::new());
    });
    let port = line
        .trim()
        .strip_prefix("listening on http://127.0.0.1:")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line from the demo: {line:?}"));
    Demo { child, port }
}

/// A response: status, `(name, value)` headers (names lowercase), body.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// The values of the headers called `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// One HTTP/1.0 request on loopback: `POST` with a form body when `form` is given, else
/// `GET`; `cookie` is sent as the `Cookie` header.
pub fn request(port: u16, path: &str, form: Option<&[u8]>, cookie: Option<&str>) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the demo answers");
    let mut head = format!(
        "{} {path} HTTP/1.0\r\nHost: localhost:{port}\r\nOrigin: http://localhost:{port}\r\n",
        if form.is_some() { "POST" } else { "GET" }
    );
    if let Some(cookie) = cookie {
        head.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    if let Some(body) = form {
        head.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // The body is written beside the reading: a server may answer an oversized body before
    // reading it all, and close.
    let writer = form.map(|body| {
        let mut stream = stream.try_clone().expect("a second handle on the socket");
        let body = body.to_vec();
        std::thread::spawn(move || {
            let _ = stream.write_all(&body);
        })
    });
    let mut raw = Vec::new();
    let mut chunk = [0u8; 8192];
    // Until the server closes (or resets, after answering an oversized body early).
    while let Ok(n) = stream.read(&mut chunk) {
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&chunk[..n]);
    }
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    assert!(!raw.is_empty(), "no answer from the demo on {path}");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_owned(),
    }
}
