//! The UserActor: one per client session, on the gateway worker thread its socket landed on.
//!
//! Owns the session's login (identity, UserSig expiry), profile (nick, avatar), the rooms
//! it entered, and its per-user send limit. It answers requests by pushing frames into the
//! session's [`OutboundQueue`]; rooms answer posts there directly.
//!
//! Lifecycle: started by the gateway on upgrade; stops when the socket ends ([`Disconnected`])
//! or after a kick. On stop it leaves every room and releases its login.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix::prelude::*;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use liveroom_auth::{AuthError, SigError};
use liveroom_cluster::{CreateOutcome, DirectoryError, NewRoom};
use liveroom_protocol::client::{ClientCommand, MediaLeg};
use liveroom_protocol::server::{error_frame, ok_response, ServerEvent};
use liveroom_protocol::{CloseCode, ErrorCode, MessagePayload, Priority, Request, RoomId, UserId};
use liveroom_telemetry::metrics;
use serde_json::json;

use crate::host::{LoginScope, NodeHost};
use crate::outbound::{FrameKind, OutboundQueue};
use crate::room::{Member, Post, Profile, RoomNotice};
use crate::route::RoomRef;
use crate::{unix_now, SessionId};

struct Login {
    user: UserId,
    expires_at: u64,
    is_admin: bool,
    scope: LoginScope,
}

/// The rooms a session is in: a handful at most (`session.max_rooms`), so a vector; a
/// map's smallest table would cost every idle viewer more than its one room.
#[derive(Default)]
struct EnteredRooms(Vec<RoomRef>);

impl EnteredRooms {
    fn get(&self, room_id: &RoomId) -> Option<&RoomRef> {
        self.0.iter().find(|r| r.room_id() == room_id)
    }

    fn insert(&mut self, room: RoomRef) {
        match self.0.iter_mut().find(|r| r.room_id() == room.room_id()) {
            Some(known) => *known = room,
            None => self.0.push(room),
        }
    }

    fn remove(&mut self, room_id: &RoomId) -> Option<RoomRef> {
        let at = self.0.iter().position(|r| r.room_id() == room_id)?;
        Some(self.0.swap_remove(at))
    }

    fn iter(&self) -> impl Iterator<Item = &RoomRef> {
        self.0.iter()
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn drain(&mut self) -> impl Iterator<Item = RoomRef> + '_ {
        self.0.drain(..)
    }
}

/// One client session. See the module docs.
pub struct UserActor {
    session: SessionId,
    sdkappid: u64,
    host: Arc<NodeHost>,
    queue: OutboundQueue,
    login: Option<Login>,
    nick: String,
    avatar: String,
    rooms: EnteredRooms,
    entering: usize,
    send_limiter: DefaultDirectRateLimiter,
    expiry: Option<SpawnHandle>,
    close_reason: &'static str,
    /// Streams this session publishes.
    published: HashMap<String, liveroom_sfu::PeerId>,
    /// The client's address, for per-address media limits.
    addr: Option<std::net::IpAddr>,
    /// Held until the session logs in or enters a room: the gateway's count of handshakes
    /// in progress per address goes down when it is dropped.
    handshake: Option<Box<dyn Send>>,
    /// Play legs of this session: play id → peer.
    playing: HashMap<u64, liveroom_sfu::PeerId>,
    /// Connection tests of this session (each also closes on its own after 15 s).
    probes: Vec<liveroom_sfu::PeerId>,
    /// An ICE restart is being answered: one at a time per session, so a client cannot
    /// queue renegotiations faster than the engine answers them.
    restarting_ice: bool,
}

