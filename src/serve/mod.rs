//! `moments serve FILE`: a remote workshop over SSH. Each connection gets its own session
//! and terminal; one task ([`hub`]) owns the document. Nobody gets a shell, a command,
//! a file transfer or a forwarded port: only the workshop, in the rights of their role.
//! Built on `runtime` (opening, effects, frames, the terminal); must not depend on `cli`.
//!
//! ```text
//!  accept ──► connection ──► handler ══ events ══► hub (document, sessions) ══ frames ══► handler
//!  (limits,   (who it is,    (russh; a writer       ▲   effects::apply, frame::draw
//!  deadline)  attempts)      and a reader task)     └── local (the serving terminal, unless --headless)
//! ```

mod accept;
pub mod auth;
pub mod connection;
mod handler;
pub mod hub;
pub mod input;
mod local;
pub mod screen;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize};
use std::time::Duration;

use russh::{MethodKind, MethodSet};
use tokio::sync::mpsc;

use crate::runtime::exit;
use accept::accept_loop;
use auth::{KeyFile, Role};
use connection::Shared;
use hub::{Hub, Msg};
use local::local_ui;

/// `moments serve` arguments.
#[derive(Clone, Debug, clap::Args)]
pub struct Args {
    /// The workspace to serve (created from the starter template if missing).
    pub file: PathBuf,
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:2222")]
    pub listen: SocketAddr,
    /// Participants' public keys (OpenSSH `authorized_keys` format).
    #[arg(long, value_name = "FILE")]
    pub authorized_keys: Option<PathBuf>,
    /// Facilitators' public keys (OpenSSH `authorized_keys` format).
    #[arg(long, value_name = "FILE")]
    pub facilitator_keys: Option<PathBuf>,
    /// Join code typed as the SSH password: `auto` (a random one), `off`, or your own.
    #[arg(long, value_name = "auto|off|CODE", default_value = "auto")]
    pub join_code: String,
    /// The role the join code admits people in.
    #[arg(long, value_name = "ROLE", default_value = "participant", value_parser = parse_join_role)]
    pub join_role: Role,
    /// Serve without a local UI (the facilitator connects with a facilitator key).
    #[arg(long)]
    pub headless: bool,
    /// Dots per voter offered when the facilitator starts a vote round (V); default: the
    /// config file's `vote_budget`, else a quarter of the cards, rounded up.
    #[arg(long, value_name = "N")]
    pub votes: Option<u32>,
    /// Most connections at once.
    #[arg(long, value_name = "N", default_value_t = MAX_CONNECTIONS)]
    pub max_connections: usize,
    /// Most connections at once from one address (loopback is not limited).
    #[arg(long, value_name = "N", default_value_t = MAX_PER_ADDRESS)]
    pub max_per_address: usize,
    /// Connections that have not logged in yet, OpenSSH-style START:RATE:FULL: from START
    /// on, newcomers are dropped at random (RATE % growing to 100 % at FULL); at FULL the
    /// oldest idle one makes room instead.
    #[arg(long, value_name = "START:RATE:FULL", default_value = MAX_STARTUPS)]
    pub max_startups: connection::Startups,
    /// Milliseconds a connection has to authenticate (for tests; 30 s by default).
    #[arg(long, value_name = "MS", hide = true, default_value_t = HANDSHAKE.as_millis() as u64)]
    pub handshake_ms: u64,
    /// Milliseconds a client may go without taking its screen before it is dropped (for
    /// tests; 10 s by default).
    #[arg(long, value_name = "MS", hide = true, default_value_t = hub::SLOW_CLIENT.as_millis() as u64)]
    pub slow_client_ms: u64,
}

fn parse_join_role(s: &str) -> Result<Role, String> {
    match s {
        "participant" => Ok(Role::Participant),
        "observer" => Ok(Role::Observer),
        _ => Err("expected participant or observer".into()),
    }
}

