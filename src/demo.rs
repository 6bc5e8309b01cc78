//! The demo data set: the public organisations and events of the BAPAS
//! Malang article (LAZISMU East Java, October 2023), plus fictional clients.
//!
//! Generation is pure; [`load`] writes it through the store.
//! Everything is deterministic from the seed, and each client is generated
//! from its own seed (seed, number), so client 80,000 does not depend on
//! generating the 79,999 before it and memory stays flat at any size.
//!
//! Clients are fictional: names are combined from common given names and
//! family names, never a real person's, and the article's individuals are
//! not clients. Contacts at the organisations are fictional too.

pub mod quality;

use chrono::{Datelike, Duration, NaiveDate};

use crate::model::*;
use crate::store::{Actor, Store, StoreError};

/// Options of the demo data set.
#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    /// Number of fictional clients.
    pub clients: usize,
    /// Seed of the generator.
    pub seed: u64,
    /// The day the data is generated for (nothing lies after it that must not).
    pub today: NaiveDate,
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

/// Public organisations of the article (plus one Pokmas Lipas hosting Griya
/// Abhipraya), in id order: `S-000001` is the first.
/// Name, short name, kind, region, services, capacity.
type OrgRow = (&'static str, &'static str, StakeholderKind, &'static str, &'static [&'static str], Option<u32>);

const ORGS: &[OrgRow] = &[
    (
        "Direktorat Jenderal Pemasyarakatan",
        "Ditjenpas",
        StakeholderKind::Government,
        "Nasional",
        &["kebijakan pembimbingan", "koordinasi"],
        None,
    ),
    (
        "Badan Kesatuan Bangsa dan Politik Provinsi Jawa Timur",
        "Kesbangpol Jatim",
        StakeholderKind::Government,
        "Jawa Timur",
        &["pembinaan kebangsaan", "koordinasi"],
        None,
    ),
    (
        "Dinas Perindustrian dan Perdagangan Kabupaten Malang",
        "Disperindag Kab. Malang",
        StakeholderKind::Government,
        "Kab. Malang",
        &["pelatihan usaha", "perizinan usaha"],
        Some(20),
    ),
    (
        "Dinas Koperasi, Perindustrian dan Perdagangan Kota Malang",
        "Diskopindag Kota Malang",
        StakeholderKind::Government,
        "Kota Malang",
        &["pelatihan usaha", "koperasi"],
        Some(20),
    ),
    (
        "Badan Amil Zakat Nasional Provinsi Jawa Timur",
        "BAZNAS Jatim",
        StakeholderKind::Zakat,
        "Jawa Timur",
        &["modal usaha", "bantuan sosial"],
        Some(30),
    ),
    (
        "Lembaga Amil Zakat, Infaq dan Shadaqah Muhammadiyah Jawa Timur",
        "LAZISMU Jatim",
        StakeholderKind::Zakat,
        "Jawa Timur",
        &["pendidikan", "kesehatan", "ekonomi", "sosial dakwah", "kemanusiaan", "lingkungan"],
        Some(25),
    ),
    (
        "Kamar Dagang dan Industri Jawa Timur",
        "KADIN Jatim",
        StakeholderKind::Chamber,
        "Jawa Timur",
        &["pendampingan usaha", "jejaring pasar"],
        Some(15),
    ),
    (
        "Lembaga Penelitian dan Pengabdian kepada Masyarakat Universitas Brawijaya",
        "LPPM UB",
        StakeholderKind::University,
        "Kota Malang",
        &["penelitian", "pendampingan"],
        None,
    ),
    (
        "Lembaga Penelitian dan Pengabdian kepada Masyarakat Universitas Negeri Malang",
        "LPPM UM",
        StakeholderKind::University,
        "Kota Malang",
        &["penelitian", "pelatihan"],
        None,
    ),
    (
        "Casa Creative Digital Agency",
        "Casa Creative",
        StakeholderKind::Business,
        "Kota Malang",
        &["pelatihan desain grafis", "pemasaran digital"],
        Some(5),
    ),
    (
        "United Nations Office on Drugs and Crime",
        "UNODC",
        StakeholderKind::International,
        "Internasional",
        &["pendampingan program", "peningkatan kapasitas"],
        None,
    ),
    (
        "Pokmas Zelda Kue",
        "Zelda Kue",
        StakeholderKind::Pokmas,
        "Kab. Malang",
        &["pelatihan membuat kue", "tempat kerja"],
        Some(6),
    ),
    (
        "Pokmas Budidaya Lele",
        "Pokmas Lele",
        StakeholderKind::Pokmas,
        "Kab. Malang",
        &["budidaya lele", "tempat kerja"],
        Some(8),
    ),
    (
        "Pokmas Barista",
        "Pokmas Barista",
        StakeholderKind::Pokmas,
        "Kota Malang",
        &["pelatihan barista", "tempat kerja"],
        Some(6),
    ),
    (
        "Pokmas Lipas Griya Abhipraya Pujon",
        "Griya Abhipraya",
        StakeholderKind::Pokmas,
        "Kec. Pujon, Kab. Malang",
        &["penempatan Griya Abhipraya", "pertanian", "peternakan"],
        Some(10),
    ),
];

const S_DITJENPAS: u64 = 1;
const S_KESBANGPOL: u64 = 2;
const S_DISPERINDAG_KAB: u64 = 3;
const S_DISKOP_KOTA: u64 = 4;
const S_BAZNAS: u64 = 5;
const S_LAZISMU: u64 = 6;
const S_KADIN: u64 = 7;
const S_LPPM_UB: u64 = 8;
const S_LPPM_UM: u64 = 9;
const S_CASA: u64 = 10;
const S_UNODC: u64 = 11;
const S_ZELDA: u64 = 12;
const S_LELE: u64 = 13;
const S_BARISTA: u64 = 14;
const S_GRIYA: u64 = 15;

const CONTACT_ROLES: &[&str] = &["Koordinator program", "Staf kemitraan", "Ketua", "Sekretaris", "Pendamping lapangan"];

/// The organisations, ids 1, 2, … in order.
pub fn stakeholders() -> Vec<Stakeholder> {
    let mut rng = fastrand::Rng::with_seed(0x5ea7);
    ORGS.iter()
        .enumerate()
        .map(|(i, (name, short, kind, region, services, capacity))| {
            let mut s = Stakeholder::new(*name, *kind);
            s.meta.id = i as u64 + 1;
            s.short_name = (*short).to_string();
            s.region = (*region).to_string();
            s.services = services.iter().map(|x| x.to_string()).collect();
            s.capacity = *capacity;
            // a provincial or national body has no regency of its own
            if region.starts_with("Kab.") || region.starts_with("Kota") || region.contains(", Kab.") {
                s.address.regency = region.rsplit(", ").next().unwrap_or(region).to_string();
            }
            s.address.province =
                if *kind == StakeholderKind::International { String::new() } else { "Jawa Timur".into() };
            let male = rng.u8(..) < 160;
            let contact_name = person_name(&mut rng, male);
            let slug: String = short.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
            s.contacts.push(Contact {
                id: crate::model::PartId::NEW,
                name: contact_name,
                role: CONTACT_ROLES[i % CONTACT_ROLES.len()].to_string(),
                phone: phone(&mut rng),
                email: format!("kontak@{slug}.example.id"),
            });
            if matches!(
                kind,
                StakeholderKind::Zakat
                    | StakeholderKind::Pokmas
                    | StakeholderKind::University
                    | StakeholderKind::Business
            ) {
                let signed = d(2021 + (i as i32 % 3), 1 + (i as u32 % 12), 10);
                s.agreements.push(Agreement {
                    id: crate::model::PartId::NEW,
                    kind: if i % 2 == 0 { AgreementKind::Pks } else { AgreementKind::Mou },
                    title: format!("Kerja sama pembimbingan klien pemasyarakatan dengan {short}"),
                    signed,
                    expires: signed.checked_add_months(chrono::Months::new(36)),
                    report_every_months: if i % 3 == 0 { 3 } else { 6 },
                    reports_received: vec![signed + Duration::days(180)],
                });
            }
            s.notes = match *kind {
                StakeholderKind::Pokmas => "Kelompok masyarakat yang menerima klien untuk bekerja dan berlatih.".into(),
                StakeholderKind::Zakat => "Dapat memberi bantuan modal usaha bagi klien yang siap.".into(),
                _ => String::new(),
            };
            s
        })
        .collect()
}

/// The article's events and a few synthetic ones, ids 1, 2, … in order.
/// Client participants are drawn from clients `1..=opts.clients`.
pub fn events(opts: &DemoOptions) -> Vec<Event> {
    let mut rng = fastrand::Rng::with_seed(opts.seed ^ 0xe7e7);
    let mut out = Vec::new();
    let mut push = |mut e: Event| {
        e.meta.id = out.len() as u64 + 1;
        out.push(e);
    };
    let st = |ids: &[u64]| ids.iter().map(|i| StakeholderId(*i)).collect::<Vec<_>>();

    let mut visit =
        Event::new("Kunjungan DITJENPAS dan UNODC ke BAPAS Malang", EventKind::Visit, When::Date(d(2023, 4, 12)));
    visit.location = "BAPAS Malang".into();
    visit.organisers = st(&[S_DITJENPAS, S_UNODC]);
    visit.summary = "Kunjungan kerja untuk melihat program reintegrasi sosial klien tindak pidana terorisme.".into();
    visit.participants = vec![
        Participant::new(Who::Stakeholder { stakeholder: StakeholderId(S_DITJENPAS), representative: String::new() }),
        Participant::new(Who::Stakeholder { stakeholder: StakeholderId(S_UNODC), representative: String::new() }),
    ];
    push(visit);

    let mut meeting =
        Event::new("Pertemuan BAPAS Malang dan LAZISMU Jatim", EventKind::Meeting, When::Date(d(2023, 10, 1)));
    meeting.location = "Kantor LAZISMU Jawa Timur".into();
    meeting.organisers = st(&[S_LAZISMU]);
    meeting.summary = "Membahas dukungan modal usaha dan pendampingan bagi klien.".into();
    meeting.participants = vec![Participant::new(Who::Stakeholder {
        stakeholder: StakeholderId(S_LAZISMU),
        representative: String::new(),
    })];
    meeting.follow_ups = vec![FollowUp {
        id: crate::model::PartId::NEW,
        what: "Menyusun daftar klien yang siap menerima modal usaha".into(),
        owner: "BAPAS Malang".into(),
        due: Some(d(2023, 10, 31)),
        done: true,
    }];
    push(meeting);

    let mut workshop = Event::new(
        "Lokakarya Penguatan Kerjasama Antar Lembaga dalam Reintegrasi Sosial Klien Tindak Pidana Terorisme BAPAS Malang",
        EventKind::Workshop,
        When::Date(d(2023, 10, 1)),
    );
    workshop.end = Some(When::Date(d(2023, 10, 4)));
    workshop.location = "Amartha Hills, Kota Batu".into();
    workshop.participant_count = Some(35);
    workshop.organisers = st(&[S_DITJENPAS]);
    workshop.participants = [
        S_DITJENPAS,
        S_KESBANGPOL,
        S_DISPERINDAG_KAB,
        S_DISKOP_KOTA,
        S_BAZNAS,
        S_LAZISMU,
        S_KADIN,
        S_LPPM_UB,
        S_LPPM_UM,
        S_CASA,
        S_UNODC,
        S_ZELDA,
        S_LELE,
        S_BARISTA,
    ]
    .iter()
    .map(|s| Participant::new(Who::Stakeholder { stakeholder: StakeholderId(*s), representative: String::new() }))
    .collect();
    workshop.summary = "Lokakarya empat hari, 35 peserta (8 dari BAPAS Malang), untuk memperkuat kerja sama antarlembaga dalam reintegrasi sosial klien.".into();
    workshop.outcomes = "Kesepakatan peran tiap lembaga; rencana pendampingan klien kategori hijau; usulan program Griya Abhipraya di Kec. Pujon.".into();
    workshop.follow_ups = vec![
        FollowUp {
            id: crate::model::PartId::NEW,
            what: "Menyusun nota kesepahaman dengan Pokmas".into(),
            owner: "BAPAS Malang".into(),
            due: Some(d(2023, 12, 15)),
            done: true,
        },
        FollowUp {
            id: crate::model::PartId::NEW,
            what: "Pemetaan keterampilan klien".into(),
            owner: "LPPM UB".into(),
            due: Some(d(2024, 2, 28)),
            done: false,
        },
    ];
    push(workshop);

    // Synthetic coordination meetings, trainings and case conferences, monthly-ish
    // from 2022 to a few weeks after today (so some are upcoming).
    let kinds = [EventKind::Meeting, EventKind::Training, EventKind::CaseConference, EventKind::Socialisation];
    let titles = [
        "Rapat koordinasi pembimbingan klien",
        "Pelatihan keterampilan kerja bagi klien",
        "Sidang kasus klien",
        "Sosialisasi reintegrasi sosial di desa",
    ];
    let places = [
        "BAPAS Malang",
        "Balai Desa Pujon Kidul",
        "Aula Kesbangpol Jatim",
        "Kampus Universitas Brawijaya",
        "Kota Batu",
    ];
    let mut day = d(2022, 1, 15);
    let end = opts.today + Duration::days(60);
    let mut n = 0usize;
    while day <= end {
        let k = n % kinds.len();
        let mut e = Event::new(titles[k], kinds[k], When::Date(day));
        e.location = places[rng.usize(..places.len())].to_string();
        e.organisers = st(&[[S_KESBANGPOL, S_LPPM_UB, S_LAZISMU, S_BAZNAS][n % 4]]);
        if opts.clients > 0 {
            let want = rng.usize(3..=12).min(opts.clients);
            let mut picked: Vec<u64> = (0..want).map(|_| rng.u64(1..=opts.clients as u64)).collect();
            picked.sort_unstable();
            picked.dedup();
            for c in picked {
                let attendance = if day > opts.today {
                    Attendance::Invited
                } else {
                    [
                        Attendance::Attended,
                        Attendance::Attended,
                        Attendance::Attended,
                        Attendance::Absent,
                        Attendance::Excused,
                    ][rng.usize(..5)]
                };
                e.participants.push(Participant::new(Who::Client { client: ClientId(c), attendance }));
            }
        }
        e.participants.push(Participant::new(Who::Officer { name: person_name(&mut rng, true) }));
        if rng.bool() {
            e.follow_ups.push(FollowUp {
                id: crate::model::PartId::NEW,
                what: "Menindaklanjuti kebutuhan klien yang dibahas".into(),
                owner: "PK BAPAS Malang".into(),
                due: Some(day + Duration::days(30)),
                done: day + Duration::days(30) < opts.today && rng.bool(),
            });
        }
        e.summary = "Membahas perkembangan klien dan dukungan dari mitra.".into();
        push(e);
        n += 1;
        day += Duration::days(rng.i64(25..45));
    }
    out
}

const MALE: &[&str] = &[
    "Agus",
    "Ahmad",
    "Arif",
    "Bambang",
    "Budi",
    "Cahyo",
    "Dedi",
    "Dwi",
    "Eko",
    "Fajar",
    "Hadi",
    "Hendra",
    "Imam",
    "Irfan",
    "Joko",
    "Yusuf",
    "Kurniawan",
    "Luthfi",
    "Muhammad",
    "Nur",
    "Rahmat",
    "Rizki",
    "Slamet",
    "Sugeng",
    "Sutrisno",
    "Taufik",
    "Teguh",
    "Wahyu",
    "Yanto",
    "Zainal",
    "Syaiful",
    "Khoirul",
    "Chandra",
    "Suharto",
    "Cipto",
    "Nyoman",
    "Darmaji",
    "Hasan",
    "Ilham",
    "Jamal",
    "Kholis",
    "Mukhlis",
    "Nanang",
    "Prasetyo",
    "Ridwan",
    "Sholeh",
    "Umar",
    "Wawan",
    "Yudi",
    "Zulkifli",
];
const FEMALE: &[&str] = &[
    "Aminah", "Ani", "Dewi", "Endang", "Fatimah", "Hj. Siti", "Indah", "Khotimah", "Lestari", "Maya", "Nur", "Puji",
    "Rina", "Sri", "Suci", "Tri", "Umi", "Wulan", "Yuni", "Zahra", "Nyai", "Syarifah", "Cahaya", "Juwita",
];
const FAMILY: &[&str] = &[
    "Santoso",
    "Susilo",
    "Wibowo",
    "Saputra",
    "Hidayat",
    "Prasetyo",
    "Nugroho",
    "Setiawan",
    "Kurniawan",
    "Rahman",
    "Hakim",
    "Syahputra",
    "Hartono",
    "Suryadi",
    "Wijaya",
    "Purnomo",
    "Sudarmaji",
    "Yulianto",
    "Cahyono",
    "Jatmiko",
    "Hasanudin",
    "Mukhtar",
    "Khoiri",
    "Fauzi",
    "Maulana",
    "Firmansyah",
    "Ramadhan",
    "Subagyo",
    "Triyono",
    "Widodo",
    "Junaidi",
    "Ma'ruf",
    "Nyoto",
    "Sujarwo",
    "Kusuma",
    "Baihaqi",
    "Zakaria",
    "Anshori",
    "Chusnul",
    "Djamal",
];
const KUNYA: &[&str] = &["Abu Umar", "Abu Yusuf", "Abu Hamzah", "Abu Zaid", "Abu Ali", "Abu Salman", "Abu Khalid"];
/// The word before a given name in a nickname ("Cak Joko").
const NICKNAME: &str = "Cak";

/// Old (pre-1972) spelling of a name, as it is still written on old papers.
fn old_spelling(name: &str) -> String {
    let mut s = String::with_capacity(name.len() + 4);
    let chars: Vec<char> = name.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        let lower = c.to_ascii_lowercase();
        let upper = c.is_uppercase();
        let put = |s: &mut String, t: &str| {
            if upper {
                let mut it = t.chars();
                if let Some(f) = it.next() {
                    s.extend(f.to_uppercase());
                    s.push_str(it.as_str());
                }
            } else {
                s.push_str(t);
            }
        };
        match (lower, next) {
            ('k', 'h') => {
                put(&mut s, "ch");
                i += 2;
                continue;
            }
            ('n', 'y') => {
                put(&mut s, "nj");
                i += 2;
                continue;
            }
            ('s', 'y') => {
                put(&mut s, "sj");
                i += 2;
                continue;
            }
            ('u', _) => put(&mut s, "oe"),
            ('j', _) => put(&mut s, "dj"),
            ('c', _) => put(&mut s, "tj"),
            ('y', _) => put(&mut s, "j"),
            _ => s.push(c),
        }
        i += 1;
    }
    s
}

fn person_name(rng: &mut fastrand::Rng, male: bool) -> String {
    person_name_parts(rng, male).join(" ")
}

/// A given name, maybe a second one, and a family name.
fn person_name_parts(rng: &mut fastrand::Rng, male: bool) -> Vec<&'static str> {
    let given = if male { MALE[rng.usize(..MALE.len())] } else { FEMALE[rng.usize(..FEMALE.len())] };
    let family = FAMILY[rng.usize(..FAMILY.len())];
    if rng.u8(..) < 40 {
        let second = if male { MALE[rng.usize(..MALE.len())] } else { FEMALE[rng.usize(..FEMALE.len())] };
        if second != given {
            return vec![given, second, family];
        }
    }
    vec![given, family]
}

