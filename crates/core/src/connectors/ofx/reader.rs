//! Typed access to the element tree: required and optional leaves, with errors that carry the
//! element path and line.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::NaiveDate;

use super::error::OfxError;
use super::tree::Tree;
use super::values::{parse_amount, parse_datetime, OfxDateTime};
use crate::money::{Currency, Money};

pub(crate) struct Reader<'t, 'a> {
    pub tree: &'t Tree<'a>,
}

impl<'t, 'a> Reader<'t, 'a> {
    pub fn error(&self, id: u32, path: &str, message: impl Into<String>) -> OfxError {
        OfxError::Field {
            line: self.tree.line(id),
            path: path.to_string(),
            message: message.into(),
            source: None,
        }
    }

    /// The children of `parent` named one of `wanted` (upper case), each with its upper-case
    /// name and path (`[n]` added when `parent` has several of that name). Linear in the
    /// number of children, whatever their names.
    pub fn children_in(
        &self,
        parent: u32,
        path: &str,
        wanted: &[&str],
    ) -> Vec<(u32, String, String)> {
        let kids: Vec<(u32, String)> = self
            .tree
            .children(parent)
            .filter_map(|c| {
                let name = self.tree.node(c)?.name.to_ascii_uppercase();
                wanted.contains(&name.as_str()).then_some((c, name))
            })
            .collect();
        let mut totals: HashMap<&str, usize> = HashMap::new();
        for (_, name) in &kids {
            *totals.entry(name.as_str()).or_default() += 1;
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut out = Vec::with_capacity(kids.len());
        for (id, name) in &kids {
            let n = seen.entry(name.as_str()).or_default();
            *n += 1;
            let child_path = if totals.get(name.as_str()).copied().unwrap_or(0) > 1 {
                format!("{path}/{name}[{n}]")
            } else {
                format!("{path}/{name}")
            };
            out.push((*id, name.clone(), child_path));
        }
        out
    }

    /// A non-empty leaf's decoded, trimmed text.
    pub fn opt(&self, parent: u32, name: &str) -> Option<(u32, Cow<'a, str>)> {
        let id = self.tree.child(parent, name)?;
        let text = self.tree.text(id);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return None;
        }
        let text = if trimmed.len() == text.len() {
            text
        } else {
            Cow::Owned(trimmed.to_string())
        };
        Some((id, text))
    }

    pub fn opt_string(&self, parent: u32, name: &str) -> Option<String> {
        self.opt(parent, name).map(|(_, t)| t.into_owned())
    }

    pub fn req(
        &self,
        parent: u32,
        path: &str,
        name: &str,
    ) -> Result<(u32, Cow<'a, str>), OfxError> {
        self.opt(parent, name)
            .ok_or_else(|| self.error(parent, path, format!("{name} is missing")))
    }

    pub fn aggregate(&self, parent: u32, path: &str, name: &str) -> Result<u32, OfxError> {
        self.tree
            .child(parent, name)
            .ok_or_else(|| self.error(parent, path, format!("{name} is missing")))
    }

    pub fn datetime(
        &self,
        id: u32,
        path: &str,
        name: &str,
        text: &str,
    ) -> Result<OfxDateTime, OfxError> {
        parse_datetime(text)
            .map_err(|m| self.error(id, &format!("{path}/{name}"), format!("{name} {m}")))
    }

    pub fn req_date(&self, parent: u32, path: &str, name: &str) -> Result<NaiveDate, OfxError> {
        let (id, text) = self.req(parent, path, name)?;
        Ok(self.datetime(id, path, name, &text)?.date)
    }

    pub fn opt_date(
        &self,
        parent: u32,
        path: &str,
        name: &str,
    ) -> Result<Option<NaiveDate>, OfxError> {
        match self.opt(parent, name) {
            Some((id, text)) => Ok(Some(self.datetime(id, path, name, &text)?.date)),
            None => Ok(None),
        }
    }

    pub fn money(
        &self,
        id: u32,
        path: &str,
        name: &str,
        text: &str,
        currency: Currency,
    ) -> Result<Money, OfxError> {
        parse_amount(text, currency).map_err(|e| OfxError::Field {
            line: self.tree.line(id),
            path: format!("{path}/{name}"),
            message: format!("{name} '{text}' is not an amount in {currency}"),
            source: Some(e),
        })
    }

    pub fn req_money(
        &self,
        parent: u32,
        path: &str,
        name: &str,
        currency: Currency,
    ) -> Result<Money, OfxError> {
        let (id, text) = self.req(parent, path, name)?;
        self.money(id, path, name, &text, currency)
    }

    pub fn currency(&self, parent: u32, path: &str, name: &str) -> Result<Currency, OfxError> {
        let (id, text) = self.req(parent, path, name)?;
        Currency::parse(&text).map_err(|e| OfxError::Field {
            line: self.tree.line(id),
            path: format!("{path}/{name}"),
            message: format!("{name} '{text}' is not a currency code"),
            source: Some(e),
        })
    }

    /// `STATUS/CODE` of an aggregate, with `STATUS/MESSAGE`; `None` when there is no STATUS.
    pub fn status(
        &self,
        parent: u32,
        path: &str,
    ) -> Result<Option<(u32, Option<String>)>, OfxError> {
        let Some(status) = self.tree.child(parent, "STATUS") else {
            return Ok(None);
        };
        let spath = format!("{path}/STATUS");
        let (id, code) = self.req(status, &spath, "CODE")?;
        let code = code.parse::<u32>().map_err(|_| {
            self.error(
                id,
                &format!("{spath}/CODE"),
                format!("CODE '{code}' is not a status code"),
            )
        })?;
        Ok(Some((code, self.opt_string(status, "MESSAGE"))))
    }
}
