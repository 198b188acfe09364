//! Anagrafe alunni through the portal: a list uploaded, its columns guessed, checked with
//! every error by line and imported whole or not at all; only the office of the Ente
//! reaches it; the import and the new school year are in the audit log.

use crate::support::browser::{location, Browser};
use crate::support::{json, spawn_app_with_login, MONTECHIARO};
use serde_json::Value;

const VALLEVERDE: &str = "127.0.0.1";
const ANNA_OPERATOR: &str = "GLLNNA90L47A944N";
const LUIGI_ADMIN: &str = "MRNLGU70R10D612W";
const SARA_MONTECHIARO: &str = "CNTSRA92C55M082A";
const MARIO: &str = "RSSMRA80A01H501U";

/// A list of three pupils in the primary school's 2ª A (the second with `second_cf`).
fn list(second_cf: &str) -> String {
    format!(
        "Codice fiscale alunno;Nome alunno;Cognome alunno;Nato il;Scuola;Classe;Dieta;Codice fiscale genitore;\
         Nome genitore;Cognome genitore;Email;Telefono;Residente\n\
         VRDDAA19B41H501T;Ada;Verdi;01/02/2019;Scuola primaria Giovanni Pascoli;2ª A;;VRDNNA85A41H501M;Anna;Verdi;anna@example.it;;sì\n\
         {second_cf};Bruno;Verdi;01/02/2019;Scuola primaria Giovanni Pascoli;2ª A;;VRDNNA85A41H501M;Anna;Verdi;;;sì\n\
         NRICRL19B41H501G;Carla;Neri;01/02/2019;Scuola primaria Giovanni Pascoli;2ª A;senza glutine;NRIPLA80A01H501L;Paolo;Neri;;3330000000;no\n"
    )
}

async fn upload(b: &Browser, content: &str) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(content.as_bytes().to_vec())
        .file_name("alunni.csv")
        .mime_str("text/csv")
        .expect("mime");
    b.upload(
        app::routes::REGISTRY_UPLOAD,
        reqwest::multipart::Form::new().part("file", part),
    )
    .await
}

/// The upload's id, from the page it lands on.
async fn uploaded(b: &Browser, content: &str) -> String {
    let res = upload(b, content).await;
    assert_eq!(res.status().as_u16(), 303);
    let to = location(&res);
    to.split("file=").nth(1).expect("an upload id").to_string()
}

fn choice_of(file: &str, guessed: &Value) -> Vec<(String, String)> {
    let mut form = vec![("file".to_string(), file.to_string())];
    for (field, column) in guessed.as_object().expect("guessed") {
        form.push((
            format!("choice[columns][{field}]"),
            column.as_str().expect("column").to_string(),
        ));
    }
    form
}

async fn call(b: &Browser, endpoint: &str, form: &[(String, String)]) -> (u16, Value) {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    json(b.call(endpoint, &form).await).await
}

