use crate::api::setup::{
    load_setup, DeleteClass, DeleteSchool, RetireSchool, SaveClass, SavePagopa, SaveSchool,
    SaveService,
};
use crate::components::error_notice::ErrorNotice;
use crate::domain::setup::{
    BillingMode, SchoolKind, SetupError, SetupField, ADDRESS_MAX, CLASS_NAME_MAX, SCHOOL_NAME_MAX,
    SERVICE_NAME_MAX, WEEKDAY_NAMES,
};
use crate::error::AppError;
use crate::model::setup::{ClassView, PagopaForm, SchoolView, ServiceView, SetupView};
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// What a saved change tells the page: reload the lists, say what was done.
#[derive(Clone, Copy)]
struct Saved {
    version: RwSignal<usize>,
    message: RwSignal<Option<String>>,
}

/// The answer of one form: on success the page reloads and says so; a refusal stays on the
/// form, next to its field (`field`) or above it (`other`).
#[derive(Clone, Copy)]
struct Answer {
    field: Signal<Option<SetupError>>,
    other: Signal<Option<AppError>>,
}

fn answer(value: Signal<Option<Result<String, AppError>>>) -> Answer {
    let saved = expect_context::<Saved>();
    Effect::new(move |_| {
        if let Some(Ok(message)) = value.get() {
            saved.message.set(Some(message));
            saved.version.update(|v| *v += 1);
        }
    });
    let refusal = move || match value.get() {
        Some(Err(AppError::BadRequest(why))) => SetupError::from_message(&why),
        _ => None,
    };
    Answer {
        field: Signal::derive(refusal),
        other: Signal::derive(move || match value.get() {
            Some(Err(e)) if refusal().is_none() => Some(e),
            _ => None,
        }),
    }
}

