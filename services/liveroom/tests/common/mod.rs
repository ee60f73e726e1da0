//! Test harness: runs the real `liveroom` binary on a loopback port and talks to it with
//! real WebSocket (tokio-tungstenite) and HTTP (awc) clients.
#![allow(dead_code)]

pub mod hooks;
pub mod ice;
pub mod images;
pub mod probe;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

pub const APP: u64 = 1_400_000_001;
pub const SECRET: &str = "test-secret-0123456789abcdef";
pub const ADMIN: &str = "administrator";
/// The test cluster's node link token.
pub const LINK_TOKEN: &str = "test-link-token-0123456789abcdef";

/// A running `liveroom serve`.
pub struct Server {
    child: Child,
    pub addr: String,
    /// The media engine's UDP address.
    pub media: String,
    /// The internal listener's address, when `server.internal_http` is configured.
    pub internal: Option<String>,
    /// `rtmp://host:port/live`, when the configuration has an `[rtmp]` section.
    pub rtmp: Option<String>,
    args: Vec<String>,
    want_internal: bool,
    want_rtmp: bool,
    _dir: TempDir,
}

pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("liveroom-test-{tag}-{}-{}", std::process::id(), rand_suffix()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

impl Server {
    /// Starts the binary with the test app plus `extra` TOML.
    pub fn start(extra: &str) -> Self {
        Self::start_with(&["serve"], extra)
    }

    /// Starts `liveroom <args...>` (e.g. `["node", "--etcd", url, "--node-id", "a"]`).
    pub fn start_with(args: &[&str], extra: &str) -> Self {
        let dir = TempDir::new("srv");
        let config = dir.0.join("liveroom.toml");
        // A cluster node never serves the dev endpoint and needs the link token.
        let node = args.first() == Some(&"node");
        let dev = if extra.contains("[dev]") || node { "" } else { "[dev]\nusersig_endpoint = true\n" };
        let extra = if node && !extra.contains("link_token") && !extra.contains("insecure_open_link") {
            match extra.find("[cluster]\n") {
                Some(at) => format!("{}[cluster]\nlink_token = \"{LINK_TOKEN}\"\n{}", &extra[..at], &extra[at + 10..]),
                None => format!("{extra}\n[cluster]\nlink_token = \"{LINK_TOKEN}\"\n"),
            }
        } else {
            extra.to_owned()
        };
        let text =
            format!("[[apps]]\nsdkappid = {APP}\nsecret = \"{SECRET}\"\n\n{dev}\n[log]\nlevel = \"warn\"\n\n[media]\nudp = \"127.0.0.1:0\"\n\n{extra}\n");
        std::fs::write(&config, text).unwrap();
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let want_internal = extra.contains("internal_http");
        let want_rtmp = extra.contains("[rtmp]");
        let (child, addr, media, internal, rtmp) = Self::spawn(&args, &dir, want_internal, want_rtmp);
        Self { child, addr, media, internal, rtmp, args, want_internal, want_rtmp, _dir: dir }
    }

    /// Kills the process (SIGKILL) and starts it again with the same arguments and
    /// configuration file (so the same default data directory), on a new port.
    pub fn restart(&mut self) {
        self.kill();
        let (child, addr, media, internal, rtmp) =
            Self::spawn(&self.args, &self._dir, self.want_internal, self.want_rtmp);
        (self.child, self.addr, self.media, self.internal, self.rtmp) = (child, addr, media, internal, rtmp);
    }

    fn spawn(
        args: &[String],
        dir: &TempDir,
        want_internal: bool,
        want_rtmp: bool,
    ) -> (Child, String, String, Option<String>, Option<String>) {
        let config = dir.0.join("liveroom.toml");
        let mut child = Command::new(env!("CARGO_BIN_EXE_liveroom"))
            .args(args)
            .arg("--config")
            .arg(&config)
            .args(["--http", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start liveroom");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // LIVEROOM_TEST_LOGS=1 shows the server's log (on stdout) while debugging a test.
            let echo = std::env::var_os("LIVEROOM_TEST_LOGS").is_some();
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if echo {
                    eprintln!("[server] {line}");
                }
                if let Some(addr) = line.strip_prefix("liveroom: listening on http://") {
                    let _ = tx.send(("http", addr.to_owned()));
                } else if let Some(addr) = line.strip_prefix("liveroom: media on udp://") {
                    let _ = tx.send(("udp", addr.to_owned()));
                } else if let Some(addr) = line.strip_prefix("liveroom: internal on http://") {
                    let _ = tx.send(("internal", addr.to_owned()));
                } else if let Some(url) = line.strip_prefix("liveroom: rtmp on ") {
                    let _ = tx.send(("rtmp", url.to_owned()));
                }
            }
        });
        let (mut addr, mut media, mut internal, mut rtmp) = (String::new(), String::new(), None, None);
        while addr.is_empty() || (want_internal && internal.is_none()) || (want_rtmp && rtmp.is_none()) {
            let (kind, value) = rx.recv_timeout(Duration::from_secs(20)).expect("liveroom printed its addresses");
            match kind {
                "http" => addr = value,
                "internal" => internal = Some(value),
                "rtmp" => rtmp = Some(value),
                _ => media = value,
            }
        }
        (child, addr, media, internal, rtmp)
    }

    /// Kills the process at once (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Sends SIGINT and waits (bounded) for the exit status.
    pub fn interrupt(&mut self) -> Option<std::process::ExitStatus> {
        self.signal("-INT", 15)
    }

    /// Pauses the process (SIGSTOP): it holds its sockets and answers nothing, as a node
    /// in a long stall does.
    pub fn pause(&self) {
        let _ = Command::new("kill").args(["-STOP", &self.child.id().to_string()]).status();
    }

    /// Lets a paused process go on (SIGCONT).
    pub fn unpause(&self) {
        let _ = Command::new("kill").args(["-CONT", &self.child.id().to_string()]).status();
    }

    /// Sends SIGTERM without waiting.
    pub fn terminate_async(&self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
    }

    /// Waits up to `secs` for the process to exit.
    pub fn wait_exit(&mut self, secs: u64) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    fn signal(&mut self, sig: &str, secs: u64) -> Option<std::process::ExitStatus> {
        let _ = Command::new("kill").args([sig, &self.child.id().to_string()]).status();
        self.wait_exit(secs)
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let client = awc::Client::default();
        let mut res = client.get(self.url(path)).send().await.expect("GET");
        let body = res.body().limit(4 << 20).await.expect("body");
        (res.status().as_u16(), String::from_utf8_lossy(&body).into_owned())
    }

    /// Posts an SDP body with optional headers; returns status, headers and body text.
    pub async fn post_sdp(
        &self,
        path: &str,
        content_type: &str,
        bearer: Option<&str>,
        body: &str,
    ) -> (u16, Option<String>, String) {
        let client = awc::Client::default();
        let mut req = client.post(self.url(path)).insert_header(("Content-Type", content_type));
        if let Some(token) = bearer {
            req = req.insert_header(("Authorization", format!("Bearer {token}")));
        }
        let mut res = req.send_body(body.to_owned()).await.expect("POST");
        let location = res.headers().get("Location").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let bytes = res.body().await.expect("body");
        (res.status().as_u16(), location, String::from_utf8_lossy(&bytes).into_owned())
    }

    pub async fn send_json(&self, method: &str, path: &str, body: Value) -> (u16, Value) {
        let client = awc::Client::default();
        let req = match method {
            "POST" => client.post(self.url(path)),
            "PUT" => client.put(self.url(path)),
            "PATCH" => client.patch(self.url(path)),
            "DELETE" => client.delete(self.url(path)),
            _ => client.get(self.url(path)),
        };
        let mut res = if method == "DELETE" || method == "GET" { req.send().await } else { req.send_json(&body).await }
            .expect("request");
        let bytes = res.body().await.expect("body");
        (res.status().as_u16(), serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    /// Query string authenticating as `user` (Tencent REST style).
    pub fn auth(&self, user: &str) -> String {
        format!("sdkappid={APP}&identifier={user}&usersig={}", sig(user))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

pub fn sig(user: &str) -> String {
    liveroom_auth::usersig::sign(APP, SECRET, user, now(), 86_400)
}

pub fn sig_expiring(user: &str, secs: u64) -> String {
    liveroom_auth::usersig::sign(APP, SECRET, user, now(), secs)
}

/// What a client saw: a parsed frame or the close.
#[derive(Debug, Clone)]
pub enum Seen {
    Frame(Value),
    Closed(Option<u16>, String),
}

/// A chat client over a real WebSocket.
pub struct Client {
    tx: mpsc::UnboundedSender<Message>,
    rx: mpsc::UnboundedReceiver<Seen>,
    next_id: u64,
    pub backlog: Vec<Value>,
    pub closed: Option<(Option<u16>, String)>,
}

impl Client {
    pub async fn connect(server: &Server) -> Self {
        Self::connect_app(server, APP).await
    }

    pub async fn connect_app(server: &Server, app: u64) -> Self {
        let url = format!("ws://{}/im?sdkappid={app}", server.addr);
        let (ws, _) = tokio_tungstenite::connect_async(url).await.expect("websocket connect");
        let (mut sink, mut stream) = ws.split();
        let (out_tx, mut out_rx) = mpsc::unbounded_channel::<Message>();
        let (in_tx, in_rx) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Some(m) = out_rx.recv().await {
                if sink.send(m).await.is_err() {
                    break;
                }
            }
        });
        tokio::spawn(async move {
            while let Some(msg) = stream.next().await {
                match msg {
                    Ok(Message::Text(t)) => {
                        for line in t.as_str().split('\n') {
                            let v: Value = serde_json::from_str(line).expect("server frames are JSON");
                            let _ = in_tx.send(Seen::Frame(v));
                        }
                    }
                    Ok(Message::Close(frame)) => {
                        let (code, reason) = frame
                            .map(|f| (Some(u16::from(f.code)), f.reason.to_string()))
                            .unwrap_or((None, String::new()));
                        let _ = in_tx.send(Seen::Closed(code, reason));
                        break;
                    }
                    Ok(_) => {}
                    Err(_) => {
                        let _ = in_tx.send(Seen::Closed(None, "error".into()));
                        break;
                    }
                }
            }
        });
        Self { tx: out_tx, rx: in_rx, next_id: 1, backlog: Vec::new(), closed: None }
    }

    pub fn send_raw(&self, msg: Message) {
        let _ = self.tx.send(msg);
    }

    pub fn send_text(&self, text: impl Into<String>) {
        self.send_raw(Message::text(text.into()));
    }

    /// Sends a command without waiting; returns its id.
    pub fn fire(&mut self, cmd: &str, data: Value) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send_text(json!({ "id": id, "cmd": cmd, "data": data }).to_string());
        id
    }

    async fn pull(&mut self, deadline: Instant) -> Option<Seen> {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, self.rx.recv()).await {
            Ok(Some(seen)) => Some(seen),
            _ => None,
        }
    }

    /// Waits (bounded) for the first frame matching `pred`, keeping others in the backlog.
    pub async fn wait_for(&mut self, what: &str, secs: u64, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(pos) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(pos);
        }
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            match self.pull(deadline).await {
                Some(Seen::Frame(v)) if pred(&v) => return v,
                Some(Seen::Frame(v)) => self.backlog.push(v),
                Some(Seen::Closed(code, reason)) => {
                    self.closed = Some((code, reason.clone()));
                    panic!(
                        "connection closed ({code:?} {reason}) while waiting for {what}; last frames {:?}",
                        tail(&self.backlog)
                    )
                }
                None => panic!("timed out waiting for {what}; last frames {:?}", tail(&self.backlog)),
            }
        }
    }

    /// Like [`Client::wait_for`] within `ms`, but `None` instead of a panic when nothing
    /// matched in time (frames seen meanwhile stay in the backlog).
    pub async fn try_wait_for(&mut self, ms: u64, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        if let Some(pos) = self.backlog.iter().position(&pred) {
            return Some(self.backlog.remove(pos));
        }
        let deadline = Instant::now() + Duration::from_millis(ms);
        loop {
            match self.pull(deadline).await {
                Some(Seen::Frame(v)) if pred(&v) => return Some(v),
                Some(Seen::Frame(v)) => self.backlog.push(v),
                Some(Seen::Closed(code, reason)) => {
                    self.closed = Some((code, reason));
                    return None;
                }
                None => return None,
            }
        }
    }

    /// Sends a command and waits for its response.
    pub async fn request(&mut self, cmd: &str, data: Value) -> Value {
        let id = self.fire(cmd, data);
        self.wait_for(&format!("response to {cmd}"), 10, |v| v["id"] == id).await
    }

    /// Sends a command and asserts success; returns `data`.
    pub async fn ok(&mut self, cmd: &str, data: Value) -> Value {
        let res = self.request(cmd, data).await;
        assert_eq!(res["code"], 0, "{cmd} failed: {res}");
        res["data"].clone()
    }

    pub async fn login(&mut self, user: &str) -> Value {
        self.ok("login", json!({ "userID": user, "userSig": sig(user) })).await
    }

    /// Waits for the close frame (bounded), returning its code.
    pub async fn wait_close(&mut self, secs: u64) -> Option<u16> {
        if let Some((code, _)) = &self.closed {
            return *code;
        }
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            match self.pull(deadline).await {
                Some(Seen::Frame(v)) => self.backlog.push(v),
                Some(Seen::Closed(code, reason)) => {
                    self.closed = Some((code, reason));
                    return code;
                }
                None => panic!("timed out waiting for close; last frames {:?}", tail(&self.backlog)),
            }
        }
    }

    /// Collects every frame that arrives within `ms` milliseconds.
    pub async fn drain_for(&mut self, ms: u64) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_millis(ms);
        let mut out = std::mem::take(&mut self.backlog);
        while let Some(seen) = self.pull(deadline).await {
            match seen {
                Seen::Frame(v) => out.push(v),
                Seen::Closed(code, reason) => {
                    self.closed = Some((code, reason));
                    break;
                }
            }
        }
        out
    }
}

