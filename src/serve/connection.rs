//! One SSH connection before the workshop: its place within the connection limits (in
//! all and per address), its authentication attempts, who it turned out to be, and what
//! is logged when it ends. Must not depend on `cli`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use russh::keys::PublicKey;
use russh::server::Auth;
use russh::{ChannelId, MethodSet};
use tokio::sync::mpsc;

use super::auth::{self, KeyFile, Role};
use super::hub::Msg;
use super::{MAX_AUTH_ATTEMPTS, MAX_KEY_OFFERS, log};

/// What every connection shares: the way to the hub, who may come in, the limits.
pub struct Shared {
    pub(super) hub: mpsc::Sender<Msg>,
    /// The authentication methods offered, kept open after a failure under the limit.
    pub(super) methods: MethodSet,
    pub(super) facilitators: Option<KeyFile>,
    pub(super) participants: Option<KeyFile>,
    pub(super) join_code: Option<String>,
    pub(super) join_role: Role,
    pub(super) next_id: AtomicU64,
    pub(super) connections: AtomicUsize,
    pub(super) max_connections: usize,
    pub(super) max_per_address: usize,
    pub(super) per_address: std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, usize>>,
    /// A client that takes no screen for this long is dropped.
    pub(super) slow_client: Duration,
    /// Connections not yet authenticated, oldest first, within their own limit.
    pub(super) waiting: std::sync::Mutex<std::collections::VecDeque<(u64, Arc<ConnState>)>>,
    pub(super) startups: Startups,
    /// Join-code attempts are spaced out for everyone once codes go wrong.
    pub(super) code_gate: CodeGate,
}

/// OpenSSH's `MaxStartups start:rate:full` for connections that have not logged in yet:
/// up to `start` come in; from there each new one is dropped with a chance growing from
/// `rate` % to 100 % at `full`. At `full` the oldest waiting connection that has not
/// even asked to log in gives its place to the newcomer, so idle sockets cannot hold the
/// door shut on a facilitator (OpenSSH would refuse everyone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Startups {
    pub start: usize,
    pub rate: u32,
    pub full: usize,
}

impl std::str::FromStr for Startups {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let parts: Vec<&str> = s.split(':').collect();
        let bad = || format!("expected START:RATE:FULL (e.g. 8:30:16), found `{s}`");
        let [start, rate, full] = parts[..] else {
            return Err(bad());
        };
        let (start, rate, full) = (
            start.parse::<usize>().map_err(|_| bad())?,
            rate.parse::<u32>().map_err(|_| bad())?,
            full.parse::<usize>().map_err(|_| bad())?,
        );
        if start == 0 || start > full || rate > 100 {
            return Err(format!(
                "--max-startups {s}: START must be at least 1 and at most FULL, RATE at most 100"
            ));
        }
        Ok(Startups { start, rate, full })
    }
}

/// What happens to a new connection as far as waiting connections go.
#[derive(Debug, PartialEq, Eq)]
pub enum Startup {
    Admit,
    /// Dropped at random (between `start` and `full`).
    Drop,
}

/// The chance in percent of dropping a newcomer when `waiting` connections wait.
pub fn drop_chance(s: Startups, waiting: usize) -> u32 {
    if waiting < s.start {
        0
    } else if waiting >= s.full {
        // Let in; the oldest idle one goes instead (see `Shared::startup`).
        0
    } else {
        let span = (s.full - s.start) as u32;
        s.rate + (100 - s.rate) * (waiting - s.start) as u32 / span.max(1)
    }
}

/// Spaces join-code checks out for everyone after a wrong one: each check while the gate
/// is closed takes the next slot, so guessing from many connections at once is no faster
/// than from one.
#[derive(Default)]
pub struct CodeGate {
    next: std::sync::Mutex<Option<tokio::time::Instant>>,
}

/// The space between join-code checks after a wrong code: at most 4 wrong codes a second
/// from everyone together (each connection also waits `auth_rejection_time`).
pub const CODE_GAP: Duration = Duration::from_millis(250);

impl CodeGate {
    /// When this check may run: now if no code went wrong lately, else the next slot.
    pub fn slot(&self) -> tokio::time::Instant {
        let now = tokio::time::Instant::now();
        let Ok(mut next) = self.next.lock() else {
            return now;
        };
        match *next {
            Some(t) if t > now => {
                *next = Some(t + CODE_GAP);
                t
            }
            _ => now,
        }
    }

    /// A wrong code: the gate closes for a while.
    pub fn wrong(&self) {
        let now = tokio::time::Instant::now();
        if let Ok(mut next) = self.next.lock() {
            *next = Some(next.map_or(now, |t| t.max(now)) + CODE_GAP);
        }
    }
}

