use crate::api::attendance::{load_attendance, MarkAbsent};
use crate::components::error_notice::ErrorNotice;
use crate::domain::date::Day;
use crate::error::AppError;
use crate::model::attendance::Attendance;
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Presenze: the pupils at the canteen on a day (today or the past week), school by
/// school, for the school staff to mark an absence.
#[component]
pub fn AttendancePage() -> impl IntoView {
    let mark = ServerAction::<MarkAbsent>::new();
    let query = use_query_map();
    let day = move || query.read().get("giorno").unwrap_or_default();
    let list = Resource::new(
        move || (day(), mark.version().get()),
        |(day, _)| async move {
            if day.trim().is_empty() {
                return load_attendance(None).await;
            }
            match Day::parse(&day) {
                Ok(day) => load_attendance(Some(day)).await,
                Err(refusal) => Err(AppError::BadRequest(refusal.into())),
            }
        },
    );
    let outcome = move || {
        mark.value().get().map(|r| match r {
            Ok(msg) => {
                view! { <div class="alert alert-success" role="status">{msg}</div> }.into_any()
            }
            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    view! {
        <Title text="Presenze" />
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <h1>"Presenze in mensa"</h1>
        <div aria-live="polite">{outcome}</div>
        <Transition fallback=|| view! { <p>"Caricamento…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(a) => view! { <AttendanceView a mark /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AttendanceView(a: Attendance, mark: ServerAction<MarkAbsent>) -> impl IntoView {
    let rule = match (a.is_today && !a.after_cutoff, a.late_absence_charged) {
        (true, _) => "Prima dell'orario limite un'assenza disdice il pasto, che non viene addebitato.",
        (false, true) => "L'orario limite è passato: il pasto è già preparato, l'assenza viene registrata e il pasto resta addebitato.",
        (false, false) => "L'orario limite è passato: l'assenza viene registrata e il pasto non viene addebitato.",
    };
    let heading = format!("{} – {} alunni presenti", a.day_label, a.pupils.len());
    let day = a.day.to_string();
    let chooser = view! {
        <form method="get" class="range-fields">
            <div class="form-group">
                <label for="attendance-day" class="active">"Giorno"</label>
                <select id="attendance-day" name="giorno" class="form-select">
                    {a.days.into_iter().map(|d| {
                        let value = d.day.to_string();
                        let selected = value == day;
                        view! { <option value=value selected=selected>{d.label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="btn btn-outline-primary">"Mostra"</button>
        </form>
    };
    if a.pupils.is_empty() {
        return view! {
            {chooser}
            <h2 class="h4">{heading}</h2>
            <p>"Nessun alunno delle tue scuole mangia in mensa in questo giorno (giorno senza servizio, festivo o chiusura)."</p>
        }
        .into_any();
    }
    view! {
        {chooser}
        <h2 class="h4">{heading}</h2>
        <p>{rule}</p>
        <ul class="line-list" aria-label="Alunni in mensa">
            {a.pupils.into_iter().map(|p| { let day = day.clone(); view! {
                <li class="line">
                    <span class="line-title">{p.name.clone()}</span>
                    <span>{format!("{} · {}", p.school, p.class)}</span>
                    {if p.absent_after_cutoff {
                        view! { <span>"Assente dopo l'orario limite"</span> }.into_any()
                    } else {
                        view! {
                            <ActionForm action=mark>
                                <input type="hidden" name="pupil_id" value=p.pupil_id.to_string() />
                                <input type="hidden" name="day" value=day.clone() />
                                <button type="submit" class="btn btn-outline-primary btn-sm" aria-label=format!("Segna assente: {}", p.name)>"Segna assente"</button>
                            </ActionForm>
                        }.into_any()
                    }}
                </li>
            }}).collect_view()}
        </ul>
    }
    .into_any()
}
