//! A webhook receiver: a real HTTP server on loopback, on a thread of its own (so it
//! answers whatever the test's runtime is doing), that records every POST and can refuse
//! the first ones.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use serde_json::Value;

/// One POST as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub event: String,
    pub delivery: String,
    pub timestamp: String,
    pub signature: String,
    pub body: String,
    pub json: Value,
    /// What the receiver answered.
    pub status: u16,
}

/// How the receiver answers a POST (given its JSON): status, body, delay.
pub type Answer = Arc<dyn Fn(&Value) -> (u16, String, Duration) + Send + Sync>;

#[derive(Clone)]
struct State {
    seen: Arc<Mutex<Vec<Received>>>,
    refuse_first: Arc<AtomicUsize>,
    answer: Option<Answer>,
}

/// The receiver. Dropping it leaves its thread running until the test process ends.
pub struct Receiver {
    pub url: String,
    seen: Arc<Mutex<Vec<Received>>>,
}

async fn take(state: web::Data<State>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let header = |n: &str| req.headers().get(n).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let refuse = state.refuse_first.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok();
    let text = String::from_utf8_lossy(&body).into_owned();
    let json: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let (status, reply, delay) = match &state.answer {
        Some(answer) if !refuse => answer(&json),
        _ => (if refuse { 500 } else { 200 }, String::new(), Duration::ZERO),
    };
    state.seen.lock().unwrap().push(Received {
        path: req.path().to_owned(),
        event: header("x-liveroom-event"),
        delivery: header("x-liveroom-delivery"),
        timestamp: header("x-liveroom-timestamp"),
        signature: header("x-liveroom-signature"),
        json,
        body: text,
        status,
    });
    if !delay.is_zero() {
        actix_web::rt::time::sleep(delay).await;
    }
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
        .content_type("application/json")
        .body(reply)
}

impl Receiver {
    /// Starts on 127.0.0.1, answering 500 to the first `refuse_first` POSTs.
    pub fn start(refuse_first: usize) -> Self {
        Self::start_inner(refuse_first, None)
    }

    /// Starts on 127.0.0.1, answering each POST as `answer` says.
    pub fn answering(answer: impl Fn(&Value) -> (u16, String, Duration) + Send + Sync + 'static) -> Self {
        Self::start_inner(0, Some(Arc::new(answer)))
    }

    fn start_inner(refuse_first: usize, answer: Option<Answer>) -> Self {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let state = State { seen: seen.clone(), refuse_first: Arc::new(AtomicUsize::new(refuse_first)), answer };
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(move || {
                    App::new().app_data(web::Data::new(state.clone())).default_service(web::post().to(take))
                })
                .workers(2)
                .bind("127.0.0.1:0")
                .expect("bind the receiver");
                let addr = server.addrs()[0];
                tx.send(addr).expect("report the address");
                let _ = server.run().await;
            });
        });
        let addr = rx.recv_timeout(Duration::from_secs(10)).expect("the receiver started");
        Self { url: format!("http://{addr}"), seen }
    }

    /// Every POST so far.
    pub fn seen(&self) -> Vec<Received> {
        self.seen.lock().unwrap().clone()
    }

    /// The POSTs of `event` that were accepted (answered 2xx).
    pub fn accepted(&self, event: &str) -> Vec<Received> {
        self.seen().into_iter().filter(|r| r.event == event && r.status == 200).collect()
    }
}
