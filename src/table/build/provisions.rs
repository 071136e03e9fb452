//! Statutes with their versions and branches, factors, factor sets and exemptions.

use super::*;

impl Builder {
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
                let fine = b.fine.as_ref().and_then(|f| self.fine(&join(&bp, "fine"), f, conv));
                let sanctions = self.sanctions(&join(&bp, "sanctions"), &b.sanctions, conv);
                let addressee = match &b.addressee {
                    Some(a) => self.coded(&join(&bp, "addressee"), a).unwrap_or_default(),
                    None => Addressee::Party,
                };
                branches.push(StatuteBranch {
                    id: b.id.clone(),
                    label: text(&b.name),
                    when,
                    addressee,
                    fine,
                    fine_optional: b.fine_optional,
                    sanctions,
                });
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
                let limitation = v.limitation.as_ref().and_then(|l| self.limitation(&join(&vp, "limitation"), l));
                versions.push(StatuteVersion {
                    effective,
                    source: v.source.as_ref().map(Self::source),
                    limitation,
                    branches,
                    note: v.note.clone(),
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
            note: raw.note.clone(),
            origin: origin(&self.file, path),
        }
    }

    pub(crate) fn factor(&mut self, path: &str, raw: &RawFactor) -> Option<Factor> {
        self.id(&join(path, "id"), &raw.id);
        let effect = self.coded(&join(path, "effect"), &raw.effect);
        let citation = self.citation(&join(path, "citation"), &raw.citation);
        // Outside a table, no convention for 以上/以下 applies: bounds are written inclusive or not.
        let presumes = match &raw.presumes {
            Some(c) => Some(self.condition(&join(path, "presumes"), c, None, BoundaryConvention::default())?),
            None => None,
        };
        Some(Factor {
            id: raw.id.clone(),
            label: text(&raw.name),
            effect: effect?,
            citation,
            excludes: raw.excludes.clone(),
            presumes,
            origin: origin(&self.file, path),
        })
    }

    pub(crate) fn factor_set(&mut self, path: &str, raw: &RawFactorSet) -> FactorSet {
        self.id(&join(path, "id"), &raw.id);
        let effective = raw.effective.as_ref().and_then(|e| self.period(&join(path, "effective"), e));
        let factors: Vec<Factor> = raw
            .factors
            .iter()
            .enumerate()
            .filter_map(|(i, f)| self.factor(&index(&join(path, "factors"), i), f))
            .collect();
        for (i, f) in factors.iter().enumerate() {
            if factors.iter().take(i).any(|g| g.id == f.id) {
                self.report(
                    ProblemKind::DuplicateId,
                    &format!("{}.id", f.origin.path),
                    format!("factor `{}` is listed twice in this factor set", f.id),
                    None,
                );
            }
        }
        FactorSet {
            id: raw.id.clone(),
            version: raw.version.as_ref().map(|v| v.0.clone()),
            effective,
            label: text(&raw.name),
            note: raw.note.clone(),
            factors,
            origin: origin(&self.file, path),
        }
    }

    /// A table's suspension (`suspensions:`): a condition and the effects it suspends — only
    /// `may_no_penalty`, the "may not penalise" provisions (依法可不予处罚的相关规定); a
    /// mandatory exemption is the law's and no table suspends it.
    pub(crate) fn suspension(
        &mut self,
        path: &str,
        raw: &RawSuspension,
        conv: BoundaryConvention,
    ) -> Option<Suspension> {
        self.id(&join(path, "id"), &raw.id);
        let when = self.condition(&join(path, "when"), &raw.when, None, conv);
        let mut suspends = Vec::new();
        for (k, effect) in raw.suspends.iter().enumerate() {
            let at = format!("{}[{k}]", join(path, "suspends"));
            match self.coded::<Effect>(&at, effect)? {
                Effect::MayNoPenalty => suspends.push(Effect::MayNoPenalty),
                other => self.invalid(
                    &at,
                    format!("`{}` cannot be suspended: a suspension lifts the provisions that allow not penalising (依法可不予处罚)", other.code()),
                    Some("write `suspends: [may_no_penalty]`".into()),
                ),
            }
        }
        if raw.suspends.is_empty() {
            self.report(
                ProblemKind::Shape,
                &join(path, "suspends"),
                "the suspension names nothing to suspend".into(),
                Some("write `suspends: [may_no_penalty]`".into()),
            );
        }
        let effective = match &raw.effective {
            Some(p) => Some(self.period(&join(path, "effective"), p)?),
            None => None,
        };
        let citation = raw.citation.as_ref().map(|c| self.citation(&join(path, "citation"), c));
        Some(Suspension {
            id: raw.id.clone(),
            label: text(&raw.name),
            suspends,
            when: when?,
            violations: raw.violations.clone(),
            effective,
            citation,
            origin: origin(&self.file, path),
        })
    }

