//! The `sectoria` command line: parse, call the library, print.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = e.downcast_ref::<sectoria::Error>().map_or(1, sectoria::Error::exit_code);
            eprintln!("Erreur : {e:#}");
            ExitCode::from(code as u8)
        }
    }
}
