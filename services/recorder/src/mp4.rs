//! One MP4 file from a recording's CMAF segments: the init segment (its movie duration
//! filled in, so players show the length and can seek) followed by every fragment, with
//! decode times made continuous across publications (a publisher that reconnected starts
//! its clock anew; each track is shifted to go on where the previous publication ended)
//! and fragment numbers renumbered. Boxes through `mp4-atom`; pure bytes in, bytes out.

use std::collections::HashMap;

use bytes::Buf;
use mp4_atom::{Decode, Encode, Mehd, Moof, Moov};

/// Why an MP4 could not be written.
#[derive(Debug, thiserror::Error)]
pub enum Mp4Error {
    /// A box did not parse or encode.
    #[error("mp4: {0}")]
    Atom(String),
    /// The bytes are not the boxes expected.
    #[error("mp4: {0}")]
    Layout(&'static str),
}

fn atom(e: mp4_atom::Error) -> Mp4Error {
    Mp4Error::Atom(e.to_string())
}

/// A top-level box: its fourcc and its whole bytes.
type TopBox<'a> = ([u8; 4], &'a [u8]);

/// Top-level boxes of `data`.
fn boxes(data: &[u8]) -> Result<Vec<TopBox<'_>>, Mp4Error> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while at < data.len() {
        let header = data.get(at..at + 8).ok_or(Mp4Error::Layout("truncated box header"))?;
        let mut size = u64::from(u32::from_be_bytes([header[0], header[1], header[2], header[3]]));
        let kind = [header[4], header[5], header[6], header[7]];
        if size == 1 {
            let large = data.get(at + 8..at + 16).ok_or(Mp4Error::Layout("truncated large size"))?;
            size = (&large[..]).get_u64();
        } else if size == 0 {
            size = (data.len() - at) as u64;
        }
        let end = at.checked_add(size as usize).filter(|e| *e <= data.len() && size >= 8);
        let end = end.ok_or(Mp4Error::Layout("box larger than its data"))?;
        out.push((kind, &data[at..end]));
        at = end;
    }
    Ok(out)
}

/// Each track's timescale in an init segment, by track id.
pub fn timescales(init: &[u8]) -> Result<HashMap<u32, u32>, Mp4Error> {
    let moov = boxes(init)?.into_iter().find(|(k, _)| k == b"moov").ok_or(Mp4Error::Layout("no moov"))?;
    let moov = Moov::decode(&mut &moov.1[..]).map_err(atom)?;
    Ok(moov.trak.iter().map(|t| (t.tkhd.track_id, t.mdia.mdhd.timescale)).collect())
}

/// The MP4's beginning: `init` with the movie's duration (`mvhd`, `mehd`) set to `seconds`.
pub fn head(init: &[u8], seconds: f64) -> Result<Vec<u8>, Mp4Error> {
    let mut out = Vec::with_capacity(init.len() + 16);
    for (kind, data) in boxes(init)? {
        if &kind != b"moov" {
            out.extend_from_slice(data);
            continue;
        }
        let mut moov = Moov::decode(&mut &data[..]).map_err(atom)?;
        let duration = (seconds * f64::from(moov.mvhd.timescale)).round() as u64;
        moov.mvhd.duration = duration;
        if let Some(mvex) = &mut moov.mvex {
            mvex.mehd = Some(Mehd { fragment_duration: duration });
        }
        moov.encode(&mut out).map_err(atom)?;
    }
    Ok(out)
}

/// Where each track's decode times start and end in a segment (track timescale ticks).
pub type Spans = HashMap<u32, (u64, u64)>;

/// Each track's decode-time span in `segment`.
pub fn spans(segment: &[u8]) -> Result<Spans, Mp4Error> {
    let mut spans = Spans::new();
    for (kind, data) in boxes(segment)? {
        if &kind == b"moof" {
            let moof = Moof::decode(&mut &data[..]).map_err(atom)?;
            for traf in &moof.traf {
                let start = traf.tfdt.as_ref().map_or(0, |t| t.base_media_decode_time);
                let default = u64::from(traf.tfhd.default_sample_duration.unwrap_or(0));
                let length: u64 = traf
                    .trun
                    .iter()
                    .flat_map(|t| t.samples.iter())
                    .map(|e| e.duration.map_or(default, u64::from))
                    .sum();
                let span = spans.entry(traf.tfhd.track_id).or_insert((start, start + length));
                span.0 = span.0.min(start);
                span.1 = span.1.max(start + length);
            }
        }
    }
    Ok(spans)
}

