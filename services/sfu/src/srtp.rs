//! Outbound SRTP on a viewer leg: every forwarded packet is written once, into a
//! per-thread arena, and encrypted there (AES-GCM, RFC 7714), which is how the fast path
//! protects RTP when the leg negotiated an AEAD profile (Chromium, Firefox, Safari and
//! webrtc-rs all offer one, and the node, as DTLS server, picks it first).
//!
//! Owns: the leg's RTP session key and salt, derived from the DTLS-SRTP master key
//! (RFC 3711 §4.3, key derivation rate 0), and each of its SSRCs' rollover counter. The
//! peer connection's outbound `rtc` context stays for SRTCP, and for RTP when the profile is
//! AES-CM / HMAC-SHA1. Must not: keep datagrams (they leave in the caller's outbox) or log
//! keys.
//!
//! Why not the `rtc` context for RTP: it copies each packet twice (into the caller's buffer,
//! then into a new allocation), and looks the SSRC up in a SipHash map per packet; on a node
//! fanning one stream out to a thousand viewers that was ≈ 12 % of its CPU
//! (docs/BENCHMARKS.md).

use bytes::{BufMut, BytesMut};
use rtc::crypto::{AeadAlgorithm, AeadCipher, BlockCipherAlgorithm, RTCCrypto};
use rtc::peer_connection::LocalSrtpKeys;
use rtc::rtp;
use rtc::shared::error::Error;
use rtc::shared::marshal::{Marshal, MarshalSize};
use rtc::srtp::context::Context;
use rtc::srtp::protection_profile::ProtectionProfile;
use smallvec::SmallVec;

/// AES-GCM's authentication tag (RFC 7714 §14.2: 16 octets for both SRTP profiles).
const GCM_TAG: usize = 16;
/// AES-GCM's SRTP salt and IV (RFC 7714 §8.1).
const GCM_SALT: usize = 12;
/// The key derivation label of the SRTP encryption key (RFC 3711 §4.3.2).
const LABEL_SRTP_ENCRYPTION: u8 = 0x00;
/// The key derivation label of the SRTP salting key.
const LABEL_SRTP_SALT: u8 = 0x02;
/// Half the sequence number space: RFC 3711's rollover estimation window.
const HALF: u16 = 1 << 15;

/// Bytes the arena reserves at a time: once every datagram cut from it is gone (the outbox
/// flushed them), the same memory is reused; while some are queued, a new block is taken
/// for this many bytes, not per packet.
pub const ARENA_BLOCK: usize = 128 * 1024;

/// A viewer leg's outbound SRTP.
pub struct LegSrtp {
    /// In-place AES-GCM for RTP (`None`: the profile is not AEAD, RTP goes through `context`).
    gcm: Option<GcmRtp>,
    /// The peer connection's outbound context: SRTCP, and RTP without `gcm`.
    context: Context,
}

/// The AES-GCM RTP half of a leg's SRTP.
struct GcmRtp {
    cipher: Box<dyn AeadCipher>,
    salt: [u8; GCM_SALT],
    /// Per SSRC, the highest packet index sent: a leg has two or three (audio, video, its
    /// RTX), kept inline because a separate allocation per leg was a cache miss per leg
    /// and burst (most of this module's cost with hundreds of legs).
    streams: SmallVec<[Rollover; 4]>,
}

/// The highest SRTP packet index (`ROC << 16 | SEQ`) sent on one SSRC.
struct Rollover {
    ssrc: u32,
    highest: u64,
}

impl Rollover {
    /// The packet index of `sequence`, estimated against the highest sent as RFC 3711
    /// §3.3.1 has a receiver do (a retransmission just after a wrap belongs to the previous
    /// rollover), and remembered when it is the new highest.
    fn index(&mut self, sequence: u16) -> u64 {
        let roc = self.highest >> 16;
        let highest_sequence = self.highest as u16;
        let estimate = if highest_sequence < HALF {
            if sequence > highest_sequence && sequence - highest_sequence > HALF {
                roc.saturating_sub(1)
            } else {
                roc
            }
        } else if highest_sequence - HALF > sequence {
            roc + 1
        } else {
            roc
        };
        let index = (estimate << 16) | u64::from(sequence);
        self.highest = self.highest.max(index);
        index
    }
}

