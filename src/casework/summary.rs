//! A client's case summary as a document (Markdown or plain text) for
//! printing or attaching to a report, and an event's attendance list.

use chrono::NaiveDate;

use crate::clock::Zone;
use crate::i18n::summary::SummaryMsg as M;
use crate::i18n::{self, Lang, fill};
use crate::model::*;
use crate::sanitize::sanitize;
use crate::store::approvals::{Approval, State, Subject};
use crate::store::history::Change;

use super::{reporting, timeline};

/// Document format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocFormat {
    /// Markdown.
    Markdown,
    /// Plain text.
    Text,
}

impl std::str::FromStr for DocFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<DocFormat, String> {
        match s.trim().to_lowercase().as_str() {
            "md" | "markdown" => Ok(DocFormat::Markdown),
            "text" | "txt" | "plain" => Ok(DocFormat::Text),
            _ => Err("markdown, text".into()),
        }
    }
}

/// Builds a document in either format.
struct Doc {
    format: DocFormat,
    out: String,
}

/// One line of stored text, safe in any output: control characters
/// neutralised, line breaks as spaces, table pipes escaped in Markdown.
fn one_line(s: &str, format: DocFormat) -> String {
    let s = sanitize(&s.replace(['\n', '\r'], " ")).into_owned();
    match format {
        DocFormat::Markdown => s.replace('|', "\\|"),
        DocFormat::Text => s,
    }
}

impl Doc {
    fn title(&mut self, t: &str) {
        match self.format {
            DocFormat::Markdown => self.out.push_str(&format!("# {t}\n\n")),
            DocFormat::Text => self.out.push_str(&format!("{t}\n{}\n\n", "=".repeat(t.chars().count()))),
        }
    }

    fn heading(&mut self, t: &str) {
        match self.format {
            DocFormat::Markdown => self.out.push_str(&format!("## {t}\n\n")),
            DocFormat::Text => self.out.push_str(&format!("{t}\n{}\n", "-".repeat(t.chars().count()))),
        }
    }

    fn fields(&mut self, rows: &[(&str, String)]) {
        let w = rows.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
        for (label, value) in rows {
            let v = if value.trim().is_empty() { "–".to_string() } else { one_line(value, self.format) };
            match self.format {
                DocFormat::Markdown => self.out.push_str(&format!("- **{label}**: {v}\n")),
                DocFormat::Text => {
                    self.out.push_str(&format!("{label}{}  {v}\n", " ".repeat(w - label.chars().count())))
                }
            }
        }
        self.out.push('\n');
    }

    fn table(&mut self, head: &[&str], rows: &[Vec<String>], none: &str) {
        if rows.is_empty() {
            self.out.push_str(&format!("{none}\n\n"));
            return;
        }
        let cell = |c: &String| if c.trim().is_empty() { "–".to_string() } else { one_line(c, self.format) };
        let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(cell).collect()).collect();
        match self.format {
            DocFormat::Markdown => {
                self.out.push_str(&format!("| {} |\n", head.join(" | ")));
                self.out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
                for r in rows {
                    self.out.push_str(&format!("| {} |\n", r.join(" | ")));
                }
            }
            DocFormat::Text => {
                let mut w: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
                for r in &rows {
                    for (i, c) in r.iter().enumerate() {
                        if let Some(x) = w.get_mut(i) {
                            *x = (*x).max(c.chars().count());
                        }
                    }
                }
                let line = |cells: Vec<String>| {
                    cells
                        .iter()
                        .enumerate()
                        .map(|(i, c)| format!("{c}{}", " ".repeat(w[i].saturating_sub(c.chars().count()))))
                        .collect::<Vec<_>>()
                        .join("  ")
                        .trim_end()
                        .to_string()
                };
                self.out.push_str(&line(head.iter().map(|h| h.to_string()).collect()));
                self.out.push('\n');
                for r in rows {
                    self.out.push_str(&line(r));
                    self.out.push('\n');
                }
            }
        }
        self.out.push('\n');
    }
}

/// The identity rows both documents open with: register, aliases, NIK,
/// birth, gender, address.
fn identity(c: &Client, lang: Lang) -> Vec<(&'static str, String)> {
    let t = |m: M| m.text(lang);
    let born = [c.birth_place.clone(), c.birth_date.map(|d| i18n::date(lang, d)).unwrap_or_default()]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        (t(M::RegisterNo), c.register_no.clone()),
        (t(M::Aliases), c.aliases.join(", ")),
        (t(M::Nik), c.nik.clone().unwrap_or_default()),
        (t(M::Born), born),
        (t(M::Gender), i18n::gender(lang, c.gender).to_string()),
        (t(M::Address), c.address.one_line()),
    ]
}