/// `segment` with each track's decode times moved by `shift[track]` ticks (never below 0)
/// and its fragments numbered from `*sequence` on.
pub fn retime(segment: &[u8], shift: &HashMap<u32, i64>, sequence: &mut u32) -> Result<Vec<u8>, Mp4Error> {
    let mut out = Vec::with_capacity(segment.len());
    for (kind, data) in boxes(segment)? {
        if &kind != b"moof" {
            out.extend_from_slice(data);
            continue;
        }
        let mut moof = Moof::decode(&mut &data[..]).map_err(atom)?;
        *sequence += 1;
        moof.mfhd.sequence_number = *sequence;
        for traf in &mut moof.traf {
            let by = shift.get(&traf.tfhd.track_id).copied().unwrap_or(0);
            if let Some(tfdt) = &mut traf.tfdt {
                tfdt.base_media_decode_time = tfdt.base_media_decode_time.saturating_add_signed(by);
            }
        }
        let mut encoded = Vec::with_capacity(data.len());
        moof.encode(&mut encoded).map_err(atom)?;
        // Data offsets count from the moof's start (default-base-is-moof): a moof that
        // re-encoded to another size moves its media by the difference.
        let delta = encoded.len() as i64 - data.len() as i64;
        if delta != 0 {
            for traf in &mut moof.traf {
                for trun in &mut traf.trun {
                    if let Some(offset) = &mut trun.data_offset {
                        *offset = (i64::from(*offset) + delta) as i32;
                    }
                }
            }
            encoded.clear();
            moof.encode(&mut encoded).map_err(atom)?;
        }
        out.extend_from_slice(&encoded);
    }
    Ok(out)
}

/// Joins publications: the shift that makes a new publication's tracks start where the
/// previous one ended. `previous` and `next` are spans; `timescales` by track. Tracks keep
/// their relative timing: one shift in seconds — the largest any track needs, so no track
/// overlaps its previous end (the other may get a gap of a frame) — applied to every track
/// in its own timescale.
pub fn continuation(previous: &Spans, next: &Spans, timescales: &HashMap<u32, u32>) -> HashMap<u32, i64> {
    let seconds = next
        .iter()
        .filter_map(|(track, (start, _))| {
            let scale = f64::from(*timescales.get(track)?);
            let (_, end) = previous.get(track)?;
            Some(*end as f64 / scale - *start as f64 / scale)
        })
        .fold(None, |max: Option<f64>, s| Some(max.map_or(s, |m| m.max(s))))
        .unwrap_or(0.0);
    // Rounded up (no overlap), ignoring float noise below a millionth of a tick.
    timescales.iter().map(|(track, scale)| (*track, (seconds * f64::from(*scale) - 1e-6).ceil() as i64)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use liveroom_cdn::fmp4::{self, Sample, TrackRun, AUDIO_TRACK, VIDEO_TRACK};

    fn fragment(seq: u32, video_dts: u64, audio_dts: u64) -> Vec<u8> {
        let v: Vec<Sample> = (0..3)
            .map(|i| Sample {
                dts: video_dts + i * 3000,
                duration: 3000,
                sync: i == 0,
                cts: 0,
                data: Bytes::from_static(b"VVVV"),
            })
            .collect();
        let a: Vec<Sample> = (0..2)
            .map(|i| Sample {
                dts: audio_dts + i * 1024,
                duration: 1024,
                sync: true,
                cts: 0,
                data: Bytes::from_static(b"AA"),
            })
            .collect();
        fmp4::fragment(
            seq,
            &[TrackRun { track: VIDEO_TRACK, samples: &v }, TrackRun { track: AUDIO_TRACK, samples: &a }],
        )
        .unwrap()
        .to_vec()
    }

    #[test]
    fn spans_and_a_shift_make_the_next_publication_go_on_where_the_last_ended() {
        let first = fragment(1, 90_000, 48_000);
        let spans1 = spans(&first).unwrap();
        assert_eq!(spans1[&VIDEO_TRACK], (90_000, 99_000));
        assert_eq!(spans1[&AUDIO_TRACK], (48_000, 50_048));
        // The new publication starts its clock at 0.
        let second = fragment(1, 0, 0);
        let scales = HashMap::from([(VIDEO_TRACK, 90_000), (AUDIO_TRACK, 48_000)]);
        let shift = continuation(&spans1, &spans(&second).unwrap(), &scales);
        assert_eq!(shift[&VIDEO_TRACK], 99_000);
        assert_eq!(shift[&AUDIO_TRACK], 52_800, "the same 1.1 s in the audio's timescale");
        let mut seq = 7;
        let moved = retime(&second, &shift, &mut seq).unwrap();
        assert_eq!(seq, 8);
        assert_eq!(spans(&moved).unwrap()[&VIDEO_TRACK], (99_000, 108_000));
        // The media is where the moof says: the sample bytes are intact after re-encoding.
        assert_eq!(&moved[moved.len() - 16..], &second[second.len() - 16..]);
        assert_eq!(moved.len(), second.len());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(spans(&[0, 0, 0, 9, b'm', b'o', b'o', b'f']).is_err());
        assert!(retime(&[0, 0, 0, 100, b'm', b'o', b'o', b'f', 1], &HashMap::new(), &mut 0).is_err());
        assert!(timescales(b"not an mp4 at all").is_err());
    }
}
