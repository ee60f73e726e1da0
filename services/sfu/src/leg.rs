//! A subscriber's leg of a stream, on the forwarding fast path: what a publisher's packet
//! becomes on it (the leg's SSRC and payload type, gap-free sequence numbers), its SRTP
//! protection, its sender reports and the retransmissions its NACKs ask for.
//!
//! Owns: each leg track's rewrite state (sequence offset, the leg-to-source sequence map
//! retransmissions need, the counters sender reports carry). Must not: touch the socket
//! (datagrams go back to the caller's outbox) or go through the peer connection's
//! interceptor pipeline, which is what the fast path exists to skip (≈ 10 µs per packet,
//! docs/BENCHMARKS.md).

use std::borrow::Cow;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rtc::rtcp::sender_report::SenderReport;
use rtc::rtp;
use rtc::rtp_transceiver::rtp_sender::RtpCodecKind;

/// Leg sequence numbers remembered for retransmission (≈ 3 s of 1.5 Mbps video), a power
/// of two.
const SEQUENCE_MAP: usize = 512;
/// A packet is sent to a viewer again at most this often ...
const RESEND_INTERVAL: Duration = Duration::from_millis(100);
/// ... and at most this many times: a receiver that keeps asking (a NACK generator that
/// does not see what came on RTX, a hostile client) costs the node a bounded amount.
const MAX_RESENDS: u8 = 4;

/// Which of the publisher's video packets a leg gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VideoGate {
    /// Every packet.
    Open,
    /// Nothing until a keyframe starts (a new viewer, a resumed one): frames before it
    /// could not be decoded. `since` is when the wait began.
    AwaitKeyframe {
        /// When the wait began.
        since: Instant,
    },
    /// Keyframes only (a viewer that cannot keep up); `inside` while one is being sent.
    KeyframesOnly {
        /// A keyframe's packets are going out (until its marker bit).
        inside: bool,
    },
    /// No video (audio only).
    Closed,
}

/// What the gate says of one packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admit {
    /// Not for this leg.
    Skip,
    /// Send it.
    Send,
    /// Send it: the keyframe the leg waited this long for.
    SendAfterWait(Duration),
}

/// One track of a subscriber's leg.
pub struct LegTrack {
    /// Audio or video.
    pub kind: RtpCodecKind,
    /// The SSRC this leg's track is sent as.
    pub ssrc: u32,
    /// The payload type the subscriber negotiated for the publisher's codec.
    pub payload_type: u8,
    clock_rate: u32,
    /// Source packets not sent on this leg (a paused video, padding-only packets, the wait
    /// for a keyframe): subtracted from sequence numbers so the leg has no gaps and the
    /// viewer does not NACK what was never meant for it.
    skipped: u16,
    /// Leg sequence number → source sequence number, for the packets NACKs name (video
    /// only; audio is never retransmitted). Entry = leg << 16 | source.
    sent: Vec<u32>,
    packets: u32,
    octets: u32,
    /// RTP timestamp and time of the last packet sent, for sender reports.
    last: Option<(u32, Instant)>,
    /// Which video packets go (audio: always open).
    gate: VideoGate,
    /// The RTX stream (RFC 4588) retransmissions go on, when the viewer negotiated one.
    rtx: Option<Rtx>,
    /// Per leg sequence slot, the last retransmissions of that packet (made on the first
    /// NACK: most viewers never lose a packet).
    resent: Vec<Resent>,
    /// When the track was made: `resent` times are milliseconds since then.
    born: Instant,
}

/// A packet's retransmissions to one leg.
#[derive(Debug, Clone, Copy, Default)]
struct Resent {
    sequence: u16,
    count: u8,
    at_ms: u32,
}

/// A leg track's retransmission stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rtx {
    /// Its SSRC (announced in the answer's `a=ssrc-group:FID`).
    pub ssrc: u32,
    /// The viewer's `video/rtx` payload type whose `apt` is the track's.
    pub payload_type: u8,
    /// Its own sequence numbers, one per retransmission.
    next_sequence: u16,
}

impl Rtx {
    /// A retransmission stream starting at a random sequence number (RFC 3550 §5.1).
    pub fn new(ssrc: u32, payload_type: u8) -> Self {
        Self { ssrc, payload_type, next_sequence: rand::random() }
    }
}

impl LegTrack {
    /// A track with nothing sent yet.
    pub fn new(kind: RtpCodecKind, ssrc: u32, payload_type: u8, clock_rate: u32) -> Self {
        let sent = if kind == RtpCodecKind::Video { vec![u32::MAX; SEQUENCE_MAP] } else { Vec::new() };
        let gate = if kind == RtpCodecKind::Video {
            VideoGate::AwaitKeyframe { since: Instant::now() }
        } else {
            VideoGate::Open
        };
        Self {
            kind,
            ssrc,
            payload_type,
            clock_rate,
            skipped: 0,
            sent,
            packets: 0,
            octets: 0,
            last: None,
            gate,
            rtx: None,
            resent: Vec::new(),
            born: Instant::now(),
        }
    }

