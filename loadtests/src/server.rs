//! Starting a liveroom server for a benchmark, and reading its CPU time and memory.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{bail, Context};

/// A server process started for the benchmark (killed on drop).
pub struct Spawned {
    child: Child,
    /// `host:port` it listens on.
    pub addr: String,
    /// `rtmp://host:port/live`, when the configuration turned RTMP on.
    pub rtmp: Option<String>,
    _config: tempfile_path::TempFile,
}

mod tempfile_path {
    /// A file removed on drop.
    pub struct TempFile(pub std::path::PathBuf);
    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
            // `liveroom serve`'s default data directory sits beside its configuration.
            let _ = std::fs::remove_dir_all(self.0.with_extension("data"));
        }
    }
}

impl Spawned {
    /// Starts `bin serve` with `config` (TOML) on a free loopback port.
    pub fn start(bin: &Path, config: &str) -> anyhow::Result<Self> {
        Self::start_with(bin, &["serve"], config)
    }

    /// Starts `bin <args...>` (e.g. `node --etcd ... --node-id a`) with `config`.
    pub fn start_with(bin: &Path, args: &[&str], config: &str) -> anyhow::Result<Self> {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("liveroom-load-{}-{n}.toml", std::process::id()));
        std::fs::write(&path, config)?;
        let mut child = Command::new(bin)
            .args(args)
            .arg("--config")
            .arg(&path)
            .args(["--http", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        let stdout = child.stdout.take().context("server stdout")?;
        let (tx, rx) = std::sync::mpsc::channel();
        // LIVEROOM_LOAD_SERVER_LOGS=1 echoes the server's log to stderr (prefixed with its pid).
        let echo = std::env::var_os("LIVEROOM_LOAD_SERVER_LOGS").is_some();
        let pid = child.id();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if echo {
                    eprintln!("[{pid}] {line}");
                }
                if let Some(addr) = line.strip_prefix("liveroom: listening on http://") {
                    let _ = tx.send((true, addr.to_owned()));
                } else if let Some(url) = line.strip_prefix("liveroom: rtmp on ") {
                    let _ = tx.send((false, url.to_owned()));
                }
            }
        });
        // The RTMP line comes before the HTTP one.
        let mut rtmp = None;
        let addr = loop {
            match rx.recv_timeout(Duration::from_secs(20)) {
                Ok((true, a)) => break a,
                Ok((false, url)) => rtmp = Some(url),
                Err(_) => {
                    let _ = child.kill();
                    bail!("server did not report its address");
                }
            }
        };
        Ok(Self { child, addr, rtmp, _config: tempfile_path::TempFile(path) })
    }

    /// The server's pid.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills it now (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Pauses it (SIGSTOP), as a stalled VM or a long GC pause would.
    pub fn pause(&self) -> anyhow::Result<()> {
        signal(self.child.id(), "STOP")
    }

    /// Resumes it (SIGCONT).
    pub fn resume(&self) -> anyhow::Result<()> {
        signal(self.child.id(), "CONT")
    }

    /// Sends SIGTERM (a drain, for a cluster node).
    pub fn terminate(&self) -> anyhow::Result<()> {
        Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status()?;
        Ok(())
    }

    /// Waits up to `limit` for the process to exit.
    pub fn wait_exit(&mut self, limit: Duration) -> anyhow::Result<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + limit;
        while std::time::Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                return Ok(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        bail!("the node did not exit within {limit:?}")
    }
}

/// A real etcd on free loopback ports (killed on drop).
pub struct Etcd {
    child: Child,
    /// Its client URL.
    pub endpoint: String,
    dir: std::path::PathBuf,
}

impl Etcd {
    /// Starts Debian's `etcd` with a fresh data directory and waits until it answers.
    pub fn start() -> anyhow::Result<Self> {
        let free = || -> anyhow::Result<u16> { Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port()) };
        let (client, peer) = (free()?, free()?);
        let dir = std::env::temp_dir().join(format!("liveroom-load-etcd-{}-{client}", std::process::id()));
        let endpoint = format!("http://127.0.0.1:{client}");
        let peer_url = format!("http://127.0.0.1:{peer}");
        let child = Command::new("etcd")
            .args(["--name", "bench", "--data-dir"])
            .arg(&dir)
            .args(["--listen-client-urls", &endpoint, "--advertise-client-urls", &endpoint])
            .args(["--listen-peer-urls", &peer_url, "--initial-advertise-peer-urls", &peer_url])
            .args(["--initial-cluster", &format!("bench={peer_url}"), "--log-level", "error"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting etcd (Debian's etcd-server)")?;
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", client)).is_err() {
            if std::time::Instant::now() > deadline {
                bail!("etcd did not start");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(Self { child, endpoint, dir })
    }
}

impl Etcd {
    /// Pauses etcd (SIGSTOP).
    pub fn pause(&self) -> anyhow::Result<()> {
        signal(self.child.id(), "STOP")
    }

    /// Resumes etcd (SIGCONT).
    pub fn resume(&self) -> anyhow::Result<()> {
        signal(self.child.id(), "CONT")
    }
}

impl Etcd {
    /// A directory client on this etcd under `prefix` that reads placement and is never
    /// given rooms (it registers as draining), for scenarios that must know a room's owner.
    pub async fn observer(&self, prefix: &str, ttl: Duration) -> anyhow::Result<liveroom_cluster::EtcdDirectory> {
        let info = liveroom_cluster::NodeInfo {
            http: String::new(),
            media: String::new(),
            draining: true,
            lease: 0,
            load: 0,
            internal: String::new(),
        };
        let id = liveroom_cluster::NodeId(format!("observer-{}", std::process::id()));
        liveroom_cluster::EtcdDirectory::connect(std::slice::from_ref(&self.endpoint), prefix, id, &info, ttl, 100)
            .await
            .map_err(|e| anyhow::anyhow!("observer: {e}"))
    }
}

fn signal(pid: u32, sig: &str) -> anyhow::Result<()> {
    let status = Command::new("kill").args([&format!("-{sig}"), &pid.to_string()]).status()?;
    if !status.success() {
        bail!("kill -{sig} {pid} failed");
    }
    Ok(())
}

impl Drop for Etcd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// CPU seconds (user + system) a process has used.
pub fn cpu_seconds(pid: u32) -> anyhow::Result<f64> {
    let (user, system) = cpu_split(pid)?;
    Ok(user + system)
}

/// CPU seconds a process has used in user space and in the kernel.
pub fn cpu_split(pid: u32) -> anyhow::Result<(f64, f64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    let rest = stat.rsplit_once(')').context("stat format")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11).context("utime")?.parse()?;
    let stime: f64 = fields.get(12).context("stime")?.parse()?;
    Ok((utime / clock_ticks(), stime / clock_ticks()))
}

fn clock_ticks() -> f64 {
    // USER_HZ is 100 on Linux for every architecture liveroom runs on.
    100.0
}

/// Resident set size of a process in bytes.
pub fn rss_bytes(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).context("VmRSS")?;
    let kb: u64 = line.split_whitespace().nth(1).context("VmRSS value")?.parse()?;
    Ok(kb * 1024)
}
