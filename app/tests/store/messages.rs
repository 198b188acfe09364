//! `store::messages`: comunicazioni to the families.

use crate::support::{at, demo_tenants, on_both_engines, person, TestDb};
use chrono::NaiveDate;

/// Comunicazioni: audiences resolve within the Ente, every family gets its own copy, read
/// state is per family, and nobody reads another family's (or Ente's) messages.
async fn messages_reach_their_audience_and_keep_their_read_state(db: &TestDb) {
    use app::backend::store::messages;
    use app::domain::messages::{Audience, MessageText};
    let (valleverde, montechiaro) = demo_tenants(db).await;
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let now = at(2026, 12, 1);
    let ids = |rows: Vec<String>| rows.len();
    let all = messages::audience(&db.pool, &valleverde.id, &Audience::Everyone, today)
        .await
        .expect("audience");
    assert_eq!(ids(all.clone()), 3, "the three demo families");
    let school: String = sqlx::query_scalar(
        "SELECT id FROM schools WHERE tenant_id = $1 AND name LIKE 'Scuola primaria%'",
    )
    .bind(valleverde.id.as_str())
    .fetch_one(&db.pool)
    .await
    .expect("school");
    let primary = messages::audience(
        &db.pool,
        &valleverde.id,
        &Audience::School(school.clone()),
        today,
    )
    .await
    .expect("audience");
    assert_eq!(
        primary.len(),
        2,
        "Giulia's and Chiara's and Matteo's families"
    );
    let transport: String =
        sqlx::query_scalar("SELECT id FROM services WHERE tenant_id = $1 AND code = 'TRASPORTO'")
            .bind(valleverde.id.as_str())
            .fetch_one(&db.pool)
            .await
            .expect("service");
    let riders = messages::audience(
        &db.pool,
        &valleverde.id,
        &Audience::Service(transport),
        today,
    )
    .await
    .expect("audience");
    assert_eq!(riders.len(), 3);
    let mario = messages::audience(
        &db.pool,
        &valleverde.id,
        &Audience::Family("RSSMRA80A01H501U".into()),
        today,
    )
    .await
    .expect("audience");
    assert_eq!(mario.len(), 1);
    // Another Ente's school or family reaches nobody here.
    for other in [
        Audience::School(school.clone()),
        Audience::Family("RSSMRA80A01H501U".into()),
    ] {
        assert!(messages::audience(&db.pool, &montechiaro.id, &other, today)
            .await
            .expect("audience")
            .is_empty());
    }

    let text = MessageText::new("Menù di primavera", "Dal 1° marzo cambia il menù.").expect("text");
    assert_eq!(
        messages::broadcast(
            &db.pool,
            &valleverde.id,
            &primary,
            &messages::Broadcast {
                text: &text,
                link: None,
                by: &person("GLLNNA90L47A944N")
            },
            now,
        )
        .await
        .expect("send"),
        2
    );
    let second = MessageText::new("Sciopero", "Il 10 dicembre la mensa è chiusa.").expect("text");
    messages::broadcast(
        &db.pool,
        &valleverde.id,
        &all,
        &messages::Broadcast {
            text: &second,
            link: None,
            by: &person("GLLNNA90L47A944N"),
        },
        now,
    )
    .await
    .expect("send");
    let tenant_id = &valleverde.id;
    let unread = |cf: &'static str| async move {
        messages::unread_count(&db.pool, tenant_id, &person(cf))
            .await
            .expect("count")
    };
    assert_eq!(unread("RSSMRA80A01H501U").await, 2);
    assert_eq!(
        unread("BNCLRA85M41F205C").await,
        1,
        "Laura's child is not at the primary school"
    );
    let inbox = messages::of_guardian(&db.pool, &valleverde.id, &person("RSSMRA80A01H501U"), 10)
        .await
        .expect("inbox");
    assert_eq!(inbox.len(), 2);
    // Reading one of Mario's messages as Laura changes nothing; as Mario it is read.
    let first = inbox[0].id.clone();
    assert_eq!(
        messages::mark_read(
            &db.pool,
            &valleverde.id,
            &person("BNCLRA85M41F205C"),
            Some(&first),
            now
        )
        .await
        .expect("read"),
        0
    );
    assert_eq!(
        messages::mark_read(
            &db.pool,
            &montechiaro.id,
            &person("RSSMRA80A01H501U"),
            None,
            now
        )
        .await
        .expect("read"),
        0
    );
    assert_eq!(
        messages::mark_read(
            &db.pool,
            &valleverde.id,
            &person("RSSMRA80A01H501U"),
            Some(&first),
            now
        )
        .await
        .expect("read"),
        1
    );
    assert_eq!(unread("RSSMRA80A01H501U").await, 1);
    messages::mark_read(
        &db.pool,
        &valleverde.id,
        &person("RSSMRA80A01H501U"),
        None,
        now,
    )
    .await
    .expect("read all");
    assert_eq!(unread("RSSMRA80A01H501U").await, 0);
    assert_eq!(
        unread("SPSFNC82D49F839L").await,
        2,
        "Francesca's stay unread"
    );
    let by: Option<String> = sqlx::query_scalar("SELECT sent_by FROM messages WHERE id = $1")
        .bind(first.as_str())
        .fetch_one(&db.pool)
        .await
        .expect("sender");
    assert_eq!(by.as_deref(), Some("GLLNNA90L47A944N"));
}
on_both_engines!(
    comunicazioni,
    messages_reach_their_audience_and_keep_their_read_state
);
