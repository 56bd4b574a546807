//! PNG export of the charts: the SVG the chart functions draw, rasterized by resvg with one font
//! compiled into the binary (DejaVu Sans, `assets/fonts/`, Bitstream Vera licence), so the
//! image is the same on every machine and no system font is ever read. Text from data stays
//! text: it is parsed from the escaped SVG and drawn as glyphs.

use resvg::{tiny_skia, usvg};

use super::ChartError;

/// DejaVu Sans from Debian's `fonts-dejavu-core` (licence beside it).
const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const FONT_FAMILY: &str = "DejaVu Sans";

/// Rasterizes a chart's SVG at its own size into PNG bytes.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, ChartError> {
    let fail = super::fail::<String>("PNG");
    let mut options = usvg::Options::default();
    {
        let fonts = options.fontdb_mut();
        fonts.load_font_data(FONT.to_vec());
        fonts.set_sans_serif_family(FONT_FAMILY);
        fonts.set_serif_family(FONT_FAMILY);
        fonts.set_monospace_family(FONT_FAMILY);
    }
    options.font_family = FONT_FAMILY.to_string();
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| fail(e.to_string()))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| fail(format!("an empty size {}×{}", size.width(), size.height())))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| fail(e.to_string()))
}
