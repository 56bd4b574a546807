//! The desktop shell: one window over the web UI; every command delegates to coffer-api's
//! [`Session`], which holds the vault. No key material ever crosses to the webview.

mod commands;

use std::sync::Arc;

use coffer_api::Session;
use coffer_core::keychain::Keychain;

/// Starts the app on the vault named by `COFFER_VAULT`, or the default one.
pub fn run() {
    avoid_blank_webkit_windows();
    let session = Arc::new(
        Session::new(
            coffer_core::paths::vault_path_from_env(),
            Keychain::from_env(),
        )
        .with_demo_from_env(),
    );
    let outcome = tauri::Builder::default()
        .manage(session)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::vault_create,
            commands::vault_unlock,
            commands::vault_lock,
            commands::vault_status,
            commands::accounts_list,
            commands::transactions_page,
            commands::categories_list,
            commands::connections_list,
            commands::connection_unlink,
            commands::sync_run,
            commands::dashboard_summary,
            commands::statements_list,
            commands::statement_pdf,
            commands::transfers_list,
            commands::card_events_list,
            commands::credit_scores_list,
            commands::reward_programs_list,
            commands::audit_log_list,
        ])
        .run(tauri::generate_context!());
    if let Err(err) = outcome {
        eprintln!("coffer: the desktop window could not start: {err}");
        std::process::exit(1);
    }
}

/// WebKitGTK's DMABUF renderer shows blank windows on some GPUs (tauri#9394, #9304). Turn it
/// off only on Linux and only when the user has not chosen either way.
fn avoid_blank_webkit_windows() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        // Set before any thread that reads the environment starts.
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
}
