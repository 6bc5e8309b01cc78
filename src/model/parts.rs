//! Sub-records and their stable ids.
//!
//! A record's sub-records (a client's assessments, sessions, Litmas
//! reports and register days; a stakeholder's contacts and agreements; an
//! event's participants and follow-ups) each carry a [`PartId`], unique
//! within the record and never reused: approvals, history and documents
//! name a sub-record by it, so that adding or removing another does not
//! change what they name. A new sub-record has [`PartId::NEW`]; the store
//! gives it the record's next free id ([`Meta::next_part`]) when the record
//! is written.
//!
//! Each list has a number, part of the stored format (`store::codec`
//! keeps the ids of list `n` under its own tag): never renumber a list.

use super::client::{Assessment, Client, GuidanceSession, Litmas, ReportingEntry};
use super::event::{Event, FollowUp, Participant, Who};
use super::ids::RecordRef;
use super::ids::{Meta, PartId};
use super::referral::Referral;
use super::stakeholder::{Agreement, Contact, Stakeholder};
use super::user::User;

/// A sub-record with a stable id.
pub trait Part {
    /// Its id ([`PartId::NEW`] until the record is written).
    fn id(&self) -> PartId;
    /// Sets its id (the store, and decoding).
    fn set_id(&mut self, id: PartId);
    /// The records it names: a view that does not hold one of them does
    /// not hold the item either.
    fn references(&self) -> Vec<RecordRef> {
        Vec::new()
    }
}

macro_rules! part {
    ($($t:ty),+) => {$(
        impl Part for $t {
            fn id(&self) -> PartId {
                self.id
            }
            fn set_id(&mut self, id: PartId) {
                self.id = id;
            }
        }
    )+};
}
part!(Assessment, GuidanceSession, Litmas, ReportingEntry, Contact, Agreement, FollowUp);

impl Part for Participant {
    fn id(&self) -> PartId {
        self.id
    }
    fn set_id(&mut self, id: PartId) {
        self.id = id;
    }
    fn references(&self) -> Vec<RecordRef> {
        match &self.who {
            Who::Client { client, .. } => vec![client.to_ref()],
            Who::Stakeholder { stakeholder, .. } => vec![stakeholder.to_ref()],
            Who::Officer { .. } => Vec::new(),
        }
    }
}

/// The id an item had in a database from before stable ids: list `n`,
/// position `i`. Distinct across lists, and the same for an item whatever
/// is appended after it (a merge's saved copy and the record agree).
pub fn legacy_id(list: u8, i: usize) -> PartId {
    PartId((u32::from(list) << 16) | (u32::try_from(i + 1).unwrap_or(u32::MAX) & 0xFFFF))
}

/// A record's numbered lists of sub-records.
pub trait HasParts {
    /// Each list's number and its items' ids, in list order.
    fn part_ids(&self) -> Vec<(u8, Vec<PartId>)>;

    /// Sets the ids of list `n` from a stored value; false (and nothing
    /// set) when there is no such list or it holds another number of items.
    fn set_part_ids(&mut self, n: u8, ids: &[PartId]) -> bool;

    /// Calls `f` on every item of every list with the list's number.
    fn each_part(&mut self, f: &mut dyn FnMut(u8, usize, &mut dyn Part));

    /// The record's meta, whose `next_part` counts the ids given.
    fn parts_meta(&mut self) -> &mut Meta;

    /// Gives each new item (id 0) the id of an item of `old` with the same
    /// content that no other item holds: a list rebuilt from values without
    /// ids (a reverted change, a merge) keeps the ids of what it kept.
    fn keep_ids_from(&mut self, old: &Self);

    /// Gives every new item (id 0) the next free id, and moves the
    /// counter past every id held (a value from an older program, or ids
    /// set by hand, cannot make the next id repeat one).
    /// An id held twice (an item copied whole) is given to the first only.
    fn assign_part_ids(&mut self) {
        let mut max = 0u32;
        self.each_part(&mut |_, _, p| max = max.max(p.id().0));
        let mut next = self.parts_meta().next_part.max(max.saturating_add(1)).max(1);
        let mut seen = std::collections::HashSet::new();
        self.each_part(&mut |_, _, p| {
            if p.id().is_new() || !seen.insert(p.id()) {
                p.set_id(PartId(next));
                seen.insert(PartId(next));
                next = next.saturating_add(1);
            }
        });
        self.parts_meta().next_part = next;
    }

    /// Keeps only the items `keep` accepts (what a partial view holds).
    fn retain_parts(&mut self, keep: &dyn Fn(&dyn Part) -> bool);

    /// Completes a record saved through a view that does not hold the
    /// items `hidden` accepts: every such item of `old` is put back as it
    /// was, where it was; the items the view holds take their saved values
    /// (or are gone, if removed); new ones come after. An item claiming the
    /// id of a hidden one is a new item. False (and the record unusable)
    /// when a saved item is one the view could not hold, unless it is a
    /// hidden item exactly as stored.
    fn keep_hidden_parts(&mut self, old: &Self, hidden: &dyn Fn(&dyn Part) -> bool) -> bool;

    /// Gives every item the id a layout without ids implies ([`legacy_id`]).
    fn legacy_part_ids(&mut self) {
        self.each_part(&mut |n, i, p| p.set_id(legacy_id(n, i)));
        self.parts_meta().next_part = 0;
        self.assign_part_ids();
    }
}

