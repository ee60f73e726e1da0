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
