//! liveroom's configuration: one [`Config`] with a section per subsystem, read from (in
//! rising precedence) embedded defaults, a TOML file, `LIVEROOM_*` environment variables
//! (`LIVEROOM_SERVER__HTTP=0.0.0.0:8080`: sections split by `__`), and command-line flags.
//! Unknown keys are errors. `liveroom config default` prints the documented defaults.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use liveroom_auth::{App, Secret};
use liveroom_gateway::GatewayConfig;
use liveroom_node::{ChatConfig, MediaLimits, QueueLimits, RoomConfig, SessionLimits};
use serde::{Deserialize, Serialize};

/// SDKAppID of the embedded development app.
pub const DEV_SDKAPPID: u64 = 1_400_000_000;

/// Shortest link token accepted.
const MIN_LINK_TOKEN_BYTES: usize = 16;

/// The whole configuration.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Listening and process settings.
    pub server: ServerConfig,
    /// Logging.
    pub log: LogConfig,
    /// Apps (SDKAppID + secret). Empty = one development app with a random secret.
    pub apps: Vec<App>,
    /// Chat limits.
    pub chat: ChatSection,
    /// Development helpers.
    pub dev: DevConfig,
    /// WebRTC media (the SFU).
    pub media: MediaSection,
    /// Cluster mode (`liveroom node`).
    pub cluster: ClusterSection,
    /// RTMP ingest (OBS, ffmpeg, hardware encoders).
    pub rtmp: RtmpSection,
    /// Recordings of the streams of apps with `record = true`.
    pub recording: RecordingSection,
    /// `[[webhooks]]`: where room, stream and member events are POSTed, signed with the
    /// app's secret (docs/http-api.md). Default none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub webhooks: Vec<liveroom_webhooks::EndpointConfig>,
    /// `[before_send]`: the app's backend checks each chat message before its room takes
    /// it (docs/http-api.md). Off unless `url` is set.
    pub before_send: liveroom_webhooks::BeforeSendConfig,
}

/// `[cluster]` (used by `liveroom node`; `liveroom serve` never touches etcd)
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClusterSection {
    /// etcd endpoints, e.g. `["http://10.0.0.5:2379"]`. Default empty.
    pub etcd: Vec<String>,
    /// Key prefix in etcd. Default `/liveroom`.
    pub prefix: String,
    /// Seconds of this node's lease: how long after its death its rooms move. Default 5.
    pub lease_ttl_secs: u64,
    /// `host:port` other nodes and clients reach this node's HTTP at. Empty = `server.http`.
    pub advertise_http: String,
    /// Shared secret of the node links (`/internal/link`), at least 16 bytes (e.g.
    /// `openssl rand -hex 32`; also `LIVEROOM_CLUSTER__LINK_TOKEN`). Required: `liveroom
    /// node` refuses to start without it. Never logged or printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link_token: Option<Secret>,
    /// Run the node link without a credential: anyone who reaches the link's port can act
    /// as a node (post as anyone, dismiss rooms). Only for local experiments. Default false.
    pub insecure_open_link: bool,
    /// `host:port` other nodes reach this node's internal listener at (`server.internal_http`).
    /// Empty = its bound address.
    pub advertise_internal: String,
    /// Longest a drain (SIGTERM) waits for sessions to leave before exiting. Default 20.
    pub drain_timeout_secs: u64,
}

impl Default for ClusterSection {
    fn default() -> Self {
        Self {
            etcd: Vec::new(),
            prefix: "/liveroom".into(),
            lease_ttl_secs: 5,
            advertise_http: String::new(),
            link_token: None,
            insecure_open_link: false,
            advertise_internal: String::new(),
            drain_timeout_secs: 20,
        }
    }
}

/// `[recording]`: where recordings go and how much disk they may take (docs/cdn.md).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RecordingSection {
    /// The folder of the recordings. Empty (the default) = `recordings` in the data
    /// directory (`server.data_dir`).
    pub dir: String,
    /// Disk the recordings may take, MiB. Default 10240.
    pub max_disk_mb: u64,
    /// When a write would pass `max_disk_mb`: `delete_oldest` (the default: finished
    /// recordings, oldest first) or `refuse` (the recording that wanted to write stops).
    pub when_full: liveroom_recorder::WhenFull,
    /// Seconds a recording waits for its publisher to come back: a stream published again
    /// within this continues the same recording (behind a discontinuity). Default 30.
    pub reconnect_gap_secs: u64,
}

