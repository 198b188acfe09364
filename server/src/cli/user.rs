//! `sportello user …`: staff roles (operator, admin) of an Ente's people.

use app::backend::store::{staff, tenants::Tenant};
use app::domain::fiscal_code::FiscalCode;
use app::domain::identity::Role;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum UserAction {
    /// Give a person (by fiscal code) a staff role in an Ente; valid from their next login.
    Grant {
        /// The Ente's 11-digit fiscal code.
        #[arg(long)]
        ente: String,
        fiscal_code: String,
        /// operator or admin
        role: String,
    },
    /// Take a staff role away.
    Revoke {
        #[arg(long)]
        ente: String,
        fiscal_code: String,
        role: String,
    },
    /// List an Ente's staff roles.
    List {
        #[arg(long)]
        ente: String,
    },
}

pub async fn run(db: &sqlx::AnyPool, action: UserAction) -> Result<(), String> {
    let ente = match &action {
        UserAction::Grant { ente, .. }
        | UserAction::Revoke { ente, .. }
        | UserAction::List { ente } => ente,
    };
    let tenant = super::ente_by_code(db, ente).await?;
    match action {
        UserAction::Grant {
            fiscal_code, role, ..
        } => grant(db, &tenant, &fiscal_code, &role).await,
        UserAction::Revoke {
            fiscal_code, role, ..
        } => revoke(db, &tenant, &fiscal_code, &role).await,
        UserAction::List { .. } => list(db, &tenant).await,
    }
}

/// The person and the staff role named on the command line.
fn person_and_role(cf: &str, role: &str) -> Result<(FiscalCode, Role), String> {
    let cf = FiscalCode::parse(cf).map_err(|e| format!("fiscal code {cf:?}: {e}"))?;
    let role = Role::parse(role)
        .filter(|r| r.is_office())
        // School staff and kitchen name their schools: the staff page grants them.
        .ok_or_else(|| format!("role must be operator or admin, not {role:?}"))?;
    Ok((cf, role))
}

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
async fn grant(
    db: &sqlx::AnyPool,
    tenant: &Tenant,
    fiscal_code: &str,
    role: &str,
) -> Result<(), String> {
    let (cf, role) = person_and_role(fiscal_code, role)?;
    let by = super::cli_author();
    let added = staff::grant(db, &tenant.id, &cf, role, &by, chrono::Utc::now())
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "{cf}: {} {} in {}",
        role.as_str(),
        if added { "granted" } else { "already granted" },
        tenant.name
    );
    Ok(())
}

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
async fn revoke(
    db: &sqlx::AnyPool,
    tenant: &Tenant,
    fiscal_code: &str,
    role: &str,
) -> Result<(), String> {
    let (cf, role) = person_and_role(fiscal_code, role)?;
    let mut conn = db.acquire().await.map_err(|e| e.to_string())?;
    let removed = staff::revoke(&mut conn, &tenant.id, &cf, role)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "{cf}: {} {} in {}",
        role.as_str(),
        if removed {
            "revoked"
        } else {
            "was not granted"
        },
        tenant.name
    );
    Ok(())
}

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
async fn list(db: &sqlx::AnyPool, tenant: &Tenant) -> Result<(), String> {
    for g in staff::list(db, &tenant.id)
        .await
        .map_err(|e| e.to_string())?
    {
        println!(
            "{}\t{}\t{}\t{}",
            g.fiscal_code,
            g.role.as_str(),
            g.name.unwrap_or_else(|| "-".into()),
            g.granted_by
        );
    }
    Ok(())
}
