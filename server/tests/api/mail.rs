//! E-mail copies of Comunicazioni through a real local SMTP server (aiosmtpd): what the
//! family receives, an outage that loses nothing and retries, and no e-mail sent twice.

use crate::support::smtp::{free_port, SmtpSink};
use crate::support::{self, spawn_app, TestApp};
use app::backend::store::{messages, tenants, StoreError};
use app::domain::messages::{Audience, MessageText};
use chrono::{DateTime, Duration, Utc};
use server::config::Storage;
use server::mail::Mailer;

const FROM: &str = "Servizi scolastici <noreply@valleverde.example>";

async fn valleverde(app: &TestApp) -> tenants::Tenant {
    support::valleverde(app).await
}

async fn write(
    app: &TestApp,
    audience: Audience,
    title: &str,
    now: DateTime<Utc>,
) -> Result<u32, StoreError> {
    let tenant = valleverde(app).await;
    let to = messages::audience(&app.state.ctx.db, &tenant.id, &audience, now.date_naive()).await?;
    let text =
        MessageText::new(title, "Gentili famiglie,\n\ndal 1° marzo il menù cambia.").expect("text");
    let message = messages::Broadcast {
        text: &text,
        link: None,
        by: &support::cf("GLLNNA90L47A944N"),
    };
    messages::broadcast(&app.state.ctx.db, &tenant.id, &to, &message, now).await
}

async fn status(app: &TestApp, title: &str) -> Vec<(String, i64)> {
    sqlx::query_as::<_, (String, i64)>(
        "SELECT COALESCE(email_status, ''), CAST(email_attempts AS BIGINT) FROM messages WHERE title = $1 ORDER BY id",
    )
    .bind(title)
    .fetch_all(&app.state.ctx.db)
    .await
    .expect("status")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn families_receive_their_messages_by_email_once() {
    let app = spawn_app(Storage::Directory).await;
    let sink = SmtpSink::start_on(free_port());
    let mailer = Mailer::new(&format!("smtp://127.0.0.1:{}", sink.port), FROM).expect("mailer");
    let now = Utc::now();
    // Laura has no e-mail address: her message stays in the portal only.
    sqlx::query("UPDATE guardians SET email = NULL WHERE fiscal_code = 'BNCLRA85M41F205C'")
        .execute(&app.state.ctx.db)
        .await
        .expect("no address");
    // Francesca's registry record has none, but her identity provider gave one at login.
    sqlx::query("UPDATE guardians SET email = NULL WHERE fiscal_code = 'SPSFNC82D49F839L'")
        .execute(&app.state.ctx.db)
        .await
        .expect("no registry address");
    sqlx::query(
        "INSERT INTO users (id, tenant_id, fiscal_code, given_name, family_name, email, created_at, last_login_at)
         SELECT 'u-francesca', id, 'SPSFNC82D49F839L', 'Francesca', 'Esposito', 'francesca@spid.example',
                '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z' FROM tenants WHERE fiscal_code = '82012345672'",
    )
    .execute(&app.state.ctx.db)
    .await
    .expect("a login with an address");
    assert_eq!(
        write(&app, Audience::Everyone, "Menù di primavera", now)
            .await
            .expect("write"),
        3
    );
    // Two servers delivering at once send each e-mail once.
    let (a, b) = tokio::join!(
        mailer.deliver_due(&app.state.ctx.db, now),
        mailer.deliver_due(&app.state.ctx.db, now)
    );
    assert_eq!(a.expect("deliver") + b.expect("deliver"), 2);
    assert_eq!(
        mailer
            .deliver_due(&app.state.ctx.db, now + Duration::hours(1))
            .await
            .expect("again"),
        0
    );
    let mail = sink.received();
    assert_eq!(mail.len(), 2, "{mail:?}");
    let to_mario = mail
        .iter()
        .find(|m| m["to"][0] == "mario.rossi@example.org")
        .unwrap_or_else(|| panic!("Mario's e-mail: {mail:?}"));
    assert_eq!(to_mario["subject"], "Menù di primavera");
    assert!(
        to_mario["from"]
            .as_str()
            .expect("from")
            .starts_with("Comune di Valleverde <noreply@valleverde.example>"),
        "{to_mario}"
    );
    assert!(
        mail.iter().any(|m| m["to"][0] == "francesca@spid.example"),
        "the identity provider's address: {mail:?}"
    );
    let body = to_mario["body"].as_str().expect("body");
    assert!(body.contains("dal 1° marzo il menù cambia."), "{body}");
    assert!(body.contains("in Comunicazioni"), "{body}");
    let mut states: Vec<String> = status(&app, "Menù di primavera")
        .await
        .into_iter()
        .map(|s| s.0)
        .collect();
    states.sort();
    assert_eq!(states, ["none", "sent", "sent"]);

    // Messages from before e-mail was configured (older than three days) are not mailed.
    write(
        &app,
        Audience::Family("RSSMRA80A01H501U".into()),
        "Vecchio avviso",
        now - Duration::days(4),
    )
    .await
    .expect("write");
    assert_eq!(
        mailer
            .deliver_due(&app.state.ctx.db, now)
            .await
            .expect("deliver"),
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_outage_loses_nothing_and_is_retried() {
    let app = spawn_app(Storage::Directory).await;
    let port = free_port();
    let mailer = Mailer::new(&format!("smtp://127.0.0.1:{port}"), FROM).expect("mailer");
    let now = Utc::now();
    write(
        &app,
        Audience::Family("RSSMRA80A01H501U".into()),
        "Sciopero",
        now,
    )
    .await
    .expect("write");
    // Nobody listens: not sent, kept for a retry; the message is in the portal anyway.
    assert_eq!(
        mailer
            .deliver_due(&app.state.ctx.db, now)
            .await
            .expect("deliver"),
        0
    );
    assert_eq!(status(&app, "Sciopero").await, [("retry".to_string(), 1)]);
    let inbox = messages::of_guardian(
        &app.state.ctx.db,
        &valleverde(&app).await.id,
        &support::cf("RSSMRA80A01H501U"),
        10,
    )
    .await
    .expect("inbox");
    assert!(inbox.iter().any(|m| m.title == "Sciopero"));
    // Not again before its time; once the server is back and the time has come, sent.
    assert_eq!(
        mailer
            .deliver_due(&app.state.ctx.db, now + Duration::seconds(10))
            .await
            .expect("deliver"),
        0
    );
    let sink = SmtpSink::start_on(port);
    assert_eq!(
        mailer
            .deliver_due(&app.state.ctx.db, now + Duration::seconds(31))
            .await
            .expect("deliver"),
        1
    );
    assert_eq!(status(&app, "Sciopero").await, [("sent".to_string(), 1)]);
    assert_eq!(sink.received().len(), 1);
}
