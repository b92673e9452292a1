use cookie_registry::{cookie, CookieRegistry};

// A registry that failed to compile and has no variant to stand in: `cookie!` says so once,
// rather than an index-out-of-bounds error.
#[derive(CookieRegistry, Clone, Copy, PartialEq, Eq, Debug)]
#[registry(provider = "Opendatasoft")]
enum SiteCookie {}

const SESSION: SiteCookie = cookie!(SiteCookie, "sessionid");

fn main() {
    let _ = SESSION;
}
