//! Menù: a school's rotating menus, and a new version from a date (operators and
//! administrators). A plain form post lands back on the school's menus.

use crate::domain::ids::SchoolId;
use crate::domain::wire::OrEmpty;
use crate::error::AppError;
use crate::model::menus::{MenuDraft, MenuPrint, MenusView};
use leptos::prelude::*;

/// The menus of `school` (empty: the first school), the new version with `weeks` weeks
/// (0: as many as the latest menu).
#[server(endpoint = "menus_view")]
pub async fn load_menus(
    #[server(default)] school: OrEmpty<SchoolId>,
    #[server(default)] weeks: u8,
) -> Result<MenusView, AppError> {
    use crate::backend::{auth::Caller, context::respond, menus};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            menus::page(&caller, school.0.as_ref(), (weeks > 0).then_some(weeks)).await
        }
        .await,
    )
}

/// Puts a new version of the school's menu in effect from its date.
#[server(endpoint = "menus_save")]
pub async fn save_menu(school: SchoolId, menu: MenuDraft) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::*, menus};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            let saved = menus::save(&caller, &school, &menu).await?;
            redirect_form_post(&crate::routes::menus_of(&school));
            Ok(saved)
        }
        .await,
    )
}

/// A school's menu to print, for anyone (families, the school's notice board).
#[server(endpoint = "menu_print")]
pub async fn load_menu_print(school: SchoolId) -> Result<MenuPrint, AppError> {
    use crate::backend::{auth::Visitor, context::respond, menus};
    respond(async { menus::printable(&Visitor::current()?, &school).await }.await)
}
