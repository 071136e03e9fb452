//! The one module that knows the YAML library (serde-saphyr). Swapping YAML crates means
//! rewriting this file only.
//!
//! A file is read twice: once into the typed [`RawDocument`] (which decides its shape and
//! yields the first shape error with its path and position), and once into a tree of
//! positions, so that later checks can point at any value by its YAML path.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{DuplicateKeyPolicy, Spanned};

use super::error::{Problem, ProblemKind, did_you_mean};
use super::raw::RawDocument;
use super::source::Position;

/// Files larger than this are refused before parsing. A real table is well under 1 MiB (the
/// whole Guangdong benchmark, 280 sections, is about 1 MiB of YAML); parsing costs about 40
/// bytes of memory and 0.4 µs per byte, so 4 MiB keeps the worst file under 200 MB and 2 s.
/// Split larger rule sets over several files (a directory loads as one benchmark).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: DuplicateKeyPolicy::Error,
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: Some(MAX_FILE_BYTES as usize),
            max_events: 8_000_000,
            max_nodes: 4_000_000,
            max_aliases: 10_000,
            max_anchors: 10_000,
            max_depth: 64,
            max_documents: 1,
            max_total_scalar_bytes: MAX_FILE_BYTES as usize,
            max_recorded_anchor_events: 100_000,
            max_recorded_anchor_bytes: 8 * 1024 * 1024,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
            max_alias_expansions_per_anchor: 1_000,
        },
    }
}

/// A parsed file: its raw document and the position of every node by YAML path.
pub(crate) struct Parsed {
    pub doc: RawDocument,
    pub positions: HashMap<String, Position>,
}

/// Parses one file's text.
pub(crate) fn parse(file: &Arc<str>, text: &str) -> Result<Parsed, Problem> {
    let mut path = String::new();
    let typed = serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
        serde_path_to_error::deserialize::<_, RawDocument>(de).map_err(|e| {
            path = e.path().to_string();
            e.into_inner()
        })
    });
    let tree = || serde_saphyr::from_str_with_options::<Spanned<Node>>(text, options());
    let doc = typed.map_err(|e| {
        let mut problem = problem_from(file, text, &path, &e);
        let Some(key) = problem.message.strip_prefix("missing field `").and_then(|r| r.strip_suffix('`')) else {
            return problem;
        };
        let key = key.to_string();
        // The typed reading stops at the first mapping it cannot complete, which may be before
        // the syntax error that caused it (a key indented too little ends its mapping early):
        // the syntax error is the author's to fix first.
        let positions = match tree() {
            Err(syntax) => return problem_from(file, text, "", &syntax),
            Ok(tree) => {
                let (mut positions, mut empty) = (HashMap::new(), None);
                record(&tree, &mut String::new(), &mut positions, &mut empty);
                positions
            }
        };
        // The parser meets a missing key at the end of its mapping, where nothing is wrong:
        // the mapping's first line is where the key belongs.
        if let Some(at) = positions.get(&problem.path).filter(|p| p.line > 0) {
            problem.position = *at;
        }
        if let Some(hint) = misplaced_key(text, &positions, &problem.path, problem.position, &key) {
            problem.help = Some(hint);
        }
        problem
    })?;
    let tree = tree().map_err(|e| problem_from(file, text, "", &e))?;
    let (mut positions, mut empty) = (HashMap::new(), None);
    record(&tree, &mut String::new(), &mut positions, &mut empty);
    // `min:` left empty would otherwise read as no minimum, which the author did not write.
    if let Some((path, at)) = empty {
        let key = path.rsplit(['.', '[']).next().unwrap_or(&path).trim_end_matches(']').to_string();
        return Err(Problem {
            kind: ProblemKind::InvalidValue,
            file: file.clone(),
            position: at,
            path,
            message: format!("`{key}` has no value (an empty value, `~` or `null`)"),
            help: Some("give it a value, or remove the key: an empty value is not read as absent".into()),
            lang: crate::table::Lang::En,
        });
    }
    Ok(Parsed { doc, positions })
}

