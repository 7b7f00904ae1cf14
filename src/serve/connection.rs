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
}

/// What a connection's task and its handler share.
#[derive(Default)]
pub struct ConnState {
    /// Set once authenticated; the handshake deadline checks it.
    pub(super) authed: std::sync::atomic::AtomicBool,
    /// The socket, to hang up on a client that stopped reading (russh then waits on it
    /// forever) or that russh has let go of.
    pub(super) socket: std::sync::OnceLock<std::net::TcpStream>,
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

    pub(super) fn admit_code(&mut self, user: &str, typed: &str) -> Result<Auth, russh::Error> {
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
}

/// A name safe to show: the SSH user name without controls, at most 16 columns.
pub fn display_name(user: &str) -> String {
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