/// Multi-line text as paragraphs (Markdown keeps its lines apart).
fn paragraphs(doc: &mut Doc, text: &str, none: &str) {
    let body = text.trim();
    if body.is_empty() {
        doc.out.push_str(&format!("{none}\n\n"));
        return;
    }
    for line in body.lines() {
        doc.out.push_str(sanitize(line).trim_end());
        // two trailing spaces keep a Markdown line break
        doc.out.push_str(if doc.format == DocFormat::Markdown { "  \n" } else { "\n" });
    }
    doc.out.push('\n');
}

/// Who a Litmas report's document names as its author: never the client's
/// officer of the day, who may not have written it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authorship {
    /// The authors the report records.
    Recorded(Vec<String>),
    /// No author was recorded with the report (one stored before they
    /// were): the user who recorded it, as the client's history says, and when.
    FromHistory {
        /// Who recorded it.
        by: String,
        /// On which day.
        on: NaiveDate,
    },
    /// Neither the report nor the history says.
    NotRecorded,
}

/// A Litmas report's author: those it records, else the user the client's
/// history (`changes`, any order; a creation is the record's own) names as
/// having recorded it: the first plain change (not a revert or a merge)
/// that added a report of its kind and date, or the client's creator when
/// the report was there from the start; else not recorded.
pub fn litmas_authorship(c: &Client, l: &Litmas, changes: &[Change], zone: Zone) -> Authorship {
    if !l.authors.is_empty() {
        return Authorship::Recorded(l.authors.clone());
    }
    let (kind, date) = (serde_json::to_value(l.kind).ok(), serde_json::to_value(l.date).ok());
    // how many reports of its kind and date a list of the history holds
    let alike = |json: &str| match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::Array(items)) => {
            items.iter().filter(|i| i.get("kind") == kind.as_ref() && i.get("date") == date.as_ref()).count()
        }
        _ => 0,
    };
    let mut lists: Vec<(&Change, &crate::store::history::FieldChange)> = changes
        .iter()
        .flat_map(|ch| ch.fields.iter().filter(|f| f.field == "litmas" && !f.withheld).map(move |f| (ch, f)))
        .collect();
    lists.sort_by_key(|(ch, _)| ch.seq);
    if let Some((ch, _)) = lists.iter().find(|(ch, f)| ch.note.is_empty() && alike(&f.after) > alike(&f.before)) {
        return Authorship::FromHistory { by: ch.actor.clone(), on: zone.date(ch.at) };
    }
    // in the record as it was made: before its first change of the list, or never changed
    let from_the_start = lists.first().is_none_or(|(_, f)| alike(&f.before) > 0);
    if from_the_start && !c.meta.created_by.is_empty() {
        return Authorship::FromHistory { by: c.meta.created_by.clone(), on: zone.date(c.meta.created_at) };
    }
    Authorship::NotRecorded
}

/// A supervisor's approval of a Litmas report, as its document prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approved {
    /// Who approved.
    pub by: String,
    /// On which day.
    pub on: NaiveDate,
    /// What they said.
    pub comment: String,
}

/// The newest approval of a Litmas report among a client's requests, if
/// one was approved (this shows it; whether it is in force is the store's).
pub fn litmas_approval(l: &Litmas, approvals: &[Approval], zone: Zone) -> Option<Approved> {
    approvals
        .iter()
        .filter(|a| a.subject == Subject::Litmas { litmas: l.id } && a.state == State::Approved)
        .filter_map(|a| a.decision.as_ref())
        .max_by_key(|d| d.at)
        .map(|d| Approved { by: d.by.clone(), on: zone.date(d.at), comment: d.comment.clone() })
}

