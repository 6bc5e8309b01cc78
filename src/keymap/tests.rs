//! Tests of keymap files, presets, resolution and dispatch.

use std::collections::BTreeSet;

use crossterm::event::{KeyCode, KeyModifiers};

use super::*;
use crate::action::TabName;
use crate::i18n::Lang;

fn preset(name: &str) -> Keymap {
    match Keymap::preset(name) {
        Ok(k) => k,
        Err(e) => panic!("{e}"),
    }
}

fn user(text: &str) -> Keymap {
    match Keymap::from_str("test.toml", text) {
        Ok(k) => k,
        Err(e) => panic!("{e}"),
    }
}

fn errors(text: &str) -> Vec<KeymapError> {
    match Keymap::from_str("bad.toml", text) {
        Ok(_) => panic!("no error in {text}"),
        Err(KeymapErrors(v)) => v,
    }
}

fn k(s: &str) -> Key {
    match Key::parse(s) {
        Ok(k) => k,
        Err(e) => panic!("{e:?}"),
    }
}

/// The actions bound in a context of a keymap (global included).
fn reachable(km: &Keymap, ctx: Context) -> BTreeSet<Action> {
    km.effective_bindings(ctx).into_iter().map(|(_, a)| a).collect()
}

#[test]
fn every_preset_loads_without_errors() {
    for name in preset_names() {
        let km = preset(name);
        assert_eq!(km.name(), format!("preset:{name}"));
        assert!(!km.bindings(Context::List).is_empty());
    }
    assert!(Keymap::preset("nano").is_err());
}

#[test]
fn default_reaches_every_action() {
    let km = preset("default");
    let all: BTreeSet<Action> = Context::ALL.iter().flat_map(|c| reachable(&km, *c)).collect();
    let missing: Vec<_> = Action::all().iter().filter(|a| !all.contains(a)).collect();
    assert!(missing.is_empty(), "not bound in default: {missing:?}");
}

#[test]
fn vim_and_emacs_reach_what_default_reaches() {
    let default = preset("default");
    for name in ["vim", "emacs"] {
        let other = preset(name);
        for ctx in Context::ALL {
            let missing: Vec<_> = reachable(&default, ctx).difference(&reachable(&other, ctx)).copied().collect();
            assert!(missing.is_empty(), "{name} [{}] lacks {missing:?}", ctx.name());
        }
    }
}

#[test]
fn user_file_extends_overrides_and_removes() {
    let km = user(
        r#"
extends = "vim"
[list]
"f9" = "archive"
"d d" = "none"
"j" = "up"
"#,
    );
    assert!(km.counts(), "count is inherited from vim");
    assert_eq!(km.keys_for(Action::Archive, Context::List), vec!["f9"]);
    assert_eq!(km.keys_for(Action::Up, Context::List), vec!["j", "k", "up"]);
    assert!(!km.keys_for(Action::Down, Context::List).contains(&"j".to_string()));
    assert_eq!(km.keys_for(Action::First, Context::List), vec!["home", "g g"]);
    // the detail context of vim is untouched
    assert_eq!(km.keys_for(Action::Archive, Context::Detail), vec!["d d"]);

    // without `extends` a file extends default
    let km = user("[list]\n\"q\" = \"none\"\n");
    assert!(km.keys_for(Action::Quit, Context::List).contains(&"f10".to_string()));
    assert!(!km.keys_for(Action::Quit, Context::List).contains(&"q".to_string()));
    assert!(!km.counts());

    // a key that starts the base's sequences (or a sequence the base's key
    // starts) would silently disable them: an error naming the line, until
    // the base's binding is unbound first
    let errors = Keymap::from_str("test.toml", "extends = \"vim\"\n[list]\n\"g\" = \"first\"\n").unwrap_err();
    let said = errors.message(Lang::En);
    assert!(said.starts_with("test.toml:3: \"g\" = \"first\": \"g\" and \"g "), "{said}");
    assert_eq!(said.lines().count(), 11, "one line for each of vim's g sequences: {said}");
    assert!(said.contains("\"g g\" of preset:vim") && said.contains("with \"g g\" = \"none\""), "{said}");
    let errors = Keymap::from_str("test.toml", "[list]\n\"s x\" = \"sort_reverse\"\n").unwrap_err();
    assert!(errors.message(Lang::En).contains("\"s x\" and \"s\" of preset:default start one another"));
    let km = user("[list]\n\"s\" = \"none\"\n\"s x\" = \"sort_reverse\"\n");
    assert_eq!(km.keys_for(Action::SortReverse, Context::List), vec!["S", "s x"]);
    assert!(km.keys_for(Action::SortNextColumn, Context::List).is_empty());
}