impl Default for RecordingSection {
    fn default() -> Self {
        Self {
            dir: String::new(),
            max_disk_mb: 10_240,
            when_full: liveroom_recorder::WhenFull::DeleteOldest,
            reconnect_gap_secs: 30,
        }
    }
}

/// `[rtmp]`: encoders publish room streams over RTMP
/// (`rtmp://host:1935/live/<streamID>?userid=<userID>&usersig=<UserSig>`, docs/media.md).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RtmpSection {
    /// The TCP address to accept RTMP on. Empty (the default) = `127.0.0.1:1935` under
    /// `liveroom serve` (a port already taken only warns), off under `liveroom node`;
    /// `off` = off; an address (`0.0.0.0:1935`) = on, and a failure to bind stops the start.
    pub listen: String,
    /// RTMP connections at once. Default 64.
    pub max_connections: usize,
    /// RTMP connections at once from one address. Default 4.
    pub max_per_address: usize,
    /// Seconds an RTMP publisher may send nothing before its stream ends. Default 10.
    pub stall_timeout_secs: u64,
}

impl Default for RtmpSection {
    fn default() -> Self {
        let d = liveroom_ingest::ServerConfig::default();
        Self {
            listen: String::new(),
            max_connections: d.max_connections,
            max_per_address: d.max_per_address,
            stall_timeout_secs: d.stall_timeout.as_secs(),
        }
    }
}

impl RtmpSection {
    /// Where to listen: `Some((address, explicit))`, or `None` when off.
    pub fn listen_addr(&self, cluster: bool) -> Result<Option<(SocketAddr, bool)>, String> {
        match self.listen.trim() {
            "" if cluster => Ok(None),
            "" => Ok(Some((SocketAddr::from(([127, 0, 0, 1], 1935)), false))),
            "off" => Ok(None),
            addr => addr
                .parse()
                .map(|a| Some((a, true)))
                .map_err(|_| format!("rtmp.listen: {addr:?} is not an ip:port (or \"off\")")),
        }
    }

    /// The listener's limits.
    pub fn server_config(&self) -> liveroom_ingest::ServerConfig {
        liveroom_ingest::ServerConfig {
            max_connections: self.max_connections.max(1),
            max_per_address: self.max_per_address.max(1),
            stall_timeout: Duration::from_secs(self.stall_timeout_secs.max(1)),
            ..liveroom_ingest::ServerConfig::default()
        }
    }
}

/// `[media]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MediaSection {
    /// Run the WebRTC media engine. Default true.
    pub enabled: bool,
    /// The one UDP address every WebRTC peer of this node uses. Default `127.0.0.1:9000`
    /// (`0.0.0.0:9000` accepts peers from other machines).
    pub udp: SocketAddr,
    /// The addresses written into ICE candidates, comma-separated, `ip` or `ip:port` (the
    /// port defaults to `udp`'s): a public IP, a NodePort, a host network. Empty = the
    /// bound address, or when that is unspecified (`0.0.0.0`) the node's own: the STUN
    /// server's answer, `HOST_IP` / `POD_IP` from the environment (Kubernetes), the
    /// default route's address and the other interfaces that are up.
    pub advertise: String,
    /// `host:port` of a STUN server asked at start for the node's public address (only
    /// when `udp` is unspecified and `advertise` empty), e.g. `stun.l.google.com:19302`.
    /// Empty (the default) = none asked.
    pub stun_server: String,
    /// Also accept ICE over TCP on the same port number, for viewers whose network blocks
    /// UDP (RFC 6544 passive candidates). Default true.
    pub ice_tcp: bool,
    /// Threads a stream with many viewers is fanned out over. 0 (the default) = one per
    /// core, at most 8; 1 = the media engine's own thread only.
    pub fanout_threads: usize,
    /// Media sessions (publishes and plays) one user may hold on this node. Default 20.
    pub sessions_per_user: u32,
    /// Media sessions one client address may hold on this node. Default 200.
    pub sessions_per_addr: u32,
    /// Seconds a media session may take to connect (ICE and DTLS) before it is dropped.
    /// Default 10.
    pub connect_timeout_secs: u64,
}

