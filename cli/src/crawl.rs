//! Bounded headless-Chromium crawler that records every cookie the browser holds.
//!
//! The crawl runs up to three phases:
//!
//! * [`Phase::BeforeConsent`]: a fresh profile visits the start URL and follows
//!   same-origin links breadth-first, at most `max_pages` pages.
//! * [`Phase::AfterAccept`]: in the same profile, the consent button whose text
//!   contains `accept` is clicked on the start page, then the pages found in the
//!   first phase are visited again.
//! * [`Phase::AfterRefuse`]: the same with `refuse`, in another fresh profile.
//!
//! After every page the whole cookie jar is read with `Storage.getCookies`
//! (browser-wide, so HttpOnly and third-party cookies are included).
//! `Set-Cookie` response headers are collected from
//! `Network.responseReceivedExtraInfo` to tell server-set cookies from
//! script-set ones.

use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chromiumoxide::Page;
use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::network::{
    Cookie, EventRequestWillBeSent, EventResponseReceivedExtraInfo,
};
use chromiumoxide::cdp::browser_protocol::page::{
    EventFrameStartedLoading, EventLoadEventFired, StopLoadingParams,
};
use chromiumoxide::cdp::browser_protocol::storage::GetCookiesParams;
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use chromiumoxide::error::CdpError;
use chromiumoxide::js::EvaluationResult;
use chromiumoxide::layout::Point;
use chromiumoxide::listeners::EventStream;
use futures::{FutureExt, StreamExt};
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep, timeout, timeout_at};
use url::Url;

/// What to crawl and how.
pub struct CrawlOptions {
    /// First page of the crawl; only links of its origin are followed.
    pub start: Url,
    /// Most pages loaded per phase (at least 1).
    pub max_pages: usize,
    /// Text of the consent button to click for [`Phase::AfterAccept`].
    pub accept: Option<String>,
    /// Text of the consent button to click for [`Phase::AfterRefuse`].
    pub refuse: Option<String>,
    /// Bound on every page load and on every other wait on the browser.
    pub page_timeout: Duration,
    /// Browser executable; else `$CHROME`, else `chromium`, `chromium-browser`,
    /// `google-chrome` or `google-chrome-stable` on `PATH`.
    pub chrome: Option<PathBuf>,
}

pub use cookie_registry::audit::Phase;

/// One cookie of the browser's jar, first seen in `phase`.
#[derive(Debug, Clone)]
pub struct CrawledCookie {
    /// The phase it was seen in.
    pub phase: Phase,
    /// Its name.
    pub name: String,
    /// As `Storage.getCookies` gives it (leading dot kept).
    pub domain: String,
    /// Its path.
    pub path: String,
    /// Whether the jar holds it `HttpOnly`.
    pub http_only: bool,
    /// Whether the jar holds it `Secure`.
    pub secure: bool,
    /// `"Strict"`, `"Lax"` or `"None"` as the browser reports it.
    pub same_site: Option<String>,
    /// Unix seconds; `None` for a session cookie.
    pub expires: Option<f64>,
    /// A `Set-Cookie` response header seen by this profile set this name for
    /// this domain (headers of the current phase first, then of the earlier
    /// phase of the same profile).
    pub set_by_server: bool,
    /// The last raw `Set-Cookie` line that set it, if server-set.
    pub raw_set_cookie: Option<String>,
    /// The page URL at which the cookie was first seen in this phase.
    pub first_url: String,
}

/// What the crawl tells as it goes.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// A page is about to be loaded.
    Visit {
        /// The phase.
        phase: Phase,
        /// The page.
        url: &'a str,
    },
    /// A page was skipped (it did not load in time, or failed).
    Skipped {
        /// The page.
        url: &'a str,
        /// Why.
        reason: &'a str,
    },
}

/// Progress callback (the command drives its progress bar and its notes from it).
pub type OnPage<'a> = &'a (dyn Fn(Progress<'_>) + Sync);

/// Why a crawl stopped.
#[derive(Debug, thiserror::Error)]
pub enum CrawlError {
    /// No browser to run.
    #[error(
        "no usable browser: {0}; install chromium (apt-get install chromium) or set CHROME to a Chrome/Chromium executable"
    )]
    NoBrowser(String),
    /// The start page did not load.
    #[error("start URL {url} is unreachable: {reason}; check that the site is up")]
    Unreachable {
        /// The start URL.
        url: String,
        /// What the browser said.
        reason: String,
    },
    /// The browser failed.
    #[error("browser error: {0}")]
    Browser(String),
    /// The browser did not answer in time.
    #[error("timed out waiting for the browser at {url}")]
    Timeout {
        /// Where (or, for tab operations, what).
        url: String,
    },
    /// No consent button with that text.
    #[error("no button, input or link with text {text:?} found at {url}; check --accept/--refuse")]
    NoButton {
        /// The text looked for.
        text: String,
        /// The page.
        url: String,
    },
}

