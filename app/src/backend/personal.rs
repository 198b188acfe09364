//! The personal area's home: who is signed in, their roles and their pupils.

use crate::backend::auth::Caller;
use crate::backend::store::personal::{self, LinkedPupil};
use crate::error::AppError;
use crate::model::personal::{PersonalHome, PupilCard};

pub async fn home(caller: &Caller) -> Result<PersonalHome, AppError> {
    let me = &caller.me;
    let pupils = personal::pupils_linked_to(
        caller.db(),
        &caller.tenant.id,
        caller.fiscal_code(),
        &me.roles,
        caller.today(),
    )
    .await?;
    Ok(PersonalHome {
        given_name: me.user.given_name.clone(),
        family_name: me.user.family_name.clone(),
        fiscal_code: caller.fiscal_code().to_string(),
        roles: me.roles.clone(),
        pupils: pupils.into_iter().map(card).collect(),
    })
}

fn card(p: LinkedPupil) -> PupilCard {
    PupilCard {
        id: p.id,
        given_name: p.given_name,
        family_name: p.family_name,
        school: p.school,
        school_id: p.school_id,
        class: p.class,
        diet: p.diet,
        services: p.services,
        delegated: p.delegated,
        bookable: p.bookable,
    }
}
