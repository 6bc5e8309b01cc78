//! Which language a user reads: an identifier, not text (the text is
//! `crate::i18n`'s); and [`keys!`], which declares the keys of texts where
//! their data lives.

/// A language the program speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Bahasa Indonesia.
    Id,
    /// English.
    #[default]
    En,
}

impl Lang {
    /// Both languages.
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    /// Parses `id` / `en` (and `id_ID.UTF-8`-style locale names).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s == "id" || s.starts_with("id_") || s.starts_with("id-") || s == "in" {
            Some(Lang::Id)
        } else if s == "en" || s.starts_with("en_") || s.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language from the environment: LC_ALL, LC_MESSAGES, LANG (in
    /// POSIX precedence order); `id_*` means Indonesian, anything else English.
    pub fn from_env_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = get(var).filter(|v| !v.is_empty()) {
                return if v.to_ascii_lowercase().starts_with("id") { Lang::Id } else { Lang::En };
            }
        }
        Lang::En
    }

    /// The code, `id` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
}

/// Declares an enum of text keys (and `ALL`, every key) beside the data
/// that names them; `i18n` gives each key its text in both languages with
/// its `texts!` table, an exhaustive match, so a key without both texts
/// does not compile.
macro_rules! keys {
    ($(#[$m:meta])* $name:ident { $( $key:ident ),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum $name { $($key),+ }

        impl $name {
            /// Every key.
            pub const ALL: &'static [$name] = &[$($name::$key),+];
        }
    };
}
pub(crate) use keys;
