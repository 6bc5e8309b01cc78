//! `simpul serve`: one process owns the database; every SSH connection
//! with a pseudo-terminal gets its own TUI session over the shared store.
//!
//! Each session runs the same [`crate::ui::terminal::drive`] loop as a
//! local `simpul`, on a thread of its own, drawing into a writer that sends
//! frames down the SSH channel and reading key events parsed from the
//! channel's bytes ([`input`]). Sessions see each other's saves because the
//! loop refreshes whenever the store's generation changes.
//!
//! Authentication is by public key only: the user named at login must
//! exist, be enabled and hold the key. A connection that ends without
//! logging in is one failed login, audited and slowing down its source
//! ([`logins`]). What a client may cost the server before and after it
//! logs in is bounded ([`limits`]). A connection without a terminal is
//! told how to connect and closed.

pub mod commands;
pub mod input;
pub mod limits;
pub mod logins;
pub mod socket;

use std::borrow::Cow;
use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::Event;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{PrivateKey, PublicKey};
use russh::server::{Auth, Config, Handle, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, MethodKind, MethodSet, Preferred};

use crate::i18n::Lang;
use crate::i18n::server::ServerMsg;
use crate::model::User;
use crate::store::{Actor, AuditAction, LockHolder, Store};
use crate::ui::{self, Options, Theme};
use limits::{Gate, GateLimits, PreAuth, Ticket};
use logins::{Attempt, Logins, Reason};

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Language for users who chose none.
    pub lang: Lang,
    /// Sessions at once; one more is told to come back later.
    pub max_sessions: usize,
    /// A session with no input for this long is closed.
    pub idle_timeout: Duration,
    /// Agenda settings and export directory of every session (exports are written on the server).
    pub casework: crate::ui::casework::CaseworkOptions,
    /// What backups over ssh are sealed to (the settings' `[backup] recipients`).
    pub backup_key: Option<crate::protect::Key>,
    /// What carries out commands sent over ssh or the socket (none: only
    /// the backup is offered).
    pub commands: Option<commands::Runner>,
}

/// File name of the host key, inside the database directory.
pub const HOST_KEY_FILE: &str = "ssh_host_ed25519_key";

/// Loads the host key, or generates it on first start (file mode 0600).
pub fn host_key(dir: &Path) -> io::Result<PrivateKey> {
    let path = dir.join(HOST_KEY_FILE);
    if path.exists() {
        let text = std::fs::read_to_string(&path)?;
        return PrivateKey::from_openssh(text).map_err(|e| io::Error::other(format!("{}: {e}", path.display())));
    }
    let mut seed = [0u8; 32];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut seed)?;
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    let text = key.to_openssh(LineEnding::LF).map_err(|e| io::Error::other(e.to_string()))?;
    write_private(&path, text.as_bytes())?;
    Ok(key)
}

fn write_private(path: &PathBuf, bytes: &[u8]) -> io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// What every connection shares.
struct Shared {
    store: Store,
    opts: ServeOptions,
    sessions: AtomicUsize,
    /// Sessions and commands ended since the server started.
    ended: AtomicUsize,
    gate: Arc<Gate>,
    logins: Logins,
    /// Each open session: whose, with which key, and its stop flag (to tell
    /// them all when the server stops, or one when its access is withdrawn).
    stops: std::sync::Mutex<Vec<Live>>,
}

impl Shared {
    /// Counts a session or command out (see [`give_back_memory`]).
    fn session_ended(&self) {
        self.sessions.fetch_sub(1, Ordering::SeqCst);
        self.ended.fetch_add(1, Ordering::SeqCst);
    }
}

/// The algorithms offered. Key exchange: the hybrid post-quantum one
/// first; curve25519 stays for OpenSSH before 9.9 and Windows' bundled
/// client; no finite-field Diffie-Hellman (group14's 2048 bits are too
/// few, and every group costs the server far more than the client, which
/// is what the DHEat flood uses). Strict key exchange against Terrapin;
/// chacha20-poly1305 is left out because a client without strict key
/// exchange could still be attacked through it, while AES-GCM and
/// AES-CTR with encrypt-then-MAC cannot (every OpenSSH since 6.2 has
/// both). MACs only encrypt-then-MAC. Compression only after login
/// (`zlib@openssh.com` starts once authenticated; plain `zlib` would start
/// before).
pub const PREFERRED: Preferred = Preferred {
    kex: Cow::Borrowed(&[
        russh::kex::MLKEM768X25519_SHA256,
        russh::kex::CURVE25519,
        russh::kex::CURVE25519_PRE_RFC_8731,
        russh::kex::EXTENSION_SUPPORT_AS_SERVER,
        russh::kex::EXTENSION_OPENSSH_STRICT_KEX_AS_SERVER,
    ]),
    cipher: Cow::Borrowed(&[
        russh::cipher::AES_256_GCM,
        russh::cipher::AES_128_GCM,
        russh::cipher::AES_256_CTR,
        russh::cipher::AES_192_CTR,
        russh::cipher::AES_128_CTR,
    ]),
    mac: Cow::Borrowed(&[russh::mac::HMAC_SHA512_ETM, russh::mac::HMAC_SHA256_ETM]),
    compression: Cow::Borrowed(&[russh::compression::NONE, russh::compression::ZLIB_LEGACY]),
    ..Preferred::DEFAULT
};

fn config(key: PrivateKey, idle_timeout: Duration) -> Config {
    Config {
        keys: vec![key],
        methods: MethodSet::from(&[MethodKind::PublicKey][..]),
        // every refused step takes as long, whatever was wrong: no telling known names from unknown
        auth_rejection_time: Duration::from_millis(500),
        auth_rejection_time_initial: Some(Duration::from_millis(0)),
        inactivity_timeout: Some(idle_timeout),
        nodelay: true,
        preferred: PREFERRED,
        ..Config::default()
    }
}

