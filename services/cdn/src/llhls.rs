//! The LL-HLS media playlist of one stream (RFC 8216bis: EXT-X-PART, EXT-X-PRELOAD-HINT,
//! EXT-X-SERVER-CONTROL with CAN-BLOCK-RELOAD) over a sliding window of CMAF segments, each
//! the concatenation of its partial segments. A plain HLS client ignores the part tags and
//! plays the whole segments.
//!
//! Pure state: parts are added by the packager, requests ask what exists. Waiting for a
//! part that does not exist yet (blocking reload) is the origin's job.

use std::collections::VecDeque;
use std::fmt::Write as _;

use bytes::{Bytes, BytesMut};

/// Declared maximum part duration, seconds. Players hold back three of them behind the
/// newest part (PART-HOLD-BACK), the largest term of LL-HLS latency.
pub const PART_TARGET: f64 = 0.2;
/// Declared maximum segment duration (EXT-X-TARGETDURATION), seconds.
pub const TARGET_DURATION: u32 = 2;
/// Complete segments listed in the playlist.
pub const WINDOW_SEGMENTS: usize = 8;
/// Complete segments (from the end) whose parts are still listed and kept.
const PART_SEGMENTS: usize = 3;

/// One partial segment.
#[derive(Debug, Clone)]
pub struct Part {
    /// Seconds.
    pub duration: f64,
    /// Starts with a keyframe.
    pub independent: bool,
    /// The fragment (`moof` + `mdat`).
    pub data: Bytes,
}

#[derive(Debug)]
struct Segment {
    msn: u64,
    /// Which init segment (EXT-X-MAP) its media needs.
    init: u32,
    /// The first segment after a change of init segment (EXT-X-DISCONTINUITY).
    discontinuity: bool,
    parts: Vec<Part>,
    /// Set once complete: the parts' bytes concatenated.
    data: Option<Bytes>,
    duration: f64,
}

/// A complete segment as a recorder takes it.
#[derive(Debug, Clone)]
pub struct CompletedSegment {
    /// Media sequence number.
    pub msn: u64,
    /// The init segment (EXT-X-MAP) its media needs, and its bytes.
    pub init: (u32, Bytes),
    /// Seconds.
    pub duration: f64,
    /// The CMAF fragments (`moof` + `mdat`, its parts concatenated).
    pub data: Bytes,
}

/// A part's or segment's address in the playlist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Media sequence number.
    pub msn: u64,
    /// Part index within it.
    pub part: u32,
}

/// One stream's playlist state. See the module docs.
#[derive(Debug)]
pub struct Playlist {
    /// Prefix of every media URI: `<stream>/<epoch>-`, so a republished stream never
    /// reuses a URI that a cache may hold.
    prefix: String,
    segments: VecDeque<Segment>,
    inits: Vec<(u32, Bytes)>,
    next_init: u32,
    discontinuity_sequence: u64,
    ended: bool,
}

impl Playlist {
    /// An empty playlist whose media URIs start with `prefix`.
    pub fn new(prefix: String) -> Self {
        Self {
            prefix,
            segments: VecDeque::new(),
            inits: Vec::new(),
            next_init: 0,
            discontinuity_sequence: 0,
            ended: false,
        }
    }

    /// Uses a new init segment from the next segment on (first call: the first one).
    /// The next segment must start with [`Playlist::start_segment`].
    pub fn set_init(&mut self, init: Bytes) {
        let id = self.next_init;
        self.next_init += 1;
        self.inits.push((id, init));
        // Keep the inits segments in the window refer to, plus the new one.
        let oldest = self.segments.front().map_or(id, |s| s.init);
        self.inits.retain(|(i, _)| *i >= oldest);
    }

    fn current_init(&self) -> Option<u32> {
        self.inits.last().map(|(i, _)| *i)
    }

    /// Completes the segment in progress (if any) and starts a new one.
    pub fn start_segment(&mut self) {
        self.complete_current();
        let Some(init) = self.current_init() else { return };
        let msn = self.segments.back().map_or(0, |s| s.msn + 1);
        let discontinuity = self.segments.back().is_some_and(|s| s.init != init);
        self.segments.push_back(Segment { msn, init, discontinuity, parts: Vec::new(), data: None, duration: 0.0 });
        self.slide();
    }

    fn complete_current(&mut self) {
        if let Some(s) = self.segments.back_mut() {
            if s.data.is_none() {
                let mut b = BytesMut::with_capacity(s.parts.iter().map(|p| p.data.len()).sum());
                for p in &s.parts {
                    b.extend_from_slice(&p.data);
                }
                s.data = Some(b.freeze());
            }
        }
        // A segment that got no part (stream ended at once) is not listed.
        if self.segments.back().is_some_and(|s| s.parts.is_empty()) {
            self.segments.pop_back();
        }
    }