/// Most connections at once, and from one address.
pub const MAX_CONNECTIONS: usize = 64;
pub const MAX_PER_ADDRESS: usize = 16;
/// Failed authentication attempts per connection: a wrong join code, or a key that signed
/// but is not listed. Asking whether a key would do (what ssh does with each key it has)
/// is not an attempt, so a listed key gets in after the client's other keys.
pub const MAX_AUTH_ATTEMPTS: usize = 3;
/// Keys a connection may ask about before it is turned away.
pub const MAX_KEY_OFFERS: usize = 10;
/// A connection with no input for this long is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60 * 60);

/// Where log lines go while the local terminal shows the workshop (stderr otherwise).
static LOG_FILE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Writes one log line: to stderr, or to `serve.log` in the data folder while the local
/// terminal is the facilitator's screen.
pub fn log(line: &str) {
    match LOG_FILE.get() {
        Some(path) => {
            use std::io::Write;
            if let Ok(mut f) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
            {
                let _ = writeln!(f, "moments: {line}");
            }
        }
        None => eprintln!("moments: {line}"),
    }
}

/// Replaces the panic hook: a task that fails is logged in one line (see [`log`]), and
/// nothing is written to the terminal the workshop is drawn on.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into());
        let place = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        let thread = std::thread::current();
        let line = format!(
            "a task failed in {}{place}: {what}",
            thread.name().unwrap_or("a thread")
        );
        log(&crate::model::text::sanitize(&line, false));
    }));
}

/// Runs the server until SIGTERM, SIGINT or SIGHUP.
pub fn run(args: &Args) -> ExitCode {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("moments: cannot start: {e}");
            return ExitCode::from(exit::UNREADABLE);
        }
    };
    match rt.block_on(serve(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The message may quote the file: nothing in it may act on the terminal.
            eprintln!("moments: {}", crate::model::text::sanitize(&e, true));
            ExitCode::from(exit::UNREADABLE)
        }
    }
}

