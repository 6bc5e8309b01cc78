//! Search: a small query language ([`query`]), text folding for names as
//! people write them ([`normalize`]), and matching over an in-memory index.

pub mod index;
pub mod kept;
pub mod matcher;
/// Name folding lives with the model, below the store, which folds too.
pub use crate::model::fold as normalize;
pub mod query;
mod words;

pub use index::SearchIndex;
pub use matcher::{GlobalHits, Hit, Matching};
pub use query::{Qualifier, QualifierName, Query, QueryError, QueryErrorKind, Term, TermKind, parse};