impl GcmRtp {
    fn new(keys: &LocalSrtpKeys, crypto: &dyn RTCCrypto) -> Result<Self, Error> {
        let (algorithm, block) = match keys.profile {
            ProtectionProfile::AeadAes128Gcm => (AeadAlgorithm::Aes128Gcm, BlockCipherAlgorithm::Aes128),
            ProtectionProfile::AeadAes256Gcm => (AeadAlgorithm::Aes256Gcm, BlockCipherAlgorithm::Aes256),
            other => return Err(Error::Other(format!("{other:?} is not an AEAD profile"))),
        };
        let session_key = derive(crypto, block, LABEL_SRTP_ENCRYPTION, keys, keys.master_key.len())?;
        let cipher = crypto.new_aead(algorithm, &session_key).map_err(|e| Error::Other(format!("SRTP cipher: {e}")))?;
        let mut salt = [0; GCM_SALT];
        salt.copy_from_slice(&derive(crypto, block, LABEL_SRTP_SALT, keys, GCM_SALT)?);
        Ok(Self { cipher, salt, streams: SmallVec::new() })
    }

    /// An SSRC's rollover state (new ones start at the first sequence number sent).
    fn stream(&mut self, ssrc: u32, first: u16) -> &mut Rollover {
        let at = match self.streams.iter().position(|s| s.ssrc == ssrc) {
            Some(at) => at,
            None => {
                self.streams.push(Rollover { ssrc, highest: u64::from(first) });
                self.streams.len() - 1
            }
        };
        &mut self.streams[at]
    }

    fn seal(&mut self, datagram: &mut [u8], header: &rtp::Header, header_len: usize) -> Result<(), Error> {
        let index = self.stream(header.ssrc, header.sequence_number).index(header.sequence_number);
        // RFC 7714 §8.1: 00 00 || SSRC || ROC || SEQ, XOR the session salt.
        let mut iv = [0u8; GCM_SALT];
        iv[2..6].copy_from_slice(&header.ssrc.to_be_bytes());
        iv[6..12].copy_from_slice(&index.to_be_bytes()[2..]);
        iv.iter_mut().zip(&self.salt).for_each(|(v, s)| *v ^= s);
        let (aad, rest) = datagram.split_at_mut(header_len);
        let (plain, tag) = rest.split_at_mut(rest.len() - GCM_TAG);
        self.cipher.seal_in_place(&iv, aad, plain, tag).map_err(|e| Error::Other(format!("SRTP seal: {e}")))
    }
}

/// RFC 3711 §4.3.3's AES-CM PRF with a key derivation rate of 0: the salt XOR the label at
/// octet 7, as a counter block whose last two octets count, encrypted with the master key.
fn derive(
    crypto: &dyn RTCCrypto,
    block: BlockCipherAlgorithm,
    label: u8,
    keys: &LocalSrtpKeys,
    len: usize,
) -> Result<Vec<u8>, Error> {
    if keys.master_salt.len() > 14 {
        return Err(Error::Other("SRTP master salt longer than 14 octets".into()));
    }
    let mut input = [0u8; 16];
    input[..keys.master_salt.len()].copy_from_slice(&keys.master_salt);
    input[7] ^= label;
    let mut out = Vec::with_capacity(len.div_ceil(16) * 16);
    for counter in 0..len.div_ceil(16) as u16 {
        let mut block_in = input;
        block_in[14..].copy_from_slice(&counter.to_be_bytes());
        crypto
            .block_encrypt(block, &keys.master_key, &mut block_in)
            .map_err(|e| Error::Other(format!("SRTP key derivation: {e}")))?;
        out.extend_from_slice(&block_in);
    }
    out.truncate(len);
    Ok(out)
}

impl LegSrtp {
    /// A leg's SRTP from its peer connection's outbound context and, when the profile is
    /// AES-GCM, the master key it was made from (`None`, or another profile: RTP goes
    /// through the context).
    pub fn new(context: Context, keys: Option<&LocalSrtpKeys>, crypto: &dyn RTCCrypto) -> Self {
        let aead =
            keys.filter(|k| matches!(k.profile, ProtectionProfile::AeadAes128Gcm | ProtectionProfile::AeadAes256Gcm));
        let gcm = aead.and_then(|keys| match GcmRtp::new(keys, crypto) {
            Ok(gcm) => Some(gcm),
            Err(e) => {
                tracing::warn!(profile = ?keys.profile, error = %e, "AES-GCM RTP protected through the rtc context");
                None
            }
        });
        Self { gcm, context }
    }

