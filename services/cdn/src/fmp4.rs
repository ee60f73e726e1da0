//! CMAF fragmented MP4 (ISO/IEC 14496-12, ISO/IEC 23000-19) for LL-HLS: the init segment
//! (`ftyp` + `moov` with `mvex`) and media fragments (`moof` + `mdat`), one video track
//! (H.264, `avc1`, 90 kHz) and optionally one audio track (AAC-LC, `mp4a`, 48 kHz).
//! Box encoding is the `mp4-atom` crate's; this module only decides the values.

use bytes::Bytes;
use mp4_atom::{
    esds, Audio, Avc1, Avcc, Dinf, Dref, Encode, Esds, Ftyp, Hdlr, Mdat, Mdhd, Mdia, Mfhd, Minf, Moof, Moov, Mp4a,
    Mvex, Mvhd, Smhd, Stbl, Stco, Stsc, Stsd, Stsz, Stts, Tfdt, Tfhd, Tkhd, Traf, Trak, Trex, Trun, TrunEntry,
    TrunSamples, Url, Visual, Vmhd,
};

use crate::h264::VideoConfig;
use crate::opus2aac::AudioConfig;

/// Video track id and timescale (RTP's 90 kHz, so no rescaling).
pub const VIDEO_TRACK: u32 = 1;
/// Video ticks per second.
pub const VIDEO_TIMESCALE: u32 = 90_000;
/// Audio track id.
pub const AUDIO_TRACK: u32 = 2;

/// `sample_depends_on = 2` (an I-frame: a sync sample).
const SYNC_SAMPLE: u32 = 0x0200_0000;
/// `sample_depends_on = 1`, `sample_is_non_sync_sample = 1`.
const NON_SYNC_SAMPLE: u32 = 0x0101_0000;

/// Why a box could not be written (only with values the encoder refuses).
#[derive(Debug, thiserror::Error)]
#[error("mp4 encoding: {0}")]
pub struct Fmp4Error(String);

/// Writes one box into the output buffer.
type BoxWriter<'a> = &'a dyn Fn(&mut Vec<u8>) -> mp4_atom::Result<()>;

