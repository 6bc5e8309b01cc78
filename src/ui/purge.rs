//! Purging from the interface (administrators): `purge` on a record, on a
//! line of its details (a session, a contact, a participant …, or a
//! referral) or on an agenda line asks first, saying what else goes, and
//! takes the reason as its answer; the store does the rest
//! ([`crate::store::purge`]) and refuses anyone but an administrator.

use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::model::{Client, Event, HasParts, PartId, RecordKind, RecordRef, Stakeholder};
use crate::ui::Session;
use crate::ui::app::{App, Prompt, PromptKind};
use crate::ui::data::{self, PART_LISTS, PurgeTarget, StoreError, UiData};
use crate::ui::form::parts::PartRef;

impl Session {
    /// Opens the question before purging `r`, or the part of it its
    /// details showed at `version`: what else goes, and the reason as the
    /// answer. A purge the store refuses (a stakeholder that referrals
    /// point at, a role that may not) is said at once instead.
    pub fn ask_purge(&mut self, r: RecordRef, part: Option<(PartRef, u64)>) {
        let lang = self.app.lang;
        let target = match part {
            None => PurgeTarget::Record(r),
            Some((p, version)) => match self.part_id(r, p, version) {
                Ok(Some(id)) => PurgeTarget::Part(r, id),
                Ok(None) => return self.app.info(self.app.t(Ui::PurgeNoPart)),
                Err(e) => return self.app.error(e.message(lang)),
            },
        };
        match crate::ui::data::purge_plan(self.store(), self.actor(), target) {
            Ok(plan) => {
                self.app.prompt = Some(Prompt::new(PromptKind::Purge {
                    target,
                    part: part.map(|(p, _)| p),
                    erased: plan.erased.len(),
                    detached: plan.detached.len(),
                }));
            }
            Err(e) => self.app.error(e.message(lang)),
        }
    }

    /// The stable id of the part shown at position `p.index` of its list,
    /// if the record is still at `version` (else the conflict); `None`
    /// for a line that is no sub-record (an organiser is a link).
    fn part_id(&self, r: RecordRef, p: PartRef, version: u64) -> Result<Option<PartId>, StoreError> {
        let Some((_, n, _)) = PART_LISTS.iter().find(|(k, _, path)| *k == r.kind && *path == p.kind.path()) else {
            return Ok(None);
        };
        let (meta, lists) = match r.kind {
            RecordKind::Client => {
                let c: Client = data::fetch_stored(self.store(), r.id)?;
                (c.meta.clone(), c.part_ids())
            }
            RecordKind::Stakeholder => {
                let s: Stakeholder = data::fetch_stored(self.store(), r.id)?;
                (s.meta.clone(), s.part_ids())
            }
            RecordKind::Event => {
                let e: Event = data::fetch_stored(self.store(), r.id)?;
                (e.meta.clone(), e.part_ids())
            }
            _ => return Ok(None),
        };
        // someone changed the record since its details were drawn: the
        // line may stand for another part now
        if meta.version != version {
            return Err(StoreError::Conflict {
                record: r,
                by: meta.updated_by,
                at: meta.updated_at,
                version: meta.version,
            });
        }
        Ok(lists.into_iter().find(|(m, _)| m == n).and_then(|(_, ids)| p.index.and_then(|i| ids.get(i).copied())))
    }
}

/// What a purge is of, as its question and its message name it: the
/// record and its name, or the part's line and the record.
pub fn what(app: &App, data: &UiData, target: PurgeTarget, part: Option<PartRef>) -> String {
    let record = target.record();
    let name = crate::ui::form::row_name(data, record).map(|n| format!("{record} {n}")).unwrap_or(record.to_string());
    match (target, part) {
        (PurgeTarget::Part(..), Some(p)) => {
            let line = data
                .detail
                .as_ref()
                .filter(|d| d.target == record)
                .and_then(|d| d.selectables().find(|(_, s)| s.edit == Some(crate::ui::data::Edit::Part(p))))
                .map(|(t, _)| t.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_else(|| p.kind.noun(app.lang).to_string());
            fill(app.t(Ui::PurgePart), &[("part", &line), ("record", &name)])
        }
        _ => name,
    }
}

/// The question before a purge.
pub fn question(app: &App, data: &UiData, kind: PromptKind) -> String {
    let PromptKind::Purge { target, part, erased, detached } = kind else { return String::new() };
    let mut also = String::new();
    if erased > 0 {
        also.push_str(&fill(app.t(Ui::PurgeAlsoErased), &[("n", &erased.to_string())]));
    }
    if detached > 0 {
        also.push_str(&fill(app.t(Ui::PurgeTakenOut), &[("n", &detached.to_string())]));
    }
    fill(app.t(Ui::PromptPurge), &[("what", &what(app, data, target, part)), ("also", &also)])
}
