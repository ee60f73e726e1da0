//! WebRTC signalling over HTTP: WHIP (RFC 9725) to publish, WHEP to play.
//!
//! `POST /whip?sdkappid=&roomid=&userid=[&streamid=]` and `POST /whep?sdkappid=&roomid=&userid=[&streamid=]`
//! take an SDP offer (`application/sdp`) with the user's UserSig as `Authorization: Bearer`
//! and answer `201 Created` with the SDP answer and a `Location` resource that `DELETE`
//! ends. The answer comes from this node's media engine, so ICE points at its UDP port.
//! `PATCH` on the resource takes trickled candidates (RFC 8840 fragments) and ICE restarts
//! (RFC 9725 §4.3.2: new client credentials, answered with the server's new ones and a
//! new `ETag`).

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use liveroom_auth::Identity;
use liveroom_node::unix_now;
use liveroom_node::user::{auth_error_code, auth_error_label};
use liveroom_node::{MediaClient, Refusal};
use liveroom_protocol::{ErrorCode, RoomId, UserId};
use liveroom_sfu::PeerId;
use liveroom_telemetry::metrics;
use parking_lot::Mutex;
use serde::Deserialize;

use crate::{ApiError, Gateway};

/// Largest SDP offer accepted (a browser's is 4–10 KB).
const MAX_SDP_BYTES: usize = 64 * 1024;

/// Largest trickle fragment accepted (a batch of candidates is a few hundred bytes).
const MAX_SDPFRAG_BYTES: usize = 16 * 1024;

/// The client's ICE credentials from its offer (`ice-ufrag`, `ice-pwd`): a trickle
/// fragment with others asks for an ICE restart.
type IceCredentials = (Option<String>, Option<String>);

fn ice_credentials(offer: &str) -> IceCredentials {
    (
        liveroom_sfu::sdp::attribute(offer, "ice-ufrag").map(str::to_owned),
        liveroom_sfu::sdp::attribute(offer, "ice-pwd").map(str::to_owned),
    )
}

/// One live WHIP / WHEP session.
struct Resource {
    peer: PeerId,
    /// Who created it: `DELETE` and `PATCH` need a UserSig of the same user and app.
    owner: (u64, String),
    remote: IceCredentials,
    /// Names the current ICE session (`If-Match`); changes with each restart.
    etag: String,
}

/// Live WHIP / WHEP resources: unguessable id → session.
#[derive(Default)]
pub struct Resources(Mutex<HashMap<String, Resource>>);

impl Resources {
    /// A new resource of `owner`'s; every 64th insert forgets resources whose leg the
    /// host no longer has (closed, failed, never connected), so the map stays as small as
    /// the set of live sessions.
    fn insert(&self, peer: PeerId, owner: &Identity, remote: IceCredentials, alive: impl Fn(PeerId) -> bool) -> String {
        let id: String = (0..16).map(|_| format!("{:02x}", rand::random::<u8>())).collect();
        let mut resources = self.0.lock();
        if resources.len() % 64 == 63 {
            resources.retain(|_, r| alive(r.peer));
        }
        let owner = (owner.sdkappid, owner.user_id.clone());
        resources.insert(id.clone(), Resource { peer, owner, remote, etag: format!("\"{id}\"") });
        id
    }

    fn remove(&self, id: &str) -> Option<PeerId> {
        self.0.lock().remove(id).map(|r| r.peer)
    }

    /// Who created the resource.
    fn owner(&self, id: &str) -> Option<(u64, String)> {
        self.0.lock().get(id).map(|r| r.owner.clone())
    }

    /// The session's peer, the client's current credentials and the current `ETag`.
    fn session(&self, id: &str) -> Option<(PeerId, IceCredentials, String)> {
        self.0.lock().get(id).map(|r| (r.peer, r.remote.clone(), r.etag.clone()))
    }

    /// Records a restart: the client's new credentials, a new `ETag`.
    fn restarted(&self, id: &str, remote: IceCredentials) -> Option<String> {
        let mut resources = self.0.lock();
        let r = resources.get_mut(id)?;
        r.remote = remote;
        r.etag = format!("\"{id}-{:08x}\"", rand::random::<u32>());
        Some(r.etag.clone())
    }
}

