//! The audit's knobs, in one place, each a *heuristic default* from `consistency.md` — never a
//! rule of law. Settable from the command line or a YAML file (`discretion audit --config`).

use serde::{Deserialize, Serialize};

use super::stats;

/// A configuration a threshold of which is outside its meaningful range: the audit refuses it
/// rather than make a report that says nothing, or says it wrongly (a negative z flags every
/// case; no peers leaves every flag unexplained).
///
/// Displayed in English; [`in_lang`](InvalidConfig::in_lang) says it in Chinese too.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{en}")]
pub struct InvalidConfig {
    en: String,
    zh: String,
}

impl InvalidConfig {
    fn new(en: String, zh: String) -> InvalidConfig {
        InvalidConfig { en, zh }
    }

    /// What is wrong, in `lang`.
    ///
    /// ```
    /// use discretion::audit::AuditConfig;
    /// use discretion::table::Lang;
    /// let e = AuditConfig { window_years: 0, ..AuditConfig::default() }.validated().unwrap_err();
    /// assert_eq!(e.in_lang(Lang::Zh), "`window_years`（比较时间窗，年）须为 1 到 100 之间的整数，而不是 0");
    /// assert_eq!(e.in_lang(Lang::En), e.to_string());
    /// ```
    pub fn in_lang(&self, lang: crate::table::Lang) -> &str {
        match lang {
            crate::table::Lang::En => &self.en,
            crate::table::Lang::Zh => &self.zh,
        }
    }
}

/// The longest comparison window, in years.
pub const MAX_WINDOW_YEARS: u16 = 100;

/// `window_years` from YAML: a number, refused in the words [`AuditConfig::validated`] uses
/// unless it is a whole number of years in range (not as a type's "0 to 65535").
fn whole_years<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
    let x = f64::deserialize(d)?;
    if x.fract() == 0.0 && (1.0..=f64::from(MAX_WINDOW_YEARS)).contains(&x) {
        Ok(x as u16)
    } else {
        Err(serde::de::Error::custom(format!("must be a whole number from 1 to {MAX_WINDOW_YEARS}, not {x}")))
    }
}

/// Every threshold of the consistency audit.
///
/// ```
/// use discretion::audit::AuditConfig;
/// let c = AuditConfig::default();
/// assert_eq!((c.window_years, c.min_display, c.min_flag), (5, 3, 10));
/// let c = AuditConfig::from_yaml("window_years: 3\nreview_z: 4").unwrap();
/// assert_eq!((c.window_years, c.review_z, c.min_flag), (3, 4.0, 10));
/// assert!(AuditConfig::from_yaml("review_zz: 4").unwrap_err().contains("review_z"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditConfig {
    /// Comparison window in years: cases decided in the same block of this many calendar years
    /// are compared (JSIN uses 5; Chinese courts prefer 3).
    #[serde(deserialize_with = "whole_years")]
    pub window_years: u16,
    /// Fewest cases for a group's statistics to be shown (JSIN: 3).
    pub min_display: u64,
    /// Fewest cases in a group for its cases to be flagged (the median's error ≈ 0.4σ at 10).
    pub min_flag: u64,
    /// Robust z above which a case is sent for review (Iglewicz–Hoaglin 3.5).
    pub review_z: f64,
    /// Robust z above which a flag is strong.
    pub strong_z: f64,
    /// Smallest scale as a share of the band width (ties and integer amounts make MAD 0).
    pub scale_floor: f64,
    /// Tukey fence multiplier for the cross-check ("far out": 3).
    pub tukey_k: f64,
    /// Bands whose top is more than this many times their bottom are compared on a log scale.
    pub log_ratio: f64,
    /// Near-identical pairs: relative tolerance on numeric facts, |a − b| ≤ tolerance × the
    /// smaller (see [`within_tolerance`](super::pairs::within_tolerance)).
    pub pair_tolerance: f64,
    /// Near-identical pairs: positions more than this many band widths apart.
    pub pair_gap: f64,
    /// Peers named per flag (kNN); 1 to [`MAX_PEERS`] (every flag names its peers).
    pub peers: usize,
    /// Fewest peers worth showing.
    pub min_peers: usize,
    /// kNN rule: |position − peers' median| above this (band widths), outside their P10–P90.
    /// The rule is tried for flagged cases and for cases at least half this far from their
    /// group's median.
    pub peer_gap: f64,
    /// Most cases a peer search evaluates; the search is exact whenever it ends before (many
    /// cases at one distance — identical or only categorical facts — reach it); `0`: no limit.
    pub peer_search: usize,
    /// Cell order: fewest cases in each of two cells compared.
    pub order_min_n: u64,
    /// Cell order: a worse cell's median this many band widths below a lighter one's.
    pub order_margin: f64,
    /// Case order: the share of a case's fine that a dominating case may be lower by (besides
    /// one band width) before it counts as an inversion.
    pub inversion_share: f64,
    /// Case order: cases listed, most inversions first.
    pub inversion_list: usize,
    /// Unit disparity: fewest cases of a unit in a group for a sign test.
    pub unit_min_n: u64,
    /// Unit disparity: false discovery rate (Benjamini–Hochberg).
    pub fdr_q: f64,
    /// Unit disparity: smallest median position difference that matters.
    pub unit_effect: f64,
    /// Unit disparity: the effect must show in this many groups, in one direction.
    pub unit_groups: usize,
    /// Unit disparity: pseudo-count of the shrunk effect Δp·n/(n + prior).
    pub unit_prior_n: u64,
    /// Most flags listed, the strongest; the rest are counted. At least 1, and `max_flags` ×
    /// (`peers` + 1) at most [`MAX_LISTED_PEERS`]: each listed flag holds its facts and its
    /// peers with theirs.
    pub max_flags: usize,
}

