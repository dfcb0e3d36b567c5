//! The ordered parallel pipeline behind every run: jobs from an iterator are processed by
//! worker threads and their results handed to a sink in exactly the input order.
//!
//! Memory stays bounded whatever the number of jobs: the producer never runs more than a
//! fixed window ahead of the sink, so at most that many results wait to be written. When the
//! sink fails (a closed stdout), every thread stops early and the error is returned.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};

/// How many jobs may be in flight (queued, being processed or waiting for their turn) per worker.
const WINDOW_PER_WORKER: usize = 64;

/// The most jobs a worker takes at once, of those already queued (it never waits to fill a
/// batch, so a slow stream is not held back). Handing jobs and results over in batches
/// saves most of the thread wake-ups, which cost more than a short document's parse.
const BATCH: usize = 16;

/// A worker hands its finished results over early once they hold this many bytes, so that
/// batching never keeps large documents in memory.
const HAND_OVER_BYTES: usize = 1 << 20;

/// The memory a result holds, as far as batching is concerned.
pub trait Weigh {
    /// Bytes held (an estimate; 0 for small values).
    fn weight(&self) -> usize {
        0
    }
}

/// Runs `work` over `jobs` on `workers` threads and feeds each result to `sink` in input order.
///
/// With one worker everything runs on the calling thread. The first error of `sink` stops
/// the run and is returned; results not yet written are dropped.
pub fn run_ordered<J, R, E>(
    jobs: impl Iterator<Item = J> + Send,
    workers: usize,
    work: impl Fn(J) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    J: Send,
    R: Send + Weigh,
{
    if workers <= 1 {
        for job in jobs {
            sink(work(job))?;
        }
        return Ok(());
    }
    let window = workers * WINDOW_PER_WORKER;
    let gate = Gate::default();
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, J)>(workers * BATCH);
    // Owned by the workers only: when the last one stops, the producer's next send fails
    // instead of blocking for ever on a full channel.
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (result_tx, result_rx) = mpsc::channel::<Vec<(usize, R)>>();
    let (gate, work) = (&gate, &work);

    std::thread::scope(|scope| {
        scope.spawn(move || {
            for (index, job) in jobs.enumerate() {
                if !gate.wait_for_room(index, window) || job_tx.send((index, job)).is_err() {
                    break;
                }
            }
            // Dropping `job_tx` here tells the workers there is nothing more to come.
        });
        for _ in 0..workers {
            let result_tx = result_tx.clone();
            let job_rx = Arc::clone(&job_rx);
            scope.spawn(move || {
                loop {
                    // The lock is held only while taking jobs, not while working: one job,
                    // waiting for it if need be, then any others already queued.
                    let batch = match job_rx.lock() {
                        Ok(rx) => {
                            let Ok(first) = rx.recv() else { break };
                            let mut batch = Vec::with_capacity(BATCH);
                            batch.push(first);
                            batch.extend(rx.try_iter().take(BATCH - 1));
                            batch
                        }
                        Err(_) => break,
                    };
                    let mut results: Vec<(usize, R)> = Vec::with_capacity(batch.len());
                    let mut weight = 0;
                    let mut closed = false;
                    for (i, job) in batch {
                        let result = work(job);
                        weight += result.weight();
                        results.push((i, result));
                        if weight >= HAND_OVER_BYTES {
                            closed = result_tx.send(std::mem::take(&mut results)).is_err();
                            weight = 0;
                            if closed {
                                break;
                            }
                        }
                    }
                    if closed || (!results.is_empty() && result_tx.send(results).is_err()) {
                        break;
                    }
                }
            });
        }
        drop((result_tx, job_rx));

        let outcome = (|| {
            let mut pending = BTreeMap::new();
            let mut next = 0usize;
            for results in &result_rx {
                pending.extend(results);
                let before = next;
                while let Some(result) = pending.remove(&next) {
                    sink(result)?;
                    next += 1;
                }
                if next > before {
                    gate.advance(next);
                }
            }
            Ok(())
        })();
        if outcome.is_err() {
            gate.abort();
            // Closing the result channel makes workers stop at their next send.
            drop(result_rx);
        }
        outcome
    })
}

/// Lets the producer run at most a window ahead of the sink; `abort` releases it for good.
#[derive(Default)]
struct Gate {
    state: Mutex<GateState>,
    room: Condvar,
}

#[derive(Default)]
struct GateState {
    /// Results written so far.
    written: usize,
    aborted: bool,
    /// Whether the producer is asleep in `wait_for_room`: only then is a wake-up sent (a
    /// notification costs a system call even when nobody waits).
    waiting: bool,
    /// How many results must be written before the sleeping producer is woken.
    wake_at: usize,
}

