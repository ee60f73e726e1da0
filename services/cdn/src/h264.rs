//! What the containers need to know about an H.264 stream: picture size, profile and level
//! from the SPS (parsed by `h264-reader`), and the AVCDecoderConfigurationRecord
//! (ISO/IEC 14496-15 §5.3.3.1) that both the fMP4 `avcC` box and the FLV AVC sequence header
//! carry.

use bytes::{BufMut, Bytes, BytesMut};
use h264_reader::nal::sps::SeqParameterSet;
use h264_reader::rbsp::{decode_nal, BitReader};

/// A stream's decoder configuration: one SPS and one PPS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VideoConfig {
    /// The SPS NAL unit (header byte included, no start code).
    pub sps: Bytes,
    /// The PPS NAL unit.
    pub pps: Bytes,
    /// Width in pixels (cropping applied).
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Why an SPS could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SpsError {
    /// Too short to hold profile and level.
    #[error("SPS too short")]
    Truncated,
    /// `h264-reader` refused it.
    #[error("SPS not parsable: {0}")]
    Invalid(String),
}

impl VideoConfig {
    /// Parses `sps` for the picture size; `pps` is carried as is.
    pub fn new(sps: Bytes, pps: Bytes) -> Result<Self, SpsError> {
        if sps.len() < 4 || pps.is_empty() {
            return Err(SpsError::Truncated);
        }
        let rbsp = decode_nal(&sps).map_err(|e| SpsError::Invalid(e.to_string()))?;
        let parsed =
            SeqParameterSet::from_bits(BitReader::new(&rbsp[..])).map_err(|e| SpsError::Invalid(format!("{e:?}")))?;
        let (width, height) = parsed.pixel_dimensions().map_err(|e| SpsError::Invalid(format!("{e:?}")))?;
        if width == 0 || height == 0 || width > 8192 || height > 8192 {
            return Err(SpsError::Invalid(format!("picture size {width}x{height}")));
        }
        Ok(Self { sps, pps, width, height })
    }

    /// `profile_idc` (SPS byte 1).
    pub fn profile(&self) -> u8 {
        self.sps[1]
    }

    /// The constraint flags byte (SPS byte 2).
    pub fn compatibility(&self) -> u8 {
        self.sps[2]
    }

    /// `level_idc` (SPS byte 3).
    pub fn level(&self) -> u8 {
        self.sps[3]
    }

    /// The RFC 6381 codec string, e.g. `avc1.42e01f`.
    pub fn codec_string(&self) -> String {
        format!("avc1.{:02x}{:02x}{:02x}", self.profile(), self.compatibility(), self.level())
    }

    /// AVCDecoderConfigurationRecord with 4-byte NAL lengths (ISO/IEC 14496-15 §5.3.3.1.2).
    pub fn decoder_configuration_record(&self) -> Bytes {
        let mut b = BytesMut::with_capacity(11 + self.sps.len() + self.pps.len());
        b.put_u8(1); // configurationVersion
        b.put_u8(self.profile());
        b.put_u8(self.compatibility());
        b.put_u8(self.level());
        b.put_u8(0xfc | 3); // reserved, lengthSizeMinusOne = 3
        b.put_u8(0xe0 | 1); // reserved, numOfSequenceParameterSets = 1
        b.put_u16(self.sps.len() as u16);
        b.put_slice(&self.sps);
        b.put_u8(1); // numOfPictureParameterSets
        b.put_u16(self.pps.len() as u16);
        b.put_slice(&self.pps);
        b.freeze()
    }
}

/// NAL units that are carried out of band (in the decoder configuration) or mean nothing
/// inside a container sample: SPS, PPS and access unit delimiters.
pub fn is_parameter_or_delimiter(nalu: &[u8]) -> bool {
    matches!(nalu.first().map(|b| b & 0x1f), Some(7..=9))
}

/// A sample's NAL units in AVC form (4-byte big-endian length before each), without
/// parameter sets and delimiters.
pub fn avc_sample(nalus: &[Bytes]) -> Bytes {
    let size: usize = nalus.iter().filter(|n| !is_parameter_or_delimiter(n)).map(|n| 4 + n.len()).sum();
    let mut b = BytesMut::with_capacity(size);
    for n in nalus.iter().filter(|n| !is_parameter_or_delimiter(n)) {
        b.put_u32(n.len() as u32);
        b.put_slice(n);
    }
    b.freeze()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// SPS and PPS of a 640x360 constrained-baseline stream (from ffmpeg's libx264).
    pub(crate) const SPS_640X360: &[u8] = &[
        0x67, 0x42, 0xc0, 0x1e, 0xd9, 0x00, 0xa0, 0x2f, 0xf9, 0x70, 0x11, 0x00, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00,
        0x03, 0x00, 0x3c, 0x0f, 0x16, 0x2e, 0x48,
    ];
    pub(crate) const PPS: &[u8] = &[0x68, 0xcb, 0x83, 0xcb, 0x20];

    #[test]
    fn reads_the_picture_size_and_builds_the_record() {
        let c = VideoConfig::new(Bytes::from_static(SPS_640X360), Bytes::from_static(PPS)).unwrap();
        assert_eq!((c.width, c.height), (640, 360));
        assert_eq!(c.codec_string(), "avc1.42c01e");
        let rec = c.decoder_configuration_record();
        assert_eq!(&rec[..6], &[1, 0x42, 0xc0, 0x1e, 0xff, 0xe1]);
        assert_eq!(rec.len(), 11 + SPS_640X360.len() + PPS.len());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(VideoConfig::new(Bytes::from_static(&[0x67]), Bytes::from_static(PPS)).is_err());
        assert!(VideoConfig::new(Bytes::from_static(&[0x67, 0xff, 0xff, 0xff, 0xff, 0xff]), Bytes::from_static(PPS))
            .is_err());
    }

    #[test]
    fn samples_are_length_prefixed_without_parameter_sets() {
        let nalus =
            [Bytes::from_static(&[0x67, 1]), Bytes::from_static(&[0x09, 0x10]), Bytes::from_static(&[0x65, 7, 8])];
        assert_eq!(&avc_sample(&nalus)[..], &[0, 0, 0, 3, 0x65, 7, 8]);
    }
}
