//! The office's settings file: the agenda's day counts and where the
//! terminal interface writes its exports.
//!
//! ```toml
//! [agenda]
//! missed_window_days = 7        # missed reporting days this far back are listed
//! consecutive_misses = 2        # … or this many in a row, however long ago
//! supervision_ending_days = 30
//! no_session_days = 60
//! follow_up_days = 7
//! agreement_days = 30
//! upcoming_event_days = 14
//!
//! [export]
//! dir = "/srv/simpul/ekspor"    # default: the directory simpul was started in
//!
//! [risk_names]                  # the office's names for the colour categories
//! kuning = { id = "oranye", en = "orange" }
//!
//! [privacy]
//! partner_grace_days = 0        # a partner still sees a client this long after its referral ended
//! retention_years = 5           # case files whose supervision ended longer ago are due for review
//!
//! [backup]
//! recipients = ["age1…"]        # backups are sealed to these public keys unless told otherwise
//!
//! [documents]
//! max_mb = 25                   # the largest document (a scan, a PDF) accepted
//! ```
//!
//! The file is `--settings FILE` (or `SIMPUL_SETTINGS`) when given, else
//! `settings.toml` in the user's configuration directory, next to
//! `keymap.toml`. Every key is optional; an unknown key is an error (a
//! misspelt count must not silently keep its default).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::agenda::Settings;

/// Where exports go.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExportSettings {
    /// Directory for exported files; `None`: the current directory.
    pub dir: Option<PathBuf>,
}

/// What partners see.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrivacySettings {
    /// Days a partner still sees a client after the referral to it was
    /// completed, declined or withdrawn (0: not a day after).
    pub partner_grace_days: u32,
    /// Years a case file is kept after supervision ended: older ones are
    /// listed on the administrator's agenda for review (purge or keep);
    /// `None`: not listed. Nothing is deleted by itself.
    pub retention_years: Option<u32>,
}

/// Backups.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BackupSettings {
    /// Public keys (`age1…`) every backup is sealed to unless another
    /// protection is given: the office's safe keeps the private key.
    pub recipients: Vec<String>,
}

/// Documents held in case files.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DocumentSettings {
    /// The largest document accepted, in MB (MiB).
    pub max_mb: u64,
}

impl Default for DocumentSettings {
    fn default() -> Self {
        DocumentSettings { max_mb: crate::store::documents::DEFAULT_LIMIT / (1024 * 1024) }
    }
}

impl DocumentSettings {
    /// The limit in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.max_mb.saturating_mul(1024 * 1024)
    }
}

/// Everything the settings file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The agenda's day counts.
    pub agenda: Settings,
    /// Exports.
    pub export: ExportSettings,
    /// The office's names for the colour categories, by code (`merah`, `kuning`, `hijau`).
    pub risk_names: std::collections::BTreeMap<String, RiskName>,
    /// What partners see.
    pub privacy: PrivacySettings,
    /// Backups.
    pub backup: BackupSettings,
    /// Documents.
    pub documents: DocumentSettings,
}

impl Config {
    /// The office's names for the colour categories, as the value handed to
    /// what shows or reads a category.
    pub fn risk_names(&self) -> crate::words::RiskNames {
        let mut names = Vec::new();
        for (code, n) in &self.risk_names {
            if let Some(r) = crate::model::RiskCategory::from_code(code) {
                names.extend(n.id.clone().map(|s| (r, crate::model::Lang::Id, s)));
                names.extend(n.en.clone().map(|s| (r, crate::model::Lang::En, s)));
            }
        }
        crate::words::RiskNames::new(names)
    }
}

/// A colour category's name in each language; either may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RiskName {
    /// Bahasa Indonesia.
    pub id: Option<String>,
    /// English.
    pub en: Option<String>,
}

/// Why a settings file was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// The file.
    pub file: PathBuf,
    /// What is wrong (the parser's words, with the line).
    pub why: String,
}

/// The settings file in the user's configuration directory.
pub fn user_settings_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("id", "simpul", "simpul").map(|d| d.config_dir().join("settings.toml"))
}

/// Reads settings from text.
pub fn parse(text: &str) -> Result<Config, String> {
    let mut config: Config = toml::from_str(text).map_err(|e| e.to_string().trim().replace('\n', " "))?;
    if let Some(years) = config.privacy.retention_years.filter(|y| !(1..=100).contains(y)) {
        return Err(format!("privacy.retention_years = {years}: 1 to 100 years"));
    }
    // the agenda lists the case files due for review
    config.agenda.retention_years = config.privacy.retention_years;
    let a = &config.agenda;
    let days = [
        ("missed_window_days", a.missed_window_days),
        ("supervision_ending_days", a.supervision_ending_days),
        ("no_session_days", a.no_session_days),
        ("follow_up_days", a.follow_up_days),
        ("agreement_days", a.agreement_days),
        ("upcoming_event_days", a.upcoming_event_days),
    ];
    if let Some(code) = config.risk_names.keys().find(|c| crate::model::RiskCategory::from_code(c).is_none()) {
        return Err(format!("risk_names.{code}: one of merah, kuning, hijau"));
    }
    for (code, n) in &config.risk_names {
        for name in [&n.id, &n.en].into_iter().flatten() {
            if crate::model::validate::check_line(name, 40).is_some() || name.trim().is_empty() {
                return Err(format!("risk_names.{code}: {name:?} is not a usable name (1 to 40 printable characters)"));
            }
        }
    }
    if let Some(bad) = config.backup.recipients.iter().find(|r| r.trim().parse::<age::x25519::Recipient>().is_err()) {
        return Err(format!(
            "backup.recipients: {:?} is not an age public key (age1…)",
            crate::sanitize::sanitize(bad)
        ));
    }
    // a horizon of more than ten years is a typo, and would overflow date sums
    if let Some((name, n)) = days.iter().find(|(_, n)| !(0..=3650).contains(n)) {
        return Err(format!("agenda.{name} = {n}: 0 to 3650 days"));
    }
    Ok(config)
}

