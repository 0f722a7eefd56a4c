//! Official documents ("văn bản"): numbered resolutions, decisions, notices
//! and the like, with their issuer, dates and files.
//!
//! The publication rules are those of [`publication`](super::publication):
//! finding, publishing, archiving and deleting a document are its generic
//! functions with `document::Entity`; this module adds what only documents
//! have: numbers, types, issuers and attached files.

mod list;
mod write;

use entity::document;
use serde::{Deserialize, Serialize};

pub use list::{DocumentFilter, connection, find_by_number, list};
pub use write::{DocumentChanges, NewDocument, create, update};

use super::publication::{self, Media};
use crate::text::fold::fold;

publication::publishable!(document, Document, listed);

impl Media for document::Entity {}

/// One attached file: the PDF of the signed document, an annex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentFile {
    pub url: String,
    pub name: String,
}

/// The files of a stored document. They are checked on write, so a stored
/// list always parses; should an old row not, it shows no files rather than
/// failing a page.
pub fn files(m: &document::Model) -> Vec<DocumentFile> {
    serde_json::from_str(&m.files).unwrap_or_default()
}

/// A document number reduced to lowercase letters and digits: `15-NQ/TU`,
/// `15/NQ-TU`, `15 nq tu` and `15-NQ/TƯ` all give `15nqtu`.
pub fn number_key(number: &str) -> String {
    fold(number)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::number_key;

    #[test]
    fn numbers_typed_any_way_share_a_key() {
        for typed in ["15-NQ/TU", "15/NQ-TU", "15 nq tu", "15-nq/tư", " 15.NQ.TU "] {
            assert_eq!(number_key(typed), "15nqtu", "{typed}");
        }
        assert_eq!(number_key("27/NQ-HĐND"), "27nqhdnd");
        assert_ne!(number_key("15-NQ/TU"), number_key("16-NQ/TU"));
    }
}
