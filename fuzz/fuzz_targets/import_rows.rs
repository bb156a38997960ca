#![no_main]
//! `cargo +nightly fuzz run import_rows`: see fuzz/bodies.rs.

#[path = "../bodies.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::import_rows(data));
