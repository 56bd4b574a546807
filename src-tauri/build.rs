//! Runs tauri-build: embeds tauri.conf.json, capabilities/ and icons/, and puts the app's own
//! commands under the capability ACL so the webview can call only what capabilities/ grants.

fn main() {
    let commands = &[
        "app_info",
        "vault_create",
        "vault_unlock",
        "vault_lock",
        "vault_status",
        "vault_check",
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
        "link_simplefin",
        "link_ofx_direct",
        "link_issuer_start",
        "link_issuer_code",
        "link_fdx_start",
        "link_fdx_finish",
        "link_demo",
        "import_file",
        "transaction_set_category",
        "rule_preview",
        "rule_create",
        "settings_get",
        "settings_set",
        "vault_rekey",
        "vault_backup",
        "vault_restore",
        "vault_backup_to_chosen_file",
        "report_spend",
        "report_networth",
        "report_fico",
        "report_rewards",
        "report_cds",
        "report_recurring",
        "report_chart_png",
        "save_file",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri-build failed");
}