macro_rules! has_parts {
    ($t:ty { $($n:literal => $list:ident),* }) => {
        impl HasParts for $t {
            fn part_ids(&self) -> Vec<(u8, Vec<PartId>)> {
                vec![$(($n, self.$list.iter().map(Part::id).collect())),*]
            }

            #[allow(unused_variables)]
            fn set_part_ids(&mut self, n: u8, ids: &[PartId]) -> bool {
                match n {
                    $($n if ids.len() == self.$list.len() => {
                        for (p, id) in self.$list.iter_mut().zip(ids) {
                            p.set_id(*id);
                        }
                        true
                    })*
                    _ => false,
                }
            }

            #[allow(unused_variables)]
            fn each_part(&mut self, f: &mut dyn FnMut(u8, usize, &mut dyn Part)) {
                $(for (i, p) in self.$list.iter_mut().enumerate() {
                    f($n, i, p);
                })*
            }

            fn parts_meta(&mut self) -> &mut Meta {
                &mut self.meta
            }

            #[allow(unused_variables)]
            fn keep_ids_from(&mut self, old: &Self) {
                $(keep_ids(&mut self.$list, &old.$list);)*
            }

            #[allow(unused_variables)]
            fn retain_parts(&mut self, keep: &dyn Fn(&dyn Part) -> bool) {
                $(self.$list.retain(|p| keep(p));)*
            }

            #[allow(unused_variables)]
            fn keep_hidden_parts(&mut self, old: &Self, hidden: &dyn Fn(&dyn Part) -> bool) -> bool {
                true $(&& keep_hidden(&mut self.$list, &old.$list, hidden))*
            }
        }
    };
}

/// See [`HasParts::keep_ids_from`].
fn keep_ids<T: Part + Clone + PartialEq>(new: &mut [T], old: &[T]) {
    let plain = |x: &T| {
        let mut x = x.clone();
        x.set_id(PartId::NEW);
        x
    };
    let mut held: std::collections::HashSet<PartId> = new.iter().map(Part::id).collect();
    for item in new.iter_mut().filter(|i| i.id().is_new()) {
        let content = plain(item);
        if let Some(o) = old.iter().find(|o| !held.contains(&o.id()) && plain(o) == content) {
            item.set_id(o.id());
            held.insert(o.id());
        }
    }
}
/// See [`HasParts::keep_hidden_parts`].
fn keep_hidden<T: Part + Clone + PartialEq>(saved: &mut Vec<T>, old: &[T], hidden: &dyn Fn(&dyn Part) -> bool) -> bool {
    // a hidden item saved back exactly as it is stored changes nothing
    // (a caller that read the whole record); any other is refused
    if saved.iter().any(|p| hidden(p) && !old.contains(p)) {
        return false;
    }
    let mut edited = std::mem::take(saved);
    edited.retain(|p| !hidden(p));
    let mut out = Vec::with_capacity(old.len() + edited.len());
    for o in old {
        if hidden(o) {
            out.push(o.clone());
        } else if let Some(i) = edited.iter().position(|e| !e.id().is_new() && e.id() == o.id()) {
            out.push(edited.remove(i));
        }
    }
    for mut e in edited {
        e.set_id(PartId::NEW);
        out.push(e);
    }
    *saved = out;
    true
}

has_parts!(Client { 1 => assessments, 2 => sessions, 3 => litmas, 4 => reporting_register });
has_parts!(Stakeholder { 1 => contacts, 2 => agreements });
has_parts!(Event { 1 => participants, 2 => follow_ups });
has_parts!(Referral {});
has_parts!(User {});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RiskCategory, Role};
    use chrono::NaiveDate;

    fn assessment(day: u32) -> Assessment {
        Assessment {
            id: PartId::NEW,
            date: NaiveDate::from_ymd_opt(2024, 1, day).unwrap_or_default(),
            category: RiskCategory::Kuning,
            rri: None,
            assessor: String::new(),
            reason: String::new(),
        }
    }

    #[test]
    fn new_items_get_fresh_ids_that_are_never_reused() {
        let mut c = Client::new("Budi");
        c.assessments = vec![assessment(1), assessment(2)];
        c.assign_part_ids();
        assert_eq!(c.part_ids()[0], (1, vec![PartId(1), PartId(2)]));
        // the second goes, a third comes: it does not take the second's id
        c.assessments.remove(1);
        c.assessments.push(assessment(3));
        c.assign_part_ids();
        assert_eq!(c.part_ids()[0], (1, vec![PartId(1), PartId(3)]));
        assert_eq!(c.meta.next_part, 4);
    }

    #[test]
    fn a_list_rebuilt_without_ids_keeps_the_ids_of_what_it_kept() {
        let mut old = Client::new("Budi");
        old.assessments = vec![assessment(1), assessment(2), assessment(1)];
        old.assign_part_ids();
        let mut new = old.clone();
        new.each_part(&mut |_, _, p| p.set_id(PartId::NEW));
        new.assessments.remove(0);
        new.assessments.push(assessment(4));
        new.keep_ids_from(&old);
        let ids: Vec<PartId> = new.assessments.iter().map(|a| a.id).collect();
        // day 2 keeps 2, the day-1 twin takes a day-1 id once, day 4 is new
        assert_eq!(ids, vec![PartId(2), PartId(1), PartId::NEW]);
    }

    #[test]
    fn legacy_ids_stay_put_when_items_are_appended() {
        let mut a = Client::new("Budi");
        a.assessments = vec![assessment(1)];
        let mut b = a.clone();
        b.assessments.push(assessment(2));
        a.legacy_part_ids();
        b.legacy_part_ids();
        assert_eq!(a.assessments[0].id, b.assessments[0].id);
        assert_ne!(b.assessments[0].id, b.assessments[1].id);
        // new ids come after every legacy one
        b.assessments.push(assessment(3));
        b.assign_part_ids();
        assert!(b.assessments[2].id > b.assessments[1].id);
        let mut u = User::new("x", Role::Viewer);
        u.legacy_part_ids();
        assert!(u.part_ids().is_empty());
    }
}
