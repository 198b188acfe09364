//! The authorization matrix: every server function that exists, called by each kind of
//! person — anonymous, two families, a delegate, staff of this Ente and of another —
//! gets exactly what it should, and nobody else's data.

use crate::support::browser::Browser;
use crate::support::{self, json, spawn_app_with_login, MONTECHIARO};
use serde_json::Value;
use std::collections::BTreeSet;

const VALLEVERDE: &str = "127.0.0.1";

/// Who calls: the browser's Ente, and the citizen (None: anonymous).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Actor {
    Anonymous,
    FamilyA,
    FamilyB,
    DelegateOfA,
    Operator1,
    Admin1,
    Operator2,
    SchoolStaff1,
    Kitchen1,
}

impl Actor {
    const ALL: [Actor; 9] = [
        Actor::Anonymous,
        Actor::FamilyA,
        Actor::FamilyB,
        Actor::DelegateOfA,
        Actor::Operator1,
        Actor::Admin1,
        Actor::Operator2,
        Actor::SchoolStaff1,
        Actor::Kitchen1,
    ];

    fn citizen(self) -> Option<&'static str> {
        match self {
            Actor::Anonymous => None,
            Actor::FamilyA => Some("RSSMRA80A01H501U"), // Mario Rossi: Giulia, Luca
            Actor::FamilyB => Some("BNCLRA85M41F205C"), // Laura Bianchi: Sofia
            Actor::DelegateOfA => Some("FRRPLA75E20L219Z"), // Paolo Ferrari: Giulia only
            Actor::Operator1 => Some("GLLNNA90L47A944N"), // Anna Gallo
            Actor::Admin1 => Some("MRNLGU70R10D612W"),  // Luigi Marino
            Actor::Operator2 => Some("CNTSRA92C55M082A"), // Sara Conti, Montechiaro
            Actor::SchoolStaff1 => Some("CLMRTI79E52H501I"), // Rita Colombo: the primaria
            Actor::Kitchen1 => Some("RCCMRC83C15F205X"), // Marco Ricci: infanzia, primaria
        }
    }

    fn host(self) -> &'static str {
        if self == Actor::Operator2 {
            MONTECHIARO
        } else {
            VALLEVERDE
        }
    }
}

