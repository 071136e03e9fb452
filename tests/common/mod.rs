//! Pieces the integration tests share.

/// The `table:` block of a minimal table `t1` in force from `$from`, with the Guangdong
/// boundary rule (以上 includes its number, 以下 excludes it): the YAML text, for `concat!`.
macro_rules! table_header {
    ($from:literal) => {
        concat!(
            "table:\n",
            "  id: t1\n",
            "  title: {zh: 表, en: table}\n",
            "  authority: {zh: 机关}\n",
            "  jurisdiction: CN\n",
            "  currency: CNY\n",
            "  effective: {from: ",
            $from,
            "}\n",
            "  source: {name: doc}\n",
            "  boundaries: {above: inclusive, below: exclusive}\n",
        )
    };
}