/// Maps an authentication failure to its wire code.
pub fn auth_error_code(e: &AuthError) -> ErrorCode {
    match e {
        AuthError::UnknownApp(_) => ErrorCode::UnknownApp,
        AuthError::InvalidUserId(_) => ErrorCode::InvalidUserId,
        AuthError::Sig(s) => match s {
            SigError::Empty => ErrorCode::UserSigEmpty,
            SigError::TooLong | SigError::NotBase64 => ErrorCode::UserSigEncoding,
            SigError::NotZlib => ErrorCode::UserSigCompression,
            SigError::BadJson(_) | SigError::UnsupportedVersion => ErrorCode::UserSigContent,
            SigError::AppMismatch => ErrorCode::UserSigAppMismatch,
            SigError::UserMismatch => ErrorCode::UserSigUserMismatch,
            SigError::Expired => ErrorCode::UserSigExpired,
            SigError::BadSignature => ErrorCode::UserSigSignature,
        },
    }
}

/// The metric label of an authentication failure.
pub fn auth_error_label(e: &AuthError) -> &'static str {
    match e {
        AuthError::UnknownApp(_) => "unknown_app",
        AuthError::InvalidUserId(_) => "invalid_user_id",
        AuthError::Sig(s) => match s {
            SigError::Empty => "empty",
            SigError::TooLong => "too_long",
            SigError::NotBase64 => "not_base64",
            SigError::NotZlib => "not_zlib",
            SigError::BadJson(_) => "bad_json",
            SigError::UnsupportedVersion => "bad_version",
            SigError::AppMismatch => "app_mismatch",
            SigError::UserMismatch => "user_mismatch",
            SigError::Expired => "expired",
            SigError::BadSignature => "bad_signature",
        },
    }
}

impl UserActor {
    /// A session of app `sdkappid` writing to `queue`.
    pub fn new(session: SessionId, sdkappid: u64, host: Arc<NodeHost>, queue: OutboundQueue) -> Self {
        let rate = host.config().session.send_rate.max(1);
        let quota = Quota::per_second(NonZeroU32::new(rate).expect("max(1)"))
            .allow_burst(NonZeroU32::new(rate.saturating_mul(2)).expect("non-zero"));
        Self {
            session,
            sdkappid,
            host,
            queue,
            login: None,
            nick: String::new(),
            avatar: String::new(),
            rooms: EnteredRooms::default(),
            entering: 0,
            send_limiter: RateLimiter::direct(quota),
            expiry: None,
            close_reason: "client",
            published: HashMap::new(),
            playing: HashMap::new(),
            probes: Vec::new(),
            restarting_ice: false,
            addr: None,
            handshake: None,
        }
    }

    /// Something to drop once the session has logged in or entered a room (the gateway's
    /// per-address handshake slot).
    pub fn with_handshake(self, guard: Box<dyn Send>) -> Self {
        Self { handshake: Some(guard), ..self }
    }

    /// The client's address, for per-address limits (none: exempt, e.g. a local proxy).
    pub fn with_addr(self, addr: Option<std::net::IpAddr>) -> Self {
        Self { addr, ..self }
    }

    fn push(&self, frame: String) {
        self.queue.push(frame.into(), Priority::High, FrameKind::Control, Instant::now());
    }

    fn ok(&self, id: Option<u64>, data: serde_json::Value) {
        if let Some(id) = id {
            self.push(ok_response(id, data));
        }
    }

    fn fail(&self, id: Option<u64>, code: ErrorCode, message: &str) {
        metrics().chat.protocol_errors.with_label_values(&[&code.value().to_string()]).inc();
        self.push(error_frame(id, code, message));
    }

    fn fail_code(&self, id: Option<u64>, code: ErrorCode) {
        self.fail(id, code, code.default_message());
    }

    fn profile(&self) -> Profile {
        Profile { nick: self.nick.clone(), avatar: self.avatar.clone() }
    }

    fn member(&self, ctx: &Context<Self>) -> Member {
        let addr = ctx.address();
        Member {
            sink: crate::room::Sink::Queue(self.queue.clone()),
            // A media (rtc) session is in a room to hear its stream events: it must neither
            // replace the user's chat membership nor make join / leave tips.
            user: self.login.as_ref().filter(|l| l.scope == LoginScope::Im).map(|l| l.user.clone()),
            profile: self.profile(),
            notify: Arc::new(move |notice| addr.do_send(Notice(notice))),
        }
    }