/// A Litmas report as a document an officer finishes and prints: the
/// client's identity, the report's methods, sources, findings and
/// recommendation, its approval if it has one, and a place for its
/// author(s) to sign.
pub fn litmas_document(
    c: &Client,
    l: &Litmas,
    author: &Authorship,
    approved: Option<&Approved>,
    lang: Lang,
    format: DocFormat,
) -> String {
    let t = |m: M| m.text(lang);
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| i18n::date(lang, d)).unwrap_or_default();
    let mut doc = Doc { format, out: String::new() };
    doc.title(&fill(
        t(M::LitmasTitle),
        &[("kind", i18n::litmas_kind(lang, l.kind)), ("name", &one_line(&c.full_name, format))],
    ));
    doc.out.push_str(&format!("{}\n\n", fill(t(M::LitmasDraft), &[("date", &i18n::date(lang, l.date))])));
    let authors = match author {
        Authorship::Recorded(names) => names.join(", "),
        Authorship::FromHistory { by, on } => {
            fill(t(M::AuthorFromHistory), &[("by", by), ("date", &i18n::date(lang, *on))])
        }
        Authorship::NotRecorded => format!("({})", t(M::AuthorNotRecorded)),
    };
    doc.fields(&[(t(M::Authors), authors)]);
    doc.heading(t(M::Identity));
    let mut rows = vec![(t(M::Name), c.full_name.clone())];
    rows.extend(identity(c, lang));
    rows.extend([
        (t(M::Offence), format!("{} {}", c.offence, c.sentence).trim().to_string()),
        (t(M::Programme), i18n::programme(lang, c.programme).to_string()),
        (t(M::Period), format!("{} – {}", date(c.supervision_start), date(c.supervision_end))),
    ]);
    doc.fields(&rows);
    let none = t(M::ToFillIn);
    doc.heading(t(M::Methods));
    paragraphs(&mut doc, &l.methods, none);
    doc.heading(t(M::Sources));
    paragraphs(&mut doc, &l.sources, none);
    doc.heading(t(M::Findings));
    paragraphs(&mut doc, &l.findings, none);
    doc.heading(t(M::Recommendation));
    paragraphs(&mut doc, &l.recommendation, none);
    doc.heading(t(M::Approval));
    match approved {
        Some(a) => doc.fields(&[
            (t(M::ApprovedBy), a.by.clone()),
            (t(M::ApprovedOn), i18n::date(lang, a.on)),
            (t(M::Comment), a.comment.clone()),
        ]),
        // not final: it says so where the approval would be
        None => doc.out.push_str(&format!("{}\n\n", t(M::NotApproved))),
    }
    // a place to sign for each author; one the report does not name is left blank, saying so
    doc.out.push_str(&format!("\n{}\n", fill(t(M::SignPlace), &[("date", &i18n::date(lang, l.date))])));
    let signers: Vec<String> = match author {
        Authorship::Recorded(names) => names.iter().map(|n| one_line(n, format)).collect(),
        Authorship::FromHistory { by, on } => vec![
            "(………………………)".to_string(),
            one_line(&fill(t(M::AuthorFromHistory), &[("by", by), ("date", &i18n::date(lang, *on))]), format),
        ],
        Authorship::NotRecorded => vec!["(………………………)".to_string(), format!("({})", t(M::AuthorNotRecorded))],
    };
    match author {
        Authorship::Recorded(_) => {
            for name in signers {
                doc.out.push_str(&format!("\n\n\n{name}\n"));
            }
        }
        // Markdown keeps the two lines apart with a hard break
        _ => doc
            .out
            .push_str(&format!("\n\n\n{}\n", signers.join(if format == DocFormat::Markdown { "  \n" } else { "\n" }))),
    }
    doc.out
}

