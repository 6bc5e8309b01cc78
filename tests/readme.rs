//! The README stays true: its key table is what `simpul keys` prints.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use simpul::i18n::Lang;
use simpul::keymap::{Keymap, render_markdown};

#[test]
fn readme_key_table_matches_the_default_keymap() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let begin =
        readme.find("<!-- keys:begin -->\n").expect("README has the keys:begin marker") + "<!-- keys:begin -->\n".len();
    let end = readme.find("<!-- keys:end -->").expect("README has the keys:end marker");
    let expected = render_markdown(&Keymap::preset("default").unwrap(), Lang::En);
    // a new or changed action regenerates the table: SIMPUL_BLESS=1 cargo test --test readme
    if std::env::var_os("SIMPUL_BLESS").is_some() && readme[begin..end] != expected {
        let updated = format!("{}{expected}{}", &readme[..begin], &readme[end..]);
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"), updated).unwrap();
        return;
    }
    assert_eq!(
        &readme[begin..end],
        expected,
        "the README's key table is stale: regenerate it with `SIMPUL_BLESS=1 cargo test --test readme`"
    );
}

#[test]
fn readme_role_table_says_what_the_field_tables_withhold() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for role in [simpul::model::Role::Partner, simpul::model::Role::Viewer] {
        let name = format!("| {} |", role.code());
        let row = readme.lines().find(|l| l.starts_with(&name)).unwrap_or_else(|| panic!("README has a {name} row"));
        let cells: Vec<&str> = row.split(" | ").collect();
        let expected = simpul::schema::withheld_summary(role, Lang::En);
        assert_eq!(
            cells.get(2).copied(),
            Some(expected.as_str()),
            "the README's withheld cell of {name} is stale; it must be:\n{expected}"
        );
    }
}
