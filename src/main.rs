//! The `sectoria` command line: parse, call the library, print.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match cli::usage::parse() {
        Ok(args) => args,
        Err(e) if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            // A syntax error is a misuse: exit code 1, like every invalid input (2 is an
            // infeasible scenario).
            eprintln!("Erreur : {}", cli::usage::french(&e));
            return ExitCode::from(1);
        }
    };
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = e.downcast_ref::<sectoria::Error>().map_or(1, sectoria::Error::exit_code);
            eprintln!("Erreur : {}", message(&e));
            ExitCode::from(code as u8)
        }
    }
}

/// The error and its causes, each once: a cause whose text the message already holds (an
/// error that words its source into its own message) is not repeated.
fn message(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(" : ");
            text.push_str(&cause);
        }
    }
    text
}
