//! Declared facts, and looking them up from conditions and fines.

use super::*;

impl Builder {
    pub(crate) fn fact(&mut self, path: &str, raw: &RawFact) -> Option<Fact> {
        self.id(&join(path, "id"), &raw.id);
        let choices =
            [("amount", 0u8), ("count", 1), ("days", 2), ("quantity", 3), ("boolean", 4), ("enum", 5), ("date", 6)];
        let kind = self.word(&join(path, "type"), "fact type", &raw.fact_type, &choices)?;
        let mut values = Vec::new();
        let mut value_labels = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, v) in raw.values.iter().enumerate() {
            let (id, label) = match v {
                Short::Id(id) => (id.clone(), Text::default()),
                Short::Full(f) => (f.id.clone(), text(&f.name)),
            };
            let p = index(&join(path, "values"), i);
            self.id(&p, &id);
            if !seen.insert(id.clone()) {
                self.report(ProblemKind::DuplicateId, &p, format!("enum value `{id}` is listed twice"), None);
            }
            values.push(id);
            value_labels.push(label);
        }
        let fact_type = match kind {
            0 => FactType::Amount,
            1 => FactType::Count,
            2 => FactType::Days,
            3 => FactType::Quantity,
            4 => FactType::Boolean,
            6 => FactType::Date,
            _ => {
                if values.is_empty() {
                    self.report(
                        ProblemKind::Shape,
                        &join(path, "values"),
                        "an enum fact needs its values, listed light to heavy".into(),
                        Some("add `values: [a, b, c]`".into()),
                    );
                }
                FactType::Enum(values.clone())
            }
        };
        if !matches!(fact_type, FactType::Enum(_)) && !raw.values.is_empty() {
            self.report(ProblemKind::Shape, &join(path, "values"), "only enum facts have values".into(), None);
        }
        let numeric = matches!(fact_type, FactType::Amount | FactType::Count | FactType::Days | FactType::Quantity);
        if !numeric && (raw.min.is_some() || raw.max.is_some()) {
            self.report(ProblemKind::Shape, path, "only numeric facts have `min`/`max`".into(), None);
        }
        let min = raw.min.as_ref().and_then(|s| self.decimal(&join(path, "min"), s));
        let max = raw.max.as_ref().and_then(|s| self.decimal(&join(path, "max"), s));
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            self.report(
                ProblemKind::InvalidRange,
                &join(path, "min"),
                format!("min {lo} is greater than max {hi}"),
                None,
            );
        }
        // Amounts, counts, days and quantities are never negative unless a table says so.
        let domain = Range { min: min.or(numeric.then_some(Decimal::ZERO)), max, ..Range::default() };
        Some(Fact {
            id: raw.id.clone(),
            fact_type,
            domain,
            unit: raw.unit.clone(),
            label: text(&raw.name),
            value_labels,
            origin: origin(&self.file, path),
        })
    }

    /// Checks the fact an axis or weight factor names for its grades' conditions (`fact:`),
    /// once, where it is written: an unknown one is said there, and not again at each grade
    /// that reads it.
    pub(super) fn default_fact(&mut self, path: &str, fact: Option<&str>) {
        if let Some(fact) = fact
            && self.fact_type(path, fact).is_none()
        {
            self.unusable.insert(fact.to_string());
        }
    }

    /// Looks up a fact, reporting a dangling reference with a hint.
    pub(super) fn fact_type(&mut self, path: &str, fact: &str) -> Option<FactType> {
        if let Some(t) = self.facts.get(fact) {
            return Some(t.clone());
        }
        if self.unusable.contains(fact) {
            return None;
        }
        let help = did_you_mean(fact, self.facts.keys().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some("declare it under `facts:` in any loaded file".into()));
        self.report(ProblemKind::DanglingReference, path, format!("unknown fact `{fact}`"), help);
        None
    }

    pub(super) fn numeric_fact(&mut self, path: &str, fact: &str) -> bool {
        match self.fact_type(path, fact) {
            Some(FactType::Amount | FactType::Count | FactType::Days | FactType::Quantity) => true,
            Some(t) => {
                let kind = match &t {
                    FactType::Enum(values) => format!("an enum ({})", values.join(", ")),
                    other => format!("a {} fact", other.code()),
                };
                self.invalid(path, format!("fact `{fact}` is {kind}, not a number a fine can be computed from"), None);
                false
            }
            None => false,
        }
    }
}

impl Builder {
    /// A declared unit (`units: [{id: points, name: {zh: 分, en: points}}]`).
    pub(crate) fn unit_decl(&mut self, path: &str, raw: &RawUnit) -> Unit {
        self.id(&join(path, "id"), &raw.id);
        Unit {
            id: raw.id.clone(),
            label: text(&raw.name),
            aliases: raw.aliases.clone(),
            origin: origin(&self.file, path),
        }
    }
}
