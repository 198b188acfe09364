//! The Ente's news: what the public reads (published items whose time has come) and what
//! the office writes (drafts, publication now or at a set time, withdrawal, an image with
//! its alt text, attached documents). Every change of the office is in the audit log.

use crate::backend::auth::{Caller, Visitor};
use crate::backend::store::{audit, documents, news, NewFile};
use crate::domain::audit::AuditAction;
use crate::domain::content::{
    check_alt, check_news_text, ContentError, NewsState, Publication, PublishMode,
};
use crate::domain::forms::{FileType, MAX_FILE_BYTES};
use crate::domain::identity::Role;
use crate::domain::ids::{DocumentId, NewsId};
use crate::domain::markdown;
use crate::domain::paging::{Page, PageNumber};
use crate::error::AppError;
use crate::model::news::{
    NewsAttachment, NewsDetail, NewsEdit, NewsImage, NewsRow, NewsSaved, NewsSummary,
};
use crate::routes;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// The office's list shows the latest items, in any state.
const OFFICE_LIST_LIMIT: u32 = 200;

fn image_of(n: &news::News) -> Option<NewsImage> {
    n.image.as_ref().map(|i| NewsImage {
        url: routes::news_image(&n.id, &i.key),
        alt: i.alt.clone(),
    })
}

/// One page of the Ente's news, newest first; a page past the end gives the last page.
pub async fn page(visitor: &Visitor, page: u32) -> Result<Page<NewsSummary>, AppError> {
    let tenant = &visitor.tenant;
    let per_page = visitor.ctx.news_per_page;
    let page = PageNumber::new(page);
    let found = news::page(visitor.db(), &tenant.id, page, per_page, Utc::now()).await?;
    Ok(Page {
        items: found
            .items
            .into_iter()
            .map(|n| NewsSummary {
                published_on: n.published_at.with_timezone(&tenant.time_zone).date_naive(),
                image: image_of(&n),
                id: n.id,
                title: n.title,
                summary: n.summary,
            })
            .collect(),
        page: found.page,
        total_pages: found.total_pages,
        total_items: found.total_items,
    })
}

fn is_office(me: Option<&crate::backend::auth::CurrentUser>) -> bool {
    me.is_some_and(|me| me.has(Role::Operator) || me.has(Role::Admin))
}

