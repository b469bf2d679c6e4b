//! Rebuilds when the bundled challenges or the runner change: both are embedded.
fn main() {
    println!("cargo:rerun-if-changed=challenges");
    println!("cargo:rerun-if-changed=sandbox");
}
