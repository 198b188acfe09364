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
    attachment: &str,
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
    // An attached file of this Ente, uploaded beforehand.
    let link = match attachment.trim() {
        "" => None,
        id => {
            let (name, _) = messages::file(&ctx.db, &tenant.id, id)
                .await
                .map_err(AppError::internal)?
                .ok_or_else(|| {
                    AppError::BadRequest(
                        "L'allegato non è più disponibile: caricalo di nuovo.".into(),
                    )
                })?;
            Some((messages::file_path(id), format!("Allegato: {name}")))
        }
    };
    messages::broadcast(
        &ctx.db,
        &tenant.id,
        &guardians,
        &text,
        link.as_ref().map(|(p, l)| (p.as_str(), l.as_str())),
        me.user.fiscal_code.as_str(),
        now,
    )
    .await
    .map_err(AppError::internal)
}

/// A file for a message, from an operator: checked by content and size, then stored.
pub async fn attach(
    ctx: &AppContext,
    tenant: &Tenant,
    me: &CurrentUser,
    file_name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<(String, String), AppError> {
    use crate::domain::forms::{FileType, MAX_FILE_BYTES};
    if bytes.is_empty() {
        return Err(AppError::BadRequest("Scegli un file da allegare.".into()));
    }
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
        return Err(AppError::BadRequest("Il file supera i 5 MB.".into()));
    }
    let Some(kind) = FileType::sniff(bytes) else {
        return Err(AppError::BadRequest(
            "Tipo di file non ammesso: allega un PDF, un JPEG o un PNG.".into(),
        ));
    };
    let name = crate::domain::file_size::plain_file_name(file_name);
    let by = me.user.fiscal_code.as_str();
    let id = messages::add_file(
        &ctx.db,
        &ctx.files,
        &tenant.id,
        &name,
        kind.content_type(),
        bytes,
        by,
        now,
    )
    .await
    .map_err(AppError::internal)?;
    Ok((id, name))
}

/// A message's file, for the staff or a family it was sent to.
pub async fn file(
    ctx: &AppContext,
    tenant: &Tenant,
    me: &CurrentUser,
    id: &str,
) -> Result<(String, String, Vec<u8>), AppError> {
    let (name, content_type) = messages::file(&ctx.db, &tenant.id, id)
        .await
        .map_err(AppError::internal)?
        .ok_or(AppError::NotFound)?;
    let allowed = me.is_staff()
        || messages::file_sent_to(&ctx.db, &tenant.id, me.user.fiscal_code.as_str(), id)
            .await
            .map_err(AppError::internal)?;
    if !allowed {
        return Err(AppError::NotFound);
    }
    let bytes = ctx
        .files
        .get(&tenant.id, &format!("message-{id}"))
        .await
        .map_err(AppError::internal)?
        .ok_or(AppError::NotFound)?;
    Ok((name, content_type, bytes))
}
