//! `moments serve` with the real OpenSSH client on loopback: who gets in, what is refused,
//! and two people shaping one board. Skipped (with the reason) where `ssh` is missing,
//! except under CI, where a missing client is a failure.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;

mod pty;
use pty::Pty;

const WAIT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(20);
const CODE: &str = "HXKM7-QPA3R";

/// Whether the OpenSSH client is here; says why a test is skipped, and fails under CI.
fn have_ssh() -> bool {
    let found = Command::new("ssh")
        .arg("-V")
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
        && Command::new("ssh-keygen")
            .arg("-?")
            .stderr(Stdio::null())
            .status()
            .is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "ssh and ssh-keygen are needed under CI (.ci/run installs openssh-client)"
        );
        eprintln!("skipped: the OpenSSH client (ssh, ssh-keygen) is not installed");
    }
    found
}

/// Runs `moments serve` on `dir/workshop.ron` with the key files of [`Served::prepare`];
/// returns once it printed the join code, with what it printed then (stdout) and its log
/// (stderr, collected as it comes).
fn spawn_server(dir: &Path, args: &[String]) -> (Child, String, Arc<Mutex<String>>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_moments"))
        .arg("serve")
        .arg(dir.join("workshop.ron"))
        .arg("--facilitator-keys")
        .arg(dir.join("facilitators"))
        .arg("--authorized-keys")
        .arg(dir.join("participants"))
        .args(["--join-code", CODE, "--headless"])
        .args(args)
        .env("MOMENTS_CONFIG_DIR", dir.join("config"))
        .env("MOMENTS_DATA_DIR", dir.join("data"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let mut said = String::new();
    // Ready once it has printed the join code line.
    while let Some(Ok(line)) = lines.next() {
        said.push_str(&line);
        said.push('\n');
        if line.contains("join code") {
            break;
        }
    }
    assert!(said.contains("host key SHA256:"), "{said}");
    assert!(said.contains(CODE), "{said}");
    let log = Arc::new(Mutex::new(String::new()));
    let stderr = child.stderr.take().unwrap();
    let sink = Arc::clone(&log);
    thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let mut log = sink.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    });
    (child, said, log)
}

/// A served workspace with its folders, keys and the server process.
struct Served {
    root: tempfile::TempDir,
    file: PathBuf,
    /// Where clients connect.
    host: String,
    port: u16,
    child: Child,
    /// What it printed at start: address, host key, join code.
    said: String,
    log: Arc<Mutex<String>>,
}

fn keygen(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    path
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Served {
    /// Serves a copy of the demo; `ana` has a facilitator key, `bob` a participant key,
    /// `eve` a key nobody listed.
    fn start(extra: &[&str]) -> Served {
        Served::launch(Served::prepare(), extra)
    }

    /// The folder of a served workshop: the demo, keys, key files, an empty config folder.
    fn prepare() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path();
        std::fs::write(dir.join("workshop.ron"), moments::templates::DEMO).unwrap();
        for name in ["ana", "bob", "eve"] {
            keygen(dir, name);
        }
        std::fs::copy(dir.join("ana.pub"), dir.join("facilitators")).unwrap();
        std::fs::copy(dir.join("bob.pub"), dir.join("participants")).unwrap();
        std::fs::create_dir_all(dir.join("config")).unwrap();
        root
    }

    /// Starts the server on the workshop in `root`, listening on a free loopback port.
    fn launch(root: tempfile::TempDir, extra: &[&str]) -> Served {
        Served::launch_on(root, "127.0.0.1", "127.0.0.1", extra)
    }

    /// Starts the server listening on `listen` (an IP address, any free port); clients
    /// connect to `host`.
    fn launch_on(root: tempfile::TempDir, listen: &str, host: &str, extra: &[&str]) -> Served {
        let port = free_port();
        let mut args: Vec<String> = vec!["--listen".into(), format!("{listen}:{port}")];
        args.extend(extra.iter().map(std::string::ToString::to_string));
        let (child, said, log) = spawn_server(root.path(), &args);
        Served {
            file: root.path().join("workshop.ron"),
            root,
            host: host.to_owned(),
            port,
            child,
            said,
            log,
        }
    }

    /// Starts the server again on the same workshop, keys and data folder (so the same
    /// host key), on a new port; the old one must have stopped.
    fn restart(&mut self, extra: &[&str]) {
        assert!(!self.alive(), "stop the server first");
        let port = free_port();
        let mut args: Vec<String> = vec!["--listen".into(), format!("127.0.0.1:{port}")];
        args.extend(extra.iter().map(std::string::ToString::to_string));
        let (child, said, log) = spawn_server(self.root.path(), &args);
        self.port = port;
        self.child = child;
        self.said = said;
        self.log = log;
    }

    /// The host-key fingerprint the server printed at start.
    fn host_key(&self) -> String {
        self.said
            .lines()
            .find_map(|l| l.split("host key ").nth(1))
            .unwrap_or_else(|| panic!("no host key line in {}", self.said))
            .to_owned()
    }

    /// The server's stderr so far.
    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until the log passes `test`: a session's line is written as the server
    /// closes it, which can be after the client has gone, and the log reaches the test
    /// through a thread.
    #[track_caller]
    fn wait_log(&self, what: &str, test: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let log = self.log();
            if test(&log) {
                return log;
            }
            assert!(Instant::now() < deadline, "{what}:\n{log}");
            thread::sleep(POLL);
        }
    }

    fn dir(&self) -> &Path {
        self.root.path()
    }

    /// `ssh` with the options every test uses, logging in as `user` with `user`'s key.
    fn ssh(&self, user: &str) -> Command {
        let mut cmd = Command::new("ssh");
        cmd.args(self.ssh_args(user));
        cmd
    }

    fn ssh_args(&self, user: &str) -> Vec<String> {
        let key = self.dir().join(user);
        if key.exists() {
            self.ssh_args_with_keys(user, &[user])
        } else {
            self.ssh_args_with_keys(user, &[])
        }
    }

    /// `ssh` arguments logging in as `user`, offering `keys` (key files in the folder) in
    /// that order and nothing else.
    fn ssh_args_with_keys(&self, user: &str, keys: &[&str]) -> Vec<String> {
        let mut args: Vec<String> = [
            "-F",
            "/dev/null",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "ConnectTimeout=5",
            "-p",
        ]
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
        args.push(self.port.to_string());
        if !keys.is_empty() {
            args.extend(["-o".into(), "BatchMode=yes".into()]);
        }
        for key in keys {
            args.push("-i".into());
            args.push(self.dir().join(key).display().to_string());
        }
        args.push(format!("{user}@{}", self.host));
        args
    }

    /// `ssh` logging in with a join code typed through `SSH_ASKPASS`.
    fn ssh_with_code(&self, user: &str, code: &str) -> Command {
        let script = self.askpass(code);
        let mut cmd = Command::new("ssh");
        cmd.args(self.code_args(user))
            .env("SSH_ASKPASS", script)
            .env("SSH_ASKPASS_REQUIRE", "force")
            .env("DISPLAY", ":0");
        cmd
    }

    fn askpass(&self, code: &str) -> PathBuf {
        let script = self.dir().join(format!("askpass-{}", code.len()));
        std::fs::write(&script, format!("#!/bin/sh\necho '{code}'\n")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        script
    }

    fn code_args(&self, user: &str) -> Vec<String> {
        let mut args = self.ssh_args(user);
        let target = args.pop().unwrap();
        args.extend(
            [
                "-o",
                "PubkeyAuthentication=no",
                "-o",
                "PreferredAuthentications=keyboard-interactive,password",
                "-o",
                "NumberOfPasswordPrompts=1",
            ]
            .map(String::from),
        );
        args.push(target);
        args
    }

    fn load(&self) -> moments::model::Workspace {
        moments::persist::from_ron(&std::fs::read_to_string(&self.file).unwrap()).unwrap()
    }

    /// Stops the server with SIGTERM; returns whether it exited cleanly.
    fn terminate(&mut self) -> bool {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            thread::sleep(POLL);
        }
    }

    fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs ssh with no terminal of its own but a forced pty, input closed at once: enough to
