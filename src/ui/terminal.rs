//! The terminal around the interface: setup and restore, the panic hook,
//! signals, and the event loop.
//!
//! [`Session`] is one interface over a store, independent of any terminal:
//! it takes crossterm events and draws on any ratatui backend. [`drive`] is
//! the loop over an event source and a `Terminal`, so the SSH server can run
//! the same session with its own writer, size and input. [`run`] wires both
//! to the process's own terminal.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};
use crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use ratatui::backend::Backend;

use super::Options;
use super::app::{App, Screen, StatusMsg};
use super::casework::load::{Job, Jobs, load_agenda, load_figures};
use super::casework::{self, CaseworkOptions};
use super::data::{self, UiData};
use super::filter::{self, Searcher};
use super::keys;
use super::layer::{Input, Loaded};
use super::update::{self, Effect};
use super::view::view;
use crate::action::Action;
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::keymap::{Dispatch, Dispatcher, Key, Keymap};
use crate::model::RecordKind;
use crate::model::RecordRef;
use crate::search::SearchIndex;
use crate::ui::data::{Actor, Store, StoreError};
use std::sync::mpsc::Receiver;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A signal (SIGTERM, SIGHUP …) ended it; the number.
    Signal(i32),
}

/// One interface over a store: state, loaded data and what to do next.
pub struct Session {
    /// Interface state.
    pub app: App,
    /// Rows and details.
    pub data: UiData,
    store: Store,
    actor: Actor,
    /// The store's clock in the user's zone: the session's today follows it.
    clock: crate::clock::Clock,
    dispatcher: Dispatcher,
    demo: (usize, u64),
    pending_demo: bool,
    failed_detail: Option<RecordRef>,
    /// The search index being built, and the store generation it was started at.
    indexing: Option<(u64, Receiver<IndexBuilt>)>,
    /// The first rows, being read on a thread (a large database).
    rows: Option<Receiver<UiData>>,
    /// A large database: rows were read on a thread, the agenda waits for its tab.
    large: bool,
    /// Runs an outside editor on a text, when this session has a terminal of its own.
    pub editor: Option<EditorFn>,
    /// The screen was used by something else (the editor): draw all of it again.
    pub clear_screen: bool,
    /// The client whose opening was last logged.
    last_viewed: Option<RecordRef>,
    /// The line selected in the details before a reload, to select again.
    reselect: Option<(RecordRef, data::Sel, String)>,
    /// Times the rows were read again whole after a write (tests tell the
    /// in-place path from the whole read by it).
    pub(crate) whole_reloads: u64,
    /// This session in the view log: process and session number.
    session_id: String,
    /// Agenda settings, export directory, SSH or not.
    casework: CaseworkOptions,
    /// The agenda and figures being computed.
    jobs: Jobs,
}

/// Why the outside editor gave nothing back.
#[derive(Debug)]
pub enum EditorError {
    /// It could not be started, or its file not read: the command and the error.
    Run(String, io::Error),
    /// It ended with a failure status (the user quit without saving, as `:cq` in vim).
    Status(Option<i32>),
}

/// Suspends the interface, edits a text in the user's editor, resumes.
pub type EditorFn = Box<dyn FnMut(&str) -> Result<String, EditorError> + Send>;

impl Session {
    /// A session on a store, for a terminal of the given size.
    pub fn new(store: Store, opts: &Options, width: u16, height: u16) -> Session {
        // A large database is read on a thread, so that the first frame
        // (the lists saying "loading…") does not wait for it; a small one
        // is read at once, which is quicker than a second frame.
        let background = data::stored_count(&store, crate::model::RecordKind::Client) >= ROWS_ON_THREAD_FROM;
        let wait = match background && data::early_rows_coming() {
            true => FIRST_ROWS_WAIT,
            false => Duration::ZERO,
        };
        Session::start(store, opts, width, height, background, wait)
    }

    /// [`Session::new`], with the rows read on a thread or not.
    /// The first frame waits up to `first_wait` for rows read on a thread
    /// ([`Session::await_first`]).
    pub(crate) fn start(
        store: Store,
        opts: &Options,
        width: u16,
        height: u16,
        background: bool,
        first_wait: Duration,
    ) -> Session {
        let db_label = data::db_path(&store).display().to_string();
        let clock = data::clock_for(&store, &opts.actor);
        let mut app =
            App::new(opts.lang, opts.theme, Arc::clone(&opts.keymap), db_label, opts.actor.name.clone(), &clock);
        app.read_only = opts.actor.role == crate::model::Role::Viewer;
        app.is_admin = opts.actor.role == crate::model::Role::Admin;
        app.partner = opts.actor.role == crate::model::Role::Partner;
        app.role = opts.actor.role;
        app.supervisor = opts.actor.supervisor;
        app.officer = opts.actor.officer.clone();
        let data = if background {
            UiData::loading(data::generation(&store))
        } else {
            UiData::load(&scoped_or_empty(&store, &opts.actor))
        };
        update::resize(&mut app, width, height);
        update::sync(&mut app, &data);
        // an officer's lists open on their own clients
        super::caseload::start(&mut app, &data);
        let mut s = Session {
            app,
            data,
            store,
            actor: opts.actor.clone(),
            clock,
            dispatcher: Dispatcher::new(Keymap::clone(&opts.keymap)),
            demo: (opts.demo_clients, opts.demo_seed),
            pending_demo: false,
            failed_detail: None,
            indexing: None,
            rows: None,
            large: background,
            editor: None,
            clear_screen: false,
            last_viewed: None,
            reselect: None,
            whole_reloads: 0,
            session_id: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                format!("{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
            },
            casework: CaseworkOptions::default(),
            jobs: Jobs::default(),
        };
        s.load_prefs();
        s.offer_draft();
        if background {
            s.start_loading();
            if !first_wait.is_zero() {
                s.await_first(first_wait);
            }
        } else {
            s.start_indexing(true);
        }
        s.refresh();
        s
    }

