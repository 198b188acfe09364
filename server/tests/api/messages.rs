//! Comunicazioni through the server functions and the pages: an operator writes, the
//! family reads (escaped), marks as read; the header counts what is unread.

use crate::support::browser::Browser;
use crate::support::{self, json, spawn_app_with_login, MONTECHIARO};

const VALLEVERDE: &str = "127.0.0.1";
const MARIO: &str = "RSSMRA80A01H501U";
const ANNA_OPERATOR: &str = "GLLNNA90L47A944N";
const SARA_MONTECHIARO: &str = "CNTSRA92C55M082A";

fn send_form<'a>(
    audience: &'a str,
    family: &'a str,
    title: &'a str,
    body: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("audience", audience),
        ("school", ""),
        ("service", ""),
        ("family", family),
        ("title", title),
        ("body", body),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_writes_and_the_family_reads_it_escaped() {
    let app = spawn_app_with_login().await;
    let operator = Browser::new(&app, VALLEVERDE);
    operator.sign_in(ANNA_OPERATOR).await;
    let family = Browser::new(&app, VALLEVERDE);
    family.sign_in(MARIO).await;

    let (_, site) = json(family.call("site", &[]).await).await;
    assert_eq!(site["user"]["unread"], 0);
    let (status, answer) = json(
        operator
            .call(
                "messages_send",
                &send_form(
                    "famiglia",
                    "rssmra80a01h501u",
                    "Avviso <b>importante</b>",
                    "Gentili famiglie,\n\n<script>alert(1)</script> domani\nla mensa apre alle 12.",
                ),
            )
            .await,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer, "Comunicazione inviata a 1 famiglia.");

    let (_, site) = json(family.call("site", &[]).await).await;
    assert_eq!(site["user"]["unread"], 1);
    let (_, inbox) = json(family.call("messages_inbox", &[]).await).await;
    let message = &inbox["messages"][0];
    assert_eq!(message["title"], "Avviso <b>importante</b>");
    assert_eq!(message["read"], false);
    // On the page the text is text: escaped, never markup.
    let page = family
        .get(app::routes::MESSAGES)
        .await
        .text()
        .await
        .expect("page");
    assert!(
        page.contains("Avviso &lt;b&gt;importante&lt;/b&gt;"),
        "{page}"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.contains("<script>alert(1)"));
    assert!(
        page.contains("</span>1<span class=\"visually-hidden\"> comunicazione non letta"),
        "the header's badge"
    );

    let id = message["id"].as_str().expect("id").to_string();
    let (status, changed) = json(family.call("messages_read", &[("id", &id)]).await).await;
    assert_eq!((status, changed), (200, serde_json::json!(1)));
    let (_, site) = json(family.call("site", &[]).await).await;
    assert_eq!(site["user"]["unread"], 0);

    // Another Ente's operator reaches no Valleverde family.
    let other = Browser::new(&app, MONTECHIARO);
    other.sign_in(SARA_MONTECHIARO).await;
    let (status, refused) = json(
        other
            .call(
                "messages_send",
                &send_form("famiglia", MARIO, "Prova", "Testo"),
            )
            .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        refused.to_string().contains("Nessuna famiglia"),
        "{refused}"
    );
    // Bad input: clear Italian, nothing stored.
    for (form, expected) in [
        (send_form("tutti", "", "Ok", "Testo"), "oggetto"),
        (send_form("tutti", "", "Oggetto", "   "), "testo"),
        (send_form("scuola", "", "Oggetto", "Testo"), "a chi inviare"),
        (
            send_form("nessuno", "", "Oggetto", "Testo"),
            "a chi inviare",
        ),
    ] {
        let (status, body) = json(operator.call("messages_send", &form).await).await;
        assert_eq!(status, 400, "{form:?}");
        assert!(
            body.to_string().to_lowercase().contains(expected),
            "{form:?}: {body}"
        );
    }
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE kind = 'ente'")
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("count");
    assert_eq!(stored, 1);

    // Everyone: the three demo families.
    let (status, answer) = json(
        operator
            .call(
                "messages_send",
                &send_form(
                    "tutti",
                    "",
                    "Menù di primavera",
                    "Dal 1° marzo cambia il menù.",
                ),
            )
            .await,
    )
    .await;
    assert_eq!(
        (status, answer),
        (
            200,
            serde_json::json!("Comunicazione inviata a 3 famiglie.")
        )
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_yearly_certificate_is_published_and_downloaded_by_its_family_only() {
    use app::backend::store::{payments, payments::ledger};
    use app::domain::money::Money;
    use chrono::TimeZone;
    let app = spawn_app_with_login().await;
    let db = &app.state.ctx.db;
    let tenant = support::valleverde(&app).await;
    let wallet = ledger::accounts_of_guardian(db, &tenant.id, &support::cf(MARIO))
        .await
        .expect("accounts")
        .into_iter()
        .find(|a| a.prepaid)
        .expect("wallet");
    let paid_at = chrono::Utc
        .with_ymd_and_hms(2025, 10, 6, 9, 0, 0)
        .single()
        .expect("instant");
    let p = payments::create(
        db,
        &tenant.id,
        tenant.segregation_code,
        &payments::NewPayment {
            account_id: wallet.id.as_str(),
            purpose: payments::Purpose::TopUp,
            fee_id: None,
            amount: Money::from_cents(4_000),
            description: "Ricarica Refezione Scolastica",
            due_date: paid_at.date_naive(),
            created_by: MARIO,
            request_key: None,
        },
        paid_at,
    )
    .await
    .expect("payment");
    payments::mark_open(db, &tenant.id, &p.id, paid_at)
        .await
        .expect("open");
    payments::confirm(db, &tenant.id, p.notice.iuv(), paid_at)
        .await
        .expect("confirm");
    let done = app::backend::tax_certificates::publish(db, &tenant, 2025, chrono::Utc::now())
        .await
        .expect("publish");
    assert_eq!((done.certificates, done.families), (2, 1));

    let family = Browser::new(&app, VALLEVERDE);
    family.sign_in(MARIO).await;
    let (_, inbox) = json(family.call("messages_inbox", &[]).await).await;
    let message = inbox["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .find(|m| m["title"] == "Attestazione delle spese scolastiche 2025")
        .expect("the certificate's message")
        .clone();
    let href = message["link"][0].as_str().expect("link").to_string();
    assert_eq!(href, "/area-personale/attestazioni/2025.pdf");
    let pdf = family.get(&href).await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.expect("bytes").starts_with(b"%PDF"));
    for missing in [
        "/area-personale/attestazioni/2024.pdf",
        "/area-personale/attestazioni/anno.pdf",
    ] {
        assert_eq!(family.get(missing).await.status(), 404, "{missing}");
    }
    // Another family, or nobody signed in: nothing to see.
    let other = Browser::new(&app, VALLEVERDE);
    other.sign_in("BNCLRA85M41F205C").await;
    assert_eq!(other.get(&href).await.status(), 404);
    let anonymous = Browser::new(&app, VALLEVERDE);
    assert_ne!(anonymous.get(&href).await.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attachment_reaches_only_the_families_it_was_sent_to() {
    let app = spawn_app_with_login().await;
    let operator = Browser::new(&app, VALLEVERDE);
    operator.sign_in(ANNA_OPERATOR).await;
    let upload = |b: &Browser, name: &'static str, bytes: &'static [u8]| {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name),
        );
        b.client
            .post(b.url("/area-personale/comunicazioni/allegati"))
            .header("origin", &b.base)
            .multipart(form)
            .send()
    };
    // A script dressed as a PDF is refused; a family cannot upload here at all.
    let refused = upload(&operator, "menu.pdf", b"<script>alert(1)</script>")
        .await
        .expect("upload");
    assert!(refused.headers()["location"]
        .to_str()
        .expect("location")
        .ends_with("allegato-errore=tipo"));
    let family = Browser::new(&app, VALLEVERDE);
    family.sign_in(MARIO).await;
    assert_eq!(
        upload(&family, "x.pdf", b"%PDF-1.7")
            .await
            .expect("upload")
            .status(),
        404
    );
    let files: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM message_files")
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("count");
    assert_eq!(files, 0);

    let ok = upload(&operator, "menù primavera.pdf", b"%PDF-1.7\n%%EOF")
        .await
        .expect("upload");
    assert_eq!(ok.status(), 303);
    let location = ok.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let id = location
        .split("allegato=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .expect("the file's id")
        .to_string();
    let mut form = send_form(
        "famiglia",
        MARIO,
        "Menù di primavera",
        "In allegato il nuovo menù.",
    );
    form.push(("attachment", &id));
    let (status, answer) = json(operator.call("messages_send", &form).await).await;
    assert_eq!(status, 200, "{answer}");
    let (_, inbox) = json(family.call("messages_inbox", &[]).await).await;
    let message = inbox["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .find(|m| m["title"] == "Menù di primavera")
        .expect("the message")
        .clone();
    assert_eq!(message["link"][1], "Allegato: menù primavera.pdf");
    let href = message["link"][0].as_str().expect("href").to_string();
    let file = family.get(&href).await;
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    // Laura got no such message: the file is not hers to see.
    let laura = Browser::new(&app, VALLEVERDE);
    laura.sign_in("BNCLRA85M41F205C").await;
    assert_eq!(laura.get(&href).await.status(), 404);
    // An attachment id that is not the Ente's is refused, nothing sent.
    let mut form = send_form("tutti", "", "Prova", "Testo");
    form.push(("attachment", "inesistente"));
    let (status, refused) = json(operator.call("messages_send", &form).await).await;
    assert_eq!(status, 400);
    assert!(refused.to_string().contains("allegato"), "{refused}");
}
