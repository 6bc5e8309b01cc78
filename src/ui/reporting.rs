//! Recording the reporting register (wajib lapor) in two keys: the day is
//! chosen for the officer (today's expected day, else the last one not yet
//! recorded), the store's write is the whole client, and the status line
//! says what was recorded and how the client now stands.

use crate::action::{Action, Context, ReportMark};
use crate::casework::reporting;
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::i18n::{self, Lang};
use crate::model::{Client, RecordRef};
use crate::ui::{Session, data};

/// "5 attended, 1 missed, 0 excused; compliance 83%".
pub fn standing_text(lang: Lang, s: &reporting::Standing) -> String {
    let rate = s.compliance().map_or_else(|| "–".to_string(), |r| format!("{r}%"));
    fill(
        Ui::ReportingStanding.text(lang),
        &[
            ("attended", &s.attended.to_string()),
            ("missed", &s.missed.to_string()),
            ("excused", &s.excused.to_string()),
            ("rate", &rate),
        ],
    )
}

impl Session {
    /// Records a mark for a client on the day it means.
    pub fn report(&mut self, r: RecordRef, mark: ReportMark) {
        let lang = self.app.lang;
        let today = self.app.today;
        let mut c: Client = match data::fetch(&self.scoped(), r.id) {
            Ok(c) => c,
            Err(e) => return self.app.error(e.message(lang)),
        };
        let calendar = match data::calendar(&self.scoped()) {
            Ok(cal) => cal,
            Err(e) => return self.app.error(e.message(lang)),
        };
        let day = reporting::day_to_record(&c, &calendar, today);
        let by = self.actor().name.clone();
        reporting::record(&mut c, day, mark.status(), "", &by);
        let name = c.full_name.clone();
        let standing = reporting::standing(&c, &calendar, today);
        let (store, actor) = (self.store().clone(), self.actor().clone());
        match data::update_client(&store, &actor, c) {
            Ok(_) => {
                self.refresh();
                self.app.info(fill(
                    Ui::Reported.text(lang),
                    &[
                        ("mark", mark.label(lang)),
                        ("date", &i18n::date(lang, day)),
                        ("record", &r.to_string()),
                        ("name", &name),
                        ("counts", &standing_text(lang, &standing)),
                    ],
                ));
            }
            Err(e) => self.app.error(e.message(lang)),
        }
    }
}