fn tail(frames: &[Value]) -> Vec<String> {
    frames.iter().rev().take(5).rev().map(|v| v.to_string().chars().take(300).collect()).collect()
}

/// Message events (live and history) of a room in `frames`, flattened, in arrival order.
pub fn messages(frames: &[Value]) -> Vec<Value> {
    let mut out = Vec::new();
    for f in frames {
        match f["event"].as_str() {
            Some("message") => out.push(f["data"].clone()),
            Some("history") => out.extend(f["data"]["messages"].as_array().cloned().unwrap_or_default()),
            _ => {}
        }
    }
    out
}

/// The value of the metric series `name` (with its labels, exactly as exposed) in a
/// `/metrics` body; 0 when absent.
pub fn metric(metrics: &str, name: &str) -> f64 {
    metrics.lines().find_map(|l| l.strip_prefix(name)?.trim().parse().ok()).unwrap_or(0.0)
}

/// Creates room `room` owned by `owner` over HTTP.
pub async fn create_room(server: &Server, owner: &str, room: &str) {
    let (status, body) = server
        .send_json("POST", &format!("/api/rooms?{}", server.auth(owner)), json!({ "title": "t", "roomId": room }))
        .await;
    assert_eq!(status, 201, "{body}");
}

/// `LIVEROOM_PYTHON`, else the venv `scripts/test-all.sh` makes, else `python3`.
pub fn python() -> String {
    if let Ok(p) = std::env::var("LIVEROOM_PYTHON") {
        return p;
    }
    let venv = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/pyenv/bin/python");
    if venv.exists() {
        return venv.display().to_string();
    }
    "python3".into()
}

