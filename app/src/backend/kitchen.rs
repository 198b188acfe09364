//! The kitchen report, for the page and for its CSV download.

use crate::backend::auth::{Caller, SchoolScope};
use crate::backend::store::{closure, kitchen};
use crate::domain::date::{format_date_it, Day};
use crate::domain::identity::Role;
use crate::error::AppError;
use crate::model::kitchen::{KitchenReport, KitchenRow};

/// The meals of `day` (today in the Ente's zone when none) per school, class and meal:
/// every school for the office, the kitchen's own for the kitchen.
pub async fn report(caller: &Caller, day: Option<Day>) -> Result<KitchenReport, AppError> {
    let tenant = &caller.tenant;
    let day = day.map_or_else(|| caller.today(), Day::date);
    let only = match caller.schools_for(Role::Kitchen).await? {
        SchoolScope::All => None,
        SchoolScope::Only(ids) => Some(ids),
    };
    let counts = kitchen::counts(caller.db(), tenant, day, only.as_ref()).await?;
    let closed = closure::is_closed(caller.db(), tenant, day).await?;
    let rows: Vec<KitchenRow> = counts
        .into_iter()
        .map(|((school, class, meal), count)| KitchenRow {
            school,
            class,
            meal,
            count,
        })
        .collect();
    Ok(KitchenReport {
        day: day.format("%Y-%m-%d").to_string(),
        day_label: format_date_it(day),
        closed,
        total: rows.iter().map(|r| r.count).sum(),
        rows,
    })
}

/// The report as CSV (semicolons, as Italian spreadsheets expect), quoted.
pub fn csv(report: &KitchenReport) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut out = String::from("Scuola;Classe;Pasto;Numero\r\n");
    for r in &report.rows {
        out.push_str(&format!(
            "{};{};{};{}\r\n",
            quote(&r.school),
            quote(&r.class),
            quote(&r.meal),
            r.count
        ));
    }
    out.push_str(&format!("{};;;{}\r\n", quote("Totale"), report.total));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_is_quoted_and_totalled() {
        let report = KitchenReport {
            day: "2026-12-01".into(),
            day_label: "01/12/2026".into(),
            closed: true,
            rows: vec![KitchenRow {
                school: "Scuola \"Pascoli\"".into(),
                class: "3ª A".into(),
                meal: "in bianco".into(),
                count: 2,
            }],
            total: 2,
        };
        assert_eq!(
            csv(&report),
            "Scuola;Classe;Pasto;Numero\r\n\"Scuola \"\"Pascoli\"\"\";\"3ª A\";\"in bianco\";2\r\n\"Totale\";;;2\r\n"
        );
    }
}
