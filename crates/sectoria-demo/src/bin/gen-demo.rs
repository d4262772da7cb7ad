//! Writes the demo instance files (`establishments.csv`, `workers.csv`, `current.csv`)
//! into a folder, `data/demo` of the workspace by default, and prints the demo's figures.
//!
//! ```text
//! cargo run -p sectoria-demo --bin gen-demo -- data/demo
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = match std::env::args_os().nth(1) {
        Some(arg) if arg == "-h" || arg == "--help" => {
            println!("usage: gen-demo [DIR]   (default: the workspace's data/demo)");
            return ExitCode::SUCCESS;
        }
        Some(arg) => PathBuf::from(arg),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/demo")),
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("gen-demo: cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let demo = sectoria_demo::generate();
    for (name, content) in demo.files() {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, content) {
            eprintln!("gen-demo: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    print!("{}", sectoria_demo::summary());
    ExitCode::SUCCESS
}