/// What a trickle fragment (`application/trickle-ice-sdpfrag`, RFC 8840) says.
#[derive(Debug, PartialEq, Eq)]
struct Fragment {
    ufrag: Option<String>,
    pwd: Option<String>,
    candidates: usize,
    end_of_candidates: bool,
    /// The first media section's `m=` line and its `a=mid:` value, echoed in a restart's
    /// answer.
    media: Option<(String, String)>,
}

/// Parses a fragment: only the lines RFC 8840 allows, every candidate well-formed.
fn parse_fragment(text: &str) -> Result<Fragment, String> {
    let mut fragment = Fragment { ufrag: None, pwd: None, candidates: 0, end_of_candidates: false, media: None };
    let mut m_line: Option<&str> = None;
    for line in text.lines().map(str::trim_end).filter(|l| !l.is_empty()) {
        if let Some(value) = line.strip_prefix("a=ice-ufrag:") {
            fragment.ufrag = Some(value.to_owned());
        } else if let Some(value) = line.strip_prefix("a=ice-pwd:") {
            fragment.pwd = Some(value.to_owned());
        } else if let Some(candidate) = line.strip_prefix("a=candidate:") {
            check_candidate(candidate).map_err(|e| format!("bad candidate line {line:?}: {e}"))?;
            fragment.candidates += 1;
        } else if line == "a=end-of-candidates" {
            fragment.end_of_candidates = true;
        } else if line.starts_with("m=") {
            m_line = m_line.or(Some(line));
        } else if let Some(mid) = line.strip_prefix("a=mid:") {
            if let (Some(m), None) = (m_line, &fragment.media) {
                fragment.media = Some((m.to_owned(), mid.to_owned()));
            }
        } else if !line.starts_with("a=ice-options:") {
            return Err(format!(
                "unexpected line in a trickle fragment: {:?}",
                line.chars().take(80).collect::<String>()
            ));
        }
    }
    Ok(fragment)
}

/// `foundation component transport priority address port typ type ...` (RFC 8839 §5.1).
fn check_candidate(candidate: &str) -> Result<(), &'static str> {
    let f: Vec<&str> = candidate.split_ascii_whitespace().collect();
    if f.len() < 8 {
        return Err("too few fields");
    }
    f[1].parse::<u8>().map_err(|_| "component is not a number")?;
    if !f[2].eq_ignore_ascii_case("udp") && !f[2].eq_ignore_ascii_case("tcp") {
        return Err("transport is neither UDP nor TCP");
    }
    f[3].parse::<u32>().map_err(|_| "priority is not a number")?;
    f[5].parse::<u16>().map_err(|_| "port is not a number")?;
    if f[6] != "typ" || !["host", "srflx", "prflx", "relay"].contains(&f[7]) {
        return Err("no candidate type");
    }
    Ok(())
}

pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/whip", web::post().to(whip))
        .route("/whip/{resource}", web::delete().to(delete_resource))
        .route("/whip/{resource}", web::patch().to(patch_resource))
        .route("/whep", web::post().to(whep))
        .route("/whep/{resource}", web::delete().to(delete_resource))
        .route("/whep/{resource}", web::patch().to(patch_resource));
}

#[derive(Deserialize)]
struct MediaQuery {
    sdkappid: u64,
    roomid: String,
    userid: String,
    #[serde(default)]
    streamid: Option<String>,
}

fn bearer(req: &HttpRequest) -> Result<&str, ApiError> {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(|| ApiError::with(ErrorCode::UserSigEmpty, "send the UserSig as Authorization: Bearer <UserSig>"))
}

fn authenticate(gw: &Gateway, req: &HttpRequest, q: &MediaQuery) -> Result<Identity, ApiError> {
    verify(gw, req, q.sdkappid, &q.userid)
}

