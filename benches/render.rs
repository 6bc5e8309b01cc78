//! Rendering benchmarks on the demo data set (100,000 clients).
//!
//! - key press → frame: one `down` through update and a full draw of the
//!   client list at 200×60, against the same on a 100-row list (a
//!   screenful) and a 10-row list: the claim is that 100,000 rows cost
//!   what a screenful does;
//! - bytes written to the terminal for one cursor move at 80×24, through
//!   ratatui's diff and the sessions' backend (`simpul::ui::backend::Lean`)
//!   into a buffer (printed, not timed), against the same move through
//!   ratatui's own `CrosstermBackend`, and with the whole row highlighted
//!   instead of a selection bar (`SIMPUL_SHOW_BYTES=1` prints the bytes
//!   themselves);
//! - ordering the 100k-row client list again by name (after loading or a
//!   save), against listing it in id order.
#![allow(missing_docs)]
#![allow(clippy::unwrap_used)] // bench code: a panic is the failure report

use std::cell::RefCell;
use std::hint::black_box;
use std::io::Write;
use std::rc::Rc;
use std::sync::Arc;

use chrono::NaiveDate;
use criterion::Criterion;
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use ratatui::style::{Color, Style};
use simpul::action::Action;
use simpul::demo::{DemoOptions, clients, events, stakeholders};
use simpul::i18n::Lang;
use simpul::keymap::Keymap;
use simpul::model::RecordKind;
use simpul::ui::app::{App, Listed};
use simpul::ui::backend::Lean;
use simpul::ui::data::{ClientRow, EventRow, StakeholderRow, UiData};
use simpul::ui::theme::Theme;
use simpul::ui::update::{self, update};
use simpul::ui::view::view;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn data(n: usize) -> UiData {
    let opts = DemoOptions { clients: n, seed: 1, today: today() };
    UiData {
        clients: std::sync::Arc::new(clients(&opts).map(|(c, _)| ClientRow::of(&c)).collect()),
        stakeholders: std::sync::Arc::new(stakeholders().iter().map(StakeholderRow::of).collect()),
        events: std::sync::Arc::new(events(&opts).iter().map(EventRow::of).collect()),
        ..UiData::default()
    }
}

fn app(data: &UiData, w: u16, h: u16) -> App {
    let keymap = Arc::new(Keymap::preset("default").unwrap());
    let mut app = App::new(
        Lang::En,
        Theme::from_env(false, None),
        keymap,
        "/bench".into(),
        "bench".into(),
        &simpul::clock::Clock::at(2026, 11, 28, 9, 0, 7),
    );
    update::resize(&mut app, w, h);
    update::sync(&mut app, data);
    app
}

/// Keeps the bytes written to it (shared, so they can be read while the
/// backend owns the writer).
#[derive(Clone, Default)]
struct Count(Rc<RefCell<Vec<u8>>>);

