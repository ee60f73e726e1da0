//! LIVEROOM PATCH (not upstream): direct access to a connection's outbound SRTP context.
//!
//! An SFU sends one publisher packet to many subscriber legs. Going through
//! `RTCRtpSender::write_rtp` costs each leg the whole interceptor and handler pipeline (several
//! copies of the packet, a NACK send buffer, stats) before SRTP; liveroom's forwarding fast
//! path keeps one packet cache per stream instead and only needs each leg's SRTP keys.
//! See third_party/rtc/PATCHES.md.

use super::RTCPeerConnection;
use srtp::context::Context;

impl RTCPeerConnection {
    /// Runs `f` with the outbound (local) SRTP context, once the DTLS handshake has produced
    /// it; `None` before that.
    ///
    /// The context is the one the pipeline itself uses for this connection's RTP and RTCP, so
    /// rollover counters and SRTCP indexes stay consistent whichever path sends a packet. A
    /// packet protected here bypasses the interceptors: the caller owns retransmission, sender
    /// reports and statistics for it.
    pub fn with_local_srtp_context<R>(&mut self, f: impl FnOnce(&mut Context) -> R) -> Option<R> {
        self.pipeline_context.srtp_handler_context.local_srtp_context.as_mut().map(f)
    }
}
