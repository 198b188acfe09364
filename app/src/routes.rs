//! Every path of the portal in one place. Links, redirects, the server's routes, the service
//! worker's lists and the tests build paths here, so a page cannot move and leave a stale
//! link behind. The route table in `app.rs` needs literals (`path!`); a test checks that it
//! matches these.

use std::fmt::Display;

pub const HOME: &str = "/";
pub const NEWS: &str = "/notizie";
pub const DOCUMENTS: &str = "/documenti";
pub const LOGIN: &str = "/accedi";
/// The area personale: everything below needs a signed-in person.
pub const PERSONAL: &str = "/area-personale";
pub const PAYMENTS: &str = "/area-personale/pagamenti";
/// Pagamenti with the top-up dialog open.
pub const PAYMENTS_RECHARGE: &str = "/area-personale/pagamenti?ricarica=1";
pub const BOOKINGS: &str = "/area-personale/prenotazioni";
pub const FORMS: &str = "/area-personale/moduli";
/// The operators' queue of submitted forms.
pub const REVIEW_QUEUE: &str = "/area-personale/pratiche";
pub const MESSAGES: &str = "/area-personale/comunicazioni";
pub const MESSAGE_COMPOSE: &str = "/area-personale/comunicazioni/nuova";
/// Where operators' attachments to messages are uploaded.
pub const MESSAGE_ATTACHMENTS: &str = "/area-personale/comunicazioni/allegati";
pub const STAFF: &str = "/area-personale/personale";
pub const KITCHEN: &str = "/area-personale/cucina";
pub const KITCHEN_CSV: &str = "/area-personale/cucina.csv";
pub const ATTENDANCE: &str = "/area-personale/presenze";
/// The school calendar: months, closures, school years (the office).
pub const CALENDAR: &str = "/area-personale/calendario";
/// Anagrafe alunni: the registry list's import, the classes, the new school year.
pub const REGISTRY: &str = "/area-personale/anagrafe";
/// Where the office uploads a registry list (CSV), before choosing its columns.
pub const REGISTRY_UPLOAD: &str = "/area-personale/anagrafe/carica";
/// "Nuovo anno scolastico": the passage's preview and confirmation.
pub const REGISTRY_NEW_YEAR: &str = "/area-personale/anagrafe/nuovo-anno";
/// Where the office uploads a regional calendar (CSV or ICS) to import its closures.
pub const CALENDAR_IMPORT: &str = "/area-personale/calendario/importa";
/// The canteen's booking settings (the office).
pub const BOOKING_SETTINGS: &str = "/area-personale/impostazioni-prenotazioni";
/// Famiglie: the office looks up a family (read only).
pub const FAMILIES: &str = "/area-personale/famiglie";
/// The audit log (administrators).
pub const AUDIT: &str = "/area-personale/registro";
/// The services' price lists (operators and administrators).
pub const TARIFFS: &str = "/area-personale/tariffe";
/// Schools, classes, services and the Ente's pagoPA identifiers (the office).
pub const SETUP: &str = "/area-personale/scuole-e-servizi";
/// The schools' menus and the editor of a new version (the office).
pub const MENUS: &str = "/area-personale/menu";
/// Contenuti: the office's news, documents and pages.
pub const CONTENT: &str = "/area-personale/contenuti";
pub const CONTENT_NEWS_NEW: &str = "/area-personale/contenuti/notizie/nuova";
pub const CONTENT_DOCUMENTS: &str = "/area-personale/contenuti/documenti";
/// Where the office uploads a new document (a plain multipart POST).
pub const CONTENT_DOCUMENT_UPLOAD: &str = "/area-personale/contenuti/documenti/carica";
pub const CONTENT_PAGES: &str = "/area-personale/contenuti/pagine";
/// The Ente's own pages (privacy, contacts…).
pub const SITE_PAGES: &str = "/pagine";
/// The PDF copies of submitted forms (`<id>.pdf`).
pub const FORM_COPIES: &str = "/area-personale/moduli/copie";
/// The expense certificates (`<year>.pdf`).
pub const TAX_CERTIFICATES: &str = "/area-personale/attestazioni";

/// The printable menu of a school, public: families print it or keep it on the fridge.
pub const MENU_PRINT: &str = "/menu";

