#![no_main]
//! `cargo +nightly fuzz run picture`: see fuzz/bodies.rs.

#[path = "../bodies.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::picture(data));
