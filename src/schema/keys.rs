//! The keys of the forms' texts: the labels of the tables' fields, the
//! titles, hints and messages of the forms. Their texts, in both
//! languages, are `i18n::form`'s.

crate::model::keys! {
    /// Messages of the forms.
    FormMsg {
    NewClient, Edit, NewStakeholder, NewEvent, NewReferral, FullName, Aliases, RegisterNo, Nik, BirthPlace,
    BirthDate, Gender, Phone, Street, Village, District, Regency, Province, Office, Officer, Programme,
    SupervisionStart, SupervisionEnd, Status, Phase, Skills, Needs, Consent, ConsentDate, Offence, Sentence,
    Notes, Name, ShortName, Kind, Services, Capacity, Region, Title, Start, End, Location, Organisers, Count,
    Summary, Outcomes, Client, Stakeholder, Service, StatusNote, Outcome, RecordedBy, LegalBasis, Yes, No,
    Understood, ListHint, NoMatch, NotOneOf, NotPicked, BadDate, NoSuchDate, BadTime, BadNumber, Transition,
    TransitionNone, Pasted, NikTaken, Problems, Clash, ClashTheirs, SavedMerged, ClashMine, Saved, SavedWaits,
    SavedIncomplete, SavedUnflushed, ConflictBanner, ConfirmDiscard, ConfirmArchive, ArchiveTies, Archived,
    Restored, NotArchived, NothingSelected, NoChanges, Duplicates, ReasonForChange, DuplicateStakeholders,
    DuplicatesHelp, HintNext, HintSave, HintCancel, HintChoice, HintSet, HintPickMany, Group, HintPick,
    HintNewline, HintEditorShort, EditorNotNotes, EditorUnchanged, EditorStatus, EditorFailed,
    EditorUnavailable, Required, CapacityFull, ApprovalHint, FlagHint, RevertHint, RevertNothing,
    ConfirmRevert, Reverted, ReadOnly, ConflictLive, NewPart, EditPart, PartAssessment, PartSession,
    PartContact, PartParticipant, PartFollowUp, Repeat, EventAgreement, Meetings, Roles, PartOrganiser,
    PartReporting, PartLitmas, PartAgreement, Authors, Methods, Sources, Findings, Recommendation, Signed,
    Expires, ReportEvery, ReportsReceived, ReportingFrequency, ReportingDates, ReportingFrom, Held, Date,
    Category, Rri, NotScored, Assessor, Reason, Stream, Mode, Place, NextStep, Role, Email, Who, Attendance,
    ParticipantRole, Representative, What, Owner, Due, Done, ConfirmRemove, Removed, PartGone, Changed,
    }
}
