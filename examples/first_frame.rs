//! Start → first frame, measured in-process: opens a database, makes the
//! interface's session and draws its first frame on a 120×35 test
//! terminal, then waits until the client list and the search index are
//! there. Prints each step's time since the process started and the
//! resident set. Run it with
//! `cargo run --release --example first_frame -- DB_DIR` (`scripts/lowspec.sh`
//! runs it too). Process start-up before `main` and the terminal's own
//! setup are not included (they take about a millisecond).

use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use simpul::i18n::Lang;
use simpul::keymap::Keymap;
use simpul::model::Role;
use simpul::store::{Actor, OpenOptions, Store};
use simpul::ui::Options;
use simpul::ui::terminal::Session;
use simpul::ui::theme::Theme;

/// VmHWM of this process in MB, from /proc.
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: u64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    kib as f64 / 1024.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // as `simpul` itself does, before any thread starts
    simpul::malloc::tune_for_one_user();
    let t0 = Instant::now();
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: first_frame DB_DIR");
        std::process::exit(2);
    };
    let say = |what: &str| println!("{:>8.1} ms  {what:<40} peak RSS {:>6.1} MB", ms(t0), peak_mb());
    // as `simpul` does: the written texts left out, the kept index and the
    // rows read while sled opens
    simpul::search::kept::leave_written_texts_out();
    simpul::ui::data::read_early(std::path::Path::new(&path), Role::Officer, None);
    let store = Store::open(std::path::Path::new(&path), &OpenOptions::default())?;
    say("store open");
    let opts = Options {
        lang: Lang::En,
        theme: Theme { color: true, ascii: false },
        actor: Actor::new("bench", Role::Officer),
        keymap: std::sync::Arc::new(Keymap::preset("default")?),
        demo_clients: 0,
        demo_seed: 1,
    };
    let mut session = Session::new(store, &opts, 120, 35);
    say("session made");
    let mut term = Terminal::new(TestBackend::new(120, 35))?;
    session.draw(&mut term)?;
    let shows = match session.data.loading {
        true => "loading",
        false => "the list",
    };
    say(&format!("first frame drawn ({shows})"));
    session.wait_for_rows();
    session.refresh();
    session.draw(&mut term)?;
    say(&format!("list drawn ({} clients)", session.data.clients.len()));
    session.wait_for_index();
    say("search index ready");
    Ok(())
}

fn ms(t0: Instant) -> f64 {
    t0.elapsed().as_secs_f64() * 1000.0
}
