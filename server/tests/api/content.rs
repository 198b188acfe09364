//! Contenuti: the office writes news, documents and pages through the server functions and
//! the upload forms; the public read what is published, escaped; families and other Enti's
//! staff change nothing.

use crate::support::browser::{location, Browser};
use crate::support::{self, json, spawn_app_with_login, TestApp, MONTECHIARO};
use app::routes;
use serde_json::Value;

const VALLEVERDE: &str = "127.0.0.1";
const ANNA_OPERATOR: &str = "GLLNNA90L47A944N";
const MARIO_FAMILY: &str = "RSSMRA80A01H501U";
/// Valleverde's administrator, made administrator of Montechiaro too by [`other_ente_admin`].
const LUIGI: &str = "MRNLGU70R10D612W";

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake image";

async fn signed_in(app: &TestApp, host: &str, cf: &str) -> Browser {
    let b = Browser::new(app, host);
    b.sign_in(cf).await;
    b
}

/// An administrator of Montechiaro (Luigi Marino, granted there for the test).
async fn other_ente_admin(app: &TestApp) -> Browser {
    let montechiaro = app::backend::store::tenants::find_by_fiscal_code(
        &app.state.ctx.db,
        &app::domain::fiscal_code::OrganizationFiscalCode::parse(
            app::backend::seed::MONTECHIARO_FISCAL_CODE,
        )
        .expect("code"),
    )
    .await
    .expect("lookup")
    .expect("Montechiaro");
    let mut conn = app.state.ctx.db.acquire().await.expect("connection");
    app::backend::store::staff::grant(
        &mut *conn,
        &montechiaro.id,
        &support::cf(LUIGI),
        app::domain::identity::Role::Admin,
        "test",
        chrono::Utc::now(),
    )
    .await
    .expect("grant");
    signed_in(app, MONTECHIARO, LUIGI).await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("count")
}

fn news_form<'a>(
    id: &'a str,
    title: &'a str,
    body: &'a str,
    mode: &'a str,
    at: &'a str,
) -> [(&'a str, &'a str); 6] {
    [
        ("id", id),
        ("title", title),
        ("summary", "Il sommario."),
        ("body", body),
        ("mode", mode),
        ("publish_at", at),
    ]
}

async fn save_news(b: &Browser, form: &[(&str, &str)]) -> (u16, Value) {
    json(b.call("content_news_save", form).await).await
}

