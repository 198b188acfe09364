use crate::api::forms::{load_forms_home, open_form, SaveForm, SubmitForm};
use crate::components::error_notice::ErrorNotice;
use crate::domain::forms::SubmissionStatus;
use crate::domain::forms::{check_answer, Field, FieldKind, FormContext, FormDefinition};
use crate::model::forms::{FormView, SubmissionRow};
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::collections::{BTreeMap, BTreeSet};

/// Moduli online: the Ente's forms and "I miei moduli".
#[component]
pub fn FormsPage() -> impl IntoView {
    let home = Resource::new(|| (), |_| load_forms_home());
    view! {
        <Title text="Moduli online" />
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <h1>"Moduli online"</h1>
        <Suspense fallback=|| view! { <p>"Caricamento dei moduli…"</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(h) => view! {
                        {h.may_review.then(|| view! {
                            <p><a class="btn btn-primary" href=routes::REVIEW_QUEUE>"Pratiche da esaminare"</a></p>
                        })}
                        <h2 class="h4">"Compila un modulo"</h2>
                        <ul class="form-list">
                            {h.forms.into_iter().map(|f| view! {
                                <li>
                                    <a href=routes::form(&f.code)>{f.title}</a>
                                    <p class="small mb-0">{f.intro}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                        <h2 class="h4 mt-4">"I miei moduli"</h2>
                        <SubmissionTable rows=h.mine link_copy=true link_review=false />
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Submissions as a table: protocol, form, date, status, note; a link to each copy or to
/// the review.
#[component]
pub fn SubmissionTable(
    rows: Vec<SubmissionRow>,
    link_copy: bool,
    link_review: bool,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p>"Nessun modulo."</p> }.into_any();
    }
    view! {
        <div class="table-responsive">
            <table class="table">
                <caption class="visually-hidden">"Moduli inviati"</caption>
                <thead><tr>
                    <th scope="col">"Protocollo"</th>
                    <th scope="col">"Modulo"</th>
                    <th scope="col">"Inviato il"</th>
                    <th scope="col">"Stato"</th>
                    <th scope="col">"Note"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let protocol = if r.status == SubmissionStatus::Draft {
                            view! { <a href=routes::form(&r.code) aria-label=format!("Riprendi la bozza: {}", r.title)>"Riprendi"</a> }.into_any()
                        } else if link_review {
                            view! { <a href=routes::review(r.id.as_ref().map(ToString::to_string).unwrap_or_default())>{r.protocol.clone()}</a> }.into_any()
                        } else if link_copy {
                            view! { <a rel="external" download="" href=routes::form_copy_pdf(r.id.as_ref().map(ToString::to_string).unwrap_or_default()) aria-label=format!("Copia PDF del modulo {}", r.protocol)>{r.protocol.clone()}</a> }.into_any()
                        } else {
                            view! { <span>{r.protocol.clone()}</span> }.into_any()
                        };
                        view! {
                            <tr>
                                <td>{protocol}</td>
                                <td>{r.title}{link_review.then(|| view! { <br /><small>{r.owner_name.clone()}</small> })}</td>
                                <td>{r.date}</td>
                                <td><span class=format!("form-status form-status-{}", r.status)>{r.status.label()}</span></td>
                                <td>{r.note.unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// One form, filled in: each answer checked as it is typed (the same checks the server
/// makes), the draft saved at every change, files attached beside it.
#[component]
pub fn FormPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let form = Resource::new(code, open_form);
    let submit = ServerAction::<SubmitForm>::new();
    let save = ServerAction::<SaveForm>::new();
    let attached = move || {
        query.read().get("allegato").map(|outcome| {
            let (ok, text) = match outcome.as_str() {
                "ok" => (true, "File allegato."),
                "tipo" => (false, "File non allegato: sono accettati solo PDF, JPEG e PNG (controllati dal contenuto, non dal nome)."),
                "troppo-grande" => (false, "File non allegato: supera i 5 MB."),
                _ => (false, "File non allegato: scegli un file."),
            };
            view! { <div class=if ok { "alert alert-success" } else { "alert alert-danger" } role="status">{text}</div> }
        })
    };
    let outcome = move || {
        submit.value().get().map(|r| match r {
            Ok(s) => view! {
                <div class="alert alert-success" role="status">
                    <p class="mb-1">{format!("Modulo inviato il {} con protocollo {}.", s.date, s.protocol)}</p>
                    <a rel="external" download="" href=routes::form_copy_pdf(&s.id)>"Scarica la copia (PDF)"</a>
                    " · "<a href=routes::FORMS>"I miei moduli"</a>
                </div>
            }.into_any(),
            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    view! {
        <Title text="Moduli online" />
        <nav aria-label="Percorso"><a href=routes::FORMS>"Moduli online"</a></nav>
        {attached}
        <Suspense fallback=|| view! { <p>"Caricamento del modulo…"</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(view) => view! { <FormFill form=view submit save /> }.into_any(),
                    Err(e) => view! { <h1>"Moduli online"</h1><ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
        <div aria-live="polite">{outcome}</div>
    }
}

#[component]
fn FormFill(
    form: FormView,
    submit: ServerAction<SubmitForm>,
    save: ServerAction<SaveForm>,
) -> impl IntoView {
    let def = StoredValue::new(form.definition.clone());
    let ctx = StoredValue::new(form.context.clone());
    let code = form.definition.code.clone();
    let answers = RwSignal::new(form.answers.clone());
    let touched = RwSignal::new(BTreeSet::<String>::new());
    let uploads: BTreeMap<String, String> = form.uploads.iter().cloned().collect();
    let file_fields: Vec<String> = form
        .definition
        .fields()
        .filter(|f| matches!(f.kind, FieldKind::File { .. }))
        .map(|f| f.name.clone())
        .collect();
    let save_code = code.clone();
    let on_change = move |name: String| {
        touched.update(|t| {
            t.insert(name);
        });
        save.dispatch(SaveForm {
            code: save_code.clone(),
            answers: answers.get_untracked(),
        });
    };
    let sections = form
        .definition
        .sections
        .iter()
        .map(|section| {
            let fields = section
                .fields
                .iter()
                .map(|f| {
                    view! {
                        <FieldInput field=f.clone() def ctx answers touched on_change=on_change.clone()
                            code=code.clone() uploads=uploads.clone() />
                    }
                })
                .collect_view();
            view! {
                <fieldset class="form-section">
                    <legend class="h5">{section.title.clone()}</legend>
                    {fields}
                </fieldset>
            }
        })
        .collect_view();
    let upload_forms = file_fields
        .into_iter()
        .map(|name| {
            view! {
                <form id=format!("allega-{name}") method="post" enctype="multipart/form-data"
                    action=routes::form_uploads(&code)>
                    <input type="hidden" name="campo" value=name.clone() />
                </form>
            }
        })
        .collect_view();
    view! {
        <h1>{form.definition.title.clone()}</h1>
        <p>{form.definition.intro.clone()}</p>
        <p class="small">"I campi con * sono obbligatori. La bozza si salva a ogni modifica: puoi riprenderla anche da un altro dispositivo."</p>
        <ActionForm action=submit>
            <input type="hidden" name="code" value=form.definition.code.clone() />
            <input type="hidden" name="draft_id" value=form.draft_id.to_string() />
            {sections}
            <button type="submit" class="btn btn-primary">"Invia il modulo"</button>
        </ActionForm>
        {upload_forms}
    }
}

#[component]
fn FieldInput<F>(
    field: Field,
    def: StoredValue<FormDefinition>,
    ctx: StoredValue<FormContext>,
    answers: RwSignal<BTreeMap<String, String>>,
    touched: RwSignal<BTreeSet<String>>,
    on_change: F,
    code: String,
    uploads: BTreeMap<String, String>,
) -> impl IntoView
where
    F: Fn(String) + Clone + Send + Sync + 'static,
{
    let name = field.name.clone();
    let id = format!("campo-{name}");
    let error_id = format!("errore-{name}");
    let help_id = format!("aiuto-{name}");
    let input_name = format!("answers[{name}]");
    let initial = answers.with_untracked(|a| a.get(&name).cloned().unwrap_or_default());
    let f = StoredValue::new(field.clone());
    let shown = move || def.with_value(|d| answers.with(|a| d.is_shown(&f.get_value(), a)));
    let error = {
        let name = name.clone();
        Memo::new(move |_| {
            if !touched.with(|t| t.contains(&name)) {
                return None;
            }
            let value = answers.with(|a| a.get(&name).cloned().unwrap_or_default());
            ctx.with_value(|c| check_answer(&f.get_value(), &value, c).err())
        })
    };
    let has_error = move || error.with(Option::is_some);
    let describedby = match field.help {
        Some(_) => format!("{help_id} {error_id}"),
        None => error_id.clone(),
    };
    let set = {
        let name = name.clone();
        move |value: String| {
            answers.update(|a| {
                a.insert(name.clone(), value);
            })
        }
    };
    let changed = {
        let name = name.clone();
        move || on_change(name.clone())
    };
    let label = format!("{}{}", field.label, if field.required { " *" } else { "" });
    let select = |options: Vec<(String, String)>| {
        let (set, changed, initial) = (set.clone(), changed.clone(), initial.clone());
        view! {
            <select id=id.clone() name=input_name.clone() class="form-select" aria-describedby=describedby.clone()
                aria-invalid=move || has_error().to_string()
                on:change=move |ev| { set(event_target_value(&ev)); changed(); }>
                <option value="">"Scegli…"</option>
                {options.into_iter().map(|(v, l)| {
                    let selected = v == initial;
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
        }
        .into_any()
    };
    let control = match &field.kind {
        FieldKind::Choice { options } => select(options.clone()),
        FieldKind::Pupil => select(ctx.with_value(|c| c.pupils.clone())),
        FieldKind::Class => select(ctx.with_value(|c| c.classes.clone())),
        FieldKind::YesNo => {
            let radio = |value: &'static str, text: &'static str| {
                let (set, changed) = (set.clone(), changed.clone());
                view! {
                    <div class="form-check form-check-inline">
                        <input class="form-check-input" type="radio" id=format!("{id}-{value}") name=input_name.clone() value=value
                            checked=initial == value
                            on:change=move |_| { set(value.to_string()); changed(); } />
                        <label class="form-check-label" for=format!("{id}-{value}")>{text}</label>
                    </div>
                }
            };
            view! {
                <div role="radiogroup" aria-labelledby=format!("{id}-label") aria-describedby=describedby.clone()>
                    {radio("si", "Sì")}{radio("no", "No")}
                </div>
            }
            .into_any()
        }
        FieldKind::LongText => {
            let (set, changed) = (set.clone(), changed.clone());
            view! {
                <textarea id=id.clone() name=input_name.clone() class="form-control" rows="4" aria-describedby=describedby.clone()
                    aria-invalid=move || has_error().to_string()
                    on:input=move |ev| set(event_target_value(&ev))
                    on:change=move |_| changed()>{initial.clone()}</textarea>
            }
            .into_any()
        }
        FieldKind::File { .. } => {
            let current = uploads.get(&initial).cloned();
            view! {
                <input type="hidden" name=input_name.clone() value=initial.clone() />
                <p class="small mb-1">{match current {
                    Some(file) => format!("Allegato: {file}"),
                    None => "Nessun file allegato.".to_string(),
                }}</p>
                <input type="file" id=id.clone() name="file" form=format!("allega-{name}") accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                    class="form-control" aria-describedby=describedby.clone() />
                <button type="submit" form=format!("allega-{name}") class="btn btn-outline-primary btn-sm mt-1"
                    formaction=routes::form_uploads(&code)>"Allega il file"</button>
            }
            .into_any()
        }
        kind => {
            let (input_type, mode) = match kind {
                FieldKind::Date => ("date", "text"),
                FieldKind::Email => ("email", "email"),
                FieldKind::Phone => ("tel", "tel"),
                FieldKind::Number { .. } => ("text", "numeric"),
                FieldKind::Money { .. } => ("text", "decimal"),
                _ => ("text", "text"),
            };
            // Drafts keep what was typed; the checks normalise it on submission.
            let value = initial.clone();
            let (set, changed) = (set.clone(), changed.clone());
            view! {
                <input type=input_type inputmode=mode id=id.clone() name=input_name.clone() value=value class="form-control"
                    aria-describedby=describedby.clone() aria-invalid=move || has_error().to_string()
                    autocomplete="off"
                    on:input=move |ev| set(event_target_value(&ev))
                    on:change=move |_| changed() />
            }
            .into_any()
        }
    };
    let is_group = matches!(field.kind, FieldKind::YesNo);
    view! {
        <div class="form-field" hidden=move || !shown()>
            {if is_group {
                view! { <p id=format!("{id}-label") class="form-label fw-semibold mb-1">{label.clone()}</p> }.into_any()
            } else {
                view! { <label for=id.clone() class="form-label fw-semibold">{label.clone()}</label> }.into_any()
            }}
            {field.help.clone().map(|h| view! { <p id=help_id.clone() class="form-text small mb-1">{h}</p> })}
            {control}
            <p id=error_id class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}
