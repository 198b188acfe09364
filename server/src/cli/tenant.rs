//! `sportello tenant …`: the Enti served by this deployment.

use app::backend::store::tenants;
use app::domain::fiscal_code::OrganizationFiscalCode;
use app::domain::tenant::{SegregationCode, TenantHost};
use clap::Subcommand;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum TenantAction {
    /// Add an Ente.
    Add {
        #[arg(long)]
        name: String,
        /// The Ente's 11-digit fiscal code.
        #[arg(long)]
        fiscal_code: String,
        #[arg(long)]
        address: String,
        /// pagoPA segregation code (two digits).
        #[arg(long)]
        segregation_code: String,
        /// Host name that selects this Ente; repeat for more than one.
        #[arg(long = "host", required = true)]
        hosts: Vec<String>,
        #[arg(long, default_value = "Europe/Rome")]
        time_zone: String,
        /// Logo file (SVG, PNG or JPEG).
        #[arg(long)]
        logo: Option<PathBuf>,
    },
    /// List the Enti and their host names.
    List,
}

pub async fn run(db: &sqlx::AnyPool, action: TenantAction) -> Result<(), String> {
    match action {
        TenantAction::List => list(db).await,
        TenantAction::Add {
            name,
            fiscal_code,
            address,
            segregation_code,
            hosts,
            time_zone,
            logo,
        } => {
            let new = tenants::NewTenant {
                name,
                fiscal_code: OrganizationFiscalCode::parse(&fiscal_code)
                    .map_err(|e| format!("--fiscal-code: {e}"))?,
                address,
                time_zone: time_zone
                    .parse()
                    .map_err(|_| format!("--time-zone: unknown time zone {time_zone:?}"))?,
                segregation_code: SegregationCode::parse(&segregation_code)
                    .map_err(|e| format!("--segregation-code: {e}"))?,
                hosts: hosts
                    .iter()
                    .map(|h| TenantHost::parse(h).map_err(|e| format!("--host {h}: {e}")))
                    .collect::<Result<_, _>>()?,
                logo: logo.as_deref().map(read_logo).transpose()?,
            };
            add(db, new).await
        }
    }
}

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
async fn list(db: &sqlx::AnyPool) -> Result<(), String> {
    for (t, hosts) in tenants::list(db).await.map_err(|e| e.to_string())? {
        println!(
            "{}\t{}\t{}\t{}",
            t.name,
            t.fiscal_code,
            t.segregation_code,
            hosts.join(", ")
        );
    }
    Ok(())
}

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
async fn add(db: &sqlx::AnyPool, new: tenants::NewTenant) -> Result<(), String> {
    let mut tx = db.begin().await.map_err(|e| e.to_string())?;
    let tenant = tenants::create(&mut tx, new)
        .await
        .map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    println!("Ente creato: {} ({})", tenant.name, tenant.fiscal_code);
    Ok(())
}

fn read_logo(path: &Path) -> Result<tenants::Logo, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("--logo {}: {e}", path.display()))?;
    let content_type = if bytes.starts_with(b"\x89PNG") {
        "image/png"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).contains("<svg") {
        "image/svg+xml"
    } else {
        return Err(format!(
            "--logo {}: not an SVG, PNG or JPEG image",
            path.display()
        ));
    };
    Ok(tenants::Logo {
        bytes,
        content_type: content_type.into(),
    })
}
