//! `simpul calendar`: the days the office is closed, which move reporting days.

use chrono::{Datelike, Duration, NaiveDate};

use super::{Context, Exit, finish_output, open_store};
use crate::i18n::calendar::CalMsg;
use crate::i18n::fill;
use crate::model::DayOffKind;

/// The most days one `add` or `remove` covers.
const MAX_RANGE_DAYS: i64 = 366;

fn fail(ctx: &Context, message: &str) -> Exit {
    tell!(ctx, "simpul: {}", crate::sanitize::sanitize(message));
    Exit::from(2)
}

fn date(ctx: &Context, text: &str, today: NaiveDate) -> Result<NaiveDate, Exit> {
    crate::model::input::parse_date(text, today)
        .map_err(|_| fail(ctx, &fill(CalMsg::BadDate.text(ctx.lang), &[("text", text)])))
}

/// The days `from..=to`, or why not.
fn days(ctx: &Context, from: &str, to: Option<&str>, today: NaiveDate) -> Result<Vec<NaiveDate>, Exit> {
    let first = date(ctx, from, today)?;
    let last = match to {
        Some(t) => date(ctx, t, today)?,
        None => first,
    };
    if last < first {
        let (f, l) = (crate::i18n::date(ctx.lang, first), crate::i18n::date(ctx.lang, last));
        return Err(fail(ctx, &fill(CalMsg::BadRange.text(ctx.lang), &[("from", &f), ("to", &l)])));
    }
    if (last - first).num_days() >= MAX_RANGE_DAYS {
        return Err(fail(
            ctx,
            &fill(
                CalMsg::TooLong.text(ctx.lang),
                &[("days", &crate::i18n::count(ctx.lang, MAX_RANGE_DAYS, crate::i18n::Noun::Day))],
            ),
        ));
    }
    Ok((0..=(last - first).num_days()).map(|n| first + Duration::days(n)).collect())
}

/// The database, and the days `from..=to` counted from its today.
fn open_with_days(ctx: &Context, from: &str, to: Option<&str>) -> Result<(crate::store::Store, Vec<NaiveDate>), Exit> {
    let store = open_store(ctx)?;
    let today = store.clock().today();
    Ok((store, days(ctx, from, to, today)?))
}

/// `simpul calendar [--year Y]`: the closed days of a year (this year by default).
pub fn list(ctx: &Context, year: Option<i32>) -> Exit {
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let year = year.unwrap_or_else(|| store.clock().today().year());
    let calendar = match store.calendar() {
        Ok(c) => c,
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            return Exit::from(1);
        }
    };
    let (Some(from), Some(to)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) else {
        return fail(ctx, &fill(CalMsg::BadDate.text(ctx.lang), &[("text", &year.to_string())]));
    };
    let days: Vec<_> = calendar.between(from, to).collect();
    if days.is_empty() {
        say!(ctx, "{}", fill(CalMsg::NoDays.text(ctx.lang), &[("year", &year.to_string())]));
        return Exit::SUCCESS;
    }
    for d in days {
        say!(
            ctx,
            "{}  {:<10} {:<16} {}  ({})",
            d.date,
            crate::i18n::weekday(ctx.lang, d.date.weekday()),
            crate::i18n::day_off_kind(ctx.lang, d.kind),
            crate::sanitize::sanitize(&d.name),
            crate::sanitize::sanitize(&d.by)
        );
    }
    say!(ctx, "{}", CalMsg::Moves.text(ctx.lang));
    finish_output(ctx, Ok(()))
}

/// `simpul calendar add DATE [--to DATE] --name NAME [--kind K]`.
pub fn add(ctx: &Context, from: &str, to: Option<&str>, name: &str, kind: &str) -> Exit {
    let Some(kind) = DayOffKind::from_code(kind) else {
        return fail(ctx, &fill(CalMsg::BadKind.text(ctx.lang), &[("text", kind)]));
    };
    let (store, days) = match open_with_days(ctx, from, to) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let actor = &ctx.actor;
    let replaced = store.write(actor, |b| {
        days.iter().map(|d| b.set_day_off(*d, kind, name).map(|was| (*d, was))).collect::<Result<Vec<_>, _>>()
    });
    match replaced {
        Ok(list) => {
            for (d, was) in list {
                let args = [
                    ("date", crate::i18n::date(ctx.lang, d)),
                    ("kind", crate::i18n::day_off_kind(ctx.lang, kind).to_string()),
                    ("name", crate::sanitize::sanitize(name.trim()).into_owned()),
                    ("was", was.map(|w| crate::sanitize::sanitize(&w.name).into_owned()).unwrap_or_default()),
                ];
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let m = if args[3].1.is_empty() { CalMsg::Entered } else { CalMsg::Replaced };
                say!(ctx, "{}", fill(m.text(ctx.lang), &args));
            }
            finish_output(ctx, Ok(()))
        }
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            Exit::from(1)
        }
    }
}

/// `simpul calendar remove DATE [--to DATE]`: every entered day of the range goes.
pub fn remove(ctx: &Context, from: &str, to: Option<&str>) -> Exit {
    let (store, days) = match open_with_days(ctx, from, to) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let actor = &ctx.actor;
    let single = days.len() == 1;
    let gone = store.write(actor, |b| {
        let mut gone = Vec::new();
        for d in &days {
            match b.remove_day_off(*d) {
                Ok(day) => gone.push(day),
                // within a range, a day with nothing entered is simply passed over
                Err(crate::store::StoreError::Calendar(crate::store::calendar::CalendarProblem::NotEntered(_)))
                    if !single => {}
                Err(e) => return Err(e),
            }
        }
        Ok(gone)
    });
    match gone {
        Ok(list) => {
            for d in list {
                let args = [
                    ("date", crate::i18n::date(ctx.lang, d.date)),
                    ("kind", crate::i18n::day_off_kind(ctx.lang, d.kind).to_string()),
                    ("name", crate::sanitize::sanitize(&d.name).into_owned()),
                ];
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                say!(ctx, "{}", fill(CalMsg::Removed.text(ctx.lang), &args));
            }
            finish_output(ctx, Ok(()))
        }
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            Exit::from(1)
        }
    }
}
