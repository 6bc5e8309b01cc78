//! The search index kept in the database beside the records (the store's
//! derived data, see `store::derived`): written whole when it was built,
//! read back instead of building it again while no write has come since
//! and the day is the same. A kept index is never used stale: its stamp is
//! the store's count of writes, which every write advances in the same
//! transaction as its records.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::index::{ClientEntry, Edges, EventEntry, Interner, SearchIndex, StakeholderEntry, Table, Text};
use crate::model::Vocabulary;
use crate::store::derived::{Damage, Derived};
use crate::store::{Scoped, StoreError};

/// An index a process holds for commands (see [`SearchIndex::for_command`]).
struct Held {
    stamp: u64,
    today: NaiveDate,
    weak: Weak<SearchIndex>,
    /// Kept alive between commands (a server).
    strong: Option<Arc<SearchIndex>>,
}

impl Held {
    fn index(&self) -> Option<Arc<SearchIndex>> {
        self.strong.clone().or_else(|| self.weak.upgrade())
    }
}

/// By database directory and view.
type ViewKey = (PathBuf, String);

type HeldIndexes = HashMap<ViewKey, Held>;

type Builds = HashMap<ViewKey, Arc<Mutex<()>>>;

fn view_key(view: &Scoped) -> ViewKey {
    (view.path().to_path_buf(), view.view_key())
}

fn held() -> MutexGuard<'static, HeldIndexes> {
    static HELD: OnceLock<Mutex<HeldIndexes>> = OnceLock::new();
    // a panic elsewhere cannot leave the map inconsistent: each entry is replaced whole
    HELD.get_or_init(Default::default).lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

static HOLD: AtomicBool = AtomicBool::new(false);

/// Whether kept indexes are read with the clients' written texts.
static WRITTEN: AtomicBool = AtomicBool::new(true);

/// Makes this process read kept indexes without the clients' NIK, aliases
/// and skills as written (a third of their texts): only the rows `simpul
/// search` prints, and the server writes for it, show them. The
/// interface, which shows a client's from the record, holds 3.4 MB less at
/// 100,000 clients. An entry without them reads the record where they are
/// asked for ([`super::index::ClientEntry::written`] is `None`).
pub fn leave_written_texts_out() {
    WRITTEN.store(false, Ordering::Relaxed);
}

fn reads_written() -> bool {
    WRITTEN.load(Ordering::Relaxed)
}

/// A lock per database and view, held while its index is built.
fn building() -> MutexGuard<'static, Builds> {
    static BUILDING: OnceLock<Mutex<Builds>> = OnceLock::new();
    // the map only grows by whole entries: a panic cannot leave it inconsistent
    BUILDING.get_or_init(Default::default).lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The index kept for a view, being read before the database was opened
/// ([`read_early`]).
struct EarlyRead {
    dir: PathBuf,
    read: std::thread::JoinHandle<Option<crate::store::derived::Early<Result<SearchIndex, Unusable>>>>,
}

/// Held by the tests that read early: the read in progress is one per
/// process, and tests run side by side.
#[cfg(test)]
pub(crate) fn early_reads_one_at_a_time() -> MutexGuard<'static, ()> {
    static ONE: Mutex<()> = Mutex::new(());
    ONE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn early() -> MutexGuard<'static, Option<EarlyRead>> {
    static EARLY: Mutex<Option<EarlyRead>> = Mutex::new(None);
    // replaced or taken whole: a panic cannot leave it inconsistent
    EARLY.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Starts reading the index kept for `role`'s view of the database in
/// `dir` on a thread, while the caller opens the database: sled's open and
/// this read take about as long, and run side by side on two cores. The
/// first search of that view in this process takes what it read if that
/// is what it would read itself once the database is open (the same file,
/// current: [`crate::store::Store::adopt_early`]), for the same day; else
/// it reads as usual. A partner's view keeps no index: nothing is read.
pub fn read_early(dir: &std::path::Path, role: crate::model::Role) {
    read_early_then(dir, role, None, |_| {});
}

/// [`read_early`], then `then` on the same thread with the index read, if
/// it was read whole and checked (whether it is current is known only once
/// the database is open). With `day`, an index kept for another day is
/// not read on (the first search would not take it).
pub fn read_early_then(
    dir: &std::path::Path,
    role: crate::model::Role,
    day: Option<NaiveDate>,
    then: impl FnOnce(&SearchIndex) + Send + 'static,
) {
    let Some(view) = crate::store::access::kept_view_key(role) else { return };
    let (from, name) = (dir.to_path_buf(), format!("{NAME}@{view}"));
    let read = std::thread::Builder::new().name("kept-index".into()).spawn(move || {
        let early = crate::store::derived::read_early(&from, &name, |r, len| {
            SearchIndex::read_kept(r, len, day, crate::model::Calendar::default(), reads_written())
        });
        if let Some(Ok(index)) = early.as_ref().map(|e| e.made()) {
            then(index);
        }
        early
    });
    if let Ok(read) = read {
        *early() = Some(EarlyRead { dir: dir.to_path_buf(), read });
    }
}

/// The index kept for `role`'s view of a database closed cleanly, if it
/// was kept at the writes the database was closed at and for `today`:
/// what [`SearchIndex::for_command`] would read once the database is open.
/// A partner's view keeps none.
pub fn closed_index(
    closed: &crate::store::closed::Closed,
    role: crate::model::Role,
    today: NaiveDate,
) -> Option<SearchIndex> {
    let view = crate::store::access::kept_view_key(role)?;
    // the calendar serves only to count standings again after a write
    let read = |r: &mut dyn std::io::Read, len| {
        SearchIndex::read_kept(r, len, Some(today), Default::default(), reads_written())
    };
    closed.read_derived(&format!("{NAME}@{view}"), read)?.ok()
}

/// Holds `index` to the end of the process, which is about to end: its
/// entries are let go with it rather than freed one by one.
pub fn hold_to_exit(index: Arc<SearchIndex>) {
    static LAST: Mutex<Option<Arc<SearchIndex>>> = Mutex::new(None);
    *LAST.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(index);
}

/// Makes this process hold the last index of each view between commands
/// (the server, which carries out many), rather than only while one runs.
pub fn hold_between_commands() {
    HOLD.store(true, Ordering::Relaxed);
}

/// The name of the kept index among the store's derived data.
const NAME: &str = "search";

/// The layout of the kept index: a program that lays it out otherwise (or
/// fills it otherwise) has a different one, and builds its own.
const LAYOUT: &str = concat!("search index 8, simpul ", env!("CARGO_PKG_VERSION"));

