//! Saving a file the UI built (a table's CSV, a statement PDF, a chart's SVG or PNG): the request
//! and result of the desktop's `save_file` command, the checks on the suggested name, and the
//! write. The native save dialog itself lives in `src-tauri` (only the desktop has one); in a
//! browser the UI downloads the file instead and never calls this.

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::{ApiError, ErrorKind};

/// What kind of file: the save dialog's filter, and the extension the suggested name must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SaveKind {
    Csv,
    Pdf,
    Svg,
    Png,
}

impl SaveKind {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            SaveKind::Csv => "csv",
            SaveKind::Pdf => "pdf",
            SaveKind::Svg => "svg",
            SaveKind::Png => "png",
        }
    }

    /// The save dialog's name for files of this kind.
    pub fn filter_name(self) -> &'static str {
        match self {
            SaveKind::Csv => "CSV file",
            SaveKind::Pdf => "PDF document",
            SaveKind::Svg => "SVG image",
            SaveKind::Png => "PNG image",
        }
    }
}

/// The file's bytes: text as it is (written as UTF-8), or binary content as Base64.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SaveContent {
    Text(String),
    Base64(String),
}

/// A file to save: the name the dialog suggests, its kind and its content.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SaveFileRequest {
    pub file_name: String,
    pub kind: SaveKind,
    pub content: SaveContent,
}

/// `saved: false` when the user cancelled the dialog (not an error); otherwise where it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SaveFileResult {
    pub saved: bool,
    pub path: Option<String>,
}

impl SaveFileResult {
    pub fn cancelled() -> Self {
        SaveFileResult {
            saved: false,
            path: None,
        }
    }

    pub fn saved_to(path: &Path) -> Self {
        SaveFileResult {
            saved: true,
            path: Some(path.display().to_string()),
        }
    }
}

/// The suggested name, if it is a plain file name (no folder, no hidden or control characters)
/// ending in the kind's extension: it may be joined to a folder without leaving it.
pub fn checked_file_name(name: &str, kind: SaveKind) -> Result<&str, ApiError> {
    let plain = !name.is_empty()
        && name.len() <= 255
        && !name.starts_with('.')
        && !name
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control());
    if !plain {
        return Err(ApiError::invalid(format!(
            "“{}” is not a plain file name; choose a name without folders.",
            name.escape_debug()
        )));
    }
    let extension = kind.extension();
    let has_extension = name
        .rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && ext.eq_ignore_ascii_case(extension));
    if !has_extension {
        return Err(ApiError::invalid(format!(
            "“{name}” must end in .{extension} for a {}.",
            kind.filter_name()
        )));
    }
    Ok(name)
}

/// The bytes to write: text as UTF-8, Base64 decoded (a bad encoding is invalid input).
pub fn content_bytes(content: SaveContent) -> Result<Vec<u8>, ApiError> {
    match content {
        SaveContent::Text(text) => Ok(text.into_bytes()),
        SaveContent::Base64(encoded) => base64::engine::general_purpose::STANDARD
            .decode(encoded.as_bytes())
            .map_err(|e| {
                ApiError::invalid(format!("The file's content is not valid Base64: {e}."))
            }),
    }
}

/// The automation hook's destination: `dir` joined with the checked suggested name.
pub fn path_in(dir: &Path, request: &SaveFileRequest) -> Result<PathBuf, ApiError> {
    Ok(dir.join(checked_file_name(&request.file_name, request.kind)?))
}

/// Writes `bytes` to `path` whole: into a temporary file beside it, then renamed over it, so a
/// reader never sees half a file and a failed write leaves any earlier file as it was.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<SaveFileResult, ApiError> {
    let failed = |e: std::io::Error| {
        ApiError::new(
            ErrorKind::Internal,
            format!(
                "Coffer could not write {}: {e}. Choose another folder.",
                path.display()
            ),
        )
    };
    let name = path
        .file_name()
        .ok_or_else(|| ApiError::invalid(format!("{} is not a file path.", path.display())))?;
    let mut part_name = name.to_os_string();
    part_name.push(".part");
    let part = path.with_file_name(part_name);
    let written = std::fs::File::create(&part)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&part, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&part);
        return Err(failed(e));
    }
    Ok(SaveFileResult::saved_to(path))
}
