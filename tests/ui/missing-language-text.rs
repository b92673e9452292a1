use cookie_registry::CookieRegistry;

#[derive(CookieRegistry, Clone, Copy, PartialEq, Eq, Debug)]
#[registry(provider = "Opendatasoft", languages("fr", "en"))]
enum SiteCookie {
    #[cookie(
        name = "sessionid",
        service(fr = "Authentification"),
        purpose(fr = "Se souvenir de l'utilisateur", en = "Remember the user"),
        category = "necessary",
        lifetime = "14d",
    )]
    Session,
}

fn main() {}