impl Session {
    /// Acts on an answered one-line question: a flag raised or taken off,
    /// a request, a decision, a bulk change, a purge, an export's passphrase.
    pub fn answer_prompt(&mut self, p: crate::ui::app::Prompt) {
        let lang = self.app.lang;
        let Err(p) = self.answer_document_prompt(p) else { return };
        let Err(p) = self.answer_meeting_prompt(p) else { return };
        if let crate::ui::app::PromptKind::Export(what) = p.kind {
            let pass = p.line.value.clone();
            let kind = p.kind;
            let again = |first: Option<String>| crate::ui::app::Prompt { first, ..crate::ui::app::Prompt::new(kind) };
            match p.first {
                // empty: in the clear, by choice (audited as such); nothing to check
                None if pass.is_empty() => {}
                None if pass.chars().count() < crate::protect::MIN_PASSPHRASE => {
                    let n = i18n::count(lang, crate::protect::MIN_PASSPHRASE, i18n::Noun::Character);
                    self.app.prompt = Some(p);
                    return self.app.error(fill(crate::i18n::Msg::PassphraseShort.text(lang), &[("characters", &n)]));
                }
                // a passphrase protects the file only if it was typed as meant: once more
                None => {
                    self.app.prompt = Some(again(Some(pass)));
                    return;
                }
                Some(first) if first != pass => {
                    // nothing is written; the passphrase is asked again from the start
                    self.app.prompt = Some(again(None));
                    return self.app.error(Ui::PassphraseMismatch.text(lang));
                }
                Some(_) => {}
            }
            return self.export_with(what, Some(&pass));
        }
        if let crate::ui::app::PromptKind::User(ask) = p.kind {
            let store = self.store().clone();
            let retry = p.clone();
            if let Some(op) = crate::ui::users::answer(&mut self.app, &self.data, &store, ask, p)
                && let Err(refused) = self.write_user(op)
            {
                let (op, e) = *refused;
                // asked again, to correct: a new user where the store found fault
                self.app.prompt = Some(match op {
                    crate::ui::users::UserOp::Add(draft) => {
                        self.app.users.draft = Some(draft);
                        self.app.users.fixing = true;
                        crate::ui::app::Prompt::new(crate::ui::app::PromptKind::User(crate::ui::users::step_of(&e)))
                    }
                    _ => retry,
                });
            }
            return;
        }
        if let crate::ui::app::PromptKind::ReportMonth(what) = p.kind {
            let month = crate::casework::monthly::Month::parse(&p.line.value).and_then(|m| m.begun(self.app.today));
            return match month {
                Ok(m) => {
                    self.app.report_month = Some(m);
                    self.ask_passphrase(what)
                }
                Err(e) => {
                    // asked again, the answer kept to correct
                    self.app.prompt = Some(p);
                    self.app.error(e.message(lang))
                }
            };
        }
        let text = p.line.value.trim().to_string();
        let (store, actor) = (self.store().clone(), self.actor().clone());
        let (result, done) = match p.kind {
            crate::ui::app::PromptKind::Flag(id) => (
                data::flag(&store, &actor, id, &text),
                fill(
                    Ui::Flagged.text(lang),
                    &[
                        ("record", &RecordRef::new(crate::model::RecordKind::Client, id).to_string()),
                        ("message", &text),
                    ],
                ),
            ),
            crate::ui::app::PromptKind::Unflag(id, i) => (
                data::unflag(&store, &actor, id, i, &text),
                fill(
                    Ui::Unflagged.text(lang),
                    &[("record", &RecordRef::new(crate::model::RecordKind::Client, id).to_string())],
                ),
            ),
            crate::ui::app::PromptKind::Request(id, part) => {
                let record = RecordRef::new(crate::model::RecordKind::Client, id).to_string();
                let result = data::request_approval(&store, &actor, id, &text, |c| subject_of(c, part));
                match result {
                    Ok(n) => (Ok(()), fill(Ui::Requested.text(lang), &[("id", &n.to_string()), ("record", &record)])),
                    Err(e) => (Err(e), String::new()),
                }
            }
            crate::ui::app::PromptKind::Bulk(what) => {
                let ids: Vec<u64> = self.app.marked.iter().copied().collect();
                let result = match what {
                    crate::action::BulkWhat::Officer => data::bulk_officer(&store, &actor, &ids, &text),
                    crate::action::BulkWhat::Flag => data::bulk_flag(&store, &actor, &ids, &text),
                    crate::action::BulkWhat::Event => {
                        match RecordRef::parse(&text).filter(|r| r.kind == crate::model::RecordKind::Event) {
                            Some(e) => data::bulk_add_to_event(&store, &actor, &ids, e.id),
                            None => {
                                self.app.prompt = Some(p);
                                return self.app.error(fill(Ui::BulkBadEvent.text(lang), &[("text", &text)]));
                            }
                        }
                    }
                };
                match result {
                    // the marks stay for the next bulk action, until cleared
                    Ok(n) => {
                        let key = crate::ui::keys::first_key(&self.app.keymap, Action::ClearFilter, Context::List)
                            .unwrap_or_else(|| "esc".into());
                        let args = [
                            ("clients", i18n::count(lang, n, i18n::Noun::Client)),
                            ("what", what.label(lang).to_string()),
                            ("key", key),
                        ];
                        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                        (Ok(()), fill(Ui::BulkDone.text(lang), &args))
                    }
                    Err(e) => (Err(e), String::new()),
                }
            }
            // handled above
            crate::ui::app::PromptKind::Export(_)
            | crate::ui::app::PromptKind::ReportMonth(_)
            | crate::ui::app::PromptKind::User(_)
            | crate::ui::app::PromptKind::AttachPath(_)
            | crate::ui::app::PromptKind::AttachTitle(_)
            | crate::ui::app::PromptKind::RemoveDocument(_)
            | crate::ui::app::PromptKind::PurgeDocument(_)
            | crate::ui::app::PromptKind::EditMeeting(..) => return,
            crate::ui::app::PromptKind::Purge { target, part, .. } => {
                // named before it goes: the rows forget it
                let what = crate::ui::purge::what(&self.app, &self.data, target, part);
                (data::purge(&store, &actor, target, &text), fill(Ui::Purged.text(lang), &[("what", &what)]))
            }
            crate::ui::app::PromptKind::Decide(id, n, approve) => {
                let verdict = if approve { Ui::ApprovalStateApproved } else { Ui::ApprovalStateRejected };
                (
                    data::decide(&store, &actor, id, n, approve, &text),
                    fill(Ui::Decided.text(lang), &[("id", &n.to_string()), ("verdict", verdict.text(lang))]),
                )
            }
        };
        // a purged record's details close: the next one's would open unasked (and be logged)
        if result.is_ok()
            && matches!(
                p.kind,
                crate::ui::app::PromptKind::Purge { target: crate::ui::data::PurgeTarget::Record(_), .. }
            )
        {
            self.app.focus = crate::ui::app::Focus::List;
        }
        self.answered(p, result.map(|()| done));
    }

    /// Ends a question whose answer was acted on: done, the rows are read
    /// again and what was done is said; refused, the answer stays on
    /// screen to be fixed and sent again, with why.
    pub(crate) fn answered(&mut self, p: crate::ui::app::Prompt, result: Result<String, crate::ui::data::StoreError>) {
        match result {
            Ok(done) => {
                self.refresh();
                self.app.info(done);
            }
            Err(e) => {
                let msg = e.message(self.app.lang);
                self.app.prompt = Some(p);
                self.app.error(msg);
            }
        }
    }
}

/// What an approval request made from the details is about: the selected
/// assessment (its category) or Litmas, or the closure with the client's status.
fn subject_of(
    c: &Client,
    part: Option<crate::ui::form::parts::PartRef>,
) -> Result<crate::ui::data::ApprovalSubject, crate::ui::data::StoreError> {
    use crate::ui::data::ApprovalSubject as Subject;
    use crate::ui::form::parts::PartKind;
    let missing = || crate::ui::data::StoreError::Approval {
        record: RecordRef::new(crate::model::RecordKind::Client, c.meta.id),
        why: crate::ui::data::ApprovalProblem::NoSuchPart,
    };
    Ok(match part {
        Some(p) if p.kind == PartKind::Assessment => {
            let a = p.index.and_then(|i| c.assessments.get(i)).ok_or_else(missing)?;
            Subject::Category { assessment: a.id, to: a.category }
        }
        Some(p) if p.kind == PartKind::Litmas => {
            Subject::Litmas { litmas: p.index.and_then(|i| c.litmas.get(i)).ok_or_else(missing)?.id }
        }
        Some(_) => return Err(missing()),
        None => Subject::Closure { to: c.status },
    })
}
