//! Tests of the tables against the records they describe.

use super::*;
use crate::model::*;

/// The value at a dotted path of a record's JSON form.
fn at<'a>(v: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    path.split('.').try_fold(v, |v, key| v.get(key))
}

/// Every field of the record's stored form has a line, and every line a field.
fn covers<R: Table + serde::Serialize>(sample: &R) {
    let json = serde_json::to_value(sample).unwrap();
    let names: Vec<&str> = R::fields().iter().map(|f| f.name).collect();
    // a field of the extension area is not in the positional (serde) form
    for f in R::fields().iter().filter(|f| f.ext.is_none()) {
        assert!(at(&json, f.name).is_some(), "{} names no field of {}", f.name, std::any::type_name::<R>());
    }
    let serde_json::Value::Object(top) = &json else { panic!("not an object") };
    for (key, value) in top {
        if key == "meta" {
            continue;
        }
        let covered = names.contains(&key.as_str())
            // a group of fields (address, consent, reporting): each of its own
            || matches!(value, serde_json::Value::Object(inner)
                if inner.keys().all(|k| names.contains(&format!("{key}.{k}").as_str())));
        assert!(covered, "{}.{key} has no line in its table", std::any::type_name::<R>());
    }
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "a name twice in {}", std::any::type_name::<R>());
}

fn demo_client() -> Client {
    let opts = crate::demo::DemoOptions {
        clients: 40,
        seed: 3,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
    };
    // one with every kind of part
    crate::demo::clients(&opts)
        .map(|(c, _)| c)
        .find(|c| !c.sessions.is_empty() && !c.assessments.is_empty() && !c.aliases.is_empty())
        .unwrap()
}

#[test]
fn the_tables_cover_every_field_of_their_records() {
    let c = demo_client();
    covers(&c);
    let opts =
        crate::demo::DemoOptions { clients: 5, seed: 1, today: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap() };
    let s =
        crate::demo::stakeholders().into_iter().find(|s| !s.contacts.is_empty() && !s.agreements.is_empty()).unwrap();
    covers(&s);
    covers(&s.contacts[0]);
    covers(&s.agreements[0]);
    let e = crate::demo::events(&opts).into_iter().find(|e| !e.follow_ups.is_empty()).unwrap();
    covers(&e);
    covers(&e.follow_ups[0]);
    covers(&Referral::new(ClientId(1), StakeholderId(2), "modal", chrono::NaiveDate::MIN));
    covers(&c.assessments[0]);
    covers(&c.sessions[0]);
    let l = Litmas {
        id: PartId::NEW,
        kind: LitmasKind::Initial,
        date: chrono::NaiveDate::MIN,
        authors: vec!["siti".into()],
        methods: String::new(),
        sources: String::new(),
        findings: String::new(),
        recommendation: String::new(),
    };
    covers(&l);
    covers(&ReportingEntry {
        id: PartId::NEW,
        date: chrono::NaiveDate::MIN,
        status: ReportingStatus::Attended,
        note: String::new(),
        recorded_by: String::new(),
    });
}

/// What a field writes as text reads back as the same value.
fn text_round_trips<R: Table + Clone + PartialEq + std::fmt::Debug>(r: &R) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    for f in R::fields().iter().filter(|f| !matches!(f.cell.kind(), Kind::Parts)) {
        let mut back = r.clone();
        f.cell.clear(&mut back);
        f.cell.set(&mut back, &f.cell.get(r), today).unwrap_or_else(|e| panic!("{}: {e:?}", f.name));
        assert!(f.cell.same(&back, r), "{}: {:?} read back differently", f.name, f.cell.get(r));
    }
}

#[test]
fn every_value_reads_back_from_its_text() {
    let c = demo_client();
    text_round_trips(&c);
    text_round_trips(&c.sessions[0]);
    text_round_trips(&c.assessments[0]);
    for s in crate::demo::stakeholders() {
        text_round_trips(&s);
    }
}

