//! What a run tells the user on stderr: `readout: PATH: reason` per failed input, a
//! progress bar when stderr is a terminal, and a summary line at the end of a batch
//! ("1200 documents, 1 error, 3.4 MB in 0.21 s").

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Counts what a run did and reports it on stderr.
pub struct Reporter {
    bar: Option<ProgressBar>,
    documents: u64,
    errors: u64,
    bytes: u64,
    started: Instant,
}

impl Reporter {
    /// A reporter; `batch` asks for a progress bar, shown only when stderr is a terminal.
    pub fn new(batch: bool) -> Reporter {
        let bar = (batch && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let style =
                ProgressStyle::with_template("{spinner} {human_pos} inputs, {msg} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Reporter {
            bar,
            documents: 0,
            errors: 0,
            bytes: 0,
            started: Instant::now(),
        }
    }

    /// One document converted from `bytes` bytes of input.
    pub fn document(&mut self, bytes: u64) {
        self.documents += 1;
        self.bytes += bytes;
        self.tick();
    }

    /// One input failed: prints `readout: NAME: REASON` (above the progress bar, if any).
    pub fn error(&mut self, name: &str, reason: &str) {
        self.errors += 1;
        let line = format!("readout: {name}: {reason}");
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
        self.tick();
    }

    fn tick(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(size(self.bytes));
        }
    }

    /// Whether any input failed.
    pub fn failed(&self) -> bool {
        self.errors > 0
    }

    /// Clears the progress bar without a summary (the run was cut short).
    pub fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// Clears the progress bar and, when more than one input was seen, prints the summary.
    pub fn finish(self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.documents + self.errors > 1 {
            eprintln!("{}", self.summary(self.started.elapsed()));
        }
    }

    fn summary(&self, elapsed: Duration) -> String {
        format!(
            "{}, {}, {} in {:.2} s",
            plural(self.documents, "document"),
            plural(self.errors, "error"),
            size(self.bytes),
            elapsed.as_secs_f64()
        )
    }
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A byte count in decimal units, one decimal: `512 B`, `3.4 kB`, `3.4 MB`, `1.2 GB`.
fn size(bytes: u64) -> String {
    let b = bytes as f64;
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} kB", b / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", b / 1e6),
        _ => format!("{:.1} GB", b / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_reads_like_the_contract() {
        let mut r = Reporter::new(false);
        for _ in 0..1200 {
            r.document(2_840);
        }
        r.errors = 1;
        assert_eq!(
            r.summary(Duration::from_millis(210)),
            "1200 documents, 1 error, 3.4 MB in 0.21 s"
        );
        assert_eq!(size(999), "999 B");
        assert_eq!(size(1_500), "1.5 kB");
        assert_eq!(plural(0, "error"), "0 errors");
    }
}
