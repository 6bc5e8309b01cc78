//! What forms need from the store: reading the record to edit, saving,
//! archiving and restoring, looking for duplicates. "Saved" is reported
//! only after the store returned `Ok` (its writes flush before returning).

use super::{Ask, Conflict, Form, FormOp, Issue, Target};
use crate::i18n::fill;
use crate::i18n::form::FormMsg;
use crate::model::{Client, Record, RecordKind, RecordRef, Stakeholder};
use crate::search::normalize::similar_names as similar;
use crate::ui::data::{Scoped, StoreError};
use crate::ui::update;
use crate::ui::{Session, data};

/// Look-alikes listed at most.
const MAX_CANDIDATES: usize = 8;

impl Session {
    /// Performs what a form asked for.
    pub fn form_op(&mut self, op: FormOp) {
        let lang = self.app.lang;
        match op {
            FormOp::Edit(r) => match self.read_target(r) {
                Ok(target) => {
                    let data = &self.data;
                    let names = |k: RecordKind, id: u64| super::row_name(data, RecordRef::new(k, id));
                    self.app.form = Some(Box::new(Form::new(target, &names, self.app.today)));
                }
                Err(e) => self.app.error(e.message(lang)),
            },
            FormOp::Save => self.save_form(),
            FormOp::AskArchive(r) => match data::stakeholder_ties(&self.scoped(), crate::model::StakeholderId(r.id)) {
                Ok(ties) => {
                    self.app.archive_ties = Some((r, ties));
                    self.app.overlay = Some(crate::ui::app::Overlay::ConfirmArchive(r));
                }
                Err(e) => self.app.error(e.message(lang)),
            },
            FormOp::Archive(r) | FormOp::Restore(r) => {
                let archive = matches!(op, FormOp::Archive(_));
                let name = super::row_name(&self.data, r).unwrap_or_default();
                let result = data::set_archived(self.store(), self.actor(), r, archive);
                match result {
                    Ok(()) => {
                        self.refresh();
                        let m = if archive { FormMsg::Archived } else { FormMsg::Restored };
                        self.app.info(fill(m.text(lang), &[("record", &r.to_string()), ("name", &name)]));
                    }
                    Err(e) => self.app.error(e.message(lang)),
                }
            }
            // the terminal loop runs the editor (see terminal::drive); a
            // session without a terminal of its own cannot
            FormOp::Editor => self.external_editor(),
            FormOp::Part(r, part) => match self.read_target(r) {
                Ok(target) if part.index.is_some_and(|i| i >= super::parts::len(&target, part.kind)) => {
                    self.part_gone(r, part);
                }
                Ok(target) => {
                    let data = &self.data;
                    let names = |k: RecordKind, id: u64| super::row_name(data, RecordRef::new(k, id));
                    let mut form = Form::new_part(target, part, &names, self.app.today);
                    form.started_by(&self.actor().name);
                    self.app.form = Some(Box::new(form));
                }
                Err(e) => self.app.error(e.message(lang)),
            },
            FormOp::RemovePart(r, part, version) => self.remove_part(r, part, version),
            FormOp::MergeOpen(keep, from) => {
                let s = self.scoped();
                match (data::fetch::<Client>(&s, keep), data::fetch::<Client>(&s, from)) {
                    (Ok(a), Ok(b)) => {
                        self.app.merge =
                            Some(crate::ui::merge::MergeView::new(&a, &b, self.app.lang, &self.app.risk_names))
                    }
                    (Err(e), _) | (_, Err(e)) => self.app.error(e.message(lang)),
                }
            }
            FormOp::Merge => {
                let Some(m) = self.app.merge.take() else { return };
                let taken = m.taken();
                match data::merge_clients(self.store(), self.actor(), m.survivor, m.other, &taken) {
                    Ok(seq) => {
                        self.app.merge_from = None;
                        self.refresh();
                        self.app.info(fill(
                            crate::i18n::ui::Ui::Merged.text(lang),
                            &[
                                ("from", &RecordRef::new(RecordKind::Client, m.other).to_string()),
                                ("keep", &RecordRef::new(RecordKind::Client, m.survivor).to_string()),
                                ("seq", &seq.to_string()),
                            ],
                        ));
                    }
                    Err(e) => {
                        self.app.error(e.message(lang));
                        self.app.merge = Some(crate::ui::merge::MergeView { confirm: false, ..m });
                    }
                }
            }
            FormOp::Revert(r, seq) => {
                // the line of a merge in the survivor's history undoes the merge
                if r.kind == RecordKind::Client && data::is_merge(self.store(), r, seq) {
                    match data::undo_merge_after(self.store(), self.actor(), r.id, seq) {
                        Ok(n) => {
                            self.refresh();
                            self.app
                                .info(fill(crate::i18n::ui::Ui::MergeUndone.text(lang), &[("seq", &n.to_string())]));
                        }
                        Err(e) => self.app.error(e.message(lang)),
                    }
                    return;
                }
                match data::revert(self.store(), self.actor(), r, seq) {
                    Ok(()) => {
                        self.refresh();
                        self.app.info(fill(
                            FormMsg::Reverted.text(lang),
                            &[("record", &r.to_string()), ("seq", &seq.to_string())],
                        ));
                    }
                    Err(e) => self.app.error(e.message(lang)),
                }
            }
        }
    }