#[test]
fn redaction_empties_what_a_role_may_not_read_and_nothing_else() {
    let c = demo_client();
    for role in [Role::Partner, Role::Viewer] {
        let mut r = c.clone();
        redact(&mut r, role);
        assert_eq!((r.nik.as_deref(), r.notes.as_str(), r.assessments.len()), (None, "", 0));
        assert!(r.address.is_empty() && r.offence.is_empty() && r.litmas.is_empty());
        assert_eq!(r.full_name, c.full_name);
        // guidance sessions are the office's: partners do not read them, viewers do
        assert_eq!(r.sessions.len(), if role == Role::Partner { 0 } else { c.sessions.len() });
        let withheld: Vec<&str> = super::withheld::<Client>(role).map(|f| f.name).collect();
        assert!(withheld.contains(&"nik") && !withheld.contains(&"full_name"), "{withheld:?}");
    }
    let mut r = c.clone();
    redact(&mut r, Role::Officer);
    assert_eq!(r, c);
}

#[test]
fn a_difference_names_the_fields_that_changed() {
    let c = demo_client();
    let mut d = c.clone();
    d.phone = "0812 0000 1111".into();
    d.address.village = "Pandesari".into();
    let names: Vec<&str> = diff(&c, &d).iter().map(|x| x.name).collect();
    assert_eq!(names, vec!["phone", "address.village"]);
}

/// Every path a record's validator names is a field of its table (or a
/// sub-record of one, `sessions[2].date`): a problem always lands on a
/// field that a form shows and a file has. Each text a table holds is
/// given a control character, which every validator refuses by path.
#[test]
fn the_validators_name_the_fields_of_the_tables() {
    fn spoil<R: Table>(r: &mut R) {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        for f in R::fields() {
            if matches!(f.cell.kind(), Kind::Text | Kind::Multiline | Kind::List) {
                let _ = f.cell.set(r, "x\u{7}x", today);
            }
        }
    }
    fn on<R: Table>(path: &str) -> bool {
        R::field(path.split_once('.').map_or(path, |(_, rest)| rest)).is_some()
    }
    fn check<R: Table + Record>(r: &R, part: &dyn Fn(&str, &str) -> bool) -> usize {
        let problems = r.validate(chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
        for p in &problems {
            let base = p.field.split('[').next().unwrap_or(&p.field);
            let known = R::field(&p.field).is_some() || (R::field(base).is_some() && part(base, &p.field));
            assert!(
                known,
                "the validator names {:?}, which the table of {} does not have",
                p.field,
                std::any::type_name::<R>()
            );
        }
        problems.len()
    }
    let mut c = demo_client();
    spoil(&mut c);
    spoil(&mut c.sessions[0]);
    spoil(&mut c.assessments[0]);
    let n = check(&c, &|list, path| match list {
        "sessions" => on::<GuidanceSession>(path),
        "assessments" => on::<Assessment>(path),
        "litmas" => on::<Litmas>(path),
        "reporting_register" => on::<ReportingEntry>(path),
        _ => !path.contains('.'),
    });
    assert!(n > 10, "{n} problems");
    let mut s = crate::demo::stakeholders().into_iter().find(|s| !s.contacts.is_empty()).unwrap();
    spoil(&mut s);
    spoil(&mut s.contacts[0]);
    check(&s, &|list, path| match list {
        "contacts" => on::<Contact>(path),
        "agreements" => on::<Agreement>(path),
        _ => !path.contains('.'),
    });
    let opts =
        crate::demo::DemoOptions { clients: 5, seed: 1, today: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap() };
    let mut e = crate::demo::events(&opts).into_iter().find(|e| !e.follow_ups.is_empty()).unwrap();
    spoil(&mut e);
    spoil(&mut e.follow_ups[0]);
    check(&e, &|list, path| list != "follow_ups" || on::<FollowUp>(path));
    let mut r = Referral::new(ClientId(1), StakeholderId(2), "modal", chrono::NaiveDate::MIN);
    spoil(&mut r);
    check(&r, &|_, _| true);
}

/// The register in one cell: every note reads back as it was, whatever
/// it holds; a day or status the cell cannot mean is refused.
#[test]
fn the_register_reads_back_from_its_cell() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
    let entry = |d, status, note: &str| ReportingEntry {
        id: PartId::NEW,
        date: day(d),
        status,
        note: note.into(),
        recorded_by: String::new(),
    };
    let mut c = Client::new("Budi");
    c.reporting_register = vec![
        entry(5, ReportingStatus::Attended, ""),
        entry(12, ReportingStatus::Excused, "surat dokter: demam | 2 hari"),
        entry(19, ReportingStatus::Missed, "100% tanpa kabar, %7C bukan pemisah\nbaris dua"),
        entry(26, ReportingStatus::Expected, " spasi ; titik-koma, koma \"kutip\" é ✓ "),
    ];
    let f = Client::field("reporting_register").unwrap();
    assert_eq!(f.column, Some("register"));
    let text = f.cell.get(&c);
    assert!(text.starts_with("2026-01-05:attended|2026-01-12:excused:surat dokter: demam %7C 2 hari|"), "{text}");
    assert!(!text.contains('\n'));
    let mut back = Client::new("Budi");
    f.cell.set(&mut back, &text, today).unwrap();
    assert_eq!(back.reporting_register, c.reporting_register);
    // through a CSV cell and back
    let mut csv = csv::Writer::from_writer(Vec::new());
    crate::csv_cell::write_record(&mut csv, [&text]).unwrap();
    let bytes = csv.into_inner().unwrap();
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes.as_slice());
    let cell = r.records().next().unwrap().unwrap()[0].to_string();
    let mut back = Client::new("Budi");
    f.cell.set(&mut back, &cell, today).unwrap();
    assert_eq!(back.reporting_register, c.reporting_register);
    // written by hand: labels in either language, day first, a lone % kept
    f.cell.set(&mut back, " 05/01/2026:hadir | 2026-01-12 : izin : 50% ", today).unwrap();
    assert_eq!(
        back.reporting_register,
        vec![entry(5, ReportingStatus::Attended, ""), entry(12, ReportingStatus::Excused, " 50%")]
    );
    assert!(matches!(f.cell.set(&mut back, "today:attended", today), Err(Invalid::Date(_))));
    assert!(matches!(f.cell.set(&mut back, "2026-02-30:attended", today), Err(Invalid::Date(_))));
    assert!(matches!(f.cell.set(&mut back, "2026-01-05:datang", today), Err(Invalid::NotOneOf(_))));
    assert!(matches!(f.cell.set(&mut back, "2026-01-05", today), Err(Invalid::NotOneOf(_))));
    f.cell.set(&mut back, "", today).unwrap();
    assert!(back.reporting_register.is_empty());
}