fn phone(rng: &mut fastrand::Rng) -> String {
    let prefix = ["0812", "0813", "0815", "0817", "0821", "0822", "0838", "0852", "0856", "0857", "0878", "0881"]
        [rng.usize(..12)];
    format!("{prefix}{:08}", rng.u32(..100_000_000))
}

/// Offices: name, weight, regency, region code, districts with villages.
/// Office, weight, regency, NIK region code, districts with their villages.
type OfficeRow = (&'static str, u8, &'static str, &'static str, &'static [(&'static str, &'static [&'static str])]);

const OFFICES: &[OfficeRow] = &[
    (
        "Bapas Malang",
        40,
        "Kab. Malang",
        "3507",
        &[
            ("Pujon", &["Pujon Kidul", "Ngroto", "Sukomulyo"]),
            ("Singosari", &["Ardimulyo", "Losari"]),
            ("Lawang", &["Bedali", "Kalirejo"]),
            ("Kepanjen", &["Penarukan", "Cepokomulyo"]),
        ],
    ),
    (
        "Bapas Malang",
        0,
        "Kota Malang",
        "3573",
        &[
            ("Klojen", &["Oro-oro Dowo", "Kauman"]),
            ("Lowokwaru", &["Dinoyo", "Tlogomas"]),
            ("Sukun", &["Bandungrejosari"]),
        ],
    ),
    (
        "Bapas Surabaya",
        20,
        "Kota Surabaya",
        "3578",
        &[
            ("Tambaksari", &["Ploso", "Pacar Keling"]),
            ("Wonokromo", &["Jagir", "Ngagel"]),
            ("Rungkut", &["Kali Rungkut"]),
        ],
    ),
    ("Bapas Kediri", 10, "Kab. Kediri", "3506", &[("Pare", &["Tulungrejo", "Pelem"]), ("Ngasem", &["Sumberejo"])]),
    ("Bapas Madiun", 8, "Kab. Madiun", "3519", &[("Dolopo", &["Bangunsari"]), ("Jiwan", &["Kincang Wetan"])]),
    (
        "Bapas Jember",
        10,
        "Kab. Jember",
        "3509",
        &[("Kaliwates", &["Sempusari"]), ("Patrang", &["Baratan", "Jember Lor"])],
    ),
    ("Bapas Bojonegoro", 6, "Kab. Bojonegoro", "3522", &[("Kapas", &["Bendo"]), ("Dander", &["Ngulanan"])]),
    ("Bapas Pamekasan", 6, "Kab. Pamekasan", "3528", &[("Pademawu", &["Barurambat Timur"]), ("Galis", &["Pandan"])]),
];

const STREETS: &[&str] = &[
    "Jl. Melati",
    "Jl. Mawar",
    "Jl. Diponegoro",
    "Jl. Ahmad Yani",
    "Jl. Kartini",
    "Jl. Raya",
    "Jl. Masjid",
    "Gg. Kenanga",
    "Jl. Merdeka",
    "Dusun Krajan",
];
const SKILLS: &[&str] = &[
    "barista",
    "budidaya lele",
    "menjahit",
    "las",
    "pertanian",
    "membuat kue",
    "sablon",
    "desain grafis",
    "bengkel motor",
    "pertukangan kayu",
    "peternakan kambing",
    "berdagang",
];
const OFFENCES: &[&str] = &[
    "Pasal 15 jo. Pasal 7 UU 5/2018: permufakatan jahat melakukan tindak pidana terorisme",
    "Pasal 13 huruf c UU 5/2018: menyembunyikan informasi tentang tindak pidana terorisme",
    "Pasal 12A UU 5/2018: menjadi anggota korporasi yang ditetapkan sebagai organisasi terorisme",
    "Pasal 4 UU 9/2013: pendanaan terorisme",
];
const SUMMARIES_KEPRIBADIAN: &[&str] = &[
    "Diskusi tentang kehidupan bermasyarakat; klien terbuka dan kooperatif.",
    "Pembinaan wawasan kebangsaan bersama tokoh agama setempat.",
    "Klien bercerita tentang hubungan dengan keluarga yang membaik.",
    "Konseling; klien mulai aktif dalam kegiatan warga di lingkungannya.",
];
const SUMMARIES_KEMANDIRIAN: &[&str] = &[
    "Pendampingan usaha; klien menyusun rencana anggaran sederhana.",
    "Klien mengikuti pelatihan keterampilan dan menunjukkan kemajuan.",
    "Kunjungan ke tempat kerja; pemberi kerja puas dengan sikap klien.",
    "Membahas kebutuhan modal usaha dan rencana pemasaran.",
];
const NEXT_STEPS: &[&str] = &[
    "Kunjungan rumah bulan depan.",
    "Koordinasi dengan mitra untuk pelatihan.",
    "Pantau wajib lapor.",
    "Usulkan rujukan modal usaha.",
];
const REASONS: &[&str] = &[
    "Penilaian awal setelah bebas.",
    "Klien kooperatif dan rutin wajib lapor.",
    "Sudah bekerja tetap dan diterima lingkungan.",
    "Masih menjaga jarak dengan petugas; perlu pendampingan intensif.",
    "Menunjukkan perubahan sikap dalam diskusi kebangsaan.",
];

/// Streams `(client, referrals)` for clients `1..=clients`.
pub struct ClientStream {
    opts: DemoOptions,
    /// The calendar a new database holds: the register keeps the days it moves.
    calendar: crate::model::Calendar,
    next: usize,
    next_referral: u64,
}

/// The fictional clients with their referrals, in id order.
pub fn clients(opts: &DemoOptions) -> ClientStream {
    ClientStream {
        opts: *opts,
        calendar: crate::model::Calendar::new(crate::casework::holidays::shipped().iter().cloned()),
        next: 1,
        next_referral: 1,
    }
}

impl ClientStream {
    /// The next client, its referrals, and the words of the names it was
    /// given (see [`client`]).
    fn next_named(&mut self) -> Option<(Client, Vec<Referral>, Vec<&'static str>)> {
        if self.next > self.opts.clients {
            return None;
        }
        let i = self.next as u64;
        self.next += 1;
        let mut rng = fastrand::Rng::with_seed(self.opts.seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let (client, words) = client(&mut rng, i, self.opts.today, &self.calendar);
        let mut referrals = referrals(&mut rng, &client, self.opts.today);
        for r in &mut referrals {
            r.meta.id = self.next_referral;
            self.next_referral += 1;
        }
        Some((client, referrals, words))
    }
}

impl Iterator for ClientStream {
    type Item = (Client, Vec<Referral>);

    fn next(&mut self) -> Option<Self::Item> {
        self.next_named().map(|(c, r, _)| (c, r))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.opts.clients + 1 - self.next;
        (left, Some(left))
    }
}

fn weighted<T: Copy>(rng: &mut fastrand::Rng, items: &[(T, u8)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| u32::from(*w)).sum();
    let mut r = rng.u32(..total.max(1));
    for (v, w) in items {
        if r < u32::from(*w) {
            return *v;
        }
        r -= u32::from(*w);
    }
    items[0].0
}

/// A client, and the words of the names it was given in their modern
/// spelling: its name's, those of an alias taken from a list (a kunya, a
/// nickname's "Cak"). An old-spelling alias adds no word: it spells the
/// name's.
fn client(
    rng: &mut fastrand::Rng,
    i: u64,
    today: NaiveDate,
    calendar: &crate::model::Calendar,
) -> (Client, Vec<&'static str>) {
    let male = rng.u8(..) < 235;
    let parts = person_name_parts(rng, male);
    let mut words: Vec<&'static str> = parts.iter().flat_map(|p| p.split(' ')).collect();
    let mut c = Client::new(parts.join(" "));
    c.meta.id = i;
    c.gender = if male { Gender::Male } else { Gender::Female };
    let office_idx = weighted(
        rng,
        &OFFICES.iter().enumerate().map(|(k, o)| (k, o.1.max(if k == 1 { 15 } else { 0 }))).collect::<Vec<_>>(),
    );
    let (office, _, regency, code, districts) = OFFICES[office_idx];
    let (district, villages) = districts[rng.usize(..districts.len())];
    c.office = office.to_string();
    c.officer = officer(office_idx, rng.usize(..6));
    c.register_no = format!("PAS.{}/{}/{:06}", office_idx + 1, 2018 + (i % 7), i);
    c.birth_place = regency.trim_start_matches("Kab. ").trim_start_matches("Kota ").to_string();
    let birth = d(rng.i32(1960..=2002), rng.u32(1..=12), rng.u32(1..=28));
    c.birth_date = Some(birth);
    let day = birth.day() + if male { 0 } else { 40 };
    let district_code = 10 + (districts.iter().position(|(n, _)| *n == district).unwrap_or(0) as u32);
    c.nik = Some(format!(
        "{code}{district_code:02}{day:02}{:02}{:02}{:04}",
        birth.month(),
        birth.year() % 100,
        (i % 9999) + 1
    ));
    c.address = Address {
        street: format!("{} No. {}", STREETS[rng.usize(..STREETS.len())], rng.u32(1..120)),
        village: villages[rng.usize(..villages.len())].to_string(),
        district: district.to_string(),
        regency: regency.to_string(),
        province: "Jawa Timur".into(),
    };
    c.phone = if rng.u8(..) < 230 { phone(rng) } else { String::new() };

    // Aliases: old spellings, kunya, nicknames.
    let old = old_spelling(&c.full_name);
    if old != c.full_name && rng.u8(..) < 160 {
        c.aliases.push(old);
    }
    if male && rng.u8(..) < 90 {
        let kunya = KUNYA[rng.usize(..KUNYA.len())];
        c.aliases.push(kunya.to_string());
        words.extend(kunya.split(' '));
    }
    if rng.u8(..) < 40
        && let Some(first) = c.full_name.split(' ').next().filter(|f| f.len() > 3 && f.chars().all(char::is_alphabetic))
    {
        c.aliases.push(format!("{NICKNAME} {first}"));
        words.push(NICKNAME);
    }

    // Supervision.
    let earliest = birth + Duration::days(365 * 20);
    let span = (today - d(2018, 1, 1)).num_days().max(60);
    let start = (d(2018, 1, 1) + Duration::days(rng.i64(0..span - 30))).max(earliest).min(today - Duration::days(30));
    c.supervision_start = Some(start);
    c.supervision_end = Some(start + Duration::days(rng.i64(365..365 * 5)));
    c.programme = weighted(
        rng,
        &[
            (SupervisionProgramme::PembebasanBersyarat, 60),
            (SupervisionProgramme::CutiBersyarat, 10),
            (SupervisionProgramme::CutiMenjelangBebas, 10),
            (SupervisionProgramme::BebasMurni, 20),
        ],
    );
    c.status = if c.supervision_end.is_some_and(|e| e < today) {
        weighted(
            rng,
            &[
                (ClientStatus::Completed, 85),
                (ClientStatus::Transferred, 10),
                (ClientStatus::Revoked, 4),
                (ClientStatus::Deceased, 1),
            ],
        )
    } else {
        weighted(rng, &[(ClientStatus::Active, 92), (ClientStatus::Transferred, 4), (ClientStatus::Revoked, 4)])
    };
    c.offence = OFFENCES[rng.usize(..OFFENCES.len())].to_string();
    c.sentence = format!("{} tahun {} bulan", rng.u32(2..9), rng.u32(0..12));
    c.consent =
        Consent { given: rng.u8(..) < 215, date: Some(start + Duration::days(rng.i64(0..30))).filter(|d| *d <= today) };

    // Assessments drift towards hijau.
    let n_assess = rng.usize(1..=5);
    let mut level = weighted(rng, &[(0u8, 45), (1, 40), (2, 15)]);
    let mut date = start + Duration::days(rng.i64(0..20));
    for k in 0..n_assess {
        if date > today {
            break;
        }
        let category = RiskCategory::ALL[level as usize];
        c.assessments.push(Assessment {
            id: crate::model::PartId::NEW,
            date,
            category,
            rri: Some([Rri::Tinggi, Rri::Sedang, Rri::Rendah][level as usize]),
            assessor: c.officer.clone(),
            reason: REASONS[if k == 0 { 0 } else { 1 + rng.usize(..REASONS.len() - 1) }].to_string(),
        });
        if level < 2 && rng.u8(..) < 150 {
            level += 1;
        } else if level > 0 && rng.u8(..) < 20 {
            level -= 1;
        }
        date += Duration::days(rng.i64(90..240));
    }

    // Phase by time under supervision.
    let months = (today - start).num_days() / 30;
    c.phase_history.push(PhaseChange { phase: GuidancePhase::Awal, date: start });
    if months > 6 {
        c.phase_history.push(PhaseChange { phase: GuidancePhase::Lanjutan, date: start + Duration::days(180) });
    }
    if months > 18 {
        c.phase_history.push(PhaseChange { phase: GuidancePhase::Akhir, date: start + Duration::days(540) });
    }
    c.phase = c.phase_history.last().map(|p| p.phase).unwrap_or(GuidancePhase::Awal);

    // Guidance sessions: for active clients they run up to recent weeks.
    let active = c.status == ClientStatus::Active;
    let n_sessions = if active { rng.usize(2..=8) } else { rng.usize(0..=8) };
    let mut date = if active {
        (today - Duration::days(rng.i64(45..60) * n_sessions as i64)).max(start + Duration::days(3))
    } else {
        start + Duration::days(rng.i64(3..30))
    };
    for _ in 0..n_sessions {
        if date > today {
            break;
        }
        let stream = if rng.bool() { GuidanceStream::Kepribadian } else { GuidanceStream::Kemandirian };
        let summaries =
            if stream == GuidanceStream::Kepribadian { SUMMARIES_KEPRIBADIAN } else { SUMMARIES_KEMANDIRIAN };
        c.sessions.push(GuidanceSession {
            id: crate::model::PartId::NEW,
            date,
            stream,
            mode: if rng.u8(..) < 200 { GuidanceMode::Perorangan } else { GuidanceMode::Kelompok },
            place: [SessionPlace::Office, SessionPlace::HomeVisit, SessionPlace::HomeVisit, SessionPlace::Phone]
                [rng.usize(..4)],
            officer: c.officer.clone(),
            summary: summaries[rng.usize(..summaries.len())].to_string(),
            next_step: NEXT_STEPS[rng.usize(..NEXT_STEPS.len())].to_string(),
            group: Vec::new(),
        });
        date += Duration::days(rng.i64(20..90));
    }

    // Reporting obligation: weekly in the first three months, monthly after;
    // the register holds every expected day up to yesterday (today's may
    // still come), mostly attended.
    c.reporting.frequency = if c.status != ClientStatus::Active {
        ReportingFrequency::None
    } else if (today - start).num_days() < 90 {
        ReportingFrequency::Weekly
    } else {
        ReportingFrequency::Monthly
    };
    // the register was kept from the start of supervision
    if c.reporting.frequency != ReportingFrequency::None {
        c.reporting.from = Some(start);
    }
    let yesterday = today - Duration::days(1);
    for date in crate::casework::reporting::expected_dates(&c, calendar, start, yesterday) {
        let status = weighted(
            rng,
            &[(ReportingStatus::Attended, 88), (ReportingStatus::Missed, 7), (ReportingStatus::Excused, 5)],
        );
        let note = match status {
            ReportingStatus::Missed => "Tidak datang tanpa kabar.",
            ReportingStatus::Excused => "Izin sakit.",
            _ => "",
        };
        c.reporting_register.push(ReportingEntry {
            id: crate::model::PartId::NEW,
            date,
            status,
            note: note.into(),
            recorded_by: c.officer.clone(),
        });
    }

    c.skills = (0..rng.usize(0..=2)).map(|_| SKILLS[rng.usize(..SKILLS.len())].to_string()).collect();
    c.skills.dedup();
    c.needs = (0..rng.usize(0..=3)).map(|_| Need::ALL[rng.usize(..Need::ALL.len())]).collect();
    c.needs.sort();
    c.needs.dedup();
    if rng.u8(..) < 40 {
        c.litmas.push(Litmas {
            id: crate::model::PartId::NEW,
            kind: LitmasKind::Integration,
            date: start - Duration::days(rng.i64(30..120)),
            authors: vec![c.officer.clone()],
            methods: "Wawancara, kunjungan rumah, studi dokumen".into(),
            sources: "Klien, keluarga, ketua RT, wali pemasyarakatan".into(),
            findings: "Keluarga siap menerima; lingkungan tidak menolak.".into(),
            recommendation: "Dapat diberikan pembebasan bersyarat dengan pembimbingan.".into(),
        });
    }
    if rng.u8(..) < 25 {
        c.notes = "Tidak dikunjungi sendirian; koordinasikan dengan Babinsa setempat.".into();
    }
    (c, words)
}

/// A stable, fictional officer name for an office and slot.
fn officer(office: usize, slot: usize) -> String {
    let mut rng = fastrand::Rng::with_seed(0x0ff1ce ^ ((office as u64) << 8) ^ slot as u64);
    person_name(&mut rng, slot % 3 != 2)
}

fn referrals(rng: &mut fastrand::Rng, c: &Client, today: NaiveDate) -> Vec<Referral> {
    let mut out = Vec::new();
    let Some(start) = c.supervision_start else { return out };
    let count = weighted(rng, &[(0usize, 45), (1, 35), (2, 15), (3, 5)]);
    for _ in 0..count {
        let skill = c.skills.first().map(String::as_str).unwrap_or("");
        let (stakeholder, service, kind) = match (skill, rng.usize(..6)) {
            ("barista", _) => (S_BARISTA, "pelatihan barista", ReferralKind::Service),
            ("budidaya lele", _) => (S_LELE, "budidaya lele", ReferralKind::Service),
            ("membuat kue", _) => (S_ZELDA, "pelatihan membuat kue", ReferralKind::Service),
            ("desain grafis", _) => (S_CASA, "pelatihan desain grafis", ReferralKind::Service),
            (_, 0) => (S_LAZISMU, "modal usaha", ReferralKind::Service),
            (_, 1) => (S_BAZNAS, "modal usaha", ReferralKind::Service),
            (_, 2) => (S_GRIYA, "penempatan Griya Abhipraya", ReferralKind::Placement),
            (_, 3) => (S_KADIN, "pendampingan usaha", ReferralKind::Service),
            (_, 4) => (S_DISPERINDAG_KAB, "pelatihan usaha", ReferralKind::Service),
            _ => (S_LPPM_UM, "pelatihan kewirausahaan", ReferralKind::Service),
        };
        if out.iter().any(|r: &Referral| r.stakeholder.0 == stakeholder) {
            continue;
        }
        let mut day = start + Duration::days(rng.i64(14..200));
        if day > today {
            continue;
        }
        let mut r = Referral::new(c.id(), StakeholderId(stakeholder), service, day);
        r.kind = kind;
        let path = weighted(rng, &[(0u8, 20), (1, 15), (2, 30), (3, 25), (4, 6), (5, 4)]);
        let steps: &[ReferralStatus] = match path {
            1 => &[ReferralStatus::Accepted],
            2 => &[ReferralStatus::Accepted, ReferralStatus::Active],
            3 => &[ReferralStatus::Accepted, ReferralStatus::Active, ReferralStatus::Completed],
            4 => &[ReferralStatus::Declined],
            5 => &[ReferralStatus::Withdrawn],
            _ => &[],
        };
        for st in steps {
            let next = day + Duration::days(rng.i64(7..90));
            if next > today {
                break;
            }
            day = next;
            // The steps above follow the allowed flow, so this cannot fail.
            let _ = r.move_to(*st, day, "");
        }
        if r.status == ReferralStatus::Completed {
            r.outcome = "Klien menyelesaikan program dan mulai bekerja.".into();
        }
        // a client who did not consent is shared only on a legal basis
        if !c.consent.given && !r.status.is_final() {
            r.legal_basis = Some("Syarat khusus pembebasan bersyarat: mengikuti program reintegrasi".into());
        }
        out.push(r);
    }
    out
}

/// What `load_demo` wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DemoSummary {
    /// Stakeholders created.
    pub stakeholders: usize,
    /// Events created.
    pub events: usize,
    /// Clients created.
    pub clients: usize,
    /// Referrals created.
    pub referrals: usize,
}

/// Clients staged per batch when loading demo data: large enough to
/// amortise a batch, small enough to keep memory flat at 100k clients.
const DEMO_CHUNK: usize = 1000;

/// Loads the demo data set into an empty database, all or nothing: the
/// records are staged in chunks (bounded memory) and made visible by one
/// commit (see [`crate::store::staged`]), so a load cut short (a kill, a
/// full disk) leaves the database empty.
pub fn load(store: &Store, actor: &Actor, opts: &DemoOptions) -> Result<DemoSummary, StoreError> {
    load_with(store, actor, opts, |_| {})
}

/// [`load`], telling `on_step` each step of the staged write (progress).
pub fn load_with(
    store: &Store,
    actor: &Actor,
    opts: &DemoOptions,
    on_step: impl FnMut(crate::store::staged::StagedStep),
) -> Result<DemoSummary, StoreError> {
    // users may exist already (a server's accounts); the data kinds must be empty
    if RecordKind::ALL.iter().filter(|k| **k != RecordKind::User).any(|k| store.count(*k) > 0) {
        return Err(StoreError::NotEmpty { path: store.path().to_path_buf() });
    }
    let mut summary = DemoSummary::default();
    // Links in the generated data assume ids 1, 2, … in order, which is what
    // an empty database assigns; should that ever differ, stop rather than
    // write links to the wrong records.
    let expect_id = |want: u64, got: u64| {
        if want == got { Ok(()) } else { Err(StoreError::NotEmpty { path: store.path().to_path_buf() }) }
    };
    let mut w = store.staged(actor)?;
    w.on_step(on_step);
    w.batch(|b| {
        for s in stakeholders() {
            let want = s.meta.id;
            let got = b.create(s)?.meta.id;
            expect_id(want, got)?;
            summary.stakeholders += 1;
        }
        Ok(())
    })?;
    let mut stream = clients(opts).peekable();
    while stream.peek().is_some() {
        w.batch(|b| {
            for (client, referrals) in stream.by_ref().take(DEMO_CHUNK) {
                let want = client.meta.id;
                let got = b.create(client)?.meta.id;
                expect_id(want, got)?;
                summary.clients += 1;
                for r in referrals {
                    b.create(r)?;
                    summary.referrals += 1;
                }
            }
            Ok(())
        })?;
    }
    w.batch(|b| {
        for e in events(opts) {
            b.create(e)?;
            summary.events += 1;
        }
        Ok(())
    })?;
    w.commit()?;
    Ok(summary)
}

/// How a labelled query is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QueryForm {
    /// A word of a name as the lists spell it ("Joko").
    Modern,
    /// A word of a name in the old spelling ("Djoko").
    Old,
    /// A word of a name of five letters or more with one typo ("Prasetoy").
    Typo,
    /// A whole name ("Joko Santoso").
    FullName,
    /// A whole name in the old spelling ("Djoko Santoso").
    OldFullName,
    /// An alias from a list: a kunya ("Abu Umar") or a nickname ("Cak Joko").
    Alias,
}

impl QueryForm {
    /// Every form, in the order queries are drawn.
    pub const ALL: [QueryForm; 6] = [
        QueryForm::Modern,
        QueryForm::Old,
        QueryForm::Typo,
        QueryForm::FullName,
        QueryForm::OldFullName,
        QueryForm::Alias,
    ];

    /// A short name, for reports.
    pub fn code(self) -> &'static str {
        match self {
            QueryForm::Modern => "modern",
            QueryForm::Old => "old spelling",
            QueryForm::Typo => "typo",
            QueryForm::FullName => "full name",
            QueryForm::OldFullName => "old full name",
            QueryForm::Alias => "alias",
        }
    }
}

/// A search with the demo clients it should find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledQuery {
    /// The text typed.
    pub query: String,
    /// How it is written.
    pub form: QueryForm,
    /// The ids of the clients it should find: those whose names (or
    /// aliases) the generator made of every name the query's words spell,
    /// in whichever spelling.
    pub relevant: std::collections::BTreeSet<u64>,
}

/// The name each word of the lists is: itself, or the word it is the old
/// spelling of ("Djamal" is "Jamal").
fn canonical_names() -> std::collections::HashMap<&'static str, &'static str> {
    let words: Vec<&'static str> =
        MALE.iter().chain(FEMALE).chain(FAMILY).chain(KUNYA).flat_map(|w| w.split(' ')).chain([NICKNAME]).collect();
    words
        .iter()
        .map(|&w| {
            let modern = words.iter().copied().find(|m| *m != w && old_spelling(m).eq_ignore_ascii_case(w));
            (w, modern.unwrap_or(w))
        })
        .collect()
}

/// `word` with one typo after its first letter (a letter wrong, missing,
/// extra, or two swapped), where most misspellings are, and one that
/// folding does not undo: it stays one edit from `word` once both are
/// folded, the first letter kept. `None` when no draw gave one.
fn typo(rng: &mut fastrand::Rng, word: &str) -> Option<String> {
    use crate::model::fold::fold;
    let chars: Vec<char> = word.chars().collect();
    let folded: Vec<char> = fold(word).chars().collect();
    if chars.len() < 2 {
        return None;
    }
    for _ in 0..20 {
        let at = rng.usize(1..chars.len());
        let letter = char::from(b'a' + rng.u8(..26));
        let mut t = chars.clone();
        match rng.u8(..4) {
            0 => t[at] = letter,
            1 => {
                t.remove(at);
            }
            2 => t.insert(at, letter),
            _ if at + 1 < t.len() => t.swap(at, at + 1),
            _ => continue,
        }
        let t: String = t.into_iter().collect();
        let typed: Vec<char> = fold(&t).chars().collect();
        if typed.first() == folded.first() && edits(&folded, &typed) == 1 {
            return Some(t);
        }
    }
    None
}

/// Edits (a letter changed, removed, added, or two side by side swapped)
/// from `a` to `b`.
fn edits(a: &[char], b: &[char]) -> usize {
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// `n` searches drawn from the clients of `opts`, each with the clients it
/// should find, to measure search by (precision and recall): a word of a
/// client's name as the lists spell it, in the old spelling, with a typo;
/// the whole name in either spelling; an alias from a list. The forms take
/// turns, each drawn from a client that has a word for it.
/// What a query should find is known from generation, not from search:
/// every client given every name the query's words spell.
pub fn labelled_queries(opts: &DemoOptions, n: usize) -> Vec<LabelledQuery> {
    use std::collections::{BTreeSet, HashMap};
    let names = canonical_names();
    let canonical = |w: &'static str| names.get(w).copied().unwrap_or(w);
    let modern = |w: &str| names.get(w).is_none_or(|m| *m == w);
    let mut named: Vec<(Client, Vec<&'static str>)> = Vec::with_capacity(opts.clients);
    let mut by_name: HashMap<&'static str, BTreeSet<u64>> = HashMap::new();
    let mut stream = clients(opts);
    while let Some((c, _, words)) = stream.next_named() {
        for w in &words {
            by_name.entry(canonical(w)).or_default().insert(c.meta.id);
        }
        named.push((c, words));
    }
    let mut rng = fastrand::Rng::with_seed(opts.seed ^ 0x5EA2_C4ED);
    let mut out = Vec::with_capacity(n);
    if named.is_empty() {
        return out;
    }
    for k in 0..n {
        // a client that has a word for the form whose turn it is, else a modern name
        let form = QueryForm::ALL[k % QueryForm::ALL.len()];
        let mut drawn = None;
        for _ in 0..100 {
            let (c, words) = &named[rng.usize(..named.len())];
            drawn = draw(&mut rng, form, c, words, &modern).map(|(q, names)| (form, q, names));
            if drawn.is_some() {
                break;
            }
        }
        let Some((form, query, names)) = drawn.or_else(|| {
            let (c, words) = &named[rng.usize(..named.len())];
            draw(&mut rng, QueryForm::Modern, c, words, &modern).map(|(q, names)| (QueryForm::Modern, q, names))
        }) else {
            continue;
        };
        let mut relevant: Option<BTreeSet<u64>> = None;
        for name in names {
            let with = by_name.get(canonical(name)).cloned().unwrap_or_default();
            relevant = Some(match relevant {
                None => with,
                Some(r) => r.intersection(&with).copied().collect(),
            });
        }
        out.push(LabelledQuery { query, form, relevant: relevant.unwrap_or_default() });
    }
    out
}

/// A query of `form` for a client given `words`, with the names it
/// spells; `None` when the client has no word for the form. `modern`
/// tells a list word in the modern spelling from one in the old (which
/// has no older one).
fn draw(
    rng: &mut fastrand::Rng,
    form: QueryForm,
    c: &Client,
    words: &[&'static str],
    modern: &dyn Fn(&str) -> bool,
) -> Option<(String, Vec<&'static str>)> {
    let old = |w: &str| if modern(w) { old_spelling(w) } else { w.to_string() };
    // the words of the name itself, not a title ("Hj.")
    let own: Vec<&'static str> = words
        .iter()
        .copied()
        .filter(|w| w.chars().all(char::is_alphabetic) && c.full_name.split(' ').any(|x| x == *w))
        .collect();
    let pick = |rng: &mut fastrand::Rng, from: &[&'static str]| from.get(rng.usize(..from.len().max(1))).copied();
    let whole = |name: &str| name.split(' ').filter_map(|w| find(words, w)).collect::<Vec<_>>();
    match form {
        QueryForm::Modern => pick(rng, &own).map(|w| (w.to_string(), vec![w])),
        QueryForm::Old => {
            let changed: Vec<&'static str> = own.iter().copied().filter(|w| old(w) != *w).collect();
            pick(rng, &changed).map(|w| (old(w), vec![w]))
        }
        QueryForm::Typo => {
            let long: Vec<&'static str> = own.iter().copied().filter(|w| w.chars().count() >= 5).collect();
            pick(rng, &long).and_then(|w| typo(rng, w).map(|t| (t, vec![w])))
        }
        QueryForm::FullName => Some((c.full_name.clone(), whole(&c.full_name))),
        QueryForm::OldFullName => {
            let spelt: Vec<String> = c.full_name.split(' ').map(old).collect();
            Some((spelt.join(" "), whole(&c.full_name)))
        }
        QueryForm::Alias => {
            let listed = c.aliases.iter().find(|a| KUNYA.contains(&a.as_str()) || a.starts_with(NICKNAME))?;
            Some((listed.clone(), whole(listed)))
        }
    }
}

/// The word of `words` written `w`.
fn find(words: &[&'static str], w: &str) -> Option<&'static str> {
    words.iter().copied().find(|x| *x == w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(n: usize) -> DemoOptions {
        DemoOptions { clients: n, seed: 1, today: d(2026, 11, 28) }
    }

    #[test]
    fn deterministic() {
        let a: Vec<_> = clients(&opts(300)).collect();
        let b: Vec<_> = clients(&opts(300)).collect();
        assert_eq!(a, b);
        assert_eq!(events(&opts(300)), events(&opts(300)));
        let c: Vec<_> = clients(&DemoOptions { seed: 2, ..opts(300) }).collect();
        assert_ne!(a, c);
        // a client does not depend on how many are generated
        let small: Vec<_> = clients(&opts(10)).map(|(c, _)| c).collect();
        assert_eq!(small, a.iter().take(10).map(|(c, _)| c.clone()).collect::<Vec<_>>());
    }

    #[test]
    fn everything_validates_and_links_resolve() {
        let o = opts(2000);
        let today = o.today;
        let stakeholders = stakeholders();
        for (i, s) in stakeholders.iter().enumerate() {
            assert_eq!(s.meta.id, i as u64 + 1);
            assert_eq!(s.validate(today), vec![], "{}", s.name);
        }
        let mut next_referral = 1;
        for (i, (c, refs)) in clients(&o).enumerate() {
            assert_eq!(c.meta.id, i as u64 + 1);
            assert_eq!(c.validate(today), vec![], "{c:#?}");
            for r in refs {
                assert_eq!(r.meta.id, next_referral);
                next_referral += 1;
                assert_eq!(r.client, c.id());
                assert!(r.stakeholder.0 >= 1 && r.stakeholder.0 <= stakeholders.len() as u64);
                assert_eq!(r.validate(today), vec![]);
            }
        }
        for e in events(&o) {
            assert_eq!(e.validate(today), vec![], "{}", e.title);
            for r in e.references() {
                match r.kind {
                    RecordKind::Client => assert!(r.id >= 1 && r.id <= 2000),
                    RecordKind::Stakeholder => assert!(r.id >= 1 && r.id <= stakeholders.len() as u64),
                    other => panic!("unexpected link to {other:?}"),
                }
            }
        }
        assert!(events(&o).iter().any(|e| e.start.date() > today), "some events are upcoming");
        assert!(events(&opts(0)).iter().all(|e| e.client_participants().next().is_none()));
    }

    #[test]
    fn the_article_is_there() {
        let s = stakeholders();
        assert!(s.iter().any(|x| x.short_name == "LAZISMU Jatim" && x.services.len() == 6));
        let e = events(&opts(5));
        let w = e.iter().find(|e| e.kind == EventKind::Workshop).unwrap();
        assert_eq!(w.participant_count, Some(35));
        assert_eq!(w.location, "Amartha Hills, Kota Batu");
        assert_eq!(w.end, Some(When::Date(d(2023, 10, 4))));
    }

    #[test]
    fn plausible_spread() {
        let all: Vec<_> = clients(&opts(2000)).collect();
        for r in RiskCategory::ALL {
            assert!(all.iter().any(|(c, _)| c.risk() == Some(*r)), "some {r}");
        }
        let women: Vec<_> = all.iter().filter(|(c, _)| c.gender == Gender::Female).collect();
        assert!(!women.is_empty());
        for (c, _) in women {
            let nik = c.nik.as_deref().unwrap();
            assert!(nik[6..8].parse::<u32>().unwrap() > 40, "women's NIK day + 40");
        }
        assert!(
            all.iter().any(|(c, _)| c.aliases.iter().any(|a| a.contains("oe") || a.contains("Dj") || a.contains("dj"))),
            "old spellings among aliases"
        );
        assert!(all.iter().any(|(_, r)| r.iter().any(|r| r.kind == ReferralKind::Placement)));
        assert!(all.iter().any(|(_, r)| r.iter().any(|r| r.status == ReferralStatus::Active)));
        assert!(all.iter().filter(|(c, _)| c.office == "Bapas Malang").count() > 600);
    }

    #[test]
    fn load_writes_everything_and_check_passes() {
        let (_dir, store) = crate::store::temp_store();
        let actor = Actor::new("demo", Role::Admin);
        let o = DemoOptions { today: store.clock().today(), ..opts(1500) };
        let sum = load(&store, &actor, &o).unwrap();
        assert_eq!(sum.clients, 1500);
        assert_eq!(sum.stakeholders, ORGS.len());
        assert_eq!(store.count(RecordKind::Client), 1500);
        assert_eq!(store.count(RecordKind::Referral), sum.referrals as u64);
        assert!(store.check().unwrap().is_clean());
        let again = load(&store, &actor, &o).unwrap_err();
        assert!(matches!(again, StoreError::NotEmpty { .. }), "{again}");
    }

    /// "Same seed, same data": loaded on two days years apart with the same
    /// `today`, every record is the same but for the clock's timestamps.
    #[test]
    fn the_same_seed_and_today_give_the_same_records_on_any_day() {
        use crate::clock::Clock;
        let o = opts(120);
        let records = |clock: Clock| {
            let (_dir, store) = crate::store::temp_store_at(clock);
            load(&store, &Actor::new("demo", Role::Admin), &o).unwrap();
            let plain = |m: &mut crate::model::Meta| {
                m.created_at = Default::default();
                m.updated_at = Default::default();
            };
            let clients: Vec<Client> = store
                .scan::<Client>()
                .map(|c| c.unwrap())
                .map(|mut c| {
                    plain(&mut c.meta);
                    c
                })
                .collect();
            let events: Vec<Event> = store
                .scan::<Event>()
                .map(|e| e.unwrap())
                .map(|mut e| {
                    plain(&mut e.meta);
                    e
                })
                .collect();
            let refs: Vec<Referral> = store
                .scan::<Referral>()
                .map(|r| r.unwrap())
                .map(|mut r| {
                    plain(&mut r.meta);
                    r
                })
                .collect();
            (clients, events, refs)
        };
        let on_the_day = records(Clock::at(2026, 11, 28, 9, 0, 7));
        let years_later = records(Clock::at(2031, 3, 1, 16, 45, 9));
        assert_eq!(on_the_day.0.len(), 120);
        assert!(on_the_day == years_later, "the same records");
    }

    #[test]
    fn labelled_queries_know_whom_they_should_find() {
        let o = opts(600);
        let queries = labelled_queries(&o, 120);
        assert_eq!(queries, labelled_queries(&o, 120), "the same seed, the same queries");
        for form in QueryForm::ALL {
            assert!(queries.iter().filter(|q| q.form == form).count() >= 10, "{form:?}");
        }
        let all: Vec<Client> = clients(&o).map(|(c, _)| c).collect();
        let words = |c: &Client| -> Vec<String> {
            std::iter::once(&c.full_name).chain(&c.aliases).flat_map(|n| n.split(' ')).map(str::to_string).collect()
        };
        for q in &queries {
            assert!(!q.relevant.is_empty(), "drawn from a client: {q:?}");
            match q.form {
                // a name's word: every client with it (in either spelling), no other
                QueryForm::Modern => {
                    let holding: std::collections::BTreeSet<u64> = all
                        .iter()
                        .filter(|c| words(c).iter().any(|w| *w == q.query || *w == old_spelling(&q.query)))
                        .map(|c| c.meta.id)
                        .collect();
                    assert_eq!(q.relevant, holding, "{}", q.query);
                }
                QueryForm::Old => {
                    let meant =
                        |id: &u64| all[*id as usize - 1].full_name.split(' ').any(|w| old_spelling(w) == q.query);
                    assert!(q.relevant.iter().any(meant), "{}", q.query);
                }
                QueryForm::Typo => assert!(all.iter().all(|c| words(c).iter().all(|w| *w != q.query)), "{}", q.query),
                QueryForm::OldFullName => {
                    let n = q.query.split(' ').count();
                    assert!(q.relevant.iter().any(|id| all[*id as usize - 1].full_name.split(' ').count() == n));
                }
                QueryForm::FullName | QueryForm::Alias => {
                    assert!(all.iter().any(|c| c.full_name == q.query || c.aliases.contains(&q.query)), "{}", q.query)
                }
            }
        }
        assert_eq!(edits(&['a', 'b', 'c'], &['a', 'c', 'b']), 1);
        assert_eq!(edits(&['a', 'b'], &['b']), 1);
        assert_eq!(edits(&['a', 'b'], &['c', 'd', 'e']), 3);
    }

    #[test]
    fn old_spellings() {
        assert_eq!(old_spelling("Joko Susilo"), "Djoko Soesilo");
        assert_eq!(old_spelling("Yusuf Cahyono"), "Joesoef Tjahjono");
        assert_eq!(old_spelling("Khoirul Nyoto Syarifah"), "Choiroel Njoto Sjarifah");
    }
}
