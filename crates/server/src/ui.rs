//! The built web UI (`ui/dist`), read from disk on each request (nothing embedded): `/` is
//! `index.html`, other paths map to files under the folder and never outside it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::api::not_a_command;
use crate::error::ServeError;
use crate::guard::is_api;

/// The UI folder, canonical, checked to hold `index.html`.
#[derive(Debug, Clone)]
pub struct UiDir(Arc<PathBuf>);

impl UiDir {
    pub fn open(dir: &Path) -> Result<Self, ServeError> {
        let missing = || ServeError::UiMissing(dir.to_path_buf());
        let root = dir.canonicalize().map_err(|_| missing())?;
        if !root.join("index.html").is_file() {
            return Err(missing());
        }
        Ok(UiDir(Arc::new(root)))
    }

    /// The file a URL path names, if it is a plain relative path to a file inside the folder.
    fn resolve(&self, url_path: &str) -> Option<PathBuf> {
        let relative = url_path.strip_prefix('/')?;
        let relative = if relative.is_empty() {
            "index.html"
        } else {
            relative
        };
        let plain = relative.split('/').all(|segment| {
            !segment.is_empty()
                && !segment.starts_with('.')
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        });
        if !plain {
            return None;
        }
        // Canonicalize so a symlink cannot lead outside the folder.
        let file = self.0.join(relative).canonicalize().ok()?;
        (file.starts_with(self.0.as_path()) && file.is_file()).then_some(file)
    }
}

/// Serves a file of the UI for `GET`/`HEAD`; JSON 404 for unknown `/api` paths.
pub async fn serve_file(State(ui): State<UiDir>, method: Method, uri: Uri) -> Response {
    if is_api(uri.path()) {
        return not_a_command();
    }
    if method != Method::GET && method != Method::HEAD {
        let mut response =
            (StatusCode::METHOD_NOT_ALLOWED, "Method not allowed.\n").into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let path = uri.path().to_string();
    let found = tokio::task::spawn_blocking(move || {
        let file = ui.resolve(&path)?;
        let bytes = std::fs::read(&file).ok()?;
        Some((content_type(&file), bytes))
    })
    .await
    .ok()
    .flatten();
    let Some((content_type, bytes)) = found else {
        return (StatusCode::NOT_FOUND, "Not found.\n").into_response();
    };
    let headers = [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))];
    if method == Method::HEAD {
        let length = [(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()))];
        return (headers, length).into_response();
    }
    (headers, bytes).into_response()
}

fn content_type(file: &Path) -> &'static str {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ui() -> (tempfile::TempDir, UiDir) {
        // <tmp>/secret.txt beside <tmp>/ui/{index.html, assets/app-1.js}
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("secret.txt"), "no").unwrap();
        let root = dir.path().join("ui");
        std::fs::create_dir_all(root.join("assets")).unwrap();
        std::fs::write(root.join("index.html"), "<!doctype html>").unwrap();
        std::fs::write(root.join("assets/app-1.js"), "1").unwrap();
        let ui = UiDir::open(&root).unwrap();
        (dir, ui)
    }

    #[test]
    fn maps_plain_paths_inside_the_folder() {
        let (_dir, ui) = ui();
        assert!(ui.resolve("/").unwrap().ends_with("index.html"));
        assert!(ui.resolve("/assets/app-1.js").is_some());
        assert!(ui.resolve("/assets/missing.js").is_none());
        assert!(ui.resolve("/assets").is_none(), "folders are not files");
    }

    #[test]
    fn refuses_anything_that_could_leave_the_folder() {
        let (_dir, ui) = ui();
        for bad in [
            "/../secret.txt",
            "/assets/../../etc/passwd",
            "/%2e%2e/secret.txt",
            "//etc/passwd",
            "/.hidden",
            "/assets//app-1.js",
            "/a\\b",
        ] {
            assert!(ui.resolve(bad).is_none(), "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_out_of_the_folder_is_not_followed() {
        let (dir, ui) = ui();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("x.txt"), "outside").unwrap();
        let link = dir.path().join("ui/x.txt");
        std::os::unix::fs::symlink(outside.path().join("x.txt"), link).unwrap();
        assert!(ui.resolve("/x.txt").is_none());
    }

    #[test]
    fn refuses_a_folder_without_index_html() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            UiDir::open(dir.path()),
            Err(ServeError::UiMissing(_))
        ));
    }
}