/// Crawls `opts.start` in up to three phases and returns every cookie seen.
///
/// The browser is shut down and its temporary profile removed before this
/// returns, and also when the future is dropped.
pub async fn crawl(
    opts: &CrawlOptions,
    on_page: OnPage<'_>,
) -> Result<Vec<CrawledCookie>, CrawlError> {
    let exe = find_chrome(opts.chrome.as_deref())?;
    let mut out = Vec::new();

    let pages = {
        let session = Session::launch(&exe, opts.page_timeout).await?;
        let result = first_profile(&session, opts, on_page, &mut out).await;
        session.shutdown().await;
        result?
    };

    if let Some(text) = &opts.refuse {
        let session = Session::launch(&exe, opts.page_timeout).await?;
        let result = async {
            let mut tab = Tab::open(&session, opts.page_timeout).await?;
            consent_phase(
                &session,
                &mut tab,
                opts,
                on_page,
                Phase::AfterRefuse,
                text,
                &pages,
            )
            .await
        }
        .await;
        session.shutdown().await;
        out.extend(result?);
    }
    Ok(out)
}

/// Before-consent crawl, then after-accept in the same profile.
/// Returns the pages that loaded in the first phase.
async fn first_profile(
    session: &Session,
    opts: &CrawlOptions,
    on_page: OnPage<'_>,
    out: &mut Vec<CrawledCookie>,
) -> Result<Vec<Url>, CrawlError> {
    let mut tab = Tab::open(session, opts.page_timeout).await?;
    let (pages, found) = discover(session, &mut tab, opts, on_page).await?;
    out.extend(found);
    if let Some(text) = &opts.accept {
        let found = consent_phase(
            session,
            &mut tab,
            opts,
            on_page,
            Phase::AfterAccept,
            text,
            &pages,
        )
        .await?;
        out.extend(found);
    }
    Ok(pages)
}

/// Breadth-first same-origin crawl from the start URL.
async fn discover(
    session: &Session,
    tab: &mut Tab,
    opts: &CrawlOptions,
    on_page: OnPage<'_>,
) -> Result<(Vec<Url>, Vec<CrawledCookie>), CrawlError> {
    let phase = Phase::BeforeConsent;
    let limit = opts.max_pages.max(1);
    let t = opts.page_timeout;
    let start = without_fragment(&opts.start);
    let mut origins: Vec<Origin> = origin_of(&start).into_iter().collect();
    let mut seen: HashSet<Url> = HashSet::from([start.clone()]);
    let mut queue = VecDeque::from([start.clone()]);
    let mut attempted = 0usize;
    let mut pages = Vec::new();
    let mut jar = PhaseJar::new(phase);

    while let Some(url) = queue.pop_front() {
        if attempted >= limit {
            break;
        }
        attempted += 1;
        on_page(Progress::Visit {
            phase,
            url: url.as_str(),
        });
        let landed = match tab.load(session, &url, t).await {
            Ok(landed) => landed,
            Err(reason) if attempted == 1 => {
                return Err(CrawlError::Unreachable {
                    url: url.to_string(),
                    reason,
                });
            }
            Err(reason) => {
                on_page(Progress::Skipped {
                    url: url.as_str(),
                    reason: &reason,
                });
                continue;
            }
        };
        // Follow links of the origin the start URL redirected to as well.
        let landed_origin = Url::parse(&landed).ok().as_ref().and_then(origin_of);
        if let Some(o) = landed_origin.filter(|o| attempted == 1 && !origins.contains(o)) {
            origins.push(o);
        }
        if let Ok(l) = Url::parse(&landed) {
            seen.insert(without_fragment(&l));
        }
        settle(t).await;
        jar.read(session, tab, &landed, t).await?;
        pages.push(url);

        if attempted + queue.len() < limit {
            for link in tab.links(&landed, t).await {
                if attempted + queue.len() >= limit {
                    break;
                }
                let same_origin = origin_of(&link).is_some_and(|o| origins.contains(&o));
                if same_origin && seen.insert(link.clone()) {
                    queue.push_back(link);
                }
            }
        }
    }
    tab.pump();
    Ok((pages, jar.finish(&tab.net)))
}

