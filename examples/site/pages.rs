//! The pages, framework-neutral: each takes what it needs from the request (a [`Visit`], a
//! form) and returns a [`Page`]; the axum and actix-web front ends only move headers. Every
//! cookie is built with the registry's typed builders (so it carries the declared attributes),
//! except `/tracker`'s, which is deliberately undeclared.

use std::fmt::Write as _;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use cookie::Cookie;
use cookie_registry::CookieRegistry;
use cookie_registry::build::BuildError;
use cookie_registry::consent::Consent;
use cookie_registry::consent::form::is_local_path;
use cookie_registry::consent_log::{ConsentForm, ConsentLog};
use cookie_registry::cookie_header;

use crate::COMBINED;
use crate::html::{self, Lang, Layout, escape};
use crate::registry::HeraultCookie;
use crate::stats::{Stats, VISITOR_ID};

/// What the handlers share: the consent log and the banner's form handler (which holds the
/// key that signs consent records).
#[derive(Clone)]
pub struct AppState {
    pub log: ConsentLog,
    pub form: ConsentForm,
    /// Whether the cookie middleware wraps the app (the tracker page says what happened).
    pub middleware: bool,
}

/// A response, for a front end to send: a status, a redirect, the `Set-Cookie` values and an
/// HTML (or plain-text) body.
pub struct Page {
    pub status: u16,
    /// `Location`, for a redirect.
    pub location: Option<String>,
    /// The body's `Content-Type`.
    pub content_type: &'static str,
    /// `Set-Cookie` values, in order.
    pub cookies: Vec<String>,
    pub body: String,
}

impl Page {
    fn html(status: u16, body: String, cookies: &[Cookie<'static>]) -> Page {
        Page {
            status,
            location: None,
            content_type: "text/html; charset=utf-8",
            cookies: cookies.iter().map(ToString::to_string).collect(),
            body,
        }
    }

    fn json(body: String) -> Page {
        Page {
            status: 200,
            location: None,
            content_type: "application/json",
            cookies: Vec::new(),
            body,
        }
    }

    pub fn text(status: u16, body: &str) -> Page {
        Page {
            status,
            location: None,
            content_type: "text/plain; charset=utf-8",
            cookies: Vec::new(),
            body: body.to_owned(),
        }
    }
}

/// What every page needs to know about the request.
pub struct Visit {
    lang: Lang,
    /// `?lang=` was given: remember it in `django_language`.
    set_lang: bool,
    /// The visitor's valid consent, which the middleware put in the request's extensions.
    consent: Option<Consent>,
    /// The cookies the browser sent, `(name, value)`.
    cookies: Vec<(String, String)>,
    path: String,
}

impl Visit {
    fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn layout<'a>(&'a self, title: &'a str, current: &'a str) -> Layout<'a> {
        Layout {
            lang: self.lang,
            title,
            here: &self.path,
            current,
            consent: self.consent,
            banner: true,
        }
    }

    /// The cookies every page sets: the language, when chosen with `?lang=`.
    fn base_cookies(&self) -> Vec<Cookie<'static>> {
        let mut cookies = Vec::new();
        if self.set_lang {
            push(
                &mut cookies,
                HeraultCookie::Language.cookie(self.lang.tag()),
            );
        }
        cookies
    }
}

impl Visit {
    /// The visit of a request: its `Cookie` header values (as bytes), its query string, its
    /// path, and the consent the middleware found.
    pub fn new<'r>(
        cookie_headers: impl Iterator<Item = &'r [u8]>,
        query: Option<&str>,
        path: &str,
        consent: Option<Consent>,
    ) -> Visit {
        let cookies: Vec<(String, String)> = cookie_headers
            .flat_map(cookie_header::pairs)
            .map(|p| {
                let value = String::from_utf8_lossy(p.value()).into_owned();
                (p.name_lossy().into_owned(), value)
            })
            .collect();
        let query_lang = query.and_then(|q| {
            q.split('&')
                .filter_map(|pair| pair.strip_prefix("lang="))
                .find_map(Lang::from_tag)
        });
        let cookie_lang = cookies
            .iter()
            .find(|(n, _)| n == HeraultCookie::Language.name())
            .and_then(|(_, v)| Lang::from_tag(v));
        Visit {
            lang: query_lang.or(cookie_lang).unwrap_or(Lang::Fr),
            set_lang: query_lang.is_some(),
            consent,
            cookies,
            path: path.to_owned(),
        }
    }
}

