//! The documents of a payment: the payment notice (avviso di pagamento, with the pagoPA
//! QR code) and the receipt (ricevuta) of a payment pagoPA confirmed.

use crate::backend::pdf::{PageBuilder, PAGE_WIDTH};
use crate::domain::money::Money;
use crate::domain::notice::NoticeNumber;
use qrcode::{Color, EcLevel, QrCode};

/// What a notice says: the creditor, the debtor, what and how much, by when.
pub struct NoticeFacts<'a> {
    pub ente_name: &'a str,
    pub ente_fiscal_code: &'a str,
    pub cbill: Option<&'a str>,
    pub debtor_name: &'a str,
    pub debtor_fiscal_code: &'a str,
    pub subject: &'a str,
    pub amount: Money,
    /// dd/mm/yyyy
    pub due_date: &'a str,
    pub notice: &'a NoticeNumber,
}

/// The text of the pagoPA QR code: `PAGOPA|002|<NAV>|<Ente fiscal code>|<cents>`.
pub fn qr_text(notice: &NoticeNumber, ente_fiscal_code: &str, amount: Money) -> String {
    format!(
        "PAGOPA|002|{}|{}|{}",
        notice.as_str(),
        ente_fiscal_code,
        amount.cents()
    )
}

/// One QR module, in points.
const MODULE: u16 = 3;

pub fn notice_pdf(n: &NoticeFacts<'_>) -> Vec<u8> {
    let mut page = PageBuilder::new();
    let left = 56;
    page.text(left, 780, 20, true, "AVVISO DI PAGAMENTO")
        .text(left, 760, 11, false, "pagoPA – servizi scolastici")
        .rule(left, 748, PAGE_WIDTH - 2 * left);
    let mut y = 722;
    let mut line = |page: &mut PageBuilder, label: &str, value: &str| {
        page.text(left, y, 9, false, label);
        page.text(left + 150, y, 11, true, value);
        y -= 22;
    };
    line(&mut page, "ENTE CREDITORE", n.ente_name);
    line(&mut page, "Codice fiscale Ente", n.ente_fiscal_code);
    line(&mut page, "DESTINATARIO", n.debtor_name);
    line(&mut page, "Codice fiscale", n.debtor_fiscal_code);
    line(&mut page, "OGGETTO", n.subject);
    line(&mut page, "IMPORTO", &n.amount.to_string());
    line(&mut page, "ENTRO IL", n.due_date);
    line(&mut page, "CODICE AVVISO", &n.notice.grouped());
    if let Some(cbill) = n.cbill {
        line(&mut page, "CODICE CBILL", cbill);
    }
    page.rule(left, y + 8, PAGE_WIDTH - 2 * left);
    page.text(left, y - 14, 11, true, "Dove pagare")
        .text(
            left,
            y - 32,
            10,
            false,
            "Online sul sito del Comune o con l'app IO, oppure in banca, alla posta,",
        )
        .text(
            left,
            y - 46,
            10,
            false,
            "in tabaccheria o con l'app della tua banca: inquadra il codice QR o",
        )
        .text(
            left,
            y - 60,
            10,
            false,
            "indica il codice avviso e il codice fiscale dell'Ente.",
        );
    draw_qr(
        &mut page,
        &qr_text(n.notice, n.ente_fiscal_code, n.amount),
        left,
        120,
    );
    page.text(left + 180, 200, 9, false, "Inquadra il codice QR con l'app")
        .text(left + 180, 186, 9, false, "della tua banca o con l'app IO.");
    page.finish(&format!("Avviso di pagamento {}", n.notice))
}

/// The QR code (error correction M, as pagoPA asks) with its quiet zone, bottom-left at (x, y).
fn draw_qr(page: &mut PageBuilder, text: &str, x: u16, y: u16) {
    let Ok(code) = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) else {
        // A 60-character text always fits; if it ever did not, the notice code still does.
        tracing::error!(text, "QR code could not be encoded");
        return;
    };
    let width = code.width();
    let colors = code.to_colors();
    for (i, color) in colors.iter().enumerate() {
        if *color != Color::Dark {
            continue;
        }
        let (col, row) = (i % width, i / width);
        let (Ok(col), Ok(row), Ok(w)) =
            (u16::try_from(col), u16::try_from(row), u16::try_from(width))
        else {
            continue;
        };
        // Rows go down the page from the top of the code.
        page.fill_rect(
            x + 4 * MODULE + col * MODULE,
            y + 4 * MODULE + (w - 1 - row) * MODULE,
            MODULE,
            MODULE,
        );
    }
}

/// What a receipt says.
pub struct ReceiptFacts<'a> {
    pub ente_name: &'a str,
    pub ente_fiscal_code: &'a str,
    pub payer_name: &'a str,
    pub payer_fiscal_code: &'a str,
    pub subject: &'a str,
    pub amount: Money,
    /// dd/mm/yyyy alle hh:mm
    pub paid_at: &'a str,
    pub notice: &'a NoticeNumber,
}