    /// Whether the packet sent as `sequence` may go to this leg again at `now`: at most
    /// [`MAX_RESENDS`] times, [`RESEND_INTERVAL`] apart. A yes is counted.
    pub fn may_resend(&mut self, sequence: u16, now: Instant) -> bool {
        if self.resent.is_empty() {
            self.resent = vec![Resent::default(); SEQUENCE_MAP];
        }
        let at_ms = u32::try_from(now.saturating_duration_since(self.born).as_millis()).unwrap_or(u32::MAX);
        let slot = &mut self.resent[usize::from(sequence) % SEQUENCE_MAP];
        if slot.sequence != sequence || slot.count == 0 {
            *slot = Resent { sequence, count: 1, at_ms };
            return true;
        }
        let interval = u32::try_from(RESEND_INTERVAL.as_millis()).unwrap_or(u32::MAX);
        if slot.count >= MAX_RESENDS || at_ms.saturating_sub(slot.at_ms) < interval {
            return false;
        }
        slot.count += 1;
        slot.at_ms = at_ms;
        true
    }

    /// Sends retransmissions on `rtx` instead of the media SSRC.
    pub fn with_rtx(mut self, rtx: Rtx) -> Self {
        self.rtx = Some(rtx);
        self
    }

    /// The RTX stream, if the viewer negotiated one.
    pub fn rtx(&self) -> Option<&Rtx> {
        self.rtx.as_ref()
    }

    /// What sends `source` (with `payload`) again under the leg sequence number it had:
    /// on the RTX stream when there is one (its own SSRC, payload type and sequence
    /// numbers, the payload behind the 2-byte original sequence number, RFC 4588 §4),
    /// else as the packet itself on the media SSRC.
    pub fn retransmission<'p>(
        &mut self,
        source: &rtp::Header,
        sequence: u16,
        payload: &'p [u8],
    ) -> (rtp::Header, Cow<'p, [u8]>) {
        let original = self.header(source, sequence);
        let Some(rtx) = &mut self.rtx else { return (original, Cow::Borrowed(payload)) };
        let header = rtp::Header {
            payload_type: rtx.payload_type,
            sequence_number: rtx.next_sequence,
            ssrc: rtx.ssrc,
            ..original
        };
        rtx.next_sequence = rtx.next_sequence.wrapping_add(1);
        let mut body = Vec::with_capacity(2 + payload.len());
        body.extend_from_slice(&sequence.to_be_bytes());
        body.extend_from_slice(payload);
        (header, Cow::Owned(body))
    }

    /// Changes which video packets go (audio tracks stay open).
    pub fn set_gate(&mut self, gate: VideoGate) {
        if self.kind == RtpCodecKind::Video {
            self.gate = gate;
        }
    }

    /// Whether this leg gets a packet: `keyframe_start` says it begins a keyframe
    /// ([`crate::frames`]), `marker` that it ends a frame.
    pub fn admit(&mut self, keyframe_start: bool, marker: bool, now: Instant) -> Admit {
        match &mut self.gate {
            VideoGate::Open => Admit::Send,
            VideoGate::Closed => Admit::Skip,
            VideoGate::AwaitKeyframe { since } if keyframe_start => {
                let waited = now.saturating_duration_since(*since);
                self.gate = VideoGate::Open;
                Admit::SendAfterWait(waited)
            }
            VideoGate::AwaitKeyframe { .. } => Admit::Skip,
            VideoGate::KeyframesOnly { inside } => {
                *inside |= keyframe_start;
                if !*inside {
                    return Admit::Skip;
                }
                if marker {
                    *inside = false;
                }
                Admit::Send
            }
        }
    }

    /// A source packet this leg does not get.
    pub fn skip(&mut self) {
        self.skipped = self.skipped.wrapping_add(1);
    }

    /// The header `source` is sent with on this leg; remembers the mapping for NACKs.
    pub fn rewrite(&mut self, source: &rtp::Header) -> rtp::Header {
        let sequence = source.sequence_number.wrapping_sub(self.skipped);
        if !self.sent.is_empty() {
            self.sent[usize::from(sequence) % SEQUENCE_MAP] =
                u32::from(sequence) << 16 | u32::from(source.sequence_number);
        }
        self.header(source, sequence)
    }

    /// The header for sending `source` again under the leg sequence number it had.
    pub fn header(&self, source: &rtp::Header, sequence: u16) -> rtp::Header {
        // The publisher's extension ids (and its transport-wide sequence numbers) mean
        // nothing on this leg; CSRCs are kept.
        rtp::Header {
            version: 2,
            marker: source.marker,
            payload_type: self.payload_type,
            sequence_number: sequence,
            timestamp: source.timestamp,
            ssrc: self.ssrc,
            csrc: source.csrc.clone(),
            ..Default::default()
        }
    }

    /// The source sequence number a leg sequence number was sent for.
    pub fn source_of(&self, leg_sequence: u16) -> Option<u16> {
        let entry = *self.sent.get(usize::from(leg_sequence) % SEQUENCE_MAP)?;
        // Truncations keep the two halves of the entry.
        ((entry >> 16) as u16 == leg_sequence && entry != u32::MAX).then_some(entry as u16)
    }

    /// Counts a packet sent (for the sender report).
    pub fn sent(&mut self, header: &rtp::Header, payload_len: usize, now: Instant) {
        self.packets = self.packets.wrapping_add(1);
        self.octets = self.octets.wrapping_add(payload_len as u32);
        self.last = Some((header.timestamp, now));
    }

    /// The RTCP sender report of this track at `now` (`None` before its first packet): the
    /// RTP time extrapolated from the last packet sent, so receivers can synchronise audio
    /// and video and measure the round trip.
    pub fn sender_report(&self, now: Instant, wall: SystemTime) -> Option<SenderReport> {
        let (timestamp, at) = self.last?;
        let elapsed = now.saturating_duration_since(at).as_secs_f64();
        Some(SenderReport {
            ssrc: self.ssrc,
            ntp_time: ntp(wall),
            rtp_time: timestamp.wrapping_add((elapsed * f64::from(self.clock_rate)) as u32),
            packet_count: self.packets,
            octet_count: self.octets,
            ..Default::default()
        })
    }
}

