//! Comunicazioni: the family's inbox (newest first, unread marked, mark as read) and the
//! operators' compose form (one family, a school's or a service's families, everyone).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxMessage {
    pub id: String,
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

/// The signed-in person's messages (the last 100).
#[server(endpoint = "messages_inbox")]
pub async fn load_inbox() -> Result<Inbox, AppError> {
    use crate::backend::auth::require_user;
    use crate::backend::context::{app_context, respond};
    use crate::backend::store::messages;
    respond(
        async {
            let (tenant, me) = require_user()?;
            let ctx = app_context()?;
            let list =
                messages::of_guardian(&ctx.db, &tenant.id, me.user.fiscal_code.as_str(), 100)
                    .await
                    .map_err(AppError::internal)?;
            Ok(Inbox {
                messages: list
                    .into_iter()
                    .map(|m| InboxMessage {
                        date: crate::domain::date::format_date_it(
                            m.created_at.with_timezone(&tenant.time_zone).date_naive(),
                        ),
                        id: m.id,
                        title: m.title,
                        body: m.body,
                        read: m.read,
                        link: m.link,
                    })
                    .collect(),
                may_compose: me.is_staff(),
            })
        }
        .await,
    )
}

/// Marks a message (`id`; empty: all) as read.
#[server(endpoint = "messages_read")]
pub async fn mark_read(id: String) -> Result<u64, AppError> {
    use crate::backend::auth::require_user;
    use crate::backend::context::{app_context, respond};
    use crate::backend::store::messages;
    respond(
        async {
            let (tenant, me) = require_user()?;
            let ctx = app_context()?;
            let id = id.trim();
            messages::mark_read(
                &ctx.db,
                &tenant.id,
                me.user.fiscal_code.as_str(),
                (!id.is_empty()).then_some(id),
                chrono::Utc::now(),
            )
            .await
            .map_err(AppError::internal)
        }
        .await,
    )
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeChoices {
    /// (id, name)
    pub schools: Vec<(String, String)>,
    pub services: Vec<(String, String)>,
}

/// The schools and services an operator can write to.
#[server(endpoint = "messages_choices")]
pub async fn load_compose_choices() -> Result<ComposeChoices, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::context::{app_context, respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let (tenant, _) = require_role(&[Role::Operator, Role::Admin])?;
            let ctx = app_context()?;
            crate::backend::messages::choices(&ctx, &tenant).await
        }
        .await,
    )
}

/// Sends a message to an audience: `tutti`, `scuola` (the `school` chosen), `servizio` (the
/// `service` chosen), `famiglia` (the tutore's fiscal code in `family`).
#[server(endpoint = "messages_send")]
pub async fn send_message(
    audience: String,
    school: String,
    service: String,
    family: String,
    title: String,
    body: String,
    /// A file uploaded beforehand (its id), or empty.
    #[server(default)]
    attachment: String,
) -> Result<String, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::context::{app_context, respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let (tenant, me) = require_role(&[Role::Operator, Role::Admin])?;
            let ctx = app_context()?;
            let target = match audience.as_str() {
                "scuola" => school,
                "servizio" => service,
                _ => family,
            };
            let n = crate::backend::messages::compose(
                &ctx,
                &tenant,
                &me,
                &audience,
                &target,
                &title,
                &body,
                &attachment,
                chrono::Utc::now(),
            )
            .await?;
            Ok(match n {
                1 => "Comunicazione inviata a 1 famiglia.".to_string(),
                n => format!("Comunicazione inviata a {n} famiglie."),
            })
        }
        .await,
    )
}
