//! SDP offers and STUN requests for the media tests: enough to create a WHIP / WebSocket
//! media leg and to ask the demultiplexer which session a ufrag reaches, without a WebRTC
//! stack.

/// A syntactically valid offer whose only media is an unknown codec.
pub const OFFER_NO_CODEC: &str = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n\
m=video 9 UDP/TLS/RTP/SAVPF 120\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendonly\r\na=rtcp-mux\r\n\
a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n\
a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\n\
a=setup:actpass\r\na=rtpmap:120 X-UNKNOWN/90000\r\n";

/// A WHIP offer with H.264 (no media needs to flow for the resource to exist).
pub fn h264_offer() -> String {
    OFFER_NO_CODEC.replace(
        "a=rtpmap:120 X-UNKNOWN/90000\r\n",
        "a=rtpmap:120 H264/90000\r\na=fmtp:120 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n",
    )
}

/// The value of the first `a=<name>:` line.
pub fn attribute<'a>(sdp: &'a str, name: &str) -> Option<&'a str> {
    sdp.lines().find_map(|l| l.trim_end().strip_prefix("a=")?.strip_prefix(name)?.strip_prefix(':'))
}

/// A STUN binding request whose USERNAME is `<server ufrag>:x` (no integrity: the peer
/// refuses it, but the demultiplexer must first find the peer by the ufrag).
pub fn stun_binding(server_ufrag: &str) -> Vec<u8> {
    let username = format!("{server_ufrag}:x");
    let padded = username.len().div_ceil(4) * 4;
    let mut m = vec![0x00, 0x01];
    m.extend_from_slice(&((4 + padded) as u16).to_be_bytes());
    m.extend_from_slice(&[0x21, 0x12, 0xA4, 0x42]);
    m.extend_from_slice(&[7; 12]);
    m.extend_from_slice(&[0x00, 0x06]);
    m.extend_from_slice(&(username.len() as u16).to_be_bytes());
    m.extend_from_slice(username.as_bytes());
    m.resize(20 + 4 + padded, 0);
    m
}

/// Whether a STUN check with `server_ufrag` sent to `node`'s media port finds a session:
/// the demultiplexer counts a check with an unknown ufrag as a drop on that node.
pub async fn ufrag_reaches(node: &super::Server, server_ufrag: &str) -> bool {
    let unknown = "liveroom_udp_datagrams_dropped_total{reason=\"unknown_ufrag\"}";
    let count = |metrics: &str| -> f64 {
        metrics.lines().find_map(|l| l.strip_prefix(unknown)?.trim().parse().ok()).unwrap_or(0.0)
    };
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
    let target: std::net::SocketAddr = node.media.parse().expect("media address");
    let before = count(&node.get("/metrics").await.1);
    socket.send_to(&stun_binding(server_ufrag), target).expect("send");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    count(&node.get("/metrics").await.1) == before
}
