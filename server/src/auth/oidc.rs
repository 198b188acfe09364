//! The OpenID Connect relying party: discovery (cached), the authorization request
//! (code flow, PKCE S256, state and nonce of 43 characters, `acr_values`), and the checks
//! on the way back (token exchange, ID token signature/issuer/audience/expiry/nonce,
//! assurance level, userinfo, fiscal code).

use super::providers::{ClientAuth, ProviderSettings};
use app::backend::store::logins::PendingLogin;
use app::domain::fiscal_code::FiscalCode;
use app::domain::identity::{fiscal_code_from_claims, AssuranceLevel, ClaimError};
use base64::Engine as _;
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthenticationFlow, CoreClaimName, CoreClaimType, CoreClient,
    CoreClientAuthMethod, CoreGenderClaim, CoreGrantType, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm,
    CoreResponseMode, CoreResponseType, CoreRsaPrivateSigningKey, CoreSubjectIdentifierType,
};
use openidconnect::{
    AdditionalClaims, AdditionalProviderMetadata, AuthType, AuthenticationContextClass,
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, PrivateSigningKey, ProviderMetadata, RedirectUrl, Scope,
    TokenResponse,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::RwLock;

/// Discovery metadata, plus the end-session endpoint (RP-initiated logout).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct LogoutMetadata {
    pub end_session_endpoint: Option<url::Url>,
}
impl AdditionalProviderMetadata for LogoutMetadata {}

type Metadata = ProviderMetadata<
    LogoutMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// Claims beyond the standard ones (the fiscal code under its various names).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
struct ExtraClaims {
    #[serde(flatten)]
    claims: HashMap<String, serde_json::Value>,
}
impl AdditionalClaims for ExtraClaims {}

/// Why a login did not complete. Each is logged; the person reads a sentence chosen
/// from [`LoginError::is_provider_down`].
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("identity provider unreachable or invalid metadata: {0}")]
    Discovery(String),
    #[error("token request failed: {0}")]
    Token(String),
    #[error("the token response has no ID token")]
    NoIdToken,
    #[error("ID token refused: {0}")]
    IdToken(String),
    #[error("assurance level {got:?} below the required {wanted:?}")]
    Level {
        got: Option<String>,
        wanted: AssuranceLevel,
    },
    #[error("userinfo request failed: {0}")]
    UserInfo(String),
    #[error("{0}")]
    Claims(#[from] ClaimError),
    #[error("client configuration: {0}")]
    Config(String),
}

impl LoginError {
    /// The provider could not be reached or answered nonsense (not the person's fault).
    pub fn is_provider_down(&self) -> bool {
        matches!(self, LoginError::Discovery(_))
    }
}

/// What the relying party learned about the person.
#[derive(Clone, Debug)]
pub struct LoggedIn {
    pub fiscal_code: FiscalCode,
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
    /// Kept for the end-session call at logout (`id_token_hint`).
    pub id_token: String,
}

/// Provider metadata is fetched once and kept for this long.
const METADATA_TTL: Duration = Duration::from_secs(600);

pub struct RelyingParty {
    http: reqwest::Client,
    cache: RwLock<HashMap<String, (Instant, Arc<Metadata>)>>,
}