    /// Lets the notes field be edited in an outside editor (a session with
    /// a terminal of its own).
    pub fn set_editor(&mut self, editor: EditorFn) {
        self.editor = Some(editor);
        self.app.editor = true;
    }

    /// Reads the search index (kept, shared or built) and makes the
    /// clients' rows from it, on one thread: the rows share the index's
    /// names, and the summaries are read at most once, to build the index.
    /// Both arrive together: search is ready when the list is.
    fn start_loading(&mut self) {
        let (scoped, today) = (self.scoped(), self.app.today);
        let generation = data::view_generation(&scoped);
        let (rows_tx, rows_rx) = std::sync::mpsc::channel();
        let (index_tx, index_rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut got = None;
            let rows = UiData::load_with(&scoped, || {
                let index = got.insert(SearchIndex::for_session(&scoped, today, true));
                index.as_ref().ok().cloned()
            });
            let index = got.unwrap_or_else(|| SearchIndex::for_session(&scoped, today, true));
            let _ = rows_tx.send(rows);
            let _ = index_tx.send(index);
        });
        self.rows = Some(rows_rx);
        self.indexing = Some((generation, index_rx));
    }

    /// Waits up to `limit` for the first rows and the search index, which
    /// come moments after the database is open when they were read as it
    /// opened ([`data::read_early`]): the first frame then shows the list,
    /// with search ready, rather than "loading…" for a few milliseconds.
    fn await_first(&mut self, limit: Duration) {
        let until = std::time::Instant::now() + limit;
        let left = || until.saturating_duration_since(std::time::Instant::now());
        match self.rows.as_ref().map(|rx| rx.recv_timeout(left())) {
            Some(Ok(data)) => self.take_rows(data),
            _ => return,
        }
        let index = match &self.indexing {
            Some((_, rx)) => rx.recv_timeout(left()),
            None => return,
        };
        if let Ok(index) = index {
            self.take_index(index);
        }
    }

    /// Takes the first rows when their thread is done; true when they arrived.
    fn poll_rows(&mut self, wait: bool) -> bool {
        let Some(rx) = &self.rows else { return false };
        let got = if wait { rx.recv().ok() } else { rx.try_recv().ok() };
        let data = match got {
            Some(data) => data,
            // the thread died: read them here rather than show nothing
            None if wait || matches!(rx.try_recv(), Err(std::sync::mpsc::TryRecvError::Disconnected)) => {
                UiData::load(&self.scoped())
            }
            None => return false,
        };
        self.take_rows(data);
        true
    }

    /// Shows the first rows.
    fn take_rows(&mut self, data: UiData) {
        self.rows = None;
        let searcher = self.data.search.take();
        let casework = std::mem::take(&mut self.data.casework);
        self.data = data;
        self.data.search = searcher.map(|s| Searcher::new(s.index, &self.data));
        self.data.casework = casework;
        self.input(Input::Loaded(Loaded::Rows));
    }

    /// Builds the search index on a thread of its own: at 100 000 clients
    /// it takes longer than a frame, and the first frame must not wait.
    /// Sessions and commands of one process over the same store (the SSH
    /// server's) share it (see [`SearchIndex::for_session`]). The index
    /// kept in the database is read when current; one built is kept (with
    /// `keep`) at the start and when the day turns, not after every change,
    /// each of which would write the whole index again.
    fn start_indexing(&mut self, keep: bool) {
        let (scoped, today) = (self.scoped(), self.app.today);
        let generation = data::view_generation(&scoped);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(SearchIndex::for_session(&scoped, today, keep));
        });
        self.indexing = Some((generation, rx));
    }

    /// Takes the index when its thread is done; true when it arrived.
    fn poll_index(&mut self, wait: bool) -> bool {
        let Some((_, rx)) = &self.indexing else { return false };
        let got = if wait { rx.recv().ok() } else { rx.try_recv().ok() };
        let Some(result) = got else { return false };
        self.take_index(result);
        true
    }

    /// Takes the search index (or why it could not be had).
    fn take_index(&mut self, result: Result<Arc<SearchIndex>, StoreError>) {
        let Some((built_at, _)) = self.indexing.take() else { return };
        let mut stale = built_at != data::generation(&self.store);
        match result {
            Ok(index) => {
                stale |= index.today() != self.app.today;
                self.data.search = Some(Searcher::new(index, &self.data));
                self.input(Input::Loaded(Loaded::Index));
            }
            Err(e) => {
                let msg = e.message(self.app.lang);
                self.input(Input::Loaded(Loaded::Failed(msg)));
            }
        }
        if stale {
            self.start_indexing(false);
        }
    }

    /// Waits until the list rows are loaded (tests and benchmarks).
    pub fn wait_for_rows(&mut self) {
        while self.rows.is_some() {
            self.poll_rows(true);
        }
    }

    /// Waits until the search index is ready (tests and benchmarks).
    pub fn wait_for_index(&mut self) {
        while self.indexing.is_some() {
            self.poll_index(true);
        }
    }

    /// Sets the agenda's day counts, the export directory and whether the
    /// session is remote; the agenda is computed again with the new counts.
    pub fn set_casework(&mut self, options: CaseworkOptions) {
        if options.agenda != self.casework.agenda {
            self.data.casework.agenda_of = None;
            self.jobs.agenda = None;
        }
        self.app.risk_names = options.risk_names.clone();
        self.casework = options;
        self.refresh();
    }

    /// Starts computing the agenda when the store or the day changed, and
    /// the figures when the dashboard is shown and they are not those of
    /// its filter and the store.
    fn start_casework(&mut self) {
        let generation = self.data.generation;
        let key = (generation, self.app.today, super::caseload::agenda_officer(&self.app));
        // The agenda reads every case file. A small database computes it at
        // once (the tab bar counts late items); a large one only when its
        // tab is opened, never while the session starts.
        let wanted = self.app.screen == Screen::Agenda || (!self.large && self.rows.is_none());
        if wanted
            && self.data.casework.agenda_of.as_ref() != Some(&key)
            && self.jobs.agenda.as_ref().is_none_or(|j| j.key != key)
        {
            let (store, settings) = (self.scoped(), self.casework.agenda);
            let (today, mine) = (key.1, key.2.clone());
            self.jobs.agenda = Some(Job::start(key, data::db_path(&self.store), move || {
                load_agenda(&store, today, &settings, mine.as_deref())
            }));
        }
        let key = (generation, self.app.dashboard.filter.clone());
        if self.app.screen == Screen::Dashboard
            && self.data.casework.figures_of.as_ref() != Some(&key)
            && self.jobs.figures.as_ref().is_none_or(|j| j.key != key)
        {
            let (store, filter, today) = (self.scoped(), key.1.clone(), self.app.today);
            self.jobs.figures =
                Some(Job::start(key, data::db_path(&self.store), move || load_figures(&store, &filter, today)));
        }
    }

    /// Takes the agenda and figures computed; true when any arrived.
    fn poll_casework(&mut self, wait: bool) -> bool {
        let mut arrived = false;
        if let Some(job) = &self.jobs.agenda
            && let Some(result) = job.poll(wait)
        {
            let key = job.key.clone();
            self.jobs.agenda = None;
            // the key is set on failure too: the same failure is not retried every tick
            self.data.casework.agenda_of = Some(key);
            match result {
                Ok(items) => self.data.casework.agenda = Some(items),
                Err(e) => {
                    let msg = e.message(self.app.lang);
                    self.input(Input::Loaded(Loaded::Failed(msg)));
                }
            }
            arrived = true;
        }
        if let Some(job) = &self.jobs.figures
            && let Some(result) = job.poll(wait)
        {
            let key = job.key.clone();
            self.jobs.figures = None;
            self.data.casework.figures_of = Some(key);
            match result {
                Ok(f) => self.data.casework.figures = Some(f),
                Err(e) => {
                    let msg = e.message(self.app.lang);
                    self.input(Input::Loaded(Loaded::Failed(msg)));
                }
            }
            arrived = true;
        }
        if arrived {
            self.input(Input::Loaded(Loaded::Casework));
        }
        arrived
    }

    /// Waits until the agenda (and the figures, on the dashboard) are computed (tests).
    pub fn wait_for_casework(&mut self) {
        self.start_casework();
        while self.jobs.busy() {
            self.poll_casework(true);
            self.start_casework();
        }
    }

    fn export(&mut self, what: crate::action::ExportWhat) {
        // the monthly report: officers and administrators only, for a month asked first
        if what.is_report() {
            if !crate::casework::monthly::may_report(self.actor.role) {
                return self.app.error(crate::i18n::report::refused(self.app.lang));
            }
            let month = crate::casework::monthly::Month::of(self.app.today).to_string();
            let mut prompt = super::app::Prompt::new(super::app::PromptKind::ReportMonth(what));
            prompt.line = filter::LineEdit::new(&month);
            self.app.prompt = Some(prompt);
            return;
        }
        self.ask_passphrase(what);
    }

    /// Asks the passphrase of an export of client data, or writes an export that holds none.
    pub(crate) fn ask_passphrase(&mut self, what: crate::action::ExportWhat) {
        // client data with its sensitive fields: a passphrase (or the clear, said) first
        if casework::export::sensitive(&self.app, &self.data, what) {
            self.app.prompt = Some(super::app::Prompt::new(super::app::PromptKind::Export(what)));
            return;
        }
        self.export_with(what, None);
    }

    /// Writes an export, sealed with the passphrase when one is given.
    pub fn export_with(&mut self, what: crate::action::ExportWhat, passphrase: Option<&str>) {
        let scoped = self.scoped();
        let result = casework::export::run(
            &self.app,
            &self.data,
            &scoped,
            &self.store,
            &self.actor,
            &self.casework,
            what,
            passphrase,
        );
        match result {
            Ok(mut msg) => {
                // over ssh: the line that puts the same file on the user's own machine, copied for them
                let sealed = casework::export::sensitive(&self.app, &self.data, what)
                    .then(|| passphrase.is_some_and(|p| !p.is_empty()));
                if let Some(line) = casework::export::ssh_line(&self.app, &self.data, &self.casework, what, sealed) {
                    msg.push(' ');
                    msg.push_str(&fill(self.app.t(Ui::OnYourComputer), &[("command", &line)]));
                    self.app.clipboard = Some(line);
                }
                self.app.info(msg)
            }
            Err(msg) => self.app.error(msg),
        }
    }

    /// Reads the user's search history and saved filters; unreadable ones start empty.
    fn load_prefs(&mut self) {
        let user = &self.actor.name;
        self.app.filter.history =
            data::read_pref(&self.store, user, filter::PREF_HISTORY).ok().flatten().unwrap_or_default();
        self.app.filter.saved =
            data::read_pref(&self.store, user, filter::PREF_SAVED).ok().flatten().unwrap_or_default();
    }

    /// Keeps the open form's input, if it changed anything, for the user's
    /// next session (this one is being ended from outside); whether it did.
    pub fn keep_draft(&mut self) -> bool {
        use super::form::draft::{Draft, PREF_DRAFT};
        let Some(draft) = self.app.form.as_deref().and_then(Draft::of) else { return false };
        data::write_pref(&self.store, &self.actor.name, PREF_DRAFT, &Some(draft.by(&self.actor))).is_ok()
    }

    /// Opens the form a session ended from outside left, as it was left:
    /// offered once, saved only if the user saves it.
    fn offer_draft(&mut self) {
        use super::form::draft::{Draft, PREF_DRAFT};
        let user = self.actor.name.clone();
        let Ok(Some(Some(draft))) = data::read_pref::<Option<Draft>>(&self.store, &user, PREF_DRAFT) else { return };
        if data::write_pref(&self.store, &user, PREF_DRAFT, &None::<Draft>).is_err() || self.app.read_only {
            return;
        }
        // a login of the same name under another role is not shown what the draft holds
        if !draft.is_for(&self.actor) {
            return;
        }
        let data = &self.data;
        let names = |k: crate::model::RecordKind, id: u64| super::form::row_name(data, RecordRef::new(k, id));
        self.app.form = Some(Box::new(draft.into_form(&names, self.app.today)));
        self.app.info(self.app.t(Ui::DraftOffered));
    }

    /// Speaks `lang` from now on (the details are loaded again in it) and
    /// remembers it for the user's next session, local or over ssh.
    fn switch_language(&mut self, lang: crate::i18n::Lang) {
        self.app.lang = lang;
        match data::write_pref(&self.store, &self.actor.name, PREF_LANG, &lang.code()) {
            Ok(()) => self.app.info(self.app.t(Ui::LanguageSwitched)),
            Err(e) => {
                let msg = fill(self.app.t(Ui::LanguageNotSaved), &[("error", &e.message(lang))]);
                self.app.error(msg);
            }
        }
    }

    fn save_prefs(&mut self) {
        let user = &self.actor.name;
        let result = data::write_pref(&self.store, user, filter::PREF_HISTORY, &self.app.filter.history)
            .and_then(|()| data::write_pref(&self.store, user, filter::PREF_SAVED, &self.app.filter.saved));
        if let Err(e) = result {
            let msg = fill(self.app.t(Ui::PrefsNotSaved), &[("error", &e.message(self.app.lang))]);
            self.app.error(msg);
        }
    }

    /// Handles one terminal event; `Some` when the session ends.
    pub fn handle(&mut self, ev: &Event) -> Option<Exit> {
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                let ctx = keys::context(&self.app, &self.data);
                // the which-key box lives only as long as its sequence
                self.app.popups.which_key = None;
                match self.dispatcher.feed(ctx, Key::from_event(k)) {
                    Dispatch::Action(action, count) => {
                        // a count repeats movements (vim's 5j); other actions run once
                        let n = if is_movement(action) { count.unwrap_or(1).clamp(1, 10_000) } else { 1 };
                        for _ in 0..n {
                            if let Some(exit) = self.input(Input::Action(action)) {
                                return Some(exit);
                            }
                        }
                    }
                    Dispatch::Pending { keys, count, continuations } => {
                        let mut text: Vec<String> = count.map(|c| c.to_string()).into_iter().collect();
                        text.extend(keys.iter().map(Key::to_string));
                        self.app.pending = Some(format!("{} …", text.join(" ")));
                        if !continuations.is_empty() {
                            self.app.popups.which_key = Some(super::whichkey::WhichKey { keys, continuations });
                        }
                    }
                    Dispatch::Cancelled => self.app.pending = None,
                    Dispatch::Unbound(key) => return self.input(Input::Text(key)),
                }
            }
            Event::Resize(w, h) => return self.input(Input::Resize(*w, *h)),
            Event::Paste(text) => return self.input(Input::Paste(text.clone())),
            _ => {}
        }
        None
    }

    /// Applies one input through [`update::input`] and carries out its effect.
    fn input(&mut self, input: Input) -> Option<Exit> {
        match update::input(&mut self.app, input, &self.data) {
            Effect::Quit => return Some(Exit::Quit),
            Effect::LoadDemo => {
                self.app.info(self.app.t(Ui::DemoLoading));
                self.pending_demo = true;
            }
            Effect::SavePrefs => self.save_prefs(),
            Effect::Language(lang) => self.switch_language(lang),
            Effect::Form(op) => self.form_op(op),
            Effect::Export(what) => self.export(what),
            Effect::Report(r, mark) => self.report(r, mark),
            Effect::Prompt(p) => self.answer_prompt(*p),
            Effect::Users(op) => {
                // said on the status line; nothing to ask again
                let _ = self.write_user(op);
            }
            Effect::Purge(r, part) => self.ask_purge(r, part),
            Effect::OpenDocument(id) => self.open_document(id),
            Effect::Attach(r) => self.ask_attach(r),
            Effect::CheckIn(op) => self.check_in(op),
            Effect::None => {}
        }
        None
    }

    /// Runs work the last event asked for (loading the demo data).
    pub fn run_pending(&mut self) {
        if !std::mem::take(&mut self.pending_demo) {
            return;
        }
        let lang = self.app.lang;
        match data::load_demo(&self.store, &self.actor, self.demo.0, self.demo.1) {
            Ok(n) => self.app.info(fill(
                Ui::DemoLoaded.text(lang),
                &[
                    ("clients", &crate::i18n::count(lang, n.clients, crate::i18n::Noun::Client)),
                    ("stakeholders", &crate::i18n::count(lang, n.stakeholders, crate::i18n::Noun::Partner)),
                    ("events", &crate::i18n::count(lang, n.events, crate::i18n::Noun::Event)),
                ],
            )),
            Err(e) => self.app.error(e.message(lang)),
        }
    }

    /// How exports and documents behave in this session (SSH or not).
    pub(crate) fn casework_options(&self) -> &CaseworkOptions {
        &self.casework
    }

    /// The largest document this session adds, in bytes.
    pub(crate) fn document_limit(&self) -> u64 {
        self.casework.documents.max_bytes()
    }

    /// The store this session reads.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Who is working in this session.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The store as this session's user may see it.
    pub fn scoped(&self) -> crate::ui::data::Scoped {
        scoped_or_empty(&self.store, &self.actor)
    }

    /// Whether work is waiting for [`Session::run_pending`].
    pub fn has_pending(&self) -> bool {
        self.pending_demo
    }

    /// Reloads rows when the store changed and the details on screen when
    /// the selection moved. True when anything was reloaded.
    pub fn refresh(&mut self) -> bool {
        let mut changed = self.turn_day();
        changed |= self.poll_rows(false);
        let stale = self.rows.is_none() && data::generation(&self.store) != self.data.generation;
        // rows another session already read for this generation are shared, not patched
        if stale && !UiData::shared_ready(&self.scoped()) && self.apply_changes() {
            changed = true;
        } else if stale {
            // the old index serves (mapped by id) until the new one is built
            let searcher = self.data.search.take();
            // the last agenda and figures show until the new ones are computed
            let casework = std::mem::take(&mut self.data.casework);
            self.reselect = self.selected_line();
            self.data = UiData::load(&self.scoped());
            self.whole_reloads += 1;
            self.data.search = searcher.map(|s| Searcher::new(s.index, &self.data));
            self.data.casework = casework;
            self.failed_detail = None;
            // positions may have moved: every filter runs again (resort)
            update::sync(&mut self.app, &self.data);
            self.notice_changes();
            if self.indexing.is_none() {
                self.start_indexing(false);
            }
            changed = true;
        }
        changed |= self.poll_index(false);
        changed |= self.load_audit();
        changed |= self.load_users();
        self.start_casework();
        changed |= self.poll_casework(false);
        let want = update::wanted_detail(&self.app, &self.data);
        // a record that could not be opened is tried again once the user comes back to it
        if self.failed_detail.is_some() && want != self.failed_detail {
            self.failed_detail = None;
        }
        let have = self.data.detail.as_ref().map(|d| (d.target, d.lang));
        if let Some(target) = want
            && have != Some((target, self.app.lang))
            && self.failed_detail != Some(target)
        {
            // opening a case file is logged (once per opening, not per reload),
            // before anything of it is shown: unrecorded, it is not opened
            let first_view = target.kind == crate::model::RecordKind::Client && self.last_viewed != Some(target);
            let logged = if first_view {
                self.store
                    .log_view(&self.actor.name, target.id, &self.session_id)
                    .map(|()| self.last_viewed = Some(target))
            } else {
                Ok(())
            };
            let loaded = logged
                .map_err(|e| {
                    fill(
                        crate::i18n::ui::Ui::ViewNotLogged.text(self.app.lang),
                        &[("error", &e.message(self.app.lang))],
                    )
                })
                .and_then(|()| {
                    data::load_detail(
                        &self.scoped(),
                        &self.data,
                        target,
                        self.app.lang,
                        &self.app.risk_names,
                        self.app.today,
                        self.app.zone,
                    )
                    .map_err(|e| e.message(self.app.lang))
                });
            match loaded {
                Ok(d) => {
                    self.data.detail = Some(d);
                    let reselect =
                        self.reselect.take().filter(|(t, ..)| *t == target).map(|(_, sel, text)| (sel, text));
                    self.input(Input::Loaded(Loaded::Detail(reselect)));
                }
                Err(msg) => {
                    self.failed_detail = Some(target);
                    self.input(Input::Loaded(Loaded::Failed(msg)));
                }
            }
            changed = true;
        }
        changed
    }

    /// Moves the session to the clock's today when midnight has passed:
    /// new entries get the new date, the agenda and the case file on
    /// screen are worked out again, and the index counts reporting to the
    /// new day. True when the day moved.
    fn turn_day(&mut self) -> bool {
        let today = self.clock.today();
        if today == self.app.today {
            return false;
        }
        self.app.today = today;
        if let Some(form) = &mut self.app.form {
            form.today = today;
        }
        // a partner's view changes with the day (a referral's grace ends): read it again
        if !data::is_full_view(&self.scoped()) {
            self.data.generation = u64::MAX;
        }
        // the case file's standing and next reporting day count to today
        self.data.detail = None;
        self.failed_detail = None;
        self.reselect = self.selected_line();
        if self.rows.is_none() && self.indexing.is_none() {
            self.start_indexing(true);
        }
        true
    }

    /// Reads the audit entries when the audit tab shows and they are stale.
    fn load_audit(&mut self) -> bool {
        if self.app.screen != super::app::Screen::Audit || !self.app.is_admin {
            return false;
        }
        // keyed by the log's length: an entry alone does not advance the generation
        let want = (self.store.audit_len(), self.app.audit.applied.clone());
        if self.data.audit.as_ref().is_some_and(|r| r.of == want) {
            return false;
        }
        let Ok(filter) = super::audit::parse(&want.1, self.app.today) else { return false };
        match data::audit(&self.scoped(), &filter, super::audit::LIMIT) {
            Ok((entries, more)) => {
                self.data.audit = Some(super::audit::AuditRows { entries, more, of: want });
                let n = self.data.audit.as_ref().map_or(0, |r| r.entries.len());
                self.app.audit.selected = self.app.audit.selected.min(n.saturating_sub(1));
            }
            Err(e) => {
                // said once; the tab stays empty
                self.data.audit = Some(super::audit::AuditRows { entries: Vec::new(), more: false, of: want });
                self.app.error(e.message(self.app.lang));
            }
        }
        true
    }

    /// Reads the users when the users tab shows and they are stale.
    fn load_users(&mut self) -> bool {
        if self.app.screen != super::app::Screen::Users || !self.app.is_admin {
            return false;
        }
        let generation = data::generation(&self.store);
        if self.data.users.as_ref().is_some_and(|r| r.of == generation) {
            return false;
        }
        let users = match data::load_users(&self.scoped()) {
            Ok(users) => users,
            Err(e) => {
                // said once; the tab stays empty
                self.app.error(e.message(self.app.lang));
                Vec::new()
            }
        };
        self.data.users = Some(super::users::UserRows { users, of: generation });
        super::users::keep_shown(&mut self.app, &self.data);
        true
    }

    /// Makes a change to the users as this session's user; a refused one
    /// is said in the store's words, nothing is stored, and it is handed back.
    pub fn write_user(
        &mut self,
        op: super::users::UserOp,
    ) -> Result<(), Box<(super::users::UserOp, crate::users::UserError)>> {
        let lang = self.app.lang;
        match data::write_user(&self.store, &self.actor, op.clone()) {
            Ok(u) => {
                self.refresh();
                // the new user is selected
                if let Some(i) = self.data.users.as_ref().and_then(|r| r.users.iter().position(|x| x.name == u.name)) {
                    self.app.users.selected = i;
                    super::users::keep_shown(&mut self.app, &self.data);
                }
                let said = super::users::done(&self.app, &op, &u);
                self.app.info(said);
                Ok(())
            }
            Err(e) => {
                self.app.error(e.message(lang));
                Err(Box::new((op, e)))
            }
        }
    }

    /// The line selected in the details, to select again after a reload
    /// though lines move.
    fn selected_line(&self) -> Option<(RecordRef, data::Sel, String)> {
        let d = self.data.detail.as_ref()?;
        let i = self.app.line()?;
        d.selectables().nth(i).map(|(text, s)| (d.target, s, text.to_string()))
    }

    /// Brings a few records written since the rows were read into the rows
    /// and the search index in place, instead of reading both again whole
    /// (at 100k clients a save cost 0.7 s and held two copies of both for a
    /// moment). False, with nothing changed, when they must be read whole.
    fn apply_changes(&mut self) -> bool {
        // an index or rows another session shares, or an index being built, are not
        // changed in place: a copy for one session would end the sharing
        if self.indexing.is_some()
            || self.data.search.as_ref().is_some_and(|s| Arc::strong_count(&s.index) > 1)
            || Arc::strong_count(&self.data.clients) > 1
        {
            return false;
        }
        let reselect = self.selected_line();
        let scoped = self.scoped();
        // before the changes are read: the index holds at least every write up to it
        let stamp = scoped.writes();
        // each list's last row: still at its position after the change means no
        // row was put before it, so the changed rows are all that moved
        let lasts = RecordKind::LISTED.map(|t| self.data.len(t).checked_sub(1).map(|p| (p, self.data.id_at(t, p))));
        let Some(changed) = self.data.apply_changes(&scoped) else { return false };
        if let Some(searcher) = self.data.search.take() {
            let mut index = searcher.index;
            let idx = Arc::make_mut(&mut index);
            for c in &changed {
                match c {
                    data::Changed::Client(c) => {
                        let referrals = data::referrals_of_client(&scoped, c.id()).unwrap_or_default();
                        idx.upsert_client(c, &referrals);
                    }
                    data::Changed::Stakeholder(s) => idx.upsert_stakeholder(s),
                    data::Changed::Event(e) => idx.upsert_event(e),
                    data::Changed::Referrals(client, referrals) => idx.set_client_referrals(*client, referrals),
                }
            }
            SearchIndex::share(&scoped, stamp, &index);
            self.data.search = Some(Searcher::new(index, &self.data));
        }
        self.reselect = reselect;
        // the details on screen are read again (they may be one of the records)
        self.data.detail = None;
        self.failed_detail = None;
        let kept = RecordKind::LISTED
            .iter()
            .zip(lasts)
            .all(|(t, last)| last.is_none_or(|(p, id)| self.data.id_at(*t, p) == id));
        let loaded = if kept {
            let tabs = RecordKind::LISTED.iter().map(|&tab| {
                let positions: Vec<u32> = (changed.iter().filter_map(data::Changed::row))
                    .filter(|r| r.kind == tab)
                    .filter_map(|r| self.data.position(r).and_then(|p| u32::try_from(p).ok()))
                    .collect();
                (tab, positions)
            });
            Loaded::Changed(tabs.collect())
        } else {
            Loaded::Rows
        };
        self.input(Input::Loaded(loaded));
        self.notice_changes();
        true
    }

    /// Draws the current state.
    pub fn draw<B: Backend>(&self, term: &mut Terminal<B>) -> io::Result<()> {
        term.draw(|f| view(&self.app, &self.data, f)).map(|_| ()).map_err(|e| io::Error::other(e.to_string()))
    }
}

