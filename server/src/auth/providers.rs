//! The identity providers an installation accepts, as configured in `Leptos.toml`
//! (`[[sportello.identity-providers]]`), with secrets overridable from the environment.

use crate::config::ConfigError;
use app::backend::context::LoginProvider;
use app::domain::fiscal_code::OrganizationFiscalCode;
use app::domain::identity::{AssuranceLevel, ProviderKind};
use serde::Deserialize;
use std::path::Path;

/// How Sportello proves its identity at the provider's token endpoint.
#[derive(Clone, PartialEq, Eq)]
pub enum ClientAuth {
    /// `client_secret_basic`.
    Secret(String),
    /// `private_key_jwt`: a `client_assertion` signed (RS256) with this PEM key.
    PrivateKey { pem: String, key_id: Option<String> },
}

impl std::fmt::Debug for ClientAuth {
    // Secrets never reach a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientAuth::Secret(_) => f.write_str("Secret(***)"),
            ClientAuth::PrivateKey { key_id, .. } => write!(f, "PrivateKey(kid {key_id:?})"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderSettings {
    /// In the login URL: `/auth/login/{id}`.
    pub id: String,
    pub name: String,
    pub kind: ProviderKind,
    pub issuer: String,
    pub client_id: String,
    pub auth: ClientAuth,
    pub scopes: Vec<String>,
    /// The claim with the fiscal code, when the provider uses a name of its own.
    pub fiscal_code_claim: Option<String>,
    /// The Enti (fiscal codes) it serves; empty: all of them.
    pub tenants: Vec<String>,
    /// The lowest assurance level accepted (and requested): SPID level 2 by default.
    pub min_level: AssuranceLevel,
}

impl ProviderSettings {
    pub fn login_provider(&self) -> LoginProvider {
        LoginProvider {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: self.kind,
            tenants: self.tenants.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct FileProvider {
    id: String,
    name: String,
    kind: String,
    issuer: String,
    client_id: String,
    client_secret: Option<String>,
    private_key_file: Option<String>,
    private_key_id: Option<String>,
    scopes: Option<Vec<String>>,
    fiscal_code_claim: Option<String>,
    #[serde(default)]
    tenants: Vec<String>,
    min_level: Option<String>,
}

/// The environment variable that overrides `key` of provider `id`:
/// `SPORTELLO_IDP_<ID>_<KEY>` (upper case, `-` as `_`).
fn env_key(id: &str, key: &str) -> String {
    format!("SPORTELLO_IDP_{id}_{key}")
        .to_ascii_uppercase()
        .replace('-', "_")
}

/// Checks the configured providers; `base` is the folder of the configuration file
/// (relative key paths start there).
pub(crate) fn parse(
    file: Vec<FileProvider>,
    base: &Path,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<Vec<ProviderSettings>, ConfigError> {
    let mut out: Vec<ProviderSettings> = Vec::new();
    for p in file {
        let bad =
            |what: String| ConfigError::Invalid(format!("identity provider {:?}: {what}", p.id));
        if p.id.is_empty()
            || !p
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(bad("id must use only a-z, 0-9 and -".into()));
        }
        if out.iter().any(|o| o.id == p.id) {
            return Err(bad("id used twice".into()));
        }
        let kind = ProviderKind::parse(&p.kind)
            .ok_or_else(|| bad(format!("kind must be spid, cie or other, not {:?}", p.kind)))?;
        let issuer = env(&env_key(&p.id, "issuer")).unwrap_or(p.issuer);
        let issuer_url =
            url::Url::parse(&issuer).map_err(|e| bad(format!("issuer {issuer:?}: {e}")))?;
        if !matches!(issuer_url.scheme(), "https" | "http") {
            return Err(bad("issuer must be an http(s) URL".into()));
        }
        let client_id = env(&env_key(&p.id, "client-id")).unwrap_or(p.client_id);
        let secret = env(&env_key(&p.id, "client-secret")).or(p.client_secret);
        let key_file = env(&env_key(&p.id, "private-key-file")).or(p.private_key_file);
        let auth = match (secret, key_file) {
            (Some(s), None) => ClientAuth::Secret(s),
            (None, Some(file)) => {
                let path = base.join(&file);
                let pem = std::fs::read_to_string(&path)
                    .map_err(|e| bad(format!("cannot read private key {}: {e}", path.display())))?;
                ClientAuth::PrivateKey {
                    pem,
                    key_id: p.private_key_id,
                }
            }
            _ => {
                return Err(bad(
                    "set exactly one of client-secret and private-key-file".into()
                ))
            }
        };
        let min_level = match p.min_level.as_deref() {
            None => AssuranceLevel::L2,
            Some(l) => AssuranceLevel::from_acr(l)
                .ok_or_else(|| bad(format!("min-level {l:?} is not a SPID level URI")))?,
        };
        for t in &p.tenants {
            OrganizationFiscalCode::parse(t).map_err(|e| bad(format!("tenant {t:?}: {e}")))?;
        }
        out.push(ProviderSettings {
            id: p.id,
            name: p.name,
            kind,
            issuer,
            client_id,
            auth,
            scopes: p
                .scopes
                .unwrap_or_else(|| ["openid", "profile", "email"].map(String::from).to_vec()),
            fiscal_code_claim: p.fiscal_code_claim,
            tenants: p.tenants,
            min_level,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn providers(
        toml_text: &str,
        env: &[(&str, &str)],
    ) -> Result<Vec<ProviderSettings>, ConfigError> {
        #[derive(Deserialize)]
        struct Root {
            #[serde(rename = "identity-providers")]
            providers: Vec<FileProvider>,
        }
        let root: Root =
            toml::from_str(toml_text).map_err(|e| ConfigError::Invalid(e.to_string()))?;
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        parse(root.providers, Path::new("."), &|k| {
            env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        })
    }

    const ONE: &str = r#"
[[identity-providers]]
id = "spid-regione"
name = "SPID (Regione)"
kind = "spid"
issuer = "https://id.regione.example"
client-id = "sportello"
client-secret = "s3cret"
"#;

    #[test]
    fn reads_a_provider_with_defaults() {
        let p = &providers(ONE, &[]).expect("valid")[0];
        assert_eq!(p.kind, ProviderKind::Spid);
        assert_eq!(p.min_level, AssuranceLevel::L2);
        assert_eq!(p.scopes, ["openid", "profile", "email"]);
        assert_eq!(p.auth, ClientAuth::Secret("s3cret".into()));
        assert!(
            !format!("{p:?}").contains("s3cret"),
            "secrets stay out of logs"
        );
    }

    #[test]
    fn the_environment_overrides_secret_and_issuer() {
        let p = &providers(
            ONE,
            &[
                ("SPORTELLO_IDP_SPID_REGIONE_CLIENT_SECRET", "from-env"),
                ("SPORTELLO_IDP_SPID_REGIONE_ISSUER", "https://other.example"),
            ],
        )
        .expect("valid")[0];
        assert_eq!(p.auth, ClientAuth::Secret("from-env".into()));
        assert_eq!(p.issuer, "https://other.example");
    }

    #[test]
    fn refuses_nonsense() {
        for (from, to) in [
            ("kind = \"spid\"", "kind = \"saml\""),
            ("id = \"spid-regione\"", "id = \"Spid Regione\""),
            (
                "issuer = \"https://id.regione.example\"",
                "issuer = \"not a url\"",
            ),
            (
                "client-secret = \"s3cret\"",
                "private-key-file = \"/nonexistent/key.pem\"",
            ),
            (
                "client-id = \"sportello\"",
                "client-id = \"sportello\"\ntenants = [\"123\"]",
            ),
        ] {
            let text = ONE.replace(from, to);
            assert!(providers(&text, &[]).is_err(), "{to}");
        }
        let twice = format!("{ONE}{ONE}");
        assert!(providers(&twice, &[]).is_err(), "duplicate id");
    }
}
