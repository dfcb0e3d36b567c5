//! Arguments to a validated configuration, then the run: every input parsed and written in
//! order, failures reported as `readout: PATH: reason` and remembered for the exit code.

use std::cell::RefCell;
use std::collections::HashSet;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use readout::rules::{DEFAULT_RULES_JSON, RuleSet, Rules};
use readout::{Options, parse};

use crate::cli::{Cli, Command, Format, InputKind, ParseArgs};
use crate::docs;
use crate::input;
use crate::report::Reporter;
use crate::{batch, check, output, records};

/// Runs the command line; `Err` is a fatal error (exit 2).
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Some(Command::Schema) => print_stdout(readout::schema::SCHEMA_JSON),
        Some(Command::Rules(args)) => print_rules(&args.rules),
        Some(Command::Completions { shell }) => {
            docs::completions(shell).map(|()| ExitCode::SUCCESS)
        }
        Some(Command::Man) => docs::man().map(|()| ExitCode::SUCCESS),
        Some(Command::Check(args)) => check::run(args),
        None => run_parse(cli.parse),
    }
}

fn print_stdout(text: &str) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `readout rules`: the built-in file as shipped, or the set merged with `files` (checked
/// and compiled as a parse run would, so a bad file fails here the same way).
fn print_rules(files: &[PathBuf]) -> Result<ExitCode> {
    if files.is_empty() {
        return print_stdout(DEFAULT_RULES_JSON);
    }
    let rules = load_rules(files)?;
    print_stdout(&serde_json::to_string_pretty(&rules.set)?)
}

/// Builds the rule set: built-ins plus every `--rules` file, compiled once.
pub fn load_rules(files: &[std::path::PathBuf]) -> Result<Arc<Rules>> {
    if files.is_empty() {
        return Ok(Rules::builtin());
    }
    let mut set = RuleSet::builtin();
    for file in files {
        set.merge_file(file)?;
    }
    Ok(Arc::new(Rules::compile(set)?))
}

/// A parse run, validated: rules compiled, defaults resolved.
struct ParseConfig {
    /// Command-line paths; empty means stdin.
    paths: Vec<PathBuf>,
    input: InputKind,
    exts: Vec<String>,
    /// Format of stdout, or of each file under `out_dir`.
    format: Format,
    out_dir: Option<PathBuf>,
    jobs: usize,
    lossy: bool,
    date: Option<jiff::civil::Date>,
    rules: Arc<Rules>,
    explain: bool,
    /// Several inputs may come (folders, several paths, records): asks for a progress bar.
    batch: bool,
    /// `--bad-records-ok`: a failure with an error document in the output keeps exit 0.
    bad_records_ok: bool,
}

impl ParseConfig {
    fn from_args(args: ParseArgs) -> Result<ParseConfig> {
        let jsonl = args.input == InputKind::Jsonl;
        if jsonl && args.out_dir.is_some() {
            bail!(
                "--out-dir cannot be used with --input jsonl: records are written to stdout as JSON Lines"
            );
        }
        if jsonl && args.format == Some(Format::Json) {
            bail!("--input jsonl always writes JSON Lines; leave out --format json");
        }
        if args.bad_records_ok && !jsonl {
            bail!("--bad-records-ok only applies to --input jsonl");
        }
        let batch = jsonl || args.paths.len() > 1 || args.paths.iter().any(|p| p.is_dir());
        let format = match (args.format, &args.out_dir) {
            (Some(format), _) => format,
            (None, Some(_)) => Format::Json,
            (None, None) if batch => Format::Jsonl,
            (None, None) => Format::Json,
        };
        let exts = if !args.ext.is_empty() {
            args.ext
        } else if jsonl {
            vec!["jsonl".to_string()]
        } else {
            vec!["txt".to_string()]
        };
        let jobs = match args.jobs {
            Some(n) => n as usize,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        Ok(ParseConfig {
            rules: load_rules(&args.rules)?,
            paths: if args.paths.is_empty() {
                vec![PathBuf::from("-")]
            } else {
                args.paths
            },
            input: args.input,
            exts,
            format,
            out_dir: args.out_dir,
            jobs,
            lossy: args.lossy,
            date: args.date,
            explain: args.explain,
            batch,
            bad_records_ok: args.bad_records_ok,
        })
    }

    fn options(&self, source: String, date: Option<jiff::civil::Date>) -> Options {
        Options {
            reference_date: date,
            rules: rules_for_this_thread(&self.rules),
            source,
            explain: self.explain,
        }
    }
}

/// This thread's own clone of `shared`, made on its first document: the regexes are shared,
/// the match caches are the thread's own, so no worker waits on another's (a regex shared
/// between threads costs every thread but the first a lock per search).
fn rules_for_this_thread(shared: &Arc<Rules>) -> Arc<Rules> {
    thread_local! {
        // (the shared rules, this thread's clone); holding `shared` keeps the pair's identity.
        static LOCAL: RefCell<Option<(Arc<Rules>, Arc<Rules>)>> = const { RefCell::new(None) };
    }
    LOCAL.with(|local| {
        let mut local = local.borrow_mut();
        match &*local {
            Some((of, own)) if Arc::ptr_eq(of, shared) => Arc::clone(own),
            _ => {
                let own = Arc::new(Rules::clone(shared));
                *local = Some((Arc::clone(shared), Arc::clone(&own)));
                own
            }
        }
    })
}

/// What the writer receives for one job, in input order.
enum Outcome {
    /// A document: its input size and the bytes for stdout (empty when written to a file).
    Document { bytes_in: u64, stdout: Vec<u8> },
    /// A failed input: reported on stderr; `stdout` holds an error document line, if any
    /// (a malformed record: the failure is then accounted for in the output).
    Failed {
        name: String,
        reason: String,
        stdout: Vec<u8>,
    },
}

impl batch::Weigh for Outcome {
    fn weight(&self) -> usize {
        match self {
            Outcome::Document { stdout, .. } | Outcome::Failed { stdout, .. } => stdout.len(),
        }
    }
}

impl Outcome {
    fn failed(name: impl Into<String>, reason: impl Into<String>) -> Outcome {
        Outcome::Failed {
            name: name.into(),
            reason: reason.into(),
            stdout: Vec::new(),
        }
    }
}

fn run_parse(args: ParseArgs) -> Result<ExitCode> {
    let cfg = ParseConfig::from_args(args)?;
    if let Some(dir) = &cfg.out_dir {
        output::prepare_out_dir(dir)
            .with_context(|| format!("cannot write to the output folder {}", dir.display()))?;
    }
    let mut reporter = Reporter::new(cfg.batch);
    // Failures that left no error document in the output; only these fail a run under
    // --bad-records-ok.
    let mut unaccounted = false;
    let stdout = std::io::stdout();
    // 64 KiB: a write call per thirty-odd documents of a batch rather than per four.
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut sink = |outcome: Outcome| -> std::io::Result<()> {
        match outcome {
            Outcome::Document { bytes_in, stdout } => {
                reporter.document(bytes_in);
                out.write_all(&stdout)?;
                output::recycle(stdout);
                Ok(())
            }
            Outcome::Failed {
                name,
                reason,
                stdout,
            } => {
                unaccounted |= stdout.is_empty();
                // Flushed first so that stderr and stdout stay in step on a terminal.
                out.write_all(&stdout)?;
                out.flush()?;
                reporter.error(&name, &reason);
                Ok(())
            }
        }
    };
    let entries = input::expand(cfg.paths.clone(), cfg.exts.clone());
    let written = match cfg.input {
        InputKind::Text => {
            let jobs = without_collisions(entries, cfg.out_dir.clone());
            let work = |job: Result<input::Entry, input::WalkError>| {
                let name = match &job {
                    Ok(entry) => entry.source.display(),
                    Err(err) => err.path.clone(),
                };
                guarded(name, |name| convert_file(&cfg, name, job))
            };
            batch::run_ordered(jobs, cfg.jobs, work, &mut sink)
        }
        InputKind::Jsonl => {
            let lines = records::lines(entries);
            let work = |line: Result<records::Line, input::WalkError>| {
                let name = match &line {
                    Ok(line) => line.location(),
                    Err(err) => err.path.clone(),
                };
                guarded(name, |name| convert_record(&cfg, name, line))
            };
            batch::run_ordered(lines, cfg.jobs, work, &mut sink)
        }
    };
    let written = written.and_then(|()| out.flush());
    drop(out);
    if let Err(err) = written {
        reporter.clear();
        return Err(err).context("writing output");
    }
    let failed = if cfg.bad_records_ok {
        unaccounted
    } else {
        reporter.failed()
    };
    reporter.finish();
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Runs `job` for the input called `name`, turning a panic in the parser into a failed
/// input, so that one bad input cannot end a batch.
fn guarded(name: String, job: impl FnOnce(&str) -> Outcome) -> Outcome {
    quiet_panics_in_guarded_jobs();
    GUARDED.with(|g| g.set(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&name)));
    GUARDED.with(|g| g.set(false));
    outcome.unwrap_or_else(|_| {
        let what = LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_default();
        Outcome::failed(
            name.as_str(),
            format!("internal error: the parser panicked on this input (please report it): {what}"),
        )
    })
}

thread_local! {
    /// Whether this thread is inside [`guarded`], whose caller reports the panic.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The message of the latest panic inside [`guarded`].
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Installs, once, a panic hook that keeps a guarded job's panic off stderr (the batch
/// reports it as one `readout: PATH: internal error …` line) and leaves every other panic
/// to the default hook.
fn quiet_panics_in_guarded_jobs() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.with(|g| g.get()) {
                let at = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()));
                let msg = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                LAST_PANIC
                    .with(|p| *p.borrow_mut() = Some(format!("{msg}{}", at.unwrap_or_default())));
            } else {
                default(info);
            }
        }));
    });
}

