//! Table-loading problems in Chinese: the messages and hints a rule author meets most (unknown
//! keys and references, numbers, dates, booleans and ids written as the format does not read
//! them, typing slips of a Chinese keyboard), recognised by their English wording and said in
//! Chinese. A message not recognised is kept in English under a Chinese headline (the kind of
//! problem, [`ProblemKind::describe`](super::ProblemKind::describe)).

/// The first `` `…` `` quoted in `text`, and what follows it.
fn quoted(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix('`')?;
    let end = rest.find('`')?;
    Some((rest.get(..end)?, rest.get(end + 1..)?))
}

/// `what `id`` (a kind of thing and its quoted id, nothing after): the two.
fn named(text: &str) -> Option<(&str, &str)> {
    let at = text.find(" `")?;
    let (id, rest) = quoted(text.get(at + 1..)?)?;
    rest.is_empty().then_some((text.get(..at)?, id))
}

/// A word of the format's English (what a reference names) in Chinese.
fn thing(what: &str) -> Option<&'static str> {
    Some(match what {
        "fact" => "事实",
        "factor" => "情节",
        "factor set" => "情节集",
        "statute" => "法条",
        "unit" => "计量单位",
        "table" => "基准表",
        "violation" => "违法行为",
        "tier" => "阶次",
        "level" => "阶次",
        "exemption" => "不予处罚情形",
        "adjustment" => "调整规则",
        "branch" => "分支",
        "axis" => "维度",
        "grade" => "等级",
        "weight factor" => "权重因素",
        _ => return None,
    })
}

/// A kind of value the format names in its messages ("not a valid …"), in Chinese.
fn word(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "fact type" => "事实类型",
        "sanction kind" => "处罚种类",
        "disposition" => "处理方式",
        "party" => "当事人类型",
        "addressee" => "处罚对象",
        _ => return None,
    })
}

