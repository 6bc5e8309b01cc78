//! Folding text for matching: how a name is written should not decide
//! whether it is found.
//!
//! [`fold`] lowercases, strips accents (NFD, then combining marks dropped),
//! drops apostrophes (`Ma'ruf` and `Maruf` are the same name), turns other
//! punctuation into single spaces and then canonicalises the old (pre-1972
//! and Dutch-era) Indonesian spellings so that both spellings of a name meet:
//!
//! | rule (in order) | example |
//! |---|---|
//! | `oe` → `u` | Soekarno → sukarno |
//! | `dj` → `j` | Djoko → joko |
//! | `tj` → `c` | Tjipto → cipto |
//! | `ch` → `kh` | Chairul → khairul |
//! | `j` → `y` | Joko → yoko, Njoman → nyoman, Sjarif → syarif, Jogja → yogya |
//!
//! The rules run in that order, each over the output of the one before, so
//! `dj` and `tj` are resolved before `j` becomes `y`. Both the haystack and
//! the query are folded the same way, so the folded form never has to look
//! like a real spelling. [`fold_with_map`] also says which source characters
//! each folded character came from, which is how highlights computed on the
//! folded form land on the characters of the name as displayed.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for matching (see the module documentation).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (c, _) in fold_chars(s) {
        out.push(c);
    }
    out
}

/// Compares two texts as their lowercase forms would compare: how the
/// lists order names, and the search index the names of its entries.
pub fn cmp_lowercase(a: &str, b: &str) -> std::cmp::Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    for (i, (&p, &q)) in x.iter().zip(y).enumerate() {
        if !p.is_ascii() || !q.is_ascii() {
            // `i` is a char boundary of both: every byte before it is ASCII
            let (a, b) = (a.get(i..).unwrap_or(""), b.get(i..).unwrap_or(""));
            return a.chars().flat_map(char::to_lowercase).cmp(b.chars().flat_map(char::to_lowercase));
        }
        match p.to_ascii_lowercase().cmp(&q.to_ascii_lowercase()) {
            std::cmp::Ordering::Equal => {}
            unequal => return unequal,
        }
    }
    x.len().cmp(&y.len())
}

