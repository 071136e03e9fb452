//! Fines, ranges, formulas, sanctions, dispositions and the band fields shared by tiers, cells
//! and weight models.

use super::*;

/// The keys that give a range's ends, for messages.
const RANGE_KEYS: &str = "`min`/`max`, `above`/`below`, `more_than`/`less_than` or `exactly`";

/// The range keys of a raw mapping, borrowed (fines, quantities and adjustment shares share them).
pub(super) struct RangeKeys<'a> {
    pub min: Option<&'a Scalar>,
    pub max: Option<&'a Scalar>,
    pub above: Option<&'a Scalar>,
    pub below: Option<&'a Scalar>,
    pub more_than: Option<&'a Scalar>,
    pub less_than: Option<&'a Scalar>,
    pub exactly: Option<&'a Scalar>,
}

impl<'a> RangeKeys<'a> {
    pub(super) fn of_fine(f: &'a RawFine) -> RangeKeys<'a> {
        RangeKeys {
            min: f.min.as_ref(),
            max: f.max.as_ref(),
            above: f.above.as_ref(),
            below: f.below.as_ref(),
            more_than: f.more_than.as_ref(),
            less_than: f.less_than.as_ref(),
            exactly: f.exactly.as_ref(),
        }
    }

    fn of_quantity(q: &'a RawQuantity) -> RangeKeys<'a> {
        RangeKeys {
            min: q.min.as_ref(),
            max: q.max.as_ref(),
            above: q.above.as_ref(),
            below: q.below.as_ref(),
            more_than: q.more_than.as_ref(),
            less_than: q.less_than.as_ref(),
            exactly: q.exactly.as_ref(),
        }
    }

    fn any(&self) -> bool {
        [self.min, self.max, self.above, self.below, self.more_than, self.less_than, self.exactly]
            .iter()
            .any(Option::is_some)
    }
}

impl Builder {
    /// A range from `min`/`max` (inclusive), `above`/`below` (以上/以下, by the table's
    /// convention), `more_than`/`less_than` (exclusive) or `exactly`; at most one lower and one
    /// upper end; never empty; never negative.
    pub(super) fn range(&mut self, path: &str, keys: &RangeKeys<'_>, conv: BoundaryConvention) -> Option<Range> {
        if !keys.any() {
            self.report(ProblemKind::Shape, path, "no amount is given".into(), Some(format!("add {RANGE_KEYS}")));
            return None;
        }
        let mut ok = true;
        let mut end = |b: &mut Builder,
                       key: &'static str,
                       v: Option<&Scalar>,
                       excluded: bool|
         -> Option<(Decimal, bool, &'static str)> {
            let v = v?;
            match b.non_negative(&join(path, key), v) {
                Some(d) => Some((d, excluded, key)),
                None => {
                    ok = false;
                    None
                }
            }
        };
        let lowers: Vec<(Decimal, bool, &str)> = [
            end(self, "min", keys.min, false),
            end(self, "above", keys.above, !conv.above.is_inclusive()),
            end(self, "more_than", keys.more_than, true),
        ]
        .into_iter()
        .flatten()
        .collect();
        let uppers: Vec<(Decimal, bool, &str)> = [
            end(self, "max", keys.max, false),
            end(self, "below", keys.below, !conv.below.is_inclusive()),
            end(self, "less_than", keys.less_than, true),
        ]
        .into_iter()
        .flatten()
        .collect();
        let exactly = end(self, "exactly", keys.exactly, false);
        if !ok {
            return None;
        }
        if let Some((e, _, _)) = exactly {
            if !lowers.is_empty() || !uppers.is_empty() {
                self.report(
                    ProblemKind::Shape,
                    &join(path, "exactly"),
                    "give either `exactly` or the range's ends".into(),
                    None,
                );
                return None;
            }
            return Some(Range::exactly(e));
        }
        if lowers.len() > 1 || uppers.len() > 1 {
            self.report(
                ProblemKind::Shape,
                path,
                "a range has at most one lower end (min/above/more_than) and one upper end (max/below/less_than)"
                    .into(),
                None,
            );
            return None;
        }
        let (lo, hi) = (lowers.first().copied(), uppers.first().copied());
        let range = Range {
            min: lo.map(|(d, _, _)| d),
            max: hi.map(|(d, _, _)| d),
            excludes_min: lo.is_some_and(|(_, x, _)| x),
            excludes_max: hi.is_some_and(|(_, x, _)| x),
        };
        if let (true, Some((a, _, ka)), Some((b, _, kb))) = (range.is_empty(), lo, hi) {
            let message = if a > b {
                format!("{ka} {a} is greater than {kb} {b}")
            } else {
                format!("no value lies between {ka} {a} and {kb} {b}: an end is excluded")
            };
            self.report(ProblemKind::InvalidRange, &join(path, ka), message, Some("swap them, or fix the typo".into()));
            return None;
        }
        Some(range)
    }

    pub(crate) fn fine(&mut self, path: &str, raw: &RawFine, conv: BoundaryConvention) -> Option<FineRule> {
        let basis = raw.basis.as_deref().unwrap_or("amount");
        let kind = self.word(
            &join(path, "basis"),
            "fine basis",
            basis,
            &[("amount", 0u8), ("multiple", 1), ("percent", 2), ("per_unit", 3), ("formula", 4)],
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
        let keys = RangeKeys::of_fine(raw);
        if kind != 4 {
            forbid(self, "start", raw.start.is_some());
            forbid(self, "terms", raw.terms.is_some());
        }
        match kind {
            0 => {
                forbid(self, "of", raw.of.is_some());
                forbid(self, "base_floor", raw.base_floor.is_some());
                forbid(self, "rate", raw.rate.is_some());
                forbid(self, "cap", raw.cap.is_some());
                let range = self.range(path, &keys, conv)?;
                // Fines are paid to the fen: `more_than: 2000, less_than: 2000.01` holds numbers
                // but no fine a decision could impose.
                if let (Some(lo), Some(hi)) = range.payable_ends()
                    && lo > hi
                {
                    let (min, max) = (range.min.unwrap_or_default(), range.max.unwrap_or_default());
                    self.report(
                        ProblemKind::InvalidRange,
                        path,
                        format!("no amount payable to the fen lies between {min} and {max}"),
                        Some("widen the band, or fix the typo".into()),
                    );
                    return None;
                }
                Some(FineRule::Amount(range))
            }
            1 | 2 => {
                forbid(self, "rate", raw.rate.is_some());
                forbid(self, "cap", raw.cap.is_some());
                let of = base(self);
                let range = self.range(path, &keys, conv);
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
            3 => {
                if keys.any() {
                    forbid(self, "min/max", true);
                }
                forbid(self, "base_floor", raw.base_floor.is_some());
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
            _ => {
                for (key, present) in [
                    ("of", raw.of.is_some()),
                    ("base_floor", raw.base_floor.is_some()),
                    ("rate", raw.rate.is_some()),
                    ("cap", raw.cap.is_some()),
                ] {
                    forbid(self, key, present);
                }
                self.formula(path, raw, &keys, conv).map(|f| FineRule::Formula(Box::new(f)))
            }
        }
    }

    /// `basis: formula`: `start`, `terms` and the range that keeps the amount.
    fn formula(
        &mut self,
        path: &str,
        raw: &RawFine,
        keys: &RangeKeys<'_>,
        conv: BoundaryConvention,
    ) -> Option<Formula> {
        let start = match &raw.start {
            Some(s) => self.non_negative(&join(path, "start"), s),
            None => {
                self.report(
                    ProblemKind::Shape,
                    path,
                    "a formula needs `start:`, the amount before any step".into(),
                    None,
                );
                None
            }
        };
        let range = self.range(path, keys, conv);
        let Some(raw_terms) = &raw.terms else {
            self.report(ProblemKind::Shape, path, "a formula needs `terms:`".into(), None);
            return None;
        };
        let mut terms = Vec::new();
        let mut ok = true;
        for (i, t) in raw_terms.iter().enumerate() {
            let tp = index(&join(path, "terms"), i);
            let fact = self.numeric_fact(&join(&tp, "fact"), &t.fact);
            let from = match &t.from {
                Some(f) => self.decimal(&join(&tp, "from"), f),
                None => Some(Decimal::ZERO),
            };
            let per = self.non_negative(&join(&tp, "per"), &t.per);
            if per.is_some_and(|p| p.is_zero()) {
                self.invalid(&join(&tp, "per"), "a step of 0 counts infinitely many steps".into(), None);
                ok = false;
            }
            // Increments are never negative: a formula never falls as its facts grow.
            let add = self.non_negative(&join(&tp, "add"), &t.add);
            let rounding = self.coded(&join(&tp, "rounding"), &t.rounding);
            match (fact, from, per, add, rounding) {
                (true, Some(from), Some(per), Some(add), Some(rounding)) => {
                    terms.push(FormulaTerm { fact: t.fact.clone(), from, per, add, rounding })
                }
                _ => ok = false,
            }
        }
        let (start, range) = (start?, range?);
        if range.max.is_none() {
            self.report(
                ProblemKind::Shape,
                path,
                "a formula needs an upper end (`max:` or `below:`) so that its amount is bounded".into(),
                None,
            );
            return None;
        }
        ok.then_some(Formula { start, terms, range })
    }

    /// A quantity: a range and a declared unit.
    fn quantity(&mut self, path: &str, raw: &RawQuantity, conv: BoundaryConvention) -> Option<Quantity> {
        let unit = self.unit(&join(path, "unit"), &raw.unit);
        let range = self.range(path, &RangeKeys::of_quantity(raw), conv);
        Some(Quantity { range: range?, unit: unit? })
    }

    pub(super) fn sanction(
        &mut self,
        path: &str,
        raw: &Short<RawSanction>,
        conv: BoundaryConvention,
    ) -> Option<SanctionSpec> {
        match raw {
            Short::Id(id) => self.coded(path, id).map(SanctionSpec::of),
            Short::Full(s) => {
                let kind = self.coded(&join(path, "kind"), &s.kind);
                let quantity = match (&s.duration, &s.quantity) {
                    (Some(_), Some(_)) => {
                        self.report(
                            ProblemKind::Shape,
                            &join(path, "quantity"),
                            "give either `duration` or `quantity`".into(),
                            None,
                        );
                        return None;
                    }
                    (Some(q), None) => Some(self.quantity(&join(path, "duration"), q, conv)?),
                    (None, Some(q)) => Some(self.quantity(&join(path, "quantity"), q, conv)?),
                    (None, None) => None,
                };
                let when = match &s.when {
                    Some(c) => Some(self.condition(&join(path, "when"), c, None, conv)?),
                    None => None,
                };
                Some(SanctionSpec { kind: kind?, quantity, note: text(&s.note), when, approval: s.approval })
            }
        }
    }

    pub(super) fn sanctions(
        &mut self,
        path: &str,
        raw: &[Short<RawSanction>],
        conv: BoundaryConvention,
    ) -> Vec<SanctionSpec> {
        raw.iter().enumerate().filter_map(|(i, s)| self.sanction(&index(path, i), s, conv)).collect()
    }

    pub(super) fn disposition(&mut self, path: &str, word: &str) -> Option<Disposition> {
        self.coded(path, word)
    }

    pub(super) fn band(&mut self, path: &str, raw: RawBand<'_>, conv: BoundaryConvention) -> Band {
        let fine = raw.fine.and_then(|f| self.fine(&join(path, "fine"), f, conv));
        let disposition = raw.disposition.and_then(|d| self.disposition(&join(path, "disposition"), d));
        let sp = join(path, "sanctions");
        let required = self.sanctions(&join(&sp, "required"), &raw.sanctions.required, conv);
        let allowed = self.sanctions(&join(&sp, "allowed"), &raw.sanctions.allowed, conv);
        let mut one_of = Vec::new();
        for (i, group) in raw.sanctions.one_of.iter().enumerate() {
            let gp = index(&join(&sp, "one_of"), i);
            if group.len() < 2 {
                self.report(
                    ProblemKind::Shape,
                    &gp,
                    "a `one_of` group lists at least two alternatives".into(),
                    Some("a single sanction belongs under `required:`".into()),
                );
                continue;
            }
            one_of.push(self.sanctions(&gp, group, conv));
        }
        let legal_ground = raw.legal_ground.map(|c| self.citation(&join(path, "legal_ground"), c));
        if raw.fine_optional && raw.fine.is_none() {
            self.report(
                ProblemKind::Shape,
                &join(path, "fine_optional"),
                "`fine_optional` needs a `fine:` (the fine that may be added)".into(),
                None,
            );
        }
        Band {
            fine,
            disposition,
            branch: raw.branch.map(str::to_string),
            required,
            allowed,
            one_of,
            legal_ground,
            deliberation_outside: raw.deliberation_outside,
            fine_optional: raw.fine_optional,
        }
    }
}
