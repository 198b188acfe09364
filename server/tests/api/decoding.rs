//! Arguments that cannot be decoded: a malformed id, an unknown choice, an impossible day or
//! month are refused while the request is decoded — 400 with the Italian sentence of the
//! value's type — and nothing is read or written.

use crate::support::browser::Browser;
use crate::support::{json, spawn_app_with_login};

const VALLEVERDE: &str = "127.0.0.1";

/// Who calls which endpoint with which form, and the sentence they must read.
type Case<'a> = (&'a Browser, &'a str, Vec<(&'a str, &'a str)>, &'a str);

/// The demo ids are UUIDs; this one names nothing.
const NOBODY: &str = "0192f3a4-5b6c-7d8e-9f00-112233445566";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undecodable_arguments_are_400_in_italian() {
    let app = spawn_app_with_login().await;
    let mario = Browser::new(&app, VALLEVERDE);
    mario.sign_in("RSSMRA80A01H501U").await;
    let anna = Browser::new(&app, VALLEVERDE);
    anna.sign_in("GLLNNA90L47A944N").await;
    let bookings_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookings")
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("count");
    let cases: [Case; 9] = [
        (
            &mario,
            "bookings_month",
            vec![("pupil_id", "1 OR 1=1"), ("month", "2026-12")],
            "Identificativo dell'alunno non valido.",
        ),
        (
            &mario,
            "bookings_month",
            vec![("pupil_id", NOBODY), ("month", "2026-13")],
            "Mese non valido.",
        ),
        (
            &mario,
            "bookings_change",
            vec![
                ("pupil_id", NOBODY),
                ("from", "2026-02-30"),
                ("to", "2026-03-01"),
                ("action", "disdici"),
            ],
            "Data non valida: usa il formato gg/mm/aaaa.",
        ),
        (
            &mario,
            "bookings_change",
            vec![
                ("pupil_id", NOBODY),
                ("from", "2026-03-02"),
                ("to", "2026-03-02"),
                ("action", "mangia"),
            ],
            "Scegli se disdire, ripristinare o chiedere il pasto in bianco.",
        ),
        (
            &mario,
            "payments_status",
            vec![("payment_id", "../../etc/passwd")],
            "Identificativo del pagamento non valido.",
        ),
        (
            &mario,
            "payments_recharge",
            vec![("amount", "20"), ("method", "bonifico")],
            "Scegli come pagare: online o con l'avviso.",
        ),
        (
            &anna,
            "forms_queue",
            vec![("status", "archiviato")],
            "Stato non valido.",
        ),
        (
            &anna,
            "forms_decide",
            vec![("id", NOBODY), ("decision", "forse"), ("note", "")],
            "Scegli se accogliere o respingere il modulo.",
        ),
        (
            &anna,
            "messages_send",
            vec![
                ("audience", "tutti-i-comuni"),
                ("school", ""),
                ("service", ""),
                ("family", ""),
                ("title", "Oggetto"),
                ("body", "Testo"),
            ],
            "Scegli a chi inviare la comunicazione.",
        ),
    ];
    for (who, endpoint, form, says) in cases {
        let (status, body) = json(who.call(endpoint, &form).await).await;
        assert_eq!(status, 400, "{endpoint} {form:?}: {body}");
        assert_eq!(body["BadRequest"], says, "{endpoint} {form:?}");
    }
    // A well-formed id that names nothing is still the feature's own answer.
    let (status, _) = json(
        mario
            .call("payments_status", &[("payment_id", NOBODY)])
            .await,
    )
    .await;
    assert_eq!(status, 404);
    let bookings_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookings")
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("count");
    assert_eq!(bookings_before, bookings_after, "nothing written");
    let messages: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE kind = 'ente'")
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("count");
    assert_eq!(messages, 0, "nothing sent");
}