/// Scuole, classi e servizi: the office's set-up of the Ente, as cards that work at 360 px.
#[component]
pub fn SetupPage() -> impl IntoView {
    let saved = Saved {
        version: RwSignal::new(0),
        message: RwSignal::new(None),
    };
    provide_context(saved);
    let setup = Resource::new(move || saved.version.get(), |_| load_setup());
    view! {
        <Title text="Scuole, classi e servizi" />
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <h1>"Scuole, classi e servizi"</h1>
        <p>"Le scuole dell'Ente con le classi e i giorni di mensa, i servizi e i dati pagoPA. Ogni modifica resta nel registro."</p>
        <div aria-live="polite">
            {move || saved.message.get().map(|m| view! { <div class="alert alert-success" role="status">{m}</div> })}
        </div>
        <Transition fallback=|| view! { <p>"Caricamento…"</p> }>
            {move || Suspend::new(async move {
                match setup.await {
                    Ok(v) => view! { <SetupBody v /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SetupBody(v: SetupView) -> impl IntoView {
    let year = v.school_year.clone();
    view! {
        <h2 class="h3 mt-4">"Scuole"</h2>
        <ul class="setup-list">
            {v.schools.into_iter().map(|s| {
                let year = year.clone();
                view! { <li><SchoolCard s year /></li> }
            }).collect_view()}
        </ul>
        <details class="setup-add" id="nuova-scuola">
            <summary>"Aggiungi una scuola"</summary>
            <SchoolEditor school=None />
        </details>
        <h2 class="h3 mt-4">"Servizi"</h2>
        <ul class="setup-list">
            {v.services.into_iter().map(|s| view! { <li><ServiceCard s /></li> }).collect_view()}
        </ul>
        <details class="setup-add" id="nuovo-servizio">
            <summary>"Aggiungi un servizio"</summary>
            <ServiceEditor service=None />
        </details>
        <h2 class="h3 mt-4">"Dati pagoPA dell'Ente"</h2>
        {if v.pagopa_editable {
            view! { <PagopaEditor p=v.pagopa /> }.into_any()
        } else {
            view! { <PagopaSummary p=v.pagopa /> }.into_any()
        }}
    }
}

/// A text input with its label, its hint and the refusal about it.
#[component]
fn TextField(
    id: String,
    name: &'static str,
    label: &'static str,
    value: String,
    field: SetupField,
    error: Signal<Option<SetupError>>,
    #[prop(default = 200)] maxlength: usize,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-errore");
    let hint_id = format!("{id}-aiuto");
    let described = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    let is_mine = move || error.get().filter(|e| e.field() == field);
    view! {
        <div class="form-group">
            <label for=id.clone() class="active">{label}</label>
            <input id=id type="text" name=name value=value class="form-control" maxlength=maxlength.to_string()
                aria-describedby=described aria-invalid=move || if is_mine().is_some() { "true" } else { "false" } />
            {hint.map(|h| view! { <small id=hint_id class="form-text">{h}</small> })}
            <div id=error_id>
                {move || is_mine().map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
            </div>
        </div>
    }
}

/// The refusal about a whole form (not one field), and any other failure.
#[component]
fn FormError(a: Answer) -> impl IntoView {
    view! {
        {move || a.field.get().filter(|e| e.field() == SetupField::Form).map(|e| {
            view! { <div class="alert alert-danger" role="alert">{e.to_string()}</div> }
        })}
        {move || a.other.get().map(|e| view! { <ErrorNotice error=e /> })}
    }
}

#[component]
fn SchoolCard(s: SchoolView, year: String) -> impl IntoView {
    let retire = ServerAction::<RetireSchool>::new();
    let retire_answer = answer(Signal::derive(move || retire.value().get()));
    let delete = ServerAction::<DeleteSchool>::new();
    let delete_answer = answer(Signal::derive(move || delete.value().get()));
    let (id, name, retired) = (s.id.to_string(), s.name.clone(), s.retired);
    let classes = s.classes.clone();
    let heading_id = format!("scuola-{id}");
    let labelled_by = heading_id.clone();
    let (retire_id, delete_id, add_id) = (id.clone(), id.clone(), id.clone());
    view! {
        <article class="setup-card" aria-labelledby=labelled_by>
            <h3 class="h5" id=heading_id>
                {s.name.clone()}
                {retired.then(|| view! { " " <span class="badge bg-secondary">"Dismessa"</span> })}
            </h3>
            <p>{s.kind_label.clone()}" · "{s.address.clone()}</p>
            <details>
                <summary>"Modifica la scuola"</summary>
                <SchoolEditor school=Some(s.clone()) />
            </details>
            <FormError a=retire_answer />
            <FormError a=delete_answer />
            <div class="setup-actions">
                <ActionForm action=retire>
                    <input type="hidden" name="school" value=retire_id />
                    <input type="hidden" name="retired" value=(!retired).to_string() />
                    <button type="submit" class="btn btn-outline-primary btn-sm">
                        {if retired { "Rimetti in servizio" } else { "Dismetti la scuola" }}
                    </button>
                </ActionForm>
                {s.deletable.then(|| view! {
                    <ActionForm action=delete>
                        <input type="hidden" name="school" value=delete_id.clone() />
                        <button type="submit" class="btn btn-outline-danger btn-sm">"Elimina la scuola"</button>
                    </ActionForm>
                })}
            </div>
            <h4 class="h6 mt-3">{format!("Classi di {name}")}</h4>
            {if classes.is_empty() {
                view! { <p>"Nessuna classe."</p> }.into_any()
            } else {
                view! {
                    <ul class="setup-classes">
                        {classes.into_iter().map(|c| {
                            let school = id.clone();
                            view! { <li><ClassItem c school /></li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!retired).then(|| view! {
                <details class="setup-add">
                    <summary>"Aggiungi una classe"</summary>
                    <ClassEditor school=add_id.clone() class=None year=year.clone() />
                </details>
            })}
        </article>
    }
}

/// A new school (`None`) or the changes to one.
#[component]
fn SchoolEditor(school: Option<SchoolView>) -> impl IntoView {
    let save = ServerAction::<SaveSchool>::new();
    let a = answer(Signal::derive(move || save.value().get()));
    let key = school
        .as_ref()
        .map_or("nuova".to_string(), |s| s.id.to_string());
    let id = school
        .as_ref()
        .map(|s| s.id.to_string())
        .unwrap_or_default();
    let kind = school.as_ref().map(|s| s.kind.clone()).unwrap_or_default();
    let (name, address) = school.map(|s| (s.name, s.address)).unwrap_or_default();
    let kind_id = format!("scuola-{key}-tipo");
    view! {
        <ActionForm action=save>
            <input type="hidden" name="school[id]" value=id />
            <TextField id=format!("scuola-{key}-nome") name="school[name]" label="Nome della scuola" value=name
                field=SetupField::Name error=a.field maxlength=SCHOOL_NAME_MAX />
            <div class="form-group">
                <label for=kind_id.clone() class="active">"Tipo"</label>
                <select id=kind_id name="school[kind]" class="form-select">
                    {SchoolKind::ALL.iter().map(|k| view! {
                        <option value=k.as_str() selected=kind == k.as_str()>{k.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <TextField id=format!("scuola-{key}-indirizzo") name="school[address]" label="Indirizzo" value=address
                field=SetupField::Address error=a.field maxlength=ADDRESS_MAX />
            <FormError a />
            <button type="submit" class="btn btn-primary">"Salva la scuola"</button>
        </ActionForm>
    }
}

#[component]
fn ClassItem(c: ClassView, school: String) -> impl IntoView {
    let delete = ServerAction::<DeleteClass>::new();
    let a = answer(Signal::derive(move || delete.value().get()));
    let pupils = match c.pupils {
        0 => "nessun alunno".to_string(),
        1 => "1 alunno".to_string(),
        n => format!("{n} alunni"),
    };
    let (id, year) = (c.id.to_string(), c.school_year.clone());
    view! {
        <p class="setup-class">
            <strong>{c.name.clone()}</strong>" · "{c.school_year.clone()}<br />
            {format!("Mensa: {} · {pupils}", c.weekdays_label)}
        </p>
        <details>
            <summary>{format!("Modifica la classe {}", c.name)}</summary>
            <ClassEditor school class=Some(c.clone()) year />
        </details>
        <FormError a />
        {(c.pupils == 0).then(|| view! {
            <ActionForm action=delete>
                <input type="hidden" name="class" value=id />
                <button type="submit" class="btn btn-outline-danger btn-sm"
                    aria-label=format!("Elimina la classe {} {}", c.name, c.school_year)>"Elimina"</button>
            </ActionForm>
        })}
    }
}

/// A new class of `school` (`None`) or the changes to one, with its canteen weekdays.
#[component]
fn ClassEditor(school: String, class: Option<ClassView>, year: String) -> impl IntoView {
    let save = ServerAction::<SaveClass>::new();
    let a = answer(Signal::derive(move || save.value().get()));
    let key = class
        .as_ref()
        .map_or_else(|| format!("nuova-{school}"), |c| c.id.to_string());
    let id = class.as_ref().map(|c| c.id.to_string()).unwrap_or_default();
    // A new class eats Monday to Friday, like the others until the office says otherwise.
    let (name, year, weekdays) = class.map_or(
        (String::new(), year, [true, true, true, true, true, false]),
        |c| (c.name, c.school_year, c.weekdays),
    );
    let boxes = ["mon", "tue", "wed", "thu", "fri", "sat"];
    let legend_error = format!("classe-{key}-giorni-errore");
    let described_by = legend_error.clone();
    let weekday_error = move || a.field.get().filter(|e| e.field() == SetupField::Weekdays);
    view! {
        <ActionForm action=save>
            <input type="hidden" name="class[id]" value=id />
            <input type="hidden" name="class[school]" value=school />
            <TextField id=format!("classe-{key}-nome") name="class[name]" label="Nome della classe" value=name
                field=SetupField::Name error=a.field maxlength=CLASS_NAME_MAX />
            <TextField id=format!("classe-{key}-anno") name="class[school_year]" label="Anno scolastico" value=year
                field=SetupField::SchoolYear error=a.field maxlength=9 hint="Per esempio 2026/2027." />
            <fieldset class="setup-weekdays" aria-describedby=described_by>
                <legend>"Giorni di mensa"</legend>
                {boxes.iter().zip(WEEKDAY_NAMES).zip(weekdays).map(|((name, label), on)| {
                    let box_id = format!("classe-{key}-{name}");
                    view! {
                        <div class="form-check form-check-inline">
                            <input type="checkbox" id=box_id.clone() name=format!("class[{name}]") value="true" checked=on />
                            <label for=box_id>{label}</label>
                        </div>
                    }
                }).collect_view()}
                <div id=legend_error>
                    {move || weekday_error().map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
                </div>
            </fieldset>
            <FormError a />
            <button type="submit" class="btn btn-primary">"Salva la classe"</button>
        </ActionForm>
    }
}

#[component]
fn ServiceCard(s: ServiceView) -> impl IntoView {
    let bookings = match (s.billing_mode, s.bookings_enabled) {
        (BillingMode::Prepaid, true) => "Prenotazioni: sì, le famiglie disdicono i pasti",
        (BillingMode::Prepaid, false) => "Prenotazioni: no",
        (BillingMode::Invoiced, _) => "Senza prenotazioni",
    };
    view! {
        <article class="setup-card">
            <h3 class="h5">{s.name.clone()}</h3>
            <p>{format!("Codice {} · {}", s.code, s.billing_mode.label())}</p>
            <p>{format!("Tassonomia pagoPA {}", if s.taxonomy.is_empty() { "—" } else { &s.taxonomy })}</p>
            <p>{bookings}</p>
            <details>
                <summary>{format!("Modifica il servizio {}", s.name)}</summary>
                <ServiceEditor service=Some(s) />
            </details>
        </article>
    }
}

/// A new service (`None`: code and way of paying chosen once) or the changes to one.
#[component]
fn ServiceEditor(service: Option<ServiceView>) -> impl IntoView {
    let save = ServerAction::<SaveService>::new();
    let a = answer(Signal::derive(move || save.value().get()));
    let key = service
        .as_ref()
        .map_or("nuovo".to_string(), |s| s.id.to_string());
    let is_new = service.is_none();
    let id = service
        .as_ref()
        .map(|s| s.id.to_string())
        .unwrap_or_default();
    let (name, taxonomy, bookings, prepaid) =
        service.map_or((String::new(), String::new(), true, true), |s| {
            (
                s.name,
                s.taxonomy,
                s.bookings_enabled,
                s.billing_mode == BillingMode::Prepaid,
            )
        });
    let mode_id = format!("servizio-{key}-modo");
    let bookings_id = format!("servizio-{key}-prenotazioni");
    let bookings_error = format!("{bookings_id}-errore");
    let bookings_refused = move || a.field.get().filter(|e| e.field() == SetupField::Bookings);
    view! {
        <ActionForm action=save>
            <input type="hidden" name="service[id]" value=id />
            <TextField id=format!("servizio-{key}-nome") name="service[name]" label="Nome del servizio" value=name
                field=SetupField::Name error=a.field maxlength=SERVICE_NAME_MAX />
            {is_new.then(|| view! {
                <TextField id=format!("servizio-{key}-codice") name="service[code]" label="Codice" value=String::new()
                    field=SetupField::Code error=a.field maxlength=20
                    hint="Lettere maiuscole e cifre, per esempio REFEZIONE: non si cambia più." />
                <div class="form-group">
                    <label for=mode_id.clone() class="active">"Pagamento"</label>
                    <select id=mode_id name="service[billing_mode]" class="form-select">
                        {BillingMode::ALL.iter().map(|m| view! { <option value=m.as_str()>{m.label()}</option> }).collect_view()}
                    </select>
                </div>
            })}
            <TextField id=format!("servizio-{key}-tassonomia") name="service[taxonomy]" label="Tassonomia pagoPA" value=taxonomy
                field=SetupField::Taxonomy error=a.field maxlength=20
                hint="I dati specifici della riscossione, per esempio 9/0201102IM/." />
            {(is_new || prepaid).then(|| view! {
                <div class="form-check">
                    <input type="checkbox" id=bookings_id.clone() name="service[bookings]" value="true" checked=bookings
                        aria-describedby=bookings_error.clone() />
                    <label for=bookings_id>"Prenotazioni per le famiglie (solo servizi prepagati)"</label>
                    <div id=bookings_error>
                        {move || bookings_refused().map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
                    </div>
                </div>
            })}
            <FormError a />
            <button type="submit" class="btn btn-primary">"Salva il servizio"</button>
        </ActionForm>
    }
}

#[component]
fn PagopaEditor(p: PagopaForm) -> impl IntoView {
    let save = ServerAction::<SavePagopa>::new();
    let a = answer(Signal::derive(move || save.value().get()));
    view! {
        <ActionForm action=save>
            <TextField id="pagopa-iban".into() name="pagopa[iban]" label="IBAN di tesoreria" value=p.iban
                field=SetupField::Iban error=a.field maxlength=34
                hint="Il conto su cui pagoPA versa i pagamenti delle famiglie: IT e 25 caratteri." />
            <TextField id="pagopa-cbill".into() name="pagopa[cbill]" label="Codice CBILL (facoltativo)" value=p.cbill
                field=SetupField::Cbill error=a.field maxlength=5 hint="5 lettere o cifre, stampato sull'avviso." />
            <TextField id="pagopa-segregazione".into() name="pagopa[segregation_code]" label="Codice di segregazione"
                value=p.segregation_code field=SetupField::SegregationCode error=a.field maxlength=2
                hint="Le due cifre assegnate da pagoPA che aprono ogni IUV dell'Ente." />
            <FormError a />
            <button type="submit" class="btn btn-primary">"Salva i dati pagoPA"</button>
        </ActionForm>
    }
}

/// What an operator sees of the pagoPA identifiers: administrators change them.
#[component]
fn PagopaSummary(p: PagopaForm) -> impl IntoView {
    let or_dash = |s: String| if s.is_empty() { "—".to_string() } else { s };
    view! {
        <dl class="setup-pagopa">
            <dt>"IBAN di tesoreria"</dt><dd>{or_dash(p.iban)}</dd>
            <dt>"Codice CBILL"</dt><dd>{or_dash(p.cbill)}</dd>
            <dt>"Codice di segregazione"</dt><dd>{p.segregation_code}</dd>
        </dl>
        <p class="text-secondary">"Li modifica un amministratore dell'Ente."</p>
    }
}
