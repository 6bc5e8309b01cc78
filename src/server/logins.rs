//! Failed logins: a connection that ends without logging in is one failed
//! login, whatever went wrong on the way (an unknown name, a key the user
//! does not hold, a disabled user, no key at all, a login that could not be
//! audited) and however many keys its agent offered. Refused keys on the
//! way to the right one are no failure: an agent offers its keys one by one.
//!
//! Each failure makes the next connection from the same source wait
//! longer before its first answer ([`Logins::penalty`]); the count is
//! forgotten after a quiet [`FAILURE_MEMORY`] or a successful login.
//!
//! Each failure is audited, coalesced so that a flood cannot fill the log:
//! the first failure of a source in a minute is written at once, the rest
//! of that minute as one summary entry when the minute is over. Beyond
//! [`AUDITED_SOURCES_PER_MINUTE`] sources in one minute, the others share
//! one pair of entries. So a minute holds at most
//! 2 × ([`AUDITED_SOURCES_PER_MINUTE`] + 1) failed-login entries.
//!
//! Notes are written as `key=value` codes, like the action codes: the log
//! is read later in either language.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};

/// Added to the wait for each earlier failure from the source.
pub const PENALTY_STEP: Duration = Duration::from_millis(200);
/// At most this many steps (5 s).
pub const PENALTY_MAX_STEPS: u32 = 25;
/// Failures from a source are forgotten after this long without one.
pub const FAILURE_MEMORY: Duration = Duration::from_secs(15 * 60);
/// Sources audited one by one in a minute; the rest are counted together.
pub const AUDITED_SOURCES_PER_MINUTE: usize = 20;
/// Sources whose failures are remembered at once (the oldest go first).
const TRACKED_SOURCES: usize = 10_000;
/// User names kept per connection and per summary.
const USERS_KEPT: usize = 5;

/// Why a login did not succeed (each refused step of a connection gives one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// The client offered no key (only asked which methods there are).
    NoKey,
    /// No user has this name.
    UnknownUser,
    /// The user does not hold the key offered.
    WrongKey,
    /// The user is disabled.
    Disabled,
    /// The key was right, but the login could not be audited (a full or
    /// failing disk): refused rather than let in unrecorded.
    NotAudited,
}

impl Reason {
    /// Stable code written in audit notes.
    pub fn code(self) -> &'static str {
        match self {
            Reason::NoKey => "no_key",
            Reason::UnknownUser => "unknown_user",
            Reason::WrongKey => "wrong_key",
            Reason::Disabled => "disabled",
            Reason::NotAudited => "not_audited",
        }
    }
}

/// What one connection tried before it ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attempt {
    users: Vec<String>,
    reasons: Vec<Reason>,
}

impl Attempt {
    /// A refused step: `user` (as the client sent it) and why.
    pub fn refused(&mut self, user: &str, reason: Reason) {
        add_user(&mut self.users, user);
        add_reason(&mut self.reasons, reason);
    }

    /// Why it failed: what was refused, or that no key was offered at all.
    fn reasons(&self) -> Vec<Reason> {
        // "no key" only says something when nothing else was tried
        let real: Vec<Reason> = self.reasons.iter().copied().filter(|r| *r != Reason::NoKey).collect();
        if real.is_empty() { vec![Reason::NoKey] } else { real }
    }
}

fn add_user(users: &mut Vec<String>, user: &str) {
    // names come from the network: short and printable, and only a few
    let user: String = user.chars().filter(|c| !c.is_control() && *c != ',' && *c != ' ').take(64).collect();
    if users.len() < USERS_KEPT && !users.contains(&user) {
        users.push(user);
    }
}

fn add_reason(reasons: &mut Vec<Reason>, reason: Reason) {
    if let Err(i) = reasons.binary_search(&reason) {
        reasons.insert(i, reason);
    }
}

/// An audit entry to write: who was tried, and the note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The (first) user name tried.
    pub actor: String,
    /// `from=… reason=…` or the summary's `from=… more=… minute=… reasons=… users=…`.
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Source(IpAddr),
    Others,
}

#[derive(Debug, Default)]
struct Bucket {
    /// Failures after the one written at once.
    more: u32,
    users: Vec<String>,
    reasons: Vec<Reason>,
}

#[derive(Debug, Default)]
struct State {
    /// Per source: failures, and when the last one was.
    failures: HashMap<IpAddr, (u32, Instant)>,
    /// The minute (since the epoch) the buckets are of.
    minute: i64,
    buckets: HashMap<Key, Bucket>,
}

/// Failed logins of the whole server.
#[derive(Debug, Default)]
pub struct Logins {
    state: Mutex<State>,
}

fn minute_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(60)
}

