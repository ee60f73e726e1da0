//! RTMP publishers as room streams: who may publish over RTMP ([`RtmpPublishers`], the
//! ingest's [`Publishers`]) and where an accepted stream's media goes ([`RtmpSink`]: the
//! media engine for WebRTC viewers, the CDN packager as it is).
//!
//! The URL is `rtmp://host:1935/live/<streamID>?userid=<userID>&usersig=<UserSig>` with
//! TWebLive's stream id `<sdkappid>_<roomid>_<userid>_<suffix>` (`_main` for the camera).
//! The UserSig must verify for that user and app, the room must exist, and the user must be
//! allowed to publish in it, as for a WebRTC publish; the stream counts against the user's
//! and the address's media quota. In a cluster the node the encoder reached is the stream's
//! origin, whichever node owns the room ([`NodeHost::play`] finds it there).

use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use liveroom_cdn::opus2aac::AudioConfig;
use liveroom_cdn::packager::DirectVideo;
use liveroom_ingest::{Media, PublishRequest, Publishers, Refusal, Sink};
use liveroom_protocol::{RoomId, UserId};
use liveroom_sfu::{Ingest, IngestPacket, IngestTracks};

use crate::host::NodeHost;
use crate::link::RoomKey;
use crate::relay::{DirectFeed, RelayHost};

/// The RTMP application name every stream is published under.
pub const RTMP_APP: &str = "live";
/// Media time after the first frame by which the stream's tracks are settled: an encoder
/// sends both sequence headers first, so this only matters for audio-only or video-only.
const TRACKS_SETTLE_MS: u64 = 1_000;

/// Decides on RTMP publishes for a node. See the module docs.
pub struct RtmpPublishers {
    host: Arc<NodeHost>,
}

impl RtmpPublishers {
    /// The publishers of `host`'s rooms.
    pub fn new(host: Arc<NodeHost>) -> Arc<Self> {
        Arc::new(Self { host })
    }
}

fn refuse(outcome: &'static str, reason: impl Into<String>) -> Refusal {
    Refusal { outcome, reason: reason.into() }
}

/// The room a stream id names for `user`: `<sdkappid>_<roomid>_<user>_<suffix>`.
fn parse_stream_id(stream_id: &str, user: &UserId) -> Option<(u64, RoomId)> {
    let (app, rest) = stream_id.split_once('_')?;
    let sdkappid: u64 = app.parse().ok()?;
    let (before_suffix, _suffix) = rest.rsplit_once('_')?;
    let room = before_suffix.strip_suffix(&format!("_{user}"))?;
    Some((sdkappid, RoomId::new(room).ok()?))
}

#[async_trait::async_trait(?Send)]
impl Publishers for RtmpPublishers {
    async fn publish(&self, request: &PublishRequest) -> Result<Box<dyn Sink>, Refusal> {
        let key = &request.key;
        if key.app != RTMP_APP {
            return Err(refuse(
                "refused_request",
                format!("unknown application {:?}: publish to /{RTMP_APP}/", key.app),
            ));
        }
        let (Some(user), Some(usersig)) = (key.param("userid"), key.param("usersig")) else {
            return Err(refuse("refused_auth", "the stream key needs ?userid=<userID>&usersig=<UserSig>"));
        };
        let user = UserId::new(user).map_err(|e| refuse("refused_auth", e.to_string()))?;
        let Some((sdkappid, room_id)) = parse_stream_id(&key.stream_id, &user) else {
            return Err(refuse(
                "refused_request",
                "the stream id must be <sdkappid>_<roomid>_<userid>_<suffix> (TWebLive's convention, _main for the camera)",
            ));
        };
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let identity = self
            .host
            .apps()
            .authenticate(sdkappid, user.as_str(), usersig, now)
            .map_err(|e| refuse("refused_auth", format!("UserSig refused: {e}")))?;
        liveroom_protocol::own_stream_id(sdkappid, &room_id, &user, Some(&key.stream_id))
            .map_err(|e| refuse("refused_request", e.to_string()))?;
        let record = self.host.room_record(sdkappid, &room_id).await.map_err(|r| refuse("refused_room", r.message))?;
        if !record.may_publish(&user, identity.is_admin) {
            return Err(refuse("refused_auth", "this user may not publish in this room"));
        }
        // In a cluster the room may live on another node: this node is the stream's origin
        // all the same (its StreamActor tells the room over the node link; plays reach it
        // through the directory).
        let room = self.host.room(sdkappid, &room_id).await.map_err(|c| refuse("refused_room", c.default_message()))?;
        let sfu = self.host.sfu().map_err(|r| refuse("refused_limit", r.message))?;
        let client = crate::MediaClient { sdkappid, user: user.clone(), addr: Some(request.peer.ip()) };
        let reservation = self.host.media_quota().reserve(&client).map_err(|r| refuse("refused_limit", r.message))?;
        let ingest =
            sfu.ingest(key.stream_id.clone(), true).await.map_err(|e| refuse("refused_request", e.to_string()))?;
        reservation.bind(ingest.peer());
        let relay = self.host.relay().cloned();
        let feed = relay.as_ref().map(|r| r.register_direct(&key.stream_id));
        let room_key = RoomKey { sdkappid, room: room_id.clone() };
        self.host.start_stream(room_key, key.stream_id.clone(), user, room, sfu, ingest.peer(), None);
        Ok(Box::new(RtmpSink {
            sdkappid,
            room_id,
            stream_id: key.stream_id.clone(),
            ingest,
            relay,
            feed,
            first_ms: None,
            keyframe_seen: false,
            audio_seen: false,
        }))
    }
}