    /// `restartIce`: the client's ICE-restart offer for one of this session's legs; answers
    /// the server's full new answer. Only the session's own legs can be named.
    fn restart_ice(&mut self, id: Option<u64>, leg: MediaLeg, offer: &str, ctx: &mut Context<Self>) {
        if self.login.is_none() {
            return self.fail_code(id, ErrorCode::NotLoggedIn);
        }
        let peer = match &leg {
            MediaLeg::Publish { stream_id } => self.published.get(stream_id),
            MediaLeg::Play { play_id } => self.playing.get(play_id),
        };
        let Some(&peer) = peer else {
            return self.fail(id, ErrorCode::ResourceNotFound, "this session has no such publish or play");
        };
        let credentials =
            liveroom_sfu::sdp::attribute(offer, "ice-ufrag").zip(liveroom_sfu::sdp::attribute(offer, "ice-pwd"));
        let Some((ufrag, pwd)) = credentials else {
            return self.fail(id, ErrorCode::InvalidSdp, "an ICE restart offer needs a=ice-ufrag and a=ice-pwd");
        };
        if self.restarting_ice {
            return self.fail(id, ErrorCode::Busy, "an ICE restart of this session is being answered");
        }
        self.restarting_ice = true;
        let (host, ufrag, pwd) = (self.host.clone(), ufrag.to_owned(), pwd.to_owned());
        let fut = async move { host.restart_ice(peer, ufrag, pwd).await };
        ctx.spawn(fut.into_actor(self).map(move |res, act, _| {
            act.restarting_ice = false;
            match res {
                Ok(restart) => act.ok(id, json!({ "sdp": restart.sdp })),
                Err(r) => act.fail(id, r.code, &r.message),
            }
        }));
    }

    fn leave_all_rooms(&mut self) {
        for room in self.rooms.drain() {
            room.leave(self.session);
        }
    }

    fn kick(&mut self, code: CloseCode, ctx: &mut Context<Self>) {
        self.push(ServerEvent::Kicked { reason: code.reason() }.encode());
        self.queue.close(code);
        self.close_reason = match code {
            CloseCode::KickedMultipleAccount => "kicked",
            CloseCode::UserSigExpired => "expired",
            _ => "server",
        };
        // The replacing session owns the login now; do not release it on stop.
        if code == CloseCode::KickedMultipleAccount {
            self.login = None;
        }
        ctx.stop();
    }

