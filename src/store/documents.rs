//! Documents: scans and files held with a record or a sub-record.
//!
//! | tree | key | value |
//! |---|---|---|
//! | `documents` | document id, u64 big-endian | envelope([`Document`]) |
//! | `contents` | `c` content id, chunk number (u32 big-endian) | up to [`CHUNK`] bytes of content |
//! | `contents` | `h` SHA-256 | content id |
//! | `contents` | `o` record kind tag, record id, document id | empty (the documents of a record) |
//!
//! A content id is the number of the document that first brought those
//! bytes; a later document with the same SHA-256 points at them instead
//! of keeping them twice. The bytes come in through a staged write
//! ([`super::staged`]), a batch of chunks at a time, so a large scan never
//! sits in memory or in one transaction whole and a file cut short (a
//! full disk, ctrl-c, a dropped connection) leaves nothing behind.
//!
//! Who sees what (see [`super::access`]): officers and admins every
//! document of the records they see; viewers that a document exists, and
//! its content when it is marked for viewers; a partner only documents
//! marked shared with the partner, of records (and sub-records) its view
//! holds, and of those nothing else, not even that they exist.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::rules::Op;
use super::{Actor, AuditAction, Batch, CONTENTS, DOCUMENTS, Result, Scoped, Store, StoreError, codec, keys};
use crate::model::{
    Client, DocKind, DocProblem, Document, DocumentId, Event, HasParts, Holder, RecordKind, RecordRef, Referral,
    Removal, Sharing, Stakeholder,
};

/// Bytes per stored chunk.
pub const CHUNK: usize = 64 * 1024;
/// Chunks per staged batch (1 MiB).
const CHUNKS_PER_BATCH: usize = 16;
/// The default largest document, in bytes (settings: `[documents] max_mb`).
pub const DEFAULT_LIMIT: u64 = 25 * 1024 * 1024;

/// The key of the `next_doc` counter in `meta`.
pub(super) const NEXT_DOC_KEY: &[u8] = b"next_id:documents";

fn chunk_key(content: u64, n: u32) -> Vec<u8> {
    let mut k = Vec::with_capacity(13);
    k.push(b'c');
    keys::put_u64(&mut k, content);
    k.extend_from_slice(&n.to_be_bytes());
    k
}

fn chunk_prefix(content: u64) -> Vec<u8> {
    let mut k = Vec::with_capacity(9);
    k.push(b'c');
    keys::put_u64(&mut k, content);
    k
}

fn hash_key(sha: &[u8; 32]) -> Vec<u8> {
    let mut k = Vec::with_capacity(33);
    k.push(b'h');
    k.extend_from_slice(sha);
    k
}

fn owner_prefix(r: RecordRef) -> Vec<u8> {
    let mut k = Vec::with_capacity(10);
    k.push(b'o');
    k.push(r.kind.tag());
    keys::put_u64(&mut k, r.id);
    k
}

fn owner_key(r: RecordRef, doc: DocumentId) -> Vec<u8> {
    let mut k = owner_prefix(r);
    keys::put_u64(&mut k, doc.0);
    k
}

/// How many chunks `size` bytes take.
fn chunks_of(size: u64) -> u64 {
    size.div_ceil(CHUNK as u64)
}

/// What is known of a document to add, before its bytes are read.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// The record or sub-record it belongs to.
    pub holder: Holder,
    /// Its title.
    pub title: String,
    /// What kind of paper.
    pub kind: DocKind,
    /// The date it bears.
    pub date: Option<NaiveDate>,
    /// The name of the file it comes from (no directory).
    pub file_name: String,
    /// Who else may see it.
    pub sharing: Sharing,
}

/// Limits of an attach.
#[derive(Debug, Clone, Copy)]
pub struct AttachLimits<'a> {
    /// The largest content accepted, in bytes.
    pub max_bytes: u64,
    /// Set to stop between chunks: nothing is added.
    pub cancel: Option<&'a AtomicBool>,
}

impl Default for AttachLimits<'_> {
    fn default() -> Self {
        AttachLimits { max_bytes: DEFAULT_LIMIT, cancel: None }
    }
}

fn problem(p: DocProblem) -> StoreError {
    StoreError::Document(p)
}

fn decode_doc(bytes: &[u8], key: &[u8]) -> Result<Document> {
    codec::decode::<Document>(bytes).map_err(|error| StoreError::Decode {
        tree: "documents",
        key: keys::describe(key),
        error,
    })
}