/// How often the summaries of failed logins are looked at (they are
/// written once their minute is over).
const SUMMARY_EVERY: Duration = Duration::from_secs(5);
/// How long a stopping server lets connections still logging in finish.
const DRAIN: Duration = Duration::from_secs(2);
/// How long a command may leave its standard input unread while more comes.
const STDIN_WAIT: Duration = Duration::from_secs(30);
/// How long a stopping server waits for its sessions to say so and end.
const SESSIONS_END: Duration = Duration::from_secs(3);

/// Runs the server until the process is stopped (SIGTERM or SIGINT: then
/// the failed logins not yet written are written first).
pub fn serve(store: Store, opts: ServeOptions) -> io::Result<()> {
    let key = host_key(store.path())?;
    // commands through the socket or ssh search the index the last one used
    crate::search::kept::hold_between_commands();
    store
        .set_holder(&LockHolder {
            pid: Some(std::process::id()),
            mode: "serve".into(),
            listen: Some(opts.listen.to_string()),
        })
        .map_err(|e| io::Error::other(e.to_string()))?;
    let config = Arc::new(config(key, opts.idle_timeout));
    let listen = opts.listen;
    let shared = Arc::new(Shared {
        store,
        opts,
        sessions: AtomicUsize::new(0),
        ended: AtomicUsize::new(0),
        gate: Gate::new(GateLimits::default()),
        logins: Logins::new(),
        stops: Default::default(),
    });
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let result = rt.block_on(async {
        use tokio::signal::unix::{SignalKind, signal};
        let listener = tokio::net::TcpListener::bind(listen).await?;
        let local = local_door(&shared)?;
        tracing::info!(%listen, db = %shared.store.path().display(), "serving");
        let (mut term, mut int) = (signal(SignalKind::terminate())?, signal(SignalKind::interrupt())?);
        let summaries = tokio::spawn(write_summaries(Arc::clone(&shared)));
        let access = tokio::spawn(watch_access(Arc::clone(&shared)));
        let memory = tokio::spawn(give_back_memory(Arc::clone(&shared)));
        loop {
            tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((socket, peer)) => admit(&shared, &config, socket, peer),
                    // out of file descriptors and the like: wait instead of spinning
                    Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
                },
                accepted = accept_local(local.as_ref()) => match accepted {
                    Ok((stream, _)) => admit_local(&shared, stream),
                    Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
                },
                _ = term.recv() => { tracing::info!(signal = "TERM", "stopping"); break }
                _ = int.recv() => { tracing::info!(signal = "INT", "stopping"); break }
            }
        }
        drop(listener);
        if local.is_some() {
            let _ = std::fs::remove_file(shared.store.path().join(socket::SOCKET_FILE));
        }
        summaries.abort();
        access.abort();
        memory.abort();
        // every session is told, and ends on its own (its terminal restored)
        let term = usize::try_from(signal_hook::consts::SIGTERM).unwrap_or(15);
        for live in shared.stops.lock().map(|s| s.clone()).unwrap_or_default() {
            if let Some(stop) = live.stop.upgrade() {
                stop.store(term, Ordering::SeqCst);
            }
        }
        let until = Instant::now() + SESSIONS_END;
        while shared.sessions.load(Ordering::SeqCst) > 0 && Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // connections still logging in get a moment to end: a failed one is counted as it closes
        let until = Instant::now() + DRAIN;
        while shared.gate.pending_total() > 0 && Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok::<(), io::Error>(())
    });
    // connections still open end here (a failed one is counted as it goes)
    rt.shutdown_timeout(Duration::from_secs(1));
    write_entries(&shared.store, shared.logins.flush());
    let _ = shared.store.flush();
    tracing::info!(sessions = shared.sessions.load(Ordering::SeqCst), "stopped");
    result
}

/// The database's socket for local commands (when the server carries out
/// commands): a socket file left by a server that is gone is replaced
/// (this one holds the database's lock), and only the owner may open it.
fn local_door(shared: &Shared) -> io::Result<Option<tokio::net::UnixListener>> {
    use std::os::unix::fs::PermissionsExt;
    if shared.opts.commands.is_none() {
        return Ok(None);
    }
    let path = shared.store.path().join(socket::SOCKET_FILE);
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let listener = tokio::net::UnixListener::bind(&path)?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    Ok(Some(listener))
}

async fn accept_local(
    listener: Option<&tokio::net::UnixListener>,
) -> io::Result<(tokio::net::UnixStream, tokio::net::unix::SocketAddr)> {
    match listener {
        Some(l) => l.accept().await,
        None => std::future::pending().await,
    }
}

/// Carries out a local command on a thread of its own, if its user owns the database.
fn admit_local(shared: &Arc<Shared>, stream: tokio::net::UnixStream) {
    let uid = stream.peer_cred().map(|c| c.uid()).ok();
    let Some(runner) = shared.opts.commands.clone() else { return };
    let Some(uid) = uid.filter(|uid| socket::may_connect(shared.store.path(), *uid)) else {
        tracing::warn!(uid = uid.unwrap_or(u32::MAX), "local connection refused: not the database's owner");
        return;
    };
    let Ok(stream) = stream.into_std() else { return };
    if stream.set_nonblocking(false).is_err() {
        return;
    }
    let shared = Arc::clone(shared);
    std::thread::spawn(move || {
        let mut stream = stream;
        let done = socket::read_hello(&mut stream).and_then(|hello| match hello.tui {
            Some(_) => local_session(&shared, stream, uid, &hello),
            None => socket::serve_command(stream, uid, hello, shared.store.clone(), runner, shared.opts.lang),
        });
        if let Err(e) = done {
            tracing::warn!(error = %crate::sanitize::sanitize(&e.to_string()), "local connection failed");
        }
    });
}