impl RelyingParty {
    pub fn new() -> RelyingParty {
        RelyingParty {
            // Following redirects from a provider's endpoints would open the door to SSRF.
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(15))
                // A provider closes an idle connection on its own schedule (Node: after
                // 5 s); a token request sent on one it has just closed fails, and the code
                // cannot be sent twice. Idle connections are dropped well before that.
                .pool_idle_timeout(Duration::from_secs(2))
                .build()
                .unwrap_or_default(),
            cache: RwLock::new(HashMap::new()),
        }
    }

    async fn metadata(&self, p: &ProviderSettings) -> Result<Arc<Metadata>, LoginError> {
        if let Some((at, m)) = self.cache.read().await.get(&p.id) {
            if at.elapsed() < METADATA_TTL {
                return Ok(m.clone());
            }
        }
        let issuer =
            IssuerUrl::new(p.issuer.clone()).map_err(|e| LoginError::Discovery(e.to_string()))?;
        let m = Arc::new(
            Metadata::discover_async(issuer, &self.http)
                .await
                .map_err(|e| LoginError::Discovery(error_chain(&e)))?,
        );
        self.cache
            .write()
            .await
            .insert(p.id.clone(), (Instant::now(), m.clone()));
        Ok(m)
    }

    /// The provider's authorization URL for a new login, and what to keep until the
    /// person comes back.
    pub async fn start(
        &self,
        p: &ProviderSettings,
        redirect: &str,
        return_to: String,
    ) -> Result<(url::Url, PendingLogin), LoginError> {
        let meta = self.metadata(p).await?;
        let client = client(&meta, p, redirect)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                || CsrfToken::new_random_len(32),
                || Nonce::new_random_len(32),
            )
            .set_pkce_challenge(challenge)
            .add_auth_context_value(AuthenticationContextClass::new(
                p.min_level.uri().to_string(),
            ));
        for scope in p.scopes.iter().filter(|s| s.as_str() != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        Ok((
            url,
            PendingLogin {
                state: state.secret().clone(),
                provider: p.id.clone(),
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier.secret().clone(),
                return_to,
                browser_hash: String::new(),
            },
        ))
    }

    /// Completes the login from the provider's answer: every check, or an error.
    pub async fn finish(
        &self,
        p: &ProviderSettings,
        pending: &PendingLogin,
        code: &str,
        redirect: &str,
    ) -> Result<LoggedIn, LoginError> {
        let meta = self.metadata(p).await?;
        let token_endpoint = meta
            .token_endpoint()
            .cloned()
            .ok_or_else(|| LoginError::Discovery("no token endpoint".into()))?;
        let client = client(&meta, p, redirect)?;
        let mut exchange = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| LoginError::Config(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()));
        if let ClientAuth::PrivateKey { pem, key_id } = &p.auth {
            let assertion = client_assertion(
                &p.client_id,
                token_endpoint.as_str(),
                pem,
                key_id.as_deref(),
            )?;
            exchange = exchange
                .add_extra_param(
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                )
                .add_extra_param("client_assertion", assertion);
        }
        let tokens = exchange
            .request_async(&self.http)
            .await
            .map_err(|e| LoginError::Token(error_chain(&e)))?;
        let id_token = tokens.id_token().ok_or(LoginError::NoIdToken)?;
        let claims = id_token
            .claims(
                &client.id_token_verifier(),
                &Nonce::new(pending.nonce.clone()),
            )
            .map_err(|e| LoginError::IdToken(error_chain(&e)))?;
        let acr = claims.auth_context_ref().map(|a| a.as_str().to_string());
        let level = acr.as_deref().and_then(AssuranceLevel::from_acr);
        if level.is_none_or(|l| l < p.min_level) {
            return Err(LoginError::Level {
                got: acr,
                wanted: p.min_level,
            });
        }

        // The signature is verified: the payload's other claims can be read as they are.
        let mut all = payload_claims(&id_token.to_string());
        let mut given = claims
            .given_name()
            .and_then(|n| n.get(None))
            .map(|n| n.to_string());
        let mut family = claims
            .family_name()
            .and_then(|n| n.get(None))
            .map(|n| n.to_string());
        let mut email = claims.email().map(|e| e.to_string());
        if meta.userinfo_endpoint().is_some() {
            let info = client
                .user_info(
                    tokens.access_token().clone(),
                    Some(claims.subject().clone()),
                )
                .map_err(|e| LoginError::UserInfo(e.to_string()))?
                .request_async::<ExtraClaims, _, CoreGenderClaim>(&self.http)
                .await
                .map_err(|e| LoginError::UserInfo(error_chain(&e)))?;
            given = info
                .given_name()
                .and_then(|n| n.get(None))
                .map(|n| n.to_string())
                .or(given);
            family = info
                .family_name()
                .and_then(|n| n.get(None))
                .map(|n| n.to_string())
                .or(family);
            email = info.email().map(|e| e.to_string()).or(email);
            all.extend(info.additional_claims().claims.clone());
        }
        let fiscal_code = fiscal_code_from_claims(
            |name| all.get(name).and_then(|v| v.as_str()),
            p.fiscal_code_claim.as_deref(),
        )?;
        Ok(LoggedIn {
            given_name: given.unwrap_or_default(),
            family_name: family.unwrap_or_default(),
            email,
            fiscal_code,
            id_token: id_token.to_string(),
        })
    }

    /// Where to send the browser to end the session at the provider too, if it can.
    pub async fn end_session_url(
        &self,
        p: &ProviderSettings,
        id_token: &str,
        after: &str,
    ) -> Option<url::Url> {
        let meta = self.metadata(p).await.ok()?;
        let mut url = meta.additional_metadata().end_session_endpoint.clone()?;
        url.query_pairs_mut()
            .append_pair("id_token_hint", id_token)
            .append_pair("post_logout_redirect_uri", after)
            .append_pair("client_id", &p.client_id);
        Some(url)
    }
}