/// Most fan-out threads a node may be configured with.
const MAX_FANOUT_THREADS: usize = 64;

impl Default for MediaSection {
    fn default() -> Self {
        Self {
            enabled: true,
            udp: SocketAddr::from(([127, 0, 0, 1], 9000)),
            advertise: String::new(),
            stun_server: String::new(),
            ice_tcp: true,
            fanout_threads: 0,
            sessions_per_user: MediaLimits::default().per_user,
            sessions_per_addr: MediaLimits::default().per_addr,
            connect_timeout_secs: liveroom_sfu::SfuConfig::default().connect_timeout.as_secs(),
        }
    }
}

impl MediaSection {
    /// The engine's configuration.
    pub fn sfu_config(&self) -> Result<liveroom_sfu::SfuConfig, String> {
        let mut advertise = Vec::new();
        for entry in self.advertise.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let addr = entry
                .parse::<SocketAddr>()
                .or_else(|_| entry.parse::<std::net::IpAddr>().map(|ip| SocketAddr::new(ip, self.udp.port())))
                .map_err(|_| format!("media.advertise: {entry:?} is not an ip or ip:port"))?;
            if addr.ip().is_unspecified() || addr.port() == 0 {
                return Err(format!("media.advertise: {entry:?} cannot be reached (unspecified address or port 0)"));
            }
            advertise.push(addr);
        }
        if self.fanout_threads > MAX_FANOUT_THREADS {
            return Err(format!(
                "media.fanout_threads must be at most {MAX_FANOUT_THREADS}, not {}",
                self.fanout_threads
            ));
        }
        let defaults = liveroom_sfu::SfuConfig::default();
        Ok(liveroom_sfu::SfuConfig {
            bind: self.udp,
            advertise,
            stun_server: (!self.stun_server.trim().is_empty()).then(|| self.stun_server.trim().to_owned()),
            ice_tcp: self.ice_tcp,
            fanout_threads: if self.fanout_threads == 0 { defaults.fanout_threads } else { self.fanout_threads },
            connect_timeout: Duration::from_secs(self.connect_timeout_secs.max(1)),
            ..defaults
        })
    }
}

/// `[server]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// HTTP + WebSocket listen address. Default `127.0.0.1:8080`.
    pub http: SocketAddr,
    /// HTTP worker threads; 0 = one per core. Default 0.
    pub workers: usize,
    /// Threads for room actors. Default 1.
    pub room_threads: usize,
    /// Most seconds a shutdown waits for connections to close. Default 10.
    pub shutdown_timeout_secs: u64,
    /// This node's id. Default `local`.
    pub node_id: String,
    /// Most simultaneous connections per worker. Default 25000. The total is lowered at
    /// start to fit the process's descriptor limit (which is raised to its hard limit).
    pub max_connections: usize,
    /// A second listener for what only the cluster and its operators use: the node link,
    /// `/metrics`, `/healthz`, `/readyz` (e.g. `0.0.0.0:8081`, kept off public Services).
    /// When set, the node link and `/metrics` are no longer served on `http`. Default unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal_http: Option<SocketAddr>,
    /// WebSocket sessions (chat and media signalling) one client address may hold.
    /// Default 1000.
    pub sessions_per_addr: u32,
    /// Sessions one address may hold that have not logged in or entered a room yet; applies
    /// to `limit_exempt` peers too (by their own address when they forward none).
    /// Default 256 (load generators open 200 at once).
    pub handshakes_per_addr: u32,
    /// WebSocket sessions the node may hold; 0 (the default) = what the descriptor limit
    /// allows, less room for probes, HTTP calls, media and the node link.
    pub max_sessions: usize,
    /// Peers not limited per address (CIDR): a reverse proxy on the same machine. Their
    /// `X-Forwarded-For` is limited instead, when they send one. Default loopback
    /// (`127.0.0.0/8`, `::1/128`); `[]` limits every address.
    pub limit_exempt: Vec<ipnet::IpNet>,
    /// Where `liveroom serve` keeps its rooms and app settings (banned words) so a restart
    /// loses nothing a user configured: an embedded database file, `liveroom.redb`, in this
    /// folder (created if missing; one process at a time). Empty (the default) = beside the
    /// configuration file, named after it (`/etc/liveroom/liveroom.toml` →
    /// `/etc/liveroom/liveroom.data/`), or `./liveroom-data/` without one; when that
    /// default folder cannot be used (read-only, held by another liveroom) the server keeps
    /// them in memory only and says so in its log. A folder set here must work, or the
    /// server does not start. `liveroom node` keeps rooms and settings in etcd. Both keep
    /// the chat images they accept in `images/` here (for `liveroom node`: this folder, or
    /// `./liveroom-data/`); with no usable folder, image uploads are refused.
    pub data_dir: String,
}