impl Store {
    /// Adds a document with the bytes `content` yields, all or nothing:
    /// read a batch of chunks at a time, its SHA-256 computed on the way,
    /// kept once however many documents hold the same bytes. Audited.
    pub fn attach(
        &self,
        actor: &Actor,
        new: NewDocument,
        content: &mut dyn Read,
        limits: AttachLimits<'_>,
    ) -> Result<Document> {
        if !actor.may(Op::Attach) {
            return Err(problem(DocProblem::NotAllowed));
        }
        if let Some(p) = crate::model::document::check_names(&new.title, &new.file_name).into_iter().next() {
            return Err(problem(p));
        }
        self.scoped(actor)?.check_holder(new.holder)?;
        let mut staged = self.staged(actor)?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut id = None;
        let mut chunk_no = 0u32;
        loop {
            let mut chunks = Vec::with_capacity(CHUNKS_PER_BATCH);
            let mut eof = false;
            while chunks.len() < CHUNKS_PER_BATCH && !eof {
                let mut buf = vec![0u8; CHUNK];
                let mut filled = 0;
                while filled < CHUNK {
                    if limits.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                        return Err(problem(DocProblem::Interrupted));
                    }
                    match content.read(&mut buf[filled..]) {
                        Ok(0) => {
                            eof = true;
                            break;
                        }
                        Ok(n) => filled += n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(StoreError::Transfer(e)),
                    }
                }
                buf.truncate(filled);
                size += filled as u64;
                if size > limits.max_bytes {
                    return Err(problem(DocProblem::TooLarge { limit: limits.max_bytes }));
                }
                if filled > 0 {
                    hasher.update(&buf);
                    chunks.push(buf);
                }
            }
            if size == 0 {
                return Err(problem(DocProblem::Empty));
            }
            if chunks.is_empty() {
                break;
            }
            let (got, next) = staged.batch(|b| {
                let id = match id {
                    Some(id) => id,
                    None => b.take_doc_id(),
                };
                let mut n = chunk_no;
                for c in chunks {
                    b.put(CONTENTS, chunk_key(id, n), Some(c));
                    n += 1;
                }
                Ok((id, n))
            })?;
            id = Some(got);
            chunk_no = next;
            if eof {
                break;
            }
        }
        let sha: [u8; 32] = hasher.finalize().into();
        let Some(id) = id else { return Err(problem(DocProblem::Empty)) };
        let doc = |content: u64, b: &Batch<'_>| Document {
            id: DocumentId(id),
            holder: new.holder,
            title: new.title.trim().to_string(),
            kind: new.kind,
            date: new.date,
            file_name: new.file_name.clone(),
            size,
            sha256: sha,
            content,
            added_by: actor.name.clone(),
            added_at: b.now(),
            sharing: new.sharing,
            removed: None,
        };
        if self.inner.trees[CONTENTS].get(hash_key(&sha))?.is_none() {
            let d = staged.batch(|b| {
                let d = doc(id, b);
                b.put(CONTENTS, hash_key(&sha), Some(id.to_be_bytes().to_vec()));
                b.put_document(&d)?;
                b.audit(AuditAction::Attach, Some(d.holder.record), Vec::new(), d.id.to_string());
                Ok(d)
            })?;
            staged.commit()?;
            return Ok(d);
        }
        // The same bytes are kept already: what was staged goes, and the
        // document points at them (checked again under the writer lock).
        drop(staged);
        self.write(actor, |b| {
            let content = match b.read(CONTENTS, &hash_key(&sha))? {
                Some(v) => keys::read_u64(&v).ok_or(StoreError::Document(DocProblem::Interrupted))?,
                None => return Err(problem(DocProblem::Interrupted)),
            };
            let fresh = b.take_doc_id();
            let mut d = doc(content, b);
            d.id = DocumentId(fresh);
            b.put_document(&d)?;
            b.audit(AuditAction::Attach, Some(d.holder.record), Vec::new(), d.id.to_string());
            Ok(d)
        })
    }

    /// A document as stored, whoever may see it (for the store's own use
    /// and for `check`).
    fn stored_document(&self, id: DocumentId) -> Result<Option<Document>> {
        let key = keys::id_key(id.0);
        match self.inner.trees[DOCUMENTS].get(key)? {
            Some(v) => decode_doc(&v, &key).map(Some),
            None => Ok(None),
        }
    }

    /// Takes a document out of its case file (kept, and listed with
    /// `--all`); officers and admins. Audited with the reason.
    pub fn remove_document(&self, actor: &Actor, id: DocumentId, reason: &str) -> Result<Document> {
        if !actor.may(Op::Attach) {
            return Err(problem(DocProblem::NotAllowed));
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(problem(DocProblem::NoReason));
        }
        let scoped = self.scoped(actor)?;
        let mut d = scoped.document(id)?;
        if d.removed.is_some() {
            return Err(problem(DocProblem::Removed(id)));
        }
        self.write(actor, |b| {
            d.removed = Some(Removal { at: b.now(), by: actor.name.clone(), reason: reason.to_string() });
            b.put_document(&d)?;
            b.audit(AuditAction::Archive, Some(d.holder.record), Vec::new(), format!("{id}: {reason}"));
            Ok(d)
        })
    }

    /// Changes who else may see a document; officers and admins. Audited.
    pub fn share_document(&self, actor: &Actor, id: DocumentId, sharing: Sharing) -> Result<Document> {
        if !actor.may(Op::Attach) {
            return Err(problem(DocProblem::NotAllowed));
        }
        let mut d = self.scoped(actor)?.document(id)?;
        if d.sharing == sharing {
            return Ok(d);
        }
        self.write(actor, |b| {
            d.sharing = sharing;
            b.put_document(&d)?;
            let note = format!("{id}: viewers {}, partner {}", sharing.viewers, sharing.partner);
            b.audit(AuditAction::Update, Some(d.holder.record), vec!["sharing".into()], note);
            Ok(d)
        })
    }

    /// Erases a document for good (admins): the record of it, and its
    /// bytes when no other document holds the same. The audit keeps that
    /// it happened and why, not what it was.
    pub fn purge_document(&self, actor: &Actor, id: DocumentId, reason: &str) -> Result<()> {
        if !actor.may(Op::Purge) {
            return Err(problem(DocProblem::NotAllowed));
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(problem(DocProblem::NoReason));
        }
        let d = self.stored_document(id)?.ok_or(StoreError::NoDocument(id))?;
        self.write(actor, |b| {
            b.erase_document(&d)?;
            b.audit(AuditAction::Purge, Some(d.holder.record), Vec::new(), format!("{id}: {reason}"));
            Ok(())
        })
    }

    /// Whether the content `content` is whole: `size` bytes in the chunks
    /// it needs, hashing to `sha`. Reads it once without holding it.
    pub(super) fn content_is_whole(&self, content: u64, size: u64, sha: &[u8; 32]) -> Result<bool> {
        let mut hasher = Sha256::new();
        let mut n = 0u64;
        let mut total = 0u64;
        for item in self.inner.trees[CONTENTS].scan_prefix(chunk_prefix(content)) {
            let (k, v) = item?;
            if k.as_ref() != chunk_key(content, n as u32).as_slice() {
                return Ok(false);
            }
            hasher.update(&v);
            total += v.len() as u64;
            n += 1;
        }
        Ok(n == chunks_of(size) && total == size && <[u8; 32]>::from(hasher.finalize()) == *sha)
    }

    /// The content ids that have chunks, with their chunk counts (for `check`).
    pub(super) fn stored_contents(&self) -> Result<std::collections::BTreeMap<u64, u64>> {
        let mut out = std::collections::BTreeMap::new();
        for item in self.inner.trees[CONTENTS].scan_prefix(b"c").keys() {
            let k = item?;
            if let Some(id) = k.get(1..9).and_then(keys::read_u64) {
                *out.entry(id).or_insert(0) += 1;
            }
        }
        Ok(out)
    }

    /// The SHA-256 index: hash to content id (for `check`).
    pub(super) fn stored_hashes(&self) -> Result<Vec<([u8; 32], u64)>> {
        let mut out = Vec::new();
        for item in self.inner.trees[CONTENTS].scan_prefix(b"h") {
            let (k, v) = item?;
            if let (Ok(sha), Some(id)) = (<[u8; 32]>::try_from(&k[1..]), keys::read_u64(&v)) {
                out.push((sha, id));
            }
        }
        Ok(out)
    }

    /// Whether the owner index lists `d` under its record (for `check`).
    pub(super) fn owner_entry(&self, d: &Document) -> Result<bool> {
        Ok(self.inner.trees[CONTENTS].get(owner_key(d.holder.record, d.id))?.is_some())
    }

    /// Owner index entries naming no document (for `check`).
    pub(super) fn stray_owner_entries(&self) -> Result<Vec<DocumentId>> {
        let mut out = Vec::new();
        for item in self.inner.trees[CONTENTS].scan_prefix(b"o").keys() {
            let k = item?;
            let id = k.get(10..18).and_then(keys::read_u64).unwrap_or(0);
            if self.inner.trees[DOCUMENTS].get(keys::id_key(id))?.is_none() {
                out.push(DocumentId(id));
            }
        }
        Ok(out)
    }

    /// Damages a chunk of a document's content (tests of `check`).
    #[cfg(any(test, feature = "fault-injection"))]
    pub fn damage_document(&self, id: DocumentId) -> Result<()> {
        let d = self.stored_document(id)?.ok_or(StoreError::NoDocument(id))?;
        let key = chunk_key(d.content, 0);
        if let Some(v) = self.inner.trees[CONTENTS].get(&key)? {
            let mut v = v.to_vec();
            if let Some(b) = v.first_mut() {
                *b ^= 0xFF;
            }
            self.inner.trees[CONTENTS].insert(key, v)?;
            self.flush()?;
        }
        Ok(())
    }
}

