//! Moduli online: who may see what (a person their own drafts and submissions, the Ente's
//! staff the queue), the checks (the domain's, with the server's context), the decision
//! with its effect and message, all in one transaction.

pub mod documents;

use crate::backend::auth::Caller;
use crate::backend::context::AppContext;
use crate::backend::store::form_effects::{self, Applied};
use crate::backend::store::forms::{self as store, Answers, NewSubmission, Submission};
use crate::backend::store::{audit, messages, personal, registry, NewFile, Tenant};
use crate::domain::audit::AuditAction;
use crate::domain::date::format_date_it;
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::forms::{
    check_answers, FieldKind, FileType, FormContext, FormDefinition, Prefill, SubmissionStatus,
    UploadFacts, MAX_FILE_BYTES,
};
use crate::domain::identity::Role;
use crate::domain::ids::SubmissionId;
use crate::error::AppError;
use crate::model::forms::{
    AnswerLine, Decision, FormSummary, FormView, FormsHome, ReviewDetail, SubmissionRow, Submitted,
};
use crate::routes;
use chrono::{DateTime, Utc};

const MAX_DRAFT_VALUE_CHARS: usize = 5_000;

fn status_row(tenant: &Tenant, s: &Submission) -> SubmissionRow {
    SubmissionRow {
        id: Some(s.id.clone()),
        code: s.code.clone(),
        protocol: s.protocol.clone(),
        title: s.title.clone(),
        date: format_date_it(s.submitted_at.with_timezone(&tenant.time_zone).date_naive()),
        status: s.status,
        owner_name: s.owner_name.clone(),
        note: s.note.clone(),
    }
}

/// The forms of the Ente and the person's drafts and submissions.
pub async fn home(caller: &Caller) -> Result<FormsHome, AppError> {
    let (ctx, tenant, me) = (&caller.ctx, &caller.tenant, &caller.me);
    let forms = store::latest(&ctx.db, &tenant.id).await?;
    let mine = store::of_owner(&ctx.db, &tenant.id, &me.user.fiscal_code).await?;
    // Drafts first: what is still to finish.
    let drafts = store::drafts_of(&ctx.db, &tenant.id, &me.user.fiscal_code)
        .await?
        .into_iter()
        .filter_map(|(code, updated)| {
            let title = forms.iter().find(|d| d.code == code)?.title.clone();
            Some(SubmissionRow {
                id: None,
                protocol: String::new(),
                title,
                date: format_date_it(updated.with_timezone(&tenant.time_zone).date_naive()),
                status: SubmissionStatus::Draft,
                owner_name: String::new(),
                note: None,
                code,
            })
        })
        .collect::<Vec<_>>();
    Ok(FormsHome {
        forms: forms
            .into_iter()
            .map(|d| FormSummary {
                code: d.code,
                title: d.title,
                intro: d.intro,
            })
            .collect(),
        mine: drafts
            .into_iter()
            .chain(mine.iter().map(|s| status_row(tenant, s)))
            .collect(),
        may_review: me.is_office(),
    })
}

async fn definition(
    ctx: &AppContext,
    tenant: &Tenant,
    code: &str,
) -> Result<FormDefinition, AppError> {
    store::definition(&ctx.db, &tenant.id, code, None)
        .await?
        .ok_or(AppError::NotFound)
}

/// What the checks need: the person's pupils, the Ente's classes, the person's uploads.
pub async fn form_context(
    ctx: &AppContext,
    tenant: &Tenant,
    owner: &FiscalCode,
) -> Result<FormContext, AppError> {
    let pupils = registry::pupils_of_guardian(&ctx.db, &tenant.id, owner).await?;
    let classes = registry::classes(&ctx.db, &tenant.id).await?;
    let uploads = store::uploads_of(&ctx.db, &tenant.id, owner)
        .await?
        .into_iter()
        .map(|u| {
            (
                u.id,
                UploadFacts {
                    file_type: FileType::from_content_type(&u.content_type),
                    size: u.size,
                },
            )
        })
        .collect();
    Ok(FormContext {
        pupils,
        classes,
        uploads,
    })
}

