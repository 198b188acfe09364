//! Operators writing to families: the audience is resolved within the Ente, the text checked
//! before anything is stored, and every family gets its own copy (read or not).

use crate::backend::auth::Caller;
use crate::backend::store::messages::{self, Broadcast};
use crate::backend::store::{registry, NewFile};
use crate::domain::date::format_date_it;
use crate::domain::ids::MessageId;
use crate::domain::messages::{Audience, MessageText};
use crate::error::AppError;
use crate::model::messages::{Compose, ComposeChoices, Inbox, InboxMessage};
use crate::routes;
use chrono::{DateTime, Utc};

/// The signed-in person's messages (the last 100), newest first.
pub async fn inbox(caller: &Caller) -> Result<Inbox, AppError> {
    let tenant = &caller.tenant;
    let cf = caller.fiscal_code();
    let list = messages::of_guardian(caller.db(), &tenant.id, cf, 100).await?;
    Ok(Inbox {
        messages: list
            .into_iter()
            .map(|m| InboxMessage {
                date: format_date_it(m.created_at.with_timezone(&tenant.time_zone).date_naive()),
                id: m.id,
                title: m.title,
                body: m.body,
                read: m.read,
                link: m.link,
            })
            .collect(),
        may_compose: caller.me.is_office(),
    })
}

/// Marks one of the person's messages as read, or all of them; how many changed.
pub async fn mark_read(caller: &Caller, id: Option<&MessageId>) -> Result<u64, AppError> {
    let cf = caller.fiscal_code();
    let now = Utc::now();
    Ok(messages::mark_read(caller.db(), &caller.tenant.id, cf, id, now).await?)
}

/// The schools and services an operator can write to.
pub async fn choices(caller: &Caller) -> Result<ComposeChoices, AppError> {
    let (db, tenant) = (caller.db(), &caller.tenant.id);
    Ok(ComposeChoices {
        schools: registry::schools(db, tenant).await?,
        services: registry::services(db, tenant).await?,
    })
}

/// Sends an operator's message to its audience; says to how many families.
pub async fn compose(
    caller: &Caller,
    message: &Compose,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let (ctx, tenant) = (&caller.ctx, &caller.tenant);
    let bad = |e: crate::domain::messages::MessageError| AppError::BadRequest(e.to_string());
    let text = MessageText::new(&message.title, &message.body).map_err(bad)?;
    let audience = Audience::parse(message.audience.as_str(), &message.target).map_err(bad)?;
    let today = tenant.booking_policy().today(now);
    let guardians = messages::audience(&ctx.db, &tenant.id, &audience, today).await?;
    if guardians.is_empty() {
        return Err(AppError::BadRequest(
            "Nessuna famiglia corrisponde ai destinatari scelti: la comunicazione non è stata inviata."
                .into(),
        ));
    }
    // An attached file of this Ente, uploaded beforehand.
    let link = match message.attachment.trim() {
        "" => None,
        id => {
            let (name, _) = messages::file(&ctx.db, &tenant.id, id)
                .await?
                .ok_or_else(|| {
                    AppError::BadRequest(
                        "L'allegato non è più disponibile: caricalo di nuovo.".into(),
                    )
                })?;
            Some((routes::message_attachment(id), format!("Allegato: {name}")))
        }
    };
    let sent = messages::broadcast(
        &ctx.db,
        &tenant.id,
        &guardians,
        &Broadcast {
            text: &text,
            link: link.as_ref().map(|(p, l)| (p.as_str(), l.as_str())),
            by: caller.fiscal_code(),
        },
        now,
    )
    .await?;
    Ok(match sent {
        1 => "Comunicazione inviata a 1 famiglia.".to_string(),
        n => format!("Comunicazione inviata a {n} famiglie."),
    })
}

/// A file for a message, from an operator: checked by content and size, then stored.
pub async fn attach(
    caller: &Caller,
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
    let (ctx, tenant) = (&caller.ctx, &caller.tenant);
    let name = crate::domain::file_size::plain_file_name(file_name);
    let by = caller.fiscal_code().as_str();
    let file = NewFile {
        name: &name,
        content_type: kind.content_type(),
        bytes,
    };
    let id = messages::add_file(&ctx.db, &ctx.files, &tenant.id, &file, by, now).await?;
    Ok((id, name))
}

/// A message's file, for the staff or a family it was sent to.
pub async fn file(caller: &Caller, id: &str) -> Result<(String, String, Vec<u8>), AppError> {
    let (ctx, tenant, me) = (&caller.ctx, &caller.tenant, &caller.me);
    let (name, content_type) = messages::file(&ctx.db, &tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let allowed = me.is_office()
        || messages::file_sent_to(&ctx.db, &tenant.id, &me.user.fiscal_code, id).await?;
    if !allowed {
        return Err(AppError::NotFound);
    }
    let bytes = ctx
        .files
        .get(&tenant.id, &format!("message-{id}"))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((name, content_type, bytes))
}
