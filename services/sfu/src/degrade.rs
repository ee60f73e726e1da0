//! What to do with a viewer whose receiver reports say it cannot keep up.
//!
//! Owns: the per-subscriber policy, fed with each RTCP receiver report's `fraction lost`
//! for the viewer's video and audio (over the report's interval) and answering with a
//! [`Verdict`]:
//! - sustained loss: send the video's keyframes only, which cuts its bitrate to a fraction
//!   (**keyframes only**). Audio counts as much as video: its losses are never repaired,
//!   so they show the path's loss even when retransmissions hide the video's;
//! - sustained loss even so: drop the video, keep the audio (**audio only**);
//! - a good stretch while degraded: the whole video again (from a keyframe);
//! - degraded again and again, or losing even the audio: disconnect.
//!
//! Also owns [`UpstreamLoss`], the loss the node itself sees from a publisher, which the
//! engine subtracts from each viewer's reports: a viewer is judged by the loss on its own
//! path, not by the publisher's.
//!
//! Must not: touch packets or peers (the engine acts on the verdict). One viewer's state
//! never affects another's, which is the point: a slow viewer never slows the others.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// `fraction lost` (out of 256) at or above which a report counts as bad: 20 %.
pub const BAD_FRACTION: u8 = 51;
/// Bad reports in a row that degrade the viewer one step (receivers report about once a
/// second).
pub const BAD_REPORTS_TO_DEGRADE: u32 = 3;
/// How long the viewer's reports must stay clean before the whole video is tried again.
pub const GOOD_TO_RESTORE: Duration = Duration::from_secs(10);
/// Degradations within [`DEGRADE_WINDOW`] after which the viewer is disconnected.
pub const MAX_DEGRADATIONS: usize = 3;
/// The window for [`MAX_DEGRADATIONS`].
pub const DEGRADE_WINDOW: Duration = Duration::from_secs(120);
/// Bad audio reports in a row, while audio only, that disconnect the viewer.
pub const BAD_AUDIO_REPORTS_TO_DISCONNECT: u32 = 5;

/// How often the upstream loss is computed again (about a receiver report's interval).
const UPSTREAM_INTERVAL: Duration = Duration::from_secs(1);

/// The loss the node sees from one publisher over the last interval, per kind, as RTCP's
/// `fraction lost` (out of 256). Retransmissions the node received count as received.
#[derive(Debug, Default)]
pub struct UpstreamLoss {
    video: TrackLoss,
    audio: TrackLoss,
}

#[derive(Debug, Default)]
struct TrackLoss {
    highest: Option<u16>,
    expected: u32,
    received: u32,
    since: Option<Instant>,
    fraction: u8,
}

impl UpstreamLoss {
    /// A packet with `sequence` arrived from the publisher (`video` or audio).
    pub fn record(&mut self, video: bool, sequence: u16, now: Instant) {
        let track = if video { &mut self.video } else { &mut self.audio };
        let since = *track.since.get_or_insert(now);
        match track.highest.map(|highest| sequence.wrapping_sub(highest)) {
            None => {
                track.expected += 1;
                track.highest = Some(sequence);
            }
            Some(ahead) if ahead != 0 && ahead < 0x8000 => {
                track.expected += u32::from(ahead);
                track.highest = Some(sequence);
            }
            // A duplicate or a late packet (a retransmission): received, not expected.
            Some(_) => {}
        }
        track.received += 1;
        if now.duration_since(since) >= UPSTREAM_INTERVAL && track.expected > 0 {
            let lost = track.expected.saturating_sub(track.received);
            track.fraction = (lost * 256 / track.expected).min(255) as u8;
            track.expected = 0;
            track.received = 0;
            track.since = Some(now);
        }
    }

    /// The last interval's `fraction lost` of the publisher's video or audio.
    pub fn fraction(&self, video: bool) -> u8 {
        if video {
            self.video.fraction
        } else {
            self.audio.fraction
        }
    }

