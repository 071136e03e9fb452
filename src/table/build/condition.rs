//! Conditions: structured tests on facts, turned into exact intervals and value sets.

use super::*;

impl Builder {
    pub(crate) fn condition(
        &mut self,
        path: &str,
        raw: &RawCondition,
        default_fact: Option<&str>,
        conv: BoundaryConvention,
    ) -> Option<Condition> {
        let has_fact_part = raw.fact.is_some()
            || raw.is.is_some()
            || raw.one_of.is_some()
            || [&raw.above, &raw.below, &raw.at_least, &raw.at_most, &raw.more_than, &raw.less_than]
                .iter()
                .any(|b| b.is_some());
        let groups = [("all", &raw.all), ("any", &raw.any)];
        let present: Vec<&str> = groups.iter().filter(|(_, g)| g.is_some()).map(|(n, _)| *n).collect();
        if present.len() + usize::from(has_fact_part) > 1 {
            self.report(
                ProblemKind::Shape,
                path,
                "a condition is either a test on one fact, or `all:`, or `any:` — not several".into(),
                Some("nest them: `all: [{fact: a, ...}, {any: [...]}]`".into()),
            );
            return None;
        }
        for (name, group) in groups {
            if let Some(items) = group {
                let gp = join(path, name);
                let mut out = Vec::new();
                let mut ok = true;
                for (i, c) in items.iter().enumerate() {
                    match self.condition(&index(&gp, i), c, default_fact, conv) {
                        Some(c) => out.push(c),
                        None => ok = false,
                    }
                }
                return ok.then(|| if name == "all" { Condition::All(out) } else { Condition::Any(out) });
            }
        }
        let Some(fact) = raw.fact.as_deref().or(default_fact) else {
            self.report(
                ProblemKind::Shape,
                path,
                "the condition names no fact".into(),
                Some("add `fact: <id>`".into()),
            );
            return None;
        };
        let fact_path = if raw.fact.is_some() { join(path, "fact") } else { path.to_string() };
        let fact_type = self.fact_type(&fact_path, fact)?;
        let bounds_given = [&raw.above, &raw.below, &raw.at_least, &raw.at_most, &raw.more_than, &raw.less_than]
            .iter()
            .any(|b| b.is_some());
        match fact_type {
            FactType::Boolean => {
                if raw.one_of.is_some() || bounds_given {
                    self.report(
                        ProblemKind::Shape,
                        path,
                        format!("`{fact}` is a yes/no fact: test it with `is: true` or `is: false`"),
                        None,
                    );
                    return None;
                }
                let Some(v) = &raw.is else {
                    self.report(
                        ProblemKind::Shape,
                        path,
                        format!("say which value of `{fact}` is meant with `is:`"),
                        None,
                    );
                    return None;
                };
                let value = self.word(&join(path, "is"), "boolean", &v.0, &[("true", true), ("false", false)])?;
                Some(Condition::Flag { fact: fact.to_string(), value })
            }
            FactType::Enum(values) => {
                if bounds_given {
                    self.report(
                        ProblemKind::Shape,
                        path,
                        format!("`{fact}` is an enum: test it with `is:` or `in:`"),
                        None,
                    );
                    return None;
                }
                let mut chosen: Vec<(String, String)> = Vec::new();
                if let Some(v) = &raw.is {
                    chosen.push((join(path, "is"), v.0.clone()));
                }
                if let Some(list) = &raw.one_of {
                    for (i, v) in list.iter().enumerate() {
                        chosen.push((index(&join(path, "in"), i), v.clone()));
                    }
                }
                if chosen.is_empty() {
                    self.report(
                        ProblemKind::Shape,
                        path,
                        format!("say which values of `{fact}` are meant with `is:` or `in:`"),
                        None,
                    );
                    return None;
                }
                let mut ok = true;
                // Sets, not lists: an enum and an `in:` may both be long.
                let declared: std::collections::HashSet<&str> = values.iter().map(String::as_str).collect();
                for (p, v) in &chosen {
                    if !declared.contains(v.as_str()) {
                        ok = false;
                        let help = did_you_mean(v, values.iter().map(String::as_str))
                            .map(|s| format!("did you mean `{s}`?"))
                            .unwrap_or_else(|| {
                                format!(
                                    "`{fact}` takes: {}",
                                    crate::table::listed_values(&values, crate::table::Lang::En)
                                )
                            });
                        self.invalid(p, format!("`{v}` is not a value of `{fact}`"), Some(help));
                    }
                }
                // Keep the declared order so that equal sets compare equal.
                let wanted: std::collections::HashSet<&str> = chosen.iter().map(|(_, c)| c.as_str()).collect();
                let picked: Vec<String> = values.iter().filter(|v| wanted.contains(v.as_str())).cloned().collect();
                ok.then(|| Condition::OneOf { fact: fact.to_string(), values: picked })
            }
            _ => {
                if raw.one_of.is_some() {
                    self.report(
                        ProblemKind::Shape,
                        &join(path, "in"),
                        format!("`{fact}` is a number: use bounds, not `in:`"),
                        None,
                    );
                    return None;
                }
                let is_date = fact_type == FactType::Date;
                let value = |b: &mut Builder, key: &str, s: &Scalar| -> Option<Decimal> {
                    let p = join(path, key);
                    if is_date { b.date(&p, s).map(|d| Decimal::from(d.day_number())) } else { b.decimal(&p, s) }
                };
                let mut lower: Vec<Bound> = Vec::new();
                let mut upper: Vec<Bound> = Vec::new();
                let mut ok = true;
                let lowers = [
                    ("above", &raw.above, conv.above.is_inclusive()),
                    ("at_least", &raw.at_least, true),
                    ("more_than", &raw.more_than, false),
                ];
                let uppers = [
                    ("below", &raw.below, conv.below.is_inclusive()),
                    ("at_most", &raw.at_most, true),
                    ("less_than", &raw.less_than, false),
                ];
                for (key, v, inclusive) in lowers {
                    if let Some(s) = v {
                        match value(self, key, s) {
                            Some(value) => lower.push(Bound { value, inclusive }),
                            None => ok = false,
                        }
                    }
                }
                for (key, v, inclusive) in uppers {
                    if let Some(s) = v {
                        match value(self, key, s) {
                            Some(value) => upper.push(Bound { value, inclusive }),
                            None => ok = false,
                        }
                    }
                }
                if let Some(s) = &raw.is {
                    match value(self, "is", s) {
                        Some(value) => {
                            lower.push(Bound { value, inclusive: true });
                            upper.push(Bound { value, inclusive: true });
                        }
                        None => ok = false,
                    }
                }
                if lower.len() > 1 || upper.len() > 1 {
                    self.report(
                        ProblemKind::Shape,
                        path,
                        "a condition has at most one lower bound (above/at_least/more_than) and one upper bound (below/at_most/less_than)".into(),
                        None,
                    );
                    return None;
                }
                if lower.is_empty() && upper.is_empty() && ok {
                    self.report(
                        ProblemKind::Shape,
                        path,
                        format!("the condition on `{fact}` sets no bound"),
                        Some("add e.g. `at_least: 3`".into()),
                    );
                    return None;
                }
                let interval = Interval::new(lower.first().copied(), upper.first().copied());
                if ok && interval.is_empty() {
                    self.report(
                        ProblemKind::InvalidRange,
                        path,
                        format!("no value of `{fact}` satisfies this condition (empty interval)"),
                        None,
                    );
                    return None;
                }
                ok.then(|| Condition::Within { fact: fact.to_string(), interval })
            }
        }
    }
}
