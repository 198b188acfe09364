//! Comunicazioni: the family's inbox (newest first, unread marked, mark as read) and the
//! operators' compose form (one family, a school's or a service's families, everyone).

use crate::domain::ids::MessageId;
use crate::domain::wire::OrEmpty;
use crate::error::AppError;
use crate::model::messages::{AudienceKind, ComposeChoices, Inbox};
use leptos::prelude::*;

/// The signed-in person's messages (the last 100).
#[server(endpoint = "messages_inbox")]
pub async fn load_inbox() -> Result<Inbox, AppError> {
    use crate::backend::{auth::Caller, context::respond, messages};
    respond(async { messages::inbox(&Caller::require(&[])?).await }.await)
}

/// Marks a message (`id`; empty: all) as read.
#[server(endpoint = "messages_read")]
pub async fn mark_read(id: OrEmpty<MessageId>) -> Result<u64, AppError> {
    use crate::backend::{auth::Caller, context::respond, messages};
    respond(async { messages::mark_read(&Caller::require(&[])?, id.0.as_ref()).await }.await)
}

/// The schools and services an operator can write to.
#[server(endpoint = "messages_choices")]
pub async fn load_compose_choices() -> Result<ComposeChoices, AppError> {
    use crate::backend::{auth::Caller, context::respond, messages};
    use crate::domain::identity::Role;
    respond(
        async { messages::choices(&Caller::require(&[Role::Operator, Role::Admin])?).await }.await,
    )
}

/// Sends a message to an audience: `tutti`, `scuola` (the `school` chosen), `servizio` (the
/// `service` chosen), `famiglia` (the tutore's fiscal code in `family`), with a file uploaded
/// beforehand (`attachment`, its id) or none (empty).
#[server(endpoint = "messages_send")]
pub async fn send_message(
    audience: AudienceKind,
    school: String,
    service: String,
    family: String,
    title: String,
    body: String,
    #[server(default)] attachment: String,
) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::respond, messages};
    use crate::{domain::identity::Role, model::messages::Compose};
    let message = Compose::new(audience, (school, service, family), title, body, attachment);
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            messages::compose(&caller, &message, chrono::Utc::now()).await
        }
        .await,
    )
}