/// How far from the mapping missing a key a key of that name is taken for the missing one.
const MISPLACED_KEY_LINES: u64 = 12;

/// A key reported missing from the mapping at `path` but written nearby under another mapping,
/// most often indented too little or too much: where it stands and where it was read.
fn misplaced_key(
    text: &str,
    positions: &HashMap<String, Position>,
    path: &str,
    at: Position,
    key: &str,
) -> Option<String> {
    // A key indented too little lands in a mapping that encloses this one, after this one's
    // first line. Another entry's own key (`statutes[1].id` for a branch of `statutes[0]`) or
    // an enclosing mapping's key written before it (the statute's `id`) is no such key.
    let encloses = |parent: &str| {
        parent.is_empty()
            || path.strip_prefix(parent).is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    };
    let (found, value) = positions
        .iter()
        .filter(|(p, _)| {
            let (parent, last) = p.rsplit_once('.').unwrap_or(("", p.as_str()));
            last == key && encloses(parent)
        })
        .filter(|(_, v)| v.line > at.line && v.line - at.line <= MISPLACED_KEY_LINES)
        .min_by_key(|(p, v)| (v.line, p.len()))?;
    // The position is the value's; a block value starts on the line after its key.
    let key_line = (value.line.saturating_sub(1)..=value.line)
        .rev()
        .find(|l| {
            let line = usize::try_from(*l).ok().and_then(|l| text.lines().nth(l.checked_sub(1)?)).unwrap_or("");
            let line = line.trim_start().trim_start_matches("- ");
            line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .unwrap_or(value.line);
    // A missing key of the file's top level has no mapping to be indented into: only nested
    // mappings are named.
    let parent = found.rsplit_once('.').map_or("", |(p, _)| p);
    (!path.is_empty()).then(|| {
        let read_as = if parent.is_empty() { "a key of the file itself".to_string() } else { format!("part of `{parent}`") };
        format!(
            "`{key}` is written at line {key_line}, where it is read as {read_as}: if it belongs to `{path}`, check its indentation"
        )
    })
}

fn position_of(e: &serde_saphyr::Error) -> Position {
    e.location().map_or_else(Position::default, |l| Position { line: l.line(), column: l.column() })
}

fn problem_from(file: &Arc<str>, text: &str, path: &str, e: &serde_saphyr::Error) -> Problem {
    let rendered = e.render_with_options(serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    });
    let message = strip_location(&rendered);
    let (kind, mut help) = classify(&message);
    let (kind, message) = match limit_breached(&message) {
        Some((said, advice)) => {
            help = Some(advice);
            (ProblemKind::Syntax, said)
        }
        None => match unholdable_number(&message) {
            Some((said, advice)) => {
                help = Some(advice);
                (ProblemKind::InvalidValue, said)
            }
            None => (kind, message),
        },
    };
    // A bare `*` where the scanner stopped (not a bad `&anchor`): the author meant a spanning cell.
    let mut position = position_of(e);
    // The one required key whose value an author cannot guess from its name.
    if message == "missing field `boundaries`" {
        help = Some(
            "say what 以上 and 以下 mean in this table: `boundaries: {above: inclusive, below: exclusive}` (FORMAT.md §4)"
                .into(),
        );
    }
    // A tab in the indentation: the parser points after it; the author must see the tab itself.
    if message.starts_with("tabs disallowed") {
        help = Some("indent with spaces: YAML does not read tabs as indentation".into());
        let line = usize::try_from(position.line).ok().and_then(|l| text.lines().nth(l.checked_sub(1)?));
        if let Some(tab) = line.and_then(|l| l.chars().position(|c| c == '\t')) {
            position.column = u64::try_from(tab + 1).unwrap_or(position.column);
        }
    }
    let at = usize::try_from(position.line).ok().and_then(|l| text.lines().nth(l.checked_sub(1)?));
    let at = at.zip(usize::try_from(position.column).ok()).and_then(|(l, c)| l.chars().nth(c.checked_sub(1)?));
    if message.contains("scanning an anchor or alias") && at == Some('*') {
        help = Some("a bare `*` starts a YAML alias: write `\"*\"` (quoted) for a matrix cell spanning an axis".into());
    }
    // Characters an author typed in a Chinese input method, and thousands separators inside
    // `{…}`: the parser's own words do not point at them.
    if let Some(typed) = typing_slip(text, position, &message) {
        help = Some(typed);
    }
    // The library's advice to its own caller ("set DuplicateKeyPolicy") is not the author's.
    let message = if kind == ProblemKind::DuplicateKey { plain(&message) } else { message };
    // serde_path_to_error reports "." for the root and "?" for an unknown element.
    let path = if path == "." { "" } else { path };
    Problem {
        kind,
        file: file.clone(),
        position,
        path: path.trim_end_matches(".?").to_string(),
        message,
        help,
        lang: crate::table::Lang::En,
    }
}

/// Drops the "error: line N column M: " prefix and " at line N column M" suffix; the
/// position is reported separately. An error met through an alias ("… at line 2, column 22
/// (defined at line 2, column 12) (used at line 3, column 8)") keeps where the anchor is.
fn strip_location(s: &str) -> String {
    let mut m = s.trim().trim_start_matches("error: ");
    if m.starts_with("line ")
        && let Some(i) = m.find(": ")
    {
        m = m.get(i + 2..).unwrap_or(m);
    }
    if let Some(d) = m.find(" (defined at line ") {
        let anchor = m.get(d + " (defined at ".len()..).and_then(|r| r.split(')').next()).unwrap_or("");
        let head = m.get(..d).unwrap_or(m);
        let head = head.find(" at line ").and_then(|i| head.get(..i)).unwrap_or(head);
        return format!("{} (met through an alias; its anchor is at {anchor})", head.trim());
    }
    if let Some(i) = m.rfind(" at line ") {
        m = m.get(..i).unwrap_or(m);
    }
    m.trim().to_string()
}

/// A loader limit, said in the author's terms with the way out ("budget breached: Depth {
/// depth: 65 }" was the parser's).
fn limit_breached(message: &str) -> Option<(String, String)> {
    let rest = message.strip_prefix("budget breached: ")?;
    let kind = rest.split([' ', '{']).next().unwrap_or("");
    let n: String = rest.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
    Some(match kind {
        "Documents" => (
            format!("the file holds {n} YAML documents (separated by `---`); it must hold one"),
            "put each document in a file of its own".into(),
        ),
        "Depth" => (
            format!("the nesting is {n} levels deep; the loader reads at most 64"),
            "tables are small and flat: list conditions in one `all:` or `any:` rather than nesting them".into(),
        ),
        "Aliases"
        | "Anchors"
        | "RecordedAnchorEvents"
        | "RecordedAnchorBytes"
        | "ReplayedEvents"
        | "ReplayStackDepth"
        | "AliasExpansionsPerAnchor" => (
            format!("aliases (`*name`) expand to more than the loader replays ({kind}: {n})"),
            "write the repeated part out, or reuse it less: heavy alias use is refused to keep loading safe".into(),
        ),
        _ => (
            format!("the file is larger than the loader reads ({kind}: {n})"),
            "split the rules over several files (a directory loads as one benchmark)".into(),
        ),
    })
}

/// A number too large for the parser ("non-finite float `1e400` rejected by the configured
/// policy"), said as such, its text cut short.
fn unholdable_number(message: &str) -> Option<(String, String)> {
    let rest = message.strip_prefix("non-finite float `")?;
    let literal = rest.split('`').next().unwrap_or("");
    let shown: String = literal.chars().take(24).collect();
    let more = if literal.chars().count() > 24 { "…" } else { "" };
    Some((
        format!("`{shown}{more}` is not a number the rules can hold (it is out of range)"),
        "write an amount in full digits, as the published table does (1000000); an exponent or hundreds of digits are refused".into(),
    ))
}

/// A slip of typing behind a syntax or shape error: a full-width colon or space from a Chinese
/// input method (the error's line, else the first line indented with U+3000), or a thousands
/// separator inside `{…}`, where a comma separates entries.
fn typing_slip(text: &str, at: Position, message: &str) -> Option<String> {
    let line = line_at(text, at);
    if line.contains('：') || message.contains('：') {
        return Some("`：` is a full-width colon: YAML needs the ASCII `:` (and a space) after a key".into());
    }
    let indented = text.lines().position(|l| l.trim_start_matches(' ').starts_with('\u{3000}'));
    if let Some(i) = indented {
        return Some(format!(
            "line {} is indented with full-width spaces (U+3000), which YAML does not read as indentation: use ASCII spaces",
            i + 1
        ));
    }
    let field = message.strip_prefix("unknown field `").and_then(|r| r.split('`').next()).unwrap_or("");
    if !field.is_empty() && field.chars().all(|c| c.is_ascii_digit()) && line.contains('{') {
        return Some(format!(
            "inside `{{…}}` a comma separates entries, so a thousands separator splits the number (`{field}` became a key): write amounts without separators (1000000)"
        ));
    }
    None
}

/// Keys written for another part of the format, or from other languages' habits, and the key
/// that says it where they stand: conditions say `at_least`/`at_most`/`is`, fines
/// `min`/`max`/`exactly`. A pair applies only where its key is one of those allowed.
const SYNONYMS: &[(&str, &str)] = &[
    ("min", "at_least"),
    ("max", "at_most"),
    ("gte", "at_least"),
    ("lte", "at_most"),
    ("gt", "more_than"),
    ("lt", "less_than"),
    ("equals", "is"),
    ("equal", "is"),
    ("eq", "is"),
    ("exactly", "is"),
    ("one_of", "in"),
    ("and", "all"),
    ("or", "any"),
    ("at_least", "min"),
    ("at_most", "max"),
    ("is", "exactly"),
    ("equals", "exactly"),
];

fn classify(message: &str) -> (ProblemKind, Option<String>) {
    // A syntax error, though the scanner's message says "expected" (its hint: `problem_from`):
    // the scanner and parser speak of what they were doing ("while parsing a block mapping,
    // did not find expected key", "simple key expected ':'").
    let scanner = ["scanning", "while parsing", "did not find expected", "simple key expected"];
    if scanner.iter().any(|s| message.contains(s)) {
        return (ProblemKind::Syntax, None);
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let word = rest.split('`').next().unwrap_or("");
        // The list of keys ends before a note on where an alias's anchor is.
        let rest = rest.split(" (met through an alias").next().unwrap_or(rest);
        let expected: Vec<&str> = rest
            .split_once("expected ")
            .map(|(_, list)| list.trim_start_matches("one of ").split(", ").map(|s| s.trim_matches('`')).collect())
            .unwrap_or_default();
        // A word of another part of the format (a fine's `min` in a condition) is no typo of
        // what is nearest in spelling (`in`): the word this part uses for it comes first.
        let synonym = SYNONYMS.iter().find(|(w, meant)| *w == word && expected.contains(meant)).map(|(_, m)| *m);
        let help = match synonym.or_else(|| did_you_mean(word, expected.iter().copied())) {
            Some(s) => Some(format!("did you mean `{s}`?")),
            // In a name `{zh: …, en: …}` an unknown key is most often the rest of a name cut at
            // its comma (`en: no pollution, insensitive`).
            None if expected == ["zh", "en"] => Some(
                "a name is `{zh: …, en: …}`; inside `{…}` a comma ends a value: quote a name that holds one (en: \"a, b\")"
                    .into(),
            ),
            None if !expected.is_empty() => Some(format!("the keys allowed here are: {}", expected.join(", "))),
            None => None,
        };
        return (ProblemKind::UnknownField, help);
    }
    if message.contains("duplicate mapping key") {
        return (ProblemKind::DuplicateKey, Some("each key may appear once in a mapping; remove or rename one".into()));
    }
    // A number the field's type cannot take (`max_flags: -1`, `min_flag: 2.5`): the value's
    // shape, not the YAML's syntax.
    let number = message.starts_with("invalid u") || message == "invalid floating point";
    if number
        || message.starts_with("missing field")
        || message.starts_with("invalid type")
        || message.contains("expected")
    {
        return (ProblemKind::Shape, None);
    }
    if message.contains("limit") || message.contains("recursion") {
        return (
            ProblemKind::Syntax,
            Some("tables are small and flat; deep nesting and heavy alias use are refused to keep loading safe".into()),
        );
    }
    (ProblemKind::Syntax, None)
}

/// Any YAML node, kept for where it stands (and, for case files, what it says).
enum Node {
    /// A scalar: its text when the parser handed over a string; `None` for numbers, booleans
    /// and nulls, whose exact spelling is read back from the source by position.
    Leaf(Option<String>),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(String, Spanned<Node>)>),
    /// An empty value (`min:`), `~` or `null`.
    Null,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML node")
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Leaf(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Leaf(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Leaf(None))
            }
            fn visit_i128<E: de::Error>(self, _: i128) -> Result<Node, E> {
                Ok(Node::Leaf(None))
            }
            fn visit_u128<E: de::Error>(self, _: u128) -> Result<Node, E> {
                Ok(Node::Leaf(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Leaf(None))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Leaf(Some(v.to_string())))
            }
            fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Node, E> {
                Ok(Node::Leaf(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = a.next_element()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = a.next_key::<String>()? {
                    entries.push((key, a.next_value()?));
                }
                Ok(Node::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// Records the position of every node by its path, and the first empty value (`min:`, `~`,
/// `null`) in `empty`.
fn record(
    node: &Spanned<Node>,
    path: &mut String,
    out: &mut HashMap<String, Position>,
    empty: &mut Option<(String, Position)>,
) {
    let l = node.referenced;
    let at = Position { line: l.line(), column: l.column() };
    out.insert(path.clone(), at);
    let len = path.len();
    match &node.value {
        Node::Leaf(_) => {}
        Node::Null => {
            if empty.is_none() {
                *empty = Some((path.clone(), at));
            }
        }
        Node::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                record(item, path, out, empty);
                path.truncate(len);
            }
        }
        Node::Map(entries) => {
            for (key, value) in entries {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                record(value, path, out, empty);
                path.truncate(len);
            }
        }
    }
}

/// The exact source text of a plain scalar (numbers keep every digit). Through an alias
/// (`fine: *f`, or a key merged in by `<<: *base`) the text is the anchored value's, where it
/// is defined: where it is referenced stands only `*f`.
fn scalar_text(node: &Spanned<Node>, text: &str) -> String {
    match &node.value {
        Node::Leaf(Some(s)) => s.clone(),
        Node::Null => String::new(),
        _ => {
            let span = node.defined.span();
            let slice = span.byte_offset().zip(span.byte_len()).and_then(|(o, l)| {
                let start = usize::try_from(o).ok()?;
                text.get(start..start.checked_add(usize::try_from(l).ok()?)?)
            });
            slice.unwrap_or("").trim().to_string()
        }
    }
}

fn field(node: &Spanned<Node>, text: &str) -> super::Field {
    use super::Field;
    match &node.value {
        Node::Leaf(_) | Node::Null => Field::Text(scalar_text(node, text)),
        Node::Seq(items) => Field::List(items.iter().map(|i| scalar_text(i, text)).collect()),
        Node::Map(entries) => Field::Map(entries.iter().map(|(k, v)| (k.clone(), scalar_text(v, text))).collect()),
    }
}

/// A record of structured fields with the line it starts on.
pub(crate) type FieldRecord = (u64, Vec<(String, super::Field)>);

/// Records from a YAML file: a list of mappings (or `cases:` holding one). Every value keeps
/// its exact text.
pub(crate) fn case_records(file: &Arc<str>, text: &str) -> Result<Vec<FieldRecord>, Problem> {
    let text = &*super::load::lone_carriage_returns_as_newlines(text);
    // A number too large for a float (`fine: 1e400`) is read as its text, as every value of
    // a case is, and refused with its record (an amount is written in digits), not with the file.
    let mut options = options();
    options.non_finite_float_policy = serde_saphyr::options::NonFiniteFloatPolicy::PassThrough;
    let tree: Spanned<Node> =
        serde_saphyr::from_str_with_options(text, options).map_err(|e| problem_from(file, text, "", &e))?;
    let list = match &tree.value {
        Node::Seq(items) => items,
        Node::Map(entries) => match entries.iter().find(|(k, _)| k == "cases").map(|(_, v)| &v.value) {
            Some(Node::Seq(items)) => items,
            _ => return Err(shape(file, "a case file is a list of cases, or a mapping with `cases:`")),
        },
        Node::Leaf(_) | Node::Null => return Err(shape(file, "a case file is a list of cases")),
    };
    list.iter()
        .enumerate()
        .map(|(i, item)| match &item.value {
            Node::Map(entries) => {
                let fields = entries.iter().map(|(k, v)| (k.clone(), field(v, text))).collect();
                Ok((item.referenced.line(), fields))
            }
            _ => Err(Problem {
                kind: ProblemKind::Shape,
                file: file.clone(),
                position: Position { line: item.referenced.line(), column: item.referenced.column() },
                path: format!("[{i}]"),
                message: "a case is a mapping of fields".into(),
                help: None,
                lang: crate::table::Lang::En,
            }),
        })
        .collect()
}

fn shape(file: &Arc<str>, message: &str) -> Problem {
    Problem {
        kind: ProblemKind::Shape,
        file: file.clone(),
        position: Position { line: 1, column: 1 },
        path: String::new(),
        message: message.into(),
        help: None,
        lang: crate::table::Lang::En,
    }
}

/// A flat mapping of words (`{案件编号: case_id, 罚没金额: fine}`), each value's exact text: the
/// column-mapping files of `discretion check --map-file`.
pub(crate) fn flat_mapping(file: &Arc<str>, text: &str) -> Result<Vec<(String, String)>, Problem> {
    let text = &*super::load::lone_carriage_returns_as_newlines(text);
    let tree: Spanned<Node> =
        serde_saphyr::from_str_with_options(text, options()).map_err(|e| problem_from(file, text, "", &e))?;
    let Node::Map(entries) = &tree.value else {
        return Err(shape(file, "a mapping file maps column names to fields: `案号: case_id`"));
    };
    entries
        .iter()
        .map(|(k, v)| match &v.value {
            Node::Leaf(_) => Ok((k.clone(), scalar_text(v, text))),
            _ => Err(Problem {
                kind: ProblemKind::Shape,
                file: file.clone(),
                position: Position { line: v.referenced.line(), column: v.referenced.column() },
                path: k.clone(),
                message: "a column maps to one field or fact id".into(),
                help: None,
                lang: crate::table::Lang::En,
            }),
        })
        .collect()
}

/// Where the value of top-level `key` of a YAML mapping stands (line, column; from 1), as the
/// parser places it — after a byte-order mark, on the line after its key, the key quoted or
/// not; `None` if the text is no mapping or does not set `key`. What a value refused after
/// reading (a configuration's) is placed by.
pub(crate) fn top_level_value_place(text: &str, key: &str) -> Option<(u64, u64)> {
    let text = &*super::load::lone_carriage_returns_as_newlines(text);
    // `.nan` and `.inf` are numbers here: it is such a value, read and refused, being placed.
    let mut options = options();
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::PassThrough;
    let tree: Spanned<Node> = serde_saphyr::from_str_with_options(text, options).ok()?;
    let Node::Map(entries) = &tree.value else { return None };
    // A key given twice is refused when read: the first is as good as any.
    let (_, value) = entries.iter().find(|(k, _)| k == key)?;
    Some((value.referenced.line(), value.referenced.column()))
}

/// Any serde type from YAML text with the loader's budgets (configuration files); the error
/// names the YAML path and position, in `lang` (in Chinese, the messages and hints table
/// loading translates; any other message kept in English under a Chinese headline).
pub(crate) fn yaml_value_in<T: de::DeserializeOwned>(text: &str, lang: super::Lang) -> Result<T, String> {
    let text = &*super::load::lone_carriage_returns_as_newlines(text);
    let mut path = String::new();
    let typed = serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
        serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
            path = e.path().to_string();
            e.into_inner()
        })
    });
    typed.map_err(|e| {
        let p = position_of(&e);
        // serde_path_to_error says "." for the root and "?" where it has no name.
        let named = !(path.is_empty() || path == "." || path.ends_with('?'));
        let raw = strip_location(&e.to_string());
        let (kind, mut help) = classify(&raw);
        let mut message = plain(&raw);
        // A loader limit in the author's terms, as for rules files ("budget breached: Documents
        // { documents: 2 }" was the parser's).
        if let Some((said, advice)) = limit_breached(&raw) {
            (message, help) = (said, Some(advice));
        }
        // A count written in digits is refused for its size alone: said so, with the most.
        let scalar = scalar_at(text, p);
        if matches!(raw.as_str(), "invalid u64" | "invalid usize")
            && !scalar.is_empty()
            && scalar.bytes().all(|b| b.is_ascii_digit())
        {
            message = format!("expected a whole number, at most {}", u64::MAX);
        }
        match lang {
            super::Lang::En => {
                let at = if named { format!(" at `{path}`") } else { String::new() };
                let help = help.map(|h| format!(" ({h})")).unwrap_or_default();
                format!("line {}, column {}{at}: {message}{help}", p.line, p.column)
            }
            super::Lang::Zh => {
                let at = if named { format!("（`{path}`）") } else { String::new() };
                // The library's own wording is what the translations know; then the plainer one.
                let said = super::problem_zh::message(&raw)
                    .or_else(|| super::problem_zh::message(&message))
                    .unwrap_or_else(|| format!("{}：{message}", kind.describe(super::Lang::Zh)));
                let help =
                    help.map(|h| format!("（提示：{}）", super::problem_zh::help(&h).unwrap_or(h))).unwrap_or_default();
                format!("第 {} 行第 {} 列{at}：{said}{help}", p.line, p.column)
            }
        }
    })
}