/// The client for one provider: its secret, or (`private_key_jwt`) no secret and the
/// client id in the body, where the signed assertion goes too.
fn client(
    meta: &Metadata,
    p: &ProviderSettings,
    redirect: &str,
) -> Result<
    CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
    LoginError,
> {
    let secret = match &p.auth {
        ClientAuth::Secret(s) => Some(ClientSecret::new(s.clone())),
        ClientAuth::PrivateKey { .. } => None,
    };
    let redirect =
        RedirectUrl::new(redirect.to_string()).map_err(|e| LoginError::Config(e.to_string()))?;
    let client = CoreClient::from_provider_metadata(
        meta.clone(),
        ClientId::new(p.client_id.clone()),
        secret,
    )
    .set_redirect_uri(redirect);
    Ok(match p.auth {
        ClientAuth::Secret(_) => client,
        ClientAuth::PrivateKey { .. } => client.set_auth_type(AuthType::RequestBody),
    })
}

impl Default for RelyingParty {
    fn default() -> Self {
        RelyingParty::new()
    }
}

/// The claims of a JWT's payload, unverified: only for a token already verified.
fn payload_claims(jwt: &str) -> HashMap<String, serde_json::Value> {
    jwt.split('.')
        .nth(1)
        .and_then(|p| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(p)
                .ok()
        })
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// `private_key_jwt` (RFC 7523): a short-lived JWT about this client, for the token endpoint.
fn client_assertion(
    client_id: &str,
    audience: &str,
    pem: &str,
    key_id: Option<&str>,
) -> Result<String, LoginError> {
    let key = CoreRsaPrivateSigningKey::from_pem(
        pem,
        key_id.map(|k| openidconnect::JsonWebKeyId::new(k.to_string())),
    )
    .map_err(|e| LoginError::Config(format!("private key: {e}")))?;
    let now = chrono::Utc::now().timestamp();
    let mut header = serde_json::json!({ "alg": "RS256", "typ": "JWT" });
    if let Some(kid) = key_id {
        header["kid"] = kid.into();
    }
    let claims = serde_json::json!({
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "jti": CsrfToken::new_random_len(32).secret(),
        "iat": now,
        "exp": now + 60,
    });
    let b64 = |v: &serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let signing_input = format!("{}.{}", b64(&header), b64(&claims));
    let signature = key
        .sign(
            &CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
            signing_input.as_bytes(),
        )
        .map_err(|e| LoginError::Config(format!("signing: {e}")))?;
    Ok(format!(
        "{signing_input}.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(signature)
    ))
}

/// An error with its sources, for one log line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}