/// Every extension tag is used once, across the records (users too) and
/// their sub-records, from 16 on; and each sub-record's tagged field is stored by
/// its record (a tag its record does not carry would be lost).
#[test]
fn extension_tags_are_used_once_and_stored_by_their_record() {
    fn tags<R: Table>() -> Vec<(u16, &'static str)> {
        R::fields().iter().filter_map(|f| f.ext.map(|t| (t, f.name))).collect()
    }
    let mut all: Vec<(u16, &str)> = [
        tags::<Client>(),
        tags::<Stakeholder>(),
        tags::<Event>(),
        tags::<Referral>(),
        tags::<Assessment>(),
        tags::<GuidanceSession>(),
        tags::<Litmas>(),
        tags::<ReportingEntry>(),
        tags::<Contact>(),
        tags::<Agreement>(),
        tags::<FollowUp>(),
        // users have no table: their optional fields are the store's own
        <User as crate::store::Indexed>::ext_fields().iter().map(|f| (f.tag, "user")).collect(),
    ]
    .concat();
    all.sort();
    for w in all.windows(2) {
        assert_ne!(w[0].0, w[1].0, "tag {} is used by {} and {}", w[0].0, w[0].1, w[1].1);
    }
    assert!(all.iter().all(|(t, _)| *t >= crate::store::codec::FIRST_FIELD_TAG), "{all:?}");
    assert_eq!(all.iter().find(|(_, n)| *n == "authors"), Some(&(19, "authors")), "the Litmas authors' tag");
    fn stored<R: Table>() -> Vec<u16> {
        ext_fields::<R>().iter().map(|f| f.tag).collect()
    }
    for (parts, record) in [
        (
            [tags::<Assessment>(), tags::<GuidanceSession>(), tags::<Litmas>(), tags::<ReportingEntry>()].concat(),
            stored::<Client>(),
        ),
        ([tags::<Contact>(), tags::<Agreement>()].concat(), stored::<Stakeholder>()),
        (tags::<FollowUp>(), stored::<Event>()),
    ] {
        for (tag, name) in parts {
            assert!(record.contains(&tag), "{name} (tag {tag}) is not stored by its record");
        }
    }
}

