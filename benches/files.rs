//! Workspace files at 100, 1,000 and 10,000 moments: load and save against bare `ron` on
//! the same bytes, and the checks. Throughput is in bytes of RON text, so the ratios
//! between `moments` and `bare ron` can be read off directly.
//!
//! `cargo bench --bench files -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use moments::model::{Workspace, check};
use moments::persist::file::read_checked;
use moments::persist::{Access, WorkspaceFile, to_ron};
use ron::extensions::Extensions;

const SIZES: [usize; 3] = [100, 1_000, 10_000];

fn bare_options() -> ron::Options {
    // The files leave `Some(…)` out, as DESIGN.md's example does; bare ron needs the same
    // extension to read them at all.
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

fn bare_pretty() -> ron::ser::PrettyConfig {
    // The same layout `moments` writes, so both sides produce the same text.
    ron::ser::PrettyConfig::new()
        .depth_limit(3)
        .struct_names(true)
        .new_line("\n")
        .indentor("    ")
        .escape_strings(false)
}

fn load(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("load");
    for n in SIZES {
        let ws = moments::generate::workspace(n, 1);
        let text = to_ron(&ws);
        let path = dir.path().join(format!("w{n}.ron"));
        std::fs::write(&path, &text).unwrap();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("moments", n), &path, |b, path| {
            b.iter(|| read_checked(black_box(path)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("bare ron", n), &text, |b, text| {
            b.iter(|| {
                bare_options()
                    .from_str::<Workspace>(black_box(text))
                    .unwrap()
            })
        });
    }
    group.finish();
}

fn save(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("save");
    for n in SIZES {
        let ws = moments::generate::workspace(n, 1);
        let path = dir.path().join(format!("w{n}.ron"));
        let file = WorkspaceFile::create(&path, &ws).unwrap();
        drop(file);
        let (mut file, _) = WorkspaceFile::open(&path, Access::ReadWrite).unwrap();
        group.throughput(Throughput::Bytes(to_ron(&ws).len() as u64));
        group.bench_with_input(BenchmarkId::new("moments", n), &ws, |b, ws| {
            b.iter(|| file.save(black_box(ws)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("bare ron", n), &ws, |b, ws| {
            b.iter(|| ron::ser::to_string_pretty(black_box(ws), bare_pretty()).unwrap())
        });
        // The text alone, to tell serialising from writing and syncing.
        group.bench_with_input(BenchmarkId::new("to_ron only", n), &ws, |b, ws| {
            b.iter(|| to_ron(black_box(ws)))
        });
    }
    group.finish();
}

fn checks(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    for n in SIZES {
        let ws = moments::generate::workspace(n, 1);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &ws, |b, ws| {
            b.iter(|| check(black_box(ws)))
        });
    }
    group.finish();
}

criterion_group!(benches, load, save, checks);
criterion_main!(benches);
