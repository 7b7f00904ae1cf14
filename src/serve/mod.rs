//! `moments serve FILE`: a remote workshop over SSH. Each connection gets its own session
//! and terminal; one task ([`hub`]) owns the document. Nobody gets a shell, a command,
//! a file transfer or a forwarded port: only the workshop, in the rights of their role.

pub mod auth;
pub mod hub;
pub mod input;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use russh::keys::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Msg as SshMsg, Response, Session};
use russh::{Channel, ChannelId, MethodKind, MethodSet, Pty};
use tokio::sync::mpsc;

use crate::cli::exit;
use auth::{KeyFile, Role};
use hub::{Hub, Msg, Outbox};

/// `moments serve` arguments.
#[derive(Clone, Debug, clap::Args)]
pub struct Args {
    /// The workspace to serve (created from the starter template if missing).
    pub file: PathBuf,
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:2222")]
    pub listen: SocketAddr,
    /// Participants' public keys (OpenSSH authorized_keys format).
    #[arg(long, value_name = "FILE")]
    pub authorized_keys: Option<PathBuf>,
    /// Facilitators' public keys (OpenSSH authorized_keys format).
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
    /// config file's vote_budget, else a quarter of the cards, rounded up.
    #[arg(long, value_name = "N")]
    pub votes: Option<u32>,
    /// Most connections at once.
    #[arg(long, value_name = "N", default_value_t = MAX_CONNECTIONS)]
    pub max_connections: usize,
    /// Most connections at once from one address (loopback is not limited).
    #[arg(long, value_name = "N", default_value_t = MAX_PER_ADDRESS)]
    pub max_per_address: usize,
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
            eprintln!("moments: {e}");
            ExitCode::from(exit::UNREADABLE)
        }
    }
}

struct Shared {
    hub: mpsc::Sender<Msg>,
    /// The authentication methods offered, kept open after a failure under the limit.
    methods: MethodSet,
    facilitators: Option<KeyFile>,
    participants: Option<KeyFile>,
    join_code: Option<String>,
    join_role: Role,
    next_id: AtomicU64,
    connections: AtomicUsize,
    max_connections: usize,
    max_per_address: usize,
    per_address: std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, usize>>,
    /// A client that takes no screen for this long is dropped.
    slow_client: Duration,
}

