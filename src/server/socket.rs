//! The database's socket: while `simpul serve` holds the database, a local
//! `simpul COMMAND` run by the directory's owner (or root) is carried out
//! by the server, with the same output, exit status and audit entries.
//!
//! The socket (`simpul.sock` in the database directory, mode 0600) speaks
//! frames: a tag byte, a big-endian `u32` length, the bytes. The client
//! opens with `H` (the request as JSON), then sends its standard input as
//! `I` frames and `E` at its end; the server answers with `O` (standard
//! output) and `R` (standard error) frames and ends with `X` (the exit
//! status, one byte).

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::commands::{ChunksIn, Door, Request, Runner};
use crate::i18n::Lang;
use crate::store::{Actor, Store};

/// The socket's file name, inside the database directory.
pub const SOCKET_FILE: &str = "simpul.sock";

/// Longest frame taken (the request, a chunk of input).
const MAX_FRAME: usize = 1 << 20;

/// What a local `simpul` asks the server to do.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hello {
    /// The words after `simpul`, without the options that choose the database.
    pub words: Vec<String>,
    /// Their working directory (their relative paths).
    pub cwd: PathBuf,
    /// Their language.
    pub lang: String,
    /// Whether their standard output is a terminal.
    pub terminal: bool,
    /// The variables a command may read (a passphrase).
    pub env: HashMap<String, String>,
    /// For the interface (no command): the terminal's size.
    #[serde(default)]
    pub tui: Option<(u16, u16)>,
    /// For the interface: the keymap preset chosen (`--keymap`).
    #[serde(default)]
    pub keymap: Option<String>,
    /// For the interface: how their terminal is drawn (`--ascii`, `NO_COLOR`).
    #[serde(default)]
    pub look: Option<crate::ui::Theme>,
}

fn write_frame(w: &mut impl Write, tag: u8, bytes: &[u8]) -> io::Result<()> {
    let len = u32::try_from(bytes.len()).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    let mut head = [0u8; 5];
    head[0] = tag;
    head[1..].copy_from_slice(&len.to_be_bytes());
    w.write_all(&head)?;
    w.write_all(bytes)
}

/// The next frame, or `None` at the end of the stream.
fn read_frame(r: &mut impl Read) -> io::Result<Option<(u8, Vec<u8>)>> {
    let mut head = [0u8; 5];
    match r.read_exact(&mut head) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_be_bytes([head[1], head[2], head[3], head[4]]) as usize;
    if len > MAX_FRAME {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "frame too long"));
    }
    let mut bytes = vec![0u8; len];
    r.read_exact(&mut bytes)?;
    Ok(Some((head[0], bytes)))
}

/// One stream of the command's output, as frames of `tag`.
fn frame_out(stream: Arc<Mutex<UnixStream>>, tag: u8) -> impl Write + Send {
    super::commands::Chunked::new(move |bytes: Vec<u8>| {
        let mut s = stream.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        write_frame(&mut *s, tag, &bytes)
    })
}

/// The interface's screen, as output frames.
pub fn screen_out(stream: &UnixStream) -> io::Result<impl Write + Send + 'static> {
    Ok(frame_out(Arc::new(Mutex::new(stream.try_clone()?)), b'O'))
}

/// Sends the end of a session (its exit status).
pub fn end_session(stream: &mut UnixStream, status: u8) -> io::Result<()> {
    write_frame(stream, b'X', &[status])
}

/// What the client of an interface session sends.
pub enum Input {
    /// Bytes typed.
    Bytes(Vec<u8>),
    /// The terminal's new size.
    Resize(u16, u16),
}

/// The next thing the client of an interface session sends; `None` when it went away.
pub fn next_input(stream: &mut UnixStream) -> Option<Input> {
    loop {
        match read_frame(stream) {
            Ok(Some((b'I', bytes))) => return Some(Input::Bytes(bytes)),
            Ok(Some((b'W', size))) if size.len() == 4 => {
                let w = u16::from_be_bytes([size[0], size[1]]);
                let h = u16::from_be_bytes([size[2], size[3]]);
                return Some(Input::Resize(w, h));
            }
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return None,
        }
    }
}

