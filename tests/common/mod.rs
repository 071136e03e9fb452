//! Pieces the integration tests share.

/// The `table:` block of a minimal table `t1` in force from `$from`, with the Guangdong
/// boundary rule (以上 includes its number, 以下 excludes it): the YAML text, for `concat!`.
#[allow(unused_macros)] // not every test file that shares this module builds tables
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

/// Asserts that the ```text block the README shows after `marker` is real: each of its lines
/// (bar the "…" that stand for lines left out) is a line of `output`, in order, and there are
/// more than `at_least` of them.
#[allow(dead_code)] // not every test file that shares this module reads the README
pub fn assert_readme_shows(marker: &str, output: &str, at_least: usize) {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let (_, after) = readme.split_once(marker).unwrap();
    let block = after.split("```text\n").nth(1).unwrap().split("\n```").next().unwrap();
    let shown: Vec<&str> = block.lines().filter(|l| l.trim() != "…" && !l.trim().starts_with("… ")).collect();
    assert!(shown.len() > at_least, "{block}");
    let real: Vec<&str> = output.lines().collect();
    let mut at = 0;
    for line in shown {
        match real.iter().skip(at).position(|r| *r == line) {
            Some(k) => at += k + 1,
            None => panic!("the README shows a line the command does not print (or not in this order):\n{line}"),
        }
    }
}

/// A table `t1` with a suspension (`suspension`, one YAML flow mapping) and two violations, `v`
/// and `w`, that a discretionary no-penalty entry `e1` ("first violation", when `first`) covers;
/// the suspension's condition may read `sensitive`.
#[allow(dead_code)] // not every test file that shares this module builds this table
pub fn suspension_table(suspension: &str) -> String {
    format!(
        "discretion: 1
facts:
  - {{id: sensitive, type: boolean, name: {{zh: 敏感区, en: sensitive area}}}}
  - {{id: first, type: boolean, name: {{zh: 首次, en: first}}}}
statutes:
  - id: s
    citation: {{instrument: L, article: 1}}
    versions:
      - effective: {{from: 2020-01-01}}
        branches: [{{id: general, fine: {{min: 1000, max: 10000}}}}]
{header}  suspensions:
    - {suspension}
violations:
  - id: v
    legal_basis: {{violated: [{{instrument: L, article: 1}}], penalty: [{{instrument: L, article: 1}}]}}
    statute: s
    tiers: [{{id: only, fine: {{min: 1000, max: 3000}}}}]
  - id: w
    legal_basis: {{violated: [{{instrument: L, article: 2}}], penalty: [{{instrument: L, article: 1}}]}}
    statute: s
    tiers: [{{id: only, fine: {{min: 1000, max: 3000}}}}]
exemptions:
  - id: e1
    name: {{en: first violation, zh: 首次违法}}
    violations: [v, w]
    kind: discretionary
    when: {{fact: first, is: true}}
    basis: {{instrument: L, article: 3}}
",
        header = table_header!("2020-01-01")
    )
}
