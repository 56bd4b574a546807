//! A minimal, valid PDF 1.4 statement written by hand: Courier text pages, exact xref offsets.

use crate::calendar;
use crate::generator::{Account, Cycle};
use crate::money::Cents;

const LINES_PER_PAGE: usize = 58;

fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '(' | ')' | '\\' => format!("\\{c}"),
            c if c.is_ascii() && !c.is_ascii_control() => c.to_string(),
            _ => "?".to_owned(),
        })
        .collect()
}

fn page_stream(lines: &[String]) -> String {
    let mut stream = String::from("BT\n/F1 9 Tf\n11 TL\n40 800 Td\n");
    for line in lines {
        stream.push_str(&format!("({}) '\n", escape(line)));
    }
    stream.push_str("ET\n");
    stream
}

/// The statement as text lines: header, summary, then every posted line of the cycle.
pub fn statement_lines(
    account: &Account,
    cycle: &Cycle,
    rows: &[(String, String, Cents)],
) -> Vec<String> {
    let mut lines = vec![
        "Barclays US - Card Statement (sandbox, synthetic data)".to_owned(),
        format!("{}  account ending {}", account.name, account.mask),
        format!(
            "Billing cycle {}: {} to {}",
            calendar::month_label(cycle.month),
            calendar::day_label(calendar::first_day(cycle.month)),
            calendar::day_label(calendar::last_day(cycle.month))
        ),
        String::new(),
        format!("Previous balance      {:>12}", cycle.opening.to_string()),
        format!(
            "Payments              {:>12}",
            (-cycle.payments).to_string()
        ),
        format!("Refunds               {:>12}", (-cycle.refunds).to_string()),
        format!("Purchases             {:>12}", cycle.purchases.to_string()),
        format!("Fees charged          {:>12}", cycle.fees.to_string()),
        format!("Interest charged      {:>12}", cycle.interest.to_string()),
        format!("New balance           {:>12}", cycle.closing.to_string()),
        format!(
            "Minimum payment due   {:>12}",
            cycle.minimum_due.to_string()
        ),
        format!(
            "Payment due date      {:>12}",
            calendar::day_label(cycle.due_day)
        ),
        String::new(),
        format!("{:<12}{:<52}{:>12}", "Posted", "Description", "Amount"),
    ];
    for (posted, description, amount) in rows {
        let description: String = description.chars().take(50).collect();
        lines.push(format!(
            "{posted:<12}{description:<52}{:>12}",
            amount.to_string()
        ));
    }
    lines
}

/// A complete PDF file listing the statement.
pub fn statement_pdf(
    account: &Account,
    cycle: &Cycle,
    rows: &[(String, String, Cents)],
) -> Vec<u8> {
    let lines = statement_lines(account, cycle, rows);
    let pages: Vec<&[String]> = lines.chunks(LINES_PER_PAGE).collect();
    let page_count = pages.len();
    // Objects: 1 catalog, 2 pages, 3 font, then (page, content) pairs.
    let page_ids: Vec<usize> = (0..page_count).map(|i| 4 + 2 * i).collect();
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {page_count} >>",
            page_ids
                .iter()
                .map(|id| format!("{id} 0 R"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>".to_owned(),
    ];
    for (i, page) in pages.iter().enumerate() {
        let content_id = page_ids[i] + 1;
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
        ));
        let stream = page_stream(page);
        objects.push(format!(
            "<< /Length {} >>\nstream\n{stream}endstream",
            stream.len()
        ));
    }
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref_at = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
