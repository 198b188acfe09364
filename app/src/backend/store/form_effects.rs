//! What approving a form changes in the registry, inside the decision's transaction: all
//! of it or (a refusal with its reason, or an error) none of it.

use super::registry::{NewGuardian, NewPupil, RegistryWriter, Span};
use super::{date_from_db, date_to_db, tariffs, users, StoreError, TenantId};
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::forms::{parse_date, Effect};
use crate::domain::money::Money;
use crate::domain::tariffs::{band_for, TariffBand};
use chrono::NaiveDate;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;

/// What the approval did, or why it cannot be applied (shown to the operator).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    Done(String),
    Refused(String),
}

type Answers = BTreeMap<String, String>;

fn answer<'a>(answers: &'a Answers, name: &str) -> Result<&'a str, Applied> {
    answers
        .get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            Applied::Refused(format!(
                "Manca il dato «{name}» richiesto per applicare il modulo."
            ))
        })
}

fn date(answers: &Answers, name: &str) -> Result<NaiveDate, Applied> {
    parse_date(answer(answers, name)?)
        .ok_or_else(|| Applied::Refused(format!("La data «{name}» non è valida.")))
}

/// Applies `effect` for the tutore `owner` (fiscal code); `Refused` leaves the caller to
/// roll back.
pub async fn apply(
    tx: &mut AnyConnection,
    tenant: &TenantId,
    effect: Effect,
    answers: &Answers,
    owner: &FiscalCode,
) -> Result<Applied, StoreError> {
    let outcome = match effect {
        Effect::Enrolment => enrol(tx, tenant, answers, owner).await,
        Effect::Diet => diet(tx, tenant, answers, owner).await,
        Effect::Isee => isee(tx, tenant, answers, owner).await,
        Effect::Delegation => delegation(tx, tenant, answers, owner).await,
        Effect::Withdrawal => withdrawal(tx, tenant, answers, owner).await,
    };
    match outcome {
        Ok(done) => Ok(Applied::Done(done)),
        Err(Step::Refused(why)) => Ok(Applied::Refused(why)),
        Err(Step::Store(e)) => Err(e),
    }
}

enum Step {
    Refused(String),
    Store(StoreError),
}

impl From<StoreError> for Step {
    fn from(e: StoreError) -> Step {
        Step::Store(e)
    }
}

impl From<sqlx::Error> for Step {
    fn from(e: sqlx::Error) -> Step {
        Step::Store(e.into())
    }
}

impl From<Applied> for Step {
    fn from(a: Applied) -> Step {
        match a {
            Applied::Refused(why) | Applied::Done(why) => Step::Refused(why),
        }
    }
}

fn refuse<T>(why: &str) -> Result<T, Step> {
    Err(Step::Refused(why.to_string()))
}

/// The tutore's registry id and residence, if the registry knows them.
async fn guardian(
    tx: &mut AnyConnection,
    tenant: &TenantId,
    owner: &FiscalCode,
) -> Result<Option<(String, bool)>, Step> {
    Ok(sqlx::query(
        "SELECT id, CAST(resident AS INTEGER) AS resident FROM guardians WHERE tenant_id = $1 AND fiscal_code = $2",
    )
    .bind(tenant.as_str())
    .bind(owner.as_str())
    .fetch_optional(&mut *tx)
    .await?
    .map(|r| Ok::<_, sqlx::Error>((r.try_get("id")?, r.try_get::<i32, _>("resident")? != 0)))
    .transpose()?)
}

