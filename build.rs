//! Rebuilds when the bundled challenges or the runner change (both are embedded), and
//! fingerprints the challenge library so the binary knows its unpacked copy without
//! hashing megabytes at every start.

use std::path::Path;

fn fnv(hash: &mut u64, bytes: &[u8]) {
    for byte in bytes {
        *hash ^= u64::from(*byte);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

fn walk(root: &Path, dir: &Path, hash: &mut u64) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name == "__pycache__" || name.ends_with(".pyc") {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, hash);
        } else if let Ok(contents) = std::fs::read(&path) {
            fnv(
                hash,
                path.strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .as_bytes(),
            );
            fnv(hash, &[0]);
            fnv(hash, &contents);
            fnv(hash, &[0]);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=challenges");
    println!("cargo:rerun-if-changed=sandbox");
    let root = Path::new("challenges");
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    walk(root, root, &mut hash);
    println!("cargo:rustc-env=PYJUDGE_LIBRARY_HASH={hash:016x}");
}
