//! Proof of consent: every choice a visitor makes, kept in the site's own database. (Features
//! `sqlite` and `postgres`.)
//!
//! The CNIL (délibération 2020-092, article 4) and the EDPB (guidelines 05/2020, §104–111) put
//! the burden of proof on the site: it must be able to show that a visitor consented, when, to
//! what, and what information was shown then. The signed consent cookie carries the id of its
//! record ([`ConsentId`]), so that a visitor's cookie leads to the proof.
//!
//! # The table
//!
//! One row per choice in `consent_log`, never updated (a withdrawal is a new row). A stable
//! interface: auditors query it.
//!
//! | column | type | what |
//! |---|---|---|
//! | `id` | text | the choice's [`ConsentId`], a hyphenated UUID |
//! | `given_at` | `timestamptz` (PostgreSQL), RFC 3339 text in UTC (SQLite) | when, to the second |
//! | `registry_version` | text | [`Registry::version`] in 16 lowercase hexadecimal digits: which declarations, and so which policy page, were shown |
//! | `granted` | text | the granted categories, comma-separated (`necessary,statistics`) |
//! | `refused` | text | the refused ones, the same way |
//! | `method` | text | `accept-all`, `refuse-all`, `custom` or `withdraw` |
//! | `language` | text | the language the banner was shown in |
//! | `policy_url` | text, nullable | the policy page's URL |
//!
//! No IP address, no user agent: only what the proof needs.
//!
//! # Retention
//!
//! The proof is needed as long as the consent is used: a choice holds six months
//! ([`Consent::DEFAULT_MAX_AGE`]), so keep each record six months plus a margin for disputes
//! (the site chooses; a year in all is common), then delete it with
//! [`ConsentLog::purge_before`].
//!
//! # Fail closed
//!
//! A consent without proof is no consent: [`ConsentForm::submit`] writes the record first,
//! and only then gives the cookie. When the database cannot be written (down, full, locked
//! past the timeout), it returns an error and no cookie: the visitor keeps the banner. The
//! database's own limits (SQLite's busy timeout, PostgreSQL's `statement_timeout`) decide,
//! so that a refused write is not done; only when the connection is lost while the database
//! commits can a record exist whose cookie was not given (never a cookie without its record).
//!
//! Consent cookies signed before the site logged choices (format `1`, without an id) have no
//! record, yet stay valid until they expire. When you start logging, sign with a new
//! [`ConsentKey`]: the old cookies then count as no choice, and visitors answer again, with
//! proof.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::consent::form::{self, Choice, FormError, Submission};
use crate::consent::{Consent, ConsentError, ConsentId, ConsentKey};
use crate::date::{parse_rfc3339, rfc3339};
use crate::declaration::{Category, Declaration};
use crate::registry::Registry;

/// How long a write or a read may wait for the database by default: 5 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// How the visitor made the choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// "Accept all".
    AcceptAll,
    /// "Refuse all", as a first answer.
    RefuseAll,
    /// Category by category.
    Custom,
    /// A choice that takes back a category granted before.
    Withdraw,
}

impl Method {
    /// `accept-all`, `refuse-all`, `custom` or `withdraw`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::AcceptAll => "accept-all",
            Method::RefuseAll => "refuse-all",
            Method::Custom => "custom",
            Method::Withdraw => "withdraw",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Method {
    type Err = LogError;

    fn from_str(s: &str) -> Result<Method, LogError> {
        [
            Method::AcceptAll,
            Method::RefuseAll,
            Method::Custom,
            Method::Withdraw,
        ]
        .into_iter()
        .find(|m| m.as_str() == s)
        .ok_or_else(|| LogError::Corrupt(format!("unknown method `{s}`")))
    }
}

/// One row of the consent log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentRecord {
    /// The choice's id, also in its signed cookie.
    pub id: ConsentId,
    /// When, to the second.
    pub given_at: SystemTime,
    /// The [`Registry::version`] the choice was made for.
    pub registry_version: u64,
    /// The granted categories (necessary always is), in page order.
    pub granted: Vec<Category>,
    /// The refused ones, in page order.
    pub refused: Vec<Category>,
    /// How.
    pub method: Method,
    /// The banner's language.
    pub language: String,
    /// The policy page's URL, if known.
    pub policy_url: Option<String>,
}

