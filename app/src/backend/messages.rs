//! Operators writing to families: the audience is resolved within the Ente, the text checked
//! before anything is stored, and every family gets its own copy (read or not).

use crate::api::messages::ComposeChoices;
use crate::backend::auth::CurrentUser;
use crate::backend::context::AppContext;
use crate::backend::store::{messages, Tenant};
use crate::domain::message::{Audience, MessageText};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sqlx::Row;

pub async fn choices(ctx: &AppContext, tenant: &Tenant) -> Result<ComposeChoices, AppError> {
    let list = |sql: &'static str| async move {
        sqlx::query(sql)
            .bind(tenant.id.as_str())
            .fetch_all(&ctx.db)
            .await
            .map_err(AppError::internal)?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
            .collect::<Result<Vec<(String, String)>, sqlx::Error>>()
            .map_err(AppError::internal)
    };
    Ok(ComposeChoices {
        schools: list("SELECT id, name FROM schools WHERE tenant_id = $1 ORDER BY name").await?,
        services: list("SELECT id, name FROM services WHERE tenant_id = $1 ORDER BY name").await?,
    })
}

#[allow(clippy::too_many_arguments)]
pub async fn compose(
    ctx: &AppContext,
    tenant: &Tenant,
    me: &CurrentUser,
    audience: &str,
    target: &str,
    title: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<u32, AppError> {
    let bad = |e: crate::domain::message::MessageError| AppError::BadRequest(e.to_string());
    let text = MessageText::new(title, body).map_err(bad)?;
    let audience = Audience::parse(audience, target).map_err(bad)?;
    let today = tenant.booking_policy().today(now);
    let guardians = messages::audience(&ctx.db, &tenant.id, &audience, today)
        .await
        .map_err(AppError::internal)?;
    if guardians.is_empty() {
        return Err(AppError::BadRequest(
            "Nessuna famiglia corrisponde ai destinatari scelti: la comunicazione non è stata inviata."
                .into(),
        ));
    }
    messages::broadcast(
        &ctx.db,
        &tenant.id,
        &guardians,
        &text,
        me.user.fiscal_code.as_str(),
        now,
    )
    .await
    .map_err(AppError::internal)
}
