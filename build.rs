//! The default theme is compiled into the binary (include_dir), which stable Rust does not
//! track: rebuild whenever a theme file changes.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
