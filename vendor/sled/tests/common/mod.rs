// simpul patch 6: or with `as_shipped`, which tests the build simpul ships
#[cfg(not(any(feature = "testing", feature = "as_shipped")))]
compile_error!(
    "please run tests using the \"testing\" feature, \
     which enables additional checks at runtime and \
     causes more race conditions to jump out by \
     inserting delays in concurrent code, \
     or the \"as_shipped\" feature (simpul patch 6), \
     which tests the build that simpul ships."
);

/// simpul patch 6: quickcheck's generator, from a seed so that a run can be
/// repeated. The seed is `SLED_QUICKCHECK_SEED` if set, else a fixed one
/// with `as_shipped`, else a random one; it is printed either way.
#[allow(dead_code)]
pub fn quickcheck_gen(size: usize) -> quickcheck::StdGen<rand::rngs::StdRng> {
    use rand::SeedableRng;

    let seed = match std::env::var("SLED_QUICKCHECK_SEED") {
        Ok(s) => s.parse().expect("SLED_QUICKCHECK_SEED must be a u64"),
        Err(_) if cfg!(feature = "as_shipped") => 0x5EED_0034_0007,
        Err(_) => rand::random(),
    };
    eprintln!("quickcheck seed: SLED_QUICKCHECK_SEED={}", seed);
    quickcheck::StdGen::new(rand::rngs::StdRng::seed_from_u64(seed), size)
}

/// simpul patch 6: the number of quickcheck cases, `QUICKCHECK_TESTS` if
/// set (as quickcheck itself reads it), else `default`.
#[allow(dead_code)]
pub fn quickcheck_tests(default: u64) -> u64 {
    match std::env::var("QUICKCHECK_TESTS") {
        Ok(s) => s.parse().expect("QUICKCHECK_TESTS must be a number"),
        Err(_) => default,
    }
}

pub fn setup_logger() {
    use std::io::Write;

    fn tn() -> String {
        std::thread::current().name().unwrap_or("unknown").to_owned()
    }

    #[cfg(feature = "pretty_backtrace")]
    color_backtrace::install();

    let mut builder = env_logger::Builder::new();
    builder
        .format(|buf, record| {
            writeln!(
                buf,
                "{:05} {:20} {:10} {}",
                record.level(),
                tn(),
                record.module_path().unwrap().split("::").last().unwrap(),
                record.args()
            )
        })
        .filter(None, log::LevelFilter::Info);

    if std::env::var("RUST_LOG").is_ok() {
        builder.parse_filters(&std::env::var("RUST_LOG").unwrap());
    }

    let _r = builder.try_init();
}

#[allow(dead_code)]
pub fn cleanup(dir: &str) {
    let dir = std::path::Path::new(dir);
    if dir.exists() {
        std::fs::remove_dir_all(dir).unwrap();
    }
}