/// The Chinese of an English loading message, if it is one this module knows.
pub(crate) fn message(text: &str) -> Option<String> {
    // A note the loader appends to a problem met through a YAML alias.
    if let Some((head, alias)) = text.split_once(" (met through an alias; its anchor is at line ") {
        let (line, column) = alias.trim_end_matches(')').split_once(", column ")?;
        return Some(format!("{}（经别名引用；其锚点在第 {line} 行第 {column} 列）", message(head)?));
    }
    if let Some(e) = text.strip_prefix("cannot read file: ") {
        // The operating system's words for the common cases; its own text otherwise.
        return Some(if e.starts_with("No such file or directory") {
            "文件不存在".to_string()
        } else if e.starts_with("Permission denied") {
            "没有读取权限".to_string()
        } else if e.starts_with("Is a directory") {
            "是目录，不是文件".to_string()
        } else {
            format!("无法读取文件（{e}）")
        });
    }
    match text {
        "a case file is a list of cases, or a mapping with `cases:`" => {
            return Some("案件文件应为案件列表，或含 `cases:` 的映射".to_string());
        }
        "a case file is a list of cases" => return Some("案件文件应为案件列表".to_string()),
        "expected a mapping of `key: value` lines" => return Some("此处应为“键: 值”形式的映射".to_string()),
        "expected a whole number, 0 or more" => return Some("此处应为不小于 0 的整数".to_string()),
        "expected a number" => return Some("此处应为数值".to_string()),
        "expected one value, not a list or a mapping" => return Some("此处应为单个值，而非列表或映射".to_string()),
        _ => {}
    }
    // A number a configuration's own check refuses as it is read (`AuditConfig::window_years`).
    if let Some(rest) = text.strip_prefix("must be a whole number from ") {
        let (range, value) = rest.split_once(", not ")?;
        let (from, to) = range.split_once(" to ")?;
        return Some(format!("须为 {from} 到 {to} 之间的整数，而不是 {value}"));
    }
    if let Some(max) = text.strip_prefix("expected a whole number, at most ") {
        return Some(format!("此处应为不大于 {max} 的整数"));
    }
    if let Some(max) = text.strip_prefix("expected a whole number from 0 to ") {
        return Some(format!("此处应为 0 到 {max} 之间的整数"));
    }
    if let Some(rest) = text.strip_prefix("unknown field ") {
        let (key, rest) = quoted(rest)?;
        return Some(match rest.strip_prefix(", expected one of ") {
            Some(keys) => format!("未知的键“{key}”，此处可用的键：{keys}"),
            None => format!("未知的键“{key}”"),
        });
    }
    if let Some(rest) = text.strip_prefix("missing field ") {
        return Some(format!("缺少必需的键“{}”", quoted(rest)?.0));
    }
    if let Some(rest) = text.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ")?;
        return Some(format!("类型不对：写的是 {found}，此处应为 {expected}"));
    }
    if let Some(rest) = text.strip_prefix("unknown branch of statute ") {
        let (statute, rest) = quoted(rest)?;
        return Some(format!("法条“{statute}”没有分支“{}”", quoted(rest.trim_start())?.0));
    }
    if let Some(rest) = text.strip_prefix("unknown ") {
        let (what, id) = named(rest)?;
        return Some(format!("未定义的{}“{id}”", thing(what)?));
    }
    if let Some(rest) = text.strip_prefix("violation ").and_then(|r| r.strip_suffix(" is defined twice in this table"))
    {
        return Some(format!("违法行为“{}”在本基准表中定义了两次", quoted(rest)?.0));
    }
    if let Some(years) =
        text.strip_prefix("a limitation period of ").and_then(|r| r.strip_suffix(" years is not one the law sets"))
    {
        return Some(format!("{years} 年不是法律规定的追责时效"));
    }
    if text.starts_with("tabs disallowed within this context") {
        return Some("此处不能用制表符（Tab）：YAML 只认空格缩进".to_string());
    }
    if let Some((key, rest)) = quoted(text) {
        if rest == " is a yes/no fact: test it with `is: true` or `is: false`" {
            return Some(format!("“{key}”是“是/否”事实：请用 `is: true` 或 `is: false` 判断"));
        }
        if rest == " is an enum: test it with `is:` or `in:`" {
            return Some(format!("“{key}”是枚举事实：请用 `is:` 或 `in:` 判断"));
        }
        let said = match rest {
            " is not a decimal number" => "不是十进制数".to_string(),
            " is not a whole number" => "不是整数".to_string(),
            " is not a valid boolean" => "不是有效的布尔值".to_string(),
            " is not a valid id" => "不是有效的编号".to_string(),
            " is negative" => "是负数".to_string(),
            " is given twice" => return Some(format!("键“{key}”在同一映射中出现了两次")),
            " has no value (an empty value, `~` or `null`)" => {
                return Some(format!("键“{key}”没有值（空值、`~` 或 `null`）"));
            }
            " is not a calendar date (no such day)" => "不是实际存在的日期".to_string(),
            " is not a date of the form YYYY-MM-DD" => "不是 YYYY-MM-DD 格式的日期".to_string(),
            " cannot be held exactly" => "无法精确保存".to_string(),
            " is not a number the rules can hold (it is out of range)" => "超出了可保存的数值范围".to_string(),
            " is not the ISO 4217 code of the renminbi" => "不是人民币的 ISO 4217 代码".to_string(),
            _ => match (rest.strip_prefix(" is not a value of "), rest.strip_prefix(" is not a valid ")) {
                (Some(fact), _) => format!("不是事实“{}”的取值", quoted(fact)?.0),
                (_, Some(kind)) => format!("不是有效的{}", word(kind)?),
                _ => return None,
            },
        };
        return Some(format!("“{key}”{said}"));
    }
    let fixed = match text {
        "the file does not declare its format version" => "文件没有声明格式版本",
        "the file holds no YAML document" => "文件中没有 YAML 文档",
        "no amount is given" => "没有给出金额",
        "no tiers are listed" => "没有列出阶次",
        "a formula needs `terms:`" => "公式需要 `terms:`",
        "a per-unit fine needs `rate:`" => "按单位计罚需要 `rate:`",
        "a matrix needs at least one axis" => "矩阵至少需要一个维度",
        _ => {
            if let Some(rest) = text.strip_prefix("no amount payable to the fen lies between ") {
                let (min, max) = rest.split_once(" and ")?;
                return Some(format!("{min}与{max}之间没有以分计可缴纳的金额"));
            }
            if let Some(rest) = text.strip_prefix("min ") {
                let (min, max) = rest.split_once(" is greater than max ")?;
                return Some(format!("最小值 {min} 大于最大值 {max}"));
            }
            if let Some(rest) = text.strip_prefix("the period ends (") {
                let (end, start) = rest.split_once(") before it starts (")?;
                return Some(format!("期间的结束日（{end}）早于开始日（{}）", start.trim_end_matches(')')));
            }
            let (what, id) = named(text.strip_suffix(" is defined twice")?)?;
            return Some(format!("{}“{id}”重复定义", thing(what)?));
        }
    };
    Some(fixed.to_string())
}

