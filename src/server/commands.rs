//! Commands the server carries out for a connection: an ssh exec request
//! (`ssh -p PORT NAME@HOST search sukarno`) as that user, or a local
//! `simpul COMMAND` through the database's socket ([`super::socket`]) as
//! the database's administrator. The server only moves bytes and exit
//! codes; what each command does and who may run it is the command line's
//! business ([`Runner`], given by `cli`).

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::i18n::Lang;
use crate::store::{Actor, Store};

/// Which way a command came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Door {
    /// An ssh exec request: the user's role; no file of the server's is
    /// read or written for them.
    Ssh,
    /// The database's socket, from its owner: relative paths are theirs.
    Socket {
        /// Their working directory.
        cwd: PathBuf,
    },
}

/// One command to carry out.
pub struct Request {
    /// The words after `simpul`.
    pub words: Vec<String>,
    /// Who asks.
    pub actor: Actor,
    /// Their language.
    pub lang: Lang,
    /// Which way it came.
    pub door: Door,
    /// The open database.
    pub store: Store,
    /// Standard output.
    pub out: Box<dyn Write + Send>,
    /// Standard error.
    pub err: Box<dyn Write + Send>,
    /// Standard input.
    pub input: Box<dyn Read + Send>,
    /// Whether their output is a terminal.
    pub terminal: bool,
    /// The variables they sent that a command may read (a passphrase).
    pub env: HashMap<String, String>,
    /// Set when they go away: a long command stops.
    pub cancel: Arc<AtomicBool>,
}

/// Carries out a request and returns its exit status.
#[derive(Clone)]
pub struct Runner(pub Arc<dyn Fn(Request) -> u8 + Send + Sync>);

impl std::fmt::Debug for Runner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Runner")
    }
}

/// Variables a connection may send for its commands (besides the locale).
pub const ACCEPTED_ENV: &[&str] = &["SIMPUL_EXPORT_PASSPHRASE"];

/// Longest value of an accepted variable.
pub const MAX_ENV_VALUE: usize = 1024;

/// Splits a command line as a shell would (quotes, backslashes), or
/// `None` when its quotes do not close.
pub fn words(line: &str) -> Option<Vec<String>> {
    shlex::split(line)
}

/// Bytes a writer gathers before it sends them on.
pub const CHUNK: usize = 32 * 1024;

/// A writer that gathers bytes and hands them on in chunks of about
/// [`CHUNK`] (and what is left on flush or drop); after one failed hand-on
/// every write fails, as a closed pipe does.
pub struct Chunked<S: FnMut(Vec<u8>) -> io::Result<()>> {
    send: S,
    buf: Vec<u8>,
    broken: bool,
}

impl<S: FnMut(Vec<u8>) -> io::Result<()>> Chunked<S> {
    /// Bytes handed to `send`.
    pub fn new(send: S) -> Self {
        Chunked { send, buf: Vec::with_capacity(CHUNK), broken: false }
    }

    fn send(&mut self) -> io::Result<()> {
        if self.broken {
            return Err(io::ErrorKind::BrokenPipe.into());
        }
        if self.buf.is_empty() {
            return Ok(());
        }
        let bytes = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        (self.send)(bytes).inspect_err(|_| self.broken = true)
    }
}

impl<S: FnMut(Vec<u8>) -> io::Result<()>> Write for Chunked<S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.broken {
            return Err(io::ErrorKind::BrokenPipe.into());
        }
        self.buf.extend_from_slice(buf);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

impl<S: FnMut(Vec<u8>) -> io::Result<()>> Drop for Chunked<S> {
    fn drop(&mut self) {
        let _ = self.send();
    }
}

/// A command's output into an SSH channel (its standard error as extended
/// data 1), from the command's own thread: each chunk waits for the
/// channel's window, so a slow reader slows the command instead of filling
/// the server's memory.
pub fn channel_out(
    handle: russh::server::Handle,
    channel: russh::ChannelId,
    err: bool,
    rt: tokio::runtime::Handle,
) -> impl Write + Send {
    Chunked::new(move |bytes: Vec<u8>| {
        let handle = handle.clone();
        let sent = rt.block_on(async move {
            if err { handle.extended_data(channel, 1, bytes).await } else { handle.data(channel, bytes).await }
        });
        sent.map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    })
}

/// A command's standard input, from chunks another thread receives; the
/// sender dropped is the end of the input.
pub struct ChunksIn {
    rx: tokio::sync::mpsc::Receiver<Vec<u8>>,
    chunk: Vec<u8>,
    pos: usize,
    /// Set when input had to be dropped (the command did not read it in
    /// time): the input then ends in an error, never as if it were whole.
    lost: Arc<AtomicBool>,
}

impl ChunksIn {
    /// Input from `rx`; `lost` set means some of it never arrived.
    pub fn new(rx: tokio::sync::mpsc::Receiver<Vec<u8>>, lost: Arc<AtomicBool>) -> Self {
        ChunksIn { rx, chunk: Vec::new(), pos: 0, lost }
    }
}

impl Read for ChunksIn {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos >= self.chunk.len() {
            match self.rx.blocking_recv() {
                Some(c) => {
                    self.chunk = c;
                    self.pos = 0;
                }
                None if self.lost.load(std::sync::atomic::Ordering::SeqCst) => {
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "standard input was cut short"));
                }
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len() - self.pos);
        buf[..n].copy_from_slice(&self.chunk[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_line_is_split_as_a_shell_splits_it() {
        assert_eq!(words("search sukarno --format csv").unwrap(), ["search", "sukarno", "--format", "csv"]);
        assert_eq!(
            words("search 'ahmad fauzi' --kind clients").unwrap(),
            ["search", "ahmad fauzi", "--kind", "clients"]
        );
        assert_eq!(
            words(r#"export clients --query "risk:merah office:malang""#).unwrap()[3],
            "risk:merah office:malang"
        );
        assert!(words("search 'unclosed").is_none());
    }

    #[test]
    fn output_goes_on_in_chunks_and_fails_for_good_after_a_failed_one() {
        let sent = std::cell::RefCell::new(Vec::new());
        let mut w = Chunked::new(|b: Vec<u8>| {
            sent.borrow_mut().push(b.len());
            if sent.borrow().len() > 2 { Err(io::ErrorKind::BrokenPipe.into()) } else { Ok(()) }
        });
        w.write_all(&vec![b'x'; CHUNK + 10]).unwrap();
        w.write_all(b"tail").unwrap();
        w.flush().unwrap();
        assert_eq!(*sent.borrow(), [CHUNK + 10, 4]);
        w.write_all(b"more").unwrap();
        assert!(w.flush().is_err());
        assert!(w.write_all(b"again").is_err(), "a closed pipe stays closed");
        drop(w);
        assert_eq!(sent.borrow().len(), 3, "nothing more is handed on");
    }

    #[test]
    fn input_from_chunks_reads_them_in_order_then_ends() {
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        tx.try_send(b"abc".to_vec()).unwrap();
        tx.try_send(b"de".to_vec()).unwrap();
        drop(tx);
        let mut text = String::new();
        ChunksIn::new(rx, Arc::default()).read_to_string(&mut text).unwrap();
        assert_eq!(text, "abcde");
    }

    #[test]
    fn input_that_was_cut_short_ends_in_an_error_not_as_if_whole() {
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        tx.try_send(b"name\nSiti".to_vec()).unwrap();
        drop(tx);
        let lost = Arc::new(AtomicBool::new(true));
        let mut text = String::new();
        assert!(ChunksIn::new(rx, lost).read_to_string(&mut text).is_err());
    }
}
