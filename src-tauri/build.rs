//! Runs tauri-build: embeds tauri.conf.json, capabilities/ and icons/, and puts the app's own
//! commands under the capability ACL so the webview can call only what capabilities/ grants.

fn main() {
    let commands = &[
        "app_info",
        "vault_create",
        "vault_unlock",
        "vault_lock",
        "vault_status",
        "accounts_list",
        "transactions_page",
        "categories_list",
        "connections_list",
        "connection_unlink",
        "sync_run",
        "dashboard_summary",
        "statements_list",
        "statement_pdf",
        "transfers_list",
        "card_events_list",
        "credit_scores_list",
        "reward_programs_list",
        "audit_log_list",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri-build failed");
}
