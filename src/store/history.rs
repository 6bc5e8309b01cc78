//! Record history: for every change, each field's value before and after,
//! kept beside the audit entry of the same write (tree `changes`, keyed by
//! record then audit sequence, so one record's history is one prefix scan).
//! A change can be reverted: the fields get their values back, as a new,
//! audited change, and only while they still hold what the change wrote.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::RecordRef;

/// One field's values around a change, as JSON text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field (`officer`, `assessments`, `archived`).
    pub field: String,
    /// Its value before, as JSON.
    pub before: String,
    /// Its value after, as JSON.
    pub after: String,
    /// Not stored: set when the viewer may not see this field's values (they are emptied).
    #[serde(skip)]
    pub withheld: bool,
}

/// One change of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The audit entry of the same write.
    pub seq: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// Which record.
    pub record: RecordRef,
    /// What changed.
    pub fields: Vec<FieldChange>,
    /// Why (a revert names the change it undoes).
    pub note: String,
}

/// Key of a change: the record (kind tag, id) then the sequence, all big-endian.
pub fn key(record: RecordRef, seq: u64) -> Vec<u8> {
    let mut k = prefix(record);
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

/// The key prefix of one record's changes.
pub fn prefix(record: RecordRef) -> Vec<u8> {
    let mut k = Vec::with_capacity(17);
    k.push(record.kind.tag());
    k.extend_from_slice(&record.id.to_be_bytes());
    k
}

/// The fields that differ between two versions of a record, named by
/// their paths in the record's table ([`crate::schema`]), with their values
/// as JSON; and the archived flag of `meta` when it changed. `None` when
/// the records cannot be read as fields.
pub fn diff<R: super::Indexed>(old: &R, new: &R, old_archived: bool, new_archived: bool) -> Option<Vec<FieldChange>> {
    let mut out = R::differences(old, new)?;
    if old_archived != new_archived {
        out.push(FieldChange {
            field: "archived".into(),
            before: old_archived.to_string(),
            after: new_archived.to_string(),
            withheld: false,
        });
    }
    Some(out)
}

/// The top-level fields (but `meta`) of two records that differ, by their
/// JSON forms: for records without a table (users).
pub fn json_differences<R: Serialize>(old: &R, new: &R) -> Option<Vec<FieldChange>> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return None;
    };
    let text = |v: Option<&serde_json::Value>| v.map(|v| v.to_string()).unwrap_or_else(|| "null".to_string());
    Some(
        a.iter()
            .filter(|(k, v)| k.as_str() != "meta" && b.get(k.as_str()) != Some(v))
            .map(|(k, v)| FieldChange {
                field: k.clone(),
                before: v.to_string(),
                after: text(b.get(k)),
                withheld: false,
            })
            .collect(),
    )
}

/// The differences of two records with a table, as history keeps them.
pub fn table_differences<R: crate::schema::Table>(old: &R, new: &R) -> Vec<FieldChange> {
    crate::schema::diff(old, new)
        .into_iter()
        .map(|d| FieldChange { field: d.name.to_string(), before: d.before, after: d.after, withheld: false })
        .collect()
}

/// The value of a top-level field of a record's JSON form (history written
/// before the tables named groups of fields such as `address`).
pub fn json_field<R: Serialize>(r: &R, name: &str) -> Option<serde_json::Value> {
    serde_json::to_value(r).ok()?.get(name).cloned()
}

/// Sets a top-level field of a record through its JSON form; the record's
/// meta (with what JSON does not carry) and its sub-records' ids stay.
pub fn set_json_field<R: super::Indexed>(r: &mut R, name: &str, value: &serde_json::Value) -> bool {
    let Ok(serde_json::Value::Object(mut obj)) = serde_json::to_value(&*r) else { return false };
    if name == "meta" || !obj.contains_key(name) {
        return false;
    }
    obj.insert(name.to_string(), value.clone());
    let Ok(mut new) = serde_json::from_value::<R>(serde_json::Value::Object(obj)) else { return false };
    *new.meta_mut() = r.meta().clone();
    new.keep_ids_from(r);
    *r = new;
    true
}