/// NTP timestamp (RFC 3550 §4) of a wall-clock time.
fn ntp(wall: SystemTime) -> u64 {
    const UNIX_TO_NTP_SECONDS: u64 = 2_208_988_800;
    let since = wall.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since.as_secs() + UNIX_TO_NTP_SECONDS;
    let fraction = (u64::from(since.subsec_nanos()) << 32) / 1_000_000_000;
    seconds << 32 | fraction
}

#[cfg(test)]
mod tests {
    use super::*;
    use rtc::shared::marshal::Marshal;
    use rtc::shared::marshal::Unmarshal;

    fn source(sequence: u16) -> rtp::Header {
        rtp::Header {
            version: 2,
            payload_type: 102,
            sequence_number: sequence,
            timestamp: 9000,
            ssrc: 7,
            extension: true,
            extensions: vec![rtp::header::Extension { id: 3, payload: bytes::Bytes::from_static(&[1, 2]) }],
            extension_profile: rtp::header::EXTENSION_PROFILE_ONE_BYTE,
            ..Default::default()
        }
    }

    #[test]
    fn skipped_packets_leave_no_gap_and_retransmissions_find_their_source() {
        let mut leg = LegTrack::new(RtpCodecKind::Video, 42, 96, 90_000);
        let first = leg.rewrite(&source(65_534));
        leg.skip(); // 65_535 not sent
        leg.skip(); // 0 not sent
        let next = leg.rewrite(&source(1));
        assert_eq!(next.sequence_number, first.sequence_number.wrapping_add(1));
        assert_eq!((next.ssrc, next.payload_type, next.extension), (42, 96, false));
        assert!(next.extensions.is_empty());
        assert_eq!(leg.source_of(first.sequence_number), Some(65_534));
        assert_eq!(leg.source_of(next.sequence_number), Some(1));
        assert_eq!(leg.source_of(next.sequence_number.wrapping_add(1)), None);
    }

    #[test]
    fn old_sequence_numbers_are_forgotten() {
        let mut leg = LegTrack::new(RtpCodecKind::Video, 1, 96, 90_000);
        for s in 0..=SEQUENCE_MAP as u16 {
            leg.rewrite(&source(s));
        }
        assert_eq!(leg.source_of(0), None, "slot reused by a newer packet");
        assert_eq!(leg.source_of(SEQUENCE_MAP as u16), Some(SEQUENCE_MAP as u16));
        let audio = LegTrack::new(RtpCodecKind::Audio, 1, 111, 48_000);
        assert_eq!(audio.source_of(0), None);
    }

