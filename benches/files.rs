//! Workspace files at 100, 1,000 and 10,000 moments against bare `ron` on the same bytes:
//! issue 11 states the file targets as ratios to a bare `ron` parse, so each group puts
//! `moments` beside that yardstick. Throughput is in bytes of RON text.
//!
//! `cargo bench --bench files -- --warm-up-time 1 --measurement-time 3`
//!
//! - `load/bare ron`: `ron::Options::from_str::<Workspace>`, nothing else: the yardstick.
//! - `load/from_ron`: what loading adds in memory: the version probe, migration when the
//!   file is older, ids for handoffs and actions without one.
//! - `load/read_checked`: the whole load: read, UTF-8, `from_ron`, integrity, stamp.
//! - `save/...`: the text alone (`to_ron`), `ron`'s pretty serializer with the same
//!   settings, and the whole save (backup link, temporary file, `fsync`, rename).
//! - `check`: the linter on a loaded workspace.
//!
//! The groups run minutes apart; on a shared machine read the ratios from
//! `examples/file_ratios.rs`, which times both sides in pairs.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use moments::model::{Workspace, check};
use moments::persist::file::read_checked;
use moments::persist::{Access, WorkspaceFile, from_ron, to_ron};
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
        group.bench_with_input(BenchmarkId::new("bare ron", n), &text, |b, text| {
            b.iter(|| {
                bare_options()
                    .from_str::<Workspace>(black_box(text))
                    .unwrap()
            });
        });
        group.bench_with_input(BenchmarkId::new("from_ron", n), &text, |b, text| {
            b.iter(|| from_ron(black_box(text)).unwrap());
        });
        group.bench_with_input(BenchmarkId::new("read_checked", n), &path, |b, path| {
            b.iter(|| read_checked(black_box(path)).unwrap());
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
        group.bench_with_input(BenchmarkId::new("bare ron", n), &ws, |b, ws| {
            b.iter(|| ron::ser::to_string_pretty(black_box(ws), bare_pretty()).unwrap());
        });
        group.bench_with_input(BenchmarkId::new("to_ron", n), &ws, |b, ws| {
            b.iter(|| to_ron(black_box(ws)));
        });
        // The text and the disk: writing and syncing dominate at small sizes.
        group.bench_with_input(BenchmarkId::new("WorkspaceFile::save", n), &ws, |b, ws| {
            b.iter(|| file.save(black_box(ws)).unwrap());
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
            b.iter(|| check(black_box(ws)));
        });
    }
    group.finish();
}

criterion_group!(benches, load, save, checks);
criterion_main!(benches);