impl ConsentRecord {
    /// The record of `consent`, which must carry its id ([`Consent::with_id`]); `offered` are
    /// the categories the banner asked about: the record says what was granted and refused
    /// among them (and necessary, always granted), nothing about categories never shown.
    ///
    /// # Errors
    ///
    /// [`LogError::NoId`] for a consent without an id.
    pub fn of(
        consent: &Consent,
        offered: &[Category],
        method: Method,
        language: &str,
        policy_url: Option<&str>,
    ) -> Result<ConsentRecord, LogError> {
        let shown = |c: &Category| *c == Category::Necessary || offered.contains(c);
        Ok(ConsentRecord {
            id: consent.id().ok_or(LogError::NoId)?,
            given_at: consent.given_at(),
            registry_version: consent.version(),
            granted: consent.granted().filter(shown).collect(),
            refused: Category::ALL
                .into_iter()
                .filter(|c| shown(c) && !consent.grants(*c))
                .collect(),
            method,
            language: language.to_owned(),
            policy_url: policy_url.map(str::to_owned),
        })
    }

    fn seconds(&self) -> i64 {
        self.given_at
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    }
}

fn category_list(categories: &[Category]) -> String {
    categories
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn parse_categories(text: &str) -> Result<Vec<Category>, LogError> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(|s| {
            Category::from_name(s)
                .ok_or_else(|| LogError::Corrupt(format!("unknown category `{s}`")))
        })
        .collect()
}

/// Why the log could not be opened, written or read.
#[derive(Debug)]
#[non_exhaustive]
pub enum LogError {
    /// The URL is neither `sqlite://PATH` nor `postgres://…` (or that backend's feature is
    /// off).
    Url(String),
    /// The database refused or failed.
    Database(sqlx::Error),
    /// The database did not answer within the timeout.
    Timeout(Duration),
    /// The embedded migrations failed.
    Migration(sqlx::migrate::MigrateError),
    /// A consent without an id cannot be logged.
    NoId,
    /// No randomness for a new id.
    Consent(ConsentError),
    /// The consent cookie could not be built from its declaration.
    Cookie(crate::build::BuildError),
    /// A row that is not a record this module wrote.
    Corrupt(String),
}

impl fmt::Display for LogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogError::Url(url) => write!(
                f,
                "unsupported consent-log URL `{url}`: write sqlite://PATH or postgres://USER@HOST/DB"
            ),
            LogError::Database(e) => write!(f, "consent log: {e}"),
            LogError::Timeout(d) => {
                write!(f, "consent log: no answer from the database within {d:?}")
            }
            LogError::Migration(e) => write!(f, "consent log: migration failed: {e}"),
            LogError::NoId => f.write_str("a consent without an id cannot be logged"),
            LogError::Consent(e) => write!(f, "consent log: {e}"),
            LogError::Cookie(e) => write!(f, "consent log: the consent cookie: {e}"),
            LogError::Corrupt(what) => write!(f, "consent log: a row is not a record: {what}"),
        }
    }
}

impl std::error::Error for LogError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LogError::Database(e) => Some(e),
            LogError::Migration(e) => Some(e),
            _ => None,
        }
    }
}

/// A failure of the database, or its silence past `timeout`.
fn timed(e: sqlx::Error, timeout: Duration) -> LogError {
    match e {
        sqlx::Error::PoolTimedOut => LogError::Timeout(timeout),
        e => LogError::Database(e),
    }
}

#[derive(Clone, Debug)]
enum Backend {
    #[cfg(feature = "sqlite")]
    Sqlite(sqlx::SqlitePool),
    #[cfg(feature = "postgres")]
    Postgres(sqlx::PgPool),
}

