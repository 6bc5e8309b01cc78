//! The monthly report for the regional office (Kanwil): for one month, per
//! client and per officer, the guidance sessions held, the reporting days
//! (attended, missed, excused, and the compliance they make) and the
//! events attended.
//!
//! | figure | counts |
//! |---|---|
//! | sessions | the client's guidance sessions dated in the month (a group session is in each of its clients' case files) |
//! | days, attended, missed, excused | the days of the client's reporting schedule in the month that have come, as [`reporting::standing_between`] counts them: a day passed with nothing recorded is missed, today with nothing recorded yet is not counted, nor a day to come |
//! | compliance | (attended + excused) / days, as the case file and the dashboard count it |
//! | events | the client's attendances at events that start in the month (archived events are left out) |
//!
//! A client is in the report when it is not archived and its supervision
//! overlaps the month, or it had a session, a reporting day or an event in
//! the month; with `--officer`, only the clients of that officer (case and
//! spacing ignored, the whole name). An officer's figures add up their
//! clients' (the client's officer, as its case file names it now).
//!
//! The report is written as CSV ([`csv`]: one row per client, then per
//! officer, then the total, each cell through [`crate::csv_cell`]) or as a
//! plain text table to print (laid out in a language by `render::monthly`).
//! It names clients and their reporting: it leaves the database through
//! [`crate::gate`] as sensitive data, and only officers and administrators
//! may make it ([`may_report`]). Nothing here names a language: a month
//! that cannot be reported is a [`MonthError`], worded by `i18n::report`.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::reporting;
use crate::model::fold::name_key;
use crate::model::{Attendance, Calendar, Client, ClientId, Event, Role};

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
}

impl Month {
    /// The month of a day.
    pub fn of(d: NaiveDate) -> Month {
        Month { year: d.year(), month: d.month() }
    }

    /// Its first day.
    pub fn first(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    /// Its last day.
    pub fn last(self) -> NaiveDate {
        let (y, m) = if self.month == 12 { (self.year + 1, 1) } else { (self.year, self.month + 1) };
        NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.pred_opt()).unwrap_or_default()
    }

    /// The month `text` names, `YYYY-MM` (`2026-11`), or
    /// [`MonthError::NotAMonth`].
    pub fn parse(text: &str) -> Result<Month, MonthError> {
        let bad = || MonthError::NotAMonth { text: text.to_string() };
        let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !digits(m, 2) {
            return Err(bad());
        }
        let (year, month) = (y.parse::<i32>().map_err(|_| bad())?, m.parse::<u32>().map_err(|_| bad())?);
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| Month { year, month }).ok_or_else(bad)
    }

    /// The month itself when it has begun by `today`, else
    /// [`MonthError::NotBegun`]: a report of it would count nothing.
    pub fn begun(self, today: NaiveDate) -> Result<Month, MonthError> {
        if self.first() <= today {
            return Ok(self);
        }
        Err(MonthError::NotBegun { month: self, today })
    }
}

/// Why no report is made of a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MonthError {
    /// The text names no month (it is written `YYYY-MM`).
    NotAMonth {
        /// The text, as given.
        text: String,
    },
    /// The month has not begun: nothing in it to count.
    NotBegun {
        /// The month asked for.
        month: Month,
        /// Today.
        today: NaiveDate,
    },
}

impl fmt::Display for Month {
    /// `2026-11`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// A plain text table to print.
    Table,
    /// CSV, for a spreadsheet.
    Csv,
}

impl std::str::FromStr for ReportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<ReportFormat, String> {
        match s.trim().to_lowercase().as_str() {
            "table" | "text" | "txt" => Ok(ReportFormat::Table),
            "csv" => Ok(ReportFormat::Csv),
            _ => Err("table, csv".into()),
        }
    }
}

