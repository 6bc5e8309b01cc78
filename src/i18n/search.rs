//! Messages of the search layer: query errors, column headings of
//! `simpul search`, names of the searchable kinds.

use super::{Lang, fill, messages};
use crate::model::vocab::*;
use crate::search::kept::KeptDamage;
use crate::search::query::{BadValue, QualifierName, QueryError, QueryErrorKind, StatusValue};
use crate::store::derived::Damage;

messages! {
    /// How a kept search index is damaged, as `simpul check` says it.
    KeptMsg {
    NotDerivedData => "berkasnya bukan berkas data turunan simpul", "its file is not one of simpul's derived data";
    Head => "kepala berkasnya tidak terbaca", "its file's head cannot be read";
    Length => "panjang berkasnya tidak sesuai kepalanya", "its file is not as long as its head says";
    Checksum => "isi berkasnya tidak sesuai checksum-nya", "its file's bytes do not give its checksum";
    Unreadable => "isinya tidak terbaca sebagai indeks", "it cannot be read as an index";
    OtherLayout => "disusun oleh program lain ({layout})", "laid out by another program ({layout})";
    Inconsistent => "entri dan urutannya tidak cocok satu sama lain", "its entries and their order do not fit together";
    NotTheRecords => "isinya berbeda dengan yang dihasilkan data", "it is not what the records give";
    }
}

/// How a kept search index is damaged, in a language.
pub fn kept_damage(lang: Lang, d: &KeptDamage) -> String {
    let m = match d {
        KeptDamage::File(Damage::NotDerivedData) => KeptMsg::NotDerivedData,
        KeptDamage::File(Damage::Head) => KeptMsg::Head,
        KeptDamage::File(Damage::Length) => KeptMsg::Length,
        KeptDamage::File(Damage::Checksum) => KeptMsg::Checksum,
        KeptDamage::Unreadable => KeptMsg::Unreadable,
        KeptDamage::OtherLayout(layout) => {
            let layout = crate::sanitize::sanitize(layout);
            return fill(KeptMsg::OtherLayout.text(lang), &[("layout", &layout)]);
        }
        KeptDamage::Inconsistent => KeptMsg::Inconsistent,
        KeptDamage::NotTheRecords => KeptMsg::NotTheRecords,
    };
    m.text(lang).to_string()
}

impl QualifierName {
    /// The valid values, as listed in error messages.
    pub fn valid_values(self, lang: Lang) -> String {
        match self {
            QualifierName::Risk => RiskCategory::codes(", "),
            QualifierName::Status => StatusValue::codes().join(", "),
            QualifierName::Need => Need::codes(", "),
            QualifierName::Gender => Gender::codes(", "),
            QualifierName::Kind => format!("{}, {}", StakeholderKind::codes(", "), EventKind::codes(", ")),
            QualifierName::Archived => "yes, no, ya, tidak".to_string(),
            QualifierName::Date | QualifierName::After | QualifierName::Before => {
                SearchMsg::DateForms.text(lang).to_string()
            }
            QualifierName::Nik => SearchMsg::NikForm.text(lang).to_string(),
            QualifierName::Id => SearchMsg::IdForm.text(lang).to_string(),
            QualifierName::Phase => GuidancePhase::codes(", "),
            QualifierName::Rri => Rri::codes(", "),
            QualifierName::Missed => SearchMsg::MissedForm.text(lang).to_string(),
            QualifierName::Report => "today, hari-ini".to_string(),
            QualifierName::Officer => SearchMsg::OfficerForm.text(lang).to_string(),
            QualifierName::Office
            | QualifierName::Skill
            | QualifierName::Stakeholder
            | QualifierName::Region
            | QualifierName::Service => fill(SearchMsg::TextForm.text(lang), &[("name", self.name())]),
        }
    }
}

impl QueryError {
    /// The message to show, naming the bad piece and what is valid.
    pub fn message(&self, lang: Lang) -> String {
        match &self.kind {
            QueryErrorKind::UnknownQualifier { name } => fill(
                SearchMsg::UnknownQualifier.text(lang),
                &[("name", &name.escape_debug().to_string()), ("valid", &QualifierName::names(", "))],
            ),
            QueryErrorKind::MissingValue { qualifier } => fill(
                SearchMsg::MissingValue.text(lang),
                &[("name", qualifier.name()), ("valid", &qualifier.valid_values(lang))],
            ),
            QueryErrorKind::NotShown { qualifier } => {
                fill(SearchMsg::NotShown.text(lang), &[("name", qualifier.name())])
            }
            QueryErrorKind::NoOfficerName => SearchMsg::NoOfficerName.text(lang).to_string(),
            QueryErrorKind::BadValue { qualifier, value, why } => {
                let msg = match why {
                    BadValue::OneOf => SearchMsg::BadValue,
                    BadValue::Date => SearchMsg::BadDate,
                    BadValue::Nik => SearchMsg::BadNik,
                    BadValue::Id => SearchMsg::BadId,
                    BadValue::Number => SearchMsg::BadCount,
                };
                fill(
                    msg.text(lang),
                    &[
                        ("name", qualifier.name()),
                        ("value", &value.escape_debug().to_string()),
                        ("valid", &qualifier.valid_values(lang)),
                    ],
                )
            }
        }
    }
}

