//! The bodies of RTMP audio and video messages (FLV tag bodies, without the tag header):
//! H.264 in AVC packets (the decoder configuration record, length-prefixed NAL units, the
//! composition time that B-frames need) and AAC (AudioSpecificConfig, raw frames).
//! Parsing only; every length is checked against the buffer.

use bytes::Bytes;

/// Why a tag body could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TagError {
    /// A codec liveroom does not take over RTMP (it names it).
    #[error("unsupported codec: {0}")]
    Unsupported(&'static str),
    /// The body is shorter than its own fields say.
    #[error("malformed {0}")]
    Malformed(&'static str),
}

/// H.264 parameter sets from an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvcConfig {
    /// The first SPS.
    pub sps: Bytes,
    /// The first PPS.
    pub pps: Bytes,
    /// Bytes of each NAL unit's length prefix in the frames (1, 2 or 4).
    pub length_size: usize,
}

impl AvcConfig {
    /// `profile_idc`, `constraint flags`, `level_idc` as the SDP `profile-level-id` spells them.
    pub fn profile_level_id(&self) -> String {
        match self.sps.get(1..4) {
            Some(p) => format!("{:02x}{:02x}{:02x}", p[0], p[1], p[2]),
            None => "42e01f".to_owned(),
        }
    }
}

/// A video message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Video {
    /// New parameter sets.
    Config(AvcConfig),
    /// One access unit: its NAL units (without length prefixes).
    Frame {
        /// An IDR (FLV frame type 1).
        keyframe: bool,
        /// Presentation minus decode time, ms (non-zero with B-frames).
        composition_ms: i32,
        /// The NAL units, still as AVC length-prefixed data.
        data: Bytes,
    },
    /// End of sequence, a command frame: nothing to show.
    Nothing,
}

/// Parses a video message body.
pub fn video(body: &Bytes) -> Result<Video, TagError> {
    let first = *body.first().ok_or(TagError::Malformed("video tag"))?;
    if first & 0x80 != 0 {
        return Err(TagError::Unsupported("enhanced RTMP video (HEVC / AV1 / VP9)"));
    }
    let frame_type = first >> 4;
    if frame_type == 5 {
        return Ok(Video::Nothing);
    }
    if first & 0x0f != 7 {
        return Err(TagError::Unsupported(match first & 0x0f {
            2 => "Sorenson H.263",
            4 | 5 => "VP6",
            12 => "HEVC (non-standard FLV id 12)",
            _ => "video codec other than H.264",
        }));
    }
    if body.len() < 5 {
        return Err(TagError::Malformed("AVC packet"));
    }
    let composition = i32::from_be_bytes([0, body[2], body[3], body[4]]);
    // Sign-extend the 24-bit value.
    let composition_ms = (composition << 8) >> 8;
    match body[1] {
        0 => avc_config(&body[5..]).map(Video::Config),
        1 => Ok(Video::Frame { keyframe: frame_type == 1, composition_ms, data: body.slice(5..) }),
        _ => Ok(Video::Nothing),
    }
}

fn avc_config(b: &[u8]) -> Result<AvcConfig, TagError> {
    let bad = TagError::Malformed("AVC decoder configuration record");
    if b.len() < 7 || b[0] != 1 {
        return Err(bad);
    }
    let length_size = usize::from(b[4] & 0x03) + 1;
    if length_size == 3 {
        return Err(bad);
    }
    let mut at = 5;
    let mut read_sets = |count_mask: u8| -> Result<Option<Bytes>, TagError> {
        let count = b.get(at).ok_or(TagError::Malformed("AVC decoder configuration record"))? & count_mask;
        at += 1;
        let mut first = None;
        for _ in 0..count {
            let len = b
                .get(at..at + 2)
                .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
                .ok_or(TagError::Malformed("AVC decoder configuration record"))?;
            let set = b.get(at + 2..at + 2 + len).ok_or(TagError::Malformed("AVC decoder configuration record"))?;
            first.get_or_insert_with(|| Bytes::copy_from_slice(set));
            at += 2 + len;
        }
        Ok(first)
    };
    let sps = read_sets(0x1f)?;
    let pps = read_sets(0xff)?;
    match (sps, pps) {
        (Some(sps), Some(pps)) if !sps.is_empty() && !pps.is_empty() => Ok(AvcConfig { sps, pps, length_size }),
        _ => Err(bad),
    }
}

/// The NAL units of a frame's AVC length-prefixed data; a truncated last unit is dropped.
pub fn nal_units(data: &Bytes, length_size: usize) -> Vec<Bytes> {
    let mut out = Vec::new();
    let mut at = 0;
    while at + length_size <= data.len() {
        let len = data[at..at + length_size].iter().fold(0usize, |n, b| (n << 8) | usize::from(*b));
        at += length_size;
        if len == 0 {
            continue;
        }
        if at + len > data.len() {
            break;
        }
        out.push(data.slice(at..at + len));
        at += len;
    }
    out
}

/// An AAC configuration (ISO/IEC 14496-3 §1.6.2.1 AudioSpecificConfig).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AacConfig {
    /// The AudioSpecificConfig bytes as sent.
    pub specific_config: Bytes,
    /// Samples per second.
    pub sample_rate: u32,
    /// Channels (1..=2 are decoded as they are; more are downmixed by the decoder).
    pub channels: u16,
}

