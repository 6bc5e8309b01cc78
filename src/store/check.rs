//! `simpul check`: reads every record and index entry and reports what is wrong.
//!
//! It never stops at the first problem and never changes the database: an
//! undecodable value is reported with its tree and key, and the rest is
//! still read.

use std::collections::HashSet;

use super::index::{self, Indexed};
use super::{AUDIT, INDEX, Result, SUMMARIES, Store, codec, keys, summary};
use crate::model::{Client, Event, RecordKind, RecordRef, Referral, Stakeholder, User};

/// One thing `check` found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckProblem {
    /// A value that cannot be decoded.
    Undecodable {
        /// Tree name.
        tree: &'static str,
        /// Key (id or hex).
        key: String,
        /// Why.
        error: String,
    },
    /// A record stored under a key other than its own id.
    WrongKey {
        /// The record's own reference.
        record: RecordRef,
        /// The key it is stored under.
        key: String,
    },
    /// A record points at one that does not exist.
    Dangling {
        /// The record that points.
        from: RecordRef,
        /// The missing record.
        to: RecordRef,
    },
    /// An index entry the record implies is missing.
    MissingIndexEntry {
        /// The record.
        record: RecordRef,
        /// The entry, in hex.
        key: String,
    },
    /// An index entry no record implies.
    StrayIndexEntry {
        /// The record the entry names, if it can be read from the key.
        record: Option<RecordRef>,
        /// The entry, in hex.
        key: String,
    },
    /// A record's summary is missing or differs from the one its record implies.
    Summary {
        /// The record.
        record: RecordRef,
        /// Whether the summary is there at all.
        missing: bool,
    },
    /// A summary whose record does not exist.
    StraySummary {
        /// The key, in hex.
        key: String,
    },
    /// Entries of a staged write (an import, the demo) that no write of
    /// this process is making: rolled back when the database is opened again.
    Staged {
        /// Entries staged.
        entries: u64,
        /// Whether its commit marker is set (then it is finished instead).
        committed: bool,
    },
    /// A document whose content is missing, cut short or does not match
    /// its SHA-256 (a damaged chunk).
    DocumentDamaged {
        /// The document.
        document: crate::model::DocumentId,
    },
    /// A document held with a record that does not exist.
    DocumentHolder {
        /// The document.
        document: crate::model::DocumentId,
        /// The missing record.
        holder: RecordRef,
    },
    /// A document missing from its record's list, its SHA-256 not
    /// indexed, or such an entry naming no document.
    DocumentIndex {
        /// The document.
        document: crate::model::DocumentId,
    },
    /// Stored content no document holds.
    StrayContent {
        /// Its content id.
        content: u64,
    },
    /// A counter in `meta` disagrees with the records.
    Counter {
        /// Which counter.
        name: String,
        /// Stored value.
        stored: u64,
        /// Value the records imply.
        expected: u64,
    },
}

impl std::fmt::Display for CheckProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckProblem::Undecodable { tree, key, error } => {
                write!(f, "undecodable value in tree {tree}, key {key}: {error}")
            }
            CheckProblem::WrongKey { record, key } => write!(f, "{record} is stored under key {key}"),
            CheckProblem::Dangling { from, to } => write!(f, "{from} points at {to}, which does not exist"),
            CheckProblem::MissingIndexEntry { record, key } => write!(f, "{record} lacks index entry {key}"),
            CheckProblem::StrayIndexEntry { record, key } => match record {
                Some(r) => write!(f, "index entry {key} for {r} does not match the record"),
                None => write!(f, "index entry {key} names no record"),
            },
            CheckProblem::Summary { record, missing: true } => write!(f, "{record} has no summary"),
            CheckProblem::Summary { record, missing: false } => {
                write!(f, "the summary of {record} does not match the record")
            }
            CheckProblem::StraySummary { key } => write!(f, "summary {key} names no record"),
            CheckProblem::Staged { entries, committed: false } => {
                write!(
                    f,
                    "{entries} staged entries of an unfinished import (rolled back when the database is opened again)"
                )
            }
            CheckProblem::Staged { entries, committed: true } => {
                write!(
                    f,
                    "a committed import left {entries} staged entries (cleared when the database is opened again)"
                )
            }
            CheckProblem::DocumentDamaged { document } => {
                write!(f, "the content of {document} is damaged: it does not match its size and SHA-256")
            }
            CheckProblem::DocumentHolder { document, holder } => {
                write!(f, "{document} belongs to {holder}, which does not exist")
            }
            CheckProblem::DocumentIndex { document } => write!(f, "the index entries of {document} are wrong"),
            CheckProblem::StrayContent { content } => {
                write!(f, "stored content {content} belongs to no document")
            }
            CheckProblem::Counter { name, stored, expected } => {
                write!(f, "counter {name} is {stored}, the records imply {expected}")
            }
        }
    }
}

