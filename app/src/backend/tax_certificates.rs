//! The yearly certificates of school-service expenses (730): computed from the confirmed
//! payments of the year, published in Comunicazioni once per family and year, and drawn as
//! a PDF (one page per pupil) when the family downloads it.

use crate::backend::auth::Caller;
use crate::backend::pdf::{PageBuilder, PAGE_WIDTH};
use crate::backend::store::tax_certificates::{self, CertificateLine};
use crate::backend::store::{messages, StoreError, Tenant};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sqlx::AnyPool;

/// What a run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Published {
    pub certificates: u32,
    pub families: u32,
    pub new_messages: u32,
}

/// The download path of a family's certificate of `year`.
pub fn path(year: i32) -> String {
    crate::routes::tax_certificate_pdf(year)
}

/// Computes and stores every family's certificates of `year`, and tells each family once.
/// Re-running it updates the amounts (a late receipt) and sends nothing twice.
pub async fn publish(
    pool: &AnyPool,
    tenant: &Tenant,
    year: i32,
    now: DateTime<Utc>,
) -> Result<Published, StoreError> {
    let amounts = tax_certificates::paid_in_year(pool, tenant, year).await?;
    let families = tax_certificates::record(pool, tenant, year, &amounts, now).await?;
    let mut outcome = Published {
        certificates: u32::try_from(amounts.values().filter(|a| a.cents() > 0).count())
            .unwrap_or(u32::MAX),
        families: u32::try_from(families.len()).unwrap_or(u32::MAX),
        new_messages: 0,
    };
    let mut tx = pool.begin().await?;
    for guardian in &families {
        let reference = format!("tax-certificate:{guardian}:{year}");
        let body = format!(
            "È disponibile l'attestazione delle spese per i servizi scolastici pagate nel {year}, \
             da usare per la dichiarazione dei redditi (730). Contiene, per ogni alunno, l'importo pagato \
             nell'anno con pagoPA."
        );
        let sent = messages::send(
            &mut tx,
            &tenant.id,
            &messages::NewMessage {
                guardian_id: guardian,
                kind: "tax_certificate",
                title: &format!("Attestazione delle spese scolastiche {year}"),
                body: &body,
                reference: &reference,
            },
            now,
        )
        .await;
        let linked = match sent {
            Ok(new) => {
                outcome.new_messages += u32::from(new);
                let label = format!("Scarica l'attestazione {year} (PDF)");
                messages::set_link(&mut tx, &tenant.id, &reference, &path(year), &label).await
            }
            Err(e) => Err(e),
        };
        if let Err(e) = linked {
            tx.rollback().await?;
            return Err(e);
        }
    }
    tx.commit().await?;
    Ok(outcome)
}

/// The signed-in tutore's certificate of `year` as a PDF (a 404 when there is none).
pub async fn pdf(caller: &Caller, year: i32) -> Result<(String, Vec<u8>), AppError> {
    let tenant = &caller.tenant;
    let cf = caller.fiscal_code();
    let lines = tax_certificates::of_guardian(caller.db(), tenant, cf, year).await?;
    if lines.is_empty() {
        return Err(AppError::NotFound);
    }
    let ente = Ente {
        name: &tenant.name,
        fiscal_code: &tenant.fiscal_code.to_string(),
        address: &tenant.address,
    };
    Ok((
        format!("attestazione-spese-scolastiche-{year}.pdf"),
        draw(&ente, year, &lines),
    ))
}

/// Who certifies.
struct Ente<'a> {
    name: &'a str,
    fiscal_code: &'a str,
    address: &'a str,
}