/// The interface for the database's owner at the machine, through the
/// socket: a session like an ssh one, as the database's administrator.
fn local_session(
    shared: &Arc<Shared>,
    mut stream: std::os::unix::net::UnixStream,
    uid: u32,
    hello: &socket::Hello,
) -> io::Result<()> {
    let (w, h) = hello.tui.map_or((80, 24), |(w, h)| limits::terminal_size(u32::from(w), u32::from(h)));
    let name = socket::user_of(uid);
    let mut user = User::new(name.clone(), crate::model::Role::Admin);
    user.keymap = hello.keymap.clone();
    let lang = Lang::parse(&hello.lang).unwrap_or(shared.opts.lang);
    tracing::info!(user = %name, cols = w, rows = h, door = "socket", "session started");
    let stop = shared.live(&name, None);
    let (tx, rx) = std::sync::mpsc::channel::<Event>();
    let mut reader = stream.try_clone()?;
    // the client going away drops `tx`: the session ends at its next read
    std::thread::spawn(move || {
        let mut parser = input::InputParser::new();
        while let Some(got) = socket::next_input(&mut reader) {
            let events = match got {
                socket::Input::Bytes(bytes) => parser.feed(&bytes),
                socket::Input::Resize(w, h) => {
                    let (w, h) = limits::terminal_size(u32::from(w), u32::from(h));
                    vec![Event::Resize(w, h)]
                }
            };
            if events.into_iter().any(|ev| tx.send(ev).is_err()) {
                return;
            }
        }
    });
    let writer = socket::screen_out(&stream)?;
    shared.sessions.fetch_add(1, Ordering::SeqCst);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let look = hello.look.unwrap_or_default();
        run_session(shared, &user, Seat { lang, look, size: (w, h), ssh: None }, writer, rx, &stop)
    }));
    shared.session_ended();
    tracing::info!(user = %name, door = "socket", "session ended");
    let status = match result {
        Ok(Ok(())) => 0,
        _ => {
            tracing::error!(user = %name, "session failed; the server goes on");
            1
        }
    };
    socket::end_session(&mut stream, status)
}

/// Starts an SSH connection on `socket`, or closes it at once (before a
/// word, so it costs no key exchange) if its source is over its limits.
fn admit(shared: &Arc<Shared>, config: &Arc<Config>, socket: tokio::net::TcpStream, peer: SocketAddr) {
    let Ok(ticket) = shared.gate.admit(peer.ip(), Instant::now()) else {
        tracing::warn!(%peer, "connection refused: its source is over its limits");
        return;
    };
    tracing::debug!(%peer, "connection");
    let _ = socket.set_nodelay(config.nodelay);
    let reached = socket.local_addr().ok();
    let stream = PreAuth::new(socket, limits::PRE_AUTH_TIMEOUT, ticket.flag());
    let handler = Connection {
        shared: Arc::clone(shared),
        peer: Some(peer),
        reached,
        user: None,
        pty: None,
        input: None,
        stop: None,
        ticket: Some(ticket),
        attempt: None,
        locale: Default::default(),
        look: Theme::default(),
        env: Default::default(),
        key: None,
        stdin: None,
        cancel: None,
    };
    let config = Arc::clone(config);
    tokio::spawn(async move {
        // errors end only this connection; the handler, dropped, counts a failed login
        if let Ok(session) = russh::server::run_stream(config, stream, handler).await {
            let _ = session.await;
        }
    });
}

/// An open session, for the server to reach.
#[derive(Clone)]
struct Live {
    user: String,
    /// The key it logged in with.
    key: Option<PublicKey>,
    stop: std::sync::Weak<AtomicUsize>,
}

impl Shared {
    /// A new session's stop flag, registered for the server to reach (the
    /// entries of sessions that ended are dropped on the way).
    fn live(&self, user: &str, key: Option<PublicKey>) -> Arc<AtomicUsize> {
        let stop = Arc::new(AtomicUsize::new(0));
        if let Ok(mut stops) = self.stops.lock() {
            stops.retain(|s| s.stop.strong_count() > 0);
            stops.push(Live { user: user.to_string(), key, stop: Arc::downgrade(&stop) });
        }
        stop
    }
}

/// What a session's stop flag holds when its user's access was withdrawn
/// (not a signal number).
const WITHDRAWN: usize = 1000;
/// How often the sessions' access is looked at again, when anything was written.
const ACCESS_EVERY: Duration = Duration::from_millis(250);

/// Ends the sessions of users who were disabled, removed or lost the key
/// they logged in with, within a moment of the change, whoever made it.
async fn watch_access(shared: Arc<Shared>) {
    let mut every = tokio::time::interval(ACCESS_EVERY);
    let mut seen = shared.store.generation();
    loop {
        every.tick().await;
        let now = shared.store.generation();
        if now == seen {
            continue;
        }
        seen = now;
        let live = shared.stops.lock().map(|s| s.clone()).unwrap_or_default();
        for l in live {
            // the database's owner at the machine logs in with no key
            let (Some(stop), Some(key)) = (l.stop.upgrade(), &l.key) else { continue };
            if stop.load(Ordering::SeqCst) != 0 {
                continue;
            }
            let still = match shared.store.user_by_name(&l.user) {
                Ok(Some(u)) => !u.disabled && holds(&u, key),
                Ok(None) => false,
                // a failed read keeps the session: the next write looks again
                Err(_) => true,
            };
            if !still {
                stop.store(WITHDRAWN, Ordering::SeqCst);
                tracing::info!(user = %crate::sanitize::sanitize(&l.user), "session ended: access withdrawn");
            }
        }
    }
}

/// Whether `user` holds `key`.
fn holds(user: &User, key: &PublicKey) -> bool {
    user.keys.iter().any(|k| PublicKey::from_openssh(k.trim()).is_ok_and(|pk| pk.key_data() == key.key_data()))
}

/// Writes the summaries of failed logins once their minute is over.
/// How often the memory sessions freed is given back, when any ended.
const GIVE_BACK_EVERY: Duration = Duration::from_secs(10);

/// Gives the memory of ended sessions back to the system (see
/// [`crate::malloc::give_back`]): the rows and index they alone held, and
/// what their threads freed into arenas of their own.
async fn give_back_memory(shared: Arc<Shared>) {
    let mut every = tokio::time::interval(GIVE_BACK_EVERY);
    let mut seen = 0;
    loop {
        every.tick().await;
        let now = shared.ended.load(Ordering::SeqCst);
        if now == seen {
            continue;
        }
        seen = now;
        let _ = tokio::task::spawn_blocking(crate::malloc::give_back).await;
    }
}

