//! Batch workflows end to end: folders in, mirrored JSON out, parallel and deterministic,
//! bad inputs reported and skipped, record streams (`--input jsonl`), a closed stdout.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use serde_json::Value;

fn readout() -> Command {
    Command::cargo_bin("readout").unwrap()
}

/// An invented release, varied by `i` so that documents differ.
fn release(i: usize) -> String {
    let day = 1 + i % 28;
    format!(
        "President Ana Kovač of Norland spoke by phone with Prime Minister Jon Berg{i} on {day} June.\n\n\
         “We agreed on the next steps for item {i},” Kovač said. The leaders discussed energy, trade and security.\n"
    )
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// `statements/` with a bad file in the middle of the sorted order and a file of another
/// extension. Returns the folder and the `.txt` files in sorted order (bad one excluded).
fn nested_tree(root: &Path) -> (PathBuf, Vec<PathBuf>) {
    let dir = root.join("statements");
    let good = ["a/1.txt", "a/b/2.txt", "a/c/3.txt", "z.txt"];
    for (i, rel) in good.iter().enumerate() {
        write(&dir.join(rel), release(i).as_bytes());
    }
    write(
        &dir.join("a/b/bad.txt"),
        b"President \xff\xfe of nowhere said.\n",
    );
    write(&dir.join("a/notes.md"), release(9).as_bytes());
    (dir.clone(), good.iter().map(|r| dir.join(r)).collect())
}

fn lines(stdout: &[u8]) -> Vec<Value> {
    std::str::from_utf8(stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every file under `dir`, relative, sorted (none when `dir` does not exist).
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap();
                found.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn a_bad_file_in_a_nested_folder_is_reported_and_the_rest_converted() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, good) = nested_tree(tmp.path());
    let out = readout()
        .arg("-j")
        .arg("3")
        .arg(&dir)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let docs = lines(&out.stdout);
    let sources: Vec<&str> = docs.iter().map(|d| d["source"].as_str().unwrap()).collect();
    let expected: Vec<String> = good.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(
        sources, expected,
        "documents in sorted path order, bad file skipped"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    let bad = dir.join("a/b/bad.txt");
    assert!(
        stderr.contains(&format!("readout: {}: invalid UTF-8", bad.display())),
        "{stderr}"
    );
    let summary = stderr.lines().last().unwrap();
    assert!(summary.starts_with("4 documents, 1 error, "), "{summary}");
    assert!(summary.ends_with(" s"), "{summary}");
}

#[test]
fn output_is_byte_identical_whatever_the_number_of_jobs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("many");
    for i in 0..60 {
        let rel = format!("d{}/e{}/r{i:02}.txt", i % 3, i % 5);
        // Some inputs far longer than others, so that workers finish out of order.
        write(
            &dir.join(rel),
            release(i).repeat(1 + (i % 7) * 3).as_bytes(),
        );
    }
    let run = |jobs: &str| {
        readout()
            .args(["-j", jobs])
            .arg(&dir)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let one = run("1");
    assert_eq!(lines(&one).len(), 60);
    assert_eq!(one, run("4"));
    assert_eq!(one, run("2"));
}

#[test]
fn out_dir_mirrors_the_input_tree_with_complete_files_only() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = nested_tree(tmp.path());
    let out_dir = tmp.path().join("json");
    let assert = readout().arg("-o").arg(&out_dir).arg(&dir).assert().code(2);
    assert!(
        assert.get_output().stdout.is_empty(),
        "nothing on stdout with --out-dir"
    );
    assert_eq!(
        files_under(&out_dir),
        ["a/1.json", "a/b/2.json", "a/c/3.json", "z.json"],
        "one file per good input, no temporary files left"
    );
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("a/b/2.json")).unwrap())
            .unwrap();
    assert_eq!(doc["source"], dir.join("a/b/2.txt").display().to_string());

    // A file argument lands under its file name; a second run overwrites cleanly.
    let single = tmp.path().join("single");
    for _ in 0..2 {
        readout()
            .arg("-o")
            .arg(&single)
            .arg(dir.join("a/c/3.txt"))
            .assert()
            .success();
    }
    assert_eq!(files_under(&single), ["3.json"]);
}

#[test]
fn two_inputs_with_the_same_output_name_do_not_overwrite_each_other() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = nested_tree(tmp.path());
    let out_dir = tmp.path().join("json");
    let out = readout()
        .arg("-o")
        .arg(&out_dir)
        .arg(dir.join("a/1.txt"))
        .arg(dir.join("a/b/2.txt"))
        .arg(dir.join("a/1.txt"))
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("already written by an earlier input"),
        "{stderr}"
    );
    assert_eq!(files_under(&out_dir), ["1.json", "2.json"]);
}

#[test]
fn an_out_dir_that_cannot_be_written_fails_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = nested_tree(tmp.path());
    // Tests may run as root, which ignores permissions: a folder under a file can never exist.
    let blocker = tmp.path().join("blocker");
    std::fs::write(&blocker, "x").unwrap();
    let out = readout()
        .arg("-o")
        .arg(blocker.join("json"))
        .arg(&dir)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("readout: cannot write to the output folder"),
        "{stderr}"
    );
    assert_eq!(
        stderr.lines().count(),
        1,
        "one message, not one per input: {stderr}"
    );
    assert_eq!(
        files_under(tmp.path()).len(),
        7,
        "nothing written besides the inputs and blocker"
    );
}

