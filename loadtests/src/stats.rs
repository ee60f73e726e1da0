//! Latency recording shared by many client tasks: each task batches samples locally and
//! merges them into one histogram, so thousands of clients need only one histogram.

use std::sync::Arc;

use hdrhistogram::Histogram;
use parking_lot::Mutex;

/// A shared latency histogram in microseconds.
#[derive(Clone)]
pub struct Latency(Arc<Mutex<Histogram<u64>>>);

impl Latency {
    /// Records 1 µs .. 60 s with 3 significant digits.
    pub fn new() -> Self {
        Self(Arc::new(Mutex::new(Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid bounds"))))
    }

    /// Merges a batch of samples (µs).
    pub fn record_batch(&self, samples: &mut Vec<u64>) {
        let mut h = self.0.lock();
        for s in samples.drain(..) {
            h.saturating_record(s.max(1));
        }
    }

    /// Clears all samples (end of warm-up).
    pub fn reset(&self) {
        self.0.lock().reset();
    }

    /// (count, p50, p99, max) in milliseconds.
    pub fn summary(&self) -> (u64, f64, f64, f64) {
        let h = self.0.lock();
        let ms = |v: u64| v as f64 / 1000.0;
        (h.len(), ms(h.value_at_quantile(0.5)), ms(h.value_at_quantile(0.99)), ms(h.max()))
    }
}
