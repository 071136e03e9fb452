//! The Guangdong table and docs/GUANGDONG.md in step: every one of the 281 sections once; the
//! sections the page lists as read with `reading:` are exactly those that carry one, each in
//! both languages; no section's band is ever empty for the facts that select it (the property
//! tests of tests/reference_model.rs run over every section too).

use std::collections::BTreeSet;

use discretion::Benchmark;

fn table() -> (Benchmark, usize) {
    let rules = Benchmark::from_path("rules").unwrap();
    let i = rules.tables().iter().position(|t| t.id == "gd-env-fines").unwrap();
    (rules, i)
}

fn section(id: &str) -> Vec<u32> {
    id.trim_start_matches("gd-env.").split('.').map(|n| n.parse().unwrap()).collect()
}

#[test]
fn every_section_once_and_the_page_says_how_many() {
    let (rules, i) = table();
    let ids: Vec<&str> = rules.tables()[i].violations.iter().map(|v| v.id.as_str()).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!((ids.len(), unique.len()), (281, 281));
    // In the order of the source: chapter, section, sub-section.
    let keys: Vec<Vec<u32>> = ids.iter().map(|id| section(id)).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "sections out of order");
    // Eight chapters, as printed: 11; 38 with three split in two; 48 with three split; 52; 5; 24; 54;
    // 43 (§8.18 included).
    let per_chapter: Vec<usize> = (1..=8).map(|c| keys.iter().filter(|k| k[0] == c).count()).collect();
    assert_eq!(per_chapter, [11, 41, 51, 52, 5, 24, 54, 43]);
    let page = std::fs::read_to_string("docs/GUANGDONG.md").unwrap();
    assert!(page.contains(&format!("**{} of its 281 sections**", ids.len())));
}

#[test]
fn the_page_lists_exactly_the_sections_read_with_a_reading() {
    let (rules, i) = table();
    let with: BTreeSet<String> = rules.tables()[i]
        .violations
        .iter()
        .filter(|v| v.reading.is_some())
        .map(|v| format!("§{}", v.id.trim_start_matches("gd-env.")))
        .collect();
    for v in rules.tables()[i].violations.iter() {
        if let Some(r) = &v.reading {
            assert!(r.zh.is_some() && r.en.is_some(), "{}: a reading in both languages", v.id);
        }
    }
    let page = std::fs::read_to_string("docs/GUANGDONG.md").unwrap();
    let line = page.lines().find(|l| l.starts_with("Sections read with `reading:`")).unwrap();
    let (head, list) = line.split_once(": §").unwrap();
    let listed: BTreeSet<String> = format!("§{list}").split(", ").map(str::to_string).collect();
    assert_eq!(listed, with);
    assert!(head.ends_with(&format!("({})", with.len())), "{head}");
}
