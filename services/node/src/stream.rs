//! The StreamActor: the control plane of one published stream, on its room's owner node.
//!
//! Owns: the publisher's peer, the set of subscriber peers, whether the stream is live, and
//! telling the room when it goes live and when it ends (publisher left, transport failed,
//! timed out, unpublished). Packets never pass through it: the media engine forwards them
//! from its own table, which this actor changes by commands.
//!
//! Lifecycle: started by [`crate::host::NodeHost::publish`] once the engine accepted the
//! offer; stops when the engine reports the stream ended. Stopping closes its subscribers
//! and unregisters it from the host.

use std::collections::HashMap;
use std::sync::Weak;
use std::time::Instant;

use actix::prelude::*;
use liveroom_protocol::server::ServerEvent;
use liveroom_protocol::{Priority, RoomId, UserId};
use liveroom_sfu::{PeerId, SfuEvent, SfuHandle};

use crate::host::NodeHost;
use crate::outbound::{FrameKind, OutboundQueue};
use crate::route::RoomRef;

/// One published stream. See the module docs.
pub struct StreamActor {
    stream_id: String,
    room_id: RoomId,
    user: UserId,
    room: RoomRef,
    sfu: SfuHandle,
    publisher: PeerId,
    publisher_queue: Option<OutboundQueue>,
    subscribers: HashMap<PeerId, (u64, Option<OutboundQueue>)>,
    live: bool,
    host: Weak<NodeHost>,
    /// When its media started to flow (for `stream.stopped`'s duration).
    live_at: Option<Instant>,
}

impl StreamActor {
    /// A stream published by `user` in `room` through peer `publisher`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        stream_id: String,
        room_id: RoomId,
        user: UserId,
        room: RoomRef,
        sfu: SfuHandle,
        publisher: PeerId,
        publisher_queue: Option<OutboundQueue>,
        host: Weak<NodeHost>,
    ) -> Self {
        Self {
            stream_id,
            room_id,
            user,
            room,
            sfu,
            publisher,
            publisher_queue,
            subscribers: HashMap::new(),
            live: false,
            live_at: None,
            host,
        }
    }

    fn tell(queue: &Option<OutboundQueue>, stream_id: &str, play_id: u64, state: &str) {
        if let Some(q) = queue {
            let frame = ServerEvent::MediaState { stream_id, play_id, state }.encode();
            q.push(frame.into(), Priority::High, FrameKind::Control, Instant::now());
        }
    }

    fn announce(&mut self, live: bool) {
        self.room.stream_changed(self.stream_id.clone(), self.user.clone(), live);
        let seconds = if live {
            self.live_at = Some(Instant::now());
            None
        } else {
            self.live_at.take().map(|at| at.elapsed().as_secs())
        };
        if let Some(host) = self.host.upgrade() {
            let sdkappid = self.room.key().sdkappid;
            crate::hooks::stream_changed(
                host.webhooks(),
                sdkappid,
                &self.room_id,
                &self.stream_id,
                &self.user,
                live,
                seconds,
            );
        }
    }
}

impl Actor for StreamActor {
    type Context = Context<Self>;

    fn started(&mut self, _: &mut Context<Self>) {
        tracing::info!(stream = self.stream_id, room = %self.room_id, user = %self.user, "stream published");
    }

    fn stopped(&mut self, _: &mut Context<Self>) {
        if self.live {
            self.announce(false);
        }
        for (peer, (play_id, queue)) in &self.subscribers {
            // The engine closes viewers of an ended stream itself; tell their sessions now.
            Self::tell(queue, &self.stream_id, *play_id, "closed");
            self.sfu.close(*peer);
        }
        if let Some(host) = self.host.upgrade() {
            host.forget_stream(&self.stream_id, self.publisher, self.subscribers.keys().copied());
        }
        tracing::info!(stream = self.stream_id, "stream ended");
    }
}

/// An event from the media engine about this stream or one of its peers.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Media(pub SfuEvent);

impl Handler<Media> for StreamActor {
    type Result = ();
    fn handle(&mut self, msg: Media, ctx: &mut Context<Self>) {
        match msg.0 {
            SfuEvent::StreamLive { peer, .. } if peer == self.publisher && !self.live => {
                self.live = true;
                self.announce(true);
            }
            SfuEvent::StreamEnded { peer, .. } if peer == self.publisher => ctx.stop(),
            SfuEvent::PeerState { peer, state } => {
                if peer == self.publisher {
                    Self::tell(&self.publisher_queue, &self.stream_id, 0, state);
                } else if let Some((play_id, queue)) = self.subscribers.get(&peer) {
                    Self::tell(queue, &self.stream_id, *play_id, state);
                    if matches!(state, "failed" | "closed") {
                        self.subscribers.remove(&peer);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A new subscriber peer of this stream.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Subscribed {
    /// The peer.
    pub peer: PeerId,
    /// Its play id (what the client calls it).
    pub play_id: u64,
    /// The session to tell about its connection state (none for WHEP).
    pub queue: Option<OutboundQueue>,
}

impl Handler<Subscribed> for StreamActor {
    type Result = ();
    fn handle(&mut self, msg: Subscribed, _: &mut Context<Self>) {
        self.subscribers.insert(msg.peer, (msg.play_id, msg.queue));
    }
}

/// Stop publishing: the engine closes the publisher, then reports the stream ended.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Unpublish;

impl Handler<Unpublish> for StreamActor {
    type Result = ();
    fn handle(&mut self, _: Unpublish, _: &mut Context<Self>) {
        self.sfu.close(self.publisher);
    }
}
