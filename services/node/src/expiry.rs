//! Idle rooms expire: a room with no members and no stream for `chat.room_expiry_secs` is
//! removed from the directory, so a live list does not fill with rooms nobody uses.
//!
//! Owns: the sweep every node runs every [`sweep_interval`]: for each app, the activity
//! stamp (`lastActiveAt`) of the rooms active on this node is kept fresh (written when
//! older than a quarter of the time-to-live, so a room busy on any node never looks idle
//! to another), and rooms idle past the time-to-live that nothing runs are removed.
//!
//! Must not: remove a room running on this node or with a registered stream, or write a
//! room's stamp more often than a quarter of the time-to-live.

use std::sync::Arc;
use std::time::Duration;

use liveroom_cluster::RoomRecord;
use liveroom_telemetry::metrics;

use crate::host::NodeHost;
use crate::unix_now;

/// How often a node sweeps: a quarter of the time-to-live, between 1 s and 60 s.
pub fn sweep_interval(ttl: Duration) -> Duration {
    (ttl / 4).clamp(Duration::from_secs(1), Duration::from_secs(60))
}

/// What a sweep does with one room, given whether it is active on some node now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing.
    Keep,
    /// Active here and its stamp is older than a quarter of the time-to-live: write it.
    Touch,
    /// Idle past the time-to-live and active nowhere: remove it.
    Remove,
}

/// The decision for `record` at `now` (unix seconds) with time-to-live `ttl` seconds (0:
/// rooms never expire), `active_here` (running on this node) and `active_elsewhere` (a
/// node registered a stream of it).
pub fn verdict(record: &RoomRecord, now: u64, ttl: u64, active_here: bool, active_elsewhere: bool) -> Verdict {
    if ttl == 0 {
        return Verdict::Keep;
    }
    if active_here {
        let stale = now.saturating_sub(record.idle_since()) >= (ttl / 4).max(1);
        return if stale { Verdict::Touch } else { Verdict::Keep };
    }
    if record.expired(now, ttl, active_elsewhere) {
        Verdict::Remove
    } else {
        Verdict::Keep
    }
}

impl NodeHost {
    /// Runs the sweep every [`sweep_interval`] for as long as the host lives (`ttl` zero:
    /// never).
    pub fn start_room_expiry(self: &Arc<Self>, ttl: Duration) {
        if ttl.is_zero() {
            return;
        }
        let host = Arc::downgrade(self);
        actix::spawn(async move {
            let mut every = tokio::time::interval(sweep_interval(ttl));
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                let Some(host) = host.upgrade() else { return };
                host.sweep_rooms(unix_now(), ttl.as_secs()).await;
            }
        });
    }

    /// One sweep over every app's rooms at `now`.
    pub async fn sweep_rooms(&self, now: u64, ttl: u64) {
        let directory = self.directory().clone();
        let registered = directory.registered_streams();
        let apps: Vec<u64> = self.apps().apps().map(|a| a.sdkappid).collect();
        for app in apps {
            let rooms = match directory.list_rooms(app).await {
                Ok(rooms) => rooms,
                Err(e) => {
                    tracing::debug!(app, error = %e, "room sweep: no listing");
                    continue;
                }
            };
            for record in rooms {
                let prefix = liveroom_protocol::stream_id::room_prefix(app, &record.room_id);
                let active_here = self.live_room(app, &record.room_id).is_some() || self.streams_in(&prefix);
                let active_elsewhere = registered.iter().any(|s| s.starts_with(&prefix));
                match verdict(&record, now, ttl, active_here, active_elsewhere) {
                    Verdict::Keep => {}
                    Verdict::Touch => {
                        if let Err(e) = directory.touch_room(app, &record.room_id, now).await {
                            tracing::debug!(app, room = %record.room_id, error = %e, "room activity not recorded");
                        }
                    }
                    Verdict::Remove => match directory.remove_room(app, &record.room_id).await {
                        Ok(true) => {
                            metrics().chat.rooms_expired.inc();
                            crate::hooks::room_removed(
                                self.webhooks(),
                                app,
                                &record.room_id,
                                crate::hooks::Removal::Expired,
                            );
                            tracing::info!(
                                sdkappid = app,
                                room = %record.room_id,
                                idle_secs = now.saturating_sub(record.idle_since()),
                                "idle room expired"
                            );
                        }
                        Ok(false) => {}
                        Err(e) => tracing::debug!(app, room = %record.room_id, error = %e, "idle room not removed"),
                    },
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use liveroom_cluster::NewRoom;
    use liveroom_protocol::{RoomId, UserId};

    fn room(created_at: u64, last_active_at: u64) -> RoomRecord {
        let mut r = NewRoom::new(UserId::new("a").unwrap()).to_record(1, RoomId::new("1").unwrap(), created_at);
        r.last_active_at = last_active_at;
        r
    }

    #[test]
    fn idle_rooms_go_after_the_time_to_live_and_active_ones_never() {
        let ttl = 3600;
        // Created at 1000, never active: kept until 4600, removed from then on.
        assert_eq!(verdict(&room(1000, 0), 4599, ttl, false, false), Verdict::Keep);
        assert_eq!(verdict(&room(1000, 0), 4600, ttl, false, false), Verdict::Remove);
        // Last active at 5000: the clock starts there.
        assert_eq!(verdict(&room(1000, 5000), 8599, ttl, false, false), Verdict::Keep);
        assert_eq!(verdict(&room(1000, 5000), 8600, ttl, false, false), Verdict::Remove);
        // A stream registered by another node keeps it, however old its stamp.
        assert_eq!(verdict(&room(1000, 0), 99_999, ttl, false, true), Verdict::Keep);
        // Time-to-live 0: rooms stay for good.
        assert_eq!(verdict(&room(1000, 0), u64::MAX, 0, false, false), Verdict::Keep);
    }

    #[test]
    fn a_room_active_here_is_stamped_every_quarter_of_the_time_to_live() {
        let ttl = 3600;
        assert_eq!(verdict(&room(1000, 0), 1899, ttl, true, false), Verdict::Keep);
        assert_eq!(verdict(&room(1000, 0), 1900, ttl, true, false), Verdict::Touch);
        assert_eq!(verdict(&room(1000, 1900), 2000, ttl, true, false), Verdict::Keep);
        // Never removed while active here, even with an ancient stamp.
        assert_eq!(verdict(&room(1000, 0), 99_999, ttl, true, false), Verdict::Touch);
    }

    #[test]
    fn the_sweep_runs_a_quarter_of_the_time_to_live_apart_within_bounds() {
        assert_eq!(sweep_interval(Duration::from_secs(86_400)), Duration::from_secs(60));
        assert_eq!(sweep_interval(Duration::from_secs(8)), Duration::from_secs(2));
        assert_eq!(sweep_interval(Duration::from_secs(2)), Duration::from_secs(1));
    }
}
