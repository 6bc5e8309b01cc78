//! Closed vocabularies of the domain.
//!
//! Each enum has a stable lowercase `code` (used in search qualifiers, CSV
//! files and keymaps, never translated) and is listed in `ALL` so that
//! selectors, validation messages and the i18n completeness test can
//! enumerate it. Human labels live in `crate::i18n`, not here.

use serde::{Deserialize, Serialize};

/// Declares a closed vocabulary: the enum, its `ALL` list and its codes.
/// A closed vocabulary: values with stable codes.
pub trait Vocabulary: Copy + PartialEq + 'static {
    /// Every value, in display order.
    fn all() -> &'static [Self];
    /// The stable code of a value.
    fn code(self) -> &'static str;
    /// The value of a code (case-insensitive).
    fn from_code(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::all().iter().copied().find(|v| v.code().eq_ignore_ascii_case(s))
    }
}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $code:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable, untranslated code of this value.
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a code (case-insensitive); `None` when it is not one of `ALL`.
            pub fn from_code(s: &str) -> Option<Self> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.code().eq_ignore_ascii_case(s))
            }

            /// All codes joined by `sep`, for "valid values are …" messages.
            pub fn codes(sep: &str) -> String {
                Self::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join(sep)
            }
        }

        impl Default for $name {
            /// The first value.
            fn default() -> Self {
                Self::ALL[0]
            }
        }

        impl Vocabulary for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn code(self) -> &'static str {
                $name::code(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

vocabulary! {
    /// What a document in a case file is.
    DocKind {
        /// Putusan pengadilan.
        Verdict = "verdict",
        /// SK (pembebasan bersyarat, cuti bersyarat …).
        Decree = "decree",
        /// A signed Litmas report.
        Litmas = "litmas",
        /// A supervision agreement, MoU or PKS.
        Agreement = "agreement",
        /// KTP, KK or another identity paper.
        Identity = "id",
        /// A certificate (training, course).
        Certificate = "certificate",
        /// A photograph.
        Photo = "photo",
        /// A signed attendance sheet.
        AttendanceSheet = "attendance",
        /// Anything else.
        Other = "other",
    }
}

vocabulary! {
    /// Risk / cooperation colour category of a client. The labels shown to
    /// users come from data (an office may call the middle one orange); the
    /// three levels are fixed.
    RiskCategory {
        /// Red: high risk, not cooperative.
        Merah = "merah",
        /// Yellow (or orange): in between.
        Kuning = "kuning",
        /// Green: ready to be accepted back into the community.
        Hijau = "hijau",
    }
}

vocabulary! {
    /// Reoffending risk from the RRI instrument.
    Rri {
        /// Low.
        Rendah = "rendah",
        /// Medium.
        Sedang = "sedang",
        /// High.
        Tinggi = "tinggi",
    }
}

vocabulary! {
    /// Gender as recorded on the identity card.
    Gender {
        /// Laki-laki.
        Male = "l",
        /// Perempuan.
        Female = "p",
    }
}

vocabulary! {
    /// The supervision programme a client is under.
    SupervisionProgramme {
        /// Pembebasan bersyarat (parole).
        PembebasanBersyarat = "pb",
        /// Cuti bersyarat (conditional leave).
        CutiBersyarat = "cb",
        /// Cuti menjelang bebas (leave before release).
        CutiMenjelangBebas = "cmb",
        /// After-care once the sentence is served (bebas murni).
        BebasMurni = "bebas_murni",
    }
}

vocabulary! {
    /// Status of a client's case.
    ClientStatus {
        /// Under supervision.
        Active = "active",
        /// Supervision completed.
        Completed = "completed",
        /// Release revoked.
        Revoked = "revoked",
        /// Transferred to another office.
        Transferred = "transferred",
        /// Deceased.
        Deceased = "deceased",
    }
}

vocabulary! {
    /// Guidance phase (tahap bimbingan).
    GuidancePhase {
        /// Tahap awal.
        Awal = "awal",
        /// Tahap lanjutan.
        Lanjutan = "lanjutan",
        /// Tahap akhir.
        Akhir = "akhir",
    }
}

vocabulary! {
    /// Stream of a guidance session.
    GuidanceStream {
        /// Kepribadian: personality.
        Kepribadian = "kepribadian",
        /// Kemandirian: independence and skills.
        Kemandirian = "kemandirian",
    }
}

vocabulary! {
    /// Whether a session was one-to-one or in a group.
    GuidanceMode {
        /// Perorangan: one-to-one.
        Perorangan = "perorangan",
        /// Kelompok: group.
        Kelompok = "kelompok",
    }
}

vocabulary! {
    /// Where a guidance session took place.
    SessionPlace {
        /// At the BAPAS office.
        Office = "office",
        /// Home visit.
        HomeVisit = "home",
        /// By telephone.
        Phone = "phone",
        /// Elsewhere (workplace, partner's premises).
        Other = "other",
    }
}

vocabulary! {
    /// Why the office is closed on a day.
    DayOffKind {
        /// A national holiday (hari libur nasional).
        Holiday = "holiday",
        /// A joint leave day set with the holidays (cuti bersama).
        JointLeave = "cuti",
        /// The office's own closure (an admin enters it).
        Closure = "closure",
    }
}

vocabulary! {
    /// How a client's reporting obligation (wajib lapor) recurs.
    ReportingFrequency {
        /// No reporting obligation.
        None = "none",
        /// Every week.
        Weekly = "weekly",
        /// Every month.
        Monthly = "monthly",
        /// Dates set by the officer.
        Custom = "custom",
    }
}

vocabulary! {
    /// What happened on an expected reporting date.
    ReportingStatus {
        /// Not yet recorded.
        Expected = "expected",
        /// The client reported.
        Attended = "attended",
        /// The client did not report.
        Missed = "missed",
        /// Excused by the officer.
        Excused = "excused",
    }
}

vocabulary! {
    /// Kind of Litmas (Penelitian Kemasyarakatan) report.
    LitmasKind {
        /// Initial.
        Initial = "initial",
        /// Follow-up.
        FollowUp = "followup",
        /// Integration (for release programmes).
        Integration = "integration",
    }
}

vocabulary! {
    /// Kind of stakeholder institution.
    StakeholderKind {
        /// Government agency.
        Government = "government",
        /// Zakat body or philanthropy.
        Zakat = "zakat",
        /// Chamber of commerce or business association.
        Chamber = "chamber",
        /// University or research institute.
        University = "university",
        /// Business.
        Business = "business",
        /// Community group (Pokmas).
        Pokmas = "pokmas",
        /// International body.
        International = "international",
        /// Religious organisation.
        Religious = "religious",
        /// Non-governmental organisation.
        Ngo = "ngo",
    }
}

vocabulary! {
    /// Whether a stakeholder is currently a working partner.
    StakeholderStatus {
        /// Working partner.
        Active = "active",
        /// Partnership paused.
        Inactive = "inactive",
        /// Being approached.
        Prospective = "prospective",
    }
}

vocabulary! {
    /// Kind of partnership agreement.
    AgreementKind {
        /// Memorandum of understanding.
        Mou = "mou",
        /// Perjanjian kerja sama (cooperation agreement).
        Pks = "pks",
    }
}

vocabulary! {
    /// Kind of event.
    EventKind {
        /// Workshop (lokakarya).
        Workshop = "workshop",
        /// Coordination meeting.
        Meeting = "meeting",
        /// Visit.
        Visit = "visit",
        /// Training.
        Training = "training",
        /// Socialisation.
        Socialisation = "socialisation",
        /// Case conference.
        CaseConference = "case_conference",
    }
}

vocabulary! {
    /// Where a meeting of a series stands.
    MeetingStatus {
        /// To come.
        Planned = "planned",
        /// It took place.
        Held = "held",
        /// It did not take place.
        Cancelled = "cancelled",
        /// Moved to another day (the new day is a meeting of its own).
        Moved = "moved",
    }
}

vocabulary! {
    /// What a participant is at an event.
    ParticipantRole {
        /// Takes part.
        Participant = "participant",
        /// Leads the sessions.
        Facilitator = "facilitator",
        /// Speaks.
        Speaker = "speaker",
        /// Organises.
        Organiser = "organiser",
        /// Watches.
        Observer = "observer",
        /// Came without being on the list.
        Guest = "guest",
    }
}

vocabulary! {
    /// Whether a client took part in an event.
    Attendance {
        /// Invited, not yet known.
        Invited = "invited",
        /// Attended.
        Attended = "attended",
        /// Absent.
        Absent = "absent",
        /// Excused.
        Excused = "excused",
    }
}

vocabulary! {
    /// Status of a referral. Moves proposed → accepted → active → completed,
    /// or ends as declined or withdrawn.
    ReferralStatus {
        /// Proposed by the officer.
        Proposed = "proposed",
        /// Accepted by the partner.
        Accepted = "accepted",
        /// The service is being given.
        Active = "active",
        /// The service was given.
        Completed = "completed",
        /// The partner declined.
        Declined = "declined",
        /// The officer withdrew it.
        Withdrawn = "withdrawn",
    }
}

vocabulary! {
    /// Kind of referral.
    ReferralKind {
        /// A service given by the partner (training, capital, mentoring …).
        Service = "service",
        /// A Griya Abhipraya placement with the partner.
        Placement = "placement",
    }
}

vocabulary! {
    /// Role of a user.
    Role {
        /// Everything, users and audit.
        Admin = "admin",
        /// Reads and writes case files, stakeholders, events.
        Officer = "officer",
        /// Staff of one partner stakeholder: sees only what concerns it.
        Partner = "partner",
        /// Reads, with sensitive fields withheld.
        Viewer = "viewer",
    }
}

vocabulary! {
    /// A need a client has, to be met by referrals.
    Need {
        /// Work.
        Employment = "employment",
        /// Business capital.
        Capital = "capital",
        /// Housing.
        Housing = "housing",
        /// Identity and civil documents.
        Documents = "documents",
        /// Family support.
        Family = "family",
        /// Religious mentoring.
        Religious = "religious",
        /// Health care.
        Health = "health",
        /// Education or training.
        Education = "education",
    }
}

impl Role {
    /// Whether the role reads every record and field (the office's staff),
    /// rather than a view with parts withheld.
    pub const fn reads_everything(self) -> bool {
        matches!(self, Role::Admin | Role::Officer)
    }
}

impl ReferralStatus {
    /// The statuses this one may move to.
    pub fn next(self) -> &'static [ReferralStatus] {
        use ReferralStatus::*;
        match self {
            Proposed => &[Accepted, Declined, Withdrawn],
            Accepted => &[Active, Declined, Withdrawn],
            Active => &[Completed, Withdrawn],
            Completed | Declined | Withdrawn => &[],
        }
    }

    /// True when moving from `self` to `to` is allowed.
    pub fn can_move_to(self, to: ReferralStatus) -> bool {
        self == to || self.next().contains(&to)
    }

    /// True for statuses that end the referral.
    pub fn is_final(self) -> bool {
        self.next().is_empty()
    }

    /// True while the referral occupies one of the partner's places.
    pub fn occupies_place(self) -> bool {
        matches!(self, ReferralStatus::Accepted | ReferralStatus::Active)
    }
}

