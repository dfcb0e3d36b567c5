//! `readout check`: the golden comparison CI runs on `fixtures/`, its readable diff, its exit
//! codes (0 pass, 1 differ, 2 error) and `--bless`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn readout() -> Command {
    Command::cargo_bin("readout").unwrap()
}

const RELEASE: &str = "President Ana Kovač of Norland spoke by phone with Prime Minister Jon Berg \
on 24 June.\n\n“We agreed on the next steps,” Kovač said. They discussed energy and trade.\n";

fn stdout_lines(out: &[u8]) -> Vec<String> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

fn fixture(dir: &Path, name: &str) -> PathBuf {
    let txt = dir.join(format!("{name}.txt"));
    std::fs::write(&txt, RELEASE).unwrap();
    txt
}

fn edit_json(path: &Path, edit: impl FnOnce(&mut Value)) {
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    edit(&mut value);
    std::fs::write(path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
}

#[test]
fn the_repository_fixtures_pass() {
    let out = readout()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "fixtures/"])
        .assert()
        .success()
        .get_output()
        .clone();
    let lines = stdout_lines(&out.stdout);
    let last = lines.last().unwrap();
    assert!(
        last.ends_with(" passed, 0 failed")
            && last.split(' ').next().unwrap().parse::<usize>().is_ok(),
        "{lines:?}"
    );
}

#[test]
fn bless_creates_then_check_passes_fails_with_a_field_path_and_bless_repairs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("fixtures");
    std::fs::create_dir(&dir).unwrap();
    let txt = fixture(&dir, "call");
    fixture(&dir, "unchecked-no-json");
    let json = dir.join("call.json");

    // A folder only yields the pairs that exist: nothing to check yet, and that passes.
    let out = readout()
        .arg("check")
        .arg(&dir)
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(stdout_lines(&out.stdout), ["0 passed, 0 failed"]);
    // A .txt named explicitly without its .json is an error...
    readout().arg("check").arg(&txt).assert().code(2);
    // ...which --bless turns into a new expected file, pretty JSON ending in a newline.
    let out = readout()
        .args(["check", "--bless"])
        .arg(&txt)
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        stdout_lines(&out.stdout),
        [
            format!("blessed {} (new)", json.display()),
            "1 passed, 0 failed".to_string()
        ]
    );
    let blessed = std::fs::read_to_string(&json).unwrap();
    assert!(blessed.starts_with("{\n  \"schema_version\": 1,") && blessed.ends_with("}\n"));
    let doc: Value = serde_json::from_str(&blessed).unwrap();
    assert_eq!(doc["source"], txt.display().to_string());

    // It passes, from any working directory: the stored source is used as is.
    let out = readout()
        .current_dir(&dir)
        .args(["check", "."])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(stdout_lines(&out.stdout), ["1 passed, 0 failed"]);

    // Change the expected file: exit 1 and a readable diff naming the field path.
    edit_json(&json, |v| {
        v["schema_version"] = Value::from(7);
        v["warnings"]
            .as_array_mut()
            .unwrap()
            .push(Value::from("not produced"));
    });
    let n = doc["warnings"].as_array().unwrap().len();
    let out = readout()
        .arg("check")
        .arg(&dir)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let lines = stdout_lines(&out.stdout);
    assert_eq!(
        lines[0],
        format!("FAILED {} (expected {})", txt.display(), json.display())
    );
    assert!(
        lines.contains(&"  schema_version: expected 7, got 1".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&format!(
            "  warnings[{n}]: expected \"not produced\", got nothing"
        )),
        "{lines:?}"
    );
    assert_eq!(lines.last().unwrap(), "0 passed, 1 failed");

    // --bless rewrites it and says so; then it passes again.
    let out = readout()
        .args(["check", "--bless"])
        .arg(&dir)
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        stdout_lines(&out.stdout),
        [
            format!("blessed {} (3 differences)", json.display()),
            "1 passed, 0 failed".to_string()
        ]
    );
    assert_eq!(std::fs::read_to_string(&json).unwrap(), blessed);
    readout().arg("check").arg(&dir).assert().success();
}

#[test]
fn the_stored_reference_date_is_the_one_used() {
    let tmp = tempfile::tempdir().unwrap();
    let txt = fixture(tmp.path(), "dated");
    let json = tmp.path().join("dated.json");
    readout()
        .args(["check", "--bless"])
        .arg(&txt)
        .assert()
        .success();
    edit_json(&json, |v| v["reference_date"] = Value::from("2023-06-25"));
    // Parsed again with that date, the document echoes it; whether other fields changed
    // is the parser's business, so bless and compare the date only.
    readout()
        .args(["check", "--bless"])
        .arg(&txt)
        .assert()
        .success();
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(doc["reference_date"], "2023-06-25");
    readout().arg("check").arg(&txt).assert().success();

    edit_json(&json, |v| v["reference_date"] = Value::from("June 25"));
    let out = readout()
        .arg("check")
        .arg(&txt)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("reference_date"), "{stderr}");
    assert_eq!(stdout_lines(&out.stdout), ["0 passed, 1 failed"]);
}

#[test]
fn many_differences_are_capped_per_file() {
    let tmp = tempfile::tempdir().unwrap();
    let txt = fixture(tmp.path(), "capped");
    let json = tmp.path().join("capped.json");
    readout()
        .args(["check", "--bless"])
        .arg(&txt)
        .assert()
        .success();
    edit_json(&json, |v| {
        v["warnings"] = Value::from((0..50).map(|i| format!("w{i}")).collect::<Vec<_>>());
    });
    let out = readout()
        .arg("check")
        .arg(&txt)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let lines = stdout_lines(&out.stdout);
    // Header, 20 differences, the "more" line, the count.
    assert_eq!(lines.len(), 23, "{lines:?}");
    assert!(lines[21].starts_with("  ... and ") && lines[21].ends_with(" more differences"));
}

#[test]
fn a_missing_path_is_an_error() {
    let out = readout()
        .args(["check", "/nonexistent/fixtures"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("no such file or folder")
    );
}