fn names(list: &Value, field: &str) -> BTreeSet<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|i| i[field].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_answers_each_person_as_it_should() {
    let app = spawn_app_with_login().await;
    let mut browsers = Vec::new();
    for actor in Actor::ALL {
        let b = Browser::new(&app, actor.host());
        if let Some(cf) = actor.citizen() {
            b.sign_in(cf).await;
        }
        browsers.push((actor, b));
    }

    // The matrix must cover every server function the app registers.
    let covered = set(&[
        "/api/site",
        "/api/news_list",
        "/api/news_get",
        "/api/documents_list",
        "/api/login_options",
        "/api/personal_home",
        "/api/staff_list",
        "/api/staff_change",
        "/api/audit_log",
        "/api/families_search",
        "/api/family_view",
        "/api/calendar_overview",
        "/api/calendar_close",
        "/api/calendar_reopen",
        "/api/calendar_school_year",
        "/api/calendar_import_report",
        "/api/registry_overview",
        "/api/registry_upload",
        "/api/registry_check",
        "/api/registry_import",
        "/api/registry_import_report",
        "/api/registry_new_year",
        "/api/booking_settings",
        "/api/booking_settings_save",
        "/api/tariffs_lists",
        "/api/tariffs_preview",
        "/api/tariffs_save",
        "/api/payments_overview",
        "/api/payments_statement",
        "/api/payments_recharge",
        "/api/payments_status",
        "/api/payments_pay_fee",
        "/api/bookings_info",
        "/api/bookings_month",
        "/api/bookings_change",
        "/api/bookings_credit",
        "/api/kitchen_report",
        "/api/attendance_today",
        "/api/attendance_absent",
        "/api/messages_inbox",
        "/api/messages_read",
        "/api/messages_choices",
        "/api/messages_send",
        "/api/forms_home",
        "/api/form_open",
        "/api/form_save",
        "/api/form_submit",
        "/api/forms_queue",
        "/api/forms_review",
        "/api/forms_decide",
        "/api/content_news_list",
        "/api/content_news_get",
        "/api/content_news_save",
        "/api/content_news_withdraw",
        "/api/content_news_image_remove",
        "/api/content_news_attach",
        "/api/content_documents_list",
        "/api/content_document_withdraw",
        "/api/site_page",
        "/api/content_pages_list",
        "/api/content_page_get",
        "/api/content_page_save",
        "/api/setup_view",
        "/api/setup_school",
        "/api/setup_school_retire",
        "/api/setup_school_delete",
        "/api/setup_class",
        "/api/setup_class_delete",
        "/api/setup_service",
        "/api/setup_pagopa",
        "/api/menus_view",
        "/api/menus_save",
        "/api/menu_print",
    ]);
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    assert_eq!(
        registered, covered,
        "a new server function needs its row in this matrix"
    );

    for (actor, b) in &browsers {
        let actor = *actor;
        let own_ente = actor.host() == VALLEVERDE;

        // Public functions: everyone, always their own Ente's content.
        let (status, site) = json(b.call("site", &[]).await).await;
        assert_eq!(status, 200);
        let expected_ente = if own_ente {
            "Comune di Valleverde"
        } else {
            "Comune di Montechiaro"
        };
        assert_eq!(site["name"], expected_ente, "{actor:?}");
        assert_eq!(
            site["user"].is_null(),
            actor == Actor::Anonymous,
            "{actor:?}: {site}"
        );

        let (status, news) = json(b.call("news_list", &[("page", "1")]).await).await;
        assert_eq!(status, 200);
        assert_eq!(
            news["total_items"],
            if own_ente { 10 } else { 2 },
            "{actor:?}"
        );
        let news_id = news["items"][0]["id"].as_str().expect("id").to_string();
        let (status, _) = json(b.call("news_get", &[("id", &news_id)]).await).await;
        assert_eq!(status, 200);

        let (status, docs) = json(b.call("documents_list", &[]).await).await;
        assert_eq!(status, 200);
        assert_eq!(
            docs.as_array().map(Vec::len),
            Some(if own_ente { 6 } else { 1 }),
            "{actor:?}"
        );

        let (status, options) = json(b.call("login_options", &[]).await).await;
        assert_eq!(status, 200);
        assert!(names(&options, "id").contains("spid-demo"));

        // The personal area: each person sees their own pupils, nobody else's.
        let (status, home) = json(b.call("personal_home", &[]).await).await;
        let pupils = names(&home["pupils"], "given_name");
        match actor {
            Actor::Anonymous => {
                assert_eq!((status, home.clone()), (401, Value::from("Unauthorized")))
            }
            Actor::FamilyA => assert_eq!(pupils, set(&["Giulia", "Luca"])),
            Actor::FamilyB => assert_eq!(pupils, set(&["Sofia"])),
            Actor::DelegateOfA => {
                assert_eq!(pupils, set(&["Giulia"]));
                assert_eq!(home["pupils"][0]["delegated"], true);
                assert_eq!(home["roles"], serde_json::json!(["delegate"]));
            }
            Actor::Operator1 | Actor::Operator2 => {
                assert_eq!(pupils, set(&[]));
                assert_eq!(home["roles"], serde_json::json!(["operator"]), "{actor:?}");
            }
            Actor::Admin1 => assert_eq!(home["roles"], serde_json::json!(["admin"])),
            Actor::SchoolStaff1 => {
                assert_eq!(home["roles"], serde_json::json!(["school_staff"]))
            }
            Actor::Kitchen1 => assert_eq!(home["roles"], serde_json::json!(["kitchen"])),
        }
        if actor != Actor::Anonymous {
            assert_eq!(status, 200, "{actor:?}");
            assert_eq!(home["fiscal_code"], actor.citizen().expect("citizen"));
        }

        // Staff management: administrators of the Ente only, and only its own staff.
        let (status, staff) = json(b.call("staff_list", &[]).await).await;
        let change = [
            ("fiscal_code", "SPSFNC82D49F839L"),
            ("role", "operator"),
            ("grant", "true"),
        ];
        let (change_status, _) = json(b.call("staff_change", &change).await).await;
        match actor {
            Actor::Anonymous => assert_eq!((status, change_status), (401, 401)),
            Actor::Admin1 => {
                assert_eq!(status, 200);
                assert_eq!(
                    names(&staff["members"], "fiscal_code"),
                    set(&[
                        "GLLNNA90L47A944N",
                        "MRNLGU70R10D612W",
                        "CLMRTI79E52H501I",
                        "RCCMRC83C15F205X"
                    ]),
                    "no other Ente's staff"
                );
                assert_eq!(change_status, 200);
                let revoke = [
                    ("fiscal_code", "SPSFNC82D49F839L"),
                    ("role", "operator"),
                    ("grant", "false"),
                ];
                assert_eq!(b.call("staff_change", &revoke).await.status(), 200);
            }
            _ => assert_eq!((status, change_status), (403, 403), "{actor:?}"),
        }
    }

    // The audit log: administrators of the Ente only, and only its own changes (the grant
    // and the revocation just made above, by Valleverde's administrator).
    for (actor, b) in &browsers {
        let actor = *actor;
        let form = [("person", ""), ("from", ""), ("to", "")];
        let (status, log) = json(b.call("audit_log", &form).await).await;
        match actor {
            Actor::Anonymous => assert_eq!(status, 401),
            Actor::Admin1 => {
                assert_eq!(status, 200, "{log}");
                assert_eq!(
                    names(&log["rows"], "actor"),
                    set(&["MRNLGU70R10D612W"]),
                    "{log}"
                );
                assert_eq!(log["rows"].as_array().map(Vec::len), Some(2), "{log}");
            }
            _ => assert_eq!(status, 403, "{actor:?}"),
        }
    }

    // Tariffs: the Ente's operators and administrators; another Ente's staff do not reach
    // Valleverde's services. The save is dated in the past: it passes the roles and is
    // then refused, so that the matrix changes nothing.
    let valleverde = support::valleverde(&app).await;
    let canteen: String =
        sqlx::query_scalar("SELECT id FROM services WHERE tenant_id = $1 AND code = 'REFEZIONE'")
            .bind(valleverde.id.as_str())
            .fetch_one(&app.state.ctx.db)
            .await
            .expect("canteen");
    let next_month = (chrono::Utc::now().date_naive() + chrono::Duration::days(30)).to_string();
    for (actor, b) in &browsers {
        let actor = *actor;
        let list = |from: &str| {
            [
                ("service", canteen.clone()),
                ("valid_from", from.to_string()),
                ("rows[0][code]", "INTERA".into()),
                ("rows[0][label]", "Tariffa intera".into()),
                ("rows[0][kind]", "full".into()),
                ("rows[0][price]", "5,47".into()),
            ]
        };
        let call = |endpoint: &'static str, form: Vec<(&'static str, String)>| async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            json(b.call(endpoint, &form).await).await
        };
        let (lists, view) = call("tariffs_lists", vec![("service", canteen.clone())]).await;
        let (preview, _) = call("tariffs_preview", list(&next_month).to_vec()).await;
        let (save, err) = call("tariffs_save", list("2026-09-01").to_vec()).await;
        match actor {
            Actor::Anonymous => assert_eq!((lists, preview, save), (401, 401, 401)),
            Actor::Operator1 | Actor::Admin1 => {
                assert_eq!((lists, preview, save), (200, 200, 400), "{actor:?}: {err}");
                assert_eq!(view["service_name"], "Refezione Scolastica");
            }
            Actor::Operator2 => {
                assert_eq!((lists, preview, save), (400, 400, 400), "{actor:?}");
                assert_eq!(err["BadRequest"], "Il servizio indicato non esiste.");
            }
            _ => assert_eq!((lists, preview, save), (403, 403, 403), "{actor:?}"),
        }
    }

    // The school calendar and the booking settings: the office of each Ente, on its own
    // Ente only (a Valleverde school is unknown to Montechiaro's operator).
    let tenant = support::valleverde(&app).await;
    let schools = app::backend::store::registry::schools(&app.state.ctx.db, &tenant.id)
        .await
        .expect("schools");
    let school = schools[0].0.as_str();
    let unknown_report = "00000000-0000-7000-8000-000000000000";
    for (actor, b) in &browsers {
        let actor = *actor;
        let overview = [("month", "2027-02"), ("school", "")];
        let (overview_status, o) = json(b.call("calendar_overview", &overview).await).await;
        let day = [("school", school), ("first_day", "2027-02-15")];
        let close = [day[0], day[1], ("last_day", ""), ("reason", "Patrono")];
        let close_status = b.call("calendar_close", &close).await.status().as_u16();
        let reopen_status = b.call("calendar_reopen", &day).await.status().as_u16();
        let year = [
            day[0],
            ("first_day", "2026-09-14"),
            ("last_day", "2027-06-30"),
        ];
        let year_status = b
            .call("calendar_school_year", &year)
            .await
            .status()
            .as_u16();
        let report = [("id", unknown_report)];
        let report_status = b
            .call("calendar_import_report", &report)
            .await
            .status()
            .as_u16();
        let settings_status = b.call("booking_settings", &[]).await.status().as_u16();
        let save = [
            ("settings[cutoff]", "09:30"),
            ("settings[opens_evening_before]", ""),
            ("settings[horizon_days]", "30"),
            ("settings[plain_meal_max_consecutive]", "3"),
            ("settings[charge_late_absence]", "true"),
            ("settings[negative_limit]", "50,00"),
        ];
        let save_status = b
            .call("booking_settings_save", &save)
            .await
            .status()
            .as_u16();
        let statuses = [
            overview_status,
            close_status,
            reopen_status,
            year_status,
            report_status,
            settings_status,
            save_status,
        ];
        match actor {
            Actor::Anonymous => assert_eq!(statuses, [401; 7]),
            Actor::Operator1 | Actor::Admin1 => {
                assert_eq!(
                    statuses,
                    [200, 200, 200, 200, 404, 200, 200],
                    "{actor:?} {o}"
                );
                assert_eq!(
                    names(&o["schools"], "name"),
                    schools.iter().map(|(_, n)| n.clone()).collect(),
                );
            }
            Actor::Operator2 => {
                assert_eq!(statuses, [200, 400, 400, 400, 404, 200, 200], "{o}");
                assert!(names(&o["schools"], "name")
                    .iter()
                    .all(|n| !schools.iter().any(|(_, v)| v == n)));
            }
            _ => assert_eq!(statuses, [403; 7], "{actor:?}"),
        }
    }

    // Anagrafe alunni: the office of each Ente; an upload or report id of nobody (or of
    // another Ente) is unknown, and the passage into a year long gone is refused.
    for (actor, b) in &browsers {
        let actor = *actor;
        let unknown = [("file", unknown_report)];
        let choice = [unknown[0], ("choice[columns][alunno_cf]", "0")];
        let (overview_status, o) = json(b.call("registry_overview", &[]).await).await;
        let statuses = [
            overview_status,
            b.call("registry_upload", &unknown).await.status().as_u16(),
            b.call("registry_check", &choice).await.status().as_u16(),
            b.call("registry_import", &choice).await.status().as_u16(),
            b.call("registry_import_report", &[("id", unknown_report)])
                .await
                .status()
                .as_u16(),
            b.call("registry_new_year", &[("to", "2000/2001")])
                .await
                .status()
                .as_u16(),
        ];
        match actor {
            Actor::Anonymous => assert_eq!(statuses, [401; 6]),
            Actor::Operator1 | Actor::Admin1 | Actor::Operator2 => {
                assert_eq!(statuses, [200, 400, 400, 400, 404, 400], "{actor:?} {o}");
                let schools = names(&o["classes"], "school");
                assert_eq!(
                    schools.iter().any(|s| s.contains("Giovanni Pascoli")),
                    actor != Actor::Operator2,
                    "{actor:?}: each Ente's own classes"
                );
            }
            _ => assert_eq!(statuses, [403; 6], "{actor:?}"),
        }
    }
    // Famiglie: the office of each Ente finds and reads its own families only.
    for (actor, b) in &browsers {
        let actor = *actor;
        let mario = [("q", "RSSMRA80A01H501U")];
        let (search, found) = json(b.call("families_search", &mario).await).await;
        let view = b
            .call("family_view", &[("fiscal_code", "RSSMRA80A01H501U")])
            .await
            .status()
            .as_u16();
        let hits = found["hits"].as_array().map(Vec::len);
        match actor {
            Actor::Anonymous => assert_eq!((search, view), (401, 401)),
            Actor::Operator1 | Actor::Admin1 => {
                assert_eq!((search, view, hits), (200, 200, Some(1)), "{actor:?}");
            }
            Actor::Operator2 => assert_eq!((search, view, hits), (200, 404, Some(0))),
            _ => assert_eq!((search, view), (403, 403), "{actor:?}"),
        }
    }
    // Scuole, classi e servizi: the office of each Ente, on its own rows only; the pagoPA
    // identifiers to administrators. Every call here changes nothing: a class that exists,
    // a school already in service, ids nobody has, fields refused.
    let third_a: String = sqlx::query_scalar(
        "SELECT c.id FROM classes c JOIN schools s ON s.tenant_id = c.tenant_id AND s.id = c.school_id
         WHERE s.name = 'Scuola primaria Giovanni Pascoli' AND c.name = '3ª A'",
    )
    .fetch_one(&app.state.ctx.db)
    .await
    .expect("3ª A");
    let pascoli: String = sqlx::query_scalar(
        "SELECT id FROM schools WHERE name = 'Scuola primaria Giovanni Pascoli'",
    )
    .fetch_one(&app.state.ctx.db)
    .await
    .expect("Pascoli");
    for (actor, b) in &browsers {
        let actor = *actor;
        let status = |endpoint: &'static str, form: Vec<(&'static str, &str)>| {
            let form: Vec<(&'static str, String)> =
                form.into_iter().map(|(k, v)| (k, v.to_string())).collect();
            async move {
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                b.call(endpoint, &form).await.status().as_u16()
            }
        };
        let got = [
            status("setup_view", vec![]).await,
            status(
                "setup_school",
                vec![
                    ("school[id]", ""),
                    ("school[name]", ""),
                    ("school[kind]", "primaria"),
                    ("school[address]", "Via Roma 1"),
                ],
            )
            .await,
            status(
                "setup_school_retire",
                vec![("school", &pascoli), ("retired", "false")],
            )
            .await,
            status("setup_school_delete", vec![("school", &pascoli)]).await,
            status(
                "setup_class",
                vec![
                    ("class[id]", ""),
                    ("class[school]", &pascoli),
                    ("class[name]", "3ª A"),
                    ("class[school_year]", "2026/2027"),
                    ("class[mon]", "true"),
                ],
            )
            .await,
            status("setup_class_delete", vec![("class", &third_a)]).await,
            status(
                "setup_service",
                vec![
                    ("service[id]", ""),
                    ("service[code]", "X"),
                    ("service[name]", "Servizio"),
                    ("service[taxonomy]", "9/0201102IM/"),
                ],
            )
            .await,
            status(
                "setup_pagopa",
                vec![
                    ("pagopa[iban]", "IT00"),
                    ("pagopa[cbill]", ""),
                    ("pagopa[segregation_code]", "02"),
                ],
            )
            .await,
        ];
        let menus_view = status("menus_view", vec![("school", &pascoli)]).await;
        let menus_save = status(
            "menus_save",
            vec![
                ("school", &pascoli),
                ("menu[valid_from]", "2020-01-01"),
                ("menu[name]", "Menù"),
                ("menu[weeks]", "1"),
            ],
        )
        .await;
        let menus = [menus_view, menus_save];
        match actor {
            Actor::Anonymous => assert_eq!(menus, [401; 2]),
            // A menu from the past is refused; Valleverde's school is unknown to Montechiaro.
            Actor::Operator1 | Actor::Admin1 => assert_eq!(menus, [200, 400], "{actor:?}"),
            Actor::Operator2 => assert_eq!(menus, [404, 400]),
            _ => assert_eq!(menus, [403; 2], "{actor:?}"),
        }
        // The printable menu is public, within its own Ente.
        let print = status("menu_print", vec![("school", &pascoli)]).await;
        let own_ente = actor.host() == VALLEVERDE;
        assert_eq!(print, if own_ente { 200 } else { 404 }, "{actor:?}");
        let expected = match actor {
            Actor::Anonymous => [401; 8],
            // Pascoli is in service already (200, nothing changes), has history, has 3ª A
            // (which has pupils); the code "X" and the IBAN are refused.
            Actor::Operator1 => [200, 400, 200, 400, 400, 400, 400, 403],
            Actor::Admin1 => [200, 400, 200, 400, 400, 400, 400, 400],
            // Valleverde's school and class are unknown to Montechiaro.
            Actor::Operator2 => [200, 400, 404, 404, 404, 404, 400, 403],
            _ => [403; 8],
        };
        assert_eq!(got, expected, "{actor:?}");
    }
    let setup_changes: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'scuola.%' OR action LIKE 'classe.%'
            OR action LIKE 'servizio.%' OR action LIKE 'ente.%' OR action LIKE 'menu.%'",
    )
    .fetch_one(&app.state.ctx.db)
    .await
    .expect("count");
    assert_eq!(setup_changes, 0, "the matrix changed nothing");

    // Payments: the tutore only, and only their own accounts and payments.
    let a_accounts = app::backend::store::payments::ledger::accounts_of_guardian(
        &app.state.ctx.db,
        &tenant.id,
        &support::cf("RSSMRA80A01H501U"),
    )
    .await
    .expect("accounts");
    let a_wallet = a_accounts
        .iter()
        .find(|a| a.prepaid)
        .expect("wallet")
        .id
        .to_string();
    let a_payment = app::backend::store::payments::create(
        &app.state.ctx.db,
        &tenant.id,
        tenant.segregation_code,
        &app::backend::store::payments::NewPayment {
            account_id: &a_wallet,
            purpose: app::backend::store::payments::Purpose::TopUp,
            fee_id: None,
            amount: app::domain::money::Money::from_cents(2_000),
            description: "Ricarica",
            due_date: chrono::Utc::now().date_naive(),
            created_by: "RSSMRA80A01H501U",
            request_key: None,
        },
        chrono::Utc::now(),
    )
    .await
    .expect("payment");
    for (actor, b) in &browsers {
        let actor = *actor;
        let (overview, body) = json(b.call("payments_overview", &[]).await).await;
        let (statement, _) = json(
            b.call(
                "payments_statement",
                &[("account_id", &a_wallet), ("page", "1")],
            )
            .await,
        )
        .await;
        let (status, _) = json(
            b.call("payments_status", &[("payment_id", a_payment.id.as_str())])
                .await,
        )
        .await;
        let (recharge, err) = json(
            b.call(
                "payments_recharge",
                &[("amount", "20"), ("method", "online")],
            )
            .await,
        )
        .await;
        match actor {
            Actor::Anonymous => assert_eq!(
                (overview, statement, status, recharge),
                (401, 401, 401, 401)
            ),
            Actor::FamilyA => {
                assert_eq!((overview, statement, status), (200, 200, 200));
                assert_eq!(
                    names(&body["accounts"], "service"),
                    set(&["Refezione Scolastica", "Trasporto Scolastico"])
                );
                // No pagoPA in this test server: a clear sentence, nothing created.
                assert_eq!(recharge, 400, "{err}");
                assert!(err["BadRequest"]
                    .as_str()
                    .expect("message")
                    .contains("non sono ancora attivi"));
            }
            Actor::FamilyB => {
                assert_eq!(overview, 200);
                assert_eq!(
                    names(&body["accounts"], "service"),
                    set(&["Refezione Scolastica", "Trasporto Scolastico"])
                );
                assert!(
                    !names(&body["accounts"], "id").contains(&a_wallet),
                    "their own accounts only"
                );
                assert_eq!(
                    (statement, status),
                    (404, 404),
                    "another family's account and payment"
                );
                assert_eq!(recharge, 400);
            }
            _ => assert_eq!(
                (overview, statement, status, recharge),
                (403, 403, 403, 403),
                "{actor:?}"
            ),
        }
    }
    // Bookings: the tutore and the delegate (for the delegated pupil); never staff.
    let giulia = support::pupil_id(&app, "RSSGLI18C54H501Z").await;
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    for (actor, b) in &browsers {
        let actor = *actor;
        let (info, _) = json(b.call("bookings_info", &[]).await).await;
        let (cal, _) = json(
            b.call(
                "bookings_month",
                &[("pupil_id", &giulia), ("month", &month)],
            )
            .await,
        )
        .await;
        let (chg, _) = json(
            b.call(
                "bookings_change",
                &[
                    ("pupil_id", &giulia),
                    ("from", "1900-01-01"),
                    ("to", "1900-01-01"),
                    ("action", "disdici"),
                ],
            )
            .await,
        )
        .await;
        let expected = match actor {
            Actor::Anonymous => (401, 401, 401),
            // A past day: refused with a reason, for those who may book Giulia.
            Actor::FamilyA | Actor::DelegateOfA => (200, 200, 400),
            Actor::FamilyB => (200, 404, 404),
            _ => (403, 403, 403),
        };
        assert_eq!((info, cal, chg), expected, "{actor:?}");
        // The credit forecast: the tutore's own wallet; a delegate gets none.
        let (credit, forecast) = json(b.call("bookings_credit", &[]).await).await;
        match actor {
            Actor::Anonymous => assert_eq!(credit, 401),
            Actor::FamilyA | Actor::FamilyB => {
                assert_eq!(credit, 200);
                assert!(forecast["balance"].is_i64(), "{actor:?}: {forecast}");
            }
            Actor::DelegateOfA => assert_eq!((credit, forecast), (200, Value::Null)),
            _ => assert_eq!(credit, 403, "{actor:?}"),
        }
    }
    // Attendance: the office, and school staff for their schools only; a pupil not at the
    // canteen that day (or of another Ente) is refused without a trace.
    let primaria = "Scuola primaria Giovanni Pascoli";
    let today = chrono::Utc::now().date_naive().to_string();
    for (actor, b) in &browsers {
        let actor = *actor;
        let (today_status, list) = json(b.call("attendance_today", &[]).await).await;
        let (absent, _) = json(
            // A well-formed id of no pupil at the canteen (a malformed one is refused while
            // decoding, before anyone is asked who they are: see `decoding`).
            b.call(
                "attendance_absent",
                &[
                    ("pupil_id", "0192f3a4-5b6c-7d8e-9f00-112233445566"),
                    ("day", &today),
                ],
            )
            .await,
        )
        .await;
        match actor {
            Actor::Anonymous => assert_eq!((today_status, absent), (401, 401)),
            Actor::Operator1 | Actor::Admin1 | Actor::Operator2 | Actor::SchoolStaff1 => {
                assert_eq!((today_status, absent), (200, 400), "{actor:?}");
                let schools = names(&list["pupils"], "school");
                if actor == Actor::Operator2 {
                    assert_eq!(schools, set(&[]), "no Valleverde pupils");
                }
                if actor == Actor::SchoolStaff1 {
                    assert!(schools.iter().all(|s| s == primaria), "{schools:?}");
                }
            }
            _ => assert_eq!((today_status, absent), (403, 403), "{actor:?}"),
        }
    }
    // The kitchen report: the office (every school of its own Ente) and the kitchen (its
    // schools only).
    let mut office_rows = Vec::new();
    for (actor, b) in &browsers {
        let actor = *actor;
        let (status, report) = json(b.call("kitchen_report", &[("day", "2026-12-01")]).await).await;
        let csv = b
            .get("/area-personale/cucina.csv?giorno=2026-12-01")
            .await
            .status()
            .as_u16();
        match actor {
            Actor::Anonymous => assert_eq!((status, csv), (401, 303)),
            Actor::Operator1 | Actor::Admin1 => {
                assert_eq!((status, csv), (200, 200), "{actor:?}");
                assert_eq!(
                    report["total"], 6,
                    "the six demo pupils eat on Tuesday 1 December"
                );
                office_rows = report["rows"].as_array().cloned().unwrap_or_default();
            }
            Actor::Operator2 => {
                assert_eq!((status, csv), (200, 200));
                assert_eq!(
                    report["total"], 0,
                    "Montechiaro has no pupils: no Valleverde data"
                );
            }
            Actor::Kitchen1 => {
                assert_eq!((status, csv), (200, 200));
                let secondaria = |r: &&Value| {
                    r["school"]
                        .as_str()
                        .is_some_and(|s| s.contains("secondaria"))
                };
                let expected: Vec<Value> = office_rows
                    .iter()
                    .filter(|r| !secondaria(r))
                    .cloned()
                    .collect();
                assert!(
                    expected.len() < office_rows.len(),
                    "the secondary school eats on Tuesday"
                );
                assert_eq!(
                    report["rows"],
                    Value::from(expected),
                    "infanzia and primaria only"
                );
            }
            _ => assert_eq!((status, csv), (403, 404), "{actor:?}"),
        }
    }

    // Comunicazioni: everyone signed in reads their own inbox; only staff write, and a bad
    // text (here a two-letter title) is refused before anything is stored.
    for (actor, b) in &browsers {
        let actor = *actor;
        let (inbox, body) = json(b.call("messages_inbox", &[]).await).await;
        let (read, _) = json(b.call("messages_read", &[("id", "")]).await).await;
        let (choices, _) = json(b.call("messages_choices", &[]).await).await;
        let (send, _) = json(
            b.call(
                "messages_send",
                &[
                    ("audience", "tutti"),
                    ("school", ""),
                    ("service", ""),
                    ("family", ""),
                    ("title", "Ok"),
                    ("body", "Testo"),
                ],
            )
            .await,
        )
        .await;
        match actor {
            Actor::Anonymous => assert_eq!((inbox, read, choices, send), (401, 401, 401, 401)),
            Actor::Operator1 | Actor::Admin1 | Actor::Operator2 => {
                assert_eq!(
                    (inbox, read, choices, send),
                    (200, 200, 200, 400),
                    "{actor:?}"
                );
                assert_eq!(body["may_compose"], true);
            }
            _ => {
                assert_eq!(
                    (inbox, read, choices, send),
                    (200, 200, 403, 403),
                    "{actor:?}"
                );
                assert_eq!(body["may_compose"], false);
            }
        }
    }
    // Contenuti: the office of the Ente only (operators and administrators), on its own
    // content; bad input (an empty title) is refused before anything is stored.
    let (_, valleverde_news) = json(browsers[0].1.call("news_list", &[("page", "1")]).await).await;
    let news_id = valleverde_news["items"][0]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let nothing = "0192f3a4-5b6c-7d8e-9f00-112233445566";
    for (actor, b) in &browsers {
        let actor = *actor;
        let status = |endpoint: &'static str, form: Vec<(&'static str, String)>| async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            b.call(endpoint, &form).await.status().as_u16()
        };
        let empty_title = vec![
            ("id", String::new()),
            ("title", String::new()),
            ("summary", "s".into()),
            ("body", "b".into()),
            ("mode", "bozza".into()),
            ("publish_at", String::new()),
        ];
        let page_form = vec![
            ("slug", "privacy".to_string()),
            ("title", String::new()),
            ("body", "b".into()),
            ("published", "true".into()),
        ];
        let got = [
            status("content_news_list", vec![]).await,
            status("content_news_get", vec![("id", news_id.clone())]).await,
            status("content_news_save", empty_title).await,
            status("content_news_withdraw", vec![("id", nothing.into())]).await,
            status("content_news_image_remove", vec![("id", nothing.into())]).await,
            status(
                "content_news_attach",
                vec![
                    ("id", nothing.into()),
                    ("document_id", nothing.into()),
                    ("attach", "true".into()),
                ],
            )
            .await,
            status("content_documents_list", vec![]).await,
            status(
                "content_document_withdraw",
                vec![("id", nothing.into()), ("withdrawn", "true".into())],
            )
            .await,
            status("content_pages_list", vec![]).await,
            status("content_page_get", vec![("slug", "privacy".into())]).await,
            status("content_page_save", page_form).await,
        ];
        let expected = match actor {
            Actor::Anonymous => [401; 11],
            Actor::Operator1 | Actor::Admin1 => {
                [200, 200, 400, 404, 404, 404, 200, 404, 200, 200, 400]
            }
            // Valleverde's news item is not Montechiaro's.
            Actor::Operator2 => [200, 404, 400, 404, 404, 404, 200, 404, 200, 200, 400],
            _ => [403; 11],
        };
        assert_eq!(got, expected, "{actor:?}");
        let (status, page) = json(b.call("site_page", &[("slug", "contatti")]).await).await;
        assert_eq!(status, 200);
        let ente = if actor.host() == VALLEVERDE {
            "Valleverde"
        } else {
            "Montechiaro"
        };
        assert!(
            page["body_html"].as_str().expect("html").contains(ente),
            "{actor:?}"
        );
        if actor == Actor::Operator2 {
            let (_, docs) = json(b.call("content_documents_list", &[]).await).await;
            assert_eq!(docs.as_array().map(Vec::len), Some(1), "Montechiaro's only");
        }
    }
    for table in ["site_pages", "news_documents"] {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&app.state.ctx.db)
            .await
            .expect("count");
        assert_eq!(rows, 0, "nothing written to {table}");
    }
    let content_changes: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'notizia.%' OR action LIKE 'pagina.%'",
    )
    .fetch_one(&app.state.ctx.db)
    .await
    .expect("count");
    assert_eq!(content_changes, 0);

    let ente_messages: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE kind = 'ente'")
            .fetch_one(&app.state.ctx.db)
            .await
            .expect("count");
    assert_eq!(ente_messages, 0, "refused messages are stored nowhere");

    let bookings: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookings")
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("count");
    assert_eq!(bookings, 0);

    let payments: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments")
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("count");
    assert_eq!(payments, 1, "refused top-ups leave nothing behind");

    // A state change from another site is refused even for the administrator.
    let (_, admin) = browsers
        .iter()
        .find(|(a, _)| *a == Actor::Admin1)
        .expect("admin");
    let forged = admin
        .client
        .post(admin.url("/api/staff_change"))
        .header("origin", "http://evil.example")
        .form(&[
            ("fiscal_code", "SPSFNC82D49F839L"),
            ("role", "admin"),
            ("grant", "true"),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(forged.status(), 403);
    // …and a GET does not reach a server function at all.
    let get = admin.get("/api/staff_list").await;
    assert!(
        get.status().is_client_error(),
        "GET is refused: {}",
        get.status()
    );
    let (_, staff) = json(admin.call("staff_list", &[]).await).await;
    assert_eq!(
        staff["members"].as_array().map(Vec::len),
        Some(4),
        "nothing was granted"
    );

    // Montechiaro's session means nothing at Valleverde, and the other way round.
    let (_, sara) = browsers
        .iter()
        .find(|(a, _)| *a == Actor::Operator2)
        .expect("sara");
    let token = sara.session_cookie().expect("session");
    let crossed = app
        .call_with_session(VALLEVERDE, "personal_home", &token)
        .await;
    assert_eq!(crossed.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_manage_staff_with_clear_answers() {
    let app = spawn_app_with_login().await;
    let admin = Browser::new(&app, VALLEVERDE);
    admin.sign_in("MRNLGU70R10D612W").await;

    let (status, err) = json(
        admin
            .call(
                "staff_change",
                &[
                    ("fiscal_code", "RSSMRA80A01H501X"),
                    ("role", "operator"),
                    ("grant", "true"),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(err["BadRequest"]
        .as_str()
        .expect("message")
        .contains("carattere di controllo"));

    let (status, _) = json(
        admin
            .call(
                "staff_change",
                &[
                    ("fiscal_code", "RSSMRA80A01H501U"),
                    ("role", "root"),
                    ("grant", "true"),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(status, 400);

    // An administrator cannot lock themselves out.
    let (status, err) = json(
        admin
            .call(
                "staff_change",
                &[
                    ("fiscal_code", "MRNLGU70R10D612W"),
                    ("role", "admin"),
                    ("grant", "false"),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(status, 400, "{err}");

    // Granting twice is harmless; the new operator gets the role at their next login.
    for _ in 0..2 {
        let (status, msg) = json(
            admin
                .call(
                    "staff_change",
                    &[
                        ("fiscal_code", "spsfnc82d49f839l"),
                        ("role", "operator"),
                        ("grant", "true"),
                    ],
                )
                .await,
        )
        .await;
        assert_eq!(status, 200, "{msg}");
    }
    let francesca = Browser::new(&app, VALLEVERDE);
    francesca.sign_in("SPSFNC82D49F839L").await;
    let (_, home) = json(francesca.call("personal_home", &[]).await).await;
    assert_eq!(home["roles"], serde_json::json!(["family", "operator"]));
    assert_eq!(names(&home["pupils"], "given_name").len(), 3);
}