    fn handle_request(&mut self, req: Request, ctx: &mut Context<Self>) {
        let id = req.id;
        match req.command {
            ClientCommand::Ping => self.ok(id, json!({})),
            ClientCommand::Login { user_id, user_sig, rtc } => {
                let scope = if rtc { LoginScope::Rtc } else { LoginScope::Im };
                self.login(id, &user_id, &user_sig, scope, ctx)
            }
            ClientCommand::Publish { room_id, sdp, stream_id } => {
                let Some(login) = &self.login else { return self.fail_code(id, ErrorCode::NotLoggedIn) };
                let client = crate::MediaClient { sdkappid: self.sdkappid, user: login.user.clone(), addr: self.addr };
                let (host, is_admin, queue) = (self.host.clone(), login.is_admin, self.queue.clone());
                let fut = async move { host.publish(&client, &room_id, is_admin, stream_id, sdp, Some(queue)).await };
                ctx.spawn(fut.into_actor(self).map(move |res, act, _| match res {
                    Ok((stream_id, answer)) => {
                        act.published.insert(stream_id.clone(), answer.peer);
                        act.ok(id, json!({ "streamID": stream_id, "sdp": answer.sdp }));
                    }
                    Err(r) => act.fail(id, r.code, &r.message),
                }));
            }
            ClientCommand::Unpublish { stream_id } => {
                if !self.published.contains_key(&stream_id) || !self.host.unpublish(&stream_id) {
                    return self.fail(id, ErrorCode::StreamNotLive, "this session does not publish that stream");
                }
                self.published.remove(&stream_id);
                self.ok(id, json!({ "streamID": stream_id }));
            }
            ClientCommand::Play { room_id, sdp, stream_id } => {
                let Some(login) = &self.login else { return self.fail_code(id, ErrorCode::NotLoggedIn) };
                let client = crate::MediaClient { sdkappid: self.sdkappid, user: login.user.clone(), addr: self.addr };
                let (host, sdkappid, queue) = (self.host.clone(), self.sdkappid, self.queue.clone());
                let fut =
                    async move { host.play(sdkappid, Some(&client), &room_id, stream_id, sdp, Some(queue)).await };
                ctx.spawn(fut.into_actor(self).map(move |res, act, _| match res {
                    Ok((stream_id, answer)) => {
                        let play_id = answer.peer.0;
                        act.playing.insert(play_id, answer.peer);
                        act.ok(id, json!({ "streamID": stream_id, "playID": play_id, "sdp": answer.sdp }));
                    }
                    Err(r) => act.fail(id, r.code, &r.message),
                }));
            }
            ClientCommand::RestartIce { leg, sdp } => self.restart_ice(id, leg, &sdp, ctx),
            ClientCommand::Probe { sdp } => {
                let (host, addr) = (self.host.clone(), self.addr);
                let fut = async move { host.probe(addr, sdp).await };
                ctx.spawn(fut.into_actor(self).map(move |res, act, _| match res {
                    Ok(answer) => {
                        // A session testing its connection is not a stalled handshake.
                        act.handshake = None;
                        // Older ones have closed on their timers (an address runs a few at
                        // once), so the session remembers the last few only.
                        if act.probes.len() >= 4 {
                            act.probes.remove(0);
                        }
                        act.probes.push(answer.peer);
                        let lifetime = liveroom_protocol::client::PROBE_LIFETIME_SECS;
                        act.ok(id, json!({ "probeID": answer.peer.0, "sdp": answer.sdp, "expiresIn": lifetime }));
                    }
                    Err(r) => act.fail(id, r.code, &r.message),
                }));
            }
            ClientCommand::StopPlay { play_id } => match self.playing.remove(&play_id) {
                Some(peer) => {
                    self.host.close_peer(peer);
                    self.ok(id, json!({ "playID": play_id }));
                }
                None => self.fail(id, ErrorCode::ResourceNotFound, "no such play"),
            },
            ClientCommand::Logout => {
                if let Some(login) = self.login.take() {
                    self.leave_all_rooms();
                    self.host.release_user(self.sdkappid, &login.user, login.scope, self.session);
                    if let Some(h) = self.expiry.take() {
                        ctx.cancel_future(h);
                    }
                }
                self.ok(id, json!({}));
            }
            ClientCommand::GetMyProfile => match &self.login {
                Some(_) => self.ok(id, json!({ "nick": self.nick, "avatar": self.avatar })),
                None => self.fail_code(id, ErrorCode::NotLoggedIn),
            },
            ClientCommand::SetMyProfile { nick, avatar } => {
                if self.login.is_none() {
                    return self.fail_code(id, ErrorCode::NotLoggedIn);
                }
                if let Some(a) = &avatar {
                    if !(a.is_empty() || a.starts_with("http://") || a.starts_with("https://")) {
                        return self.fail(id, ErrorCode::InvalidParameter, "avatar must be an http(s) URL");
                    }
                }
                if let Some(n) = nick {
                    self.nick = n;
                }
                if let Some(a) = avatar {
                    self.avatar = a;
                }
                self.ok(id, json!({ "nick": self.nick, "avatar": self.avatar }));
            }
            ClientCommand::CreateRoom { room_id, name, notification, introduction, avatar } => {
                let Some(login) = &self.login else {
                    return self.fail_code(id, ErrorCode::NotLoggedIn);
                };
                if let Err(r) =
                    self.host.allow_room_creation(self.sdkappid, login.user.as_str(), login.is_admin, self.addr)
                {
                    return self.fail(id, r.code, &r.message);
                }
                let room = NewRoom {
                    title: name,
                    notification,
                    introduction,
                    avatar,
                    owner_is_admin: login.is_admin,
                    ..NewRoom::new(login.user.clone())
                };
                let directory = self.host.directory().clone();
                let sdkappid = self.sdkappid;
                let fut = async move { directory.create_room(sdkappid, room_id, room, unix_now()).await };
                ctx.spawn(fut.into_actor(self).map(move |res, act, _| match res {
                    Ok(CreateOutcome::Created(r)) => {
                        crate::hooks::room_created(act.host.webhooks(), &r);
                        act.ok(id, json!({ "group": r }))
                    }
                    Ok(CreateOutcome::ExistsOwned(_)) => act.fail_code(id, ErrorCode::RoomExistsOwned),
                    Ok(CreateOutcome::TakenByOther(_)) => act.fail_code(id, ErrorCode::RoomIdTaken),
                    Err(e @ (DirectoryError::UserRoomLimit(_) | DirectoryError::RoomLimit(_))) => {
                        if matches!(e, DirectoryError::UserRoomLimit(_)) {
                            metrics().chat.limit_refusals.with_label_values(&["rooms_per_user"]).inc();
                        }
                        act.fail(id, ErrorCode::QuotaExceeded, &e.to_string())
                    }
                    Err(e) => act.fail(id, ErrorCode::Busy, &e.to_string()),
                }));
            }
            ClientCommand::EnterRoom { room_id, last_seq, incarnation } => {
                self.enter(id, room_id, last_seq, incarnation, ctx)
            }
            ClientCommand::ExitRoom { room_id } => match self.rooms.remove(&room_id) {
                Some(room) => {
                    room.leave(self.session);
                    self.ok(id, json!({ "groupID": room_id }));
                }
                None => self.fail_code(id, ErrorCode::NotInRoom),
            },
            ClientCommand::GetRoomInfo { room_id } => {
                let host = self.host.clone();
                let sdkappid = self.sdkappid;
                let fut = async move {
                    let room = host.room(sdkappid, &room_id).await?;
                    room.info().await
                };
                ctx.spawn(fut.into_actor(self).map(move |res, act, _| match res {
                    Ok(info) => act.ok(id, json!(info)),
                    Err(code) => act.fail_code(id, code),
                }));
            }
            ClientCommand::SendText { room_id, text, priority, client_msg_id } => {
                self.send(id, room_id, MessagePayload::Text { text }, priority, client_msg_id, false, ctx)
            }
            ClientCommand::SendCustom { room_id, data, description, extension, priority, client_msg_id } => {
                let payload = MessagePayload::Custom { data, description, extension };
                self.send(id, room_id, payload, priority, client_msg_id, false, ctx)
            }
            ClientCommand::SendImage { room_id, image, priority, client_msg_id } => {
                let Some(login) = &self.login else { return self.fail_code(id, ErrorCode::NotLoggedIn) };
                let claims = liveroom_auth::ImageClaims {
                    sdkappid: self.sdkappid,
                    room: room_id.as_str(),
                    user: login.user.as_str(),
                    uuid: &image.uuid,
                    url: &image.url,
                    format: image.image_format,
                    width: image.width,
                    height: image.height,
                    size: image.size,
                };
                if !self.host.apps().verify_image(&claims, &image.token) {
                    metrics().chat.limit_refusals.with_label_values(&["image_token"]).inc();
                    let message = "not an image you uploaded to this room: upload it with POST /api/rooms/{room}/images and send its answer unchanged";
                    return self.fail(id, ErrorCode::PermissionDenied, message);
                }
                let payload = MessagePayload::image(
                    image.uuid,
                    image.image_format,
                    image.url,
                    image.width,
                    image.height,
                    image.size,
                );
                self.send(id, room_id, payload, priority, client_msg_id, false, ctx)
            }
            ClientCommand::StopPush { room_id, postscript, client_msg_id } => {
                let payload = MessagePayload::Custom {
                    data: "push_stopped".into(),
                    description: postscript,
                    extension: String::new(),
                };
                self.send(id, room_id, payload, Priority::High, client_msg_id, true, ctx)
            }
        }
    }