/// The consent log: a pool of connections to SQLite or PostgreSQL, chosen by URL. Cheap to
/// clone (clones share the pool).
///
/// ```no_run
/// # async fn demo() -> Result<(), cookie_registry::consent_log::LogError> {
/// use cookie_registry::consent_log::ConsentLog;
/// let log = ConsentLog::connect("sqlite://consent-log.sqlite3").await?;
/// // Keep the proof six months (the consent's validity) plus a year of margin.
/// let year = std::time::Duration::from_secs(365 * 86_400);
/// let cutoff = std::time::SystemTime::now() - cookie_registry::consent::Consent::DEFAULT_MAX_AGE - year;
/// log.purge_before(cutoff).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct ConsentLog {
    backend: Backend,
    timeout: Duration,
}

impl ConsentLog {
    /// Opens the log at `url` (`sqlite://PATH`, the file created on first use, in WAL mode;
    /// or `postgres://…`) and runs the embedded migrations, with [`DEFAULT_TIMEOUT`].
    ///
    /// # Errors
    ///
    /// An unsupported URL, or a database that cannot be reached or migrated.
    pub async fn connect(url: &str) -> Result<ConsentLog, LogError> {
        ConsentLog::connect_with_timeout(url, DEFAULT_TIMEOUT).await
    }

    /// [`connect`](ConsentLog::connect), with how long any operation may wait for the
    /// database (a connection, a lock, an answer) before it fails.
    ///
    /// # Errors
    ///
    /// As [`connect`](ConsentLog::connect).
    pub async fn connect_with_timeout(
        url: &str,
        timeout: Duration,
    ) -> Result<ConsentLog, LogError> {
        ConsentLog::open(url, timeout, false).await
    }

    /// Opens an existing log to read it (an auditor's export): no migration runs, nothing is
    /// created, and a SQLite file is opened read-only; [`record`](ConsentLog::record) and
    /// [`purge_before`](ConsentLog::purge_before) fail.
    ///
    /// # Errors
    ///
    /// An unsupported URL, or a database that cannot be reached (a missing SQLite file
    /// included).
    pub async fn connect_read_only(url: &str) -> Result<ConsentLog, LogError> {
        ConsentLog::open(url, DEFAULT_TIMEOUT, true).await
    }

    async fn open(url: &str, timeout: Duration, read_only: bool) -> Result<ConsentLog, LogError> {
        let backend = if url.starts_with("sqlite:") {
            #[cfg(feature = "sqlite")]
            {
                use sqlx::sqlite::{
                    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
                };
                let options = SqliteConnectOptions::from_str(url)
                    .map_err(LogError::Database)?
                    .busy_timeout(timeout);
                let options = if read_only {
                    options.read_only(true)
                } else {
                    options
                        .create_if_missing(true)
                        .journal_mode(SqliteJournalMode::Wal)
                        // The record must survive a power loss once the cookie is given.
                        .synchronous(SqliteSynchronous::Full)
                };
                let pool = SqlitePoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(timeout)
                    .connect_with(options)
                    .await
                    .map_err(|e| timed(e, timeout))?;
                if !read_only {
                    sqlx::migrate!("migrations/sqlite")
                        .run(&pool)
                        .await
                        .map_err(LogError::Migration)?;
                }
                Backend::Sqlite(pool)
            }
            #[cfg(not(feature = "sqlite"))]
            return Err(LogError::Url(format!("{url} (feature `sqlite` is off)")));
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            #[cfg(feature = "postgres")]
            {
                let mut options =
                    sqlx::postgres::PgConnectOptions::from_str(url).map_err(LogError::Database)?;
                // A statement that takes longer than the timeout is cancelled by the server:
                // the write is then not done, and the choice is refused.
                let statement_timeout = timeout.as_millis().max(1).to_string();
                options = options.options([("statement_timeout", statement_timeout.as_str())]);
                if read_only {
                    // Every transaction of the pool is read-only: an auditor's export can
                    // change nothing.
                    options = options.options([("default_transaction_read_only", "on")]);
                }
                let pool = sqlx::postgres::PgPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(timeout)
                    .connect_with(options)
                    .await
                    .map_err(|e| timed(e, timeout))?;
                if !read_only {
                    sqlx::migrate!("migrations/postgres")
                        .run(&pool)
                        .await
                        .map_err(LogError::Migration)?;
                }
                Backend::Postgres(pool)
            }
            #[cfg(not(feature = "postgres"))]
            return Err(LogError::Url(format!("{url} (feature `postgres` is off)")));
        } else {
            return Err(LogError::Url(url.to_owned()));
        };
        Ok(ConsentLog { backend, timeout })
    }

