// Money formatting by string manipulation only. Amounts cross the boundary as canonical decimal
// strings ("-1234.5", "0.10", "12"); they are never parsed into JS numbers, so nothing is rounded
// or lost in binary floating point. Points and miles are integer strings.

export interface ParsedDecimal {
  negative: boolean;
  /** Integer digits without leading zeros ("0" for zero). */
  whole: string;
  /** Fraction digits as written (may be empty). */
  fraction: string;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$|^([+-])?\.(\d+)$/;

/** Parses a decimal string; null when it is not one (exponents, spaces, commas are refused). */
export function parseDecimal(text: string): ParsedDecimal | null {
  const m = DECIMAL.exec(text.trim());
  if (m === null) return null;
  const sign = m[1] ?? m[4];
  const whole = (m[2] ?? "0").replace(/^0+(?=\d)/, "");
  const fraction = m[3] ?? m[5] ?? "";
  const isZero = /^0*$/.test(whole) && /^0*$/.test(fraction);
  return { negative: sign === "-" && !isZero, whole, fraction };
}

/** Groups integer digits in threes: "1234567" → "1,234,567". */
export function groupDigits(whole: string, separator = ","): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** Adds one to a string of digits ("199" → "200", "99" → "100"). */
function incrementDigits(digits: string): string {
  const out = digits.split("");
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== "9") {
      out[i] = String.fromCharCode((out[i] ?? "0").charCodeAt(0) + 1);
      return out.join("");
    }
    out[i] = "0";
  }
  return "1" + out.join("");
}

/** Rounds to `places` fraction digits, half away from zero, by string arithmetic. */
export function roundDecimal(d: ParsedDecimal, places: number): ParsedDecimal {
  if (d.fraction.length <= places) return { ...d, fraction: d.fraction.padEnd(places, "0") };
  const kept = d.whole + d.fraction.slice(0, places);
  const roundUp = (d.fraction[places] ?? "0") >= "5";
  const digits = roundUp ? incrementDigits(kept) : kept;
  const wholeLen = digits.length - places;
  const whole = digits.slice(0, wholeLen).replace(/^0+(?=\d)/, "") || "0";
  const fraction = digits.slice(wholeLen);
  const isZero = /^0*$/.test(whole) && /^0*$/.test(fraction);
  return { negative: d.negative && !isZero, whole, fraction };
}

const SYMBOLS: Record<string, string> = { USD: "$", EUR: "€", GBP: "£", JPY: "¥", CAD: "CA$", AUD: "A$", MXN: "MX$", CHF: "CHF " };
const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, BHD: 3, KWD: 3 };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency.toUpperCase()] ?? 2;
}

export interface MoneyFormatOptions {
  /** "auto": minus only; "always": also "+" on positive amounts (e.g. credits). */
  sign?: "auto" | "always";
  /**
   * Fraction digits to round to. Default: exact — pad to the currency's minor digits and keep any
   * further non-zero digits (e.g. "$0.1234"), so nothing is hidden.
   */
  fractionDigits?: number;
}

/**
 * Formats a decimal string as money: "-1234.5","USD" → "-$1,234.50"; unknown currency codes are
 * suffixed ("12 XYZ"). Returns the input unchanged if it is not a decimal string.
 */
export function formatMoney(amount: string, currency: string, options: MoneyFormatOptions = {}): string {
  const parsed = parseDecimal(amount);
  if (parsed === null) return amount;
  const code = currency.toUpperCase();
  const min = minorDigits(code);
  let d: ParsedDecimal;
  if (options.fractionDigits !== undefined) {
    d = roundDecimal(parsed, options.fractionDigits);
  } else {
    const trimmed = parsed.fraction.replace(/0+$/, "");
    d = { ...parsed, fraction: trimmed.length > min ? trimmed : parsed.fraction.slice(0, min).padEnd(min, "0") };
  }
  const number = groupDigits(d.whole) + (d.fraction.length > 0 ? "." + d.fraction : "");
  const sign = d.negative ? "-" : options.sign === "always" && !isZeroDecimal(d) ? "+" : "";
  const symbol = SYMBOLS[code];
  return symbol !== undefined ? `${sign}${symbol}${number}` : `${sign}${number} ${code}`;
}

/** Formats an integer string of points or miles with grouping: "-12500" → "-12,500". */
export function formatPoints(points: string): string {
  const parsed = parseDecimal(points);
  if (parsed === null || parsed.fraction.replace(/0+$/, "") !== "") return points;
  return (parsed.negative ? "-" : "") + groupDigits(parsed.whole);
}

function isZeroDecimal(d: ParsedDecimal): boolean {
  return /^0*$/.test(d.whole) && /^0*$/.test(d.fraction);
}

/** True for amounts below zero ("-0.00" is not negative). */
export function isNegativeAmount(amount: string): boolean {
  return parseDecimal(amount)?.negative ?? false;
}
