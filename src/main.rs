//! The pyjudge binary: parse the command line, run the command, exit 0, 1 or 2.

use clap::Parser;

fn main() {
    let cli = pyjudge::cli::Cli::parse();
    let code = match pyjudge::app::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("pyjudge: error: {error}");
            if let Some(hint) = error.hint() {
                eprintln!("hint: {hint}");
            }
            2
        }
    };
    std::process::exit(code);
}
