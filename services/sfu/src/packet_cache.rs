//! The recent video packets of one stream, kept once for all its subscribers so a NACK
//! from any of them can be answered (DESIGN.md §3: the per-stream packet cache).
//!
//! Owns: a ring of the last [`CAPACITY`] packets, indexed by the publisher's sequence
//! number. The payloads are shared (`Bytes`), not copied. Must not: grow with the number
//! of subscribers, or hand back a packet for a sequence number it no longer holds.

use rtc::rtp;

/// Packets kept: about 3 s of 1.5 Mbps video, longer than any NACK is worth answering.
pub const CAPACITY: usize = 512;

/// Recently forwarded packets of one track.
pub struct PacketCache {
    slots: Vec<Option<rtp::Packet>>,
}

impl Default for PacketCache {
    fn default() -> Self {
        Self { slots: vec![None; CAPACITY] }
    }
}

impl PacketCache {
    /// Keeps a packet, replacing the one `CAPACITY` sequence numbers older.
    pub fn insert(&mut self, packet: &rtp::Packet) {
        let slot = usize::from(packet.header.sequence_number) % CAPACITY;
        self.slots[slot] = Some(packet.clone());
    }

    /// The packet with this source sequence number, if still kept.
    pub fn get(&self, sequence: u16) -> Option<&rtp::Packet> {
        self.slots[usize::from(sequence) % CAPACITY].as_ref().filter(|p| p.header.sequence_number == sequence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn packet(sequence: u16) -> rtp::Packet {
        rtp::Packet {
            header: rtp::Header { sequence_number: sequence, ..Default::default() },
            payload: bytes::Bytes::from(sequence.to_be_bytes().to_vec()),
        }
    }

    proptest! {
        /// Whatever the order of arrival, a lookup answers the packet with exactly that
        /// sequence number, and only the newest of two that share a slot.
        #[test]
        fn lookups_never_return_another_packet(seqs in proptest::collection::vec(any::<u16>(), 1..2000), probe in any::<u16>()) {
            let mut cache = PacketCache::default();
            for s in &seqs {
                cache.insert(&packet(*s));
            }
            if let Some(p) = cache.get(probe) {
                prop_assert_eq!(p.header.sequence_number, probe);
                prop_assert_eq!(&p.payload[..], &probe.to_be_bytes()[..]);
                let last_in_slot = seqs.iter().rev().find(|s| usize::from(**s) % CAPACITY == usize::from(probe) % CAPACITY);
                prop_assert_eq!(last_in_slot, Some(&probe));
            }
            let newest = *seqs.last().unwrap();
            prop_assert!(cache.get(newest).is_some());
        }
    }
}
