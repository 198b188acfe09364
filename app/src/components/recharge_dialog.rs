use crate::api::payments::StartRecharge;
use crate::components::error_notice::ErrorNotice;
use crate::domain::money::Money;
use crate::domain::recharge::{meals_for, parse_recharge, RechargeLimits, PRESETS};
use crate::model::payments::RechargeStarted;
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The top-up form: an amount typed the Italian way or picked from the presets, checked
/// as it is typed (the server checks again), and two ways to pay as in the guide: online
/// with pagoPA, or the payment notice for a bank, post office or tabaccheria.
#[component]
pub fn RechargeDialog(
    service: String,
    limits: RechargeLimits,
    meal_price: Option<Money>,
    /// Identifies this form's submission: sent twice, it opens one payment.
    request_key: String,
) -> impl IntoView {
    let action = ServerAction::<StartRecharge>::new();
    let amount = RwSignal::new(String::new());
    let checked = move || {
        let typed = amount.get();
        (!typed.trim().is_empty()).then(|| parse_recharge(&typed, limits).map(|a| a.money()))
    };
    let hint = move || match checked() {
        None => format!("Da {} a {}.", limits.min, limits.max),
        Some(Err(e)) => e.to_string(),
        Some(Ok(value)) => match meal_price {
            Some(price) if price.cents() > 0 => format!(
                "Con {value} paghi {} pasti a {price} l'uno.",
                meals_for(value, price)
            ),
            _ => format!("Ricarica di {value}."),
        },
    };
    let invalid = move || matches!(checked(), Some(Err(_)));
    // Online: off to pagoPA Checkout; notice: to the payment's page with the notice.
    Effect::new(move |_| {
        if let Some(Ok(RechargeStarted {
            payment_id,
            checkout_url,
        })) = action.value().get()
        {
            let target = checkout_url.unwrap_or_else(|| routes::payment_outcome(&payment_id));
            let _ = window().location().set_href(&target);
        }
    });
    let error = move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <ErrorNotice error=e /> })
    };
    view! {
        <section class="recharge" aria-labelledby="recharge-title">
            <h3 id="recharge-title" class="h5">{format!("Ricarica {service}")}</h3>
            <ActionForm action=action>
                <input type="hidden" name="request_key" value=request_key />
                <div class="recharge-presets" role="group" aria-label="Importi rapidi">
                    {PRESETS.into_iter().map(|p| view! {
                        <button type="button" class="btn btn-outline-primary btn-sm"
                            on:click=move |_| amount.set(format!("{},{:02}", p.cents() / 100, p.cents() % 100))>
                            {p.to_string()}
                        </button>
                    }).collect_view()}
                </div>
                <div class="form-group mt-3">
                    <label for="recharge-amount" class="active">"Importo in euro"</label>
                    <input id="recharge-amount" name="amount" type="text" inputmode="decimal"
                        autocomplete="off" class="form-control" required=true
                        aria-describedby="recharge-hint" aria-invalid=move || invalid().to_string()
                        prop:value=move || amount.get()
                        on:input=move |ev| amount.set(event_target_value(&ev)) />
                    <p id="recharge-hint" class="form-text" aria-live="polite">{hint}</p>
                </div>
                <div class="recharge-methods">
                    <button type="submit" name="method" value="online" class="btn btn-primary"
                        disabled=move || action.pending().get()>
                        "Paga online con pagoPA"
                    </button>
                    <button type="submit" name="method" value="avviso" class="btn btn-outline-primary"
                        disabled=move || action.pending().get()>
                        "Crea l'avviso di pagamento"
                    </button>
                </div>
                <p class="form-text">
                    "Con l'avviso puoi pagare in banca, alla posta, in tabaccheria o con l'app della tua banca."
                </p>
            </ActionForm>
            <div aria-live="assertive">{error}</div>
        </section>
    }
}