/// Loads the start URL, clicks the consent button, then revisits `pages`.
async fn consent_phase(
    session: &Session,
    tab: &mut Tab,
    opts: &CrawlOptions,
    on_page: OnPage<'_>,
    phase: Phase,
    text: &str,
    pages: &[Url],
) -> Result<Vec<CrawledCookie>, CrawlError> {
    let t = opts.page_timeout;
    let start = without_fragment(&opts.start);
    tab.net.phase = phase;
    let mut jar = PhaseJar::new(phase);

    on_page(Progress::Visit {
        phase,
        url: start.as_str(),
    });
    let landed = tab
        .load(session, &start, t)
        .await
        .map_err(|reason| CrawlError::Unreachable {
            url: start.to_string(),
            reason,
        })?;
    let after_click = click_consent(tab, text, &landed, on_page, t).await?;
    settle(t).await;
    jar.read(session, tab, &after_click, t).await?;

    // The start page (and wherever the click led) was just loaded: the page
    // count of this phase stays within max_pages.
    let after_click = Url::parse(&after_click).ok().map(|u| without_fragment(&u));
    for url in pages {
        if *url == start || Some(url) == after_click.as_ref() {
            continue;
        }
        on_page(Progress::Visit {
            phase,
            url: url.as_str(),
        });
        match tab.load(session, url, t).await {
            Ok(landed) => {
                settle(t).await;
                jar.read(session, tab, &landed, t).await?;
            }
            Err(reason) => on_page(Progress::Skipped {
                url: url.as_str(),
                reason: &reason,
            }),
        }
    }
    tab.pump();
    Ok(jar.finish(&tab.net))
}

/// Finds the consent element, clicks it and waits until the page settles.
/// Returns the page URL afterwards.
async fn click_consent(
    tab: &mut Tab,
    text: &str,
    page_url: &str,
    on_page: OnPage<'_>,
    t: Duration,
) -> Result<String, CrawlError> {
    let needle = text.trim();
    let find = find_button_js(needle);
    // Consent banners are often injected some time after the load event.
    let give_up = Instant::now() + t.min(Duration::from_secs(10));
    let target = loop {
        let found = tab.eval(&find, t).await;
        if let Some(target) =
            found.and_then(|r| r.into_value::<Option<(f64, f64, bool)>>().ok().flatten())
        {
            break target;
        }
        if Instant::now() >= give_up {
            return Err(CrawlError::NoButton {
                text: needle.to_string(),
                url: page_url.to_string(),
            });
        }
        sleep(Duration::from_millis(250)).await;
    };

    let main_frame = match timeout(t, tab.page.mainframe()).await {
        Ok(Ok(frame)) => frame,
        _ => None,
    };
    tab.pump();

    let (x, y, hit) = target;
    let clicked = hit
        && matches!(
            timeout(t, tab.page.click(Point::new(x, y))).await,
            Ok(Ok(_))
        );
    if !clicked {
        // Covered, zero-sized or in a place the mouse cannot reach: click from
        // script instead.
        let js = "(() => { const el = window.__crawlProbeTarget; \
                  if (el) { el.click(); return true; } return false; })()";
        let done = tab.eval(js, t).await;
        if !done.is_some_and(|r| r.into_value::<bool>().unwrap_or(false)) {
            return Err(CrawlError::Browser(format!(
                "could not click the element with text {needle:?} at {page_url}"
            )));
        }
    }

    // Wait for a navigation to start; if none does, the banner was handled by
    // script in place.
    let deadline = Instant::now() + t;
    let quiet = Instant::now() + t.min(Duration::from_millis(1500));
    let mut navigating = false;
    while let Ok(Some(ev)) = timeout_at(quiet, tab.started.next()).await {
        if main_frame.as_ref().is_none_or(|f| *f == ev.frame_id) {
            navigating = true;
            break;
        }
    }
    if navigating && timeout_at(deadline, tab.loaded.next()).await.is_err() {
        let reason = format!("the page did not finish loading after clicking {needle:?}");
        on_page(Progress::Skipped {
            url: page_url,
            reason: &reason,
        });
    }
    Ok(tab
        .current_url(t)
        .await
        .unwrap_or_else(|| page_url.to_string()))
}