    /// The focused notes through the outside editor; the text comes back
    /// into the form as if pasted (escape codes refused), nothing is saved.
    fn external_editor(&mut self) {
        let lang = self.app.lang;
        let Some(editor) = self.editor.as_mut() else {
            return self.app.info(FormMsg::EditorUnavailable.text(lang));
        };
        let Some(form) = self.app.form.as_mut() else { return };
        let Some(before) = form.state.fields.get(form.state.focus).and_then(|f| f.input()).map(|t| t.value.clone())
        else {
            return;
        };
        let result = editor(&before);
        self.clear_screen = true;
        let Some(form) = self.app.form.as_mut() else { return };
        match result {
            // the editor was given (and may give back) a final line break the field did not have
            Ok(after) if after.trim_end() == before.trim_end() => self.app.info(FormMsg::EditorUnchanged.text(lang)),
            Ok(after) => {
                let key = form.state.fields[form.state.focus].key;
                let after = after.replace('\t', "    ");
                if crate::model::validate::check_text(&after) == Some(crate::model::ProblemKind::ControlCharacters) {
                    let i = form.state.focus;
                    form.state.problems.retain(|(f, _)| *f != i);
                    form.state.problems.push((i, Issue::Pasted));
                } else {
                    form.state.set_value(key, &after);
                    form.check();
                }
                self.app.dirty = form.state.is_changed();
            }
            Err(super::super::terminal::EditorError::Status(code)) => {
                let code = code.map_or_else(|| "?".to_string(), |c| c.to_string());
                self.app.error(fill(FormMsg::EditorStatus.text(lang), &[("code", &code)]));
            }
            Err(super::super::terminal::EditorError::Run(cmd, e)) => {
                self.app.error(fill(FormMsg::EditorFailed.text(lang), &[("editor", &cmd), ("error", &e.to_string())]))
            }
        }
    }

    /// After the store changed: a form open on a record someone else has
    /// saved since is told at once, not only when its save is refused.
    pub fn notice_changes(&mut self) {
        let Some(r) = self.app.form.as_ref().and_then(|f| f.record_ref()) else { return };
        let Ok(latest) = self.read_target(r) else { return };
        let Some(form) = self.app.form.as_mut() else { return };
        let meta = latest.meta();
        let known = form.state.conflict.as_ref().map_or(form.target.meta().version, |c| c.version);
        if meta.version > known {
            let live = form.state.conflict.as_ref().is_none_or(|c| c.live);
            form.state.conflict =
                Some(Conflict { by: meta.updated_by.clone(), at: meta.updated_at, version: meta.version, live });
        }
    }

    fn part_gone(&mut self, r: RecordRef, part: super::parts::PartRef) {
        let lang = self.app.lang;
        self.refresh();
        self.app
            .error(fill(FormMsg::PartGone.text(lang), &[("part", part.kind.noun(lang)), ("record", &r.to_string())]));
    }