async fn pupils_in_2a(b: &Browser) -> u64 {
    let (status, o) = json(b.call("registry_overview", &[]).await).await;
    assert_eq!(status, 200, "{o}");
    o["classes"]
        .as_array()
        .expect("classes")
        .iter()
        .find(|c| c["school"] == "Scuola primaria Giovanni Pascoli" && c["class"] == "2ª A")
        .and_then(|c| c["pupils"].as_u64())
        .expect("2ª A")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_is_checked_by_line_and_imported_whole() {
    let app = spawn_app_with_login().await;
    let office = Browser::new(&app, VALLEVERDE);
    office.sign_in(ANNA_OPERATOR).await;
    let before = pupils_in_2a(&office).await;

    // A wrong fiscal code on line 3: the check names it, the import writes nothing.
    let file = uploaded(&office, &list("VRDBRN19B01H501X")).await;
    let (status, draft) = json(office.call("registry_upload", &[("file", &file)]).await).await;
    assert_eq!(status, 200, "{draft}");
    assert_eq!(draft["rows"], 3);
    assert_eq!(draft["school_year"], "2026/2027");
    assert_eq!(draft["guessed"]["alunno_cf"], "0");
    assert_eq!(draft["guessed"]["genitore_nome"], "8");
    assert_eq!(draft["preview"][1]["line"], 3);
    let choice = choice_of(&file, &draft["guessed"]);
    let (status, check) = call(&office, "registry_check", &choice).await;
    assert_eq!(status, 200, "{check}");
    assert_eq!(check["errors"][0]["line"], 3, "{check}");
    assert!(check["errors"][0]["message"]
        .as_str()
        .expect("message")
        .contains("VRDBRN19B01H501X"));
    let (status, report) = call(&office, "registry_import", &choice).await;
    assert_eq!(status, 200, "{report}");
    let id = report.as_str().expect("report id").to_string();
    let (_, report) = json(office.call("registry_import_report", &[("id", &id)]).await).await;
    assert_eq!(report["errors"].as_array().map(Vec::len), Some(1));
    assert_eq!(pupils_in_2a(&office).await, before, "nothing imported");

    // The page says it without JavaScript, line number and all.
    let mut query: Vec<(String, String)> = vec![("controlla".into(), "1".into())];
    query.extend(choice.iter().map(|(k, v)| {
        (
            k.replace("choice[columns][", "").replace(']', ""),
            v.clone(),
        )
    }));
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&query)
        .finish();
    let html = office
        .get(&format!("{}?{query}", app::routes::REGISTRY))
        .await
        .text()
        .await
        .expect("page");
    assert!(
        html.contains("Riga 3: Codice fiscale dell&#x27;alunno")
            || html.contains("Riga 3: Codice fiscale dell'alunno"),
        "{html}"
    );

    // Fixed: three pupils, two tutori; imported again, updated and not doubled.
    let file = uploaded(&office, &list("VRDBRN19B01H501H")).await;
    let choice = choice_of(&file, &draft["guessed"]);
    let (_, check) = call(&office, "registry_check", &choice).await;
    assert_eq!(check["errors"], serde_json::json!([]), "{check}");
    assert_eq!(check["pupils_created"], 3);
    let (_, id) = call(&office, "registry_import", &choice).await;
    let (_, report) = json(
        office
            .call(
                "registry_import_report",
                &[("id", id.as_str().expect("id"))],
            )
            .await,
    )
    .await;
    assert_eq!(
        (
            report["pupils_created"].as_u64(),
            report["guardians_created"].as_u64()
        ),
        (Some(3), Some(2)),
        "{report}"
    );
    assert_eq!(pupils_in_2a(&office).await, before + 3);
    let (_, id) = call(&office, "registry_import", &choice).await;
    let (_, report) = json(
        office
            .call(
                "registry_import_report",
                &[("id", id.as_str().expect("id"))],
            )
            .await,
    )
    .await;
    assert_eq!(
        (
            report["pupils_created"].as_u64(),
            report["pupils_updated"].as_u64()
        ),
        (Some(0), Some(3))
    );
    assert_eq!(pupils_in_2a(&office).await, before + 3);

    // Nobody else reaches the upload or the report: another person of the office, a
    // family, the office of another Ente.
    let admin = Browser::new(&app, VALLEVERDE);
    admin.sign_in(LUIGI_ADMIN).await;
    let (status, _) = json(
        admin
            .call(
                "registry_import_report",
                &[("id", id.as_str().expect("id"))],
            )
            .await,
    )
    .await;
    assert_eq!(status, 404);
    let other = Browser::new(&app, MONTECHIARO);
    other.sign_in(SARA_MONTECHIARO).await;
    let (status, why) = json(other.call("registry_upload", &[("file", &file)]).await).await;
    assert_eq!(status, 400);
    assert!(why["BadRequest"]
        .as_str()
        .expect("why")
        .contains("non è più disponibile"));
    let (status, _) = call(&other, "registry_import", &choice).await;
    assert_eq!(status, 400);
    let family = Browser::new(&app, VALLEVERDE);
    family.sign_in(MARIO).await;
    assert_eq!(
        upload(&family, &list("VRDBRN19B01H501H"))
            .await
            .status()
            .as_u16(),
        403
    );
    assert_eq!(
        family.get(app::routes::REGISTRY).await.status().as_u16(),
        403
    );
    let (status, _) = call(&family, "registry_check", &choice).await;
    assert_eq!(status, 403);
    let anonymous = Browser::new(&app, VALLEVERDE);
    let res = upload(&anonymous, "x").await;
    assert_eq!(location(&res), app::routes::LOGIN);

    // The import is in the administrators' log.
    let (_, log) = json(
        admin
            .call(
                "audit_log",
                &[("person", ANNA_OPERATOR), ("from", ""), ("to", "")],
            )
            .await,
    )
    .await;
    let imports = log["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["action"] == "Anagrafe importata")
        .count();
    assert_eq!(imports, 2, "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_new_school_year_is_previewed_done_once_and_logged() {
    let app = spawn_app_with_login().await;
    let office = Browser::new(&app, VALLEVERDE);
    office.sign_in(ANNA_OPERATOR).await;
    let (_, o) = json(office.call("registry_overview", &[]).await).await;
    assert_eq!(
        (o["school_year"].as_str(), o["next_year"].as_str()),
        (Some("2026/2027"), Some("2027/2028"))
    );
    let primary = o["passage"]
        .as_array()
        .expect("passage")
        .iter()
        .find(|p| p["school"] == "Scuola primaria Giovanni Pascoli")
        .expect("primary")
        .clone();
    assert_eq!(
        (primary["promoted"].as_u64(), primary["leaving"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(primary["last_day"], "2027-06-30");

    let (status, done) = json(
        office
            .call("registry_new_year", &[("to", "2027/2028")])
            .await,
    )
    .await;
    assert_eq!(status, 200, "{done}");
    assert!(done
        .as_str()
        .expect("message")
        .contains("2 alunni promossi, 1 usciti"));
    // A year that is not one is refused while decoding, in Italian.
    let (status, why) = json(office.call("registry_new_year", &[("to", "2027")]).await).await;
    assert_eq!(status, 400);
    assert!(why["BadRequest"]
        .as_str()
        .expect("why")
        .contains("Anno scolastico non valido"));
    let (status, why) = json(
        office
            .call("registry_new_year", &[("to", "2030/2031")])
            .await,
    )
    .await;
    assert_eq!(status, 400);
    let why = why["BadRequest"].as_str().expect("why").to_string();
    assert!(why.contains("solo al 2028/2029"), "{why}");
    // Twice: refused, nothing promoted again.
    let (status, again) = json(
        office
            .call("registry_new_year", &[("to", "2027/2028")])
            .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(again["BadRequest"]
        .as_str()
        .expect("why")
        .contains("già stato fatto"));
    let (_, o) = json(office.call("registry_overview", &[]).await).await;
    assert_eq!(o["school_year"], "2027/2028");
    let giulia_class = o["classes"]
        .as_array()
        .expect("classes")
        .iter()
        .any(|c| c["class"] == "4ª A" && c["pupils"] == 1);
    assert!(giulia_class, "{o}");

    let admin = Browser::new(&app, VALLEVERDE);
    admin.sign_in(LUIGI_ADMIN).await;
    let (_, log) = json(
        admin
            .call(
                "audit_log",
                &[("person", ANNA_OPERATOR), ("from", ""), ("to", "")],
            )
            .await,
    )
    .await;
    assert_eq!(log["rows"][0]["action"], "Nuovo anno scolastico", "{log}");
}
