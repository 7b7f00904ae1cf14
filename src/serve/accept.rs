//! The accept loop: each TCP connection within the limits becomes a russh session with a
//! deadline to authenticate by. Must not depend on `cli`.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::connection::{Connection, Shared, Startup};
use super::log;

/// Accepts connections within the limits; each gets a handshake deadline.
pub async fn accept_loop(
    listener: tokio::net::TcpListener,
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
    handshake: Duration,
) -> std::io::Result<()> {
    loop {
        let (socket, peer) = listener.accept().await?;
        let mut conn = Connection::new(&shared, Some(peer));
        if conn.over_limit {
            log(&format!("refused {peer}: too many connections"));
            continue;
        }
        if shared.startup(&mut conn) == Startup::Drop {
            log(&format!(
                "refused {peer}: too many connections waiting to log in"
            ));
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
            let started = tokio::time::Instant::now();
            let deadline = started + handshake;
            // Machines finish key exchange and ask to log in within milliseconds; one
            // that has not by now is only holding a place.
            let ask_by = started + handshake.min(super::ASK_DEADLINE);
            let Ok(Ok(session)) =
                tokio::time::timeout_at(ask_by, russh::server::run_stream(config, socket, conn))
                    .await
            else {
                state.hang_up();
                return;
            };
            let handle = session.handle();
            tokio::pin!(session);
            // The session is a one-shot future: polled again after it finished, russh
            // panics ("called after complete"), so every wait below notes when it ended.
            let mut ended = tokio::select! {
                _ = &mut session => true,
                () = tokio::time::sleep_until(ask_by) => false,
            };
            if !ended && state.asked.load(Ordering::Acquire) {
                ended = tokio::select! {
                    _ = &mut session => true,
                    () = tokio::time::sleep_until(deadline) => false,
                };
            }
            if ended {
                state.hang_up();
                return;
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
                let gone = tokio::time::timeout(Duration::from_secs(1), &mut session)
                    .await
                    .is_ok();
                state.hang_up();
                if gone {
                    return;
                }
            }
            let _ = session.await;
            state.hang_up();
        });
    }
}