/// The settings in effect: the named file (which must exist), else the
/// default file if it exists, else the defaults.
pub fn effective(named: Option<&Path>, default_file: Option<&Path>) -> Result<Config, SettingsError> {
    let file = match (named, default_file) {
        (Some(f), _) => f,
        (None, Some(f)) if f.is_file() => f,
        _ => return Ok(Config::default()),
    };
    let err = |why: String| SettingsError { file: file.to_path_buf(), why };
    let text = std::fs::read_to_string(file).map_err(|e| err(e.to_string()))?;
    parse(&text).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_optional() {
        assert_eq!(parse("").unwrap(), Config::default());
        let c = parse("[agenda]\nno_session_days = 90\n[export]\ndir = \"/tmp/x\"\n").unwrap();
        assert_eq!(c.agenda.no_session_days, 90);
        assert_eq!(c.agenda.missed_window_days, Settings::default().missed_window_days);
        assert_eq!(c.export.dir, Some(PathBuf::from("/tmp/x")));
    }

    #[test]
    fn an_office_renames_a_colour() {
        let c = parse("[risk_names]\nkuning = { id = \"oranye\", en = \"orange\" }\n").unwrap();
        assert_eq!(c.risk_names["kuning"].en.as_deref(), Some("orange"));
        assert!(parse("[risk_names]\nungu = { id = \"ungu\" }\n").unwrap_err().contains("risk_names.ungu"));
        assert!(parse("[risk_names]\nmerah = { id = \"\\u001b[31m\" }\n").is_err(), "no escape codes");
        assert!(parse("[risk_names]\nmerah = { warna = \"x\" }\n").is_err(), "unknown keys");
    }

    #[test]
    fn backup_recipients_must_be_age_keys() {
        let key = age::x25519::Identity::generate().to_public().to_string();
        let c = parse(&format!("[backup]\nrecipients = [\"{key}\"]\n")).unwrap();
        assert_eq!(c.backup.recipients, [key]);
        assert!(parse("[backup]\nrecipients = [\"ssh-ed25519 AAAA\"]\n").unwrap_err().contains("backup.recipients"));
    }

    #[test]
    fn the_retention_period_is_set_in_years_and_reaches_the_agenda() {
        assert_eq!(parse("").unwrap().agenda.retention_years, None, "no retention rule unless set");
        let c = parse("[privacy]\nretention_years = 5\n").unwrap();
        assert_eq!((c.privacy.retention_years, c.agenda.retention_years), (Some(5), Some(5)));
        assert!(parse("[privacy]\nretention_years = 0\n").unwrap_err().contains("privacy.retention_years = 0"));
        assert!(parse("[privacy]\nretention_years = 101\n").unwrap_err().contains("1 to 100 years"));
        assert!(parse("[privacy]\nretention_years = -1\n").is_err());
        assert!(parse("[agenda]\nretention_years = 5\n").unwrap_err().contains("retention_years"), "[privacy] only");
    }

    #[test]
    fn misspelt_and_absurd_values_are_refused() {
        assert!(parse("[agenda]\nno_sesion_days = 90\n").unwrap_err().contains("no_sesion_days"));
        assert!(parse("[agenda]\nfollow_up_days = -1\n").unwrap_err().contains("follow_up_days"));
        assert!(parse("[agenda]\nfollow_up_days = \"x\"\n").is_err());
    }

    /// The parser's words quote the file: the message shows its control
    /// characters as text, never as they are.
    #[test]
    fn a_bad_file_is_named_without_control_characters() {
        let esc = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202E}";
        for text in [
            format!("[agenda]\n{esc} = 1\n"),
            format!("[agenda]\nno_session_days = {esc}\n"),
            format!("[risk_names.\"{esc}\"]\nid = \"x\"\n"),
        ] {
            let why = parse(&text).unwrap_err();
            let e = SettingsError { file: PathBuf::from(format!("/tmp/s{esc}.toml")), why };
            for lang in [crate::i18n::Lang::Id, crate::i18n::Lang::En] {
                let m = e.message(lang);
                assert!(!m.chars().any(|c| c.is_control() || c == '\u{202E}'), "{m:?}");
                assert!(m.contains("/tmp/s^[]0;pwned^G^[[2J"), "{m}");
            }
        }
    }

    #[test]
    fn a_named_file_must_exist_the_default_one_need_not() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.toml");
        assert_eq!(effective(None, Some(&missing)), Ok(Config::default()));
        assert!(effective(Some(&missing), None).is_err());
        let f = dir.path().join("s.toml");
        std::fs::write(&f, "[agenda]\nupcoming_event_days = 3\n").unwrap();
        assert_eq!(effective(None, Some(&f)).unwrap().agenda.upcoming_event_days, 3);
    }
}
