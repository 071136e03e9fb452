//! Cross-file checks: ids unique, every reference resolves, parent tables form no cycle.

use std::collections::{HashMap, HashSet};

use super::build::{Builder, FileItems};
use super::error::{ProblemKind, did_you_mean};
use super::model::*;

/// Everything loaded, resolved, ready to become a [`Benchmark`](super::Benchmark).
pub(crate) struct Resolved {
    pub tables: Vec<Table>,
    pub statutes: Vec<Statute>,
    pub facts: Vec<Fact>,
    pub units: Vec<Unit>,
    pub factor_sets: Vec<FactorSet>,
}

fn hint<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(word, known).map(|s| format!("did you mean `{s}`?"))
}

/// Reports an id already seen (`seen` maps id → where first defined).
fn unique(b: &mut Builder, seen: &mut HashMap<String, Origin>, what: &str, id: &str, at: &Origin) {
    if let Some(first) = seen.get(id) {
        b.set_file(&at.file);
        let where_ =
            if first.path.is_empty() { first.file.to_string() } else { format!("{} at `{}`", first.file, first.path) };
        b.report(
            ProblemKind::DuplicateId,
            &format!("{}.id", at.path),
            format!("{what} `{id}` is already defined in {where_}"),
            Some("ids must be unique across all loaded files".into()),
        );
    } else {
        seen.insert(id.to_string(), at.clone());
    }
}

fn dangling(b: &mut Builder, at: &Origin, path: &str, what: &str, id: &str, known: &HashSet<&str>) {
    b.set_file(&at.file);
    let help = hint(id, known.iter().copied()).or_else(|| Some(format!("define the {what} in any loaded file")));
    b.report(ProblemKind::DanglingReference, path, format!("unknown {what} `{id}`"), help);
}

/// A versioned item's key: its id and version label.
fn versioned(id: &str, version: Option<&str>) -> String {
    format!("{id}@{}", version.unwrap_or(""))
}

fn check_factor_sets(b: &mut Builder, factor_sets: &[FactorSet], tables: &[Table]) {
    let mut seen: HashMap<String, String> = HashMap::new();
    for s in factor_sets {
        let key = versioned(&s.id, s.version.as_deref());
        if let Some(first) = seen.get(&key) {
            b.set_file(&s.origin.file);
            b.report(
                ProblemKind::DuplicateId,
                &format!("{}.id", s.origin.path),
                format!(
                    "factor set `{}` (version {}) is already defined in {first}",
                    s.id,
                    s.version.as_deref().unwrap_or("unnamed")
                ),
                Some("give each version of a factor set its own `version:` and `effective:`".into()),
            );
        } else {
            seen.insert(key, s.origin.file.to_string());
        }
    }
    // A factor id belongs to one set (its versions may repeat it) or to one table.
    let mut owner: HashMap<&str, (&str, &Origin)> = HashMap::new();
    let all = factor_sets
        .iter()
        .flat_map(|s| s.factors.iter().map(move |f| (s.id.as_str(), f)))
        .chain(tables.iter().flat_map(|t| t.factors.iter().map(move |f| (t.id.as_str(), f))));
    for (set, f) in all {
        match owner.get(f.id.as_str()) {
            Some((first_set, first)) if *first_set != set => {
                b.set_file(&f.origin.file);
                b.report(
                    ProblemKind::DuplicateId,
                    &format!("{}.id", f.origin.path),
                    format!("factor `{}` is already defined by `{first_set}` in {}", f.id, first.file),
                    Some("factor ids are unique; only versions of one factor set repeat them".into()),
                );
            }
            Some(_) => {}
            None => {
                owner.insert(&f.id, (set, &f.origin));
            }
        }
    }
    let factor_ids: HashSet<&str> = owner.keys().copied().collect();
    let all = factor_sets.iter().flat_map(|s| &s.factors).chain(tables.iter().flat_map(|t| &t.factors));
    for f in all {
        for (i, x) in f.excludes.iter().enumerate() {
            if !factor_ids.contains(x.as_str()) {
                dangling(b, &f.origin, &format!("{}.excludes[{i}]", f.origin.path), "factor", x, &factor_ids);
            }
        }
    }
}