/// What `check` read and found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Records read per kind (decodable ones), in [`RecordKind::ALL`] order.
    pub records: [u64; 5],
    /// Index entries read.
    pub index_entries: u64,
    /// Audit entries read.
    pub audit_entries: u64,
    /// Documents read, their contents verified.
    pub documents: u64,
    /// Everything wrong.
    pub problems: Vec<CheckProblem>,
    /// Staged writes (see [`super::staged`]): one under way, one settled on open.
    pub staged: super::staged::StagedState,
}

impl CheckReport {
    /// True when nothing is wrong.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

struct Walk {
    report: CheckReport,
    existing: HashSet<RecordRef>,
    references: Vec<(RecordRef, RecordRef)>,
    expected_index: Vec<Vec<u8>>,
}

impl Store {
    /// Reads everything and reports every problem found.
    pub fn check(&self) -> Result<CheckReport> {
        let mut w = Walk {
            report: CheckReport::default(),
            existing: HashSet::new(),
            references: Vec::new(),
            expected_index: Vec::new(),
        };
        self.check_kind::<Client>(&mut w)?;
        self.check_kind::<Stakeholder>(&mut w)?;
        self.check_kind::<Event>(&mut w)?;
        self.check_kind::<Referral>(&mut w)?;
        self.check_kind::<User>(&mut w)?;

        for (from, to) in std::mem::take(&mut w.references) {
            if !w.existing.contains(&to) {
                w.report.problems.push(CheckProblem::Dangling { from, to });
            }
        }

        // Both sides are sorted: walk them together.
        w.expected_index.sort();
        w.expected_index.dedup();
        let mut expected = w.expected_index.iter().peekable();
        for item in self.inner.trees[INDEX].iter() {
            let (k, _) = item?;
            w.report.index_entries += 1;
            while let Some(e) = expected.peek() {
                if e.as_slice() < k.as_ref() {
                    w.report.problems.push(CheckProblem::MissingIndexEntry {
                        record: index::entry_owner(e).unwrap_or(RecordRef::new(RecordKind::Client, 0)),
                        key: hex(e),
                    });
                    expected.next();
                } else {
                    break;
                }
            }
            if expected.peek().is_some_and(|e| e.as_slice() == k.as_ref()) {
                expected.next();
            } else {
                w.report.problems.push(CheckProblem::StrayIndexEntry { record: index::entry_owner(&k), key: hex(&k) });
            }
        }
        for e in expected {
            w.report.problems.push(CheckProblem::MissingIndexEntry {
                record: index::entry_owner(e).unwrap_or(RecordRef::new(RecordKind::Client, 0)),
                key: hex(e),
            });
        }

        self.check_documents(&mut w)?;

        // every summary must belong to an existing record (ones that do
        // were compared with their record in `check_kind`)
        for item in self.inner.trees[SUMMARIES].iter() {
            let (k, _) = item?;
            let owner = RecordKind::from_tag(k.first().copied().unwrap_or(0))
                .and_then(|kind| summary::key_id(kind, &k).map(|id| RecordRef::new(kind, id)));
            if !owner.is_some_and(|r| w.existing.contains(&r)) {
                w.report.problems.push(CheckProblem::StraySummary { key: hex(&k) });
            }
        }

        // a staged write under way is invisible by design; one left over is not
        w.report.staged = self.staged_state()?;
        let st = w.report.staged;
        if !st.in_progress && (st.entries > 0 || st.committed) {
            w.report.problems.push(CheckProblem::Staged { entries: st.entries, committed: st.committed });
        }

        let mut last_seq = 0;
        for item in self.inner.trees[AUDIT].iter() {
            let (k, v) = item?;
            last_seq = keys::read_u64(&k).unwrap_or(0);
            match codec::decode::<super::AuditEntry>(&v) {
                Ok(_) => w.report.audit_entries += 1,
                Err(e) => w.report.problems.push(CheckProblem::Undecodable {
                    tree: "audit",
                    key: keys::describe(&k),
                    error: e.to_string(),
                }),
            }
        }
        let seq = self.meta_u64(super::AUDIT_SEQ_KEY)?.unwrap_or(0);
        if seq < last_seq {
            w.report.problems.push(CheckProblem::Counter { name: "audit_seq".into(), stored: seq, expected: last_seq });
        }
        Ok(w.report)
    }

