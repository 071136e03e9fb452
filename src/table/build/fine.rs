//! Fines, sanctions, dispositions and the band fields shared by tiers, cells and weight models.

use super::*;

impl Builder {
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

    pub(super) fn sanction(&mut self, path: &str, raw: &Short<RawSanction>) -> Option<SanctionSpec> {
        match raw {
            Short::Id(id) => self.coded(path, id).map(SanctionSpec::of),
            Short::Full(s) => {
                let kind = self.coded(&join(path, "kind"), &s.kind);
                let duration = match &s.duration {
                    None => None,
                    Some(d) => {
                        let dp = join(path, "duration");
                        let unit = self.coded(&join(&dp, "unit"), &d.unit);
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

    pub(super) fn sanctions(&mut self, path: &str, raw: &[Short<RawSanction>]) -> Vec<SanctionSpec> {
        raw.iter().enumerate().filter_map(|(i, s)| self.sanction(&index(path, i), s)).collect()
    }

    pub(super) fn disposition(&mut self, path: &str, word: &str) -> Option<Disposition> {
        self.coded(path, word)
    }

    pub(super) fn band(&mut self, path: &str, raw: RawBand<'_>) -> Band {
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
}
