use crate::api::attendance::{load_attendance, MarkAbsent};
use crate::components::error_notice::ErrorNotice;
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// Presenze: today's pupils at the canteen, class by class, for the school staff to mark
/// an absence.
#[component]
pub fn AttendancePage() -> impl IntoView {
    let mark = ServerAction::<MarkAbsent>::new();
    let list = Resource::new(move || mark.version().get(), |_| load_attendance());
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
                    Ok(a) => {
                        let rule = match (a.after_cutoff, a.late_absence_charged) {
                            (false, _) => "Prima dell'orario limite un'assenza disdice il pasto, che non viene addebitato.",
                            (true, true) => "L'orario limite è passato: il pasto è già preparato, l'assenza viene registrata e il pasto resta addebitato.",
                            (true, false) => "L'orario limite è passato: l'assenza viene registrata e il pasto non viene addebitato.",
                        };
                        let heading = format!("{} – {} alunni presenti", a.day_label, a.pupils.len());
                        if a.pupils.is_empty() {
                            return view! {
                                <h2 class="h4">{heading}</h2>
                                <p>"Oggi nessun alunno mangia in mensa (giorno senza servizio o festivo)."</p>
                            }.into_any();
                        }
                        view! {
                            <h2 class="h4">{heading}</h2>
                            <p>{rule}</p>
                            <table class="table">
                                <caption>"Alunni in mensa oggi"</caption>
                                <thead><tr><th scope="col">"Alunno"</th><th scope="col">"Scuola e classe"</th><th scope="col">"Presenza"</th></tr></thead>
                                <tbody>
                                    {a.pupils.into_iter().map(|p| view! {
                                        <tr>
                                            <td>{p.name.clone()}</td>
                                            <td>{format!("{} · {}", p.school, p.class)}</td>
                                            <td>{if p.absent_after_cutoff {
                                                view! { <span>"Assente dopo l'orario limite"</span> }.into_any()
                                            } else {
                                                view! {
                                                    <ActionForm action=mark>
                                                        <input type="hidden" name="pupil_id" value=p.pupil_id.to_string() />
                                                        <button type="submit" class="btn btn-outline-primary btn-sm" aria-label=format!("Segna assente: {}", p.name)>"Segna assente"</button>
                                                    </ActionForm>
                                                }.into_any()
                                            }}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