/// What the index thread sends back.
type IndexBuilt = Result<Arc<SearchIndex>, StoreError>;

fn is_movement(a: Action) -> bool {
    matches!(
        a,
        Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::HalfPageUp
            | Action::HalfPageDown
            | Action::NextLink
            | Action::PrevLink
    )
}

/// The store as `actor` may see it (see [`data::view_of`]).
fn scoped_or_empty(store: &Store, actor: &Actor) -> crate::ui::data::Scoped {
    data::view_of(store, actor)
}

/// How long the first frame waits for rows made as the database opened
/// (see [`Session::await_first`]): they take a few milliseconds more than
/// sled's open at 100 000 clients; if they are not there by then, they are
/// being made anew (the index kept was not current) and "loading…" shows.
const FIRST_ROWS_WAIT: Duration = Duration::from_millis(25);

/// From this many clients, a session reads its rows on a thread (see [`Session::new`]).
pub const ROWS_ON_THREAD_FROM: u64 = 5_000;

/// The user preference holding the language the user chose in a session.
pub const PREF_LANG: &str = "language";

/// The language `user` last chose in a session, if any (and readable).
pub fn remembered_lang(store: &Store, user: &str) -> Option<crate::i18n::Lang> {
    data::read_pref::<String>(store, user, PREF_LANG).ok().flatten().and_then(|code| crate::i18n::Lang::parse(&code))
}

