//! What the forms screens exchange with the server (shared with the browser).

use crate::domain::forms::{FormContext, FormDefinition, SubmissionStatus};
use crate::domain::ids::SubmissionId;
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
    /// None for a draft.
    pub id: Option<SubmissionId>,
    pub code: String,
    pub protocol: String,
    pub title: String,
    /// dd/mm/yyyy
    pub date: String,
    pub status: SubmissionStatus,
    pub owner_name: String,
    /// The operator's note.
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormsHome {
    pub forms: Vec<FormSummary>,
    pub mine: Vec<SubmissionRow>,
    pub may_review: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormView {
    pub definition: FormDefinition,
    pub context: FormContext,
    pub draft_id: SubmissionId,
    pub answers: BTreeMap<String, String>,
    /// The person's uploads: (id, file name).
    pub uploads: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submitted {
    pub id: SubmissionId,
    pub protocol: String,
    /// dd/mm/yyyy
    pub date: String,
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

crate::domain::wire::choice! {
    /// An operator's decision on a submission (the radio button's value).
    pub enum Decision {
        Accept = "accogli",
        Refuse = "respingi",
        InProgress = "in_lavorazione",
    }
    refusal = "Scegli se accogliere o respingere il modulo.";
}
