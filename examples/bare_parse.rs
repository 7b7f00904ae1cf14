//! The yardstick for memory and speed: only reads a file and parses it into the same
//! serde types, with no checks, no stamp and no error reporting.
//! `target/release/examples/bare_parse big.ron`

fn main() {
    let path = std::env::args().nth(1).expect("usage: bare_parse FILE");
    let text = std::fs::read_to_string(&path).expect("the file can be read");
    let ws: moments::model::Workspace = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(&text)
        .expect("the file parses");
    println!("{} moments", ws.moments.len());
}
