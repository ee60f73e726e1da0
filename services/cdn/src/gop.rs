//! The GOP cache of HTTP-FLV: the tags since the latest keyframe, so a new viewer starts
//! decoding at once instead of waiting for the next keyframe. Bounded in bytes: a GOP that
//! outgrows it (a publisher that never sends keyframes) is dropped, and new viewers then
//! wait for the next keyframe.

use std::collections::VecDeque;

use bytes::Bytes;

/// Most bytes of one GOP kept.
pub const MAX_GOP_BYTES: usize = 8 << 20;

/// See the module docs.
#[derive(Debug, Default)]
pub struct GopCache {
    tags: VecDeque<Bytes>,
    bytes: usize,
    /// Whether the cache starts at a keyframe (false until the first one, or after overflow).
    valid: bool,
}

impl GopCache {
    /// Starts a new GOP with the keyframe tag `tag`.
    pub fn keyframe(&mut self, tag: Bytes) {
        self.tags.clear();
        self.bytes = tag.len();
        self.tags.push_back(tag);
        self.valid = true;
    }

    /// Appends a tag (inter frame or audio) to the current GOP.
    pub fn push(&mut self, tag: Bytes) {
        if !self.valid {
            return;
        }
        self.bytes += tag.len();
        self.tags.push_back(tag);
        if self.bytes > MAX_GOP_BYTES {
            self.tags.clear();
            self.bytes = 0;
            self.valid = false;
        }
    }

    /// The cached tags, keyframe first (empty if there is no usable GOP).
    pub fn tags(&self) -> impl Iterator<Item = &Bytes> {
        self.tags.iter()
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_at_the_latest_keyframe() {
        let mut g = GopCache::default();
        g.push(Bytes::from_static(b"before any keyframe"));
        assert_eq!(g.tags().count(), 0);
        g.keyframe(Bytes::from_static(b"K1"));
        g.push(Bytes::from_static(b"p"));
        g.keyframe(Bytes::from_static(b"K2"));
        g.push(Bytes::from_static(b"a"));
        let tags: Vec<&[u8]> = g.tags().map(|b| &b[..]).collect();
        assert_eq!(tags, vec![&b"K2"[..], &b"a"[..]]);
    }

    #[test]
    fn an_oversized_gop_is_dropped() {
        let mut g = GopCache::default();
        g.keyframe(Bytes::from(vec![0; 1024]));
        for _ in 0..(MAX_GOP_BYTES / 1024 + 1) {
            g.push(Bytes::from(vec![0; 1024]));
        }
        assert_eq!(g.tags().count(), 0);
        assert_eq!(g.bytes(), 0);
        g.push(Bytes::from_static(b"x"));
        assert_eq!(g.tags().count(), 0, "waits for the next keyframe");
    }
}
