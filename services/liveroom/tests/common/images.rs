//! Chat images: a real PNG, the upload and the download.

use serde_json::Value;

use super::{Server, APP};

/// A real 4x3 PNG.
pub const PNG_4X3: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x04, 0x00, 0x00, 0x00, 0x03, 0x08, 0x02, 0x00, 0x00, 0x00, 0x3b, 0x96, 0x39, 0x91, 0x00, 0x00, 0x00, 0x10, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x47, 0x0c, 0x38, 0x39, 0x00, 0xf5, 0x31, 0x0b, 0xf5,
    0x35, 0x7b, 0xfb, 0x82, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// Uploads `body` as `user` to `room`; status and JSON answer.
pub async fn upload_image(server: &Server, room: &str, user: Option<&str>, body: Vec<u8>) -> (u16, Value) {
    let auth = user.map(|u| server.auth(u)).unwrap_or_else(|| format!("sdkappid={APP}&identifier=x&usersig=bad"));
    let mut res = awc::Client::default()
        .post(server.url(&format!("/api/rooms/{room}/images?{auth}")))
        .insert_header(("Content-Type", "image/png"))
        .send_body(body)
        .await
        .expect("POST image");
    let bytes = res.body().await.expect("body");
    (res.status().as_u16(), serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

pub async fn fetch(server: &Server, path: &str) -> (u16, awc::http::header::HeaderMap, Vec<u8>) {
    let mut res = awc::Client::default().get(server.url(path)).send().await.expect("GET image");
    let body = res.body().limit(8 << 20).await.expect("body").to_vec();
    (res.status().as_u16(), res.headers().clone(), body)
}
