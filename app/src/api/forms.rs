//! Moduli online: the Ente's forms, filling one in (a draft saved as you go, resumable on
//! another device), submitting it (a protocol number), "I miei moduli"; and the operators'
//! queue, detail and decision (which applies the form's effect).

use crate::domain::forms::{FormContext, FormDefinition};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormSummary {
    pub code: String,
    pub title: String,
    pub intro: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionRow {
    /// Empty for a draft.
    pub id: String,
    pub code: String,
    pub protocol: String,
    pub title: String,
    /// dd/mm/yyyy
    pub date: String,
    /// `inviato`, `in_lavorazione`, `accolto`, `respinto`
    pub status: String,
    pub owner_name: String,
    /// The operator's note.
    pub note: Option<String>,
}

/// How a status reads.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "inviato" => "Inviato",
        "in_lavorazione" => "In lavorazione",
        "accolto" => "Accolto",
        "respinto" => "Respinto",
        _ => "Bozza",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormsHome {
    pub forms: Vec<FormSummary>,
    pub mine: Vec<SubmissionRow>,
    pub may_review: bool,
}

/// The forms of the Ente and the person's submissions.
#[server(endpoint = "forms_home")]
pub async fn load_forms_home() -> Result<FormsHome, AppError> {
    use crate::backend::auth::require_user;
    use crate::backend::context::{app_context, respond};
    respond(
        async {
            let (tenant, me) = require_user()?;
            let ctx = app_context()?;
            crate::backend::forms::home(&ctx, &tenant, &me).await
        }
        .await,
    )
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormView {
    pub definition: FormDefinition,
    pub context: FormContext,
    pub draft_id: String,
    pub answers: BTreeMap<String, String>,
    /// The person's uploads: (id, file name).
    pub uploads: Vec<(String, String)>,
}

/// A form to fill in, with the person's draft (created, prefilled, the first time).
#[server(endpoint = "form_open")]
pub async fn open_form(code: String) -> Result<FormView, AppError> {
    use crate::backend::auth::require_user;
    use crate::backend::context::{app_context, respond};
    respond(
        async {
            let (tenant, me) = require_user()?;
            let ctx = app_context()?;
            crate::backend::forms::open(&ctx, &tenant, &me, &code, chrono::Utc::now()).await
        }
        .await,
    )
}

/// Saves the draft as it is (incomplete answers are fine; unknown fields are not).
#[server(endpoint = "form_save")]
pub async fn save_form(
    code: String,
    answers: BTreeMap<String, String>,
) -> Result<String, AppError> {
    use crate::backend::auth::require_user;
    use crate::backend::context::{app_context, respond};
    respond(
        async {
            let (tenant, me) = require_user()?;
            let ctx = app_context()?;
            crate::backend::forms::save(&ctx, &tenant, &me, &code, &answers, chrono::Utc::now())
                .await
        }
        .await,
    )
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submitted {
    pub id: String,
    pub protocol: String,
    /// dd/mm/yyyy
    pub date: String,
}

/// Submits the form: every answer checked; the same draft twice is one submission.
#[server(endpoint = "form_submit")]
pub async fn submit_form(
    code: String,
    draft_id: String,
    #[server(default)] answers: BTreeMap<String, String>,
) -> Result<Submitted, AppError> {
    use crate::backend::auth::require_user;
    use crate::backend::context::{app_context, respond};
    respond(
        async {
            let (tenant, me) = require_user()?;
            let ctx = app_context()?;
            crate::backend::forms::submit(
                &ctx,
                &tenant,
                &me,
                &code,
                &draft_id,
                &answers,
                chrono::Utc::now(),
            )
            .await
        }
        .await,
    )
}

/// The operators' queue, by status and form (empty: all of them).
#[server(endpoint = "forms_queue")]
pub async fn load_queue(
    status: String,
    #[server(default)] code: String,
) -> Result<Vec<SubmissionRow>, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::context::{app_context, respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let (tenant, _) = require_role(&[Role::Operator, Role::Admin])?;
            let ctx = app_context()?;
            crate::backend::forms::queue(&ctx, &tenant, &status, &code).await
        }
        .await,
    )
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerLine {
    pub section: String,
    pub label: String,
    pub value: String,
    /// An attached file's download path.
    pub file: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDetail {
    pub row: SubmissionRow,
    pub owner_fiscal_code: String,
    pub lines: Vec<AnswerLine>,
    /// (dd/mm/yyyy hh:mm, who, what)
    pub history: Vec<(String, String, String)>,
    pub open: bool,
}

/// A submission with its answers, attachments and history, for the operator.
#[server(endpoint = "forms_review")]
pub async fn load_review(id: String) -> Result<ReviewDetail, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::context::{app_context, respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let (tenant, _) = require_role(&[Role::Operator, Role::Admin])?;
            let ctx = app_context()?;
            crate::backend::forms::review(&ctx, &tenant, &id).await
        }
        .await,
    )
}

/// Decides a submission: `accogli` (applies its effect), `respingi` (with a note), or
/// `in_lavorazione`.
#[server(endpoint = "forms_decide")]
pub async fn decide(id: String, decision: String, note: String) -> Result<String, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::context::{app_context, respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let (tenant, me) = require_role(&[Role::Operator, Role::Admin])?;
            let ctx = app_context()?;
            crate::backend::forms::decide(
                &ctx,
                &tenant,
                &me,
                &id,
                &decision,
                &note,
                chrono::Utc::now(),
            )
            .await
        }
        .await,
    )
}
