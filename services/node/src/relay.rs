//! CDN relay triggers: when a room's stream goes live, the RoomActor asks for it to be
//! packaged for LL-HLS / HTTP-FLV ([`RelayHost::stream_live`]); when it ends, packaging
//! stops and the origin keeps the ended playlist (with EXT-X-ENDLIST) for a while so
//! players see the end instead of a 404.
//!
//! The packets come from a tap on the media engine (a bounded queue: a slow packager loses
//! packets, the WebRTC subscribers never wait) and are packaged on the CDN thread
//! ([`liveroom_cdn::RelayRuntime`]); this module is the glue, owning neither. A stream
//! whose source frames its media itself (RTMP ingest) registers a [`DirectFeed`] instead:
//! its packager is handed to the ingest, which feeds it access units and AAC frames as
//! they are, without depacketizing or transcoding.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use liveroom_auth::AppRegistry;
use liveroom_cdn::{Action, Origin, Packager, RelayRuntime};
use liveroom_sfu::{SfuHandle, TapMedia};
use tokio::sync::mpsc;

/// Packets queued for one packager at most (about 2 s of a 1.5 Mbps stream).
const TAP_QUEUE: usize = 1024;
/// How long an ended stream's playlist stays on the origin.
const ENDED_LINGER: Duration = Duration::from_secs(30);

/// Starts and stops packagers. See the module docs.
pub struct RelayHost {
    origin: Arc<Origin>,
    runtime: RelayRuntime,
    sfu: SfuHandle,
    apps: Arc<AppRegistry>,
    /// Streams that feed their packager themselves, by stream id.
    direct: Mutex<HashMap<String, DirectFeed>>,
    /// Records the streams of apps with `record = true` (when configured).
    recorder: Mutex<Option<Arc<liveroom_recorder::Recorder>>>,
    /// Rooms whose streams are recorded on the administrator's request (this node's
    /// streams; until stopped or the node restarts).
    recorded_rooms: Mutex<std::collections::HashSet<(u64, String)>>,
}

/// Where a stream that frames its own media (RTMP) finds its packager, once packaging
/// started (the app relays to the CDN and the stream went live).
pub type DirectFeed = Arc<Mutex<Option<Packager>>>;

impl RelayHost {
    /// A relay for the streams of `sfu`, with its own packaging thread.
    pub fn start(sfu: SfuHandle, apps: Arc<AppRegistry>) -> std::io::Result<Arc<Self>> {
        Ok(Arc::new(Self {
            origin: Origin::new(),
            runtime: RelayRuntime::start()?,
            sfu,
            apps,
            direct: Mutex::new(HashMap::new()),
            recorder: Mutex::new(None),
            recorded_rooms: Mutex::new(std::collections::HashSet::new()),
        }))
    }

    /// What the origin's HTTP handlers serve.
    pub fn origin(&self) -> Arc<Origin> {
        self.origin.clone()
    }

    /// Records, from now on, the streams of apps with `record = true`.
    pub fn set_recorder(&self, recorder: Arc<liveroom_recorder::Recorder>) {
        *self.recorder.lock() = Some(recorder);
    }

    /// The recorder, when recording is configured.
    pub fn recorder(&self) -> Option<Arc<liveroom_recorder::Recorder>> {
        self.recorder.lock().clone()
    }

    /// Whether streams of `room_id` are recorded: the app records every stream, or the
    /// administrator asked for this room.
    fn records(&self, sdkappid: u64, room_id: &str) -> bool {
        self.apps.app(sdkappid).is_some_and(|a| a.record)
            || self.recorded_rooms.lock().contains(&(sdkappid, room_id.to_owned()))
    }

    /// Records room `room_id`'s streams packaged here from now on (until
    /// [`RelayHost::stop_recording_room`]); those of `live_streams` packaged here now start
    /// at once (returned).
    pub fn record_room(&self, sdkappid: u64, room_id: &str, live_streams: &[String]) -> Vec<String> {
        self.recorded_rooms.lock().insert((sdkappid, room_id.to_owned()));
        live_streams.iter().filter(|s| self.record_stream(sdkappid, room_id, s)).cloned().collect()
    }

    /// Stops recording room `room_id`: its recordings in progress finish now.
    pub fn stop_recording_room(&self, sdkappid: u64, room_id: &str, live_streams: &[String]) {
        self.recorded_rooms.lock().remove(&(sdkappid, room_id.to_owned()));
        if let Some(recorder) = self.recorder() {
            for s in live_streams {
                recorder.stop(sdkappid, s);
            }
        }
    }

    /// Records one stream packaged here now; false if it is not (or recording is off).
    pub fn record_stream(&self, sdkappid: u64, room_id: &str, stream_id: &str) -> bool {
        let (Some(recorder), Some(live)) = (self.recorder(), self.origin.get(stream_id)) else { return false };
        if live.ended() {
            return false;
        }
        recorder.follow(sdkappid, room_id, live);
        true
    }

    /// Starts recording `live` if its room's streams are recorded.
    fn record(&self, sdkappid: u64, room_id: &str, live: &Arc<liveroom_cdn::LiveStream>) {
        if !self.records(sdkappid, room_id) {
            return;
        }
        if let Some(recorder) = self.recorder() {
            recorder.follow(sdkappid, room_id, live.clone());
        }
    }