    /// Whether RTP is encrypted in place (an AES-GCM profile).
    pub fn in_place(&self) -> bool {
        self.gcm.is_some()
    }

    /// Marshals `header` and `payload` into `arena` and protects them: the SRTP datagram,
    /// cut from the arena.
    pub fn seal_rtp(&mut self, arena: &mut BytesMut, header: &rtp::Header, payload: &[u8]) -> Result<BytesMut, Error> {
        let header_len = header.marshal_size();
        let len = header_len + payload.len() + GCM_TAG;
        if arena.capacity() < len {
            arena.reserve(ARENA_BLOCK.max(len));
        }
        arena.resize(header_len, 0);
        header.marshal_to(&mut arena[..])?;
        arena.extend_from_slice(payload);
        let Some(gcm) = &mut self.gcm else {
            let plain = arena.split();
            return self.context.encrypt_rtp_with_header(&plain, header);
        };
        arena.put_bytes(0, GCM_TAG);
        let mut datagram = arena.split();
        gcm.seal(&mut datagram, header, header_len)?;
        Ok(datagram)
    }

    /// Marshals an RTCP packet and SRTCP-protects it.
    pub fn seal_rtcp(&mut self, packet: &impl Marshal) -> Result<BytesMut, Error> {
        let plain = packet.marshal()?;
        self.context.encrypt_rtcp(&plain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn keys(profile: ProtectionProfile) -> LocalSrtpKeys {
        let key_len: u8 = if matches!(profile, ProtectionProfile::AeadAes256Gcm) { 32 } else { 16 };
        LocalSrtpKeys {
            profile,
            master_key: (0..key_len).map(|i| i.wrapping_mul(37) ^ 0x5a).collect(),
            master_salt: (0..12u8).map(|i| i.wrapping_mul(11) ^ 0xc3).collect(),
        }
    }

    fn context(keys: &LocalSrtpKeys) -> Context {
        let provider = rtc::crypto::default_provider().expect("crypto provider");
        Context::new(&keys.master_key, &keys.master_salt, keys.profile, None, None, provider.crypto()).expect("context")
    }

    fn leg(keys: &LocalSrtpKeys) -> LegSrtp {
        let provider = rtc::crypto::default_provider().expect("crypto provider");
        LegSrtp::new(context(keys), Some(keys), provider.crypto())
    }

    fn header(ssrc: u32, sequence_number: u16) -> rtp::Header {
        rtp::Header {
            version: 2,
            payload_type: 102,
            sequence_number,
            timestamp: u32::from(sequence_number) * 3000,
            ssrc,
            marker: sequence_number % 4 == 3,
            ..Default::default()
        }
    }

    /// Byte for byte what the `rtc` context makes of the same packets, through a sequence
    /// number wrap and retransmissions from before it, for both GCM profiles.
    #[test]
    fn in_place_matches_the_rtc_context() {
        for profile in [ProtectionProfile::AeadAes128Gcm, ProtectionProfile::AeadAes256Gcm] {
            let keys = keys(profile);
            let mut ours = leg(&keys);
            assert!(ours.in_place());
            let mut theirs = context(&keys);
            let mut arena = BytesMut::new();
            let mut plain = Vec::new();
            let sequences = (65_500..=65_535).chain(0..40).chain([65_530, 65_534, 3, 41]);
            for (i, sequence) in sequences.enumerate() {
                for ssrc in [0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666] {
                    let header = header(ssrc, sequence);
                    let payload = vec![i as u8; 300 + i];
                    let datagram = ours.seal_rtp(&mut arena, &header, &payload).expect("seal");
                    plain.clear();
                    plain.resize(header.marshal_size(), 0);
                    header.marshal_to(&mut plain[..]).expect("marshal");
                    plain.extend_from_slice(&payload);
                    let expected = theirs.encrypt_rtp_with_header(&plain, &header).expect("rtc seal");
                    assert_eq!(&datagram[..], &expected[..], "{profile:?} ssrc {ssrc:#x} sequence {sequence}");
                }
            }
        }
    }

    /// The receiving side's `rtc` context opens every packet (its replay window and
    /// rollover estimate accept them) and gets the payload back.
    #[test]
    fn a_receiver_opens_them() {
        let keys = keys(ProtectionProfile::AeadAes128Gcm);
        let mut ours = leg(&keys);
        let provider = rtc::crypto::default_provider().expect("crypto provider");
        let mut receiver = Context::new(
            &keys.master_key,
            &keys.master_salt,
            keys.profile,
            Some(rtc::srtp::option::srtp_replay_protection(64)),
            None,
            provider.crypto(),
        )
        .expect("receiver");
        let mut arena = BytesMut::new();
        for sequence in (65_000..=65_535u16).chain(0..600) {
            let payload = sequence.to_be_bytes().repeat(100);
            let datagram = ours.seal_rtp(&mut arena, &header(7, sequence), &payload).expect("seal");
            let opened = receiver.decrypt_rtp(&datagram).expect("opens");
            assert_eq!(&opened[opened.len() - payload.len()..], &payload[..]);
        }
    }

    /// AES-CM / HMAC-SHA1 legs go through the context (and still protect).
    #[test]
    fn other_profiles_use_the_context() {
        let keys = LocalSrtpKeys {
            profile: ProtectionProfile::Aes128CmHmacSha1_80,
            master_key: vec![1; 16],
            master_salt: vec![2; 14],
        };
        let mut ours = leg(&keys);
        assert!(!ours.in_place());
        let mut receiver = context(&keys);
        let datagram = ours.seal_rtp(&mut BytesMut::new(), &header(9, 1), &[5; 200]).expect("seal");
        let opened = receiver.decrypt_rtp(&datagram).expect("opens");
        assert_eq!(&opened[opened.len() - 200..], &[5; 200][..]);
    }

    /// Datagrams cut from the arena stay intact while later ones are written (the outbox
    /// holds hundreds of them before a flush), and the arena's memory is reused once they
    /// are gone.
    #[test]
    fn arena_datagrams_are_independent() {
        let keys = keys(ProtectionProfile::AeadAes128Gcm);
        let mut ours = leg(&keys);
        let mut twin = leg(&keys);
        let mut arena = BytesMut::new();
        let mut kept: Vec<(BytesMut, BytesMut)> = Vec::new();
        for sequence in 0..400u16 {
            let payload = vec![sequence as u8; 1100];
            let datagram = ours.seal_rtp(&mut arena, &header(3, sequence), &payload).expect("seal");
            let separate = twin.seal_rtp(&mut BytesMut::new(), &header(3, sequence), &payload).expect("seal");
            kept.push((datagram, separate));
        }
        for (datagram, separate) in &kept {
            assert_eq!(datagram, separate);
        }
        drop(kept);
        let before = arena.capacity();
        let _ = ours.seal_rtp(&mut arena, &header(3, 400), &[1; 1100]).expect("seal");
        assert!(arena.capacity() <= before.max(ARENA_BLOCK), "the block is reused, not grown");
    }

    proptest! {
        /// The rollover estimate agrees with the `rtc` context for what a leg sends: a
        /// sequence moving forward, through wraps, with retransmissions of packets up to
        /// 500 behind.
        #[test]
        fn rollover_matches_rtc(start in any::<u16>(), steps in proptest::collection::vec((1u16..3_000, 0u16..500), 1..200)) {
            let keys = keys(ProtectionProfile::AeadAes128Gcm);
            let mut ours = leg(&keys);
            let mut theirs = context(&keys);
            let mut arena = BytesMut::new();
            let mut sequence = start;
            for (forward, back) in steps {
                sequence = sequence.wrapping_add(forward);
                for sent in [sequence, sequence.wrapping_sub(back)] {
                    let header = header(5, sent);
                    let datagram = ours.seal_rtp(&mut arena, &header, &[0xab; 40]).expect("seal");
                    let mut plain = vec![0; header.marshal_size()];
                    header.marshal_to(&mut plain[..]).expect("marshal");
                    plain.extend_from_slice(&[0xab; 40]);
                    let expected = theirs.encrypt_rtp_with_header(&plain, &header).expect("rtc seal");
                    prop_assert_eq!(&datagram[..], &expected[..], "sequence {}", sent);
                }
            }
        }
    }
}