fn verify(gw: &Gateway, req: &HttpRequest, sdkappid: u64, user: &str) -> Result<Identity, ApiError> {
    gw.host.apps().authenticate(sdkappid, user, bearer(req)?, unix_now()).map_err(|e| {
        metrics().chat.auth_failures.with_label_values(&[auth_error_label(&e)]).inc();
        ApiError::with(auth_error_code(&e), e.to_string())
    })
}

/// A resource's `DELETE` and `PATCH` need the credential that created it (RFC 9725 §4.3:
/// the same bearer token; a fresh UserSig of the same user and app also does). Without a
/// bearer: 401 (70002); with another user's UserSig: 401 with its UserSig code. Resource
/// ids are 128 random bits, so answering 404 only for unknown ones reveals nothing useful.
fn authorize_resource(gw: &Gateway, req: &HttpRequest, resource: &str) -> Result<(), ApiError> {
    let (sdkappid, user) =
        gw.media_resources.owner(resource).ok_or_else(|| ApiError::code(ErrorCode::ResourceNotFound))?;
    match verify(gw, req, sdkappid, &user) {
        Ok(_) => Ok(()),
        Err(e) if e.code == ErrorCode::UserSigEmpty => Err(e),
        Err(e) => {
            tracing::info!(resource, code = e.code.value(), "WHIP / WHEP resource call without its credential refused");
            Err(ApiError::with(e.code, "this resource needs the UserSig of the user who created it"))
        }
    }
}

fn client_of(req: &HttpRequest, gw: &Gateway, caller: &Identity) -> Result<MediaClient, ApiError> {
    let user = UserId::new(&caller.user_id).map_err(|e| ApiError::with(ErrorCode::InvalidUserId, e.to_string()))?;
    let addr = crate::limits::client_addr(req, &gw.config.limits.exempt);
    Ok(MediaClient { sdkappid: caller.sdkappid, user, addr })
}

fn offer(req: &HttpRequest, body: &web::Bytes) -> Result<String, ApiError> {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.starts_with("application/sdp") {
        return Err(ApiError::code(ErrorCode::UnsupportedMediaType));
    }
    if body.len() > MAX_SDP_BYTES {
        return Err(ApiError::with(ErrorCode::InvalidSdp, format!("offer is larger than {MAX_SDP_BYTES} bytes")));
    }
    String::from_utf8(body.to_vec()).map_err(|_| ApiError::with(ErrorCode::InvalidSdp, "offer is not UTF-8"))
}

/// A caller's own stream id (letters, digits, `_ -`, ≤ 128), or `None` for TWebLive's
/// convention `<sdkappid>_<roomid>_<userid>_main`.
fn stream_id(q: &MediaQuery) -> Result<Option<String>, ApiError> {
    match &q.streamid {
        Some(s) if !s.is_empty() => {
            if s.len() > 128 || !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
                return Err(ApiError::with(
                    ErrorCode::InvalidParameter,
                    "streamid: at most 128 letters, digits, _ or -",
                ));
            }
            Ok(Some(s.clone()))
        }
        _ => Ok(None),
    }
}

fn room_id(q: &MediaQuery) -> Result<RoomId, ApiError> {
    RoomId::new(&q.roomid).map_err(|e| ApiError::with(ErrorCode::InvalidParameter, e.to_string()))
}

fn refused(r: Refusal) -> ApiError {
    ApiError::with(r.code, r.message)
}

fn created(kind: &str, resource: &str, sdp: String) -> HttpResponse {
    HttpResponse::Created()
        .content_type("application/sdp")
        .insert_header((header::LOCATION, format!("/{kind}/{resource}")))
        .insert_header((header::ETAG, format!("\"{resource}\"")))
        .insert_header(("Accept-Patch", "application/trickle-ice-sdpfrag"))
        .body(sdp)
}

