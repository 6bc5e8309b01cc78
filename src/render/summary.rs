//! A client's case summary and a Litmas report as documents (Markdown or
//! plain text) for printing or attaching to a report: what casework
//! computes (the standing, the risk path, the report's author and
//! approval) laid out with the sentences of `i18n::summary`.

use crate::casework::reporting;
use crate::casework::summary::{Approved, Authorship, DocFormat};
use crate::casework::timeline;
use crate::i18n::summary::SummaryMsg as M;
use crate::i18n::{self, Lang, fill};
use crate::model::*;
use crate::sanitize::sanitize;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::summary::tests::{d, sample};

    fn counted(today: chrono::NaiveDate) -> reporting::CountedTo<'static> {
        static CALENDAR: std::sync::LazyLock<crate::model::Calendar> = std::sync::LazyLock::new(Default::default);
        reporting::CountedTo { today, calendar: &CALENDAR }
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
}

#[cfg(test)]
mod litmas_tests {
    use super::*;
    use crate::casework::summary::litmas_authorship;
    use crate::clock::Zone;

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