/// An audio message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audio {
    /// A new AudioSpecificConfig.
    Config(AacConfig),
    /// One raw AAC frame.
    Frame(Bytes),
}

const AAC_RATES: [u32; 13] = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

/// Parses an audio message body.
pub fn audio(body: &Bytes) -> Result<Audio, TagError> {
    let first = *body.first().ok_or(TagError::Malformed("audio tag"))?;
    if first >> 4 != 10 {
        return Err(TagError::Unsupported(match first >> 4 {
            2 | 14 => "MP3",
            9 => "enhanced RTMP audio (Opus / FLAC / AC-3)",
            _ => "audio codec other than AAC",
        }));
    }
    match body.get(1) {
        Some(0) => aac_config(body.slice(2..)).map(Audio::Config),
        Some(1) => Ok(Audio::Frame(body.slice(2..))),
        _ => Err(TagError::Malformed("AAC packet")),
    }
}

fn aac_config(asc: Bytes) -> Result<AacConfig, TagError> {
    let bad = TagError::Malformed("AudioSpecificConfig");
    if asc.len() < 2 {
        return Err(bad);
    }
    let bits = u32::from_be_bytes([asc[0], asc[1], *asc.get(2).unwrap_or(&0), *asc.get(3).unwrap_or(&0)]);
    let object_type = bits >> 27;
    if object_type == 31 {
        return Err(TagError::Unsupported("AAC with an escaped object type"));
    }
    let index = ((bits >> 23) & 0x0f) as usize;
    let (sample_rate, channel_config) = if index == 15 {
        // 24-bit explicit rate, then the channel configuration.
        let rest = asc.get(1..6).ok_or(bad.clone())?;
        let v = u64::from_be_bytes([0, 0, 0, rest[0], rest[1], rest[2], rest[3], rest[4]]);
        (((v >> 15) & 0xff_ffff) as u32, ((v >> 11) & 0x0f) as u16)
    } else {
        (*AAC_RATES.get(index).ok_or(bad.clone())?, ((bits >> 19) & 0x0f) as u16)
    };
    if sample_rate == 0 {
        return Err(bad);
    }
    Ok(AacConfig { specific_config: asc, sample_rate, channels: channel_config.clamp(1, 8) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_avc_sequence_header_gives_its_parameter_sets() {
        let sps = [0x67, 0x64, 0x00, 0x1f, 0xac];
        let pps = [0x68, 0xee, 0x3c, 0x80];
        let mut b = vec![0x17, 0, 0, 0, 0, 1, 0x64, 0x00, 0x1f, 0xff, 0xe1, 0, 5];
        b.extend_from_slice(&sps);
        b.extend_from_slice(&[1, 0, 4]);
        b.extend_from_slice(&pps);
        let Video::Config(c) = video(&Bytes::from(b)).unwrap() else { panic!("not a config") };
        assert_eq!((&c.sps[..], &c.pps[..], c.length_size), (&sps[..], &pps[..], 4));
        assert_eq!(c.profile_level_id(), "64001f");
    }

    #[test]
    fn a_frame_carries_its_signed_composition_time_and_nal_units() {
        let b = Bytes::from(vec![0x27, 1, 0xff, 0xff, 0xfe, 0, 0, 0, 2, 0x41, 0x9a, 0, 0, 0, 9, 1]);
        let Video::Frame { keyframe, composition_ms, data } = video(&b).unwrap() else { panic!("not a frame") };
        assert!(!keyframe);
        assert_eq!(composition_ms, -2);
        // The second unit claims 9 bytes and has 1: dropped, not read past the end.
        assert_eq!(nal_units(&data, 4), vec![Bytes::from_static(&[0x41, 0x9a])]);
    }

    #[test]
    fn other_codecs_and_short_bodies_are_errors_not_panics() {
        assert!(matches!(video(&Bytes::from_static(&[0x12, 0])), Err(TagError::Unsupported(_))));
        assert!(matches!(video(&Bytes::from_static(&[0x90, 0])), Err(TagError::Unsupported(_))));
        assert!(matches!(video(&Bytes::from_static(&[0x17, 0, 0])), Err(TagError::Malformed(_))));
        assert!(matches!(video(&Bytes::from_static(&[0x17, 0, 0, 0, 0, 1, 0x64])), Err(TagError::Malformed(_))));
        assert!(matches!(audio(&Bytes::from_static(&[0x2f, 0])), Err(TagError::Unsupported("MP3"))));
        assert!(matches!(audio(&Bytes::from_static(&[0xaf, 0, 0x12])), Err(TagError::Malformed(_))));
        assert!(video(&Bytes::new()).is_err() && audio(&Bytes::new()).is_err());
    }

    #[test]
    fn an_audio_specific_config_gives_rate_and_channels() {
        // AAC-LC, 44.1 kHz, stereo; AAC-LC, 48 kHz, mono.
        let Audio::Config(c) = audio(&Bytes::from_static(&[0xaf, 0, 0x12, 0x10])).unwrap() else { panic!() };
        assert_eq!((c.sample_rate, c.channels), (44100, 2));
        let Audio::Config(c) = audio(&Bytes::from_static(&[0xaf, 0, 0x11, 0x88])).unwrap() else { panic!() };
        assert_eq!((c.sample_rate, c.channels), (48000, 1));
        assert_eq!(audio(&Bytes::from_static(&[0xaf, 1, 7, 8])).unwrap(), Audio::Frame(Bytes::from_static(&[7, 8])));
    }
}
