use std::process::ExitCode;

fn main() -> ExitCode {
    resolution_tracker::cli::main()
}
