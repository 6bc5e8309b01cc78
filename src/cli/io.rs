//! Where a command reads and writes: the process's own standard streams,
//! or (when `simpul serve` runs it for someone) the streams of that
//! person's connection, so a command behaves the same either way.

use std::collections::HashMap;
use std::io::{self, IsTerminal as _, Read, Write};
use std::sync::{Mutex, MutexGuard};

type Out = Box<dyn Write + Send>;
type In = Box<dyn Read + Send>;

/// A command's standard streams and the environment it may read.
pub struct Io {
    out: Mutex<Out>,
    err: Mutex<Out>,
    input: Mutex<In>,
    /// Whether standard output reaches a terminal (where the person is).
    pub out_terminal: bool,
    /// Whether standard error reaches a terminal.
    pub err_terminal: bool,
    /// The variables a command may read (a passphrase): the process's own,
    /// or only those a connection sent and the server accepts.
    env: Option<HashMap<String, String>>,
}

impl std::fmt::Debug for Io {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Io").field("out_terminal", &self.out_terminal).finish_non_exhaustive()
    }
}

impl Io {
    /// The process's standard streams and environment.
    pub fn std() -> Io {
        Io {
            out_terminal: io::stdout().is_terminal(),
            err_terminal: io::stderr().is_terminal(),
            out: Mutex::new(Box::new(StdOut)),
            err: Mutex::new(Box::new(io::stderr())),
            input: Mutex::new(Box::new(io::stdin())),
            env: None,
        }
    }

    /// Streams of a connection, with the variables it sent.
    pub fn streams(out: Out, err: Out, input: In, terminal: bool, env: HashMap<String, String>) -> Io {
        Io {
            out: Mutex::new(out),
            err: Mutex::new(err),
            input: Mutex::new(input),
            out_terminal: terminal,
            err_terminal: terminal,
            env: Some(env),
        }
    }

    /// Standard output, held until the guard is dropped.
    pub fn out(&self) -> MutexGuard<'_, Out> {
        self.out.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Standard error, held until the guard is dropped.
    pub fn err(&self) -> MutexGuard<'_, Out> {
        self.err.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Standard input, held until the guard is dropped.
    pub fn input(&self) -> MutexGuard<'_, In> {
        self.input.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// An environment variable, as the command may read it.
    pub fn var(&self, name: &str) -> Option<String> {
        match &self.env {
            None => std::env::var(name).ok(),
            Some(env) => env.get(name).cloned(),
        }
    }

    /// Flushes both outputs.
    pub fn flush(&self) {
        let _ = self.out().flush();
        let _ = self.err().flush();
    }
}

/// Standard output, locked per write (as `println!` does).
struct StdOut;

impl Write for StdOut {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        io::stdout().lock().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        io::stdout().lock().write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stdout().lock().flush()
    }
}

/// A writer into memory that tests can read back.
#[derive(Clone, Default)]
pub struct Captured(std::sync::Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// What was written, as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