async fn write_summaries(shared: Arc<Shared>) {
    let mut every = tokio::time::interval(SUMMARY_EVERY);
    loop {
        every.tick().await;
        write_entries_off_runtime(&shared.store, shared.logins.due(shared.store.clock().now()));
    }
}

/// Writes the entries without holding up the runtime's other tasks: on a
/// worker of the (multi-threaded) runtime, its tasks move to another
/// worker while this one waits for the disk. Not handed to a thread of
/// its own, so that a server stopping does not lose them.
fn write_entries_off_runtime(store: &Store, entries: Vec<logins::Entry>) {
    if entries.is_empty() {
        return;
    }
    let multi = tokio::runtime::Handle::try_current()
        .is_ok_and(|rt| rt.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
    if multi {
        tokio::task::block_in_place(|| write_entries(store, entries));
    } else {
        write_entries(store, entries);
    }
}

fn write_entries(store: &Store, entries: Vec<logins::Entry>) {
    for e in entries {
        let actor = Actor::new(&e.actor, crate::model::Role::Viewer);
        // nothing to refuse here (the login already failed), and the server must go on
        let _ = store.write(&actor, |b| {
            b.audit(AuditAction::LoginFailed, None, Vec::new(), e.note);
            Ok(())
        });
    }
}

/// One SSH connection.
struct Connection {
    shared: Arc<Shared>,
    peer: Option<SocketAddr>,
    /// The server's address as this connection reached it.
    reached: Option<SocketAddr>,
    user: Option<User>,
    pty: Option<(u16, u16)>,
    input: Option<(std::sync::mpsc::Sender<Event>, input::InputParser)>,
    stop: Option<Arc<AtomicUsize>>,
    /// Counts the connection as waiting to log in, until it does.
    ticket: Option<Ticket>,
    /// What it tried, from its first authentication request on; a
    /// connection that ends with one and no login is a failed login.
    attempt: Option<Attempt>,
    /// The locale variables the client sent (LC_ALL, LC_MESSAGES, LANG).
    locale: [Option<String>; 3],
    /// How its terminal is drawn: `NO_COLOR` and `SIMPUL_ASCII` as sent (`SetEnv`).
    look: Theme,
    /// The key it logged in with.
    key: Option<PublicKey>,
    /// The other variables it sent that commands may read.
    env: std::collections::HashMap<String, String>,
    /// A running command's standard input, and whether some was lost.
    stdin: Option<(tokio::sync::mpsc::Sender<Vec<u8>>, Arc<std::sync::atomic::AtomicBool>)>,
    /// Set when the connection goes: its command stops.
    cancel: Option<Arc<std::sync::atomic::AtomicBool>>,
}

impl Connection {
    /// The user's language: the one they last chose in a session, else
    /// the one their account names, else their client's locale, else the
    /// server's.
    fn lang(&self) -> Lang {
        let chosen = self.user.as_ref().and_then(|u| {
            crate::ui::terminal::remembered_lang(&self.shared.store, &u.name)
                .or_else(|| u.language.as_deref().and_then(Lang::parse))
        });
        chosen.or_else(|| self.client_lang()).unwrap_or(self.shared.opts.lang)
    }

    /// The language of the client's locale, when it sent one (`SendEnv LANG`).
    fn client_lang(&self) -> Option<Lang> {
        let [all, messages, lang] = &self.locale;
        let first = [all, messages, lang].into_iter().flatten().find(|v| !v.is_empty())?;
        Some(Lang::from_env_vars(|_| Some(first.clone())))
    }

    /// Writes an audit entry (on disk before it returns), or says why it
    /// could not; the write waits on a blocking thread, not the runtime's.
    async fn audit(&self, actor: &str, action: AuditAction, note: String) -> crate::store::Result<()> {
        let a = Actor::new(actor, crate::model::Role::Viewer);
        let store = self.shared.store.clone();
        let write = move || {
            store.write(&a, |b| {
                b.audit(action, None, Vec::new(), note);
                Ok(())
            })
        };
        match tokio::task::spawn_blocking(write).await {
            Ok(done) => done,
            Err(e) => Err(crate::store::StoreError::Engine(crate::store::engine::EngineError::Io(io::Error::other(
                e.to_string(),
            )))),
        }
    }

    /// The source the connection is counted under.
    fn source(&self) -> IpAddr {
        limits::source(self.peer.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |p| p.ip()))
    }

    /// The first authentication request of a connection waits longer the
    /// more connections from its source failed before, whatever they tried.
    async fn first_request(&mut self) {
        if self.attempt.is_some() {
            return;
        }
        self.attempt = Some(Attempt::default());
        let wait = self.shared.logins.penalty(self.source(), Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// The user named, if they exist, hold the key and are enabled; else why not.
    fn judge(&self, user: &str, key: &PublicKey) -> Result<User, Reason> {
        let Some(found) = self.shared.store.user_by_name(user).ok().flatten() else {
            return Err(Reason::UnknownUser);
        };
        match (holds(&found, key), found.disabled) {
            (false, _) => Err(Reason::WrongKey),
            (true, true) => Err(Reason::Disabled),
            (true, false) => Ok(found),
        }
    }

    /// A refused step: remembered for the failed login it may end in.
    fn refuse(&mut self, user: &str, reason: Reason) -> Auth {
        self.attempt.get_or_insert_with(Attempt::default).refused(user, reason);
        Auth::reject()
    }

    /// The final step: `user` proved they hold `key`. Let in if they may
    /// and their login is audited; an audit failure refuses the login (and
    /// the operator is told why), it never lets one through unrecorded.
    async fn log_in(&mut self, user: &str, key: &PublicKey) -> Auth {
        let found = match self.judge(user, key) {
            Ok(found) => found,
            Err(reason) => return self.refuse(user, reason),
        };
        let from = self.peer.map(|p| p.to_string()).unwrap_or_default();
        if let Err(e) = self.audit(&found.name, AuditAction::Login, from.clone()).await {
            let lang = self.shared.opts.lang;
            let msg = ServerMsg::LoginNotAudited.text(lang);
            let args = [("user", found.name.as_str()), ("from", from.as_str()), ("error", &e.message(lang))];
            tracing::error!("{}", crate::sanitize::sanitize(&crate::i18n::fill(msg, &args)));
            return self.refuse(user, Reason::NotAudited);
        }
        if let Some(t) = self.ticket.as_mut() {
            t.logged_in();
        }
        self.shared.logins.logged_in(self.source());
        tracing::info!(user = %crate::sanitize::sanitize(&found.name), role = found.role.code(), %from, "login");
        self.user = Some(found);
        self.key = Some(key.clone());
        Auth::Accept
    }

    fn start_session(&mut self, channel: ChannelId, handle: Handle) {
        let Some(user) = self.user.clone() else { return };
        let (w, h) = self.pty.unwrap_or((80, 24));
        tracing::info!(user = %crate::sanitize::sanitize(&user.name), cols = w, rows = h, "session started");
        let origin = self.reached.map(|a| crate::ui::casework::SshOrigin {
            user: user.name.clone(),
            host: a.ip().to_string(),
            port: a.port(),
        });
        let (tx, rx) = std::sync::mpsc::channel::<Event>();
        self.input = Some((tx, input::InputParser::new()));
        let stop = self.shared.live(&user.name, self.key.clone());
        self.stop = Some(Arc::clone(&stop));
        let shared = Arc::clone(&self.shared);
        let lang = self.lang();
        let look = self.look;
        let (out_tx, mut out_rx) = tokio::sync::mpsc::unbounded_channel::<Option<Vec<u8>>>();
        // frames go to the client from a task of the runtime
        let sender = handle.clone();
        tokio::spawn(async move {
            while let Some(msg) = out_rx.recv().await {
                match msg {
                    Some(bytes) => {
                        if sender.data(channel, bytes).await.is_err() {
                            break;
                        }
                    }
                    None => {
                        let _ = sender.exit_status_request(channel, 0).await;
                        let _ = sender.eof(channel).await;
                        let _ = sender.close(channel).await;
                        break;
                    }
                }
            }
        });
        shared.sessions.fetch_add(1, Ordering::SeqCst);
        std::thread::spawn(move || {
            let writer = ChannelWriter { tx: out_tx.clone(), buf: Vec::new() };
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run_session(&shared, &user, Seat { lang, look, size: (w, h), ssh: origin }, writer, rx, &stop)
            }));
            if result.is_err() {
                tracing::error!(user = %crate::sanitize::sanitize(&user.name), "session failed; the server goes on");
                // one session's panic ends that session only
                let msg = format!("\r\n{}\r\n", ServerMsg::SessionFailed.text(lang));
                let _ = out_tx.send(Some(msg.into_bytes()));
            }
            shared.session_ended();
            let _ = out_tx.send(None);
        });
    }
}

