//! The desktop shell: one window over the web UI; every command delegates to coffer-api's
//! [`Session`], which holds the vault. No key material ever crosses to the webview.

mod backup_dialog;
mod commands;
mod flow_commands;
mod save;

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
    flow_commands::spawn_idle_watch(Arc::downgrade(&session));
    let outcome = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(session)
        .manage(save::SaveTarget::from_env())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::vault_create,
            commands::vault_unlock,
            commands::vault_lock,
            commands::vault_status,
            commands::vault_check,
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
            flow_commands::link_simplefin,
            flow_commands::link_ofx_direct,
            flow_commands::link_issuer_start,
            flow_commands::link_issuer_code,
            flow_commands::link_fdx_start,
            flow_commands::link_fdx_finish,
            flow_commands::link_demo,
            flow_commands::import_file,
            flow_commands::transaction_set_category,
            flow_commands::rule_preview,
            flow_commands::rule_create,
            flow_commands::settings_get,
            flow_commands::settings_set,
            flow_commands::vault_rekey,
            flow_commands::vault_backup,
            flow_commands::vault_restore,
            backup_dialog::vault_backup_to_chosen_file,
            commands::report_spend,
            commands::report_networth,
            commands::report_fico,
            commands::report_rewards,
            commands::report_cds,
            commands::report_recurring,
            commands::report_chart_png,
            save::save_file,
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