/// see whether the workshop starts.
fn run_tt(mut cmd: Command) -> Output {
    cmd.arg("-tt")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

fn started(out: &Output) -> bool {
    out.stdout.windows(8).any(|w| w == b"\x1b[?1049h")
}

#[test]
fn a_listed_key_gets_in_and_an_unlisted_one_does_not() {
    if !have_ssh() {
        return;
    }
    let served = Served::start(&[]);
    let ana = run_tt(served.ssh("ana"));
    assert!(started(&ana), "{}", String::from_utf8_lossy(&ana.stderr));
    let bob = run_tt(served.ssh("bob"));
    assert!(started(&bob), "{}", String::from_utf8_lossy(&bob.stderr));
    let eve = run_tt(served.ssh("eve"));
    assert!(!started(&eve));
    assert_eq!(eve.status.code(), Some(255));
    assert!(String::from_utf8_lossy(&eve.stderr).contains("Permission denied"));
    let log = served.wait_log("a line for each session", |log| {
        log.contains("user=ana key=SHA256:")
            && log.contains("role=facilitator")
            && log.contains("user=bob")
            && log.contains("role=participant")
    });
    assert!(!log.contains(CODE), "the log never holds a secret: {log}");
}

#[test]
fn the_join_code_admits_and_a_wrong_one_does_not() {
    if !have_ssh() {
        return;
    }
    let served = Served::start(&[]);
    let guest = run_tt(served.ssh_with_code("carla", &CODE.to_lowercase()));
    assert!(
        started(&guest),
        "{}",
        String::from_utf8_lossy(&guest.stderr)
    );
    let wrong = run_tt(served.ssh_with_code("mallory", "WRONG-CODE1"));
    assert!(!started(&wrong));
    assert_eq!(wrong.status.code(), Some(255));
    // Only the join code: an empty password or a key-less user gets nowhere.
    let empty = run_tt(served.ssh_with_code("mallory", ""));
    assert!(!started(&empty));
    let log = served.wait_log("carla's session line", |log| {
        log.contains("user=carla key=join-code role=participant")
    });
    assert!(!log.contains("mallory"), "{log}");
}

#[test]
fn commands_sftp_and_forwarding_are_refused() {
    if !have_ssh() {
        return;
    }
    let served = Served::start(&[]);
    // ssh host cmd
    let mut cmd = served.ssh("ana");
    cmd.arg("echo pwned");
    let out = cmd.stdin(Stdio::null()).output().unwrap();
    assert!(!out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("pwned"));
    // sftp
    let mut sftp = Command::new("sftp");
    let mut args = served.ssh_args("ana");
    let target = args.pop().unwrap();
    let port_at = args.iter().position(|a| a == "-p").unwrap();
    args[port_at] = "-P".into();
    sftp.args(["-b", "-"]).args(&args).arg(target);
    if let Ok(mut child) = sftp
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        child.stdin.take().unwrap().write_all(b"ls /\n").unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(!out.status.success(), "sftp was served");
    }
    // -L: the tunnel opens locally, but the server refuses to connect it anywhere.
    let local = free_port();
    let mut tunnel = served.ssh("ana");
    tunnel
        .args(["-N", "-L", &format!("{local}:127.0.0.1:{}", served.port)])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut tunnel = tunnel.spawn().unwrap();
    let deadline = Instant::now() + WAIT;
    let mut stream = loop {
        if let Ok(s) = TcpStream::connect(("127.0.0.1", local)) {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "the local end of -L never opened"
        );
        thread::sleep(POLL);
    };
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let mut buf = [0u8; 64];
    let n = stream.read(&mut buf).unwrap_or(0);
    assert!(
        !buf[..n].starts_with(b"SSH-"),
        "the forward reached the server"
    );
    let _ = tunnel.kill();
    let _ = tunnel.wait();
    // -R: refused at once.
    let mut remote = served.ssh("ana");
    remote
        .args([
            "-N",
            "-o",
            "ExitOnForwardFailure=yes",
            "-R",
            "0:127.0.0.1:9",
        ])
        .stdin(Stdio::null());
    let out = remote.output().unwrap();
    assert!(!out.status.success());
}

/// ssh in a pseudo-terminal of its own, its screen read back through vt100.
struct Client {
    pty: Pty,
}

impl Client {
    fn start(args: Vec<String>, env: &[(&str, &Path)]) -> Client {
        Client::start_sized(args, env, (120, 30))
    }

    /// ssh on a terminal of `size` (columns, rows).
    fn start_sized(args: Vec<String>, env: &[(&str, &Path)], size: (u16, u16)) -> Client {
        let mut args = args;
        args.push("-tt".into());
        Client::spawn_sized("ssh", args, env, size)
    }

    fn spawn(program: &str, args: Vec<String>, env: &[(&str, &Path)]) -> Client {
        Client::spawn_sized(program, args, env, (120, 30))
    }

