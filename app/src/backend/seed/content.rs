//! The words and people of the demo Enti. Fiscal codes are fictional but valid.

use super::pdf::text_pdf;
use crate::domain::content::DocumentCategory;
use crate::domain::identity::Role;

pub struct NewsSeed {
    pub title: &'static str,
    pub summary: &'static str,
    pub body: &'static str,
    pub at: &'static str,
}

pub enum DocBody {
    Pdf(&'static [&'static str]),
    Csv(&'static str),
}

pub struct DocumentSeed {
    pub title: &'static str,
    pub category: DocumentCategory,
    pub description: &'static str,
    pub file_name: &'static str,
    pub at: &'static str,
    pub body: DocBody,
}

impl DocumentSeed {
    pub fn bytes(&self) -> Vec<u8> {
        match self.body {
            DocBody::Pdf(lines) => text_pdf(self.title, lines),
            DocBody::Csv(text) => text.as_bytes().to_vec(),
        }
    }

    pub fn content_type(&self) -> &'static str {
        match self.body {
            DocBody::Pdf(_) => "application/pdf",
            DocBody::Csv(_) => "text/csv; charset=utf-8",
        }
    }
}

pub enum ClassRef {
    Infanzia,
    Primaria(u8),
    Secondaria(u8),
}

pub struct ChildSeed {
    pub fiscal_code: &'static str,
    pub given_name: &'static str,
    pub family_name: &'static str,
    pub birth: (i32, u32, u32),
    pub class: ClassRef,
    pub diet: Option<&'static str>,
    pub transport: bool,
}

