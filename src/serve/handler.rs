//! What russh asks of a connection (authentication, channel, pty, shell, window size,
//! data) and the two tasks that link it to the hub once the workshop starts: a writer that
//! sends the newest frame, a reader that parses bytes into events. Refuses commands,
//! subsystems and forwarding. Must not depend on `cli`.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use russh::server::{Auth, ChannelOpenHandle, Msg as SshMsg, Response, Session};
use russh::{Channel, ChannelId, Pty};
use tokio::sync::mpsc;

use super::auth::{self, Role};
use super::connection::{Connection, display_name};
use super::hub::{self, Msg, Outbox};
use super::{input, log};

impl Connection {
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
                // A code proves nothing about who typed it: each such connection is its own.
                identity: self
                    .key
                    .clone()
                    .unwrap_or_else(|| format!("code:{}", self.id)),
                role: self.role.unwrap_or(Role::Observer),
                size,
                outbox,
                notice: None,
                mono: self.no_color || matches!(self.term.as_str(), "dumb" | "vt100" | "vt52" | ""),
            })
            .await;
    }
}

impl russh::server::Handler for Connection {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        self.state.asked.store(true, Ordering::Release);
        Ok(Auth::reject())
    }

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        self.state.asked.store(true, Ordering::Release);
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
        self.logged_in();
        Ok(())
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        self.state.asked.store(true, Ordering::Release);
        self.admit_code(user, password).await
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        response: Option<Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        self.state.asked.store(true, Ordering::Release);
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
                self.admit_code(user, &typed).await
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
