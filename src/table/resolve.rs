//! Cross-file checks: ids unique, every reference resolves.

use std::collections::{HashMap, HashSet};

use super::Benchmark;
use super::build::{Builder, FileItems};
use super::error::{ProblemKind, did_you_mean};
use super::model::*;

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

fn bands(scheme: &Scheme) -> Vec<(&Band, String)> {
    match scheme {
        Scheme::Tiers { tiers, .. } => tiers.iter().map(|t| (&t.band, t.origin.path.clone())).collect(),
        Scheme::Matrix { cells, .. } => cells.iter().map(|c| (&c.band, c.origin.path.clone())).collect(),
        Scheme::Weights(w) => vec![(&w.band, w.origin.path.clone())],
    }
}

pub(crate) fn resolve(facts: Vec<Fact>, items: Vec<FileItems>, b: &mut Builder) -> Benchmark {
    let mut fact_seen = HashMap::new();
    for f in &facts {
        unique(b, &mut fact_seen, "fact", &f.id, &f.origin);
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
    let mut seen = HashMap::new();
    for s in &factor_sets {
        unique(b, &mut seen, "factor set", &s.id, &s.origin);
    }
    let mut factor_seen = HashMap::new();
    let all_factors: Vec<&Factor> =
        factor_sets.iter().flat_map(|s| &s.factors).chain(tables.iter().flat_map(|t| &t.factors)).collect();
    for f in &all_factors {
        unique(b, &mut factor_seen, "factor", &f.id, &f.origin);
    }
    let factor_ids: HashSet<&str> = all_factors.iter().map(|f| f.id.as_str()).collect();
    for f in &all_factors {
        for (i, x) in f.excludes.iter().enumerate() {
            if !factor_ids.contains(x.as_str()) {
                dangling(b, &f.origin, &format!("{}.excludes[{i}]", f.origin.path), "factor", x, &factor_ids);
            }
        }
    }

    // Tables: (id, version) unique; violation ids unique except across versions of one table.
    let mut table_seen = HashMap::new();
    let mut violation_owner: HashMap<&str, (&str, &Origin)> = HashMap::new();
    let mut exemption_seen = HashMap::new();
    for t in &tables {
        let key = format!("{}@{}", t.id, t.version.as_deref().unwrap_or(""));
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

    let table_ids: HashSet<&str> = tables.iter().map(|t| t.id.as_str()).collect();
    let set_ids: HashSet<&str> = factor_sets.iter().map(|s| s.id.as_str()).collect();
    let statute_ids: HashSet<&str> = statutes.iter().map(|s| s.id.as_str()).collect();
    let violation_ids: HashSet<&str> = violation_owner.keys().copied().collect();
    let statute_by_id: HashMap<&str, &Statute> = statutes.iter().map(|s| (s.id.as_str(), s)).collect();
    for t in &tables {
        if let Some(p) = &t.parent
            && (!table_ids.contains(p.as_str()) || p == &t.id)
        {
            dangling(b, &t.origin, "table.parent", "parent table", p, &table_ids);
        }
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
            for (band, path) in bands(&v.scheme) {
                if let Some(br) = &band.branch
                    && !branch_ids.contains(br.as_str())
                {
                    dangling(
                        b,
                        &v.origin,
                        &format!("{path}.branch"),
                        &format!("branch of statute `{}`", statute.id),
                        br,
                        &branch_ids,
                    );
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
    Benchmark::new(tables, statutes, facts, factor_sets)
}