impl Shared {
    /// Admits a new connection among those waiting to log in, or drops it at random
    /// (see [`Startups`]); at the limit the oldest idle one is hung up on instead.
    pub(super) fn startup(&self, conn: &mut Connection) -> Startup {
        let Ok(mut waiting) = self.waiting.lock() else {
            return Startup::Drop;
        };
        let chance = drop_chance(self.startups, waiting.len());
        if chance > 0 {
            use rand::RngExt;
            if rand::rng().random_range(0..100) < chance {
                return Startup::Drop;
            }
        }
        if waiting.len() >= self.startups.full {
            // Idle ones (nothing asked yet) go first; otherwise the oldest.
            let at = waiting
                .iter()
                .position(|(_, s)| !s.asked.load(Ordering::Acquire))
                .unwrap_or(0);
            if let Some((id, state)) = waiting.remove(at) {
                log(&format!(
                    "hung up on connection {id}: too many waiting to log in"
                ));
                state.hang_up();
                // It stops counting now, not when its task gets round to ending: a
                // burst of idle sockets must not fill `max_connections` meanwhile and
                // turn the facilitator away.
                self.release(&state);
            }
        }
        waiting.push_back((conn.id, Arc::clone(&conn.state)));
        conn.waiting = true;
        Startup::Admit
    }

    /// A connection no longer counts towards `max_connections` (once, however often
    /// this is called for it).
    fn release(&self, state: &ConnState) {
        if !state.released.swap(true, Ordering::AcqRel) {
            self.connections.fetch_sub(1, Ordering::AcqRel);
        }
    }

    /// A connection is no longer waiting to log in (it did, or it ended).
    pub(super) fn done_waiting(&self, id: u64) {
        if let Ok(mut waiting) = self.waiting.lock() {
            waiting.retain(|(i, _)| *i != id);
        }
    }
}

/// What a connection's task and its handler share.
#[derive(Default)]
pub struct ConnState {
    /// Set once authenticated; the handshake deadline checks it.
    pub(super) authed: std::sync::atomic::AtomicBool,
    /// Set once the client asked to log in in any way: it got through key exchange.
    pub(super) asked: std::sync::atomic::AtomicBool,
    /// The socket, to hang up on a client that stopped reading (russh then waits on it
    /// forever) or that russh has let go of.
    pub(super) socket: std::sync::OnceLock<std::net::TcpStream>,
    /// No longer counted among the connections (hung up on to make room).
    pub(super) released: std::sync::atomic::AtomicBool,
}

impl ConnState {
    /// Ends the connection at the socket: both ways, at once.
    pub(super) fn hang_up(&self) {
        if let Some(socket) = self.socket.get() {
            let _ = socket.shutdown(std::net::Shutdown::Both);
        }
    }
}

impl Connection {
    pub(super) fn new(shared: &Arc<Shared>, peer: Option<SocketAddr>) -> Connection {
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
            waiting: false,
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
    pub(super) shared: Arc<Shared>,
    pub(super) id: u64,
    pub(super) peer: Option<SocketAddr>,
    pub(super) over_limit: bool,
    pub(super) state: Arc<ConnState>,
    /// Counted among the connections waiting to log in.
    pub(super) waiting: bool,
    /// Failed authentication attempts, and keys asked about.
    pub(super) failures: usize,
    pub(super) offers: usize,
    /// The client's TERM, and whether it sent `NO_COLOR`: its colours.
    pub(super) term: String,
    pub(super) no_color: bool,
    pub(super) user: String,
    pub(super) key: Option<String>,
    pub(super) role: Option<Role>,
    pub(super) started: Instant,
    pub(super) channel: Option<ChannelId>,
    pub(super) pty: Option<(u16, u16)>,
    pub(super) joined: bool,
    pub(super) input: Option<mpsc::Sender<Vec<u8>>>,
}

impl Connection {
    /// Whether this connection has used up its attempts (or key offers).
    pub(super) fn turned_away(&self) -> bool {
        self.failures >= MAX_AUTH_ATTEMPTS || self.offers > MAX_KEY_OFFERS
    }