/// The case summary of a client. `stakeholder_name` names referral
/// partners, `names` the colour categories (the office's own, if it renamed them).
#[allow(clippy::too_many_arguments)]
pub fn case_summary(
    c: &Client,
    referrals: &[Referral],
    events: &[Event],
    stakeholder_name: &dyn Fn(StakeholderId) -> String,
    day: reporting::CountedTo<'_>,
    lang: Lang,
    names: &crate::words::RiskNames,
    format: DocFormat,
) -> String {
    let t = |m: M| m.text(lang);
    let reporting::CountedTo { today, calendar } = day;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| i18n::date(lang, d)).unwrap_or_default();
    let mut doc = Doc { format, out: String::new() };
    doc.title(&fill(t(M::Title), &[("name", &one_line(&c.full_name, format)), ("id", &c.id().to_string())]));
    doc.out.push_str(&format!("{}\n\n", fill(t(M::Generated), &[("date", &i18n::date(lang, today))])));

    doc.heading(t(M::Identity));
    let mut rows = identity(c, lang);
    rows.push((t(M::Phone), i18n::phone(lang, &c.phone)));
    doc.fields(&rows);

    let st = reporting::standing(c, calendar, today);
    doc.heading(t(M::Supervision));
    doc.fields(&[
        (t(M::Office), format!("{} · {}", c.office, c.officer)),
        (t(M::Programme), i18n::programme(lang, c.programme).to_string()),
        (t(M::Period), format!("{} – {}", date(c.supervision_start), date(c.supervision_end))),
        (t(M::Status), format!("{} · {}", i18n::client_status(lang, c.status), i18n::phase(lang, c.phase))),
        (
            t(M::Reporting),
            fill(
                t(M::ReportingLine),
                &[
                    ("schedule", i18n::frequency(lang, c.reporting.frequency)),
                    ("attended", &st.attended.to_string()),
                    ("missed", &st.missed.to_string()),
                    ("excused", &st.excused.to_string()),
                    ("rate", &st.compliance().map(|r| format!("{r}%")).unwrap_or_else(|| "–".into())),
                ],
            ),
        ),
        (t(M::Offence), format!("{} ({})", c.offence, c.sentence)),
    ]);

    doc.heading(t(M::Risk));
    let path: Vec<String> = timeline::risk_path(c)
        .iter()
        .map(|(d, r)| format!("{} ({})", names.label(lang, *r), i18n::date(lang, *d)))
        .collect();
    doc.fields(&[(t(M::RiskPath), path.join(" → "))]);
    // the categories in force: one waiting for a supervisor is not a finding yet
    let mut assessments: Vec<&Assessment> = c.assessments.iter().filter(|a| c.in_force(a)).collect();
    assessments.sort_by_key(|a| std::cmp::Reverse(a.date));
    let rows: Vec<Vec<String>> = assessments
        .iter()
        .map(|a| {
            vec![
                i18n::date(lang, a.date),
                names.label(lang, a.category).to_string(),
                a.rri.map(|r| i18n::rri(lang, r).to_string()).unwrap_or_default(),
                a.assessor.clone(),
                a.reason.clone(),
            ]
        })
        .collect();
    doc.table(&[t(M::Date), t(M::Category), t(M::Rri), t(M::Assessor), t(M::Reason)], &rows, t(M::None));

    doc.heading(t(M::Sessions));
    let mut sessions: Vec<&GuidanceSession> = c.sessions.iter().collect();
    sessions.sort_by_key(|s| std::cmp::Reverse(s.date));
    let rows: Vec<Vec<String>> = sessions
        .iter()
        .map(|s| {
            vec![
                i18n::date(lang, s.date),
                format!("{}, {}", i18n::stream(lang, s.stream), i18n::mode(lang, s.mode)),
                i18n::place(lang, s.place).to_string(),
                s.summary.clone(),
            ]
        })
        .collect();
    doc.table(&[t(M::Date), t(M::Kind), t(M::Place), t(M::Summary)], &rows, t(M::None));

    doc.heading(t(M::Referrals));
    let rows: Vec<Vec<String>> = referrals
        .iter()
        .filter(|r| r.client == c.id())
        .map(|r| {
            vec![
                stakeholder_name(r.stakeholder),
                r.service.clone(),
                i18n::referral_status(lang, r.status).to_string(),
                date(r.proposed_on()),
                r.outcome.clone(),
            ]
        })
        .collect();
    doc.table(&[t(M::Partner), t(M::Service), t(M::Status), t(M::Proposed), t(M::Outcome)], &rows, t(M::None));

    doc.heading(t(M::Events));
    let rows: Vec<Vec<String>> = events
        .iter()
        .filter_map(|e| {
            e.client_participants().find(|(id, _)| *id == c.id()).map(|(_, a)| {
                // a series: the meetings held it attended, on one line
                let came = match e
                    .participants
                    .iter()
                    .find(|p| matches!(p.who, crate::model::Who::Client { client, .. } if client == c.id()))
                {
                    Some(p) if e.is_series() => {
                        let held: Vec<_> =
                            e.counted_meetings().filter(|m| m.status == crate::model::MeetingStatus::Held).collect();
                        let n = held.iter().filter(|m| m.of(p.id) == crate::model::Attendance::Attended).count();
                        let args = [("attended", n.to_string()), ("held", held.len().to_string())];
                        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                        fill(crate::i18n::ui::Ui::SeriesAttended.text(lang), &args)
                    }
                    _ => i18n::attendance(lang, a).to_string(),
                };
                let title = match &e.recurrence {
                    Some(r) => format!("{}, {}", e.title, i18n::repeat_words(lang, r)),
                    None => e.title.clone(),
                };
                vec![i18n::date(lang, e.start.date()), title, came]
            })
        })
        .collect();
    doc.table(&[t(M::Date), t(M::Event), t(M::Attendance)], &rows, t(M::None));

    if !c.litmas.is_empty() {
        doc.heading(t(M::Litmas));
        for l in &c.litmas {
            doc.fields(&[
                (t(M::Kind), format!("{} · {}", i18n::litmas_kind(lang, l.kind), i18n::date(lang, l.date))),
                (t(M::Findings), l.findings.clone()),
                (t(M::Recommendation), l.recommendation.clone()),
            ]);
        }
    }
    doc.out
}

