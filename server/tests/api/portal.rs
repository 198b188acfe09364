//! The server as a browser and a server-function client see it, on a real port.

use crate::support::{json, spawn_app, TestApp};
use app::backend::seed::MONTECHIARO_HOST;
use server::config::Storage;

const VALLEVERDE: &str = "localhost";

async fn first_document_id(app: &TestApp, host: &str) -> String {
    let (status, docs) = json(app.call(host, "documents_list", &[]).await).await;
    assert_eq!(status, 200);
    docs[0]["id"].as_str().expect("id").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn news_are_listed_newest_first_and_paginated() {
    let app = spawn_app(Storage::Directory).await;
    let (status, page1) = json(app.call(VALLEVERDE, "news_list", &[("page", "1")]).await).await;
    assert_eq!(status, 200);
    assert_eq!(page1["total_items"], 10);
    assert_eq!(page1["total_pages"], 2);
    let items = page1["items"].as_array().expect("items");
    assert_eq!(items.len(), 5);
    assert_eq!(
        items[0]["title"],
        "Sciopero del personale della ristorazione"
    );
    assert_eq!(items[0]["published_on"], "2026-11-24");
    let dates: Vec<&str> = items
        .iter()
        .map(|i| i["published_on"].as_str().expect("date"))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");

    // A page past the end shows the last page.
    let (_, page9) = json(app.call(VALLEVERDE, "news_list", &[("page", "9")]).await).await;
    assert_eq!(page9["page"], 2);
    assert_eq!(
        page9["items"][4]["title"],
        "Iscrizioni ai servizi scolastici 2026/2027 aperte"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_ente_sees_only_its_own_content() {
    let app = spawn_app(Storage::Directory).await;
    let (_, other) = json(
        app.call(MONTECHIARO_HOST, "news_list", &[("page", "1")])
            .await,
    )
    .await;
    assert_eq!(other["total_items"], 2);
    assert!(other["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|n| n["title"].as_str().unwrap_or("").starts_with("Montechiaro")));

    let (_, valleverde) = json(app.call(VALLEVERDE, "news_list", &[("page", "1")]).await).await;
    let id = valleverde["items"][0]["id"].as_str().expect("id");
    let (status, err) = json(app.call(MONTECHIARO_HOST, "news_get", &[("id", id)]).await).await;
    assert_eq!(status, 404);
    assert_eq!(err, serde_json::json!("NotFound"));
    let (status, found) = json(app.call(VALLEVERDE, "news_get", &[("id", id)]).await).await;
    assert_eq!(status, 200);
    let body = found["body_html"].as_str().expect("the body as HTML");
    assert!(body.matches("<p>").count() >= 2, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_functions_refuse_cross_site_and_bad_requests() {
    let app = spawn_app(Storage::Directory).await;
    let res = app
        .client
        .post(app.url("/api/news_list"))
        .header("host", VALLEVERDE)
        .header("origin", "https://evil.example")
        .form(&[("page", "1")])
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status().as_u16(), 403);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("non proviene da una pagina di questo portale"));

    let res = app
        .client
        .get(app.url("/api/news_list?page=1"))
        .header("host", VALLEVERDE)
        .send()
        .await
        .expect("GET");
    assert_eq!(
        res.status().as_u16(),
        405,
        "server functions answer POST only"
    );

    let (status, err) = json(app.call(VALLEVERDE, "news_list", &[("page", "abc")]).await).await;
    assert_eq!(status, 400);
    assert_eq!(err["BadRequest"], "Richiesta non valida.");

    let (status, err) = json(
        app.call("sconosciuto.example", "news_list", &[("page", "1")])
            .await,
    )
    .await;
    assert_eq!(status, 404, "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_on_the_server_with_status_and_csp() {
    let app = spawn_app(Storage::Directory).await;
    let res = app.get(VALLEVERDE, "/").await;
    assert_eq!(res.status().as_u16(), 200);
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_string();
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let html = res.text().await.expect("html");
    assert!(html.contains("Comune di Valleverde"));
    assert!(html.contains("Sciopero del personale della ristorazione"));
    assert!(html.contains("24/11/2026"));
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("nonce in CSP");
    assert!(nonce.len() >= 16);
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the CSP nonce"
    );
    assert!(csp.contains("'wasm-unsafe-eval'"));

    // A malformed page number is the first page.
    let html = app
        .get(VALLEVERDE, "/notizie?pagina=abc")
        .await
        .text()
        .await
        .expect("html");
    assert!(html.contains("Sciopero del personale della ristorazione"));
    let html = app
        .get(VALLEVERDE, "/notizie?pagina=2")
        .await
        .text()
        .await
        .expect("html");
    assert!(html.contains("Iscrizioni ai servizi scolastici 2026/2027 aperte"));
    assert!(!html.contains("Sciopero del personale della ristorazione"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_things_are_404_pages_in_the_portal_look() {
    let app = spawn_app(Storage::Directory).await;
    for path in [
        "/pagina-che-non-esiste",
        "/notizie/non-esiste",
        "/documenti/non-esiste/scarica",
    ] {
        let res = app.get(VALLEVERDE, path).await;
        assert_eq!(res.status().as_u16(), 404, "{path}");
        let html = res.text().await.expect("html");
        assert!(html.contains("Pagina non trovata"), "{path}");
        assert!(
            html.contains("Comune di Valleverde"),
            "{path}: the Ente's header"
        );
    }
    let res = app.get("sconosciuto.example", "/").await;
    assert_eq!(res.status().as_u16(), 404);
    let html = res.text().await.expect("html");
    assert!(html.contains("Ente non configurato"));
    assert!(html.contains("sconosciuto.example"));
    let res = app.get("<script>", "/").await;
    let html = res.text().await.expect("html");
    assert!(!html.contains("<script>"), "the host is escaped");
}

async fn check_downloads(app: &TestApp) {
    let id = first_document_id(app, VALLEVERDE).await;
    let res = app
        .get(VALLEVERDE, &app::routes::document_download(&id))
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .expect("disposition")
        .to_string();
    assert!(
        disposition.starts_with("attachment; filename=\""),
        "{disposition}"
    );
    let content_type = res.headers()["content-type"]
        .to_str()
        .expect("type")
        .to_string();
    let bytes = res.bytes().await.expect("bytes");
    if content_type == "application/pdf" {
        assert!(bytes.starts_with(b"%PDF-"));
    } else {
        assert!(content_type.starts_with("text/csv"), "{content_type}");
    }
    // Another Ente's document does not exist for this host.
    let res = app
        .get(MONTECHIARO_HOST, &app::routes::document_download(&id))
        .await;
    assert_eq!(res.status().as_u16(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_download_from_a_directory() {
    check_downloads(&spawn_app(Storage::Directory).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_download_from_the_database() {
    check_downloads(&spawn_app(Storage::Database).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_manifest_logo_and_service_worker() {
    let app = spawn_app(Storage::Directory).await;
    let res = app.get("anything.example", "/healthz").await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.text().await.expect("body"), "ok");

    let (status, manifest) = json(app.get(VALLEVERDE, "/manifest.webmanifest").await).await;
    assert_eq!(status, 200);
    assert_eq!(
        manifest["name"],
        "Comune di Valleverde – Servizi scolastici"
    );
    assert_eq!(manifest["display"], "standalone");
    let purposes: Vec<&str> = manifest["icons"]
        .as_array()
        .expect("icons")
        .iter()
        .filter_map(|i| i["purpose"].as_str())
        .collect();
    assert!(purposes.contains(&"maskable"));

    let res = app.get(VALLEVERDE, "/ente/logo").await;
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert!(res.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .contains("sandbox"));

    let res = app.get(VALLEVERDE, "/sw.js").await;
    assert_eq!(res.headers()["cache-control"], "no-cache");
    let sw = res.text().await.expect("sw");
    assert!(!sw.contains("__VERSION__") && !sw.contains("__PRECACHE__"));
    assert!(sw.contains("\"/offline.html\""));
    assert!(!sw.contains("\"/api"), "never caches server functions");

    app.state.ctx.db.close().await;
    let res = app.get(VALLEVERDE, "/healthz").await;
    assert_eq!(res.status().as_u16(), 503);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_files_are_compressed_and_cached() {
    let app = spawn_app(Storage::Directory).await;
    let site = std::path::PathBuf::from(app.state.leptos_options.site_root.as_ref());
    std::fs::create_dir_all(site.join("vendor")).expect("dir");
    std::fs::write(
        site.join("vendor/app.css"),
        "body { color: #123456; }\n".repeat(100),
    )
    .expect("css");
    for (encoding, expected) in [("br", "br"), ("gzip", "gzip")] {
        let res = app
            .client
            .get(app.url("/vendor/app.css"))
            .header("host", VALLEVERDE)
            .header("accept-encoding", encoding)
            .send()
            .await
            .expect("GET");
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.headers()["content-encoding"], expected);
        assert_eq!(res.headers()["cache-control"], "public, max-age=86400");
        assert!(res.bytes().await.expect("body").len() < 500, "compressed");
    }
    // Precompressed siblings (what `cargo leptos build --precompress` writes) are served as they are.
    std::fs::create_dir_all(site.join("pkg")).expect("dir");
    std::fs::write(site.join("pkg/app.abc.js"), "console.log(1);\n".repeat(100)).expect("js");
    std::fs::write(site.join("pkg/app.abc.js.br"), b"precompressed").expect("br");
    let res = app
        .client
        .get(app.url("/pkg/app.abc.js"))
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.bytes().await.expect("body").as_ref(), b"precompressed");
}