    /// A refusal. Under the limits every method stays open (russh would otherwise close
    /// the password method after one wrong code). The refusal that reaches a limit hangs
    /// up at once, an error making russh drop the connection: the client is not even
    /// asked for another try.
    pub(super) fn refuse(&mut self) -> Result<Auth, russh::Error> {
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
    pub(super) fn fail(&mut self) -> Result<Auth, russh::Error> {
        self.failures += 1;
        self.refuse()
    }

    pub(super) fn key_role(&self, key: &PublicKey) -> Option<Role> {
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

    pub(super) async fn admit_code(
        &mut self,
        user: &str,
        typed: &str,
    ) -> Result<Auth, russh::Error> {
        if self.turned_away() {
            return self.refuse();
        }
        tokio::time::sleep_until(self.shared.code_gate.slot()).await;
        match &self.shared.join_code {
            Some(code) if auth::code_matches(typed, code) => {
                self.user = display_name(user);
                self.role = Some(self.shared.join_role);
                Ok(Auth::Accept)
            }
            _ => {
                self.shared.code_gate.wrong();
                log(&format!(
                    "wrong join code from {}",
                    self.peer.map_or_else(|| "?".into(), |p| p.to_string())
                ));
                self.fail()
            }
        }
    }

    /// Authenticated: no longer among those waiting to log in.
    pub(super) fn logged_in(&mut self) {
        self.state.authed.store(true, Ordering::Release);
        if std::mem::take(&mut self.waiting) {
            self.shared.done_waiting(self.id);
        }
    }
}

/// A name safe to show: the SSH user name without controls, at most 16 columns, and
/// without what the list of who is online writes around names (the facilitator's `*`
/// and its look-alikes, `@` before a place, `,` between names, `·` between parts).
pub fn display_name(user: &str) -> String {
    let clean: String = crate::ui::text::sanitize(user, false)
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '*' | '＊'
                    | '∗'
                    | '⁎'
                    | '⁑'
                    | '✱'
                    | '✲'
                    | '✳'
                    | '⋆'
                    | '٭'
                    | '@'
                    | '＠'
                    | ','
                    | '，'
                    | '·'
            )
        })
        .collect();
    let clean = crate::ui::text::truncate(clean.trim(), 16);
    if clean.is_empty() {
        "guest".into()
    } else {
        clean
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.shared.release(&self.state);
        if self.waiting {
            self.shared.done_waiting(self.id);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::hub;
    use russh::MethodKind;

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
            waiting: Default::default(),
            startups: Startups {
                start: 2,
                rate: 50,
                full: 4,
            },
            code_gate: CodeGate::default(),
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

    #[test]
    fn early_drop_grows_from_start_to_full() {
        let s: Startups = "10:30:20".parse().unwrap();
        assert_eq!(drop_chance(s, 9), 0);
        assert_eq!(drop_chance(s, 10), 30);
        assert_eq!(drop_chance(s, 15), 65);
        assert_eq!(drop_chance(s, 19), 93);
        assert!("0:30:10".parse::<Startups>().is_err());
        assert!("10:30:5".parse::<Startups>().is_err());
        assert!("1:130:5".parse::<Startups>().is_err());
        assert!("1:30".parse::<Startups>().is_err());
    }

    #[test]
    fn at_the_limit_an_idle_waiting_connection_makes_room() {
        let shared = shared(64, 64);
        let mut admitted = Vec::new();
        let mut tries = 0;
        // Past `start` some are dropped at random; bounded, all get to `full`.
        while admitted.len() < 4 && tries < 1000 {
            tries += 1;
            let mut c = Connection::new(&shared, from("127.0.0.1"));
            if shared.startup(&mut c) == Startup::Admit {
                admitted.push(c);
            }
        }
        assert_eq!(shared.waiting.lock().unwrap().len(), 4);
        // The second has asked to log in: the first (idle) goes for a newcomer.
        admitted[1].state.asked.store(true, Ordering::Release);
        let mut newcomer = Connection::new(&shared, from("127.0.0.1"));
        assert_eq!(shared.startup(&mut newcomer), Startup::Admit);
        let ids: Vec<u64> = shared
            .waiting
            .lock()
            .unwrap()
            .iter()
            .map(|(i, _)| *i)
            .collect();
        assert!(
            !ids.contains(&admitted[0].id) && ids.contains(&newcomer.id),
            "{ids:?}"
        );
        // One that logs in no longer waits; one that ends neither.
        newcomer.logged_in();
        drop(admitted);
        assert!(shared.waiting.lock().unwrap().is_empty());
    }

    /// Idle sockets fill the waiting list and are hung up on one by one to make room;
    /// each stops counting towards `max_connections` at once, before its task ends, so
    /// the limit is never reached by connections already let go.
    #[test]
    fn one_hung_up_to_make_room_stops_counting_at_once() {
        let shared = shared(6, 64);
        let mut held = Vec::new();
        let mut tries = 0;
        // Far more idle sockets than the limit, each kept alive (its task has not ended).
        while tries < 200 {
            tries += 1;
            let mut c = Connection::new(&shared, from("127.0.0.1"));
            if c.over_limit {
                break;
            }
            if shared.startup(&mut c) == Startup::Admit {
                held.push(c);
            }
        }
        assert_eq!(
            tries, 200,
            "the limit was reached by sockets already hung up on"
        );
        assert_eq!(shared.waiting.lock().unwrap().len(), 4);
        assert_eq!(shared.connections.load(Ordering::Acquire), 4);
        // Their ends come later, and are not counted twice.
        drop(held);
        assert_eq!(shared.connections.load(Ordering::Acquire), 0);
    }

    #[test]
    fn names_cannot_wear_the_facilitator_mark() {
        assert_eq!(display_name("fac*"), "fac");
        assert_eq!(display_name("fac＊"), "fac");
        assert_eq!(display_name("a@M1, b"), "aM1 b");
        assert_eq!(display_name("**"), "guest");
        assert_eq!(display_name("\u{1b}[31mred"), "[31mred");
    }
}
