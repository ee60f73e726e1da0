//! The thread packagers run on: one tokio current-thread runtime of its own, so Opus
//! decoding, AAC encoding and muxing never delay the chat actors or the media engine.

use std::future::Future;

use tokio::runtime::Handle;

/// A handle to the packaging thread.
#[derive(Clone)]
pub struct RelayRuntime {
    handle: Handle,
}

impl RelayRuntime {
    /// Starts the thread.
    pub fn start() -> std::io::Result<Self> {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new().name("liveroom-cdn".into()).spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            };
            let _ = tx.send(Ok(runtime.handle().clone()));
            // Runs until the process exits; packagers end with their streams.
            runtime.block_on(std::future::pending::<()>());
        })?;
        let handle = rx.recv().map_err(|_| std::io::Error::other("packaging thread died at start"))??;
        Ok(Self { handle })
    }

    /// Runs `task` on the packaging thread.
    pub fn spawn<F>(&self, task: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.handle.spawn(task);
    }
}