    #[test]
    fn sender_reports_extrapolate_the_rtp_clock() {
        let mut leg = LegTrack::new(RtpCodecKind::Video, 5, 96, 90_000);
        let t0 = Instant::now();
        assert!(leg.sender_report(t0, SystemTime::now()).is_none());
        let h = leg.rewrite(&source(10));
        leg.sent(&h, 1000, t0);
        let sr = leg.sender_report(t0 + std::time::Duration::from_millis(500), SystemTime::now()).unwrap();
        assert_eq!((sr.ssrc, sr.packet_count, sr.octet_count), (5, 1, 1000));
        assert_eq!(sr.rtp_time, 9000 + 45_000);
        let raw = sr.marshal().unwrap();
        let back = SenderReport::unmarshal(&mut &raw[..]).unwrap();
        assert_eq!(back.rtp_time, sr.rtp_time);
    }

    #[test]
    fn ntp_time_counts_from_1900() {
        let t = UNIX_EPOCH + std::time::Duration::from_millis(1500);
        assert_eq!(ntp(t) >> 32, 2_208_988_801);
        assert_eq!(ntp(t) & 0xffff_ffff, 1 << 31);
    }

    #[test]
    fn video_starts_at_a_keyframe_and_keyframes_only_sends_whole_keyframes() {
        let t = Instant::now();
        let mut leg = LegTrack::new(RtpCodecKind::Video, 1, 96, 90_000);
        leg.set_gate(VideoGate::AwaitKeyframe { since: t });
        assert_eq!(leg.admit(false, true, t), Admit::Skip, "a new viewer waits for a keyframe");
        match leg.admit(true, false, t + Duration::from_millis(300)) {
            Admit::SendAfterWait(waited) => assert!(waited >= Duration::from_millis(300)),
            other => panic!("{other:?}"),
        }
        assert_eq!(leg.admit(false, false, t), Admit::Send);

        leg.set_gate(VideoGate::KeyframesOnly { inside: false });
        let frames = [(false, false), (false, true), (true, false), (false, false), (false, true), (false, true)];
        let admitted: Vec<Admit> = frames.iter().map(|(key, marker)| leg.admit(*key, *marker, t)).collect();
        use Admit::{Send, Skip};
        assert_eq!(admitted, vec![Skip, Skip, Send, Send, Send, Skip]);

        leg.set_gate(VideoGate::Closed);
        assert_eq!(leg.admit(true, true, t), Skip);
        let mut audio = LegTrack::new(RtpCodecKind::Audio, 2, 111, 48_000);
        audio.set_gate(VideoGate::Closed);
        assert_eq!(audio.admit(false, false, t), Send, "audio is never gated");
    }

    #[test]
    fn retransmissions_go_on_the_rtx_stream_behind_the_original_sequence_number() {
        let mut plain = LegTrack::new(RtpCodecKind::Video, 7, 102, 90_000);
        let sent = plain.rewrite(&source(1000));
        let (header, body) = plain.retransmission(&source(1000), sent.sequence_number, b"frame");
        assert_eq!((header.ssrc, header.payload_type, header.sequence_number), (7, 102, sent.sequence_number));
        assert_eq!(&body[..], b"frame");

        let mut leg = LegTrack::new(RtpCodecKind::Video, 7, 102, 90_000).with_rtx(Rtx::new(8, 103));
        let first = leg.rewrite(&source(1000));
        let second = leg.rewrite(&source(1001));
        let (a, body_a) = leg.retransmission(&source(1000), first.sequence_number, b"frame");
        let (b, body_b) = leg.retransmission(&source(1001), second.sequence_number, b"next");
        assert_eq!((a.ssrc, a.payload_type), (8, 103));
        assert_eq!(a.timestamp, first.timestamp);
        assert_eq!(b.sequence_number, a.sequence_number.wrapping_add(1), "the RTX stream has its own sequence");
        assert_eq!(&body_a[..2], &first.sequence_number.to_be_bytes());
        assert_eq!(&body_a[2..], b"frame");
        assert_eq!(&body_b[..2], &second.sequence_number.to_be_bytes());
        assert!(a.extensions.is_empty());
    }

    #[test]
    fn a_packet_is_resent_at_most_four_times_a_hundred_milliseconds_apart() {
        let mut leg = LegTrack::new(RtpCodecKind::Video, 7, 102, 90_000);
        let t0 = Instant::now();
        assert!(leg.may_resend(40, t0));
        assert!(!leg.may_resend(40, t0 + Duration::from_millis(30)), "asked again too soon");
        assert!(leg.may_resend(41, t0 + Duration::from_millis(30)), "another packet is not held up");
        assert!(leg.may_resend(40, t0 + Duration::from_millis(110)));
        assert!(leg.may_resend(40, t0 + Duration::from_millis(220)));
        assert!(leg.may_resend(40, t0 + Duration::from_millis(330)));
        assert!(!leg.may_resend(40, t0 + Duration::from_millis(1000)), "four times is enough");
        // The slot's next owner (the same slot 512 packets later) starts afresh.
        assert!(leg.may_resend(40 + 512, t0 + Duration::from_millis(1000)));
    }
}