    fn slide(&mut self) {
        let complete = self.segments.iter().filter(|s| s.data.is_some()).count();
        let mut excess = complete.saturating_sub(WINDOW_SEGMENTS);
        while excess > 0 {
            if self.segments.pop_front().is_some() && self.segments.front().is_some_and(|s| s.discontinuity) {
                // The new first segment's EXT-X-DISCONTINUITY is no longer written.
                self.discontinuity_sequence += 1;
            }
            excess -= 1;
        }
        let oldest_init = self.segments.front().map(|s| s.init);
        if let Some(oldest) = oldest_init {
            self.inits.retain(|(i, _)| *i >= oldest);
        }
        // Free the parts of older segments: their whole segment serves instead.
        let n = self.segments.len();
        for s in self.segments.iter_mut().take(n.saturating_sub(PART_SEGMENTS + 1)) {
            if s.data.is_some() && !s.parts.is_empty() {
                for p in &mut s.parts {
                    p.data = Bytes::new();
                }
            }
        }
    }

    /// Appends a part to the segment in progress; returns its position.
    pub fn add_part(&mut self, part: Part) -> Option<Position> {
        let s = self.segments.back_mut().filter(|s| s.data.is_none())?;
        s.duration += part.duration;
        s.parts.push(part);
        Some(Position { msn: s.msn, part: s.parts.len() as u32 - 1 })
    }

    /// Duration of the segment in progress, seconds.
    pub fn current_duration(&self) -> f64 {
        self.segments.back().filter(|s| s.data.is_none()).map_or(0.0, |s| s.duration)
    }

    /// Ends the stream: the last segment completes and the playlist gets EXT-X-ENDLIST.
    pub fn end(&mut self) {
        self.complete_current();
        self.ended = true;
    }

    /// Whether the stream ended.
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// The newest part published, if any.
    pub fn last_position(&self) -> Option<Position> {
        let s = self.segments.iter().rev().find(|s| !s.parts.is_empty())?;
        Some(Position { msn: s.msn, part: s.parts.len() as u32 - 1 })
    }

    /// Whether a playlist holding `msn` (and part `part`, if given) can be served: the
    /// blocking-reload condition (RFC 8216bis §6.2.5.2).
    pub fn has(&self, msn: u64, part: Option<u32>) -> bool {
        if self.ended {
            return true;
        }
        let Some(s) = self.segments.iter().find(|s| s.msn == msn) else {
            return self.segments.back().is_some_and(|s| s.msn > msn);
        };
        match part {
            None => s.data.is_some(),
            Some(p) => s.data.is_some() || (p as usize) < s.parts.len(),
        }
    }

    /// Whether `msn` is so far ahead that a blocking request for it must be refused
    /// (more than two segments after the last one, RFC 8216bis §6.2.5.2).
    pub fn too_far_ahead(&self, msn: u64) -> bool {
        let last = self.segments.back().map_or(0, |s| s.msn);
        msn > last + 2
    }

    /// The complete segments after `after` (every one in the window for `None`), oldest
    /// first: what a recorder following the stream has not written yet.
    pub fn completed_after(&self, after: Option<u64>) -> Vec<CompletedSegment> {
        self.segments
            .iter()
            .filter(|s| after.is_none_or(|a| s.msn > a))
            .filter_map(|s| {
                let data = s.data.clone().filter(|d| !d.is_empty())?;
                let init = self.init(s.init)?;
                Some(CompletedSegment { msn: s.msn, init: (s.init, init), duration: s.duration, data })
            })
            .collect()
    }

    /// A complete segment's bytes.
    pub fn segment(&self, msn: u64) -> Option<Bytes> {
        self.segments.iter().find(|s| s.msn == msn)?.data.clone()
    }

    /// A part's bytes (`None` if not published yet, or already dropped from memory).
    pub fn part(&self, msn: u64, part: u32) -> Option<Bytes> {
        let p = self.segments.iter().find(|s| s.msn == msn)?.parts.get(part as usize)?;
        (!p.data.is_empty()).then(|| p.data.clone())
    }

    /// Whether a request for this part should wait for it: it is the next one to come.
    pub fn is_next_part(&self, msn: u64, part: u32) -> bool {
        match self.segments.back() {
            Some(s) if s.data.is_none() => {
                (s.msn == msn && part as usize == s.parts.len()) || (s.msn + 1 == msn && part == 0)
            }
            Some(s) => s.msn + 1 == msn && part == 0,
            None => msn == 0 && part == 0,
        }
    }

    /// An init segment's bytes.
    pub fn init(&self, id: u32) -> Option<Bytes> {
        self.inits.iter().find(|(i, _)| *i == id).map(|(_, b)| b.clone())
    }