/// Sends what the backend writes down the channel, a frame per flush.
struct ChannelWriter {
    tx: tokio::sync::mpsc::UnboundedSender<Option<Vec<u8>>>,
    buf: Vec<u8>,
}

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        self.tx.send(Some(std::mem::take(&mut self.buf))).map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

/// Where a session sits: its language, terminal size, and how its user
/// reached the server over SSH (none through the socket).
struct Seat {
    lang: Lang,
    /// How the user's terminal is drawn.
    look: Theme,
    size: (u16, u16),
    ssh: Option<crate::ui::casework::SshOrigin>,
}

fn run_session<W: Write>(
    shared: &Shared,
    user: &User,
    seat: Seat,
    mut writer: W,
    rx: std::sync::mpsc::Receiver<Event>,
    stop: &AtomicUsize,
) -> io::Result<()> {
    use crossterm::{cursor, queue, terminal};
    let Seat { lang, look, size: (w, h), ssh } = seat;
    queue!(writer, terminal::EnterAlternateScreen, cursor::Hide)?;
    writer.flush()?;
    let keymap = user
        .keymap
        .as_deref()
        .and_then(|k| crate::keymap::Keymap::preset(k).ok())
        .or_else(|| crate::keymap::Keymap::preset(crate::keymap::DEFAULT_PRESET).ok())
        .ok_or_else(|| io::Error::other("no keymap"))?;
    let opts = Options {
        lang,
        theme: look,
        actor: Actor::of_user(user),
        keymap: Arc::new(keymap),
        demo_clients: 200,
        demo_seed: 1,
    };
    let backend = ui::backend::Lean::new(writer);
    // never ask the server's own terminal for a size: the client's is fixed here
    let mut term =
        Terminal::with_options(backend, TerminalOptions { viewport: Viewport::Fixed(Rect::new(0, 0, w, h)) })?;
    let mut session = ui::Session::new(shared.store.clone(), &opts, w, h);
    session.set_casework(crate::ui::casework::CaseworkOptions { ssh, ..shared.opts.casework.clone() });
    let next = |timeout: Duration| match rx.recv_timeout(timeout) {
        Ok(ev) => Ok(Some(ev)),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Ok(None),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(io::Error::from(io::ErrorKind::BrokenPipe)),
    };
    let result = ui::terminal::drive(&mut term, &mut session, next, stop);
    // stopped by the server or the connection gone (not access withdrawn): an open form waits for the next login
    let kept = match result {
        Ok(ui::Exit::Signal(s)) if usize::try_from(s).ok() != Some(WITHDRAWN) => session.keep_draft(),
        _ => false,
    };
    let out = term.backend_mut();
    let _ = queue!(out, terminal::LeaveAlternateScreen, cursor::Show);
    match result {
        Ok(ui::Exit::Signal(s)) if s == signal_hook::consts::SIGTERM => {
            let m = if kept { ServerMsg::StoppingDraftKept } else { ServerMsg::Stopping };
            let _ = write!(out, "{}\r\n", m.text(lang));
        }
        Ok(ui::Exit::Signal(s)) if usize::try_from(s).ok() == Some(WITHDRAWN) => {
            let _ = write!(out, "{}\r\n", ServerMsg::AccessWithdrawn.text(lang));
        }
        _ => {}
    }
    let _ = out.flush();
    result.map(|_| ())
}

