use crate::api::booking_settings::{load_booking_settings, SaveBookingSettings};
use crate::components::error_notice::ErrorNotice;
use crate::model::booking_settings::BookingSettingsForm;
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// Impostazioni delle prenotazioni: the canteen's cut-off, windows and limits, each with
/// what it means for families.
#[component]
pub fn BookingSettingsPage() -> impl IntoView {
    let save = ServerAction::<SaveBookingSettings>::new();
    let settings = Resource::new(move || save.version().get(), |_| load_booking_settings());
    let outcome = move || {
        save.value().get().map(|r| match r {
            Ok(msg) => {
                view! { <div class="alert alert-success" role="status">{msg}</div> }.into_any()
            }
            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    view! {
        <Title text="Impostazioni delle prenotazioni" />
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <h1>"Impostazioni delle prenotazioni"</h1>
        <p>"Valgono per la mensa di tutte le scuole dell'Ente, da subito. Ogni modifica resta nel registro."</p>
        <div aria-live="polite">{outcome}</div>
        <Transition fallback=|| view! { <p>"Caricamento delle impostazioni…"</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => view! { <SettingsForm s save /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Setting(
    id: &'static str,
    label: &'static str,
    help: &'static str,
    children: Children,
) -> impl IntoView {
    let help_id = format!("{id}-help");
    view! {
        <div class="form-group setting">
            <label for=id class="active">{label}</label>
            {children()}
            <small id=help_id class="form-text">{help}</small>
        </div>
    }
}

#[component]
fn SettingsForm(s: BookingSettingsForm, save: ServerAction<SaveBookingSettings>) -> impl IntoView {
    view! {
        <ActionForm action=save>
            <Setting id="set-cutoff" label="Orario limite"
                help="Entro quest'ora del giorno stesso la famiglia può disdire il pasto o chiedere il pasto in bianco. Dopo, il giorno si chiude: la cucina riceve i numeri e i pasti vengono addebitati.">
                <input id="set-cutoff" name="settings[cutoff]" type="time" class="form-control" required=true
                    value=s.cutoff aria-describedby="set-cutoff-help" />
            </Setting>
            <Setting id="set-evening" label="Apertura la sera prima (facoltativa)"
                help="Se indicata, le modifiche per un giorno si aprono solo da quest'ora della sera precedente (per esempio 17:00). Vuota: si può prenotare con l'anticipo indicato sotto.">
                <input id="set-evening" name="settings[opens_evening_before]" type="time" class="form-control"
                    value=s.opens_evening_before aria-describedby="set-evening-help" />
            </Setting>
            <Setting id="set-horizon" label="Prenotabile fino a (giorni)"
                help="Quanti giorni in anticipo la famiglia può disdire o cambiare un pasto (da 1 a 365).">
                <input id="set-horizon" name="settings[horizon_days]" type="number" inputmode="numeric" min="1" max="365"
                    class="form-control" required=true value=s.horizon_days aria-describedby="set-horizon-help" />
            </Setting>
            <Setting id="set-plain" label="Pasti in bianco consecutivi"
                help="Il numero massimo di pasti in bianco di seguito senza certificato medico (da 1 a 20).">
                <input id="set-plain" name="settings[plain_meal_max_consecutive]" type="number" inputmode="numeric" min="1" max="20"
                    class="form-control" required=true value=s.plain_meal_max_consecutive aria-describedby="set-plain-help" />
            </Setting>
            <Setting id="set-late" label="Assenze segnate dopo l'orario limite"
                help="Quando la scuola segna assente un alunno dopo l'orario limite il pasto è già stato preparato: l'Ente può addebitarlo comunque o restituirlo.">
                <select id="set-late" name="settings[charge_late_absence]" class="form-select" aria-describedby="set-late-help">
                    <option value="true" selected=s.charge_late_absence>"Il pasto si paga"</option>
                    <option value="false" selected=!s.charge_late_absence>"Il pasto viene restituito"</option>
                </select>
            </Setting>
            <Setting id="set-negative" label="Saldo negativo ammesso (euro)"
                help="Fin dove il saldo della mensa può scendere sotto zero (da 0 a 500,00 €). Chi raggiunge la soglia riceve un messaggio urgente per ricaricare.">
                <input id="set-negative" name="settings[negative_limit]" type="text" inputmode="decimal" class="form-control"
                    required=true value=s.negative_limit aria-describedby="set-negative-help" />
            </Setting>
            <button type="submit" class="btn btn-primary">"Salva le impostazioni"</button>
        </ActionForm>
    }
}