fn litmas(day: u32, authors: &[&str]) -> Litmas {
    Litmas {
        id: PartId::NEW,
        kind: LitmasKind::FollowUp,
        date: chrono::NaiveDate::from_ymd_opt(2024, 3, day).unwrap(),
        authors: authors.iter().map(|a| a.to_string()).collect(),
        methods: String::new(),
        sources: String::new(),
        findings: "keluarga mendukung".into(),
        recommendation: "lanjutkan".into(),
    }
}

/// A Litmas report's authors are stored with the client (its extension
/// area, tag 19, one value per report); a report stored before had none and
/// reads with none; a program that does not know the field keeps it.
#[test]
fn litmas_authors_are_stored_and_older_values_read_without_them() {
    use crate::store::codec::{self, encode_record};
    use crate::store::index::{Indexed, decode_stored};
    let mut c = Client::new("Ahmad Fauzi");
    c.litmas = vec![litmas(1, &["siti", "Rina Wulandari"]), litmas(2, &[]), litmas(3, &["agus"])];
    c.assign_part_ids();
    let bytes = encode_record(&c, Client::ext_fields()).unwrap();
    assert_eq!(decode_stored::<Client>(&bytes).unwrap(), c, "the authors read back, each with its report");
    // a value the program before this field wrote: the reports have no authors
    let before = encode_record(&c, &[]).unwrap();
    let read = decode_stored::<Client>(&before).unwrap();
    assert!(read.litmas.iter().all(|l| l.authors.is_empty()), "{:?}", read.litmas);
    assert_eq!(
        read.litmas.iter().map(|l| l.date).collect::<Vec<_>>(),
        c.litmas.iter().map(|l| l.date).collect::<Vec<_>>()
    );
    // and so does a value of format 3 (the positional part alone)
    let mut v3 = codec::encode(&c).unwrap();
    v3[0] = codec::FORMAT_V3;
    assert!(decode_stored::<Client>(&v3).unwrap().litmas.iter().all(|l| l.authors.is_empty()));
    // an older program keeps the entry it does not know and writes it back with the record
    let mut older: Client = codec::decode_record_body(&bytes[1..], &[]).unwrap();
    assert!(older.meta.kept.iter().any(|(t, _)| *t == 19));
    older.phone = "081234567890".into();
    let back = decode_stored::<Client>(&encode_record(&older, &[]).unwrap()).unwrap();
    assert_eq!(back.litmas, c.litmas);
    // one value per report: a list of another length is an error, not authors on the wrong report
    let mut short = c.clone();
    short.litmas.pop();
    let one = codec::ext_bytes(&vec![Some(codec::ext_bytes(&vec!["siti".to_string()]).unwrap())]).unwrap();
    short.meta.kept = vec![(19, one)];
    let err = decode_stored::<Client>(&encode_record(&short, &[]).unwrap()).unwrap_err();
    assert!(err.to_string().contains("authors"), "{err}");
}

/// The authors are in the history's values by name (an item without them
/// has no such key, as before), so a revert puts them back.
#[test]
fn litmas_authors_are_in_the_history_and_come_back_with_a_revert() {
    let f = Client::field("litmas").unwrap();
    let mut c = Client::new("Ahmad Fauzi");
    c.litmas = vec![litmas(1, &["siti"]), litmas(2, &[])];
    let json = f.cell.json(&c);
    assert_eq!(json[0]["authors"], serde_json::json!(["siti"]));
    assert!(json[1].get("authors").is_none(), "{json}");
    let mut back = Client::new("Ahmad Fauzi");
    assert!(f.cell.set_json(&mut back, &json));
    assert_eq!(back.litmas, c.litmas);
}
