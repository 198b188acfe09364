use crate::api::personal::load_personal_home;
use crate::components::error_notice::ErrorNotice;
use crate::domain::identity::Role;
use crate::model::personal::{PersonalHome, PupilCard};
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;

/// The sections of the personal area, with who may open each one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Payments,
    Bookings,
    Forms,
    Messages,
    Kitchen,
    Attendance,
    Review,
    Families,
    Calendar,
    Registry,
    BookingSettings,
    Tariffs,
    Setup,
    Menus,
    Content,
    Staff,
    Audit,
}

impl Section {
    pub const ALL: [Section; 17] = [
        Section::Payments,
        Section::Bookings,
        Section::Forms,
        Section::Messages,
        Section::Kitchen,
        Section::Attendance,
        Section::Review,
        Section::Families,
        Section::Calendar,
        Section::Registry,
        Section::BookingSettings,
        Section::Tariffs,
        Section::Setup,
        Section::Menus,
        Section::Content,
        Section::Staff,
        Section::Audit,
    ];

    pub fn href(self) -> &'static str {
        match self {
            Section::Payments => routes::PAYMENTS,
            Section::Bookings => routes::BOOKINGS,
            Section::Forms => routes::FORMS,
            Section::Messages => routes::MESSAGES,
            Section::Kitchen => routes::KITCHEN,
            Section::Attendance => routes::ATTENDANCE,
            Section::Review => routes::REVIEW_QUEUE,
            Section::Calendar => routes::CALENDAR,
            Section::Registry => routes::REGISTRY,
            Section::BookingSettings => routes::BOOKING_SETTINGS,
            Section::Tariffs => routes::TARIFFS,
            Section::Setup => routes::SETUP,
            Section::Menus => routes::MENUS,
            Section::Content => routes::CONTENT,
            Section::Staff => routes::STAFF,
            Section::Audit => routes::AUDIT,
            Section::Families => routes::FAMILIES,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Section::Payments => "Pagamenti",
            Section::Bookings => "Prenotazioni",
            Section::Forms => "Moduli online",
            Section::Messages => "Comunicazioni",
            Section::Kitchen => "Cucina",
            Section::Attendance => "Presenze",
            Section::Review => "Pratiche",
            Section::Calendar => "Calendario scolastico",
            Section::Registry => "Anagrafe alunni",
            Section::BookingSettings => "Impostazioni prenotazioni",
            Section::Tariffs => "Tariffe",
            Section::Setup => "Scuole, classi e servizi",
            Section::Menus => "Menù",
            Section::Content => "Contenuti del sito",
            Section::Staff => "Personale dell'Ente",
            Section::Audit => "Registro delle modifiche",
            Section::Families => "Famiglie",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Section::Payments => {
                "Saldo della mensa, ricariche, rate del trasporto e ricevute pagoPA."
            }
            Section::Bookings => {
                "Calendario dei pasti: disdette entro l'orario limite e pasti in bianco."
            }
            Section::Forms => "Iscrizioni, diete speciali, riduzioni ISEE e deleghe.",
            Section::Messages => "Messaggi e documenti che l'Ente ti ha inviato.",
            Section::Kitchen => {
                "Pasti del giorno per scuola, classe e dieta, da inviare alla cucina."
            }
            Section::Attendance => {
                "Alunni in mensa oggi e nei 7 giorni precedenti: assenze segnate dalla scuola."
            }
            Section::Review => "Moduli inviati dalle famiglie, da esaminare e decidere.",
            Section::Calendar => "Anni scolastici, vacanze e chiusure della mensa.",
            Section::Registry => {
                "Importa alunni, genitori e classi da un file; passa al nuovo anno scolastico."
            }
            Section::BookingSettings => {
                "Orario limite, anticipo, pasti in bianco e saldo negativo ammesso."
            }
            Section::Tariffs => {
                "Listini dei servizi per fasce ISEE e nuovo listino da una data, con anteprima."
            }
            Section::Setup => {
                "Scuole, classi con i giorni di mensa, servizi e dati pagoPA dell'Ente."
            }
            Section::Menus => {
                "Menù a rotazione delle scuole, varianti per le diete, nuova versione da una data."
            }
            Section::Content => {
                "Notizie, documenti e pagine del sito: privacy, accessibilità, contatti."
            }
            Section::Staff => {
                "Operatori, amministratori, personale scolastico e cucina che usano il portale."
            }
            Section::Audit => "Chi ha cambiato che cosa nel portale, e quando.",
            Section::Families => {
                "Cerca una famiglia: conti, movimenti, rette, pagamenti e messaggi."
            }
        }
    }

    /// The roles that open the section (everyone signed in, when empty).
    pub fn roles(self) -> &'static [Role] {
        match self {
            // A delegate books meals; payments stay with the tutore.
            Section::Payments => &[Role::Family],
            Section::Bookings => &[Role::Family, Role::Delegate],
            Section::Forms | Section::Messages => &[],
            Section::Kitchen => &[Role::Operator, Role::Admin, Role::Kitchen],
            Section::Attendance => &[Role::Operator, Role::Admin, Role::SchoolStaff],
            Section::Review
            | Section::Families
            | Section::Calendar
            | Section::Registry
            | Section::BookingSettings
            | Section::Tariffs
            | Section::Setup
            | Section::Menus
            | Section::Content => &[Role::Operator, Role::Admin],
            Section::Staff | Section::Audit => &[Role::Admin],
        }
    }

    pub fn open_to(self, roles: &[Role]) -> bool {
        self.roles().is_empty() || self.roles().iter().any(|r| roles.contains(r))
    }
}

