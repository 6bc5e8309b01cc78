//! Search: a small query language ([`query`]), text folding for names as
//! people write them ([`normalize`]), and matching over an in-memory index.

pub mod normalize;
pub mod query;

pub use query::{Qualifier, QualifierName, Query, QueryError, QueryErrorKind, Term, TermKind, parse};
