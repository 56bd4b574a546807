//! A tolerant OFX element tree over decoded text, the same rules for SGML (1.x: leaf end tags
//! optional) and XML (2.x): an element followed by text is a leaf (its end tag, if any, is
//! consumed); an element followed by a tag is an aggregate, closed by its end tag. An aggregate
//! closed implicitly by an outer end tag was an empty leaf: its children move to its parent.
//! Nodes borrow names and text from the document; depth and node count are bounded.

use std::borrow::Cow;

use super::entities::decode_entities;
use super::error::OfxError;

pub(crate) const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Node<'a> {
    pub name: &'a str,
    /// Raw text (entities not yet decoded), trimmed; empty for aggregates.
    pub text: &'a str,
    /// Byte offset of the start tag in the document.
    pub pos: u32,
    first_child: u32,
    last_child: u32,
    next: u32,
}

/// Limits that keep hostile input from exhausting the stack or memory.
#[derive(Debug, Clone, Copy)]
pub struct TreeLimits {
    pub max_depth: usize,
    pub max_nodes: usize,
}

#[derive(Debug)]
pub(crate) struct Tree<'a> {
    pub src: &'a str,
    nodes: Vec<Node<'a>>,
}

impl<'a> Tree<'a> {
    /// The virtual root holding the top-level elements.
    pub const ROOT: u32 = 0;

    pub fn node(&self, id: u32) -> Option<&Node<'a>> {
        self.nodes.get(id as usize)
    }

    pub fn children(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        let first = self.node(id).map_or(NONE, |n| n.first_child);
        std::iter::successors(Some(first).filter(|&c| c != NONE), move |&c| {
            self.node(c).map(|n| n.next).filter(|&n| n != NONE)
        })
    }

    /// Children named `name` (ASCII case-insensitive), in document order.
    pub fn named<'s>(&'s self, id: u32, name: &'s str) -> impl Iterator<Item = u32> + 's {
        self.children(id).filter(move |&c| self.is(c, name))
    }

    pub fn child(&self, id: u32, name: &str) -> Option<u32> {
        self.named(id, name).next()
    }

    pub fn is(&self, id: u32, name: &str) -> bool {
        self.node(id)
            .is_some_and(|n| n.name.eq_ignore_ascii_case(name))
    }

    /// The element's text with entities decoded.
    pub fn text(&self, id: u32) -> Cow<'a, str> {
        self.node(id)
            .map_or(Cow::Borrowed(""), |n| decode_entities(n.text))
    }

    /// 1-based line of the element's start tag.
    pub fn line(&self, id: u32) -> usize {
        self.node(id)
            .map_or(0, |n| line_col(self.src, n.pos as usize).0)
    }
}

/// 1-based line and column (in characters) of a byte offset. CRLF, LF and CR all end a line.
pub(crate) fn line_col(src: &str, pos: usize) -> (usize, usize) {
    let before = src.get(..pos.min(src.len())).unwrap_or(src);
    let mut line = 1;
    let mut col = 1;
    let mut prev_cr = false;
    for c in before.chars() {
        match c {
            '\n' if prev_cr => {}
            '\n' | '\r' => {
                line += 1;
                col = 1;
            }
            _ => col += 1,
        }
        prev_cr = c == '\r';
    }
    (line, col)
}

fn syntax(src: &str, pos: usize, message: impl Into<String>) -> OfxError {
    let (line, column) = line_col(src, pos);
    OfxError::Syntax {
        line,
        column,
        message: message.into(),
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b':')
}

/// Offset of the next `<` that starts markup (a name, `/`, `!` or `?`), skipping stray `<`.
fn next_tag(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(off) = bytes.get(i..)?.iter().position(|&b| b == b'<') {
        let at = i + off;
        match bytes.get(at + 1) {
            Some(&b) if b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?') => {
                return Some(at)
            }
            _ => i = at + 1,
        }
    }
    None
}

enum Tag<'a> {
    Start { name: &'a str, empty: bool },
    End(&'a str),
    Skip,
}

/// Reads the tag at `at` (which is a `<`); returns it and the offset just past it.
fn read_tag<'a>(src: &'a str, at: usize) -> Result<(Tag<'a>, usize), OfxError> {
    let bytes = src.as_bytes();
    let rest = bytes.get(at..).unwrap_or_default();
    let find = |pat: &str| -> Result<usize, OfxError> {
        src.get(at..)
            .and_then(|s| s.find(pat))
            .map(|p| at + p + pat.len())
            .ok_or_else(|| syntax(src, at, format!("markup never closed with '{pat}'")))
    };
    if rest.starts_with(b"<!--") {
        return Ok((Tag::Skip, find("-->")?));
    }
    if rest.starts_with(b"<?") {
        return Ok((Tag::Skip, find("?>")?));
    }
    if rest.starts_with(b"<!") {
        return Ok((Tag::Skip, find(">")?));
    }
    let closing = rest.get(1) == Some(&b'/');
    let name_start = at + 1 + usize::from(closing);
    let name_len = bytes
        .get(name_start..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| is_name_byte(b))
        .count();
    let name = src.get(name_start..name_start + name_len).unwrap_or("");
    if name.is_empty() {
        return Err(syntax(src, at, "a tag without a name"));
    }
    let mut i = name_start + name_len;
    loop {
        match bytes.get(i) {
            Some(b'>') => break,
            Some(b'<') | None => {
                return Err(syntax(
                    src,
                    at,
                    format!("tag <{name}> is not closed with '>'"),
                ))
            }
            Some(_) => i += 1,
        }
    }
    let empty = !closing && i > 0 && bytes.get(i - 1) == Some(&b'/');
    let tag = if closing {
        Tag::End(name)
    } else {
        Tag::Start { name, empty }
    };
    Ok((tag, i + 1))
}

