//! Runs tauri-build: embeds tauri.conf.json, capabilities/ and icons/, and puts the app's own
//! commands under the capability ACL so the webview can call only what capabilities/ grants.

fn main() {
    let commands = &[
        "app_info",
        "vault_create",
        "vault_unlock",
        "vault_lock",
        "vault_status",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri-build failed");
}