/// A short pause after the load event, for cookies written by late scripts.
async fn settle(t: Duration) {
    sleep(t.min(Duration::from_millis(300))).await;
}

/// JavaScript that finds the first `button`, submit/button input or link whose
/// visible text (value for inputs) contains `needle`, also in open shadow
/// roots. It keeps the element in `window.__crawlProbeTarget`, scrolls it into
/// view and returns `[x, y, hit]` (centre in viewport coordinates, and whether
/// the element itself is topmost there), or `null`.
fn find_button_js(needle: &str) -> String {
    format!(
        r#"(() => {{
  const needle = {needle};
  const sel = 'button, input[type=submit], input[type=button], a';
  const label = (el) => el instanceof HTMLInputElement
    ? (el.value || '').trim()
    : (el.innerText || el.textContent || '').trim();
  const shown = (el) => {{
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  }};
  const roots = [document];
  const found = [];
  for (let i = 0; i < roots.length && i < 200; i++) {{
    const root = roots[i];
    for (const el of root.querySelectorAll(sel)) {{
      if (label(el).includes(needle)) found.push(el);
    }}
    for (const el of root.querySelectorAll('*')) {{
      if (el.shadowRoot) roots.push(el.shadowRoot);
    }}
  }}
  if (found.length === 0) return null;
  const el = found.find(shown) || found[0];
  window.__crawlProbeTarget = el;
  el.scrollIntoView({{ block: 'center', inline: 'center' }});
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2;
  const y = r.top + r.height / 2;
  let hit = false;
  if (r.width > 0 && r.height > 0) {{
    const root = el.getRootNode();
    const top = root.elementFromPoint ? root.elementFromPoint(x, y) : document.elementFromPoint(x, y);
    hit = !!top && (top === el || el.contains(top));
  }}
  return [x, y, hit];
}})()"#,
        needle = js_string(needle)
    )
}

/// A JavaScript string literal for `s`.
fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' | '>' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Cookies first seen in one phase, in the order they were seen.
struct PhaseJar {
    phase: Phase,
    keys: HashSet<(String, String, String, String)>,
    found: Vec<(Cookie, String)>,
}

impl PhaseJar {
    fn new(phase: Phase) -> Self {
        Self {
            phase,
            keys: HashSet::new(),
            found: Vec::new(),
        }
    }

    /// Reads the whole jar and keeps the cookies not seen yet in this phase.
    async fn read(
        &mut self,
        session: &Session,
        tab: &mut Tab,
        page_url: &str,
        t: Duration,
    ) -> Result<(), CrawlError> {
        let cookies = match timeout(t, session.browser.execute(GetCookiesParams::default())).await {
            Err(_) => {
                return Err(CrawlError::Timeout {
                    url: page_url.to_string(),
                });
            }
            Ok(Err(e)) => {
                return Err(CrawlError::Browser(format!(
                    "Storage.getCookies at {page_url}: {e}"
                )));
            }
            Ok(Ok(resp)) => resp.result.cookies,
        };
        tab.pump();
        for c in cookies {
            let partition = c
                .partition_key
                .as_ref()
                .map(|p| p.top_level_site.clone())
                .unwrap_or_default();
            let key = (c.name.clone(), c.domain.clone(), c.path.clone(), partition);
            if self.keys.insert(key) {
                self.found.push((c, page_url.to_string()));
            }
        }
        Ok(())
    }

    /// Turns the cookies into [`CrawledCookie`]s, deciding who set each one
    /// from the `Set-Cookie` lines the tab saw.
    fn finish(self, net: &NetLog) -> Vec<CrawledCookie> {
        let phase = self.phase;
        self.found
            .into_iter()
            .map(|(c, first_url)| {
                let raw = net.line_for(phase, &c).map(str::to_string);
                CrawledCookie {
                    phase,
                    expires: (!c.session && c.expires > 0.0).then_some(c.expires),
                    same_site: c.same_site.as_ref().map(|s| s.as_ref().to_string()),
                    set_by_server: raw.is_some(),
                    raw_set_cookie: raw,
                    name: c.name,
                    domain: c.domain,
                    path: c.path,
                    http_only: c.http_only,
                    secure: c.secure,
                    first_url,
                }
            })
            .collect()
    }
}

/// One `Set-Cookie` header line.
struct SetCookieLine {
    phase: Phase,
    request_id: String,
    name: String,
    /// `Domain` attribute, lower-cased, leading dot removed.
    domain: Option<String>,
    raw: String,
}