/// Builds the element tree of `src` from byte offset `start`.
pub(crate) fn build(src: &str, start: usize, limits: TreeLimits) -> Result<Tree<'_>, OfxError> {
    let bytes = src.as_bytes();
    let root = Node {
        name: "",
        text: "",
        pos: 0,
        first_child: NONE,
        last_child: NONE,
        next: NONE,
    };
    let mut tree = Tree {
        src,
        nodes: vec![root],
    };
    let mut stack: Vec<u32> = vec![Tree::ROOT];
    let mut i = start;
    while let Some(at) = next_tag(bytes, i) {
        let (tag, after) = read_tag(src, at)?;
        i = after;
        match tag {
            Tag::Skip => {}
            Tag::End(name) => close(&mut tree, &mut stack, name),
            Tag::Start { name, empty } => {
                if tree.nodes.len() >= limits.max_nodes {
                    return Err(syntax(src, at, "too many elements for one OFX file"));
                }
                let pos = u32::try_from(at).map_err(|_| syntax(src, at, "file too large"))?;
                let text_end = next_tag(bytes, after).unwrap_or(bytes.len());
                let text = if empty {
                    ""
                } else {
                    src.get(after..text_end).unwrap_or("").trim()
                };
                let id = push(&mut tree, &stack, name, text, pos);
                if empty {
                    continue;
                }
                // `<X></X>` or `<X>text</X>`: a closed leaf.
                if let Ok((Tag::End(end), past)) = read_tag(src, text_end) {
                    if end.eq_ignore_ascii_case(name) {
                        i = past;
                        continue;
                    }
                }
                if text.is_empty() {
                    if stack.len() > limits.max_depth {
                        return Err(syntax(src, at, "elements nested too deeply"));
                    }
                    stack.push(id);
                } else {
                    i = text_end;
                }
            }
        }
    }
    if let Some(&open) = stack.last().filter(|&&top| top != Tree::ROOT) {
        let path: Vec<&str> = stack
            .iter()
            .skip(1)
            .filter_map(|&id| tree.node(id).map(|n| n.name))
            .collect();
        let pos = tree.node(open).map_or(0, |n| n.pos as usize);
        return Err(syntax(
            src,
            pos,
            format!(
                "the file ends inside {} (opened here): it looks truncated",
                path.join("/")
            ),
        ));
    }
    Ok(tree)
}

fn push<'a>(tree: &mut Tree<'a>, stack: &[u32], name: &'a str, text: &'a str, pos: u32) -> u32 {
    let id = tree.nodes.len() as u32;
    tree.nodes.push(Node {
        name,
        text,
        pos,
        first_child: NONE,
        last_child: NONE,
        next: NONE,
    });
    let parent = stack.last().copied().unwrap_or(Tree::ROOT);
    let last = tree.node(parent).map_or(NONE, |p| p.last_child);
    if let Some(prev) = tree.nodes.get_mut(last as usize) {
        prev.next = id;
    }
    if let Some(p) = tree.nodes.get_mut(parent as usize) {
        if p.first_child == NONE {
            p.first_child = id;
        }
        p.last_child = id;
    }
    id
}

/// Closes the innermost open element named `name`; elements above it were empty leaves.
/// An end tag matching nothing open (a leaf's optional end tag, stray markup) is ignored.
fn close(tree: &mut Tree<'_>, stack: &mut Vec<u32>, name: &str) {
    let Some(depth) = stack
        .iter()
        .rposition(|&id| id != Tree::ROOT && tree.is(id, name))
    else {
        return;
    };
    while stack.len() > depth + 1 {
        let Some(id) = stack.pop() else { return };
        let parent = stack.last().copied().unwrap_or(Tree::ROOT);
        let Some(&node) = tree.node(id) else { return };
        if node.first_child == NONE {
            continue;
        }
        // `id` is its parent's last child: hang its children after it, in the parent.
        if let Some(n) = tree.nodes.get_mut(id as usize) {
            n.next = node.first_child;
            n.first_child = NONE;
            n.last_child = NONE;
        }
        if let Some(p) = tree.nodes.get_mut(parent as usize) {
            p.last_child = node.last_child;
        }
    }
    stack.truncate(depth);
}
