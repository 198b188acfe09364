use crate::api::registry::{
    check_import, load_registry, load_registry_report, load_upload, ImportRegistry, StartSchoolYear,
};
use crate::components::error_notice::ErrorNotice;
use crate::domain::date::format_date_it;
use crate::domain::ids::ImportId;
use crate::domain::registry::Field;
use crate::error::AppError;
use crate::model::registry::{ColumnChoice, RegistryOverview, RegistryReport, RegistryUpload};
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::collections::BTreeMap;

fn import_id(text: &str) -> Result<ImportId, AppError> {
    ImportId::parse(text).map_err(|e| AppError::BadRequest(e.to_string()))
}

/// Anagrafe alunni: the import of a list (upload, columns with a preview, check, import)
/// and the classes of the current school year. Every step is a plain form: the upload a
/// multipart POST that lands here with `?file=`, the columns a GET form (`controlla`),
/// the import a server function whose report comes back as `?importazione=`.
#[component]
pub fn RegistryPage() -> impl IntoView {
    let query = use_query_map();
    let field = move |name: &str| query.read().get(name).unwrap_or_default();
    let error = move || match field("errore").as_str() {
        "troppo-grande" => {
            Some("Il file è troppo grande per un elenco di alunni: al massimo 2 MB.")
        }
        "vuoto" => Some("Scegli il file da importare."),
        _ => None,
    };
    view! {
        <Title text="Anagrafe alunni" />
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <h1>"Anagrafe alunni"</h1>
        <p>"Importa alunni, genitori e classi dall'elenco della scuola (file CSV). Gli alunni già presenti, "
           "riconosciuti dal codice fiscale, vengono aggiornati e non duplicati; se una riga è sbagliata non viene importato nulla."</p>
        <ImportOutcome id=Signal::derive(move || field("importazione")) />
        {move || error().map(|e| view! { <div class="alert alert-danger" role="alert">{e}</div> })}
        {move || {
            let file = field("file");
            if file.is_empty() {
                view! { <UploadForm /> }.into_any()
            } else {
                view! { <ColumnsStep file /> }.into_any()
            }
        }}
        <Classes after=Signal::derive(move || field("importazione")) />
    }
}

#[component]
fn UploadForm() -> impl IntoView {
    view! {
        <h2 class="h4 mt-4">"Importa un elenco"</h2>
        <p>"Un file CSV con una riga di intestazione e un alunno per riga (UTF-8 o Windows-1252, separato da «;» o «,»): "
           "codice fiscale, nome, cognome e data di nascita dell'alunno, scuola e classe, dieta, codice fiscale, nome e cognome "
           "del genitore, e-mail, telefono, residente (sì/no). Dopo il caricamento scegli quale colonna è quale."</p>
        <form method="post" action=routes::REGISTRY_UPLOAD enctype="multipart/form-data">
            <div class="form-group">
                <label for="registry-file" class="active">"File dell'elenco (CSV)"</label>
                <input id="registry-file" name="file" type="file" class="form-control" required=true
                    accept=".csv,.txt,text/csv,text/plain" />
            </div>
            <button type="submit" class="btn btn-primary">"Carica"</button>
        </form>
    }
}

/// The chosen columns as the GET form sends them (`alunno_cf=0`…), or none before
/// "Controlla".
fn chosen(query: &leptos_router::params::ParamsMap) -> Option<ColumnChoice> {
    query.get("controlla")?;
    let columns = Field::ALL
        .iter()
        .map(|f| {
            (
                f.as_str().to_string(),
                query.get(f.as_str()).unwrap_or_default(),
            )
        })
        .collect();
    Some(ColumnChoice {
        columns,
        create_classes: query.get("crea_classi").unwrap_or_default(),
    })
}

