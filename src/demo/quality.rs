//! How well search finds what it should: precision (how many of the
//! clients found were meant) and recall (how many of the clients meant
//! were found) over the demo's labelled queries
//! ([`crate::demo::labelled_queries`]). Counted over all queries together:
//! every client found, meant and found-and-meant adds one.
//!
//! `cargo run --release --example search_quality` prints the figures of
//! both matchers ([`Matching`]).

use crate::demo::{DemoOptions, LabelledQuery, QueryForm};
use crate::model::RecordKind;
use crate::search::index::SearchIndex;
use crate::search::matcher::Matching;

/// What a set of queries found, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Quality {
    /// Queries run.
    pub queries: usize,
    /// Clients found, over all queries.
    pub found: usize,
    /// Clients meant, over all queries.
    pub meant: usize,
    /// Clients found that were meant, over all queries.
    pub right: usize,
}

impl Quality {
    /// The share of the clients found that were meant (1 when none were found).
    pub fn precision(&self) -> f64 {
        if self.found == 0 { 1.0 } else { self.right as f64 / self.found as f64 }
    }

    /// The share of the clients meant that were found (1 when none were meant).
    pub fn recall(&self) -> f64 {
        if self.meant == 0 { 1.0 } else { self.right as f64 / self.meant as f64 }
    }

    fn add(&mut self, other: Quality) {
        self.queries += other.queries;
        self.found += other.found;
        self.meant += other.meant;
        self.right += other.right;
    }
}

/// Runs each query over the clients of `index`, all of them and by form.
pub fn measure(index: &SearchIndex, queries: &[LabelledQuery]) -> (Quality, Vec<(QueryForm, Quality)>) {
    let mut all = Quality::default();
    let mut by_form: Vec<(QueryForm, Quality)> = QueryForm::ALL.iter().map(|f| (*f, Quality::default())).collect();
    for lq in queries {
        let found: Vec<u64> = match crate::search::parse(&lq.query) {
            Ok(q) => index.search(RecordKind::Client, &q, None).into_iter().map(|h| h.record.id).collect(),
            Err(_) => Vec::new(),
        };
        let one = Quality {
            queries: 1,
            found: found.len(),
            meant: lq.relevant.len(),
            right: found.iter().filter(|id| lq.relevant.contains(id)).count(),
        };
        all.add(one);
        if let Some((_, q)) = by_form.iter_mut().find(|(f, _)| *f == lq.form) {
            q.add(one);
        }
    }
    (all, by_form)
}

/// The search index of the demo clients of `opts`, matching as `matching`.
pub fn demo_index(opts: &DemoOptions, matching: Matching) -> SearchIndex {
    let mut index = SearchIndex::new(opts.today);
    index.set_matching(matching);
    for (c, r) in crate::demo::clients(opts) {
        index.upsert_client(&c, &r);
    }
    index.warm();
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> DemoOptions {
        DemoOptions { clients: 3000, seed: 1, today: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default() }
    }

    /// The floors word matching keeps and the fuzzy matcher (kept for
    /// comparison) does not: letters scattered over a name find clients
    /// nobody meant.
    #[test]
    fn word_matching_finds_what_is_meant() {
        let o = opts();
        let queries = crate::demo::labelled_queries(&o, 300);
        assert_eq!(queries.len(), 300);
        let (words, by_form) = measure(&demo_index(&o, Matching::Words), &queries);
        let (fuzzy, _) = measure(&demo_index(&o, Matching::Fuzzy), &queries);
        eprintln!(
            "words: precision {:.3} recall {:.3}; fuzzy: precision {:.3} recall {:.3}",
            words.precision(),
            words.recall(),
            fuzzy.precision(),
            fuzzy.recall()
        );
        for (form, q) in &by_form {
            eprintln!("  {:<14} precision {:.3} recall {:.3}", form.code(), q.precision(), q.recall());
        }
        assert!(words.precision() >= PRECISION_FLOOR, "{words:?}");
        assert!(words.recall() >= RECALL_FLOOR, "{words:?}");
        assert!(fuzzy.precision() < PRECISION_FLOOR || fuzzy.recall() < RECALL_FLOOR, "{fuzzy:?}");
    }

    const PRECISION_FLOOR: f64 = 0.95;
    const RECALL_FLOOR: f64 = 0.95;
}
