//! Documents in a case file: scans and files held with a record or one of
//! its sub-records. The content is kept by the store in chunks; a document
//! here is what is known about it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{DocKind, PartId, RecordKind, RecordRef};

/// The number of a document (`D-000031`), never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct DocumentId(pub u64);

impl DocumentId {
    /// Parses `D-000031`, `d-31` or `D31`.
    pub fn parse(s: &str) -> Option<DocumentId> {
        let s = s.trim();
        let rest = s.strip_prefix(['D', 'd'])?;
        let digits = rest.strip_prefix('-').unwrap_or(rest);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok().filter(|n| *n > 0).map(DocumentId)
    }
}

impl std::fmt::Display for DocumentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "D-{:06}", self.0)
    }
}

/// What a document is held with: a record, or one of its sub-records (an
/// agreement of a stakeholder, a session of a client) by its stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Holder {
    /// The record.
    pub record: RecordRef,
    /// The sub-record, when the document belongs to one.
    pub part: Option<PartId>,
}

impl Holder {
    /// Parses `K-000012` or `S-000006/2` (a sub-record by its id). Users
    /// hold no documents.
    pub fn parse(s: &str) -> Option<Holder> {
        let (rec, part) = match s.trim().split_once('/') {
            Some((r, p)) => {
                let p: u32 = p.trim().parse().ok().filter(|n| *n > 0)?;
                (r, Some(PartId(p)))
            }
            None => (s, None),
        };
        let record = RecordRef::parse(rec)?;
        (record.kind != RecordKind::User).then_some(Holder { record, part })
    }
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.part {
            Some(p) => write!(f, "{}/{}", self.record, p.0),
            None => write!(f, "{}", self.record),
        }
    }
}

/// Who may see a document besides officers and admins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sharing {
    /// Viewers may read its content (they always see that it exists).
    pub viewers: bool,
    /// The partners who see its record see it too.
    pub partner: bool,
}

/// Why and by whom a document was taken out of the case file (it is kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub by: String,
    /// Why.
    pub reason: String,
}

/// What is known about a document; its bytes are kept by the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Its number.
    pub id: DocumentId,
    /// What it is held with.
    pub holder: Holder,
    /// "Putusan PN Malang".
    pub title: String,
    /// What kind of paper it is.
    pub kind: DocKind,
    /// The date it bears, when known.
    pub date: Option<NaiveDate>,
    /// The name of the file it came from.
    pub file_name: String,
    /// Its size in bytes.
    pub size: u64,
    /// The SHA-256 of its content.
    pub sha256: [u8; 32],
    /// Where its content is kept: the number of the document that first
    /// brought these bytes (the same bytes are kept once).
    pub content: u64,
    /// Who added it.
    pub added_by: String,
    /// When.
    pub added_at: DateTime<Utc>,
    /// Who else may see it.
    pub sharing: Sharing,
    /// Set when it was taken out of the case file.
    pub removed: Option<Removal>,
}

impl Document {
    /// The SHA-256 as 64 lowercase hex digits.
    pub fn sha256_hex(&self) -> String {
        hex(&self.sha256)
    }
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The longest title accepted, in characters.
pub const MAX_TITLE: usize = 200;
/// The longest file name accepted, in characters.
pub const MAX_FILE_NAME: usize = 255;

/// What is wrong with a document to be added or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocProblem {
    /// No title.
    NoTitle,
    /// A title longer than [`MAX_TITLE`].
    TitleTooLong,
    /// A control character (a line break, an escape) in the title.
    TitleControl,
    /// No file name.
    NoFileName,
    /// A file name longer than [`MAX_FILE_NAME`], with a `/`, or with a control character.
    BadFileName,
    /// The file is empty.
    Empty,
    /// The file is larger than the limit (bytes).
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// A sub-record the record does not have.
    NoSuchPart(Holder),
    /// The user's role may not do this with documents.
    NotAllowed,
    /// No reason was given (removing, purging).
    NoReason,
    /// A viewer asked for content not marked for viewers.
    NotForViewers(DocumentId),
    /// The document was taken out of the case file.
    Removed(DocumentId),
    /// The stored content does not match its SHA-256 or size: damaged.
    Damaged(DocumentId),
    /// Adding was stopped (ctrl-c, a connection gone) or the same bytes
    /// went away meanwhile: nothing was added.
    Interrupted,
}

/// The problems of a title and a file name, in that order.
pub fn check_names(title: &str, file_name: &str) -> Vec<DocProblem> {
    let mut out = Vec::new();
    let t = title.trim();
    if t.is_empty() {
        out.push(DocProblem::NoTitle);
    } else if t.chars().count() > MAX_TITLE {
        out.push(DocProblem::TitleTooLong);
    }
    if t.chars().any(char::is_control) {
        out.push(DocProblem::TitleControl);
    }
    if file_name.is_empty() {
        out.push(DocProblem::NoFileName);
    } else if file_name.chars().count() > MAX_FILE_NAME
        || file_name.contains('/')
        || file_name.chars().any(char::is_control)
    {
        out.push(DocProblem::BadFileName);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_print_and_parse() {
        assert_eq!(DocumentId(31).to_string(), "D-000031");
        assert_eq!(DocumentId::parse("D-000031"), Some(DocumentId(31)));
        assert_eq!(DocumentId::parse(" d31 "), Some(DocumentId(31)));
        assert_eq!(DocumentId::parse("D-0"), None);
        assert_eq!(DocumentId::parse("K-31"), None);
        assert_eq!(DocumentId::parse("D-3x"), None);
        assert_eq!(DocumentId::parse("D-"), None);
    }

    #[test]
    fn holders_name_a_record_or_a_sub_record() {
        let k = Holder::parse("K-000012").expect("a client");
        assert_eq!(k.record, RecordRef::new(RecordKind::Client, 12));
        assert_eq!(k.part, None);
        let s = Holder::parse("S-6/2").expect("an agreement");
        assert_eq!(s.part, Some(PartId(2)));
        assert_eq!(s.to_string(), "S-000006/2");
        assert_eq!(Holder::parse("S-6/0"), None);
        assert_eq!(Holder::parse("S-6/x"), None);
        assert_eq!(Holder::parse("U-1"), None);
        assert_eq!(Holder::parse("D-1"), None);
    }

    #[test]
    fn names_are_checked() {
        assert!(check_names("Putusan PN Malang", "putusan.pdf").is_empty());
        assert_eq!(check_names("  ", "a.pdf"), vec![DocProblem::NoTitle]);
        assert_eq!(check_names("a\u{1b}[2J", "a.pdf"), vec![DocProblem::TitleControl]);
        assert_eq!(check_names(&"x".repeat(201), "a.pdf"), vec![DocProblem::TitleTooLong]);
        assert_eq!(check_names("t", "a\nb.pdf"), vec![DocProblem::BadFileName]);
        assert_eq!(check_names("t", "../etc/passwd"), vec![DocProblem::BadFileName]);
        assert_eq!(check_names("t", ""), vec![DocProblem::NoFileName]);
    }
}
