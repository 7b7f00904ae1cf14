//! Writes a synthetic workshop for measurements: `cargo run --release --example generate
//! -- 10000 big.ron` (the generator is the benchmark's, in `benches/support/`).

#[path = "../benches/support/generate.rs"]
mod generate;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .expect("usage: generate N FILE [SEED]");
    let path = args.next().expect("usage: generate N FILE [SEED]");
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let ws = generate::workspace(n, seed);
    std::fs::write(&path, moments::persist::to_ron(&ws)).expect("written");
    eprintln!("{path}: {n} moments");
}