/// What the audit log says of a report leaving: `monthly report 2026-11, 12 clients[, officer "…"]`.
pub fn audit_note(r: &Report) -> String {
    let mut what = format!("monthly report {}, {} clients", r.month, r.clients.len());
    if let Some(o) = &r.officer {
        what.push_str(&format!(", officer {o:?}"));
    }
    what
}

/// Whether a role may make the report: it counts every client's sessions
/// and reporting days, which partners and viewers do not read whole (see
/// [`crate::schema`]), so only officers and administrators may.
pub fn may_report(role: Role) -> bool {
    matches!(role, Role::Officer | Role::Admin)
}

/// The figures of a client, an officer or the office for the month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Clients counted.
    pub clients: usize,
    /// Guidance sessions.
    pub sessions: usize,
    /// Reporting days that have come.
    pub days: usize,
    /// Days attended.
    pub attended: usize,
    /// Days missed.
    pub missed: usize,
    /// Days excused.
    pub excused: usize,
    /// Attendances at events.
    pub events: usize,
}

impl Counts {
    /// (attended + excused) / days, in percent; `None` without days.
    pub fn compliance(&self) -> Option<usize> {
        let counted = self.attended + self.missed + self.excused;
        (counted > 0).then(|| (self.attended + self.excused) * 100 / counted)
    }

    fn add(&mut self, o: &Counts) {
        self.clients += o.clients;
        self.sessions += o.sessions;
        self.days += o.days;
        self.attended += o.attended;
        self.missed += o.missed;
        self.excused += o.excused;
        self.events += o.events;
    }

    fn active(&self) -> bool {
        self.sessions + self.days + self.events > 0
    }
}

/// One client's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientLine {
    /// The client.
    pub id: ClientId,
    /// Register number.
    pub register_no: String,
    /// Name.
    pub name: String,
    /// The officer as the case file names it (spacing tidied).
    pub officer: String,
    /// The figures.
    pub counts: Counts,
}

/// The report of a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The month.
    pub month: Month,
    /// The last day counted: the month's last, or today when the month is not over.
    pub until: NaiveDate,
    /// The officer asked for, if any.
    pub officer: Option<String>,
    /// The clients, by officer and then name.
    pub clients: Vec<ClientLine>,
    /// Each officer's figures (their clients' added up), by name.
    pub officers: Vec<(String, Counts)>,
    /// The whole report's.
    pub total: Counts,
}

fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The report of `month` over the clients and events, counted up to
/// `today` against the office's calendar (a reporting day moved off a
/// closed day counts in the month it is due); with `officer`, only that
/// officer's clients.
pub fn build<'a>(
    clients: impl IntoIterator<Item = &'a Client>,
    events: &[Event],
    calendar: &Calendar,
    month: Month,
    officer: Option<&str>,
    today: NaiveDate,
) -> Report {
    let (first, last) = (month.first(), month.last());
    let until = last.min(today);
    let mut attended: BTreeMap<ClientId, usize> = BTreeMap::new();
    for e in events.iter().filter(|e| !e.meta.archived) {
        // a series counts each meeting in the month
        for (c, day, a) in e.client_occasions() {
            if a == Attendance::Attended && day >= first && day <= until {
                *attended.entry(c).or_default() += 1;
            }
        }
    }
    let wanted = officer.map(name_key);
    let mut lines = Vec::new();
    for c in clients {
        if c.meta.archived || wanted.as_deref().is_some_and(|w| name_key(&c.officer) != w) {
            continue;
        }
        let st = reporting::standing_between(c, calendar, first, last, today);
        let counts = Counts {
            clients: 1,
            sessions: c.sessions.iter().filter(|s| s.date >= first && s.date <= until).count(),
            days: st.attended + st.missed + st.excused,
            attended: st.attended,
            missed: st.missed,
            excused: st.excused,
            events: attended.get(&c.id()).copied().unwrap_or(0),
        };
        let supervised =
            c.supervision_start.is_some_and(|s| s <= until) && c.supervision_end.is_none_or(|e| e >= first);
        if !supervised && !counts.active() {
            continue;
        }
        lines.push(ClientLine {
            id: c.id(),
            register_no: c.register_no.clone(),
            name: c.full_name.clone(),
            officer: tidy(&c.officer),
            counts,
        });
    }
    lines.sort_by(|a, b| {
        (name_key(&a.officer), name_key(&a.name), a.id).cmp(&(name_key(&b.officer), name_key(&b.name), b.id))
    });
    let mut officers: Vec<(String, Counts)> = Vec::new();
    let mut total = Counts::default();
    for l in &lines {
        match officers.last_mut() {
            Some((name, counts)) if name_key(name) == name_key(&l.officer) => counts.add(&l.counts),
            _ => officers.push((l.officer.clone(), l.counts)),
        }
        total.add(&l.counts);
    }
    Report { month, until, officer: officer.map(tidy), clients: lines, officers, total }
}