impl Batch<'_> {
    /// The next document number, taken.
    fn take_doc_id(&mut self) -> u64 {
        let id = self.counters.next_doc.max(1);
        self.counters.next_doc = id + 1;
        id
    }

    fn put_document(&mut self, d: &Document) -> Result<()> {
        let bytes = codec::encode(d).map_err(StoreError::Encode)?;
        self.put(DOCUMENTS, keys::id_key(d.id.0).to_vec(), Some(bytes));
        self.put(CONTENTS, owner_key(d.holder.record, d.id), Some(Vec::new()));
        Ok(())
    }

    /// Removes a document, and its bytes when no other document holds them.
    fn erase_document(&mut self, d: &Document) -> Result<()> {
        self.put(DOCUMENTS, keys::id_key(d.id.0).to_vec(), None);
        self.put(CONTENTS, owner_key(d.holder.record, d.id), None);
        let mut shared = false;
        for item in self.store.inner.trees[DOCUMENTS].iter() {
            let (k, v) = item?;
            if keys::read_u64(&k) == Some(d.id.0) || self.read(DOCUMENTS, &k)?.is_none() {
                continue;
            }
            if decode_doc(&v, &k)?.content == d.content {
                shared = true;
                break;
            }
        }
        if !shared {
            self.remove_prefix(CONTENTS, &chunk_prefix(d.content))?;
            self.put(CONTENTS, hash_key(&d.sha256), None);
        }
        Ok(())
    }

    /// Erases every document held with record `r` (when `r` is purged).
    pub(super) fn erase_documents_of(&mut self, r: RecordRef) -> Result<()> {
        let mut held = Vec::new();
        for item in self.store.inner.trees[CONTENTS].scan_prefix(owner_prefix(r)).keys() {
            let k = item?;
            if let Some(id) = k.get(10..18).and_then(keys::read_u64) {
                held.push(DocumentId(id));
            }
        }
        for id in held {
            let key = keys::id_key(id.0);
            if let Some(v) = self.read(DOCUMENTS, &key)? {
                let d = decode_doc(&v, &key)?;
                self.erase_document(&d)?;
            }
        }
        Ok(())
    }
}