#[test]
fn a_run_killed_midway_leaves_only_complete_json_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    for i in 0..400 {
        write(
            &dir.join(format!("p{}/r{i:03}.txt", i % 4)),
            release(i).repeat(3).as_bytes(),
        );
    }
    let out_dir = tmp.path().join("out");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("readout"))
        .args(["-j", "2", "-o"])
        .arg(&out_dir)
        .arg(&dir)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it has started writing, so that the kill most likely lands mid-run.
    let started = std::time::Instant::now();
    while files_under(&out_dir).len() < 5 && started.elapsed().as_secs() < 30 {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let _ = child.kill();
    child.wait().unwrap();
    // Whether the kill landed mid-run or after, every .json present is complete.
    for rel in files_under(&out_dir) {
        if rel.ends_with(".json") && !rel.rsplit('/').next().unwrap().starts_with('.') {
            let text = std::fs::read_to_string(out_dir.join(&rel)).unwrap();
            let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert!(doc["source"].as_str().unwrap().ends_with(".txt"));
        } else {
            // Only the hidden temporary name of a write in progress may remain.
            assert!(
                rel.contains("/.r") && rel.ends_with(".tmp"),
                "unexpected file {rel}"
            );
        }
    }
}

#[test]
fn jsonl_records_give_one_line_each_and_malformed_ones_an_error_line() {
    let records = [
        serde_json::json!({"id": "rec-1", "text": release(1), "date": "2023-06-25"}).to_string(),
        r#"{"id": "rec-2", "text": "unterminated"#.to_string(),
        String::new(),
        serde_json::json!({"id": 3, "text": "Line one\nline two: “Ça va,” she said. 日本 🎉"})
            .to_string(),
        serde_json::json!({"id": "rec-4", "text": "x", "date": "25/06/2023"}).to_string(),
    ];
    let stdin = records.join("\n") + "\n";
    let out = readout()
        .args(["--input", "jsonl", "--date", "2020-01-01"])
        .write_stdin(stdin.clone())
        .assert()
        .code(2)
        .get_output()
        .clone();
    let docs = lines(&out.stdout);
    assert_eq!(
        docs.len(),
        4,
        "one line per record, the blank line is no record"
    );
    assert_eq!(docs[0]["source"], "rec-1");
    assert_eq!(
        docs[0]["reference_date"], "2023-06-25",
        "the record's date wins"
    );
    assert_eq!(docs[1]["source"], "-:2");
    assert!(
        docs[1]["error"]
            .as_str()
            .unwrap()
            .contains("not a JSON record")
    );
    assert_eq!(docs[1].as_object().unwrap().len(), 2);
    assert_eq!(docs[2]["source"], "3");
    assert_eq!(
        docs[2]["reference_date"], "2020-01-01",
        "--date when the record has none"
    );
    assert_eq!(
        docs[3]["source"], "rec-4",
        "the id is kept when the record has one"
    );
    assert!(docs[3]["error"].as_str().unwrap().contains("date"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("readout: -:2: not a JSON record"),
        "{stderr}"
    );
    assert!(stderr.contains("readout: -:5 (id \"rec-4\"): "), "{stderr}");

    // The same records from a file: locations name the file; -j changes nothing.
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("records.jsonl");
    std::fs::write(&file, &stdin).unwrap();
    let run = |jobs: &str| {
        let out = readout()
            .args(["--input", "jsonl", "-j", jobs])
            .arg(&file)
            .assert()
            .code(2)
            .get_output()
            .clone();
        out.stdout
    };
    let one = run("1");
    assert_eq!(one, run("3"));
    assert_eq!(lines(&one)[1]["source"], format!("{}:2", file.display()));
}

#[test]
fn bad_records_ok_keeps_exit_0_when_every_failure_is_an_error_document() {
    let stdin = [
        serde_json::json!({"id": "a", "text": release(1)}).to_string(),
        serde_json::json!({"id": "b", "text": "x", "date": "2023-02-30"}).to_string(),
    ]
    .join("\n");
    let out = readout()
        .args(["--input", "jsonl", "--bad-records-ok"])
        .write_stdin(stdin.clone())
        .assert()
        .code(0)
        .get_output()
        .clone();
    let docs = lines(&out.stdout);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["source"], "b");
    assert!(docs[1]["error"].as_str().unwrap().contains("date"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("readout: -:2 (id \"b\"): "), "{stderr}");
    // The output is the same as without the flag; only the exit status differs.
    let strict = readout()
        .args(["--input", "jsonl"])
        .write_stdin(stdin)
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(strict.stdout, out.stdout);
    // A missing file leaves no error document: still a failure.
    let tmp = tempfile::tempdir().unwrap();
    readout()
        .args(["--input", "jsonl", "--bad-records-ok"])
        .arg(tmp.path().join("missing.jsonl"))
        .assert()
        .code(2);
    // Only meaningful for record streams.
    readout()
        .args(["--bad-records-ok", "-"])
        .write_stdin("text")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--input jsonl"));
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    // Far more output than a pipe buffer holds, so writing must hit the closed pipe.
    for i in 0..300 {
        write(
            &dir.join(format!("r{i:03}.txt")),
            release(i).repeat(5).as_bytes(),
        );
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("readout"))
        .args(["-j", "2"])
        .arg(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    // The read end is dropped here, as `| head -c 100` does.
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?} {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.is_empty(), "no message, no summary: {stderr}");
}