/// How often the loop wakes without input, to notice signals and changes
/// made by other sessions.
const TICK: Duration = Duration::from_millis(200);

/// The escape sequence that asks the terminal to put `text` on the
/// clipboard (OSC 52); a terminal that does not allow it ignores it.
pub fn osc52(text: &str) -> String {
    use base64::Engine as _;
    format!("\x1b]52;c;{}\x07", base64::engine::general_purpose::STANDARD.encode(text))
}

/// Runs a session until it ends: draws, waits for an event (or a tick),
/// handles it. `next_event` waits at most the given time; `stop` holds a
/// signal number once one arrived.
pub fn drive<B: Backend + io::Write>(
    term: &mut Terminal<B>,
    session: &mut Session,
    mut next_event: impl FnMut(Duration) -> io::Result<Option<Event>>,
    stop: &AtomicUsize,
) -> io::Result<Exit> {
    let mut dirty = true;
    loop {
        let sig = stop.load(Ordering::SeqCst);
        if sig != 0 {
            return Ok(Exit::Signal(i32::try_from(sig).unwrap_or(0)));
        }
        dirty |= session.refresh();
        if dirty {
            session.draw(term)?;
            dirty = false;
        }
        if let Some(text) = session.app.clipboard.take() {
            let out = term.backend_mut();
            out.write_all(osc52(&text).as_bytes())?;
            io::Write::flush(out)?;
        }
        if session.has_pending() {
            session.run_pending();
            dirty = true;
            continue;
        }
        let ev = match next_event(TICK) {
            Ok(ev) => ev,
            // a read interrupted by a signal, or a vanished terminal after one
            Err(_) if stop.load(Ordering::SeqCst) != 0 => continue,
            Err(e) => return Err(e),
        };
        if let Some(ev) = ev {
            if let Event::Resize(w, h) = ev {
                // the size comes with the event: over SSH there is no local
                // terminal to ask, and locally it is the same answer
                term.resize(ratatui::layout::Rect::new(0, 0, w, h)).map_err(|e| io::Error::other(e.to_string()))?;
            }
            if let Some(exit) = session.handle(&ev) {
                return Ok(exit);
            }
            if std::mem::take(&mut session.clear_screen) {
                // the editor drew over the screen: ratatui's diff would miss
                // it. Terminal::clear would ask the terminal for the cursor
                // position, which not every terminal answers; a blank frame
                // makes the next one draw every cell instead.
                let err = |e: B::Error| io::Error::other(e.to_string());
                term.backend_mut().clear_region(ratatui::backend::ClearType::All).map_err(err)?;
                term.draw(|f| f.render_widget(ratatui::widgets::Clear, f.area())).map_err(err)?;
            }
            dirty = true;
        }
    }
}