    fn login(&mut self, id: Option<u64>, user_id: &str, user_sig: &str, scope: LoginScope, ctx: &mut Context<Self>) {
        let now = unix_now();
        let identity = match self.host.apps().authenticate(self.sdkappid, user_id, user_sig, now) {
            Ok(identity) => identity,
            Err(e) => {
                metrics().chat.auth_failures.with_label_values(&[auth_error_label(&e)]).inc();
                tracing::info!(
                    session = self.session.0,
                    user = user_id,
                    reason = auth_error_label(&e),
                    "login refused"
                );
                return self.fail(id, auth_error_code(&e), &e.to_string());
            }
        };
        let user = match UserId::new(&identity.user_id) {
            Ok(u) => u,
            Err(e) => return self.fail(id, ErrorCode::InvalidUserId, &e.to_string()),
        };
        if let Some(current) = &self.login {
            if current.user == user {
                // A repeated login refreshes the expiry (a new UserSig) and reports it.
                self.login = Some(Login {
                    user: user.clone(),
                    expires_at: identity.expires_at,
                    is_admin: identity.is_admin,
                    scope: current.scope,
                });
                self.schedule_expiry(ctx);
                return self.ok(id, json!({ "repeatLogin": true, "userID": user, "expiresAt": identity.expires_at }));
            }
            return self.fail_code(id, ErrorCode::AlreadyLoggedIn);
        }
        self.login =
            Some(Login { user: user.clone(), expires_at: identity.expires_at, is_admin: identity.is_admin, scope });
        self.handshake = None;
        if self.nick.is_empty() {
            self.nick = user.to_string();
        }
        self.host.claim_user(self.sdkappid, &user, scope, self.session, ctx.address());
        self.schedule_expiry(ctx);
        for room in self.rooms.iter().filter(|_| scope == LoginScope::Im) {
            room.identify(self.session, user.clone(), self.profile());
        }
        tracing::info!(session = self.session.0, user = %user, sdkappid = self.sdkappid, "logged in");
        self.ok(id, json!({ "userID": user, "expiresAt": identity.expires_at }));
    }

