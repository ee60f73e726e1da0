//! The `liveroom` binary: command line, configuration and wiring. Everything else lives
//! in the library crates; this file only parses flags and starts them.

mod config;
mod serve;

use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use liveroom_auth::usersig;

use crate::config::{Config, Overrides};

#[derive(Parser)]
#[command(name = "liveroom", version, about = "Self-hostable live broadcasting with chat (TWebLive-compatible)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a single node: rooms and app settings kept under server.data_dir, no etcd.
    Serve {
        /// TOML configuration file.
        #[arg(long, short, env = "LIVEROOM_CONFIG")]
        config: Option<PathBuf>,
        /// HTTP + WebSocket listen address (overrides server.http).
        #[arg(long)]
        http: Option<std::net::SocketAddr>,
        /// The media engine's UDP address, shared by every WebRTC peer (overrides media.udp).
        #[arg(long)]
        udp: Option<std::net::SocketAddr>,
        /// Log filter, RUST_LOG syntax (overrides log.level).
        #[arg(long)]
        log_level: Option<String>,
    },
    /// Run a cluster node: rooms and nodes coordinate through etcd.
    Node {
        /// TOML configuration file.
        #[arg(long, short, env = "LIVEROOM_CONFIG")]
        config: Option<PathBuf>,
        /// etcd endpoint(s), comma-separated (overrides cluster.etcd).
        #[arg(long, value_delimiter = ',')]
        etcd: Vec<String>,
        /// This node's id (overrides server.node_id; default the host name).
        #[arg(long)]
        node_id: Option<String>,
        /// HTTP + WebSocket listen address (overrides server.http).
        #[arg(long)]
        http: Option<std::net::SocketAddr>,
        /// The media engine's UDP address, shared by every WebRTC peer (overrides media.udp).
        #[arg(long)]
        udp: Option<std::net::SocketAddr>,
        /// Log filter, RUST_LOG syntax (overrides log.level).
        #[arg(long)]
        log_level: Option<String>,
    },
    /// Sign (or with --verify, check) a UserSig, byte-compatible with tls-sig-api-v2.
    Usersig {
        /// The SDKAppID.
        #[arg(long)]
        sdkappid: u64,
        /// The app secret (prefer the LIVEROOM_SECRET environment variable).
        #[arg(long, env = "LIVEROOM_SECRET", hide_env_values = true)]
        secret: String,
        /// The user id.
        #[arg(long)]
        user: String,
        /// Validity in seconds (default 180 days, as the reference libraries).
        #[arg(long, default_value_t = 15_552_000)]
        expire: u64,
        /// Verify this UserSig instead of signing; prints its claims as JSON.
        #[arg(long)]
        verify: Option<String>,
    },
    /// Configuration helpers.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
}

#[derive(Subcommand)]
enum ConfigAction {
    /// Print the default configuration as TOML.
    Default,
    /// Load a configuration file (plus environment) and report errors, including what
    /// `serve` (or, with --node, `node`) would refuse to start with.
    Check {
        /// The file.
        file: PathBuf,
        /// Check it as a cluster node's configuration.
        #[arg(long)]
        node: bool,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve { config, http, udp, log_level } => {
            let overrides = Overrides { http, udp, log_level };
            let file = config;
            let config = Config::load(file.as_deref(), &overrides).context("reading configuration")?;
            config.check_startup(false).map_err(anyhow::Error::msg)?;
            let data_dir = config.data_dir(file.as_deref());
            serve::run(config, serve::Mode::Single(data_dir))
        }
        Command::Node { config, etcd, node_id, http, udp, log_level } => {
            let overrides = Overrides { http, udp, log_level };
            let file = config;
            let mut config = Config::load(file.as_deref(), &overrides).context("reading configuration")?;
            if !etcd.is_empty() {
                config.cluster.etcd = etcd;
            }
            if config.cluster.etcd.is_empty() {
                bail!("liveroom node needs etcd: --etcd http://HOST:2379 or cluster.etcd in the config");
            }
            if let Some(id) = node_id {
                config.server.node_id = id;
            } else if config.server.node_id == "local" {
                config.server.node_id =
                    std::env::var("HOSTNAME").unwrap_or_else(|_| format!("node-{:08x}", rand::random::<u32>()));
            }
            config.check_startup(true).map_err(anyhow::Error::msg)?;
            let data_dir = config.data_dir(file.as_deref());
            serve::run(config, serve::Mode::Cluster(data_dir))
        }
        Command::Usersig { sdkappid, secret, user, expire, verify } => {
            liveroom_auth::validate_user_id(&user).context("invalid --user")?;
            let now = liveroom_node::unix_now();
            match verify {
                None => println!("{}", usersig::sign(sdkappid, &secret, &user, now, expire)),
                Some(sig) => match usersig::verify(&sig, sdkappid, &secret, &user, now) {
                    Ok(claims) => println!(
                        "{}",
                        serde_json::json!({
                            "valid": true,
                            "identifier": claims.identifier,
                            "sdkappid": claims.sdkappid,
                            "time": claims.time,
                            "expire": claims.expire,
                        })
                    ),
                    Err(e) => bail!("UserSig rejected: {e}"),
                },
            }
            Ok(())
        }
        Command::Config { action: ConfigAction::Default } => {
            print!("{}", toml::to_string_pretty(&Config::default())?);
            Ok(())
        }
        Command::Config { action: ConfigAction::Check { file, node } } => {
            let config = Config::load(Some(&file), &Overrides::default())?;
            config.check_startup(node).map_err(anyhow::Error::msg)?;
            println!("ok: {} app(s), listening on {}", config.apps.len(), config.server.http);
            Ok(())
        }
    }
}