/// Puts the terminal back as it was: best effort, for every way out.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(out, event::DisableBracketedPaste, terminal::LeaveAlternateScreen, cursor::Show);
    let _ = out.flush();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Reads terminal events on a thread of their own, so that the loop keeps
/// its tick even when a read never returns: crossterm spins on a hung-up
/// terminal (a dropped SSH connection) instead of failing, and the loop must
/// still see the SIGHUP and restore what it can.
///
/// The reader can be paused (while an outside editor owns the terminal, it
/// must not take the editor's keys): it polls in short steps and parks
/// while `pause` is set, saying so in `parked`.
fn spawn_reader(pause: Arc<ReaderPause>) -> std::sync::mpsc::Receiver<io::Result<Event>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        loop {
            if pause.pause.load(Ordering::SeqCst) {
                pause.parked.store(true, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
            pause.parked.store(false, Ordering::SeqCst);
            let ev = match event::poll(Duration::from_millis(50)) {
                Ok(false) => continue,
                Ok(true) => event::read(),
                Err(e) => Err(e),
            };
            let failed = ev.is_err();
            if tx.send(ev).is_err() || failed {
                break;
            }
        }
    });
    rx
}

/// Pausing the terminal reader.
#[derive(Default)]
struct ReaderPause {
    pause: std::sync::atomic::AtomicBool,
    parked: std::sync::atomic::AtomicBool,
}

