//! Table metadata, placement policy, and the whole file.

use super::*;

impl Builder {
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
        // Amounts are read as renminbi (元, 万元, 人民币…元整): a table in another currency
        // would be misread, so only CNY is taken, and its common other names are pointed to it.
        let currency = raw.currency.trim();
        if currency != "CNY" {
            let renminbi = ["RMB", "rmb", "人民币", "元", "CNY¥", "¥"].contains(&currency);
            let said = if renminbi {
                format!("`{currency}` is not the ISO 4217 code of the renminbi")
            } else if currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase()) {
                format!("`{currency}`: amounts are read as renminbi (元, 万元), so only CNY is supported")
            } else {
                format!("`{currency}` is not an ISO 4217 currency code")
            };
            self.invalid(&join(p, "currency"), said, Some("write `currency: CNY`".into()));
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
            .filter_map(|(i, l)| self.coded(&index(&join(p, "languages"), i), l))
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
        let adjustments = self.each_once(
            "adjustments",
            "adjustment",
            &raw.adjustments,
            |a| &a.id,
            |b, path, a| b.adjustment(path, a, conv),
        );
        let suspensions = self.each_once(
            "suspensions",
            "suspension",
            &raw.suspensions,
            |s| &s.id,
            |b, path, s| b.suspension(path, s, conv),
        );
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
            adjustments,
            suspensions,
            note: raw.note.clone(),
            origin: origin(&self.file, p),
        })
    }

    /// Each of the table's items under `key` (its adjustments, its suspensions) built by
    /// `build`, an id that `what` defines twice reported.
    fn each_once<R, T>(
        &mut self,
        key: &str,
        what: &str,
        raws: &[R],
        id: impl Fn(&R) -> &String,
        mut build: impl FnMut(&mut Self, &str, &R) -> Option<T>,
    ) -> Vec<T> {
        let mut built = Vec::new();
        for (i, r) in raws.iter().enumerate() {
            let path = index(&join("table", key), i);
            if raws.iter().take(i).any(|earlier| id(earlier) == id(r)) {
                self.report(
                    ProblemKind::DuplicateId,
                    &join(&path, "id"),
                    format!("{what} `{}` is defined twice", id(r)),
                    None,
                );
            }
            built.extend(build(self, &path, r));
        }
        built
    }

    pub(super) fn placement(&mut self, path: &str, raw: &RawPlacement) -> Option<PlacementRule> {
        let applies_to = self.coded(&join(path, "applies_to"), &raw.applies_to);
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
            None => Decimal::new(5, 2),
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