/// Days as numbers (the default writes them as text, which is slower to
/// read back 200,000 times).
pub(crate) mod day {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i32(d.num_days_from_ce())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let n = i32::deserialize(d)?;
        NaiveDate::from_num_days_from_ce_opt(n).ok_or_else(|| D::Error::custom("not a day"))
    }
}

/// The kept index, as written: all but the clients, whose entries follow
/// in a layout of their own ([`encode_clients`]).
#[derive(Serialize)]
struct KeptRef<'a> {
    layout: &'a str,
    today: i32,
    names: &'a [Box<str>],
    shown: &'a [Box<str>],
    skipped: u64,
    client_order: &'a [u32],
    stakeholders: &'a [StakeholderEntry],
    stakeholder_order: &'a [u32],
    events: &'a [EventEntry],
    event_order: &'a [u32],
}

/// The kept index, as read.
#[derive(Deserialize)]
struct Kept {
    layout: String,
    today: i32,
    names: Vec<Box<str>>,
    shown: Vec<Box<str>>,
    skipped: u64,
    client_order: Vec<u32>,
    stakeholders: Vec<StakeholderEntry>,
    stakeholder_order: Vec<u32>,
    events: Vec<EventEntry>,
    event_order: Vec<u32>,
}

/// Bytes of one client's fixed part (see [`encode_clients`]).
const CLIENT_BYTES: usize = 8 + 5 * 4 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 2 + 2 + 7;
/// A day that is not there.
const NO_DAY: i32 = i32::MIN;
/// A vocabulary value that is not there.
const NONE: u8 = u8::MAX;

fn vocab_byte<V: Vocabulary>(v: V) -> u8 {
    V::all().iter().position(|x| *x == v).and_then(|i| u8::try_from(i).ok()).unwrap_or(NONE)
}

fn vocab_of<V: Vocabulary>(b: u8) -> Option<V> {
    V::all().get(usize::from(b)).copied()
}

/// A vocabulary value that may be absent ([`NONE`]).
fn optional<V: Vocabulary>(b: u8) -> Result<Option<V>, ()> {
    if b == NONE { Ok(None) } else { vocab_of(b).map(Some).ok_or(()) }
}

fn day_number(d: Option<NaiveDate>) -> i32 {
    d.map_or(NO_DAY, |d| d.num_days_from_ce())
}

fn day_of(n: i32) -> Result<Option<NaiveDate>, ()> {
    if n == NO_DAY { Ok(None) } else { NaiveDate::from_num_days_from_ce_opt(n).map(Some).ok_or(()) }
}

/// The clients' entries in a flat layout that reads back in a few large
/// reads, without a decoder per field: their count; all their referral
/// edges (a count, then each an id and a status); per client the length of
/// its text and of the part its row shows (the rest is the written texts,
/// which a reader may leave out, see [`decode_clients`]); all their texts,
/// one after the other (their total length, then the bytes), which become
/// the one buffer the entries share; then per client a fixed part, with
/// its count of edges among them.
fn encode_clients(clients: &[ClientEntry], w: &mut dyn std::io::Write) -> std::io::Result<()> {
    w.write_all(&(clients.len() as u64).to_le_bytes())?;
    let edges: u64 = clients.iter().map(|c| c.referrals.len() as u64).sum();
    w.write_all(&edges.to_le_bytes())?;
    let mut out = Vec::new();
    for c in clients {
        for (id, status) in c.referrals.iter() {
            out.extend_from_slice(&id.to_le_bytes());
            out.push(vocab_byte(*status));
        }
    }
    w.write_all(&out)?;
    out.clear();
    for c in clients {
        out.extend_from_slice(&len32(c.blob.as_str()).to_le_bytes());
        out.extend_from_slice(&c.cuts[5].to_le_bytes());
    }
    w.write_all(&out)?;
    out.clear();
    let texts: u64 = clients.iter().map(|c| c.blob.as_str().len() as u64).sum();
    w.write_all(&texts.to_le_bytes())?;
    for c in clients {
        w.write_all(c.blob.as_str().as_bytes())?;
    }
    for c in clients {
        out.extend_from_slice(&c.id.to_le_bytes());
        for cut in &c.cuts[..5] {
            out.extend_from_slice(&cut.to_le_bytes());
        }
        out.extend_from_slice(&c.office.to_le_bytes());
        out.extend_from_slice(&c.officer.to_le_bytes());
        out.extend_from_slice(&c.office_shown.to_le_bytes());
        out.extend_from_slice(&c.officer_shown.to_le_bytes());
        out.extend_from_slice(&day_number(c.born).to_le_bytes());
        out.extend_from_slice(&u32::try_from(c.referrals.len()).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(&day_number(c.start).to_le_bytes());
        out.extend_from_slice(&day_number(c.end).to_le_bytes());
        out.extend_from_slice(&c.needs.to_le_bytes());
        out.extend_from_slice(&c.missed.to_le_bytes());
        out.push(c.risk.map_or(NONE, vocab_byte));
        out.push(vocab_byte(c.status));
        out.push(vocab_byte(c.gender));
        out.push(u8::from(c.archived));
        out.push(vocab_byte(c.phase));
        out.push(c.rri.map_or(NONE, vocab_byte));
        out.push(u8::from(c.due_today));
    }
    w.write_all(&out)
}

/// The clients' words: their text, then where each word ends, where each
/// one's clients start, and the clients, each a count and `u32`s.
fn encode_words(words: &super::words::Words, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let (text, ends, at, held) = words.parts();
    w.write_all(&(text.len() as u64).to_le_bytes())?;
    w.write_all(text.as_bytes())?;
    for list in [ends, at, held] {
        w.write_all(&(list.len() as u64).to_le_bytes())?;
        for n in list {
            w.write_all(&n.to_le_bytes())?;
        }
    }
    Ok(())
}

fn len32(s: &str) -> u32 {
    u32::try_from(s.len()).unwrap_or(u32::MAX)
}

/// Reads bytes in order.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ()> {
        if n > self.0.len() {
            return Err(());
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], ()> {
        self.take(N)?.try_into().map_err(|_| ())
    }
    fn u64(&mut self) -> Result<u64, ()> {
        self.array().map(u64::from_le_bytes)
    }
    fn u32(&mut self) -> Result<u32, ()> {
        self.array().map(u32::from_le_bytes)
    }
    fn i32(&mut self) -> Result<i32, ()> {
        self.array().map(i32::from_le_bytes)
    }
    fn u16(&mut self) -> Result<u16, ()> {
        self.array().map(u16::from_le_bytes)
    }
    fn u8(&mut self) -> Result<u8, ()> {
        self.array::<1>().map(|[b]| b)
    }
}