impl Gate {
    /// Blocks until job `index` fits in the window; false when the run was aborted.
    fn wait_for_room(&self, index: usize, window: usize) -> bool {
        let Ok(mut state) = self.state.lock() else {
            return false;
        };
        while !state.aborted && index >= state.written + window {
            // Woken once half the window is free, not for every result written.
            state.wake_at = index + 1 + window / 2 - window;
            state.waiting = true;
            state = match self.room.wait(state) {
                Ok(state) => state,
                Err(_) => return false,
            };
        }
        state.waiting = false;
        !state.aborted
    }

    fn advance(&self, written: usize) {
        if let Ok(mut state) = self.state.lock() {
            state.written = written;
            if state.waiting && written >= state.wake_at {
                self.room.notify_all();
            }
        }
    }

    fn abort(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.aborted = true;
            self.room.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Weigh for usize {}
    impl Weigh for u64 {}
    impl Weigh for () {}
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_out_in_input_order_whatever_the_workers() {
        for workers in [1, 2, 3, 8] {
            let mut seen = Vec::new();
            // Uneven work so that later jobs often finish first.
            let result: Result<(), ()> = run_ordered(
                0..500u64,
                workers,
                |n| {
                    if n % 7 == 0 {
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                    n * 2
                },
                |r| {
                    seen.push(r);
                    Ok(())
                },
            );
            assert!(result.is_ok());
            assert_eq!(seen, (0..500u64).map(|n| n * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_failing_sink_stops_the_run_early() {
        let started = AtomicUsize::new(0);
        let mut written = 0;
        let result = run_ordered(
            0..1_000_000usize,
            4,
            |n| {
                started.fetch_add(1, Ordering::Relaxed);
                n
            },
            |n| {
                written += 1;
                if n == 10 { Err("closed") } else { Ok(()) }
            },
        );
        assert_eq!(result, Err("closed"));
        assert_eq!(written, 11);
        // The window keeps the producer close to the sink: far fewer than a million started.
        assert!(started.load(Ordering::Relaxed) < 10 + 4 * WINDOW_PER_WORKER + 8);
    }

    #[test]
    fn a_failing_sink_never_leaves_the_producer_blocked() {
        // Slow workers let the producer fill the job channel and block on it; the run must
        // still end when the sink fails. Run in a thread so a hang fails instead of stalling.
        let (done_tx, done_rx) = mpsc::channel();
        std::thread::spawn(move || {
            for _ in 0..20 {
                let result = run_ordered(
                    0..10_000usize,
                    2,
                    |n| {
                        std::thread::sleep(std::time::Duration::from_millis(2));
                        n
                    },
                    |_| Err("closed"),
                );
                assert_eq!(result, Err("closed"));
            }
            let _ = done_tx.send(());
        });
        let finished = done_rx.recv_timeout(std::time::Duration::from_secs(60));
        assert!(finished.is_ok(), "run_ordered hung after its sink failed");
    }

    #[test]
    fn a_slow_source_gets_each_result_before_sending_more() {
        // A stream that sends job k + 1 only once result k is written (a pipe fed by what
        // comes out): batching must never wait for jobs that are not there yet.
        let (done_tx, done_rx) = mpsc::channel();
        std::thread::spawn(move || {
            let (job_tx, job_rx) = mpsc::channel::<usize>();
            let (ack_tx, ack_rx) = mpsc::channel::<usize>();
            let feeder = std::thread::spawn(move || {
                for k in 0..50 {
                    if job_tx.send(k).is_err() || ack_rx.recv() != Ok(k) {
                        return;
                    }
                }
            });
            let result: Result<(), ()> = run_ordered(
                job_rx.into_iter(),
                2,
                |n| n,
                |n| {
                    let _ = ack_tx.send(n);
                    Ok(())
                },
            );
            assert!(result.is_ok());
            feeder.join().expect("feeder");
            let _ = done_tx.send(());
        });
        let finished = done_rx.recv_timeout(std::time::Duration::from_secs(60));
        assert!(
            finished.is_ok(),
            "run_ordered held a result back waiting for more input"
        );
    }

    #[test]
    fn the_window_bounds_jobs_in_flight() {
        let in_flight = AtomicUsize::new(0);
        let max_seen = AtomicUsize::new(0);
        let result: Result<(), ()> = run_ordered(
            0..2_000usize,
            3,
            |n| {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                max_seen.fetch_max(now, Ordering::SeqCst);
                n
            },
            |_| {
                in_flight.fetch_sub(1, Ordering::SeqCst);
                Ok(())
            },
        );
        assert!(result.is_ok());
        assert!(max_seen.load(Ordering::SeqCst) <= 3 * WINDOW_PER_WORKER);
    }
}
