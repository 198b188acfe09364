use crate::api::bookings::{load_booking_info, load_credit_forecast, load_month, ChangeBookings};
use crate::components::error_notice::ErrorNotice;
use crate::domain::bookings::format_countdown;
use crate::domain::date::{format_month_it, format_weekday_date_it};
use crate::domain::date::{Day, Month};
use crate::domain::ids::PupilId;
use crate::model::bookings::{BookingAction, BookingInfo, CalendarDay, CreditForecast, DayState};
use crate::routes;
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use leptos::ev::SubmitEvent;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
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
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <h1>"Prenotazioni"</h1>
        <Suspense fallback=|| view! { <p>"Caricamento delle prenotazioni…"</p> }>
            {move || {
                // Tracked: a tap on a sibling or on another month re-renders the calendar.
                let (pupil, month) = {
                    let q = query.read();
                    (q.get("alunno"), q.get("mese"))
                };
                Suspend::new(async move {
                match info.await {
                    Ok(info) => view! { <Bookings info pupil month change /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })
            }}
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
        .find(|p| Some(p.id.as_str()) == pupil.as_deref())
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
        <CutoffCountdown cutoff=info.today_cutoff server_now=info.server_now label=info.cutoff.clone() />
        <CreditCard change />
        <nav aria-label="Alunni"><ul class="pupil-tabs">{tabs}</ul></nav>
        <h2 class="h4">{selected.name.clone()}<small class="text-secondary">{format!(" – {}", selected.class)}</small></h2>
        {selected.diet.clone().map(|diet| view! {
            <p class="pupil-diet">"Dieta: " <strong>{diet}</strong>" (impostata dal Comune su richiesta con certificato medico)"</p>
        })}
        <MonthView pupil_id=selected.id.clone() month_start change />
        <RangeForm pupil_id=selected.id.clone() today=info.today change />
    }
    .into_any()
}