/// Most peers a flag names: 100. A peer search for k neighbours costs about k times one for a
/// single neighbour; ten is the method's (`consistency.md`).
pub const MAX_PEERS: usize = 100;

/// Most cases listed in a report, flags and their peers (`max_flags` × (`peers` + 1)): 300,000.
/// A listed case carries its id, fine, position and facts — about a kilobyte — so this keeps a
/// report under some 400 MB however many cases are flagged (the defaults list 10,000 flags of 10 peers;
/// a user trial's `max_flags: 0`, then "no limit", passed 3 GB on 400,000 rows). The flags not
/// listed are counted (`summary.flags_not_listed`).
pub const MAX_LISTED_PEERS: usize = 300_000;

impl Default for AuditConfig {
    fn default() -> AuditConfig {
        AuditConfig {
            window_years: 5,
            min_display: 3,
            min_flag: 10,
            review_z: stats::REVIEW_Z,
            strong_z: stats::STRONG_Z,
            scale_floor: 0.05,
            tukey_k: stats::TUKEY_K,
            log_ratio: 10.0,
            pair_tolerance: 0.10,
            pair_gap: 0.5,
            peers: super::neighbours::K,
            min_peers: super::neighbours::MIN_K,
            peer_gap: 0.5,
            peer_search: 512,
            order_min_n: super::isotonic::MIN_N,
            order_margin: 0.5,
            inversion_share: 0.25,
            inversion_list: 50,
            unit_min_n: 20,
            fdr_q: stats::FDR_Q,
            unit_effect: 0.15,
            unit_groups: 2,
            unit_prior_n: stats::PRIOR_N,
            max_flags: 10_000,
        }
    }
}

impl AuditConfig {
    /// Reads a configuration from YAML; absent keys keep their defaults, unknown keys are an
    /// error (with the accepted keys named).
    pub fn from_yaml(text: &str) -> Result<AuditConfig, String> {
        AuditConfig::from_yaml_in(text, crate::table::Lang::En)
    }

