//! Lets subscribers' keyframe requests, NACKs and receiver reports reach the engine, and
//! counts the NACKs.
//!
//! The `rtc` interceptor chain consumes inbound RTCP (reports, NACKs, TWCC) and drops what
//! is not marked for the application. This interceptor, placed after the default ones,
//! marks compound packets that carry a PLI or FIR, so the engine can ask the publisher
//! for a keyframe (throttled) when a viewer's decoder needs one, and those with a
//! receiver report, so the engine can tell a viewer that cannot keep up
//! ([`crate::degrade`]), and those with a NACK, which the engine answers from the
//! stream's packet cache: the fast path's packets never pass the default chain's NACK
//! responder, so its send buffer has nothing to answer with.

use std::collections::VecDeque;
use std::time::Instant;

use liveroom_telemetry::metrics;
use rtc::interceptor::{Attribute, Interceptor, Packet, StreamInfo, TaggedPacket};
use rtc::rtcp::header::{PacketType, FORMAT_FIR, FORMAT_PLI, FORMAT_TLN};
use rtc::rtcp::receiver_report::ReceiverReport;
use rtc::rtcp::reception_report::ReceptionReport;
use rtc::rtcp::transport_feedbacks::transport_layer_nack::TransportLayerNack;
use rtc::sansio::Protocol;
use rtc::shared::error::Error;

/// Slot after the default interceptors (they act first on inbound RTCP).
pub const SLOT: usize = 14_000;

/// Marks inbound PLI / FIR, NACKs and receiver reports for delivery to the application;
/// passes everything through.
#[derive(Default)]
pub struct KeyframeTap {
    read: VecDeque<TaggedPacket>,
    write: VecDeque<TaggedPacket>,
}

impl Protocol<TaggedPacket, TaggedPacket, ()> for KeyframeTap {
    type Rout = TaggedPacket;
    type Wout = TaggedPacket;
    type Eout = ();
    type Error = Error;
    type Time = Instant;

    fn handle_read(&mut self, mut msg: TaggedPacket) -> Result<(), Error> {
        let mut for_engine = false;
        if let Packet::Rtcp(packets) = &msg.message.packet {
            for p in packets.iter() {
                let h = p.header();
                if asks_for_keyframe(p.as_ref()) || h.packet_type == PacketType::ReceiverReport {
                    for_engine = true;
                } else if h.packet_type == PacketType::TransportSpecificFeedback && h.count == FORMAT_TLN {
                    if let Some(nack) = p.as_any().downcast_ref::<TransportLayerNack>() {
                        let asked: usize = nack.nacks.iter().map(|pair| pair.packet_list().len()).sum();
                        metrics().media.nacks_received.inc();
                        metrics().media.nacked_packets.inc_by(asked as u64);
                        for_engine = true;
                    }
                }
            }
        }
        if for_engine {
            msg.message.add(Attribute::DeliverToApplication);
        }
        self.read.push_back(msg);
        Ok(())
    }

    fn poll_read(&mut self) -> Option<TaggedPacket> {
        self.read.pop_front()
    }

    fn handle_write(&mut self, msg: TaggedPacket) -> Result<(), Error> {
        self.write.push_back(msg);
        Ok(())
    }

    fn poll_write(&mut self) -> Option<TaggedPacket> {
        self.write.pop_front()
    }
}

/// Whether an RTCP packet is a PLI or FIR.
pub fn asks_for_keyframe(p: &dyn rtc::rtcp::Packet) -> bool {
    let h = p.header();
    h.packet_type == PacketType::PayloadSpecificFeedback && (h.count == FORMAT_PLI || h.count == FORMAT_FIR)
}

/// The report blocks of a receiver report (none for any other packet).
pub fn reception_reports(p: &dyn rtc::rtcp::Packet) -> &[ReceptionReport] {
    p.as_any().downcast_ref::<ReceiverReport>().map_or(&[], |rr| &rr.reports)
}

impl Interceptor for KeyframeTap {
    fn bind_local_stream(&mut self, _: &StreamInfo) {}
    fn unbind_local_stream(&mut self, _: &StreamInfo) {}
    fn bind_remote_stream(&mut self, _: &StreamInfo) {}
    fn unbind_remote_stream(&mut self, _: &StreamInfo) {}
}