async fn serve(args: &Args) -> Result<(), String> {
    let opened = crate::runtime::open(&crate::runtime::Request {
        target: crate::runtime::Target::File(args.file.clone()),
        ..Default::default()
    })?;
    if let Some(why) = &opened.read_only_reason {
        return Err(format!("{}: {why}", args.file.display()));
    }
    let (config, problems) = crate::config::load(&crate::config::path());
    let (keymap, more) = crate::config::keymap(&config);
    for p in problems.iter().chain(&more) {
        eprintln!("moments: {}", crate::model::text::sanitize(p, true));
    }
    let key_file = |p: &Option<PathBuf>| -> Result<Option<KeyFile>, String> {
        match p {
            None => Ok(None),
            Some(p) => {
                let f = KeyFile(p.clone());
                f.check()?;
                Ok(Some(f))
            }
        }
    };
    let facilitators = key_file(&args.facilitator_keys)?;
    let participants = key_file(&args.authorized_keys)?;
    let join_code = match args.join_code.as_str() {
        "off" => None,
        "auto" => Some(auth::new_join_code()),
        code if code.chars().filter(|c| c.is_alphanumeric()).count() >= 8 => Some(code.to_owned()),
        _ => return Err("a join code needs at least 8 letters or digits".into()),
    };
    if facilitators.is_none() && args.headless {
        eprintln!("moments: no --facilitator-keys: nobody can connect as facilitator");
    }
    let key_path = auth::host_key_path();
    let host_key = auth::host_key(&key_path)?;
    let fingerprint = auth::fingerprint(host_key.public_key());

    let mut methods = vec![MethodKind::PublicKey];
    if join_code.is_some() {
        methods.push(MethodKind::Password);
        methods.push(MethodKind::KeyboardInteractive);
    }
    let config_ssh = russh::server::Config {
        server_id: russh::SshId::Standard("SSH-2.0-moments".into()),
        methods: MethodSet::from(&methods[..]),
        auth_rejection_time: Duration::from_millis(300),
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![host_key],
        // We count failed attempts ourselves (see `Connection::fail`); russh counts every
        // refusal, "none" and each key asked about included, so its cap is only a backstop.
        max_auth_attempts: 1 + MAX_KEY_OFFERS + MAX_AUTH_ATTEMPTS,
        inactivity_timeout: Some(IDLE_TIMEOUT),
        keepalive_interval: Some(Duration::from_secs(30)),
        keepalive_max: 3,
        nodelay: true,
        ..Default::default()
    };

    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let port_part = if local.port() == 22 {
        String::new()
    } else {
        format!(" -p {}", local.port())
    };
    println!("moments: serving {} on {local}", args.file.display());
    println!("moments: host key {fingerprint}");
    match &join_code {
        Some(code) => println!(
            "moments: join code {code} (as {}): ssh{port_part} NAME@{}",
            args.join_role.name(),
            local.ip()
        ),
        None => println!("moments: join code off: keys only"),
    }
    use std::io::Write;
    let _ = std::io::stdout().flush();

    let (tx, rx) = mpsc::channel(1024);
    let file_label = args.file.file_name().map_or_else(
        || args.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let banner = match &join_code {
        Some(code) => format!("join: ssh{port_part} {} code {code}", local.ip()),
        None => format!("join: ssh{port_part} {}", local.ip()),
    };
    let hub = Hub {
        doc: crate::doc::Doc::new(opened.workspace),
        file: opened.file,
        file_label,
        keymap,
        theme: crate::ui::Theme::from_env(None),
        vote_budget: args.votes.or(config.vote_budget),
        config,
        banner,
        slow_client: Duration::from_millis(args.slow_client_ms),
    };
    let hub_task = tokio::spawn(hub.run(rx));
    // Without --headless the local terminal is the facilitator's own screen.
    let (local_done_tx, local_done) = tokio::sync::oneshot::channel::<()>();
    let guard = if args.headless {
        drop(local_done_tx);
        None
    } else {
        let log_path = crate::paths::data_dir().join("serve.log");
        let _ = LOG_FILE.set(log_path.clone());
        let notice = format!(
            "Serving on {local}; host key {fingerprint}; log in {}",
            log_path.display()
        );
        Some(local_ui(tx.clone(), notice, local_done_tx).await?)
    };

    // From here on a failing task is one line in the log, never text over the local
    // facilitator's screen (the terminal guard's own hook would restore the terminal).
    quiet_panics();
    let shared = Arc::new(Shared {
        hub: tx.clone(),
        methods: MethodSet::from(&methods[..]),
        facilitators,
        participants,
        join_code,
        join_role: args.join_role,
        next_id: AtomicU64::new(1),
        connections: AtomicUsize::new(0),
        max_connections: args.max_connections,
        max_per_address: args.max_per_address,
        per_address: Default::default(),
        slow_client: Duration::from_millis(args.slow_client_ms),
        waiting: Default::default(),
        startups: args.max_startups,
        code_gate: connection::CodeGate::default(),
    });
    let config_ssh = Arc::new(config_ssh);
    let handshake = Duration::from_millis(args.handshake_ms);
    let running = accept_loop(listener, config_ssh, shared, handshake);
    let stop = async {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).map_err(|e| e.to_string())?;
        let mut int = signal(SignalKind::interrupt()).map_err(|e| e.to_string())?;
        let mut hup = signal(SignalKind::hangup()).map_err(|e| e.to_string())?;
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
            _ = hup.recv() => {}
        }
        Ok::<(), String>(())
    };
    let local_quit = async {
        // Only a local facilitator who quits ends the server this way.
        if local_done.await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        r = running => r.map_err(|e| e.to_string())?,
        r = stop => r?,
        () = local_quit => {}
    }
    // Save first, then go.
    let _ = tx.send(Msg::Stop).await;
    let saved = hub_task
        .await
        .unwrap_or_else(|e| Err(format!("the workshop task failed: {e}")));
    drop(guard);
    saved?;
    log("stopped; the workshop is saved");
    Ok(())
}

/// How long a client has to identify itself and authenticate.
pub const HANDSHAKE: Duration = Duration::from_secs(30);
/// How long a client has to finish key exchange and ask to log in at all.
pub const ASK_DEADLINE: Duration = Duration::from_secs(5);
/// Connections waiting to log in (see `connection::Startups`): random early drop from 8,
/// 30 % there, growing to 100 % at 16.
pub const MAX_STARTUPS: &str = "8:30:16";
