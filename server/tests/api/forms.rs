//! Moduli online through the server functions and the upload route: a draft prefilled and
//! resumable, checks with clear answers, one submission per draft, files by content, the
//! operator's decision and its effect, the family's message; nobody sees another's papers.

use crate::support::browser::Browser;
use crate::support::{json, spawn_app_with_login, MONTECHIARO};
use serde_json::Value;

const VALLEVERDE: &str = "127.0.0.1";
const MARIO: &str = "RSSMRA80A01H501U";
const LAURA: &str = "BNCLRA85M41F205C";
const ANNA_OPERATOR: &str = "GLLNNA90L47A944N";
const SARA_MONTECHIARO: &str = "CNTSRA92C55M082A";
/// A well-formed fiscal code of a child not in the registry.
const NEW_CHILD: &str = "RSSNNA20A41H501X";

async fn open(b: &Browser, code: &str) -> Value {
    let (status, form) = json(b.call("form_open", &[("code", code)]).await).await;
    assert_eq!(status, 200, "{form}");
    form
}

fn with_answers<'a>(
    code: &'a str,
    draft: &'a str,
    answers: &'a [(&'a str, &'a str)],
) -> Vec<(String, String)> {
    let mut form = vec![
        ("code".to_string(), code.to_string()),
        ("draft_id".to_string(), draft.to_string()),
    ];
    form.extend(
        answers
            .iter()
            .map(|(k, v)| (format!("answers[{k}]"), v.to_string())),
    );
    form
}

async fn call(b: &Browser, endpoint: &str, form: &[(String, String)]) -> (u16, Value) {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    json(b.call(endpoint, &pairs).await).await
}

async fn decide(operator: &Browser, id: &str, decision: &str, note: &str) -> (u16, Value) {
    json(
        operator
            .call(
                "forms_decide",
                &[("id", id), ("decision", decision), ("note", note)],
            )
            .await,
    )
    .await
}