    fn schedule_expiry(&mut self, ctx: &mut Context<Self>) {
        if let Some(h) = self.expiry.take() {
            ctx.cancel_future(h);
        }
        let Some(login) = &self.login else { return };
        // Re-armed in steps of at most a day, so far-future expiries need no huge timer.
        let left = login.expires_at.saturating_sub(unix_now()).min(86_400);
        self.expiry =
            Some(ctx.run_later(Duration::from_secs(left) + Duration::from_millis(500), |act, ctx| match &act.login {
                Some(l) if l.expires_at < unix_now() => act.kick(CloseCode::UserSigExpired, ctx),
                Some(_) => act.schedule_expiry(ctx),
                None => {}
            }));
    }

    fn enter(
        &mut self,
        id: Option<u64>,
        room_id: RoomId,
        last_seq: Option<u64>,
        incarnation: Option<u32>,
        ctx: &mut Context<Self>,
    ) {
        // Already in: the room answers `AlreadyInGroup` with its current figures.
        let known = self.rooms.get(&room_id).cloned();
        if known.is_none() && self.rooms.len() + self.entering >= self.host.config().session.max_rooms {
            return self.fail_code(id, ErrorCode::TooManyRooms);
        }
        self.entering += 1;
        let host = self.host.clone();
        let sdkappid = self.sdkappid;
        let member = self.member(ctx);
        let session = self.session;
        let fut = async move {
            let room = host.room(sdkappid, &room_id).await?;
            let entered = room.enter(session, member, last_seq, incarnation).await?;
            Ok::<_, ErrorCode>((room, entered))
        };
        ctx.spawn(fut.into_actor(self).map(move |res, act, _| {
            act.entering -= 1;
            match res {
                Ok((room, entered)) => {
                    let room_id = room.room_id().clone();
                    act.rooms.insert(room);
                    act.handshake = None;
                    act.ok(
                        id,
                        json!({
                            "status": entered.status,
                            "groupID": room_id,
                            "memberCount": entered.member_count,
                            "lastSeq": entered.last_seq,
                            "incarnation": entered.incarnation,
                            "streams": entered.streams,
                        }),
                    );
                }
                Err(code) => act.fail_code(id, code),
            }
        }));
    }