/// Bytes read as they stream, never more than the file is known to hold
/// (a damaged count or length cannot make room for more).
struct Stream<'a> {
    r: &'a mut dyn std::io::Read,
    left: u64,
}

impl Stream<'_> {
    fn array<const N: usize>(&mut self) -> Result<[u8; N], ()> {
        let mut b = [0u8; N];
        self.r.read_exact(&mut b).map_err(|_| ())?;
        self.left = self.left.saturating_sub(N as u64);
        Ok(b)
    }
    fn len(&mut self) -> Result<usize, ()> {
        usize::try_from(u64::from_le_bytes(self.array()?)).map_err(|_| ())
    }
    /// `n` bytes into `buf`, replacing what it held.
    fn bytes(&mut self, n: usize, buf: &mut Vec<u8>) -> Result<(), ()> {
        if n as u64 > self.left {
            return Err(());
        }
        buf.clear();
        buf.resize(n, 0);
        self.r.read_exact(buf).map_err(|_| ())?;
        self.left -= n as u64;
        Ok(())
    }
    /// `n` bytes, in room made for them alone.
    fn vec(&mut self, n: usize) -> Result<Vec<u8>, ()> {
        if n as u64 > self.left {
            return Err(());
        }
        let mut buf = Vec::with_capacity(n);
        use std::io::Read as _;
        std::io::Read::take(&mut *self.r, n as u64).read_to_end(&mut buf).map_err(|_| ())?;
        if buf.len() != n {
            return Err(());
        }
        self.left -= n as u64;
        Ok(buf)
    }
    /// A count of `u32`s, then them.
    fn u32s(&mut self, buf: &mut Vec<u8>) -> Result<Vec<u32>, ()> {
        let n = self.len()?;
        self.bytes(n.checked_mul(4).ok_or(())?, buf)?;
        Ok(buf.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
    }
    /// True when nothing follows.
    fn at_end(&mut self) -> bool {
        matches!(self.r.read(&mut [0u8; 1]), Ok(0))
    }
}

/// The clients' entries laid out by [`encode_clients`]; without their
/// written texts unless `written`.
fn decode_clients(s: &mut Stream<'_>, written: bool) -> Result<Vec<ClientEntry>, ()> {
    let n = s.len()?;
    let edges = s.len()?;
    let edges = s.vec(edges.checked_mul(9).ok_or(())?)?;
    let all_edges = Arc::new(
        edges
            .chunks_exact(9)
            .map(|e| {
                let mut r = Reader(e);
                Ok((r.u64()?, vocab_of(r.u8()?).ok_or(())?))
            })
            .collect::<Result<Vec<_>, ()>>()?,
    );
    drop(edges);
    if n > usize::try_from(s.left).unwrap_or(usize::MAX) / (CLIENT_BYTES + 8) {
        return Err(());
    }
    // each text's length and its row's part
    let lengths = s
        .vec(n * 8)?
        .chunks_exact(8)
        .map(|l| {
            let mut r = Reader(l);
            let (len, row) = (r.u32()?, r.u32()?);
            if row > len { Err(()) } else { Ok((len, row)) }
        })
        .collect::<Result<Vec<(u32, u32)>, ()>>()?;
    let whole: u64 = lengths.iter().map(|(len, _)| u64::from(*len)).sum();
    if s.len()? as u64 != whole {
        return Err(());
    }
    let mut texts = s.vec(usize::try_from(whole).map_err(|_| ())?)?;
    if !written {
        // each row's part moved down over what is left out (in bounds: the
        // lengths add up to what was read)
        let (mut from, mut to) = (0usize, 0usize);
        for &(len, row) in &lengths {
            texts.copy_within(from..from + row as usize, to);
            (from, to) = (from + len as usize, to + row as usize);
        }
        texts.truncate(to);
        texts.shrink_to_fit();
    }
    // a text cut inside a character (a damaged file, which its checksum
    // refuses anyway) reads as empty
    let all = Arc::new(String::from_utf8(texts).map_err(|_| ())?);
    let mut out = Vec::with_capacity(n);
    let (mut from, mut at) = (0u32, 0u32);
    let mut lengths = lengths.into_iter();
    // the fixed parts a few hundred at a time
    const AT_ONCE: usize = 512;
    let mut fixed = Vec::with_capacity(AT_ONCE * CLIENT_BYTES);
    let mut left = n;
    while left > 0 {
        let now = left.min(AT_ONCE);
        left -= now;
        s.bytes(now * CLIENT_BYTES, &mut fixed)?;
        let mut r = Reader(&fixed);
        for _ in 0..now {
            let (len, row) = lengths.next().ok_or(())?;
            let id = r.u64()?;
            let mut cuts = [row; 6];
            for c in &mut cuts[..5] {
                *c = r.u32()?;
            }
            let (office, officer) = (r.u32()?, r.u32()?);
            let (office_shown, officer_shown, born) = (r.u32()?, r.u32()?, day_of(r.i32()?)?);
            let edge_count = r.u32()?;
            let (start, end) = (day_of(r.i32()?)?, day_of(r.i32()?)?);
            let (needs, missed) = (r.u16()?, r.u16()?);
            let [risk, status, gender, archived, phase, rri, due] = r.array::<7>()?;
            if cuts.windows(2).any(|w| w[0] > w[1]) {
                return Err(());
            }
            let to = from.checked_add(if written { len } else { row }).ok_or(())?;
            let edges_to = at.checked_add(edge_count).ok_or(())?;
            if to as usize > all.len() || edges_to as usize > all_edges.len() {
                return Err(());
            }
            out.push(ClientEntry {
                id,
                blob: Text::shared(&all, from, to),
                cuts,
                office,
                officer,
                office_shown,
                officer_shown,
                born,
                referrals: Edges::shared(&all_edges, at, edges_to),
                start,
                end,
                needs,
                risk: optional(risk)?,
                status: vocab_of(status).ok_or(())?,
                gender: vocab_of(gender).ok_or(())?,
                archived: archived == 1,
                phase: vocab_of(phase).ok_or(())?,
                rri: optional(rri)?,
                missed,
                due_today: due == 1,
            });
            from = to;
            at = edges_to;
        }
    }
    // every text and edge is some client's
    if from as usize != all.len() || at as usize != all_edges.len() {
        return Err(());
    }
    Ok(out)
}