messages! {
    /// Messages of the search layer.
    SearchMsg {
    UnknownQualifier => "penyaring \"{name}:\" tidak dikenal; yang ada: {valid}", "unknown qualifier \"{name}:\"; valid: {valid}";
    MissingValue => "{name}: perlu nilai: {valid}", "{name}: needs a value: {valid}";
    NotShown => "{name}: tidak ditampilkan untuk peran Anda, jadi tidak dapat dicari", "{name}: not shown to your role, so it cannot be searched";
    NoOfficerName => "officer:me: Anda belum punya nama petugas (PK); administrator menyetelnya sama dengan yang tertulis di berkas klien Anda: `simpul user set LOGIN --officer \"NAMA\"`", "officer:me: you have no officer name; an administrator sets it to the name your clients' case files give: `simpul user set LOGIN --officer \"NAME\"`";
    BadValue => "{name} harus salah satu dari {valid}, bukan \"{value}\"", "{name} must be one of {valid}, not \"{value}\"";
    BadDate => "{name}: \"{value}\" bukan tanggal; tulis {valid}", "{name}: \"{value}\" is not a date; write {valid}";
    BadNik => "{name}: \"{value}\" bukan awal NIK; tulis {valid}", "{name}: \"{value}\" is not the start of a NIK; write {valid}";
    BadCount => "{name}: \"{value}\" bukan bilangan; tulis {valid}", "{name}: \"{value}\" is not a count; write {valid}";
    BadId => "{name}: \"{value}\" bukan nomor data; tulis {valid}", "{name}: \"{value}\" is not a record id; write {valid}";
    DateForms => "TTTT, TTTT-BB atau TTTT-BB-HH (mis. 2023-10)", "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2023-10)";
    NikForm => "1 sampai 16 angka", "1 to 16 digits";
    MissedForm => "sebuah bilangan, mis. 2 (tepat) atau 2+ (paling sedikit)", "a number, e.g. 2 (exactly) or 2+ (at least)";
    IdForm => "K-000123, S-000123 atau E-000123", "K-000123, S-000123 or E-000123";
    TextForm => "teks, mis. {name}:malang atau {name}:\"kota batu\"", "text, e.g. {name}:malang or {name}:\"kota batu\"";
    OfficerForm => "teks, mis. officer:hartono, atau officer:me untuk klien Anda sendiri", "text, e.g. officer:hartono, or officer:me for your own clients";
    NotApplicable => "{name}: tidak berlaku untuk {kind}", "{name}: does not apply to {kind}";
    Clients => "klien", "clients";
    Stakeholders => "pemangku kepentingan", "stakeholders";
    Events => "kegiatan", "events";
    BadQuery => "Kueri tidak dapat dipakai:", "The query cannot be used:";
    WriteFailed => "Hasil tidak dapat ditulis: {error}", "Cannot write the results: {error}";
    ColId => "ID", "ID";
    ColRegister => "No. register", "Register no.";
    ColName => "Nama", "Name";
    ColOffice => "Kantor", "Office";
    ColOfficer => "Petugas", "Officer";
    ColRisk => "Risiko", "Risk";
    ColStatus => "Status", "Status";
    ColShortName => "Singkatan", "Short name";
    ColKind => "Jenis", "Kind";
    ColRegion => "Wilayah", "Region";
    ColTitle => "Judul", "Title";
    ColStart => "Mulai", "Start";
    ColEnd => "Selesai", "End";
    ColLocation => "Tempat", "Location";
}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_search_message_exists_in_both_languages() {
        let all: Vec<(String, &str, &str)> =
            SearchMsg::ALL.iter().map(|m| (format!("{m:?}"), m.text(Lang::Id), m.text(Lang::En))).collect();
        super::super::tests::check_table(&all.iter().map(|(k, i, e)| (k.as_str(), *i, *e)).collect::<Vec<_>>());
    }
}