    fn spawn_sized(
        program: &str,
        args: Vec<String>,
        env: &[(&str, &Path)],
        size: (u16, u16),
    ) -> Client {
        let mut cmd = CommandBuilder::new(program);
        cmd.args(&args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Client {
            pty: Pty::spawn(cmd, size.0, size.1, WAIT, POLL),
        }
    }

    /// Sends a signal (`STOP`, `CONT`…) to the ssh process.
    fn signal(&self, name: &str) {
        let pid = self.pty.child.process_id().expect("ssh is running");
        let status = Command::new("kill")
            .args([&format!("-{name}"), &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn screen(&self) -> String {
        self.pty.screen()
    }

    #[track_caller]
    fn wait_for(&mut self, text: &str) -> String {
        self.pty.wait_for("ssh", text)
    }

    /// Waits until the screen passes `test`.
    #[track_caller]
    fn wait_until(&mut self, what: &str, test: impl Fn(&str) -> bool) -> String {
        self.pty.wait_until(what, test)
    }

    fn send(&mut self, text: &str) {
        self.pty.send(text);
    }

    /// Captures a moment and waits until the prompt has closed: the title shows in the
    /// prompt as it is typed, so seeing it proves nothing about the Enter after it.
    #[track_caller]
    fn add_moment(&mut self, title: &str) {
        self.send("n");
        self.wait_for("New moment");
        self.send(&format!("{title}\r"));
        self.wait_prompt_closed(title);
    }

    /// Waits until no "New moment" prompt is open and `text` shows.
    #[track_caller]
    fn wait_prompt_closed(&mut self, text: &str) -> String {
        self.wait_until(&format!("the prompt closed and {text} on screen"), |s| {
            s.contains(text) && !s.contains("New moment")
        })
    }
}

#[test]
fn two_clients_see_each_others_edits_and_roles_hold() {
    if !have_ssh() {
        return;
    }
    let mut served = Served::start(&[]);
    let mut ana = Client::start(served.ssh_args("ana"), &[]);
    ana.wait_for("1 online");
    let mut bob = Client::start(served.ssh_args("bob"), &[]);
    bob.wait_for("2 online");
    ana.wait_for("2 online: ana*");
    ana.wait_for(", bob");

    // Bob follows where the facilitator goes: presence shows both on the same card.
    let same_card = |screen: &str| {
        let at = |who: &str| {
            screen.split(who).nth(1).map(|rest| {
                rest.chars()
                    .take_while(|c| c.is_alphanumeric())
                    .collect::<String>()
            })
        };
        matches!((at("ana*@"), at("bob@")), (Some(a), Some(b)) if !a.is_empty() && a == b)
    };
    ana.send("j");
    ana.wait_until("bob follows ana", same_card);
    // F: on his own; ana moves, bob stays.
    bob.send("F");
    bob.wait_for("You move on your own");
    bob.send("k");
    ana.wait_until("bob moved on his own", |s| !same_card(s));
    bob.send("F");
    bob.wait_for("Following the facilitator");

    ana.add_moment("Ana42");
    bob.wait_for("Ana42");

    bob.add_moment("Bob77");
    ana.wait_for("Bob77");

    // A participant cannot agree a moment: that is the facilitator's.
    bob.send("a");
    bob.wait_for("participants propose moments");
    // Nor undo someone else's edit.
    bob.send("u");
    bob.wait_for("facilitator's");
    // The facilitator's undo says whose edit it undid.
    ana.send("u");
    ana.wait_for("(by bob)");
    bob.wait_until("bob's moment undone on his screen", |s| {
        s.contains("Ana42") && !s.contains("Bob77")
    });
    ana.send("\x12"); // ctrl-r
    bob.wait_for("Bob77");

    drop(bob);
    ana.wait_for("1 online");
    assert!(served.terminate(), "SIGTERM stops the server cleanly");
    let ws = served.load();
    let bob77 = ws.moments.iter().find(|m| m.title == "Bob77").unwrap();
    assert_eq!(bob77.status, moments::model::Status::Proposed);
    assert!(bob77.notes.contains("Proposed by bob"), "{}", bob77.notes);
    assert!(ws.moments.iter().any(|m| m.title == "Ana42"));
}

#[test]
fn a_vote_round_reaches_participants_with_tallies_hidden_until_revealed() {
    if !have_ssh() {
        return;
    }
    let mut served = Served::start(&["--votes", "2"]);
    let mut ana = Client::start(served.ssh_args("ana"), &[]);
    ana.wait_for("1 online");
    let mut bob = Client::start(served.ssh_args("bob"), &[]);
    bob.wait_for("2 online");
    ana.wait_for("●3"); // the demo's earlier votes, before any round

    ana.send("V");
    ana.wait_for("Dots each");
    ana.send("\r");
    bob.wait_for("Vote round 1: 2 dots each");
    ana.wait_until("earlier votes are hidden in a round", |s| !s.contains("●3"));
    bob.send("+");
    bob.wait_for("◦1");
    bob.send("++");
    bob.wait_for("No dots left");
    assert!(
        !ana.screen().contains('◦') && !ana.screen().contains("●2"),
        "bob's dots stay hidden from others:\n{}",
        ana.screen()
    );

    ana.send("R");
    bob.wait_for("Round 1 revealed");
    bob.wait_for("●2");
    assert!(served.terminate(), "SIGTERM stops the server cleanly");
    let ws = served.load();
    let round = ws.voting.expect("the round is saved");
    assert!(round.revealed);
    assert_eq!(round.mine("bob", &ws.moments[0].id), 2);
    assert_eq!(ws.moments[0].votes, 2);
}

#[test]
fn the_facilitators_timebox_is_on_every_screen_and_only_theirs_to_pause() {
    if !have_ssh() {
        return;
    }
    let mut served = Served::start(&[]);
    let mut ana = Client::start(served.ssh_args("ana"), &[]);
    ana.wait_for("1 online");
    let mut bob = Client::start(served.ssh_args("bob"), &[]);
    bob.wait_for("2 online");
    let title = |s: &str| s.lines().next().unwrap_or_default().to_owned();

    ana.send("t");
    ana.wait_for("how long");
    ana.send("10m\r");
    ana.wait_for("Timebox of 10:00 started");
    bob.wait_until("the room's timebox", |s| title(s).contains(" left"));
    // A participant reads the room's clock; only a facilitator sets it.
    bob.send("T");
    bob.wait_for("the room's clock");
    assert!(!title(&ana.screen()).contains("paused"), "{}", ana.screen());
    ana.send("T");
    ana.wait_until("paused for the facilitator", |s| {
        title(s).contains("paused")
    });
    bob.wait_until("paused for the participant", |s| {
        title(s).contains("paused")
    });
    assert!(served.terminate(), "SIGTERM stops the server cleanly");
}

#[test]
fn an_observer_cannot_edit() {
    if !have_ssh() {
        return;
    }
    let served = Served::start(&["--join-role", "observer"]);
    let askpass = served.askpass(CODE);
    let mut olga = Client::start(
        served.code_args("olga"),
        &[
            ("SSH_ASKPASS", askpass.as_path()),
            ("SSH_ASKPASS_REQUIRE", Path::new("force")),
            ("DISPLAY", Path::new(":0")),
        ],
    );
    olga.wait_for("1 online");
    let before = std::fs::read_to_string(&served.file).unwrap();
    olga.send("n");
    olga.send("+");
    olga.wait_for("observers watch");
    thread::sleep(Duration::from_millis(300));
    assert_eq!(std::fs::read_to_string(&served.file).unwrap(), before);
}

#[test]
fn a_killed_client_leaves_the_server_and_the_file_intact() {
    if !have_ssh() {
        return;
    }
    let mut served = Served::start(&[]);
    let mut ana = Client::start(served.ssh_args("ana"), &[]);
    ana.wait_for("1 online");
    ana.add_moment("Kept99");
    let mut bob = Client::start(served.ssh_args("bob"), &[]);
    bob.wait_for("Kept99");
    // Killed mid-edit, with a half-typed title and garbage on the wire.
    bob.send("n");
    bob.wait_for("New moment");
    bob.send("Half\x1b[99;99;99");
    bob.pty.child.kill().unwrap();
    ana.wait_for("1 online");
    assert!(served.alive());
    // Others carry on, and newcomers get in.
    ana.add_moment("After1");
    let carla = run_tt(served.ssh("bob"));
    assert!(started(&carla));
    assert!(served.terminate());
    let ws = served.load();
    assert!(ws.moments.iter().any(|m| m.title == "Kept99"));
    assert!(ws.moments.iter().any(|m| m.title == "After1"));
    assert!(!ws.moments.iter().any(|m| m.title.contains("Half")));
}

#[test]
fn without_headless_the_local_terminal_is_the_facilitators_screen() {
    if !have_ssh() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("local.ron");
    std::fs::write(&file, moments::templates::DEMO).unwrap();
    let port = free_port();
    let data = root.path().join("data");
    let config = root.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let mut host = Client::spawn(
        env!("CARGO_BIN_EXE_moments"),
        vec![
            "serve".into(),
            file.display().to_string(),
            "--listen".into(),
            format!("127.0.0.1:{port}"),
            "--join-code".into(),
            CODE.into(),
        ],
        &[
            ("MOMENTS_DATA_DIR", data.as_path()),
            ("MOMENTS_CONFIG_DIR", config.as_path()),
        ],
    );
    host.wait_for("Serving on 127.0.0.1");
    host.wait_for("1 online");
    host.wait_for(CODE);
    host.add_moment("Local5");
    host.send("q");
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(Some(status)) = host.pty.child.try_wait() {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(Instant::now() < deadline, "q did not stop the server");
        thread::sleep(POLL);
    }
    let ws = moments::persist::from_ron(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(ws.moments.iter().any(|m| m.title == "Local5"));
    assert!(data.join("ssh_host_ed25519_key").exists());
}

#[test]
fn clicks_select_and_the_wheel_scrolls_for_remote_clients() {
    use vt100::{MouseProtocolEncoding, MouseProtocolMode};
    if !have_ssh() {
        return;
    }
    let served = Served::start(&[]);
    // Low enough that a column of the demo scrolls: every stage shows side by side, and
    // the columns hold what their height allows.
    let mut ana = Client::start_sized(served.ssh_args("ana"), &[], (200, 16));
    ana.wait_for("1 online");
    // Presses and the wheel are reported, with SGR coordinates.
    assert_eq!(
        ana.pty.mouse(),
        (MouseProtocolMode::PressRelease, MouseProtocolEncoding::Sgr)
    );
    let at = |client: &Client, text: &str| {
        client
            .pty
            .find(text)
            .unwrap_or_else(|| panic!("{text:?} is not on screen:\n{}", client.screen()))
    };
    // The wheel over the last column scrolls it: its heading then shows cards 2 to 4.
    assert!(!ana.screen().contains("2–4/4"));
    let (x, y) = at(&ana, "Service goes live");
    ana.send(&format!("\x1b[<65;{};{}M", x + 1, y + 1));
    ana.wait_for("2–4/4");
    ana.send(&format!("\x1b[<64;{};{}M", x + 1, y + 1));
    ana.wait_until("the wheel scrolled back", |s| !s.contains("2–4/4"));
    // A click selects the card under it (press and release, as a terminal sends them).
    let target = moments::templates::demo()
        .moments
        .into_iter()
        .find(|m| m.title.starts_with("Missed appointment"))
        .unwrap();
    assert!(!ana.screen().contains(&format!("ana*@{}", target.id)));
    let (x, y) = at(&ana, "Missed appointment");
    ana.send(&format!(
        "\x1b[<0;{};{}M\x1b[<0;{};{}m",
        x + 1,
        y + 1,
        x + 1,
        y + 1
    ));
    ana.wait_for(&format!("ana*@{}", target.id));
    // Leaving turns mouse reporting off again.
    ana.send("q");
    assert!(ana.pty.wait_exit("ssh"));
    assert_eq!(ana.pty.mouse().0, MouseProtocolMode::None);
}

#[test]
fn the_facilitator_exports_next_to_the_workspace_and_participants_may_not() {
    if !have_ssh() {
        return;
    }
    let served = Served::start(&[]);
    let mut ana = Client::start(served.ssh_args("ana"), &[]);
    ana.wait_for("1 online");
    let mut bob = Client::start(served.ssh_args("bob"), &[]);
    bob.wait_for("2 online");
    let md = served.dir().join("workshop.md");
    let csv = served.dir().join("workshop.csv");

    bob.send(":");
    bob.wait_for(" Commands ");
    bob.send("export csv\r");
    bob.wait_for("Exports are the facilitator's");
    assert!(!csv.exists());

    ana.send(":");
    ana.wait_for(" Commands ");
    ana.send("export markdown\r");
    ana.wait_for("Exported to");
    assert!(ana.screen().contains("workshop.md"), "{}", ana.screen());
    let report = std::fs::read_to_string(&md).unwrap();
    assert!(report.contains("Northwind Broadband"), "{report}");
    assert!(!csv.exists());
}

#[test]
fn follow_is_remapped_like_any_key() {
    if !have_ssh() {
        return;
    }
    let root = Served::prepare();
    std::fs::write(
        root.path().join("config/keys.ron"),
        r#"Keymap(global: {"F": "none", "W": "follow"})"#,
    )
    .unwrap();
    let served = Served::launch(root, &[]);
    let mut bob = Client::start(served.ssh_args("bob"), &[]);
    bob.wait_for("you follow the facilitator (W stops)");
    // The footer offers it under its new key; the old key is free.
    bob.wait_for("W unfollow");
    bob.send("F");
    bob.wait_for("F does nothing here");
    bob.send("W");
    bob.wait_for("You move on your own now (W follows the facilitator again)");
    bob.wait_for("W follow");
}

#[test]
fn a_failing_save_is_shown_to_facilitators_retried_and_never_loses_the_workshop() {
    if !have_ssh() {
        return;
    }
    let mut served = Served::start(&[]);
    let mut ana = Client::start(served.ssh_args("ana"), &[]);
    ana.wait_for("1 online");
    let mut bob = Client::start(served.ssh_args("bob"), &[]);
    bob.wait_for("2 online");
    // A folder where the backup goes: every save fails, as on a full or broken disk
    // (this works for root too, unlike a read-only folder).
    let backup = served.dir().join("workshop.ron.bak");
    let block = || {
        let _ = std::fs::remove_file(&backup);
        std::fs::create_dir_all(backup.join("in-the-way")).unwrap();
    };
    block();
    ana.add_moment("Unsaved1");
    ana.wait_for("could not save: ");
    ana.wait_for("✗ NOT SAVED");
    bob.wait_for("Unsaved1");
    assert!(!bob.screen().contains("could not save"), "{}", bob.screen());
    assert!(!served.load().moments.iter().any(|m| m.title == "Unsaved1"));
    served.wait_log("the failed save logged", |log| {
        log.contains("could not save")
    });
    // Fixed: the next try saves, and the facilitator hears so.
    std::fs::remove_dir_all(&backup).unwrap();
    ana.wait_for("Saved again");
    assert!(served.load().moments.iter().any(|m| m.title == "Unsaved1"));

    // Someone edits the file behind the workshop's back: the room's version is saved,
    // theirs kept as the backup.
    let theirs = std::fs::read_to_string(&served.file)
        .unwrap()
        .replace("Unsaved1", "Theirs1");
    std::fs::write(&served.file, &theirs).unwrap();
    ana.add_moment("Ours1");
    ana.wait_for("was changed outside the workshop");
    let ws = served.load();
    assert!(ws.moments.iter().any(|m| m.title == "Ours1"));
    assert!(ws.moments.iter().any(|m| m.title == "Unsaved1"));
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), theirs);

    // Still failing when the server stops: the workshop goes to the data folder.
    block();
    ana.add_moment("Rescued1");
    ana.wait_for("could not save: ");
    assert!(!served.terminate(), "a server that could not save says so");
    served.wait_log("where the workshop went", |log| log.contains("written to"));
    let rescued: Vec<_> = std::fs::read_dir(served.dir().join("data/rescued"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(rescued.len(), 1, "{rescued:?}");
    let ws = moments::persist::from_ron(&std::fs::read_to_string(&rescued[0]).unwrap()).unwrap();
    assert!(ws.moments.iter().any(|m| m.title == "Rescued1"));
}

/// `args` with ssh options added before the destination (the last argument).
fn with_options(mut args: Vec<String>, options: &[&str]) -> Vec<String> {
    let target = args.pop().unwrap();
    args.extend(options.iter().map(std::string::ToString::to_string));
    args.push(target);
    args
}

#[test]
fn a_second_session_channel_is_refused_and_the_first_carries_on() {
    if !have_ssh() {
        return;
    }
    let served = Served::start(&[]);
    // One connection, shared: the second ssh asks for a second session on it.
    let control = format!("ControlPath={}", served.dir().join("cm").display());
    let mut ana = Client::start(
        with_options(
            served.ssh_args("ana"),
            &["-o", "ControlMaster=yes", "-o", &control],
        ),
        &[],
    );
    ana.wait_for("1 online");
    // No key and no password of its own: if ssh gives up on the shared connection and
    // dials afresh (as it does), it gets nowhere either.
    let mut second = Command::new("ssh");
    second.args(with_options(
        served.ssh_args_with_keys("ana", &[]),
        &[
            "-o",
            "ControlMaster=no",
            "-o",
            &control,
            "-o",
            "BatchMode=yes",
            "-o",
            "PubkeyAuthentication=no",
        ],
    ));
    let out = run_tt(second);
    assert!(!started(&out));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("Session open refused by peer"), "{said}");
    // The first session is untouched.
    ana.add_moment("Still1");
    ana.wait_for("1 online");
}

#[test]
fn agent_and_x11_forwarding_are_refused_and_the_session_works() {
    if !have_ssh() {
        return;
    }
    let served = Served::start(&[]);
    let socket = served.dir().join("agent.sock");
    let mut agent = Command::new("ssh-agent")
        .arg("-D")
        .arg("-a")
        .arg(&socket)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + WAIT;
    while !socket.exists() {
        assert!(Instant::now() < deadline, "ssh-agent did not start");
        thread::sleep(POLL);
    }
    // -Y rather than -X: both ask for X11 forwarding the same way, but -X first needs a
    // real X server to make a cookie and otherwise asks for nothing.
    let log = served.dir().join("ssh.log");
    let mut ana = Client::start(
        with_options(
            served.ssh_args("ana"),
            &["-A", "-Y", "-v", "-E", &log.display().to_string()],
        ),
        &[
            ("SSH_AUTH_SOCK", socket.as_path()),
            ("DISPLAY", Path::new(":0")),
        ],
    );
    ana.wait_for("1 online");
    ana.add_moment("Fwd1");
    let said = std::fs::read_to_string(&log).unwrap();
    let _ = agent.kill();
    let _ = agent.wait();
    // Both were asked for; X11 was answered no, and no agent channel was ever opened.
    assert!(
        said.contains("Requesting authentication agent forwarding"),
        "{said}"
    );
    assert!(said.contains("Requesting X11 forwarding"), "{said}");
    assert!(said.contains("X11 forwarding request failed"), "{said}");
    assert!(!said.contains("ctype auth-agent"), "{said}");
    assert!(!said.contains("ctype x11"), "{said}");
}

#[test]
fn a_restarted_server_serves_the_saved_workspace() {
    if !have_ssh() {
        return;
    }
    let mut served = Served::start(&[]);
    let fingerprint = served.host_key();
    let mut ana = Client::start(served.ssh_args("ana"), &[]);
    ana.wait_for("1 online");
    ana.add_moment("Again1");
    assert!(served.terminate(), "SIGTERM stops the server cleanly");
    // The session ends with the server (ssh's exit status depends on whether the
    // channel's close or the socket's end reaches it first, so only the exit counts).
    ana.pty.wait_exit("ssh");
    served.restart(&[]);
    assert_eq!(served.host_key(), fingerprint, "the same host key");
    let mut ana = Client::start(served.ssh_args("ana"), &[]);
    ana.wait_for("1 online");
    ana.wait_for("Again1");
}

#[test]
fn a_client_that_stops_reading_is_dropped_and_the_others_keep_up() {
    if !have_ssh() {
        return;
    }
    // Dropped after 3 s without taking its screen; the others must see edits well
    // before that while it is stuck.
    let served = Served::start(&["--slow-client-ms", "3000"]);
    let mut ana = Client::start(served.ssh_args("ana"), &[]);
    ana.wait_for("1 online");
    // Bob follows ana on a big screen: every view ana goes to is a big frame for him.
    let mut bob = Client::start_sized(served.ssh_args("bob"), &[], (400, 150));
    bob.wait_for("2 online");
    let askpass = served.askpass(CODE);
    let mut carla = Client::start(
        served.code_args("carla"),
        &[
            ("SSH_ASKPASS", askpass.as_path()),
            ("SSH_ASKPASS_REQUIRE", Path::new("force")),
            ("DISPLAY", Path::new(":0")),
        ],
    );
    carla.wait_for("3 online");
    bob.signal("STOP");
    let start = Instant::now();
    let mut edits = 0;
    let mut while_stuck = 0;
    while !served.log().contains("dropped bob") {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "bob was never dropped: {}",
            served.log()
        );
        // Views change: big frames for bob, which nothing reads.
        for _ in 0..8 {
            ana.send("\t");
            thread::sleep(Duration::from_millis(15));
        }
        ana.send("1");
        ana.send("n");
        ana.wait_for("New moment");
        let title = format!("Quick{edits}");
        ana.send(&format!("{title}\r"));
        // No clock here: the proof is that carla has it while bob is still connected
        // (counted below), which a server waiting on bob could not do.
        carla.wait_for(&title);
        edits += 1;
        if !served.log().contains("dropped bob") {
            while_stuck += 1;
        }
    }
    assert!(while_stuck > 0, "no edit was made while bob was stuck");
    carla.wait_for("2 online");
    // Bob's connection is gone: when he wakes up, his ssh ends.
    bob.signal("CONT");
    assert!(!bob.pty.wait_exit("ssh"));
    ana.add_moment("After9");
    carla.wait_for("After9");
}

#[test]
fn a_connection_that_never_authenticates_is_closed_at_the_deadline() {
    if !have_ssh() {
        return;
    }
    let deadline = Duration::from_millis(1000);
    let served = Served::start(&["--handshake-ms", "1000"]);
    let closed_after = |send_banner: bool| {
        let mut stream = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let start = Instant::now();
        if send_banner {
            stream.write_all(b"SSH-2.0-Sleepy\r\n").unwrap();
        }
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return start.elapsed(),
                Ok(_) => {}
            }
            assert!(start.elapsed() < WAIT, "the connection stayed open");
        }
    };
    // Silent after connecting, and silent after saying hello: both closed on time.
    for send_banner in [false, true] {
        let took = closed_after(send_banner);
        assert!(
            took >= deadline - Duration::from_millis(100) && took < deadline * 4,
            "closed after {took:?}"
        );
    }
    // A real client sitting at the join-code prompt: typing the right code too late
    // gets nowhere.
    let mut late = Client::start(served.code_args("late"), &[]);
    late.wait_for("Join code");
    thread::sleep(deadline + Duration::from_millis(500));
    late.send(&format!("{CODE}\r"));
    assert!(!late.pty.wait_exit("ssh"));
    assert!(!late.screen().contains("online"), "{}", late.screen());
}

/// This machine's address on its network (not loopback), if it has one.
fn own_address() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    // No packet is sent: connecting a UDP socket only picks the route and local address.
    ["192.0.2.1:9", "203.0.113.1:9", "10.255.255.1:9"]
        .iter()
        .find_map(|to| {
            socket.connect(to).ok()?;
            let ip = socket.local_addr().ok()?.ip();
            (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
        })
}

#[test]
fn connections_from_one_address_are_limited_and_loopback_is_not() {
    if !have_ssh() {
        return;
    }
    let Some(ip) = own_address() else {
        eprintln!("skipped: this machine has no address besides loopback");
        return;
    };
    let ip = ip.to_string();
    let served = Served::launch_on(
        Served::prepare(),
        "0.0.0.0",
        &ip,
        &["--max-per-address", "2"],
    );
    let mut ana = Client::start(served.ssh_args("ana"), &[]);
    ana.wait_for("1 online");
    let mut bob = Client::start(served.ssh_args("bob"), &[]);
    bob.wait_for("2 online");
    let third = run_tt(served.ssh("ana"));
    assert!(!started(&third));
    assert_eq!(third.status.code(), Some(255));
    let refused = format!("refused {ip}:");
    served.wait_log("the refusal logged", |log| log.contains(&refused));
    // Through loopback (a proxy on the host, say) there is no per-address limit.
    let mut args = served.ssh_args("ana");
    *args.last_mut().unwrap() = "ana@127.0.0.1".into();
    let mut local = Command::new("ssh");
    local.args(args);
    assert!(started(&run_tt(local)));
    // A slot frees when someone leaves.
    drop(bob);
    ana.wait_for("1 online");
    assert!(started(&run_tt(served.ssh("ana"))));
}

#[test]
fn pastes_and_typing_are_capped_and_cleaned() {
    use moments::serve::hub::MAX_EVENTS_PER_SECOND;
    use moments::serve::input::PASTE_CAP;
    if !have_ssh() {
        return;
    }
    let mut served = Served::start(&[]);
    let mut ana = Client::start(served.ssh_args("ana"), &[]);
    ana.wait_for("1 online");
    // A paste bigger than the cap, with a bell and a right-to-left override in it.
    ana.send("n");
    ana.wait_for("New moment");
    let paste = format!("P\u{202E}Q\u{7}R{}", "x".repeat(20_000));
    ana.send(&format!("\x1b[200~{paste}\x1b[201~"));
    ana.wait_for("xxxxxxxx");
    ana.send("\r");
    // Typed: direction overrides and isolates never reach the text.
    ana.send("n");
    ana.wait_for("New moment");
    ana.send("T\u{202E}U\u{2066}V\u{200F}W\r");
    ana.wait_prompt_closed("TUVW");
    // Typing faster than the cap: the rest of that second is dropped. The pause lets
    // the y's open a window of their own, however long the prompt took to show.
    ana.send("n");
    ana.wait_for("New moment");
    thread::sleep(Duration::from_millis(1100));
    ana.send(&"y".repeat(600));
    thread::sleep(Duration::from_millis(1100));
    ana.send("\r");
    ana.wait_prompt_closed("yyyy");
    assert!(served.terminate());
    let ws = served.load();
    let pasted = ws
        .moments
        .iter()
        .find(|m| m.title.starts_with("PQRx"))
        .expect("the paste made a moment");
    assert!(
        pasted.title.len() <= PASTE_CAP && pasted.title.len() > PASTE_CAP - 16,
        "{} bytes",
        pasted.title.len()
    );
    assert!(pasted.title.chars().all(|c| c == 'x' || "PQR".contains(c)));
    assert!(ws.moments.iter().any(|m| m.title == "TUVW"));
    let typed = ws
        .moments
        .iter()
        .find(|m| m.title.starts_with("yyy"))
        .expect("the typing made a moment");
    assert!(
        typed.title.len() <= MAX_EVENTS_PER_SECOND,
        "{} keys of 600 got through in a second",
        typed.title.len()
    );
}

#[test]
fn a_listed_key_gets_in_after_other_keys_but_three_wrong_codes_end_it() {
    if !have_ssh() {
        return;
    }
    let served = Served::start(&[]);
    let dir = served.dir();
    let others: Vec<String> = (1..=11).map(|n| format!("other{n}")).collect();
    for name in &others {
        keygen(dir, name);
    }
    // ssh offers each key in turn: four unlisted ones first, then ana's.
    let log = dir.join("keys.log");
    let mut keys: Vec<&str> = others[..4].iter().map(String::as_str).collect();
    keys.push("ana");
    let mut cmd = Command::new("ssh");
    cmd.args(with_options(
        served.ssh_args_with_keys("ana", &keys),
        &["-v", "-E", &log.display().to_string()],
    ));
    let out = run_tt(cmd);
    let said = std::fs::read_to_string(&log).unwrap();
    assert!(started(&out), "{said}");
    assert_eq!(said.matches("Offering public key").count(), 5, "{said}");
    // Asking about keys has its limit too: after ten unlisted ones, the eleventh ends it.
    let mut keys: Vec<&str> = others.iter().map(String::as_str).collect();
    keys.push("ana");
    let mut cmd = Command::new("ssh");
    cmd.args(served.ssh_args_with_keys("ana", &keys));
    assert!(!started(&run_tt(cmd)));

    // The join code: three wrong tries, then the connection ends; the right code the
    // fourth try would have given is never asked for.
    let tries = dir.join("tries");
    let script = dir.join("askpass-counting");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho x >> '{}'\nif [ $(wc -l < '{}') -le 3 ]; then echo WRONG-CODE1; else echo '{CODE}'; fi\n",
            tries.display(),
            tries.display()
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let mut cmd = Command::new("ssh");
    cmd.args(with_options(
        served.ssh_args("mallory"),
        &[
            "-o",
            "PubkeyAuthentication=no",
            "-o",
            "PreferredAuthentications=password",
            "-o",
            "NumberOfPasswordPrompts=5",
        ],
    ))
    .env("SSH_ASKPASS", &script)
    .env("SSH_ASKPASS_REQUIRE", "force")
    .env("DISPLAY", ":0");
    let out = run_tt(cmd);
    assert!(!started(&out));
    let asked = std::fs::read_to_string(&tries).unwrap().lines().count();
    assert_eq!(asked, 3, "the code was asked for {asked} times");
    assert!(!served.log().contains("mallory"), "{}", served.log());
}

/// Two facilitators: one deletes silos while the other has the silo list open on its last
/// row. Enter and `d` act on a silo that exists and the hub carries on; indexing past the
/// end of the list used to panic the hub's task.
#[test]
fn a_silo_deleted_under_another_facilitators_list_is_never_acted_on() {
    if !have_ssh() {
        return;
    }
    let root = Served::prepare();
    let dir = root.path();
    let both = std::fs::read_to_string(dir.join("ana.pub")).unwrap()
        + &std::fs::read_to_string(dir.join("bob.pub")).unwrap();
    std::fs::write(dir.join("facilitators"), both).unwrap();
    let mut served = Served::launch(root, &[]);
    let mut ana = Client::start(served.ssh_args("ana"), &[]);
    ana.wait_for("1 online");
    let mut bob = Client::start(served.ssh_args("bob"), &[]);
    bob.wait_for("2 online");

    // Ana on the last row, NET; opening and closing its editor shows she is there.
    ana.send("S");
    ana.wait_for("NET    Network");
    ana.send("jjjjj\r");
    ana.wait_for("Silo NET");
    ana.send("\r");
    ana.wait_until("the editor closed", |s| !s.contains("Silo NET"));

    // Bob deletes NET.
    bob.send("S");
    bob.wait_for("NET    Network");
    bob.send("jjjjjd");
    bob.wait_for("Delete silo NET");
    bob.send("y");
    ana.wait_until("NET gone from Ana's list", |s| {
        !s.contains("NET    Network")
    });

    // Enter on Ana's row, now past the end: the editor of the last silo there is.
    ana.send("\r");
    ana.wait_for("Silo OPS");
    ana.send("\r");
    ana.wait_until("the editor closed", |s| !s.contains("Silo OPS"));

    // Bob's row is past the end too: d asks about OPS, and he deletes it.
    bob.send("d");
    bob.wait_for("Delete silo OPS");
    bob.send("y");
    ana.wait_until("OPS gone from Ana's list", |s| {
        !s.contains("OPS    Field Operations")
    });

    // d on Ana's row, past the end again: it asks about MKT; she keeps it.
    ana.send("d");
    ana.wait_for("Delete silo MKT");
    ana.send("n");
    ana.send("j");
    bob.send("j");
    thread::sleep(Duration::from_millis(300));
    assert!(served.alive(), "the server runs on");
    assert!(
        !served.log().contains("panicked"),
        "no task panicked:\n{}",
        served.log()
    );
    assert!(
        ana.screen().contains("MKT    Marketing"),
        "{}",
        ana.screen()
    );
    assert!(
        bob.screen().contains("MKT    Marketing"),
        "{}",
        bob.screen()
    );
    assert!(served.terminate(), "SIGTERM stops the server cleanly");
    let silos: Vec<String> = served
        .load()
        .silos
        .iter()
        .map(|s| s.id.to_string())
        .collect();
    assert_eq!(silos, ["SAL", "SVC", "BIL", "MKT"]);
}

/// A scripted SSH client (russh): does key exchange and what `script` says, then sits
/// there reading, as a real program would, until the server hangs up or `WAIT` passes.
/// Returns whether the server hung up.
fn scripted_client(port: u16, wrong_code: bool) -> bool {
    struct Trusting;
    impl russh::client::Handler for Trusting {
        type Error = russh::Error;
        async fn check_server_key(
            &mut self,
            _key: &russh::keys::PublicKeyOrCertificate,
        ) -> Result<bool, Self::Error> {
            Ok(true)
        }
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let config = std::sync::Arc::new(russh::client::Config::default());
        let mut handle = russh::client::connect(config, ("127.0.0.1", port), Trusting)
            .await
            .expect("key exchange");
        if wrong_code {
            let refused = handle
                .authenticate_password("mallory", "WRONG-WRONG")
                .await
                .expect("an answer");
            assert!(!refused.success());
        }
        let start = Instant::now();
        while !handle.is_closed() {
            if start.elapsed() > WAIT {
                return false;
            }
            tokio::time::sleep(POLL).await;
        }
        true
    })
}

