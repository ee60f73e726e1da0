//! ffprobe (Debian's ffmpeg package) as the judge of media files and playlists.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// What ffprobe found: streams, packets and anything it printed as an error.
pub struct Probe {
    pub json: Value,
    pub errors: String,
}

pub fn ffprobe(input: &Path) -> Probe {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-show_streams", "-show_packets", "-of", "json"])
        .arg(input)
        .output()
        .expect("ffprobe runs (Debian package ffmpeg; scripts/test-all.sh installs it)");
    assert!(out.status.success(), "ffprobe failed on {}: {}", input.display(), String::from_utf8_lossy(&out.stderr));
    Probe {
        json: serde_json::from_slice(&out.stdout).unwrap(),
        errors: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Probe {
    /// The first stream of `kind` (`video`, `audio`).
    pub fn stream(&self, kind: &str) -> &Value {
        self.json["streams"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["codec_type"] == kind)
            .unwrap_or_else(|| panic!("no {kind} stream: {}", self.json["streams"]))
    }

    /// Decode timestamps (seconds) of the packets of the `kind` stream.
    pub fn dts(&self, kind: &str) -> Vec<f64> {
        let index = self.stream(kind)["index"].as_u64();
        self.json["packets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["stream_index"].as_u64() == index)
            .filter_map(|p| p["dts_time"].as_str()?.parse().ok())
            .collect()
    }

    /// Asserts H.264 video of `size` and AAC-LC audio, strictly increasing timestamps over
    /// at least `min_seconds`, and no error output.
    pub fn assert_h264_aac(&self, what: &str, size: (u64, u64), min_seconds: f64) {
        assert!(self.errors.trim().is_empty(), "{what}: ffprobe reported errors: {}", self.errors);
        let v = self.stream("video");
        assert_eq!(v["codec_name"], "h264", "{what}");
        assert_eq!((v["width"].as_u64().unwrap_or(0), v["height"].as_u64().unwrap_or(0)), size, "{what}");
        let a = self.stream("audio");
        assert_eq!((a["codec_name"].as_str(), a["profile"].as_str()), (Some("aac"), Some("LC")), "{what}");
        for kind in ["video", "audio"] {
            let dts = self.dts(kind);
            assert!(dts.len() > 10, "{what}: only {} {kind} packets", dts.len());
            assert!(dts.windows(2).all(|w| w[1] > w[0]), "{what}: {kind} timestamps not strictly increasing");
            let span = dts[dts.len() - 1] - dts[0];
            assert!(span >= min_seconds, "{what}: only {span:.2} s of {kind}");
        }
    }
}

/// Downloads an ended LL-HLS playlist's window (init segment, segments) from `base` (the
/// playlist's directory URL) into `dir`, as a player would fetch it; returns the playlist's
/// path and its segment count.
pub async fn download_hls(playlist: &str, base: &str, dir: &Path) -> (std::path::PathBuf, usize) {
    for line in playlist.lines() {
        let file = line
            .strip_prefix("#EXT-X-MAP:URI=\"")
            .map(|r| r.trim_end_matches('"'))
            .or((!line.starts_with('#')).then_some(line));
        let Some(file) = file.filter(|f| !f.is_empty()) else { continue };
        let mut res = awc::Client::default().get(format!("{base}/{file}")).send().await.expect("GET a segment");
        assert_eq!(res.status().as_u16(), 200, "{file}");
        let bytes = res.body().limit(64 << 20).await.expect("segment body");
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().expect("a file in a directory")).unwrap();
        std::fs::write(path, &bytes).unwrap();
    }
    let index = dir.join("index.m3u8");
    std::fs::write(&index, playlist).unwrap();
    (index, playlist.matches("#EXTINF").count())
}
