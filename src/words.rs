//! The words of the model's values, in both languages: the labels of the
//! vocabularies (`programme`, `gender`, `risk`, …) and the recognizers that
//! read a value from a word typed in either language (`gender_word`,
//! `client_status_word`, [`RiskNames::word`]). Schema, search and import
//! read input through them, below `i18n`, which re-exports them and says
//! sentences with them.
//!
//! An office may rename the colour categories (settings): its names are a
//! value, [`RiskNames`], handed to what shows or reads a category.

use crate::model::Lang;
use crate::model::vocab::*;

/// Declares the labels of a vocabulary in both languages.
macro_rules! labels {
    ($fn_name:ident, $ty:ty { $( $variant:ident => $id:literal, $en:literal; )+ }) => {
        /// The label of a value in a language.
        pub fn $fn_name(lang: Lang, v: $ty) -> &'static str {
            match (v, lang) {
                $( (<$ty>::$variant, Lang::Id) => $id, (<$ty>::$variant, Lang::En) => $en, )+
            }
        }
    };
}
pub(crate) use labels;

labels!(risk, RiskCategory {
    Merah => "merah", "red";
    Kuning => "kuning", "yellow";
    Hijau => "hijau", "green";
});

labels!(rri, Rri {
    Rendah => "rendah", "low";
    Sedang => "sedang", "medium";
    Tinggi => "tinggi", "high";
});
labels!(gender, Gender {
    Male => "laki-laki", "male";
    Female => "perempuan", "female";
});
labels!(programme, SupervisionProgramme {
    PembebasanBersyarat => "pembebasan bersyarat", "parole";
    CutiBersyarat => "cuti bersyarat", "conditional leave";
    CutiMenjelangBebas => "cuti menjelang bebas", "leave before release";
    BebasMurni => "bebas murni (pasca-bimbingan)", "after-care";
});
labels!(client_status, ClientStatus {
    Active => "aktif", "active";
    Completed => "selesai", "completed";
    Revoked => "dicabut", "revoked";
    Transferred => "dipindahkan", "transferred";
    Deceased => "meninggal", "deceased";
});
/// A client status as people write it: its code, its label in either
/// language, or a short form (`dipindah`, `wafat`). Import, forms and
/// search read statuses through it.
pub fn client_status_word(s: &str) -> Option<ClientStatus> {
    let s = s.trim().to_lowercase();
    ClientStatus::from_code(&s)
        .or_else(|| {
            ClientStatus::ALL.iter().copied().find(|v| Lang::ALL.iter().any(|l| client_status(*l, *v) == s.as_str()))
        })
        .or(match s.as_str() {
            "dipindah" | "pindah" => Some(ClientStatus::Transferred),
            "wafat" | "meninggal dunia" => Some(ClientStatus::Deceased),
            _ => None,
        })
}

/// A gender as people write it: `L`/`P`, `laki-laki`/`perempuan` (also
/// `laki`, `lk`, `pr`, `wanita`), `male`/`female` (`m`, `f`).
pub fn gender_word(s: &str) -> Option<Gender> {
    match s.trim().to_lowercase().as_str() {
        "l" | "lk" | "laki-laki" | "laki laki" | "laki" | "pria" | "m" | "male" => Some(Gender::Male),
        "p" | "pr" | "perempuan" | "wanita" | "w" | "f" | "female" => Some(Gender::Female),
        _ => None,
    }
}

/// The office's own names for the colour categories (its settings file),
/// by category and language: an office that calls the middle one orange
/// says so there, no code changes. A value, handed to what shows or reads
/// a category; the default renames nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RiskNames {
    /// By category (merah, kuning, hijau), then language (id, en).
    names: [[Option<String>; 2]; 3],
}

fn risk_slot(r: RiskCategory) -> usize {
    match r {
        RiskCategory::Merah => 0,
        RiskCategory::Kuning => 1,
        RiskCategory::Hijau => 2,
    }
}

fn lang_slot(lang: Lang) -> usize {
    usize::from(lang == Lang::En)
}

impl RiskNames {
    /// The office's names: a blank name renames nothing.
    pub fn new(names: impl IntoIterator<Item = (RiskCategory, Lang, String)>) -> RiskNames {
        let mut out = RiskNames::default();
        for (r, lang, name) in names {
            let name = name.trim();
            if !name.is_empty() {
                out.names[risk_slot(r)][lang_slot(lang)] = Some(name.to_string());
            }
        }
        out
    }