/// Network facts gathered from the tab's events.
struct NetLog {
    /// Phase to which new events are assigned.
    phase: Phase,
    /// Hosts each request went to (several when redirected).
    hosts: HashMap<String, Vec<String>>,
    lines: Vec<SetCookieLine>,
}

impl NetLog {
    fn add_request(&mut self, ev: &EventRequestWillBeSent) {
        if let Some(host) = Url::parse(&ev.request.url)
            .ok()
            .and_then(|u| u.host_str().map(normal_host))
        {
            let hosts = self.hosts.entry(ev.request_id.inner().clone()).or_default();
            if !hosts.contains(&host) {
                hosts.push(host);
            }
        }
    }

    fn add_response(&mut self, ev: &EventResponseReceivedExtraInfo) {
        let Some(headers) = ev.headers.inner().as_object() else {
            return;
        };
        let blocked: HashSet<&str> = ev
            .blocked_cookies
            .iter()
            .map(|b| b.cookie_line.as_str())
            .collect();
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        for (key, value) in headers {
            if !key.eq_ignore_ascii_case("set-cookie") {
                continue;
            }
            let Some(value) = value.as_str() else {
                continue;
            };
            for line in value.split('\n') {
                let line = line.trim();
                // A deletion sets nothing: a cookie of that name in the jar came from elsewhere.
                let deletion =
                    cookie_registry::SetCookie::parse(line).is_ok_and(|c| c.is_removal_at(now));
                if line.is_empty() || blocked.contains(line) || deletion {
                    continue;
                }
                let (name, domain) = parse_set_cookie(line);
                self.lines.push(SetCookieLine {
                    phase: self.phase,
                    request_id: ev.request_id.inner().clone(),
                    name,
                    domain,
                    raw: line.to_string(),
                });
            }
        }
    }

    /// The last `Set-Cookie` line that could have set `c`, from `phase` or,
    /// failing that, from an earlier phase of the same profile.
    fn line_for(&self, phase: Phase, c: &Cookie) -> Option<&str> {
        let matching = |l: &&SetCookieLine| l.name == c.name && self.domain_matches(l, &c.domain);
        let lines = self.lines.iter().rev();
        lines
            .clone()
            .filter(|l| l.phase == phase)
            .find(matching)
            .or_else(|| lines.filter(|l| l.phase != phase).find(matching))
            .map(|l| l.raw.as_str())
    }

    fn domain_matches(&self, line: &SetCookieLine, cookie_domain: &str) -> bool {
        let cookie_domain = cookie_domain.to_ascii_lowercase();
        match &line.domain {
            Some(d) => cookie_domain.trim_start_matches('.') == d,
            // Host-only cookie: stored without a leading dot, for the host
            // the response came from (unknown if no request event was seen).
            None => {
                !cookie_domain.starts_with('.')
                    && self
                        .hosts
                        .get(&line.request_id)
                        .is_none_or(|hosts| hosts.contains(&cookie_domain))
            }
        }
    }
}

/// Name (before the first `=` of the name-value pair, trimmed) and `Domain`
/// attribute of a `Set-Cookie` line.
fn parse_set_cookie(line: &str) -> (String, Option<String>) {
    let mut parts = line.split(';');
    let pair = parts.next().unwrap_or_default();
    // A pair without '=' is a value with an empty name.
    let name = pair
        .split_once('=')
        .map(|(n, _)| n.trim().to_string())
        .unwrap_or_default();
    let domain = parts
        .filter_map(|attr| attr.split_once('='))
        .filter(|(k, _)| k.trim().eq_ignore_ascii_case("domain"))
        .map(|(_, v)| v.trim().trim_start_matches('.').to_ascii_lowercase())
        .rfind(|v| !v.is_empty());
    (name, domain)
}

/// Whether this process runs as root (its real user id, read from `/proc/self/status`).
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|status| {
        status
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|ids| ids.split_whitespace().next())
            == Some("0")
    })
}

fn normal_host(host: &str) -> String {
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase()
}

/// The page a browser session crawls with, its event streams, and the
/// network log they feed.
struct Tab {
    page: Page,
    responses: EventStream<EventResponseReceivedExtraInfo>,
    requests: EventStream<EventRequestWillBeSent>,
    started: EventStream<EventFrameStartedLoading>,
    loaded: EventStream<EventLoadEventFired>,
    net: NetLog,
}

