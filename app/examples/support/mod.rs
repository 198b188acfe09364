//! What the booking benchmarks share: the benchmark Ente and its prepaid canteen, the next
//! canteen day, made-up families with valid fiscal codes.

use app::backend::store::registry::{
    BillingMode, NewGuardian, NewPupil, NewTariffBand, RegistryWriter,
};
use app::backend::store::{tenants, Tenant};
use app::domain::calendar::ClassCalendar;
use app::domain::fiscal_code::{FiscalCode, OrganizationFiscalCode};
use app::domain::money::Money;
use app::domain::tariffs::{BandKind, TariffBand};
use app::domain::tenant::{SegregationCode, TenantHost};
use chrono::{Duration, NaiveDate, Weekday};
use sqlx::AnyConnection;

pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// A valid fiscal code for person `i` born in year `yy`: the six name letters spell `i`
/// in base 26; the check letter is the one the parser accepts.
pub fn fiscal_code(i: usize, yy: u32) -> Result<FiscalCode, Error> {
    let mut letters = [b'A'; 6];
    let mut n = i;
    for l in letters.iter_mut().rev() {
        *l = b'A' + u8::try_from(n % 26)?;
        n /= 26;
    }
    let stem = format!("{}{yy:02}A01H501", std::str::from_utf8(&letters)?);
    ('A'..='Z')
        .find_map(|c| FiscalCode::parse(&format!("{stem}{c}")).ok())
        .ok_or_else(|| format!("no check letter for {stem}").into())
}

/// The weekdays the benchmark schools eat at school.
pub const WEEKDAYS: [i32; 5] = [1, 2, 3, 4, 5];

/// The first canteen day after `today` (Monday to Friday, not a national holiday).
pub fn next_canteen_day(today: NaiveDate) -> Result<NaiveDate, Error> {
    let calendar = ClassCalendar {
        first_day: today,
        last_day: today + Duration::days(90),
        canteen_weekdays: vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ],
        closures: Vec::new(),
    };
    today
        .iter_days()
        .skip(1)
        .take(90)
        .find(|d| calendar.is_canteen_day(*d))
        .ok_or_else(|| "no canteen day in the next 90 days".into())
}

/// The benchmark Ente (host 127.0.0.1, Europe/Rome), in the caller's transaction.
pub async fn ente(tx: &mut AnyConnection) -> Result<Tenant, Error> {
    let code = (0..10)
        .find_map(|d| OrganizationFiscalCode::parse(&format!("8012345678{d}")).ok())
        .ok_or("no Ente fiscal code")?;
    Ok(tenants::create(
        tx,
        tenants::NewTenant {
            name: "Comune di Benchmark".into(),
            fiscal_code: code,
            address: "Piazza del Carico 1".into(),
            time_zone: chrono_tz::Europe::Rome,
            segregation_code: SegregationCode::parse("01")?,
            hosts: vec![TenantHost::parse("127.0.0.1")?],
            logo: None,
        },
    )
    .await?)
}

/// The prepaid canteen with one band (5.00 € a meal) from `from`: (service, band).
pub async fn canteen(
    w: &mut RegistryWriter<'_>,
    from: NaiveDate,
) -> Result<(String, String), Error> {
    let service = w
        .service(
            "REFEZIONE",
            "Refezione Scolastica",
            BillingMode::Prepaid,
            "9/0201102IM/",
        )
        .await?;
    let band = TariffBand {
        code: "INTERA".into(),
        label: "Tariffa intera".into(),
        kind: BandKind::Full,
        isee_min: None,
        isee_max: None,
        price: Money::from_cents(500),
        price_max: None,
        sibling_discount_percent: 0,
    };
    let band = w
        .tariff_band(
            &service,
            0,
            &NewTariffBand {
                band: &band,
                valid_from: from,
                valid_to: None,
            },
        )
        .await?;
    Ok((service, band))
}

/// Family `i`: a tutore and one pupil in `class`, at the canteen from `from`: (the
/// tutore's fiscal code, the pupil's id).
pub async fn family(
    w: &mut RegistryWriter<'_>,
    i: usize,
    class: &str,
    (service, band): (&str, &str),
    from: NaiveDate,
) -> Result<(FiscalCode, String), Error> {
    let guardian_cf = fiscal_code(i, 80)?;
    let guardian = w
        .guardian(&NewGuardian {
            fiscal_code: &guardian_cf,
            given_name: "Genitore",
            family_name: &format!("Famiglia {i}"),
            email: None,
            phone: None,
            resident: true,
        })
        .await?;
    let pupil = w
        .pupil(&NewPupil {
            guardian_id: &guardian,
            fiscal_code: &fiscal_code(i, 19)?,
            given_name: "Alunno",
            family_name: &format!("Famiglia {i}"),
            birth_date: NaiveDate::from_ymd_opt(2019, 1, 1).ok_or("date")?,
            class_id: class,
            diet: None,
        })
        .await?;
    w.subscription(&pupil, service, band, from, None).await?;
    Ok((guardian_cf, pupil))
}
