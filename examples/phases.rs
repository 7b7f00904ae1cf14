//! Times the phases of opening a workspace: read, parse (and `ron` alone on the same
//! text, for comparison), integrity check, the whole `read_checked`, index, analysis.
//! `cargo run --release --example phases -- FILE`

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: phases FILE");
    let path = std::path::Path::new(&path);
    let t0 = Instant::now();
    let bytes = std::fs::read(path).expect("readable");
    let t1 = Instant::now();
    let text = moments::persist::format::decode(&bytes).expect("text");
    let ws = moments::persist::from_ron(text).expect("parses");
    let t2 = Instant::now();
    moments::persist::file::integrity(&ws).expect("sound");
    let t3 = Instant::now();
    let (ws2, _stamp) = moments::persist::file::read_checked(path).expect("loads");
    let t4 = Instant::now();
    let doc = moments::doc::Doc::new(ws2);
    let t5 = Instant::now();
    let _ = doc.analysis();
    let t6 = Instant::now();
    // The same text through `ron` alone, the yardstick for the parse.
    let by_ron: moments::model::Workspace = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .expect("parses");
    let t7 = Instant::now();
    assert_eq!(by_ron.moments.len(), ws.moments.len());
    drop(ws);
    let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
    println!(
        "read {:.1} ms, decode+parse {:.1} ms (ron alone: {:.1} ms), integrity {:.1} ms, read_checked total {:.1} ms, index {:.1} ms, analysis {:.1} ms",
        ms(t0, t1),
        ms(t1, t2),
        ms(t6, t7),
        ms(t2, t3),
        ms(t3, t4),
        ms(t4, t5),
        ms(t5, t6)
    );
}
