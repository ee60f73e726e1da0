//! A minimal HTTP/1.1 client for the benchmark's signalling calls (loopback only): one
//! request per connection (`Connection: close`), `Content-Length` or chunked answers.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{bail, Context};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Longest a request may take, connect to last byte.
const TIMEOUT: Duration = Duration::from_secs(15);
/// Largest answer read (an SDP answer is a few KB).
const MAX_RESPONSE: u64 = 1 << 20;

/// An HTTP answer: status and body.
pub struct Response {
    pub status: u16,
    pub body: String,
}

/// Sends `method path` with `body` to `addr` (`host:port`, a loopback address).
pub async fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> anyhow::Result<Response> {
    let target: SocketAddr = addr.parse().with_context(|| format!("address {addr:?}"))?;
    if !target.ip().is_loopback() {
        bail!("refusing to send to {target}: benchmarks only target loopback");
    }
    tokio::time::timeout(TIMEOUT, exchange(target, method, path, headers, body))
        .await
        .with_context(|| format!("{method} {path}: no answer within {TIMEOUT:?}"))?
}

async fn exchange(
    target: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> anyhow::Result<Response> {
    let mut stream = TcpStream::connect(target).await?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {target}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    let mut raw = Vec::new();
    stream.take(MAX_RESPONSE).read_to_end(&mut raw).await?;
    parse(&raw)
}

fn parse(raw: &[u8]) -> anyhow::Result<Response> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").context("HTTP answer without a header end")?;
    let head = std::str::from_utf8(&raw[..split]).context("HTTP header not UTF-8")?;
    let mut lines = head.split("\r\n");
    let status: u16 =
        lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).context("HTTP status line")?;
    let chunked = lines.any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    let rest = &raw[split + 4..];
    let body = if chunked { dechunk(rest)? } else { rest.to_vec() };
    Ok(Response { status, body: String::from_utf8_lossy(&body).into_owned() })
}

fn dechunk(mut data: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    // At most one chunk per byte of input: bounded.
    for _ in 0..=data.len() {
        let eol = data.windows(2).position(|w| w == b"\r\n").context("chunk size line")?;
        let size_text = std::str::from_utf8(&data[..eol])?.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16).context("chunk size")?;
        data = &data[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        if data.len() < size {
            bail!("truncated chunk");
        }
        out.extend_from_slice(&data[..size]);
        data = data.get(size + 2..).unwrap_or(&[]);
    }
    bail!("malformed chunked body")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_and_chunked_answers() {
        let r = parse(b"HTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\nabc").unwrap();
        assert_eq!((r.status, r.body.as_str()), (201, "abc"));
        let r =
            parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").unwrap();
        assert_eq!((r.status, r.body.as_str()), (200, "abcde"));
    }
}