/// Line `at.line` of `text` (from 1), or `""`.
fn line_at(text: &str, at: Position) -> &str {
    usize::try_from(at.line).ok().and_then(|l| text.lines().nth(l.checked_sub(1)?)).unwrap_or("")
}

/// The plain scalar that starts at `at` (up to a space, a comma, a bracket or a comment), or
/// `""`.
fn scalar_at(text: &str, at: Position) -> &str {
    let line = line_at(text, at);
    // The parser's columns leave a byte-order mark out.
    let line = line.strip_prefix('\u{FEFF}').unwrap_or(line);
    let start =
        usize::try_from(at.column).ok().and_then(|c| line.char_indices().nth(c.checked_sub(1)?)).map(|(i, _)| i);
    let rest = start.and_then(|i| line.get(i..)).unwrap_or("");
    rest.split([' ', '\t', ',', '}', ']', '#']).next().unwrap_or("")
}

/// The YAML library's wording of common mistakes, in the words of the file's author.
fn plain(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return format!("`{key}` is given twice");
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        return format!("unknown key `{}`", rest.split('`').next().unwrap_or(""));
    }
    match message {
        "invalid u8" | "invalid u16" | "invalid u32" => {
            let max = match message {
                "invalid u8" => u8::MAX.into(),
                "invalid u16" => u16::MAX.into(),
                _ => u32::MAX,
            };
            format!("expected a whole number from 0 to {max}")
        }
        // A count's type bound (18446744073709551615) says nothing to the file's author.
        "invalid u64" | "invalid usize" => "expected a whole number, 0 or more".to_string(),
        "invalid floating point" => "expected a number".to_string(),
        // A list or a mapping where one value stands (`window_years: [3`, whether or not the
        // bracket is ever closed, or `- 3` on the next line).
        "expected string scalar" => "expected one value, not a list or a mapping".to_string(),
        "expected mapping start" => "expected a mapping of `key: value` lines".to_string(),
        _ => message.to_string(),
    }
}
