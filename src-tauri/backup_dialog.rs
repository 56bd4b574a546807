//! The desktop's vault backup: `vault_backup_to_chosen_file` asks where to write it in the native
//! save dialog (opened from Rust, like `save_file`), then writes the encrypted backup there.
//! Cancelling answers `null` and writes nothing. With `COFFER_SAVE_DIR` set (automation) there
//! is no dialog: the backup goes into that folder under its suggested name.

use std::path::PathBuf;

use coffer_api::admin::{self, BackupResult, ChosenBackupRequest};
use coffer_api::{ApiError, ErrorKind};
use tauri::{AppHandle, Manager, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use crate::commands::{blocking, Shared};
use crate::save::SaveTarget;

#[tauri::command]
pub async fn vault_backup_to_chosen_file(
    app: AppHandle,
    window: WebviewWindow,
    session: Shared<'_>,
    target: State<'_, SaveTarget>,
    request: ChosenBackupRequest,
) -> Result<Option<BackupResult>, ApiError> {
    let dir = target.dir();
    // The dialog blocks the session's worker thread (never the main one) until the user answers.
    blocking(&session, move |s| {
        s.vault_backup_to_chosen(request, || choose(&app, &window, dir))
    })
    .await
}

/// The path the user chose, `None` on cancel; the automation folder without a dialog.
fn choose(
    app: &AppHandle,
    window: &WebviewWindow,
    dir: Option<PathBuf>,
) -> Result<Option<PathBuf>, ApiError> {
    let name = admin::backup_file_name();
    if let Some(dir) = dir {
        return Ok(Some(dir.join(name)));
    }
    let mut dialog = app
        .dialog()
        .file()
        .set_parent(window)
        .set_title("Save the vault backup")
        .set_file_name(&name)
        .add_filter("Coffer backup", &["db"]);
    if let Ok(downloads) = app.path().download_dir() {
        dialog = dialog.set_directory(downloads);
    }
    let Some(chosen) = dialog.blocking_save_file() else {
        return Ok(None);
    };
    chosen.into_path().map(Some).map_err(|e| {
        ApiError::new(
            ErrorKind::Internal,
            format!("The save dialog answered a location that is not a file: {e}."),
        )
    })
}