async fn attach(b: &Browser, code: &str, field: &str, name: &str, bytes: Vec<u8>) -> String {
    let form = reqwest::multipart::Form::new()
        .text("campo", field.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        );
    let res = b
        .client
        .post(b.url(&app::routes::form_uploads(code)))
        .header("origin", &b.base)
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(res.status(), 303);
    res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_family_enrols_a_new_child_and_the_operator_accepts_it() {
    let app = spawn_app_with_login().await;
    let db = &app.state.ctx.db;
    let mario = Browser::new(&app, VALLEVERDE);
    mario.sign_in(MARIO).await;

    // The draft is prefilled and comes back as it was left (on any device).
    let form = open(&mario, "iscrizione").await;
    assert_eq!(form["answers"]["richiedente_nome"], "Mario Rossi");
    assert_eq!(form["answers"]["richiedente_codice_fiscale"], MARIO);
    let draft = form["draft_id"].as_str().expect("draft").to_string();
    let class = form["context"]["classes"][0][0]
        .as_str()
        .expect("a class")
        .to_string();
    let answers = [
        ("richiedente_nome", "Mario Rossi"),
        ("richiedente_codice_fiscale", MARIO),
        ("alunno_codice_fiscale", NEW_CHILD),
        ("alunno_nome", "Anna"),
        ("alunno_cognome", "Rossi"),
        ("alunno_nascita", "01/01/2020"),
        ("classe", class.as_str()),
        ("servizio", "REFEZIONE"),
        ("dal", "2026-12-01"),
    ];
    let (status, _) = call(
        &mario,
        "form_save",
        &with_answers("iscrizione", &draft, &answers[..4]),
    )
    .await;
    assert_eq!(status, 200);
    let other_device = Browser::new(&app, VALLEVERDE);
    other_device.sign_in(MARIO).await;
    let again = open(&other_device, "iscrizione").await;
    assert_eq!(again["draft_id"], draft.as_str());
    assert_eq!(again["answers"]["alunno_codice_fiscale"], NEW_CHILD);

    // Bad answers: every problem named, nothing stored.
    let (status, refused) = call(
        &mario,
        "form_submit",
        &with_answers(
            "iscrizione",
            &draft,
            &[
                ("alunno_codice_fiscale", "RSSNNA20A41H501H"),
                ("alunno_nascita", "31/02/2020"),
                ("servizio", "PISCINA"),
            ],
        ),
    )
    .await;
    assert_eq!(status, 400);
    let text = refused.to_string();
    for expected in [
        "Codice fiscale dell'alunno",
        "Data di nascita",
        "Servizio: Scegli una delle opzioni",
        "Nome dell'alunno: Campo obbligatorio",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    // Transport needs its stop (a condition): refused without it.
    let mut transport = answers.to_vec();
    transport[7] = ("servizio", "TRASPORTO");
    let (status, refused) = call(
        &mario,
        "form_submit",
        &with_answers("iscrizione", &draft, &transport),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        refused.to_string().contains("Fermata dello scuolabus"),
        "{refused}"
    );
    // Markup in a text answer is refused, not stored.
    let mut script = answers.to_vec();
    script[3] = ("alunno_nome", "<script>alert(1)</script>");
    let (status, refused) = call(
        &mario,
        "form_submit",
        &with_answers("iscrizione", &draft, &script),
    )
    .await;
    assert_eq!(status, 400);
    assert!(refused.to_string().contains("marcatori HTML"), "{refused}");
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM submissions")
            .fetch_one(db)
            .await
            .expect("count"),
        0
    );

    // Submitted twice (a double click): one submission, one protocol number.
    let (status, first) = call(
        &mario,
        "form_submit",
        &with_answers("iscrizione", &draft, &answers),
    )
    .await;
    assert_eq!(status, 200, "{first}");
    let (_, second) = call(
        &mario,
        "form_submit",
        &with_answers("iscrizione", &draft, &answers),
    )
    .await;
    assert_eq!(first["protocol"], second["protocol"]);
    assert!(first["protocol"]
        .as_str()
        .expect("protocol")
        .ends_with("/000001"));
    let id = first["id"].as_str().expect("id").to_string();
    let (_, home) = json(mario.call("forms_home", &[]).await).await;
    assert_eq!(home["mine"][0]["status"], "inviato");
    let copy = mario.get(&app::routes::form_copy_pdf(&id)).await;
    assert_eq!(copy.status(), 200);
    assert!(copy.bytes().await.expect("pdf").starts_with(b"%PDF"));

    // Another family and another Ente's operator see none of it.
    let laura = Browser::new(&app, VALLEVERDE);
    laura.sign_in(LAURA).await;
    assert_eq!(
        laura.get(&app::routes::form_copy_pdf(&id)).await.status(),
        404
    );
    let (_, home) = json(laura.call("forms_home", &[]).await).await;
    assert_eq!(home["mine"], serde_json::json!([]));
    let sara = Browser::new(&app, MONTECHIARO);
    sara.sign_in(SARA_MONTECHIARO).await;
    let (_, queue) = json(sara.call("forms_queue", &[("status", "")]).await).await;
    assert_eq!(queue, serde_json::json!([]));
    let (status, _) = json(sara.call("forms_review", &[("id", &id)]).await).await;
    assert_eq!(status, 404);

    // The operator reviews and accepts: the child exists, is Mario's, eats at school.
    let anna = Browser::new(&app, VALLEVERDE);
    anna.sign_in(ANNA_OPERATOR).await;
    let (_, queue) = json(anna.call("forms_queue", &[("status", "inviato")]).await).await;
    assert_eq!(queue[0]["id"], id.as_str());
    // By form: the enrolment is not among the diet requests.
    let (_, diets) = json(
        anna.call("forms_queue", &[("status", ""), ("code", "dieta")])
            .await,
    )
    .await;
    assert_eq!(diets, serde_json::json!([]));
    let (_, enrolments) = json(
        anna.call("forms_queue", &[("status", ""), ("code", "iscrizione")])
            .await,
    )
    .await;
    assert_eq!(enrolments[0]["id"], id.as_str());
    let (_, detail) = json(anna.call("forms_review", &[("id", &id)]).await).await;
    let lines = detail["lines"].to_string();
    assert!(
        lines.contains("Refezione scolastica") && lines.contains("01/01/2020"),
        "{lines}"
    );
    let (status, refused) = decide(&anna, &id, "respingi", "").await;
    assert_eq!(status, 400, "a refusal needs its reason: {refused}");
    let (status, done) = decide(&anna, &id, "accogli", "").await;
    assert_eq!(status, 200, "{done}");
    assert!(
        done.as_str()
            .expect("what")
            .contains("Anna Rossi iscritto a Refezione Scolastica"),
        "{done}"
    );
    let (status, _) = json(
        anna.call(
            "forms_decide",
            &[
                ("id", &id),
                ("decision", "respingi"),
                ("note", "ripensamento"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, 400, "decided once");
    let guardian: String = sqlx::query_scalar(
        "SELECT g.fiscal_code FROM pupils p JOIN guardians g ON g.id = p.guardian_id WHERE p.fiscal_code = $1",
    )
    .bind(NEW_CHILD)
    .fetch_one(db)
    .await
    .expect("the new pupil");
    assert_eq!(guardian, MARIO);
    let subscribed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM subscriptions s JOIN pupils p ON p.id = s.pupil_id WHERE p.fiscal_code = $1 AND s.from_date = '2026-12-01'",
    )
    .bind(NEW_CHILD)
    .fetch_one(db)
    .await
    .expect("subscription");
    assert_eq!(subscribed, 1);
    let (_, home) = json(mario.call("personal_home", &[]).await).await;
    assert!(
        home.to_string().contains("Anna"),
        "the child in the area personale: {home}"
    );
    let (_, inbox) = json(mario.call("messages_inbox", &[]).await).await;
    assert!(
        inbox
            .to_string()
            .contains("Modulo accolto: Iscrizione ai servizi scolastici"),
        "{inbox}"
    );
    let (_, detail) = json(anna.call("forms_review", &[("id", &id)]).await).await;
    let history = detail["history"].to_string();
    assert!(
        history.contains("Modulo inviato") && history.contains("Accolto."),
        "{history}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_are_checked_by_content_and_a_rejection_changes_nothing() {
    let app = spawn_app_with_login().await;
    let db = &app.state.ctx.db;
    let mario = Browser::new(&app, VALLEVERDE);
    mario.sign_in(MARIO).await;
    let form = open(&mario, "dieta").await;
    let draft = form["draft_id"].as_str().expect("draft").to_string();
    assert_eq!(
        form["context"]["pupils"].as_array().expect("pupils").len(),
        2
    );

    // A script named like a PDF, an empty file, a file over 5 MB: refused, stored nowhere.
    assert!(attach(
        &mario,
        "dieta",
        "certificato",
        "certificato.pdf",
        b"<script>alert(1)</script>".to_vec()
    )
    .await
    .ends_with("allegato=tipo"));
    assert!(
        attach(&mario, "dieta", "certificato", "vuoto.pdf", Vec::new())
            .await
            .ends_with("allegato=vuoto")
    );
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(5 * 1024 * 1024 + 1, b' ');
    assert!(attach(&mario, "dieta", "certificato", "grande.pdf", big)
        .await
        .ends_with("allegato=troppo-grande"));
    assert!(
        attach(&mario, "dieta", "note", "x.pdf", b"%PDF-1.7".to_vec())
            .await
            .ends_with("allegato=vuoto"),
        "not a file field"
    );
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM form_uploads")
            .fetch_one(db)
            .await
            .expect("count"),
        0
    );
    // A real PDF is kept and named in the draft.
    assert!(attach(
        &mario,
        "dieta",
        "certificato",
        "certificato.pdf",
        b"%PDF-1.7\n%%EOF".to_vec()
    )
    .await
    .ends_with("allegato=ok"));
    let form = open(&mario, "dieta").await;
    let upload = form["answers"]["certificato"]
        .as_str()
        .expect("attached")
        .to_string();
    assert_eq!(form["uploads"][0][1], "certificato.pdf");
    // Cross-site uploads are refused.
    let forged = mario
        .client
        .post(mario.url("/area-personale/moduli/dieta/allegati"))
        .header("origin", "http://evil.example")
        .multipart(reqwest::multipart::Form::new().text("campo", "certificato"))
        .send()
        .await
        .expect("POST");
    assert_eq!(forged.status(), 403);

    let answers = [
        ("alunno", "RSSGLI18C54H501Z"),
        ("dieta", "Senza uova"),
        ("certificato", upload.as_str()),
    ];
    let (status, sent) = call(
        &mario,
        "form_submit",
        &with_answers("dieta", &draft, &answers),
    )
    .await;
    assert_eq!(status, 200, "{sent}");
    let id = sent["id"].as_str().expect("id").to_string();
    // Laura cannot submit Mario's child, nor read Mario's attachment.
    let laura = Browser::new(&app, VALLEVERDE);
    laura.sign_in(LAURA).await;
    assert_eq!(
        laura
            .get(&app::routes::form_attachment(&upload))
            .await
            .status(),
        404
    );
    let laura_form = open(&laura, "dieta").await;
    let laura_draft = laura_form["draft_id"].as_str().expect("draft").to_string();
    let (status, refused) = call(
        &laura,
        "form_submit",
        &with_answers(
            "dieta",
            &laura_draft,
            &[
                ("alunno", "RSSGLI18C54H501Z"),
                ("dieta", "Senza uova"),
                ("certificato", upload.as_str()),
            ],
        ),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        refused.to_string().contains("Scegli uno dei tuoi figli"),
        "{refused}"
    );

    // The operator opens the certificate and rejects the request: the diet stays.
    let anna = Browser::new(&app, VALLEVERDE);
    anna.sign_in(ANNA_OPERATOR).await;
    let file = anna.get(&app::routes::form_attachment(&upload)).await;
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    let (status, _) = json(
        anna.call(
            "forms_decide",
            &[
                ("id", &id),
                ("decision", "respingi"),
                ("note", "Certificato non leggibile"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
    let diet: Option<String> =
        sqlx::query_scalar("SELECT diet FROM pupils WHERE fiscal_code = 'RSSGLI18C54H501Z'")
            .fetch_one(db)
            .await
            .expect("diet");
    assert_eq!(diet, None);
    let (_, home) = json(mario.call("forms_home", &[]).await).await;
    assert_eq!(home["mine"][0]["status"], "respinto");
    assert_eq!(home["mine"][0]["note"], "Certificato non leggibile");
    let (_, inbox) = json(mario.call("messages_inbox", &[]).await).await;
    assert!(
        inbox
            .to_string()
            .contains("Motivo: Certificato non leggibile"),
        "{inbox}"
    );

    // A second request, accepted: the diet is set.
    let form = open(&mario, "dieta").await;
    let draft = form["draft_id"].as_str().expect("draft").to_string();
    let (_, sent) = call(
        &mario,
        "form_submit",
        &with_answers("dieta", &draft, &answers),
    )
    .await;
    let id = sent["id"].as_str().expect("id").to_string();
    let (status, done) = decide(&anna, &id, "accogli", "").await;
    assert_eq!(status, 200, "{done}");
    let diet: Option<String> =
        sqlx::query_scalar("SELECT diet FROM pupils WHERE fiscal_code = 'RSSGLI18C54H501Z'")
            .fetch_one(db)
            .await
            .expect("diet");
    assert_eq!(diet.as_deref(), Some("Senza uova"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn isee_delegation_and_withdrawal_change_the_registry_when_accepted() {
    let app = spawn_app_with_login().await;
    let db = &app.state.ctx.db;
    let mario = Browser::new(&app, VALLEVERDE);
    mario.sign_in(MARIO).await;
    let anna = Browser::new(&app, VALLEVERDE);
    anna.sign_in(ANNA_OPERATOR).await;
    let pdf = b"%PDF-1.7\n%%EOF".to_vec();
    assert!(attach(&mario, "isee", "attestazione", "isee.pdf", pdf)
        .await
        .ends_with("allegato=ok"));
    let mut accepted = Vec::new();
    for (code, answers) in [
        (
            "isee",
            vec![
                ("alunno", "RSSLCU21H02H501S"),
                ("isee", "2.500,00"),
                ("protocollo_dsu", "INPS-ISEE-2026-00000001A-00"),
                ("dal", "2027-01-01"),
            ],
        ),
        (
            "delega",
            vec![
                ("alunno", "RSSLCU21H02H501S"),
                ("delegato_nome", "Paolo Ferrari"),
                ("delegato_codice_fiscale", "FRRPLA75E20L219Z"),
                ("dal", "2026-12-01"),
            ],
        ),
        (
            "rinuncia",
            vec![
                ("alunno", "RSSGLI18C54H501Z"),
                ("servizio", "TRASPORTO"),
                ("dal", "2027-01-01"),
            ],
        ),
    ] {
        let form = open(&mario, code).await;
        let draft = form["draft_id"].as_str().expect("draft").to_string();
        let mut answers: Vec<(&str, String)> = answers
            .into_iter()
            .map(|(k, v)| (k, v.to_string()))
            .collect();
        if code == "isee" {
            answers.push((
                "attestazione",
                form["answers"]["attestazione"]
                    .as_str()
                    .expect("attached")
                    .to_string(),
            ));
        }
        let pairs: Vec<(&str, &str)> = answers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, sent) = call(&mario, "form_submit", &with_answers(code, &draft, &pairs)).await;
        assert_eq!(status, 200, "{code}: {sent}");
        let id = sent["id"].as_str().expect("id").to_string();
        let (status, done) = decide(&anna, &id, "accogli", "").await;
        assert_eq!(status, 200, "{code}: {done}");
        accepted.push(done.as_str().expect("what").to_string());
    }
    // ISEE 2,500 €: FASCIA1 (1.00 €) from January, the old band until 31 December.
    assert!(
        accepted[0].contains("ISEE da 1.000,01 a 3.000"),
        "{accepted:?}"
    );
    let bands: Vec<(String, Option<String>, String)> = sqlx::query_as(
        "SELECT s.from_date, s.to_date, b.code FROM subscriptions s
         JOIN pupils p ON p.id = s.pupil_id JOIN services v ON v.id = s.service_id AND v.code = 'REFEZIONE'
         JOIN tariff_bands b ON b.id = s.tariff_band_id
         WHERE p.fiscal_code = 'RSSLCU21H02H501S' ORDER BY s.from_date",
    )
    .fetch_all(db)
    .await
    .expect("bands");
    assert_eq!(
        bands,
        [
            (
                "2026-09-01".to_string(),
                Some("2026-12-31".to_string()),
                "FASCIA4".to_string()
            ),
            ("2027-01-01".to_string(), None, "FASCIA1".to_string())
        ]
    );
    let delegated: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM delegations d JOIN pupils p ON p.id = d.pupil_id
         WHERE p.fiscal_code = 'RSSLCU21H02H501S' AND d.delegate_fiscal_code = 'FRRPLA75E20L219Z'",
    )
    .fetch_one(db)
    .await
    .expect("delegation");
    assert_eq!(delegated, 1);
    let transport_until: Option<String> = sqlx::query_scalar(
        "SELECT s.to_date FROM subscriptions s JOIN pupils p ON p.id = s.pupil_id
         JOIN services v ON v.id = s.service_id AND v.code = 'TRASPORTO' WHERE p.fiscal_code = 'RSSGLI18C54H501Z'",
    )
    .fetch_one(db)
    .await
    .expect("transport");
    assert_eq!(transport_until.as_deref(), Some("2026-12-31"));

    // The same delegation again cannot be accepted: refused with the reason, nothing changes.
    let form = open(&mario, "delega").await;
    let draft = form["draft_id"].as_str().expect("draft").to_string();
    let (_, sent) = call(
        &mario,
        "form_submit",
        &with_answers(
            "delega",
            &draft,
            &[
                ("alunno", "RSSLCU21H02H501S"),
                ("delegato_nome", "Paolo Ferrari"),
                ("delegato_codice_fiscale", "FRRPLA75E20L219Z"),
                ("dal", "2026-12-01"),
            ],
        ),
    )
    .await;
    let id = sent["id"].as_str().expect("id").to_string();
    let (status, refused) = decide(&anna, &id, "accogli", "").await;
    assert_eq!(status, 400);
    assert!(refused.to_string().contains("già in vigore"), "{refused}");
    let (_, home) = json(mario.call("forms_home", &[]).await).await;
    assert_eq!(
        home["mine"][0]["status"], "inviato",
        "still open after a refused approval"
    );
}

/// A person the registry does not know enrols a child: the approval makes them a tutore
/// (with the e-mail they gave), and they hear of it. What they typed is shown as text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_family_becomes_a_tutore_when_its_enrolment_is_accepted() {
    let app = spawn_app_with_login().await;
    let db = &app.state.ctx.db;
    let elena = Browser::new(&app, VALLEVERDE);
    elena.sign_in("GRCLNE88B68H501O").await;
    let form = open(&elena, "iscrizione").await;
    let draft = form["draft_id"].as_str().expect("draft").to_string();
    let class = form["context"]["classes"][0][0]
        .as_str()
        .expect("a class")
        .to_string();
    let (status, sent) = call(
        &elena,
        "form_submit",
        &with_answers(
            "iscrizione",
            &draft,
            &[
                ("richiedente_nome", "Elena Greco"),
                ("richiedente_codice_fiscale", "GRCLNE88B68H501O"),
                ("email", "elena.greco@example.org"),
                ("alunno_codice_fiscale", "GRCTMS19M10H501L"),
                ("alunno_nome", "Tommaso"),
                ("alunno_cognome", "Greco"),
                ("alunno_nascita", "10/08/2019"),
                ("classe", class.as_str()),
                ("servizio", "TRASPORTO"),
                ("fermata", "Piazza Garibaldi & \"Via Roma\""),
                ("dal", "2027-01-07"),
            ],
        ),
    )
    .await;
    assert_eq!(status, 200, "{sent}");
    let id = sent["id"].as_str().expect("id").to_string();
    let anna = Browser::new(&app, VALLEVERDE);
    anna.sign_in(ANNA_OPERATOR).await;
    let page = anna
        .get(&app::routes::review(&id))
        .await
        .text()
        .await
        .expect("page");
    assert!(
        page.contains("Piazza Garibaldi &amp; \"Via Roma\""),
        "shown escaped"
    );
    let (status, done) = decide(&anna, &id, "accogli", "Benvenuti").await;
    assert_eq!(status, 200, "{done}");
    let email: Option<String> =
        sqlx::query_scalar("SELECT email FROM guardians WHERE fiscal_code = 'GRCLNE88B68H501O'")
            .fetch_one(db)
            .await
            .expect("a new tutore");
    assert_eq!(email.as_deref(), Some("elena.greco@example.org"));
    let (_, inbox) = json(elena.call("messages_inbox", &[]).await).await;
    assert!(
        inbox.to_string().contains("Nota dell'ufficio: Benvenuti"),
        "{inbox}"
    );
}