/// An event's attendance list as CSV: every participant with their role;
/// for a series, a column per meeting that counts (its day, and its
/// number when a day has two) and the meetings attended, or only the
/// meeting on `meeting`'s day. Writes the rows, returns how many; a
/// series without a meeting on that day is an error of kind `NotFound`.
pub fn attendance_csv(
    e: &Event,
    client: &dyn Fn(ClientId) -> Option<Client>,
    meeting: Option<chrono::NaiveDate>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<usize> {
    use crate::model::{Attendance, Who};
    let meetings: Vec<&crate::model::Meeting> = match meeting {
        Some(day) => {
            let found: Vec<_> = e.counted_meetings().filter(|m| m.when.date() == day).collect();
            if found.is_empty() {
                return Err(std::io::Error::new(std::io::ErrorKind::NotFound, day.format("%Y-%m-%d").to_string()));
            }
            found
        }
        None => e.counted_meetings().collect(),
    };
    let series = e.recurrence.is_some() || !e.meetings.is_empty();
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<String> =
        ["participant", "register_no", "full_name", "office", "role"].iter().map(|s| s.to_string()).collect();
    if series && meeting.is_none() {
        for m in &meetings {
            let day = m.when.date();
            let twice = meetings.iter().filter(|o| o.when.date() == day).count() > 1;
            let mut h = day.format("%Y-%m-%d").to_string();
            if twice {
                h.push_str(&format!(" #{}", m.number));
            }
            header.push(h);
        }
        header.push("attended".into());
    } else {
        header.push("attendance".into());
    }
    crate::csv_cell::write_record(&mut w, header)?;
    let mut n = 0;
    for p in &e.participants {
        let (id, c, name) = match &p.who {
            Who::Client { client: id, .. } => {
                let c = client(*id);
                let name = c.as_ref().map(|c| c.full_name.clone()).unwrap_or_default();
                (id.to_string(), c, name)
            }
            Who::Stakeholder { stakeholder, representative } => (stakeholder.to_string(), None, representative.clone()),
            Who::Officer { name } => (String::new(), None, name.clone()),
        };
        let mut row = vec![
            id,
            c.as_ref().map(|c| c.register_no.clone()).unwrap_or_default(),
            name,
            c.as_ref().map(|c| c.office.clone()).unwrap_or_default(),
            e.role(p.id).code().to_string(),
        ];
        if series {
            for m in &meetings {
                row.push(m.of(p.id).code().to_string());
            }
            if meeting.is_none() {
                let held = meetings.iter().filter(|m| m.status == crate::model::MeetingStatus::Held).count();
                let came = meetings.iter().filter(|m| m.of(p.id) == Attendance::Attended).count();
                row.push(format!("{came}/{held}"));
            }
        } else {
            let a = match &p.who {
                Who::Client { attendance, .. } => attendance.code(),
                _ => "",
            };
            row.push(a.to_string());
        }
        crate::csv_cell::write_record(&mut w, row)?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2023, m, day).unwrap()
    }

    fn counted(today: chrono::NaiveDate) -> reporting::CountedTo<'static> {
        static CALENDAR: std::sync::LazyLock<crate::model::Calendar> = std::sync::LazyLock::new(Default::default);
        reporting::CountedTo { today, calendar: &CALENDAR }
    }

    fn sample() -> (Client, Vec<Referral>, Vec<Event>) {
        let mut c = Client::new("Joko Susilo");
        c.meta.id = 7;
        c.office = "Bapas Malang".into();
        c.officer = "Rina Wulandari".into();
        c.notes = "rahasia".into();
        c.assessments = vec![
            Assessment {
                id: crate::model::PartId::NEW,
                date: d(1, 5),
                category: RiskCategory::Merah,
                rri: Some(Rri::Tinggi),
                assessor: "Rina".into(),
                reason: "awal".into(),
            },
            Assessment {
                id: crate::model::PartId::NEW,
                date: d(6, 5),
                category: RiskCategory::Kuning,
                rri: Some(Rri::Sedang),
                assessor: "Rina".into(),
                reason: "kooperatif | rutin".into(),
            },
        ];
        let mut r = Referral::new(ClientId(7), StakeholderId(14), "pelatihan barista", d(7, 1));
        r.move_to(ReferralStatus::Accepted, d(7, 5), "").unwrap();
        let mut e = Event::new("Lokakarya", EventKind::Workshop, When::Date(d(10, 1)));
        e.participants.push(Participant::new(Who::Client { client: ClientId(7), attendance: Attendance::Attended }));
        e.participants.push(Participant::new(Who::Client { client: ClientId(8), attendance: Attendance::Absent }));
        (c, vec![r], vec![e])
    }

    #[test]
    fn markdown_summary_has_every_section() {
        let (c, r, e) = sample();
        let name = |_s: StakeholderId| "Pokmas Barista".to_string();
        let md = case_summary(&c, &r, &e, &name, counted(d(12, 1)), Lang::Id, &Default::default(), DocFormat::Markdown);
        assert!(md.starts_with("# Ringkasan Kasus — Joko Susilo (K-000007)\n"), "{md}");
        for needle in [
            "## Identitas",
            "## Pengawasan",
            "merah (5 Jan 2023) → kuning (5 Jun 2023)",
            "| 5 Jun 2023 | kuning | sedang | Rina | kooperatif \\| rutin |",
            "| Pokmas Barista | pelatihan barista | diterima | 1 Jul 2023 | – |",
            "| 1 Okt 2023 | Lokakarya | hadir |",
        ] {
            assert!(md.contains(needle), "missing {needle:?} in\n{md}");
        }
        assert!(!md.contains("rahasia"), "free notes stay out of the summary");
    }

    /// The notes are the officers' own words: the summary, which goes to
    /// the regional office, holds no line of them, in either format or language.
    #[test]
    fn the_notes_stay_out_of_the_case_summary() {
        let (mut c, r, e) = sample();
        c.notes = "Informan: Pak Harun\nalamat persembunyian lama: Jl. Kenanga 7\n\njangan disebut di laporan".into();
        for lang in Lang::ALL {
            for format in [DocFormat::Markdown, DocFormat::Text] {
                let doc = case_summary(
                    &c,
                    &r,
                    &e,
                    &|_| "Pokmas Barista".into(),
                    counted(d(12, 1)),
                    lang,
                    &Default::default(),
                    format,
                );
                for line in c.notes.lines().filter(|l| !l.is_empty()) {
                    assert!(!doc.contains(line), "{line:?} in the {lang:?} {format:?} summary:\n{doc}");
                }
                for word in ["Harun", "Kenanga", "persembunyian", crate::i18n::form::FormMsg::Notes.text(lang)] {
                    assert!(!doc.contains(word), "{word:?} in the {lang:?} {format:?} summary:\n{doc}");
                }
            }
        }
    }

    #[test]
    fn a_series_is_one_line_of_the_case_summary() {
        use crate::model::{Attendance, MeetingStatus, PartId, Participant, Recurrence, When};
        let (c, r, _) = sample();
        let mut e = Event::new("Kelas barista", crate::model::EventKind::Training, When::Date(d(1, 3)));
        e.recurrence = Some(Recurrence::parse("weekly tue x4", d(1, 1)).unwrap());
        e.participants.push(Participant::client(c.id(), Attendance::Invited));
        e.participants[0].id = PartId(1);
        e.plan_meetings();
        for (i, a) in [Attendance::Attended, Attendance::Absent, Attendance::Attended].into_iter().enumerate() {
            e.meetings[i].set(PartId(1), a);
            e.meetings[i].status = MeetingStatus::Held;
        }
        let text = case_summary(
            &c,
            &r,
            &[e],
            &|_| "Pokmas Barista".into(),
            counted(d(12, 1)),
            Lang::En,
            &Default::default(),
            DocFormat::Text,
        );
        assert!(text.contains("Kelas barista, weekly") && text.contains("2 of 3 attended"), "{text}");
    }

    #[test]
    fn text_summary_is_plain_and_aligned() {
        let (mut c, r, e) = sample();
        c.full_name = "Joko\x1b[2J Susilo".into();
        let text = case_summary(
            &c,
            &r,
            &e,
            &|_| "Pokmas Barista".into(),
            counted(d(12, 1)),
            Lang::En,
            &Default::default(),
            DocFormat::Text,
        );
        assert!(text.starts_with("Case summary — Joko^[[2J Susilo (K-000007)\n===="), "{text}");
        assert!(!text.contains('\x1b'));
        assert!(!text.contains("|---|") && !text.contains("## "), "no Markdown in plain text");
        assert!(text.contains("Partner         Service            Status    Proposed    Outcome"), "{text}");
    }

    #[test]
    fn attendance_list() {
        let (mut c, _, e) = sample();
        c.register_no = "=1+1".into();
        let mut out = Vec::new();
        let n = attendance_csv(&e[0], &|id| (id == c.id()).then(|| c.clone()), None, &mut out).unwrap();
        assert_eq!(n, 2);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "participant,register_no,full_name,office,role,attendance\nK-000007,'=1+1,Joko Susilo,Bapas Malang,participant,attended\nK-000008,,,,participant,absent\n"
        );
    }

    #[test]
    fn a_series_has_a_column_per_meeting_and_one_meeting_its_own() {
        use crate::model::{Attendance, MeetingStatus, PartId, Participant, ParticipantRole, Recurrence, When};
        let (c, _, _) = sample();
        let mut e = Event::new("Kelas barista", crate::model::EventKind::Training, When::Date(d(1, 3)));
        e.recurrence = Some(Recurrence::parse("weekly tue x3", d(1, 1)).unwrap());
        e.participants.push(Participant::client(c.id(), Attendance::Invited));
        e.participants.push(Participant::officer("Pak Harun"));
        e.participants[0].id = PartId(1);
        e.participants[1].id = PartId(2);
        e.set_role(PartId(2), ParticipantRole::Facilitator);
        e.plan_meetings();
        e.meetings[0].set(PartId(1), Attendance::Attended);
        e.meetings[0].status = MeetingStatus::Held;
        e.meetings[1].set(PartId(1), Attendance::Absent);
        e.meetings[1].status = MeetingStatus::Held;
        let client = |id| (id == c.id()).then(|| c.clone());
        let mut out = Vec::new();
        attendance_csv(&e, &client, None, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "participant,register_no,full_name,office,role,2023-01-03,2023-01-10,2023-01-17,attended\n\
             K-000007,,Joko Susilo,Bapas Malang,participant,attended,absent,invited,1/2\n\
             ,,Pak Harun,,facilitator,invited,invited,invited,0/2\n"
        );
        let mut out = Vec::new();
        attendance_csv(&e, &client, Some(d(1, 10)), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "participant,register_no,full_name,office,role,attendance\n\
             K-000007,,Joko Susilo,Bapas Malang,participant,absent\n,,Pak Harun,,facilitator,invited\n"
        );
        let r = attendance_csv(&e, &client, Some(d(1, 11)), &mut Vec::new());
        assert!(r.is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound));
    }
}