/// A child process (a test client) killed when the test ends, however it ends.
pub struct ChildGuard(Option<Child>);

impl ChildGuard {
    pub fn new(child: Child) -> Self {
        Self(Some(child))
    }

    pub fn child(&mut self) -> &mut Child {
        self.0.as_mut().expect("the child is kept until dropped")
    }

    /// Waits for the exit and collects the piped output.
    pub fn wait_with_output(mut self) -> std::process::Output {
        self.0.take().expect("the child is kept until dropped").wait_with_output().expect("child output")
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Some(mut c) = self.0.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// A real etcd (Debian's etcd-server) on loopback with non-default ports.
pub struct Etcd {
    child: Child,
    pub endpoint: String,
    ports: (u16, u16),
    _dir: TempDir,
}

impl Etcd {
    pub fn start() -> Self {
        Self::start_on(Self::free_ports())
    }

    /// Two free loopback ports (client, peer), for an etcd started later.
    pub fn free_ports() -> (u16, u16) {
        let free = || std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        (free(), free())
    }

    /// Starts etcd on the given (client, peer) ports.
    pub fn start_on(ports: (u16, u16)) -> Self {
        Self::start_at(TempDir::new("etcd"), ports)
    }

    /// Stops etcd (SIGKILL), keeping its data for [`Etcd::resume`].
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Pauses etcd (SIGSTOP): it keeps its sockets but answers nothing, as a process stuck
    /// in a long GC or a frozen VM does.
    pub fn pause(&self) {
        let _ = Command::new("kill").args(["-STOP", &self.child.id().to_string()]).status();
    }

    /// Lets a paused etcd go on (SIGCONT).
    pub fn unpause(&self) {
        let _ = Command::new("kill").args(["-CONT", &self.child.id().to_string()]).status();
    }

    /// Starts a stopped etcd again on the same ports and data.
    pub fn resume(&mut self) {
        let fresh = Self::spawn(&self._dir, self.ports);
        self.child = fresh;
    }

    fn start_at(dir: TempDir, ports: (u16, u16)) -> Self {
        let child = Self::spawn(&dir, ports);
        let endpoint = format!("http://127.0.0.1:{}", ports.0);
        Self { child, endpoint, ports, _dir: dir }
    }

    fn spawn(dir: &TempDir, (client, peer): (u16, u16)) -> Child {
        let endpoint = format!("http://127.0.0.1:{client}");
        let peer_url = format!("http://127.0.0.1:{peer}");
        let child = Command::new("etcd")
            .args(["--name", "t", "--data-dir"])
            .arg(dir.0.join("data"))
            .args(["--listen-client-urls", &endpoint, "--advertise-client-urls", &endpoint])
            .args(["--listen-peer-urls", &peer_url, "--initial-advertise-peer-urls", &peer_url])
            .args(["--initial-cluster", &format!("t={peer_url}"), "--log-level", "error"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start etcd (Debian's etcd-server; scripts/test-all.sh installs it)");
        // Wait (bounded) until it serves: it accepts TCP before its gRPC is ready.
        let deadline = Instant::now() + Duration::from_secs(15);
        let addr = format!("127.0.0.1:{client}");
        while !etcd_healthy(&addr) {
            assert!(Instant::now() < deadline, "etcd did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        child
    }
}

/// Whether etcd's `/health` on `addr` says it is healthy.
fn etcd_healthy(addr: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(addr) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if stream.write_all(b"GET /health HTTP/1.0\r\nHost: etcd\r\n\r\n").is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.contains("\"health\":\"true\"")
}

impl Drop for Etcd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A TCP proxy on loopback in front of `target` that the test can cut (every connection
/// dropped, new ones refused) and mend: a network partition between the clients and
/// `target`, owned by the test.
pub struct CuttableProxy {
    pub addr: std::net::SocketAddr,
    cut: std::sync::Arc<std::sync::atomic::AtomicBool>,
    generation: std::sync::Arc<std::sync::atomic::AtomicU64>,
    _task: std::thread::JoinHandle<()>,
}

impl CuttableProxy {
    /// Starts the proxy on a free loopback port.
    pub fn start(target: std::net::SocketAddr) -> Self {
        use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
        use std::sync::Arc;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address");
        let cut = Arc::new(AtomicBool::new(false));
        let generation = Arc::new(AtomicU64::new(0));
        let (c, g) = (cut.clone(), generation.clone());
        let task = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async move {
                listener.set_nonblocking(true).expect("nonblocking");
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                loop {
                    let Ok((inbound, _)) = listener.accept().await else { continue };
                    if c.load(Ordering::Acquire) {
                        drop(inbound);
                        continue;
                    }
                    let (c, g) = (c.clone(), g.clone());
                    let born = g.load(Ordering::Acquire);
                    tokio::spawn(async move {
                        let Ok(outbound) = tokio::net::TcpStream::connect(target).await else { return };
                        let (mut ri, mut wi) = inbound.into_split();
                        let (mut ro, mut wo) = outbound.into_split();
                        let cut_seen = async {
                            while !c.load(Ordering::Acquire) && g.load(Ordering::Acquire) == born {
                                tokio::time::sleep(Duration::from_millis(20)).await;
                            }
                        };
                        tokio::select! {
                            _ = tokio::io::copy(&mut ri, &mut wo) => {}
                            _ = tokio::io::copy(&mut ro, &mut wi) => {}
                            _ = cut_seen => {}
                        }
                    });
                }
            });
        });
        Self { addr, cut, generation, _task: task }
    }

    /// Cuts every connection through the proxy and refuses new ones.
    pub fn cut(&self) {
        self.cut.store(true, std::sync::atomic::Ordering::Release);
        self.generation.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// Lets connections through again.
    pub fn mend(&self) {
        self.cut.store(false, std::sync::atomic::Ordering::Release);
    }
}

/// Waits (bounded) until `check` holds, polling every 100 ms; panics naming `what` if it
/// never did.
pub async fn wait_until<F, Fut>(what: &str, within: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + within;
    loop {
        if check().await {
            return;
        }
        assert!(Instant::now() < deadline, "within {within:?}, never: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