    /// A viewer's reported `fraction lost` less the part the publisher's path already
    /// lost.
    pub fn on_viewer_path(&self, video: bool, reported: Option<u8>) -> Option<u8> {
        reported.map(|f| f.saturating_sub(self.fraction(video)))
    }
}

/// Which media the viewer gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Audio and video.
    Full,
    /// Audio and the video's keyframes.
    KeyframesOnly,
    /// Audio only: the video is not forwarded.
    AudioOnly,
}

/// What the engine should do after a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing changes.
    Keep,
    /// Forward only the video's keyframes to this viewer.
    KeyframesOnly,
    /// Stop forwarding video to this viewer.
    DropVideo,
    /// Forward video again (ask the publisher for a keyframe first).
    RestoreVideo,
    /// The viewer cannot keep up even after degrading: disconnect it.
    Disconnect,
}

/// One viewer's state.
#[derive(Debug)]
pub struct ViewerHealth {
    level: Level,
    /// Bad video reports in a row.
    bad_video: u32,
    /// Bad audio reports in a row.
    bad_audio: u32,
    clean_since: Option<Instant>,
    degradations: VecDeque<Instant>,
}

impl Default for ViewerHealth {
    fn default() -> Self {
        Self { level: Level::Full, bad_video: 0, bad_audio: 0, clean_since: None, degradations: VecDeque::new() }
    }
}

impl ViewerHealth {
    /// The current level.
    pub fn level(&self) -> Level {
        self.level
    }

    /// One receiver report: the `fraction lost` of the viewer's video and audio blocks
    /// (`None` when the report has no block for that track).
    pub fn report(&mut self, video: Option<u8>, audio: Option<u8>, now: Instant) -> Verdict {
        let is_bad = |f: Option<u8>| f.is_some_and(|f| f >= BAD_FRACTION);
        match self.level {
            Level::Full | Level::KeyframesOnly => {
                // Each track keeps its own count: receivers may report them in separate packets.
                if video.is_some() {
                    self.bad_video = if is_bad(video) { self.bad_video + 1 } else { 0 };
                }
                if audio.is_some() {
                    self.bad_audio = if is_bad(audio) { self.bad_audio + 1 } else { 0 };
                }
                if self.bad_video < BAD_REPORTS_TO_DEGRADE && self.bad_audio < BAD_REPORTS_TO_DEGRADE {
                    if self.level == Level::KeyframesOnly {
                        return self.clean_report(is_bad(video) || is_bad(audio), now);
                    }
                    return Verdict::Keep;
                }
                self.bad_video = 0;
                self.bad_audio = 0;
                self.clean_since = None;
                if self.level == Level::KeyframesOnly {
                    self.level = Level::AudioOnly;
                    return Verdict::DropVideo;
                }
                while self.degradations.front().is_some_and(|t| now.duration_since(*t) > DEGRADE_WINDOW) {
                    self.degradations.pop_front();
                }
                self.degradations.push_back(now);
                if self.degradations.len() >= MAX_DEGRADATIONS {
                    return Verdict::Disconnect;
                }
                self.level = Level::KeyframesOnly;
                Verdict::KeyframesOnly
            }
            // Only the audio says anything while the video is paused.
            Level::AudioOnly if audio.is_none() => Verdict::Keep,
            Level::AudioOnly if is_bad(audio) => {
                self.clean_since = None;
                self.bad_audio += 1;
                if self.bad_audio >= BAD_AUDIO_REPORTS_TO_DISCONNECT {
                    Verdict::Disconnect
                } else {
                    Verdict::Keep
                }
            }
            Level::AudioOnly => {
                self.bad_audio = 0;
                self.clean_report(false, now)
            }
        }
    }