/// Parent tables: each names a loaded table other than itself, and following parents never
/// comes back (A → B → A).
fn check_parents(b: &mut Builder, tables: &[Table]) {
    let table_ids: HashSet<&str> = tables.iter().map(|t| t.id.as_str()).collect();
    let parent_of: HashMap<&str, &str> =
        tables.iter().filter_map(|t| t.parent.as_deref().map(|p| (t.id.as_str(), p))).collect();
    for t in tables {
        let Some(p) = t.parent.as_deref() else { continue };
        if p == t.id {
            b.set_file(&t.origin.file);
            b.report(
                ProblemKind::DanglingReference,
                "table.parent",
                format!("table `{p}` names itself as its parent"),
                Some("a table refines another table; remove `parent:` or name the table it refines".into()),
            );
            continue;
        }
        if !table_ids.contains(p) {
            dangling(b, &t.origin, "table.parent", "parent table", p, &table_ids);
            continue;
        }
    }
    // Each table is walked once: a walk stops at a table already finished, and one that meets
    // a table on its own path has found a cycle, reported once, where the walk began.
    let mut done: HashSet<&str> = HashSet::new();
    for t in tables {
        let Some(p) = t.parent.as_deref() else { continue };
        if p == t.id || !table_ids.contains(p) || done.contains(t.id.as_str()) {
            continue;
        }
        let mut path: Vec<&str> = Vec::new();
        let mut on_path: HashSet<&str> = HashSet::new();
        let mut at = t.id.as_str();
        loop {
            if done.contains(at) {
                break;
            }
            if !on_path.insert(at) {
                let start = path.iter().position(|x| *x == at).unwrap_or(0);
                let cycle: Vec<&str> = path.get(start..).unwrap_or_default().to_vec();
                b.set_file(&t.origin.file);
                b.report(
                    ProblemKind::DanglingReference,
                    "table.parent",
                    format!("parent tables form a cycle: {}", cycle_text(&cycle)),
                    Some("a chain of parents must end at a table without `parent:`".into()),
                );
                break;
            }
            path.push(at);
            match parent_of.get(at) {
                Some(next) if table_ids.contains(next) && *next != at => at = next,
                _ => break,
            }
        }
        done.extend(path);
    }
}

/// A cycle as `a → b → c → a`; a long one shows its first and last tables and how many between.
fn cycle_text(cycle: &[&str]) -> String {
    const SHOWN: usize = 6;
    let first = cycle.first().copied().unwrap_or_default();
    match (cycle.get(..SHOWN), cycle.get(cycle.len().saturating_sub(2)..)) {
        (Some(head), Some(tail)) if cycle.len() > SHOWN + 2 => format!(
            "{} → … ({} more) … → {} → {first} ({} tables)",
            head.join(" → "),
            cycle.len() - SHOWN - 2,
            tail.join(" → "),
            cycle.len()
        ),
        _ => format!("{} → {first}", cycle.join(" → ")),
    }
}

