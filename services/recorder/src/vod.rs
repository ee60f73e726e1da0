//! The VOD playlist of a recording (RFC 8216: `EXT-X-PLAYLIST-TYPE:VOD`, `EXT-X-ENDLIST`):
//! every segment with its duration, `EXT-X-MAP` where the init segment changes and
//! `EXT-X-DISCONTINUITY` where the stream was published anew (a publisher that reconnected
//! within the gap continues the same recording). Pure text; the store writes it.

use std::fmt::Write as _;

/// One recorded segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Its file, relative to the playlist.
    pub file: String,
    /// Seconds.
    pub duration: f64,
    /// The init segment file it needs.
    pub init: String,
    /// The first segment of a new publication.
    pub discontinuity: bool,
}

/// The playlist text of `entries`; `ended`: the recording is finished (VOD) rather than
/// still being written (EVENT).
pub fn render(entries: &[Entry], ended: bool) -> String {
    let target = entries.iter().map(|e| e.duration.ceil() as u64).max().unwrap_or(1).max(1);
    let kind = if ended { "VOD" } else { "EVENT" };
    let mut out = format!(
        "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:{target}\n#EXT-X-PLAYLIST-TYPE:{kind}\n\
         #EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-INDEPENDENT-SEGMENTS\n"
    );
    let mut map: Option<&str> = None;
    for e in entries {
        if e.discontinuity {
            out.push_str("#EXT-X-DISCONTINUITY\n");
        }
        if map != Some(e.init.as_str()) || e.discontinuity {
            let _ = writeln!(out, "#EXT-X-MAP:URI=\"{}\"", e.init);
            map = Some(e.init.as_str());
        }
        let _ = writeln!(out, "#EXTINF:{:.5},\n{}", e.duration, e.file);
    }
    if ended {
        out.push_str("#EXT-X-ENDLIST\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u32, init: &str, discontinuity: bool) -> Entry {
        Entry { file: format!("seg-{n}.m4s"), duration: 1.02, init: init.into(), discontinuity }
    }

    #[test]
    fn maps_and_discontinuities_where_the_stream_changed() {
        let text =
            render(&[entry(0, "init-0.mp4", false), entry(1, "init-0.mp4", false), entry(2, "init-1.mp4", true)], true);
        assert!(text.contains("#EXT-X-PLAYLIST-TYPE:VOD\n"));
        assert!(text.ends_with("#EXT-X-ENDLIST\n"));
        assert_eq!(text.matches("#EXT-X-MAP:").count(), 2);
        assert_eq!(text.matches("#EXT-X-DISCONTINUITY").count(), 1);
        let disc = text.find("#EXT-X-DISCONTINUITY").unwrap();
        assert!(text[disc..]
            .starts_with("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-1.mp4\"\n#EXTINF:1.02000,\nseg-2.m4s"));
        assert!(text.contains("#EXT-X-TARGETDURATION:2\n"));
    }

    #[test]
    fn a_recording_in_progress_is_an_event_playlist() {
        let text = render(&[entry(0, "init-0.mp4", false)], false);
        assert!(text.contains("#EXT-X-PLAYLIST-TYPE:EVENT\n") && !text.contains("ENDLIST"));
    }
}