    /// Removes a part the user saw, unless the record changed since (the
    /// position shown might now be another part).
    fn remove_part(&mut self, r: RecordRef, part: super::parts::PartRef, version: u64) {
        let lang = self.app.lang;
        let target = match self.read_target(r) {
            Ok(t) => t,
            Err(e) => return self.app.error(e.message(lang)),
        };
        let meta = target.meta().clone();
        if meta.version != version {
            let at = self.app.zone.local(meta.updated_at);
            let at = format!("{} {}", crate::i18n::date(lang, at.date()), at.format("%H:%M"));
            self.refresh();
            return self.app.error(fill(
                FormMsg::Changed.text(lang),
                &[("record", &r.to_string()), ("by", &meta.updated_by), ("at", &at)],
            ));
        }
        let Some(changed) = super::parts::remove(&target, part) else {
            return self.part_gone(r, part);
        };
        match data::update_target(self.store(), self.actor(), changed) {
            Ok(()) => {
                self.refresh();
                // the selection stays where the part was: on the next line, or the last
                let n = self.data.detail.as_ref().map_or(0, |d| d.selectables().count());
                self.app.link = self.app.link.min(n);
                self.app.info(fill(
                    FormMsg::Removed.text(lang),
                    &[("part", part.kind.noun(lang)), ("record", &r.to_string())],
                ));
            }
            Err(e) => self.app.error(e.message(lang)),
        }
    }

    fn read_target(&self, r: RecordRef) -> Result<Target, StoreError> {
        let s: Scoped = self.scoped();
        Ok(match r.kind {
            RecordKind::Client => Target::Client(Box::new(data::fetch(&s, r.id)?)),
            RecordKind::Stakeholder => Target::Stakeholder(Box::new(data::fetch(&s, r.id)?)),
            RecordKind::Event => Target::Event(Box::new(data::fetch(&s, r.id)?)),
            RecordKind::Referral => Target::Referral(Box::new(data::fetch(&s, r.id)?)),
            RecordKind::User => return Err(StoreError::NotFound(r)),
        })
    }