fn draw(ente: &Ente<'_>, year: i32, lines: &[CertificateLine]) -> Vec<u8> {
    // One section per pupil on one page (room for five; positions never go below zero).
    let mut page = PageBuilder::new();
    let left = 56;
    let mut y: u16 = 790;
    page.text(
        left,
        y,
        16,
        true,
        "ATTESTAZIONE DELLE SPESE PER I SERVIZI SCOLASTICI",
    )
    .text(
        left,
        y - 20,
        11,
        false,
        &format!("Anno {year} – ai fini della dichiarazione dei redditi"),
    );
    y = y.saturating_sub(36);
    page.rule(left, y, PAGE_WIDTH - 2 * left);
    y = y.saturating_sub(24);
    let who = format!("{} – C.F. {}", ente.name, ente.fiscal_code);
    page.text(left, y, 11, true, &who)
        .text(left, y - 16, 10, false, ente.address);
    y = y.saturating_sub(44);
    for line in lines {
        let mut row = |page: &mut PageBuilder, label: &str, value: &str, bold: bool| {
            page.text(left, y, 9, false, label);
            page.text(left + 170, y, 11, bold, value);
            y = y.saturating_sub(20);
        };
        row(&mut page, "PAGANTE", &line.payer_name, true);
        row(
            &mut page,
            "Codice fiscale del pagante",
            &line.payer_fiscal_code,
            false,
        );
        row(&mut page, "ALUNNO", &line.pupil_name, true);
        row(
            &mut page,
            "Codice fiscale dell'alunno",
            &line.pupil_fiscal_code,
            false,
        );
        row(
            &mut page,
            &format!("IMPORTO PAGATO NEL {year}"),
            &line.amount.to_string(),
            true,
        );
        page.rule(left, y + 6, PAGE_WIDTH - 2 * left);
        y = y.saturating_sub(16);
    }
    let note = [
        "Si attesta che il pagante ha versato all'Ente, nell'anno indicato, gli importi sopra riportati",
        "per i servizi scolastici (refezione e trasporto) dell'alunno, con pagamenti pagoPA tracciabili",
        "(importi per data di pagamento). Le ricariche del credito mensa sono ripartite tra i figli",
        "in proporzione ai pasti consumati nell'anno.",
    ];
    for text in note {
        page.text(left, y, 9, false, text);
        y = y.saturating_sub(13);
    }
    page.finish(&format!(
        "Attestazione spese scolastiche {year} – {}",
        ente.name
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::pdf::inspect::texts;
    use crate::domain::money::Money;

    #[test]
    fn the_certificate_shows_the_ente_the_payer_each_pupil_and_the_amount() {
        let line = |name: &str, cf: &str, cents| CertificateLine {
            payer_name: "Mario Rossi".into(),
            payer_fiscal_code: "RSSMRA80A01H501U".into(),
            pupil_name: name.into(),
            pupil_fiscal_code: cf.into(),
            amount: Money::from_cents(cents),
        };
        let ente = Ente {
            name: "Comune di Valleverde",
            fiscal_code: "82012345672",
            address: "Piazza della Repubblica 1",
        };
        let pdf = draw(
            &ente,
            2025,
            &[
                line("Giulia Rossi", "RSSGLI18C54H501Z", 11_300),
                line("Luca Rossi", "RSSLCU21H02H501S", 1_000),
            ],
        );
        assert!(pdf.starts_with(b"%PDF"));
        let shown = texts(&pdf);
        for expected in [
            "Comune di Valleverde – C.F. 82012345672",
            "RSSMRA80A01H501U",
            "RSSGLI18C54H501Z",
            "RSSLCU21H02H501S",
            "113,00 €",
            "10,00 €",
            "IMPORTO PAGATO NEL 2025",
        ] {
            assert!(
                shown.iter().any(|t| t == expected),
                "{expected:?} in {shown:?}"
            );
        }
        // Many pupils never push the drawing below the page (no panic, no overflow).
        let many: Vec<_> = (0..12)
            .map(|i| line("Alunno", "RSSGLI18C54H501Z", i))
            .collect();
        assert!(draw(&ente, 2025, &many).starts_with(b"%PDF"));
    }
}
