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