/// Keeps a built cookie; a build error (a value outside cookie-octets) is logged and the
/// cookie dropped, never sent malformed.
fn push(cookies: &mut Vec<Cookie<'static>>, built: Result<Cookie<'static>, BuildError>) {
    match built {
        Ok(cookie) => cookies.push(cookie),
        Err(e) => eprintln!("site: cookie not built: {e}"),
    }
}

/// An unpredictable hexadecimal token (128 bits from std's randomly keyed SipHash). Good
/// enough for a demo; a real site takes its session ids and CSRF tokens from a CSPRNG.
fn token() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let state = RandomState::new();
    format!(
        "{:016x}{:016x}",
        state.hash_one((n, 0u8)),
        state.hash_one((n, 1u8))
    )
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `/`: sets the necessary `csrftoken` and `sessionid` (when the browser has none yet) and
/// always tries to set the statistics cookie `_pk_id.demo`: the middleware strips it unless
/// the visitor granted statistics.
pub fn home(visit: &Visit) -> Page {
    let lang = visit.lang;
    let mut cookies = visit.base_cookies();
    if visit.cookie(HeraultCookie::Csrf.name()).is_none() {
        push(&mut cookies, HeraultCookie::Csrf.cookie(token()));
    }
    if visit.cookie(HeraultCookie::Session.name()).is_none() {
        push(&mut cookies, HeraultCookie::Session.cookie(token()));
    }
    // Matomo's value: a visitor id and the time it was made; kept while the cookie lives.
    let visitor = visit.cookie(VISITOR_ID).map_or_else(
        || format!("{}.{}", &token()[..16], unix_now()),
        str::to_owned,
    );
    push(
        &mut cookies,
        Stats::VisitorId
            .declaration()
            .cookie_named(VISITOR_ID, visitor),
    );

    let [csrf, session, stats] = html::home_cookie_names();
    let mut content = String::new();
    let _ = write!(
        content,
        "<h1>{title}</h1>\n<p>{intro}</p>\n<ul>\n\
         <li><code>{csrf}</code>, <code>{session}</code> : {necessary}</li>\n\
         <li><code>{stats}</code> ({pattern}) : {statistics}</li>\n</ul>\n\
         <p class=\"note\" id=\"consent-status\">{status}</p>\n",
        title = lang.t(
            "Démo : les cookies déclarés en Rust",
            "Demo: cookies declared in Rust"
        ),
        intro = lang.t(
            "Cette page essaie de déposer trois cookies à chaque visite :",
            "This page tries to set three cookies on every visit:"
        ),
        necessary = lang.t(
            "nécessaires, déposés sans consentement (dans une vraie application, à la connexion et au premier formulaire).",
            "necessary, set without consent (in a real application, at sign-in and on the first form).",
        ),
        pattern = escape(html::stats_pattern()),
        statistics = lang.t(
            "mesure d'audience. Sans votre accord, le middleware cookie-registry retire ce Set-Cookie de la réponse : votre navigateur ne le reçoit jamais. Si vous retirez votre accord, le middleware envoie sa suppression.",
            "audience measurement. Without your consent, the cookie-registry middleware removes this Set-Cookie from the response: your browser never receives it. If you withdraw your consent, the middleware sends its deletion.",
        ),
        status = escape(&html::consent_status(lang, visit.consent.as_ref())),
    );
    let _ = write!(
        content,
        "<h2>{}</h2>\n<p>{}</p>\n<ul id=\"request-cookies\">",
        lang.t("Ce que votre navigateur a envoyé", "What your browser sent"),
        lang.t(
            "Les noms des cookies reçus avec cette requête (avant les Set-Cookie de cette réponse) :",
            "The names of the cookies received with this request (before this response's Set-Cookie):",
        ),
    );
    if visit.cookies.is_empty() {
        let _ = write!(content, "<li>{}</li>", lang.t("aucun", "none"));
    }
    for (name, _) in &visit.cookies {
        let _ = write!(content, "<li><code>{}</code></li>", escape(name));
    }
    content.push_str("</ul>\n");
    let title = lang.t("Accueil", "Home");
    Page::html(
        200,
        html::page(&visit.layout(title, "/"), &content),
        &cookies,
    )
}

