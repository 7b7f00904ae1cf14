//! Issue 11's file targets as ratios to bare `ron`, timed in pairs: each round runs the
//! yardstick and `moments` back to back on the same text, so a busy machine slows both
//! alike, and the median of the per-round ratios is what is reported. Criterion's groups
//! (`benches/files.rs`) run minutes apart and drift with the load of other processes.
//! `cargo run --release --example file_ratios -- FILE [ROUNDS]`

use std::hint::black_box;
use std::time::{Duration, Instant};

use moments::model::Workspace;
use ron::extensions::Extensions;

fn bare_parse(text: &str) -> Workspace {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .from_str(text)
        .expect("the file parses")
}

fn time<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    black_box(f());
    start.elapsed()
}

fn report(name: &str, pairs: &mut [(Duration, Duration)]) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut ratios: Vec<f64> = pairs.iter().map(|(a, b)| ms(*a) / ms(*b)).collect();
    ratios.sort_by(f64::total_cmp);
    pairs.sort_by_key(|(a, _)| *a);
    let ours = ms(pairs[pairs.len() / 2].0);
    pairs.sort_by_key(|(_, b)| *b);
    let bare = ms(pairs[pairs.len() / 2].1);
    let q = |f: f64| ratios[((ratios.len() - 1) as f64 * f).round() as usize];
    println!(
        "{name}: {ours:.1} ms against {bare:.1} ms (medians); ratio {:.2} (quartiles {:.2}–{:.2})",
        q(0.5),
        q(0.25),
        q(0.75)
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: file_ratios FILE [ROUNDS]");
    let rounds: usize = args.next().map_or(30, |n| n.parse().expect("ROUNDS"));
    let path = std::path::Path::new(&path);
    let text = std::fs::read_to_string(path).expect("the file can be read");
    let ws = moments::persist::from_ron(&text).expect("the file loads");
    let pretty = ron::ser::PrettyConfig::new()
        .depth_limit(3)
        .struct_names(true)
        .new_line("\n")
        .indentor("    ")
        .escape_strings(false);
    let (mut parse, mut load, mut open, mut save) = (vec![], vec![], vec![], vec![]);
    for _ in 0..rounds {
        // `from_ron`: the version probe, migration and ids on top of the parse.
        let bare = time(|| bare_parse(&text));
        parse.push((time(|| moments::persist::from_ron(&text)), bare));
        // What a file adds to launch and to `moments check` before the findings: read,
        // UTF-8, parse, integrity, stamp; against reading and parsing alone.
        let bare = time(|| bare_parse(&std::fs::read_to_string(path).unwrap()));
        load.push((time(|| moments::persist::file::read_checked(path)), bare));
        // The same plus the index the first frame is drawn from.
        let bare = time(|| bare_parse(&std::fs::read_to_string(path).unwrap()));
        open.push((
            time(|| {
                let (ws, _) = moments::persist::file::read_checked(path).unwrap();
                moments::doc::Doc::new(ws)
            }),
            bare,
        ));
        let bare = time(|| ron::Options::default().to_string_pretty(&ws, pretty.clone()));
        save.push((time(|| moments::persist::to_ron(&ws)), bare));
    }
    println!(
        "{} ({} moments, {} bytes), {rounds} rounds",
        path.display(),
        ws.moments.len(),
        text.len()
    );
    report("from_ron / bare ron parse", &mut parse);
    report("read_checked / read + bare ron parse", &mut load);
    report("read_checked + index / read + bare ron parse", &mut open);
    report("to_ron / ron pretty serializer", &mut save);
}