    /// [`from_yaml`](AuditConfig::from_yaml), its errors said in `lang`.
    ///
    /// ```
    /// use discretion::audit::AuditConfig;
    /// use discretion::table::Lang;
    /// let e = AuditConfig::from_yaml_in("window_year: 3", Lang::Zh).unwrap_err();
    /// assert!(e.starts_with("第 1 行第 1 列") && e.contains("window_years"), "{e}");
    /// let e = AuditConfig::from_yaml_in("min_flag: 2", Lang::Zh).unwrap_err();
    /// assert!(e.contains("至少为 3"), "{e}");
    /// ```
    pub fn from_yaml_in(text: &str, lang: crate::table::Lang) -> Result<AuditConfig, String> {
        let config: AuditConfig = crate::table::yaml_value_in(text, lang)?;
        config.validated().map_err(|e| {
            // Where the file gives the value refused: the first key the message names that the
            // file has (`strong_z` below `review_z`: whichever it sets), as a YAML error is placed.
            let place =
                e.en.split('`').skip(1).step_by(2).find_map(|key| crate::table::top_level_value_place(text, key));
            match (place, lang) {
                (Some((line, column)), crate::table::Lang::En) => format!("line {line}, column {column}: {}", e.en),
                (Some((line, column)), crate::table::Lang::Zh) => format!("第 {line} 行第 {column} 列：{}", e.zh),
                (None, _) => e.in_lang(lang).to_string(),
            }
        })
    }

    /// The configuration if every knob is in its meaningful range. [`Auditor::new`] and
    /// [`Benchmark::audit`] call it.
    ///
    /// [`Auditor::new`]: super::Auditor::new
    /// [`Benchmark::audit`]: crate::Benchmark::audit
    ///
    /// ```
    /// use discretion::audit::AuditConfig;
    /// let negative = AuditConfig { tukey_k: -1.0, ..AuditConfig::default() };
    /// assert_eq!(negative.validated().unwrap_err().to_string(), "`tukey_k` must be a number ≥ 0, not -1");
    /// assert!(AuditConfig::default().validated().is_ok());
    /// ```
    pub fn validated(self) -> Result<AuditConfig, InvalidConfig> {
        self.check().map(|()| self).map_err(|(en, zh)| InvalidConfig::new(en, zh))
    }

