use crate::error::AppError;
use leptos::prelude::*;

/// An error as a person reads it: a clear sentence, never a stack trace.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    view! {
        <div class="alert alert-danger" role="alert">
            {error.to_string()}
        </div>
    }
}