/// Whether the peer with `uid` may use the socket of `dir`: its owner, or root.
pub fn may_connect(dir: &Path, uid: u32) -> bool {
    use std::os::unix::fs::MetadataExt;
    uid == 0 || std::fs::metadata(dir).is_ok_and(|m| m.uid() == uid)
}

/// The request a connection to the socket opens with.
pub fn read_hello(stream: &mut UnixStream) -> io::Result<Hello> {
    let Some((b'H', hello)) = read_frame(stream)? else {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "no request"));
    };
    serde_json::from_slice(&hello).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))
}

/// The operating-system user behind a connection, for the audit log: the
/// name of the peer's uid as the kernel reports it (`/etc/passwd`), never the
/// name the client claims; `uid N` when the system has no name for it.
pub fn user_of(uid: u32) -> String {
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    name_of_uid(&passwd, uid).unwrap_or_else(|| format!("uid {uid}"))
}

/// The login name of `uid` in a passwd file's text.
fn name_of_uid(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let id: u32 = fields.nth(1)?.parse().ok()?;
        let name = crate::sanitize::sanitize(name).into_owned();
        (id == uid && !name.trim().is_empty()).then_some(name)
    })
}

/// Carries out one command for a connection to the socket, on the calling thread.
pub fn serve_command(
    stream: UnixStream,
    uid: u32,
    hello: Hello,
    store: Store,
    runner: Runner,
    default_lang: Lang,
) -> io::Result<()> {
    let mut reader = stream.try_clone()?;
    let name =
        hello.words.first().map_or_else(String::new, |w| crate::sanitize::sanitize(w).chars().take(32).collect());
    let user = user_of(uid);
    tracing::info!(user = %user, command = %name, door = "socket", "command");
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(16);
    let cancel = Arc::new(AtomicBool::new(false));
    let lost = Arc::new(AtomicBool::new(false));
    {
        let (cancel, lost) = (Arc::clone(&cancel), Arc::clone(&lost));
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            loop {
                match read_frame(&mut reader) {
                    Ok(Some((b'I', bytes))) => {
                        if let Some(t) = &tx
                            && t.blocking_send(bytes).is_err()
                        {
                            tx = None;
                        }
                    }
                    Ok(Some((b'E', _))) => tx = None,
                    Ok(Some(_)) => {}
                    // the client went away: what it was doing stops
                    Ok(None) | Err(_) => {
                        if tx.is_some() {
                            lost.store(true, Ordering::SeqCst);
                        }
                        cancel.store(true, Ordering::SeqCst);
                        return;
                    }
                }
            }
        });
    }
    let shared = Arc::new(Mutex::new(stream));
    let out = frame_out(Arc::clone(&shared), b'O');
    let err = frame_out(Arc::clone(&shared), b'R');
    let req = Request {
        words: hello.words,
        actor: Actor::new(&user, crate::model::Role::Admin),
        lang: Lang::parse(&hello.lang).unwrap_or(default_lang),
        door: Door::Socket { cwd: hello.cwd },
        store,
        out: Box::new(out),
        err: Box::new(err),
        input: Box::new(ChunksIn::new(rx, lost)),
        terminal: hello.terminal,
        env: hello.env,
        cancel,
    };
    let status = (runner.0)(req);
    tracing::info!(user = %user, command = %name, status, door = "socket", "command ended");
    let mut s = shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    write_frame(&mut *s, b'X', &[status])?;
    s.flush()
}

