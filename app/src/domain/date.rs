//! Dates as Italians read them: `30/09/2024`, `30 settembre 2024`.

use chrono::NaiveDate;

pub fn format_date_it(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// `lunedì 7 dicembre 2026`, for calendar days read by a screen reader.
pub fn format_weekday_date_it(date: NaiveDate) -> String {
    use chrono::Datelike;
    const DAYS: [&str; 7] = [
        "lunedì",
        "martedì",
        "mercoledì",
        "giovedì",
        "venerdì",
        "sabato",
        "domenica",
    ];
    let day = DAYS[date.weekday().num_days_from_monday() as usize];
    format!("{day} {}", format_date_long_it(date))
}

/// `dicembre 2026`, for a month's heading.
pub fn format_month_it(date: NaiveDate) -> String {
    let long = format_date_long_it(date);
    long.split_once(' ')
        .map(|(_, rest)| rest.to_string())
        .unwrap_or(long)
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