impl Tab {
    async fn open(session: &Session, t: Duration) -> Result<Self, CrawlError> {
        let page = bounded(t, "opening a tab", session.browser.new_page("about:blank")).await?;
        Ok(Self {
            responses: bounded(t, "listening", page.event_listener()).await?,
            requests: bounded(t, "listening", page.event_listener()).await?,
            started: bounded(t, "listening", page.event_listener()).await?,
            loaded: bounded(t, "listening", page.event_listener()).await?,
            page,
            net: NetLog {
                phase: Phase::BeforeConsent,
                hosts: HashMap::new(),
                lines: Vec::new(),
            },
        })
    }

    /// Swaps in a new tab of the same browser (same cookie jar), keeping the
    /// network log. Used after a failed load: chromiumoxide queues a
    /// navigation behind an unfinished one, which would stall the next load.
    async fn replace(&mut self, session: &Session, t: Duration) {
        self.pump();
        let Ok(mut fresh) = Tab::open(session, t).await else {
            return;
        };
        std::mem::swap(&mut self.net, &mut fresh.net);
        let old = std::mem::replace(self, fresh);
        let _ = timeout(t.min(Duration::from_secs(2)), old.page.close()).await;
    }

    /// Moves the network events received so far into the log, and drops
    /// navigation events.
    fn pump(&mut self) {
        while let Some(Some(ev)) = self.requests.next().now_or_never() {
            self.net.add_request(&ev);
        }
        while let Some(Some(ev)) = self.responses.next().now_or_never() {
            self.net.add_response(&ev);
        }
        while let Some(Some(_)) = self.started.next().now_or_never() {}
        while let Some(Some(_)) = self.loaded.next().now_or_never() {}
    }

    /// Navigates and waits for the load event; returns the URL landed on, or
    /// why the page did not load.
    async fn load(&mut self, session: &Session, url: &Url, t: Duration) -> Result<String, String> {
        self.pump();
        let reason = match timeout(t, self.page.goto(url.as_str())).await {
            Ok(Ok(_)) => return Ok(self.current_url(t).await.unwrap_or_else(|| url.to_string())),
            Err(_) | Ok(Err(CdpError::Timeout)) => {
                format!("no load event within {} s", t.as_secs_f64())
            }
            Ok(Err(e)) => e.to_string(),
        };
        let stop = self.page.execute(StopLoadingParams::default());
        let _ = timeout(t.min(Duration::from_secs(2)), stop).await;
        self.replace(session, t).await;
        Err(reason)
    }

    async fn current_url(&self, t: Duration) -> Option<String> {
        match timeout(t, self.page.url()).await {
            Ok(Ok(Some(u))) if !u.is_empty() => Some(u),
            _ => None,
        }
    }

    /// Evaluates a JavaScript expression; `None` on any failure.
    async fn eval(&self, js: &str, t: Duration) -> Option<EvaluationResult> {
        let params = EvaluateParams::builder()
            .expression(js)
            .return_by_value(true)
            .await_promise(false)
            .build()
            .ok()?;
        match timeout(t, self.page.evaluate_expression(params)).await {
            Ok(Ok(result)) => Some(result),
            _ => None,
        }
    }

    /// Absolute `a[href]` targets of the current document, fragments removed.
    async fn links(&self, page_url: &str, t: Duration) -> Vec<Url> {
        let js = "(() => { const out = [document.baseURI]; \
                  for (const a of document.querySelectorAll('a[href]')) { \
                  out.push(a.getAttribute('href')); if (out.length > 5000) break; } \
                  return out; })()";
        let values = self.eval(js, t).await;
        let Some(values) = values.and_then(|r| r.into_value::<Vec<String>>().ok()) else {
            return Vec::new();
        };
        let mut values = values.into_iter();
        let base = values
            .next()
            .and_then(|b| Url::parse(&b).ok())
            .or_else(|| Url::parse(page_url).ok());
        let Some(base) = base else {
            return Vec::new();
        };
        values
            .filter_map(|href| base.join(href.trim()).ok())
            .map(|u| without_fragment(&u))
            .collect()
    }
}

/// A launched browser with its event loop and temporary profile.
/// Dropping it (when the crawl future is dropped) kills the browser and waits
/// for it to exit, stops the event loop and removes the profile.
struct Session {
    browser: Browser,
    handler: AbortOnDrop,
    profile: TempProfile,
}