/// An accepted RTMP stream's media on its way to viewers. See the module docs.
pub struct RtmpSink {
    sdkappid: u64,
    room_id: RoomId,
    stream_id: String,
    ingest: Ingest,
    relay: Option<Arc<RelayHost>>,
    feed: Option<DirectFeed>,
    first_ms: Option<u64>,
    keyframe_seen: bool,
    audio_seen: bool,
}

impl RtmpSink {
    /// The tracks to tell the engine, once they are settled: at the first keyframe when
    /// the encoder sent its audio configuration before it (OBS and ffmpeg do), else when
    /// audio comes, else after [`TRACKS_SETTLE_MS`] of media.
    fn tracks(&mut self, media: &Media) -> Option<IngestTracks> {
        if self.ingest.has_tracks() {
            return None;
        }
        let (at, profile) = match media {
            Media::Video(v) => {
                self.keyframe_seen |= v.keyframe;
                self.audio_seen |= v.keyframe && v.audio.is_some();
                (v.dts_ms, v.config.sps.get(1).copied())
            }
            Media::Audio(a) => {
                self.audio_seen = true;
                (a.pts_ms, None)
            }
        };
        let first = *self.first_ms.get_or_insert(at);
        let settled = (self.keyframe_seen && self.audio_seen) || at.saturating_sub(first) >= TRACKS_SETTLE_MS;
        let video_now = matches!(media, Media::Video(v) if v.keyframe);
        // Declared with a keyframe (so the first video viewers get decodes) or on audio.
        if settled && (video_now || !self.keyframe_seen || matches!(media, Media::Audio(_))) {
            let h264_profile = if self.keyframe_seen { profile.or(Some(0x64)) } else { None };
            return Some(IngestTracks { h264_profile, audio: self.audio_seen });
        }
        None
    }

    fn package(&self, media: &Media) {
        let Some(feed) = &self.feed else { return };
        let mut slot = feed.lock();
        let Some(packager) = slot.as_mut() else { return };
        let now = Instant::now();
        match media {
            Media::Video(v) => {
                // A keyframe is where a new init segment may start: the audio it describes.
                if let (true, Some(a)) = (v.keyframe, &v.audio) {
                    packager.expect_aac(&aac_config(a));
                }
                let frame = DirectVideo {
                    dts_ms: v.dts_ms,
                    pts_ms: v.pts_ms,
                    keyframe: v.keyframe,
                    sps: &v.config.sps,
                    pps: &v.config.pps,
                    nalus: &v.nalus,
                };
                // An RTMP encoder cannot be asked for a keyframe: segments follow its GOP.
                let _ = packager.video_frame(frame, now, now);
            }
            Media::Audio(a) => packager.audio_aac(&aac_config(&a.config), a.pts_ms, a.aac.clone(), now),
        }
    }
}

/// The packager's description of the encoder's AAC.
fn aac_config(a: &liveroom_ingest::tags::AacConfig) -> AudioConfig {
    AudioConfig { specific_config: a.specific_config.clone(), sample_rate: a.sample_rate, channels: a.channels.min(2) }
}

#[async_trait::async_trait(?Send)]
impl Sink for RtmpSink {
    async fn media(&mut self, media: Media) -> bool {
        let tracks = self.tracks(&media);
        // Packaged where it is published (in a cluster the room may be on another node,
        // whose relay has no access to this stream), from the frame its tracks settled on
        // (the first keyframe, with OBS and ffmpeg) on.
        if tracks.is_some() {
            if let Some(relay) = &self.relay {
                relay.stream_live(self.sdkappid, self.room_id.as_str(), &self.stream_id);
            }
        }
        self.package(&media);
        if tracks.is_none() && !self.ingest.has_tracks() {
            return true;
        }
        let packets: Vec<IngestPacket> = match &media {
            Media::Video(v) => {
                let timestamp = (v.pts_ms * 90) as u32;
                let last = v.rtp.len().saturating_sub(1);
                v.rtp
                    .iter()
                    .enumerate()
                    .map(|(i, p)| IngestPacket { video: true, timestamp, marker: i == last, payload: p.clone() })
                    .collect()
            }
            Media::Audio(a) => a
                .opus
                .iter()
                .map(|f| IngestPacket { video: false, timestamp: f.pts as u32, marker: false, payload: f.data.clone() })
                .collect(),
        };
        if packets.is_empty() && tracks.is_none() {
            return true;
        }
        self.ingest.send(tracks, packets).await
    }

    async fn end(&mut self, reason: &'static str) {
        tracing::debug!(stream = self.stream_id, reason, "RTMP sink ends");
        if let (Some(relay), Some(feed)) = (&self.relay, &self.feed) {
            relay.end_direct(&self.stream_id, feed);
        }
        // Dropping the ingest (with the sink) closes the engine's stream.
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_id_names_app_and_room_around_the_user() {
        let alice = UserId::new("alice").unwrap();
        assert_eq!(parse_stream_id("1400_room_1_alice_main", &alice), Some((1400, RoomId::new("room_1").unwrap())));
        assert_eq!(parse_stream_id("1400_r_alice_cam-2", &alice), Some((1400, RoomId::new("r").unwrap())));
        assert_eq!(parse_stream_id("1400_r_bob_main", &alice), None, "another user's stream");
        assert_eq!(parse_stream_id("x_r_alice_main", &alice), None);
        assert_eq!(parse_stream_id("1400_alice_main", &alice), None, "no room");
    }
}
