//! Store benchmarks on the deterministic demo data set (`simpul demo --clients 100000 --seed 1`).
//!
//! Each figure has a baseline measured in the same run, so docs/PERFORMANCE.md can
//! give ratios that mean something on any machine:
//! - insert of 100k clients (with indexes, audit, referrals) vs. raw sled inserts of the same values;
//! - get by id (decode included) vs. a raw sled get of the same key;
//! - an index range scan (clients of one office) vs. a raw full-tree key scan;
//! - open of a 100k-client database vs. opening an empty one.

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use simpul::demo::{DemoOptions, clients, load};
use simpul::model::{Client, Role};
use simpul::store::{Actor, IndexId, OpenOptions, Store, codec};

const N: usize = 100_000;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default()
}

fn actor() -> Actor {
    Actor::new("bench", Role::Admin)
}

fn build(path: &std::path::Path) -> Store {
    let opts = OpenOptions { clock: simpul::clock::Clock::at(2026, 11, 28, 9, 0, 7), ..OpenOptions::default() };
    let store = Store::open(path, &opts).unwrap_or_else(|e| panic!("{e}"));
    load(&store, &actor(), &DemoOptions { clients: N, seed: 1, today: today() }).unwrap_or_else(|e| panic!("{e}"));
    store
}

fn insert(c: &mut Criterion) {
    let mut g = c.benchmark_group("insert_100k");
    g.sample_size(10).measurement_time(Duration::from_secs(60)).warm_up_time(Duration::from_secs(1));
    g.bench_function("simpul demo load (clients+referrals+indexes+audit)", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap_or_else(|e| panic!("{e}")),
            |dir| {
                let store = build(&dir.path().join("db"));
                black_box(store.count(simpul::model::RecordKind::Client));
                drop(store);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    // Baseline: the same client values (encoded), raw sled batch inserts, one tree, no indexes.
    let values: Vec<Vec<u8>> = clients(&DemoOptions { clients: N, seed: 1, today: today() })
        .map(|(c, _)| codec::encode(&c).unwrap_or_default())
        .collect();
    g.bench_function("baseline: raw sled insert of the encoded clients", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap_or_else(|e| panic!("{e}")),
            |dir| {
                let db = sled::Config::new()
                    .path(dir.path().join("raw"))
                    .cache_capacity(8 << 20)
                    .open()
                    .unwrap_or_else(|e| panic!("{e}"));
                let tree = db.open_tree("clients").unwrap_or_else(|e| panic!("{e}"));
                for (chunk_no, chunk) in values.chunks(1000).enumerate() {
                    let mut batch = sled::Batch::default();
                    for (i, v) in chunk.iter().enumerate() {
                        batch.insert(&((chunk_no * 1000 + i + 1) as u64).to_be_bytes(), v.as_slice());
                    }
                    tree.apply_batch(batch).unwrap_or_else(|e| panic!("{e}"));
                }
                db.flush().unwrap_or_else(|e| panic!("{e}"));
                drop(db);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

fn reads(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("db");
    let store = build(&path);
    let mut g = c.benchmark_group("read_100k");
    let mut rng = fastrand::Rng::with_seed(7);
    g.bench_function("get client by id (decode included)", |b| {
        b.iter(|| black_box(store.get::<Client>(rng.u64(1..=N as u64)).unwrap_or_else(|e| panic!("{e}"))))
    });
    // Baseline: the same values in a plain sled tree, fetched without decoding.
    let raw = sled::Config::new()
        .path(dir.path().join("raw"))
        .cache_capacity(8 << 20)
        .open()
        .unwrap_or_else(|e| panic!("{e}"));
    let raw_tree = raw.open_tree("clients").unwrap_or_else(|e| panic!("{e}"));
    for c in store.scan::<Client>().flatten() {
        raw_tree
            .insert(c.meta.id.to_be_bytes(), codec::encode(&c).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    g.bench_function("baseline: raw sled get of the same value, no decode", |b| {
        b.iter(|| black_box(raw_tree.get(rng.u64(1..=N as u64).to_be_bytes()).unwrap_or_else(|e| panic!("{e}"))))
    });
    g.bench_function("baseline: raw sled scan of every client key", |b| {
        b.iter(|| black_box(raw_tree.iter().keys().count()))
    });
    g.bench_function("index scan: clients of Bapas Malang", |b| {
        b.iter(|| black_box(store.clients_by(IndexId::ClientOffice, "Bapas Malang").unwrap_or_default().len()))
    });
    g.bench_function("index scan: events of a year", |b| {
        let from = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
        let to = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap_or_default();
        b.iter(|| black_box(store.events_between(from, to).unwrap_or_default().len()))
    });
    g.finish();
    drop(store);

    let mut g = c.benchmark_group("open");
    g.sample_size(20);
    g.bench_function("open a 100k-client database", |b| {
        b.iter(|| black_box(Store::open(&path, &OpenOptions::default()).unwrap_or_else(|e| panic!("{e}"))))
    });
    let empty = dir.path().join("empty");
    drop(Store::open(&empty, &OpenOptions::default()));
    g.bench_function("baseline: open an empty database", |b| {
        b.iter(|| black_box(Store::open(&empty, &OpenOptions::default()).unwrap_or_else(|e| panic!("{e}"))))
    });
    g.finish();
}

/// The stored value of every demo client as the store writes it (format 4:
/// positional part, extension area with sub-record ids) against the
/// positional part alone (format 3's layout), encoded and decoded whole.
fn codec_formats(c: &mut Criterion) {
    use simpul::model::HasParts;
    use simpul::store::Indexed;
    let all: Vec<Client> = clients(&DemoOptions { clients: N, seed: 1, today: today() })
        .map(|(mut c, _)| {
            c.assign_part_ids();
            c
        })
        .collect();
    let stored: Vec<Vec<u8>> =
        all.iter().map(|c| codec::encode_record(c, Client::ext_fields()).unwrap_or_default()).collect();
    let positional: Vec<Vec<u8>> = all.iter().map(|c| codec::encode(c).unwrap_or_default()).collect();
    let bytes = |v: &[Vec<u8>]| v.iter().map(Vec::len).sum::<usize>();
    eprintln!(
        "client values at {N}: stored {} bytes, positional part alone {} bytes ({:+.1}%)",
        bytes(&stored),
        bytes(&positional),
        100.0 * (bytes(&stored) as f64 / bytes(&positional) as f64 - 1.0)
    );
    let mut g = c.benchmark_group("codec_100k");
    g.sample_size(20);
    g.bench_function("decode every stored client (format 4, ids and extension area)", |b| {
        b.iter(|| {
            stored
                .iter()
                .map(|v| simpul::store::index::decode_stored::<Client>(v).map_or(0, |c| c.meta.id))
                .sum::<u64>()
        })
    });
    g.bench_function("baseline: decode every client's positional part (format 3 layout)", |b| {
        b.iter(|| positional.iter().map(|v| codec::decode::<Client>(v).map_or(0, |c| c.meta.id)).sum::<u64>())
    });
    g.bench_function("encode every client as stored (format 4)", |b| {
        b.iter(|| {
            all.iter().map(|c| codec::encode_record(c, Client::ext_fields()).map_or(0, |v| v.len())).sum::<usize>()
        })
    });
    g.bench_function("baseline: encode every client's positional part", |b| {
        b.iter(|| all.iter().map(|c| codec::encode(c).map_or(0, |v| v.len())).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, insert, reads, codec_formats);
criterion_main!(benches);
