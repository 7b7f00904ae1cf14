//! Writes a generated workspace: `cargo run --release --example gen -- 10000 big.ron [SEED]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: gen MOMENTS OUT.ron [SEED]");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("MOMENTS is a number");
    let seed: u64 = args
        .next()
        .map_or(1, |s| s.parse().expect("SEED is a number"));
    let ws = moments::generate::workspace(n, seed);
    let text = moments::persist::to_ron(&ws);
    std::fs::write(&out, &text).expect("the output file can be written");
    eprintln!("{out}: {n} moments, {} bytes", text.len());
}