    /// While degraded: a report that was `bad` starts the clean stretch again; a clean
    /// stretch of [`GOOD_TO_RESTORE`] restores the whole video.
    fn clean_report(&mut self, bad: bool, now: Instant) -> Verdict {
        if bad {
            self.clean_since = None;
            return Verdict::Keep;
        }
        let since = *self.clean_since.get_or_insert(now);
        if now.duration_since(since) < GOOD_TO_RESTORE {
            return Verdict::Keep;
        }
        self.level = Level::Full;
        self.clean_since = None;
        Verdict::RestoreVideo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BAD: u8 = 128;
    const GOOD: u8 = 2;

    #[test]
    fn occasional_loss_changes_nothing() {
        let mut h = ViewerHealth::default();
        let t = Instant::now();
        for i in 0..100u64 {
            let f = if i % 3 == 0 { BAD } else { GOOD };
            assert_eq!(h.report(Some(f), Some(GOOD), t + Duration::from_secs(i)), Verdict::Keep);
        }
        assert_eq!(h.level(), Level::Full);
    }

    #[test]
    fn sustained_video_loss_drops_video_then_a_clean_stretch_restores_it() {
        let mut h = ViewerHealth::default();
        let t = Instant::now();
        assert_eq!(h.report(Some(BAD), Some(GOOD), t), Verdict::Keep);
        assert_eq!(h.report(Some(BAD), Some(GOOD), t + Duration::from_secs(1)), Verdict::Keep);
        assert_eq!(h.report(Some(BAD), None, t + Duration::from_secs(2)), Verdict::KeyframesOnly);
        assert_eq!(h.level(), Level::KeyframesOnly);
        // Still losing with keyframes only: audio only.
        assert_eq!(h.report(Some(BAD), Some(GOOD), t + Duration::from_secs(3)), Verdict::Keep);
        assert_eq!(h.report(Some(BAD), Some(GOOD), t + Duration::from_secs(4)), Verdict::Keep);
        assert_eq!(h.report(Some(BAD), Some(GOOD), t + Duration::from_secs(5)), Verdict::DropVideo);
        assert_eq!(h.level(), Level::AudioOnly);
        let t = t + Duration::from_secs(6);
        // Clean audio for less than the restore time: still audio only.
        for s in 3..12 {
            assert_eq!(h.report(Some(0), Some(GOOD), t + Duration::from_secs(s)), Verdict::Keep);
        }
        assert_eq!(h.report(Some(0), Some(GOOD), t + Duration::from_secs(13)), Verdict::RestoreVideo);
        assert_eq!(h.level(), Level::Full);
    }

    #[test]
    fn tracks_reported_in_separate_packets_count_separately() {
        let mut h = ViewerHealth::default();
        let t = Instant::now();
        let mut last = Verdict::Keep;
        for s in 0..BAD_REPORTS_TO_DEGRADE as u64 {
            assert_eq!(h.report(Some(GOOD), None, t + Duration::from_secs(s)), Verdict::Keep);
            last = h.report(None, Some(BAD), t + Duration::from_secs(s));
        }
        assert_eq!(last, Verdict::KeyframesOnly);
    }

    #[test]
    fn repeated_degradation_or_lossy_audio_disconnects() {
        let mut h = ViewerHealth::default();
        let mut t = Instant::now();
        let mut verdicts = Vec::new();
        for _ in 0..MAX_DEGRADATIONS {
            for _ in 0..BAD_REPORTS_TO_DEGRADE {
                t += Duration::from_secs(1);
                verdicts.push(h.report(Some(BAD), Some(GOOD), t));
            }
            for _ in 0..=GOOD_TO_RESTORE.as_secs() {
                t += Duration::from_secs(1);
                h.report(None, Some(GOOD), t);
            }
        }
        assert_eq!(verdicts.iter().filter(|v| **v == Verdict::KeyframesOnly).count(), MAX_DEGRADATIONS - 1);
        assert_eq!(verdicts.last(), Some(&Verdict::Disconnect));

        let mut h = ViewerHealth::default();
        let t = Instant::now();
        for s in 0..3 {
            h.report(Some(GOOD), Some(BAD), t + Duration::from_secs(s));
        }
        // Lossy audio: keyframes only, then audio only, then disconnected.
        let last: Vec<Verdict> = (0..(BAD_REPORTS_TO_DEGRADE + BAD_AUDIO_REPORTS_TO_DISCONNECT) as u64)
            .map(|s| h.report(None, Some(BAD), t + Duration::from_secs(3 + s)))
            .collect();
        assert_eq!(last.last(), Some(&Verdict::Disconnect));
    }

    #[test]
    fn degradations_long_ago_are_forgotten() {
        let mut h = ViewerHealth::default();
        let mut t = Instant::now();
        for _ in 0..10 {
            for _ in 0..BAD_REPORTS_TO_DEGRADE {
                t += Duration::from_secs(1);
                assert_ne!(h.report(Some(BAD), Some(GOOD), t), Verdict::Disconnect);
            }
            t += DEGRADE_WINDOW;
            h.report(None, Some(GOOD), t);
            t += GOOD_TO_RESTORE;
            assert_eq!(h.report(None, Some(GOOD), t), Verdict::RestoreVideo);
        }
    }

    #[test]
    fn keyframes_only_recovers_after_a_clean_stretch_and_a_bad_report_restarts_it() {
        let mut h = ViewerHealth::default();
        let mut t = Instant::now();
        for _ in 0..BAD_REPORTS_TO_DEGRADE {
            t += Duration::from_secs(1);
            h.report(Some(BAD), Some(GOOD), t);
        }
        assert_eq!(h.level(), Level::KeyframesOnly);
        for _ in 0..8 {
            t += Duration::from_secs(1);
            assert_eq!(h.report(Some(GOOD), Some(GOOD), t), Verdict::Keep);
        }
        // One bad report (not three): the clean stretch starts again.
        t += Duration::from_secs(1);
        assert_eq!(h.report(Some(BAD), Some(GOOD), t), Verdict::Keep);
        let mut verdict = Verdict::Keep;
        let mut clean = 0;
        while verdict == Verdict::Keep && clean < 30 {
            t += Duration::from_secs(1);
            clean += 1;
            verdict = h.report(Some(GOOD), Some(GOOD), t);
        }
        assert_eq!(verdict, Verdict::RestoreVideo);
        assert_eq!(clean, GOOD_TO_RESTORE.as_secs() + 1, "the stretch counts from the first clean report");
        assert_eq!(h.level(), Level::Full);
    }

    #[test]
    fn upstream_loss_is_measured_per_interval_and_subtracted_from_viewer_reports() {
        let mut up = UpstreamLoss::default();
        let t = Instant::now();
        // One second of audio with every fourth packet missing, then a packet after it.
        for (i, seq) in (0u16..50).filter(|s| s % 4 != 3).enumerate() {
            up.record(false, seq, t + Duration::from_millis(i as u64 * 20));
        }
        assert_eq!(up.fraction(false), 0, "not a full interval yet");
        up.record(false, 51, t + Duration::from_secs(1));
        let f = up.fraction(false);
        assert!((60..=70).contains(&f), "about 25 % lost: {f}");
        assert_eq!(up.fraction(true), 0, "video has its own count");
        // A viewer reporting 30 % lost audio lost only about 5 % on its own path.
        assert!(up.on_viewer_path(false, Some(77)).is_some_and(|f| f < 16));
        assert_eq!(up.on_viewer_path(true, Some(77)), Some(77));
        assert_eq!(up.on_viewer_path(false, None), None);
        // Late packets (retransmissions) count as received; wrap-around is not loss.
        let mut up = UpstreamLoss::default();
        for (i, seq) in [65_534u16, 65_535, 1, 0, 2, 3].into_iter().enumerate() {
            up.record(true, seq, t + Duration::from_millis(i as u64 * 300));
        }
        assert_eq!(up.fraction(true), 0);
    }
}