/// A form to fill in, with the person's draft (created, prefilled, the first time).
pub async fn open(caller: &Caller, code: &str, now: DateTime<Utc>) -> Result<FormView, AppError> {
    let (ctx, tenant, me) = (&caller.ctx, &caller.tenant, &caller.me);
    let def = definition(ctx, tenant, code).await?;
    let owner = &me.user.fiscal_code;
    let draft = store::draft(&ctx.db, &tenant.id, owner, code).await?;
    let (draft_id, answers) = match draft {
        Some(d) => (d.id, d.answers),
        None => {
            // Prefilled with what the portal knows of the person.
            let answers: Answers = def
                .fields()
                .filter_map(|f| {
                    let value = match f.prefill? {
                        Prefill::FullName => {
                            format!("{} {}", me.user.given_name, me.user.family_name)
                        }
                        Prefill::FiscalCode => owner.to_string(),
                        Prefill::Email => me.user.email.clone()?,
                    };
                    Some((f.name.clone(), value))
                })
                .collect();
            let id =
                store::save_draft(&ctx.db, &tenant.id, owner, code, def.version, &answers, now)
                    .await?;
            (id, answers)
        }
    };
    let uploads = store::uploads_of(&ctx.db, &tenant.id, owner)
        .await?
        .into_iter()
        .map(|u| (u.id, u.file_name))
        .collect();
    Ok(FormView {
        context: form_context(ctx, tenant, owner).await?,
        definition: def,
        draft_id,
        answers,
        uploads,
    })
}

/// Only fields of the form, each of a sane length: a draft may be incomplete, not foreign.
fn draft_answers(def: &FormDefinition, answers: &Answers) -> Result<Answers, AppError> {
    let mut out = Answers::new();
    for (k, v) in answers {
        if !def.fields().any(|f| &f.name == k) {
            return Err(AppError::BadRequest(format!(
                "Il campo «{k}» non fa parte del modulo."
            )));
        }
        if v.chars().count() > MAX_DRAFT_VALUE_CHARS {
            return Err(AppError::BadRequest("Una risposta è troppo lunga.".into()));
        }
        out.insert(k.clone(), v.clone());
    }
    Ok(out)
}

/// Saves the draft as it is (incomplete answers are fine; unknown fields are not).
pub async fn save(
    caller: &Caller,
    code: &str,
    answers: &Answers,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let (ctx, tenant, me) = (&caller.ctx, &caller.tenant, &caller.me);
    let def = definition(ctx, tenant, code).await?;
    let answers = draft_answers(&def, answers)?;
    let owner = &me.user.fiscal_code;
    let draft = store::save_draft(&ctx.db, &tenant.id, owner, code, def.version, &answers, now);
    Ok(draft.await?.to_string())
}

/// Submits the form: every answer checked; the same draft twice is one submission.
pub async fn submit(
    caller: &Caller,
    code: &str,
    draft_id: &SubmissionId,
    answers: &Answers,
    now: DateTime<Utc>,
) -> Result<Submitted, AppError> {
    let (ctx, tenant, me) = (&caller.ctx, &caller.tenant, &caller.me);
    let draft_id = draft_id.as_str();
    let def = definition(ctx, tenant, code).await?;
    let owner = &me.user.fiscal_code;
    let context = form_context(ctx, tenant, owner).await?;
    let clean = check_answers(&def, answers, &context).map_err(|errors| {
        let list = errors
            .iter()
            .map(|e| {
                let label = def
                    .fields()
                    .find(|f| f.name == e.field)
                    .map_or(e.field.as_str(), |f| f.label.as_str());
                format!("{label}: {}", e.message)
            })
            .collect::<Vec<_>>()
            .join(" ");
        AppError::BadRequest(format!("Il modulo non è stato inviato. {list}"))
    })?;
    // The draft must be this person's (or already submitted by them).
    let draft = store::draft(&ctx.db, &tenant.id, owner, code).await?;
    if draft.as_ref().map(|d| d.id.as_str()) != Some(draft_id) {
        let mine = store::of_owner(&ctx.db, &tenant.id, owner).await?;
        if !mine.iter().any(|s| s.code == code) || draft_id.is_empty() {
            return Err(AppError::BadRequest(
                "La bozza non è più disponibile: riapri il modulo.".into(),
            ));
        }
    }
    let s = store::submit(
        &ctx.db,
        &tenant.id,
        &NewSubmission {
            owner,
            owner_name: &format!("{} {}", me.user.given_name, me.user.family_name),
            definition: &def,
            draft_id,
            answers: &clean,
        },
        now,
    )
    .await?;
    if &s.owner != owner {
        return Err(AppError::NotFound);
    }
    Ok(Submitted {
        date: format_date_it(s.submitted_at.with_timezone(&tenant.time_zone).date_naive()),
        id: s.id,
        protocol: s.protocol,
    })
}

