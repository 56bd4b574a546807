// Charts arrive from Rust as SVG text (plotters, with every text from data escaped) and are shown
// only as an image from a data: URL — never inserted as markup, so nothing in them can run.

/** `data:image/svg+xml` URL of the SVG text (percent-encoded, so the URL holds no raw markup). */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** A file name for a chart: "Spending by month" → "coffer-spending-by-month.svg" (or `.png`). */
export function chartFileName(title: string, extension: "svg" | "png" = "svg"): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `coffer-${slug || "chart"}.${extension}`;
}
