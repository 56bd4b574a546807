// The browser's way to save a file (HTTP transport, `coffer serve`): a normal download through a
// blob: URL, named as suggested; the browser decides where it goes, so no path comes back.
// Inside the desktop app files go through the `save_file` command and its native dialog instead.
import type { SaveFileRequest } from "./types/SaveFileRequest";
import type { SaveFileResult } from "./types/SaveFileResult";
import type { SaveKind } from "./types/SaveKind";

const MIME: Record<SaveKind, string> = {
  csv: "text/csv;charset=utf-8",
  pdf: "application/pdf",
  svg: "image/svg+xml",
  png: "image/png",
};

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Starts the download and answers `saved` with no path (the browser chooses the folder). */
export function downloadFile(file: SaveFileRequest, doc: Document = document): SaveFileResult {
  const part = "text" in file.content ? file.content.text : bytesOf(file.content.base64);
  const url = URL.createObjectURL(new Blob([part], { type: MIME[file.kind] }));
  const link = doc.createElement("a");
  link.href = url;
  link.download = file.file_name;
  link.rel = "noopener";
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { saved: true, path: null };
}
