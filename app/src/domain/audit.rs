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
