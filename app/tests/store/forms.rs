//! `store::forms`: online forms and their protocol numbers.

use crate::support::{at, demo_tenants, numbered_person, on_both_engines, person, TestDb};

/// Moduli online: protocol numbers run per Ente and year without gaps or repeats, however
/// many submissions arrive at once; the same draft submitted concurrently is one submission.
async fn submissions_get_one_protocol_each(db: &TestDb) {
    use app::backend::store::forms;
    let (valleverde, montechiaro) = demo_tenants(db).await;
    let def = forms::definition(&db.pool, &valleverde.id, "delega", None)
        .await
        .expect("lookup")
        .expect("the demo form");
    assert!(forms::definition(&db.pool, &montechiaro.id, "delega", None)
        .await
        .expect("lookup")
        .is_none());
    let now = at(2026, 12, 1);
    let answers: forms::Answers = [("alunno".to_string(), "RSSGLI18C54H501Z".to_string())].into();
    // Twenty people at once.
    let mut tasks = Vec::new();
    for i in 0..20 {
        let (pool, tenant, def, answers) = (
            db.pool.clone(),
            valleverde.id.clone(),
            def.clone(),
            answers.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let owner = numbered_person(i).to_string();
            let draft = forms::save_draft(
                &pool,
                &tenant,
                &person(&owner),
                "delega",
                def.version,
                &answers,
                now,
            )
            .await
            .expect("draft");
            let new = forms::NewSubmission {
                owner: &person(&owner),
                owner_name: "Prova",
                definition: &def,
                draft_id: draft.as_str(),
                answers: &answers,
            };
            // The same draft twice, at once.
            let (a, b) = tokio::join!(
                forms::submit(&pool, &tenant, &new, now),
                forms::submit(&pool, &tenant, &new, now)
            );
            let (a, b) = (a.expect("submit"), b.expect("submit"));
            assert_eq!(a.id, b.id);
            a.protocol
        }));
    }
    let mut protocols = Vec::new();
    for t in tasks {
        protocols.push(t.await.expect("task"));
    }
    protocols.sort();
    let expected: Vec<String> = (1..=20).map(|n| format!("2026/{n:06}")).collect();
    assert_eq!(protocols, expected);
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM submissions")
        .fetch_one(&db.pool)
        .await
        .expect("count");
    assert_eq!(rows, 20);
    // Another Ente, and another year, start from 1.
    let mt_def = {
        let mut d = def.clone();
        d.code = "prova".into();
        d.effect = None;
        d.sections[0].fields.retain(|f| f.name == "dal");
        d
    };
    let mut conn = db.pool.acquire().await.expect("conn");
    forms::publish(&mut conn, &montechiaro.id, &mt_def, now)
        .await
        .expect("publish");
    drop(conn);
    for (tenant, when, expected) in [
        (&montechiaro.id, now, "2026/000001"),
        (&valleverde.id, at(2027, 1, 2), "2027/000001"),
    ] {
        let draft = forms::save_draft(
            &db.pool,
            tenant,
            &numbered_person(99),
            &mt_def.code,
            1,
            &forms::Answers::new(),
            when,
        )
        .await
        .expect("draft");
        let s = forms::submit(
            &db.pool,
            tenant,
            &forms::NewSubmission {
                owner: &numbered_person(99),
                owner_name: "Prova",
                definition: &mt_def,
                draft_id: draft.as_str(),
                answers: &forms::Answers::new(),
            },
            when,
        )
        .await
        .expect("submit");
        assert_eq!(s.protocol, expected);
    }
}
on_both_engines!(forms_protocols, submissions_get_one_protocol_each);