#[cfg(test)]
mod litmas_tests {
    use super::*;

    #[test]
    fn a_litmas_document_holds_its_parts_and_no_escape_codes() {
        let mut c = Client::new("Ahmad Fauzi");
        c.register_no = "PAS.12/2022".into();
        c.offence = "Pasal 15 UU Terorisme".into();
        let l = Litmas {
            id: crate::model::PartId::NEW,
            kind: LitmasKind::Integration,
            date: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            authors: vec!["Rina Wulandari".into()],
            methods: "wawancara\nkunjungan rumah".into(),
            sources: String::new(),
            findings: "keluarga mendukung \u{1b}[2J".into(),
            recommendation: "layak diusulkan pembebasan bersyarat".into(),
        };
        let md =
            litmas_document(&c, &l, &litmas_authorship(&c, &l, &[], Zone::WIB), None, Lang::Id, DocFormat::Markdown);
        assert!(md.starts_with("# Litmas integrasi — Ahmad Fauzi"), "{md}");
        for part in [
            "## Identitas",
            "PAS.12/2022",
            "Pasal 15",
            "## Metode",
            "wawancara  \nkunjungan rumah",
            "## Sumber data",
            "(diisi)",
            "## Temuan",
            "## Rekomendasi",
            "layak diusulkan",
            "Rina Wulandari",
        ] {
            assert!(md.contains(part), "{part}: {md}");
        }
        assert!(!md.contains('\u{1b}'), "stored text is neutralised");
        let txt = litmas_document(&c, &l, &Authorship::NotRecorded, None, Lang::En, DocFormat::Text);
        assert!(txt.starts_with("Litmas integration — Ahmad Fauzi\n====="), "{txt}");
        assert!(txt.contains("(to fill in)"));
    }
}