    /// What is wrong, in English and Chinese.
    fn check(&self) -> Result<(), (String, String)> {
        let share = |name: &str, x: f64| {
            if x.is_finite() && x >= 0.0 {
                Ok(())
            } else {
                Err((
                    format!("`{name}` must be a number ≥ 0, not {x}"),
                    format!("`{name}`须为不小于 0 的数，而不是 {x}"),
                ))
            }
        };
        // At 0 these flag every case that is not exactly at its centre or its partner's position
        // (a gap is measured in millionths of a band: a smaller one is 0).
        for (name, x, least) in
            [("review_z", self.review_z, 0.0), ("pair_gap", self.pair_gap, 5e-7), ("peer_gap", self.peer_gap, 5e-7)]
        {
            share(name, x).map_err(|_| {
                (
                    format!("`{name}` must be a finite number above 0, not {x}"),
                    format!("`{name}`须为大于 0 的有限数，而不是 {x}"),
                )
            })?;
            if x <= least {
                return Err((
                    format!(
                        "`{name}` must be above 0 (at 0 every case off the centre is flagged; positions are measured to a millionth of a band), not {x}"
                    ),
                    format!(
                        "`{name}`须大于 0（为 0 时凡不在中心的案件都会被标记；位置精确到幅度的百万分之一），而不是 {x}"
                    ),
                ));
            }
        }
        share("scale_floor", self.scale_floor)?;
        // Without a floor, a group whose cases share one position has no scale, and every other
        // case in it would be infinitely far out.
        if self.scale_floor <= 0.0 {
            return Err((
                format!(
                    "`scale_floor` must be above 0 (a group of equal positions has no spread to measure by), not {}",
                    self.scale_floor
                ),
                format!("`scale_floor`须大于 0（位置全部相同的分组没有离散程度可作尺度），而不是 {}", self.scale_floor),
            ));
        }
        share("tukey_k", self.tukey_k)?;
        share("pair_tolerance", self.pair_tolerance)?;
        share("strong_z", self.strong_z)?;
        share("order_margin", self.order_margin)?;
        share("inversion_share", self.inversion_share)?;
        share("unit_effect", self.unit_effect)?;
        if !(self.log_ratio.is_finite() && self.log_ratio > 1.0) {
            return Err((
                format!("`log_ratio` must be a number > 1, not {}", self.log_ratio),
                format!("`log_ratio`须为大于 1 的数，而不是 {}", self.log_ratio),
            ));
        }
        if !(self.fdr_q > 0.0 && self.fdr_q < 1.0) {
            return Err((
                format!("`fdr_q` must lie between 0 and 1, not {}", self.fdr_q),
                format!("`fdr_q`须在 0 与 1 之间，而不是 {}", self.fdr_q),
            ));
        }
        if self.strong_z < self.review_z {
            return Err((
                format!("`strong_z` ({}) must not be below `review_z` ({})", self.strong_z, self.review_z),
                format!("`strong_z`（{}）不得小于`review_z`（{}）", self.strong_z, self.review_z),
            ));
        }
        if !(1..=MAX_WINDOW_YEARS).contains(&self.window_years) {
            return Err((
                format!(
                    "`window_years` must be a whole number from 1 to {MAX_WINDOW_YEARS}, not {}",
                    self.window_years
                ),
                format!(
                    "`window_years`（比较时间窗，年）须为 1 到 {MAX_WINDOW_YEARS} 之间的整数，而不是 {}",
                    self.window_years
                ),
            ));
        }
        // A median and its spread say nothing of fewer than three cases.
        if self.min_flag < 3 {
            return Err((
                format!("`min_flag` must be at least 3, not {}", self.min_flag),
                format!("`min_flag`（标记个案的最少案件数）至少为 3，而不是 {}", self.min_flag),
            ));
        }
        // Every flag names its nearest peers (its explanation).
        if self.peers == 0 || self.min_peers == 0 {
            return Err((
                format!(
                    "`peers` and `min_peers` must be at least 1 (every flag names its peers), not {} and {}",
                    self.peers, self.min_peers
                ),
                format!(
                    "`peers`和`min_peers`至少为 1（每个标记都须列出相近案件），而不是 {} 和 {}",
                    self.peers, self.min_peers
                ),
            ));
        }
        if self.peers > MAX_PEERS {
            return Err((
                format!("`peers` must be at most {MAX_PEERS}, not {}", self.peers),
                format!("`peers`至多为 {MAX_PEERS}，而不是 {}", self.peers),
            ));
        }
        // Listed flags hold their peers with their facts: bounded, so that no configuration
        // makes the report eat memory.
        let most = MAX_LISTED_PEERS / self.peers.saturating_add(1);
        if self.max_flags == 0 || self.max_flags > most {
            return Err((
                format!(
                    "`max_flags` must be from 1 to {most} (`max_flags` × (`peers` + 1) at most {MAX_LISTED_PEERS}: each listed flag holds its facts and names its peers with theirs), not {}; the flags not listed are counted",
                    self.max_flags
                ),
                format!(
                    "`max_flags`须在 1 到 {most} 之间（`max_flags` ×（`peers` + 1）至多 {MAX_LISTED_PEERS}：每个列出的标记都附本案及相近案件的事实），而不是 {}；未列出的标记仍计数",
                    self.max_flags
                ),
            ));
        }
        if self.unit_groups == 0 {
            return Err(("`unit_groups` must be at least 1".into(), "`unit_groups`至少为 1".into()));
        }
        // A search that may look at fewer cases than it must name cannot name them.
        if self.peer_search != 0 && self.peer_search < self.peers {
            return Err((
                format!(
                    "`peer_search` ({}) must be 0 (no limit) or at least `peers` ({})",
                    self.peer_search, self.peers
                ),
                format!("`peer_search`（{}）须为 0（不限）或不小于`peers`（{}）", self.peer_search, self.peers),
            ));
        }
        if self.min_peers > self.peers {
            return Err((
                format!("`min_peers` ({}) must not exceed `peers` ({})", self.min_peers, self.peers),
                format!("`min_peers`（{}）不得大于`peers`（{}）", self.min_peers, self.peers),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::AuditConfig;

    /// A configuration's mistakes are said in the author's words, with the place and a
    /// suggestion, never in the YAML library's.
    #[test]
    fn configuration_mistakes_are_explained() {
        let error = |text: &str| AuditConfig::from_yaml(text).unwrap_err();
        let e = error("window_year: 3");
        assert!(e.contains("line 1, column 1") && e.contains("did you mean `window_years`?"), "{e}");
        let e = error("max_flags: 0\nmax_flags: 5");
        assert!(e.starts_with("line 2, column 1: `max_flags` is given twice"), "{e}");
        assert!(!e.contains("DuplicateKeyPolicy") && !e.contains('?'), "{e}");
        let e = error("window_years: 3.5");
        assert!(e.contains("at `window_years`: must be a whole number from 1 to 100, not 3.5"), "{e}");
        assert!(error("window_years: 70000").contains("from 1 to 100, not 70000"));
        let zh = AuditConfig::from_yaml_in("window_years: 3.5", crate::table::Lang::Zh).unwrap_err();
        assert!(zh.ends_with("（`window_years`）：须为 1 到 100 之间的整数，而不是 3.5"), "{zh}");
        assert!(error("pair_gap: abc").contains("expected a number"));
        // A count is a whole number ≥ 0, not "0 to 18446744073709551615".
        for text in ["min_flag: 2.5", "max_flags: -1", "peers: abc"] {
            let key = text.split(':').next().unwrap_or_default();
            assert!(error(text).ends_with(&format!("at `{key}`: expected a whole number, 0 or more")), "{text}");
        }
        // A bracket where a value stands: a list begins, closed or not (it said "expected
        // string scalar").
        for text in ["window_years: [3", "review_z: {4}", "max_flags: [1, 2]", "review_z:\n  - 3"] {
            assert!(error(text).ends_with("expected one value, not a list or a mapping"), "{text}");
        }
        let zh = AuditConfig::from_yaml_in("window_years: [3", crate::table::Lang::Zh).unwrap_err();
        assert!(zh.ends_with("此处应为单个值，而非列表或映射"), "{zh}");
        // Too large for a count: said so (it said "a whole number, 0 or more" of a whole number).
        assert_eq!(
            error("min_flag: 99999999999999999999"),
            "line 1, column 11 at `min_flag`: expected a whole number, at most 18446744073709551615"
        );
        assert!(error("{max_flags: 99999999999999999999}").ends_with("at most 18446744073709551615"));
        assert!(error("\u{FEFF}min_flag: 99999999999999999999").ends_with("at most 18446744073709551615"));
        assert_eq!(
            AuditConfig::from_yaml_in("max_flags: 99999999999999999999", crate::table::Lang::Zh).unwrap_err(),
            "第 1 行第 12 列（`max_flags`）：此处应为不大于 18446744073709551615 的整数"
        );
        // In Chinese, said as what the value should be, not as a YAML syntax error.
        let zh = |text: &str| AuditConfig::from_yaml_in(text, crate::table::Lang::Zh).unwrap_err();
        assert_eq!(zh("max_flags: -1"), "第 1 行第 12 列（`max_flags`）：此处应为不小于 0 的整数");
        assert_eq!(zh("window_years: abc"), "第 1 行第 15 列（`window_years`）：此处应为数值");
        assert!(!zh("pair_gap: abc").contains("语法"), "{}", zh("pair_gap: abc"));
        assert!(error("- window_years: 3").contains("expected a mapping of `key: value` lines"));
        // Values that would make the report say nothing, or say it of the wrong group.
        assert!(error("window_years: 0").contains("must be a whole number from 1 to 100, not 0"));
        assert!(error("window_years: 65535").contains("not 65535"));
        assert!(error("min_flag: 2").contains("`min_flag` must be at least 3"));
        assert!(error("peers: 0\nmin_peers: 0").contains("every flag names its peers"));
        assert!(error("unit_groups: 0").contains("`unit_groups` must be at least 1"));
        assert!(error("scale_floor: 0").contains("`scale_floor` must be above 0"));
        // Flagging every case off the centre (the README said no configuration could).
        for name in ["review_z", "pair_gap", "peer_gap"] {
            let text = if name == "review_z" { "review_z: 0\nstrong_z: 0".to_string() } else { format!("{name}: 0") };
            assert!(
                error(&text).contains(&format!("`{name}` must be above 0 (at 0 every case off the centre")),
                "{name}"
            );
        }
        assert!(error("pair_gap: 0.0000001").contains("`pair_gap` must be above 0"));
        // A negative one is refused by the same words: "≥ 0" would invite the 0 refused.
        assert!(error("review_z: -1").contains("`review_z` must be a finite number above 0, not -1"));
        assert!(error("peer_gap: .nan").contains("`peer_gap` must be a finite number above 0, not NaN"));
        assert!(error("review_z: .inf").contains("`review_z` must be a finite number above 0, not inf"));
        assert!(AuditConfig::from_yaml("review_z: 0.5\npair_gap: 0.01\npeer_gap: 0.000001").is_ok());
        // A loader limit in the author's terms, not the parser's ("budget breached: Documents").
        let e = error("min_flag: 10\n---\nmin_flag: 20");
        assert!(e.contains("the file holds 2 YAML documents (separated by `---`); it must hold one"), "{e}");
        // What the report lists is bounded: no configuration makes it eat memory.
        assert!(error("max_flags: 0").contains("`max_flags` must be from 1 to 27272"), "{}", error("max_flags: 0"));
        assert!(error("max_flags: 27273").contains("`max_flags` must be from 1 to 27272"));
        assert!(error("peers: 101").contains("`peers` must be at most 100"));
        assert!(error("peers: 49\nmin_peers: 5").contains("`max_flags` must be from 1 to 6000"));
        assert!(AuditConfig::from_yaml("peers: 49\nmin_peers: 5\nmax_flags: 6000").is_ok());
        assert!(AuditConfig::from_yaml("max_flags: 27272").is_ok());
        assert!(error("peer_search: 1").contains("`peer_search` (1) must be 0 (no limit) or at least `peers` (10)"));
        assert!(AuditConfig::from_yaml("peer_search: 0\nscale_floor: 0.001").is_ok());
        assert!(AuditConfig::from_yaml("min_display: 10\nmin_flag: 10\nwindow_years: 100").is_ok());
        // A value refused once read is placed as a YAML mistake is: at the value the file gives.
        assert_eq!(
            error("# thresholds\nreview_z: -1"),
            "line 2, column 11: `review_z` must be a finite number above 0, not -1"
        );
        assert!(error("fdr_q:    1").starts_with("line 1, column 11: `fdr_q` must lie between 0 and 1"));
        // Placed by the YAML parser: after a byte-order mark, on the line after its key, in a
        // flow mapping (a scan of `key:` lines missed all three).
        let refused = "`review_z` must be a finite number above 0, not -1";
        assert_eq!(error("\u{FEFF}review_z: -1"), format!("line 1, column 11: {refused}"));
        assert_eq!(error("review_z:\n  -1"), format!("line 2, column 3: {refused}"));
        // Not a number, or no finite one, is placed too (they were not).
        for (value, said) in [(".nan", "NaN"), (".inf", "inf"), ("-.INF", "-inf")] {
            let e = error(&format!("# thresholds\nreview_z: {value}"));
            assert_eq!(e, format!("line 2, column 11: `review_z` must be a finite number above 0, not {said}"));
        }
        assert_eq!(error("{min_flag: 10, review_z: -1}"), format!("line 1, column 26: {refused}"));
        // Two keys named: the one the file sets.
        assert!(
            error("strong_z: 3").starts_with("line 1, column 11: `strong_z` (3) must not be below `review_z` (3.5)")
        );
        assert!(error("min_flag: 5\nreview_z: 6").starts_with("line 2, column 11: `strong_z` (5) must not be below"));
        assert!(error("\"peers\": 100").starts_with("line 1, column 10: `max_flags` must be from 1 to 2970"));
        let zh = AuditConfig::from_yaml_in("窗口: 1\nscale_floor: 0", crate::table::Lang::Zh).unwrap_err();
        assert!(zh.contains("未知的键"), "{zh}");
        let zh = AuditConfig::from_yaml_in("scale_floor: 0", crate::table::Lang::Zh).unwrap_err();
        assert!(zh.starts_with("第 1 行第 14 列：`scale_floor`须大于 0"), "{zh}");
    }
}
