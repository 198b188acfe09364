//! Login against the real development identity provider (oidc-provider): the whole
//! flow, every refusal the relying party owes, sessions, timeouts and logout.

use crate::support::browser::{location, Browser, L1, L2};
use crate::support::idp::Tamper;
use crate::support::{self, json, spawn_app_with_login, TestApp, MONTECHIARO};

const VALLEVERDE: &str = "127.0.0.1";
const MARIO: &str = "RSSMRA80A01H501U";
const LAURA: &str = "BNCLRA85M41F205C";
const HANS_EIDAS: &str = "DE/IT/8d1a7c0e";

/// The refusal page: its status, an Italian title, a way back, and no session.
async fn assert_refused(browser: &Browser, res: reqwest::Response, status: u16, title: &str) {
    assert_eq!(res.status().as_u16(), status, "refusal status for {title}");
    assert!(
        res.headers().get("set-cookie").is_none(),
        "no session for a refused login"
    );
    let html = res.text().await.expect("page");
    assert!(html.contains(title), "page says {title:?}: {html}");
    assert!(
        html.contains("href=\"/accedi\""),
        "a way back to the login page"
    );
    assert!(browser.session_cookie().is_none());
    let (code, _) = json(browser.call("personal_home", &[]).await).await;
    assert_eq!(code, 401);
}