impl russh::server::Handler for Connection {
    type Error = russh::Error;

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Self::Error> {
        self.first_request().await;
        Ok(self.refuse(user, Reason::NoKey))
    }

    async fn auth_publickey_offered(&mut self, user: &str, offer: PublicKeyOffer<'_>) -> Result<Auth, Self::Error> {
        self.first_request().await;
        // a refused offer is no failure yet: an agent offers its keys one by one
        Ok(match self.judge(user, offer.public_key) {
            Ok(_) => Auth::Accept,
            Err(reason) => self.refuse(user, reason),
        })
    }

    async fn auth_publickey(&mut self, user: &str, key: VerifiedPublicKey<'_>) -> Result<Auth, Self::Error> {
        self.first_request().await;
        Ok(self.log_in(user, key.public_key).await)
    }

    async fn channel_open_session(
        &mut self,
        _channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.accept().await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.pty = Some(limits::terminal_size(col_width, row_height));
        session.channel_success(channel)?;
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // how the terminal is drawn, as the local interface reads it (set and
        // not empty: `NO_COLOR=1`; `SIMPUL_ASCII=1` stands for `--ascii`)
        if matches!(name, "NO_COLOR" | "SIMPUL_ASCII") && value.len() <= 64 {
            self.look = self.look.with_env(name, value);
            session.channel_success(channel)?;
            return Ok(());
        }
        // the locale, a name's worth of it; and what commands may read
        if commands::ACCEPTED_ENV.contains(&name) && value.len() <= commands::MAX_ENV_VALUE {
            self.env.insert(name.to_string(), value.to_string());
            session.channel_success(channel)?;
            return Ok(());
        }
        let slot = match name {
            "LC_ALL" => 0,
            "LC_MESSAGES" => 1,
            "LANG" => 2,
            _ => {
                session.channel_failure(channel)?;
                return Ok(());
            }
        };
        if value.len() > 64 {
            session.channel_failure(channel)?;
            return Ok(());
        }
        self.locale[slot] = Some(value.to_string());
        session.channel_success(channel)?;
        Ok(())
    }

    async fn shell_request(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        let full = self.shared.sessions.load(Ordering::SeqCst) >= self.shared.opts.max_sessions;
        if self.pty.is_none() || full {
            let m = if full { ServerMsg::TooMany } else { ServerMsg::NeedsTerminal };
            let msg = format!("{}\r\n", m.text(self.lang()));
            session.data(channel, msg.into_bytes())?;
            session.exit_status_request(channel, 1)?;
            session.eof(channel)?;
            session.close(channel)?;
            return Ok(());
        }
        self.start_session(channel, session.handle());
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        let line = String::from_utf8_lossy(data);
        let words = commands::words(&line);
        // the command's name only: its arguments may name people
        let name = words
            .as_ref()
            .and_then(|w| w.first())
            .map_or_else(String::new, |w| crate::sanitize::sanitize(w).chars().take(32).collect());
        let who = self.user.as_ref().map_or_else(String::new, |u| crate::sanitize::sanitize(&u.name).into_owned());
        tracing::info!(user = %who, command = %name, "command");
        let Some(words) = words else {
            return self.refuse_command(channel, session, &ServerMsg::BadQuotes, 2);
        };
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        // an admin's backup streams to stdout (`ssh -p PORT admin@HOST backup > FILE`), taken
        // while in use, sealed to the office's backup keys or in the clear when asked by name
        if args.first() == Some(&"backup") && args.len() <= 2 {
            let admin = self.user.as_ref().filter(|u| u.role == crate::model::Role::Admin).cloned();
            let prot = match (&args[1..], &self.shared.opts.backup_key) {
                ([], Some(key)) => Ok(crate::gate::Protection::Sealed(key.clone())),
                (["--unprotected"], _) => Ok(crate::gate::Protection::Unprotected),
                ([], None) => Err(ServerMsg::BackupNeedsKey),
                _ => Err(ServerMsg::BackupUsage),
            };
            return match (admin, prot) {
                (Some(user), Ok(prot)) => {
                    self.stream_backup(channel, session.handle(), user, prot);
                    Ok(())
                }
                (None, _) => self.refuse_command(channel, session, &ServerMsg::BackupAdminOnly, 1),
                (Some(_), Err(why)) => self.refuse_command(channel, session, &why, 2),
            };
        }
        let (Some(runner), Some(user)) = (self.shared.opts.commands.clone(), self.user.clone()) else {
            return self.refuse_command(channel, session, &ServerMsg::NeedsTerminal, 1);
        };
        // a running command counts as a session: no one fills the server with them
        if self.shared.sessions.load(Ordering::SeqCst) >= self.shared.opts.max_sessions {
            return self.refuse_command(channel, session, &ServerMsg::TooMany, 1);
        }
        self.run_command(channel, session.handle(), runner, &user, words, name);
        Ok(())
    }