    #[allow(clippy::too_many_arguments)]
    fn send(
        &mut self,
        id: Option<u64>,
        room_id: RoomId,
        payload: MessagePayload,
        priority: Priority,
        client_msg_id: Option<String>,
        owner_only: bool,
        ctx: &mut Context<Self>,
    ) {
        let Some(login) = &self.login else {
            return self.fail_code(id, ErrorCode::NotLoggedIn);
        };
        let Some(room) = self.rooms.get(&room_id) else {
            return self.fail_code(id, ErrorCode::NotInRoom);
        };
        if self.send_limiter.check().is_err() {
            metrics().chat.messages_dropped.with_label_values(&["user_rate", priority.label()]).inc();
            return self.fail_code(id, ErrorCode::RateLimited);
        }
        let post = Post {
            session: self.session,
            user: login.user.clone(),
            nick: self.nick.clone(),
            avatar: self.avatar.clone(),
            payload,
            priority,
            client_msg_id,
            request_id: id,
        };
        // Checked by the app's backend when configured: text, custom and image messages, not
        // likes (their rate is the room's) nor the owner's stopPush.
        let hook = self
            .host
            .before_send()
            .filter(|b| {
                b.covers(self.sdkappid)
                    && !owner_only
                    && !post.payload.is_like()
                    && !matches!(post.payload, MessagePayload::GroupTip { .. })
            })
            .cloned();
        let Some(hook) = hook else {
            let posted = room.post(post, owner_only);
            ctx.spawn(posted.into_actor(self).map(move |res, act, _| {
                if let Err(code) = res {
                    act.fail_code(id, code);
                }
            }));
            return;
        };
        // The app's backend sees it first. The session waits (its later messages stay
        // behind this one, in order), at most the callback's timeout.
        let (sdkappid, sent) = (self.sdkappid, post.payload.clone());
        let (from, room_name, msg_id) = (post.user.to_string(), room_id.to_string(), post.client_msg_id.clone());
        let fut = async move {
            let value = serde_json::to_value(&sent).unwrap_or_default();
            let proposed = liveroom_webhooks::Proposed {
                sdkappid,
                room_id: &room_name,
                from: &from,
                kind: value["type"].as_str().unwrap_or_default(),
                payload: value["payload"].clone(),
                client_msg_id: msg_id.as_deref(),
            };
            hook.decide(&proposed).await
        };
        ctx.wait(fut.into_actor(self).map(move |decision, act, ctx| {
            let mut post = post;
            match decision {
                liveroom_webhooks::Decision::Allow => {}
                liveroom_webhooks::Decision::Refuse(reason) => return act.fail(id, ErrorCode::MessageRefused, &reason),
                liveroom_webhooks::Decision::Rewrite(payload) => match rewritten(&post.payload, payload) {
                    Some(p) => post.payload = p,
                    None => {
                        metrics().chat.before_send.with_label_values(&["bad_rewrite"]).inc();
                        return act.fail(
                            id,
                            ErrorCode::MessageRefused,
                            "the app rewrote this message into something else",
                        );
                    }
                },
            }
            let Some(room) = act.rooms.get(&room_id) else { return act.fail_code(id, ErrorCode::NotInRoom) };
            let posted = room.post(post, owner_only);
            ctx.spawn(posted.into_actor(act).map(move |res, act, _| {
                if let Err(code) = res {
                    act.fail_code(id, code);
                }
            }));
        }));
    }
}