/// The operators' queue, by status and form (none, or empty: all of them).
pub async fn queue(
    caller: &Caller,
    status: Option<SubmissionStatus>,
    code: &str,
) -> Result<Vec<SubmissionRow>, AppError> {
    let (ctx, tenant) = (&caller.ctx, &caller.tenant);
    if status == Some(SubmissionStatus::Draft) {
        // Drafts are their owners' only.
        return Err(AppError::BadRequest("Stato non valido.".into()));
    }
    Ok(store::queue(&ctx.db, &tenant.id, status, code.trim())
        .await?
        .iter()
        .map(|s| status_row(tenant, s))
        .collect())
}

/// The answers as the form shows them: choices by their label, pupils and classes by name,
/// files by their file name with a link.
async fn answer_lines(
    ctx: &AppContext,
    tenant: &Tenant,
    s: &Submission,
) -> Result<Vec<AnswerLine>, AppError> {
    let def = store::definition(&ctx.db, &tenant.id, &s.code, Some(s.version))
        .await?
        .ok_or_else(|| AppError::internal("submission without its definition"))?;
    let context = form_context(ctx, tenant, &s.owner).await?;
    let mut lines = Vec::new();
    for section in &def.sections {
        for f in &section.fields {
            let Some(value) = s.answers.get(&f.name) else {
                continue;
            };
            let mut file = None;
            let shown = match &f.kind {
                FieldKind::Choice { options } => options
                    .iter()
                    .find(|(v, _)| v == value)
                    .map_or(value.clone(), |(_, l)| l.clone()),
                FieldKind::YesNo => if value == "si" { "Sì" } else { "No" }.to_string(),
                FieldKind::Pupil => context
                    .pupils
                    .iter()
                    .find(|(cf, _)| cf == value)
                    .map_or(value.clone(), |(cf, name)| format!("{name} ({cf})")),
                FieldKind::Class => context
                    .classes
                    .iter()
                    .find(|(id, _)| id == value)
                    .map_or(value.clone(), |(_, l)| l.clone()),
                FieldKind::Money { .. } => value
                    .parse::<i64>()
                    .map(|c| crate::domain::money::Money::from_cents(c).to_string())
                    .unwrap_or_else(|_| value.clone()),
                FieldKind::Date => {
                    crate::domain::forms::parse_date(value).map_or(value.clone(), format_date_it)
                }
                FieldKind::File { .. } => {
                    let name = store::upload(&ctx.db, &tenant.id, value)
                        .await?
                        .map_or_else(|| "file non disponibile".to_string(), |(u, _)| u.file_name);
                    file = Some(routes::form_attachment(value));
                    name
                }
                _ => value.clone(),
            };
            lines.push(AnswerLine {
                section: section.title.clone(),
                label: f.label.clone(),
                value: shown,
                file,
            });
        }
    }
    Ok(lines)
}