/// The clients' words laid out by [`encode_words`], for `clients` clients.
fn decode_words(s: &mut Stream<'_>, clients: usize) -> Result<super::words::Words, ()> {
    let mut buf = Vec::new();
    let n = s.len()?;
    s.bytes(n, &mut buf)?;
    let text = String::from_utf8(std::mem::take(&mut buf)).map_err(|_| ())?;
    let (ends, at, held) = (s.u32s(&mut buf)?, s.u32s(&mut buf)?, s.u32s(&mut buf)?);
    super::words::Words::from_parts(text, ends, at, held, clients).ok_or(())
}

fn config() -> impl bincode::config::Config {
    bincode::config::standard()
}

/// Where an index came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Read back as it was kept, while the database was opened ([`read_early`]).
    KeptEarly,
    /// Read back as it was kept.
    Kept,
    /// Built from the stored summaries.
    Built,
}

/// The kept index as `simpul check` finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeptState {
    /// None is kept (it is built and kept at the next search).
    Absent,
    /// One is kept from before the last write or for another day: not used.
    Stale,
    /// The kept index is current and the same as one built now.
    Current,
    /// The kept index is current by its stamp but not what the records give,
    /// or cannot be read: how.
    Damaged(KeptDamage),
}

/// How a kept index that claims to be current is not usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeptDamage {
    /// Its file is not as it was written.
    File(Damage),
    /// It cannot be read as an index.
    Unreadable,
    /// Another program laid it out (its layout, as it names it).
    OtherLayout(String),
    /// Its entries and their order do not fit together, or a client names
    /// an office or officer it does not hold.
    Inconsistent,
    /// It reads, but is not what the records give.
    NotTheRecords,
}

/// Why a kept index is not used.
#[derive(Debug)]
enum Unusable {
    /// Made for another day: stale, not damaged.
    OtherDay,
    Damaged(KeptDamage),
}

impl SearchIndex {
    #[cfg(test)]
    fn to_kept(&self) -> Result<Vec<u8>, StoreError> {
        let mut out = Vec::new();
        self.write_kept(&mut out).map_err(|e| StoreError::Engine(crate::store::engine::EngineError::Io(e)))?;
        Ok(out)
    }

    /// Writes the index as it is kept: the length of the general part, the
    /// general part, the clients, then their words.
    fn write_kept(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let kept = KeptRef {
            layout: LAYOUT,
            today: self.today.num_days_from_ce(),
            names: &self.names.strings,
            shown: &self.shown.strings,
            skipped: self.skipped,
            client_order: self.clients.name_order(),
            stakeholders: &self.stakeholders,
            stakeholder_order: self.stakeholders.name_order(),
            events: &self.events,
            event_order: self.events.name_order(),
        };
        let general = bincode::serde::encode_to_vec(&kept, config()).map_err(std::io::Error::other)?;
        w.write_all(&(general.len() as u64).to_le_bytes())?;
        w.write_all(&general)?;
        encode_clients(&self.clients, w)?;
        encode_words(self.words(), w)
    }

    /// The index kept as `bytes`, for `today`, with the office's calendar;
    /// why not, when it cannot be used.
    #[cfg(test)]
    fn from_kept(bytes: &[u8], today: NaiveDate, calendar: crate::model::Calendar) -> Result<SearchIndex, Unusable> {
        SearchIndex::read_kept(&mut &bytes[..], bytes.len() as u64, Some(today), calendar, true)
    }

    /// [`SearchIndex::from_kept`], as this process reads it (tests).
    #[cfg(test)]
    fn from_kept_without_written(bytes: &[u8], today: NaiveDate) -> Result<SearchIndex, Unusable> {
        SearchIndex::read_kept(&mut &bytes[..], bytes.len() as u64, Some(today), Default::default(), false)
    }

    /// [`SearchIndex::from_kept`] as the `len` bytes stream from `r`; with
    /// no day, for the day it was made for; the clients' written texts
    /// left out unless `written`.
    fn read_kept(
        r: &mut dyn std::io::Read,
        len: u64,
        today: Option<NaiveDate>,
        calendar: crate::model::Calendar,
        written: bool,
    ) -> Result<SearchIndex, Unusable> {
        use KeptDamage::{Inconsistent, OtherLayout, Unreadable};
        let bad = |d: KeptDamage| Unusable::Damaged(d);
        let mut s = Stream { r, left: len };
        let mut general = Vec::new();
        s.len().and_then(|n| s.bytes(n, &mut general)).map_err(|()| bad(Unreadable))?;
        let (kept, _): (Kept, usize) =
            bincode::serde::decode_from_slice(&general, config()).map_err(|_| bad(Unreadable))?;
        drop(general);
        if kept.layout != LAYOUT {
            return Err(bad(OtherLayout(kept.layout)));
        }
        let today = match today {
            Some(day) if day.num_days_from_ce() != kept.today => return Err(Unusable::OtherDay),
            Some(day) => day,
            None => NaiveDate::from_num_days_from_ce_opt(kept.today).ok_or(bad(Unreadable))?,
        };
        let mut idx = SearchIndex::new(today);
        idx.calendar = calendar;
        idx.names = Interner::from_strings(kept.names);
        idx.shown = Interner::from_strings(kept.shown);
        idx.skipped = kept.skipped;
        let clients = decode_clients(&mut s, written).map_err(|()| bad(Unreadable))?;
        let words = decode_words(&mut s, clients.len()).map_err(|()| bad(Unreadable))?;
        if !s.at_end() {
            return Err(bad(Unreadable));
        }
        idx.words = OnceLock::from(words);
        idx.clients = Table::from_kept(clients, kept.client_order).ok_or_else(|| bad(Inconsistent))?;
        idx.stakeholders =
            Table::from_kept(kept.stakeholders, kept.stakeholder_order).ok_or_else(|| bad(Inconsistent))?;
        idx.events = Table::from_kept(kept.events, kept.event_order).ok_or_else(|| bad(Inconsistent))?;
        let (names, shown) = (idx.names.strings.len(), idx.shown.strings.len());
        let outside = |c: &ClientEntry| {
            c.office as usize >= names
                || c.officer as usize >= names
                || c.office_shown as usize >= shown
                || c.officer_shown as usize >= shown
        };
        if idx.clients.iter().any(outside) {
            return Err(bad(Inconsistent));
        }
        Ok(idx)
    }