    /// A table's adjustment (`adjustments:`): a condition and exactly one effect.
    pub(crate) fn adjustment(
        &mut self,
        path: &str,
        raw: &RawAdjustment,
        conv: BoundaryConvention,
    ) -> Option<Adjustment> {
        self.id(&join(path, "id"), &raw.id);
        let when = self.condition(&join(path, "when"), &raw.when, None, conv);
        let given = [raw.tier_up.is_some(), raw.place.is_some(), raw.reduce.is_some()].iter().filter(|g| **g).count();
        if given != 1 {
            self.report(
                ProblemKind::Shape,
                path,
                "an adjustment has exactly one effect".into(),
                Some("one of `tier_up: 1`, `place: {min: 1, max: 1}`, `reduce: {min: 30, max: 50}`".into()),
            );
            return None;
        }
        let shares = |b: &mut Builder, key: &str, raw: &RawFine, limit: Decimal| -> Option<Range> {
            let p = join(path, key);
            if raw.basis.is_some() || raw.of.is_some() || raw.terms.is_some() || raw.start.is_some() {
                b.report(ProblemKind::Shape, &p, format!("`{key}` takes only the ends of a range"), None);
                return None;
            }
            let r = b.range(&p, &super::fine::RangeKeys::of_fine(raw), conv)?;
            if r.max.is_some_and(|m| m > limit) || r.min.is_some_and(|m| m > limit) {
                b.report(ProblemKind::InvalidRange, &p, format!("`{key}` lies between 0 and {limit}"), None);
                return None;
            }
            Some(r)
        };
        let effect = if let Some(n) = &raw.tier_up {
            let n = self.whole(&join(path, "tier_up"), n)?;
            if n == 0 {
                self.invalid(&join(path, "tier_up"), "moving up 0 tiers does nothing".into(), None);
                return None;
            }
            AdjustmentEffect::TierUp(n)
        } else if let Some(p) = &raw.place {
            AdjustmentEffect::Place(shares(self, "place", p, Decimal::ONE)?)
        } else {
            let r = raw.reduce.as_ref()?;
            AdjustmentEffect::Reduce(shares(self, "reduce", r, Decimal::ONE_HUNDRED)?)
        };
        if !raw.keep.is_empty() && !matches!(effect, AdjustmentEffect::TierUp(_)) {
            self.invalid(
                &join(path, "keep"),
                "`keep` says which facts a tier up keeps; this adjustment moves no tier".into(),
                Some("remove `keep`, or use it with `tier_up`".into()),
            );
        }
        for (k, fact) in raw.keep.iter().enumerate() {
            let _ = self.fact_type(&format!("{}[{k}]", join(path, "keep")), fact);
        }
        let citation = raw.citation.as_ref().map(|c| self.citation(&join(path, "citation"), c));
        Some(Adjustment {
            id: raw.id.clone(),
            label: text(&raw.name),
            when: when?,
            effect,
            keep: raw.keep.clone(),
            violations: raw.violations.clone(),
            citation,
            origin: origin(&self.file, path),
        })
    }

    pub(super) fn exemption(&mut self, path: &str, raw: &RawExemption, conv: BoundaryConvention) -> Option<Exemption> {
        self.id(&join(path, "id"), &raw.id);
        let kind = self.coded(&join(path, "kind"), &raw.kind);
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
}
