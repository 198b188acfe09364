//! The audit log's vocabulary: what a staff member did, as stored and as an admin reads it.

crate::domain::wire::choice! {
    /// A change made by the Ente's staff.
    pub enum AuditAction {
        RoleGranted = "ruolo.assegnato",
        RoleRevoked = "ruolo.revocato",
        FormDecided = "modulo.deciso",
        MessageSent = "comunicazione.inviata",
        AbsenceMarked = "assenza.segnata",
        ClosureAdded = "chiusura.aggiunta",
        ClosureRemoved = "chiusura.tolta",
        ClosuresImported = "chiusure.importate",
        SchoolYearSet = "anno-scolastico.impostato",
        BookingSettingsChanged = "prenotazioni.impostazioni",
        TariffsChanged = "tariffe.listino",
        NewsSaved = "notizia.salvata",
        NewsPublished = "notizia.pubblicata",
        NewsScheduled = "notizia.programmata",
        NewsWithdrawn = "notizia.ritirata",
        NewsImageChanged = "notizia.immagine",
        NewsAttachmentsChanged = "notizia.allegati",
        DocumentUploaded = "documento.caricato",
        DocumentReplaced = "documento.sostituito",
        DocumentWithdrawn = "documento.ritirato",
        DocumentRepublished = "documento.ripubblicato",
        PageChanged = "pagina.modificata",
        RegistryImported = "anagrafe.importata",
        SchoolYearStarted = "anno-scolastico.nuovo",
        SchoolAdded = "scuola.aggiunta",
        SchoolChanged = "scuola.modificata",
        SchoolRetired = "scuola.dismessa",
        SchoolRestored = "scuola.ripristinata",
        SchoolDeleted = "scuola.eliminata",
        ClassAdded = "classe.aggiunta",
        ClassChanged = "classe.modificata",
        ClassDeleted = "classe.eliminata",
        ServiceAdded = "servizio.aggiunto",
        ServiceChanged = "servizio.modificato",
        PaymentIdentifiersChanged = "ente.dati-pagopa",
        MenuSaved = "menu.salvato",
    }
    refusal = "Azione del registro non valida.";
}

impl AuditAction {
    /// How the action reads in the log.
    pub fn label(self) -> &'static str {
        match self {
            AuditAction::RoleGranted => "Ruolo assegnato",
            AuditAction::RoleRevoked => "Ruolo revocato",
            AuditAction::FormDecided => "Modulo deciso",
            AuditAction::MessageSent => "Comunicazione inviata",
            AuditAction::AbsenceMarked => "Assenza segnata",
            AuditAction::ClosureAdded => "Chiusura aggiunta",
            AuditAction::ClosureRemoved => "Chiusura tolta",
            AuditAction::ClosuresImported => "Calendario importato",
            AuditAction::SchoolYearSet => "Anno scolastico impostato",
            AuditAction::BookingSettingsChanged => "Impostazioni delle prenotazioni",
            AuditAction::TariffsChanged => "Nuovo listino delle tariffe",
            AuditAction::NewsSaved => "Notizia salvata come bozza",
            AuditAction::NewsPublished => "Notizia pubblicata",
            AuditAction::NewsScheduled => "Notizia programmata",
            AuditAction::NewsWithdrawn => "Notizia ritirata",
            AuditAction::NewsImageChanged => "Immagine della notizia cambiata",
            AuditAction::NewsAttachmentsChanged => "Allegati della notizia cambiati",
            AuditAction::DocumentUploaded => "Documento caricato",
            AuditAction::DocumentReplaced => "Documento sostituito",
            AuditAction::DocumentWithdrawn => "Documento ritirato",
            AuditAction::DocumentRepublished => "Documento ripubblicato",
            AuditAction::PageChanged => "Pagina modificata",
            AuditAction::RegistryImported => "Anagrafe importata",
            AuditAction::SchoolYearStarted => "Nuovo anno scolastico",
            AuditAction::SchoolAdded => "Scuola aggiunta",
            AuditAction::SchoolChanged => "Scuola modificata",
            AuditAction::SchoolRetired => "Scuola dismessa",
            AuditAction::SchoolRestored => "Scuola ripristinata",
            AuditAction::SchoolDeleted => "Scuola eliminata",
            AuditAction::ClassAdded => "Classe aggiunta",
            AuditAction::ClassChanged => "Classe modificata",
            AuditAction::ClassDeleted => "Classe eliminata",
            AuditAction::ServiceAdded => "Servizio aggiunto",
            AuditAction::ServiceChanged => "Servizio modificato",
            AuditAction::PaymentIdentifiersChanged => "Dati pagoPA dell'Ente cambiati",
            AuditAction::MenuSaved => "Menù salvato",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_its_word_and_its_label() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Ok(*action));
            assert!(!action.label().is_empty());
        }
        assert!(AuditAction::parse("ruolo.cancellato").is_err());
    }
}