async fn upload(
    b: &Browser,
    path: &str,
    fields: &[(&'static str, &'static str)],
    file: Option<(&'static str, Vec<u8>)>,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(*name, *value);
    }
    if let Some((name, bytes)) = file {
        form = form.part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name),
        );
    }
    b.client
        .post(b.url(path))
        .header("origin", &b.base)
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn news_are_written_by_the_office_and_read_by_the_public_when_their_time_comes() {
    let app = spawn_app_with_login().await;
    let operator = signed_in(&app, VALLEVERDE, ANNA_OPERATOR).await;
    let family = signed_in(&app, VALLEVERDE, MARIO_FAMILY).await;
    let public = Browser::new(&app, VALLEVERDE);
    let news_before = count(&app, "SELECT COUNT(*) FROM news").await;

    // Bad input: a clear sentence for the field, nothing saved.
    let (status, err) = save_news(&operator, &news_form("", "  ", "x", "pubblica", "")).await;
    assert_eq!(
        (status, err["BadRequest"].as_str()),
        (400, Some("Scrivi il titolo."))
    );
    let (status, err) = save_news(&operator, &news_form("", "Gita", "x", "programma", "")).await;
    assert_eq!(status, 400, "{err}");
    let (status, _) = save_news(
        &operator,
        &news_form("", "Gita", "x", "programma", "2020-01-01T10:00"),
    )
    .await;
    assert_eq!(status, 400, "a schedule in the past");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM news").await, news_before);

    // Published now, with a script in its body: the public read it as text.
    let body = "Ecco **il menù**.\n\n<script>alert('x')</script>\n\n[Scarica](javascript:alert(1))";
    let (status, id) = save_news(
        &operator,
        &news_form("", "Menù d'inverno", body, "pubblica", ""),
    )
    .await;
    assert_eq!(status, 200, "{id}");
    let id = id["id"].as_str().expect("id").to_string();
    let (status, item) = json(public.call("news_get", &[("id", &id)]).await).await;
    assert_eq!(status, 200);
    let html = item["body_html"].as_str().expect("html");
    assert!(html.contains("<strong>il menù</strong>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;") && !html.contains("<script"),
        "{html}"
    );
    assert!(
        !html.contains("javascript:alert(1)\""),
        "no script link: {html}"
    );
    let page = public
        .get(&routes::news_item(&id))
        .await
        .text()
        .await
        .expect("page");
    assert!(page.contains("&lt;script&gt;alert(") && !page.contains("<script>alert("));

    // A family and another Ente's administrator change nothing.
    let edit = news_form(&id, "Presa", "x", "pubblica", "");
    assert_eq!(save_news(&family, &edit).await.0, 403);
    assert_eq!(
        save_news(&family, &news_form("", "Nuova", "x", "pubblica", ""))
            .await
            .0,
        403
    );
    let other_admin = other_ente_admin(&app).await;
    assert_eq!(save_news(&other_admin, &edit).await.0, 404);
    let (status, _) = json(
        other_admin
            .call("content_news_withdraw", &[("id", &id)])
            .await,
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = json(other_admin.call("content_news_get", &[("id", &id)]).await).await;
    assert_eq!(status, 404);
    let (status, mine) = json(other_admin.call("content_news_list", &[]).await).await;
    assert_eq!(status, 200);
    assert!(!mine.to_string().contains(&id), "only Montechiaro's news");

    // Scheduled for tomorrow: invisible to the public until then, previewed by the office.
    let zone = support::valleverde(&app).await.time_zone;
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1))
        .with_timezone(&zone)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let (status, later) = save_news(
        &operator,
        &news_form("", "Gita di primavera", "Si parte.", "programma", &tomorrow),
    )
    .await;
    assert_eq!(status, 200, "{later}");
    let later = later["id"].as_str().expect("id").to_string();
    assert_eq!(public.get(&routes::news_item(&later)).await.status(), 404);
    assert_eq!(
        json(public.call("news_get", &[("id", &later)]).await)
            .await
            .0,
        404
    );
    let (_, list) = json(public.call("news_list", &[("page", "1")]).await).await;
    assert!(!list.to_string().contains(&later));
    let (status, preview) = json(operator.call("news_get", &[("id", &later)]).await).await;
    assert_eq!(
        (status, preview["preview_of"].as_str()),
        (200, Some("programmata"))
    );
    // …and its time comes.
    sqlx::query("UPDATE news SET published_at = '2026-01-01T00:00:00Z' WHERE id = $1")
        .bind(&later)
        .execute(&app.state.ctx.db)
        .await
        .expect("time passes");
    assert_eq!(
        json(public.call("news_get", &[("id", &later)]).await)
            .await
            .0,
        200
    );

    // Withdrawn: gone for the public (404), kept for the office.
    let (status, said) = json(operator.call("content_news_withdraw", &[("id", &id)]).await).await;
    assert_eq!(status, 200, "{said}");
    assert_eq!(
        json(public.call("news_get", &[("id", &id)]).await).await.0,
        404
    );
    assert_eq!(public.get(&routes::news_item(&id)).await.status(), 404);
    let (_, office) = json(operator.call("content_news_list", &[]).await).await;
    let row = office
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["id"] == id.as_str())
        .expect("still listed")
        .clone();
    assert_eq!(row["state"], "ritirata");

    // Every change is in the audit log.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'notizia.%'"
        )
        .await,
        3
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_news_image_needs_its_alt_text_and_shows_with_the_item() {
    let app = spawn_app_with_login().await;
    let operator = signed_in(&app, VALLEVERDE, ANNA_OPERATOR).await;
    let family = signed_in(&app, VALLEVERDE, MARIO_FAMILY).await;
    let public = Browser::new(&app, VALLEVERDE);
    let (_, saved) = save_news(&operator, &news_form("", "Festa", "Con foto.", "bozza", "")).await;
    assert_eq!(saved["mode"], "bozza");
    let id = saved["id"].as_str().expect("id").to_string();
    let path = routes::content_news_image(&id);

    let no_alt = upload(
        &operator,
        &path,
        &[("alt", " ")],
        Some(("foto.png", PNG.to_vec())),
    )
    .await;
    assert_eq!(no_alt.status(), 303);
    assert!(
        location(&no_alt).contains("errore=alt"),
        "{}",
        location(&no_alt)
    );
    let wrong = upload(
        &operator,
        &path,
        &[("alt", "Festa")],
        Some(("foto.png", b"GIF89a".to_vec())),
    )
    .await;
    assert!(location(&wrong).contains("errore=tipo-immagine"));
    let big = vec![0xFF_u8; 5 * 1024 * 1024 + 1];
    let too_big = upload(
        &operator,
        &path,
        &[("alt", "Festa")],
        Some(("foto.jpg", big)),
    )
    .await;
    assert!(location(&too_big).contains("errore=troppo-grande"));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM news WHERE image_key IS NOT NULL"
        )
        .await,
        0
    );
    assert_eq!(
        upload(
            &family,
            &path,
            &[("alt", "Festa")],
            Some(("foto.png", PNG.to_vec()))
        )
        .await
        .status(),
        403
    );

    let ok = upload(
        &operator,
        &path,
        &[("alt", "Bambini in festa")],
        Some(("foto.png", PNG.to_vec())),
    )
    .await;
    assert!(location(&ok).ends_with("immagine=ok"), "{}", location(&ok));
    let (_, edit) = json(operator.call("content_news_get", &[("id", &id)]).await).await;
    let src = edit["image"]["url"].as_str().expect("url").to_string();
    assert_eq!(edit["image"]["alt"], "Bambini in festa");
    // A draft's image is the office's only; once published, everyone's.
    assert_eq!(public.get(&src).await.status(), 404);
    assert_eq!(operator.get(&src).await.status(), 200);
    save_news(
        &operator,
        &news_form(&id, "Festa", "Con foto.", "pubblica", ""),
    )
    .await;
    let image = public.get(&src).await;
    assert_eq!(image.status(), 200);
    assert_eq!(image.headers()["content-type"], "image/png");
    assert_eq!(image.bytes().await.expect("bytes").as_ref(), PNG);
    let home = public.get(routes::HOME).await.text().await.expect("home");
    assert!(home.contains(&src.replace('&', "&amp;")) && home.contains("alt=\"Bambini in festa\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_are_uploaded_replaced_at_the_same_address_and_withdrawn() {
    let app = spawn_app_with_login().await;
    let operator = signed_in(&app, VALLEVERDE, ANNA_OPERATOR).await;
    let family = signed_in(&app, VALLEVERDE, MARIO_FAMILY).await;
    let public = Browser::new(&app, VALLEVERDE);
    let fields: [(&str, &str); 3] = [
        ("title", "Menù di primavera"),
        ("category", "menu"),
        ("description", "Dal 1° marzo."),
    ];
    let docs_before = count(&app, "SELECT COUNT(*) FROM documents").await;
    let path = routes::CONTENT_DOCUMENT_UPLOAD;

    // Refused: no title, the wrong type, too large; a family may not upload.
    let untitled = upload(
        &operator,
        path,
        &[("title", ""), ("category", "menu")],
        Some(("m.pdf", b"%PDF-1.7".to_vec())),
    )
    .await;
    assert!(location(&untitled).contains("errore=titolo"));
    let exe = upload(
        &operator,
        path,
        &fields,
        Some(("menu.pdf", b"MZ\x90\0binary".to_vec())),
    )
    .await;
    assert!(location(&exe).contains("errore=tipo"));
    assert!(
        location(&exe).contains("titolo=Men"),
        "the form comes back filled in"
    );
    let mut big = b"%PDF-1.7 ".to_vec();
    big.resize(5 * 1024 * 1024 + 1, b' ');
    let too_big = upload(&operator, path, &fields, Some(("menu.pdf", big))).await;
    assert!(location(&too_big).contains("errore=troppo-grande"));
    assert_eq!(
        upload(
            &family,
            path,
            &fields,
            Some(("m.pdf", b"%PDF-1.7".to_vec()))
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM documents").await,
        docs_before
    );

    let ok = upload(
        &operator,
        path,
        &fields,
        Some(("menu-primavera.pdf", b"%PDF-1.7 prima".to_vec())),
    )
    .await;
    let id = location(&ok)
        .split("caricato=")
        .nth(1)
        .expect("the new document")
        .to_string();
    let url = routes::document_download(&id);
    let first = public.get(&url).await;
    assert_eq!(first.status(), 200);
    assert_eq!(
        first.bytes().await.expect("bytes").as_ref(),
        b"%PDF-1.7 prima"
    );
    let (_, listed) = json(public.call("documents_list", &[]).await).await;
    let row = listed
        .as_array()
        .expect("docs")
        .iter()
        .find(|d| d["id"] == id.as_str())
        .expect("listed")
        .clone();
    assert_eq!(row["category"], "menu");

    // A new version: the same address serves the new bytes.
    let replace = routes::content_document_replace(&id);
    let wrong = upload(
        &operator,
        &replace,
        &[],
        Some(("x.csv", b"\0\x01binary".to_vec())),
    )
    .await;
    assert!(location(&wrong).contains("errore=tipo"));
    let other_admin = other_ente_admin(&app).await;
    assert_eq!(
        upload(
            &other_admin,
            &replace,
            &[],
            Some(("y.pdf", b"%PDF-1.7 theirs".to_vec()))
        )
        .await
        .status(),
        404
    );
    let replaced = upload(
        &operator,
        &replace,
        &[],
        Some(("menu-v2.pdf", b"%PDF-1.7 seconda".to_vec())),
    )
    .await;
    assert!(
        location(&replaced).contains("sostituito="),
        "{}",
        location(&replaced)
    );
    let second = public.get(&url).await;
    assert_eq!(second.headers()["cache-control"], "no-cache");
    assert!(second.headers()["content-disposition"]
        .to_str()
        .expect("name")
        .contains("menu-v2.pdf"));
    assert_eq!(
        second.bytes().await.expect("bytes").as_ref(),
        b"%PDF-1.7 seconda"
    );

    // Withdrawn: no longer listed nor downloadable; published again on request.
    let withdraw = |b: &Browser, flag: &'static str| {
        let form = [("id", id.clone()), ("withdrawn", flag.to_string())];
        let b = b
            .client
            .post(b.url("/api/content_document_withdraw"))
            .header("origin", &b.base)
            .form(&form);
        async move { b.send().await.expect("POST").status().as_u16() }
    };
    assert_eq!(withdraw(&family, "true").await, 403);
    assert_eq!(withdraw(&other_admin, "true").await, 404);
    assert_eq!(withdraw(&operator, "true").await, 200);
    assert_eq!(public.get(&url).await.status(), 404);
    let (_, listed) = json(public.call("documents_list", &[]).await).await;
    assert!(!listed.to_string().contains(&id));
    assert_eq!(withdraw(&operator, "false").await, 200);
    assert_eq!(public.get(&url).await.status(), 200);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'documento.%'"
        )
        .await,
        4
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_entes_pages_are_in_every_footer_and_show_what_the_office_wrote() {
    let app = spawn_app_with_login().await;
    let operator = signed_in(&app, VALLEVERDE, ANNA_OPERATOR).await;
    let family = signed_in(&app, VALLEVERDE, MARIO_FAMILY).await;
    let public = Browser::new(&app, VALLEVERDE);
    let privacy = routes::site_page("privacy");

    // Not written yet: a minimal text naming the Ente, linked from every footer.
    let home = public.get(routes::HOME).await.text().await.expect("home");
    assert!(home.contains(&format!("href=\"{privacy}\"")), "footer link");
    let page = public.get(&privacy).await;
    assert_eq!(page.status(), 200);
    assert!(page
        .text()
        .await
        .expect("page")
        .contains("Comune di Valleverde"));

    let form = |title: &'static str, body: &'static str, published: &'static str| {
        [
            ("slug", "privacy"),
            ("title", title),
            ("body", body),
            ("published", published),
        ]
    };
    let body = "## Titolare\n\nIl **Comune di Valleverde**.\n\n<script>alert(1)</script>";
    assert_eq!(
        json(
            family
                .call("content_page_save", &form("X", "x", "true"))
                .await
        )
        .await
        .0,
        403
    );
    let (status, err) = json(
        operator
            .call("content_page_save", &form("", body, "true"))
            .await,
    )
    .await;
    assert_eq!(
        (status, err["BadRequest"].as_str()),
        (400, Some("Scrivi il titolo."))
    );
    let (status, slug) = json(
        operator
            .call(
                "content_page_save",
                &form("Informativa privacy", body, "true"),
            )
            .await,
    )
    .await;
    assert_eq!((status, slug.as_str()), (200, Some("privacy")));
    let html = public.get(&privacy).await.text().await.expect("page");
    assert!(html.contains("<h2>Titolare</h2>") && html.contains("&lt;script&gt;alert(1)"));
    assert!(!html.contains("<script>alert(1)"));
    let home = public.get(routes::NEWS).await.text().await.expect("news");
    assert!(
        home.contains("Informativa privacy"),
        "the footer shows the new title"
    );

    // Another Ente sees its own page, and its administrator cannot change Valleverde's.
    let other_admin = other_ente_admin(&app).await;
    let theirs = other_admin.get(&privacy).await.text().await.expect("page");
    assert!(theirs.contains("Comune di Montechiaro") && !theirs.contains("Informativa privacy"));
    let (status, _) = json(
        other_admin
            .call("content_page_save", &form("Loro", "x", "true"))
            .await,
    )
    .await;
    assert_eq!(status, 200, "it writes Montechiaro's own privacy page");
    assert!(public
        .get(&privacy)
        .await
        .text()
        .await
        .expect("page")
        .contains("Informativa privacy"));

    // An own page, then unpublished: gone from the footer and its address.
    let new = [
        ("slug", ""),
        ("title", "Servizio pre-scuola"),
        ("body", "Dalle 7:30."),
        ("published", "true"),
    ];
    let (status, slug) = json(operator.call("content_page_save", &new).await).await;
    assert_eq!((status, slug.as_str()), (200, Some("servizio-pre-scuola")));
    assert_eq!(
        json(operator.call("content_page_save", &new).await).await.0,
        400,
        "taken"
    );
    assert_eq!(
        public
            .get(&routes::site_page("servizio-pre-scuola"))
            .await
            .status(),
        200
    );
    let (status, _) = json(
        operator
            .call(
                "content_page_save",
                &form("Informativa privacy", body, "false"),
            )
            .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(public.get(&privacy).await.status(), 404);
    let home = public.get(routes::HOME).await.text().await.expect("home");
    assert!(!home.contains(&format!("href=\"{privacy}\"")));
    assert!(home.contains("Servizio pre-scuola"));
    assert_eq!(public.get(&routes::site_page("..%2Fx")).await.status(), 404);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'pagina.modificata'"
        )
        .await,
        4
    );
}