impl Session {
    async fn launch(exe: &Path, t: Duration) -> Result<Self, CrawlError> {
        let profile = TempProfile::create().map_err(|e| {
            CrawlError::Browser(format!("cannot create a temporary browser profile: {e}"))
        })?;
        let launch_timeout = t.max(Duration::from_secs(20));
        let mut config = BrowserConfig::builder()
            .chrome_executable(exe)
            .user_data_dir(&profile.path);
        // Chromium refuses to start sandboxed as root (CI containers); elsewhere the pages'
        // third-party scripts stay in the sandbox.
        if running_as_root() {
            config = config.no_sandbox();
        }
        let config = config
            .launch_timeout(launch_timeout)
            .request_timeout(t)
            .args([
                "--disable-component-update",
                "--disable-domain-reliability",
                "--no-default-browser-check",
                "--no-pings",
            ])
            .build()
            .map_err(CrawlError::Browser)?;
        let (browser, mut handler) = match timeout(
            launch_timeout + Duration::from_secs(5),
            Browser::launch(config),
        )
        .await
        {
            Err(_) => {
                return Err(CrawlError::Browser(format!(
                    "{} did not start within {} s",
                    exe.display(),
                    launch_timeout.as_secs()
                )));
            }
            Ok(Err(CdpError::Io(e))) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CrawlError::NoBrowser(format!("{}: {e}", exe.display())));
            }
            Ok(Err(e)) => {
                return Err(CrawlError::Browser(format!(
                    "cannot start {}: {e}",
                    exe.display()
                )));
            }
            Ok(Ok(pair)) => pair,
        };
        // Errors of single messages are not fatal to the connection.
        let task = tokio::spawn(async move { while handler.next().await.is_some() {} });
        Ok(Self {
            browser,
            handler: AbortOnDrop(task),
            profile,
        })
    }

    /// Closes the browser (killing it if it does not exit) and removes the
    /// profile.
    async fn shutdown(mut self) {
        let closed = matches!(
            timeout(Duration::from_secs(3), self.browser.close()).await,
            Ok(Ok(_))
        );
        let exited = closed
            && matches!(
                timeout(Duration::from_secs(5), self.browser.wait()).await,
                Ok(Ok(_))
            );
        if !exited {
            let _ = timeout(Duration::from_secs(5), self.browser.kill()).await;
        }
        self.handler.0.abort();
        self.profile.remove().await;
    }
}

impl Drop for Session {
    /// The future was dropped before [`Session::shutdown`]: kill the browser
    /// now and wait (briefly, blocking) until it is gone, so that it cannot
    /// write into the profile while the profile is being removed.
    fn drop(&mut self) {
        let Some(child) = self.browser.get_mut_child() else {
            return;
        };
        let child = child.as_mut_inner();
        if matches!(child.try_wait(), Ok(Some(_)) | Err(_)) {
            return;
        }
        let _ = child.start_kill();
        for _ in 0..100 {
            match child.try_wait() {
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                _ => return,
            }
        }
    }
}

struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A fresh, private user-data-dir, removed on drop.
struct TempProfile {
    path: PathBuf,
    removed: bool,
}

