//! A bounded loopback load test for `moments serve`: starts the server on a copy of the
//! demo, connects N participants (join code) and one facilitator (key), has the
//! facilitator add moments, and reports how long each edit takes to reach every client,
//! the bytes each client receives per edit, the server's memory per session and its CPU
//! while everyone is idle.
//!
//! cargo build --release && cargo run --release --example `ssh_load` -- --clients 100
//!
//! Loopback only; at most 500 clients, 100 edits and a 120 s deadline.

use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use russh::keys::{Algorithm, PrivateKey, PrivateKeyWithHashAlg};
use russh::{ChannelMsg, client};
use tokio::sync::mpsc;

#[derive(Parser)]
struct Args {
    /// Participants to connect (at most 500).
    #[arg(long, default_value_t = 100)]
    clients: usize,
    /// Edits the facilitator makes (at most 100).
    #[arg(long, default_value_t = 20)]
    edits: usize,
    /// Seconds everyone sits idle while the server's CPU is measured.
    #[arg(long, default_value_t = 5)]
    idle: u64,
    /// The moments binary.
    #[arg(long, default_value = "target/release/moments")]
    moments: String,
}

const CODE: &str = "LOADT-EST47";
/// Every client's terminal: the size the design promises to work in.
const COLS: u16 = 80;
const ROWS: u16 = 24;
const DEADLINE: Duration = Duration::from_secs(120);

struct Trust;

impl client::Handler for Trust {
    type Error = russh::Error;
    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// What a reader saw: client index, the marker found, when.
type Seen = (usize, usize, Instant);

fn proc_field(pid: u32, file: &str) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/{file}")).unwrap_or_default()
}

fn rss_kb(pid: u32) -> u64 {
    proc_field(pid, "status")
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// utime + stime, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = proc_field(pid, "stat");
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    f.get(11).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0)
        + f.get(12).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0)
}