    async fn bounded<T>(
        &self,
        work: impl std::future::Future<Output = Result<T, sqlx::Error>>,
    ) -> Result<T, LogError> {
        // The database's own limits decide (SQLite's busy timeout, PostgreSQL's
        // `statement_timeout`): when they fail a write, it is not done. This one is a backstop
        // for a database that does not answer at all; a write it gives up on may still be
        // done (a record without its cookie, never the reverse).
        let backstop = self.timeout * 2 + Duration::from_secs(1);
        match tokio::time::timeout(backstop, work).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(sqlx::Error::PoolTimedOut)) | Err(_) => Err(LogError::Timeout(self.timeout)),
            Ok(Err(e)) => Err(LogError::Database(e)),
        }
    }

    /// Writes one record, committed before this returns.
    ///
    /// # Errors
    ///
    /// The database failed or timed out: the record is not written (a transaction either
    /// commits whole or not at all).
    pub async fn record(&self, r: &ConsentRecord) -> Result<(), LogError> {
        let id = r.id.to_string();
        let given_at = rfc3339(r.seconds());
        let version = format!("{:016x}", r.registry_version);
        let (granted, refused) = (category_list(&r.granted), category_list(&r.refused));
        match &self.backend {
            #[cfg(feature = "sqlite")]
            Backend::Sqlite(pool) => {
                self.bounded(
                    sqlx::query(
                        "INSERT INTO consent_log (id, given_at, registry_version, granted, refused, method, language, policy_url) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )
                    .bind(&id)
                    .bind(&given_at)
                    .bind(&version)
                    .bind(&granted)
                    .bind(&refused)
                    .bind(r.method.as_str())
                    .bind(&r.language)
                    .bind(r.policy_url.as_deref())
                    .execute(pool),
                )
                .await?;
            }
            #[cfg(feature = "postgres")]
            Backend::Postgres(pool) => {
                self.bounded(
                    sqlx::query(
                        "INSERT INTO consent_log (id, given_at, registry_version, granted, refused, method, language, policy_url) \
                         VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(&id)
                    .bind(&given_at)
                    .bind(&version)
                    .bind(&granted)
                    .bind(&refused)
                    .bind(r.method.as_str())
                    .bind(&r.language)
                    .bind(r.policy_url.as_deref())
                    .execute(pool),
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Every record given at or after `since` (all of them with `None`), oldest first.
    ///
    /// # Errors
    ///
    /// The database failed or timed out, or a row is not a record.
    pub async fn records(&self, since: Option<SystemTime>) -> Result<Vec<ConsentRecord>, LogError> {
        type Row = (
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            Option<String>,
        );
        let since = since.map_or_else(
            || "1970-01-01T00:00:00Z".to_owned(),
            |t| {
                rfc3339(
                    t.duration_since(UNIX_EPOCH)
                        .map_or(0, |d| d.as_secs() as i64),
                )
            },
        );
        let rows: Vec<Row> = match &self.backend {
            #[cfg(feature = "sqlite")]
            Backend::Sqlite(pool) => {
                self.bounded(
                    sqlx::query_as(
                        "SELECT id, given_at, registry_version, granted, refused, method, language, policy_url \
                         FROM consent_log WHERE given_at >= ?1 ORDER BY given_at, id",
                    )
                    .bind(&since)
                    .fetch_all(pool),
                )
                .await?
            }
            #[cfg(feature = "postgres")]
            Backend::Postgres(pool) => {
                self.bounded(
                    sqlx::query_as(
                        "SELECT id, to_char(given_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), \
                         registry_version, granted, refused, method, language, policy_url \
                         FROM consent_log WHERE given_at >= $1::timestamptz ORDER BY given_at, id",
                    )
                    .bind(&since)
                    .fetch_all(pool),
                )
                .await?
            }
        };
        rows.into_iter()
            .map(
                |(id, given_at, version, granted, refused, method, language, policy_url)| {
                    let seconds = parse_rfc3339(&given_at)
                        .ok_or_else(|| LogError::Corrupt(format!("given_at `{given_at}`")))?;
                    Ok(ConsentRecord {
                        id: id
                            .parse()
                            .map_err(|_| LogError::Corrupt(format!("id `{id}`")))?,
                        given_at: UNIX_EPOCH
                            + Duration::from_secs(u64::try_from(seconds).unwrap_or(0)),
                        registry_version: u64::from_str_radix(&version, 16).map_err(|_| {
                            LogError::Corrupt(format!("registry_version `{version}`"))
                        })?,
                        granted: parse_categories(&granted)?,
                        refused: parse_categories(&refused)?,
                        method: method.parse()?,
                        language,
                        policy_url,
                    })
                },
            )
            .collect()
    }

    /// Deletes the records given before `before`; returns how many.
    ///
    /// # Errors
    ///
    /// The database failed or timed out.
    pub async fn purge_before(&self, before: SystemTime) -> Result<u64, LogError> {
        let before = rfc3339(
            before
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64),
        );
        let done = match &self.backend {
            #[cfg(feature = "sqlite")]
            Backend::Sqlite(pool) => self
                .bounded(
                    sqlx::query("DELETE FROM consent_log WHERE given_at < ?1")
                        .bind(&before)
                        .execute(pool),
                )
                .await?
                .rows_affected(),
            #[cfg(feature = "postgres")]
            Backend::Postgres(pool) => self
                .bounded(
                    sqlx::query("DELETE FROM consent_log WHERE given_at < $1::timestamptz")
                        .bind(&before)
                        .execute(pool),
                )
                .await?
                .rows_affected(),
        };
        Ok(done)
    }

    /// Closes the pool (waits for the connections in use).
    pub async fn close(&self) {
        match &self.backend {
            #[cfg(feature = "sqlite")]
            Backend::Sqlite(pool) => pool.close().await,
            #[cfg(feature = "postgres")]
            Backend::Postgres(pool) => pool.close().await,
        }
    }
}

/// The banner's form handler, set up once: the registry, the key that signs choices, the
/// declaration of the consent cookie, and the policy page's URL. [`parse`](ConsentForm::parse)
/// and [`submit`](ConsentForm::submit) serve axum and actix-web handlers alike.
///
/// The handler must first refuse cross-site posts
/// ([`form::same_origin`], with the request's `Host`, or
/// its URI authority over HTTP/2): a cross-site form must not record a choice for the visitor.
/// `examples/site` (axum) and `examples/actix_site` are complete handlers.
///
/// ```
/// use cookie_registry::consent::ConsentKey;
/// use cookie_registry::consent::form::Choice;
/// use cookie_registry::consent_log::ConsentForm;
/// use cookie_registry::{Category, CookieRegistry};
/// #[derive(CookieRegistry, Clone, Copy, Debug, PartialEq, Eq)]
/// #[registry(provider = "Site")]
/// enum Site {
///     #[cookie(name = "consent", service = "Consent", purpose = "Remember the choice",
///         category = "necessary", lifetime = "6mo")]
///     Consent,
///     #[cookie(name = "_pk_id.*", service = "Statistics", purpose = "Count visits",
///         category = "statistics", lifetime = "13mo")]
///     Audience,
/// }
/// let key = ConsentKey::from_bytes(&[7; 32])?;
/// let form = ConsentForm::new(Site::registry(), key, Site::Consent.declaration());
/// assert_eq!(form.offered(), [Category::Statistics]);
/// let submission = form.parse(b"choice=save&category=statistics&back=%2Fcookies")?;
/// assert_eq!(submission.choice, Choice::Custom(vec![Category::Statistics]));
/// assert!(form.parse(b"choice=save&category=marketing").is_err());
/// // Then, in an async handler: `form.submit(&log, &submission, previous, "fr", now).await`.
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct ConsentForm {
    registry: &'static Registry,
    key: ConsentKey,
    cookie: &'static Declaration,
    offered: Vec<Category>,
    policy_url: Option<String>,
}

/// A choice applied: logged, signed and ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// The choice, with its id.
    pub consent: Consent,
    /// The record written.
    pub record: ConsentRecord,
    /// The consent cookie's `Set-Cookie` value, with its declared attributes.
    pub set_cookie: String,
    /// Where to redirect (303): a path on this site.
    pub location: String,
}

impl ConsentForm {
    /// The handler for `registry`'s banner; `cookie` is the declaration of the cookie that
    /// holds the signed choice. The banner offers a box for each category that some
    /// declaration needs consent for.
    pub fn new(registry: &'static Registry, key: ConsentKey, cookie: &'static Declaration) -> Self {
        let mut offered: Vec<Category> = registry
            .declarations()
            .filter(|d| d.requires_consent())
            .map(Declaration::category)
            .collect();
        offered.sort();
        offered.dedup();
        ConsentForm {
            registry,
            key,
            cookie,
            offered,
            policy_url: None,
        }
    }

    /// The policy page's URL, logged with each choice.
    pub fn policy_url(mut self, url: impl Into<String>) -> Self {
        self.policy_url = Some(url.into());
        self
    }

    /// The categories the banner offers a box for, in page order.
    pub fn offered(&self) -> &[Category] {
        &self.offered
    }

    /// Reads a submission of the form's body (see [`form`]).
    ///
    /// # Errors
    ///
    /// Bad input: answer 400, log nothing.
    pub fn parse(&self, body: &[u8]) -> Result<Submission, FormError> {
        form::parse(body, &self.offered)
    }

    /// Applies a submission: builds the signed cookie, writes the record, and only then
    /// returns what to send. `previous` is the visitor's valid consent before (from the
    /// request), which makes a choice that takes a category back a `withdraw`; `language` is
    /// the banner's.
    ///
    /// # Errors
    ///
    /// The record could not be written (or the cookie built): send no cookie, tell the
    /// visitor the choice was not saved, and keep the banner.
    pub async fn submit(
        &self,
        log: &ConsentLog,
        submission: &Submission,
        previous: Option<&Consent>,
        language: &str,
        now: SystemTime,
    ) -> Result<Accepted, LogError> {
        let (consent, method) = match &submission.choice {
            Choice::AcceptAll => (Consent::accept_all(self.registry, now), Method::AcceptAll),
            Choice::RefuseAll => (Consent::refuse_all(self.registry, now), Method::RefuseAll),
            Choice::Custom(categories) => (
                Consent::new(categories.iter().copied(), self.registry, now),
                Method::Custom,
            ),
        };
        // Taking back a category the banner offers, granted before, is a withdrawal.
        let method = match previous {
            Some(before)
                if self
                    .offered
                    .iter()
                    .any(|c| before.grants(*c) && !consent.grants(*c)) =>
            {
                Method::Withdraw
            }
            _ => method,
        };
        let consent = consent.with_id(ConsentId::random().map_err(LogError::Consent)?);
        let set_cookie = self
            .cookie
            .cookie(consent.encode(&self.key))
            .map_err(LogError::Cookie)?
            .to_string();
        let record = ConsentRecord::of(
            &consent,
            &self.offered,
            method,
            language,
            self.policy_url.as_deref(),
        )?;
        log.record(&record).await?;
        Ok(Accepted {
            consent,
            record,
            set_cookie,
            location: submission.back.clone(),
        })
    }
}
