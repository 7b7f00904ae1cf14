//! Without `--headless`, the terminal `moments serve` runs in is the facilitator's own
//! screen: its keys go to the hub, its frames to stdout. Must not depend on `cli`.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use tokio::sync::mpsc;

use super::auth::Role;
use super::connection::display_name;
use super::hub::{Msg, Outbox};

/// Id of the local facilitator in the hub.
pub const LOCAL: u64 = 0;

/// Puts the local terminal in the workshop as a facilitator: its keys go to the hub, its
/// frames to stdout. `done` fires when the local facilitator quits.
pub async fn local_ui(
    hub: mpsc::Sender<Msg>,
    notice: String,
    done: tokio::sync::oneshot::Sender<()>,
) -> Result<crate::runtime::terminal::Guard, String> {
    let guard = crate::runtime::terminal::Guard::enter().map_err(|e| e.to_string())?;
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
    let input = crate::runtime::terminal::spawn_reader();
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
        identity: "local".into(),
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