impl TempProfile {
    fn create() -> std::io::Result<Self> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let base = std::env::temp_dir();
        let mut last_err = None;
        for _ in 0..16 {
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or_default();
            let path = base.join(format!(
                "crawl-profile-{}-{}-{nanos}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            ));
            match std::fs::create_dir(&path) {
                Ok(()) => {
                    use std::os::unix::fs::PermissionsExt;
                    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700))?;
                    return Ok(Self {
                        path,
                        removed: false,
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last_err = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last_err.unwrap_or_else(|| std::io::Error::other("no free profile name")))
    }

    /// Removes the profile, retrying while the browser's helpers finish.
    async fn remove(&mut self) {
        for attempt in 1..=8u64 {
            let _ = tokio::fs::remove_dir_all(&self.path).await;
            if !tokio::fs::try_exists(&self.path).await.unwrap_or(true) {
                self.removed = true;
                return;
            }
            sleep(Duration::from_millis(50 * attempt)).await;
        }
    }
}

impl Drop for TempProfile {
    fn drop(&mut self) {
        if self.removed {
            return;
        }
        // The browser was just killed; its helpers may still write for a
        // moment, so remove until the directory stays gone (bounded).
        for attempt in 1..=5u64 {
            let _ = std::fs::remove_dir_all(&self.path);
            std::thread::sleep(Duration::from_millis(20 * attempt));
            if !self.path.exists() {
                return;
            }
        }
    }
}

/// Runs a browser call under `t`.
async fn bounded<T>(
    t: Duration,
    what: &str,
    fut: impl Future<Output = Result<T, CdpError>>,
) -> Result<T, CrawlError> {
    match timeout(t, fut).await {
        Err(_) => Err(CrawlError::Timeout {
            url: format!("({what})"),
        }),
        Ok(Err(e)) => Err(CrawlError::Browser(format!("{what}: {e}"))),
        Ok(Ok(v)) => Ok(v),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Origin {
    scheme: String,
    host: String,
    port: Option<u16>,
}

fn origin_of(u: &Url) -> Option<Origin> {
    if !matches!(u.scheme(), "http" | "https") {
        return None;
    }
    Some(Origin {
        scheme: u.scheme().to_string(),
        host: normal_host(u.host_str()?),
        port: u.port_or_known_default(),
    })
}

fn without_fragment(u: &Url) -> Url {
    let mut u = u.clone();
    u.set_fragment(None);
    u
}

/// Browser executable: `explicit`, else `$CHROME`, else a known name on `PATH`.
fn find_chrome(explicit: Option<&Path>) -> Result<PathBuf, CrawlError> {
    if let Some(p) = explicit {
        return resolve_exe(p)
            .ok_or_else(|| CrawlError::NoBrowser(format!("{} is not executable", p.display())));
    }
    if let Some(v) = std::env::var_os("CHROME").filter(|v| !v.is_empty()) {
        let p = PathBuf::from(v);
        return resolve_exe(&p).ok_or_else(|| {
            CrawlError::NoBrowser(format!("CHROME={} is not executable", p.display()))
        });
    }
    const NAMES: [&str; 4] = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    NAMES
        .iter()
        .find_map(|n| resolve_exe(Path::new(n)))
        .ok_or_else(|| CrawlError::NoBrowser(format!("none of {} on PATH", NAMES.join(", "))))
}

/// `p` itself if it names an executable file, or `p` looked up on `PATH` if
/// it is a bare name.
fn resolve_exe(p: &Path) -> Option<PathBuf> {
    fn executable(p: &Path) -> bool {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    if p.components().count() > 1 || p.is_absolute() {
        return executable(p).then(|| p.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(p))
        .find(|c| executable(c))
}

/// What the crawl cannot see, for the report's notes.
pub const BLIND_SPOTS: &str = "the crawl reads the browser's whole jar (HttpOnly and third-party cookies included) \
about 300 ms after each page's load event: a cookie set and deleted between two reads, or set later by a timer, \
is missed; it follows only same-origin `a[href]` links of the main document, finds consent buttons in the page \
and its open shadow roots but not in iframes, and does not see localStorage or IndexedDB. Who set a cookie is \
decided by name and domain: a cookie a script writes over a server-set name counts as server-set, and cookies of \
cross-site iframes and workers (whose traffic is not watched) count as script-set.";

/// The audit's observation of a crawled cookie, `now` being when the jar was read (seconds
/// since the Unix epoch).
pub fn observation(c: CrawledCookie, now: i64) -> cookie_registry::audit::Observation {
    use cookie_registry::audit::{Expiry, Observation, SetBy};
    let set_by = if c.set_by_server {
        SetBy::Server
    } else {
        SetBy::Script
    };
    let mut o = Observation::new(c.name, c.domain, c.phase, set_by, now);
    o.url = c.first_url;
    o.path = Some(c.path);
    o.http_only = Some(c.http_only);
    o.secure = Some(c.secure);
    o.same_site = c
        .same_site
        .as_deref()
        .and_then(cookie_registry::SameSite::parse);
    o.expiry = match c.expires {
        // Whole seconds: the jar reports fractions.
        Some(at) if at.is_finite() => Expiry::At(at.floor() as i64),
        Some(_) => Expiry::Unknown,
        None => Expiry::Session,
    };
    o.set_cookie = c.raw_set_cookie;
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_cookie_name_and_domain() {
        assert_eq!(
            parse_set_cookie("sid=1; HttpOnly; Path=/"),
            ("sid".to_string(), None)
        );
        assert_eq!(
            parse_set_cookie(" _ga = x=y ; Domain=.Example.com; Path=/"),
            ("_ga".to_string(), Some("example.com".to_string()))
        );
        assert_eq!(parse_set_cookie("novalue"), (String::new(), None));
    }

    #[test]
    fn js_string_escapes() {
        assert_eq!(js_string("a\"b\\c</"), "\"a\\\"b\\\\c\\u003c/\"");
    }
}
