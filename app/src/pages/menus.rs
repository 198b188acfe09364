use crate::api::menus::{load_menu_print, load_menus, SaveMenu};
use crate::components::error_notice::ErrorNotice;
use crate::domain::ids::SchoolId;
use crate::domain::menus::{DIETS, MAX_WEEKS, WEEKDAYS};
use crate::domain::wire::OrEmpty;
use crate::model::menus::{MenuCell, MenuVersionView, MenusView};
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Menù: a school's rotating menus in effect and scheduled, and the editor of a new version
/// from a date (a copy of the latest; one dish per line). The school and the number of
/// weeks are chosen by plain GET forms, so everything works before hydration.
#[component]
pub fn MenusPage() -> impl IntoView {
    let query = use_query_map();
    let school = move || {
        query
            .read()
            .get("scuola")
            .and_then(|s| SchoolId::parse(&s).ok())
    };
    let weeks = move || {
        query
            .read()
            .get("settimane")
            .and_then(|w| w.parse::<u8>().ok())
            .unwrap_or(0)
    };
    let save = ServerAction::<SaveMenu>::new();
    let page = Resource::new(
        move || (school(), weeks(), save.version().get()),
        |(school, weeks, _)| load_menus(OrEmpty(school), weeks),
    );
    let outcome = move || {
        save.value().get().map(|r| match r {
            Ok(msg) => {
                view! { <div class="alert alert-success" role="status">{msg}</div> }.into_any()
            }
            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    view! {
        <Title text="Menù" />
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <h1>"Menù"</h1>
        <p>"Il menù di ogni scuola ruota su alcune settimane, dal lunedì della settimana in cui entra in vigore. "
           "Le famiglie vedono i piatti del giorno in Prenotazioni, con la variante della dieta del figlio."</p>
        <div aria-live="polite">{outcome}</div>
        <Suspense fallback=|| view! { <p>"Caricamento dei menù…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(v) => view! { <MenusBody v save /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MenusBody(v: MenusView, save: ServerAction<SaveMenu>) -> impl IntoView {
    let school = v.school.to_string();
    view! {
        <form method="get" action=routes::MENUS class="menu-choose">
            <div class="form-group">
                <label for="menu-scuola" class="active">"Scuola"</label>
                <select id="menu-scuola" name="scuola" class="form-select">
                    {v.schools.iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=*id == v.school>{name.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="btn btn-outline-primary">"Mostra"</button>
        </form>
        <h2 class="h3 mt-4">{format!("Menù di {}", v.school_name)}</h2>
        <p><a href=routes::menu_print(&v.school)>"Menù da stampare per le famiglie"</a></p>
        {if v.versions.is_empty() {
            view! { <p>"Nessun menù: le famiglie non vedono i piatti."</p> }.into_any()
        } else {
            v.versions.into_iter().map(|m| { let open = m.current; view! { <MenuVersion m open /> } }).collect_view().into_any()
        }}
        <h2 class="h3 mt-4">"Nuova versione del menù"</h2>
        <p>"Parte da una copia del menù più recente. Scrivi un piatto per riga; un giorno lasciato vuoto non ha menù. "
           "Le varianti vuote seguono il menù normale."</p>
        <form method="get" action=routes::MENUS class="menu-choose">
            <input type="hidden" name="scuola" value=school.clone() />
            <div class="form-group">
                <label for="menu-settimane" class="active">"Settimane del ciclo"</label>
                <input id="menu-settimane" name="settimane" type="number" inputmode="numeric" min="1"
                    max=MAX_WEEKS.to_string() value=v.draft.weeks.to_string() class="form-control" />
            </div>
            <button type="submit" class="btn btn-outline-primary">"Cambia il numero di settimane"</button>
        </form>
        <MenuEditor school draft=v.draft save min=v.today.to_string() />
    }
}

/// A version of a menu, week by week with its variants (`open`: unfolded).
#[component]
fn MenuVersion(m: MenuVersionView, open: bool) -> impl IntoView {
    let title = if m.current {
        format!("«{}» in vigore dal {}", m.name, m.valid_from)
    } else {
        format!("«{}» dal {} (programmato)", m.name, m.valid_from)
    };
    let weeks = (1..=m.weeks)
        .map(|w| {
            let days: Vec<_> = m.days.iter().filter(|d| d.week == w).cloned().collect();
            view! {
                <h3 class="h6 mt-3">{format!("Settimana {w}")}</h3>
                <dl class="menu-days">
                    {days.into_iter().map(|d| view! {
                        <dt>{d.weekday}</dt>
                        <dd>
                            {d.dishes.join(", ")}
                            {(!d.variants.is_empty()).then(|| view! {
                                <ul class="menu-variants">
                                    {d.variants.into_iter().map(|(diet, dishes)| view! {
                                        <li>{format!("{diet}: {}", dishes.join(", "))}</li>
                                    }).collect_view()}
                                </ul>
                            })}
                        </dd>
                    }).collect_view()}
                </dl>
            }
        })
        .collect_view();
    view! {
        <details class="menu-version" open=open>
            <summary>{title}</summary>
            {weeks}
        </details>
    }
}

#[component]
fn MenuEditor(
    school: String,
    draft: crate::model::menus::MenuDraft,
    save: ServerAction<SaveMenu>,
    min: String,
) -> impl IntoView {
    let cells = draft.cells.clone();
    view! {
        <ActionForm action=save>
            <input type="hidden" name="school" value=school />
            <input type="hidden" name="menu[weeks]" value=draft.weeks.to_string() />
            <div class="form-group">
                <label for="menu-dal" class="active">"Vale dal"</label>
                <input id="menu-dal" name="menu[valid_from]" type="date" min=min value=draft.valid_from class="form-control" required=true />
            </div>
            <div class="form-group">
                <label for="menu-nome" class="active">"Nome del menù"</label>
                <input id="menu-nome" name="menu[name]" type="text" maxlength="80" value=draft.name class="form-control" required=true />
            </div>
            {(1..=draft.weeks).map(|w| {
                let week: Vec<(usize, MenuCell)> = cells.iter().cloned().enumerate().filter(|(_, c)| c.week == w).collect();
                view! {
                    <fieldset class="menu-week">
                        <legend>{format!("Settimana {w}")}</legend>
                        {week.into_iter().map(|(i, c)| view! { <DayCell i c /> }).collect_view()}
                    </fieldset>
                }
            }).collect_view()}
            <button type="submit" class="btn btn-primary">"Salva il menù"</button>
        </ActionForm>
    }
}

/// One day of the cycle: its dishes, and its diet variants folded away.
#[component]
fn DayCell(i: usize, c: MenuCell) -> impl IntoView {
    let day = WEEKDAYS
        .get(usize::from(c.weekday.max(1)) - 1)
        .copied()
        .unwrap_or("");
    let id = format!("menu-{}-{}", c.week, c.weekday);
    let field = move |name: &str| format!("menu[cells][{i}][{name}]");
    view! {
        <div class="menu-cell">
            <input type="hidden" name=field("week") value=c.week.to_string() />
            <input type="hidden" name=field("weekday") value=c.weekday.to_string() />
            <div class="form-group">
                <label for=id.clone() class="active">{format!("{day}, settimana {}: piatti", c.week)}</label>
                <textarea id=id.clone() name=field("dishes") rows="4" class="form-control">{c.dishes.clone()}</textarea>
            </div>
            <details>
                <summary>{format!("Varianti per le diete ({day}, settimana {})", c.week)}</summary>
                {DIETS.iter().enumerate().map(|(n, diet)| {
                    let vid = format!("{id}-dieta-{n}");
                    let text = c.variants.get(n).cloned().unwrap_or_default();
                    view! {
                        <div class="form-group">
                            <label for=vid.clone() class="active">{format!("{diet} ({day}, settimana {})", c.week)}</label>
                            <textarea id=vid name=format!("menu[cells][{i}][variants][{n}]") rows="3" class="form-control">{text}</textarea>
                        </div>
                    }
                }).collect_view()}
            </details>
        </div>
    }
}

/// The menu of a school as families print it: every version from today's, unfolded; the
/// site's header and footer are left out of the printout (`style/main.css`).
#[component]
pub fn MenuPrintPage() -> impl IntoView {
    let params = use_params_map();
    let menu = Resource::new(
        move || params.read().get("school").unwrap_or_default(),
        |school| async move {
            match SchoolId::parse(&school) {
                Ok(id) => load_menu_print(id).await,
                Err(_) => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Caricamento del menù…"</p> }>
            {move || Suspend::new(async move {
                match menu.await {
                    Ok(m) => view! {
                        <Title text=format!("Menù · {}", m.school_name) />
                        <div class="menu-print">
                            <h1>{format!("Menù · {}", m.school_name)}</h1>
                            <p class="menu-print-hint">"Per stamparlo usa «Stampa» del browser."</p>
                            <h2 class="h4">"Il menù in vigore e i prossimi"</h2>
                            {if m.versions.is_empty() {
                                view! { <p>"La scuola non ha ancora pubblicato il menù."</p> }.into_any()
                            } else {
                                m.versions.into_iter().map(|m| view! { <MenuVersion m open=true /> }).collect_view().into_any()
                            }}
                        </div>
                    }.into_any(),
                    Err(e) => view! { <h1>"Menù"</h1><ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