    /// The media playlist text.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(2048);
        let first = self.segments.front().map_or(0, |s| s.msn);
        let _ = write!(
            out,
            "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:{TARGET_DURATION}\n\
             #EXT-X-PART-INF:PART-TARGET={PART_TARGET:.3}\n\
             #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK={:.3},HOLD-BACK={:.1}\n\
             #EXT-X-MEDIA-SEQUENCE:{first}\n",
            PART_TARGET * 3.0,
            f64::from(TARGET_DURATION) * 3.0,
        );
        if self.discontinuity_sequence > 0 {
            let _ = writeln!(out, "#EXT-X-DISCONTINUITY-SEQUENCE:{}", self.discontinuity_sequence);
        }
        let with_parts_from = self.segments.len().saturating_sub(PART_SEGMENTS + 1);
        let mut map: Option<u32> = None;
        for (i, s) in self.segments.iter().enumerate() {
            if s.parts.is_empty() {
                continue;
            }
            if s.discontinuity && map.is_some() {
                out.push_str("#EXT-X-DISCONTINUITY\n");
            }
            if map != Some(s.init) {
                let _ = writeln!(out, "#EXT-X-MAP:URI=\"{}init{}.mp4\"", self.prefix, s.init);
                map = Some(s.init);
            }
            if i >= with_parts_from {
                for (j, p) in s.parts.iter().enumerate() {
                    let _ = write!(
                        out,
                        "#EXT-X-PART:DURATION={:.5},URI=\"{}{}.{}.m4s\"",
                        p.duration, self.prefix, s.msn, j
                    );
                    out.push_str(if p.independent { ",INDEPENDENT=YES\n" } else { "\n" });
                }
            }
            if s.data.is_some() {
                let _ = write!(out, "#EXTINF:{:.5},\n{}{}.m4s\n", s.duration, self.prefix, s.msn);
            }
        }
        if self.ended {
            out.push_str("#EXT-X-ENDLIST\n");
        } else if let Some(next) = self.next_position() {
            let _ =
                writeln!(out, "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"{}{}.{}.m4s\"", self.prefix, next.msn, next.part);
        }
        out
    }

    fn next_position(&self) -> Option<Position> {
        let s = self.segments.back()?;
        Some(if s.data.is_none() {
            Position { msn: s.msn, part: s.parts.len() as u32 }
        } else {
            Position { msn: s.msn + 1, part: 0 }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(independent: bool) -> Part {
        Part { duration: 0.2, independent, data: Bytes::from_static(b"moofmdat") }
    }

    fn playlist_with(segments: usize) -> Playlist {
        let mut p = Playlist::new("s/e1-".into());
        p.set_init(Bytes::from_static(b"init"));
        for _ in 0..segments {
            p.start_segment();
            for i in 0..5 {
                p.add_part(part(i == 0));
            }
        }
        p
    }

    #[test]
    fn renders_parts_preload_hint_and_server_control() {
        let p = playlist_with(2);
        let text = p.render();
        assert!(text.contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600"), "{text}");
        assert!(text.contains("#EXT-X-MAP:URI=\"s/e1-init0.mp4\""));
        assert!(text.contains("#EXTINF:1.00000,\ns/e1-0.m4s\n"));
        assert!(text.contains("#EXT-X-PART:DURATION=0.20000,URI=\"s/e1-1.0.m4s\",INDEPENDENT=YES\n"));
        assert!(text.contains("#EXT-X-PART:DURATION=0.20000,URI=\"s/e1-1.4.m4s\"\n"));
        assert!(!text.contains("s/e1-1.m4s"), "the segment in progress has no EXTINF yet");
        assert!(text.ends_with("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"s/e1-1.5.m4s\"\n"), "{text}");
        assert_eq!(p.segment(0).unwrap().len(), 5 * 8, "a segment is its parts");
        assert!(p.segment(1).is_none());
        assert!(p.part(1, 4).is_some() && p.part(1, 5).is_none());
    }

    #[test]
    fn blocking_reload_conditions() {
        let p = playlist_with(2);
        assert!(p.has(1, Some(4)));
        assert!(!p.has(1, Some(5)));
        assert!(!p.has(1, None), "segment 1 is not complete");
        assert!(p.has(0, None));
        assert!(p.is_next_part(1, 5) && p.is_next_part(2, 0) && !p.is_next_part(3, 0));
        assert!(!p.too_far_ahead(3) && p.too_far_ahead(4));
    }

    #[test]
    fn the_window_slides_and_old_parts_are_freed() {
        let p = playlist_with(20);
        let text = p.render();
        assert!(text.contains("#EXT-X-MEDIA-SEQUENCE:11\n"), "{text}");
        assert!(p.segment(10).is_none() && p.segment(11).is_some());
        assert!(p.part(12, 0).is_none(), "old parts are dropped; the segment serves");
        assert!(p.part(19, 0).is_some());
        assert_eq!(text.matches("#EXTINF").count(), WINDOW_SEGMENTS);
    }

    #[test]
    fn a_new_init_is_a_discontinuity_and_the_end_is_endlist() {
        let mut p = playlist_with(2);
        p.set_init(Bytes::from_static(b"init2"));
        p.start_segment();
        p.add_part(part(true));
        p.end();
        let text = p.render();
        assert!(text.contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"s/e1-init1.mp4\""), "{text}");
        assert!(text.ends_with("#EXT-X-ENDLIST\n"));
        assert!(!text.contains("PRELOAD-HINT"));
        assert!(p.init(0).is_some() && p.init(1).is_some());
        assert!(p.has(99, Some(0)), "an ended playlist never blocks");
    }
}
