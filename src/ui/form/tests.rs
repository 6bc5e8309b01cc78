//! Tests of the form engine.
