//! A small YAML emitter: a tree of scalars, sequences and mappings printed in block style, with
//! small nodes on one line in flow style (`{min: 100, max: 500}`), keys in the order given.

use std::fmt::Write as _;

/// A YAML node.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    /// A scalar, already as YAML text (quoted where needed).
    Scalar(String),
    Seq(Vec<Node>),
    Map(Vec<(&'static str, Node)>),
}

/// Flow-style nodes longer than this are printed in block style.
const FLOW_WIDTH: usize = 100;

/// Words YAML 1.1 readers take for booleans or null.
const RESERVED: [&str; 13] = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~", "nan", "inf", "none"];

/// A string as a scalar: plain when it cannot be read as anything else — it starts with a letter
/// (any script: Chinese stays Chinese) and holds only letters, digits, `_`, `-`, `.` and `/` —
/// otherwise double-quoted with escapes.
pub(super) fn text(s: &str) -> Node {
    let plain = s.chars().next().is_some_and(char::is_alphabetic)
        && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && !RESERVED.contains(&s.to_ascii_lowercase().as_str());
    if plain {
        return Node::Scalar(s.to_string());
    }
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            '\r' => q.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(q, "\\u{:04x}", u32::from(c));
            }
            c => q.push(c),
        }
    }
    q.push('"');
    Node::Scalar(q)
}

/// A scalar that is YAML text already (numbers, dates, booleans, codes).
pub(super) fn raw(s: impl ToString) -> Node {
    Node::Scalar(s.to_string())
}

/// A mapping under construction, skipping absent values.
#[derive(Default)]
pub(super) struct Map(Vec<(&'static str, Node)>);

impl Map {
    pub(super) fn new() -> Map {
        Map(Vec::new())
    }
    pub(super) fn with(mut self, key: &'static str, value: Node) -> Map {
        self.0.push((key, value));
        self
    }
    pub(super) fn opt(self, key: &'static str, value: Option<Node>) -> Map {
        match value {
            Some(v) => self.with(key, v),
            None => self,
        }
    }
    /// A list, left out when empty.
    pub(super) fn list(self, key: &'static str, items: Vec<Node>) -> Map {
        if items.is_empty() { self } else { self.with(key, Node::Seq(items)) }
    }
    /// A mapping value, left out when empty.
    pub(super) fn map(self, key: &'static str, value: Map) -> Map {
        if value.0.is_empty() { self } else { self.with(key, value.done()) }
    }
    pub(super) fn extend(mut self, other: Map) -> Map {
        self.0.extend(other.0);
        self
    }
    pub(super) fn done(self) -> Node {
        Node::Map(self.0)
    }
}

fn flow(node: &Node, out: &mut String) {
    match node {
        Node::Scalar(s) => out.push_str(s),
        Node::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow(item, out);
            }
            out.push(']');
        }
        Node::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push_str(": ");
                flow(v, out);
            }
            out.push('}');
        }
    }
}

fn flow_text(node: &Node) -> String {
    let mut s = String::new();
    flow(node, &mut s);
    s
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// The entries of a mapping at `depth`, each on its own line.
fn block_entries(entries: &[(&'static str, Node)], depth: usize, first_inline: bool, out: &mut String) {
    for (i, (k, v)) in entries.iter().enumerate() {
        if i > 0 || !first_inline {
            indent(out, depth);
        }
        out.push_str(k);
        out.push(':');
        value(v, depth, k.len() + 2, out);
    }
}

/// A value after `key:`; `used` is how much of the line the key took.
fn value(v: &Node, depth: usize, used: usize, out: &mut String) {
    let one_line = flow_text(v);
    let empty = matches!(v, Node::Seq(x) if x.is_empty()) || matches!(v, Node::Map(x) if x.is_empty());
    if matches!(v, Node::Scalar(_)) || empty || depth + used + one_line.len() <= FLOW_WIDTH {
        out.push(' ');
        out.push_str(&one_line);
        out.push('\n');
        return;
    }
    out.push('\n');
    match v {
        Node::Map(entries) => block_entries(entries, depth + 2, false, out),
        Node::Seq(items) => block_items(items, depth + 2, out),
        Node::Scalar(_) => {}
    }
}

fn block_items(items: &[Node], depth: usize, out: &mut String) {
    for item in items {
        indent(out, depth);
        out.push_str("- ");
        let one_line = flow_text(item);
        match item {
            Node::Map(entries) if depth + 2 + one_line.len() > FLOW_WIDTH && !entries.is_empty() => {
                block_entries(entries, depth + 2, true, out);
            }
            Node::Seq(inner) if depth + 2 + one_line.len() > FLOW_WIDTH && !inner.is_empty() => {
                out.push('\n');
                block_items(inner, depth + 2, out);
            }
            _ => {
                out.push_str(&one_line);
                out.push('\n');
            }
        }
    }
}

/// A whole document: a top-level mapping in block style.
pub(super) fn document(top: Map) -> String {
    let mut out = String::new();
    for (k, v) in &top.0 {
        out.push_str(k);
        out.push(':');
        match v {
            Node::Seq(items) if !items.is_empty() => {
                out.push('\n');
                block_items(items, 2, &mut out);
            }
            Node::Map(entries) if !entries.is_empty() => {
                out.push('\n');
                block_entries(entries, 2, false, &mut out);
            }
            _ => value(v, 0, k.len() + 2, &mut out),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_quoted_only_when_they_could_be_misread() {
        assert_eq!(text("gd-env.2.7.1"), Node::Scalar("gd-env.2.7.1".into()));
        assert_eq!(text("未批先建"), Node::Scalar("未批先建".into()));
        assert_eq!(text("true"), Node::Scalar("\"true\"".into()));
        assert_eq!(text("2021"), Node::Scalar("\"2021\"".into()));
        assert_eq!(text("a: b"), Node::Scalar("\"a: b\"".into()));
        assert_eq!(text("say \"x\"\n"), Node::Scalar("\"say \\\"x\\\"\\n\"".into()));
        assert_eq!(text(""), Node::Scalar("\"\"".into()));
    }

    #[test]
    fn small_nodes_go_on_one_line_and_large_ones_in_blocks() {
        let small = Map::new().with("min", raw(1)).with("max", raw(2));
        let long: Vec<Node> = (0..30).map(|i| raw(i * 1000)).collect();
        let doc = document(Map::new().with("a", small.done()).with("b", Node::Seq(long)));
        assert!(doc.starts_with("a:\n  min: 1\n  max: 2\n"), "{doc}");
        assert!(doc.contains("b:\n  - 0\n  - 1000\n"), "{doc}");
    }
}
