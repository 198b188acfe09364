use crate::api::tariffs::{load_tariffs, preview_tariffs, SaveTariffs};
use crate::components::error_notice::ErrorNotice;
use crate::domain::forms::FieldError;
use crate::domain::tariffs::draft::{self, linear_field, row_field, Draft, DraftRow, LinearDraft};
use crate::domain::tariffs::BandKind;
use crate::model::tariffs::{PriceListView, TariffPreview, TariffsView};
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use std::collections::BTreeMap;

/// Blank rows offered after the bands of a draft, to add bands without JavaScript.
const BLANK_ROWS: usize = 4;

/// Tariffe: each service's current and future price lists, and a new list valid from a
/// future day. The draft is a plain GET form ("Anteprima": the page checks it and shows
/// what each family would pay); the preview carries a save form with the same values.
/// Both work before hydration.
#[component]
pub fn TariffsPage() -> impl IntoView {
    let query = use_query_map();
    let service = move || query.read().get("servizio").unwrap_or_default();
    let save = ServerAction::<SaveTariffs>::new();
    let page = Resource::new(
        move || (service(), save.version().get()),
        |(service, _)| load_tariffs(service),
    );
    let draft = Memo::new(move |_| query.with(draft_in_query));
    // Saved (with JavaScript): back to the lists, the new one among them.
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            let service = query.with_untracked(|q| q.get("servizio").unwrap_or_default());
            navigate(&routes::tariffs_saved(service), Default::default());
        }
    });
    let preview = Resource::new(
        move || (service(), draft.get()),
        |(service, draft)| async move {
            match draft {
                Some(d) => Some(preview_tariffs(service, d.valid_from, d.rows, d.linear).await),
                None => None,
            }
        },
    );
    let saved = move || {
        match save.value().get() {
            Some(Ok(msg)) => Some(view! { <div class="alert alert-success" role="status">{msg}</div> }.into_any()),
            Some(Err(e)) => Some(view! { <ErrorNotice error=e /> }.into_any()),
            None => query.read().get("salvato").map(|_| {
                view! { <div class="alert alert-success" role="status">"Nuovo listino salvato."</div> }.into_any()
            }),
        }
    };
    view! {
        <Title text="Tariffe" />
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <h1>"Tariffe"</h1>
        <p>"I listini dei servizi per fascia ISEE. Un nuovo listino vale da una data futura: "
           "prima di salvarlo, l'anteprima mostra quanto pagherebbe ogni famiglia iscritta."</p>
        <div aria-live="polite">{saved}</div>
        <Suspense fallback=|| view! { <p>"Caricamento delle tariffe…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(v) => {
                        let shown = draft.get_untracked();
                        view! { <TariffsBody data=v draft=shown preview save /> }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The draft a GET of the page carries after "Anteprima" (None without it).
fn draft_in_query(q: &ParamsMap) -> Option<Draft> {
    q.get("anteprima")?;
    let text = |name: &str| q.get(name).unwrap_or_default();
    let rows = (0..draft::MAX_ROWS + BLANK_ROWS)
        .take_while(|i| q.get(&row_field(*i, "kind")).is_some())
        .map(|i| DraftRow {
            code: text(&row_field(i, "code")),
            label: text(&row_field(i, "label")),
            kind: text(&row_field(i, "kind")),
            isee_min: text(&row_field(i, "isee_min")),
            isee_max: text(&row_field(i, "isee_max")),
            price: text(&row_field(i, "price")),
            discount: text(&row_field(i, "discount")),
            remove: q.get(&row_field(i, "remove")).is_some(),
        })
        .collect();
    Some(Draft {
        valid_from: text("valid_from"),
        rows,
        linear: LinearDraft {
            enabled: q.get(&linear_field("enabled")).is_some(),
            isee_min: text(&linear_field("isee_min")),
            isee_max: text(&linear_field("isee_max")),
            price_min: text(&linear_field("price_min")),
            price_max: text(&linear_field("price_max")),
            discount: text(&linear_field("discount")),
        },
    })
}

type Errors = BTreeMap<String, String>;

#[component]
fn TariffsBody(
    data: TariffsView,
    draft: Option<Draft>,
    preview: Resource<Option<Result<TariffPreview, crate::error::AppError>>>,
    save: ServerAction<SaveTariffs>,
) -> impl IntoView {
    // The same checks as the server's, to put each message next to its field.
    let errors: Errors = match &draft {
        Some(d) => draft::check(d, data.today.date(), data.latest_start.map(|d| d.date()))
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|FieldError { field, message }| (field, message))
            .collect(),
        None => Errors::new(),
    };
    let checked = draft.is_some() && errors.is_empty();
    let editing = draft.clone().unwrap_or_else(|| data.copy.clone());
    let service_id = data.service_id.clone();
    let lists = data.lists.clone();
    let min = data
        .today
        .date()
        .succ_opt()
        .map(|d| d.to_string())
        .unwrap_or_default();
    if data.services.is_empty() {
        return view! { <p>"L'Ente non ha ancora servizi con tariffe."</p> }.into_any();
    }
    view! {
        <ServiceChoice data />
        {if lists.is_empty() {
            view! { <p>"Il servizio non ha ancora un listino."</p> }.into_any()
        } else {
            lists.into_iter().map(|l| view! { <PriceList list=l /> }).collect_view().into_any()
        }}
        <h2 class="h3 mt-5" id="nuovo-listino">"Nuovo listino"</h2>
        <p>"Parti dal listino più recente: cambia i valori, aggiungi fasce nelle righe vuote, "
           "togli quelle che non servono. Le righe lasciate vuote non contano. Gli importi si "
           "scrivono come 5,47 o 12400."</p>
        <DraftForm service_id=service_id.clone() draft=editing.clone() errors=errors.clone() min />
        {checked.then(|| view! {
            <Transition fallback=|| view! { <p>"Calcolo dell'anteprima…"</p> }>
                {
                    let (service_id, editing) = (service_id.clone(), editing.clone());
                    move || {
                        let (service_id, editing) = (service_id.clone(), editing.clone());
                        Suspend::new(async move {
                            match preview.await {
                                Some(Ok(p)) => view! {
                                    <PreviewView preview=p />
                                    <SaveForm service_id draft=editing save />
                                }.into_any(),
                                Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
                                None => ().into_any(),
                            }
                        })
                    }
                }
            </Transition>
        })}
    }
    .into_any()
}

/// Another service's lists (a GET form; shown when the Ente has more than one).
#[component]
fn ServiceChoice(data: TariffsView) -> impl IntoView {
    (data.services.len() > 1).then(|| {
        view! {
            <form method="get" class="range-fields align-items-end mb-4">
                <div class="form-group mb-0">
                    <label for="tariffs-service" class="active">"Servizio"</label>
                    <select id="tariffs-service" name="servizio" class="form-select">
                        {data.services.into_iter().map(|(id, name)| {
                            let selected = id == data.service_id;
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="btn btn-outline-primary">"Mostra"</button>
            </form>
        }
    })
}

#[component]
fn PriceList(list: PriceListView) -> impl IntoView {
    let title = if list.current {
        format!("Listino in vigore dal {}", list.valid_from)
    } else {
        format!("Listino dal {} (non ancora in vigore)", list.valid_from)
    };
    view! {
        <section class="tariff-list mt-4">
            <h2 class="h4">{title}</h2>
            <ul class="tariff-bands list-unstyled">
                {list.bands.into_iter().map(|b| view! {
                    <li class="tariff-band">
                        <p class="mb-1"><strong>{b.code}</strong>" · "{b.label}</p>
                        <dl class="tariff-facts small mb-0">
                            <div><dt>"Tipo"</dt><dd>{b.kind}</dd></div>
                            <div><dt>"ISEE"</dt><dd>{b.isee}</dd></div>
                            <div><dt>"Prezzo"</dt><dd>{b.price}</dd></div>
                            <div><dt>"Sconto dal secondo figlio"</dt><dd>{b.sibling_discount}</dd></div>
                        </dl>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// One input with its label and, when the draft has one, its error beside it.
#[component]
fn Field(
    name: String,
    label: String,
    value: String,
    errors: Errors,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    let id = field_id(&name);
    let error = errors.get(&name).cloned();
    let error_id = format!("{id}-errore");
    let invalid = error.is_some();
    view! {
        <div class="form-group mb-2">
            <label for=id.clone() class="active">{label}</label>
            <input id=id type=kind name=name value=value
                class=if invalid { "form-control is-invalid" } else { "form-control" }
                aria-invalid=invalid.then_some("true")
                aria-describedby=invalid.then(|| error_id.clone()) />
            {error.map(|e| view! { <div class="invalid-feedback d-block" id=error_id>{e}</div> })}
        </div>
    }
}

/// An element id from a field name: `rows[2][price]` → `tariffa-rows-2-price`.
fn field_id(name: &str) -> String {
    let mut id = String::from("tariffa-");
    id.extend(name.chars().map(|c| {
        if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        }
    }));
    id.trim_end_matches('-').replace("--", "-")
}

#[component]
fn DraftForm(service_id: String, draft: Draft, errors: Errors, min: String) -> impl IntoView {
    let rows_error = errors.get("rows").cloned();
    let count = draft.rows.len() + BLANK_ROWS;
    let rows: Vec<DraftRow> = (0..count)
        .map(|i| {
            draft.rows.get(i).cloned().unwrap_or_else(|| DraftRow {
                kind: BandKind::Isee.as_str().into(),
                ..DraftRow::default()
            })
        })
        .collect();
    let linear = draft.linear.clone();
    let date_error = errors.get("valid_from").cloned();
    view! {
        <form method="get" action=routes::TARIFFS class="tariff-draft" novalidate=true>
            <input type="hidden" name="servizio" value=service_id />
            <input type="hidden" name="anteprima" value="1" />
            <div class="form-group">
                <label for="tariffa-valid_from" class="active">"Valido dal"</label>
                <input id="tariffa-valid_from" type="date" name="valid_from" value=draft.valid_from min=min
                    class=if date_error.is_some() { "form-control is-invalid" } else { "form-control" }
                    aria-invalid=date_error.is_some().then_some("true")
                    aria-describedby=date_error.is_some().then_some("tariffa-valid_from-errore") />
                {date_error.map(|e| view! { <div class="invalid-feedback d-block" id="tariffa-valid_from-errore">{e}</div> })}
            </div>
            {rows_error.map(|e| view! { <div class="alert alert-danger" role="alert">{e}</div> })}
            {rows.into_iter().enumerate().map(|(i, row)| view! { <RowFields i row errors=errors.clone() /> }).collect_view()}
            <fieldset class="tariff-row">
                <legend class="h5">"Tariffa personalizzata ISEE lineare"</legend>
                <p class="small">"Il prezzo cresce in proporzione all'ISEE tra il minimo e il massimo (arrotondato al centesimo); "
                   "sotto l'ISEE minimo si paga il prezzo minimo, sopra il massimo il prezzo massimo. "
                   "Una fascia ISEE del listino (per esempio l'esenzione) ha la precedenza."</p>
                <div class="form-check mb-2">
                    <input class="form-check-input" type="checkbox" id="tariffa-linear-enabled" name=linear_field("enabled")
                        value="true" checked=linear.enabled />
                    <label class="form-check-label" for="tariffa-linear-enabled">"Applica la tariffa personalizzata"</label>
                </div>
                <div class="tariff-fields">
                    <Field name=linear_field("isee_min") label="ISEE minimo (€)".into() value=linear.isee_min errors=errors.clone() />
                    <Field name=linear_field("isee_max") label="ISEE massimo (€)".into() value=linear.isee_max errors=errors.clone() />
                    <Field name=linear_field("price_min") label="Prezzo minimo (€)".into() value=linear.price_min errors=errors.clone() />
                    <Field name=linear_field("price_max") label="Prezzo massimo (€)".into() value=linear.price_max errors=errors.clone() />
                    <Field name=linear_field("discount") label="Sconto dal secondo figlio (%)".into() value=linear.discount errors=errors.clone() />
                </div>
            </fieldset>
            <button type="submit" class="btn btn-primary">"Anteprima"</button>
        </form>
    }
}

#[component]
fn RowFields(i: usize, row: DraftRow, errors: Errors) -> impl IntoView {
    let name = |f: &str| row_field(i, f);
    let kind_name = name("kind");
    let kind_id = field_id(&kind_name);
    let kind_error = errors.get(&kind_name).cloned();
    let remove_id = field_id(&name("remove"));
    view! {
        <fieldset class="tariff-row">
            <legend class="h5">{format!("Fascia {}", i + 1)}</legend>
            <div class="tariff-fields">
                <Field name=name("code") label="Codice".into() value=row.code errors=errors.clone() />
                <Field name=name("label") label="Descrizione".into() value=row.label errors=errors.clone() />
                <div class="form-group mb-2">
                    <label for=kind_id.clone() class="active">"Tipo"</label>
                    <select id=kind_id.clone() name=kind_name class="form-select"
                        aria-invalid=kind_error.is_some().then_some("true")
                        aria-describedby=kind_error.is_some().then(|| format!("{kind_id}-errore"))>
                        {[BandKind::Isee, BandKind::Full, BandKind::NonResident].into_iter().map(|k| view! {
                            <option value=k.as_str() selected=row.kind == k.as_str()>{k.label()}</option>
                        }).collect_view()}
                    </select>
                    {kind_error.map(|e| view! { <div class="invalid-feedback d-block" id=format!("{kind_id}-errore")>{e}</div> })}
                </div>
                <Field name=name("isee_min") label="ISEE oltre (€)".into() value=row.isee_min errors=errors.clone() />
                <Field name=name("isee_max") label="ISEE fino a (€)".into() value=row.isee_max errors=errors.clone() />
                <Field name=name("price") label="Prezzo (€)".into() value=row.price errors=errors.clone() />
                <Field name=name("discount") label="Sconto dal secondo figlio (%)".into() value=row.discount errors=errors.clone() />
            </div>
            <div class="form-check">
                <input class="form-check-input" type="checkbox" id=remove_id.clone() name=name("remove") value="true" checked=row.remove />
                <label class="form-check-label" for=remove_id>{format!("Togli la fascia {}", i + 1)}</label>
            </div>
        </fieldset>
    }
}

#[component]
fn PreviewView(preview: TariffPreview) -> impl IntoView {
    let ordinal = |rank: usize| match rank {
        0 => "primo figlio".to_string(),
        1 => "secondo figlio".to_string(),
        2 => "terzo figlio".to_string(),
        n => format!("{}º figlio", n + 1),
    };
    view! {
        <section class="tariff-preview mt-4" aria-labelledby="anteprima">
            <h2 class="h3" id="anteprima">{format!("Anteprima: quanto pagherebbe ogni famiglia dal {}", preview.valid_from)}</h2>
            <p>{match preview.moved {
                0 => "Nessuna iscrizione cambia fascia.".to_string(),
                1 => "1 iscrizione cambia fascia, secondo l'ISEE presentato.".to_string(),
                n => format!("{n} iscrizioni cambiano fascia, secondo l'ISEE presentato."),
            }}</p>
            {if preview.families.is_empty() {
                view! { <p>"Nessuna famiglia è iscritta al servizio."</p> }.into_any()
            } else {
                view! {
                    <ul class="list-unstyled">
                        {preview.families.into_iter().map(|f| view! {
                            <li class="tariff-family">
                                <h3 class="h5">{f.guardian}<span class="small fw-normal">{format!(" · ISEE {}", f.isee)}</span></h3>
                                <ul>
                                    {f.children.into_iter().map(|c| view! {
                                        <li>
                                            <strong>{format!("{} ({})", c.name, ordinal(c.rank))}</strong>": "
                                            {format!("ora {} ({}), dal nuovo listino {} ({})", c.before, c.before_band, c.after, c.after_band)}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// The checked draft again, as hidden values, to save it.
#[component]
fn SaveForm(service_id: String, draft: Draft, save: ServerAction<SaveTariffs>) -> impl IntoView {
    let hidden =
        |name: String, value: String| view! { <input type="hidden" name=name value=value /> };
    let mut fields = vec![
        ("service".to_string(), service_id),
        ("valid_from".to_string(), draft.valid_from.clone()),
    ];
    for (i, r) in draft.rows.iter().enumerate() {
        for (f, v) in [
            ("code", &r.code),
            ("label", &r.label),
            ("kind", &r.kind),
            ("isee_min", &r.isee_min),
            ("isee_max", &r.isee_max),
            ("price", &r.price),
            ("discount", &r.discount),
        ] {
            fields.push((row_field(i, f), v.clone()));
        }
        fields.push((row_field(i, "remove"), r.remove.to_string()));
    }
    let l = &draft.linear;
    fields.push((linear_field("enabled"), l.enabled.to_string()));
    for (f, v) in [
        ("isee_min", &l.isee_min),
        ("isee_max", &l.isee_max),
        ("price_min", &l.price_min),
        ("price_max", &l.price_max),
        ("discount", &l.discount),
    ] {
        fields.push((linear_field(f), v.clone()));
    }
    view! {
        <ActionForm action=save>
            {fields.into_iter().map(|(n, v)| hidden(n, v)).collect_view()}
            <button type="submit" class="btn btn-primary mt-2">"Salva il nuovo listino"</button>
        </ActionForm>
    }
}
