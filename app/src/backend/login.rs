//! The login page: the identity providers configured for the Ente of the request.

use crate::backend::auth::Visitor;
use crate::model::login::LoginOption;

pub fn options(visitor: &Visitor) -> Vec<LoginOption> {
    visitor
        .ctx
        .login_providers
        .iter()
        .filter(|p| p.serves(&visitor.tenant))
        .map(|p| LoginOption {
            id: p.id.clone(),
            name: p.name.clone(),
            kind: p.kind,
        })
        .collect()
}