    /// The index of what `view` shows, counted to `today`: the one kept in
    /// the database when it is current, else built from the summaries
    /// ([`SearchIndex::build_view`]) and, with `keep`, kept for the next
    /// time. (A long-running process that builds again after every change
    /// keeps only now and then: each keeping writes the whole index.)
    pub fn open_view(view: &Scoped, today: NaiveDate, keep: bool) -> Result<(SearchIndex, Source), StoreError> {
        // the stamp is taken before reading: a write during the build makes
        // what is built not current, and it is not kept
        let stamp = view.writes();
        if let Some(idx) = SearchIndex::early_view(view, today)? {
            return Ok((idx, Source::KeptEarly));
        }
        if let Some(idx) = SearchIndex::kept_view(view, today)? {
            return Ok((idx, Source::Kept));
        }
        let idx = SearchIndex::build_view(view, today)?;
        // keeping saves the next start its build; not keeping loses nothing else
        if keep && let Err(e) = idx.keep(view, stamp) {
            tracing::warn!(error = %crate::sanitize::sanitize(&e.to_string()), "the search index was not kept");
        }
        Ok((idx, Source::Built))
    }

    /// The index a command searches: the one this process shares for the
    /// same database, view, write and day (a session's or an earlier
    /// command's), else [`SearchIndex::open_view`]'s. A server holds the
    /// last one of each view between commands (see
    /// [`hold_between_commands`]), so a command it carries out searches at once.
    pub fn for_command(view: &Scoped, today: NaiveDate) -> Result<Arc<SearchIndex>, StoreError> {
        SearchIndex::shared_view(view, today, true, HOLD.load(Ordering::Relaxed))
    }

    /// The index a session searches: as [`SearchIndex::for_command`], but
    /// not held once the last session lets go of it, and kept in the
    /// database only with `keep`. Sessions and commands of one process
    /// share one index per view, whichever comes first.
    pub fn for_session(view: &Scoped, today: NaiveDate, keep: bool) -> Result<Arc<SearchIndex>, StoreError> {
        SearchIndex::shared_view(view, today, keep, false)
    }

    fn shared_view(view: &Scoped, today: NaiveDate, keep: bool, hold: bool) -> Result<Arc<SearchIndex>, StoreError> {
        let key = view_key(view);
        // one build per view at a time: the sessions that log in together
        // wait for the first one's index instead of each building their own
        let gate = Arc::clone(building().entry(key.clone()).or_default());
        let _one = gate.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let stamp = view.writes();
        let found = held().get(&key).filter(|h| h.stamp == stamp && h.today == today).and_then(Held::index);
        if let Some(index) = found {
            if hold {
                held().entry(key).and_modify(|h| h.strong = Some(Arc::clone(&index)));
            }
            return Ok(index);
        }
        let (index, _) = SearchIndex::open_view(view, today, keep)?;
        let index = Arc::new(index);
        SearchIndex::offer(view, stamp, &index, hold);
        Ok(index)
    }

    /// Offers `index`, up to date with `view`'s write `stamp`, to the other
    /// sessions and commands of this process (a session that brought its
    /// own up to date). An index of a later write, or one still in use at
    /// the same write, is not replaced.
    pub fn share(view: &Scoped, stamp: u64, index: &Arc<SearchIndex>) {
        SearchIndex::offer(view, stamp, index, false);
    }

    fn offer(view: &Scoped, stamp: u64, index: &Arc<SearchIndex>, hold: bool) {
        let key = view_key(view);
        let mut map = held();
        let newer = map
            .get(&key)
            .is_none_or(|h| h.today != index.today() || h.stamp < stamp || (h.stamp == stamp && h.index().is_none()));
        if newer {
            let strong = hold.then(|| Arc::clone(index));
            map.insert(key, Held { stamp, today: index.today(), weak: Arc::downgrade(index), strong });
        }
    }

    /// The index [`read_early`] read for `view`'s database, if it is the
    /// one kept for `view`, current and for `today`; taken once.
    fn early_view(view: &Scoped, today: NaiveDate) -> Result<Option<SearchIndex>, StoreError> {
        let taken = {
            let mut slot = early();
            match slot.take() {
                Some(e) if e.dir == view.path() => Some(e),
                other => {
                    *slot = other;
                    None
                }
            }
        };
        let Some(read) = taken.and_then(|e| e.read.join().ok().flatten()) else { return Ok(None) };
        match view.adopt_early(NAME, read) {
            Derived::Fresh(Ok(mut idx)) if idx.today() == today => {
                idx.calendar = view.calendar()?;
                Ok(Some(idx))
            }
            _ => Ok(None),
        }
    }

    /// The index kept for `view` and `today`, if one is current.
    pub fn kept_view(view: &Scoped, today: NaiveDate) -> Result<Option<SearchIndex>, StoreError> {
        let calendar = view.calendar()?;
        let read =
            |r: &mut dyn std::io::Read, len| SearchIndex::read_kept(r, len, Some(today), calendar, reads_written());
        match view.derived_read(NAME, read)? {
            Derived::Fresh(read) => Ok(read.ok()),
            Derived::Absent | Derived::Stale | Derived::Damaged(_) => Ok(None),
        }
    }

    /// Keeps this index, built from `view` at write `stamp`, in the
    /// database; false when it was not kept (a write came since, or the
    /// view keeps nothing).
    pub fn keep(&self, view: &Scoped, stamp: u64) -> Result<bool, StoreError> {
        if view.writes() != stamp {
            return Ok(false);
        }
        view.put_derived_with(NAME, stamp, |w| self.write_kept(w))
    }

    /// Checks the index kept for `view` against one built now, for the day
    /// it was made for (as `simpul check` does).
    pub fn check_kept(view: &Scoped, today: NaiveDate) -> Result<KeptState, StoreError> {
        let calendar = view.calendar()?;
        // whole, as built: compared with one built now
        let read = |r: &mut dyn std::io::Read, len| SearchIndex::read_kept(r, len, Some(today), calendar, true);
        let kept = match view.derived_read(NAME, read)? {
            Derived::Absent => return Ok(KeptState::Absent),
            Derived::Stale | Derived::Fresh(Err(Unusable::OtherDay)) => return Ok(KeptState::Stale),
            Derived::Damaged(how) => return Ok(KeptState::Damaged(KeptDamage::File(how))),
            Derived::Fresh(Err(Unusable::Damaged(how))) => return Ok(KeptState::Damaged(how)),
            Derived::Fresh(Ok(kept)) => kept,
        };
        let built = SearchIndex::build_view(view, today)?;
        let same = kept.names.strings == built.names.strings
            && kept.shown.strings == built.shown.strings
            && kept.skipped == built.skipped
            && kept.clients[..] == built.clients[..]
            && kept.stakeholders[..] == built.stakeholders[..]
            && kept.events[..] == built.events[..]
            && kept.clients.name_order() == built.clients.name_order()
            && kept.stakeholders.name_order() == built.stakeholders.name_order()
            && kept.events.name_order() == built.events.name_order()
            && kept.words() == built.words();
        Ok(if same { KeptState::Current } else { KeptState::Damaged(KeptDamage::NotTheRecords) })
    }