#[component]
fn ColumnsStep(file: String) -> impl IntoView {
    let query = use_query_map();
    let draft = Resource::new(
        {
            let file = file.clone();
            move || file.clone()
        },
        |file| async move { load_upload(import_id(&file)?).await },
    );
    let check = Resource::new(
        move || (file.clone(), chosen(&query.read())),
        |(file, choice)| async move {
            match choice {
                None => Ok(None),
                Some(choice) => check_import(import_id(&file)?, choice)
                    .await
                    .map(|r| Some((file, r))),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p>"Lettura del file…"</p> }>
            {move || Suspend::new(async move {
                match draft.await {
                    Ok(d) => view! { <Columns d /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> <UploadForm /> }.into_any(),
                }
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match check.await {
                    Ok(Some((file, r))) => view! { <CheckResult file r /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Columns(d: RegistryUpload) -> impl IntoView {
    let query = use_query_map();
    let file = query.read_untracked().get("file").unwrap_or_default();
    let checked = query.read_untracked().get("controlla").is_some();
    let creates = query.read_untracked().get("crea_classi").is_some();
    let summary = format!(
        "{}: {} righe di alunni dopo l'intestazione. Le classi sono quelle dell'anno scolastico {}.",
        d.file_name, d.rows, d.school_year
    );
    if let Some(problem) = d.problem {
        return view! {
            <div class="alert alert-danger" role="alert">{format!("{}: {problem}", d.file_name)}</div>
            <UploadForm />
        }
        .into_any();
    }
    let header = d.header.clone();
    let selects = Field::ALL
        .iter()
        .map(|f| {
            let key = f.as_str();
            let current = if checked {
                query.read_untracked().get(key).unwrap_or_default()
            } else {
                d.guessed.get(key).cloned().unwrap_or_default()
            };
            let id = format!("colonna-{key}");
            let none = if f.required() { "— scegli —" } else { "— nessuna —" };
            view! {
                <div class="form-group mb-2">
                    <label for=id.clone() class="active">{f.label()}</label>
                    <select id=id name=key class="form-select" required=f.required()>
                        <option value="" selected=current.is_empty()>{none}</option>
                        {header.iter().enumerate().map(|(i, h)| {
                            let value = i.to_string();
                            let selected = value == current;
                            view! { <option value=value selected=selected>{format!("Colonna {}: {h}", i + 1)}</option> }
                        }).collect_view()}
                    </select>
                </div>
            }
        })
        .collect_view();
    let heading = move |i: usize| {
        d.header
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("Colonna {}", i + 1))
    };
    view! {
        <h2 class="h4 mt-4">"Scegli le colonne"</h2>
        <p>{summary}</p>
        <h3 class="h5">"Prime righe del file"</h3>
        <ol class="registry-preview list-unstyled">
            {d.preview.into_iter().map(|p| view! {
                <li class="registry-preview-line">
                    <strong>{format!("Riga {}", p.line)}</strong>
                    <p class="small mb-0">{p.cells.iter().enumerate().map(|(i, c)| format!("{}: {c}", heading(i))).collect::<Vec<_>>().join(" · ")}</p>
                </li>
            }).collect_view()}
        </ol>
        <form method="get" action=routes::REGISTRY class="registry-columns">
            <input type="hidden" name="file" value=file />
            <input type="hidden" name="controlla" value="1" />
            {selects}
            <div class="form-check mb-3">
                <input class="form-check-input" type="checkbox" id="crea-classi" name="crea_classi" value="sì" checked=creates />
                <label class="form-check-label" for="crea-classi">"Crea le classi che mancano (nelle scuole che esistono già)"</label>
            </div>
            <button type="submit" class="btn btn-outline-primary">"Controlla"</button>
        </form>
    }
    .into_any()
}

fn error_list(r: &RegistryReport) -> impl IntoView {
    let errors = r.errors.clone();
    view! {
        <ul class="registry-errors">
            {errors.into_iter().map(|e| {
                let at = if e.line == 0 { "Il file".to_string() } else { format!("Riga {}", e.line) };
                view! { <li>{format!("{at}: {}", e.message)}</li> }
            }).collect_view()}
        </ul>
    }
}

fn counts(r: &RegistryReport) -> String {
    let classes = match r.classes_created.as_slice() {
        [] => String::new(),
        list => format!(" Classi nuove: {}.", list.join(", ")),
    };
    format!(
        "{} alunni nuovi e {} aggiornati; {} genitori nuovi e {} aggiornati.{classes}",
        r.pupils_created, r.pupils_updated, r.guardians_created, r.guardians_updated
    )
}

/// The check's errors line by line, or what the import will do and its button.
#[component]
fn CheckResult(file: String, r: RegistryReport) -> impl IntoView {
    let import = ServerAction::<ImportRegistry>::new();
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(id)) = import.value().get() {
            navigate(&routes::registry_after_import(&id), Default::default());
        }
    });
    let query = use_query_map();
    let hidden = Field::ALL
        .iter()
        .map(|f| {
            let value = query.read_untracked().get(f.as_str()).unwrap_or_default();
            view! { <input type="hidden" name=format!("choice[columns][{}]", f.as_str()) value=value /> }
        })
        .collect_view();
    let creates = query
        .read_untracked()
        .get("crea_classi")
        .unwrap_or_default();
    let ok = r.errors.is_empty();
    let result = if ok {
        view! {
            <div class="alert alert-success" role="status">
                {format!("Il file è corretto. Importandolo: {}", counts(&r))}
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="alert alert-danger" role="alert">
                <p>{format!("{} errori: correggi il file e caricalo di nuovo. Non verrà importato nulla finché ci sono errori.", r.errors.len())}</p>
                {error_list(&r)}
            </div>
        }
        .into_any()
    };
    view! {
        <h2 class="h4 mt-4" id="controllo">"Controllo del file"</h2>
        {result}
        <ActionForm action=import>
            <input type="hidden" name="file" value=file />
            {hidden}
            <input type="hidden" name="choice[create_classes]" value=creates />
            <button type="submit" class="btn btn-primary" disabled=!ok>"Importa"</button>
        </ActionForm>
        {move || import.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
    }
}

#[component]
fn ImportOutcome(id: Signal<String>) -> impl IntoView {
    let report = Resource::new(
        move || id.get(),
        |id| async move {
            if id.is_empty() {
                return Ok(None);
            }
            load_registry_report(import_id(&id)?).await.map(Some)
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(Some(r)) if r.errors.is_empty() => view! {
                        <div class="alert alert-success" role="status">
                            {format!("{}: importato nell'anno scolastico {}. {}", r.file_name, r.school_year, counts(&r))}
                        </div>
                    }.into_any(),
                    Ok(Some(r)) => view! {
                        <div class="alert alert-danger" role="alert">
                            <p>{format!("{}: non è stato importato nulla. Correggi il file e riprova:", r.file_name)}</p>
                            {error_list(&r)}
                        </div>
                    }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The classes of the current school year, school by school, with their pupils (read
/// again `after` each import).
#[component]
fn Classes(after: Signal<String>) -> impl IntoView {
    let overview = Resource::new(move || after.get(), |_| load_registry());
    view! {
        <Transition fallback=|| view! { <p>"Caricamento delle classi…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! { <ClassList o /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ClassList(o: RegistryOverview) -> impl IntoView {
    let mut schools: BTreeMap<String, Vec<(String, u64)>> = BTreeMap::new();
    for c in o.classes {
        schools
            .entry(c.school)
            .or_default()
            .push((c.class, c.pupils));
    }
    view! {
        <h2 class="h4 mt-5">{format!("Classi dell'anno scolastico {}", o.school_year)}</h2>
        {schools.into_iter().map(|(school, classes)| view! {
            <h3 class="h5 mt-3">{school}</h3>
            <ul class="registry-classes">
                {classes.into_iter().map(|(class, n)| view! {
                    <li>{format!("{class}: {n} {}", if n == 1 { "alunno" } else { "alunni" })}</li>
                }).collect_view()}
            </ul>
        }).collect_view()}
        <p class="mt-4"><a href=routes::REGISTRY_NEW_YEAR>{format!("Nuovo anno scolastico {}", o.next_year)}</a></p>
    }
}

/// "Nuovo anno scolastico": what the passage does school by school, then its button.
#[component]
pub fn NewSchoolYearPage() -> impl IntoView {
    let start = ServerAction::<StartSchoolYear>::new();
    let overview = Resource::new(move || start.version().get(), |_| load_registry());
    let outcome = move || {
        start.value().get().map(|r| match r {
            Ok(msg) => {
                view! { <div class="alert alert-success" role="status">{msg}</div> }.into_any()
            }
            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    view! {
        <Title text="Nuovo anno scolastico" />
        <nav aria-label="Percorso"><a href=routes::REGISTRY>"Anagrafe alunni"</a></nav>
        <h1>"Nuovo anno scolastico"</h1>
        <p>"Crea le classi del nuovo anno da quelle dell'anno in corso (1ª A diventa 2ª A…) e vi sposta gli alunni. "
           "Gli alunni dell'ultimo anno di ogni scuola escono: la loro iscrizione ai servizi termina l'ultimo giorno di scuola. "
           "Alla scuola dell'infanzia escono i bambini che compiono sei anni. Le classi dell'anno in corso, i movimenti e i saldi "
           "dei borsellini restano come sono. Fallo dopo l'ultimo giorno di scuola."</p>
        <div aria-live="polite">{outcome}</div>
        <Transition fallback=|| view! { <p>"Caricamento…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! { <Passage o start /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Passage(o: RegistryOverview, start: ServerAction<StartSchoolYear>) -> impl IntoView {
    let empty = o.passage.iter().all(|p| p.promoted + p.leaving == 0);
    view! {
        <h2 class="h4 mt-4">{format!("Dal {} al {}", o.school_year, o.next_year)}</h2>
        <ul class="registry-passage list-unstyled">
            {o.passage.into_iter().map(|p| {
                let end = p.last_day.map_or(String::new(), |d| format!(" Iscrizioni degli uscenti chiuse al {}.", format_date_it(d.date())));
                view! {
                    <li class="mb-3">
                        <strong>{p.school}</strong>
                        <p class="mb-0">{format!("{} classi nel nuovo anno, {} alunni promossi, {} alunni escono.{end}", p.classes, p.promoted, p.leaving)}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
        <ActionForm action=start>
            <input type="hidden" name="to" value=o.next_year.clone() />
            <button type="submit" class="btn btn-primary" disabled=empty>
                {format!("Passa all'anno scolastico {}", o.next_year)}
            </button>
        </ActionForm>
    }
}
