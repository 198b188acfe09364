//! `store::sessions` and `store::logins`: sessions and pending logins.

use crate::support::{at, demo_tenants, on_both_engines, person, TestDb};
use app::backend::store::sessions::{self, SessionPolicy};
use app::backend::store::{logins, users};

async fn sessions_and_pending_logins_keep_their_rules(db: &TestDb) {
    let (valleverde, montechiaro) = demo_tenants(db).await;
    let mario = person("RSSMRA80A01H501U");
    let t0 = at(2026, 11, 28);
    let minutes = |m: i64| t0 + chrono::Duration::minutes(m);

    // A user per fiscal code and Ente; a later login refreshes the name, keeps the e-mail.
    let who = |email| users::Identity {
        fiscal_code: &mario,
        given_name: "Mario",
        family_name: "Rossi",
        email,
    };
    let id = users::record_login(&db.pool, &valleverde.id, &who(Some("m@example.org")), t0)
        .await
        .expect("login");
    let again = users::record_login(&db.pool, &valleverde.id, &who(None), minutes(5))
        .await
        .expect("login");
    assert_eq!(id, again);
    let elsewhere = users::record_login(&db.pool, &montechiaro.id, &who(None), t0)
        .await
        .expect("login");
    assert_ne!(id, elsewhere);

    let policy = SessionPolicy::default();
    let token = sessions::create(&db.pool, &valleverde.id, &id, "spid-demo", "id.token.x", t0)
        .await
        .expect("create");
    let found = sessions::resolve(&db.pool, &valleverde.id, &token, minutes(29), policy)
        .await
        .expect("resolve")
        .expect("in force");
    assert_eq!(found.user.email.as_deref(), Some("m@example.org"));
    assert_eq!(found.provider, "spid-demo");
    assert!(
        sessions::resolve(&db.pool, &montechiaro.id, &token, minutes(29), policy)
            .await
            .expect("resolve")
            .is_none()
    );
    assert!(
        sessions::resolve(&db.pool, &valleverde.id, "forged", minutes(29), policy)
            .await
            .expect("resolve")
            .is_none()
    );
    // Used at minute 29, so idle only from then: in force at 58, gone at 29 + 30.
    assert!(
        sessions::resolve(&db.pool, &valleverde.id, &token, minutes(58), policy)
            .await
            .expect("resolve")
            .is_some()
    );
    assert!(
        sessions::resolve(&db.pool, &valleverde.id, &token, minutes(58 + 30), policy)
            .await
            .expect("resolve")
            .is_none()
    );
    assert!(
        sessions::resolve(&db.pool, &valleverde.id, &token, minutes(58 + 31), policy)
            .await
            .expect("resolve")
            .is_none(),
        "deleted"
    );

    // Busy, but 8 hours after login it ends.
    let token = sessions::create(&db.pool, &valleverde.id, &id, "spid-demo", "id.token.y", t0)
        .await
        .expect("create");
    let mut m = 0;
    while m < 8 * 60 - 20 {
        m += 20;
        assert!(
            sessions::resolve(&db.pool, &valleverde.id, &token, minutes(m), policy)
                .await
                .expect("resolve")
                .is_some(),
            "minute {m}"
        );
    }
    assert!(
        sessions::resolve(&db.pool, &valleverde.id, &token, minutes(8 * 60), policy)
            .await
            .expect("resolve")
            .is_none()
    );

    // Logout hands back what the end-session call needs, once.
    let token = sessions::create(&db.pool, &valleverde.id, &id, "cie-demo", "id.token.z", t0)
        .await
        .expect("create");
    assert!(sessions::destroy(&db.pool, &montechiaro.id, &token)
        .await
        .expect("destroy")
        .is_none());
    let ended = sessions::destroy(&db.pool, &valleverde.id, &token)
        .await
        .expect("destroy")
        .expect("ended");
    assert_eq!(
        (ended.provider.as_str(), ended.id_token.as_str()),
        ("cie-demo", "id.token.z")
    );
    assert!(sessions::destroy(&db.pool, &valleverde.id, &token)
        .await
        .expect("destroy")
        .is_none());

    let _stale = sessions::create(&db.pool, &valleverde.id, &id, "spid-demo", "t", t0)
        .await
        .expect("create");
    assert_eq!(
        sessions::purge_expired(&db.pool, minutes(31), policy)
            .await
            .expect("purge"),
        1
    );

    // A pending login is taken once, by its Ente, within 10 minutes.
    let pending = |state: &str| logins::PendingLogin {
        state: state.into(),
        provider: "spid-demo".into(),
        nonce: "n".repeat(43),
        pkce_verifier: "v".repeat(43),
        return_to: "/area-personale".into(),
        browser_hash: "b".repeat(64),
    };
    logins::begin(&db.pool, &valleverde.id, &pending("s1"), t0)
        .await
        .expect("begin");
    // Another browser (a callback link sent to a victim) cannot take it.
    assert!(
        logins::take(&db.pool, &valleverde.id, "s1", &"c".repeat(64), minutes(1))
            .await
            .expect("take")
            .is_none()
    );
    assert!(
        logins::take(&db.pool, &montechiaro.id, "s1", &"b".repeat(64), minutes(1))
            .await
            .expect("take")
            .is_none()
    );
    assert_eq!(
        logins::take(&db.pool, &valleverde.id, "s1", &"b".repeat(64), minutes(1))
            .await
            .expect("take"),
        Some(pending("s1"))
    );
    assert!(
        logins::take(&db.pool, &valleverde.id, "s1", &"b".repeat(64), minutes(1))
            .await
            .expect("take")
            .is_none(),
        "used once"
    );
    logins::begin(&db.pool, &valleverde.id, &pending("s2"), t0)
        .await
        .expect("begin");
    assert!(
        logins::take(&db.pool, &valleverde.id, "s2", &"b".repeat(64), minutes(11))
            .await
            .expect("take")
            .is_none(),
        "expired"
    );
}
on_both_engines!(
    sessions_and_logins,
    sessions_and_pending_logins_keep_their_rules
);