impl Scoped {
    /// Whether this view holds `h` (its record, and the sub-record if one),
    /// else "does not exist".
    pub fn check_holder(&self, h: Holder) -> Result<()> {
        let parts = match h.record.kind {
            RecordKind::Client => self.get::<Client>(h.record.id)?.map(|r| r.part_ids()),
            RecordKind::Stakeholder => self.get::<Stakeholder>(h.record.id)?.map(|r| r.part_ids()),
            RecordKind::Event => self.get::<Event>(h.record.id)?.map(|r| r.part_ids()),
            RecordKind::Referral => self.get::<Referral>(h.record.id)?.map(|r| r.part_ids()),
            RecordKind::User => None,
        };
        let Some(parts) = parts else { return Err(StoreError::NotFound(h.record)) };
        match h.part {
            Some(p) if !parts.iter().any(|(_, ids)| ids.contains(&p)) => Err(problem(DocProblem::NoSuchPart(h))),
            _ => Ok(()),
        }
    }

    /// Whether this view lists `d` at all.
    fn lists(&self, d: &Document) -> Result<bool> {
        use crate::model::Role;
        if self.actor().role == Role::Partner && !d.sharing.partner {
            return Ok(false);
        }
        match self.check_holder(d.holder) {
            Ok(()) => Ok(true),
            Err(StoreError::NotFound(_) | StoreError::Document(DocProblem::NoSuchPart(_))) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// A document this view lists, else "does not exist".
    pub fn document(&self, id: DocumentId) -> Result<Document> {
        match self.store.stored_document(id)? {
            Some(d) if self.lists(&d)? => Ok(d),
            _ => Err(StoreError::NoDocument(id)),
        }
    }

    /// The documents of record `r` this view lists, in id order; taken out
    /// ones only with `removed`.
    pub fn documents_of(&self, r: RecordRef, removed: bool) -> Result<Vec<Document>> {
        let mut out = Vec::new();
        for item in self.store.inner.trees[CONTENTS].scan_prefix(owner_prefix(r)).keys() {
            let k = item?;
            let Some(id) = k.get(10..18).and_then(keys::read_u64) else { continue };
            if let Some(d) = self.store.stored_document(DocumentId(id))?
                && (removed || d.removed.is_none())
                && self.lists(&d)?
            {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// Whether this view may read the content of `d` (it lists it).
    pub fn may_read_content(&self, d: &Document) -> bool {
        use crate::model::Role;
        match self.actor().role {
            Role::Admin | Role::Officer => true,
            Role::Viewer => d.sharing.viewers,
            Role::Partner => d.sharing.partner,
        }
    }

    /// Writes the content of document `id` to `out` after reading it once
    /// to prove it whole, so nothing damaged leaves; the document.
    /// Auditing the release is the caller's (see [`crate::gate`]).
    pub fn read_document(&self, id: DocumentId, out: &mut dyn Write) -> Result<Document> {
        let d = self.document(id)?;
        if !self.may_read_content(&d) {
            return Err(problem(DocProblem::NotForViewers(id)));
        }
        if !self.store.content_is_whole(d.content, d.size, &d.sha256)? {
            return Err(problem(DocProblem::Damaged(id)));
        }
        let mut hasher = Sha256::new();
        for item in self.store.inner.trees[CONTENTS].scan_prefix(chunk_prefix(d.content)) {
            let (_, v) = item?;
            hasher.update(&v);
            out.write_all(&v).map_err(StoreError::Transfer)?;
        }
        if <[u8; 32]>::from(hasher.finalize()) != d.sha256 {
            return Err(problem(DocProblem::Damaged(id)));
        }
        Ok(d)
    }

    /// Checks that document `id` may be read whole by this view, without
    /// writing it (before the gate audits a release).
    pub fn readable_document(&self, id: DocumentId) -> Result<Document> {
        let d = self.document(id)?;
        if !self.may_read_content(&d) {
            return Err(problem(DocProblem::NotForViewers(id)));
        }
        if !self.store.content_is_whole(d.content, d.size, &d.sha256)? {
            return Err(problem(DocProblem::Damaged(id)));
        }
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attendance, ClientId, Role, StakeholderId, StakeholderKind, When};

    struct Fx {
        _dir: tempfile::TempDir,
        store: Store,
        laz: StakeholderId,
        shared: ClientId,
        other: ClientId,
    }

    fn d() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, 1).unwrap_or_default()
    }

    fn officer() -> Actor {
        Actor::new("budi", Role::Officer)
    }

    fn fixture() -> Fx {
        fixture_on(crate::store::test_engine())
    }

    fn fixture_on(engine: crate::store::engine::EngineKind) -> Fx {
        let (dir, store) = crate::store::temp_store_on(crate::clock::Clock::test(), engine);
        let a = officer();
        let laz = store.create(&a, Stakeholder::new("LAZISMU Jatim", StakeholderKind::Zakat)).unwrap().id();
        let mut c = Client::new("Joko Susilo");
        c.consent.given = true;
        let shared = store.create(&a, c).unwrap().id();
        let other = store.create(&a, Client::new("Budi Santoso")).unwrap().id();
        store.create(&a, Referral::new(shared, laz, "modal usaha", d())).unwrap();
        let mut e = Event::new("Pelatihan barista", crate::model::EventKind::Training, When::Date(d()));
        e.organisers.push(laz);
        e.participants.push(crate::model::Participant::new(crate::model::Who::Client {
            client: other,
            attendance: Attendance::Invited,
        }));
        store.create(&a, e).unwrap();
        Fx { _dir: dir, store, laz, shared, other }
    }

    fn new_doc(holder: RecordRef, title: &str) -> NewDocument {
        NewDocument {
            holder: Holder { record: holder, part: None },
            title: title.into(),
            kind: DocKind::Verdict,
            date: Some(d()),
            file_name: "putusan.pdf".into(),
            sharing: Sharing::default(),
        }
    }

    /// Bytes that are not the same in every chunk, `n` long.
    fn bytes(n: usize, seed: u8) -> Vec<u8> {
        (0..n).map(|i| (i as u32).wrapping_mul(2_654_435_761).to_be_bytes()[0] ^ seed).collect()
    }

    fn get(s: &Store, a: &Actor, id: DocumentId) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        s.scoped(a)?.read_document(id, &mut out)?;
        Ok(out)
    }

    #[test]
    fn a_document_comes_back_byte_identical_and_is_audited() {
        // reopened below: on disk
        let fx = fixture_on(crate::store::engine::EngineKind::Sled);
        let a = officer();
        let content = bytes(3 * CHUNK * CHUNKS_PER_BATCH / 2 + 17, 1);
        let audit0 = fx.store.audit_len();
        // what is derived from the records (the kept search index) stays current
        let writes0 = fx.store.writes();
        assert!(fx.store.put_derived("kept", writes0, b"current").unwrap());
        let doc =
            fx.store.attach(&a, new_doc(fx.shared.to_ref(), "Putusan"), &mut content.as_slice(), Default::default());
        let doc = doc.unwrap();
        assert_eq!(doc.id, DocumentId(1));
        assert_eq!(doc.size, content.len() as u64);
        assert_eq!(doc.sha256_hex(), crate::model::document::hex(&Sha256::digest(&content)));
        assert_eq!(get(&fx.store, &a, doc.id).unwrap(), content);
        let listed = fx.store.scoped(&a).unwrap().documents_of(fx.shared.to_ref(), false).unwrap();
        assert_eq!(listed, vec![doc.clone()]);
        assert_eq!(fx.store.audit_len(), audit0 + 1);
        assert_eq!(fx.store.writes(), writes0, "a document changes nothing derived");
        assert!(matches!(fx.store.derived("kept").unwrap(), crate::store::derived::Derived::Fresh(_)), "nor drops it");
        let last = fx.store.inner.trees[super::super::AUDIT].last().unwrap().unwrap();
        let entry: crate::store::AuditEntry = codec::decode(&last.1).unwrap();
        assert_eq!(
            (entry.action, entry.note.as_str(), entry.record),
            (AuditAction::Attach, "D-000001", Some(fx.shared.to_ref()))
        );
        let report = fx.store.check().unwrap();
        assert!(report.is_clean(), "{:?}", report.problems);
        assert_eq!(report.documents, 1);
        // numbers go on after a reopen
        let path = fx.store.path().to_path_buf();
        drop(fx.store);
        let s = Store::open(&path, &crate::store::OpenOptions::default()).unwrap();
        let again = s.attach(&a, new_doc(fx.shared.to_ref(), "Lagi"), &mut &b"x"[..], Default::default()).unwrap();
        assert_eq!(again.id, DocumentId(2));
    }

    #[test]
    fn the_same_bytes_are_kept_once_and_go_with_the_last_document_holding_them() {
        let fx = fixture();
        let a = officer();
        let content = bytes(CHUNK + 5, 2);
        let one = fx.store.attach(&a, new_doc(fx.shared.to_ref(), "Satu"), &mut content.as_slice(), Default::default());
        let two = fx.store.attach(&a, new_doc(fx.other.to_ref(), "Dua"), &mut content.as_slice(), Default::default());
        let (one, two) = (one.unwrap(), two.unwrap());
        assert_eq!(two.content, one.content, "kept once");
        assert_eq!(fx.store.stored_contents().unwrap().len(), 1);
        let admin = Actor::new("admin", Role::Admin);
        fx.store.purge_document(&admin, one.id, "keliru unggah").unwrap();
        assert_eq!(get(&fx.store, &a, two.id).unwrap(), content, "the other still reads");
        assert!(matches!(get(&fx.store, &a, one.id), Err(StoreError::NoDocument(_))));
        assert!(fx.store.check().unwrap().is_clean());
        fx.store.purge_document(&admin, two.id, "permintaan sah").unwrap();
        assert!(fx.store.stored_contents().unwrap().is_empty(), "the bytes are gone");
        assert!(fx.store.stored_hashes().unwrap().is_empty());
        let report = fx.store.check().unwrap();
        assert!(report.is_clean(), "{:?}", report.problems);
        // officers may not purge; a reason is needed
        let three = fx.store.attach(&a, new_doc(fx.shared.to_ref(), "Tiga"), &mut &b"abc"[..], Default::default());
        let three = three.unwrap();
        assert!(matches!(
            fx.store.purge_document(&a, three.id, "x"),
            Err(StoreError::Document(DocProblem::NotAllowed))
        ));
        assert!(matches!(
            fx.store.purge_document(&admin, three.id, "  "),
            Err(StoreError::Document(DocProblem::NoReason))
        ));
    }

    #[test]
    fn bad_input_stores_nothing() {
        let fx = fixture();
        let a = officer();
        let before = (fx.store.audit_len(), fx.store.generation());
        let limits = AttachLimits { max_bytes: 2 * CHUNK as u64 * CHUNKS_PER_BATCH as u64, cancel: None };
        let big = bytes(limits.max_bytes as usize + 1, 3);
        let r = fx.store.attach(&a, new_doc(fx.shared.to_ref(), "Besar"), &mut big.as_slice(), limits);
        assert!(matches!(r, Err(StoreError::Document(DocProblem::TooLarge { .. }))), "{r:?}");
        let r = fx.store.attach(&a, new_doc(fx.shared.to_ref(), "Kosong"), &mut &b""[..], limits);
        assert!(matches!(r, Err(StoreError::Document(DocProblem::Empty))), "{r:?}");
        let r = fx.store.attach(&a, new_doc(fx.shared.to_ref(), "a\nb"), &mut &b"x"[..], limits);
        assert!(matches!(r, Err(StoreError::Document(DocProblem::TitleControl))), "{r:?}");
        let mut bad_name = new_doc(fx.shared.to_ref(), "Nama");
        bad_name.file_name = "a\u{1b}]52;c;x\u{7}.pdf".into();
        let r = fx.store.attach(&a, bad_name, &mut &b"x"[..], limits);
        assert!(matches!(r, Err(StoreError::Document(DocProblem::BadFileName))), "{r:?}");
        let r = fx.store.attach(&a, new_doc(RecordRef::new(RecordKind::Client, 99), "T"), &mut &b"x"[..], limits);
        assert!(matches!(r, Err(StoreError::NotFound(_))), "{r:?}");
        let mut part = new_doc(fx.shared.to_ref(), "T");
        part.holder.part = Some(crate::model::PartId(7));
        let r = fx.store.attach(&a, part, &mut &b"x"[..], limits);
        assert!(matches!(r, Err(StoreError::Document(DocProblem::NoSuchPart(_)))), "{r:?}");
        let stop = AtomicBool::new(true);
        let r = fx.store.attach(
            &a,
            new_doc(fx.shared.to_ref(), "T"),
            &mut big.as_slice(),
            AttachLimits { cancel: Some(&stop), ..limits },
        );
        assert!(matches!(r, Err(StoreError::Document(DocProblem::Interrupted))), "{r:?}");
        let viewer = Actor::new("lihat", Role::Viewer);
        let r = fx.store.attach(&viewer, new_doc(fx.shared.to_ref(), "T"), &mut &b"x"[..], limits);
        assert!(matches!(r, Err(StoreError::Document(DocProblem::NotAllowed))), "{r:?}");
        assert_eq!((fx.store.audit_len(), fx.store.generation()), before, "nothing written");
        assert!(fx.store.stored_contents().unwrap().is_empty());
        assert_eq!(fx.store.staged_state().unwrap(), Default::default());
        assert!(fx.store.check().unwrap().is_clean());
        // the number was not used up
        let ok = fx.store.attach(&a, new_doc(fx.shared.to_ref(), "T"), &mut &b"x"[..], limits).unwrap();
        assert_eq!(ok.id, DocumentId(1));
    }

    #[test]
    fn partners_see_only_shared_documents_of_what_they_see_and_viewers_only_marked_content() {
        let fx = fixture();
        let a = officer();
        let attach = |holder: RecordRef, title: &str, sharing: Sharing| {
            let mut n = new_doc(holder, title);
            n.sharing = sharing;
            fx.store.attach(&a, n, &mut title.as_bytes(), Default::default()).unwrap()
        };
        let partner_ok = Sharing { partner: true, viewers: false };
        let private = attach(fx.shared.to_ref(), "Putusan", Sharing::default());
        let shared = attach(fx.shared.to_ref(), "Sertifikat", partner_ok);
        let elsewhere = attach(fx.other.to_ref(), "KTP", partner_ok);
        let for_viewers = attach(fx.other.to_ref(), "Foto", Sharing { viewers: true, partner: false });
        let mut p = Actor::new("laz", Role::Partner);
        p.stakeholder = Some(fx.laz);
        let view = fx.store.scoped(&p).unwrap();
        assert_eq!(view.documents_of(fx.shared.to_ref(), true).unwrap(), vec![shared.clone()]);
        assert!(view.documents_of(fx.other.to_ref(), true).unwrap().is_empty(), "a client it does not see");
        for hidden in [private.id, elsewhere.id, for_viewers.id] {
            assert!(matches!(view.document(hidden), Err(StoreError::NoDocument(_))), "{hidden}");
            assert!(matches!(get(&fx.store, &p, hidden), Err(StoreError::NoDocument(_))), "{hidden}");
        }
        assert_eq!(get(&fx.store, &p, shared.id).unwrap(), b"Sertifikat");
        let viewer = Actor::new("lihat", Role::Viewer);
        let v = fx.store.scoped(&viewer).unwrap();
        assert_eq!(v.documents_of(fx.other.to_ref(), false).unwrap().len(), 2, "viewers see that they exist");
        assert!(matches!(
            get(&fx.store, &viewer, elsewhere.id),
            Err(StoreError::Document(DocProblem::NotForViewers(_)))
        ));
        assert_eq!(get(&fx.store, &viewer, for_viewers.id).unwrap(), b"Foto");
        // unsharing takes it from the partner at once
        fx.store.share_document(&a, shared.id, Sharing::default()).unwrap();
        let view = fx.store.scoped(&p).unwrap();
        assert!(view.documents_of(fx.shared.to_ref(), true).unwrap().is_empty());
    }

    #[test]
    fn removed_documents_are_kept_and_purging_a_record_erases_its_documents() {
        let fx = fixture();
        let a = officer();
        let d1 = fx.store.attach(&a, new_doc(fx.other.to_ref(), "KTP"), &mut &b"ktp"[..], Default::default()).unwrap();
        let r = fx.store.remove_document(&a, d1.id, "salah berkas");
        assert!(r.as_ref().is_ok_and(|d| d.removed.as_ref().is_some_and(|x| x.reason == "salah berkas")), "{r:?}");
        let view = fx.store.scoped(&a).unwrap();
        assert!(view.documents_of(fx.other.to_ref(), false).unwrap().is_empty());
        assert_eq!(view.documents_of(fx.other.to_ref(), true).unwrap().len(), 1);
        assert_eq!(get(&fx.store, &a, d1.id).unwrap(), b"ktp", "kept");
        assert!(matches!(
            fx.store.remove_document(&a, d1.id, "lagi"),
            Err(StoreError::Document(DocProblem::Removed(_)))
        ));
        let admin = Actor::new("admin", Role::Admin);
        let target = crate::store::purge::PurgeTarget::Record(fx.other.to_ref());
        // the event naming the client is detached, the client and its documents go
        fx.store.purge(&admin, target, "permintaan sah").unwrap();
        assert!(matches!(fx.store.scoped(&admin).unwrap().document(d1.id), Err(StoreError::NoDocument(_))));
        assert!(fx.store.stored_contents().unwrap().is_empty());
        let report = fx.store.check().unwrap();
        assert!(report.is_clean(), "{:?}", report.problems);
    }

    #[test]
    fn check_reports_a_damaged_chunk_and_nothing_damaged_leaves() {
        let fx = fixture();
        let a = officer();
        let content = bytes(2 * CHUNK, 4);
        let doc =
            fx.store.attach(&a, new_doc(fx.shared.to_ref(), "Putusan"), &mut content.as_slice(), Default::default());
        let doc = doc.unwrap();
        fx.store.damage_document(doc.id).unwrap();
        let report = fx.store.check().unwrap();
        assert_eq!(report.problems, vec![crate::store::check::CheckProblem::DocumentDamaged { document: doc.id }]);
        let mut out = Vec::new();
        let r = fx.store.scoped(&a).unwrap().read_document(doc.id, &mut out);
        assert!(matches!(r, Err(StoreError::Document(DocProblem::Damaged(_)))), "{r:?}");
        assert!(out.is_empty(), "nothing written");
    }

    #[test]
    fn documents_survive_a_backup_and_restore_byte_identical() {
        let fx = fixture();
        let a = officer();
        let content = bytes(CHUNK * 3 + 1, 5);
        let doc =
            fx.store.attach(&a, new_doc(fx.shared.to_ref(), "Putusan"), &mut content.as_slice(), Default::default());
        let doc = doc.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("b.simpul");
        fx.store.backup(&file).unwrap();
        let (restored, _) =
            Store::restore_backup(&file, &dir.path().join("db"), &crate::store::OpenOptions::default()).unwrap();
        assert_eq!(get(&restored, &a, doc.id).unwrap(), content);
        assert!(restored.check().unwrap().is_clean());
    }
}