#[cfg(test)]
mod litmas_author_tests {
    use super::*;
    use crate::model::{PartId, Record, Role};
    use crate::store::{Actor, Store};

    fn report(kind: LitmasKind, day: u32, authors: &[&str]) -> Litmas {
        Litmas {
            id: PartId::NEW,
            kind,
            date: NaiveDate::from_ymd_opt(2024, 3, day).unwrap(),
            authors: authors.iter().map(|a| a.to_string()).collect(),
            methods: String::new(),
            sources: String::new(),
            findings: "keluarga mendukung".into(),
            recommendation: "lanjutkan".into(),
        }
    }

    fn days(store: &Store, n: i64) {
        store.clock().advance(chrono::Duration::days(n));
    }

    /// A report stored before authors were recorded names the user its
    /// history says recorded it (the client's creator when it was in the
    /// record from the start), never the client's officer of the day; one
    /// the history does not account for is "author not recorded". A
    /// report's recorded authors sign it, whoever the officer is now.
    #[test]
    fn a_report_is_signed_by_its_author_never_by_the_officer_of_the_day() {
        let (_dir, store) = crate::store::temp_store_at(crate::clock::Clock::at(2024, 3, 1, 9, 0, 7));
        let zone = store.clock().zone();
        let mut c = Client::new("Ahmad Fauzi");
        c.officer = "Rina Wulandari".into();
        c.litmas.push(report(LitmasKind::Initial, 1, &[]));
        let c = store.create(&Actor::new("siti", Role::Officer), c).unwrap();
        days(&store, 2);
        let mut c2 = c.clone();
        c2.litmas.push(report(LitmasKind::FollowUp, 3, &[]));
        c2.litmas.push(report(LitmasKind::Integration, 3, &["Dewi Anggraini", "budi"]));
        let c2 = store.update(&Actor::new("budi", Role::Officer), c2).unwrap();
        days(&store, 5);
        let mut moved = c2.clone();
        moved.officer = "Agus Salim".into();
        store.update(&Actor::new("agus", Role::Officer), moved).unwrap();

        let c: Client = store.fetch(c.meta.id).unwrap();
        let h = store.history(c.record_ref()).unwrap();
        let on = |day| NaiveDate::from_ymd_opt(2024, 3, day).unwrap();
        let of = |i: usize| litmas_authorship(&c, &c.litmas[i], &h, zone);
        assert_eq!(of(0), Authorship::FromHistory { by: "siti".into(), on: on(1) }, "in the record as it was made");
        assert_eq!(of(1), Authorship::FromHistory { by: "budi".into(), on: on(3) }, "added by budi's change");
        assert_eq!(of(2), Authorship::Recorded(vec!["Dewi Anggraini".into(), "budi".into()]));
        for (i, signed) in [
            (0, "siti (no author was recorded with the report; its history says siti recorded it on 1 Mar 2024)"),
            (1, "budi (no author was recorded with the report; its history says budi recorded it on 3 Mar 2024)"),
            (2, "\n\n\nDewi Anggraini\n\n\n\nbudi\n"),
        ] {
            let doc = litmas_document(&c, &c.litmas[i], &of(i), None, Lang::En, DocFormat::Text);
            assert!(doc.contains(signed), "{signed:?} in\n{doc}");
            assert!(!doc.contains("Agus Salim") && !doc.contains("Rina Wulandari"), "no officer signs:\n{doc}");
        }
        // a report a merge brought in: this record's history does not say who wrote it
        let merged: Vec<Change> = h
            .iter()
            .cloned()
            .map(|mut ch| {
                if ch.fields.iter().any(|f| f.field == "litmas") {
                    ch.note = "merge of K-000002".into();
                }
                ch
            })
            .collect();
        assert_eq!(litmas_authorship(&c, &c.litmas[1], &merged, zone), Authorship::NotRecorded);
        let doc = litmas_document(&c, &c.litmas[1], &Authorship::NotRecorded, None, Lang::Id, DocFormat::Markdown);
        assert!(doc.contains("- **Penyusun**: (penyusun tidak tercatat)\n"), "{doc}");
        assert!(doc.ends_with("(………………………)  \n(penyusun tidak tercatat)\n"), "{doc}");
    }