/// A value of a change as people read it: text without quotes, lists joined,
/// structures shortened.
pub fn readable(json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) => "–".to_string(),
        Ok(serde_json::Value::Array(v)) if v.is_empty() => "–".to_string(),
        Ok(serde_json::Value::Array(v)) if v.iter().all(|x| x.is_string()) => {
            v.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(", ")
        }
        Ok(serde_json::Value::Array(v)) => format!("[{} ×]", v.len()),
        // an address and the like: its filled-in texts
        Ok(serde_json::Value::Object(o)) if o.values().all(|v| v.is_string() || v.is_boolean() || v.is_null()) => {
            let parts: Vec<String> = o
                .values()
                .filter_map(|v| match v {
                    serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
                    serde_json::Value::Bool(b) => Some(b.to_string()),
                    _ => None,
                })
                .collect();
            if parts.is_empty() { "–".to_string() } else { parts.join(", ") }
        }
        Ok(other) => {
            let s = other.to_string();
            if s.chars().count() > 60 { format!("{}…", s.chars().take(59).collect::<String>()) } else { s }
        }
        Err(_) => json.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Client, Record, Role};
    use crate::store::temp_store as store;
    use crate::store::{Actor, StoreError};

    #[test]
    fn changes_keep_before_and_after_and_revert_as_a_new_change() {
        let (_d, s) = store();
        let siti = Actor::new("siti", Role::Officer);
        let rina = Actor::new("rina", Role::Officer);
        let mut c = Client::new("Ahmad Fauzi");
        c.officer = "Rina Wulandari".into();
        c.nik = Some("3507121503900001".into());
        let c = s.create(&siti, c).unwrap();
        let mut c2 = c.clone();
        c2.officer = "Siti Aminah".into();
        c2.skills = vec!["barista".into()];
        let c2 = s.update(&rina, c2).unwrap();
        let h = s.history(c.record_ref()).unwrap();
        assert_eq!(h.len(), 1, "a creation has no before");
        assert_eq!(h[0].actor, "rina");
        let officer = h[0].fields.iter().find(|f| f.field == "officer").unwrap();
        assert_eq!(
            (readable(&officer.before), readable(&officer.after)),
            ("Rina Wulandari".into(), "Siti Aminah".into())
        );
        assert_eq!(readable(&h[0].fields.iter().find(|f| f.field == "skills").unwrap().after), "barista");

        // revert: the values come back as a new, noted change
        let seq = h[0].seq;
        let back: Client = s.revert(&siti, c.meta.id, seq).unwrap();
        assert_eq!(back.officer, "Rina Wulandari");
        assert!(back.skills.is_empty());
        assert_eq!(back.meta.version, c2.meta.version + 1);
        let h = s.history(c.record_ref()).unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].note, format!("revert #{seq}"));
        assert_eq!(s.audit_log().last().unwrap().unwrap().note, format!("revert #{seq}"));
        // the same change again: the fields no longer hold what it wrote
        let err = s.revert::<Client>(&siti, c.meta.id, seq).unwrap_err();
        assert!(matches!(err, StoreError::Revert { ref field, .. } if field == "officer"), "{err:?}");
        assert!(err.to_string().contains("has been changed again since"), "{err}");
        // archiving is a change too, and reverts
        s.archive::<Client>(&siti, c.meta.id, None).unwrap();
        let seq = s.history(c.record_ref()).unwrap()[0].seq;
        let restored: Client = s.revert(&siti, c.meta.id, seq).unwrap();
        assert!(!restored.meta.archived);
        assert!(s.check().unwrap().is_clean());
    }

    #[test]
    fn partners_and_viewers_see_no_sensitive_values_in_history() {
        let (_d, s) = store();
        let siti = Actor::new("siti", Role::Officer);
        let c = s.create(&siti, Client::new("Ahmad Fauzi")).unwrap();
        let mut c2 = c.clone();
        c2.nik = Some("3507121503900001".into());
        c2.offence = "Pasal 15".into();
        c2.officer = "Rina".into();
        s.update(&siti, c2).unwrap();
        let officer_view = s.scoped(&siti).unwrap().history(c.record_ref()).unwrap();
        assert!(officer_view[0].fields.iter().any(|f| f.field == "nik" && f.after.contains("3507121503900001")));
        let viewer = Actor::new("vera", Role::Viewer);
        let v = s.scoped(&viewer).unwrap().history(c.record_ref()).unwrap();
        for f in &v[0].fields {
            if ["nik", "offence"].contains(&f.field.as_str()) {
                assert!(f.withheld && f.before.is_empty() && f.after.is_empty(), "{f:?}");
            } else {
                assert!(!f.withheld);
            }
        }
        assert!(v[0].fields.iter().any(|f| f.field == "officer" && f.after.contains("Rina")));
        // a partner who may not see the client at all gets nothing
        let mut partner = Actor::new("laz", Role::Partner);
        partner.stakeholder = Some(crate::model::StakeholderId(1));
        assert!(matches!(s.scoped(&partner).unwrap().history(c.record_ref()), Err(StoreError::NotFound(_))));
    }
}
