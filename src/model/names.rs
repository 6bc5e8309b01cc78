//! Names of people as Indonesians write them: titles before the name
//! (academic, religious, nobility), degrees after it (mostly after a
//! comma) and a nickname in brackets. Forms and import read names with
//! this; search folds the parts ([`crate::model::fold::client_keys`]).

/// A word lowercased without its dots and spaces (`R.A.` → `ra`).
fn bare(w: &str) -> String {
    w.chars().filter(|c| *c != '.' && !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// Titles written before a name: academic (`Dr.`, `Drs.`, `Dra.`, `Ir.`,
/// `Prof.`, `drh.`), religious (`H.`, `Hj.`, `K.H.`, `Ust.`, `Kyai`) and
/// Javanese nobility (`R.`, `R.A.`, `Rr.`, `Rd.`, `Raden`), lowercased
/// and without their dots.
const TITLES_BEFORE: [&str; 19] = [
    "dr", "drs", "dra", "drh", "ir", "prof", "h", "hj", "kh", "ust", "ustadz", "ustaz", "kyai", "kiai", "r", "ra",
    "rr", "rd", "raden",
];

/// Degrees written after a name: `S.Sos`, `M.Si.`, `M.T.`, `S.H.`, `Ph.D`,
/// `Lc.`, `MBA`. A word is one when it is in this list or is made of short
/// dotted parts (`S.Pd.I`).
const DEGREES: [&str; 12] = ["se", "sh", "mm", "mh", "ma", "mba", "lc", "phd", "st", "ak", "amd", "apt"];

fn is_degree(word: &str) -> bool {
    let parts: Vec<&str> = word.split('.').filter(|p| !p.is_empty()).collect();
    let letters = |p: &&str| p.chars().all(char::is_alphabetic) && p.chars().count() <= 4;
    match parts.as_slice() {
        [] => false,
        [one] => DEGREES.contains(&one.to_lowercase().as_str()),
        many => many.iter().all(letters),
    }
}

/// A person's name as written, parted: the name without the titles before
/// it, the degrees after it and a nickname in brackets; and the nicknames
/// ("Dr. H. Ahmad Fauzi, M.Si." → "Ahmad Fauzi"; "Achmad (Ucok) Baros" →
/// "Achmad Baros", ["Ucok"]). A name that is all titles is kept whole.
pub fn person_name(s: &str) -> (String, Vec<String>) {
    let mut nicknames = Vec::new();
    let mut plain = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('(') {
        plain.push_str(&rest[..open]);
        let Some(close) = rest[open..].find(')') else {
            rest = "";
            break;
        };
        let nick = rest[open + 1..open + close].trim();
        if !nick.is_empty() {
            nicknames.push(nick.to_string());
        }
        plain.push(' ');
        rest = &rest[open + close + 1..];
    }
    plain.push_str(rest);
    // after the first comma come degrees; words that are not stay the name's
    let mut segments = plain.split(',');
    let mut words: Vec<&str> = segments.next().unwrap_or("").split_whitespace().collect();
    for seg in segments {
        words.extend(seg.split_whitespace().filter(|w| !is_degree(w)));
    }
    let is_title = |w: &&&str| TITLES_BEFORE.contains(&bare(w).as_str());
    let titles = words.iter().take_while(is_title).count();
    let degrees = words.iter().rev().take_while(|w| w.contains('.') && is_degree(w)).count();
    let name = if titles + degrees < words.len() { &words[titles..words.len() - degrees] } else { &words[..] };
    (name.join(" "), nicknames)
}

/// Splits a typed list of names (aliases) at `|` and `;`, and at a comma
/// unless what follows it is a degree ("Ganda Irawan, S.Sos" is one name;
/// "Djoko Soesilo, Abu Umar" two). Items are trimmed, blanks dropped,
/// repeats (ignoring case) dropped, order kept, as [`super::input::parse_list`].
pub fn parse_names(input: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in input.split(['|', ';']) {
        let mut name = String::new();
        for piece in part.split(',') {
            let degree = piece.split_whitespace().next().is_some() && piece.split_whitespace().all(is_degree);
            if degree && !name.trim().is_empty() {
                name.push(',');
                name.push_str(piece);
            } else {
                add_name(&mut out, &name);
                name = piece.to_string();
            }
        }
        add_name(&mut out, &name);
    }
    out
}

fn add_name(out: &mut Vec<String>, item: &str) {
    let item = item.split_whitespace().collect::<Vec<_>>().join(" ");
    if !item.is_empty() && !out.iter().any(|o| o.to_lowercase() == item.to_lowercase()) {
        out.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_degrees_and_nicknames_come_off_a_persons_name() {
        let name = |s: &str| person_name(s).0;
        assert_eq!(name("Dr. H. Ahmad Fauzi, M.Si."), "Ahmad Fauzi");
        assert_eq!(name("Ganda Irawan, S.Sos"), "Ganda Irawan");
        assert_eq!(name("Ir. Sutrisno, M.T."), "Sutrisno");
        assert_eq!(name("R.A. Kartini"), "Kartini");
        assert_eq!(name("Hj. Siti Aminah"), "Siti Aminah");
        assert_eq!(name("Prof. Dr. Ir. Bambang Sutejo, S.H., M.H."), "Bambang Sutejo");
        assert_eq!(name("K.H. Mukhlis S.Pd.I"), "Mukhlis", "a degree without its comma");
        assert_eq!(person_name("Achmad (Ucok) Baros"), ("Achmad Baros".into(), vec!["Ucok".into()]));
        // what is not a title stays: an abbreviated given name, an initial, words after a comma
        assert_eq!(name("Moh. Ali"), "Moh. Ali");
        assert_eq!(name("Budi S."), "Budi S.");
        assert_eq!(name("Ahmad, bin Salim"), "Ahmad bin Salim");
        assert_eq!(name("Dr. H."), "Dr. H.", "a name that is all titles is kept whole");
        assert_eq!(name("Ahmad (Ucok"), "Ahmad", "an unclosed bracket (the form refuses it) loses its tail");
    }

    #[test]
    fn a_list_of_names_keeps_each_name_with_its_degrees() {
        assert_eq!(parse_names("Djoko Soesilo, Abu Umar"), vec!["Djoko Soesilo", "Abu Umar"]);
        assert_eq!(parse_names("Ganda Irawan, S.Sos|Abu Umar"), vec!["Ganda Irawan, S.Sos", "Abu Umar"]);
        assert_eq!(
            parse_names("Dr. H. Ahmad Fauzi, M.Si.; Achmad, S.H., M.H., Abu Fulan"),
            vec!["Dr. H. Ahmad Fauzi, M.Si.", "Achmad, S.H., M.H.", "Abu Fulan"]
        );
        assert_eq!(parse_names(" | , S.Sos ;"), vec!["S.Sos"], "a degree alone is what was typed");
        assert_eq!(parse_names("Budi, R2D2"), vec!["Budi", "R2D2"]);
    }
}
