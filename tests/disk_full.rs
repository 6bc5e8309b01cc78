//! A real full disk: the database lives on a tiny tmpfs, the rest of it is
//! filled with a file, then a save and an import are tried. Needs root (or
//! CAP_SYS_ADMIN) to mount; where mounting is not allowed the test says so
//! and passes, and the injected-error tests (`Store::inject_fault`, in
//! `src/ui/form/tests.rs` and `src/exchange.rs`) still cover the paths.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use simpul::exchange::ImportOptions;
use simpul::i18n::Lang;
use simpul::model::{Client, RecordKind, Role};
use simpul::store::{Actor, OpenOptions, Store};

/// A mounted tmpfs, unmounted on drop.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Tmpfs { dir }),
            Ok(o) => {
                eprintln!("skipped: cannot mount a tmpfs here: {}", String::from_utf8_lossy(&o.stderr).trim());
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount: {e}");
                None
            }
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.dir.path()).status();
    }
}

/// Fills the file system with one file until it is full; returns its path.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).unwrap();
    let block = vec![0x55u8; 64 * 1024];
    loop {
        if f.write_all(&block).and_then(|()| f.sync_all()).is_err() {
            break;
        }
    }
    // and the last few bytes
    while f.write_all(&[0x55]).and_then(|()| f.sync_all()).is_ok() {}
    path
}

/// The store stands at 09:00 WIB on 28 November 2026.
fn fixed() -> OpenOptions {
    OpenOptions { clock: simpul::clock::Clock::at(2026, 11, 28, 9, 0, 7), ..OpenOptions::default() }
}

fn import_csv(n: u32) -> String {
    let mut s = String::from("register_no,full_name,aliases,nik,birth_date,gender,office,risk,status,skills,notes\n");
    let notes = "catatan panjang ".repeat(40);
    for i in 0..n {
        let name = format!("Klien {}{}", char::from(b'A' + (i / 26 % 26) as u8), char::from(b'a' + (i % 26) as u8));
        s.push_str(&format!("PAS.{i},{name},,,1990-10-19,P,Bapas Malang,hijau,active,las,{notes}\n"));
    }
    s
}

#[test]
fn a_full_disk_refuses_writes_cleanly_and_the_database_opens_clean_after() {
    let Some(fs) = Tmpfs::mount("16m") else { return };
    let path = fs.path().join("db");
    let actor = Actor::new("budi", Role::Officer);
    {
        let store = Store::open(&path, &fixed()).unwrap();
        store.create(&actor, Client::new("Ahmad Fauzi")).unwrap();
        let filler = fill(fs.path());
        // a save: refused with the disk-full message, in both languages
        let mut failed = None;
        for i in 0..200 {
            match store.create(&actor, Client::new(format!("Siti Aminah {}", "x".repeat(i % 7)).trim_end())) {
                Ok(_) => continue,
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        let e = failed.expect("a full disk refuses writes within 200 saves");
        eprintln!("save on a full disk: {e:?}");
        eprintln!("  en: {}\n  id: {}", e.message(Lang::En), e.message(Lang::Id));
        // an import on the full disk: refused, and it writes nothing
        let before = store.count(RecordKind::Client);
        let r = simpul::exchange::import(
            &store,
            &actor,
            RecordKind::Client,
            &mut import_csv(300).as_bytes(),
            ImportOptions::default(),
        );
        eprintln!("import on a full disk: {:?}", r.as_ref().map(|r| r.written).map_err(|e| e.message(Lang::En)));
        assert!(r.is_err(), "an import on a full disk fails");
        assert_eq!(store.count(RecordKind::Client), before, "the failed import wrote nothing");
        drop(store);
        std::fs::remove_file(filler).unwrap();
    }
    // space freed: the database opens, checks clean, and takes writes again
    let store = Store::open(&path, &fixed()).unwrap();
    let report = store.check().unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
    let n = store.count(RecordKind::Client);
    assert!(n >= 1, "what was saved before the disk filled is still there");
    store.create(&actor, Client::new("Nur Hidayat")).unwrap();
    assert_eq!(store.count(RecordKind::Client), n + 1);
}

/// The disk fills up during an import, at several levels of free space
/// (while rows are staged, while they are copied, at the commit): the
/// import says nothing was imported and the database is as it was, also
/// after space is freed and it is opened again; or, with room enough, every
/// row is there. Never "made, but not yet confirmed on disk".
#[test]
fn a_disk_that_fills_during_an_import_leaves_the_database_as_it_was() {
    let opts = ImportOptions { allow_similar: true, ..ImportOptions::default() };
    let mut refused = 0;
    for free_kib in [64u64, 512, 1024, 2048, 4096, 6144, 8192, 12288, 16384] {
        let Some(fs) = Tmpfs::mount("32m") else { return };
        let path = fs.path().join("db");
        let actor = Actor::new("budi", Role::Officer);
        let said_ok;
        {
            let store = Store::open(&path, &fixed()).unwrap();
            store.create(&actor, Client::new("Ahmad Fauzi")).unwrap();
            let filler = fill(fs.path());
            let len = std::fs::metadata(&filler).unwrap().len();
            std::fs::OpenOptions::new()
                .write(true)
                .open(&filler)
                .unwrap()
                .set_len(len.saturating_sub(free_kib * 1024))
                .unwrap();
            let r =
                simpul::exchange::import(&store, &actor, RecordKind::Client, &mut import_csv(2000).as_bytes(), opts);
            match &r {
                Ok(rep) => {
                    assert_eq!(rep.written, 2000);
                    assert_eq!(store.count(RecordKind::Client), 2001, "{free_kib} KiB free");
                }
                Err(e) => {
                    let (en, id) = (e.message(Lang::En), e.message(Lang::Id));
                    eprintln!("{free_kib} KiB free: {en}");
                    assert!(en.starts_with("Nothing was imported; the database is as it was."), "{free_kib} KiB: {en}");
                    assert!(id.starts_with("Tidak ada yang diimpor; basis data tetap seperti sebelumnya."), "{id}");
                    assert!(!en.contains("not yet confirmed"), "{en}");
                    assert_eq!(store.count(RecordKind::Client), 1, "{free_kib} KiB free");
                    refused += 1;
                }
            }
            said_ok = r.is_ok();
            drop(store);
            std::fs::remove_file(filler).unwrap();
        }
        let store = Store::open(&path, &fixed()).unwrap();
        let report = store.check().unwrap();
        assert!(report.is_clean(), "{free_kib} KiB free: {:?}", report.problems);
        assert_eq!(store.count(RecordKind::Client), if said_ok { 2001 } else { 1 }, "{free_kib} KiB free, reopened");
        assert_eq!(store.scan::<Client>().count() as u64, store.count(RecordKind::Client));
        store.create(&actor, Client::new("Nur Hidayat")).unwrap();
    }
    assert!(refused > 0, "no level of free space made the import fail: the test tests nothing");
}