/// A name folded for comparing with another: words of [`fold`], single-spaced.
pub fn name_key(s: &str) -> String {
    fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The keys a client is known by, for finding the same person twice: the
/// name without titles, degrees and nickname
/// ([`crate::model::names::person_name`]), each
/// nickname and each alias, folded ([`name_key`]). Forms and import compare
/// clients with these and [`similar_names`].
pub fn client_keys<'a>(full_name: &'a str, aliases: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut keys = Vec::new();
    for n in std::iter::once(full_name).chain(aliases.into_iter().map(String::as_str)) {
        let (name, nicknames) = crate::model::names::person_name(n);
        for k in std::iter::once(name).chain(nicknames).map(|x| name_key(&x)) {
            if !k.is_empty() && !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    keys
}

/// The keys a stakeholder is known by: its name and short name, folded.
pub fn stakeholder_keys(name: &str, short: &str) -> Vec<String> {
    [name_key(name), name_key(short)].into_iter().filter(|k| !k.is_empty()).collect()
}

/// Two sets of name keys are similar when any pair is equal, or shares all the
/// words of the shorter one ("Ahmad Fauzi" and "Ahmad Fauzi bin Salim").
pub fn similar_names(a: &[String], b: &[String]) -> bool {
    a.iter().any(|x| {
        b.iter().any(|y| {
            if x.is_empty() || y.is_empty() {
                return false;
            }
            let (xs, ys): (Vec<&str>, Vec<&str>) = (x.split(' ').collect(), y.split(' ').collect());
            let (short, long) = if xs.len() <= ys.len() { (&xs, &ys) } else { (&ys, &xs) };
            x == y || (short.len() >= 2 && short.iter().all(|w| long.contains(w)))
        })
    })
}

/// Folds text and returns, for each char of the result, the range of char
/// indices `(first, last)` (inclusive) of the source it came from.
pub fn fold_with_map(s: &str) -> (String, Vec<(u32, u32)>) {
    let chars = fold_chars(s);
    let mut out = String::with_capacity(chars.len());
    let mut map = Vec::with_capacity(chars.len());
    for (c, span) in chars {
        out.push(c);
        map.push(span);
    }
    (out, map)
}

/// Apostrophes join the parts of one word rather than separate words.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{02BC}' | '\u{00B4}')
}

/// Characters that show nothing: zero-width spaces and joiners, the word
/// joiner, the byte-order mark, the soft hyphen, bidirectional marks.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

type Folded = Vec<(char, (u32, u32))>;

fn fold_chars(s: &str) -> Folded {
    let mut v: Folded = Vec::with_capacity(s.len());
    for (ci, c) in s.chars().enumerate() {
        let ci = u32::try_from(ci).unwrap_or(u32::MAX);
        // apostrophes join a word; invisible characters (a zero-width space
        // pasted from a web page) are not there at all
        if is_apostrophe(c) || is_invisible(c) {
            continue;
        }
        if c.is_ascii() {
            // Fast path: most names are ASCII.
            let c = c.to_ascii_lowercase();
            push(&mut v, if c.is_ascii_alphanumeric() { c } else { ' ' }, ci);
            continue;
        }
        for base in std::iter::once(c).nfd().filter(|b| !is_combining_mark(*b)) {
            // Lowercasing can itself produce combining marks (İ → i̇).
            for l in base.to_lowercase().filter(|l| !is_combining_mark(*l)) {
                push(&mut v, if l.is_alphanumeric() { l } else { ' ' }, ci);
            }
        }
    }
    if v.last().is_some_and(|(c, _)| *c == ' ') {
        v.pop();
    }
    // Cheap check: the rules only ever fire on words holding these letters.
    if v.iter().any(|(c, _)| matches!(c, 'e' | 'j' | 'h')) {
        v = replace_pair(v, ('o', 'e'), &['u']);
        v = replace_pair(v, ('d', 'j'), &['j']);
        v = replace_pair(v, ('t', 'j'), &['c']);
        v = replace_pair(v, ('c', 'h'), &['k', 'h']);
        for (c, _) in v.iter_mut() {
            if *c == 'j' {
                *c = 'y';
            }
        }
    }
    v
}

/// Pushes a folded char, collapsing runs of spaces and dropping leading ones.
fn push(v: &mut Folded, c: char, ci: u32) {
    if c == ' ' && v.last().is_none_or(|(p, _)| *p == ' ') {
        return;
    }
    v.push((c, (ci, ci)));
}

/// Replaces every non-overlapping occurrence of `pair`, left to right.
fn replace_pair(v: Folded, pair: (char, char), with: &[char]) -> Folded {
    if !v.windows(2).any(|w| w[0].0 == pair.0 && w[1].0 == pair.1) {
        return v;
    }
    let mut out = Vec::with_capacity(v.len() + 1);
    let mut i = 0;
    while i < v.len() {
        if let (Some(a), Some(b)) = (v.get(i), v.get(i + 1))
            && a.0 == pair.0
            && b.0 == pair.1
        {
            let span = (a.1.0, b.1.1);
            if with.len() == 2 {
                // Two chars for two: each keeps its own source.
                out.push((with[0], a.1));
                out.push((with[1], b.1));
            } else {
                for c in with {
                    out.push((*c, span));
                }
            }
            i += 2;
        } else {
            out.push(v[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_not_there() {
        assert_eq!(fold("BAZ\u{200B}NAS Ja\u{00AD}tim"), fold("BAZNAS Jatim"));
        assert_eq!(fold("\u{FEFF}Ahmad\u{2060} Fauzi\u{200D}"), "ahmad fauzi");
    }

    #[test]
    fn old_and_new_spellings_meet() {
        let pairs = [
            ("Soekarno", "Sukarno"),
            ("Djoko", "Joko"),
            ("Tjipto", "Cipto"),
            ("Njoman", "Nyoman"),
            ("Sjarif", "Syarif"),
            ("Chairul", "Khairul"),
            ("Jogja", "Yogya"),
            ("Djogjakarta", "Yogyakarta"),
            ("Soeharto", "Suharto"),
            ("Tjokroaminoto", "Cokroaminoto"),
        ];
        for (old, new) in pairs {
            assert_eq!(fold(old), fold(new), "{old} / {new}");
        }
        assert_eq!(fold("Soekarno"), "sukarno");
    }

    #[test]
    fn case_accents_and_punctuation_do_not_matter() {
        assert_eq!(fold("Zoë"), fold("zoe"));
        assert_eq!(fold("ÉLODIE  Dupré"), "elodie dupre");
        assert_eq!(fold("  Al-Amin,  S.Pd. "), "al amin s pd");
        assert_eq!(fold("Ma'ruf"), fold("Maruf"));
        assert_eq!(fold("İbrahim"), "ibrahim");
        assert_eq!(fold(""), "");
        assert_eq!(fold("\u{1b}[31m"), "31m");
    }

    #[test]
    fn client_keys_are_the_names_a_person_is_found_by() {
        let aliases = vec!["Abu Fulan".to_string()];
        assert_eq!(
            client_keys("Dr. H. Achmad (Ucok) Fauzi, M.Si.", &aliases),
            vec!["akhmad fauzi", "ucok", "abu fulan"]
        );
        assert!(similar_names(&client_keys("Ahmad Fauzi", &[]), &client_keys("Dr. H. Ahmad Fauzi, M.Si.", &[])));
        assert!(!similar_names(&client_keys("Siti Aminah", &[]), &client_keys("Hj. Siti Rahayu", &[])));
    }

    #[test]
    fn map_points_at_source_chars() {
        let (f, map) = fold_with_map("Soekarno");
        assert_eq!(f, "sukarno");
        assert_eq!(map[0], (0, 0));
        assert_eq!(map[1], (1, 2), "u came from o and e");
        assert_eq!(map[2], (3, 3));
        // "oe" folds to "u" even with a diaeresis: both sides fold alike.
        let (f, map) = fold_with_map("Zoë Chandra");
        assert_eq!(f, "zu khandra");
        assert_eq!(map[1], (1, 2));
        assert_eq!(map[3], (4, 4), "k from C");
        assert_eq!(map[4], (5, 5), "h from h");
        let (f, map) = fold_with_map("Ma'ruf");
        assert_eq!(f, "maruf");
        assert_eq!(map[2], (3, 3));
        assert_eq!(map.len(), f.chars().count());
    }
}
