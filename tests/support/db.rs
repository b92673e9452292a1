//! Throw-away databases for the consent-log tests: a SQLite file in a temporary directory, and
//! a PostgreSQL cluster (`tests/support/postgres.sh`: initdb as the `postgres` user, a free
//! port). Without PostgreSQL's server, [`Postgres::start`] fails when `CI` is set, and
//! otherwise prints a skip notice and gives `None`.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

/// A SQLite file in a fresh temporary directory (removed on drop).
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir =
            std::env::temp_dir().join(format!("consent-log-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn url(&self) -> String {
        format!("sqlite://{}", self.0.join("log.sqlite3").display())
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A throw-away PostgreSQL cluster, destroyed on drop.
pub struct Postgres {
    pub dir: String,
    pub url: String,
}

pub fn script(args: &[&str]) -> std::process::Output {
    Command::new("bash")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/support/postgres.sh"
        ))
        .args(args)
        .output()
        .expect("bash runs")
}

impl Postgres {
    pub fn start() -> Option<Postgres> {
        let out = script(&["start"]);
        if !out.status.success() {
            let why = String::from_utf8_lossy(&out.stderr);
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but PostgreSQL cannot start: {why}"
            );
            eprintln!(
                "SKIPPED: no PostgreSQL server for the consent-log tests ({})",
                why.trim()
            );
            return None;
        }
        let text = String::from_utf8(out.stdout).unwrap();
        let mut lines = text.lines();
        Some(Postgres {
            dir: lines.next().unwrap().to_owned(),
            url: lines.next().unwrap().to_owned(),
        })
    }

    pub fn stop(&self) {
        assert!(script(&["stop", &self.dir]).status.success());
    }

    pub fn restart(&self) {
        assert!(script(&["restart", &self.dir]).status.success());
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = script(&["destroy", &self.dir]);
    }
}