    async fn data(&mut self, _channel: ChannelId, data: &[u8], _session: &mut Session) -> Result<(), Self::Error> {
        if let Some((tx, lost)) = &self.stdin {
            // a command that leaves its input unread for this long has it cut off (and is told so):
            // waiting longer would hold up the connection its own output goes down
            let sent = tokio::time::timeout(STDIN_WAIT, tx.send(data.to_vec())).await;
            if !matches!(sent, Ok(Ok(()))) {
                lost.store(true, Ordering::SeqCst);
                self.stdin = None;
            }
            return Ok(());
        }
        if let Some((tx, parser)) = self.input.as_mut() {
            for ev in parser.feed(data) {
                let _ = tx.send(ev);
            }
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        _channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let size = limits::terminal_size(col_width, row_height);
        self.pty = Some(size);
        if let Some((tx, _)) = &self.input {
            let _ = tx.send(Event::Resize(size.0, size.1));
        }
        Ok(())
    }

    async fn channel_eof(&mut self, _channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        // a command's input ended; it goes on
        if self.stdin.take().is_some() || self.cancel.is_some() {
            return Ok(());
        }
        self.end();
        Ok(())
    }

    async fn channel_close(&mut self, _channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        self.end();
        Ok(())
    }
}

impl Connection {
    /// Writes a backup to a private file beside the database (holding the
    /// writers only as long as the local disk takes), then streams it down
    /// the channel, so a slow link never holds up other sessions' saves.
    fn stream_backup(&self, channel: ChannelId, handle: Handle, user: User, prot: crate::gate::Protection) {
        let store = self.shared.store.clone();
        let lang = self.lang();
        tokio::spawn(async move {
            let dir = store.path().to_path_buf();
            let path = dir.join(format!(".backup-{}-{}.partial", std::process::id(), channel));
            let made = {
                let (store, path) = (store.clone(), path.clone());
                tokio::task::spawn_blocking(move || -> Result<(), String> {
                    use std::os::unix::fs::OpenOptionsExt;
                    let mut file = std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .mode(0o600)
                        .open(&path)
                        .map_err(|e| e.to_string())?;
                    let rel = crate::gate::Release { what: "backup".into(), record: None, sensitive: true };
                    let dest = crate::gate::Destination::Writer(&mut file, "ssh");
                    crate::gate::release(&store, &Actor::of_user(&user), &rel, &prot, dest, |w| {
                        store.backup_to(w).map(|_| ()).map_err(|e| io::Error::other(e.message(lang)))
                    })
                    .map_err(|e| e.message(lang))?;
                    file.sync_all().map_err(|e| e.to_string())
                })
                .await
                .unwrap_or_else(|e| Err(e.to_string()))
            };
            let mut status = 0;
            match made {
                Ok(()) => match std::fs::File::open(&path) {
                    Ok(mut f) => {
                        let mut buf = vec![0u8; 64 * 1024];
                        loop {
                            let n = match f.read(&mut buf) {
                                Ok(0) => break,
                                Ok(n) => n,
                                Err(_) => {
                                    status = 1;
                                    break;
                                }
                            };
                            if handle.data(channel, buf[..n].to_vec()).await.is_err() {
                                status = 1;
                                break;
                            }
                        }
                    }
                    Err(_) => status = 1,
                },
                Err(e) => {
                    status = 1;
                    tracing::error!(error = %crate::sanitize::sanitize(&e.to_string()), "backup over ssh failed");
                    let msg = format!("{}: {e}\n", ServerMsg::BackupFailed.text(lang));
                    let _ = handle.extended_data(channel, 1, msg.into_bytes()).await;
                }
            }
            let _ = std::fs::remove_file(&path);
            let _ = handle.exit_status_request(channel, status).await;
            let _ = handle.eof(channel).await;
            let _ = handle.close(channel).await;
        });
    }

    /// Says why a command is not run, and ends the channel with `status`.
    fn refuse_command(
        &self,
        channel: ChannelId,
        session: &mut Session,
        why: &ServerMsg,
        status: u32,
    ) -> Result<(), russh::Error> {
        let msg = format!("{}\n", why.text(self.lang()));
        session.extended_data(channel, 1, msg.into_bytes())?;
        session.exit_status_request(channel, status)?;
        session.eof(channel)?;
        session.close(channel)?;
        Ok(())
    }