/// Area personale: greeting, the family's pupils, the sections this person may open.
#[component]
pub fn PersonalHomePage() -> impl IntoView {
    let home = Resource::new(|| (), |_| load_personal_home());
    view! {
        <Title text="Area personale" />
        <Suspense fallback=|| view! { <p>"Caricamento dell'area personale…"</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(home) => view! { <PersonalHomeView home /> }.into_any(),
                    Err(e) => view! { <h1>"Area personale"</h1><ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PersonalHomeView(home: PersonalHome) -> impl IntoView {
    let roles = home.roles.clone();
    let is_staff = roles.iter().any(|r| r.is_granted());
    let knows_pupils = roles.contains(&Role::Family) || roles.contains(&Role::Delegate);
    let role_labels = roles
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(", ");
    // Prenotazioni only where the Ente has them for one of the family's pupils.
    let no_bookings = !home.pupils.is_empty() && home.pupils.iter().all(|p| !p.bookable);
    let tiles = Section::ALL
        .into_iter()
        .filter(|s| s.open_to(&roles) && !(*s == Section::Bookings && no_bookings))
        .map(|s| {
            view! {
                <li class="personal-tile">
                    <a href=s.href()>
                        <span class="personal-tile-title">{s.title()}</span>
                        <span class="personal-tile-text">{s.description()}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <h1>{format!("Ciao, {} {}", home.given_name, home.family_name)}</h1>
        <p class="text-secondary">
            {format!("Codice fiscale {}", home.fiscal_code)}
            {(!role_labels.is_empty()).then(|| format!(" · {role_labels}"))}
        </p>
        {if home.pupils.is_empty() && !is_staff {
            view! { <NoPupils /> }.into_any()
        } else if knows_pupils {
            view! { <PupilList pupils=home.pupils /> }.into_any()
        } else {
            ().into_any()
        }}
        <h2 class="h4 mt-4">"Servizi"</h2>
        <ul class="personal-tiles">{tiles}</ul>
    }
}

#[component]
fn PupilList(pupils: Vec<PupilCard>) -> impl IntoView {
    view! {
        <h2 class="h4 mt-4">"I tuoi figli iscritti"</h2>
        <ul class="pupil-list">
            {pupils.into_iter().map(|p| {
                let services = if p.services.is_empty() {
                    "Nessun servizio attivo".to_string()
                } else {
                    p.services.join(", ")
                };
                view! {
                    <li class="pupil-card">
                        <h3 class="h5">{format!("{} {}", p.given_name, p.family_name)}</h3>
                        <p>{p.school}" · classe "{p.class}</p>
                        <p>"Servizi: "{services}</p>
                        {p.delegated.then(|| view! {
                            <p class="text-secondary">"Per delega del genitore: puoi gestire le prenotazioni."</p>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// A citizen the registry does not link to any pupil: how to enrol, not an error.
#[component]
fn NoPupils() -> impl IntoView {
    view! {
        <div class="callout note">
            <h2 class="h4">"Non risultano figli iscritti ai servizi"</h2>
            <p>
                "Il Comune non ti ha ancora registrato come genitore o tutore di un alunno iscritto "
                "alla mensa o al trasporto. Per iscrivere tuo figlio compila la domanda di iscrizione "
                "nei "<a href=Section::Forms.href()>"Moduli online"</a>"."
            </p>
            <p>
                "Se hai già presentato la domanda, l'Ente la sta esaminando: riceverai una comunicazione. "
                "Se pensi che ci sia un errore, rivolgiti all'ufficio scuola del Comune."
            </p>
        </div>
    }
}
