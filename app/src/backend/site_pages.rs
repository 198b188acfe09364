//! The Ente's pages: the five every PA site must have (privacy, accessibility, legal notes,
//! contacts, FAQ), in the footer of every page, and any other the office writes.
//!
//! A mandatory page the office has not written yet shows a minimal text naming the Ente
//! (its default, also the editor's starting point): the link is never missing. One the
//! office has written and then unpublished is hidden, from the footer and from its address.

use crate::backend::auth::{Caller, Visitor};
use crate::backend::store::{audit, site_pages, Tenant};
use crate::domain::audit::AuditAction;
use crate::domain::content::{check_body, check_title, is_slug, slug_of, ContentError, PageSlot};
use crate::domain::markdown;
use crate::error::AppError;
use crate::model::site_pages::{FooterLink, PageEdit, PageRow, SitePageView};
use crate::routes;
use chrono::{DateTime, Utc};
use sqlx::AnyPool;

/// A page as it stands: written by the office, or the default of a mandatory slot.
fn resolve(tenant: &Tenant, slug: &str, row: Option<site_pages::SitePage>) -> Option<PageEdit> {
    let slot = PageSlot::from_slug(slug);
    let (title, body, published, written) = match (row, slot) {
        (Some(p), _) => (p.title, p.body, p.published, true),
        (None, Some(slot)) => (
            slot.title().to_string(),
            slot.default_body(&tenant.name, &tenant.address),
            true,
            false,
        ),
        (None, None) => return None,
    };
    Some(PageEdit {
        slug: slug.to_string(),
        preview_html: markdown::to_html(&body),
        mandatory: slot.is_some(),
        title,
        body,
        published,
        written,
    })
}

/// A page for the public: published (or a mandatory one not written yet), or 404.
pub async fn page(visitor: &Visitor, slug: &str) -> Result<SitePageView, AppError> {
    if !is_slug(slug) {
        return Err(AppError::NotFound);
    }
    let tenant = &visitor.tenant;
    let row = site_pages::get(visitor.db(), &tenant.id, slug).await?;
    let page = resolve(tenant, slug, row)
        .filter(|p| p.published)
        .ok_or(AppError::NotFound)?;
    Ok(SitePageView {
        title: page.title,
        body_html: page.preview_html,
    })
}

/// The footer's links: the mandatory pages in their order, then the others by title.
pub async fn footer_links(db: &AnyPool, tenant: &Tenant) -> Result<Vec<FooterLink>, AppError> {
    let rows = site_pages::list(db, &tenant.id).await?;
    let mandatory = PageSlot::ALL.iter().filter_map(|slot| {
        match rows.iter().find(|p| p.slug == slot.as_str()) {
            Some(p) if !p.published => None,
            Some(p) => Some((slot.as_str(), p.title.clone())),
            None => Some((slot.as_str(), slot.title().to_string())),
        }
    });
    let own = rows
        .iter()
        .filter(|p| p.published && PageSlot::from_slug(&p.slug).is_none())
        .map(|p| (p.slug.as_str(), p.title.clone()));
    Ok(mandatory
        .chain(own)
        .map(|(slug, title)| FooterLink {
            href: routes::site_page(slug),
            title,
        })
        .collect())
}

/// The office's list: the five mandatory pages, then the others.
pub async fn list(caller: &Caller) -> Result<Vec<PageRow>, AppError> {
    let tenant = &caller.tenant;
    let rows = site_pages::list(caller.db(), &tenant.id).await?;
    let state = |p: Option<&site_pages::SitePage>| match p {
        None => "Da scrivere: è mostrato un testo minimo",
        Some(p) if p.published => "Pubblicata",
        Some(_) => "Non pubblicata",
    };
    let mandatory = PageSlot::ALL.iter().map(|slot| {
        let row = rows.iter().find(|p| p.slug == slot.as_str());
        PageRow {
            slug: slot.as_str().to_string(),
            title: row.map_or(slot.title(), |p| p.title.as_str()).to_string(),
            mandatory: true,
            state: state(row).to_string(),
        }
    });
    let own = rows
        .iter()
        .filter(|p| PageSlot::from_slug(&p.slug).is_none())
        .map(|p| PageRow {
            slug: p.slug.clone(),
            title: p.title.clone(),
            mandatory: false,
            state: state(Some(p)).to_string(),
        });
    Ok(mandatory.chain(own).collect())
}

pub async fn edit(caller: &Caller, slug: &str) -> Result<PageEdit, AppError> {
    let tenant = &caller.tenant;
    if !is_slug(slug) {
        return Err(AppError::NotFound);
    }
    let row = site_pages::get(caller.db(), &tenant.id, slug).await?;
    resolve(tenant, slug, row).ok_or(AppError::NotFound)
}

/// Saves a page: a mandatory one, an existing one, or (empty `slug`) a new one whose
/// address comes from its title. Returns the page's slug.
pub async fn save(
    caller: &Caller,
    slug: &str,
    title: &str,
    body: &str,
    published: bool,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let title = check_title(title)?;
    let body = check_body(body)?;
    let tenant = &caller.tenant;
    let (slug, create) = if slug.is_empty() {
        let slug = slug_of(title);
        if slug.is_empty() || PageSlot::from_slug(&slug).is_some() {
            return Err(ContentError::PageExists.into());
        }
        (slug, true)
    } else {
        let existing = edit(caller, slug).await?;
        (existing.slug, !existing.written)
    };
    let page = site_pages::NewSitePage {
        slug: &slug,
        title,
        body,
        published,
    };
    let by = caller.fiscal_code();
    let mut tx = caller.db().begin().await?;
    if !site_pages::save(&mut tx, &tenant.id, &page, create, by.as_str(), now).await? {
        tx.rollback().await?;
        return Err(ContentError::PageExists.into());
    }
    let change = audit::Change {
        actor: by,
        action: AuditAction::PageChanged,
        subject: title,
        before: None,
        after: Some(if published {
            "pubblicata"
        } else {
            "non pubblicata"
        }),
    };
    audit::append(&mut tx, &tenant.id, &change, now).await?;
    tx.commit().await?;
    Ok(slug)
}
