//! The docs stay true: the key table of `docs/KEYS.md` is what `simpul
//! keys` prints, and the README's role table says what the field tables
//! withhold.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use simpul::cli::keys::render_markdown;
use simpul::i18n::Lang;
use simpul::keymap::Keymap;

#[test]
fn keys_md_table_matches_the_default_keymap() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/KEYS.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let begin = doc.find("<!-- keys:begin -->\n").expect("docs/KEYS.md has the keys:begin marker")
        + "<!-- keys:begin -->\n".len();
    let end = doc.find("<!-- keys:end -->").expect("docs/KEYS.md has the keys:end marker");
    let expected = render_markdown(&Keymap::preset("default").unwrap(), Lang::En);
    // a new or changed action regenerates the table: SIMPUL_BLESS=1 cargo test --test readme
    if std::env::var_os("SIMPUL_BLESS").is_some() && doc[begin..end] != expected {
        let updated = format!("{}{expected}{}", &doc[..begin], &doc[end..]);
        std::fs::write(path, updated).unwrap();
        return;
    }
    assert_eq!(
        &doc[begin..end],
        expected,
        "the key table of docs/KEYS.md is stale: regenerate it with `SIMPUL_BLESS=1 cargo test --test readme`"
    );
}

#[test]
fn readme_role_table_says_what_the_field_tables_withhold() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for role in [simpul::model::Role::Partner, simpul::model::Role::Viewer] {
        let name = format!("| {} |", role.code());
        let row = readme.lines().find(|l| l.starts_with(&name)).unwrap_or_else(|| panic!("README has a {name} row"));
        let cells: Vec<&str> = row.split(" | ").collect();
        let expected = simpul::i18n::form::withheld_summary(role, Lang::En);
        assert_eq!(
            cells.get(2).copied(),
            Some(expected.as_str()),
            "the README's withheld cell of {name} is stale; it must be:\n{expected}"
        );
    }
}
