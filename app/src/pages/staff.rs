use crate::api::staff::{list_staff, ChangeStaffRole};
use crate::components::error_notice::ErrorNotice;
use crate::model::staff::{StaffMember, StaffSchool};
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// Administrators grant and revoke the roles of the Ente's staff: the office (operators,
/// administrators) and, for some schools, school staff and kitchen.
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
        <p>"Gli operatori gestiscono iscrizioni, moduli, calendario e comunicazioni; gli amministratori anche il personale. "
           "Il personale scolastico segna le assenze in mensa e la cucina legge i pasti del giorno, solo per le scuole indicate. "
           "Il ruolo vale dal prossimo accesso della persona con SPID o CIE."</p>
        <div aria-live="polite">{outcome}</div>
        <Transition fallback=|| view! { <p>"Caricamento del personale…"</p> }>
            {move || Suspend::new(async move {
                match staff.await {
                    Ok(v) => view! {
                        <MemberList members=v.members change />
                        <GrantForm schools=v.schools change />
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MemberList(members: Vec<StaffMember>, change: ServerAction<ChangeStaffRole>) -> impl IntoView {
    if members.is_empty() {
        return view! { <p>"Nessun ruolo assegnato."</p> }.into_any();
    }
    view! {
        <h2 class="h4">"Ruoli assegnati"</h2>
        <ul class="line-list">
            {members.into_iter().map(|m| {
                let label = format!("Revoca il ruolo {} a {}", m.role.label(), m.fiscal_code);
                let scope = if m.schools.is_empty() { "tutte le scuole".to_string() } else { m.schools.join(", ") };
                view! {
                    <li class="line">
                        <span class="line-title">{m.name.unwrap_or_else(|| "Non ha ancora effettuato l'accesso".into())}</span>
                        <span>{m.fiscal_code.clone()}</span>
                        <span>{format!("{} · {scope}", m.role.label())}</span>
                        <ActionForm action=change>
                            <input type="hidden" name="fiscal_code" value=m.fiscal_code />
                            <input type="hidden" name="role" value=m.role.as_str() />
                            <input type="hidden" name="grant" value="false" />
                            <button type="submit" class="btn btn-outline-danger btn-sm" aria-label=label>"Revoca"</button>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A role for a fiscal code; school staff and kitchen also tick their schools (granting
/// again with other schools changes them).
#[component]
fn GrantForm(schools: Vec<StaffSchool>, change: ServerAction<ChangeStaffRole>) -> impl IntoView {
    view! {
        <h2 class="h4 mt-4">"Assegna un ruolo"</h2>
        <ActionForm action=change>
            <input type="hidden" name="grant" value="true" />
            <div class="form-group">
                <label for="staff-cf">"Codice fiscale"</label>
                <input id="staff-cf" name="fiscal_code" type="text" class="form-control" required=true
                    maxlength="16" autocomplete="off" autocapitalize="characters" spellcheck="false" />
            </div>
            <div class="form-group">
                <label for="staff-role" class="active">"Ruolo"</label>
                <select id="staff-role" name="role" class="form-select">
                    <option value="operator">"Operatore dell'Ente"</option>
                    <option value="admin">"Amministratore dell'Ente"</option>
                    <option value="school_staff">"Personale scolastico"</option>
                    <option value="kitchen">"Cucina"</option>
                </select>
            </div>
            <fieldset class="mb-3">
                <legend class="h6">"Scuole (solo per personale scolastico e cucina)"</legend>
                {schools.into_iter().enumerate().map(|(i, s)| {
                    let id = format!("staff-school-{i}");
                    view! {
                        <div class="form-check">
                            <input class="form-check-input" type="checkbox" id=id.clone()
                                name=format!("schools[{i}]") value=s.id.to_string() />
                            <label class="form-check-label" for=id>{s.name}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="btn btn-primary">"Assegna"</button>
        </ActionForm>
    }
}