#[component]
fn MonthView(
    pupil_id: PupilId,
    month_start: NaiveDate,
    change: ServerAction<ChangeBookings>,
) -> impl IntoView {
    let month = Month::of(month_start);
    let id = pupil_id.clone();
    let days = Resource::new(
        move || (id.clone(), month, change.version().get()),
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

/// How a day reads, and the one-tap change it offers when it can still change.
fn day_label(state: &DayState) -> (String, &'static str) {
    match state {
        DayState::NoService => ("Nessun servizio".to_string(), "day-none"),
        DayState::Closed(name) => (format!("Chiuso: {name}"), "day-closed"),
        DayState::Present => ("Presente".to_string(), "day-present"),
        DayState::Cancelled => ("Disdetto".to_string(), "day-cancelled"),
        DayState::Plain => ("Pasto in bianco".to_string(), "day-plain"),
    }
}

fn day_action(state: &DayState) -> Option<(BookingAction, &'static str, DayState)> {
    match state {
        DayState::Present | DayState::Plain => {
            Some((BookingAction::Cancel, "Disdici", DayState::Cancelled))
        }
        DayState::Cancelled => Some((BookingAction::Restore, "Ripristina", DayState::Present)),
        _ => None,
    }
}

/// One day. A tap shows the change at once; the month is then reloaded from the server,
/// so a refusal puts the day back as it was (and the reason appears below).
#[component]
fn DayRow(
    day: CalendarDay,
    pupil_id: PupilId,
    change: ServerAction<ChangeBookings>,
) -> impl IntoView {
    let label = format_weekday_date_it(day.date);
    let date = day.date.format("%Y-%m-%d").to_string();
    let shown = RwSignal::new(day.state.clone());
    let changeable = day.changeable;
    let locked = matches!(
        day.state,
        DayState::Present | DayState::Cancelled | DayState::Plain
    ) && !changeable;
    let state_text = move || shown.with(|s| day_label(s).0);
    let class = move || format!("booking-day {}", shown.with(|s| day_label(s).1));
    let action = move || shown.with(day_action).filter(|_| changeable);
    let (pupil, from) = (pupil_id.clone(), Day::from(day.date));
    let on_submit = move |ev: SubmitEvent| {
        let Some((value, _, next)) = action() else {
            return;
        };
        ev.prevent_default();
        shown.set(next);
        change.dispatch(ChangeBookings {
            pupil_id: pupil.clone(),
            from,
            to: from,
            action: value,
        });
    };
    let menu = day.menu.map(|m| {
        view! {
            <details class="day-menu">
                <summary>"Menù"<span class="visually-hidden">{format!(" di {label}")}</span></summary>
                {m.diet_variant.then_some(view! { <p class="small mb-1">"Variante per la dieta dell'alunno"</p> })}
                <ul>{m.dishes.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
            </details>
        }
    });
    let button_label = label.clone();
    view! {
        <li class=class>
            <span class="booking-date">{label.clone()}</span>
            <span class="booking-state">{state_text}{locked.then_some(" · non modificabile")}</span>
            {move || action().map(|(value, text, _)| view! {
                <form method="post" action=ChangeBookings::url() on:submit=on_submit.clone()>
                    <input type="hidden" name="pupil_id" value=pupil_id.to_string() />
                    <input type="hidden" name="from" value=date.clone() />
                    <input type="hidden" name="to" value=date.clone() />
                    <input type="hidden" name="action" value=value.as_str() />
                    <button type="submit" class="btn btn-outline-primary btn-sm" aria-label=format!("{text}: {button_label}")>{text}</button>
                </form>
            })}
            {menu}
        </li>
    }
}

/// A live countdown to today's cut-off, from the server's clock (the phone's may be wrong).
#[component]
fn CutoffCountdown(
    cutoff: DateTime<Utc>,
    server_now: DateTime<Utc>,
    label: String,
) -> impl IntoView {
    let now = RwSignal::new(server_now);
    Effect::new(move |_| {
        let offset = server_now - Utc::now();
        if let Ok(handle) = set_interval_with_handle(
            move || now.set(Utc::now() + offset),
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    let text = move || {
        let left = (cutoff - now.get()).num_seconds();
        if left > 0 {
            format!(
                "Le disdette per oggi chiudono alle {label}: mancano {}.",
                format_countdown(left)
            )
        } else {
            format!("Le disdette per oggi sono chiuse (alle {label}); puoi ancora modificare i giorni seguenti.")
        }
    };
    view! { <p class="cutoff-countdown" role="timer" aria-live="off">{text}</p> }
}

/// The wallet seen ahead: what the month still needs and until when the credit lasts.
#[component]
fn CreditCard(change: ServerAction<ChangeBookings>) -> impl IntoView {
    let credit = Resource::new(move || change.version().get(), |_| load_credit_forecast());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match credit.await {
                    Ok(Some(f)) => view! { <CreditForecastView f /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CreditForecastView(f: CreditForecast) -> impl IntoView {
    let lasts = if f.covers_school_year {
        "Il credito copre tutti i pasti fino alla fine dell'anno scolastico.".to_string()
    } else {
        match f.lasts_until {
            Some(d) => format!(
                "Il credito basta fino a {} compreso.",
                format_weekday_date_it(d)
            ),
            None => "Il credito non basta per il prossimo giorno di mensa.".to_string(),
        }
    };
    let days = match f.month_days {
        1 => "Per l'ultimo giorno di mensa di questo mese".to_string(),
        n => format!("Per i {n} giorni di mensa rimasti questo mese"),
    };
    let month = if f.month_days == 0 {
        "Questo mese non ci sono altri giorni di mensa.".to_string()
    } else if f.month_missing.cents() > 0 {
        format!(
            "{days} servono {}: mancano {}.",
            f.month_cost, f.month_missing
        )
    } else {
        format!("{days} servono {}: il credito basta.", f.month_cost)
    };
    view! {
        <section class="credit-forecast" aria-labelledby="credit-title">
            <h2 id="credit-title" class="h5">"Credito mensa"</h2>
            <p>"Saldo: " <strong>{f.balance.to_string()}</strong></p>
            <p class="credit-lasts">{lasts}</p>
            <p class="credit-month">{month}</p>
            <a href=routes::PAYMENTS>"Ricarica il credito"</a>
        </section>
    }
}

#[component]
fn RangeForm(
    pupil_id: PupilId,
    today: NaiveDate,
    change: ServerAction<ChangeBookings>,
) -> impl IntoView {
    let today = today.format("%Y-%m-%d").to_string();
    view! {
        <h3 class="h5 mt-4">"Più giorni o pasto in bianco"</h3>
        <ActionForm action=change>
            <input type="hidden" name="pupil_id" value=pupil_id.to_string() />
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
                        <option value=BookingAction::Cancel.as_str()>"Disdici i pasti"</option>
                        <option value=BookingAction::Restore.as_str()>"Ripristina i pasti"</option>
                        <option value=BookingAction::Plain.as_str()>"Pasto in bianco"</option>
                    </select>
                </div>
            </div>
            <button type="submit" class="btn btn-primary">"Applica"</button>
        </ActionForm>
    }
}