async fn whip(
    req: HttpRequest,
    body: web::Bytes,
    q: web::Query<MediaQuery>,
    gw: web::Data<Gateway>,
) -> Result<HttpResponse, ApiError> {
    let caller = authenticate(&gw, &req, &q)?;
    let offer = offer(&req, &body)?;
    let remote = ice_credentials(&offer);
    let room = room_id(&q)?;
    let client = client_of(&req, &gw, &caller)?;
    let wanted = stream_id(&q)?;
    let (stream, answer) =
        gw.host.publish(&client, &room, caller.is_admin, wanted, offer, None).await.map_err(refused)?;
    let resource = gw.media_resources.insert(answer.peer, &caller, remote, |p| gw.host.media_leg_alive(p));
    tracing::info!(stream, room = %room, user = %client.user, peer = answer.peer.0, "WHIP publish");
    Ok(created("whip", &resource, answer.sdp))
}

async fn whep(
    req: HttpRequest,
    body: web::Bytes,
    q: web::Query<MediaQuery>,
    gw: web::Data<Gateway>,
) -> Result<HttpResponse, ApiError> {
    let caller = authenticate(&gw, &req, &q)?;
    let offer = offer(&req, &body)?;
    let remote = ice_credentials(&offer);
    let room = room_id(&q)?;
    let client = client_of(&req, &gw, &caller)?;
    let (stream, answer) =
        gw.host.play(q.sdkappid, Some(&client), &room, stream_id(&q)?, offer, None).await.map_err(refused)?;
    let resource = gw.media_resources.insert(answer.peer, &caller, remote, |p| gw.host.media_leg_alive(p));
    tracing::info!(stream, room = %room, user = caller.user_id, peer = answer.peer.0, "WHEP play");
    Ok(created("whep", &resource, answer.sdp))
}

async fn delete_resource(
    req: HttpRequest,
    path: web::Path<String>,
    gw: web::Data<Gateway>,
) -> Result<HttpResponse, ApiError> {
    authorize_resource(&gw, &req, &path)?;
    let peer = gw.media_resources.remove(&path).ok_or_else(|| ApiError::code(ErrorCode::ResourceNotFound))?;
    gw.host.close_peer(peer);
    Ok(HttpResponse::Ok().finish())
}