/// A pupil of this tutore, by the pupil's fiscal code: (id, name).
async fn own_pupil(
    tx: &mut AnyConnection,
    tenant: &TenantId,
    owner: &FiscalCode,
    pupil_cf: &str,
) -> Result<(String, String), Step> {
    let row = sqlx::query(
        "SELECT p.id, p.given_name, p.family_name FROM pupils p
         JOIN guardians g ON g.tenant_id = p.tenant_id AND g.id = p.guardian_id
         WHERE p.tenant_id = $1 AND p.fiscal_code = $2 AND g.fiscal_code = $3",
    )
    .bind(tenant.as_str())
    .bind(pupil_cf)
    .bind(owner.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    match row {
        Some(r) => Ok((
            r.try_get("id")?,
            format!(
                "{} {}",
                r.try_get::<String, _>("given_name")?,
                r.try_get::<String, _>("family_name")?
            ),
        )),
        None => refuse("L'alunno indicato non risulta figlio del richiedente."),
    }
}

/// A service of the Ente by code: (id, name, prepaid).
async fn service(
    tx: &mut AnyConnection,
    tenant: &TenantId,
    code: &str,
) -> Result<(String, String, bool), Step> {
    let row = sqlx::query(
        "SELECT id, name, billing_mode FROM services WHERE tenant_id = $1 AND code = $2",
    )
    .bind(tenant.as_str())
    .bind(code)
    .fetch_optional(&mut *tx)
    .await?;
    match row {
        Some(r) => Ok((
            r.try_get("id")?,
            r.try_get("name")?,
            r.try_get::<String, _>("billing_mode")? == "prepaid",
        )),
        None => refuse("Il servizio indicato non esiste."),
    }
}

/// The band for a family at `service` on `day`: by ISEE and residence (None: the full
/// tariff), among the bands valid that day.
async fn band(
    tx: &mut AnyConnection,
    tenant: &TenantId,
    service_id: &str,
    day: NaiveDate,
    isee: Option<Money>,
    resident: bool,
) -> Result<(String, String), Step> {
    let valid = tariffs::bands_valid_on(tx, tenant, service_id, day).await?;
    let bands: Vec<TariffBand> = valid.iter().map(|(_, b)| b.clone()).collect();
    match band_for(&bands, isee, resident)
        .and_then(|b| bands.iter().position(|x| x == b))
        .and_then(|i| valid.get(i))
    {
        Some((id, b)) => Ok((id.clone(), b.label.clone())),
        None => refuse("Il servizio non ha una tariffa valida per quella data."),
    }
}

async fn enrol(
    tx: &mut AnyConnection,
    tenant: &TenantId,
    a: &Answers,
    owner: &FiscalCode,
) -> Result<String, Step> {
    let pupil_cf = FiscalCode::parse(answer(a, "alunno_codice_fiscale")?)
        .map_err(|e| Step::Refused(e.to_string()))?;
    let from = date(a, "dal")?;
    let (service_id, service_name, _) = service(tx, tenant, answer(a, "servizio")?).await?;
    let class_id = answer(a, "classe")?;
    let known_class = sqlx::query("SELECT 1 FROM classes WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.as_str())
        .bind(class_id)
        .fetch_optional(&mut *tx)
        .await?;
    if known_class.is_none() {
        return refuse("La classe indicata non esiste.");
    }
    // The tutore: known to the registry, or registered now with their login's name.
    let (guardian_id, resident) = match guardian(tx, tenant, owner).await? {
        Some(g) => g,
        None => {
            let user = sqlx::query("SELECT given_name, family_name, email FROM users WHERE tenant_id = $1 AND fiscal_code = $2")
                .bind(tenant.as_str())
                .bind(owner.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            let Some(user) = user else {
                return refuse("Il richiedente non ha mai effettuato l'accesso al portale.");
            };
            let (given, family, email): (String, String, Option<String>) = (
                user.try_get("given_name")?,
                user.try_get("family_name")?,
                user.try_get("email")?,
            );
            // The addresses given in the form win over the identity provider's.
            let email = a.get("email").filter(|e| !e.is_empty()).cloned().or(email);
            let id = RegistryWriter::new(&mut *tx, tenant)
                .guardian(&NewGuardian {
                    fiscal_code: owner,
                    given_name: &given,
                    family_name: &family,
                    email: email.as_deref(),
                    phone: a
                        .get("telefono")
                        .map(String::as_str)
                        .filter(|p| !p.is_empty()),
                    resident: true,
                })
                .await?;
            (id, true)
        }
    };
    // The pupil: known (and then this tutore's), or new.
    let existing = sqlx::query("SELECT id, guardian_id, given_name, family_name FROM pupils WHERE tenant_id = $1 AND fiscal_code = $2")
        .bind(tenant.as_str())
        .bind(pupil_cf.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let (pupil_id, name, created) = match existing {
        Some(r) => {
            if r.try_get::<String, _>("guardian_id")? != guardian_id {
                return refuse("L'alunno risulta già iscritto con un altro tutore.");
            }
            let name = format!(
                "{} {}",
                r.try_get::<String, _>("given_name")?,
                r.try_get::<String, _>("family_name")?
            );
            (r.try_get::<String, _>("id")?, name, false)
        }
        None => {
            let given = answer(a, "alunno_nome")?;
            let family = answer(a, "alunno_cognome")?;
            let birth = date(a, "alunno_nascita")?;
            let id = RegistryWriter::new(&mut *tx, tenant)
                .pupil(&NewPupil {
                    guardian_id: &guardian_id,
                    fiscal_code: &pupil_cf,
                    given_name: given,
                    family_name: family,
                    birth_date: birth,
                    class_id,
                    diet: None,
                })
                .await?;
            (id, format!("{given} {family}"), true)
        }
    };
    let active = sqlx::query(
        "SELECT 1 FROM subscriptions WHERE tenant_id = $1 AND pupil_id = $2 AND service_id = $3
           AND (to_date IS NULL OR to_date >= $4)",
    )
    .bind(tenant.as_str())
    .bind(&pupil_id)
    .bind(&service_id)
    .bind(date_to_db(from))
    .fetch_optional(&mut *tx)
    .await?;
    if active.is_some() {
        return refuse("L'alunno è già iscritto a questo servizio.");
    }
    // Without an ISEE the full tariff applies; an ISEE form changes it later.
    let (band_id, _) = band(tx, tenant, &service_id, from, None, resident).await?;
    RegistryWriter::new(&mut *tx, tenant)
        .subscription(&pupil_id, &service_id, &band_id, from, None)
        .await?;
    Ok(format!(
        "{}{name} iscritto a {service_name} dal {}",
        if created { "Nuovo alunno: " } else { "" },
        crate::domain::date::format_date_it(from)
    ))
}

async fn diet(
    tx: &mut AnyConnection,
    tenant: &TenantId,
    a: &Answers,
    owner: &FiscalCode,
) -> Result<String, Step> {
    let (pupil_id, name) = own_pupil(tx, tenant, owner, answer(a, "alunno")?).await?;
    let diet = answer(a, "dieta")?;
    sqlx::query("UPDATE pupils SET diet = $1 WHERE tenant_id = $2 AND id = $3")
        .bind(diet)
        .bind(tenant.as_str())
        .bind(&pupil_id)
        .execute(&mut *tx)
        .await?;
    Ok(format!("Dieta di {name}: {diet}"))
}

async fn isee(
    tx: &mut AnyConnection,
    tenant: &TenantId,
    a: &Answers,
    owner: &FiscalCode,
) -> Result<String, Step> {
    let (pupil_id, name) = own_pupil(tx, tenant, owner, answer(a, "alunno")?).await?;
    let cents: i64 = answer(a, "isee")?
        .parse()
        .ok()
        .filter(|c| *c >= 0)
        .ok_or_else(|| Step::Refused("Il valore ISEE non è valido.".into()))?;
    let from = date(a, "dal")?;
    let resident = guardian(tx, tenant, owner).await?.is_none_or(|g| g.1);
    // Every prepaid subscription of the pupil in force on that date (or starting later)
    // moves to the band of the ISEE, which it keeps for the personalised tariff and the
    // next price lists.
    let subs = sqlx::query(
        "SELECT sub.id, sub.service_id, sub.from_date, sub.to_date FROM subscriptions sub
         JOIN services s ON s.tenant_id = sub.tenant_id AND s.id = sub.service_id AND s.billing_mode = 'prepaid'
         WHERE sub.tenant_id = $1 AND sub.pupil_id = $2 AND (sub.to_date IS NULL OR sub.to_date >= $3)",
    )
    .bind(tenant.as_str())
    .bind(&pupil_id)
    .bind(date_to_db(from))
    .fetch_all(&mut *tx)
    .await?;
    if subs.is_empty() {
        return refuse("L'alunno non è iscritto a un servizio con tariffa a pasto.");
    }
    let isee = Some(Money::from_cents(cents));
    let mut label = String::new();
    for s in &subs {
        let span = Span {
            id: s.try_get("id")?,
            pupil_id: pupil_id.clone(),
            service_id: s.try_get("service_id")?,
            from: date_from_db(&s.try_get::<String, _>("from_date")?)?,
            to: s
                .try_get::<Option<String>, _>("to_date")?
                .as_deref()
                .map(date_from_db)
                .transpose()?,
        };
        // A subscription starting later takes the band of the list valid when it starts.
        let starts = span.from.max(from);
        let (band_id, band_label) =
            band(tx, tenant, &span.service_id, starts, isee, resident).await?;
        label = band_label;
        RegistryWriter::new(&mut *tx, tenant)
            .rebase_subscription(&span, &band_id, isee, from)
            .await?;
    }
    Ok(format!(
        "Tariffa di {name} dal {}: {label}",
        crate::domain::date::format_date_it(from)
    ))
}

async fn delegation(
    tx: &mut AnyConnection,
    tenant: &TenantId,
    a: &Answers,
    owner: &FiscalCode,
) -> Result<String, Step> {
    let (pupil_id, name) = own_pupil(tx, tenant, owner, answer(a, "alunno")?).await?;
    let delegate = FiscalCode::parse(answer(a, "delegato_codice_fiscale")?)
        .map_err(|e| Step::Refused(e.to_string()))?;
    if &delegate == owner {
        return refuse("Il delegato deve essere una persona diversa dal tutore.");
    }
    let delegate_name = answer(a, "delegato_nome")?;
    let from = date(a, "dal")?;
    let exists = sqlx::query(
        "SELECT 1 FROM delegations WHERE tenant_id = $1 AND pupil_id = $2 AND delegate_fiscal_code = $3",
    )
    .bind(tenant.as_str())
    .bind(&pupil_id)
    .bind(delegate.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    if exists.is_some() {
        return refuse("Questa delega è già in vigore.");
    }
    users::delegate(&mut *tx, tenant, &pupil_id, &delegate, delegate_name, from).await?;
    Ok(format!(
        "{delegate_name} delegato per le prenotazioni di {name}"
    ))
}

async fn withdrawal(
    tx: &mut AnyConnection,
    tenant: &TenantId,
    a: &Answers,
    owner: &FiscalCode,
) -> Result<String, Step> {
    let (pupil_id, name) = own_pupil(tx, tenant, owner, answer(a, "alunno")?).await?;
    let (service_id, service_name, _) = service(tx, tenant, answer(a, "servizio")?).await?;
    let from = date(a, "dal")?;
    let last = from.pred_opt().unwrap_or(from);
    let done = sqlx::query(
        "UPDATE subscriptions SET to_date = $1 WHERE tenant_id = $2 AND pupil_id = $3 AND service_id = $4
           AND from_date <= $1 AND (to_date IS NULL OR to_date > $1)",
    )
    .bind(date_to_db(last))
    .bind(tenant.as_str())
    .bind(&pupil_id)
    .bind(&service_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return refuse("L'alunno non risulta iscritto al servizio in quella data.");
    }
    Ok(format!(
        "{name}: rinuncia a {service_name} dal {}",
        crate::domain::date::format_date_it(from)
    ))
}
