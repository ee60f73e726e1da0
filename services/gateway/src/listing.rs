//! The room directory's listing, served from memory.
//!
//! Owns: one cached listing per app (the rooms with what is live in them, see
//! [`ListedRoom`]), made from the [`liveroom_cluster::Directory`] and the rooms at most
//! once per time-to-live however many requests ask at once (the first asks, the others
//! wait for its answer), and dropped when this node creates or removes a room of the app.
//!
//! Must not: hold more than one listing per configured app (callers check the app first).

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use liveroom_cluster::{DirectoryError, RoomRecord};
use liveroom_node::room::LiveStream;
use parking_lot::Mutex;

/// A room as the listing shows it.
#[derive(Debug, Clone)]
pub struct ListedRoom {
    /// Its directory record.
    pub record: RoomRecord,
    /// Members in it now (0 when it does not run anywhere).
    pub member_count: u64,
    /// Its streams whose media flows, the owner's first.
    pub streams: Vec<LiveStream>,
}

impl ListedRoom {
    /// Whether someone is streaming in it.
    pub fn live(&self) -> bool {
        !self.streams.is_empty()
    }
}

/// Live rooms first, the fullest first among them, then the rest; newest first otherwise
/// (the order `rooms` came in, from the directory).
pub fn live_first(rooms: &mut [ListedRoom]) {
    rooms.sort_by_key(|r| (!r.live(), std::cmp::Reverse(if r.live() { r.member_count } else { 0 })));
}

type Slot = Arc<tokio::sync::Mutex<Option<(Instant, Arc<Vec<ListedRoom>>)>>>;

/// Cached listings by app.
#[derive(Default)]
pub struct Listings {
    apps: Mutex<HashMap<u64, Slot>>,
}

impl Listings {
    /// The app's listing, from memory if younger than `ttl`, else from `fetch` (once for
    /// every caller waiting meanwhile).
    pub async fn get<F, Fut>(&self, app: u64, ttl: Duration, fetch: F) -> Result<Arc<Vec<ListedRoom>>, DirectoryError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Vec<ListedRoom>, DirectoryError>>,
    {
        let slot = self.apps.lock().entry(app).or_default().clone();
        let mut cached = slot.lock().await;
        if let Some((at, list)) = cached.as_ref() {
            if at.elapsed() < ttl {
                return Ok(list.clone());
            }
        }
        let list = Arc::new(fetch().await?);
        *cached = Some((Instant::now(), list.clone()));
        Ok(list)
    }

    /// Forgets the app's listing (this node created or removed one of its rooms).
    pub fn invalidate(&self, app: u64) {
        if let Some(slot) = self.apps.lock().get(&app) {
            if let Ok(mut cached) = slot.try_lock() {
                *cached = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(start_paused = true)]
    async fn concurrent_listings_read_the_directory_once_per_ttl() {
        let listings = Arc::new(Listings::default());
        let reads = Arc::new(AtomicUsize::new(0));
        let fetch = |reads: Arc<AtomicUsize>| {
            move || async move {
                reads.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(50)).await;
                Ok(Vec::new())
            }
        };
        let mut tasks = Vec::new();
        for _ in 0..32 {
            let (l, r) = (listings.clone(), reads.clone());
            tasks.push(tokio::spawn(async move { l.get(1, Duration::from_secs(2), fetch(r)).await.map(|v| v.len()) }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), Ok(0));
        }
        assert_eq!(reads.load(Ordering::SeqCst), 1, "32 listings at once, one directory read");
        listings.invalidate(1);
        listings.get(1, Duration::from_secs(2), fetch(reads.clone())).await.unwrap();
        assert_eq!(reads.load(Ordering::SeqCst), 2, "a change made here is listed at once");
    }
}