fn encode(atoms: &[BoxWriter<'_>]) -> Result<Bytes, Fmp4Error> {
    let mut out = Vec::with_capacity(4096);
    for a in atoms {
        a(&mut out).map_err(|e| Fmp4Error(e.to_string()))?;
    }
    Ok(Bytes::from(out))
}

fn sample_table(codec: mp4_atom::Codec) -> Stbl {
    Stbl {
        stsd: Stsd { codecs: vec![codec] },
        stts: Stts::default(),
        stsc: Stsc::default(),
        stsz: Stsz::default(),
        stco: Some(Stco::default()),
        ..Default::default()
    }
}

fn dinf() -> Dinf {
    Dinf { dref: Dref { entries: vec![Url::default().into()] } }
}

fn video_trak(video: &VideoConfig) -> Trak {
    let avc1 = Avc1 {
        visual: Visual {
            data_reference_index: 1,
            width: video.width as u16,
            height: video.height as u16,
            horizresolution: 72.into(),
            vertresolution: 72.into(),
            frame_count: 1,
            compressor: "liveroom".into(),
            depth: 24,
        },
        avcc: Avcc {
            configuration_version: 1,
            avc_profile_indication: video.profile(),
            profile_compatibility: video.compatibility(),
            avc_level_indication: video.level(),
            length_size: 4,
            sequence_parameter_sets: vec![video.sps.to_vec()],
            picture_parameter_sets: vec![video.pps.to_vec()],
            ext: None,
        },
        ..Default::default()
    };
    Trak {
        tkhd: Tkhd {
            track_id: VIDEO_TRACK,
            enabled: true,
            in_movie: true,
            width: (video.width as u16).into(),
            height: (video.height as u16).into(),
            ..Default::default()
        },
        mdia: Mdia {
            mdhd: Mdhd { timescale: VIDEO_TIMESCALE, language: "und".into(), ..Default::default() },
            hdlr: Hdlr { handler: b"vide".into(), name: "liveroom video".into() },
            minf: Minf {
                vmhd: Some(Vmhd::default()),
                dinf: dinf(),
                stbl: sample_table(avc1.into()),
                ..Default::default()
            },
        },
        ..Default::default()
    }
}

fn audio_trak(audio: &AudioConfig) -> Trak {
    let asc = &audio.specific_config;
    let mp4a = Mp4a {
        audio: Audio {
            data_reference_index: 1,
            channel_count: audio.channels,
            sample_size: 16,
            sample_rate: (audio.sample_rate as u16).into(),
        },
        esds: Esds {
            es_desc: esds::EsDescriptor {
                es_id: AUDIO_TRACK as u16,
                dec_config: esds::DecoderConfig {
                    object_type_indication: 0x40, // MPEG-4 Audio
                    stream_type: 5,               // audio stream
                    max_bitrate: 160_000,
                    avg_bitrate: 128_000,
                    dec_specific: Some(esds::DecoderSpecific {
                        profile: asc[0] >> 3,
                        freq_index: ((asc[0] & 0x07) << 1) | (asc.get(1).copied().unwrap_or(0) >> 7),
                        chan_conf: (asc.get(1).copied().unwrap_or(0) >> 3) & 0x0f,
                        raw: asc.to_vec(),
                    }),
                    ..Default::default()
                },
                ..Default::default()
            },
        },
        btrt: None,
        taic: None,
    };
    Trak {
        tkhd: Tkhd {
            track_id: AUDIO_TRACK,
            enabled: true,
            in_movie: true,
            alternate_group: 1,
            volume: 1.into(),
            ..Default::default()
        },
        mdia: Mdia {
            mdhd: Mdhd { timescale: audio.sample_rate, language: "und".into(), ..Default::default() },
            hdlr: Hdlr { handler: b"soun".into(), name: "liveroom audio".into() },
            minf: Minf {
                smhd: Some(Smhd::default()),
                dinf: dinf(),
                stbl: sample_table(mp4a.into()),
                ..Default::default()
            },
        },
        ..Default::default()
    }
}

/// The init segment: `ftyp` + `moov` describing the tracks, no samples.
pub fn init_segment(video: &VideoConfig, audio: Option<&AudioConfig>) -> Result<Bytes, Fmp4Error> {
    let ftyp = Ftyp {
        major_brand: b"iso6".into(),
        minor_version: 0,
        compatible_brands: vec![b"iso6".into(), b"cmfc".into(), b"mp41".into()],
    };
    let mut trak = vec![video_trak(video)];
    let mut trex = vec![Trex { track_id: VIDEO_TRACK, default_sample_description_index: 1, ..Default::default() }];
    if let Some(a) = audio {
        trak.push(audio_trak(a));
        trex.push(Trex { track_id: AUDIO_TRACK, default_sample_description_index: 1, ..Default::default() });
    }
    let moov = Moov {
        mvhd: Mvhd {
            timescale: 1000,
            rate: 1.into(),
            volume: 1.into(),
            next_track_id: AUDIO_TRACK + 1,
            ..Default::default()
        },
        mvex: Some(Mvex { mehd: None, trex }),
        trak,
        ..Default::default()
    };
    encode(&[&|b| ftyp.encode(b), &|b| moov.encode(b)])
}

/// One sample of a fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// Decode time, in the track's timescale.
    pub dts: u64,
    /// Duration, in the track's timescale.
    pub duration: u32,
    /// Whether it is a sync sample (video IDR; every audio frame).
    pub sync: bool,
    /// Presentation minus decode time (B-frames; 0 otherwise), in the track's timescale.
    pub cts: u32,
    /// The sample's bytes (AVC length-prefixed NAL units, or a raw AAC frame).
    pub data: Bytes,
}

/// One track's samples in a fragment.
pub struct TrackRun<'a> {
    /// Track id.
    pub track: u32,
    /// Its samples, in decode order (may be empty: the track is then left out).
    pub samples: &'a [Sample],
}