    fn save_form(&mut self) {
        let lang = self.app.lang;
        let Some(mut form) = self.app.form.take() else { return };
        let merging = form.state.conflict.is_some();
        // someone saved the record while the form was open: the user's
        // values go over the newest version, what the form does not show
        // and what the user did not touch keep theirs, and a field both
        // changed is asked about (theirs and mine side by side)
        if merging && let Some(r) = form.record_ref() {
            match self.read_target(r) {
                Ok(latest) => {
                    let data = &self.data;
                    let names = |k: RecordKind, id: u64| super::row_name(data, RecordRef::new(k, id));
                    let base = form.fields_over(&form.target, &names);
                    // a sub-form follows its part by id: the list may have moved
                    if let Some(p) = form.part
                        && p.index.is_some()
                    {
                        match super::parts::id_at(&form.target, p)
                            .and_then(|id| super::parts::index_of(&latest, p.kind, id))
                        {
                            Some(i) => form.part = Some(super::parts::PartRef { index: Some(i), ..p }),
                            None => return self.part_gone(r, p),
                        }
                    }
                    let fresh = form.fields_over(&latest, &names);
                    let theirs_wanted = std::mem::take(&mut form.take_theirs);
                    let mut clashes = Vec::new();
                    for (i, f) in fresh.into_iter().enumerate() {
                        let touched = form.state.touched.get(i).copied().unwrap_or(true);
                        let Some(slot) = form.state.fields.get_mut(i) else { continue };
                        if !touched || theirs_wanted.contains(&i) {
                            *slot = f;
                            continue;
                        }
                        let risk = &self.app.risk_names;
                        let (theirs, mine) = (f.shown(lang, risk), slot.shown(lang, risk));
                        let before = base.get(i).map(|b| b.shown(lang, risk));
                        if before.as_deref() != Some(theirs.as_str()) && mine != theirs {
                            clashes.push((i, theirs, mine));
                        }
                    }
                    let by = latest.meta().updated_by.clone();
                    form.merged_with = Some(by.clone());
                    form.target = latest;
                    if !clashes.is_empty() {
                        form.ask = Some(super::Ask::Clash { by, fields: clashes });
                        self.app.form = Some(form);
                        return;
                    }
                }
                Err(e) => {
                    self.app.error(e.message(lang));
                    self.app.form = Some(form);
                    return;
                }
            }
        }
        let Some(target) = form.prepare_save() else {
            self.app.form = Some(form);
            return;
        };
        if let Target::Referral(f) = &target
            && !form.capacity_seen
            && let Some(ask) = self.partner_full(f, &form.target)
        {
            form.ask = Some(ask);
            self.app.form = Some(form);
            return;
        }
        if let Target::Client(c) = &target {
            if let Some(issue) = self.nik_taken(c) {
                let i = form.state.index("nik").unwrap_or(0);
                form.state.set_problems(vec![(i, issue)], true);
                self.app.error(fill(FormMsg::Problems.text(lang), &[("n", "1")]));
                self.app.form = Some(form);
                return;
            }
            if target.is_new() && !form.duplicates_seen {
                let candidates = self.look_alikes(c);
                if !candidates.is_empty() {
                    form.ask = Some(Ask::Duplicates { kind: RecordKind::Client, candidates, selected: 0 });
                    self.app.form = Some(form);
                    return;
                }
            }
        }
        if let Target::Stakeholder(st) = &target
            && target.is_new()
            && !form.duplicates_seen
        {
            let candidates = self.stakeholder_look_alikes(st);
            if !candidates.is_empty() {
                form.ask = Some(Ask::Duplicates { kind: RecordKind::Stakeholder, candidates, selected: 0 });
                self.app.form = Some(form);
                return;
            }
        }
        let new = target.is_new();
        let group = group_session(&form, &target);
        // what a save holds back for a supervisor is said with it
        let held_before = match &target {
            Target::Client(c) => c.held.clone(),
            _ => crate::model::Held::default(),
        };
        let waits = |h: &crate::model::Held| {
            h.closure.is_some() && h.closure != held_before.closure
                || h.assessments.iter().any(|x| !x.rejected && !held_before.assessments.contains(x))
        };
        // a client saved without what intake often lacks is saved, and told so
        let lacking = match &target {
            Target::Client(c) if form.part.is_none() => crate::model::validate::missing(c),
            _ => Vec::new(),
        };
        let result = data::save_target(self.store(), self.actor(), target, new, group)
            .map(|(r, name, held)| (r, name, held.as_ref().is_some_and(waits)));
        match result {
            Ok((r, name, waits)) => {
                self.app.dirty = false;
                self.refresh();
                // a new record is selected in its list, so it can be reopened at once
                if new && r.kind != RecordKind::Referral {
                    update::go_to(&mut self.app, &self.data, r);
                }
                let mut text = fill(FormMsg::Saved.text(lang), &[("record", &r.to_string()), ("name", &name)]);
                if let Some(by) = &form.merged_with {
                    text.push_str(&fill(FormMsg::SavedMerged.text(lang), &[("by", by)]));
                }
                if waits {
                    text.push_str(FormMsg::SavedWaits.text(lang));
                }
                if !lacking.is_empty() {
                    let fields = crate::i18n::client_fields(lang, lacking);
                    text.push_str(&fill(FormMsg::SavedIncomplete.text(lang), &[("fields", &fields)]));
                }
                self.app.info(text);
            }
            // only the flush failed: the record is saved (a second save
            // would make it twice, or find its own NIK taken), not yet on disk
            Err(StoreError::Unflushed { record, cause }) => {
                self.app.dirty = false;
                self.refresh();
                let r = record.or_else(|| form.record_ref());
                if new && let Some(r) = r.filter(|r| r.kind != RecordKind::Referral) {
                    update::go_to(&mut self.app, &self.data, r);
                }
                let name = r.and_then(|r| super::row_name(&self.data, r)).unwrap_or_default();
                let text = fill(
                    FormMsg::SavedUnflushed.text(lang),
                    &[
                        ("record", &r.map(|r| r.to_string()).unwrap_or_default()),
                        ("name", &name),
                        ("error", &cause.message(lang)),
                    ],
                );
                self.app.error(text);
            }
            Err(StoreError::Conflict { by, at, version, .. }) => {
                form.state.conflict = Some(Conflict { by, at, version, live: false });
                let c = form
                    .state
                    .conflict
                    .as_ref()
                    .map(|c| super::view::conflict_text(lang, self.app.zone, c))
                    .unwrap_or_default();
                self.app.error(c);
                self.app.form = Some(form);
                // merged at once: saved, or asked about the fields both changed
                if !merging {
                    self.save_form();
                }
            }
            Err(StoreError::Invalid(_, problems)) => {
                let issues = problems
                    .into_iter()
                    .map(|p| {
                        (form.state.fields.iter().position(|f| f.owns(&p.field)).unwrap_or(0), Issue::Problem(p.kind))
                    })
                    .collect();
                form.state.set_problems(issues, true);
                self.app.error(fill(FormMsg::Problems.text(lang), &[("n", &form.state.problems.len().to_string())]));
                self.app.form = Some(form);
            }
            Err(e) => {
                self.app.error(e.message(lang));
                self.app.form = Some(form);
            }
        }
    }

