//! Criterion benchmark of [`readout::parse`]: each fixture on its own, and ~1 MB and ~8 MB
//! concatenations of all of them (equal MiB/s for both: cost stays linear in the input).
//!
//! Throughput is reported in bytes, so criterion prints MB/s (well, MiB/s).
//! Run: `cargo bench --bench parse -- --measurement-time 5`.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use readout::{Options, parse};

/// Sizes the concatenations grow to, in MiB.
const BIG_INPUT_MIB: [usize; 2] = [1, 8];

/// Every `fixtures/*.txt`, sorted by name, as (file stem, text).
fn fixtures() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut found: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("fixtures/ folder")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            if path.extension()? != "txt" {
                return None;
            }
            let stem = path.file_stem()?.to_string_lossy().into_owned();
            Some((stem, std::fs::read_to_string(&path).ok()?))
        })
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no fixtures/*.txt to benchmark");
    found
}

/// The fixtures one after another, blank line between, repeated up to `bytes`.
fn concatenation(fixtures: &[(String, String)], bytes: usize) -> String {
    let mut big = String::with_capacity(bytes + 64 * 1024);
    while big.len() < bytes {
        for (_, text) in fixtures {
            big.push_str(text);
            big.push_str("\n\n");
        }
    }
    big
}

fn bench_parse(c: &mut Criterion) {
    let fixtures = fixtures();
    // One rule set for every run, as the binary does: compiling it is not part of parsing.
    let options = Options::default();

    let mut group = c.benchmark_group("fixture");
    for (name, text) in &fixtures {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| parse(black_box(text), &options))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("concatenation");
    group.sample_size(10);
    for mib in BIG_INPUT_MIB {
        let big = concatenation(&fixtures, mib << 20);
        group.throughput(Throughput::Bytes(big.len() as u64));
        group.bench_function(format!("{mib}MB"), |b| {
            b.iter(|| parse(black_box(&big), &options))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
