//! PNG export of every chart: a real PNG of the chart's size, drawn (not blank), with text
//! (glyphs from the built-in font), byte-for-byte deterministic, and pixel-equal to its golden
//! file (`UPDATE_GOLDEN=1` regenerates). The hostile merchant's chart rasterizes: its text was
//! escaped in the SVG, so the parser read it as text, not markup.

mod analytics_support;

use analytics_support::fixed_vault;
use chrono::NaiveDate;
use coffer_core::charts;
use coffer_core::reports;
use coffer_core::vault::store::reads::RowFilter;
use resvg::tiny_skia::Pixmap;

fn golden_png(name: &str, png: &[u8]) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some()
        || !path.exists() && std::env::var_os("CI").is_none()
    {
        std::fs::write(&path, png).unwrap();
    }
    let want = Pixmap::decode_png(&std::fs::read(&path).unwrap()).unwrap();
    let got = Pixmap::decode_png(png).unwrap();
    assert!(
        (want.width(), want.height()) == (got.width(), got.height()) && want.data() == got.data(),
        "{name} differs from its golden file (UPDATE_GOLDEN=1 regenerates)"
    );
}

#[test]
fn every_chart_exports_as_a_deterministic_png() {
    let (_dir, v) = fixed_vault();
    let all = RowFilter::default();
    let today = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
    let spend = reports::spend(&v, &all).unwrap();
    let svgs = [
        (
            "networth.png",
            charts::net_worth_svg(&reports::networth(&v, &all).unwrap()),
        ),
        ("spend_category.png", charts::spend_by_category_svg(&spend)),
        ("spend_merchant.png", charts::spend_by_merchant_svg(&spend)),
        ("spend_month.png", charts::spend_by_month_svg(&spend)),
        (
            "fico.png",
            charts::fico_svg(&reports::fico(&v, &all).unwrap()),
        ),
        (
            "rewards.png",
            charts::rewards_svg(&reports::rewards(&v, &all, today).unwrap()),
        ),
        (
            "cds.png",
            charts::cd_ladder_svg(&reports::cds(&v, today).unwrap()),
        ),
    ];
    for (name, svg) in svgs {
        let svg = svg.unwrap();
        let png = charts::svg_to_png(&svg).unwrap();
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n"),
            "{name}: PNG signature"
        );
        let pixmap = Pixmap::decode_png(&png).unwrap();
        assert_eq!(
            (pixmap.width(), pixmap.height()),
            (charts::WIDTH, charts::HEIGHT),
            "{name}"
        );
        // Drawn: a real share of the pixels is not the white background.
        let inked = pixmap
            .pixels()
            .iter()
            .filter(|p| (p.red(), p.green(), p.blue()) != (255, 255, 255))
            .count();
        let total = (charts::WIDTH * charts::HEIGHT) as usize;
        assert!(inked > total / 100, "{name}: only {inked} pixels drawn");
        assert_eq!(
            png,
            charts::svg_to_png(&svg).unwrap(),
            "{name}: deterministic"
        );
        golden_png(name, &png);
    }
}

#[test]
fn text_is_drawn_with_the_built_in_font() {
    // The same chart without any text element draws fewer pixels: the title and labels are
    // really rasterized (a missing font would silently drop them).
    let (_dir, v) = fixed_vault();
    let spend = reports::spend(&v, &RowFilter::default()).unwrap();
    let svg = charts::spend_by_merchant_svg(&spend).unwrap();
    assert!(svg.contains("&lt;script&gt;"), "hostile merchant escaped");
    let without_text = regex_free_strip_text(&svg);
    let ink = |svg: &str| {
        let png = charts::svg_to_png(svg).unwrap();
        Pixmap::decode_png(&png)
            .unwrap()
            .pixels()
            .iter()
            .filter(|p| p.red() < 128 && p.green() < 128 && p.blue() < 128)
            .count()
    };
    let (with, without) = (ink(&svg), ink(&without_text));
    assert!(
        with > without + 1_000,
        "text pixels: {with} with text, {without} without"
    );
}

/// The SVG with every `<text …>…</text>` element removed.
fn regex_free_strip_text(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("</text>")
            .map_or(rest.len(), |e| start + e + 7);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