impl Logins {
    /// Nothing failed yet.
    pub fn new() -> Logins {
        Logins::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // every step leaves the state whole: a panic elsewhere leaves it usable
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// How long a new connection from `source` waits before its first answer.
    pub fn penalty(&self, source: IpAddr, now: Instant) -> Duration {
        let st = self.lock();
        match st.failures.get(&source) {
            Some((n, last)) if now.saturating_duration_since(*last) < FAILURE_MEMORY => {
                PENALTY_STEP * (*n).min(PENALTY_MAX_STEPS)
            }
            _ => Duration::ZERO,
        }
    }

    /// Someone from `source` logged in: its failures are forgiven.
    pub fn logged_in(&self, source: IpAddr) {
        self.lock().failures.remove(&source);
    }

    /// A connection from `source` (peer `from`) ended at `now` (`at` on the
    /// clock) without logging in, after `attempt`. Returns the audit
    /// entries to write now (none when it is coalesced into a summary).
    pub fn failed(&self, source: IpAddr, from: &str, attempt: &Attempt, now: Instant, at: DateTime<Utc>) -> Vec<Entry> {
        let mut st = self.lock();
        let e = st.failures.entry(source).or_insert((0, now));
        if now.saturating_duration_since(e.1) >= FAILURE_MEMORY {
            e.0 = 0;
        }
        e.0 = e.0.saturating_add(1);
        e.1 = now;
        if st.failures.len() > TRACKED_SOURCES {
            st.failures.retain(|_, (_, last)| now.saturating_duration_since(*last) < FAILURE_MEMORY);
            while st.failures.len() > TRACKED_SOURCES {
                let Some(oldest) = st.failures.iter().min_by_key(|(_, (_, last))| *last).map(|(k, _)| *k) else {
                    break;
                };
                st.failures.remove(&oldest);
            }
        }

        let mut out = roll_over(&mut st, minute_of(at));
        let key = if st.buckets.contains_key(&Key::Source(source)) || st.buckets.len() < AUDITED_SOURCES_PER_MINUTE {
            Key::Source(source)
        } else {
            Key::Others
        };
        let reasons = attempt.reasons();
        match st.buckets.get_mut(&key) {
            Some(b) => {
                b.more = b.more.saturating_add(1);
                for u in &attempt.users {
                    add_user(&mut b.users, u);
                }
                for r in reasons {
                    add_reason(&mut b.reasons, r);
                }
            }
            None => {
                st.buckets.insert(key, Bucket::default());
                let from = match key {
                    Key::Source(_) => from.to_string(),
                    Key::Others => "other-sources".to_string(),
                };
                let codes: Vec<&str> = reasons.iter().map(|r| r.code()).collect();
                let mut note = format!("from={from} reason={}", codes.join(","));
                if attempt.users.len() > 1 {
                    note.push_str(&format!(" users={}", attempt.users.join(",")));
                }
                out.push(Entry { actor: attempt.users.first().cloned().unwrap_or_default(), note });
            }
        }
        out
    }

    /// The summaries of minutes that are over at `at`.
    pub fn due(&self, at: DateTime<Utc>) -> Vec<Entry> {
        roll_over(&mut self.lock(), minute_of(at))
    }

    /// Every summary still held (the server stops).
    pub fn flush(&self) -> Vec<Entry> {
        summaries(&mut self.lock())
    }
}

/// Moves to `minute`: if it is a new one, the old minute's summaries.
fn roll_over(st: &mut State, minute: i64) -> Vec<Entry> {
    if minute == st.minute {
        return Vec::new();
    }
    let out = summaries(st);
    st.minute = minute;
    out
}

/// The summaries of the minute held, which is then empty.
fn summaries(st: &mut State) -> Vec<Entry> {
    let at = Utc.timestamp_opt(st.minute.saturating_mul(60), 0).single();
    let stamp = at.map(|t| t.format("%Y-%m-%dT%H:%MZ").to_string()).unwrap_or_default();
    let mut buckets: Vec<(Key, Bucket)> = st.buckets.drain().collect();
    // sources in address order, the others last: a stable log
    buckets.sort_by_key(|(k, _)| match k {
        Key::Source(ip) => (0, Some(*ip)),
        Key::Others => (1, None),
    });
    buckets
        .into_iter()
        .filter(|(_, b)| b.more > 0)
        .map(|(k, b)| {
            let from = match k {
                Key::Source(ip) => ip.to_string(),
                Key::Others => "other-sources".to_string(),
            };
            let codes: Vec<&str> = b.reasons.iter().map(|r| r.code()).collect();
            Entry {
                actor: b.users.first().cloned().unwrap_or_default(),
                note: format!(
                    "from={from} more={} minute={stamp} reasons={} users={}",
                    b.more,
                    codes.join(","),
                    b.users.join(",")
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, last))
    }

    fn attempt(user: &str, reason: Reason) -> Attempt {
        let mut a = Attempt::default();
        a.refused(user, Reason::NoKey);
        a.refused(user, reason);
        a
    }

    fn at(secs: i64) -> DateTime<Utc> {
        // a whole minute: 1_800_000_000 is 30,000,000 minutes
        Utc.timestamp_opt(1_800_000_000 + secs, 0).unwrap()
    }

    #[test]
    fn every_reason_is_slowed_alike() {
        let logins = Logins::new();
        let t0 = Instant::now();
        assert_eq!(logins.penalty(ip(1), t0), Duration::ZERO);
        let reasons = [Reason::UnknownUser, Reason::WrongKey, Reason::Disabled, Reason::NoKey];
        for (i, r) in reasons.iter().enumerate() {
            logins.failed(ip(1), "192.0.2.1:1000", &attempt("siti", *r), t0, at(0));
            assert_eq!(logins.penalty(ip(1), t0), PENALTY_STEP * (i as u32 + 1), "{r:?}");
        }
        // another source is not slowed
        assert_eq!(logins.penalty(ip(2), t0), Duration::ZERO);
        // capped
        for _ in 0..100 {
            logins.failed(ip(1), "192.0.2.1:1000", &attempt("x", Reason::UnknownUser), t0, at(0));
        }
        assert_eq!(logins.penalty(ip(1), t0), PENALTY_STEP * PENALTY_MAX_STEPS);
        // forgotten after a quiet while, or by a login
        assert_eq!(logins.penalty(ip(1), t0 + FAILURE_MEMORY), Duration::ZERO);
        logins.logged_in(ip(1));
        assert_eq!(logins.penalty(ip(1), t0), Duration::ZERO);
    }

    #[test]
    fn the_first_failure_of_a_minute_is_written_at_once_the_rest_as_one_summary() {
        let logins = Logins::new();
        let t0 = Instant::now();
        let first = logins.failed(ip(1), "192.0.2.1:40112", &attempt("siti", Reason::WrongKey), t0, at(1));
        assert_eq!(first, vec![Entry { actor: "siti".into(), note: "from=192.0.2.1:40112 reason=wrong_key".into() }]);
        // the same minute: nothing more now
        assert!(logins.failed(ip(1), "192.0.2.1:40113", &attempt("dina", Reason::Disabled), t0, at(30)).is_empty());
        assert!(logins.failed(ip(1), "192.0.2.1:40114", &attempt("budi", Reason::UnknownUser), t0, at(59)).is_empty());
        assert!(logins.due(at(59)).is_empty());
        // the minute is over: the rest in one entry
        let summary = logins.due(at(60));
        assert_eq!(summary.len(), 1);
        assert_eq!(summary[0].actor, "dina");
        let stamp = at(0).format("%Y-%m-%dT%H:%MZ");
        assert_eq!(
            summary[0].note,
            format!("from=192.0.2.1 more=2 minute={stamp} reasons=unknown_user,disabled users=dina,budi")
        );
        assert!(logins.due(at(61)).is_empty());
        assert!(logins.flush().is_empty());
    }

    #[test]
    fn a_flood_writes_a_bounded_number_of_entries() {
        let logins = Logins::new();
        let t0 = Instant::now();
        let mut entries = Vec::new();
        let mut failures = 0u64;
        // 10,000 failed connections a minute for three minutes, from one source
        for s in 0..180 {
            for _ in 0..167 {
                entries.extend(logins.failed(ip(1), "192.0.2.1:1", &attempt("root", Reason::UnknownUser), t0, at(s)));
                failures += 1;
            }
            entries.extend(logins.due(at(s)));
        }
        entries.extend(logins.flush());
        assert!(entries.len() <= 6, "{}", entries.len());
        let counted: u64 = entries
            .iter()
            .map(|e| e.note.split(' ').find_map(|w| w.strip_prefix("more=")).map_or(1, |n| n.parse::<u64>().unwrap()))
            .sum();
        assert_eq!(counted, failures, "every failure is counted: {entries:#?}");
    }

    #[test]
    fn many_sources_in_a_minute_share_the_others_entries() {
        let logins = Logins::new();
        let t0 = Instant::now();
        let mut entries = Vec::new();
        for i in 0..200u8 {
            for _ in 0..3 {
                let a = attempt("root", Reason::UnknownUser);
                entries.extend(logins.failed(ip(i), &format!("192.0.2.{i}:1"), &a, t0, at(5)));
            }
        }
        entries.extend(logins.flush());
        let bound = 2 * (AUDITED_SOURCES_PER_MINUTE + 1);
        assert!(entries.len() <= bound, "{} entries", entries.len());
        assert!(entries.iter().any(|e| e.note.starts_with("from=other-sources more=")), "{entries:#?}");
        // every source stays slowed, audited one by one or not
        assert_eq!(logins.penalty(ip(199), t0), PENALTY_STEP * 3);
    }

    #[test]
    fn a_connection_that_offered_no_key_says_so_and_names_are_cleaned() {
        let logins = Logins::new();
        let mut a = Attempt::default();
        a.refused("x\u{1b}[2J y,z", Reason::NoKey);
        let e = logins.failed(ip(1), "192.0.2.1:2", &a, Instant::now(), at(0));
        assert_eq!(e, vec![Entry { actor: "x[2Jyz".into(), note: "from=192.0.2.1:2 reason=no_key".into() }]);
        // many names in one connection: the first few
        let mut a = Attempt::default();
        for n in ["a", "b", "c", "d", "e", "f", "g"] {
            a.refused(n, Reason::UnknownUser);
        }
        let e = logins.failed(ip(2), "192.0.2.2:2", &a, Instant::now(), at(0));
        assert_eq!(e[0].note, "from=192.0.2.2:2 reason=unknown_user users=a,b,c,d,e");
    }
}