    /// The document prints its report's approval (who, when, why), and
    /// nothing for a report whose request is waiting or was rejected.
    #[test]
    fn the_document_prints_the_approval_of_its_report() {
        use crate::store::approvals::Subject;
        let (_dir, store) = crate::store::temp_store_at(crate::clock::Clock::at(2024, 3, 4, 9, 0, 7));
        let zone = store.clock().zone();
        let siti = Actor::new("siti", Role::Officer);
        let agus = Actor { supervisor: true, ..Actor::new("agus", Role::Officer) };
        let mut c = Client::new("Ahmad Fauzi");
        c.litmas = vec![report(LitmasKind::Initial, 1, &["siti"]), report(LitmasKind::FollowUp, 2, &["siti"])];
        let c = store.create(&siti, c).unwrap();
        let ask = |i: usize| {
            let subject = Subject::Litmas { litmas: c.litmas[i].id };
            store.write(&siti, |b| b.request_approval(c.meta.id, subject, "mohon diperiksa")).unwrap()
        };
        let (first, second) = (ask(0), ask(1));
        days(&store, 1);
        store.write(&agus, |b| b.decide(c.meta.id, first, true, "sesuai | lengkap")).unwrap();
        store.write(&agus, |b| b.decide(c.meta.id, second, false, "lengkapi sumber")).unwrap();
        let approvals = store.approvals(c.meta.id).unwrap();
        let approved = litmas_approval(&c.litmas[0], &approvals, zone);
        let on = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        assert_eq!(approved, Some(Approved { by: "agus".into(), on, comment: "sesuai | lengkap".into() }));
        assert_eq!(litmas_approval(&c.litmas[1], &approvals, zone), None, "rejected");
        let author = Authorship::Recorded(vec!["siti".into()]);
        let md = litmas_document(&c, &c.litmas[0], &author, approved.as_ref(), Lang::En, DocFormat::Markdown);
        assert!(
            md.contains(
                "## Approval\n\n- **Approved by**: agus\n- **Approved on**: 5 Mar 2024\n- **Comment**: sesuai \\| lengkap\n"
            ),
            "{md}"
        );
        let txt = litmas_document(&c, &c.litmas[0], &author, approved.as_ref(), Lang::Id, DocFormat::Text);
        assert!(txt.contains("Persetujuan\n-----------\nDisetujui oleh       agus\n"), "{txt}");
        let none = litmas_document(&c, &c.litmas[1], &author, None, Lang::En, DocFormat::Markdown);
        assert!(!none.contains("Approved by"), "{none}");
        assert!(
            none.contains("## Approval\n\nNot yet approved by a supervisor: this report is a draft, not final."),
            "{none}"
        );
    }
}
