#[cookie_registry::registry(provider = "Opendatasoft")]
pub enum SiteCookie {
    Session,
}

fn main() {}