#[test]
fn no_client_can_panic_the_server_past_the_login_deadline() {
    if !have_ssh() {
        return;
    }
    let deadline = Duration::from_millis(1000);
    let served = Served::start(&["--handshake-ms", "1000"]);
    // Key exchange done, then nothing: sitting at the join-code prompt.
    let mut idle = Client::start(served.code_args("idle"), &[]);
    idle.wait_for("Join code");
    // A wrong code, then sitting at the retry.
    let mut retry = Client::start(served.code_args("retry"), &[]);
    retry.wait_for("Join code");
    retry.send("WRONG-WRONG\r");
    // Clients that keep reading: the server's hang-up ends their session at once.
    let scripted: Vec<_> = [false, true]
        .into_iter()
        .map(|wrong| {
            let port = served.port;
            thread::spawn(move || scripted_client(port, wrong))
        })
        .collect();
    for s in scripted {
        assert!(
            s.join().unwrap(),
            "the server did not hang up at the deadline"
        );
    }
    thread::sleep(deadline * 2);
    // ssh notices the hang-up only when it reads the next answer.
    idle.send("x\r");
    retry.send("x\r");
    assert!(!idle.pty.wait_exit("ssh"));
    assert!(!retry.pty.wait_exit("ssh"));
    let log = served.log();
    assert!(
        !log.contains("panicked") && !log.contains("task failed"),
        "a client reached a panic:\n{log}"
    );
    // The server still serves.
    assert!(started(&run_tt(served.ssh("ana"))));
}