/// The Chinese of an English loading hint, if it is one this module knows.
pub(crate) fn help(text: &str) -> Option<String> {
    if let Some(rest) = text.strip_prefix("did you mean ") {
        return Some(format!("是否指“{}”？", quoted(rest)?.0));
    }
    if let Some((fact, values)) = quoted(text).and_then(|(f, r)| Some((f, r.strip_prefix(" takes: ")?))) {
        return Some(format!("“{fact}”的取值：{values}"));
    }
    if text == "a bare `*` starts a YAML alias: write `\"*\"` (quoted) for a matrix cell spanning an axis" {
        return Some("裸写的 `*` 在 YAML 中表示别名：跨维度的裁量格请写 `\"*\"`（加引号）".to_string());
    }
    if text.starts_with("say what 以上 and 以下 mean in this table: ") {
        return Some(
            "请写明本基准中“以上”“以下”的含义：`boundaries: {above: inclusive, below: exclusive}`（FORMAT.md 第 4 节）"
                .into(),
        );
    }
    if text.starts_with("a name is `{zh: …, en: …}`; inside `{…}` a comma ends a value") {
        return Some(
            "名称写作 `{zh: …, en: …}`；在 `{…}` 中逗号会结束取值：含逗号的名称请加引号（en: \"a, b\"）".into(),
        );
    }
    if let Some(digits) =
        text.strip_prefix("write plain digits: ").and_then(|r| r.strip_suffix(" (no separators, units or exponents)"))
    {
        return Some(format!("请只写数字：{digits}（不加千位分隔符、单位或指数）"));
    }
    if let Some(date) = text.strip_prefix("write ").and_then(|r| r.strip_suffix(": dates are written YYYY-MM-DD")) {
        return Some(format!("请写作 {date}：日期写作 YYYY-MM-DD"));
    }
    if text.starts_with("tabs disallowed") || text == "indent with spaces: YAML does not read tabs as indentation" {
        return Some("请用空格缩进：YAML 不把制表符当作缩进".to_string());
    }
    if let Some((key, rest)) = quoted(text)
        && let Some((line, rest)) =
            rest.strip_prefix(" is written at line ").and_then(|r| r.split_once(", where it is read as "))
        && let Some((read_as, rest)) = rest.split_once(": if it belongs to ")
        && let Some((place, _)) = quoted(rest)
    {
        let read_as = match read_as.strip_prefix("part of ").and_then(quoted) {
            Some((parent, _)) => format!("“{parent}”的一部分"),
            None => "文件顶层的键".to_string(),
        };
        return Some(format!("“{key}”写在第 {line} 行，被读作{read_as}：若它属于“{place}”，请检查其缩进"));
    }
    if let Some(cap) = text
        .strip_prefix("write the years the law says, 1 to ")
        .and_then(|r| r.strip_suffix(" (税收征收管理法 Art. 86: 5)"))
    {
        return Some(format!("请按法律规定写明年数，1 至 {cap}（税收征收管理法第八十六条：5）"));
    }
    if let Some(keys) = text.strip_prefix("the keys allowed here are: ") {
        return Some(format!("此处可用的键：{keys}"));
    }
    if let Some(words) = text.strip_prefix("use one of: ") {
        return Some(format!("可用的写法：{words}"));
    }
    if let Some(what) = text.strip_prefix("define the ").and_then(|r| r.strip_suffix(" in any loaded file")) {
        return Some(format!("请在任一载入的文件中定义该{}", thing(what)?));
    }
    if let Some(key) = text
        .strip_prefix("inside `{…}` a comma separates entries, so a thousands separator splits the number (")
        .and_then(quoted)
    {
        return Some(format!(
            "在 `{{…}}` 中逗号分隔各项，千位分隔符把数字拆开了（“{}”成了键）：金额请不加分隔符（1000000）",
            key.0
        ));
    }
    if let Some(line) = text.strip_prefix("line ").and_then(|r| {
        r.strip_suffix(
            " is indented with full-width spaces (U+3000), which YAML does not read as indentation: use ASCII spaces",
        )
    }) {
        return Some(format!("第 {line} 行用全角空格（U+3000）缩进，YAML 不把它当作缩进：请改用半角空格"));
    }
    Some(
        match text {
            "declare it under `facts:` in any loaded file" => "请在任一载入的文件的 `facts:` 下声明",
            "write plain digits such as 5000 or 5000.00 (no separators, units or exponents)" => {
                "请只写数字，如 5000 或 5000.00（不加千位分隔符、单位或指数）"
            }
            "swap them, or fix the typo" => "请交换两者，或改正笔误",
            "widen the band, or fix the typo" => "请放宽幅度，或改正笔误",
            "start the file with `discretion: 1`" | "a table file starts with `discretion: 1`" => {
                "基准表文件以 `discretion: 1` 开头"
            }
            "this version of discretion reads `discretion: 1`" => "本版本的 discretion 读取 `discretion: 1`",
            "ids use ASCII letters, digits, `.`, `-` and `_`" => "编号只能使用半角字母、数字、`.`、`-` 和 `_`",
            "dates are written YYYY-MM-DD and must exist" => "日期写作 YYYY-MM-DD，且须是实际存在的日期",
            "each key may appear once in a mapping; remove or rename one" => {
                "同一映射中每个键只能出现一次；请删除其一或改名"
            }
            "give it a value, or remove the key: an empty value is not read as absent" => {
                "请填写值，或删除该键：空值不会被当作未填写"
            }
            "write `currency: CNY`" => "请写 `currency: CNY`",
            "ids must be unique across all loaded files" => "编号在所有载入的文件中须唯一",
            "amounts may have at most 28 significant digits; nothing is rounded" => {
                "金额最多 28 位有效数字；不作舍入"
            }
            "`：` is a full-width colon: YAML needs the ASCII `:` (and a space) after a key" => {
                "“：”是全角冒号：YAML 的键后须用半角冒号 `:`（并加一个空格）"
            }
            "save the table as UTF-8" => "请将基准表存为 UTF-8 编码",
            "tables are small and flat: list conditions in one `all:` or `any:` rather than nesting them" => {
                "基准表层次应简单：把条件列在一个 `all:` 或 `any:` 中，不要层层嵌套"
            }
            "write an amount in full digits, as the published table does (1000000); an exponent or hundreds of digits are refused" => {
                "请像公布的基准表那样写出完整数字（1000000）；不接受指数写法或成百位的数字"
            }
            "put each document in a file of its own" => "每个文档各放一个文件",
            _ => return None,
        }
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::{help, message};
    use crate::table::{Lang, Problem, ProblemKind};

    /// A message not translated keeps its English under the kind of problem in Chinese; the
    /// English problem is unchanged.
    #[test]
    fn an_untranslated_message_is_headed_by_its_kind() {
        let p = Problem {
            kind: ProblemKind::Syntax,
            file: "t.yaml".into(),
            position: Default::default(),
            path: String::new(),
            message: "the nesting is 65 levels deep".into(),
            help: Some("something new".into()),
            lang: Lang::En,
        };
        assert_eq!(
            p.in_lang(Lang::Zh).to_string(),
            "t.yaml：错误[L002]：YAML 语法错误或超出载入限制：the nesting is 65 levels deep（提示：something new）"
        );
        assert_eq!(p.in_lang(Lang::En), p);
    }

    /// Each pattern as the loader words it, and one it must leave alone.
    #[test]
    fn messages_and_hints_a_rule_author_meets_most_are_said_in_chinese() {
        let cases = [
            ("unknown field `maxx`, expected one of min, max", "未知的键“maxx”，此处可用的键：min, max"),
            ("missing field `statute`", "缺少必需的键“statute”"),
            ("unknown fact `serious`", "未定义的事实“serious”"),
            ("unknown factor set `apll`", "未定义的情节集“apll”"),
            ("unknown branch of statute `wpl.93.1` `seriuos`", "法条“wpl.93.1”没有分支“seriuos”"),
            ("`20万` is not a decimal number", "“20万”不是十进制数"),
            ("`是` is not a valid boolean", "“是”不是有效的布尔值"),
            ("`delay_lng` is not a value of `obstruction`", "“delay_lng”不是事实“obstruction”的取值"),
            ("`statute` is given twice", "键“statute”在同一映射中出现了两次"),
            ("min 200000 is greater than max 150000", "最小值 200000 大于最大值 150000"),
            ("no amount payable to the fen lies between 2000 and 2000.01", "2000与2000.01之间没有以分计可缴纳的金额"),
            ("tier `tier-2` is defined twice", "阶次“tier-2”重复定义"),
            ("weight factor `quantity` is defined twice", "权重因素“quantity”重复定义"),
            (
                "the period ends (2019-02-28) before it starts (2020-03-01)",
                "期间的结束日（2019-02-28）早于开始日（2020-03-01）",
            ),
            ("cannot read file: No such file or directory (os error 2)", "文件不存在"),
            ("a case file is a list of cases", "案件文件应为案件列表"),
            ("expected a mapping of `key: value` lines", "此处应为“键: 值”形式的映射"),
            ("violation `v1` is defined twice in this table", "违法行为“v1”在本基准表中定义了两次"),
            (
                "`first` is a yes/no fact: test it with `is: true` or `is: false`",
                "“first”是“是/否”事实：请用 `is: true` 或 `is: false` 判断",
            ),
            ("`kind` is an enum: test it with `is:` or `in:`", "“kind”是枚举事实：请用 `is:` 或 `in:` 判断"),
            ("tabs disallowed within this context (block indentation)", "此处不能用制表符（Tab）：YAML 只认空格缩进"),
            (
                "invalid type: sequence, expected an id or a mapping (met through an alias; its anchor is at line 5, column 17)",
                "类型不对：写的是 sequence，此处应为 an id or a mapping（经别名引用；其锚点在第 5 行第 17 列）",
            ),
        ];
        for (en, zh) in cases {
            assert_eq!(message(en).as_deref(), Some(zh), "{en}");
        }
        assert_eq!(message("`bool` is not a valid fact type").as_deref(), Some("“bool”不是有效的事实类型"));
        assert_eq!(message("the nesting is 65 levels deep"), None);
        assert_eq!(message("`x` is not a valid colour"), None);
        assert_eq!(message("unknown colour `red`"), None);
        assert_eq!(help("did you mean `tiers`?").as_deref(), Some("是否指“tiers”？"));
        assert_eq!(help("define the statute in any loaded file").as_deref(), Some("请在任一载入的文件中定义该法条"));
        assert_eq!(help("swap them, or fix the typo").as_deref(), Some("请交换两者，或改正笔误"));
        assert_eq!(help("widen the band, or fix the typo").as_deref(), Some("请放宽幅度，或改正笔误"));
        assert_eq!(help("something new"), None);
        assert_eq!(
            message("a limitation period of 50 years is not one the law sets").as_deref(),
            Some("50 年不是法律规定的追责时效")
        );
        assert_eq!(
            help("write the years the law says, 1 to 20 (税收征收管理法 Art. 86: 5)").as_deref(),
            Some("请按法律规定写明年数，1 至 20（税收征收管理法第八十六条：5）")
        );
        assert_eq!(
            help("`branches` is written at line 12, where it is read as part of `statutes[0]`: if it belongs to `statutes[0].versions[0]`, check its indentation").as_deref(),
            Some("“branches”写在第 12 行，被读作“statutes[0]”的一部分：若它属于“statutes[0].versions[0]”，请检查其缩进")
        );
        assert_eq!(
            help("`facts` is written at line 3, where it is read as a key of the file itself: if it belongs to `table`, check its indentation").as_deref(),
            Some("“facts”写在第 3 行，被读作文件顶层的键：若它属于“table”，请检查其缩进")
        );
        assert_eq!(help("`area` takes: ordinary, sensitive").as_deref(), Some("“area”的取值：ordinary, sensitive"));
        assert_eq!(
            help("indent with spaces: YAML does not read tabs as indentation").as_deref(),
            Some("请用空格缩进：YAML 不把制表符当作缩进")
        );
        assert_eq!(
            help("a bare `*` starts a YAML alias: write `\"*\"` (quoted) for a matrix cell spanning an axis")
                .as_deref(),
            Some("裸写的 `*` 在 YAML 中表示别名：跨维度的裁量格请写 `\"*\"`（加引号）")
        );
        assert_eq!(
            help("inside `{…}` a comma separates entries, so a thousands separator splits the number (`000` became a key): write amounts without separators (1000000)").as_deref(),
            Some("在 `{…}` 中逗号分隔各项，千位分隔符把数字拆开了（“000”成了键）：金额请不加分隔符（1000000）")
        );
        assert_eq!(
            help("line 5 is indented with full-width spaces (U+3000), which YAML does not read as indentation: use ASCII spaces").as_deref(),
            Some("第 5 行用全角空格（U+3000）缩进，YAML 不把它当作缩进：请改用半角空格")
        );
    }
}