pub fn receipt_pdf(r: &ReceiptFacts<'_>) -> Vec<u8> {
    let mut page = PageBuilder::new();
    let left = 56;
    page.text(left, 780, 20, true, "RICEVUTA DI PAGAMENTO")
        .text(left, 760, 11, false, "Pagamento eseguito tramite pagoPA")
        .rule(left, 748, PAGE_WIDTH - 2 * left);
    let mut y = 722;
    for (label, value) in [
        ("ENTE CREDITORE", r.ente_name),
        ("Codice fiscale Ente", r.ente_fiscal_code),
        ("PAGATORE", r.payer_name),
        ("Codice fiscale", r.payer_fiscal_code),
        ("CAUSALE", r.subject),
        ("IMPORTO PAGATO", &r.amount.to_string()),
        ("DATA DEL PAGAMENTO", r.paid_at),
        ("CODICE AVVISO", &r.notice.grouped()),
        ("IUV", r.notice.iuv()),
    ] {
        page.text(left, y, 9, false, label);
        page.text(left + 150, y, 11, true, value);
        y -= 22;
    }
    page.text(left, y - 20, 9, false, "Documento generato dal portale dei servizi scolastici sulla base della conferma di pagoPA.");
    page.finish(&format!("Ricevuta {}", r.notice))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::pdf::inspect;
    use crate::domain::tenant::SegregationCode;

    fn nav() -> NoticeNumber {
        NoticeNumber::new(
            SegregationCode::parse("02").expect("code"),
            2_026_000_000_042,
        )
        .expect("nav")
    }

    /// Rebuilds the QR code from the rectangles drawn on the page and decodes it.
    fn decode_qr(pdf: &[u8]) -> String {
        let modules: Vec<(u16, u16)> = inspect::rectangles(pdf)
            .into_iter()
            .filter(|r| r.2 == MODULE && r.3 == MODULE)
            .map(|r| (r.0, r.1))
            .collect();
        assert!(modules.len() > 100, "a QR code is drawn");
        let min_x = modules.iter().map(|m| m.0).min().expect("x") - 4 * MODULE;
        let min_y = modules.iter().map(|m| m.1).min().expect("y") - 4 * MODULE;
        let max_x = modules.iter().map(|m| m.0).max().expect("x") + 5 * MODULE;
        let max_y = modules.iter().map(|m| m.1).max().expect("y") + 5 * MODULE;
        let (w, h) = (usize::from(max_x - min_x), usize::from(max_y - min_y));
        let dark: std::collections::HashSet<(u16, u16)> = modules.into_iter().collect();
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
            // Image rows go down; PDF y goes up.
            let px = min_x + u16::try_from(x).unwrap_or(0);
            let py = max_y - 1 - u16::try_from(y).unwrap_or(0);
            let cell = (px - (px - min_x) % MODULE, py - (py - min_y) % MODULE);
            if dark.contains(&cell) {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code");
        let (_, content) = grids[0].decode().expect("decodable");
        content
    }

    #[test]
    fn the_notice_has_the_facts_and_a_readable_pagopa_qr_code() {
        let notice = nav();
        let pdf = notice_pdf(&NoticeFacts {
            ente_name: "Comune di Valleverde",
            ente_fiscal_code: "82012345672",
            cbill: Some("A1B2C"),
            debtor_name: "Mario Rossi",
            debtor_fiscal_code: "RSSMRA80A01H501U",
            subject: "Ricarica Refezione Scolastica - Rossi",
            amount: Money::from_cents(123_456),
            due_date: "28/12/2026",
            notice: &notice,
        });
        let texts = inspect::texts(&pdf);
        for expected in [
            "Comune di Valleverde",
            "82012345672",
            "Mario Rossi",
            "RSSMRA80A01H501U",
            "Ricarica Refezione Scolastica - Rossi",
            "1.234,56 €",
            "28/12/2026",
            notice.grouped().as_str(),
            "A1B2C",
        ] {
            assert!(
                texts.iter().any(|t| t == expected),
                "{expected} in {texts:?}"
            );
        }
        assert_eq!(notice.grouped(), "3022 0260 0000 0042 84");
        assert_eq!(
            decode_qr(&pdf),
            format!("PAGOPA|002|{}|82012345672|123456", notice.as_str())
        );
    }

    #[test]
    fn the_receipt_has_the_facts() {
        let notice = nav();
        let pdf = receipt_pdf(&ReceiptFacts {
            ente_name: "Comune di Valleverde",
            ente_fiscal_code: "82012345672",
            payer_name: "Mario Rossi",
            payer_fiscal_code: "RSSMRA80A01H501U",
            subject: "Ricarica",
            amount: Money::from_cents(2_000),
            paid_at: "28/11/2026 alle 10:15",
            notice: &notice,
        });
        let texts = inspect::texts(&pdf);
        for expected in [
            "RICEVUTA DI PAGAMENTO",
            "20,00 €",
            "28/11/2026 alle 10:15",
            notice.iuv(),
        ] {
            assert!(
                texts.iter().any(|t| t == expected),
                "{expected} in {texts:?}"
            );
        }
    }
}