/// With `--out-dir`, turns an input whose output file an earlier input of the run already
/// wrote (`a/x.txt` and `b/x.txt` given as files) into an error instead of overwriting it.
fn without_collisions(
    entries: impl Iterator<Item = Result<input::Entry, input::WalkError>> + Send,
    out_dir: Option<PathBuf>,
) -> impl Iterator<Item = Result<input::Entry, input::WalkError>> + Send {
    let mut written = HashSet::new();
    entries.map(move |entry| {
        let (Some(dir), Ok(found)) = (&out_dir, &entry) else {
            return entry;
        };
        let path = output::out_path(dir, &found.relative);
        if written.insert(path.clone()) {
            return entry;
        }
        Err(input::WalkError {
            path: found.source.display(),
            reason: format!(
                "skipped: {} is already written by an earlier input",
                path.display()
            ),
        })
    })
}

/// Reads, decodes and parses one input; writes it under `--out-dir` or returns its bytes.
fn convert_file(
    cfg: &ParseConfig,
    name: &str,
    job: Result<input::Entry, input::WalkError>,
) -> Outcome {
    let entry = match job {
        Ok(entry) => entry,
        Err(err) => return Outcome::failed(name, err.reason),
    };
    // Each input is read into this thread's buffer, kept from one input to the next.
    READ_BUFFER.with_borrow_mut(|bytes| {
        let outcome = match entry.source.read_into(bytes) {
            Ok(()) => convert_bytes(cfg, name, &entry, bytes),
            Err(err) => Outcome::failed(name, err.to_string()),
        };
        if bytes.capacity() > KEEP_READ_BUFFER {
            *bytes = Vec::new();
        }
        outcome
    })
}