#[test]
fn idle_sockets_cannot_lock_a_facilitator_out() {
    if !have_ssh() {
        return;
    }
    let served = Served::start(&[]);
    // Connections that never say a word (loopback has no per-address cap) until the
    // waiting list is full: from 8 waiting, newcomers are dropped at random (as
    // OpenSSH's MaxStartups), so the count it takes varies; once 16 wait, the oldest
    // idle one is hung up on for each newcomer.
    let mut idle: Vec<TcpStream> = Vec::new();
    while !served.log().contains("hung up on connection") {
        assert!(
            idle.len() < 400,
            "the waiting list never filled:\n{}",
            served.log()
        );
        if let Ok(s) = TcpStream::connect(("127.0.0.1", served.port)) {
            idle.push(s);
        }
        thread::sleep(Duration::from_millis(5));
    }
    let start = Instant::now();
    let out = run_tt(served.ssh("ana"));
    assert!(
        started(&out),
        "the facilitator was locked out:\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        served.log()
    );
    assert!(start.elapsed() < WAIT);
    let log = served.log();
    assert!(log.contains("waiting to log in"), "{log}");
    drop(idle);
}

#[test]
fn wrong_codes_are_slowed_for_everyone_together() {
    use moments::serve::connection::CODE_GAP;
    if !have_ssh() {
        return;
    }
    let served = Served::start(&[]);
    // Twelve clients guessing at once, one wrong code each at least.
    let start = Instant::now();
    let guessers: Vec<Child> = (0..12)
        .map(|i| {
            served
                .ssh_with_code(&format!("guess{i}"), "WRONG-CODE")
                .arg("-T")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut g in guessers {
        let deadline = Instant::now() + WAIT * 3;
        while g.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "a guesser hung");
            thread::sleep(POLL);
        }
    }
    let took = start.elapsed();
    let wrong = served.log().matches("wrong join code").count();
    assert!(wrong >= 12, "{wrong} wrong codes logged:\n{}", served.log());
    eprintln!("{wrong} wrong codes from 12 clients at once took {took:?}");
    // One slot per wrong code for everyone together (the first is free).
    let least = CODE_GAP * (wrong as u32 - 1);
    assert!(
        took >= least,
        "{wrong} wrong codes in {took:?}: faster than one per {CODE_GAP:?}"
    );
    // The right code still gets in once the guessing stops.
    assert!(started(&run_tt(served.ssh_with_code("carla", CODE))));
}

