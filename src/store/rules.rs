//! What each role may do, as one table: the store's checks ask it before a
//! write, and an interface asks the same question before it offers an
//! action (the palette, the hints and the help list only what the user may
//! do). Finer rules live beside the write they guard: a partner changes
//! only some fields of its own referrals and events
//! ([`super::access::check_write`]), and an approval has its own states.

use crate::model::{RecordKind, Role};

use super::Actor;

/// A kind of work the store guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// Add a record of a kind.
    Create(RecordKind),
    /// Change a record of a kind.
    Edit(RecordKind),
    /// Archive a record of a kind, or restore it.
    Archive(RecordKind),
    /// Raise or take off a warning flag on a client.
    Flag,
    /// Change many clients at once.
    Bulk,
    /// Merge two clients' case files.
    Merge,
    /// Put back what a change in a record's history replaced.
    Revert,
    /// Ask a supervisor to approve a closure, a category or a Litmas report.
    RequestApproval,
    /// Approve or reject such a request.
    Decide,
    /// Erase a record or a part of it for good.
    Purge,
    /// Read the audit log and who opened a case file.
    ReadAudit,
    /// Read the users who may log in (changing them is `Create`, `Edit`
    /// and `Archive` of [`RecordKind::User`]).
    ReadUsers,
    /// Change the office calendar.
    Calendar,
    /// Add documents to records, take them out, change who sees them.
    Attach,
}

/// Whether a user of `role` (a supervisor when `supervisor`) may do `op`.
pub const fn may(role: Role, supervisor: bool, op: Op) -> bool {
    match role {
        Role::Admin => true,
        Role::Officer => match op {
            Op::Create(RecordKind::User) | Op::Edit(RecordKind::User) | Op::Archive(RecordKind::User) => false,
            Op::Create(_) | Op::Edit(_) | Op::Archive(_) => true,
            Op::Flag | Op::Bulk | Op::Merge | Op::Revert | Op::RequestApproval | Op::Attach => true,
            Op::Decide => supervisor,
            Op::Purge | Op::ReadAudit | Op::ReadUsers | Op::Calendar => false,
        },
        // some fields of the referrals to it and of the events it takes part in
        Role::Partner => matches!(op, Op::Edit(RecordKind::Referral | RecordKind::Event)),
        Role::Viewer => false,
    }
}

impl Actor {
    /// Whether this user may do `op` (see [`may`]).
    pub const fn may(&self, op: Op) -> bool {
        may(self.role, self.supervisor, op)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_of_roles() {
        let all = [
            Op::Create(RecordKind::Client),
            Op::Edit(RecordKind::Referral),
            Op::Archive(RecordKind::Event),
            Op::Create(RecordKind::User),
            Op::Flag,
            Op::Bulk,
            Op::Merge,
            Op::Revert,
            Op::RequestApproval,
            Op::Decide,
            Op::Purge,
            Op::ReadAudit,
            Op::Calendar,
            Op::ReadUsers,
            Op::Edit(RecordKind::User),
            Op::Archive(RecordKind::User),
        ];
        assert!(all.iter().all(|&op| may(Role::Admin, false, op)));
        assert!(all.iter().all(|&op| !may(Role::Viewer, true, op)));
        let officer: Vec<Op> = all.iter().copied().filter(|&op| may(Role::Officer, false, op)).collect();
        assert_eq!(officer, all[..3].iter().chain(&all[4..9]).copied().collect::<Vec<_>>());
        assert!(may(Role::Officer, true, Op::Decide));
        let partner: Vec<Op> = all.iter().copied().filter(|&op| may(Role::Partner, true, op)).collect();
        assert_eq!(partner, [Op::Edit(RecordKind::Referral)]);
        assert!(may(Role::Partner, false, Op::Edit(RecordKind::Event)));
        // the users who may log in are the admins' alone, supervisors or not
        for role in [Role::Officer, Role::Partner, Role::Viewer] {
            for op in [Op::ReadUsers, Op::Create(RecordKind::User), Op::Edit(RecordKind::User)] {
                assert!(!may(role, true, op), "{role:?} {op:?}");
            }
        }
        assert!(!may(Role::Partner, false, Op::Edit(RecordKind::Client)));
    }
}