#[test]
fn bad_files_name_the_line_and_binding() {
    let cases: &[(&str, usize, &str)] = &[
        ("[list]\n\"j\" = \"dwn\"\n", 2, "bad.toml:2: \"j\" = \"dwn\": unknown action; did you mean: \"down\""),
        ("[list]\n\n\"ctrl-\" = \"down\"\n", 3, "bad.toml:3: \"ctrl-\" = \"down\": cannot read the key \"ctrl-\""),
        (
            "[list]\n\"g x\" = \"down\"\n\"g\" = \"up\"\n",
            3,
            "\"g\" = \"up\": \"g\" starts the sequence \"g x\" (line 2)",
        ),
        ("[list]\n\"G\" = \"down\"\n\"shift-g\" = \"up\"\n", 3, "is already bound on line 2, to down"),
        ("[lists]\n\"j\" = \"down\"\n", 1, "bad.toml:1: unknown section [lists]; did you mean: \"list\"?"),
        ("extend = \"vim\"\n", 1, "bad.toml:1: unknown setting extend; did you mean: \"extends\"?"),
        ("extends = \"vi\"\n", 1, "bad.toml:1: there is no preset \"vi\"; valid: \"default\", \"vim\", \"emacs\""),
        ("[list]\n\"1\" = \"tab reports\"\n", 2, "the action tab has no argument reports; valid: \"clients\""),
        ("[list]\n\"1\" = \"tab\"\n", 2, "the action tab needs an argument"),
        ("[list]\n\"q\" = \"quit now\"\n", 2, "the action quit takes no argument"),
        ("count = \"yes\"\n", 1, "count must be true or false"),
        ("[list]\n\"q\" = 3\n", 2, "\"q\" must be a quoted string"),
        ("list = 3\n", 1, "list must be a [section] table"),
        ("[list]\n\"q\" = \"quit\n", 2, "bad.toml:2: is not valid TOML"),
    ];
    for (text, line, message) in cases {
        let errs = errors(text);
        assert_eq!(errs.len(), 1, "{text}: {errs:?}");
        assert_eq!(errs[0].line, Some(*line), "{text}");
        let m = errs[0].to_string();
        assert!(m.contains(message), "{text}\n got: {m}\nwant: {message}");
        assert!(!errs[0].message(Lang::Id).is_empty());
    }
    let id = errors("[list]\n\"j\" = \"dwn\"\n")[0].message(Lang::Id);
    assert_eq!(id, "bad.toml:2: \"j\" = \"dwn\": aksi tidak dikenal; mungkin maksudnya: \"down\"?");
}

#[test]
fn all_errors_of_a_file_are_reported() {
    let errs = errors("foo = 1\n[list]\n\"j\" = \"dwn\"\n\"k\" = \"upp\"\n\"ctrl-\" = \"x\"\n[lsit]\n");
    let lines: Vec<_> = errs.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![Some(1), Some(3), Some(4), Some(5), Some(5), Some(6)]);
    let all = KeymapErrors(errs).to_string();
    assert_eq!(all.lines().count(), 6, "{all}");
}

#[test]
fn overriding_the_base_is_no_conflict() {
    // the user may bind a key of vim's again ("n")
    let km = user("extends = \"vim\"\n[list]\n\"n\" = \"new_record\"\n");
    assert_eq!(km.keys_for(Action::NewRecord, Context::List), vec!["n", "o"]);
    // the same key in two contexts is no conflict either
    user("[list]\n\"f9\" = \"archive\"\n[detail]\n\"f9\" = \"restore\"\n");
}

