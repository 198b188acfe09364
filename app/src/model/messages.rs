//! What the messages screens exchange with the server (shared with the browser).

use crate::domain::ids::MessageId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxMessage {
    pub id: MessageId,
    pub title: String,
    pub body: String,
    /// dd/mm/yyyy
    pub date: String,
    pub read: bool,
    /// A document of the personal area: (path, label).
    pub link: Option<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub messages: Vec<InboxMessage>,
    /// Staff may write to families.
    pub may_compose: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeChoices {
    /// (id, name)
    pub schools: Vec<(String, String)>,
    pub services: Vec<(String, String)>,
}

crate::domain::wire::choice! {
    /// Who an operator writes to (the compose form's choice).
    pub enum AudienceKind {
        Everyone = "tutti",
        School = "scuola",
        Service = "servizio",
        Family = "famiglia",
    }
    refusal = "Scegli a chi inviare la comunicazione.";
}

impl AudienceKind {
    /// The form's field that names the recipients of this kind (the family's for everyone,
    /// where it is ignored).
    pub fn target(self, school: String, service: String, family: String) -> String {
        match self {
            AudienceKind::School => school,
            AudienceKind::Service => service,
            AudienceKind::Everyone | AudienceKind::Family => family,
        }
    }
}

/// An operator's message as the compose form sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compose {
    pub audience: AudienceKind,
    /// The school's or service's id, or the tutore's fiscal code; empty for everyone.
    pub target: String,
    pub title: String,
    pub body: String,
    /// A file uploaded beforehand (its id), or empty.
    pub attachment: String,
}

impl Compose {
    /// From the compose form: the recipients are in the field of the audience's kind.
    pub fn new(
        audience: AudienceKind,
        (school, service, family): (String, String, String),
        title: String,
        body: String,
        attachment: String,
    ) -> Compose {
        Compose {
            audience,
            target: audience.target(school, service, family),
            title,
            body,
            attachment,
        }
    }
}