/// A published item; the office also previews the others (marked with their state).
pub async fn item(visitor: &Visitor, id: &NewsId) -> Result<NewsDetail, AppError> {
    let (tenant, now) = (&visitor.tenant, Utc::now());
    let n = news::get(visitor.db(), &tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let public = n.is_public(now);
    if !public && !is_office(visitor.me.as_ref()) {
        return Err(AppError::NotFound);
    }
    let attachments = news::attachments(visitor.db(), &tenant.id, id).await?;
    Ok(NewsDetail {
        published_on: n.published_at.with_timezone(&tenant.time_zone).date_naive(),
        body_html: markdown::to_html(&n.body),
        image: image_of(&n),
        attachments: attachments
            .into_iter()
            .filter(|(_, _, published)| *published)
            .map(|(id, title, _)| NewsAttachment {
                url: routes::document_download(&id),
                title,
            })
            .collect(),
        preview_of: (!public).then(|| NewsState::of(n.publication, n.published_at, now)),
        id: n.id,
        title: n.title,
        summary: n.summary,
    })
}

/// A news item's image, for whoever may see the item: (content type, bytes, public).
pub async fn image(visitor: &Visitor, id: &NewsId) -> Result<(String, Vec<u8>, bool), AppError> {
    let tenant = &visitor.tenant;
    let n = news::get(visitor.db(), &tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let public = n.is_public(Utc::now());
    let image = n.image.ok_or(AppError::NotFound)?;
    if !public && !is_office(visitor.me.as_ref()) {
        return Err(AppError::NotFound);
    }
    let bytes = visitor
        .ctx
        .files
        .get(&tenant.id, &image.key)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((image.content_type, bytes, public))
}

fn local_minutes(at: DateTime<Utc>, zone: Tz, format: &str) -> String {
    at.with_timezone(&zone).format(format).to_string()
}

/// The office's list: every item with its state, the latest first.
pub async fn list(caller: &Caller) -> Result<Vec<NewsRow>, AppError> {
    let (tenant, now) = (&caller.tenant, Utc::now());
    let items = news::list_all(caller.db(), &tenant.id, OFFICE_LIST_LIMIT).await?;
    Ok(items
        .into_iter()
        .map(|n| NewsRow {
            state: NewsState::of(n.publication, n.published_at, now),
            when: local_minutes(n.published_at, tenant.time_zone, "%d/%m/%Y %H:%M"),
            has_image: n.image.is_some(),
            id: n.id,
            title: n.title,
        })
        .collect())
}

/// An item as the office edits it, with its preview and the documents it may attach.
pub async fn edit(caller: &Caller, id: &NewsId) -> Result<NewsEdit, AppError> {
    let (tenant, now) = (&caller.tenant, Utc::now());
    let n = news::get(caller.db(), &tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let attachments = news::attachments(caller.db(), &tenant.id, id).await?;
    let documents = documents::list(caller.db(), &tenant.id, false).await?;
    Ok(NewsEdit {
        state: NewsState::of(n.publication, n.published_at, now),
        publish_at: local_minutes(n.published_at, tenant.time_zone, "%Y-%m-%dT%H:%M"),
        preview_html: markdown::to_html(&n.body),
        image: image_of(&n),
        documents: documents
            .into_iter()
            .filter(|d| !attachments.iter().any(|(a, _, _)| *a == d.id))
            .map(|d| (d.id, d.title))
            .collect(),
        attachments: attachments.into_iter().map(|(id, t, _)| (id, t)).collect(),
        id: n.id,
        title: n.title,
        summary: n.summary,
        body: n.body,
    })
}

/// A `datetime-local` value in the Ente's time, as an instant.
fn instant_in(zone: Tz, local: &str) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    let naive = chrono::NaiveDateTime::parse_from_str(local.trim(), "%Y-%m-%dT%H:%M").ok()?;
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// What the office typed in the news form.
pub struct NewsForm {
    /// None for a new item.
    pub id: Option<NewsId>,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub mode: PublishMode,
    /// For [`PublishMode::Schedule`]: when, in the Ente's time.
    pub publish_at: String,
}

impl NewsForm {
    pub fn new(
        id: Option<NewsId>,
        title: String,
        summary: String,
        body: String,
        mode: PublishMode,
        publish_at: String,
    ) -> Self {
        NewsForm {
            id,
            title,
            summary,
            body,
            mode,
            publish_at,
        }
    }
}

/// Saves a new item or changes one, as a draft, published now or scheduled.
pub async fn save(caller: &Caller, form: &NewsForm) -> Result<NewsSaved, AppError> {
    let (id, now) = (form.id.as_ref(), Utc::now());
    let (title, summary, body) = check_news_text(&form.title, &form.summary, &form.body)?;
    let tenant = &caller.tenant;
    let before = match id {
        Some(id) => Some(
            news::get(caller.db(), &tenant.id, id)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let kept = before.as_ref().map_or(now, |b| b.published_at);
    let (publication, published_at, action) = match form.mode {
        PublishMode::Draft => (Publication::Draft, kept, AuditAction::NewsSaved),
        // Editing an item already out keeps its date.
        PublishMode::Now => {
            let out = before.as_ref().is_some_and(|b| b.is_public(now));
            let at = if out { kept } else { now };
            (Publication::Published, at, AuditAction::NewsPublished)
        }
        PublishMode::Schedule => {
            if form.publish_at.trim().is_empty() {
                return Err(ContentError::ScheduleMissing.into());
            }
            let at = instant_in(tenant.time_zone, &form.publish_at)
                .ok_or(ContentError::ScheduleMissing)?;
            if at <= now {
                return Err(ContentError::ScheduleInPast.into());
            }
            (Publication::Published, at, AuditAction::NewsScheduled)
        }
    };
    let text = news::NewNews {
        title,
        summary,
        body,
        published_at,
    };
    let by = caller.fiscal_code();
    let mut tx = caller.db().begin().await?;
    let saved = news::save(
        &mut tx,
        &tenant.id,
        id,
        &text,
        publication,
        by.as_str(),
        now,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let before_state = before.map(|b| NewsState::of(b.publication, b.published_at, now));
    let after_state = NewsState::of(publication, published_at, now);
    let change = audit::Change {
        actor: by,
        action,
        subject: title,
        before: before_state.map(NewsState::as_str),
        after: Some(after_state.as_str()),
    };
    audit::append(&mut tx, &tenant.id, &change, now).await?;
    tx.commit().await?;
    Ok(NewsSaved {
        id: saved,
        mode: form.mode,
    })
}

/// Withdraws an item: the public no longer find it (404); the office can publish it again.
pub async fn withdraw(
    caller: &Caller,
    id: &NewsId,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let tenant = &caller.tenant;
    let n = news::get(caller.db(), &tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let by = caller.fiscal_code();
    let mut tx = caller.db().begin().await?;
    news::set_publication(
        &mut tx,
        &tenant.id,
        id,
        Publication::Withdrawn,
        by.as_str(),
        now,
    )
    .await?;
    let change = audit::Change {
        actor: by,
        action: AuditAction::NewsWithdrawn,
        subject: &n.title,
        before: Some(NewsState::of(n.publication, n.published_at, now).as_str()),
        after: Some(NewsState::Withdrawn.as_str()),
    };
    audit::append(&mut tx, &tenant.id, &change, now).await?;
    tx.commit().await?;
    Ok(format!(
        "«{}» è stata ritirata: non è più visibile sul sito.",
        n.title
    ))
}

/// A new image with its alt text (both required), or a new alt text for the current image
/// (no file): checked by content and size, stored with its audit entry, or not at all.
pub async fn set_image(
    caller: &Caller,
    id: &NewsId,
    bytes: &[u8],
    alt: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let tenant = &caller.tenant;
    let n = news::get(caller.db(), &tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let file = if bytes.is_empty() {
        if n.image.is_none() {
            return Err(ContentError::ImageMissing.into());
        }
        None
    } else {
        if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
            return Err(ContentError::FileTooBig.into());
        }
        match FileType::sniff(bytes) {
            Some(kind @ (FileType::Jpeg | FileType::Png)) => Some(NewFile {
                name: "immagine",
                content_type: kind.content_type(),
                bytes,
            }),
            _ => return Err(ContentError::ImageType.into()),
        }
    };
    let alt = check_alt(alt)?;
    let (ctx, by) = (&caller.ctx, caller.fiscal_code());
    let mut tx = ctx.db.begin().await?;
    news::set_image(&mut tx, &ctx.files, &tenant.id, id, file.as_ref(), alt).await?;
    let change = audit::Change {
        actor: by,
        action: AuditAction::NewsImageChanged,
        subject: &n.title,
        before: n.image.as_ref().map(|i| i.alt.as_str()),
        after: Some(alt),
    };
    audit::append(&mut tx, &tenant.id, &change, now).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_image(
    caller: &Caller,
    id: &NewsId,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let tenant = &caller.tenant;
    let n = news::get(caller.db(), &tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(image) = &n.image else {
        return Ok("La notizia non ha un'immagine.".into());
    };
    let mut tx = caller.db().begin().await?;
    news::remove_image(&mut tx, &tenant.id, id).await?;
    let change = audit::Change {
        actor: caller.fiscal_code(),
        action: AuditAction::NewsImageChanged,
        subject: &n.title,
        before: Some(&image.alt),
        after: None,
    };
    audit::append(&mut tx, &tenant.id, &change, now).await?;
    tx.commit().await?;
    Ok("Immagine tolta dalla notizia.".into())
}

/// Attaches (`attach`) one of the Ente's documents to an item, or takes it off.
pub async fn attach(
    caller: &Caller,
    id: &NewsId,
    document: &DocumentId,
    attach: bool,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let tenant = &caller.tenant;
    let n = news::get(caller.db(), &tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let doc = documents::get(caller.db(), &tenant.id, document)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = caller.db().begin().await?;
    let changed = if attach {
        news::attach(&mut tx, &tenant.id, id, document, now).await?
    } else {
        news::detach(&mut tx, &tenant.id, id, document).await?
    };
    if changed {
        let (before, after) = if attach {
            (None, Some(doc.title.as_str()))
        } else {
            (Some(doc.title.as_str()), None)
        };
        let change = audit::Change {
            actor: caller.fiscal_code(),
            action: AuditAction::NewsAttachmentsChanged,
            subject: &n.title,
            before,
            after,
        };
        audit::append(&mut tx, &tenant.id, &change, now).await?;
    }
    tx.commit().await?;
    Ok(match attach {
        true => format!("Allegato «{}» aggiunto.", doc.title),
        false => format!("Allegato «{}» tolto.", doc.title),
    })
}
