//! LIVEROOM PATCH (not upstream): hands a connection's outbound SRTP context to the caller.
//!
//! An SFU sends one publisher packet to many subscriber legs. Going through
//! `RTCRtpSender::write_rtp` costs each leg the whole interceptor and handler pipeline (several
//! copies of the packet, a NACK send buffer, stats) before SRTP; liveroom's forwarding fast
//! path keeps one packet cache per stream instead and only needs each leg's SRTP keys.
//! See third_party/rtc/PATCHES.md.

use super::RTCPeerConnection;
use srtp::context::Context;

impl RTCPeerConnection {
    /// Takes the outbound (local) SRTP context, once the DTLS handshake has produced it;
    /// `None` before that (or once taken).
    ///
    /// Afterwards the connection itself can no longer send RTP or RTCP (its writes fail with
    /// "local_srtp_context is not set"): the caller owns every packet of the connection's
    /// outbound media, its retransmissions, sender reports and statistics. ICE, DTLS and SCTP
    /// are unaffected, and inbound SRTP / SRTCP keep their own context.
    pub fn take_local_srtp_context(&mut self) -> Option<Context> {
        self.pipeline_context.srtp_handler_context.local_srtp_context.take()
    }
}

/// The outbound SRTP master key and salt a DTLS handshake produced, and their profile
/// (LIVEROOM PATCH): for a caller that protects the connection's outbound RTP itself, in
/// place, rather than through the [`Context`] (which copies every packet twice).
///
/// Secret: its `Debug` shows the profile only.
#[derive(Clone)]
pub struct LocalSrtpKeys {
    /// The negotiated protection profile.
    pub profile: srtp::protection_profile::ProtectionProfile,
    /// The outbound master key.
    pub master_key: Vec<u8>,
    /// The outbound master salt.
    pub master_salt: Vec<u8>,
}

impl std::fmt::Debug for LocalSrtpKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalSrtpKeys").field("profile", &self.profile).finish_non_exhaustive()
    }
}

impl RTCPeerConnection {
    /// Takes the outbound SRTP master key and salt, once the DTLS handshake has produced them;
    /// `None` before that (or once taken). They are the keys of the context that
    /// [`take_local_srtp_context`](Self::take_local_srtp_context) hands out.
    pub fn take_local_srtp_keys(&mut self) -> Option<LocalSrtpKeys> {
        self.pipeline_context.dtls_handler_context.local_srtp_keys.take()
    }
}

impl RTCPeerConnection {
    /// Where the connection sends now (LIVEROOM PATCH): the remote address and transport of
    /// the selected ICE candidate pair; `None` until ICE selects one (and after an ICE restart
    /// until it selects again). For a caller that sends the connection's media itself and
    /// must follow the pair when it changes (a new address, an ICE restart).
    pub fn selected_remote(&self) -> Option<(std::net::SocketAddr, shared::TransportProtocol)> {
        let (local, remote) = self.ice_transport().agent.get_selected_candidate_pair()?;
        Some((remote.addr(), local.network_type().to_protocol()))
    }
}
