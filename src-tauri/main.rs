//! The Coffer desktop app's entry point.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // `coffer-app --version` prints the version and exits before any window or webview starts:
    // the package test runs it in a fresh root to prove the binary and its libraries load.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|arg| arg == "--version")
    {
        println!("Coffer {}", env!("CARGO_PKG_VERSION"));
        return;
    }
    coffer_app::run();
}