/// Trickled candidates (RFC 9725 §4.3.1): checked and acknowledged with 204. The server
/// is ICE-lite, so it never checks towards them: it learns each client address from the
/// client's own checks. A fragment with new ICE credentials is an ICE restart
/// (§4.3.2): the media engine restarts the session's ICE and the answer is a fragment with
/// the server's new credentials and candidate, under a new `ETag`.
async fn patch_resource(
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
    gw: web::Data<Gateway>,
) -> Result<HttpResponse, ApiError> {
    authorize_resource(&gw, &req, &path)?;
    let (peer, (ufrag, pwd), etag) =
        gw.media_resources.session(&path).ok_or_else(|| ApiError::code(ErrorCode::ResourceNotFound))?;
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.starts_with("application/trickle-ice-sdpfrag") {
        return Err(ApiError::with(ErrorCode::UnsupportedMediaType, "PATCH takes application/trickle-ice-sdpfrag"));
    }
    if body.len() > MAX_SDPFRAG_BYTES {
        return Err(ApiError::with(
            ErrorCode::InvalidSdp,
            format!("fragment is larger than {MAX_SDPFRAG_BYTES} bytes"),
        ));
    }
    let text =
        std::str::from_utf8(&body).map_err(|_| ApiError::with(ErrorCode::InvalidSdp, "fragment is not UTF-8"))?;
    let fragment = parse_fragment(text).map_err(|e| ApiError::with(ErrorCode::InvalidSdp, e))?;
    let if_match = req.headers().get(header::IF_MATCH).and_then(|v| v.to_str().ok());
    if if_match.is_some_and(|tag| tag.trim() != "*" && tag.trim() != etag) {
        return Err(ApiError {
            status: actix_web::http::StatusCode::PRECONDITION_FAILED,
            code: ErrorCode::InvalidParameter,
            message: "If-Match does not name this ICE session".into(),
        });
    }
    metrics().media.trickle_candidates.inc_by(fragment.candidates as u64);
    let restart =
        (fragment.ufrag.is_some() && fragment.ufrag != ufrag) || (fragment.pwd.is_some() && fragment.pwd != pwd);
    if !restart {
        return Ok(HttpResponse::NoContent().finish());
    }
    let (Some(new_ufrag), Some(new_pwd)) = (fragment.ufrag.clone(), fragment.pwd.clone()) else {
        return Err(ApiError::with(ErrorCode::InvalidSdp, "an ICE restart needs both a=ice-ufrag and a=ice-pwd"));
    };
    let server = gw.host.restart_ice(peer, new_ufrag.clone(), new_pwd.clone()).await.map_err(refused)?;
    let etag = gw
        .media_resources
        .restarted(&path, (Some(new_ufrag), Some(new_pwd)))
        .ok_or_else(|| ApiError::code(ErrorCode::ResourceNotFound))?;
    let mut answer = format!("a=ice-lite\r\na=ice-ufrag:{}\r\na=ice-pwd:{}\r\n", server.ufrag, server.pwd);
    if let Some((m_line, mid)) = &fragment.media {
        answer.push_str(&format!("a=group:BUNDLE {mid}\r\n{m_line}\r\na=mid:{mid}\r\n"));
    }
    for candidate in &server.candidates {
        answer.push_str(&format!("a=candidate:{candidate}\r\n"));
    }
    answer.push_str("a=end-of-candidates\r\n");
    Ok(HttpResponse::Ok()
        .content_type("application/trickle-ice-sdpfrag")
        .insert_header((header::ETAG, etag))
        .body(answer))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAGMENT: &str =
        "a=ice-ufrag:EsAw\r\na=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r\nm=audio 9 RTP/AVP 0\r\na=mid:0\r\n\
        a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw network-id 1\r\n\
        a=candidate:3471623853 1 udp 2122194687 198.51.100.2 61765 typ host generation 0 ufrag EsAw network-id 2\r\n\
        a=end-of-candidates\r\n";

    #[test]
    fn a_browser_fragment_parses() {
        let f = parse_fragment(FRAGMENT).expect("parses");
        assert_eq!(f.ufrag.as_deref(), Some("EsAw"));
        assert_eq!(f.pwd.as_deref(), Some("P2uYro0UCOQ4zxjKXaWCBui1"));
        assert_eq!((f.candidates, f.end_of_candidates), (2, true));
        assert_eq!(f.media, Some(("m=audio 9 RTP/AVP 0".to_owned(), "0".to_owned())));
    }

    #[test]
    fn bad_fragments_are_refused_with_the_reason() {
        assert!(parse_fragment("a=candidate:1 1 udp 5 192.0.2.1 9 typ\r\n").unwrap_err().contains("too few"));
        assert!(parse_fragment("a=candidate:1 x udp 5 192.0.2.1 9 typ host\r\n").unwrap_err().contains("component"));
        assert!(parse_fragment("a=candidate:1 1 sctp 5 192.0.2.1 9 typ host\r\n").unwrap_err().contains("transport"));
        assert!(parse_fragment("a=candidate:1 1 udp 5 192.0.2.1 99999 typ host\r\n").unwrap_err().contains("port"));
        assert!(parse_fragment("v=0\r\n").unwrap_err().contains("unexpected line"));
        assert_eq!(parse_fragment("").map(|f| f.candidates), Ok(0));
    }

    #[test]
    fn offer_credentials_are_found_at_any_level() {
        let offer = "v=0\r\ns=-\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:abcd\r\na=ice-pwd:secretsecretsecretsecret\r\n";
        assert_eq!(liveroom_sfu::sdp::attribute(offer, "ice-ufrag"), Some("abcd"));
        assert_eq!(liveroom_sfu::sdp::attribute(offer, "ice-pwd"), Some("secretsecretsecretsecret"));
        assert_eq!(liveroom_sfu::sdp::attribute(offer, "ice-options"), None);
    }

    proptest::proptest! {
        #[test]
        fn any_fragment_text_is_parsed_or_refused_without_panic(text in "\\PC{0,400}") {
            let _ = parse_fragment(&text);
        }
    }
}