/// A family's page for the office, by its tutore's fiscal code.
pub fn family(fiscal_code: impl Display) -> String {
    format!("{FAMILIES}/{fiscal_code}")
}

pub fn menu_print(school: impl Display) -> String {
    format!("{MENU_PRINT}/{school}")
}

pub fn news_item(id: impl Display) -> String {
    format!("{NEWS}/{id}")
}

/// A news item's image; `version` changes with the image, so caches never show an old one.
pub fn news_image(id: impl Display, version: impl Display) -> String {
    format!("{}?v={version}", news_image_path(id))
}

pub fn news_image_path(id: impl Display) -> String {
    format!("{NEWS}/{id}/immagine")
}

/// A page of the Ente (`privacy`, `contatti`…).
pub fn site_page(slug: impl Display) -> String {
    format!("{SITE_PAGES}/{slug}")
}

/// The office's editor of a news item.
pub fn content_news(id: impl Display) -> String {
    format!("{CONTENT}/notizie/{id}")
}

/// The editor after a save, saying what the save did (`bozza`, `pubblica`, `programma`).
pub fn content_news_saved(id: impl Display, mode: impl Display) -> String {
    format!("{}?salvata={mode}", content_news(id))
}

/// Where the office uploads a news item's image (a plain multipart POST).
pub fn content_news_image(id: impl Display) -> String {
    format!("{}/immagine", content_news(id))
}

/// Where the office uploads a new version of a document (a plain multipart POST).
pub fn content_document_replace(id: impl Display) -> String {
    format!("{CONTENT_DOCUMENTS}/{id}/sostituisci")
}

/// The office's editor of a page.
pub fn content_page(slug: impl Display) -> String {
    format!("{CONTENT_PAGES}/{slug}")
}

/// The page editor after a save.
pub fn content_page_saved(slug: impl Display) -> String {
    format!("{}?salvata=1", content_page(slug))
}

/// A published document's file.
pub fn document_download(document: impl Display) -> String {
    format!("{DOCUMENTS}/{document}/scarica")
}

/// A payment's PDF (`avviso.pdf` or `ricevuta.pdf`).
pub fn payment_document(payment: impl Display, document: impl Display) -> String {
    format!("{PAYMENTS}/{payment}/{document}")
}

/// The page a family comes back to from Checkout (and lands on without JavaScript).
pub fn payment_outcome(payment: impl Display) -> String {
    format!("{PAYMENTS}/esito/{payment}")
}

/// The printable pagoPA notice of a payment.
pub fn payment_notice_pdf(payment: impl Display) -> String {
    payment_document(payment, "avviso.pdf")
}

/// The receipt of a paid payment.
pub fn payment_receipt_pdf(payment: impl Display) -> String {
    payment_document(payment, "ricevuta.pdf")
}

pub fn form(code: impl Display) -> String {
    format!("{FORMS}/{code}")
}

/// Where a form's file answers are uploaded (a plain POST, before or without JavaScript).
pub fn form_uploads(code: impl Display) -> String {
    format!("{FORMS}/{code}/allegati")
}

/// A form page after an upload, with the upload's outcome.
pub fn form_after_upload(code: impl Display, outcome: impl Display) -> String {
    format!("{FORMS}/{code}?allegato={outcome}")
}

/// The PDF copy of a submitted form.
pub fn form_copy_pdf(submission: impl Display) -> String {
    format!("{FORM_COPIES}/{submission}.pdf")
}

/// A file attached to a form answer.
pub fn form_attachment(file: impl Display) -> String {
    format!("{FORMS}/allegati/{file}")
}

/// The menus of one school.
pub fn menus_of(school: impl Display) -> String {
    format!("{MENUS}?scuola={school}")
}

/// The tariffs page of a service, after its new list was saved by a plain form post.
pub fn tariffs_saved(service: impl Display) -> String {
    format!("{TARIFFS}?servizio={service}&salvato=1")
}

pub fn review(submission: impl Display) -> String {
    format!("{REVIEW_QUEUE}/{submission}")
}

pub fn message_attachment(message: impl Display) -> String {
    format!("{MESSAGE_ATTACHMENTS}/{message}")
}