pub(crate) fn resolve(facts: Vec<Fact>, units: Vec<Unit>, items: Vec<FileItems>, b: &mut Builder) -> Resolved {
    let mut fact_seen = HashMap::new();
    for f in &facts {
        unique(b, &mut fact_seen, "fact", &f.id, &f.origin);
    }
    let mut unit_seen = HashMap::new();
    for u in &units {
        unique(b, &mut unit_seen, "unit", &u.id, &u.origin);
    }
    let mut statutes = Vec::new();
    let mut factor_sets = Vec::new();
    let mut tables = Vec::new();
    for it in items {
        statutes.extend(it.statutes);
        factor_sets.extend(it.factor_sets);
        tables.extend(it.table);
    }

    let mut seen = HashMap::new();
    for s in &statutes {
        unique(b, &mut seen, "statute", &s.id, &s.origin);
    }
    check_factor_sets(b, &factor_sets, &tables);

    // Tables: (id, version) unique; violation ids unique except across versions of one table.
    let mut table_seen = HashMap::new();
    let mut violation_owner: HashMap<&str, (&str, &Origin)> = HashMap::new();
    let mut exemption_seen = HashMap::new();
    for t in &tables {
        let key = versioned(&t.id, t.version.as_deref());
        if let Some(first) = table_seen.get(&key) {
            b.set_file(&t.origin.file);
            b.report(
                ProblemKind::DuplicateId,
                "table.id",
                format!(
                    "table `{}` (version {}) is already defined in {first}",
                    t.id,
                    t.version.as_deref().unwrap_or("unnamed")
                ),
                Some("give each version of a table its own `version:`".into()),
            );
        } else {
            table_seen.insert(key, t.origin.file.to_string());
        }
        let mut local = HashSet::new();
        for v in &t.violations {
            if !local.insert(v.id.as_str()) {
                b.set_file(&v.origin.file);
                b.report(
                    ProblemKind::DuplicateId,
                    &format!("{}.id", v.origin.path),
                    format!("violation `{}` is defined twice in this table", v.id),
                    None,
                );
                continue;
            }
            match violation_owner.get(v.id.as_str()) {
                Some((owner, first)) if *owner != t.id => {
                    b.set_file(&v.origin.file);
                    b.report(
                        ProblemKind::DuplicateId,
                        &format!("{}.id", v.origin.path),
                        format!("violation `{}` is already defined by table `{owner}` in {}", v.id, first.file),
                        Some("violation ids are unique across tables; only versions of one table repeat them".into()),
                    );
                }
                Some(_) => {}
                None => {
                    violation_owner.insert(&v.id, (&t.id, &v.origin));
                }
            }
        }
        for e in &t.exemptions {
            unique(b, &mut exemption_seen, "exemption", &e.id, &e.origin);
        }
    }
    check_parents(b, &tables);

    let set_ids: HashSet<&str> = factor_sets.iter().map(|s| s.id.as_str()).collect();
    let statute_ids: HashSet<&str> = statutes.iter().map(|s| s.id.as_str()).collect();
    let violation_ids: HashSet<&str> = violation_owner.keys().copied().collect();
    let statute_by_id: HashMap<&str, &Statute> = statutes.iter().map(|s| (s.id.as_str(), s)).collect();
    for t in &tables {
        for (i, s) in t.factor_sets.iter().enumerate() {
            if !set_ids.contains(s.as_str()) {
                dangling(b, &t.origin, &format!("table.factor_sets[{i}]"), "factor set", s, &set_ids);
            }
        }
        for v in &t.violations {
            let Some(statute) = statute_by_id.get(v.statute.as_str()) else {
                dangling(b, &v.origin, &format!("{}.statute", v.origin.path), "statute", &v.statute, &statute_ids);
                continue;
            };
            let branch_ids: HashSet<&str> =
                statute.versions.iter().flat_map(|x| &x.branches).map(|br| br.id.as_str()).collect();
            for (_, scheme) in v.schemes() {
                for level in scheme.levels() {
                    if let Some(br) = &level.band.branch
                        && !branch_ids.contains(br.as_str())
                    {
                        dangling(
                            b,
                            &v.origin,
                            &format!("{}.branch", level.origin.path),
                            &format!("branch of statute `{}`", statute.id),
                            br,
                            &branch_ids,
                        );
                    }
                }
            }
        }
        let local: HashSet<&str> = t.violations.iter().map(|v| v.id.as_str()).collect();
        for a in &t.adjustments {
            for (i, v) in a.violations.iter().enumerate() {
                let path = format!("{}.violations[{i}]", a.origin.path);
                match t.violations.iter().find(|x| &x.id == v) {
                    None => dangling(b, &a.origin, &path, "violation of this table", v, &local),
                    Some(x) if matches!(a.effect, AdjustmentEffect::TierUp(_)) && x.scheme.level_count() > 0 => {
                        if !matches!(x.scheme, Scheme::Tiers { .. }) {
                            b.set_file(&a.origin.file);
                            b.report(
                                ProblemKind::Shape,
                                &path,
                                format!("`tier_up` moves a case between tiers, but `{v}` has no tiers"),
                                None,
                            );
                        }
                    }
                    Some(_) => {}
                }
            }
        }
        for s in &t.suspensions {
            for (i, v) in s.violations.iter().enumerate() {
                if !t.violations.iter().any(|x| &x.id == v) {
                    let path = format!("{}.violations[{i}]", s.origin.path);
                    dangling(b, &s.origin, &path, "violation of this table", v, &local);
                }
            }
        }
        for e in &t.exemptions {
            for (i, v) in e.violations.iter().enumerate() {
                if !violation_ids.contains(v.as_str()) {
                    dangling(
                        b,
                        &e.origin,
                        &format!("{}.violations[{i}]", e.origin.path),
                        "violation",
                        v,
                        &violation_ids,
                    );
                }
            }
        }
    }
    Resolved { tables, statutes, facts, units, factor_sets }
}