    /// Every document: its record there, its entries there, its content
    /// whole (each content read once); no content or entry left over.
    fn check_documents(&self, w: &mut Walk) -> Result<()> {
        let hashes: std::collections::HashMap<[u8; 32], u64> = self.stored_hashes()?.into_iter().collect();
        let mut whole: std::collections::HashMap<u64, bool> = std::collections::HashMap::new();
        let mut max_id = 0;
        for item in self.inner.trees[super::DOCUMENTS].iter() {
            let (k, v) = item?;
            let d = match codec::decode::<crate::model::Document>(&v) {
                Ok(d) if keys::read_u64(&k) == Some(d.id.0) => d,
                Ok(d) => {
                    w.report.problems.push(CheckProblem::DocumentIndex { document: d.id });
                    continue;
                }
                Err(e) => {
                    w.report.problems.push(CheckProblem::Undecodable {
                        tree: "documents",
                        key: keys::describe(&k),
                        error: e.to_string(),
                    });
                    continue;
                }
            };
            w.report.documents += 1;
            max_id = max_id.max(d.id.0);
            if !w.existing.contains(&d.holder.record) {
                w.report.problems.push(CheckProblem::DocumentHolder { document: d.id, holder: d.holder.record });
            }
            if !self.owner_entry(&d)? || hashes.get(&d.sha256) != Some(&d.content) {
                w.report.problems.push(CheckProblem::DocumentIndex { document: d.id });
            }
            let ok = match whole.get(&d.content) {
                Some(ok) => *ok,
                None => {
                    let ok = self.content_is_whole(d.content, d.size, &d.sha256)?;
                    whole.insert(d.content, ok);
                    ok
                }
            };
            if !ok {
                w.report.problems.push(CheckProblem::DocumentDamaged { document: d.id });
            }
        }
        for content in self.stored_contents()?.into_keys() {
            if !whole.contains_key(&content) {
                w.report.problems.push(CheckProblem::StrayContent { content });
            }
        }
        for (_, content) in hashes {
            if !whole.contains_key(&content) {
                w.report.problems.push(CheckProblem::StrayContent { content });
            }
        }
        for id in self.stray_owner_entries()? {
            w.report.problems.push(CheckProblem::DocumentIndex { document: id });
        }
        let stored_next = self.meta_u64(super::documents::NEXT_DOC_KEY)?.unwrap_or(0);
        if max_id > 0 && stored_next <= max_id {
            w.report.problems.push(CheckProblem::Counter {
                name: "next_id:documents".into(),
                stored: stored_next,
                expected: max_id + 1,
            });
        }
        Ok(())
    }

    fn check_kind<R: Indexed>(&self, w: &mut Walk) -> Result<()> {
        let slot = super::kind_slot(R::KIND);
        let mut max_id = 0;
        let mut n = 0u64;
        for item in self.tree(R::KIND).iter() {
            let (k, v) = item?;
            n += 1;
            let key_id = keys::read_u64(&k).filter(|_| k.len() == 8);
            if let Some(id) = key_id {
                max_id = max_id.max(id);
            }
            let rec = match super::index::decode_stored::<R>(&v) {
                Ok(r) => r,
                Err(e) => {
                    w.report.problems.push(CheckProblem::Undecodable {
                        tree: R::KIND.name(),
                        key: keys::describe(&k),
                        error: e.to_string(),
                    });
                    continue;
                }
            };
            if key_id != Some(rec.meta().id) {
                w.report.problems.push(CheckProblem::WrongKey { record: rec.record_ref(), key: keys::describe(&k) });
                continue;
            }
            w.report.records[slot] += 1;
            w.existing.insert(rec.record_ref());
            for to in rec.references() {
                w.references.push((rec.record_ref(), to));
            }
            w.expected_index.extend(rec.index_keys());
            if let Some(Ok(expected)) = rec.summary_value() {
                let stored = self.inner.trees[SUMMARIES].get(summary::key(R::KIND, rec.meta().id))?;
                match stored {
                    None => w.report.problems.push(CheckProblem::Summary { record: rec.record_ref(), missing: true }),
                    Some(v) if v.as_ref() != expected.as_slice() => {
                        w.report.problems.push(CheckProblem::Summary { record: rec.record_ref(), missing: false })
                    }
                    Some(_) => {}
                }
            }
        }
        let stored_next = self.meta_u64(&super::next_id_key(R::KIND))?.unwrap_or(0);
        if n > 0 && stored_next <= max_id {
            w.report.problems.push(CheckProblem::Counter {
                name: format!("next_id:{}", R::KIND.name()),
                stored: stored_next,
                expected: max_id + 1,
            });
        }
        if let Some(count) = self.meta_u64(&super::count_key(R::KIND))?
            && count != n
        {
            w.report.problems.push(CheckProblem::Counter {
                name: format!("count:{}", R::KIND.name()),
                stored: count,
                expected: n,
            });
        }
        Ok(())
    }
}