async fn serve(args: &Args) -> Result<(), String> {
    let cli = crate::cli::Cli {
        file: Some(args.file.clone()),
        template: None,
        demo: false,
        read_only: false,
        present: false,
        theme: None,
        command: None,
    };
    let opened = crate::app::open(&cli)?;
    if let Some(why) = &opened.read_only_reason {
        return Err(format!("{}: {why}", args.file.display()));
    }
    let (config, problems) = crate::config::load(&crate::config::path());
    for p in problems {
        eprintln!("moments: {p}");
    }
    let (keymap, problems) = crate::config::keymap(&config);
    for p in problems {
        eprintln!("moments: {p}");
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

/// Id of the local facilitator in the hub.
const LOCAL: u64 = 0;

/// Puts the local terminal in the workshop as a facilitator: its keys go to the hub, its
/// frames to stdout. `done` fires when the local facilitator quits.
async fn local_ui(
    hub: mpsc::Sender<Msg>,
    notice: String,
    done: tokio::sync::oneshot::Sender<()>,
) -> Result<crate::app::terminal::Guard, String> {
    let guard = crate::app::terminal::Guard::enter().map_err(|e| e.to_string())?;
    let size = guard.terminal.size().map_err(|e| e.to_string())?;
    let outbox = Arc::new(Outbox::default());
    let out = Arc::clone(&outbox);
    tokio::spawn(async move {
        loop {
            if let Some(bytes) = out.take() {
                let written = tokio::task::spawn_blocking(move || {
                    use std::io::Write;
                    let mut stdout = std::io::stdout().lock();
                    stdout.write_all(&bytes).and_then(|()| stdout.flush())
                })
                .await;
                if !matches!(written, Ok(Ok(()))) {
                    break;
                }
                continue;
            }
            if out.closed.load(Ordering::Acquire) {
                break;
            }
            out.ready.notified().await;
        }
        let _ = done.send(());
    });
    let input = crate::app::terminal::spawn_reader();
    let to_hub = hub.clone();
    std::thread::Builder::new()
        .name("local-input".into())
        .spawn(move || {
            while let Ok(Ok(ev)) = input.recv() {
                let events = vec![ev];
                if to_hub
                    .blocking_send(Msg::Input { id: LOCAL, events })
                    .is_err()
                {
                    return;
                }
            }
            let _ = to_hub.blocking_send(Msg::Leave { id: LOCAL });
        })
        .map_err(|e| e.to_string())?;
    let name = std::env::var("USER")
        .ok()
        .map_or_else(|| "host".to_owned(), |u| display_name(&u));
    hub.send(Msg::Join {
        id: LOCAL,
        name,
        role: Role::Facilitator,
        size: (size.width, size.height),
        outbox,
        notice: Some(notice),
        mono: false,
    })
    .await
    .map_err(|e| e.to_string())?;
    Ok(guard)
}

/// How long a client has to identify itself and authenticate.
pub const HANDSHAKE: Duration = Duration::from_secs(30);

/// Accepts connections within the limits; each gets a handshake deadline.
async fn accept_loop(
    listener: tokio::net::TcpListener,
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
    handshake: Duration,
) -> std::io::Result<()> {
    loop {
        let (socket, peer) = listener.accept().await?;
        let conn = Connection::new(&shared, Some(peer));
        if conn.over_limit {
            log(&format!("refused {peer}: too many connections"));
            continue;
        }
        let state = Arc::clone(&conn.state);
        // A second handle on the socket, to hang up on a client whatever russh is doing.
        {
            use std::os::fd::AsFd;
            if let Ok(fd) = socket.as_fd().try_clone_to_owned() {
                let _ = state.socket.set(std::net::TcpStream::from(fd));
            }
        }
        let config = Arc::clone(&config);
        tokio::spawn(async move {
            let _ = socket.set_nodelay(true);
            let deadline = tokio::time::Instant::now() + handshake;
            let session = match tokio::time::timeout_at(
                deadline,
                russh::server::run_stream(config, socket, conn),
            )
            .await
            {
                Ok(Ok(session)) => session,
                _ => {
                    state.hang_up();
                    return;
                }
            };
            let handle = session.handle();
            tokio::pin!(session);
            tokio::select! {
                _ = &mut session => {
                    state.hang_up();
                    return;
                }
                () = tokio::time::sleep_until(deadline) => {}
            }
            if !state.authed.load(Ordering::Acquire) {
                let _ = tokio::time::timeout(
                    Duration::from_secs(1),
                    handle.disconnect(
                        russh::Disconnect::ByApplication,
                        "authentication took too long".into(),
                        String::new(),
                    ),
                )
                .await;
                if tokio::time::timeout(Duration::from_secs(1), &mut session)
                    .await
                    .is_err()
                {
                    state.hang_up();
                }
            }
            let _ = session.await;
            state.hang_up();
        });
    }
}

/// What a connection's task and its handler share.
#[derive(Default)]
struct ConnState {
    /// Set once authenticated; the handshake deadline checks it.
    authed: std::sync::atomic::AtomicBool,
    /// The socket, to hang up on a client that stopped reading (russh then waits on it
    /// forever) or that russh has let go of.
    socket: std::sync::OnceLock<std::net::TcpStream>,
}

impl ConnState {
    /// Ends the connection at the socket: both ways, at once.
    fn hang_up(&self) {
        if let Some(socket) = self.socket.get() {
            let _ = socket.shutdown(std::net::Shutdown::Both);
        }
    }
}

impl Connection {
    fn new(shared: &Arc<Shared>, peer: Option<SocketAddr>) -> Connection {
        let total = shared.connections.fetch_add(1, Ordering::AcqRel) + 1;
        let mut over = total > shared.max_connections;
        if let (Some(peer), Ok(mut map)) = (peer, shared.per_address.lock()) {
            let n = map.entry(peer.ip()).or_default();
            *n += 1;
            over |= *n > shared.max_per_address && !peer.ip().is_loopback();
        }
        Connection {
            shared: Arc::clone(shared),
            id: shared.next_id.fetch_add(1, Ordering::Relaxed),
            peer,
            over_limit: over,
            state: Arc::default(),
            failures: 0,
            offers: 0,
            user: String::new(),
            key: None,
            role: None,
            started: Instant::now(),
            channel: None,
            pty: None,
            joined: false,
            input: None,
            term: String::new(),
            no_color: false,
        }
    }
}

/// One SSH connection.
pub struct Connection {
    shared: Arc<Shared>,
    id: u64,
    peer: Option<SocketAddr>,
    over_limit: bool,
    state: Arc<ConnState>,
    /// Failed authentication attempts, and keys asked about.
    failures: usize,
    offers: usize,
    /// The client's TERM, and whether it sent NO_COLOR: its colours.
    term: String,
    no_color: bool,
    user: String,
    key: Option<String>,
    role: Option<Role>,
    started: Instant,
    channel: Option<ChannelId>,
    pty: Option<(u16, u16)>,
    joined: bool,
    input: Option<mpsc::Sender<Vec<u8>>>,
}

impl Connection {
    /// Whether this connection has used up its attempts (or key offers).
    fn turned_away(&self) -> bool {
        self.failures >= MAX_AUTH_ATTEMPTS || self.offers > MAX_KEY_OFFERS
    }

    /// A refusal. Under the limits every method stays open (russh would otherwise close
    /// the password method after one wrong code). The refusal that reaches a limit hangs
    /// up at once, an error making russh drop the connection: the client is not even
    /// asked for another try.
    fn refuse(&mut self) -> Result<Auth, russh::Error> {
        if self.turned_away() {
            log(&format!(
                "refused {}: too many failed attempts",
                self.peer.map_or_else(|| "?".into(), |p| p.to_string())
            ));
            return Err(russh::Error::Disconnect);
        }
        Ok(Auth::Reject {
            proceed_with_methods: Some(self.shared.methods.clone()),
            partial_success: false,
        })
    }

    /// A failed attempt: a wrong join code, or an unlisted key that signed.
    fn fail(&mut self) -> Result<Auth, russh::Error> {
        self.failures += 1;
        self.refuse()
    }

    fn key_role(&self, key: &PublicKey) -> Option<Role> {
        if self
            .shared
            .facilitators
            .as_ref()
            .is_some_and(|f| f.contains(key))
        {
            Some(Role::Facilitator)
        } else if self
            .shared
            .participants
            .as_ref()
            .is_some_and(|f| f.contains(key))
        {
            Some(Role::Participant)
        } else {
            None
        }
    }

    fn admit_code(&mut self, user: &str, typed: &str) -> Result<Auth, russh::Error> {
        if self.turned_away() {
            return self.refuse();
        }
        match &self.shared.join_code {
            Some(code) if auth::code_matches(typed, code) => {
                self.user = display_name(user);
                self.role = Some(self.shared.join_role);
                Ok(Auth::Accept)
            }
            _ => self.fail(),
        }
    }

    /// Starts the workshop on this connection's channel.
    async fn start(&mut self, channel: ChannelId, session: &mut Session) {
        let Some(size) = self.pty else {
            let _ = session.data(
                channel,
                &b"moments needs a terminal: connect with ssh -t\r\n"[..],
            );
            let _ = session.exit_status_request(channel, 1);
            let _ = session.close(channel);
            return;
        };
        let outbox = Arc::new(Outbox::default());
        // Writer: takes the newest frame and sends it; a full SSH window makes it wait,
        // and the hub drops a client that waits too long.
        let handle = session.handle();
        let out = Arc::clone(&outbox);
        let slow = self.shared.slow_client;
        let state = Arc::clone(&self.state);
        let name = self.user.clone();
        tokio::spawn(async move {
            loop {
                if let Some(bytes) = out.take() {
                    match tokio::time::timeout(slow, handle.data(channel, bytes)).await {
                        Ok(Ok(())) => continue,
                        Ok(Err(_)) => break,
                        Err(_) => {
                            // Not reading (the hub may have noticed first). Say why if the
                            // link still takes it, and hang up either way.
                            if !out.closed.load(Ordering::Acquire) {
                                log(&format!("dropped {name} (not reading its screen)"));
                            }
                            let _ = tokio::time::timeout(
                                Duration::from_secs(1),
                                handle.disconnect(
                                    russh::Disconnect::ByApplication,
                                    "too slow to keep up with the workshop".into(),
                                    String::new(),
                                ),
                            )
                            .await;
                            state.hang_up();
                            break;
                        }
                    }
                }
                if out.closed.load(Ordering::Acquire) {
                    let _ = handle.data(channel, hub::END.to_vec()).await;
                    let _ = handle.exit_status_request(channel, 0).await;
                    let _ = handle.close(channel).await;
                    break;
                }
                out.ready.notified().await;
            }
        });
        // Reader: parses bytes into events; a lone Esc waits a moment for the rest.
        let (itx, mut irx) = mpsc::channel::<Vec<u8>>(64);
        let hub = self.shared.hub.clone();
        let id = self.id;
        tokio::spawn(async move {
            // The parser's tables are large; an idle client does not keep them.
            let mut parser: Option<input::Parser> = None;
            let mut window = (Instant::now(), 0usize);
            let mut allow = move |events: &mut Vec<crate::input::Event>| {
                if window.0.elapsed() >= Duration::from_secs(1) {
                    window = (Instant::now(), 0);
                }
                let room = hub::MAX_EVENTS_PER_SECOND.saturating_sub(window.1);
                events.truncate(room);
                window.1 += events.len();
            };
            loop {
                let bytes = match parser.as_ref().map(input::Parser::pending) {
                    None => irx.recv().await,
                    Some(pending) => {
                        let wait = if pending {
                            input::ESC_TIMEOUT
                        } else {
                            input::PARSER_IDLE
                        };
                        match tokio::time::timeout(wait, irx.recv()).await {
                            Ok(b) => b,
                            Err(_) if pending => {
                                let mut events = parser
                                    .as_mut()
                                    .map(input::Parser::flush)
                                    .unwrap_or_default();
                                allow(&mut events);
                                if !events.is_empty()
                                    && hub.send(Msg::Input { id, events }).await.is_err()
                                {
                                    break;
                                }
                                continue;
                            }
                            Err(_) => {
                                parser = None;
                                continue;
                            }
                        }
                    }
                };
                let Some(bytes) = bytes else { break };
                let mut events = parser.get_or_insert_with(input::Parser::new).feed(&bytes);
                allow(&mut events);
                if !events.is_empty() && hub.send(Msg::Input { id, events }).await.is_err() {
                    break;
                }
            }
        });
        self.input = Some(itx);
        self.joined = true;
        let _ = self
            .shared
            .hub
            .send(Msg::Join {
                id: self.id,
                name: self.user.clone(),
                role: self.role.unwrap_or(Role::Observer),
                size,
                outbox,
                notice: None,
                mono: self.no_color || matches!(self.term.as_str(), "dumb" | "vt100" | "vt52" | ""),
            })
            .await;
    }
}

/// A name safe to show: the SSH user name without controls, at most 16 columns.
fn display_name(user: &str) -> String {
    let clean = crate::ui::text::sanitize(user, false);
    let clean = crate::ui::text::truncate(clean.trim(), 16);
    if clean.is_empty() {
        "guest".into()
    } else {
        clean
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.shared.connections.fetch_sub(1, Ordering::AcqRel);
        if let (Some(peer), Ok(mut map)) = (self.peer, self.shared.per_address.lock())
            && let Some(n) = map.get_mut(&peer.ip())
        {
            *n -= 1;
            if *n == 0 {
                map.remove(&peer.ip());
            }
        }
        if self.joined {
            let _ = self.shared.hub.try_send(Msg::Leave { id: self.id });
        }
        if let Some(role) = self.role {
            log(&format!(
                "session peer={} user={} key={} role={} duration={}s",
                self.peer.map_or_else(|| "?".into(), |p| p.to_string()),
                self.user,
                self.key.as_deref().unwrap_or("join-code"),
                role.name(),
                self.started.elapsed().as_secs()
            ));
        }
    }
}

impl russh::server::Handler for Connection {
    type Error = russh::Error;

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        if self.turned_away() {
            return self.refuse();
        }
        if self.key_role(offer.public_key).is_some() {
            return Ok(Auth::Accept);
        }
        self.offers += 1;
        self.refuse()
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: russh::server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        if self.turned_away() {
            return self.refuse();
        }
        match self.key_role(key.public_key) {
            Some(role) => {
                self.user = display_name(user);
                self.key = Some(auth::fingerprint(key.public_key));
                self.role = Some(role);
                Ok(Auth::Accept)
            }
            None => self.fail(),
        }
    }

    async fn auth_succeeded(&mut self, _session: &mut Session) -> Result<(), Self::Error> {
        self.state.authed.store(true, Ordering::Release);
        Ok(())
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        self.admit_code(user, password)
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        response: Option<Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        if self.shared.join_code.is_none() || self.turned_away() {
            return self.refuse();
        }
        match response {
            None => Ok(Auth::Partial {
                name: "moments".into(),
                instructions: "Type the join code the facilitator gave you.".into(),
                prompts: vec![("Join code: ".into(), false)].into(),
            }),
            Some(mut answers) => {
                let typed = answers
                    .next()
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default();
                self.admit_code(user, &typed)
            }
        }
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<SshMsg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // One workshop per connection: a second session channel is refused.
        if self.channel.is_none() && self.role.is_some() {
            self.channel = Some(channel.id());
            reply.accept().await;
        } else {
            reply
                .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
                .await;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) != self.channel || self.joined {
            session.channel_failure(channel)?;
            return Ok(());
        }
        self.pty = Some(hub::clamp_size(col_width, row_height));
        self.term = crate::ui::text::truncate(&crate::ui::text::sanitize(term, false), 64);
        session.channel_success(channel)?;
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) != self.channel || self.joined {
            session.channel_failure(channel)?;
            return Ok(());
        }
        session.channel_success(channel)?;
        self.start(channel, session).await;
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        session.extended_data(
            channel,
            1,
            &b"moments: commands are not available here; connect with plain ssh\r\n"[..],
        )?;
        session.exit_status_request(channel, 1)?;
        session.close(channel)?;
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        session.close(channel)?;
        Ok(())
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // Only what decides colours is taken; nothing else from the client's environment.
        match name {
            "NO_COLOR" => {
                self.no_color = !value.is_empty();
                session.channel_success(channel)?;
            }
            "COLORTERM" => session.channel_success(channel)?,
            _ => session.channel_failure(channel)?,
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) != self.channel {
            return Ok(());
        }
        let (w, h) = hub::clamp_size(col_width, row_height);
        if self.joined {
            let _ = self
                .shared
                .hub
                .send(Msg::Input {
                    id: self.id,
                    events: vec![crate::input::Event::Resize(w, h)],
                })
                .await;
        } else {
            self.pty = Some((w, h));
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel
            && let Some(input) = &self.input
        {
            // A client typing faster than the workshop can apply waits here (backpressure).
            let _ = input.send(data.to_vec()).await;
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel && self.joined {
            self.joined = false;
            let _ = self.shared.hub.send(Msg::Leave { id: self.id }).await;
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.channel_eof(channel, session).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(max_connections: usize, max_per_address: usize) -> Arc<Shared> {
        let (hub, _) = mpsc::channel(1);
        Arc::new(Shared {
            hub,
            methods: MethodSet::from(&[MethodKind::PublicKey][..]),
            facilitators: None,
            participants: None,
            join_code: None,
            join_role: Role::Participant,
            next_id: AtomicU64::new(1),
            connections: AtomicUsize::new(0),
            max_connections,
            max_per_address,
            per_address: Default::default(),
            slow_client: hub::SLOW_CLIENT,
        })
    }

    fn from(ip: &str) -> Option<SocketAddr> {
        Some(SocketAddr::new(ip.parse().unwrap(), 40000))
    }

    #[test]
    fn connections_are_limited_per_address_and_in_all() {
        let shared = shared(6, 2);
        let a1 = Connection::new(&shared, from("10.0.0.1"));
        let a2 = Connection::new(&shared, from("10.0.0.1"));
        let a3 = Connection::new(&shared, from("10.0.0.1"));
        let b1 = Connection::new(&shared, from("10.0.0.2"));
        assert!(!a1.over_limit && !a2.over_limit && !b1.over_limit);
        assert!(a3.over_limit, "a third from one address");
        // A refused connection gives its place back, as does one that ends.
        drop(a3);
        drop(a2);
        let a4 = Connection::new(&shared, from("10.0.0.1"));
        assert!(!a4.over_limit);
        // Loopback (a proxy on the host) is not limited per address, only in all.
        let local: Vec<Connection> = (0..3)
            .map(|_| Connection::new(&shared, from("127.0.0.1")))
            .collect();
        assert!(local.iter().all(|c| !c.over_limit));
        assert_eq!(shared.connections.load(Ordering::Acquire), 6);
        let over = Connection::new(&shared, from("10.0.0.3"));
        assert!(over.over_limit, "the seventh of six in all");
        drop((over, local, a1, a4, b1));
        assert_eq!(shared.connections.load(Ordering::Acquire), 0);
        assert!(shared.per_address.lock().unwrap().is_empty());
    }
}
