//! From raw documents to the validated model: parses numbers, dates and words with located
//! errors, resolves every reference, and reports *all* problems found, not only the first.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rust_decimal::Decimal;

use super::error::{Problem, ProblemKind, did_you_mean};
use super::model::*;
use super::raw::*;
use super::source::Position;
use crate::Date;

/// The fact every table may use without declaring it: the party's type.
pub const PARTY_FACT: &str = "party";

/// Collects problems while building; each problem names its file and YAML path, and its
/// position is filled in from the file's position map afterwards.
pub(crate) struct Builder {
    pub problems: Vec<Problem>,
    file: Arc<str>,
    facts: HashMap<String, FactType>,
}

/// Everything one file defines.
#[derive(Default)]
pub(crate) struct FileItems {
    pub factor_sets: Vec<FactorSet>,
    pub statutes: Vec<Statute>,
    pub table: Option<Table>,
}

fn origin(file: &Arc<str>, path: &str) -> Origin {
    Origin { file: file.clone(), path: path.to_string() }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

fn text(raw: &RawText) -> Text {
    Text { zh: raw.zh.clone(), en: raw.en.clone() }
}

/// The built-in `party` fact.
pub(crate) fn party_fact() -> Fact {
    Fact {
        id: PARTY_FACT.to_string(),
        fact_type: FactType::Enum(vec!["individual".into(), "organisation".into()]),
        unit: None,
        label: Text::new("当事人类型", "party type"),
        value_labels: vec![Text::new("个人", "individual"), Text::new("单位", "organisation")],
        origin: Origin::default(),
    }
}

impl Builder {
    pub(crate) fn new(facts: HashMap<String, FactType>) -> Builder {
        Builder { problems: Vec::new(), file: Arc::from(""), facts }
    }

    pub(crate) fn set_file(&mut self, file: &Arc<str>) {
        self.file = file.clone();
    }

    pub(crate) fn report(&mut self, kind: ProblemKind, path: &str, message: String, help: Option<String>) {
        self.problems.push(Problem {
            kind,
            file: self.file.clone(),
            position: Position::default(),
            path: path.to_string(),
            message,
            help,
        });
    }

    fn invalid(&mut self, path: &str, message: String, help: Option<String>) {
        self.report(ProblemKind::InvalidValue, path, message, help);
    }

    /// A word from a closed list, with a did-you-mean hint.
    fn word<T: Copy>(&mut self, path: &str, what: &str, got: &str, choices: &[(&str, T)]) -> Option<T> {
        if let Some((_, v)) = choices.iter().find(|(c, _)| *c == got) {
            return Some(*v);
        }
        let names: Vec<&str> = choices.iter().map(|(c, _)| *c).collect();
        let help = match did_you_mean(got, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("use one of: {}", names.join(", ")),
        };
        self.invalid(path, format!("`{got}` is not a valid {what}"), Some(help));
        None
    }

    fn id(&mut self, path: &str, id: &str) {
        let ok = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if !ok {
            self.invalid(
                path,
                format!("`{id}` is not a valid id"),
                Some("ids use ASCII letters, digits, `.`, `-` and `_`".into()),
            );
        }
    }

    /// An exact decimal: digits with an optional sign and decimal point, nothing else.
    pub(crate) fn decimal(&mut self, path: &str, s: &Scalar) -> Option<Decimal> {
        let t = s.0.trim();
        let body = t.strip_prefix('-').unwrap_or(t);
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let syntax_ok = !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
            && !(body.contains('.') && frac.is_empty());
        if !syntax_ok {
            self.invalid(
                path,
                format!("`{}` is not a decimal number", s.0),
                Some("write plain digits such as 5000 or 5000.00 (no separators, units or exponents)".into()),
            );
            return None;
        }
        match Decimal::from_str_exact(t) {
            Ok(d) => Some(d),
            Err(_) => {
                self.invalid(
                    path,
                    format!("`{}` cannot be held exactly", s.0),
                    Some("amounts may have at most 28 significant digits; nothing is rounded".into()),
                );
                None
            }
        }
    }

    fn non_negative(&mut self, path: &str, s: &Scalar) -> Option<Decimal> {
        let d = self.decimal(path, s)?;
        if d.is_sign_negative() && !d.is_zero() {
            self.invalid(path, format!("`{}` is negative", s.0), None);
            return None;
        }
        Some(d)
    }

    fn whole(&mut self, path: &str, s: &Scalar) -> Option<u32> {
        match s.0.trim().parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.invalid(path, format!("`{}` is not a whole number", s.0), None);
                None
            }
        }
    }

    pub(crate) fn date(&mut self, path: &str, s: &Scalar) -> Option<Date> {
        match s.0.trim().parse::<Date>() {
            Ok(d) => Some(d),
            Err(e) => {
                self.invalid(path, e.to_string(), Some("dates are written YYYY-MM-DD and must exist".into()));
                None
            }
        }
    }

    fn period(&mut self, path: &str, raw: &RawPeriod) -> Option<Period> {
        let from = self.date(&join(path, "from"), &raw.from);
        let until = raw.until.as_ref().map(|u| self.date(&join(path, "until"), u));
        let from = from?;
        let until = match until {
            Some(None) => return None,
            Some(Some(u)) => Some(u),
            None => None,
        };
        if let Some(u) = until
            && u < from
        {
            self.report(
                ProblemKind::InvalidRange,
                &join(path, "until"),
                format!("the period ends ({u}) before it starts ({from})"),
                None,
            );
            return None;
        }
        Some(Period { from, until })
    }

    fn citation(&mut self, path: &str, raw: &RawCitation) -> Citation {
        let mut number = |key: &str, v: &Option<Scalar>| v.as_ref().and_then(|v| self.whole(&join(path, key), v));
        let article = number("article", &raw.article);
        let paragraph = number("paragraph", &raw.paragraph);
        let item = number("item", &raw.item);
        if raw.instrument.trim().is_empty() {
            self.invalid(
                &join(path, "instrument"),
                "the instrument is empty".into(),
                Some("name the law, regulation or rule".into()),
            );
        }
        Citation { instrument: raw.instrument.clone(), article, paragraph, item }
    }

    fn source(raw: &RawSource) -> SourceDocument {
        SourceDocument { name: raw.name.clone(), number: raw.number.clone(), publication: raw.publication.clone() }
    }

    fn boundaries(&mut self, path: &str, raw: &RawBoundaries) -> BoundaryConvention {
        let choices = [("inclusive", Inclusion::Inclusive), ("exclusive", Inclusion::Exclusive)];
        let above = self.word(&join(path, "above"), "boundary inclusion", &raw.above, &choices);
        let below = self.word(&join(path, "below"), "boundary inclusion", &raw.below, &choices);
        BoundaryConvention {
            above: above.unwrap_or(Inclusion::Inclusive),
            below: below.unwrap_or(Inclusion::Inclusive),
        }
    }

    // ---- facts ----------------------------------------------------------------------------

    pub(crate) fn fact(&mut self, path: &str, raw: &RawFact) -> Option<Fact> {
        self.id(&join(path, "id"), &raw.id);
        let choices =
            [("amount", 0u8), ("count", 1), ("days", 2), ("quantity", 3), ("boolean", 4), ("enum", 5), ("date", 6)];
        let kind = self.word(&join(path, "type"), "fact type", &raw.fact_type, &choices)?;
        let mut values = Vec::new();
        let mut value_labels = Vec::new();
        for (i, v) in raw.values.iter().enumerate() {
            let (id, label) = match v {
                Short::Id(id) => (id.clone(), Text::default()),
                Short::Full(f) => (f.id.clone(), text(&f.name)),
            };
            let p = index(&join(path, "values"), i);
            self.id(&p, &id);
            if values.contains(&id) {
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
        Some(Fact {
            id: raw.id.clone(),
            fact_type,
            unit: raw.unit.clone(),
            label: text(&raw.name),
            value_labels,
            origin: origin(&self.file, path),
        })
    }

    /// Looks up a fact, reporting a dangling reference with a hint.
    fn fact_type(&mut self, path: &str, fact: &str) -> Option<FactType> {
        if let Some(t) = self.facts.get(fact) {
            return Some(t.clone());
        }
        let help = did_you_mean(fact, self.facts.keys().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some("declare it under `facts:` in any loaded file".into()));
        self.report(ProblemKind::DanglingReference, path, format!("unknown fact `{fact}`"), help);
        None
    }

    fn numeric_fact(&mut self, path: &str, fact: &str) -> bool {
        match self.fact_type(path, fact) {
            Some(FactType::Amount | FactType::Count | FactType::Days | FactType::Quantity) => true,
            Some(t) => {
                self.invalid(path, format!("fact `{fact}` is {t:?}, not a number a fine can be computed from"), None);
                false
            }
            None => false,
        }
    }

    // ---- conditions -----------------------------------------------------------------------

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
                for (p, v) in &chosen {
                    if !values.contains(v) {
                        ok = false;
                        let help = did_you_mean(v, values.iter().map(String::as_str))
                            .map(|s| format!("did you mean `{s}`?"))
                            .unwrap_or_else(|| format!("`{fact}` takes: {}", values.join(", ")));
                        self.invalid(p, format!("`{v}` is not a value of `{fact}`"), Some(help));
                    }
                }
                // Keep the declared order so that equal sets compare equal.
                let picked: Vec<String> =
                    values.iter().filter(|v| chosen.iter().any(|(_, c)| c == *v)).cloned().collect();
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

    // ---- fines and sanctions --------------------------------------------------------------

    pub(crate) fn fine(&mut self, path: &str, raw: &RawFine) -> Option<FineRule> {
        let basis = raw.basis.as_deref().unwrap_or("amount");
        let kind = self.word(
            &join(path, "basis"),
            "fine basis",
            basis,
            &[("amount", 0u8), ("multiple", 1), ("percent", 2), ("per_unit", 3)],
        )?;
        let forbid = |b: &mut Builder, key: &str, present: bool| {
            if present {
                b.report(
                    ProblemKind::Shape,
                    &join(path, key),
                    format!("`{key}` does not apply to a fine of basis `{basis}`"),
                    None,
                );
            }
        };
        let range = |b: &mut Builder| -> Option<Range> {
            let min = raw.min.as_ref().map(|s| b.non_negative(&join(path, "min"), s));
            let max = raw.max.as_ref().map(|s| b.non_negative(&join(path, "max"), s));
            let exactly = raw.exactly.as_ref().map(|s| b.non_negative(&join(path, "exactly"), s));
            if exactly.is_some() && (min.is_some() || max.is_some()) {
                b.report(
                    ProblemKind::Shape,
                    &join(path, "exactly"),
                    "give either `exactly` or `min`/`max`".into(),
                    None,
                );
                return None;
            }
            if let Some(e) = exactly {
                return e.map(Range::exactly);
            }
            if min.is_none() && max.is_none() {
                b.report(
                    ProblemKind::Shape,
                    path,
                    "the fine gives no amount".into(),
                    Some("add `min:`, `max:` or `exactly:`".into()),
                );
                return None;
            }
            let (min, max) = (min.flatten(), max.flatten());
            if raw.min.is_some() && min.is_none() || raw.max.is_some() && max.is_none() {
                return None;
            }
            if let (Some(lo), Some(hi)) = (min, max)
                && lo > hi
            {
                b.report(
                    ProblemKind::InvalidRange,
                    &join(path, "min"),
                    format!("min {lo} is greater than max {hi}"),
                    Some("swap them, or fix the typo".into()),
                );
                return None;
            }
            Some(Range { min, max })
        };
        let base = |b: &mut Builder| -> Option<String> {
            let Some(of) = &raw.of else {
                b.report(
                    ProblemKind::Shape,
                    path,
                    format!("a fine of basis `{basis}` needs `of:`, the fact it is computed from"),
                    None,
                );
                return None;
            };
            b.numeric_fact(&join(path, "of"), of).then(|| of.clone())
        };
        match kind {
            0 => {
                forbid(self, "of", raw.of.is_some());
                forbid(self, "base_floor", raw.base_floor.is_some());
                forbid(self, "rate", raw.rate.is_some());
                forbid(self, "cap", raw.cap.is_some());
                range(self).map(FineRule::Amount)
            }
            1 | 2 => {
                forbid(self, "rate", raw.rate.is_some());
                forbid(self, "cap", raw.cap.is_some());
                let of = base(self);
                let range = range(self);
                let base_floor = raw.base_floor.as_ref().map(|s| self.non_negative(&join(path, "base_floor"), s));
                if base_floor == Some(None) {
                    return None;
                }
                let (of, range, base_floor) = (of?, range?, base_floor.flatten());
                Some(if kind == 1 {
                    FineRule::Multiple { of, range, base_floor }
                } else {
                    FineRule::Percent { of, range, base_floor }
                })
            }
            _ => {
                for (key, present) in [
                    ("min", raw.min.is_some()),
                    ("max", raw.max.is_some()),
                    ("exactly", raw.exactly.is_some()),
                    ("base_floor", raw.base_floor.is_some()),
                ] {
                    forbid(self, key, present);
                }
                let of = base(self);
                let rate = match &raw.rate {
                    Some(s) => self.non_negative(&join(path, "rate"), s),
                    None => {
                        self.report(ProblemKind::Shape, path, "a per-unit fine needs `rate:`".into(), None);
                        None
                    }
                };
                let cap = raw.cap.as_ref().map(|s| self.non_negative(&join(path, "cap"), s));
                if cap == Some(None) {
                    return None;
                }
                Some(FineRule::PerUnit { of: of?, rate: rate?, cap: cap.flatten() })
            }
        }
    }

    fn sanction(&mut self, path: &str, raw: &Short<RawSanction>) -> Option<SanctionSpec> {
        let kinds: Vec<(&str, SanctionKind)> = SanctionKind::ALL.iter().map(|(k, c)| (*c, *k)).collect();
        match raw {
            Short::Id(id) => self.word(path, "sanction kind", id, &kinds).map(SanctionSpec::of),
            Short::Full(s) => {
                let kind = self.word(&join(path, "kind"), "sanction kind", &s.kind, &kinds);
                let duration = match &s.duration {
                    None => None,
                    Some(d) => {
                        let dp = join(path, "duration");
                        let unit = self.word(
                            &join(&dp, "unit"),
                            "duration unit",
                            &d.unit,
                            &[
                                ("days", DurationUnit::Days),
                                ("months", DurationUnit::Months),
                                ("years", DurationUnit::Years),
                            ],
                        );
                        let min = d.min.as_ref().and_then(|v| self.non_negative(&join(&dp, "min"), v));
                        let max = d.max.as_ref().and_then(|v| self.non_negative(&join(&dp, "max"), v));
                        if let (Some(lo), Some(hi)) = (min, max)
                            && lo > hi
                        {
                            self.report(
                                ProblemKind::InvalidRange,
                                &join(&dp, "min"),
                                format!("min {lo} is greater than max {hi}"),
                                None,
                            );
                        }
                        unit.map(|u| (Range { min, max }, u))
                    }
                };
                Some(SanctionSpec { kind: kind?, duration, note: text(&s.note) })
            }
        }
    }

    fn sanctions(&mut self, path: &str, raw: &[Short<RawSanction>]) -> Vec<SanctionSpec> {
        raw.iter().enumerate().filter_map(|(i, s)| self.sanction(&index(path, i), s)).collect()
    }

    fn disposition(&mut self, path: &str, word: &str) -> Option<Disposition> {
        self.word(
            path,
            "disposition",
            word,
            &[
                ("no_penalty", Disposition::NoPenalty),
                ("mitigated", Disposition::Mitigated),
                ("lighter", Disposition::Lighter),
                ("ordinary", Disposition::Ordinary),
                ("heavier", Disposition::Heavier),
            ],
        )
    }

    fn band(&mut self, path: &str, raw: RawBand<'_>) -> Band {
        let fine = raw.fine.and_then(|f| self.fine(&join(path, "fine"), f));
        let disposition = raw.disposition.and_then(|d| self.disposition(&join(path, "disposition"), d));
        let sp = join(path, "sanctions");
        let required = self.sanctions(&join(&sp, "required"), &raw.sanctions.required);
        let allowed = self.sanctions(&join(&sp, "allowed"), &raw.sanctions.allowed);
        let legal_ground = raw.legal_ground.map(|c| self.citation(&join(path, "legal_ground"), c));
        Band {
            fine,
            disposition,
            branch: raw.branch.map(str::to_string),
            required,
            allowed,
            legal_ground,
            deliberation_outside: raw.deliberation_outside,
        }
    }

    // ---- statutes, factors, exemptions ---------------------------------------------------

    pub(crate) fn statute(&mut self, path: &str, raw: &RawStatute) -> Statute {
        self.id(&join(path, "id"), &raw.id);
        let conv = match &raw.boundaries {
            Some(b) => self.boundaries(&join(path, "boundaries"), b),
            None => BoundaryConvention::default(),
        };
        let mut versions = Vec::new();
        for (i, v) in raw.versions.iter().enumerate() {
            let vp = index(&join(path, "versions"), i);
            let effective = self.period(&join(&vp, "effective"), &v.effective);
            let mut branches = Vec::new();
            let mut seen = HashSet::new();
            for (j, b) in v.branches.iter().enumerate() {
                let bp = index(&join(&vp, "branches"), j);
                self.id(&join(&bp, "id"), &b.id);
                if !seen.insert(b.id.clone()) {
                    self.report(
                        ProblemKind::DuplicateId,
                        &join(&bp, "id"),
                        format!("branch `{}` is defined twice in this version", b.id),
                        None,
                    );
                }
                let when = b.when.as_ref().and_then(|c| self.condition(&join(&bp, "when"), c, None, conv));
                let fine = b.fine.as_ref().and_then(|f| self.fine(&join(&bp, "fine"), f));
                let sanctions = self.sanctions(&join(&bp, "sanctions"), &b.sanctions);
                branches.push(StatuteBranch { id: b.id.clone(), label: text(&b.name), when, fine, sanctions });
            }
            if v.branches.is_empty() {
                self.report(
                    ProblemKind::Shape,
                    &join(&vp, "branches"),
                    "a statute version needs at least one branch".into(),
                    None,
                );
            }
            if let Some(effective) = effective {
                versions.push(StatuteVersion {
                    effective,
                    source: v.source.as_ref().map(Self::source),
                    branches,
                    origin: origin(&self.file, &vp),
                });
            }
        }
        if raw.versions.is_empty() {
            self.report(
                ProblemKind::Shape,
                &join(path, "versions"),
                "a statute needs at least one version".into(),
                None,
            );
        }
        versions.sort_by_key(|v| v.effective.from);
        Statute {
            id: raw.id.clone(),
            label: text(&raw.name),
            citation: self.citation(&join(path, "citation"), &raw.citation),
            versions,
            origin: origin(&self.file, path),
        }
    }

    pub(crate) fn factor(&mut self, path: &str, raw: &RawFactor) -> Option<Factor> {
        self.id(&join(path, "id"), &raw.id);
        let effect = self.word(
            &join(path, "effect"),
            "factor effect",
            &raw.effect,
            &[
                ("no_penalty", Effect::NoPenalty),
                ("may_no_penalty", Effect::MayNoPenalty),
                ("must_lighten_or_mitigate", Effect::MustLightenOrMitigate),
                ("may_lighten_or_mitigate", Effect::MayLightenOrMitigate),
                ("heavier", Effect::Heavier),
            ],
        );
        let citation = self.citation(&join(path, "citation"), &raw.citation);
        Some(Factor {
            id: raw.id.clone(),
            label: text(&raw.name),
            effect: effect?,
            citation,
            excludes: raw.excludes.clone(),
            origin: origin(&self.file, path),
        })
    }

    pub(crate) fn factor_set(&mut self, path: &str, raw: &RawFactorSet) -> FactorSet {
        self.id(&join(path, "id"), &raw.id);
        let factors = raw
            .factors
            .iter()
            .enumerate()
            .filter_map(|(i, f)| self.factor(&index(&join(path, "factors"), i), f))
            .collect();
        FactorSet { id: raw.id.clone(), label: text(&raw.name), factors, origin: origin(&self.file, path) }
    }

    fn exemption(&mut self, path: &str, raw: &RawExemption, conv: BoundaryConvention) -> Option<Exemption> {
        self.id(&join(path, "id"), &raw.id);
        let kind = self.word(
            &join(path, "kind"),
            "exemption kind",
            &raw.kind,
            &[("mandatory", ExemptionKind::Mandatory), ("discretionary", ExemptionKind::Discretionary)],
        );
        let when = self.condition(&join(path, "when"), &raw.when, None, conv);
        let basis = self.citation(&join(path, "basis"), &raw.basis);
        Some(Exemption {
            id: raw.id.clone(),
            label: text(&raw.name),
            violations: raw.violations.clone(),
            kind: kind?,
            when: when?,
            basis,
            origin: origin(&self.file, path),
        })
    }

    // ---- violations and their schemes -----------------------------------------------------

    fn violation(&mut self, path: &str, raw: &RawViolation, conv: BoundaryConvention) -> Option<Violation> {
        self.id(&join(path, "id"), &raw.id);
        let lp = join(path, "legal_basis");
        let violated = raw
            .legal_basis
            .violated
            .iter()
            .enumerate()
            .map(|(i, c)| self.citation(&index(&join(&lp, "violated"), i), c))
            .collect();
        let penalty = raw
            .legal_basis
            .penalty
            .iter()
            .enumerate()
            .map(|(i, c)| self.citation(&index(&join(&lp, "penalty"), i), c))
            .collect();
        let given: Vec<&str> =
            [("tiers", raw.tiers.is_some()), ("matrix", raw.matrix.is_some()), ("weights", raw.weights.is_some())]
                .iter()
                .filter(|(_, g)| *g)
                .map(|(n, _)| *n)
                .collect();
        if given.len() != 1 {
            let message = if given.is_empty() {
                "the violation has no benchmark".to_string()
            } else {
                format!("the violation has several benchmarks ({}); give exactly one", given.join(", "))
            };
            self.report(ProblemKind::Shape, path, message, Some("add one of `tiers:`, `matrix:` or `weights:`".into()));
            return None;
        }
        if raw.overlap.is_some() && raw.tiers.is_none() {
            self.report(ProblemKind::Shape, &join(path, "overlap"), "`overlap` applies to tiers only".into(), None);
        }
        let scheme = if let Some(tiers) = &raw.tiers {
            let overlap = match &raw.overlap {
                Some(w) => self.word(
                    &join(path, "overlap"),
                    "overlap policy",
                    w,
                    &[("forbidden", OverlapPolicy::Forbidden), ("heavier_wins", OverlapPolicy::HeavierWins)],
                )?,
                None => OverlapPolicy::Forbidden,
            };
            self.tiers(&join(path, "tiers"), tiers, conv).map(|tiers| Scheme::Tiers { overlap, tiers })
        } else if let Some(m) = &raw.matrix {
            self.matrix(&join(path, "matrix"), m, conv)
        } else {
            raw.weights
                .as_ref()
                .and_then(|w| self.weights(&join(path, "weights"), w, conv))
                .map(|w| Scheme::Weights(Box::new(w)))
        };
        Some(Violation {
            id: raw.id.clone(),
            label: text(&raw.name),
            legal_basis: LegalBasis { violated, penalty },
            statute: raw.statute.clone(),
            scheme: scheme?,
            note: raw.note.clone(),
            origin: origin(&self.file, path),
        })
    }

    fn tiers(&mut self, path: &str, raw: &[RawTier], conv: BoundaryConvention) -> Option<Vec<Tier>> {
        if raw.is_empty() {
            self.report(ProblemKind::Shape, path, "no tiers are listed".into(), None);
            return None;
        }
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (i, t) in raw.iter().enumerate() {
            let tp = index(path, i);
            self.id(&join(&tp, "id"), &t.id);
            if !seen.insert(t.id.clone()) {
                self.report(
                    ProblemKind::DuplicateId,
                    &join(&tp, "id"),
                    format!("tier `{}` is defined twice", t.id),
                    None,
                );
            }
            let rank = match &t.rank {
                Some(r) => self.whole(&join(&tp, "rank"), r).unwrap_or(0),
                None => u32::try_from(i + 1).unwrap_or(u32::MAX),
            };
            let when = match &t.when {
                Some(c) => self.condition(&join(&tp, "when"), c, None, conv),
                None => Some(Condition::always()),
            };
            let band = self.band(&tp, t.band());
            if let Some(when) = when {
                out.push(Tier {
                    id: t.id.clone(),
                    rank,
                    label: text(&t.name),
                    when,
                    band,
                    origin: origin(&self.file, &tp),
                });
            }
        }
        (out.len() == raw.len()).then_some(out)
    }

    fn matrix(&mut self, path: &str, raw: &RawMatrix, conv: BoundaryConvention) -> Option<Scheme> {
        let mut axes = Vec::new();
        for (i, a) in raw.axes.iter().enumerate() {
            let ap = index(&join(path, "axes"), i);
            self.id(&join(&ap, "id"), &a.id);
            let mut grades = Vec::new();
            for (j, g) in a.grades.iter().enumerate() {
                let gp = index(&join(&ap, "grades"), j);
                self.id(&join(&gp, "id"), &g.id);
                if a.grades.iter().take(j).any(|o| o.id == g.id) {
                    self.report(
                        ProblemKind::DuplicateId,
                        &join(&gp, "id"),
                        format!("grade `{}` is defined twice on axis `{}`", g.id, a.id),
                        None,
                    );
                }
                if let Some(when) = self.condition(&join(&gp, "when"), &g.when, a.fact.as_deref(), conv) {
                    grades.push(Grade { id: g.id.clone(), label: text(&g.name), when });
                }
            }
            axes.push(Axis { id: a.id.clone(), label: text(&a.name), grades });
        }
        if raw.axes.is_empty() {
            self.report(ProblemKind::Shape, &join(path, "axes"), "a matrix needs at least one axis".into(), None);
            return None;
        }
        let mut cells = Vec::new();
        let mut seen = HashSet::new();
        for (i, c) in raw.cells.iter().enumerate() {
            let cp = index(&join(path, "cells"), i);
            if c.at.len() != axes.len() {
                self.report(
                    ProblemKind::Shape,
                    &join(&cp, "at"),
                    format!("the cell names {} grades but the matrix has {} axes", c.at.len(), axes.len()),
                    Some(format!(
                        "list one grade per axis, in order: {}",
                        axes.iter().map(|a| a.id.as_str()).collect::<Vec<_>>().join(", ")
                    )),
                );
                continue;
            }
            let mut at = Vec::new();
            for (k, (g, axis)) in c.at.iter().zip(&axes).enumerate() {
                match axis.grades.iter().position(|x| &x.id == g) {
                    Some(p) => at.push(p),
                    None => {
                        let help = did_you_mean(g, axis.grades.iter().map(|x| x.id.as_str()))
                            .map(|s| format!("did you mean `{s}`?"));
                        self.report(
                            ProblemKind::DanglingReference,
                            &index(&join(&cp, "at"), k),
                            format!("`{g}` is not a grade of axis `{}`", axis.id),
                            help,
                        );
                    }
                }
            }
            let band = self.band(&cp, c.band());
            if at.len() == axes.len() {
                if !seen.insert(at.clone()) {
                    self.report(
                        ProblemKind::DuplicateId,
                        &join(&cp, "at"),
                        format!("cell [{}] is defined twice", c.at.join(", ")),
                        None,
                    );
                }
                cells.push(Cell { at, band, origin: origin(&self.file, &cp) });
            }
        }
        Some(Scheme::Matrix { axes, cells })
    }

    fn weights(&mut self, path: &str, raw: &RawWeights, conv: BoundaryConvention) -> Option<WeightModel> {
        let start = self.non_negative(&join(path, "start"), &raw.start);
        let cap = match &raw.cap {
            Some(c) => self.non_negative(&join(path, "cap"), c),
            None => Some(Decimal::ONE_HUNDRED),
        };
        let floor = raw.floor.as_ref().map(|f| self.non_negative(&join(path, "floor"), f));
        let mut factors = Vec::new();
        for (i, f) in raw.factors.iter().enumerate() {
            let fp = index(&join(path, "factors"), i);
            self.id(&join(&fp, "id"), &f.id);
            let mut grades = Vec::new();
            for (j, g) in f.grades.iter().enumerate() {
                let gp = index(&join(&fp, "grades"), j);
                let when = self.condition(&join(&gp, "when"), &g.when, f.fact.as_deref(), conv);
                let weight = self.decimal(&join(&gp, "weight"), &g.weight);
                if let (Some(when), Some(weight)) = (when, weight) {
                    grades.push(WeightGrade { label: text(&g.name), when, weight });
                }
            }
            factors.push(WeightFactor { id: f.id.clone(), label: text(&f.name), grades });
        }
        let band = self.band(path, raw.band());
        if raw.fine.is_some() {
            self.report(
                ProblemKind::Shape,
                &join(path, "fine"),
                "a weight model computes its fine; it has no `fine:`".into(),
                None,
            );
        }
        let (start, cap) = (start?, cap?);
        if let Some(Some(f)) = floor
            && f > cap
        {
            self.report(ProblemKind::InvalidRange, &join(path, "floor"), format!("floor {f} is above cap {cap}"), None);
        }
        Some(WeightModel { start, cap, floor: floor.flatten(), factors, band, origin: origin(&self.file, path) })
    }

    // ---- tables ---------------------------------------------------------------------------

    pub(crate) fn table(
        &mut self,
        raw: &RawTable,
        violations: &[RawViolation],
        exemptions: &[RawExemption],
    ) -> Option<Table> {
        let p = "table";
        self.id(&join(p, "id"), &raw.id);
        let conv = self.boundaries(&join(p, "boundaries"), &raw.boundaries);
        let effective = self.period(&join(p, "effective"), &raw.effective);
        let currency = raw.currency.trim();
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            self.invalid(
                &join(p, "currency"),
                format!("`{currency}` is not an ISO 4217 currency code"),
                Some("e.g. CNY".into()),
            );
        }
        let placement = raw
            .placement
            .iter()
            .enumerate()
            .filter_map(|(i, r)| self.placement(&index(&join(p, "placement"), i), r))
            .collect();
        let hearing = raw.hearing.as_ref().map(|h| {
            let hp = join(p, "hearing");
            HearingThresholds {
                individual: h.individual.as_ref().and_then(|v| self.non_negative(&join(&hp, "individual"), v)),
                organisation: h.organisation.as_ref().and_then(|v| self.non_negative(&join(&hp, "organisation"), v)),
            }
        });
        let languages = raw
            .languages
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                self.word(&index(&join(p, "languages"), i), "language", l, &[("zh", Lang::Zh), ("en", Lang::En)])
            })
            .collect();
        let factors = raw
            .factors
            .iter()
            .enumerate()
            .filter_map(|(i, f)| self.factor(&index(&join(p, "factors"), i), f))
            .collect();
        let violations: Vec<Violation> = violations
            .iter()
            .enumerate()
            .filter_map(|(i, v)| self.violation(&index("violations", i), v, conv))
            .collect();
        let exemptions = exemptions
            .iter()
            .enumerate()
            .filter_map(|(i, e)| self.exemption(&index("exemptions", i), e, conv))
            .collect();
        Some(Table {
            id: raw.id.clone(),
            version: raw.version.as_ref().map(|v| v.0.clone()),
            title: text(&raw.title),
            authority: text(&raw.authority),
            jurisdiction: raw.jurisdiction.clone(),
            currency: currency.to_string(),
            // A bad period has been reported; a placeholder keeps the table so that the
            // problems inside it are reported too (the load fails either way).
            effective: effective.unwrap_or(Period { from: Date::MIN, until: None }),
            source: Self::source(&raw.source),
            parent: raw.parent.clone(),
            boundaries: conv,
            placement,
            hearing,
            languages,
            factor_sets: raw.factor_sets.clone(),
            factors,
            violations,
            exemptions,
            note: raw.note.clone(),
            origin: origin(&self.file, p),
        })
    }

    fn placement(&mut self, path: &str, raw: &RawPlacement) -> Option<PlacementRule> {
        let applies_to = self.word(
            &join(path, "applies_to"),
            "statute shape",
            &raw.applies_to,
            &[
                ("range", StatuteShape::Range),
                ("max_only", StatuteShape::MaxOnly),
                ("min_only", StatuteShape::MinOnly),
                ("multiple", StatuteShape::Multiple),
            ],
        );
        let disposition = self.disposition(&join(path, "disposition"), &raw.disposition);
        let mut anchors = Vec::new();
        if let Some(s) = &raw.share_of_max {
            anchors.push(self.non_negative(&join(path, "share_of_max"), s).map(PlacementAnchor::ShareOfMax));
        }
        if let Some(s) = &raw.multiple_of_min {
            anchors.push(self.non_negative(&join(path, "multiple_of_min"), s).map(PlacementAnchor::MultipleOfMin));
        }
        if raw.midpoint == Some(true) {
            anchors.push(Some(PlacementAnchor::Midpoint));
        }
        if anchors.len() != 1 {
            self.report(
                ProblemKind::Shape,
                path,
                "a placement rule has exactly one anchor".into(),
                Some("one of `share_of_max: 0.5`, `multiple_of_min: 2`, `midpoint: true`".into()),
            );
            return None;
        }
        let tolerance = match &raw.tolerance {
            Some(t) => self.non_negative(&join(path, "tolerance"), t)?,
            None => Decimal::new(1, 1),
        };
        Some(PlacementRule {
            applies_to: applies_to?,
            disposition: disposition?,
            anchor: anchors.pop().flatten()?,
            tolerance,
        })
    }

    /// Builds everything in one file except its facts (built beforehand, for all files).
    pub(crate) fn file(&mut self, doc: &RawDocument) -> FileItems {
        let mut items = FileItems::default();
        match &doc.discretion {
            Some(v) if v.0.trim() == "1" => {}
            Some(v) => self.invalid(
                "discretion",
                format!("format version `{}` is not supported", v.0),
                Some("this version of discretion reads `discretion: 1`".into()),
            ),
            None => self.report(
                ProblemKind::Shape,
                "",
                "the file does not declare its format version".into(),
                Some("start the file with `discretion: 1`".into()),
            ),
        }
        items.factor_sets =
            doc.factor_sets.iter().enumerate().map(|(i, s)| self.factor_set(&index("factor_sets", i), s)).collect();
        items.statutes = doc.statutes.iter().enumerate().map(|(i, s)| self.statute(&index("statutes", i), s)).collect();
        match &doc.table {
            Some(t) => items.table = self.table(t, &doc.violations, &doc.exemptions),
            None if !doc.violations.is_empty() || !doc.exemptions.is_empty() => self.report(
                ProblemKind::Shape,
                "",
                "violations and exemptions belong to a table, but the file has no `table:`".into(),
                Some("add the table's metadata under `table:`".into()),
            ),
            None => {}
        }
        items
    }
}
