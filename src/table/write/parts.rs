//! The model's parts as YAML nodes, the way `docs/FORMAT.md` writes them: conditions with
//! explicit ends (`at_least`, `more_than`, …, so no `boundaries` convention is needed to read
//! them back), fines, bands, sanctions, citations, periods, names.

use rust_decimal::Decimal;

use super::emit::{Map, Node, raw, text};
use crate::Date;
use crate::table::{
    Band, Benchmark, Citation, Coded, Condition, FactType, FineRule, Period, Range, SanctionSpec, SourceDocument, Text,
};

/// Writes parts; knows the rules so that date conditions are written as dates.
pub(super) struct Parts<'b> {
    pub(super) rules: &'b Benchmark,
}

pub(super) fn number(d: Decimal) -> Node {
    raw(d)
}

pub(super) fn date(d: Date) -> Node {
    raw(d)
}

/// `{zh: …, en: …}`, each only when present.
pub(super) fn name(t: &Text) -> Map {
    Map::new().opt("zh", t.zh.as_deref().map(text)).opt("en", t.en.as_deref().map(text))
}

pub(super) fn citation(c: &Citation) -> Node {
    Map::new()
        .with("instrument", text(&c.instrument))
        .opt("article", c.article.map(raw))
        .opt("paragraph", c.paragraph.map(raw))
        .opt("item", c.item.map(raw))
        .done()
}

pub(super) fn period(p: &Period) -> Node {
    Map::new().with("from", date(p.from)).opt("until", p.until.map(date)).done()
}

pub(super) fn source(s: &SourceDocument) -> Node {
    Map::new()
        .with("name", text(&s.name))
        .opt("number", s.number.as_deref().map(text))
        .opt("publication", s.publication.as_deref().map(text))
        .done()
}

pub(super) fn words(ws: &[String]) -> Vec<Node> {
    ws.iter().map(|w| text(w)).collect()
}

/// A range's ends as keys: `min`/`more_than` and `max`/`less_than`.
pub(super) fn ends(r: &Range) -> Map {
    Map::new()
        .opt(if r.excludes_min { "more_than" } else { "min" }, r.min.map(number))
        .opt(if r.excludes_max { "less_than" } else { "max" }, r.max.map(number))
}

pub(super) fn fine(f: &FineRule) -> Node {
    match f {
        FineRule::Amount(r) => ends(r).done(),
        FineRule::Multiple { of, range, base_floor } | FineRule::Percent { of, range, base_floor } => {
            let basis = if matches!(f, FineRule::Multiple { .. }) { "multiple" } else { "percent" };
            Map::new()
                .with("basis", raw(basis))
                .with("of", text(of))
                .extend(ends(range))
                .opt("base_floor", base_floor.map(number))
                .done()
        }
        FineRule::PerUnit { of, rate, cap } => Map::new()
            .with("basis", raw("per_unit"))
            .with("of", text(of))
            .with("rate", number(*rate))
            .opt("cap", cap.map(number))
            .done(),
        FineRule::Formula(formula) => {
            let terms = formula
                .terms
                .iter()
                .map(|t| {
                    Map::new()
                        .with("fact", text(&t.fact))
                        .with("from", number(t.from))
                        .with("per", number(t.per))
                        .with("add", number(t.add))
                        .with("rounding", raw(t.rounding.code()))
                        .done()
                })
                .collect();
            Map::new()
                .with("basis", raw("formula"))
                .with("start", number(formula.start))
                .with("terms", Node::Seq(terms))
                .extend(ends(&formula.range))
                .done()
        }
    }
}

impl Parts<'_> {
    /// A bound of a condition on `fact`: a date for date facts, else the number.
    fn bound(&self, fact: &str, value: Decimal) -> Node {
        let is_date = self.rules.fact(fact).is_some_and(|f| f.fact_type == FactType::Date);
        match i64::try_from(value).ok().and_then(Date::from_day_number) {
            Some(d) if is_date => date(d),
            _ => number(value),
        }
    }

    pub(super) fn condition(&self, c: &Condition) -> Node {
        match c {
            Condition::All(cs) => {
                Map::new().with("all", Node::Seq(cs.iter().map(|c| self.condition(c)).collect())).done()
            }
            Condition::Any(cs) => {
                Map::new().with("any", Node::Seq(cs.iter().map(|c| self.condition(c)).collect())).done()
            }
            Condition::Flag { fact, value } => Map::new().with("fact", text(fact)).with("is", raw(value)).done(),
            Condition::OneOf { fact, values } => match values.as_slice() {
                [one] => Map::new().with("fact", text(fact)).with("is", text(one)).done(),
                _ => Map::new().with("fact", text(fact)).with("in", Node::Seq(words(values))).done(),
            },
            Condition::Within { fact, interval } => {
                if let (Some(l), Some(u)) = (interval.lower, interval.upper)
                    && l.value == u.value
                    && l.inclusive
                    && u.inclusive
                {
                    return Map::new().with("fact", text(fact)).with("is", self.bound(fact, l.value)).done();
                }
                let lower = interval
                    .lower
                    .map(|b| (if b.inclusive { "at_least" } else { "more_than" }, self.bound(fact, b.value)));
                let upper = interval
                    .upper
                    .map(|b| (if b.inclusive { "at_most" } else { "less_than" }, self.bound(fact, b.value)));
                let mut m = Map::new().with("fact", text(fact));
                if let Some((k, v)) = lower {
                    m = m.with(k, v);
                }
                if let Some((k, v)) = upper {
                    m = m.with(k, v);
                }
                m.done()
            }
        }
    }

    /// `when:`, left out when the condition always holds.
    pub(super) fn when(&self, c: &Condition) -> Option<Node> {
        (*c != Condition::always()).then(|| self.condition(c))
    }

    pub(super) fn sanction(&self, s: &SanctionSpec) -> Node {
        let bare = s.quantity.is_none() && s.note.is_empty() && s.when.is_none() && !s.approval;
        if bare {
            return raw(s.kind.code());
        }
        let quantity = s.quantity.as_ref().map(|q| ends(&q.range).with("unit", text(&q.unit)).done());
        Map::new()
            .with("kind", raw(s.kind.code()))
            .opt("quantity", quantity)
            .map("note", name(&s.note))
            .opt("when", s.when.as_ref().map(|c| self.condition(c)))
            .opt("approval", s.approval.then(|| raw(true)))
            .done()
    }

    pub(super) fn sanctions(&self, list: &[SanctionSpec]) -> Vec<Node> {
        list.iter().map(|s| self.sanction(s)).collect()
    }

    /// The band fields every tier, cell and weight model carries.
    pub(super) fn band(&self, b: &Band) -> Map {
        let sanctions = Map::new()
            .list("required", self.sanctions(&b.required))
            .list("allowed", self.sanctions(&b.allowed))
            .list("one_of", b.one_of.iter().map(|g| Node::Seq(self.sanctions(g))).collect());
        Map::new()
            .opt("fine", b.fine.as_ref().map(fine))
            .opt("fine_optional", b.fine_optional.then(|| raw(true)))
            .opt("disposition", b.disposition.map(|d| raw(d.code())))
            .opt("branch", b.branch.as_deref().map(text))
            .map("sanctions", sanctions)
            .opt("legal_ground", b.legal_ground.as_ref().map(citation))
            .opt("deliberation_outside", b.deliberation_outside.then(|| raw(true)))
    }
}
