//! The `save_file` command: every file the UI saves (CSV, statement PDF, chart SVG/PNG) goes
//! through the native save dialog, opened from Rust (the webview holds no dialog or fs
//! permission), and is written to the path the user chose. Cancelling is `saved: false`.
//! Automation hook: with `COFFER_SAVE_DIR` set, no dialog is shown and the file is written into
//! that folder under its suggested name (the desktop smoke test; a dialog cannot be driven).

use std::path::PathBuf;

use coffer_api::save::{self, SaveFileRequest, SaveFileResult};
use coffer_api::{ApiError, ErrorKind};
use tauri::{AppHandle, Manager, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

/// Where files go without a dialog: `COFFER_SAVE_DIR`, read once at start-up.
pub struct SaveTarget(Option<PathBuf>);

impl SaveTarget {
    pub fn from_env() -> Self {
        SaveTarget(
            std::env::var_os("COFFER_SAVE_DIR")
                .filter(|dir| !dir.is_empty())
                .map(PathBuf::from),
        )
    }

    /// The automation folder, when set.
    pub fn dir(&self) -> Option<PathBuf> {
        self.0.clone()
    }
}

#[tauri::command]
pub async fn save_file(
    app: AppHandle,
    window: WebviewWindow,
    target: State<'_, SaveTarget>,
    request: SaveFileRequest,
) -> Result<SaveFileResult, ApiError> {
    let dir = target.0.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let kind = request.kind;
        let name = save::checked_file_name(&request.file_name, kind)?.to_owned();
        let automated = dir.map(|dir| save::path_in(&dir, &request)).transpose()?;
        let bytes = save::content_bytes(request.content)?;
        let path = match automated {
            Some(path) => path,
            None => {
                let mut dialog = app
                    .dialog()
                    .file()
                    .set_parent(&window)
                    .set_title("Save as")
                    .set_file_name(&name)
                    .add_filter(kind.filter_name(), &[kind.extension()]);
                if let Ok(downloads) = app.path().download_dir() {
                    dialog = dialog.set_directory(downloads);
                }
                // Blocks this worker thread (never the main one) until the user answers.
                let Some(chosen) = dialog.blocking_save_file() else {
                    return Ok(SaveFileResult::cancelled());
                };
                chosen.into_path().map_err(|e| {
                    ApiError::new(
                        ErrorKind::Internal,
                        format!("The save dialog answered a location that is not a file: {e}."),
                    )
                })?
            }
        };
        save::write_file(&path, &bytes)
    })
    .await
    .map_err(|e| ApiError::new(ErrorKind::Internal, format!("The command stopped: {e}.")))?
}