    /// Runs a command on a thread of its own, its output streamed down the
    /// channel as it comes, its exit status last.
    fn run_command(
        &mut self,
        channel: ChannelId,
        handle: Handle,
        runner: commands::Runner,
        user: &User,
        words: Vec<String>,
        name: String,
    ) {
        let (tx, rx) = tokio::sync::mpsc::channel(16);
        let lost = Arc::new(std::sync::atomic::AtomicBool::new(false));
        self.stdin = Some((tx, Arc::clone(&lost)));
        let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
        self.cancel = Some(Arc::clone(&cancel));
        let rt = tokio::runtime::Handle::current();
        let req = commands::Request {
            words,
            actor: Actor::of_user(user),
            lang: self.lang(),
            door: commands::Door::Ssh,
            store: self.shared.store.clone(),
            out: Box::new(commands::channel_out(handle.clone(), channel, false, rt.clone())),
            err: Box::new(commands::channel_out(handle.clone(), channel, true, rt)),
            input: Box::new(commands::ChunksIn::new(rx, lost)),
            terminal: self.pty.is_some(),
            env: self.env.clone(),
            cancel,
        };
        let who = crate::sanitize::sanitize(&user.name).into_owned();
        let shared = Arc::clone(&self.shared);
        shared.sessions.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            let status = tokio::task::spawn_blocking(move || (runner.0)(req)).await.unwrap_or(1);
            shared.session_ended();
            tracing::info!(user = %who, command = %name, status, "command ended");
            let _ = handle.exit_status_request(channel, u32::from(status)).await;
            let _ = handle.eof(channel).await;
            let _ = handle.close(channel).await;
        });
    }

    /// The client went away: the session thread stops at its next tick.
    fn end(&mut self) {
        if let Some(cancel) = &self.cancel {
            cancel.store(true, Ordering::SeqCst);
        }
        if self.input.is_some()
            && let Some(u) = &self.user
        {
            tracing::info!(user = %crate::sanitize::sanitize(&u.name), "session ended");
        }
        if let Some(stop) = &self.stop {
            stop.store(usize::try_from(signal_hook::consts::SIGHUP).unwrap_or(1), Ordering::SeqCst);
        }
        self.input = None;
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.end();
        // ended without logging in, after asking to: one failed login
        if self.user.is_none()
            && let Some(attempt) = self.attempt.take()
        {
            let from = self.peer.map(|p| p.to_string()).unwrap_or_default();
            let now = self.shared.store.clock().now();
            let entries = self.shared.logins.failed(self.source(), &from, &attempt, Instant::now(), now);
            for e in &entries {
                tracing::warn!(user = %crate::sanitize::sanitize(&e.actor), note = %crate::sanitize::sanitize(&e.note), "login failed");
            }
            write_entries_off_runtime(&self.shared.store, entries);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{AuditEntry, Fault, OpenOptions};

    /// A store holding siti with a key, shared as the server shares it.
    fn server() -> (tempfile::TempDir, Arc<Shared>, PublicKey) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db"), &OpenOptions::default()).unwrap();
        let key = PrivateKey::from(Ed25519Keypair::from_seed(&[7; 32])).public_key().clone();
        let new = crate::users::NewUser {
            name: "siti".into(),
            role: crate::model::Role::Officer,
            stakeholder: None,
            keys: vec![key.to_openssh().unwrap()],
            full_name: String::new(),
            supervisor: false,
            officer: String::new(),
        };
        crate::users::add(&store, &Actor::new("admin", crate::model::Role::Admin), new).unwrap();
        let opts = ServeOptions {
            listen: "127.0.0.1:2222".parse().unwrap(),
            lang: Lang::En,
            max_sessions: 10,
            idle_timeout: Duration::from_secs(60),
            casework: Default::default(),
            backup_key: None,
            commands: None,
        };
        let shared = Shared {
            store,
            opts,
            sessions: AtomicUsize::new(0),
            ended: AtomicUsize::new(0),
            gate: Gate::new(GateLimits::default()),
            logins: Logins::new(),
            stops: Default::default(),
        };
        (dir, Arc::new(shared), key)
    }

    fn connection(shared: &Arc<Shared>) -> Connection {
        Connection {
            shared: Arc::clone(shared),
            peer: Some("192.0.2.7:40112".parse().unwrap()),
            reached: None,
            user: None,
            pty: None,
            input: None,
            stop: None,
            ticket: None,
            attempt: None,
            locale: Default::default(),
            look: Theme::default(),
            env: Default::default(),
            key: None,
            stdin: None,
            cancel: None,
        }
    }

    /// Logs in as the server would, on a runtime of its own.
    fn log_in(conn: &mut Connection, user: &str, key: &PublicKey) -> Auth {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).build().unwrap();
        rt.block_on(conn.log_in(user, key))
    }

    fn audited(store: &Store, action: AuditAction) -> Vec<AuditEntry> {
        store.audit_log().map(Result::unwrap).filter(|e| e.action == action).collect()
    }

    #[test]
    fn a_user_hears_their_chosen_language_then_their_accounts_then_their_clients_then_the_servers() {
        let (_dir, shared, key) = server();
        let store = &shared.store;
        let mut conn = connection(&shared);
        assert_eq!(conn.lang(), Lang::En, "the server's, before anything is known");
        // `ssh -o SendEnv=LANG`: the client's locale, LC_ALL first
        for (name, value) in [("LANG", "en_US.UTF-8"), ("LC_ALL", "id_ID.UTF-8"), ("HOME", "/root")] {
            let slot = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().position(|n| *n == name);
            if let Some(i) = slot {
                conn.locale[i] = Some(value.into());
            }
        }
        assert_eq!(log_in(&mut conn, "siti", &key), Auth::Accept);
        assert_eq!(conn.lang(), Lang::Id, "LC_ALL=id_ID wins over LANG");
        // the account's setting wins over the client's locale
        let admin = Actor::new("admin", crate::model::Role::Admin);
        let english = crate::users::Settings { language: Some("en".into()), ..Default::default() };
        crate::users::set(store, &admin, "siti", &english).unwrap();
        let mut conn = connection(&shared);
        conn.locale[0] = Some("id_ID.UTF-8".into());
        assert_eq!(log_in(&mut conn, "siti", &key), Auth::Accept);
        assert_eq!(conn.lang(), Lang::En);
        // and what siti chose in a session (alt-l) wins over both
        store.set_pref("siti", crate::ui::terminal::PREF_LANG, &"id").unwrap();
        assert_eq!(conn.lang(), Lang::Id);
    }

    #[test]
    fn a_login_that_cannot_be_audited_is_refused() {
        let (_dir, shared, key) = server();
        let store = &shared.store;
        let mut conn = connection(&shared);
        // the entry cannot be written (a full disk)
        store.inject_fault(Some(Fault::WriteAt(0)));
        assert_eq!(log_in(&mut conn, "siti", &key), Auth::reject());
        assert!(conn.user.is_none());
        assert!(audited(store, AuditAction::Login).is_empty());
        // written but not confirmed on disk: refused too
        store.inject_fault(Some(Fault::Flush));
        assert_eq!(log_in(&mut conn, "siti", &key), Auth::reject());
        assert!(conn.user.is_none());
        // the connection ends: one failed login, saying why
        drop(conn);
        let failed = audited(store, AuditAction::LoginFailed);
        assert_eq!(failed.len(), 1, "{failed:#?}");
        assert_eq!(
            (failed[0].actor.as_str(), failed[0].note.as_str()),
            ("siti", "from=192.0.2.7:40112 reason=not_audited")
        );

        // once the log can be written the same key is let in, and audited
        let mut conn = connection(&shared);
        assert_eq!(log_in(&mut conn, "siti", &key), Auth::Accept);
        assert_eq!(conn.user.as_ref().map(|u| u.name.as_str()), Some("siti"));
        let logins = audited(store, AuditAction::Login);
        let last = logins.last().unwrap();
        assert_eq!((last.actor.as_str(), last.note.as_str()), ("siti", "192.0.2.7:40112"));
        assert!(last.seq > failed[0].seq);
    }

    #[test]
    fn the_post_quantum_exchange_comes_first_and_compression_only_after_login() {
        let kex: Vec<&str> = PREFERRED.kex.iter().map(|k| k.as_ref()).collect();
        assert_eq!(kex.first(), Some(&"mlkem768x25519-sha256"));
        assert!(kex.contains(&"curve25519-sha256"), "OpenSSH before 9.9 needs it");
        assert!(!kex.iter().any(|k| k.starts_with("diffie-hellman")), "{kex:?}");
        let compression: Vec<&str> = PREFERRED.compression.iter().map(|c| c.as_ref()).collect();
        assert_eq!(compression, ["none", "zlib@openssh.com"]);
        assert!(PREFERRED.mac.iter().all(|m| m.as_ref().ends_with("-etm@openssh.com")));
    }
}
