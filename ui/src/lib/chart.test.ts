import { describe, expect, it } from "vitest";
import { chartFileName, svgDataUrl } from "./chart";

describe("chart images", () => {
  it("percent-encodes the SVG into a data: URL that decodes back to it", () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>&lt;img src=x onerror=alert(1)&gt; #1 100%</text></svg>';
    const url = svgDataUrl(svg);
    expect(url.startsWith("data:image/svg+xml;charset=utf-8,")).toBe(true);
    const body = url.slice(url.indexOf(",") + 1);
    expect(body).not.toMatch(/[<>"# ]/);
    expect(decodeURIComponent(body)).toBe(svg);
  });

  it("names chart files after their title", () => {
    expect(chartFileName("Spending by month")).toBe("coffer-spending-by-month.svg");
    expect(chartFileName("Credit scores by model and bureau, with utilization")).toBe("coffer-credit-scores-by-model-and-bureau-with-utilization.svg");
    expect(chartFileName("<>")).toBe("coffer-chart.svg");
    expect(chartFileName("Net worth over time", "png")).toBe("coffer-net-worth-over-time.png");
  });
});