impl Report {
    /// The officers of the report's clients, for a message when the one
    /// asked for has none.
    pub fn officer_names(&self) -> Vec<&str> {
        self.officers.iter().map(|(n, _)| n.as_str()).filter(|n| !n.is_empty()).collect()
    }
}

/// The figures of a line as its cells: sessions, days, attended, missed,
/// excused, compliance (percent, empty without days) and events.
pub fn figures(c: &Counts) -> [String; 7] {
    [
        c.sessions.to_string(),
        c.days.to_string(),
        c.attended.to_string(),
        c.missed.to_string(),
        c.excused.to_string(),
        c.compliance().map(|p| p.to_string()).unwrap_or_default(),
        c.events.to_string(),
    ]
}

/// The CSV columns.
pub const COLUMNS: [&str; 14] = [
    "row",
    "month",
    "officer",
    "client_id",
    "register_no",
    "full_name",
    "clients",
    "sessions",
    "reporting_days",
    "attended",
    "missed",
    "excused",
    "compliance",
    "events",
];

/// Writes the report as CSV: one row per client (`row` = `client`), per
/// officer (`officer`) and for the whole report (`total`); compliance in
/// percent, empty without reporting days. Returns the client rows written.
pub fn csv(r: &Report, out: &mut dyn std::io::Write) -> std::io::Result<usize> {
    let mut w = csv::Writer::from_writer(out);
    crate::csv_cell::write_record(&mut w, COLUMNS)?;
    let month = r.month.to_string();
    let row = |kind: &str, officer: &str, id: String, reg: &str, name: &str, c: &Counts| {
        let mut cells = vec![
            kind.to_string(),
            month.clone(),
            officer.to_string(),
            id,
            reg.to_string(),
            name.to_string(),
            c.clients.to_string(),
        ];
        cells.extend(figures(c));
        cells
    };
    for l in &r.clients {
        crate::csv_cell::write_record(
            &mut w,
            row("client", &l.officer, l.id.to_string(), &l.register_no, &l.name, &l.counts),
        )?;
    }
    for (name, c) in &r.officers {
        crate::csv_cell::write_record(&mut w, row("officer", name, String::new(), "", "", c))?;
    }
    crate::csv_cell::write_record(&mut w, row("total", "", String::new(), "", "", &r.total))?;
    w.flush()?;
    Ok(r.clients.len())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{
        GuidanceMode, GuidanceSession, GuidanceStream, Participant, ReportingFrequency, ReportingStatus, SessionPlace,
        When, Who,
    };

    pub(crate) static OPEN: std::sync::LazyLock<Calendar> = std::sync::LazyLock::new(Calendar::always_open);

    pub(crate) fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn session(date: NaiveDate) -> GuidanceSession {
        GuidanceSession {
            id: crate::model::PartId::NEW,
            date,
            stream: GuidanceStream::Kepribadian,
            mode: GuidanceMode::Perorangan,
            place: SessionPlace::Office,
            officer: String::new(),
            summary: String::new(),
            next_step: String::new(),
            group: Vec::new(),
        }
    }

    /// Mondays from 5 Oct 2026: November's reporting days are 2, 9, 16, 23 and 30 Nov.
    fn weekly(id: u64, name: &str, officer: &str) -> Client {
        let mut c = Client::new(name);
        c.meta.id = id;
        c.register_no = format!("PAS.{id:02}/2026");
        c.officer = officer.into();
        c.supervision_start = Some(d(10, 5));
        c.reporting.frequency = ReportingFrequency::Weekly;
        c
    }

    /// Ahmad (Rina): 2 sessions in November, one in October; attended 2,
    /// 9, 23 Nov, excused 16 Nov, nothing on 30 Nov; one event attended.
    /// Dewi (rina, spelt otherwise): missed 2 Nov, attended the rest
    /// recorded; no session. Budi (Agus): monthly reporting on the 5th,
    /// attended; an event he was absent from. Siti (Agus) ended in
    /// September: not in the report. Eko is archived.
    pub(crate) fn office() -> (Vec<Client>, Vec<Event>) {
        let mut ahmad = weekly(1, "Ahmad Fauzi", "Rina Wulandari");
        ahmad.sessions = vec![session(d(10, 30)), session(d(11, 3)), session(d(11, 20))];
        for (day, st) in [
            (2, ReportingStatus::Attended),
            (9, ReportingStatus::Attended),
            (16, ReportingStatus::Excused),
            (23, ReportingStatus::Attended),
        ] {
            reporting::record(&mut ahmad, d(11, day), st, "", "rina");
        }
        let mut dewi = weekly(2, "Dewi Lestari", " rina  WULANDARI");
        reporting::record(&mut dewi, d(11, 2), ReportingStatus::Missed, "", "rina");
        for day in [9, 16, 23, 30] {
            reporting::record(&mut dewi, d(11, day), ReportingStatus::Attended, "", "rina");
        }
        let mut budi = weekly(3, "Budi Santoso", "Agus Salim");
        budi.reporting.frequency = ReportingFrequency::Monthly;
        budi.supervision_start = Some(d(6, 5));
        reporting::record(&mut budi, d(11, 5), ReportingStatus::Attended, "", "agus");
        let mut siti = weekly(4, "Siti Rahmawati", "Agus Salim");
        siti.supervision_start = Some(d(1, 5));
        siti.supervision_end = Some(d(9, 30));
        let mut eko = weekly(5, "Eko Prasetyo", "Agus Salim");
        eko.meta.archived = true;
        let mut w = Event::new("Lokakarya", crate::model::EventKind::Workshop, When::Date(d(11, 12)));
        w.participants = vec![
            Participant::new(Who::Client { client: ClientId(1), attendance: Attendance::Attended }),
            Participant::new(Who::Client { client: ClientId(3), attendance: Attendance::Absent }),
        ];
        let mut october = Event::new("Rapat", crate::model::EventKind::Meeting, When::Date(d(10, 12)));
        october.participants =
            vec![Participant::new(Who::Client { client: ClientId(2), attendance: Attendance::Attended })];
        (vec![ahmad, dewi, budi, siti, eko], vec![w, october])
    }

    pub(crate) fn nov() -> Month {
        Month { year: 2026, month: 11 }
    }

    #[test]
    fn a_month_counts_each_clients_sessions_reporting_and_events_and_adds_them_up_per_officer() {
        let (clients, events) = office();
        let r = build(&clients, &events, &OPEN, nov(), None, d(12, 6));
        assert_eq!(r.until, d(11, 30));
        let names: Vec<&str> = r.clients.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(
            names,
            ["Budi Santoso", "Ahmad Fauzi", "Dewi Lestari"],
            "by officer, then name; Siti ended, Eko archived"
        );
        let ahmad = &r.clients[1].counts;
        assert_eq!(
            (ahmad.sessions, ahmad.days, ahmad.attended, ahmad.missed, ahmad.excused, ahmad.events),
            (2, 5, 3, 1, 1, 1),
            "30 Nov passed with nothing recorded: missed"
        );
        assert_eq!(ahmad.compliance(), Some(80));
        let dewi = &r.clients[2].counts;
        assert_eq!((dewi.sessions, dewi.days, dewi.attended, dewi.missed, dewi.events), (0, 5, 4, 1, 0));
        let budi = &r.clients[0].counts;
        assert_eq!((budi.days, budi.attended, budi.events), (1, 1, 0), "absent from the workshop");
        // officers as their case files write them, the spellings of one officer together
        assert_eq!(
            r.officers.iter().map(|(n, c)| (n.as_str(), c.clients)).collect::<Vec<_>>(),
            [("Agus Salim", 1), ("Rina Wulandari", 2)]
        );
        let rina = r.officers[1].1;
        assert_eq!(
            (rina.sessions, rina.days, rina.attended, rina.missed, rina.excused, rina.events),
            (2, 10, 7, 2, 1, 1)
        );
        assert_eq!(rina.compliance(), Some(80));
        assert_eq!((r.total.clients, r.total.days, r.total.compliance()), (3, 11, Some(81)));

        // one officer's, asked as people write it
        let only = build(&clients, &events, &OPEN, nov(), Some("RINA wulandari"), d(12, 6));
        assert_eq!(only.clients.len(), 2);
        assert_eq!(only.total, rina);
        assert!(build(&clients, &events, &OPEN, nov(), Some("Rina"), d(12, 6)).clients.is_empty(), "the whole name");

        // the month not over: counted up to today
        let mid = build(&clients, &events, &OPEN, nov(), None, d(11, 16));
        assert_eq!(mid.until, d(11, 16));
        let ahmad = &mid.clients[1].counts;
        assert_eq!((ahmad.sessions, ahmad.days, ahmad.excused, ahmad.events), (1, 3, 1, 1));
        // October: Ahmad's October session and Dewi's October event, no November figure
        let oct = build(&clients, &events, &OPEN, Month { year: 2026, month: 10 }, None, d(12, 6));
        assert_eq!(oct.clients.iter().map(|l| l.counts.sessions).sum::<usize>(), 1);
        assert_eq!(oct.total.events, 1);
    }

    #[test]
    fn the_csv_has_a_row_per_client_officer_and_the_total_and_no_formula() {
        let (mut clients, events) = office();
        clients[2].full_name = "=HYPERLINK(\"http://x\")".into();
        let r = build(&clients, &events, &OPEN, nov(), None, d(12, 6));
        let mut out = Vec::new();
        assert_eq!(csv(&r, &mut out).unwrap(), 3);
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "row,month,officer,client_id,register_no,full_name,clients,sessions,reporting_days,attended,missed,excused,compliance,events"
        );
        assert_eq!(
            lines[1],
            "client,2026-11,Agus Salim,K-000003,PAS.03/2026,\"'=HYPERLINK(\"\"http://x\"\")\",1,0,1,1,0,0,100,0"
        );
        assert_eq!(lines[2], "client,2026-11,Rina Wulandari,K-000001,PAS.01/2026,Ahmad Fauzi,1,2,5,3,1,1,80,1");
        assert_eq!(lines[3], "client,2026-11,rina WULANDARI,K-000002,PAS.02/2026,Dewi Lestari,1,0,5,4,1,0,80,0");
        assert_eq!(lines[4], "officer,2026-11,Agus Salim,,,,1,0,1,1,0,0,100,0");
        assert_eq!(lines[5], "officer,2026-11,Rina Wulandari,,,,2,2,10,7,2,1,80,1");
        assert_eq!(lines[6], "total,2026-11,,,,,3,2,11,8,2,1,81,1");
        assert_eq!(lines.len(), 7);
    }
}