/// Requests no page makes — bytes that are not UTF-8, under any content type, another method
/// than POST, a body over the limit — are the client's fault: 400, 405 or 413 with an Italian
/// sentence, never a 5xx.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_and_oversized_bodies_are_the_clients_fault() {
    let app = spawn_app_with_login().await;
    let mario = Browser::new(&app, VALLEVERDE);
    mario.sign_in("RSSMRA80A01H501U").await;
    let bytes = vec![
        0xff, 0xfe, b'p', b'u', b'p', b'i', b'l', 0xc3, 0x28, b'=', 0x80,
    ];
    for content_type in [
        "application/x-www-form-urlencoded",
        "text/plain",
        "application/cbor",
        "application/json",
    ] {
        for endpoint in ["bookings_month", "personal_home", "site"] {
            let res = mario.call_raw(endpoint, content_type, bytes.clone()).await;
            let (status, body) = json(res).await;
            assert_eq!(status, 400, "{endpoint} as {content_type}: {body}");
            assert_eq!(
                body["BadRequest"],
                "Richiesta non leggibile: il contenuto inviato non è un modulo valido.",
                "{endpoint} as {content_type}"
            );
        }
    }
    for method in [
        reqwest::Method::GET,
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
    ] {
        let res = mario
            .client
            .request(method.clone(), mario.url("/api/bookings_month"))
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 405, "{method}");
        assert_eq!(res.headers()["allow"], "POST");
    }
    // The server answers before it has read the whole body, so the connection may be reset
    // before the client reads the answer: a few attempts, and the answer must be 413.
    let huge = vec![b'a'; 60 * 1024 * 1024];
    let mut answer = None;
    for _ in 0..5 {
        let sent = mario
            .client
            .post(mario.url("/api/bookings_month"))
            .header("origin", &mario.base)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(huge.clone())
            .send()
            .await;
        if let Ok(res) = sent {
            answer = Some(json(res).await);
            break;
        }
    }
    let (status, body) = answer.expect("an answer to the oversized body");
    assert_eq!(status, 413, "{body}");
    assert_eq!(body, serde_json::json!("TooLarge"));
}

/// A fault of the portal (here its news table is gone) is a 500 whose sentence carries the
/// request's code, the same as the `X-Request-Id` header and the log line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fault_of_the_portal_shows_the_code_of_the_request() {
    let app = spawn_app_with_login().await;
    let visitor = Browser::new(&app, VALLEVERDE);
    sqlx::query("DROP TABLE news_documents")
        .execute(&app.state.ctx.db)
        .await
        .expect("drop");
    sqlx::query("DROP TABLE news")
        .execute(&app.state.ctx.db)
        .await
        .expect("drop");
    let res = visitor.call("news_list", &[("page", "1")]).await;
    let code = res.headers()["x-request-id"]
        .to_str()
        .expect("code")
        .to_string();
    let (status, body) = json(res).await;
    assert_eq!(status, 500);
    assert_eq!(body, serde_json::json!({ "Internal": code }));
    let ok = visitor.call("site", &[]).await;
    assert_ne!(
        ok.headers()["x-request-id"],
        code.as_str(),
        "one code per request"
    );
}

/// A form posted without JavaScript (the browser accepts HTML): accepted, it goes back to
/// the page it came from; refused, a page says why in Italian and links back to that page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_posted_without_javascript_goes_back_or_says_why() {
    let app = spawn_app_with_login().await;
    let mario = Browser::new(&app, VALLEVERDE);
    mario.sign_in("RSSMRA80A01H501U").await;
    let post = |endpoint: &str, referer: Option<&str>, content_type: &str, body: Vec<u8>| {
        let mut req = mario
            .client
            .post(mario.url(&format!("/api/{endpoint}")))
            .header("origin", &mario.base)
            .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .header("content-type", content_type)
            .body(body);
        if let Some(r) = referer {
            req = req.header("referer", mario.url(r));
        }
        async move { req.send().await.expect("POST") }
    };
    let form = "application/x-www-form-urlencoded";

    let res = post("site", Some("/notizie?pagina=2"), form, Vec::new()).await;
    assert_eq!(res.status(), 302);
    assert_eq!(crate::support::browser::location(&res), "/notizie?pagina=2");
    let res = post("site", None, form, Vec::new()).await;
    assert_eq!(crate::support::browser::location(&res), "/area-personale");

    let bookings = "/area-personale/prenotazioni";
    let wrong_month = format!("pupil_id={NOBODY}&month=2026-13").into_bytes();
    let not_text = vec![0xff, 0xfe, 0x00, 0x80];
    for (body, reason) in [
        (wrong_month, "Mese non valido."),
        (not_text, "Richiesta non leggibile"),
    ] {
        let res = post("bookings_month", Some(bookings), form, body).await;
        assert_eq!(res.status(), 400);
        assert!(res.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/html"));
        let page = res.text().await.expect("page");
        assert!(page.contains("La richiesta non è stata accolta"), "{page}");
        assert!(page.contains(reason), "{page}");
        assert!(
            page.contains(&format!("href=\"{bookings}\"")),
            "a way back to the form: {page}"
        );
    }
    // The way back is a path of this site, whatever the Referer says.
    let res = post(
        "bookings_month",
        Some("//evil.example/x"),
        form,
        b"month=x".to_vec(),
    )
    .await;
    let page = res.text().await.expect("page");
    assert!(!page.contains("evil.example"), "{page}");
}
