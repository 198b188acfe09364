use crate::api::calendar::{
    load_calendar, load_import_report, AddClosure, RemoveClosure, SetSchoolYear,
};
use crate::components::error_notice::ErrorNotice;
use crate::domain::date::{format_date_it, format_month_it, Month};
use crate::domain::ids::{ImportId, SchoolId};
use crate::domain::wire::OrEmpty;
use crate::error::AppError;
use crate::model::calendar::{
    CalendarDay, CalendarDayKind, CalendarOverview, ClosureImportReport, SchoolChoice,
};
use crate::routes;
use chrono::{Datelike, Months};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Calendario scolastico: a month of one school or of the whole Ente (holidays, closures,
/// days already closed), the closures to come, the school years; closures added one by
/// one or imported from the regional calendar. Month and school are a plain GET form.
#[component]
pub fn CalendarPage() -> impl IntoView {
    let query = use_query_map();
    let field = move |name: &str| query.read().get(name).unwrap_or_default();
    let close = ServerAction::<AddClosure>::new();
    let reopen = ServerAction::<RemoveClosure>::new();
    let year = ServerAction::<SetSchoolYear>::new();
    let changes = move || close.version().get() + reopen.version().get() + year.version().get();
    let overview = Resource::new(
        move || (field("mese"), field("scuola"), changes()),
        |(month, school, _)| async move {
            let bad = |e: &str| AppError::BadRequest(e.to_string());
            let month = match month.trim() {
                "" => None,
                text => Some(Month::parse(text).map_err(bad)?),
            };
            let school = match school.trim() {
                "" => None,
                text => Some(SchoolId::parse(text).map_err(|e| bad(&e.to_string()))?),
            };
            load_calendar(OrEmpty(month), OrEmpty(school)).await
        },
    );
    let outcome = move || {
        [
            close.value().get(),
            reopen.value().get(),
            year.value().get(),
        ]
        .into_iter()
        .flatten()
        .next_back()
        .map(|r| match r {
            Ok(msg) => {
                view! { <div class="alert alert-success" role="status">{msg}</div> }.into_any()
            }
            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    view! {
        <Title text="Calendario scolastico" />
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <h1>"Calendario scolastico"</h1>
        <p>"Le festività nazionali sono già nel calendario. Qui l'ufficio aggiunge vacanze, ponti, elezioni e scioperi: "
           "nei giorni di chiusura la mensa non addebita pasti e le famiglie vedono «Chiuso»."</p>
        <ImportReport id=Signal::derive(move || field("importazione")) />
        <div aria-live="polite">{outcome}</div>
        <Transition fallback=|| view! { <p>"Caricamento del calendario…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! { <CalendarView o close reopen year /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CalendarView(
    o: CalendarOverview,
    close: ServerAction<AddClosure>,
    reopen: ServerAction<RemoveClosure>,
    year: ServerAction<SetSchoolYear>,
) -> impl IntoView {
    let school = o
        .school
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let first = o.month.first_day();
    let step =
        |m: Option<chrono::NaiveDate>| m.map(|d| routes::calendar_month(Month::of(d), &school));
    let (prev, next) = (
        step(first.checked_sub_months(Months::new(1))),
        step(first.checked_add_months(Months::new(1))),
    );
    let scope_name = o
        .school
        .as_ref()
        .and_then(|id| o.schools.iter().find(|s| &s.id == id))
        .map_or("tutto l'Ente".to_string(), |s| s.name.clone());
    view! {
        <form method="get" class="range-fields">
            <input type="hidden" name="mese" value=o.month.to_string() />
            <SchoolSelect id="calendar-school" name="scuola" label="Calendario di" schools=o.schools.clone() selected=o.school.clone() />
            <button type="submit" class="btn btn-outline-primary">"Mostra"</button>
        </form>
        <h2 class="h4 mt-3">{format!("{} — {scope_name}", format_month_it(first))}</h2>
        <nav class="month-nav" aria-label="Mesi">
            {prev.map(|href| view! { <a href=href>"← Mese precedente"</a> })}
            {next.map(|href| view! { <a href=href>"Mese successivo →"</a> })}
        </nav>
        <MonthGrid days=o.days.clone() />
        <h2 class="h4 mt-4">"Chiusure"</h2>
        <ClosureList o=o.clone() reopen />
        <AddClosureForm schools=o.schools.clone() close />
        <ImportForm schools=o.schools.clone() />
        <SchoolYears o year />
    }
}

/// How a day reads: the short word in the grid and the whole sentence for screen readers.
fn day_text(d: &CalendarDay) -> (&'static str, &'static str, String) {
    let (short, class, long) = match &d.kind {
        CalendarDayKind::Weekend => ("", "cal-off", "fine settimana".to_string()),
        CalendarDayKind::OutsideYear => ("", "cal-off", "fuori dall'anno scolastico".to_string()),
        CalendarDayKind::Holiday(name) => ("Festa", "cal-holiday", name.clone()),
        CalendarDayKind::Closure { reason, school } => (
            "Chiuso",
            "cal-closure",
            match school {
                Some(s) => format!("chiuso: {reason} ({s})"),
                None => format!("chiuso: {reason}"),
            },
        ),
        CalendarDayKind::School => ("", "cal-school", "giorno di scuola".to_string()),
    };
    let long = if d.closed {
        format!("{long}, pasti già addebitati")
    } else {
        long
    };
    (short, class, long)
}

#[component]
fn MonthGrid(days: Vec<CalendarDay>) -> impl IntoView {
    let blanks = days
        .first()
        .map_or(0, |d| d.day.date().weekday().num_days_from_monday());
    let mut cells: Vec<Option<CalendarDay>> = (0..blanks).map(|_| None).collect();
    cells.extend(days.iter().cloned().map(Some));
    let weeks: Vec<Vec<Option<CalendarDay>>> = cells.chunks(7).map(<[_]>::to_vec).collect();
    let notable: Vec<CalendarDay> = days
        .into_iter()
        .filter(|d| {
            matches!(
                d.kind,
                CalendarDayKind::Holiday(_) | CalendarDayKind::Closure { .. }
            )
        })
        .collect();
    view! {
        <table class="cal-month">
            <caption class="visually-hidden">"Giorni del mese"</caption>
            <thead><tr>
                {["Lun", "Mar", "Mer", "Gio", "Ven", "Sab", "Dom"].map(|d| view! { <th scope="col">{d}</th> })}
            </tr></thead>
            <tbody>
                {weeks.into_iter().map(|week| view! {
                    <tr>
                        {week.into_iter().map(|cell| match cell {
                            None => view! { <td></td> }.into_any(),
                            Some(d) => {
                                let (short, class, long) = day_text(&d);
                                let class = if d.closed { format!("{class} cal-done") } else { class.to_string() };
                                view! {
                                    <td class=class>
                                        <span aria-hidden="true">{d.day.date().day()}</span>
                                        <span class="cal-word" aria-hidden="true">{short}</span>
                                        <span class="visually-hidden">{format!("{}: {long}", format_date_it(d.day.date()))}</span>
                                    </td>
                                }.into_any()
                            }
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <p class="cal-legend">"In grigio i giorni senza scuola; sottolineati quelli già chiusi, con i pasti addebitati."</p>
        {(!notable.is_empty()).then(|| view! {
            <ul class="cal-notable">
                {notable.into_iter().map(|d| {
                    let (_, _, long) = day_text(&d);
                    view! { <li>{format!("{}: {long}", format_date_it(d.day.date()))}</li> }
                }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn ClosureList(o: CalendarOverview, reopen: ServerAction<RemoveClosure>) -> impl IntoView {
    if o.closures.is_empty() {
        return view! { <p>"Nessuna chiusura da questo mese in poi."</p> }.into_any();
    }
    view! {
        <ul class="line-list closure-list">
            {o.closures.into_iter().map(|c| {
                let scope = c.school.as_ref().map_or("tutto l'Ente".to_string(), |s| s.name.clone());
                let school_id = c.school.as_ref().map(|s| s.id.to_string()).unwrap_or_default();
                let label = format!("Togli la chiusura {} del {}", c.reason, c.dates);
                view! {
                    <li class="line">
                        <span class="line-title">{c.dates.clone()}</span>
                        <span>{c.reason.clone()}" · "{scope}</span>
                        {c.removable.then(|| view! {
                            <ActionForm action=reopen>
                                <input type="hidden" name="school" value=school_id />
                                <input type="hidden" name="first_day" value=c.first_day.to_string() />
                                <button type="submit" class="btn btn-outline-danger btn-sm" aria-label=label>"Togli"</button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The Ente (empty value) or one of its schools.
#[component]
fn SchoolSelect(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    schools: Vec<SchoolChoice>,
    #[prop(default = None)] selected: Option<SchoolId>,
) -> impl IntoView {
    view! {
        <div class="form-group">
            <label for=id class="active">{label}</label>
            <select id=id name=name class="form-select">
                <option value="">"Tutto l'Ente (tutte le scuole)"</option>
                {schools.into_iter().map(|s| {
                    let chosen = selected.as_ref() == Some(&s.id);
                    view! { <option value=s.id.to_string() selected=chosen>{s.name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn AddClosureForm(schools: Vec<SchoolChoice>, close: ServerAction<AddClosure>) -> impl IntoView {
    view! {
        <h3 class="h5 mt-4">"Aggiungi una chiusura"</h3>
        <ActionForm action=close>
            <SchoolSelect id="closure-school" name="school" label="Per" schools />
            <div class="range-fields">
                <div class="form-group">
                    <label for="closure-first" class="active">"Dal"</label>
                    <input id="closure-first" name="first_day" type="date" class="form-control" required=true />
                </div>
                <div class="form-group">
                    <label for="closure-last" class="active">"Al (vuoto: un giorno solo)"</label>
                    <input id="closure-last" name="last_day" type="date" class="form-control" />
                </div>
            </div>
            <div class="form-group">
                <label for="closure-reason" class="active">"Motivo"</label>
                <input id="closure-reason" name="reason" type="text" class="form-control" required=true maxlength="120"
                    placeholder="Vacanze di Natale, sciopero, elezioni…" />
            </div>
            <button type="submit" class="btn btn-primary">"Aggiungi la chiusura"</button>
        </ActionForm>
    }
}

/// The regional calendar as a file: a plain multipart POST, which lands back here with
/// the import's report.
#[component]
fn ImportForm(schools: Vec<SchoolChoice>) -> impl IntoView {
    view! {
        <h3 class="h5 mt-4">"Importa il calendario regionale"</h3>
        <p>"Un file CSV (colonne: dal; al; motivo — date come 23/12/2026) o un calendario ICS. "
           "Se una riga è sbagliata non viene importato nulla e l'elenco degli errori indica le righe da correggere."</p>
        <form method="post" action=routes::CALENDAR_IMPORT enctype="multipart/form-data">
            <SchoolSelect id="import-school" name="scuola" label="Per" schools />
            <div class="form-group">
                <label for="import-file" class="active">"File del calendario (CSV o ICS)"</label>
                <input id="import-file" name="file" type="file" class="form-control" required=true
                    accept=".csv,.ics,text/csv,text/calendar" />
            </div>
            <button type="submit" class="btn btn-outline-primary">"Importa"</button>
        </form>
    }
}

#[component]
fn ImportReport(id: Signal<String>) -> impl IntoView {
    let report = Resource::new(
        move || id.get(),
        |id| async move {
            if id.is_empty() {
                return Ok(None);
            }
            let id = ImportId::parse(&id).map_err(|e| AppError::BadRequest(e.to_string()))?;
            load_import_report(id).await.map(Some)
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(Some(r)) => view! { <ImportOutcome r /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ImportOutcome(r: ClosureImportReport) -> impl IntoView {
    if r.errors.is_empty() {
        let text = format!(
            "{}: {} chiusure importate, {} già presenti, {} già trascorse e non importate.",
            r.file_name, r.added, r.already, r.past
        );
        return view! { <div class="alert alert-success" role="status">{text}</div> }.into_any();
    }
    view! {
        <div class="alert alert-danger" role="alert">
            <p>{format!("{}: non è stato importato nulla. Correggi il file e riprova:", r.file_name)}</p>
            <ul>
                {r.errors.into_iter().map(|e| {
                    let at = if e.line == 0 { "Il file".to_string() } else { format!("Riga {}", e.line) };
                    view! { <li>{format!("{at}: {}", e.message)}</li> }
                }).collect_view()}
            </ul>
        </div>
    }
    .into_any()
}

#[component]
fn SchoolYears(o: CalendarOverview, year: ServerAction<SetSchoolYear>) -> impl IntoView {
    let today = o.today;
    view! {
        <h2 class="h4 mt-4">"Anni scolastici"</h2>
        <ul>
            {o.school_years.into_iter().filter(|y| y.last_day >= today || y.last_day.date().year() + 1 >= today.date().year()).map(|y| view! {
                <li>{format!("{}: dal {} al {}", y.school, format_date_it(y.first_day.date()), format_date_it(y.last_day.date()))}</li>
            }).collect_view()}
        </ul>
        <h3 class="h5 mt-3">"Imposta l'anno scolastico"</h3>
        <p>"Se le date toccano un anno già inserito lo correggono; altrimenti aggiungono l'anno nuovo."</p>
        <ActionForm action=year>
            <SchoolSelect id="year-school" name="school" label="Per" schools=o.schools />
            <div class="range-fields">
                <div class="form-group">
                    <label for="year-first" class="active">"Primo giorno di scuola"</label>
                    <input id="year-first" name="first_day" type="date" class="form-control" required=true />
                </div>
                <div class="form-group">
                    <label for="year-last" class="active">"Ultimo giorno di scuola"</label>
                    <input id="year-last" name="last_day" type="date" class="form-control" required=true />
                </div>
            </div>
            <button type="submit" class="btn btn-outline-primary">"Imposta"</button>
        </ActionForm>
    }
}
