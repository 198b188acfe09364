use crate::api::staff::{list_staff, ChangeStaffRole};
use crate::components::error_notice::ErrorNotice;
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// Administrators grant and revoke the operator and administrator roles of the Ente.
#[component]
pub fn StaffPage() -> impl IntoView {
    let change = ServerAction::<ChangeStaffRole>::new();
    let staff = Resource::new(move || change.version().get(), |_| list_staff());
    let outcome = move || {
        change.value().get().map(|r| match r {
            Ok(msg) => {
                view! { <div class="alert alert-success" role="status">{msg}</div> }.into_any()
            }
            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    view! {
        <Title text="Personale dell'Ente" />
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <h1>"Personale dell'Ente"</h1>
        <p>"Gli operatori gestiscono iscrizioni, moduli e comunicazioni; gli amministratori anche il personale. "
           "Il ruolo vale dal prossimo accesso della persona con SPID o CIE."</p>
        <div aria-live="polite">{outcome}</div>
        <Transition fallback=|| view! { <p>"Caricamento del personale…"</p> }>
            {move || Suspend::new(async move {
                match staff.await {
                    Ok(list) if list.is_empty() => view! { <p>"Nessun ruolo assegnato."</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="table">
                            <caption>"Ruoli assegnati"</caption>
                            <thead><tr><th scope="col">"Codice fiscale"</th><th scope="col">"Nome"</th><th scope="col">"Ruolo"</th><th scope="col">"Azioni"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|m| {
                                    let label = format!("Revoca il ruolo {} a {}", m.role.label(), m.fiscal_code);
                                    view! {
                                        <tr>
                                            <td>{m.fiscal_code.clone()}</td>
                                            <td>{m.name.unwrap_or_else(|| "non ha ancora effettuato l'accesso".into())}</td>
                                            <td>{m.role.label()}</td>
                                            <td>
                                                <ActionForm action=change>
                                                    <input type="hidden" name="fiscal_code" value=m.fiscal_code />
                                                    <input type="hidden" name="role" value=m.role.as_str() />
                                                    <input type="hidden" name="grant" value="false" />
                                                    <button type="submit" class="btn btn-outline-danger btn-sm" aria-label=label>"Revoca"</button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
        <h2 class="h4 mt-4">"Assegna un ruolo"</h2>
        <ActionForm action=change>
            <input type="hidden" name="grant" value="true" />
            <div class="form-group">
                <label for="staff-cf">"Codice fiscale"</label>
                <input id="staff-cf" name="fiscal_code" type="text" class="form-control" required=true
                    maxlength="16" autocomplete="off" autocapitalize="characters" spellcheck="false" />
            </div>
            <div class="form-group">
                <label for="staff-role">"Ruolo"</label>
                <select id="staff-role" name="role" class="form-select">
                    <option value="operator">"Operatore dell'Ente"</option>
                    <option value="admin">"Amministratore dell'Ente"</option>
                </select>
            </div>
            <button type="submit" class="btn btn-primary">"Assegna"</button>
        </ActionForm>
    }
}