#[test]
fn sequences_pending_and_cancel() {
    let mut d = Dispatcher::new(preset("vim"));
    match d.feed(Context::List, k("g")) {
        Dispatch::Pending { keys, count, continuations } => {
            assert_eq!(keys, vec![k("g")]);
            assert_eq!(count, None);
            let names: Vec<_> = continuations.iter().map(|c| c.key.to_string()).collect();
            assert_eq!(names, vec!["/", "T", "U", "a", "c", "d", "e", "g", "s", "t", "u"]);
            assert!(continuations.iter().any(|c| c.key == k("g") && c.action == Some(Action::First)));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(d.pending().0, &[k("g")]);
    assert_eq!(d.feed(Context::List, k("g")), Dispatch::Action(Action::First, None));
    assert_eq!(pending_keys(&d.feed(Context::List, k("g"))), Some(vec![k("g")]));
    assert_eq!(d.feed(Context::List, k("esc")), Dispatch::Cancelled);
    assert_eq!(d.pending(), (&[][..], None));
    // esc with nothing pending is an ordinary key
    assert_eq!(d.feed(Context::List, k("esc")), Dispatch::Action(Action::ClearFilter, None));
    assert_eq!(pending_keys(&d.feed(Context::List, k("g"))), Some(vec![k("g")]));
    assert_eq!(d.feed(Context::List, k("c")), Dispatch::Action(Action::Tab(TabName::Clients), None));
    // an unknown continuation drops the sequence
    d.feed(Context::List, k("g"));
    assert_eq!(d.feed(Context::List, k("x")), Dispatch::Unbound(k("x")));
    assert_eq!(d.feed(Context::List, k("j")), Dispatch::Action(Action::Down, None));
}

/// The keys of a `Pending`.
fn pending_keys(d: &Dispatch) -> Option<Vec<Key>> {
    match d {
        Dispatch::Pending { keys, .. } => Some(keys.clone()),
        _ => None,
    }
}

#[test]
fn emacs_prefix_cancelled_with_ctrl_g() {
    let mut d = Dispatcher::new(preset("emacs"));
    assert!(matches!(d.feed(Context::List, k("C-x")), Dispatch::Pending { .. }));
    assert_eq!(d.feed(Context::List, k("C-g")), Dispatch::Cancelled);
    assert!(matches!(d.feed(Context::List, k("C-x")), Dispatch::Pending { .. }));
    assert_eq!(d.feed(Context::List, k("C-c")), Dispatch::Action(Action::Quit, None));
    assert_eq!(d.feed(Context::List, k("C-g")), Dispatch::Action(Action::ClearFilter, None));
    match d.feed(Context::Form, k("C-x")) {
        Dispatch::Pending { continuations, .. } => {
            let next: Vec<_> = continuations.iter().map(|c| c.key.to_string()).collect();
            assert_eq!(next, vec!["o", "left", "right", "ctrl-c", "ctrl-e", "ctrl-s"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(d.feed(Context::Form, k("C-s")), Dispatch::Action(Action::Save, None));
}

#[test]
fn counts_in_vim() {
    let mut d = Dispatcher::new(preset("vim"));
    assert_eq!(
        d.feed(Context::List, k("5")),
        Dispatch::Pending { keys: vec![], count: Some(5), continuations: vec![] }
    );
    assert_eq!(d.feed(Context::List, k("j")), Dispatch::Action(Action::Down, Some(5)));
    d.feed(Context::List, k("1"));
    d.feed(Context::List, k("0"));
    assert_eq!(d.pending(), (&[][..], Some(10)));
    assert!(matches!(d.feed(Context::List, k("g")), Dispatch::Pending { count: Some(10), .. }));
    assert_eq!(d.feed(Context::List, k("g")), Dispatch::Action(Action::First, Some(10)));
    d.feed(Context::List, k("3"));
    assert_eq!(d.feed(Context::List, k("esc")), Dispatch::Cancelled);
    assert_eq!(d.feed(Context::List, k("j")), Dispatch::Action(Action::Down, None));
    // no counts in forms: digits are text
    assert_eq!(d.feed(Context::Form, k("5")), Dispatch::Unbound(k("5")));
    // and no counts in the default preset: digits are tabs there
    let mut d = Dispatcher::new(preset("default"));
    assert_eq!(d.feed(Context::List, k("2")), Dispatch::Action(Action::Tab(TabName::Stakeholders), None));
    assert_eq!(d.feed(Context::List, k("5")), Dispatch::Action(Action::Tab(TabName::Dashboard), None));
    assert_eq!(d.feed(Context::List, k("6")), Dispatch::Action(Action::Tab(TabName::Audit), None));
    assert_eq!(d.feed(Context::List, k("7")), Dispatch::Action(Action::Tab(TabName::Users), None));
    assert_eq!(d.feed(Context::List, k("8")), Dispatch::Unbound(k("8")));
}

#[test]
fn contexts_fall_back_to_global() {
    let mut d = Dispatcher::new(preset("default"));
    assert_eq!(d.feed(Context::List, k("ctrl-c")), Dispatch::Action(Action::ForceQuit, None));
    assert_eq!(d.feed(Context::Confirm, k("f1")), Dispatch::Action(Action::Help, None));
    assert_eq!(d.feed(Context::Form, k("ctrl-p")), Dispatch::Action(Action::Palette, None));
    // the context's own binding wins over global's
    assert_eq!(d.feed(Context::Global, k("esc")), Dispatch::Action(Action::CancelPending, None));
    assert_eq!(d.feed(Context::Form, k("esc")), Dispatch::Action(Action::Cancel, None));
    // in text contexts printable keys are text even when global binds them
    let km = user("[global]\n\"q\" = \"quit\"\n");
    let mut d = Dispatcher::new(km);
    assert_eq!(d.feed(Context::Detail, k("q")), Dispatch::Action(Action::Quit, None));
    assert_eq!(d.feed(Context::Search, k("q")), Dispatch::Unbound(k("q")));
    assert_eq!(d.feed(Context::Form, k("Q")), Dispatch::Unbound(k("Q")));
    assert_eq!(d.feed(Context::Confirm, k("y")), Dispatch::Action(Action::ConfirmYes, None));
    assert!(d.keymap().keys_for(Action::Quit, Context::Form).contains(&"f10".to_string()));
    assert!(!d.keymap().keys_for(Action::Quit, Context::Form).contains(&"q".to_string()));
}

#[test]
fn reverse_map() {
    let km = preset("default");
    assert_eq!(km.keys_for(Action::Search, Context::List), vec!["/", "f3", "ctrl-f"]);
    assert_eq!(km.keys_for(Action::Help, Context::List), vec!["?", "f1"]);
    let own = km.bindings(Context::Global);
    assert_eq!(own.first(), Some(&("f10".to_string(), Action::Quit)));
    let vim = preset("vim");
    assert_eq!(vim.keys_for(Action::First, Context::Detail), vec!["home", "g g"]);
}

#[test]
fn tables_are_deterministic_and_translated() {
    let km = preset("default");
    let en = crate::cli::keys::render_table(&km, Lang::En);
    assert_eq!(en, crate::cli::keys::render_table(&preset("default"), Lang::En));
    assert!(en.starts_with("Context"));
    assert!(en.contains("list     /, f3, ctrl-f"), "{en}");
    let id = crate::cli::keys::render_table(&km, Lang::Id);
    assert!(id.starts_with("Konteks"));
    assert!(id.contains("Cari / saring daftar"));
    let md = crate::cli::keys::render_markdown(&km, Lang::En);
    assert!(md.starts_with("| Context | Keys | Action | Description |\n|---|---|---|---|\n"));
    assert!(md.contains("| list | `1` | `tab clients` | Go to the clients tab |"), "{md}");
    assert_eq!(md.lines().count(), en.lines().count());
}

#[test]
fn keymap_argument_and_user_file() {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let path = dir.path().join("keymap.toml");
    std::fs::write(&path, "extends = \"emacs\"\n[list]\n\"x\" = \"archive\"\n").unwrap_or_default();
    let path_str = path.display().to_string();
    let km = effective_keymap(None, Some(&path)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(km.keys_for(Action::Archive, Context::List), vec!["a", "x"]);
    assert_eq!(km.name(), path_str);
    let km = effective_keymap(Some("vim"), Some(&path)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(km.name(), "preset:vim");
    let km = effective_keymap(Some(&path_str), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(km.keys_for(Action::Palette, Context::List), vec!["alt-x"]);
    let km = effective_keymap(None, Some(&dir.path().join("absent.toml"))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(km.name(), "preset:default");
    let err = effective_keymap(Some("vi"), None).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("there is no preset or file called vi; valid: \"default\""), "{err}");
    std::fs::write(&path, "[list]\n\"j\" = \"dwn\"\n").unwrap_or_default();
    let err = effective_keymap(None, Some(&path)).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.starts_with(&format!("{path_str}:2: ")), "{err}");
    assert!(user_keymap_path().is_none_or(|p| p.ends_with("keymap.toml")));
}

#[test]
fn terminal_key_events_dispatch() {
    let mut d = Dispatcher::new(preset("vim"));
    let ev = crossterm::event::KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(d.feed(Context::List, Key::from_event(&ev)), Dispatch::Action(Action::Last, None));
}

/// A keymap error quotes the file, a name given with `--keymap` and what
/// the file says: none of it reaches the terminal as control characters.
#[test]
fn keymap_errors_carry_no_control_characters() {
    let esc = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202E}";
    // in TOML's own escapes, so that the parsed names hold the control characters
    let toml = "\\u001b]0;pwned\\u0007\\u001b[2J\\u202E";
    let mut msgs: Vec<String> = Vec::new();
    let named = effective_keymap(Some(&format!("vi{esc}")), None).err().map(|e| e.message(Lang::En));
    msgs.extend(named);
    msgs.extend(errors(&format!("[\"list{toml}\"]\n\"j\" = \"down\"\n")).iter().map(|e| e.message(Lang::Id)));
    msgs.extend(errors(&format!("extends = \"vim{toml}\"\n")).iter().map(|e| e.message(Lang::En)));
    msgs.extend(errors(&format!("[list]\n\"j{toml}\" = \"down\"\n")).iter().map(|e| e.reason(Lang::En)));
    msgs.extend(errors(&format!("[list]\n\"j\" = \"{toml}\"\n")).iter().map(|e| e.message(Lang::En)));
    match Keymap::from_str(&format!("/tmp/a{esc}.toml"), "[list]\n\"j\" = \"dwn\"\n") {
        Err(e) => msgs.push(e.message(Lang::En)),
        Ok(_) => panic!("dwn is no action"),
    }
    assert_eq!(msgs.len(), 6, "{msgs:?}");
    for m in &msgs {
        assert!(!m.chars().any(|c| c.is_control() || c == '\u{202E}'), "{m:?}");
    }
    for m in &msgs {
        assert!(m.contains("^[]0;pwned^G^[[2J"), "quoted as text: {m}");
    }
}

#[test]
fn the_users_context_has_its_own_keys_and_the_lists_beneath() {
    for name in ["default", "vim", "emacs"] {
        let km = preset(name);
        let own: Vec<Action> = km.bindings(Context::Users).into_iter().map(|(_, a)| a).collect();
        for a in [
            Action::UserAdd,
            Action::UserKeyAdd,
            Action::UserKeyRemove,
            Action::UserDisable,
            Action::UserEnable,
            Action::UserLanguage,
        ] {
            assert!(own.contains(&a), "{name} lacks {a}");
            assert!(km.keys_for(a, Context::List).is_empty(), "{name} binds {a} outside the users tab");
        }
        assert_eq!(km.keys_for(Action::Down, Context::Users), km.keys_for(Action::Down, Context::List), "{name}");
        assert!(km.keys_for(Action::Tab(TabName::Users), Context::Users).len() >= 2, "{name}");
    }
}
