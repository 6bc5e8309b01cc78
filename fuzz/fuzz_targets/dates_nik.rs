//! The date, list, NIK, phone, e-mail and name parsers of form and import
//! input: never a panic.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use simpul::model::Gender;
use simpul::model::input::{parse_date, parse_date_time, parse_list};
use simpul::model::validate::{check_name, check_nik, check_text, is_email, normalize_phone, parse_nik};

fuzz_target!(|text: &str| {
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("a date");
    let _ = parse_date(text, today);
    let _ = parse_date_time(text, today);
    let _ = parse_list(text);
    let _ = check_nik(text, Some(today), Gender::Female);
    let _ = check_nik(text, None, Gender::Male);
    let _ = parse_nik(text);
    let _ = normalize_phone(text);
    let _ = is_email(text);
    let _ = check_name(text);
    let _ = check_text(text);
});