impl RiskCategory {
    /// Position on the scale: 0 = highest risk (merah).
    pub fn level(self) -> u8 {
        match self {
            RiskCategory::Merah => 0,
            RiskCategory::Kuning => 1,
            RiskCategory::Hijau => 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for v in ClientStatus::ALL {
            assert_eq!(ClientStatus::from_code(v.code()), Some(*v));
        }
        for v in StakeholderKind::ALL {
            assert_eq!(StakeholderKind::from_code(&v.code().to_uppercase()), Some(*v));
        }
        assert_eq!(RiskCategory::from_code("orange"), None);
        let codes: std::collections::HashSet<_> = EventKind::ALL.iter().map(|v| v.code()).collect();
        assert_eq!(codes.len(), EventKind::ALL.len());
    }

    #[test]
    fn referral_flow() {
        use ReferralStatus::*;
        assert!(Proposed.can_move_to(Accepted));
        assert!(Accepted.can_move_to(Active));
        assert!(Active.can_move_to(Completed));
        assert!(!Proposed.can_move_to(Completed));
        assert!(!Completed.can_move_to(Active));
        assert!(!Declined.can_move_to(Accepted));
        assert!(Declined.is_final() && Withdrawn.is_final() && Completed.is_final());
        assert!(Active.occupies_place() && !Proposed.occupies_place());
    }
}