/// The server's resident memory, in KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

#[test]
fn a_paste_that_never_ends_does_not_grow_the_server() {
    use moments::serve::input::PASTE_CAP;
    if !have_ssh() {
        return;
    }
    if !Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc to read the server's memory from");
        return;
    }
    let mut served = Served::start(&[]);
    let mut ana = Client::start(served.ssh_args("ana"), &[]);
    ana.wait_for("1 online");
    ana.send("n");
    ana.wait_for("New moment");
    let before = rss_kib(served.child.id());
    // 24 MiB of paste that is never closed.
    ana.send("\x1b[200~");
    let chunk = "x".repeat(64 * 1024);
    for _ in 0..384 {
        ana.send(&chunk);
    }
    // Wait until the server has taken it all (its memory stops moving).
    thread::sleep(Duration::from_millis(1500));
    let during = rss_kib(served.child.id());
    eprintln!("server memory: {before} KiB before the paste, {during} KiB with 24 MiB sent");
    assert!(
        during < before + 12 * 1024,
        "the server grew from {before} KiB to {during} KiB"
    );
    ana.send("\x1b[201~");
    ana.wait_for("xxxxxxxx");
    ana.send("\r");
    ana.wait_prompt_closed("xxxx");
    assert!(served.terminate());
    let ws = served.load();
    let pasted = ws
        .moments
        .iter()
        .find(|m| m.title.starts_with("xxx"))
        .expect("the paste made a moment");
    assert!(pasted.title.len() <= PASTE_CAP);
}

