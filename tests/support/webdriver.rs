//! Headless Chromium over WebDriver (Debian's `chromium` and `chromium-driver`), for the tests
//! that drive a real browser: the processes they start, killed with their process groups
//! when dropped, and a fresh profile per session.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// How long to wait for a page or an element.
pub const WAIT: Duration = Duration::from_secs(15);

/// Whether chromedriver and Chromium are installed; without them, a test fails when `CI` is
/// set, and otherwise prints a skip notice (for `what`) and should return.
pub fn available(what: &str) -> bool {
    if Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists() {
        return true;
    }
    let message = format!(
        "{CHROMEDRIVER} or {CHROMIUM} is missing: install Debian's chromium and chromium-driver (see .ci/run)"
    );
    if std::env::var_os("CI").is_some() {
        panic!("{message}");
    }
    eprintln!(
        "\n{bar}\nSKIPPED {what}: {message}\n{bar}\n",
        bar = "!".repeat(78)
    );
    false
}

/// The processes this test started, each in its own process group; killed (group and all,
/// so that Chromium goes with chromedriver) when dropped, even when the test panics.
pub struct Processes {
    pub children: Vec<(&'static str, Child)>,
    pub profile: Option<PathBuf>,
    /// The demo's working directory, where its consent log goes.
    pub workdir: Option<PathBuf>,
}

impl Processes {
    pub fn spawn(&mut self, what: &'static str, command: &mut Command) -> &mut Child {
        let child = command
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
        self.children.push((what, child));
        &mut self.children.last_mut().expect("just pushed").1
    }
}

impl Drop for Processes {
    fn drop(&mut self) {
        for (_, child) in self.children.iter_mut().rev() {
            // The group's id is the child's pid (process_group(0)): this reaches only the
            // processes this test started and their descendants.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .stderr(Stdio::null())
                .status();
            let _ = child.kill();
            let _ = child.wait();
        }
        for dir in [&self.profile, &self.workdir].into_iter().flatten() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

impl Processes {
    /// None yet.
    pub fn new() -> Processes {
        Processes {
            children: Vec::new(),
            profile: None,
            workdir: None,
        }
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

pub fn wait_for_port(port: u16, what: &str) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < WAIT,
            "{what} is not listening on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts chromedriver and opens a WebDriver session in headless Chromium with a fresh
/// profile.
pub async fn connect(processes: &mut Processes) -> Client {
    let port = free_port();
    processes.spawn(
        "chromedriver",
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );
    wait_for_port(port, "chromedriver");
    let profile = std::env::temp_dir().join(format!(
        "cookie-registry-browser-{}-{port}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&profile);
    std::fs::create_dir_all(&profile).expect("a fresh Chromium profile directory");
    processes.profile = Some(profile.clone());
    let options = json!({
        "binary": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            format!("--user-data-dir={}", profile.display()),
            "--window-size=1280,900",
        ],
    });
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".to_owned(), options);
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session in headless Chromium")
}
