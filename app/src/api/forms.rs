//! Moduli online: the Ente's forms, filling one in (a draft saved as you go, resumable on
//! another device), submitting it (a protocol number), "I miei moduli"; and the operators'
//! queue, detail and decision (which applies the form's effect).

use crate::domain::forms::SubmissionStatus;
use crate::domain::ids::SubmissionId;
use crate::domain::wire::OrEmpty;
use crate::error::AppError;
use crate::model::forms::{Decision, FormView, FormsHome, ReviewDetail, SubmissionRow, Submitted};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The forms of the Ente and the person's submissions.
#[server(endpoint = "forms_home")]
pub async fn load_forms_home() -> Result<FormsHome, AppError> {
    use crate::backend::{auth::Caller, context::respond, forms};
    respond(async { forms::home(&Caller::require(&[])?).await }.await)
}

/// A form to fill in, with the person's draft (created, prefilled, the first time).
#[server(endpoint = "form_open")]
pub async fn open_form(code: String) -> Result<FormView, AppError> {
    use crate::backend::{auth::Caller, context::respond, forms};
    respond(async { forms::open(&Caller::require(&[])?, &code, chrono::Utc::now()).await }.await)
}

/// Saves the draft as it is (incomplete answers are fine; unknown fields are not).
#[server(endpoint = "form_save")]
pub async fn save_form(
    code: String,
    answers: BTreeMap<String, String>,
) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::respond, forms};
    respond(
        async {
            let caller = Caller::require(&[])?;
            forms::save(&caller, &code, &answers, chrono::Utc::now()).await
        }
        .await,
    )
}

/// Submits the form: every answer checked; the same draft twice is one submission.
#[server(endpoint = "form_submit")]
pub async fn submit_form(
    code: String,
    draft_id: SubmissionId,
    #[server(default)] answers: BTreeMap<String, String>,
) -> Result<Submitted, AppError> {
    use crate::backend::{auth::Caller, context::respond, forms};
    respond(
        async {
            let caller = Caller::require(&[])?;
            forms::submit(&caller, &code, &draft_id, &answers, chrono::Utc::now()).await
        }
        .await,
    )
}

/// The operators' queue, by status and form (empty: all of them).
#[server(endpoint = "forms_queue")]
pub async fn load_queue(
    status: OrEmpty<SubmissionStatus>,
    #[server(default)] code: String,
) -> Result<Vec<SubmissionRow>, AppError> {
    use crate::backend::{auth::Caller, context::respond, forms};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            forms::queue(&caller, status.0, &code).await
        }
        .await,
    )
}

/// A submission with its answers, attachments and history, for the operator.
#[server(endpoint = "forms_review")]
pub async fn load_review(id: SubmissionId) -> Result<ReviewDetail, AppError> {
    use crate::backend::{auth::Caller, context::respond, forms};
    use crate::domain::identity::Role;
    respond(
        async { forms::review(&Caller::require(&[Role::Operator, Role::Admin])?, &id).await }.await,
    )
}

/// Decides a submission: `accogli` (applies its effect), `respingi` (with a note), or
/// `in_lavorazione`.
#[server(endpoint = "forms_decide")]
pub async fn decide(
    id: SubmissionId,
    decision: Decision,
    note: String,
) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::respond, forms};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            forms::decide(&caller, &id, decision, &note, chrono::Utc::now()).await
        }
        .await,
    )
}
