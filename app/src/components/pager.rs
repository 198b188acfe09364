use leptos::prelude::*;

/// Numbered pages as links (`?pagina=N`), so they work without JavaScript too.
#[component]
pub fn Pager(page: u32, total_pages: u32, base: &'static str) -> impl IntoView {
    if total_pages <= 1 {
        return ().into_any();
    }
    let href = move |n: u32| {
        if n == 1 {
            base.to_string()
        } else {
            format!("{base}?pagina={n}")
        }
    };
    let prev = (page > 1).then(|| {
        view! {
            <li class="page-item">
                <a class="page-link" href=href(page - 1) rel="prev">"Pagina precedente"</a>
            </li>
        }
    });
    let next = (page < total_pages).then(|| {
        view! {
            <li class="page-item">
                <a class="page-link" href=href(page + 1) rel="next">"Pagina successiva"</a>
            </li>
        }
    });
    view! {
        <nav class="pagination-wrapper mt-4" aria-label="Paginazione">
            <ul class="pagination flex-wrap">
                {prev}
                {(1..=total_pages)
                    .map(|n| {
                        let current = (n == page).then_some("page");
                        view! {
                            <li class="page-item">
                                <a class="page-link" href=href(n) aria-current=current>
                                    <span class="visually-hidden">"Pagina "</span>
                                    {n}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
                {next}
            </ul>
        </nav>
    }
    .into_any()
}
