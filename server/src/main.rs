//! `sportello`: serve the portal, or manage it from the command line.

mod cli;

use clap::Parser;
use server::config::{self, LogFormat, Settings};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let (leptos_options, settings) = match config::load(&cli.config) {
        Ok(c) => c,
        Err(e) => return fail(&format!("configuration: {e}")),
    };
    init_logs(&settings);
    match cli::run(cli.command.unwrap_or_default(), leptos_options, settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

/// One clear line on standard error, and a failure exit code.
fn fail(message: &str) -> ExitCode {
    eprintln!("sportello: {message}");
    ExitCode::FAILURE
}

fn init_logs(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_new(&settings.log_filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, not in files and journals.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match settings.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}