/// Where `liveroom serve` keeps rooms and settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataDir {
    /// `server.data_dir`: must be usable.
    Configured(std::path::PathBuf),
    /// The default beside the configuration file or in the working directory: used when
    /// possible.
    Default(std::path::PathBuf),
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            http: SocketAddr::from(([127, 0, 0, 1], 8080)),
            workers: 0,
            room_threads: 1,
            shutdown_timeout_secs: 10,
            node_id: "local".into(),
            max_connections: 25_000,
            internal_http: None,
            sessions_per_addr: liveroom_gateway::limits::Limits::default().sessions_per_addr,
            handshakes_per_addr: liveroom_gateway::limits::Limits::default().handshakes_per_addr,
            max_sessions: 0,
            limit_exempt: liveroom_gateway::limits::default_exempt(),
            data_dir: String::new(),
        }
    }
}

/// `[log]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// Filter in `RUST_LOG` syntax. Default `info`.
    pub level: String,
    /// `text` or `json`. Default `text`.
    pub format: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        Self { level: "info".into(), format: "text".into() }
    }
}

/// `[chat]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChatSection {
    /// Messages per second a room accepts before dropping by priority. Default 40.
    pub room_rate: u32,
    /// Burst of the room's admission bucket. Default 40.
    pub room_burst: u32,
    /// Messages a room keeps for resume. Default 1000.
    pub history_len: usize,
    /// Messages delivered on enter. Default 100.
    pub history_on_enter: usize,
    /// Most members of one room on one node. Default 100000.
    pub max_members: usize,
    /// Longest fan-out batching window in ms; the window is 5 µs per member up to this.
    /// Default 50.
    pub fanout_max_batch_ms: u64,
    /// Most frames queued per session before low priorities are dropped. Default 512.
    pub queue_max_frames: usize,
    /// Seconds a session may stall before it is disconnected. Default 10.
    pub queue_stall_secs: u64,
    /// Messages per second one session may send (burst 2×). Default 10.
    pub send_rate: u32,
    /// Frames per second one connection may send (burst 2×). Default 50.
    pub frame_rate: u32,
    /// Rooms one session may be in. Default 10.
    pub max_rooms_per_session: usize,
    /// Seconds an empty room stays in memory. Default 300.
    pub room_idle_stop_secs: u64,
    /// Seconds a room may go without members or a stream before it is removed from the
    /// directory (and the live list). 0 = rooms stay until dismissed. Default 86400 (a day).
    pub room_expiry_secs: u64,
    /// Most rooms per app in the directory. Default 100000.
    pub max_rooms_per_app: usize,
    /// Most rooms one user may own. Default 20 (the administrator: no limit but the app's).
    pub max_rooms_per_user: usize,
    /// Rooms one user, and one client address, may create per minute (per node). Default 10.
    pub room_creations_per_minute: u32,
    /// Largest image `IM.sendImageMessage` may upload, bytes (the type is read from the
    /// content: JPEG, PNG, GIF, WebP). Default 5242880 (5 MiB).
    pub image_max_bytes: u64,
    /// Most images one room keeps (on the node that took them); removed with the room.
    /// Default 500.
    pub images_per_room: u32,
    /// Most megabytes of images a node keeps in `<data dir>/images`. Default 2048.
    pub image_store_max_mb: u64,
    /// Seconds a connection may stay without logging in or entering a room before it is
    /// closed (4004 `handshakeTimeout`). Default 10.
    pub handshake_timeout_secs: u64,
    /// Seconds between server pings. Default 20.
    pub ping_interval_secs: u64,
    /// Seconds of client silence before the session is closed. Default 60.
    pub idle_timeout_secs: u64,
}