/// A before-send rewrite taken only as a payload of the original's type within the size
/// cap (a backend cannot turn a text into an image or an oversized message).
fn rewritten(original: &MessagePayload, payload: serde_json::Value) -> Option<MessagePayload> {
    let kind = serde_json::to_value(original).ok()?["type"].clone();
    let new: MessagePayload = serde_json::from_value(json!({ "type": kind, "payload": payload })).ok()?;
    let same = std::mem::discriminant(&new) == std::mem::discriminant(original);
    (same && new.body_len() <= liveroom_protocol::client::MAX_MESSAGE_BYTES).then_some(new)
}

impl Actor for UserActor {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Context<Self>) {
        // Room for a full frame burst from the reader (which shares this thread).
        let burst = self.host.config().session.frame_rate as usize * 2 + 16;
        ctx.set_mailbox_capacity(burst.clamp(64, 4096));
        metrics().chat.connections.inc();
        self.host.register_queue(self.session, self.queue.clone());
        // A connection that neither logs in, enters a room nor tests its connection is a
        // held socket and nothing else: it goes after the handshake time.
        ctx.run_later(self.host.config().session.handshake_timeout, |act, ctx| {
            if act.login.is_none() && act.rooms.is_empty() && act.entering == 0 && act.probes.is_empty() {
                metrics().chat.limit_refusals.with_label_values(&["handshake_timeout"]).inc();
                act.close_reason = "handshake_timeout";
                act.queue.close(CloseCode::HandshakeTimeout);
                ctx.stop();
            }
        });
    }

    fn stopped(&mut self, _: &mut Context<Self>) {
        self.leave_all_rooms();
        // A session's media ends with it (the publisher left: the room is told).
        for (stream, _) in self.published.drain() {
            self.host.unpublish(&stream);
        }
        for (_, peer) in self.playing.drain() {
            self.host.close_peer(peer);
        }
        for peer in self.probes.drain(..) {
            self.host.close_peer(peer);
        }
        if let Some(login) = self.login.take() {
            self.host.release_user(self.sdkappid, &login.user, login.scope, self.session);
        }
        self.host.unregister_queue(self.session);
        metrics().chat.connections.dec();
        metrics().chat.sessions_closed.with_label_values(&[self.close_reason]).inc();
        tracing::debug!(session = self.session.0, reason = self.close_reason, "session ended");
    }
}

/// A decoded client request, from the gateway.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Incoming(pub Request);

impl Handler<Incoming> for UserActor {
    type Result = ();
    fn handle(&mut self, msg: Incoming, ctx: &mut Context<Self>) {
        self.handle_request(msg.0, ctx);
    }
}

/// The socket ended (client closed, network error, idle timeout, protocol violation).
#[derive(Message)]
#[rtype(result = "()")]
pub struct Disconnected(pub &'static str);

impl Handler<Disconnected> for UserActor {
    type Result = ();
    fn handle(&mut self, msg: Disconnected, ctx: &mut Context<Self>) {
        if self.close_reason == "client" {
            self.close_reason = msg.0;
        }
        ctx.stop();
    }
}

/// The host kicks this session (another login of the same user).
#[derive(Message)]
#[rtype(result = "()")]
pub struct Kicked(pub CloseCode);

impl Handler<Kicked> for UserActor {
    type Result = ();
    fn handle(&mut self, msg: Kicked, ctx: &mut Context<Self>) {
        self.kick(msg.0, ctx);
    }
}

/// A room removed this session.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Notice(pub RoomNotice);

impl Handler<Notice> for UserActor {
    type Result = ();
    fn handle(&mut self, msg: Notice, _: &mut Context<Self>) {
        match msg.0 {
            RoomNotice::Removed { room_id, .. } => {
                self.rooms.remove(&room_id);
            }
        }
    }
}