/// The calendar at a month (`2026-12`) of a school (empty: the whole Ente).
pub fn calendar_month(month: impl Display, school: impl Display) -> String {
    format!("{CALENDAR}?mese={month}&scuola={school}")
}

/// The registry page with an uploaded list, for the choice of its columns.
pub fn registry_upload(file: impl Display) -> String {
    format!("{REGISTRY}?file={file}")
}

/// The registry page after an import, showing its report.
pub fn registry_after_import(report: impl Display) -> String {
    format!("{REGISTRY}?importazione={report}")
}

/// The calendar after an import, showing its report.
pub fn calendar_after_import(report: impl Display) -> String {
    format!("{CALENDAR}?importazione={report}")
}

/// The kitchen counts of a day as CSV (`day` as `YYYY-MM-DD`).
pub fn kitchen_csv(day: impl Display) -> String {
    format!("{KITCHEN_CSV}?giorno={day}")
}

/// The expense certificate (730) of a calendar year.
pub fn tax_certificate_pdf(year: impl Display) -> String {
    format!("{TAX_CERTIFICATES}/{year}.pdf")
}

/// The login page, coming back to `to` afterwards (`to` encoded as a form value).
pub fn login_then(to: &str) -> String {
    let mut query = String::new();
    for b in to.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                query.push(char::from(b))
            }
            b' ' => query.push('+'),
            _ => query.push_str(&format!("%{b:02X}")),
        }
    }
    format!("{LOGIN}?ritorno={query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `path!` literals of the route table in app.rs.
    fn routed() -> Vec<String> {
        let app = include_str!("app.rs");
        app.split("path!(\"")
            .skip(1)
            .filter_map(|rest| rest.split_once('"').map(|(p, _)| p.to_string()))
            .collect()
    }

    #[test]
    fn every_page_path_is_in_the_route_table() {
        let routed = routed();
        let pages = [
            HOME.to_string(),
            NEWS.into(),
            news_item(":id"),
            DOCUMENTS.into(),
            LOGIN.into(),
            PERSONAL.into(),
            PAYMENTS.into(),
            payment_outcome(":id"),
            BOOKINGS.into(),
            FORMS.into(),
            form(":code"),
            REVIEW_QUEUE.into(),
            review(":id"),
            MESSAGES.into(),
            MESSAGE_COMPOSE.into(),
            STAFF.into(),
            KITCHEN.into(),
            ATTENDANCE.into(),
            AUDIT.into(),
            FAMILIES.into(),
            family(":cf"),
            CALENDAR.into(),
            REGISTRY.into(),
            REGISTRY_NEW_YEAR.into(),
            BOOKING_SETTINGS.into(),
            TARIFFS.into(),
            SETUP.into(),
            MENUS.into(),
            menu_print(":school"),
            site_page(":slug"),
            CONTENT.into(),
            CONTENT_NEWS_NEW.into(),
            content_news(":id"),
            CONTENT_DOCUMENTS.into(),
            CONTENT_PAGES.into(),
            content_page(":slug"),
        ];
        for page in &pages {
            assert!(routed.contains(page), "{page} is not in app.rs");
        }
        for route in &routed {
            assert!(pages.contains(route), "{route} has no builder here");
        }
    }

    #[test]
    fn builders_put_ids_in_place() {
        assert_eq!(payment_outcome("p1"), "/area-personale/pagamenti/esito/p1");
        assert_eq!(
            payment_notice_pdf("p1"),
            "/area-personale/pagamenti/p1/avviso.pdf"
        );
        assert_eq!(
            form_after_upload("MENSA", "ok"),
            "/area-personale/moduli/MENSA?allegato=ok"
        );
        assert_eq!(news_image("n1", "k2"), "/notizie/n1/immagine?v=k2");
        assert_eq!(
            content_document_replace("d1"),
            "/area-personale/contenuti/documenti/d1/sostituisci"
        );
        assert_eq!(
            kitchen_csv("2026-12-01"),
            "/area-personale/cucina.csv?giorno=2026-12-01"
        );
        assert_eq!(
            login_then("/area-personale?x=1&y=è"),
            "/accedi?ritorno=%2Farea-personale%3Fx%3D1%26y%3D%C3%A8"
        );
    }
}