impl Default for ChatSection {
    fn default() -> Self {
        let room = RoomConfig::default();
        let queue = QueueLimits::default();
        let session = SessionLimits::default();
        let gateway = GatewayConfig::default();
        Self {
            room_rate: room.rate,
            room_burst: room.burst,
            history_len: room.history_len,
            history_on_enter: room.history_on_enter,
            max_members: room.max_members,
            fanout_max_batch_ms: room.max_batch.as_millis() as u64,
            queue_max_frames: queue.max_frames,
            queue_stall_secs: queue.stall_timeout.as_secs(),
            send_rate: session.send_rate,
            frame_rate: session.frame_rate,
            max_rooms_per_session: session.max_rooms,
            room_idle_stop_secs: session.room_idle_stop.as_secs(),
            room_expiry_secs: 86_400,
            max_rooms_per_app: 100_000,
            max_rooms_per_user: 20,
            room_creations_per_minute: session.room_creations_per_minute,
            image_max_bytes: gateway.images.max_bytes,
            images_per_room: gateway.images.per_room,
            image_store_max_mb: gateway.images.store_max_bytes / (1024 * 1024),
            handshake_timeout_secs: session.handshake_timeout.as_secs(),
            ping_interval_secs: gateway.ping_interval.as_secs(),
            idle_timeout_secs: gateway.idle_timeout.as_secs(),
        }
    }
}

/// `[dev]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DevConfig {
    /// Serve `POST /api/dev/usersig`, which signs for anyone. Unset = on only with the
    /// embedded development app (no `[[apps]]` configured).
    pub usersig_endpoint: Option<bool>,
    /// Validity of dev UserSigs in seconds. Default 604800 (7 days, as the TWebLive demo).
    pub usersig_expire_secs: u64,
    /// Serve the SDK and demo pages from this `web/` folder instead of the copy built into
    /// the binary, so page edits show without a rebuild (also `LIVEROOM_WEB_DIR`). Default
    /// empty (embedded).
    pub web_dir: String,
}

impl Default for DevConfig {
    fn default() -> Self {
        Self { usersig_endpoint: None, usersig_expire_secs: 604_800, web_dir: String::new() }
    }
}

/// Flags that override the file and the environment.
#[derive(Debug, Default, Serialize)]
pub struct Overrides {
    /// `--http`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http: Option<SocketAddr>,
    /// `--udp`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub udp: Option<SocketAddr>,
    /// `--log-level`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_level: Option<String>,
}

impl Config {
    /// Where `liveroom serve` keeps rooms and settings, given the configuration file it
    /// read (if any). A relative `server.data_dir` is taken from the working directory.
    pub fn data_dir(&self, config_file: Option<&Path>) -> DataDir {
        if !self.server.data_dir.is_empty() {
            return DataDir::Configured(self.server.data_dir.clone().into());
        }
        match config_file {
            Some(file) => DataDir::Default(file.with_extension("data")),
            None => DataDir::Default("liveroom-data".into()),
        }
    }