/// Runs `hello` through the server holding `db`, relaying standard input,
/// output and error; its exit status. `None` when no server answers there
/// (no socket, or one left by a server that is gone): run it here.
pub fn forward(db: &Path, hello: &Hello) -> Option<u8> {
    let mut stream = UnixStream::connect(db.join(SOCKET_FILE)).ok()?;
    let body = serde_json::to_vec(hello).ok()?;
    write_frame(&mut stream, b'H', &body).ok()?;
    let writer = Arc::new(Mutex::new(stream.try_clone().ok()?));
    // the interface: keys go as typed (raw), and the terminal is restored whatever happens
    let _raw = match hello.tui {
        Some(_) => Some(RawMode::enable().ok()?),
        None => None,
    };
    if hello.tui.is_some() {
        let writer = Arc::clone(&writer);
        let mut signals = signal_hook::iterator::Signals::new([signal_hook::consts::SIGWINCH]).ok()?;
        std::thread::spawn(move || {
            for _ in signals.forever() {
                let Ok((w, h)) = crossterm::terminal::size() else { continue };
                let mut size = w.to_be_bytes().to_vec();
                size.extend_from_slice(&h.to_be_bytes());
                let mut s = writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                if write_frame(&mut *s, b'W', &size).is_err() {
                    return;
                }
            }
        });
    }
    // standard input goes as it comes, until it ends (or the command does)
    std::thread::spawn(move || {
        let mut buf = vec![0u8; super::commands::CHUNK];
        let mut stdin = io::stdin().lock();
        loop {
            let (tag, n) = match stdin.read(&mut buf) {
                Ok(0) | Err(_) => (b'E', 0),
                Ok(n) => (b'I', n),
            };
            let mut s = writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if write_frame(&mut *s, tag, &buf[..n]).is_err() || tag == b'E' {
                return;
            }
        }
    });
    let (mut out, mut err) = (io::stdout().lock(), io::stderr());
    loop {
        match read_frame(&mut stream) {
            Ok(Some((b'O', bytes))) => {
                // a reader that stopped (`| head`) ends it here, as locally
                if out.write_all(&bytes).and_then(|()| out.flush()).is_err() {
                    return Some(0);
                }
            }
            Ok(Some((b'R', bytes))) => {
                let _ = err.write_all(&bytes);
            }
            Ok(Some((b'X', status))) => return Some(status.first().copied().unwrap_or(1)),
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => {
                drop(_raw);
                let lang = Lang::parse(&hello.lang).unwrap_or(Lang::Id);
                let _ = writeln!(err, "simpul: {}", crate::i18n::remote::RemoteMsg::ServerGone.text(lang));
                return Some(1);
            }
        }
    }
}

/// The terminal in raw mode until dropped.
struct RawMode;

impl RawMode {
    fn enable() -> io::Result<RawMode> {
        crossterm::terminal::enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_a_long_one_is_refused() {
        let mut buf = Vec::new();
        write_frame(&mut buf, b'O', b"hello").unwrap();
        write_frame(&mut buf, b'X', &[3]).unwrap();
        let mut r = &buf[..];
        assert_eq!(read_frame(&mut r).unwrap(), Some((b'O', b"hello".to_vec())));
        assert_eq!(read_frame(&mut r).unwrap(), Some((b'X', vec![3])));
        assert_eq!(read_frame(&mut r).unwrap(), None);
        let mut long = vec![b'I'];
        long.extend_from_slice(&u32::MAX.to_be_bytes());
        assert!(read_frame(&mut &long[..]).is_err());
    }

    #[test]
    fn the_audit_names_the_peers_uid_from_the_passwd_file() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\nsiti:x:1000:1000:Siti,,,:/home/siti:/bin/bash\n\
                      bad line\nevil\u{1b}[2J:x:1001:1001::/:/bin/sh\n";
        assert_eq!(name_of_uid(passwd, 0).as_deref(), Some("root"));
        assert_eq!(name_of_uid(passwd, 1000).as_deref(), Some("siti"));
        assert!(!name_of_uid(passwd, 1001).unwrap().contains('\u{1b}'), "names are sanitised");
        assert_eq!(name_of_uid(passwd, 4242), None);
        // the running process's own uid has the name the system gives it
        let me = std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m)).unwrap();
        assert!(!user_of(me).is_empty());
    }

    #[test]
    fn only_the_owner_of_the_directory_or_root_may_connect() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let owner = std::fs::metadata(dir.path()).unwrap().uid();
        assert!(may_connect(dir.path(), owner));
        assert!(may_connect(dir.path(), 0));
        assert!(!may_connect(dir.path(), owner.wrapping_add(1).max(1)));
    }
}
