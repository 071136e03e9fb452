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
        let effect = self.coded(&join(path, "effect"), &raw.effect);
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