/// `/tracker`: tries to set `_fbp`, which no registry declares. In enforce mode the
/// middleware removes it (and logs it on stderr).
pub fn tracker(state: &AppState, visit: &Visit) -> Page {
    let lang = visit.lang;
    let mut cookies = visit.base_cookies();
    // Built by hand on purpose: an undeclared cookie has no typed builder.
    cookies.push(Cookie::build(("_fbp", "fb.1.123")).path("/").build());
    let note = if state.middleware {
        lang.t(
            "Le middleware cookie-registry, en mode Enforce, a retiré ce Set-Cookie de la réponse : cherchez <code>_fbp</code> dans les cookies de votre navigateur, il n'y est pas. Le serveur l'a signalé sur sa sortie d'erreur («\u{a0}Undeclared cookie `_fbp` (Removed)\u{a0}»).",
            "The cookie-registry middleware, in Enforce mode, removed this Set-Cookie from the response: look for <code>_fbp</code> in your browser's cookies, it is not there. The server reported it on its standard error (\"Undeclared cookie `_fbp` (Removed)\").",
        )
    } else {
        lang.t(
            "Ce serveur tourne sans le middleware (<code>--no-middleware</code>) : rien n'a retiré ce Set-Cookie, et <code>_fbp</code> est maintenant dans les cookies de votre navigateur. Relancez-le sans cette option pour voir le middleware le retirer.",
            "This server runs without the middleware (<code>--no-middleware</code>): nothing removed this Set-Cookie, and <code>_fbp</code> is now in your browser's cookies. Start it again without that option to see the middleware remove it.",
        )
    };
    let content = format!(
        "<h1>{title}</h1>\n<p>{text}</p>\n<p class=\"note\" id=\"tracker-note\">{note}</p>\n",
        title = lang.t("Un traceur non déclaré", "An undeclared tracker"),
        text = lang.t(
            "Cette page a essayé de déposer le cookie <code>_fbp=fb.1.123</code> (le pixel Facebook), qu'aucun registre ne déclare.",
            "This page tried to set the cookie <code>_fbp=fb.1.123</code> (the Facebook pixel), which no registry declares.",
        ),
    );
    let title = lang.t("Traceur", "Tracker");
    Page::html(
        200,
        html::page(&visit.layout(title, "/tracker"), &content),
        &cookies,
    )
}

/// `/analytics`: a page with the typical analytics tag, an inline script that sets `_ga` with
/// `document.cookie`. No registry declares it, and no server middleware can see it: the
/// cookie never crosses the server. `cookie-registry audit --crawl` finds it.
pub fn analytics(visit: &Visit) -> Page {
    let lang = visit.lang;
    let content = format!(
        "<h1>{title}</h1>\n<p>{text}</p>\n<p class=\"note\">{note}</p>\n\
         <script>\n\
         // The tag: a visitor id, two years, for the whole site (as analytics tags do).\n\
         document.cookie = \"_ga=GA1.1.\" + Math.floor(Math.random() * 1e9) + \".\" +\n\
             Math.floor(Date.now() / 1000) + \"; Max-Age=63072000; Path=/; SameSite=Lax\";\n\
         </script>\n",
        title = lang.t("Une balise de mesure d'audience", "An analytics tag"),
        text = lang.t(
            "Cette page contient la balise typique d'un outil de mesure d'audience : un script qui dépose le cookie <code>_ga</code> avec <code>document.cookie</code>, sans passer par le serveur.",
            "This page holds the typical tag of an analytics tool: a script that sets the cookie <code>_ga</code> with <code>document.cookie</code>, without going through the server.",
        ),
        note = lang.t(
            "Aucun registre ne déclare <code>_ga</code>, et le middleware ne peut pas le retirer : il ne voit que les en-têtes Set-Cookie du serveur. L'audit (<code>cookie-registry audit --crawl</code>) le trouve.",
            "No registry declares <code>_ga</code>, and the middleware cannot remove it: it sees only the server's Set-Cookie headers. The audit (<code>cookie-registry audit --crawl</code>) finds it.",
        ),
    );
    let title = lang.t("Mesure d'audience", "Analytics");
    Page::html(
        200,
        html::page(&visit.layout(title, "/analytics"), &content),
        &visit.base_cookies(),
    )
}

/// `/cookies.json`: the declarations as the policy JSON (`cookie-registry/policy/1`), what
/// `cookie-registry audit --declarations` reads.
pub fn policy_json(visit: &Visit) -> Page {
    match COMBINED.policy().language(visit.lang.tag()).json() {
        Ok(json) => Page::json(json),
        Err(e) => Page::text(500, &e.to_string()),
    }
}

/// `/declarations.json`: every declaration with its texts in every language
/// (`cookie-registry/declarations/1`), what `cookie-registry export` reads.
pub fn declarations_json() -> Page {
    Page::json(COMBINED.declarations_json())
}