    /// A referral that would take a place at a partner with none free:
    /// a new one, or one moving into a status that holds a place.
    fn partner_full(&self, f: &crate::model::Referral, before: &Target) -> Option<Ask> {
        let takes = match before {
            Target::Referral(old) if old.meta.id != 0 => f.status.occupies_place() && !old.status.occupies_place(),
            _ => true,
        };
        if !takes {
            return None;
        }
        let s: Stakeholder = data::fetch(&self.scoped(), f.stakeholder.0).ok()?;
        let total = s.capacity?;
        let used = data::referrals_to(&self.scoped(), f.stakeholder)
            .ok()?
            .iter()
            .filter(|r| r.meta.id != f.meta.id && r.status.occupies_place())
            .count();
        (used >= total as usize).then(|| Ask::Capacity { name: s.display_name().to_string(), used, total })
    }

    /// Another client with the same NIK.
    fn nik_taken(&self, c: &Client) -> Option<Issue> {
        let nik = c.nik.as_deref()?;
        let ids = data::clients_with_nik(self.store(), nik).ok()?;
        let other = ids.into_iter().find(|id| id.0 != c.meta.id)?;
        let record = other.to_ref();
        let name = super::row_name(&self.data, record).unwrap_or_default();
        Some(Issue::NikTaken { record, name })
    }

    /// Stored clients with the same birth date and a similar name (aliases
    /// and old/new spellings counted).
    fn look_alikes(&self, c: &Client) -> Vec<(u64, String)> {
        let Some(born) = c.birth_date else { return Vec::new() };
        let mine = name_keys(c);
        let mut out = Vec::new();
        // the rows know every birth date: only clients born that day are read
        let scoped = self.scoped();
        let same_day = self.data.clients.iter().filter(|r| r.born == Some(born) && r.id != c.meta.id);
        for other in same_day.filter_map(|r| data::fetch::<Client>(&scoped, r.id).ok()) {
            if similar(&mine, &name_keys(&other)) {
                let mut line = format!("{} · {}", other.record_ref(), other.full_name);
                if !other.aliases.is_empty() {
                    line.push_str(&format!(" ({})", other.aliases.join(", ")));
                }
                out.push((other.meta.id, line));
                if out.len() >= MAX_CANDIDATES {
                    break;
                }
            }
        }
        out
    }
}

impl Session {
    /// Stored stakeholders whose name or short name is the same as the new
    /// one's, or holds all its words, once folded (spellings, accents,
    /// punctuation and invisible characters do not count).
    fn stakeholder_look_alikes(&self, s: &crate::model::Stakeholder) -> Vec<(u64, String)> {
        let mine = crate::search::normalize::stakeholder_keys(&s.name, &s.short_name);
        self.data
            .stakeholders
            .iter()
            .filter(|r| r.id != s.meta.id)
            .filter(|r| similar(&mine, &crate::search::normalize::stakeholder_keys(&r.name, &r.short)))
            .take(MAX_CANDIDATES)
            .map(|r| {
                (
                    r.id,
                    format!(
                        "{} · {} ({})",
                        crate::model::RecordRef::new(RecordKind::Stakeholder, r.id),
                        r.name,
                        r.short
                    ),
                )
            })
            .collect()
    }
}

/// The names of a client to compare, as import compares them: without
/// titles and degrees, nicknames and aliases counted.
fn name_keys(c: &Client) -> Vec<String> {
    crate::search::normalize::client_keys(&c.full_name, &c.aliases)
}

/// A new group session being saved: the session and the other clients it is for.
fn group_session(form: &Form, target: &Target) -> Option<(crate::model::GuidanceSession, Vec<crate::model::ClientId>)> {
    let part = form.part?;
    if part.kind != super::parts::PartKind::Session || part.index.is_some() {
        return None;
    }
    let Target::Client(c) = target else { return None };
    let s = c.sessions.last()?;
    (!s.group.is_empty()).then(|| (s.clone(), s.group.clone()))
}
