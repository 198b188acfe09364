use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// An error as a person reads it: a clear sentence, never a stack trace. An expired
/// session also offers the way back in.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    if error == AppError::Unauthorized {
        let here = use_location().pathname.get_untracked();
        let login = crate::routes::login_then(&here);
        return view! {
            <div class="alert alert-warning" role="alert">
                {error.to_string()}" "<a href=login>"Accedi"</a>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="alert alert-danger" role="alert">
            {error.to_string()}
        </div>
    }
    .into_any()
}