/// A media fragment (`moof` + `mdat`) holding `runs`, numbered `sequence`.
pub fn fragment(sequence: u32, runs: &[TrackRun<'_>]) -> Result<Bytes, Fmp4Error> {
    let runs: Vec<&TrackRun<'_>> = runs.iter().filter(|r| !r.samples.is_empty()).collect();
    let build = |offsets: &[i32]| Moof {
        mfhd: Mfhd { sequence_number: sequence },
        traf: runs
            .iter()
            .zip(offsets)
            .map(|(run, offset)| (run, offset, run.samples.iter().any(|s| s.cts != 0)))
            .map(|(run, offset, reordered)| Traf {
                tfhd: Tfhd { track_id: run.track, default_base_is_moof: true, ..Default::default() },
                tfdt: Some(Tfdt { base_media_decode_time: run.samples[0].dts }),
                trun: vec![Trun {
                    data_offset: Some(*offset),
                    samples: TrunSamples::Explicit(
                        run.samples
                            .iter()
                            .map(|s| TrunEntry {
                                duration: Some(s.duration),
                                size: Some(s.data.len() as u32),
                                flags: Some(if s.sync { SYNC_SAMPLE } else { NON_SYNC_SAMPLE }),
                                cts: reordered.then_some(i64::from(s.cts)),
                            })
                            .collect(),
                    ),
                }],
                ..Default::default()
            })
            .collect(),
    };
    // The data offsets depend on the moof's size, which does not depend on their values.
    let mut probe = Vec::new();
    build(&vec![0; runs.len()]).encode(&mut probe).map_err(|e| Fmp4Error(e.to_string()))?;
    let mdat_header = 8;
    let mut offsets = Vec::with_capacity(runs.len());
    let mut at = probe.len() + mdat_header;
    let mut data = Vec::with_capacity(runs.iter().flat_map(|r| r.samples).map(|s| s.data.len()).sum());
    for run in &runs {
        offsets.push(at as i32);
        for s in run.samples {
            data.extend_from_slice(&s.data);
            at += s.data.len();
        }
    }
    let moof = build(&offsets);
    let mdat = Mdat { data };
    encode(&[&|b| moof.encode(b), &|b| mdat.encode(b)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::h264::tests::{PPS, SPS_640X360};
    use mp4_atom::Decode;

    fn video() -> VideoConfig {
        VideoConfig::new(Bytes::from_static(SPS_640X360), Bytes::from_static(PPS)).unwrap()
    }

    #[test]
    fn init_segment_round_trips() {
        let audio =
            AudioConfig { specific_config: Bytes::from_static(&[0x11, 0x90]), sample_rate: 48_000, channels: 2 };
        let init = init_segment(&video(), Some(&audio)).unwrap();
        let mut cur = std::io::Cursor::new(&init[..]);
        let ftyp = Ftyp::decode(&mut cur).unwrap();
        assert_eq!(ftyp.major_brand, b"iso6".into());
        let moov = Moov::decode(&mut cur).unwrap();
        assert_eq!(moov.trak.len(), 2);
        assert_eq!(moov.trak[0].tkhd.width, 640u16.into());
        assert_eq!(moov.mvex.unwrap().trex.len(), 2);
    }

    #[test]
    fn fragment_offsets_point_at_each_tracks_data() {
        let v = [Sample { dts: 9000, duration: 3000, sync: true, cts: 0, data: Bytes::from_static(b"VVVV") }];
        let a = [
            Sample { dts: 4800, duration: 1024, sync: true, cts: 0, data: Bytes::from_static(b"AA") },
            Sample { dts: 5824, duration: 1024, sync: true, cts: 0, data: Bytes::from_static(b"BB") },
        ];
        let frag =
            fragment(7, &[TrackRun { track: VIDEO_TRACK, samples: &v }, TrackRun { track: AUDIO_TRACK, samples: &a }])
                .unwrap();
        let mut cur = std::io::Cursor::new(&frag[..]);
        let moof = Moof::decode(&mut cur).unwrap();
        assert_eq!(moof.mfhd.sequence_number, 7);
        let v_off = moof.traf[0].trun[0].data_offset.unwrap() as usize;
        let a_off = moof.traf[1].trun[0].data_offset.unwrap() as usize;
        assert_eq!(&frag[v_off..v_off + 4], b"VVVV");
        assert_eq!(&frag[a_off..a_off + 4], b"AABB");
        assert_eq!(moof.traf[1].tfdt.as_ref().unwrap().base_media_decode_time, 4800);
    }
}