    /// A stream of app `sdkappid` in room `room_id` went live: package it, if the app
    /// relays to the CDN (and record it, if the app records).
    pub fn stream_live(&self, sdkappid: u64, room_id: &str, stream_id: &str) {
        if !self.apps.app(sdkappid).is_some_and(|a| a.cdn_relay) {
            tracing::debug!(stream = stream_id, "CDN relay is off for this app");
            return;
        }
        if let Some(feed) = self.direct.lock().get(stream_id).cloned() {
            // Its source starts it on the origin node; the room's own call (the room may be
            // on this node too) finds it started.
            if feed.lock().is_some() {
                return;
            }
            let live = self.origin.publish(stream_id);
            tracing::info!(stream = stream_id, epoch = live.epoch, "CDN packaging started (fed directly)");
            *feed.lock() = Some(Packager::new(live.clone(), false));
            self.record(sdkappid, room_id, &live);
            self.linger(live);
            return;
        }
        let (tx, rx) = mpsc::channel(TAP_QUEUE);
        let (sfu, origin, runtime, stream_id) =
            (self.sfu.clone(), self.origin.clone(), self.runtime.clone(), stream_id.to_owned());
        let recorder = self.recorder().filter(|_| self.records(sdkappid, room_id));
        let room_id = room_id.to_owned();
        self.runtime.spawn(async move {
            let info = match sfu.attach_tap(stream_id.clone(), tx).await {
                Ok(info) => info,
                Err(e) => {
                    tracing::info!(stream = stream_id, error = %e, "stream ended before packaging started");
                    return;
                }
            };
            // The publisher's first keyframe has usually gone by: ask for one now.
            sfu.request_keyframe(stream_id.clone());
            let live = origin.publish(&stream_id);
            tracing::info!(stream = stream_id, epoch = live.epoch, audio = info.audio, "CDN packaging started");
            runtime.spawn(package(rx, Packager::new(live.clone(), info.audio), sfu, stream_id));
            if let Some(recorder) = recorder {
                recorder.follow(sdkappid, &room_id, live.clone());
            }
            // Forget the publication once it ended and lingered (unless replaced).
            live.until_ended().await;
            tokio::time::sleep(ENDED_LINGER).await;
            origin.remove(&live);
        });
    }

    /// Forgets `live` once it ended and lingered (unless replaced).
    fn linger(&self, live: Arc<liveroom_cdn::LiveStream>) {
        let origin = self.origin.clone();
        self.runtime.spawn(async move {
            live.until_ended().await;
            tokio::time::sleep(ENDED_LINGER).await;
            origin.remove(&live);
        });
    }

    /// A stream that will feed its packager itself (call before it goes live).
    pub fn register_direct(&self, stream_id: &str) -> DirectFeed {
        let feed = DirectFeed::default();
        self.direct.lock().insert(stream_id.to_owned(), feed.clone());
        feed
    }

    /// A stream ended: stop copying its packets (the packager then finishes); a directly
    /// fed one's packager finishes now.
    pub fn stream_ended(&self, stream_id: &str) {
        self.sfu.detach_tap(stream_id.to_owned());
        let feed = self.direct.lock().remove(stream_id);
        if let Some(feed) = feed {
            Self::finish_direct(stream_id, &feed);
        }
    }

    /// A directly fed stream's source ended: its packager (if packaging started) finishes
    /// and the registration goes (unless a newer publication replaced it).
    pub fn end_direct(&self, stream_id: &str, feed: &DirectFeed) {
        {
            let mut direct = self.direct.lock();
            if direct.get(stream_id).is_some_and(|f| Arc::ptr_eq(f, feed)) {
                direct.remove(stream_id);
            }
        }
        Self::finish_direct(stream_id, feed);
    }

    fn finish_direct(stream_id: &str, feed: &DirectFeed) {
        if let Some(mut packager) = feed.lock().take() {
            packager.finish(Instant::now());
            tracing::info!(stream = stream_id, "CDN packaging ended");
        }
    }
}

/// Feeds a stream's tapped packets to its packager until the tap closes.
async fn package(
    mut rx: mpsc::Receiver<liveroom_sfu::TapPacket>,
    mut packager: Packager,
    sfu: SfuHandle,
    stream_id: String,
) {
    let mut warned_vp8 = false;
    while let Some(p) = rx.recv().await {
        let now = Instant::now();
        let action = match p.media {
            TapMedia::H264 => packager.video_rtp(p.sequence, p.timestamp, p.marker, &p.payload, p.arrival, now),
            TapMedia::Opus => {
                packager.audio_rtp(p.timestamp, &p.payload, p.arrival);
                Action::None
            }
            TapMedia::Vp8 => {
                if !warned_vp8 {
                    warned_vp8 = true;
                    tracing::info!(stream = stream_id, "VP8 is WebRTC-only: no LL-HLS / FLV video for this stream");
                }
                Action::None
            }
        };
        if action == Action::RequestKeyframe {
            sfu.request_keyframe(stream_id.clone());
        }
    }
    packager.finish(Instant::now());
    tracing::info!(stream = stream_id, "CDN packaging ended");
}
