use cookie_registry::cookie;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SiteCookie {
    Session,
}

fn main() {
    let _ = cookie!(SiteCookie, "sessionid");
}
