//! What the registry screens exchange with the server: an uploaded list with its guessed
//! columns and first lines, the check (or outcome) of an import, the classes of the
//! current school year and the passage to the next one.

use crate::domain::date::Day;
use crate::model::calendar::ImportError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A line of the file as it is, for the preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewLine {
    pub line: usize,
    pub cells: Vec<String>,
}

/// A list uploaded and waiting for its columns to be chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryUpload {
    pub file_name: String,
    /// The first line's headings.
    pub header: Vec<String>,
    /// Lines after the headings.
    pub rows: usize,
    pub preview: Vec<PreviewLine>,
    /// Field (`alunno_cf`…) → column number, guessed from the headings.
    pub guessed: BTreeMap<String, String>,
    /// Why the file cannot be imported at all (empty, too many lines), if so.
    pub problem: Option<String>,
    /// The school year whose classes the pupils go into ("2026/2027").
    pub school_year: String,
}

/// The columns the clerk chose (`choice[columns][alunno_cf]=0`) and whether classes
/// named in the file and missing are to be created (`choice[create_classes]=sì`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnChoice {
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    #[serde(default)]
    pub create_classes: String,
}

impl ColumnChoice {
    pub fn creates_classes(&self) -> bool {
        !self.create_classes.trim().is_empty()
    }
}

/// What an import does (checked) or did (imported): counts, or every error by line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryReport {
    pub file_name: String,
    pub school_year: String,
    pub errors: Vec<ImportError>,
    pub pupils_created: usize,
    pub pupils_updated: usize,
    pub guardians_created: usize,
    pub guardians_updated: usize,
    pub classes_created: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassRow {
    pub school: String,
    pub class: String,
    pub pupils: u64,
}

/// The passage to the next school year in one school.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageRow {
    pub school: String,
    pub promoted: usize,
    pub leaving: usize,
    pub classes: usize,
    pub last_day: Option<Day>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryOverview {
    /// The registry's current school year ("2026/2027").
    pub school_year: String,
    pub classes: Vec<ClassRow>,
    /// The year "Nuovo anno scolastico" leads to ("2027/2028").
    pub next_year: String,
    pub passage: Vec<PassageRow>,
}