#[test]
fn a_name_cannot_pose_as_the_facilitator_or_take_one_who_left() {
    if !have_ssh() {
        return;
    }
    let served = Served::start(&[]);
    let mut ana = Client::start(served.ssh_args("ana"), &[]);
    ana.wait_for("1 online: ana*");
    // With the code, as `ana*`: not a second facilitator mark, not ana.
    let mut fake = Client::start(served.code_args("ana*"), &[]);
    fake.wait_for("Join code");
    fake.send(&format!("{CODE}\r"));
    let screen = fake.wait_for("2 online");
    assert!(
        screen.contains("ana 2") && !screen.contains("ana 2*"),
        "{screen}"
    );
    assert_eq!(screen.matches("ana*").count(), 1, "{screen}");
    // bob (a key) leaves; one with the code asking to be bob is not bob.
    let bob = Client::start(served.ssh_args("bob"), &[]);
    ana.wait_for("3 online");
    drop(bob);
    ana.wait_for("2 online");
    // As `bob` but with the code (bob's key file is not offered).
    let mut args = served.code_args("bobby");
    *args.last_mut().unwrap() = format!("bob@{}", served.host);
    let mut imposter = Client::start(args, &[]);
    imposter.wait_for("Join code");
    imposter.send(&format!("{CODE}\r"));
    let screen = imposter.wait_for("3 online");
    assert!(screen.contains("bob 2"), "{screen}");
    // bob's key gets his name back.
    drop(imposter);
    let mut bob = Client::start(served.ssh_args("bob"), &[]);
    let screen = bob.wait_for("3 online");
    assert!(
        screen.contains("bob") && !screen.contains("bob 2") && !screen.contains("bob 3"),
        "{screen}"
    );
}