async fn connect(
    port: u16,
    user: &str,
    key: Option<Arc<PrivateKey>>,
) -> Result<(client::Handle<Trust>, russh::Channel<client::Msg>), String> {
    let config = Arc::new(client::Config::default());
    let mut handle = client::connect(config, ("127.0.0.1", port), Trust)
        .await
        .map_err(|e| e.to_string())?;
    let ok = match key {
        Some(key) => handle
            .authenticate_publickey(user, PrivateKeyWithHashAlg::new(key, None))
            .await
            .map_err(|e| e.to_string())?
            .success(),
        None => handle
            .authenticate_password(user, CODE)
            .await
            .map_err(|e| e.to_string())?
            .success(),
    };
    if !ok {
        return Err(format!("{user} was refused"));
    }
    let channel = handle
        .channel_open_session()
        .await
        .map_err(|e| e.to_string())?;
    channel
        .request_pty(
            false,
            "xterm-256color",
            u32::from(COLS),
            u32::from(ROWS),
            0,
            0,
            &[],
        )
        .await
        .map_err(|e| e.to_string())?;
    channel
        .request_shell(false)
        .await
        .map_err(|e| e.to_string())?;
    Ok((handle, channel))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args = Args::parse();
    let clients = args.clients.min(500);
    let edits = args.edits.clamp(1, 100);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("load.ron");
    std::fs::write(&file, moments::templates::DEMO).unwrap();
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
    std::fs::write(
        dir.path().join("facilitators"),
        key.public_key().to_openssh().unwrap(),
    )
    .unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = std::process::Command::new(&args.moments)
        .arg("serve")
        .arg(&file)
        .args(["--listen", &format!("127.0.0.1:{port}"), "--headless"])
        .args(["--max-connections", &(clients + 1).to_string()])
        .args(["--join-code", CODE, "--facilitator-keys"])
        .arg(dir.path().join("facilitators"))
        .env("MOMENTS_DATA_DIR", dir.path().join("data"))
        .env("MOMENTS_CONFIG_DIR", dir.path().join("config"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the moments binary runs (cargo build --release first)");
    let pid = server.id();
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let rss_before = rss_kb(pid);

    let (seen_tx, mut seen_rx) = mpsc::unbounded_channel::<Seen>();
    let bytes: Arc<Vec<std::sync::atomic::AtomicU64>> =
        Arc::new((0..clients).map(|_| Default::default()).collect());
    let t0 = Instant::now();
    let mut joined = 0;
    let mut handles = Vec::new();
    for i in 0..clients {
        let mut channel = match connect(port, &format!("p{i}"), None).await {
            Ok((handle, c)) => {
                handles.push(handle);
                c
            }
            Err(e) => {
                eprintln!("client {i}: {e}");
                continue;
            }
        };
        joined += 1;
        let seen = seen_tx.clone();
        let bytes = Arc::clone(&bytes);
        tokio::spawn(async move {
            // Each client's screen, as its terminal would show it: frames are diffs, so
            // a title is found on the screen, not in the bytes.
            let mut screen = vt100::Parser::new(
                std::num::NonZeroU16::new(ROWS).unwrap(),
                std::num::NonZeroU16::new(COLS).unwrap(),
                0,
            );
            let mut next = 0usize;
            while let Some(msg) = channel.wait().await {
                if let ChannelMsg::Data { data } = msg {
                    bytes[i].fetch_add(data.len() as u64, std::sync::atomic::Ordering::Relaxed);
                    screen.process(&data);
                    let text = screen.screen().contents();
                    while text.contains(&format!("Zq{next}x")) {
                        let _ = seen.send((i, next, Instant::now()));
                        next += 1;
                    }
                }
            }
        });
    }
    let connect_time = t0.elapsed();
    // Past the last "joined" status message: its expiry is a change on screen, drawn once.
    tokio::time::sleep(moments::ui::session::STATUS_TIME + Duration::from_millis(500)).await;
    let rss_joined = rss_kb(pid);

    // Idle: nobody types; nothing should be drawn.
    let ticks = cpu_ticks(pid);
    let counts = || -> Vec<u64> {
        bytes
            .iter()
            .map(|b| b.load(std::sync::atomic::Ordering::Relaxed))
            .collect()
    };
    let before_idle = counts();
    tokio::time::sleep(Duration::from_secs(args.idle)).await;
    let idle_cpu = (cpu_ticks(pid) - ticks) as f64 / 100.0 / args.idle as f64 * 100.0;
    let after_idle = counts();
    let idle_sent: u64 = after_idle.iter().sum::<u64>() - before_idle.iter().sum::<u64>();
    let idle_receivers = after_idle
        .iter()
        .zip(&before_idle)
        .filter(|(a, b)| a > b)
        .count();

    let (_editor_handle, editor) = connect(port, "facilitator", Some(Arc::new(key)))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before_edits: u64 = bytes
        .iter()
        .map(|b| b.load(std::sync::atomic::Ordering::Relaxed))
        .sum();
    let mut latencies = Vec::new();
    for n in 0..edits {
        if t0.elapsed() > DEADLINE {
            eprintln!("deadline reached after {n} edits");
            break;
        }
        editor.data(&b"n"[..]).await.unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
        editor.data(format!("Zq{n}x").as_bytes()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
        let sent = Instant::now();
        editor.data(&b"\r"[..]).await.unwrap();
        let mut got = 0;
        let wait_until = sent + Duration::from_secs(5);
        while got < joined {
            match tokio::time::timeout_at(wait_until.into(), seen_rx.recv()).await {
                Ok(Some((_, marker, at))) if marker == n => {
                    latencies.push(at.saturating_duration_since(sent));
                    got += 1;
                }
                Ok(Some(_)) => {}
                _ => {
                    eprintln!("edit {n}: only {got} of {joined} clients saw it");
                    break;
                }
            }
        }
    }
    let edit_bytes: u64 = bytes
        .iter()
        .map(|b| b.load(std::sync::atomic::Ordering::Relaxed))
        .sum::<u64>()
        - before_edits;
    latencies.sort();
    println!("clients joined          {joined} in {connect_time:.2?}");
    println!(
        "server memory           {} KiB idle, {} KiB with {joined} sessions: {:.0} KiB per session",
        rss_before,
        rss_joined,
        (rss_joined.saturating_sub(rss_before)) as f64 / joined.max(1) as f64
    );
    println!(
        "idle for {}s            server CPU {idle_cpu:.1}%, {idle_sent} bytes sent to {idle_receivers} clients",
        args.idle
    );
    println!(
        "edit reaches a client   p50 {:.1?}  p99 {:.1?}  max {:.1?}  ({} samples)",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or_default(),
        latencies.len()
    );
    println!(
        "bytes per client per edit {:.0}",
        edit_bytes as f64 / (joined.max(1) * edits) as f64
    );
    drop(handles);
    let _ = server.kill();
    let _ = server.wait();
}
