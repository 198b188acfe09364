use crate::api::bookings::{load_booking_info, load_month, BookingInfo, ChangeBookings, DayState};
use crate::components::error_notice::ErrorNotice;
use crate::domain::date::{format_month_it, format_weekday_date_it};
use chrono::{Datelike, Months, NaiveDate};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Prenotazioni: a pupil's month of canteen days (present unless cancelled), one tap to
/// cancel or restore a day, a form for a range or a plain meal. The server checks every
/// rule with its own clock; a refusal says why.
#[component]
pub fn BookingsPage() -> impl IntoView {
    let query = use_query_map();
    let info = Resource::new(|| (), |_| load_booking_info());
    let change = ServerAction::<ChangeBookings>::new();
    let outcome = move || {
        change.value().get().map(|r| match r {
            Ok(msg) => {
                view! { <div class="alert alert-success" role="status">{msg}</div> }.into_any()
            }
            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    view! {
        <Title text="Prenotazioni" />
        <nav aria-label="Percorso"><a href="/area-personale">"Area personale"</a></nav>
        <h1>"Prenotazioni"</h1>
        <Suspense fallback=|| view! { <p>"Caricamento delle prenotazioni…"</p> }>
            {move || Suspend::new(async move {
                let (pupil, month) = {
                    let q = query.read_untracked();
                    (q.get("alunno"), q.get("mese"))
                };
                match info.await {
                    Ok(info) => view! { <Bookings info pupil month change /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
        <div aria-live="polite">{outcome}</div>
    }
}

#[component]
fn Bookings(
    info: BookingInfo,
    pupil: Option<String>,
    month: Option<String>,
    change: ServerAction<ChangeBookings>,
) -> impl IntoView {
    let Some(first) = info.pupils.first().cloned() else {
        return view! { <p>"Non risultano alunni iscritti alla mensa."</p> }.into_any();
    };
    let selected = info
        .pupils
        .iter()
        .find(|p| Some(&p.id) == pupil.as_ref())
        .cloned()
        .unwrap_or(first);
    let month_start = month
        .and_then(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok())
        .unwrap_or_else(|| info.today.with_day0(0).unwrap_or(info.today));
    let tabs = info
        .pupils
        .iter()
        .map(|p| {
            let current = (p.id == selected.id).then_some("page");
            view! {
                <li><a href=format!("?alunno={}&mese={}", p.id, month_start.format("%Y-%m")) aria-current=current>{p.name.clone()}</a></li>
            }
        })
        .collect_view();
    view! {
        <p>
            {format!(
                "Ogni giorno di mensa l'alunno è presente, salvo disdetta. Puoi disdire o chiedere il pasto in bianco \
                 entro le {} del giorno stesso e fino a {} giorni prima; il pasto in bianco al massimo per {} giorni consecutivi.",
                info.cutoff, info.horizon_days, info.plain_meal_max_consecutive
            )}
        </p>
        <nav aria-label="Alunni"><ul class="pupil-tabs">{tabs}</ul></nav>
        <h2 class="h4">{selected.name.clone()}<small class="text-secondary">{format!(" – {}", selected.class)}</small></h2>
        <MonthView pupil_id=selected.id.clone() month_start change />
        <RangeForm pupil_id=selected.id.clone() today=info.today change />
    }
    .into_any()
}

#[component]
fn MonthView(
    pupil_id: String,
    month_start: NaiveDate,
    change: ServerAction<ChangeBookings>,
) -> impl IntoView {
    let month = month_start.format("%Y-%m").to_string();
    let id = pupil_id.clone();
    let days = Resource::new(
        move || (id.clone(), month.clone(), change.version().get()),
        |(id, month, _)| load_month(id, month),
    );
    let link = |d: Option<NaiveDate>, label: &'static str| {
        d.map(|d| view! { <a href=format!("?alunno={}&mese={}", pupil_id, d.format("%Y-%m"))>{label}</a> })
    };
    let prev = link(
        month_start.checked_sub_months(Months::new(1)),
        "Mese precedente",
    );
    let next = link(
        month_start.checked_add_months(Months::new(1)),
        "Mese successivo",
    );
    let pupil = pupil_id.clone();
    view! {
        <div class="month-nav">
            {prev}
            <h3 class="h5">{format_month_it(month_start)}</h3>
            {next}
        </div>
        <Transition fallback=|| view! { <p>"Caricamento del mese…"</p> }>
            {move || {
                let pupil = pupil.clone();
                Suspend::new(async move {
                    match days.await {
                        Ok(days) => view! {
                            <ul class="booking-days">
                                {days.into_iter().map(|d| view! { <DayRow day=d pupil_id=pupil.clone() change /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn DayRow(
    day: crate::api::bookings::CalendarDay,
    pupil_id: String,
    change: ServerAction<ChangeBookings>,
) -> impl IntoView {
    let label = format_weekday_date_it(day.date);
    let (state, class) = match &day.state {
        DayState::NoService => ("Nessun servizio".to_string(), "day-none"),
        DayState::Closed(name) => (name.clone(), "day-closed"),
        DayState::Present => ("Presente".to_string(), "day-present"),
        DayState::Cancelled => ("Disdetto".to_string(), "day-cancelled"),
        DayState::Plain => ("Pasto in bianco".to_string(), "day-plain"),
    };
    let action = match (&day.state, day.changeable) {
        (DayState::Present | DayState::Plain, true) => Some(("disdici", "Disdici")),
        (DayState::Cancelled, true) => Some(("ripristina", "Ripristina")),
        _ => None,
    };
    let locked = matches!(
        day.state,
        DayState::Present | DayState::Cancelled | DayState::Plain
    ) && !day.changeable;
    let date = day.date.format("%Y-%m-%d").to_string();
    view! {
        <li class=format!("booking-day {class}")>
            <span class="booking-date">{label.clone()}</span>
            <span class="booking-state">{state}{locked.then_some(" · non modificabile")}</span>
            {action.map(|(value, text)| view! {
                <ActionForm action=change>
                    <input type="hidden" name="pupil_id" value=pupil_id.clone() />
                    <input type="hidden" name="from" value=date.clone() />
                    <input type="hidden" name="to" value=date.clone() />
                    <input type="hidden" name="action" value=value />
                    <button type="submit" class="btn btn-outline-primary btn-sm" aria-label=format!("{text}: {label}")>{text}</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
fn RangeForm(
    pupil_id: String,
    today: NaiveDate,
    change: ServerAction<ChangeBookings>,
) -> impl IntoView {
    let today = today.format("%Y-%m-%d").to_string();
    view! {
        <h3 class="h5 mt-4">"Più giorni o pasto in bianco"</h3>
        <ActionForm action=change>
            <input type="hidden" name="pupil_id" value=pupil_id />
            <div class="range-fields">
                <div class="form-group">
                    <label for="range-from" class="active">"Dal"</label>
                    <input id="range-from" name="from" type="date" class="form-control" required=true min=today.clone() />
                </div>
                <div class="form-group">
                    <label for="range-to" class="active">"Al"</label>
                    <input id="range-to" name="to" type="date" class="form-control" required=true min=today />
                </div>
                <div class="form-group">
                    <label for="range-action" class="active">"Cosa"</label>
                    <select id="range-action" name="action" class="form-select">
                        <option value="disdici">"Disdici i pasti"</option>
                        <option value="ripristina">"Ripristina i pasti"</option>
                        <option value="bianco">"Pasto in bianco"</option>
                    </select>
                </div>
            </div>
            <button type="submit" class="btn btn-primary">"Applica"</button>
        </ActionForm>
    }
}
