//! Resident memory held by a loaded workspace: RSS after `read_checked` minus before,
//! with the file text dropped, per 1,000 moments. Linux only (reads /proc/self/statm).
//! `target/release/examples/resident big.ron`

fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("Linux /proc");
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: resident FILE");
    let before = resident_bytes();
    let (ws, _stamp) = moments::persist::file::read_checked(std::path::Path::new(&path))
        .unwrap_or_else(|e| panic!("{e}"));
    let after = resident_bytes();
    let n = ws.moments.len().max(1);
    let delta = after.saturating_sub(before);
    println!(
        "{} moments: {:.2} MB resident for the loaded workspace, {:.2} MB per 1,000 moments",
        ws.moments.len(),
        delta as f64 / 1e6,
        delta as f64 / 1e6 / (n as f64 / 1000.0)
    );
    std::hint::black_box(&ws);
}