    /// The name of a colour category in a language: the office's, if it
    /// renamed it, else [`risk`].
    pub fn label(&self, lang: Lang, r: RiskCategory) -> &str {
        self.names[risk_slot(r)][lang_slot(lang)].as_deref().unwrap_or_else(|| risk(lang, r))
    }

    /// The category an office's own name stands for, in any language.
    pub fn by_name(&self, name: &str) -> Option<RiskCategory> {
        RiskCategory::ALL
            .iter()
            .copied()
            .find(|r| self.names[risk_slot(*r)].iter().flatten().any(|n| n.eq_ignore_ascii_case(name)))
    }

    /// A colour category as people write it: its code, its name in either
    /// language (`red`, `yellow`, `green`; `orange`/`oranye` for the
    /// middle), or the office's own name for it. Import and search read
    /// categories through it.
    pub fn word(&self, s: &str) -> Option<RiskCategory> {
        let s = s.trim().to_lowercase();
        RiskCategory::from_code(&s).or_else(|| self.by_name(&s)).or(match s.as_str() {
            "red" => Some(RiskCategory::Merah),
            "yellow" | "orange" | "oranye" => Some(RiskCategory::Kuning),
            "green" => Some(RiskCategory::Hijau),
            _ => None,
        })
    }
}

labels!(phase, GuidancePhase {
    Awal => "tahap awal", "initial phase";
    Lanjutan => "tahap lanjutan", "continuing phase";
    Akhir => "tahap akhir", "final phase";
});
labels!(stream, GuidanceStream {
    Kepribadian => "kepribadian", "personality";
    Kemandirian => "kemandirian", "independence";
});
labels!(mode, GuidanceMode {
    Perorangan => "perorangan", "one-to-one";
    Kelompok => "kelompok", "group";
});
labels!(place, SessionPlace {
    Office => "kantor", "office";
    HomeVisit => "kunjungan rumah", "home visit";
    Phone => "telepon", "phone";
    Other => "lainnya", "elsewhere";
});
labels!(frequency, ReportingFrequency {
    None => "tidak ada", "none";
    Weekly => "mingguan", "weekly";
    Monthly => "bulanan", "monthly";
    Custom => "tanggal ditentukan", "set dates";
});
labels!(day_off_kind, DayOffKind {
    Holiday => "libur nasional", "national holiday";
    JointLeave => "cuti bersama", "joint leave day";
    Closure => "kantor tutup", "office closed";
});
labels!(reporting_status, ReportingStatus {
    Expected => "dijadwalkan", "expected";
    Attended => "hadir", "attended";
    Missed => "tidak hadir", "missed";
    Excused => "izin", "excused";
});
labels!(litmas_kind, LitmasKind {
    Initial => "awal", "initial";
    FollowUp => "lanjutan", "follow-up";
    Integration => "integrasi", "integration";
});
labels!(stakeholder_kind, StakeholderKind {
    Government => "pemerintah", "government";
    Zakat => "zakat/filantropi", "zakat/philanthropy";
    Chamber => "asosiasi usaha", "business association";
    University => "perguruan tinggi", "university";
    Business => "usaha", "business";
    Pokmas => "pokmas", "community group";
    International => "internasional", "international";
    Religious => "organisasi keagamaan", "religious organisation";
    Ngo => "LSM", "NGO";
});
labels!(stakeholder_status, StakeholderStatus {
    Active => "aktif", "active";
    Inactive => "tidak aktif", "inactive";
    Prospective => "calon mitra", "prospective";
});
labels!(doc_kind, DocKind {
    Verdict => "putusan", "verdict";
    Decree => "SK", "decree";
    Litmas => "Litmas", "Litmas";
    Agreement => "perjanjian", "agreement";
    Identity => "identitas", "identity paper";
    Certificate => "sertifikat", "certificate";
    Photo => "foto", "photo";
    AttendanceSheet => "daftar hadir", "attendance sheet";
    Other => "lainnya", "other";
});
labels!(agreement_kind, AgreementKind {
    Mou => "MoU", "MoU";
    Pks => "PKS", "cooperation agreement";
});
labels!(event_kind, EventKind {
    Workshop => "lokakarya", "workshop";
    Meeting => "rapat koordinasi", "coordination meeting";
    Visit => "kunjungan", "visit";
    Training => "pelatihan", "training";
    Socialisation => "sosialisasi", "socialisation";
    CaseConference => "sidang kasus", "case conference";
});
labels!(meeting_status, MeetingStatus {
    Planned => "dijadwalkan", "planned";
    Held => "terlaksana", "held";
    Cancelled => "batal", "cancelled";
    Moved => "dipindah", "moved";
});
labels!(participant_role, ParticipantRole {
    Participant => "peserta", "participant";
    Facilitator => "fasilitator", "facilitator";
    Speaker => "narasumber", "speaker";
    Organiser => "panitia", "organiser";
    Observer => "pengamat", "observer";
    Guest => "tamu", "guest";
});
labels!(attendance, Attendance {
    Invited => "diundang", "invited";
    Attended => "hadir", "attended";
    Absent => "tidak hadir", "absent";
    Excused => "izin", "excused";
});
labels!(referral_status, ReferralStatus {
    Proposed => "diusulkan", "proposed";
    Accepted => "diterima", "accepted";
    Active => "berjalan", "active";
    Completed => "selesai", "completed";
    Declined => "ditolak", "declined";
    Withdrawn => "ditarik", "withdrawn";
});
labels!(referral_kind, ReferralKind {
    Service => "layanan", "service";
    Placement => "penempatan Griya Abhipraya", "Griya Abhipraya placement";
});
labels!(role, Role {
    Admin => "admin", "admin";
    Officer => "petugas (PK)", "officer";
    Partner => "mitra", "partner";
    Viewer => "pembaca", "viewer";
});
labels!(need, Need {
    Employment => "pekerjaan", "employment";
    Capital => "modal usaha", "business capital";
    Housing => "tempat tinggal", "housing";
    Documents => "dokumen kependudukan", "documents";
    Family => "keluarga", "family";
    Religious => "pembinaan keagamaan", "religious mentoring";
    Health => "kesehatan", "health";
    Education => "pendidikan/pelatihan", "education";
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vocabulary_value_has_labels() {
        for lang in Lang::ALL {
            for v in RiskCategory::ALL {
                assert!(!risk(lang, *v).is_empty());
            }
            for v in StakeholderKind::ALL {
                assert!(!stakeholder_kind(lang, *v).is_empty());
            }
            for v in EventKind::ALL {
                assert!(!event_kind(lang, *v).is_empty());
            }
        }
        // labels are a match over every variant, so a new variant fails to compile
    }

    #[test]
    fn statuses_and_genders_read_in_either_language() {
        use ClientStatus::*;
        for (word, status) in [
            ("aktif", Active),
            ("Active", Active),
            ("selesai", Completed),
            ("dicabut", Revoked),
            ("dipindah", Transferred),
            ("dipindahkan", Transferred),
            ("meninggal", Deceased),
            ("deceased", Deceased),
        ] {
            assert_eq!(client_status_word(word), Some(status), "{word}");
        }
        assert_eq!(client_status_word("hidup"), None);
        for (word, g) in
            [("L", Gender::Male), ("laki-laki", Gender::Male), ("P", Gender::Female), ("Perempuan", Gender::Female)]
        {
            assert_eq!(gender_word(word), Some(g), "{word}");
        }
        assert_eq!(gender_word("x"), None);
    }

    #[test]
    fn two_offices_name_their_colours_each_its_own_way_in_one_process() {
        let orange = RiskNames::new([
            (RiskCategory::Kuning, Lang::Id, "oranye".to_string()),
            (RiskCategory::Kuning, Lang::En, "orange".to_string()),
        ]);
        let amber = RiskNames::new([(RiskCategory::Kuning, Lang::En, " amber ".to_string())]);
        let none = RiskNames::default();
        assert_eq!(orange.label(Lang::Id, RiskCategory::Kuning), "oranye");
        assert_eq!(amber.label(Lang::Id, RiskCategory::Kuning), "kuning", "not renamed in Indonesian");
        assert_eq!(amber.label(Lang::En, RiskCategory::Kuning), "amber");
        assert_eq!(orange.label(Lang::En, RiskCategory::Kuning), "orange");
        assert_eq!(none.label(Lang::En, RiskCategory::Merah), "red");
        assert_eq!(amber.word("Amber"), Some(RiskCategory::Kuning));
        assert_eq!(orange.word("amber"), None, "one office's name is not another's");
        assert_eq!(none.word("amber"), None);
        for names in [&orange, &amber, &none] {
            assert_eq!(names.word("merah"), Some(RiskCategory::Merah));
            assert_eq!(names.word("orange"), Some(RiskCategory::Kuning), "the built-in words hold everywhere");
        }
    }
}