/// A submission with its answers, attachments and history, for the operator.
pub async fn review(caller: &Caller, id: &SubmissionId) -> Result<ReviewDetail, AppError> {
    let (ctx, tenant) = (&caller.ctx, &caller.tenant);
    let s = store::get(&ctx.db, &tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let history = store::events(&ctx.db, &tenant.id, id)
        .await?
        .into_iter()
        .map(|(at, who, what)| {
            (
                at.with_timezone(&tenant.time_zone)
                    .format("%d/%m/%Y %H:%M")
                    .to_string(),
                who,
                what,
            )
        })
        .collect();
    Ok(ReviewDetail {
        lines: answer_lines(ctx, tenant, &s).await?,
        open: s.status.is_open(),
        owner_fiscal_code: s.owner.to_string(),
        row: status_row(tenant, &s),
        history,
    })
}

/// The answers of one of the person's own submissions (or, for staff, any of the Ente's).
pub async fn submission_lines(
    caller: &Caller,
    id: &SubmissionId,
) -> Result<(Submission, Vec<AnswerLine>), AppError> {
    let (ctx, tenant, me) = (&caller.ctx, &caller.tenant, &caller.me);
    let s = store::get(&ctx.db, &tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if s.owner != me.user.fiscal_code && !me.is_office() {
        return Err(AppError::NotFound);
    }
    let lines = answer_lines(ctx, tenant, &s).await?;
    Ok((s, lines))
}

/// Decides a submission: accepted (its effect applied), refused (with a note) or taken in
/// hand; the status, the effect, the record and the family's message in one transaction.
pub async fn decide(
    caller: &Caller,
    id: &SubmissionId,
    decision: Decision,
    note: &str,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let (ctx, tenant, me) = (&caller.ctx, &caller.tenant, &caller.me);
    let note = note.trim();
    if note.chars().count() > 1_000 {
        return Err(AppError::BadRequest(
            "La nota è troppo lunga (massimo 1.000 caratteri).".into(),
        ));
    }
    let status = match decision {
        Decision::Accept => SubmissionStatus::Accepted,
        Decision::Refuse if note.is_empty() => {
            return Err(AppError::BadRequest(
                "Scrivi il motivo del rifiuto: la famiglia lo leggerà.".into(),
            ))
        }
        Decision::Refuse => SubmissionStatus::Refused,
        Decision::InProgress => SubmissionStatus::InProgress,
    };
    let s = store::get(&ctx.db, &tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let def = store::definition(&ctx.db, &tenant.id, &s.code, Some(s.version))
        .await?
        .ok_or_else(|| AppError::internal("submission without its definition"))?;
    let owner = s.owner.clone();
    let by = &me.user.fiscal_code;
    let mut tx = ctx.db.begin().await?;
    let deciding = Deciding {
        tenant,
        submission: &s,
        definition: &def,
        status,
        note,
        owner: &owner,
        by,
        now,
    };
    let outcome = apply_decision(&mut tx, &deciding).await;
    match outcome {
        Ok(Ok(what)) => {
            tx.commit().await?;
            Ok(what)
        }
        Ok(Err(refusal)) => {
            tx.rollback().await?;
            Err(AppError::BadRequest(refusal))
        }
        Err(e) => {
            tx.rollback().await?;
            Err(AppError::internal(e))
        }
    }
}

/// A decision being applied: the submission, its definition, the new status and who decides.
struct Deciding<'a> {
    tenant: &'a Tenant,
    submission: &'a Submission,
    definition: &'a FormDefinition,
    status: SubmissionStatus,
    note: &'a str,
    owner: &'a FiscalCode,
    by: &'a FiscalCode,
    now: DateTime<Utc>,
}

/// Inside the decision's transaction: the status, the effect, the record, the message.
/// `Ok(Err(reason))` is a refusal to roll back.
async fn apply_decision(
    tx: &mut sqlx::AnyConnection,
    d: &Deciding<'_>,
) -> Result<Result<String, String>, crate::backend::store::StoreError> {
    let Deciding {
        tenant,
        submission: s,
        definition: def,
        status,
        note,
        owner,
        by,
        now,
    } = *d;
    let note_opt = (!note.is_empty()).then_some(note);
    if !store::set_status(tx, &tenant.id, &s.id, status, note_opt, by.as_str(), now).await? {
        return Ok(Err("Il modulo è già stato deciso.".into()));
    }
    let what = match (status, def.effect) {
        (SubmissionStatus::Accepted, Some(effect)) => {
            match form_effects::apply(tx, &tenant.id, effect, &s.answers, owner).await? {
                Applied::Done(what) => format!("Accolto. {what}"),
                Applied::Refused(why) => {
                    return Ok(Err(format!("Il modulo non può essere accolto: {why}")))
                }
            }
        }
        (SubmissionStatus::Accepted, None) => "Accolto.".to_string(),
        (SubmissionStatus::Refused, _) => format!("Respinto: {note}"),
        _ => "Preso in lavorazione.".to_string(),
    };
    store::record_event(tx, &tenant.id, &s.id, by.as_str(), &what, now).await?;
    let change = audit::Change {
        actor: by,
        action: AuditAction::FormDecided,
        subject: &s.protocol,
        before: Some(s.status.as_str()),
        after: Some(status.as_str()),
    };
    audit::append(tx, &tenant.id, &change, now).await?;
    // The family hears of the outcome (once the tutore is in the registry).
    if status != SubmissionStatus::InProgress {
        let guardian = personal::guardian_id(&mut *tx, &tenant.id, owner).await?;
        if let Some(guardian) = guardian {
            let (title, body) = if status == SubmissionStatus::Accepted {
                (
                    format!("Modulo accolto: {}", s.title),
                    format!(
                        "Il modulo «{}» (protocollo {}) è stato accolto.{}",
                        s.title,
                        s.protocol,
                        note_opt
                            .map(|n| format!("\n\nNota dell'ufficio: {n}"))
                            .unwrap_or_default()
                    ),
                )
            } else {
                (
                    format!("Modulo respinto: {}", s.title),
                    format!(
                        "Il modulo «{}» (protocollo {}) è stato respinto.\n\nMotivo: {note}",
                        s.title, s.protocol
                    ),
                )
            };
            messages::send(
                tx,
                &tenant.id,
                &messages::NewMessage {
                    guardian_id: &guardian,
                    kind: "form_decided",
                    title: &title,
                    body: &body,
                    reference: &format!("submission-decided:{}", s.id),
                },
                now,
            )
            .await?;
        }
    }
    Ok(Ok(what))
}

/// A file the person attaches to a form: checked by its content and size, stored, then
/// named in the draft's answer for `field`. Refused files are stored nowhere.
pub async fn attach(
    caller: &Caller,
    code: &str,
    field: &str,
    file_name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (ctx, tenant, me) = (&caller.ctx, &caller.tenant, &caller.me);
    let def = definition(ctx, tenant, code).await?;
    let Some(FieldKind::File { accept }) = def.fields().find(|f| f.name == field).map(|f| &f.kind)
    else {
        return Err(AppError::BadRequest(
            "Questo campo non accetta allegati.".into(),
        ));
    };
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
        return Err(AppError::BadRequest("Il file supera i 5 MB.".into()));
    }
    if bytes.is_empty() {
        return Err(AppError::BadRequest("Scegli un file da allegare.".into()));
    }
    let Some(kind) = FileType::sniff(bytes).filter(|t| accept.contains(t)) else {
        return Err(AppError::BadRequest(
            "Tipo di file non ammesso: allega un PDF, un JPEG o un PNG.".into(),
        ));
    };
    let name = crate::domain::file_size::plain_file_name(file_name);
    let owner = &me.user.fiscal_code;
    let file = NewFile {
        name: &name,
        content_type: kind.content_type(),
        bytes,
    };
    let upload = store::add_upload(&ctx.db, &ctx.files, &tenant.id, owner, &file, now).await?;
    let mut answers = store::draft(&ctx.db, &tenant.id, owner, code)
        .await?
        .map(|d| d.answers)
        .unwrap_or_default();
    answers.insert(field.to_string(), upload.id);
    store::save_draft(&ctx.db, &tenant.id, owner, code, def.version, &answers, now).await?;
    Ok(())
}

/// An attached file, for its owner or the Ente's staff.
pub async fn attachment(caller: &Caller, id: &str) -> Result<(String, String, Vec<u8>), AppError> {
    let (ctx, tenant, me) = (&caller.ctx, &caller.tenant, &caller.me);
    let (upload, owner) = store::upload(&ctx.db, &tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if owner != me.user.fiscal_code.as_str() && !(me.has(Role::Operator) || me.has(Role::Admin)) {
        return Err(AppError::NotFound);
    }
    let bytes = ctx
        .files
        .get(&tenant.id, &format!("upload-{id}"))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((upload.file_name, upload.content_type, bytes))
}

/// The family's PDF copy of one of their submissions (staff may download it too).
pub async fn copy_pdf(caller: &Caller, id: &SubmissionId) -> Result<(String, Vec<u8>), AppError> {
    let tenant = &caller.tenant;
    let (s, lines) = submission_lines(caller, id).await?;
    let date = format_date_it(s.submitted_at.with_timezone(&tenant.time_zone).date_naive());
    let pdf = documents::submission_pdf(&documents::Copy {
        ente: &tenant.name,
        title: &s.title,
        protocol: &s.protocol,
        date: &date,
        owner_name: &s.owner_name,
        owner_fiscal_code: s.owner.as_str(),
        lines: &lines,
    });
    Ok((format!("modulo-{}.pdf", s.protocol.replace('/', "-")), pdf))
}