impl ReaderPause {
    /// Stops the reader and waits (briefly) until it no longer reads.
    fn hold(&self) {
        self.pause.store(true, Ordering::SeqCst);
        let until = std::time::Instant::now() + Duration::from_secs(1);
        while !self.parked.load(Ordering::SeqCst) && std::time::Instant::now() < until {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn release(&self) {
        self.pause.store(false, Ordering::SeqCst);
    }
}

/// The editor command as git chooses it: `$VISUAL`, then `$EDITOR`, then `vi`.
fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// What the outside editor is given: the text with a line break at its
/// end, as a text file's last line has, so that a line the editor (or a
/// script, `echo … >> "$1"`) appends stays a line of its own.
fn editor_file(text: &str) -> String {
    if text.is_empty() || text.ends_with('\n') { text.to_string() } else { format!("{text}\n") }
}

/// A private temporary file holding `text` (notes are sensitive: mode 0600).
fn temp_notes(text: &str) -> io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir();
    for n in 0..100u32 {
        let path = dir.join(format!("simpul-notes-{}-{:08x}-{n}.txt", std::process::id(), fastrand::u32(..)));
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        match o.open(&path) {
            Ok(mut f) => {
                f.write_all(text.as_bytes())?;
                f.sync_all()?;
                return Ok(path);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("no free temporary file name"))
}

/// Runs the editor command `cmd` on a private file holding `text` (see
/// [`editor_file`]) through `run` (which suspends the interface around
/// it); the file as the editor left it, line breaks as `\n` and the final
/// one kept: typing on in the field starts a line of its own, and a save
/// takes it off (the notes' trailing blanks go).
fn edit_in(
    cmd: &str,
    text: &str,
    run: impl FnOnce(&mut std::process::Command) -> io::Result<std::process::ExitStatus>,
) -> Result<String, EditorError> {
    let path = temp_notes(&editor_file(text)).map_err(|e| EditorError::Run(cmd.to_string(), e))?;
    // like git: the command may carry arguments ("code --wait")
    let status = run(std::process::Command::new("sh").arg("-c").arg(format!("{cmd} \"$@\"")).arg("sh").arg(&path));
    let read = std::fs::read_to_string(&path);
    let _ = std::fs::remove_file(&path);
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => return Err(EditorError::Status(s.code())),
        Err(e) => return Err(EditorError::Run(cmd.to_string(), e)),
    }
    Ok(read.map_err(|e| EditorError::Run(cmd.to_string(), e))?.replace("\r\n", "\n"))
}

/// Runs the editor on `text` with the interface suspended; the edited text.
fn run_editor(pause: &ReaderPause, text: &str) -> Result<String, EditorError> {
    let cmd = editor_command();
    let mut resumed = Ok(());
    let edited = edit_in(&cmd, text, |editor| {
        pause.hold();
        restore();
        let status = editor.status();
        resumed = terminal::enable_raw_mode().and_then(|()| {
            execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide, event::EnableBracketedPaste)
        });
        pause.release();
        status
    });
    resumed.map_err(|e| EditorError::Run(cmd.clone(), e))?;
    edited
}

/// Runs the interface on the process's terminal until the user quits or a
/// signal arrives; the terminal is restored on every way out.
pub fn run(store: Store, opts: &Options) -> io::Result<Exit> {
    run_with_status(store, opts, CaseworkOptions::default(), None)
}

/// [`run`], starting with a message in the status line (a problem found
/// before the interface could say it, such as a bad keymap file).
pub fn run_with_status(
    store: Store,
    opts: &Options,
    casework: CaseworkOptions,
    status: Option<StatusMsg>,
) -> io::Result<Exit> {
    let stop = Arc::new(AtomicUsize::new(0));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP, signal_hook::consts::SIGQUIT] {
        signal_hook::flag::register_usize(sig, Arc::clone(&stop), usize::try_from(sig).unwrap_or(1))?;
    }
    install_panic_hook();
    terminal::enable_raw_mode()?;
    let result = (|| {
        // bracketed paste: a pasted escape sequence arrives as text a form can refuse, not as keys
        execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide, event::EnableBracketedPaste)?;
        let mut term = Terminal::new(super::backend::Lean::new(io::stdout()))?;
        let size = term.size()?;
        let mut session = Session::new(store, opts, size.width, size.height);
        session.set_casework(casework);
        if status.is_some() {
            session.app.status = status;
        }
        let pause = Arc::new(ReaderPause::default());
        let events = spawn_reader(Arc::clone(&pause));
        session.set_editor(Box::new(move |text: &str| run_editor(&pause, text)));
        let next = |timeout: Duration| match events.recv_timeout(timeout) {
            Ok(ev) => ev.map(Some),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Ok(None),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(io::Error::other("terminal input closed")),
        };
        let ended = drive(&mut term, &mut session, next, &stop);
        // ended from outside (SIGTERM, the terminal closed): an open form's input waits for the next start
        if let Ok(Exit::Signal(_)) = ended {
            session.keep_draft();
        }
        ended
    })();
    restore();
    result
}

#[cfg(test)]
mod editor_tests {
    use super::*;

    fn edit(cmd: &str, text: &str) -> String {
        match edit_in(cmd, text, |c| c.status()) {
            Ok(s) => s,
            Err(e) => panic!("{cmd}: {e:?}"),
        }
    }

    /// The file ends in a line break, so a line an editor appends is a
    /// line of its own; what comes back keeps its final line break.
    #[test]
    fn a_line_appended_by_the_editor_stays_a_line() {
        assert_eq!(edit("printf 'dua\\n' >>", "satu"), "satu\ndua\n");
        assert_eq!(edit("printf 'dua' >>", "satu\n"), "satu\ndua");
        assert_eq!(edit("printf 'tiga\\r\\n' >>", "satu\ndua"), "satu\ndua\ntiga\n", "CR LF read as LF");
        assert_eq!(edit("true", "satu"), "satu\n", "unchanged: the line break it was given");
        assert_eq!(edit("printf 'baru' >>", ""), "baru", "nothing to end");
        assert!(matches!(edit_in("false", "satu", |c| c.status()), Err(EditorError::Status(Some(1)))));
    }
}