fn idp(app: &TestApp) -> &support::idp::Idp {
    app.idp.as_ref().expect("identity provider")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tutore_logs_in_and_sees_their_pupils() {
    let app = spawn_app_with_login().await;
    let b = Browser::new(&app, VALLEVERDE);

    // The personal area sends an anonymous visitor to the login page, and back after.
    let res = b.get(app::routes::PERSONAL).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/accedi?ritorno=%2Farea-personale");

    let start = b.start_login("spid-demo").await;
    assert_eq!(start.status(), 303);
    let authorize = url::Url::parse(&location(&start)).expect("provider URL");
    assert!(authorize.as_str().starts_with(&idp(&app).issuer));
    let q: std::collections::HashMap<_, _> = authorize.query_pairs().into_owned().collect();
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["acr_values"], L2);
    assert_eq!(q["response_type"], "code");
    assert!(
        q["state"].len() >= 32 && q["nonce"].len() >= 32,
        "state and nonce of 32+ characters"
    );
    assert!(q["scope"].split(' ').any(|s| s == "openid"));

    let callback = b.at_provider(authorize.as_str(), MARIO, L2).await;
    let res = b.client.get(&callback).send().await.expect("callback");
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), app::routes::PERSONAL);
    let cookie = res
        .headers()
        .get("set-cookie")
        .expect("cookie")
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(cookie.starts_with("sportello_sessione="));
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/")
    );
    assert!(
        !cookie.contains("Secure"),
        "plain http on a development host"
    );
    let token = b.session_cookie().expect("session");
    assert!(token.len() >= 43, "256 random bits");

    let (status, home) = json(b.call("personal_home", &[]).await).await;
    assert_eq!(status, 200, "{home}");
    assert_eq!(home["given_name"], "Mario");
    assert_eq!(home["fiscal_code"], MARIO);
    assert_eq!(home["roles"], serde_json::json!(["family"]));
    let pupils: Vec<(String, String, String, Vec<String>)> = home["pupils"]
        .as_array()
        .expect("pupils")
        .iter()
        .map(|p| {
            (
                p["given_name"].as_str().expect("name").to_string(),
                p["school"].as_str().expect("school").to_string(),
                p["class"].as_str().expect("class").to_string(),
                serde_json::from_value(p["services"].clone()).expect("services"),
            )
        })
        .collect();
    assert_eq!(pupils.len(), 2, "{pupils:?}");
    assert!(pupils.iter().any(|p| p.0 == "Giulia"));
    assert!(pupils.iter().any(|p| p.0 == "Luca"));
    assert!(
        pupils
            .iter()
            .all(|p| p.3.iter().any(|s| s == "Refezione Scolastica")),
        "{pupils:?}"
    );

    // The page itself, server-rendered, greets them and lists the pupils.
    let page = b.get(app::routes::PERSONAL).await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "private, no-store");
    // The logout form may lead to the provider's end-session page, and nowhere else.
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(
        csp.contains(&format!("form-action 'self' {}", idp(&app).issuer)),
        "{csp}"
    );
    let html = page.text().await.expect("html");
    assert!(html.contains("Ciao, Mario Rossi"));
    assert!(html.contains("Giulia Rossi") && html.contains("Luca Rossi"));
    assert!(html.contains("/area-personale/pagamenti"));
    // The session is the provider's fiscal code, not its opaque subject.
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE fiscal_code = $1")
        .bind(MARIO)
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("count");
    assert_eq!(users, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_key_jwt_client_authentication_works() {
    let app = spawn_app_with_login().await;
    let b = Browser::new(&app, VALLEVERDE);
    let res = b.login("cie-demo", LAURA, L2).await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let (status, home) = json(b.call("personal_home", &[]).await).await;
    assert_eq!(status, 200);
    assert_eq!(home["pupils"][0]["given_name"], "Sofia");
    assert_eq!(home["pupils"].as_array().map(Vec::len), Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampered_or_replayed_callbacks_are_refused() {
    let app = spawn_app_with_login().await;
    let b = Browser::new(&app, VALLEVERDE);

    // Wrong state.
    let start = b.start_login("spid-demo").await;
    let callback = b.at_provider(&location(&start), MARIO, L2).await;
    let mut forged = url::Url::parse(&callback).expect("url");
    let pairs: Vec<(String, String)> = forged
        .query_pairs()
        .map(|(k, v)| {
            (
                k.to_string(),
                if k == "state" {
                    "x".repeat(43)
                } else {
                    v.to_string()
                },
            )
        })
        .collect();
    forged.query_pairs_mut().clear().extend_pairs(pairs);
    let res = b.client.get(forged.as_str()).send().await.expect("GET");
    assert_refused(&b, res, 400, "Accesso non riuscito").await;

    // A callback link made by someone else (their code, their state) does not sign a
    // victim in: the login belongs to the browser that started it.
    let attacker = Browser::new(&app, VALLEVERDE);
    let start = attacker.start_login("spid-demo").await;
    let planted = attacker
        .at_provider(&location(&start), "BNCLRA85M41F205C", L2)
        .await;
    let victim = Browser::new(&app, VALLEVERDE);
    let res = victim.client.get(&planted).send().await.expect("GET");
    assert_refused(&victim, res, 400, "Accesso non riuscito").await;

    // Missing code, with a valid state.
    let start = b.start_login("spid-demo").await;
    let callback = b.at_provider(&location(&start), MARIO, L2).await;
    let url = url::Url::parse(&callback).expect("url");
    let state: String = url
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.to_string())
        .expect("state");
    let res = b.get(&format!("/auth/callback?state={state}")).await;
    assert_refused(&b, res, 400, "Accesso non riuscito").await;

    // Garbage in the query never becomes a 500.
    let res = b.get("/auth/callback?%zz=%%&state").await;
    assert_refused(&b, res, 400, "Accesso non riuscito").await;

    // Replayed authorization code: the same callback twice (the state is used once)…
    let start = b.start_login("spid-demo").await;
    let callback = b.at_provider(&location(&start), MARIO, L2).await;
    let first = b.client.get(&callback).send().await.expect("GET");
    assert_eq!(first.status(), 303);
    let replay = Browser::new(&app, VALLEVERDE);
    let res = replay.client.get(&callback).send().await.expect("GET");
    assert_refused(&replay, res, 400, "Accesso non riuscito").await;
    // …and the used code with a fresh state: the provider refuses the exchange.
    let code: String = url::Url::parse(&callback)
        .expect("url")
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.to_string())
        .expect("code");
    let start = replay.start_login("spid-demo").await;
    let fresh = replay.at_provider(&location(&start), MARIO, L2).await;
    let fresh_state: String = url::Url::parse(&fresh)
        .expect("url")
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.to_string())
        .expect("state");
    let res = replay
        .get(&format!("/auth/callback?code={code}&state={fresh_state}"))
        .await;
    assert_refused(&replay, res, 400, "Accesso non riuscito").await;

    // The person cancelled at the provider (a fresh browser: no session there yet).
    let b = Browser::new(&app, VALLEVERDE);
    let start = b.start_login("spid-demo").await;
    let authorize = location(&start);
    let interaction = b.client.get(&authorize).send().await.expect("GET");
    let form_url = url::Url::parse(&authorize)
        .expect("url")
        .join(&location(&interaction))
        .expect("join");
    let abort = form_url
        .join(&format!("{}/abort", form_url.path()))
        .expect("abort");
    let mut next = b.client.get(abort.as_str()).send().await.expect("abort");
    let mut current = abort.to_string();
    while next.status().is_redirection() && !location(&next).contains("/auth/callback") {
        current = url::Url::parse(&current)
            .expect("url")
            .join(&location(&next))
            .expect("join")
            .to_string();
        next = b.client.get(&current).send().await.expect("GET");
    }
    let res = b
        .client
        .get(location(&next))
        .send()
        .await
        .expect("callback");
    let status = res.status().as_u16();
    let html = res.text().await.expect("html");
    assert_eq!(status, 200);
    assert!(html.contains("Accesso annullato"), "{html}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn id_tokens_that_fail_a_check_are_refused() {
    let app = spawn_app_with_login().await;
    // The control: re-signed with the provider's key and unchanged, the token passes.
    idp(&app).tamper(Tamper::Resign);
    let ok = Browser::new(&app, VALLEVERDE);
    ok.sign_in(MARIO).await;

    for mode in [
        Tamper::OtherKey,
        Tamper::AlgNone,
        Tamper::Expired,
        Tamper::WrongNonce,
    ] {
        idp(&app).tamper(mode);
        let b = Browser::new(&app, VALLEVERDE);
        let res = b.login("spid-demo", MARIO, L2).await;
        assert_refused(&b, res, 400, "Accesso non riuscito").await;
    }
    idp(&app).tamper(Tamper::None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weak_logins_and_people_without_a_fiscal_code_are_refused() {
    let app = spawn_app_with_login().await;
    let b = Browser::new(&app, VALLEVERDE);
    let res = b.login("spid-demo", MARIO, L1).await;
    assert_refused(&b, res, 403, "Livello di sicurezza insufficiente").await;

    // A fresh browser: the provider would otherwise remember the previous person.
    let b = Browser::new(&app, VALLEVERDE);
    let res = b.login("spid-demo", HANS_EIDAS, L2).await;
    assert_refused(&b, res, 403, "Codice fiscale non ricevuto").await;

    let res = b.start_login("nessuno").await;
    assert_refused(&b, res, 404, "Metodo di accesso non disponibile").await;

    let res = b.start_login("spid-spento").await;
    assert_refused(&b, res, 503, "Servizio di identità non raggiungibile").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_always_starts_a_new_session() {
    let app = spawn_app_with_login().await;
    let b = Browser::new(&app, VALLEVERDE);
    // A session id planted before login (fixation) is not the one after it.
    let url = b.base.parse().expect("url");
    b.jar.add_cookie_str(
        "sportello_sessione=planted-by-an-attacker-000000000000000000000",
        &url,
    );
    b.sign_in(MARIO).await;
    let first = b.session_cookie().expect("session");
    assert_ne!(first, "planted-by-an-attacker-000000000000000000000");

    // Logging in again replaces the session; the old id is worth nothing.
    b.sign_in(MARIO).await;
    let second = b.session_cookie().expect("session");
    assert_ne!(first, second);
    let stale = app
        .call_with_session(VALLEVERDE, "personal_home", &first)
        .await;
    assert_eq!(stale.status(), 401);
    assert!(
        stale.headers()["set-cookie"]
            .to_str()
            .expect("ascii")
            .contains("Max-Age=0"),
        "the stale cookie is cleared"
    );

    // A session belongs to its Ente: the same token at another Ente is nobody.
    let elsewhere = app
        .call_with_session(MONTECHIARO, "personal_home", &second)
        .await;
    assert_eq!(elsewhere.status(), 401);
}

async fn set_session_times(app: &TestApp, created_ago_min: i64, seen_ago_min: i64) {
    let now = chrono::Utc::now();
    let at = |m: i64| {
        (now - chrono::Duration::minutes(m))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    sqlx::query("UPDATE sessions SET created_at = $1, last_seen_at = $2")
        .bind(at(created_ago_min))
        .bind(at(seen_ago_min))
        .execute(&app.state.ctx.db)
        .await
        .expect("update");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_end_when_idle_or_too_old() {
    let app = spawn_app_with_login().await;
    let b = Browser::new(&app, VALLEVERDE);
    b.sign_in(MARIO).await;

    // 29 minutes idle: still in; the use moves last-seen on.
    set_session_times(&app, 100, 29).await;
    assert_eq!(b.call("personal_home", &[]).await.status(), 200);
    // 31 minutes idle: out.
    set_session_times(&app, 100, 31).await;
    assert_eq!(b.call("personal_home", &[]).await.status(), 401);

    b.sign_in(MARIO).await;
    // Busy all the time, but logged in 8 hours ago: out.
    set_session_times(&app, 8 * 60 - 1, 0).await;
    assert_eq!(b.call("personal_home", &[]).await.status(), 200);
    set_session_times(&app, 8 * 60 + 1, 0).await;
    assert_eq!(b.call("personal_home", &[]).await.status(), 401);
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("count");
    assert_eq!(left, 0, "expired sessions are deleted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_ends_the_session_here_and_at_the_provider() {
    let app = spawn_app_with_login().await;
    let b = Browser::new(&app, VALLEVERDE);
    b.sign_in(MARIO).await;

    // A cross-site form cannot log anyone out.
    let forged = b
        .client
        .post(b.url("/auth/logout"))
        .header("origin", "http://evil.example")
        .send()
        .await
        .expect("POST");
    assert_eq!(forged.status(), 403);
    assert_eq!(b.call("personal_home", &[]).await.status(), 200);

    let res = b
        .client
        .post(b.url("/auth/logout"))
        .header("origin", &b.base)
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), 303);
    let target = url::Url::parse(&location(&res)).expect("end-session URL");
    assert!(target.as_str().starts_with(&idp(&app).issuer), "{target}");
    let q: std::collections::HashMap<_, _> = target.query_pairs().into_owned().collect();
    assert!(q.contains_key("id_token_hint"));
    assert_eq!(q["post_logout_redirect_uri"], format!("{}/", b.base));
    assert!(b.session_cookie().is_none(), "the cookie is cleared");
    assert_eq!(b.call("personal_home", &[]).await.status(), 401);
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("count");
    assert_eq!(left, 0);

    // The provider accepts the end-session request (its confirmation page).
    let end = b.client.get(target.as_str()).send().await.expect("GET");
    assert_eq!(end.status(), 200);
}