    /// Reads defaults, then `file` (if any), then the environment, then `overrides`.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Self, Box<figment::Error>> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            if !path.exists() {
                return Err(Box::new(figment::Error::from(format!("config file {} does not exist", path.display()))));
            }
            fig = fig.merge(Toml::file(path));
        }
        fig = fig.merge(Env::prefixed("LIVEROOM_").split("__").filter(|key| {
            // Only configuration sections; other LIVEROOM_* variables belong to tools. The key
            // arrives as written (upper case) with `__` already turned into `.`.
            let section = key.as_str().split('.').next().unwrap_or_default().to_ascii_lowercase();
            matches!(
                section.as_str(),
                "server" | "log" | "chat" | "dev" | "media" | "cluster" | "rtmp" | "recording" | "before_send"
            )
        }));
        fig = fig.merge(Env::raw().only(&["LIVEROOM_WEB_DIR"]).map(|_| "dev.web_dir".into()));
        if let Some(http) = overrides.http {
            fig = fig.merge(Serialized::default("server.http", http));
        }
        if let Some(udp) = overrides.udp {
            fig = fig.merge(Serialized::default("media.udp", udp));
        }
        if let Some(level) = &overrides.log_level {
            fig = fig.merge(Serialized::default("log.level", level));
        }
        let config: Config = fig.extract().map_err(Box::new)?;
        config.validate().map_err(|e| Box::new(figment::Error::from(e)))?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), String> {
        self.rtmp.listen_addr(false)?;
        for app in &self.apps {
            if app.secret.is_empty() {
                return Err(format!("app {} has an empty secret", app.sdkappid));
            }
        }
        if !matches!(self.log.format.as_str(), "text" | "json") {
            return Err(format!("log.format must be text or json, not {:?}", self.log.format));
        }
        self.media.sfu_config()?;
        if self.cluster.lease_ttl_secs < 2 {
            return Err("cluster.lease_ttl_secs must be at least 2".into());
        }
        if self.chat.room_rate == 0 || self.chat.queue_max_frames == 0 || self.chat.history_len == 0 {
            return Err("chat.room_rate, chat.queue_max_frames and chat.history_len must be at least 1".into());
        }
        Ok(())
    }

    /// The apps to serve: the configured ones, or the embedded development app.
    pub fn apps_or_dev(&self) -> (Vec<App>, bool) {
        if !self.apps.is_empty() {
            return (self.apps.clone(), false);
        }
        let secret: String = (0..32).map(|_| format!("{:02x}", rand::random::<u8>())).collect();
        let app = App {
            sdkappid: DEV_SDKAPPID,
            secret: Secret::new(secret),
            admin: "administrator".into(),
            cdn_relay: true,
            record: false,
        };
        (vec![app], true)
    }

    /// The node's chat configuration.
    pub fn chat_config(&self) -> ChatConfig {
        let c = &self.chat;
        ChatConfig {
            room: RoomConfig {
                rate: c.room_rate,
                burst: c.room_burst.max(1),
                history_len: c.history_len,
                history_on_enter: c.history_on_enter,
                max_members: c.max_members,
                max_batch: Duration::from_millis(c.fanout_max_batch_ms),
            },
            queue: QueueLimits {
                max_frames: c.queue_max_frames,
                stall_timeout: Duration::from_secs(c.queue_stall_secs.max(1)),
                ..QueueLimits::default()
            },
            session: SessionLimits {
                send_rate: c.send_rate,
                frame_rate: c.frame_rate,
                max_rooms: c.max_rooms_per_session,
                room_idle_stop: Duration::from_secs(c.room_idle_stop_secs),
                handshake_timeout: Duration::from_secs(c.handshake_timeout_secs.max(1)),
                room_creations_per_minute: c.room_creations_per_minute.max(1),
                ..SessionLimits::default()
            },
            media: MediaLimits { per_user: self.media.sessions_per_user, per_addr: self.media.sessions_per_addr },
        }
    }

    /// The gateway's configuration (`dev_app` = the embedded development app is in use;
    /// `max_sessions` = the node's session budget, from the descriptor limit).
    pub fn gateway_config(&self, dev_app: bool, max_sessions: usize) -> GatewayConfig {
        GatewayConfig {
            ping_interval: Duration::from_secs(self.chat.ping_interval_secs.max(1)),
            idle_timeout: Duration::from_secs(self.chat.idle_timeout_secs.max(2)),
            dev_usersig: self.dev.usersig_endpoint.unwrap_or(dev_app),
            dev_usersig_expire: self.dev.usersig_expire_secs,
            web_dir: (!self.dev.web_dir.is_empty()).then(|| self.dev.web_dir.clone().into()),
            cluster: None,
            internal_listener: self.server.internal_http.is_some(),
            limits: liveroom_gateway::limits::Limits {
                sessions_per_addr: self.server.sessions_per_addr,
                handshakes_per_addr: self.server.handshakes_per_addr.max(1),
                max_sessions,
                exempt: self.server.limit_exempt.clone(),
            },
            // The folder is set by the caller, which knows the mode and the config file.
            images: liveroom_gateway::images::ImageConfig {
                dir: None,
                max_bytes: self.chat.image_max_bytes.max(1),
                per_room: self.chat.images_per_room,
                store_max_bytes: self.chat.image_store_max_mb.saturating_mul(1024 * 1024),
            },
        }
    }

    /// What `liveroom serve` / `liveroom node` refuse to start with (beyond
    /// [`Config::load`]'s checks, which hold for any use of a file). Each message says what
    /// to do instead.
    pub fn check_startup(&self, cluster: bool) -> Result<(), String> {
        self.before_send.check()?;
        for hook in &self.webhooks {
            hook.check().map_err(|e| format!("[[webhooks]]: {e}"))?;
            if let Some(app) = hook.app {
                if !self.apps.is_empty() && !self.apps.iter().any(|a| a.sdkappid == app) {
                    return Err(format!("[[webhooks]] app = {app} is not one of the [[apps]]"));
                }
            }
        }
        if cluster {
            if self.apps.is_empty() {
                return Err("liveroom node needs [[apps]]: every node must verify UserSigs with the same app secrets \
                    (a development app would get a different random secret on each node)"
                    .into());
            }
            if self.dev.usersig_endpoint == Some(true) {
                return Err("dev.usersig_endpoint cannot be on in cluster mode: it signs UserSigs for anyone".into());
            }
            let token = self.cluster.link_token.as_ref().map(|t| t.expose().len()).unwrap_or(0);
            if token == 0 && !self.cluster.insecure_open_link {
                return Err("liveroom node needs cluster.link_token (the node link's shared secret, e.g. \
                    `openssl rand -hex 32`, also LIVEROOM_CLUSTER__LINK_TOKEN); for a local experiment only, \
                    cluster.insecure_open_link = true runs the link open to anyone who reaches the port"
                    .into());
            }
            if token > 0 && token < MIN_LINK_TOKEN_BYTES {
                return Err(format!("cluster.link_token must be at least {MIN_LINK_TOKEN_BYTES} bytes"));
            }
        } else if self.apps.is_empty()
            && !self.server.http.ip().is_loopback()
            && self.dev.usersig_endpoint != Some(true)
        {
            return Err(format!(
                "no [[apps]] configured and server.http ({}) is not a loopback address: configure [[apps]] \
                 (see deploy/liveroom.example.toml), or, for a try-out on a trusted network only, \
                 set dev.usersig_endpoint = true to run the development app and its UserSig endpoint there",
                self.server.http
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_round_trip_through_toml() {
        let text = toml::to_string(&Config::default()).unwrap();
        let back: Config = toml::from_str(&text).unwrap();
        assert_eq!(back.server.http, Config::default().server.http);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let dir = std::env::temp_dir().join(format!("liveroom-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.toml");
        std::fs::write(&path, "[server]\nhttp = \"127.0.0.1:1\"\nbogus = 1\n").unwrap();
        let err = Config::load(Some(&path), &Overrides::default()).unwrap_err();
        assert!(err.to_string().contains("bogus"), "{err}");
        std::fs::write(&path, "[[apps]]\nsdkappid = 5\nsecret = \"\"\n").unwrap();
        assert!(Config::load(Some(&path), &Overrides::default()).is_err());
    }

    #[test]
    fn secrets_do_not_print() {
        let dir = std::env::temp_dir().join(format!("liveroom-cfg2-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("ok.toml");
        std::fs::write(&path, "[[apps]]\nsdkappid = 5\nsecret = \"topsecret-value\"\n").unwrap();
        let cfg = Config::load(Some(&path), &Overrides::default()).unwrap();
        assert!(!format!("{cfg:?}").contains("topsecret-value"));
        assert!(!toml::to_string(&cfg).unwrap().contains("topsecret-value"));
    }

    #[test]
    fn fanout_threads_default_to_the_cores_and_are_bounded() {
        let media = MediaSection::default();
        let sfu = media.sfu_config().unwrap();
        assert_eq!(sfu.fanout_threads, liveroom_sfu::default_fanout_threads());
        assert!((1..=8).contains(&sfu.fanout_threads));
        let one = MediaSection { fanout_threads: 1, ..MediaSection::default() };
        assert_eq!(one.sfu_config().unwrap().fanout_threads, 1);
        let absurd = MediaSection { fanout_threads: 100_000, ..MediaSection::default() };
        let err = absurd.sfu_config().unwrap_err();
        assert!(err.contains("media.fanout_threads must be at most 64"), "{err}");
    }
}