/// `/cookies`: the policy page, rendered from the combined registry.
pub fn policy_page(visit: &Visit) -> Page {
    let lang = visit.lang;
    let strings = lang.strings();
    let fragment = match COMBINED.policy().language(lang.tag()).html_fragment() {
        Ok(fragment) => fragment,
        Err(e) => {
            eprintln!("site: policy page: {e}");
            return Page::html(500, format!("<p>{}</p>", escape(&e.to_string())), &[]);
        }
    };
    let content = format!(
        "<h1>{title}</h1>\n<p>{intro}</p>\n<p class=\"note\" id=\"consent-status\">{status} <a href=\"/consent?back=/cookies\" id=\"change-choices\">{change}</a></p>\n{fragment}",
        title = escape(&strings.title),
        intro = escape(&strings.introduction),
        status = escape(&html::consent_status(lang, visit.consent.as_ref())),
        change = lang.t("Modifier mes choix", "Change my choices"),
    );
    Page::html(
        200,
        html::page(&visit.layout(&strings.title, "/cookies"), &content),
        &visit.base_cookies(),
    )
}

/// A return address from a form or a query: a local path (the form helper's rule), else `/`.
fn local_path(back: Option<&str>) -> &str {
    back.filter(|p| is_local_path(p)).unwrap_or("/")
}

/// `GET /consent`: the choices form, to make or change one's choice.
pub fn consent_page(visit: &Visit, back: Option<&str>) -> Page {
    let lang = visit.lang;
    let back = local_path(back);
    let content = format!(
        "<h1>{title}</h1>\n<p class=\"note\" id=\"consent-status\">{status}</p>\n<p>{text}</p>\n{form}",
        title = lang.t("Gérer mes cookies", "Manage my cookies"),
        status = escape(&html::consent_status(lang, visit.consent.as_ref())),
        text = lang.t(
            "Votre choix est gardé six mois dans le cookie nécessaire cookies_preferences, signé par le serveur. Si vous retirez un accord, les cookies concernés sont supprimés à la page suivante.",
            "Your choice is kept six months in the necessary cookie cookies_preferences, signed by the server. If you withdraw a consent, the cookies concerned are deleted on the next page.",
        ),
        form = html::choices_form(lang, back, visit.consent.as_ref()),
    );
    let title = lang.t("Gérer mes cookies", "Manage my cookies");
    let mut layout = visit.layout(title, "/consent");
    layout.banner = false;
    Page::html(200, html::page(&layout, &content), &visit.base_cookies())
}

/// `POST /consent` (the body of the banner's form): the choice is logged as proof, then
/// signed in `cookies_preferences`, and the visitor goes back. Bad input is a 400 with no
/// record; a choice the log cannot keep is not applied (503, no cookie, the form again).
pub async fn consent_submit(
    state: &AppState,
    visit: &Visit,
    same_origin: bool,
    body: &[u8],
) -> Page {
    if !same_origin {
        return Page::text(403, "cross-site consent form refused\n");
    }
    let submission = match state.form.parse(body) {
        Ok(submission) => submission,
        Err(e) => return Page::text(400, &format!("{e}\n")),
    };
    let saved = state
        .form
        .submit(
            &state.log,
            &submission,
            visit.consent.as_ref(),
            visit.lang.tag(),
            SystemTime::now(),
        )
        .await;
    match saved {
        Ok(accepted) => {
            let mut page = Page::html(303, String::new(), &visit.base_cookies());
            page.cookies.push(accepted.set_cookie);
            page.location = Some(accepted.location);
            page
        }
        Err(e) => {
            eprintln!("site: consent choice NOT applied: {e}");
            let lang = visit.lang;
            let mut page = consent_page(visit, Some(&submission.back));
            page.status = 503;
            let note = format!(
                "<p class=\"error\" id=\"consent-error\" role=\"alert\">{}</p>\n",
                lang.t(
                    "Votre choix n'a pas pu être enregistré : il n'est donc pas appliqué. Réessayez dans un instant.",
                    "Your choice could not be saved, so it is not applied. Please try again in a moment.",
                )
            );
            page.body = page.body.replacen("<h1>", &format!("{note}<h1>"), 1);
            page
        }
    }
}

/// `/two`: two declared necessary cookies and a tiny body (for the load benchmark).
pub fn two() -> Page {
    let mut cookies = Vec::with_capacity(2);
    push(&mut cookies, HeraultCookie::Csrf.cookie(token()));
    push(&mut cookies, HeraultCookie::Language.cookie("fr"));
    let mut page = Page::text(200, "ok\n");
    page.cookies = cookies.iter().map(ToString::to_string).collect();
    page
}
