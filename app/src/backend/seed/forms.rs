//! The demo Ente's forms: enrolment in the canteen or transport, special diet, ISEE
//! reduction, delegation, withdrawal — definitions like any Ente would write.

use crate::domain::forms::{
    Condition, Effect, Field, FieldKind, FileType, FormDefinition, FormSection, Prefill,
};

fn field(name: &str, label: &str, kind: FieldKind, required: bool) -> Field {
    Field {
        name: name.into(),
        label: label.into(),
        kind,
        required,
        help: None,
        show_if: None,
        prefill: None,
    }
}

fn help(mut f: Field, text: &str) -> Field {
    f.help = Some(text.into());
    f
}

fn prefilled(mut f: Field, p: Prefill) -> Field {
    f.prefill = Some(p);
    f
}

fn shown_if(mut f: Field, field: &str, equals: &str) -> Field {
    f.show_if = Some(Condition {
        field: field.into(),
        equals: equals.into(),
    });
    f
}

fn section(title: &str, fields: Vec<Field>) -> FormSection {
    FormSection {
        title: title.into(),
        fields,
    }
}

fn choice(options: &[(&str, &str)]) -> FieldKind {
    FieldKind::Choice {
        options: options
            .iter()
            .map(|(v, l)| (v.to_string(), l.to_string()))
            .collect(),
    }
}

const SERVICES: &[(&str, &str)] = &[
    ("REFEZIONE", "Refezione scolastica"),
    ("TRASPORTO", "Trasporto scolastico"),
];

fn applicant() -> FormSection {
    section(
        "Richiedente",
        vec![
            prefilled(
                field("richiedente_nome", "Nome e cognome", FieldKind::Text, true),
                Prefill::FullName,
            ),
            prefilled(
                field(
                    "richiedente_codice_fiscale",
                    "Codice fiscale",
                    FieldKind::FiscalCode,
                    true,
                ),
                Prefill::FiscalCode,
            ),
            prefilled(
                field("email", "E-mail", FieldKind::Email, false),
                Prefill::Email,
            ),
            help(
                field("telefono", "Telefono", FieldKind::Phone, false),
                "Per essere contattati in caso di necessità.",
            ),
        ],
    )
}

fn form(
    code: &str,
    title: &str,
    intro: &str,
    effect: Effect,
    sections: Vec<FormSection>,
) -> FormDefinition {
    FormDefinition {
        code: code.into(),
        version: 1,
        title: title.into(),
        intro: intro.into(),
        effect: Some(effect),
        sections,
    }
}

pub fn demo_forms() -> Vec<FormDefinition> {
    let files = || FieldKind::File {
        accept: vec![FileType::Pdf, FileType::Jpeg, FileType::Png],
    };
    vec![
        form(
            "iscrizione",
            "Iscrizione ai servizi scolastici",
            "Iscrizione alla refezione scolastica o al trasporto per l'anno scolastico 2026/2027.",
            Effect::Enrolment,
            vec![
                applicant(),
                section(
                    "Alunno",
                    vec![
                        field("alunno_codice_fiscale", "Codice fiscale dell'alunno", FieldKind::FiscalCode, true),
                        field("alunno_nome", "Nome dell'alunno", FieldKind::Text, true),
                        field("alunno_cognome", "Cognome dell'alunno", FieldKind::Text, true),
                        field("alunno_nascita", "Data di nascita", FieldKind::Date, true),
                        field("classe", "Scuola e classe", FieldKind::Class, true),
                    ],
                ),
                section(
                    "Servizio",
                    vec![
                        field("servizio", "Servizio", choice(SERVICES), true),
                        shown_if(
                            help(field("fermata", "Fermata dello scuolabus", FieldKind::Text, true), "La fermata più vicina a casa."),
                            "servizio",
                            "TRASPORTO",
                        ),
                        field("dal", "Dal giorno", FieldKind::Date, true),
                    ],
                ),
            ],
        ),
        form(
            "dieta",
            "Richiesta di dieta speciale",
            "Per allergie, intolleranze o motivi di salute, con il certificato del medico.",
            Effect::Diet,
            vec![section(
                "Dieta",
                vec![
                    field("alunno", "Alunno", FieldKind::Pupil, true),
                    field(
                        "dieta",
                        "Dieta richiesta",
                        choice(&[
                            ("Dieta per celiachia", "Dieta per celiachia"),
                            ("Senza lattosio", "Senza lattosio"),
                            ("Senza uova", "Senza uova"),
                            ("Senza frutta a guscio", "Senza frutta a guscio"),
                        ]),
                        true,
                    ),
                    help(
                        field("certificato", "Certificato medico", files(), true),
                        "PDF, JPEG o PNG, fino a 5 MB.",
                    ),
                    field("note", "Note per la cucina", FieldKind::LongText, false),
                ],
            )],
        ),
        form(
            "isee",
            "Riduzione della tariffa (ISEE)",
            "La tariffa del pasto secondo l'ISEE del nucleo familiare.",
            Effect::Isee,
            vec![section(
                "ISEE",
                vec![
                    field("alunno", "Alunno", FieldKind::Pupil, true),
                    field(
                        "isee",
                        "Valore ISEE",
                        FieldKind::Money {
                            min_cents: 0,
                            max_cents: 100_000_000,
                        },
                        true,
                    ),
                    help(
                        field("protocollo_dsu", "Protocollo della DSU", FieldKind::Text, true),
                        "Il numero di protocollo della Dichiarazione Sostitutiva Unica (INPS-ISEE-…).",
                    ),
                    field("dal", "Dal giorno", FieldKind::Date, true),
                    help(
                        field("attestazione", "Attestazione ISEE", files(), true),
                        "PDF, JPEG o PNG, fino a 5 MB.",
                    ),
                ],
            )],
        ),
        form(
            "delega",
            "Delega per le prenotazioni",
            "Autorizza un'altra persona a gestire le prenotazioni dei pasti di tuo figlio.",
            Effect::Delegation,
            vec![section(
                "Delega",
                vec![
                    field("alunno", "Alunno", FieldKind::Pupil, true),
                    field("delegato_nome", "Nome e cognome del delegato", FieldKind::Text, true),
                    field("delegato_codice_fiscale", "Codice fiscale del delegato", FieldKind::FiscalCode, true),
                    field("dal", "Dal giorno", FieldKind::Date, true),
                ],
            )],
        ),
        form(
            "rinuncia",
            "Rinuncia a un servizio",
            "Per non usare più la refezione o il trasporto da una data.",
            Effect::Withdrawal,
            vec![section(
                "Rinuncia",
                vec![
                    field("alunno", "Alunno", FieldKind::Pupil, true),
                    field("servizio", "Servizio", choice(SERVICES), true),
                    field("dal", "Dal giorno", FieldKind::Date, true),
                    field("motivo", "Motivo (facoltativo)", FieldKind::LongText, false),
                ],
            )],
        ),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_forms_are_well_formed() {
        for def in super::demo_forms() {
            assert_eq!(def.check(), Ok(()), "{}", def.code);
        }
    }
}