    /// Builds the index of `view` again and keeps it, whatever was kept.
    pub fn rebuild_kept(view: &Scoped, today: NaiveDate) -> Result<bool, StoreError> {
        let stamp = view.writes();
        SearchIndex::build_view(view, today)?.keep(view, stamp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::store::{Actor, temp_store};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn client(name: &str, office: &str) -> Client {
        Client { full_name: name.into(), office: office.into(), gender: Gender::Male, ..Client::default() }
    }

    fn names(idx: &SearchIndex, q: &str) -> Vec<String> {
        let q = crate::search::parse(q).unwrap();
        idx.search(RecordKind::Client, &q, None)
            .iter()
            .filter_map(|h| idx.display_name(h.record).map(str::to_string))
            .collect()
    }

    #[test]
    fn an_index_read_while_the_database_opened_is_used_only_when_it_is_the_kept_one_current_and_of_the_day() {
        let _one = early_reads_one_at_a_time();
        let (_d, s) = temp_store();
        let admin = Actor::new("admin", Role::Admin);
        s.create(&admin, client("Ahmad Fauzi", "Bapas Malang")).unwrap();
        s.write(&admin, |b| b.set_day_off(day(2026, 12, 1), DayOffKind::Closure, "Pindah gedung").map(|_| ())).unwrap();
        let view = s.scoped(&admin).unwrap();
        assert_ne!(view.calendar().unwrap(), Calendar::default());
        let today = day(2026, 11, 28);
        let dir = view.path().to_path_buf();
        assert_eq!(SearchIndex::open_view(&view, today, true).unwrap().1, Source::Built);
        let start = |role| {
            read_early(&dir, role);
            assert!(early().is_some(), "a read under way");
        };
        // current: used, once
        start(Role::Officer);
        let (idx, source) = SearchIndex::open_view(&view, today, false).unwrap();
        assert_eq!(source, Source::KeptEarly);
        assert!(early().is_none(), "taken");
        assert_eq!(names(&idx, "ahmad"), ["Ahmad Fauzi"]);
        assert_eq!(idx.calendar, view.calendar().unwrap(), "the office's calendar, not the one it was read with");
        assert_eq!(SearchIndex::open_view(&view, today, false).unwrap().1, Source::Kept, "then read as usual");
        // another database's search leaves it for this one
        let (_other_dir, other) = temp_store();
        start(Role::Officer);
        let other_view = other.scoped(&admin).unwrap();
        assert_eq!(SearchIndex::open_view(&other_view, today, false).unwrap().1, Source::Built);
        assert_eq!(SearchIndex::open_view(&view, today, false).unwrap().1, Source::KeptEarly);
        // another day: not used
        start(Role::Officer);
        assert_eq!(SearchIndex::open_view(&view, day(2026, 11, 29), false).unwrap().1, Source::Built);
        assert!(early().is_none());
        // another view's: not used (a viewer's is not kept yet; an officer's is not a viewer's)
        start(Role::Officer);
        let viewer = s.scoped(&Actor::new("vera", Role::Viewer)).unwrap();
        assert_eq!(SearchIndex::open_view(&viewer, today, false).unwrap().1, Source::Built);
        // a partner's view keeps none: nothing is read
        read_early(&dir, Role::Partner);
        assert!(early().is_none());
        // a write after it was read: not used, and what is found has the write
        start(Role::Admin);
        s.create(&admin, client("Ahmad Dahlan", "Bapas Malang")).unwrap();
        let (idx, source) = SearchIndex::open_view(&view, today, true).unwrap();
        assert_eq!(source, Source::Built);
        assert_eq!(names(&idx, "ahmad").len(), 2);
    }

    #[test]
    fn the_kept_index_is_read_back_until_a_write_and_then_built_again() {
        let (_d, s) = temp_store();
        let admin = Actor::new("admin", Role::Admin);
        s.create(&admin, client("Ahmad Fauzi", "Bapas Malang")).unwrap();
        s.create(&admin, client("Budi Santoso", "Bapas Surabaya")).unwrap();
        let view = s.scoped(&admin).unwrap();
        let today = day(2026, 11, 28);
        assert_eq!(SearchIndex::open_view(&view, today, false).unwrap().1, Source::Built);
        assert_eq!(SearchIndex::check_kept(&view, today).unwrap(), KeptState::Absent, "not kept when not asked");
        let (built, source) = SearchIndex::open_view(&view, today, true).unwrap();
        assert_eq!(source, Source::Built);
        let (kept, source) = SearchIndex::open_view(&view, today, true).unwrap();
        assert_eq!(source, Source::Kept);
        assert_eq!(names(&kept, "ahmad"), names(&built, "ahmad"));
        assert_eq!(names(&kept, "office:malang"), vec!["Ahmad Fauzi".to_string()]);
        assert_eq!(SearchIndex::check_kept(&view, today).unwrap(), KeptState::Current);
        // another day: the reporting standings differ, so it is built again
        assert_eq!(SearchIndex::open_view(&view, day(2026, 11, 29), true).unwrap().1, Source::Built);
        assert_eq!(SearchIndex::open_view(&view, day(2026, 11, 29), true).unwrap().1, Source::Kept);
        // a write: never answered from the kept index
        s.create(&admin, client("Ahmad Dahlan", "Bapas Malang")).unwrap();
        assert_eq!(SearchIndex::check_kept(&view, today).unwrap(), KeptState::Stale);
        let (after, source) = SearchIndex::open_view(&view, today, true).unwrap();
        assert_eq!(source, Source::Built);
        assert_eq!(names(&after, "ahmad").len(), 2);
    }

    #[test]
    fn every_field_of_every_entry_reads_back_as_it_was_and_cut_bytes_are_refused() {
        let today = day(2026, 11, 28);
        let mut idx = SearchIndex::new(today);
        let opts = crate::demo::DemoOptions { clients: 300, seed: 3, today };
        for (c, _) in crate::demo::clients(&opts) {
            let refs = [Referral::new(c.id(), StakeholderId(4), "pelatihan", today)];
            idx.upsert_client(&c, if c.meta.id % 3 == 0 { &refs } else { &[] });
        }
        let bytes = idx.to_kept().unwrap();
        let back = SearchIndex::from_kept(&bytes, today, crate::model::Calendar::default()).unwrap();
        assert_eq!(back.clients[..], idx.clients[..]);
        // read back, the clients' texts are ranges of one buffer
        assert!(back.clients.windows(2).all(|w| w[0].blob.shares_buffer_with(&w[1].blob)));
        assert!(!idx.clients[0].blob.shares_buffer_with(&idx.clients[1].blob), "made apart, each its own");
        assert_eq!(back.names.strings, idx.names.strings);
        assert_eq!(back.clients.name_order(), idx.clients.name_order());
        assert!(back.words.get().is_some(), "the words are read, not built");
        assert_eq!(back.words(), idx.words());
        // a client's word list altered: positions out of order
        let (_, _, _, held) = idx.words().parts();
        let at = bytes.len() - 4 * held.len();
        let mut swapped = bytes.clone();
        swapped[at..at + 4].copy_from_slice(&held[1].to_le_bytes());
        swapped[at + 4..at + 8].copy_from_slice(&held[0].to_le_bytes());
        assert!(held[0] >> 2 < held[1] >> 2 && idx.words().count(0) > 1);
        assert!(SearchIndex::from_kept(&swapped, today, crate::model::Calendar::default()).is_err());
        assert!(idx.clients.iter().any(|c| c.risk.is_some()) && idx.clients.iter().any(|c| !c.referrals.is_empty()));
        for cut in [0, 7, bytes.len() / 2, bytes.len() - 1] {
            assert!(SearchIndex::from_kept(&bytes[..cut], today, crate::model::Calendar::default()).is_err(), "{cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(SearchIndex::from_kept(&longer, today, crate::model::Calendar::default()).is_err());
        // a client's text length or count of edges that do not add up to
        // the texts and edges there are
        let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
        let edges_at = 8 + u64_at(0) + 8;
        let lengths_at = edges_at + 8 + 9 * u64_at(edges_at);
        let texts_at = lengths_at + 8 * idx.clients.len();
        let fixed_at = texts_at + 8 + u64_at(texts_at);
        let with_edges = idx.clients.iter().position(|c| !c.referrals.is_empty()).unwrap();
        // a text's length, a count of edges
        for at in [lengths_at, fixed_at + with_edges * CLIENT_BYTES + 48] {
            for delta in [1i64, -1] {
                let was = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
                let mut altered = bytes.clone();
                altered[at..at + 4].copy_from_slice(&((i64::from(was) + delta) as u32).to_le_bytes());
                let read = SearchIndex::from_kept(&altered, today, crate::model::Calendar::default());
                assert!(read.is_err(), "at {at}: {was} + {delta}");
                assert!(SearchIndex::from_kept_without_written(&altered, today).is_err(), "at {at}: {was} + {delta}");
            }
        }
    }

    #[test]
    fn read_without_the_written_texts_an_index_finds_and_shows_the_same() {
        let today = day(2026, 11, 28);
        let mut idx = SearchIndex::new(today);
        let opts = crate::demo::DemoOptions { clients: 300, seed: 5, today };
        for (c, _) in crate::demo::clients(&opts) {
            idx.upsert_client(&c, &[]);
        }
        let bytes = idx.to_kept().unwrap();
        let whole = SearchIndex::from_kept(&bytes, today, crate::model::Calendar::default()).unwrap();
        let without = SearchIndex::from_kept_without_written(&bytes, today).unwrap();
        assert!(whole.clients.iter().all(|e| e.written().is_some()));
        assert!(without.clients.iter().all(|e| e.written().is_none()), "left out");
        let left_out: usize = whole.clients.iter().map(|e| e.blob.as_str().len() - e.row_text().as_str().len()).sum();
        let all_of = |i: &SearchIndex| i.clients.iter().map(|e| e.blob.as_str().len()).sum::<usize>();
        assert_eq!(all_of(&without), all_of(&whole) - left_out);
        assert!(left_out > all_of(&whole) / 5, "a good part of the texts: {left_out} of {}", all_of(&whole));
        assert!(without.clients.windows(2).all(|w| w[0].blob.shares_buffer_with(&w[1].blob)), "one buffer");
        for (a, b) in whole.clients.iter().zip(without.clients.iter()) {
            assert_eq!(
                (a.id, a.display(), a.haystack(), a.nik(), a.skills(), a.register_no(), a.register_at()),
                (b.id, b.display(), b.haystack(), b.nik(), b.skills(), b.register_no(), b.register_at())
            );
            assert_eq!(a.row_text().as_str(), b.row_text().as_str());
            assert_eq!(b.row_text().as_str(), b.blob.as_str(), "all that is left is the row's");
        }
        // what any query finds, and in which order
        let c = &whole.clients[17];
        let register = c.register_no().to_string();
        let nik = c.nik().get(..8).unwrap().to_string();
        let skill = c.skills().split('|').next().unwrap_or("").to_string();
        let queries =
            ["a", "sit", "pras wib", &register, &nik, &format!("nik:{nik}"), &format!("skill:{skill}"), "pas1"];
        for q in queries {
            let q = crate::search::parse(q).unwrap();
            let (a, b) = (whole.search(RecordKind::Client, &q, None), without.search(RecordKind::Client, &q, None));
            assert_eq!(a, b, "{q:?}");
        }
        let by_register = whole.search(RecordKind::Client, &crate::search::parse(&register).unwrap(), None);
        assert!(by_register.iter().any(|h| h.record.id == c.id), "a register number finds its client");
        // cut or longer bytes are refused this way too
        for cut in [bytes.len() / 2, bytes.len() * 9 / 10, bytes.len() - 1] {
            assert!(SearchIndex::from_kept_without_written(&bytes[..cut], today).is_err(), "{cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(SearchIndex::from_kept_without_written(&longer, today).is_err());
    }

    #[test]
    fn commands_of_one_process_share_the_index_until_a_write() {
        let (_d, s) = temp_store();
        let admin = Actor::new("admin", Role::Admin);
        s.create(&admin, client("Ahmad Fauzi", "Bapas Malang")).unwrap();
        let view = s.scoped(&admin).unwrap();
        let today = day(2026, 11, 28);
        let first = SearchIndex::for_command(&view, today).unwrap();
        let again = SearchIndex::for_command(&view, today).unwrap();
        assert!(Arc::ptr_eq(&first, &again), "one index while one is held");
        s.create(&admin, client("Ahmad Dahlan", "Bapas Malang")).unwrap();
        let after = SearchIndex::for_command(&view, today).unwrap();
        assert!(!Arc::ptr_eq(&first, &after), "a write: another");
        assert_eq!(names(&after, "ahmad").len(), 2);
        // a staged write (an import, the demo data) too
        let mut w = s.staged(&admin).unwrap();
        w.batch(|b| b.create(client("Ahmad Yani", "Bapas Malang")).map(|_| ())).unwrap();
        w.commit().unwrap();
        let staged = SearchIndex::for_command(&view, today).unwrap();
        assert!(!Arc::ptr_eq(&after, &staged), "a staged write: another");
        assert_eq!(names(&staged, "ahmad").len(), 3);
    }

    #[test]
    fn sessions_and_commands_share_one_index_per_view_whoever_comes_first() {
        let (_d, s) = temp_store();
        let admin = Actor::new("admin", Role::Admin);
        s.create(&admin, client("Ahmad Fauzi", "Bapas Malang")).unwrap();
        let today = day(2026, 11, 28);
        let full = s.scoped(&admin).unwrap();
        // sessions logging in together wait for one build
        let got: Vec<Arc<SearchIndex>> = std::thread::scope(|t| {
            let started: Vec<_> =
                (0..8).map(|_| t.spawn(|| SearchIndex::for_session(&full, today, false).unwrap())).collect();
            started.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(got.iter().all(|i| Arc::ptr_eq(i, &got[0])), "one index for eight sessions");
        assert!(Arc::ptr_eq(&SearchIndex::for_command(&full, today).unwrap(), &got[0]), "a command searches it too");
        // officers and admins see one view; a viewer has its own
        let officer = s.scoped(&Actor::new("olga", Role::Officer)).unwrap();
        assert!(Arc::ptr_eq(&SearchIndex::for_session(&officer, today, false).unwrap(), &got[0]));
        let viewer = s.scoped(&Actor::new("vera", Role::Viewer)).unwrap();
        assert!(!Arc::ptr_eq(&SearchIndex::for_session(&viewer, today, false).unwrap(), &got[0]));
        // an audit entry alone (a login, a search) leaves it current
        s.write(&admin, |b| {
            b.audit(crate::store::AuditAction::Export, None, Vec::new(), "search".into());
            Ok(())
        })
        .unwrap();
        assert!(Arc::ptr_eq(&SearchIndex::for_session(&full, today, false).unwrap(), &got[0]));
        // a session that brought its own up to date offers it to the others;
        // one of an earlier write does not replace it
        let stamp_before = full.writes();
        let added = s.create(&admin, client("Ahmad Dahlan", "Bapas Malang")).unwrap();
        let mut mine = SearchIndex::clone(&got[0]);
        mine.upsert_client(&added, &[]);
        let mine = Arc::new(mine);
        SearchIndex::share(&full, full.writes(), &mine);
        SearchIndex::share(&full, stamp_before, &got[0]);
        let next = SearchIndex::for_session(&full, today, false).unwrap();
        assert!(Arc::ptr_eq(&next, &mine));
        assert_eq!(names(&next, "ahmad").len(), 2);
    }

    #[test]
    fn a_partner_keeps_nothing_and_a_viewer_keeps_its_own() {
        let (_d, s) = temp_store();
        let admin = Actor::new("admin", Role::Admin);
        s.create(&admin, Client { nik: Some("3507011708800001".into()), ..client("Ahmad Fauzi", "Bapas Malang") })
            .unwrap();
        let today = day(2026, 11, 28);
        let full = s.scoped(&admin).unwrap();
        SearchIndex::open_view(&full, today, true).unwrap();
        let viewer = s.scoped(&Actor::new("vera", Role::Viewer)).unwrap();
        // the viewer's view is its own: the officers' kept index is not handed to it
        assert_eq!(SearchIndex::open_view(&viewer, today, true).unwrap().1, Source::Built);
        let (kept, source) = SearchIndex::open_view(&viewer, today, true).unwrap();
        assert_eq!(source, Source::Kept);
        let nik = crate::search::parse("nik:3507011708800001").unwrap();
        assert!(kept.search(RecordKind::Client, &nik, None).is_empty(), "a withheld NIK matches nothing");
        let (full_idx, _) = SearchIndex::open_view(&full, today, true).unwrap();
        assert_eq!(full_idx.search(RecordKind::Client, &nik, None).len(), 1);
        let partner = Actor { stakeholder: Some(StakeholderId(1)), ..Actor::new("mitra", Role::Partner) };
        let view = s.scoped(&partner).unwrap();
        assert_eq!(SearchIndex::open_view(&view, today, true).unwrap().1, Source::Built);
        assert_eq!(SearchIndex::open_view(&view, today, true).unwrap().1, Source::Built, "partners keep none");
    }

    #[test]
    fn a_damaged_kept_index_is_told_by_check_not_used_and_rebuilt_on_request() {
        let (_d, s) = temp_store();
        let admin = Actor::new("admin", Role::Admin);
        s.create(&admin, client("Ahmad Fauzi", "Bapas Malang")).unwrap();
        let view = s.scoped(&admin).unwrap();
        let today = day(2026, 11, 28);
        let (mut idx, _) = SearchIndex::open_view(&view, today, true).unwrap();
        // kept at the current stamp, but not what the records give (a bug or a hand edit)
        let other = client("Siti Aminah", "Bapas Kediri");
        idx.upsert_client(&Client { meta: Meta { id: 1, ..Meta::default() }, ..other }, &[]);
        assert!(idx.keep(&view, s.writes()).unwrap());
        assert!(matches!(SearchIndex::check_kept(&view, today).unwrap(), KeptState::Damaged(_)));
        assert!(SearchIndex::rebuild_kept(&view, today).unwrap());
        assert_eq!(SearchIndex::check_kept(&view, today).unwrap(), KeptState::Current);
        let (kept, source) = SearchIndex::open_view(&view, today, true).unwrap();
        assert_eq!(source, Source::Kept);
        assert_eq!(names(&kept, "ahmad"), vec!["Ahmad Fauzi".to_string()]);
        // what was written as it was made is the index's bytes, head and all
        assert_eq!(view.derived(NAME).unwrap(), Derived::Fresh(kept.to_kept().unwrap()));
    }
}