impl Write for Count {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// How the selected row is drawn, for the byte count.
#[derive(Clone, Copy, PartialEq)]
enum Highlight {
    /// As the interface draws it now: a bar over marker, id and name.
    Bar,
    /// The baseline, without the selection bar: every cell of the row in the
    /// selection style, cell colours (the risk) on top.
    WholeRow,
}

/// Redraws the selected row highlighted whole, the baseline: the row
/// style under each cell's own colour, over the whole width of the list.
fn whole_row(app: &App, f: &mut ratatui::Frame) {
    let area = f.area();
    let marker = app.theme.marker();
    let buf = f.buffer_mut();
    let Some(y) = (0..area.height).find(|&y| buf[(1, y)].symbol() == marker) else { return };
    let row = app.theme.selected();
    for x in 1..area.width - 1 {
        let cell = &mut buf[(x, y)];
        // a cell without a colour of its own takes the row's
        let fg = if cell.fg == Color::Reset { row.fg } else { Some(cell.fg) };
        cell.set_style(Style { fg, ..row });
    }
}

/// What a backend writes for one `down` after a full first frame.
fn bytes_per_move<B: Backend>(
    data: &UiData,
    w: u16,
    h: u16,
    highlight: Highlight,
    backend: impl FnOnce(Count) -> B,
) -> Vec<u8> {
    let mut app = app(data, w, h);
    let count = Count::default();
    let mut term = Terminal::with_options(
        backend(count.clone()),
        ratatui::TerminalOptions { viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, h)) },
    )
    .unwrap();
    let draw = |app: &App, term: &mut Terminal<B>| {
        term.draw(|f| {
            view(app, data, f);
            if highlight == Highlight::WholeRow {
                whole_row(app, f);
            }
        })
        .unwrap();
    };
    draw(&app, &mut term);
    // a few moves so the selection is mid-list, as when browsing
    for _ in 0..5 {
        update(&mut app, Action::Down, data);
        draw(&app, &mut term);
    }
    let before = count.0.borrow().len();
    update(&mut app, Action::Down, data);
    draw(&app, &mut term);
    count.0.borrow()[before..].to_vec()
}

/// The bytes with escapes made visible, one command per line, to see where they go.
fn escaped(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.replace('\x1b', "\n\\e")
}

fn main() {
    // the allocator settings of the TUI (see `simpul::malloc`)
    simpul::malloc::tune_for_one_user();
    let big = data(100_000);
    let screenful = data(100);
    let small = data(10);
    let moved = bytes_per_move(&big, 80, 24, Highlight::Bar, Lean::new);
    let stock = bytes_per_move(&big, 80, 24, Highlight::Bar, CrosstermBackend::new);
    let before = bytes_per_move(&big, 80, 24, Highlight::WholeRow, CrosstermBackend::new);
    let small_moved = bytes_per_move(&small, 80, 24, Highlight::Bar, Lean::new);
    println!("bytes written for one cursor move at 80x24, 100k clients: {}", moved.len());
    println!(
        "  baselines, same run: through ratatui's CrosstermBackend {} bytes ({:.2}x); the whole row highlighted through it {} bytes ({:.2}x); 10 clients: {} bytes",
        stock.len(),
        moved.len() as f64 / stock.len() as f64,
        before.len(),
        moved.len() as f64 / before.len() as f64,
        small_moved.len()
    );
    // SIMPUL_SHOW_BYTES=1: what those bytes are
    if std::env::var_os("SIMPUL_SHOW_BYTES").is_some() {
        println!("now:{}\n\nCrosstermBackend:{}\n\nwhole row:{}", escaped(&moved), escaped(&stock), escaped(&before));
    }

    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("key_to_frame_200x60");
    for (label, d) in [
        ("100k-row client list", &big),
        ("baseline: 100-row client list (a screenful)", &screenful),
        ("baseline: 10-row client list", &small),
    ] {
        let mut app = app(d, 200, 60);
        let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
        let mut down = true;
        g.bench_function(label, |b| {
            b.iter(|| {
                // move within the first pages, both directions, as browsing does
                let at = app.list().selected;
                if at >= 40 {
                    down = false;
                } else if at == 0 {
                    down = true;
                }
                update(&mut app, if down { Action::Down } else { Action::Up }, d);
                term.draw(|f| view(&app, d, f)).unwrap();
                black_box(term.backend().buffer().area.width)
            })
        });
    }
    g.finish();

    // Ordering the whole list again, as after loading or a save: by name
    // (a text column, compared case-blind) against the id order (no sort).
    let mut g = c.benchmark_group("order_100k_clients");
    for (label, column) in [("by name", 1), ("baseline: by id (no sort)", 0)] {
        let mut app = app(&big, 200, 60);
        app.lists[RecordKind::Client.index()].sort.column = column;
        g.bench_function(label, |b| b.iter(|| update::resort_plain(&mut app, &big, RecordKind::Client)));
    }
    g.finish();
    c.final_summary();
}
