use crate::domain::date::format_date_it;
use crate::model::news::NewsSummary;
use crate::routes;
use leptos::prelude::*;

#[component]
pub fn NewsList(items: Vec<NewsSummary>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p>"Non ci sono notizie pubblicate."</p> }.into_any();
    }
    view! {
        <ul class="news-list">
            {items
                .into_iter()
                .map(|n| {
                    let href = routes::news_item(&n.id);
                    view! {
                        <li class="card card-bg news-card">
                            {n.image.map(|i| view! { <img class="news-card-image" src=i.url alt=i.alt /> })}
                            <div class="card-body">
                                <p class="news-date">
                                    <time datetime=n.published_on.to_string()>{format_date_it(n.published_on)}</time>
                                </p>
                                <h2 class="card-title h5">
                                    <a href=href>{n.title}</a>
                                </h2>
                                <p class="card-text">{n.summary}</p>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