pub struct FamilySeed {
    /// Fiscal code, given name, family name of the tutore pagante.
    pub guardian: (&'static str, &'static str, &'static str),
    pub email: &'static str,
    pub phone: &'static str,
    /// The family's ISEE in euro (`None`: not presented), which sets its canteen band.
    pub isee_euro: Option<i64>,
    pub children: &'static [ChildSeed],
}

/// The demo Enti's staff, by fiscal code (the same people as the development provider's).
pub const VALLEVERDE_STAFF: &[(&str, Role)] = &[
    ("GLLNNA90L47A944N", Role::Operator), // Anna Gallo
    ("MRNLGU70R10D612W", Role::Admin),    // Luigi Marino
];
/// Valleverde's school staff and kitchen, and the schools they work for (by kind: the demo
/// has one school of each).
pub const VALLEVERDE_SCHOOL_STAFF: &[(&str, Role, &[&str])] = &[
    ("CLMRTI79E52H501I", Role::SchoolStaff, &["primaria"]), // Rita Colombo
    ("RCCMRC83C15F205X", Role::Kitchen, &["infanzia", "primaria"]), // Marco Ricci
];
pub const MONTECHIARO_STAFF: &[(&str, Role)] = &[("CNTSRA92C55M082A", Role::Operator)]; // Sara Conti

/// Paolo Ferrari, Giulia Rossi's grandfather, books her meals by her father's delegation:
/// (pupil, delegate, delegate's name).
pub const DELEGATIONS: &[(&str, &str, &str)] =
    &[("RSSGLI18C54H501Z", "FRRPLA75E20L219Z", "Paolo Ferrari")];

pub const FAMILIES: &[FamilySeed] = &[
    FamilySeed {
        guardian: ("RSSMRA80A01H501U", "Mario", "Rossi"),
        email: "mario.rossi@example.org",
        phone: "+39 333 1234567",
        isee_euro: Some(12_400),
        children: &[
            ChildSeed {
                fiscal_code: "RSSGLI18C54H501Z",
                given_name: "Giulia",
                family_name: "Rossi",
                birth: (2018, 3, 14),
                class: ClassRef::Primaria(3),
                diet: None,
                transport: true,
            },
            ChildSeed {
                fiscal_code: "RSSLCU21H02H501S",
                given_name: "Luca",
                family_name: "Rossi",
                birth: (2021, 6, 2),
                class: ClassRef::Infanzia,
                diet: Some("Senza lattosio"),
                transport: false,
            },
        ],
    },
    FamilySeed {
        guardian: ("BNCLRA85M41F205C", "Laura", "Bianchi"),
        email: "laura.bianchi@example.org",
        phone: "+39 347 7654321",
        isee_euro: None,
        children: &[ChildSeed {
            fiscal_code: "CNTSFO14S63F205Z",
            given_name: "Sofia",
            family_name: "Conti",
            birth: (2014, 11, 23),
            class: ClassRef::Secondaria(1),
            diet: None,
            transport: true,
        }],
    },
    FamilySeed {
        guardian: ("SPSFNC82D49F839L", "Francesca", "Esposito"),
        email: "francesca.esposito@example.org",
        phone: "+39 320 5550199",
        isee_euro: Some(4_150),
        children: &[
            ChildSeed {
                fiscal_code: "SPSMRC13B17F839A",
                given_name: "Marco",
                family_name: "Esposito",
                birth: (2013, 2, 17),
                class: ClassRef::Secondaria(3),
                diet: None,
                transport: true,
            },
            ChildSeed {
                fiscal_code: "SPSCHR16P45F839T",
                given_name: "Chiara",
                family_name: "Esposito",
                birth: (2016, 9, 5),
                class: ClassRef::Primaria(5),
                diet: Some("Dieta per celiachia"),
                transport: true,
            },
            ChildSeed {
                fiscal_code: "SPSMTT19T30F839D",
                given_name: "Matteo",
                family_name: "Esposito",
                birth: (2019, 12, 30),
                class: ClassRef::Primaria(1),
                diet: None,
                transport: false,
            },
        ],
    },
];

pub const VALLEVERDE_NEWS: &[NewsSeed] = &[
    NewsSeed {
        title: "Iscrizioni ai servizi scolastici 2026/2027 aperte",
        summary: "Dal 1° luglio al 31 agosto è possibile iscrivere i propri figli alla refezione scolastica e al trasporto.",
        body: "Sono aperte le iscrizioni ai servizi di refezione scolastica e trasporto per l'anno scolastico 2026/2027.\n\nLa domanda si presenta esclusivamente online, dall'area personale del portale, accedendo con SPID o CIE.\n\nChi era già iscritto lo scorso anno non deve ripresentare la domanda per la refezione: l'iscrizione si rinnova automaticamente, salvo rinuncia.",
        at: "2026-07-01T07:00:00Z",
    },
    NewsSeed {
        title: "Tariffe della mensa per fasce ISEE",
        summary: "Approvate le tariffe del servizio di refezione: da 0 a 5,47 € a pasto in base all'ISEE.",
        body: "La Giunta comunale ha approvato le tariffe della refezione scolastica per l'anno 2026/2027.\n\nIl costo del pasto va da 1,00 € a 5,47 € in base all'ISEE del nucleo familiare; le famiglie con ISEE fino a 1.000 € sono esenti. Dal secondo figlio iscritto si applica una riduzione del 50%.\n\nPer ottenere la tariffa agevolata occorre presentare il modulo di riduzione tariffaria con l'attestazione ISEE in corso di validità.",
        at: "2026-07-15T09:30:00Z",
    },
    NewsSeed {
        title: "Trasporto scolastico: percorsi e orari",
        summary: "Pubblicati i percorsi, le fermate e gli orari degli scuolabus per il nuovo anno.",
        body: "Sono disponibili nella sezione Documenti i percorsi e le fermate del trasporto scolastico.\n\nIl servizio parte lunedì 14 settembre. Si raccomanda di trovarsi alla fermata cinque minuti prima dell'orario indicato.",
        at: "2026-08-28T08:00:00Z",
    },
    NewsSeed {
        title: "La mensa riparte il 21 settembre",
        summary: "Il servizio di refezione scolastica inizia lunedì 21 settembre per tutte le scuole.",
        body: "Il servizio di refezione scolastica riprende lunedì 21 settembre per la scuola dell'infanzia, la primaria e la secondaria.\n\nRicordiamo che la presenza in mensa è automatica: chi non usufruisce del pasto deve disdirlo entro le 9:30 del giorno stesso.",
        at: "2026-09-10T10:00:00Z",
    },
    NewsSeed {
        title: "Ricarica del borsellino elettronico con pagoPA",
        summary: "Il credito per i pasti si ricarica online con pagoPA o con l'avviso di pagamento in tabaccheria.",
        body: "Il borsellino elettronico della mensa si ricarica dal menu Pagamenti dell'area personale.\n\nSi può pagare online con carta, bonifico MyBank, PayPal o Satispay, oppure scaricare l'avviso di pagamento e pagarlo in banca, alle Poste o in tabaccheria.\n\nIl saldo si aggiorna non appena il pagamento è confermato da pagoPA.",
        at: "2026-09-15T08:30:00Z",
    },
    NewsSeed {
        title: "Menù invernale in vigore dal 2 novembre",
        summary: "Il nuovo menù su cinque settimane è stato approvato dal servizio di igiene degli alimenti.",
        body: "Dal 2 novembre è in vigore il menù invernale, articolato su cinque settimane.\n\nIl menù è consultabile nella sezione Documenti. Le diete speciali restano invariate.",
        at: "2026-10-26T11:00:00Z",
    },
    NewsSeed {
        title: "Diete speciali: come presentare la richiesta",
        summary: "Per allergie, intolleranze o motivi etico-religiosi si presenta il modulo online con il certificato.",
        body: "La richiesta di dieta speciale si presenta dal menu Moduli online allegando il certificato medico (per le diete sanitarie).\n\nLa dieta è attiva dal terzo giorno lavorativo successivo all'accoglimento della richiesta.",
        at: "2026-10-05T09:00:00Z",
    },
    NewsSeed {
        title: "Prima rata del trasporto in scadenza il 30 novembre",
        summary: "La prima rata di 93 € dell'abbonamento al trasporto scolastico va pagata entro il 30 novembre.",
        body: "Ricordiamo alle famiglie iscritte al trasporto scolastico che la prima rata, di 93 €, scade il 30 novembre.\n\nL'avviso pagoPA è disponibile nel menu Pagamenti dell'area personale.",
        at: "2026-11-16T08:00:00Z",
    },
    NewsSeed {
        title: "Commissione mensa: incontro con le famiglie",
        summary: "Giovedì 3 dicembre alle 17:30 la commissione mensa incontra i genitori nella sala consiliare.",
        body: "La commissione mensa invita i genitori a un incontro sul gradimento dei pasti e sulle proposte per il menù primaverile.\n\nL'incontro si terrà giovedì 3 dicembre alle 17:30 nella sala consiliare del Municipio.",
        at: "2026-11-20T12:00:00Z",
    },
    NewsSeed {
        title: "Sciopero del personale della ristorazione",
        summary: "Venerdì 27 novembre il servizio mensa potrebbe non essere garantito: sarà fornito un pasto freddo.",
        body: "A causa di uno sciopero nazionale del settore, venerdì 27 novembre il servizio di refezione potrebbe subire variazioni.\n\nIn caso di adesione del personale sarà fornito un pasto freddo. Non è necessario disdire il pasto.",
        at: "2026-11-24T07:30:00Z",
    },
];

pub const VALLEVERDE_DOCUMENTS: &[DocumentSeed] = &[
    DocumentSeed {
        title: "Regolamento del servizio di refezione scolastica",
        category: DocumentCategory::Regulations,
        description: "Regole di iscrizione, disdetta dei pasti, tariffe e pagamenti.",
        file_name: "regolamento-refezione-scolastica.pdf",
        at: "2026-06-30T08:00:00Z",
        body: DocBody::Pdf(&[
            "Art. 1 - Il servizio di refezione è rivolto agli alunni iscritti.",
            "Art. 2 - La presenza è automatica; la disdetta si effettua entro le 9:30.",
            "Art. 3 - Il pasto non disdetto in tempo è addebitato.",
            "Art. 4 - Il credito si ricarica con pagoPA.",
        ]),
    },
    DocumentSeed {
        title: "Tariffe refezione e trasporto 2026/2027",
        category: DocumentCategory::Fees,
        description: "Costo del pasto per fascia ISEE e rate dell'abbonamento al trasporto.",
        file_name: "tariffe-2026-2027.pdf",
        at: "2026-07-15T09:30:00Z",
        body: DocBody::Pdf(&[
            "ISEE fino a 1.000 €: esente",
            "ISEE fino a 3.000 €: 1,00 € a pasto",
            "ISEE fino a 5.000 €: 2,00 € a pasto",
            "ISEE fino a 7.000 €: 3,00 € a pasto",
            "ISEE fino a 15.000 €: 4,00 € a pasto",
            "ISEE fino a 25.000 €: 5,00 € a pasto",
            "Oltre 25.000 € o senza ISEE: 5,47 € a pasto",
            "Trasporto: 210 € l'anno in tre rate (93 €, 70 €, 47 €)",
        ]),
    },
    DocumentSeed {
        title: "Menù invernale 2026/2027",
        category: DocumentCategory::Menus,
        description: "Il menù su cinque settimane in vigore dal 2 novembre.",
        file_name: "menu-invernale-2026-2027.pdf",
        at: "2026-10-26T11:00:00Z",
        body: DocBody::Pdf(&[
            "Settimana 1 - Lunedì: pasta al pomodoro, frittata, carote",
            "Settimana 1 - Martedì: risotto alla zucca, merluzzo, insalata",
            "Settimana 1 - Mercoledì: minestrone, pollo arrosto, patate",
            "Settimana 1 - Giovedì: pasta e lenticchie, formaggio, finocchi",
            "Settimana 1 - Venerdì: pizza margherita, prosciutto cotto, frutta",
        ]),
    },
    DocumentSeed {
        title: "Calendario scolastico 2026/2027",
        category: DocumentCategory::Calendars,
        description: "Giorni di lezione, festività e chiusure delle scuole di Valleverde.",
        file_name: "calendario-scolastico-2026-2027.pdf",
        at: "2026-08-20T10:00:00Z",
        body: DocBody::Pdf(&[
            "Inizio delle lezioni: 14 settembre 2026",
            "Vacanze di Natale: dal 23 dicembre 2026 al 6 gennaio 2027",
            "Vacanze di Pasqua: dal 25 al 30 marzo 2027",
            "Fine delle lezioni: 9 giugno 2027",
        ]),
    },
    DocumentSeed {
        title: "Percorsi e fermate del trasporto scolastico",
        category: DocumentCategory::Transport,
        description: "Linee, fermate e orari degli scuolabus (foglio di calcolo CSV).",
        file_name: "fermate-trasporto-2026-2027.csv",
        at: "2026-08-28T08:00:00Z",
        body: DocBody::Csv(
            "linea;fermata;orario andata;orario ritorno\nA;Piazza della Repubblica;07:35;13:20\nA;Via dei Tigli;07:42;13:27\nB;Località Poggio;07:30;13:15\nB;Via Roma;07:45;13:30\n",
        ),
    },
    DocumentSeed {
        title: "Guida al portale dei servizi scolastici",
        category: DocumentCategory::Other,
        description: "Come accedere, pagare, disdire i pasti e presentare i moduli online.",
        file_name: "guida-portale.pdf",
        at: "2026-09-01T08:00:00Z",
        body: DocBody::Pdf(&[
            "Accedi all'area personale con SPID o CIE.",
            "Pagamenti: consulta il saldo e ricarica il borsellino con pagoPA.",
            "Prenotazioni: disdici il pasto entro le 9:30 del giorno stesso.",
            "Moduli online: iscrizioni, diete speciali, riduzioni ISEE, deleghe.",
            "Comunicazioni: messaggi dell'Ente e attestazioni per il 730.",
        ]),
    },
];

pub const MONTECHIARO_NEWS: &[NewsSeed] = &[
    NewsSeed {
        title: "Montechiaro: nuovo portale dei servizi scolastici",
        summary: "Da quest'anno iscrizioni e pagamenti della mensa si gestiscono online.",
        body: "Il Comune di Montechiaro adotta il nuovo portale dei servizi scolastici.\n\nLe famiglie possono accedere con SPID o CIE.",
        at: "2026-09-02T08:00:00Z",
    },
    NewsSeed {
        title: "Montechiaro: orari dello sportello scuola",
        summary: "L'ufficio scuola riceve il martedì e il giovedì dalle 9 alle 12.",
        body: "L'ufficio scuola del Comune di Montechiaro riceve il pubblico il martedì e il giovedì dalle 9:00 alle 12:00.",
        at: "2026-10-12T08:00:00Z",
    },
];

pub const MONTECHIARO_DOCUMENTS: &[DocumentSeed] = &[DocumentSeed {
    title: "Montechiaro: regolamento mensa",
    category: DocumentCategory::Regulations,
    description: "Il regolamento del servizio di refezione del Comune di Montechiaro.",
    file_name: "regolamento-mensa-montechiaro.pdf",
    at: "2026-09-02T08:00:00Z",
    body: DocBody::Pdf(&["Regolamento del servizio di refezione del Comune di Montechiaro."]),
}];
