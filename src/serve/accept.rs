//! The accept loop: each TCP connection within the limits becomes a russh session with a
//! deadline to authenticate by. Must not depend on `cli`.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::connection::{Connection, Shared};
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
            let Ok(Ok(session)) =
                tokio::time::timeout_at(deadline, russh::server::run_stream(config, socket, conn))
                    .await
            else {
                state.hang_up();
                return;
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
