//! Converts the published notice into the app's dataset:
//!
//! ```text
//! cargo run --release --bin import -- data/notice-2024.txt > data/yubei-2024.json
//! cargo run --release --bin import -- -o data/yubei-2024.json data/notice-2024.txt
//! ```
//!
//! Nothing is written unless the whole notice parses: stdout receives the JSON in one write
//! after a successful parse, and `-o OUT` writes a temporary file next to OUT and renames it
//! over OUT, so a good OUT is never replaced by a partial one. Errors go to stderr naming the
//! file, the line and its text; exit code 1 for unreadable input, 2 for usage errors.

#[cfg(not(target_arch = "wasm32"))]
use std::fs;
#[cfg(not(target_arch = "wasm32"))]
use std::io::Write;
#[cfg(not(target_arch = "wasm32"))]
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
use yubei_importer::{parse_notice, to_json};

#[cfg(not(target_arch = "wasm32"))]
const USAGE: &str = "usage: import [-o OUT.json] NOTICE.txt\n\
    Parses the notice and writes the dataset JSON to stdout (or to OUT.json).";

#[cfg(not(target_arch = "wasm32"))]
struct Args {
    input: PathBuf,
    output: Option<PathBuf>,
}

/// `Ok(None)` for `--help`.
#[cfg(not(target_arch = "wasm32"))]
fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Option<Args>, String> {
    let mut input = None;
    let mut output = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "-o" | "--output" => {
                let out = args.next().ok_or("-o needs a file name")?;
                if output.replace(PathBuf::from(out)).is_some() {
                    return Err("-o given twice".into());
                }
            }
            s if s.starts_with('-') && s != "-" => return Err(format!("unknown option {s}")),
            _ => {
                if input.replace(PathBuf::from(&arg)).is_some() {
                    return Err("more than one input file".into());
                }
            }
        }
    }
    let input = input.ok_or("no input file")?;
    Ok(Some(Args { input, output }))
}

/// Writes `contents` to a temporary file beside `out`, then renames it over `out`.
#[cfg(not(target_arch = "wasm32"))]
fn write_atomically(out: &Path, contents: &str) -> std::io::Result<()> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = out.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        fs::rename(&tmp, out)
    })();
    if result.is_err() {
        // Best effort: the temporary file is useless now; the original error is what matters.
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(not(target_arch = "wasm32"))]
fn run(args: &Args) -> Result<(), String> {
    let shown = args.input.display();
    let text = fs::read_to_string(&args.input).map_err(|e| format!("{shown}: {e}"))?;
    let dataset = parse_notice(&text).map_err(|e| format!("{shown}: {e}"))?;
    let json = to_json(&dataset).map_err(|e| format!("{shown}: cannot serialize: {e}"))?;
    match &args.output {
        Some(out) => write_atomically(out, &json)
            .map_err(|e| format!("{}: cannot write: {e}", out.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(json.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("stdout: {e}"))
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("import: {msg}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("import: error: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// Built for the wasm target too (cargo builds every binary for integration tests); the
/// importer is a host tool.
#[cfg(target_arch = "wasm32")]
fn main() -> ExitCode {
    ExitCode::FAILURE
}
