//! Dates as Italians read them: `30/09/2024`, `30 settembre 2024`.

use chrono::NaiveDate;

pub fn format_date_it(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// `30 settembre 2024`, for headings and news dates.
pub fn format_date_long_it(date: NaiveDate) -> String {
    use chrono::Datelike;
    const MONTHS: [&str; 12] = [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ];
    let month = MONTHS[date.month0() as usize];
    format!("{} {month} {}", date.day(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_seed_guide() {
        let d = NaiveDate::from_ymd_opt(2024, 9, 30).expect("valid date");
        assert_eq!(format_date_it(d), "30/09/2024");
        assert_eq!(format_date_long_it(d), "30 settembre 2024");
        let jan = NaiveDate::from_ymd_opt(2025, 1, 7).expect("valid date");
        assert_eq!(format_date_it(jan), "07/01/2025");
        assert_eq!(format_date_long_it(jan), "7 gennaio 2025");
    }
}