thread_local! {
    /// The bytes of the input being converted on this thread.
    static READ_BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A read buffer that grew past this many bytes (a large input) is given back after use.
const KEEP_READ_BUFFER: usize = 1 << 20;

/// Decodes and parses the bytes of `entry`; writes the document under `--out-dir` or
/// returns its bytes.
fn convert_bytes(cfg: &ParseConfig, name: &str, entry: &input::Entry, bytes: &[u8]) -> Outcome {
    let fail = |reason: String| Outcome::failed(name, reason);
    let bytes_in = bytes.len() as u64;
    let decoded = match input::decode(bytes, cfg.lossy) {
        Ok(decoded) => decoded,
        Err(err) => return fail(err.to_string()),
    };
    let mut doc = parse(&decoded.text, &cfg.options(name.to_string(), cfg.date));
    if decoded.replaced > 0 {
        doc.warnings.push(format!(
            "input was not valid UTF-8: {} invalid sequence(s) replaced with U+FFFD (--lossy); offsets count into the replaced text",
            decoded.replaced
        ));
    }
    let bytes = output::document_bytes(&doc, cfg.format);
    let stdout = match &cfg.out_dir {
        None => bytes,
        Some(dir) => {
            let path = output::out_path(dir, &entry.relative);
            let written = output::write_atomic(&path, &bytes);
            output::recycle(bytes);
            if let Err(err) = written {
                return fail(format!("writing {}: {err}", path.display()));
            }
            Vec::new()
        }
    };
    Outcome::Document { bytes_in, stdout }
}

/// Parses one record line; a malformed record gives an error document line as well.
fn convert_record(
    cfg: &ParseConfig,
    location: &str,
    line: Result<records::Line, input::WalkError>,
) -> Outcome {
    let line = match line {
        Ok(line) => line,
        Err(err) => return Outcome::failed(location, err.reason),
    };
    match records::parse_record(&line.bytes, cfg.lossy) {
        Ok(record) => {
            let options = cfg.options(record.id, record.date.or(cfg.date));
            let doc = parse(&record.text, &options);
            let stdout = output::document_bytes(&doc, Format::Jsonl);
            let bytes_in = record.text.len() as u64;
            Outcome::Document { bytes_in, stdout }
        }
        Err(err) => {
            let name = match &err.id {
                Some(id) => format!("{location} (id {id:?})"),
                None => location.to_string(),
            };
            let source = err.id.as_deref().unwrap_or(location);
            let stdout = records::error_line(source, &err.reason);
            Outcome::Failed {
                name,
                reason: err.reason,
                stdout,
            }
        }
    }
}

/// Whether the error chain is a closed stdout, which ends the run quietly (as `| head` expects).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
