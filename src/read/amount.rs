//! Money as officials write it in case files, read exactly into a `Decimal` (never through a
//! float) — or refused with the reason, never guessed.
//!
//! # Accepted forms
//!
//! | form | examples | value |
//! |------|----------|-------|
//! | ASCII digits, at most one `.` with digits on both sides | `5000`, `5000.00`, `0.5`, `007` | as written |
//! | thousands separators `,` every three digits | `5,000.00`, `1,234,567` | 5000.00, 1234567 |
//! | a prefix `人民币` `RMB` `CNY` `¥` `￥` (RMB/CNY in any case), then optional spaces | `¥1,200`, `RMB 5000` | 1200, 5000 |
//! | after digits, optional spaces, one multiplier `千` `万` `亿` | `5千元`, `0.5万元`, `3万`, `1.2亿元` | 5000, 5000, 30000, 120000000 |
//! | after that `元` or `圆`, then optionally `整` or `正` | `5000元`, `5000元整` | 5000 |
//! | Chinese numerals, capital (大写) or ordinary | `人民币伍仟元整`, `壹万贰仟叁佰肆拾伍元陆角柒分`, `三百元` | 5000, 12345.67, 300 |
//! | a written zero | `零`, `〇`, `零元`, `零元整` | 0 |
//! | figures and words together, which must agree | `340元（大写：叁佰肆拾元整）`, `叁佰肆拾元整(小写:340.00)`, `叁佰肆拾元（¥340）` | 340 |
//!
//! Surrounding whitespace (including the full-width space) is ignored.
//!
//! # Chinese numerals
//!
//! Digits `零〇 壹一 贰二两 叁三 肆四 伍五 陆六 柒七 捌八 玖九` (capital and ordinary may be mixed);
//! place units `拾十 佰百 仟千`; section units `万` (10⁴) and `亿` (10⁸); `元`/`圆`, then `角`, `分`,
//! then optionally `整`/`正`; simplified characters only (not 萬 億 貳 陸 圓). The grammar is that
//! of amounts on bank documents:
//!
//! - every nonzero digit carries its place unit, and the places fall strictly from left to
//!   right (`壹仟伍佰` = 1500); a digit without a place unit is the ones digit of its section
//!   (`伍拾伍`, `壹仟零伍`, `伍万`, `壹亿伍万`), but is refused right after `佰` or `仟`
//!   (`壹仟伍`, `壹佰伍万`) and right after `万` or `亿` unless `万` follows it (`壹万伍`,
//!   `壹万伍亿`), where the spoken 一千五 and 一万五 mean 1500 and 15000;
//! - `拾` may stand without a digit only at the very start (`拾伍元` = 15, `拾万` = 100000);
//! - one `零` marks one or more skipped places (`壹仟零伍` = 1005, `壹拾万零柒仟` = 107000,
//!   `壹佰元零伍分` = 100.05); it may be left out inside a section when the next digit names
//!   its place (`壹仟伍拾` = 1050, `壹万伍佰` = 10500), but not where a whole section is
//!   skipped (`壹亿伍仟` may be 壹亿伍仟万 cut short: write `壹亿零伍仟`); a `零` that skips
//!   nothing is refused (`壹万零伍仟`), as are `零零`, a leading or trailing `零`, and `零` with a
//!   unit (`零佰`, `零角`);
//! - `万` at most once below `亿`, `亿` at most once, so the largest numeral is below 10¹⁶:
//!   `万亿` is accepted as 10¹² (`壹万亿` = 10¹², `叁仟贰佰万亿`), `亿亿` and `万万` are not;
//! - `角` and `分` need `元` before them unless there is no whole part (`伍角` = 0.5);
//!   `角` comes before `分`; nothing but `整` follows `分`.
//!
//! # Decisions
//!
//! - **千 after digits** is read exactly (`5千元` = 5000, `1.5千元` = 1500), like `万` and `亿`;
//!   it is the only ordinary place unit allowed after Arabic digits (`5百元` is refused), and
//!   only one multiplier may follow the digits (`5千万元` is refused: write `5000万元`).
//!   Arabic digits and Chinese numerals are otherwise never mixed (`3万5千`, `伍仟5百`).
//! - **万亿** is 10¹² in numerals (see above); after digits it is refused as a compound
//!   multiplier.
//! - **零**: `零`, `〇`, `零元` and `零元整` are a written zero; `零元伍角` = 0.5.
//! - **The full-width comma `，`** is refused: in Chinese text it separates clauses and list
//!   items, so `1，500` may be two numbers. Full-width digits and points are refused as well.
//! - **Ranges** (`1000-2000`, `5000元~1万元`, `3万至5万元`) are refused as ranges, not read as
//!   their first amount nor called negative: a decision states one amount.
//! - **Spaces** are allowed only between the parts (prefix, number, unit word, parenthesis),
//!   never inside a number: `12 000` is refused.
//! - **Leading zeros** (`007`) are accepted in plain digits, not in grouped ones (`0,500`).
//! - Any number of decimals is kept as written (`5000.00` keeps its two places), up to what a
//!   `Decimal` holds; larger or more precise amounts are refused, never rounded.
//!
//! Plain ASCII digits with at most one point — the common case in exports — are read by a
//! fast path that does not allocate.

use std::fmt;

use rust_decimal::Decimal;

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not an amount: {reason}")]
pub struct AmountError {
    /// The text as given, cut after 64 characters (with `…`).
    pub text: String,
    /// What is wrong with it.
    pub reason: AmountReason,
}

/// What is wrong with a text that is not an amount; its `Display` is the explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AmountReason {
    /// Nothing, or only whitespace.
    Empty,
    /// A prefix such as `人民币` with no number after it.
    NoNumber,
    /// A minus sign or `负`.
    Negative,
    /// A date (`2016-03-01`): the wrong column, or a column read under the wrong name.
    Date,
    /// Two amounts joined by a dash, a tilde, `至` or `到` (`1000-2000`, `5000元~1万元`): a
    /// range, where a decision states one amount.
    Range,
    /// A plus sign.
    Sign,
    /// Exponent notation such as `1e5`; with the amount written out (`100000`) where the
    /// figures and the exponent make one (an exponent of at most 28 places).
    Exponent(Option<Decimal>),
    /// YAML's infinity or not-a-number (`.inf`, `-.inf`, `.nan`), or the words themselves.
    NotFinite,
    /// Hexadecimal such as `0x10`.
    Hex,
    /// A decimal point with no digit before it (`.5`).
    LeadingPoint,
    /// A decimal point with no digit after it (`5.`).
    TrailingPoint,
    /// More than one decimal point (`5.0.0`).
    ManyPoints,
    /// Thousands separators not every three digits (`5,00`, `1,0000`, `0,500`).
    Grouping,
    /// The full-width comma `，`.
    FullWidthComma,
    /// Full-width digits or a full-width point (`５０００`, `5．00`).
    FullWidth,
    /// Whitespace inside a number (`12 000`).
    Space,
    /// More than a `Decimal` holds.
    TooLarge,
    /// More significant digits than a `Decimal` holds exactly.
    TooPrecise,
    /// Arabic digits and Chinese numerals in one number (`3万5千`, `伍仟5百`, `5元5角`).
    Mixed,
    /// More than one multiplier after digits (`5千万元`).
    CompoundMultiplier,
    /// `整`/`正` not right after `元`, `角` or `分`, or not at the end.
    Zheng,
    /// A character that belongs to no amount.
    Unexpected(char),
    /// Two Chinese digits in a row (`玖玖玖`).
    DigitsInRow,
    /// A unit with no digit before it (`万元`, `亿`, `元`, `佰`, `壹佰拾伍`).
    UnitWithoutDigit,
    /// A unit repeated (`拾拾拾`, `亿亿`, `万万`, `元元`).
    RepeatedUnit,
    /// Places out of order (`佰拾佰`, `伍佰伍仟`, `伍角元`).
    MisorderedUnits,
    /// `零` with a unit (`零佰`, `零万`, `零角`).
    ZeroWithUnit,
    /// `零零`.
    ZeroRepeated,
    /// `零` at the start or the end of a number (`零伍元`, `伍佰零`).
    ZeroMisplaced,
    /// `零` where no place is skipped (`壹万零伍仟`).
    ZeroSuperfluous,
    /// No `零` where a whole section is skipped (`壹亿伍仟`, which may be 壹亿伍仟万 cut short).
    ZeroMissing,
    /// A digit without its unit right after `佰` or `仟`, or right after `万` or `亿` unless `万`
    /// follows it (`壹仟伍`, `壹万伍`, `壹万伍亿`): 1005 by place, or the spoken 一千五 = 1500?
    Colloquial,
    /// After `元`, something other than `角`, `分` or `整` (`伍元伍`, `伍元伍拾`, `伍角伍分伍`).
    AfterYuan,
    /// `角` after `分`.
    JiaoAfterFen,
    /// `角`/`分` after a whole number without `元` (`壹佰伍角`).
    FractionWithoutYuan,
    /// A parenthesis that is not a second writing of the amount before it.
    Parenthesis,
    /// The part labelled `大写` is in digits, or the part labelled `小写` in words.
    Label,
    /// The amount in figures and the amount in words differ.
    Differ {
        /// The amount before the parenthesis.
        outside: Decimal,
        /// The amount inside the parenthesis.
        inside: Decimal,
    },
}

impl fmt::Display for AmountReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use AmountReason as R;
        let text = match self {
            R::Empty => "it is empty",
            R::NoNumber => "it has no number",
            R::Negative => "it has a minus sign (amounts are never below zero)",
            R::Date => "it is a date, not an amount: is the column the right one?",
            R::Range => "it is a range, two amounts joined by a dash, `~`, 至 or 到: a decision states one amount",
            R::Sign => "it has a sign (write 5000, not +5000)",
            R::Exponent(Some(plain)) => return write!(f, "it uses an exponent (write {plain})"),
            R::Exponent(None) => "it uses an exponent (write 100000, not 1e5)",
            R::NotFinite => "it is infinity or not-a-number (YAML's `.inf` or `.nan`)",
            R::Hex => "it is hexadecimal",
            R::LeadingPoint => "it starts with a decimal point (write 0.5, not .5)",
            R::TrailingPoint => "it ends with a decimal point (write 5 or 5.00, not 5.)",
            R::ManyPoints => "it has more than one decimal point",
            R::Grouping => "its digits are grouped wrongly (separators go every three digits: 5,000.00 or 1,234,567)",
            R::FullWidthComma => {
                "it uses the full-width comma ， which separates clauses in Chinese text (write 5,000 or 5000)"
            }
            R::FullWidth => "it uses full-width digits or a full-width point (write 5000.00)",
            R::Space => "it has a space inside the number",
            R::TooLarge => "it is too large to be held exactly",
            R::TooPrecise => "it has too many digits to be held exactly",
            R::Mixed => {
                "it mixes Arabic digits and Chinese numerals (after digits only one of 千 万 亿, then 元, may follow: 5千元, 0.5万元)"
            }
            R::CompoundMultiplier => "it has more than one multiplier after the digits (write 5000万元, not 5千万元)",
            R::Zheng => "整 or 正 may only end an amount, right after 元, 角 or 分",
            R::Unexpected(c) => return write!(f, "`{c}` is not part of an amount"),
            R::DigitsInRow => "two Chinese digits follow each other without a unit (write 玖佰玖拾玖, not 玖玖玖)",
            R::UnitWithoutDigit => "a unit (拾 佰 仟 万 亿 元 角 分) has no digit before it",
            R::RepeatedUnit => "a unit is repeated (拾拾, 万万, 亿亿)",
            R::MisorderedUnits => "its units are out of order (each place must be below the one before: 壹仟伍佰)",
            R::ZeroWithUnit => "零 takes no unit (write 壹仟零伍, not 壹仟零佰伍)",
            R::ZeroRepeated => "零 is repeated (one 零 stands for any run of zero places)",
            R::ZeroMisplaced => "零 stands at the start or the end (it goes between two digits, or alone for zero)",
            R::ZeroSuperfluous => "零 stands where no place is skipped (write 壹万伍仟, not 壹万零伍仟)",
            R::ZeroMissing => {
                "a whole section is skipped without 零: write 壹亿零伍仟 for 100005000 (壹亿伍仟 may be 壹亿伍仟万 cut short)"
            }
            R::Colloquial => {
                "a digit without its unit follows 佰, 仟, 万 or 亿: spoken, 一千五 is 1500 and 一万五 15000, but an amount of a decision is written out (壹仟伍佰元, 壹万伍仟元)"
            }
            R::AfterYuan => "after 元 only a digit with 角 or 分, then 整, may follow (伍元陆角柒分)",
            R::JiaoAfterFen => "角 comes after 分 (write 陆角柒分)",
            R::FractionWithoutYuan => "角 or 分 follow a whole number without 元 (write 壹佰元伍角)",
            R::Parenthesis => {
                "a parenthesis must follow an amount and write it again: 340元（大写：叁佰肆拾元整）; (340) alone may mean a negative amount"
            }
            R::Label => "the part labelled 大写 must be in Chinese numerals, the part labelled 小写 in digits",
            R::Differ { outside, inside } => {
                return write!(f, "its two writings differ: {outside} outside the parenthesis, {inside} inside");
            }
        };
        f.write_str(text)
    }
}

impl AmountReason {
    /// The explanation in Chinese.
    pub fn zh(&self) -> String {
        use AmountReason as R;
        let text = match self {
            R::Empty => "内容为空",
            R::NoNumber => "没有数字",
            R::Negative => "带有负号（金额不能小于零）",
            R::Date => "是日期而非金额：请检查该列是否正确",
            R::Range => "为一个区间（两个金额以横线、“~”、“至”或“到”相连），而决定书应写明一个金额",
            R::Sign => "带有正号（应写作 5000，而非 +5000）",
            R::Exponent(Some(plain)) => return format!("使用了科学计数法（应写作 {plain}）"),
            R::Exponent(None) => "使用了科学计数法（应写作 100000，而非 1e5）",
            R::NotFinite => "是无穷大或非数值（YAML 的 .inf 或 .nan）",
            R::Hex => "为十六进制数",
            R::LeadingPoint => "以小数点开头（应写作 0.5，而非 .5）",
            R::TrailingPoint => "以小数点结尾（应写作 5 或 5.00）",
            R::ManyPoints => "有多个小数点",
            R::Grouping => "千分位分隔不正确（应每三位一个逗号：5,000.00）",
            R::FullWidthComma => "使用了全角逗号，（应写作 5,000 或 5000）",
            R::FullWidth => "使用了全角数字或全角小数点（应写作 5000.00）",
            R::Space => "数字中间有空格",
            R::TooLarge => "数额过大，无法精确表示",
            R::TooPrecise => "位数过多，无法精确表示",
            R::Mixed => "阿拉伯数字与中文数字混用（数字后只可接千、万、亿之一，再接元：5千元、0.5万元）",
            R::CompoundMultiplier => "数字后有多个数量单位（应写作 5000万元，而非 5千万元）",
            R::Zheng => "“整”“正”只能紧接元、角、分，并位于末尾",
            R::Unexpected(c) => return format!("“{c}”不是金额的组成部分"),
            R::DigitsInRow => "两个中文数字相连而无单位（应写作玖佰玖拾玖，而非玖玖玖）",
            R::UnitWithoutDigit => "单位（拾、佰、仟、万、亿、元、角、分）前没有数字",
            R::RepeatedUnit => "单位重复（拾拾、万万、亿亿）",
            R::MisorderedUnits => "单位顺序错误（应由大到小：壹仟伍佰）",
            R::ZeroWithUnit => "“零”后不带单位（应写作壹仟零伍，而非壹仟零佰伍）",
            R::ZeroRepeated => "“零”重复（连续空位只写一个零）",
            R::ZeroMisplaced => "“零”位于开头或末尾",
            R::ZeroSuperfluous => "没有空位却写了“零”（应写作壹万伍仟，而非壹万零伍仟）",
            R::ZeroMissing => "整节空位未写“零”：100005000 应写作壹亿零伍仟（壹亿伍仟可能是壹亿伍仟万之误）",
            R::Colloquial => {
                "佰、仟、万、亿后的数字缺少单位：口语中“一千五”即1500、“一万五”即15000，但处罚决定的金额应完整写明（壹仟伍佰元、壹万伍仟元）"
            }
            R::AfterYuan => "“元”后只能接角、分，再接整（伍元陆角柒分）",
            R::JiaoAfterFen => "“角”位于“分”之后（应写作陆角柒分）",
            R::FractionWithoutYuan => "整数后缺“元”即接角、分（应写作壹佰元伍角）",
            R::Parenthesis => "括号应紧随金额并重复写出该金额：340元（大写：叁佰肆拾元整）",
            R::Label => "标明“大写”的部分应为中文大写数字，标明“小写”的部分应为阿拉伯数字",
            R::Differ { outside, inside } => return format!("大小写不一致：括号外为{outside}，括号内为{inside}"),
        };
        text.to_string()
    }
}

impl AmountError {
    /// The explanation in Chinese.
    pub fn zh(&self) -> String {
        format!("“{}”不是有效金额：{}", self.text, self.reason.zh())
    }
}

/// Parses an amount of money: see the [module documentation](self) for the forms accepted.
///
/// ```
/// use discretion::check::parse_amount;
/// use rust_decimal::Decimal;
/// for (text, yuan) in [
///     ("5000", "5000"), ("5,000.00", "5000.00"), ("5000元", "5000"), ("0.5万元", "5000.0"),
///     ("人民币伍仟元整", "5000"), ("壹万贰仟叁佰肆拾伍元陆角柒分", "12345.67"), ("¥1,200", "1200"),
///     ("340元（大写：叁佰肆拾元整）", "340"),
/// ] {
///     assert_eq!(parse_amount(text).unwrap(), text_to_decimal(yuan));
/// }
/// # fn text_to_decimal(s: &str) -> Decimal { s.parse().unwrap() }
/// assert!(parse_amount("5,00").is_err());
/// assert!(parse_amount("1e5").is_err());
/// assert!(parse_amount("万元").is_err());
/// assert!(parse_amount("340元（大写：叁佰伍拾元整）").is_err());
/// ```
pub fn parse_amount(text: &str) -> Result<Decimal, AmountError> {
    let trimmed = super::trim(text);
    let result = match plain(trimmed) {
        Some(result) => result,
        None if trimmed.is_empty() => Err(AmountReason::Empty),
        None => written(trimmed),
    };
    result.map_err(|reason| AmountError { text: super::quote(text), reason })
}

/// The fast path: ASCII digits with at most one `.` between digits, or `None` for any other
/// shape. Does not allocate.
fn plain(text: &str) -> Option<Result<Decimal, AmountReason>> {
    let bytes = text.as_bytes();
    let (int, frac) = match bytes.iter().position(|b| *b == b'.') {
        Some(point) => (bytes.get(..point)?, bytes.get(point.checked_add(1)?..)?),
        None => (bytes, &[][..]),
    };
    let digits = |part: &[u8]| part.iter().all(u8::is_ascii_digit);
    let has_point = int.len() < bytes.len();
    if int.is_empty() || (has_point && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    Some(from_digits(int, frac))
}

/// The largest coefficient of a `Decimal`, 2⁹⁶ − 1.
const MAX_COEFFICIENT: u128 = (1 << 96) - 1;

/// Digits before and after the point (commas in `int` are skipped; the caller has checked
/// everything else) into a `Decimal` with as many places as `frac` has digits.
fn from_digits(int: &[u8], frac: &[u8]) -> Result<Decimal, AmountReason> {
    fn push(coefficient: u128, digit: u8) -> Option<u128> {
        let next = coefficient.checked_mul(10)?.checked_add(u128::from(digit.checked_sub(b'0')?))?;
        (next <= MAX_COEFFICIENT).then_some(next)
    }
    // Up to 18 digits (every amount an export holds) in 64-bit arithmetic, several times
    // cheaper than 128-bit; more, or a byte not a digit, go the checked way below.
    if int.len() + frac.len() <= 18 {
        let mut small: u64 = 0;
        let mut digits = true;
        for &b in int.iter().filter(|b| **b != b',').chain(frac) {
            digits &= b.is_ascii_digit();
            small = small.wrapping_mul(10).wrapping_add(u64::from(b.wrapping_sub(b'0')));
        }
        if digits
            && let (Ok(m), Ok(scale)) = (i64::try_from(small), u32::try_from(frac.len()))
            && let Ok(amount) = Decimal::try_new(m, scale)
        {
            return Ok(amount);
        }
    }
    let mut coefficient: u128 = 0;
    for &b in int.iter().filter(|b| **b != b',') {
        coefficient = push(coefficient, b).ok_or(AmountReason::TooLarge)?;
    }
    let scale = u32::try_from(frac.len()).map_err(|_| AmountReason::TooPrecise)?;
    if scale > Decimal::MAX_SCALE {
        return Err(AmountReason::TooPrecise);
    }
    for &b in frac {
        coefficient = push(coefficient, b).ok_or(AmountReason::TooPrecise)?;
    }
    let coefficient = i128::try_from(coefficient).map_err(|_| AmountReason::TooLarge)?;
    Decimal::try_from_i128_with_scale(coefficient, scale).map_err(|_| AmountReason::TooLarge)
}

/// Figures or words, as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Figures,
    Words,
}

/// Anything but plain digits: one amount, or an amount followed by a parenthesis that writes
/// it again (`340元（大写：叁佰肆拾元整）`).
fn written(text: &str) -> Result<Decimal, AmountReason> {
    let Some(body) = text.strip_suffix(')').or_else(|| text.strip_suffix('）')) else {
        return single(text).map(|(value, _)| value);
    };
    let open = body.rfind(['(', '（']).ok_or(AmountReason::Parenthesis)?;
    let outside = body.get(..open).ok_or(AmountReason::Parenthesis)?.trim_end();
    let inside = body.get(open..).ok_or(AmountReason::Parenthesis)?;
    let inside = inside.strip_prefix('(').or_else(|| inside.strip_prefix('（')).unwrap_or(inside).trim();
    if outside.is_empty() {
        return Err(AmountReason::Parenthesis);
    }
    let (label, inside) = if let Some(rest) = inside.strip_prefix("大写") {
        (Some(Kind::Words), rest)
    } else if let Some(rest) = inside.strip_prefix("小写") {
        (Some(Kind::Figures), rest)
    } else {
        (None, inside)
    };
    let inside = if label.is_some() {
        let rest = inside.trim_start();
        rest.strip_prefix([':', '：']).unwrap_or(rest)
    } else {
        inside
    };
    let (first, _) = single(outside)?;
    let (second, kind) = single(inside.trim())?;
    if label.is_some_and(|label| label != kind) {
        return Err(AmountReason::Label);
    }
    if first != second {
        return Err(AmountReason::Differ { outside: first, inside: second });
    }
    Ok(first)
}

/// One amount in figures or in words, with an optional currency prefix.
fn single(text: &str) -> Result<(Decimal, Kind), AmountReason> {
    let text = strip_currency(text).trim_start();
    let first = text.chars().next().ok_or(AmountReason::NoNumber)?;
    let read = match first {
        '0'..='9' | '.' | ',' => figures(text).map(|value| (value, Kind::Figures)),
        '-' | '−' | '负' => Err(AmountReason::Negative),
        '+' => Err(AmountReason::Sign),
        _ => words(text).map(|value| (value, Kind::Words)),
    };
    // Asked only of a text already refused (this runs for every amount).
    read.map_err(|reason| if not_finite(text) { AmountReason::NotFinite } else { reason })
}

/// Whether a text is YAML's infinity or not-a-number, or the words themselves.
#[cold]
fn not_finite(text: &str) -> bool {
    let unsigned = text.trim_end().trim_start_matches(['+', '-']);
    [".inf", ".nan", "inf", "nan", "infinity"].iter().any(|w| unsigned.eq_ignore_ascii_case(w))
}

/// Removes one currency prefix, if any.
fn strip_currency(text: &str) -> &str {
    for prefix in ["人民币", "¥", "￥"] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return rest;
        }
    }
    for prefix in ["RMB", "CNY"] {
        if text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix)) {
            return text.get(prefix.len()..).unwrap_or(text);
        }
    }
    text
}

/// The amount `1.5e4` means, written out (`15000`), for the message that refuses it: `number`
/// the figures, `rest` the exponent and whatever follows it (nothing, or 元). `None` unless
/// they make a plausible amount — an exponent of at most 15 either way, a result above zero
/// with at most four decimal places, exactly as written (a decimal rounds past 28 places: the
/// hint must not name another amount).
#[cold]
fn written_out(number: &str, rest: &str) -> Option<Decimal> {
    let exponent = rest.get(1..)?.trim_end_matches(['元', ' ']);
    let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    if number.is_empty() || number.contains(',') || number.len() > 20 || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.parse::<u32>().ok()? > 15 {
        return None;
    }
    let value = Decimal::from_scientific(&format!("{number}e{exponent}")).ok()?.normalize();
    (value > Decimal::ZERO && value.scale() <= 4).then_some(value)
}

/// Arabic digits, optionally grouped, then an optional multiplier, `元` and `整`.
fn figures(text: &str) -> Result<Decimal, AmountReason> {
    let end = text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(text.len());
    let (number, rest) = (text.get(..end).unwrap_or(text), text.get(end..).unwrap_or_default());
    match rest.chars().next() {
        Some('e' | 'E') => return Err(AmountReason::Exponent(written_out(number, rest))),
        Some('x' | 'X') if number == "0" => return Err(AmountReason::Hex),
        Some('，') => return Err(AmountReason::FullWidthComma),
        Some('．' | '。' | '０'..='９') => return Err(AmountReason::FullWidth),
        _ => {}
    }
    let value = decimal(number)?;
    let after = rest.trim_start();
    let spaced = after.len() < rest.len();
    let (scale, after) = match after.chars().next() {
        Some('千') => (Some(1_000), after.get('千'.len_utf8()..).unwrap_or_default()),
        Some('万') => (Some(10_000), after.get('万'.len_utf8()..).unwrap_or_default()),
        Some('亿') => (Some(100_000_000), after.get('亿'.len_utf8()..).unwrap_or_default()),
        _ => (None, after),
    };
    if scale.is_some() && after.starts_with(['千', '万', '亿', '百', '十', '拾', '佰', '仟']) {
        return Err(AmountReason::CompoundMultiplier);
    }
    let yuan = after.strip_prefix(['元', '圆']);
    let after = match yuan {
        Some(rest) => rest.strip_prefix(['整', '正']).unwrap_or(rest),
        None => after,
    };
    if let Some(c) = after.chars().next() {
        return Err(match c {
            _ if is_date(text) => AmountReason::Date,
            _ if joins_range(after) => AmountReason::Range,
            '0'..='9' if spaced && scale.is_none() && yuan.is_none() => AmountReason::Space,
            '整' | '正' => AmountReason::Zheng,
            c if c.is_ascii_digit() || is_numeral(c) => AmountReason::Mixed,
            c => stray(c),
        });
    }
    match scale {
        Some(scale) => value.checked_mul(Decimal::from(scale)).ok_or(AmountReason::TooLarge),
        None => Ok(value),
    }
}

/// `5,000.00` or `5000.00` into a `Decimal`, checking the grouping and the point.
fn decimal(number: &str) -> Result<Decimal, AmountReason> {
    let mut parts = number.split('.');
    let int = parts.next().unwrap_or_default();
    let frac = parts.next();
    if parts.next().is_some() {
        return Err(AmountReason::ManyPoints);
    }
    if int.is_empty() {
        return Err(AmountReason::LeadingPoint);
    }
    if frac == Some("") {
        return Err(AmountReason::TrailingPoint);
    }
    let frac = frac.unwrap_or_default();
    if frac.contains(',') {
        return Err(AmountReason::Grouping);
    }
    if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or_default();
        let first_ok = (1..=3).contains(&first.len()) && !first.starts_with('0');
        if !first_ok || !groups.all(|group| group.len() == 3) {
            return Err(AmountReason::Grouping);
        }
    }
    from_digits(int.as_bytes(), frac.as_bytes())
}

/// Whether `text` is written as a date: year, month and day joined by `-` or `/`.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split(['-', '/']).collect();
    let digits =
        |p: &str, n: std::ops::RangeInclusive<usize>| n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    matches!(parts.as_slice(), [y, m, d] if digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2))
}

/// Whether `rest`, what follows a first amount, joins a second one to it: a dash, tilde, `至`
/// or `到`, then (after optional spaces and a currency sign) a digit or a Chinese numeral.
fn joins_range(rest: &str) -> bool {
    let Some(after) = rest.strip_prefix(['-', '−', '–', '—', '~', '～', '至', '到']) else { return false };
    let after = strip_currency(after.trim_start()).trim_start();
    after.starts_with(|c: char| c.is_ascii_digit() || is_numeral(c))
}

/// The reason for a character that has no place in an amount.
fn stray(c: char) -> AmountReason {
    match c {
        '-' | '−' | '负' => AmountReason::Negative,
        '，' => AmountReason::FullWidthComma,
        '０'..='９' | '．' => AmountReason::FullWidth,
        c if c.is_whitespace() => AmountReason::Space,
        c => AmountReason::Unexpected(c),
    }
}

/// A Chinese digit (`零` is 0).
fn digit(c: char) -> Option<u8> {
    Some(match c {
        '零' | '〇' => 0,
        '壹' | '一' => 1,
        '贰' | '二' | '两' => 2,
        '叁' | '三' => 3,
        '肆' | '四' => 4,
        '伍' | '五' => 5,
        '陆' | '六' => 6,
        '柒' | '七' => 7,
        '捌' | '八' => 8,
        '玖' | '九' => 9,
        _ => return None,
    })
}

/// The power of ten of a place unit.
fn place(c: char) -> Option<u8> {
    match c {
        '拾' | '十' => Some(1),
        '佰' | '百' => Some(2),
        '仟' | '千' => Some(3),
        _ => None,
    }
}

/// Part of a Chinese numeral amount.
fn is_numeral(c: char) -> bool {
    digit(c).is_some() || place(c).is_some() || matches!(c, '万' | '亿' | '元' | '圆' | '角' | '分')
}

/// One word of a Chinese numeral amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    /// A nonzero digit with its place unit (`place` 0 for a lone digit).
    Digit { digit: u8, place: u8 },
    /// 零.
    Zero,
    /// 万.
    Wan,
    /// 亿.
    Yi,
    /// 元 or 圆.
    Yuan,
    /// A digit with 角 (`power` −1) or 分 (−2).
    Cents { digit: u8, power: i8 },
    /// 整 or 正.
    Zheng,
}

/// Chinese numerals: the words, their powers of ten, the checks of the grammar, the value.
fn words(text: &str) -> Result<Decimal, AmountReason> {
    let words = lex(text)?;
    // Powers of ten, from the right: 万 and 亿 lift the digits before them.
    let mut placed: Vec<(Word, i8)> = Vec::with_capacity(words.len());
    let (mut base, mut yi, mut wan) = (0i8, false, false);
    for &word in words.iter().rev() {
        let power = match word {
            Word::Yi => {
                if yi {
                    return Err(AmountReason::RepeatedUnit);
                }
                (yi, wan, base) = (true, false, 8);
                0
            }
            Word::Wan => {
                if wan {
                    return Err(AmountReason::RepeatedUnit);
                }
                wan = true;
                base = if yi { 12 } else { 4 };
                0
            }
            Word::Digit { place, .. } => base.checked_add_unsigned(place).ok_or(AmountReason::TooLarge)?,
            Word::Cents { power, .. } => power,
            Word::Zero | Word::Yuan | Word::Zheng => 0,
        };
        placed.push((word, power));
    }
    placed.reverse();

    // From the left: falling places, lone digits, 零; the value in fen.
    let mut fen: u128 = 0;
    let mut last_power: Option<i8> = None;
    let mut previous: Option<Word> = None;
    let mut zero = false;
    let mut iter = placed.iter().peekable();
    while let Some(&(word, power)) = iter.next() {
        match word {
            Word::Zero if previous.is_none() && matches!(iter.peek(), None | Some((Word::Yuan, _))) => {
                // A written zero: 零, 零元.
            }
            Word::Zero => zero = true,
            Word::Digit { digit, .. } | Word::Cents { digit, .. } => {
                match last_power {
                    Some(last) if power == last => return Err(AmountReason::RepeatedUnit),
                    Some(last) if power > last => {
                        return Err(if matches!(word, Word::Cents { power: -1, .. }) {
                            AmountReason::JiaoAfterFen
                        } else {
                            AmountReason::MisorderedUnits
                        });
                    }
                    Some(last) if zero && last.checked_sub(power).is_none_or(|gap| gap < 2) => {
                        return Err(AmountReason::ZeroSuperfluous);
                    }
                    None if zero => return Err(AmountReason::ZeroMisplaced),
                    _ => {}
                }
                // A lone digit right after 佰 or 仟, or right after 万 or 亿 unless 万 follows it
                // (壹亿伍万): 壹仟伍 is 1005 by place but 1500 as spoken (一千五), 壹万伍亿 may
                // be 一万五(千)亿.
                let lone = matches!(word, Word::Digit { place: 0, .. });
                let after_hundreds = matches!(previous, Some(Word::Digit { place: 2.., .. }));
                let after_section = matches!(previous, Some(Word::Wan | Word::Yi)) && power != 4;
                if lone && (after_hundreds || after_section) {
                    return Err(AmountReason::Colloquial);
                }
                // A whole section skipped without 零: 壹亿伍仟 may be 壹亿伍仟万 cut short.
                let skips_section =
                    |last: i8| last.div_euclid(4).checked_sub(power.div_euclid(4)).is_some_and(|n| n >= 2);
                if !zero && power >= 0 && last_power.is_some_and(skips_section) {
                    return Err(AmountReason::ZeroMissing);
                }
                let exponent = u32::try_from(power.checked_add(2).ok_or(AmountReason::TooLarge)?)
                    .map_err(|_| AmountReason::TooLarge)?;
                let term = 10u128
                    .checked_pow(exponent)
                    .and_then(|scale| scale.checked_mul(u128::from(digit)))
                    .ok_or(AmountReason::TooLarge)?;
                fen = fen.checked_add(term).ok_or(AmountReason::TooLarge)?;
                (last_power, zero) = (Some(power), false);
            }
            Word::Wan | Word::Yi | Word::Yuan | Word::Zheng => {}
        }
        previous = Some(word);
    }
    if zero {
        return Err(AmountReason::ZeroMisplaced);
    }
    let fen = i128::try_from(fen).map_err(|_| AmountReason::TooLarge)?;
    Ok(Decimal::try_from_i128_with_scale(fen, 2).map_err(|_| AmountReason::TooLarge)?.normalize())
}

/// Splits Chinese numerals into words, refusing what is wrong locally (a unit without its
/// digit, digits in a row, what may follow 元).
fn lex(text: &str) -> Result<Vec<Word>, AmountReason> {
    let mut words: Vec<Word> = Vec::new();
    let mut pending: Option<u8> = None;
    let mut yuan = false;
    for (at, c) in text.char_indices() {
        if words.last() == Some(&Word::Zheng) {
            if joins_range(text.get(at..).unwrap_or_default()) {
                return Err(AmountReason::Range);
            }
            return Err(AmountReason::Zheng);
        }
        if let Some(d) = digit(c) {
            if pending.is_some() {
                return Err(AmountReason::DigitsInRow);
            }
            if d != 0 {
                pending = Some(d);
            } else if words.last() == Some(&Word::Zero) {
                return Err(AmountReason::ZeroRepeated);
            } else {
                words.push(Word::Zero);
            }
            continue;
        }
        let last = words.last().copied();
        if let Some(place) = place(c) {
            if yuan {
                return Err(AmountReason::AfterYuan);
            }
            let digit = match (pending.take(), last) {
                (Some(digit), _) => digit,
                (None, None) if place == 1 => 1,
                (None, Some(Word::Zero)) => return Err(AmountReason::ZeroWithUnit),
                (None, Some(Word::Digit { place: p, .. })) if p == place => return Err(AmountReason::RepeatedUnit),
                (None, _) => return Err(AmountReason::UnitWithoutDigit),
            };
            words.push(Word::Digit { digit, place });
            continue;
        }
        match c {
            '万' | '亿' => {
                if yuan {
                    return Err(AmountReason::AfterYuan);
                }
                flush(&mut pending, &mut words);
                let word = if c == '万' { Word::Wan } else { Word::Yi };
                match words.last() {
                    Some(Word::Digit { .. }) => words.push(word),
                    // 万亿 = 10¹²; a second 亿 is refused when the powers are placed.
                    Some(Word::Wan) if word == Word::Yi => words.push(word),
                    Some(Word::Zero) => return Err(AmountReason::ZeroWithUnit),
                    Some(&last) if last == word => return Err(AmountReason::RepeatedUnit),
                    _ => return Err(AmountReason::UnitWithoutDigit),
                }
            }
            '元' | '圆' => {
                if yuan {
                    return Err(AmountReason::RepeatedUnit);
                }
                flush(&mut pending, &mut words);
                match words.last() {
                    Some(Word::Digit { .. } | Word::Wan | Word::Yi) => {}
                    Some(Word::Zero) if words.len() == 1 => {}
                    Some(Word::Zero) => return Err(AmountReason::ZeroMisplaced),
                    Some(Word::Cents { .. }) => return Err(AmountReason::MisorderedUnits),
                    _ => return Err(AmountReason::UnitWithoutDigit),
                }
                yuan = true;
                words.push(Word::Yuan);
            }
            '角' | '分' => {
                let power = if c == '角' { -1 } else { -2 };
                let Some(digit) = pending.take() else {
                    return Err(match last {
                        Some(Word::Zero) => AmountReason::ZeroWithUnit,
                        _ => AmountReason::UnitWithoutDigit,
                    });
                };
                if !yuan && words.iter().any(|word| !matches!(word, Word::Cents { .. } | Word::Zero)) {
                    return Err(AmountReason::FractionWithoutYuan);
                }
                words.push(Word::Cents { digit, power });
            }
            '整' | '正' => {
                if pending.is_some() || !matches!(last, Some(Word::Yuan | Word::Cents { .. })) {
                    return Err(AmountReason::Zheng);
                }
                words.push(Word::Zheng);
            }
            c if c.is_ascii_digit() => return Err(AmountReason::Mixed),
            // 壹仟元至贰仟元: a range, said as one, as for figures.
            _ if (pending.is_some() || !words.is_empty())
                && joins_range(text.get(at..).unwrap_or_default().trim_start()) =>
            {
                return Err(AmountReason::Range);
            }
            c => return Err(stray(c)),
        }
    }
    if pending.is_some() && (yuan || words.iter().any(|word| matches!(word, Word::Cents { .. }))) {
        return Err(AmountReason::AfterYuan);
    }
    flush(&mut pending, &mut words);
    if words.is_empty() {
        return Err(AmountReason::NoNumber);
    }
    Ok(words)
}

/// A digit left without a unit stands in the ones place of its section.
fn flush(pending: &mut Option<u8>, words: &mut Vec<Word>) {
    if let Some(digit) = pending.take() {
        words.push(Word::Digit { digit, place: 0 });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AmountReason as R;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn reason(text: &str) -> AmountReason {
        match parse_amount(text) {
            Ok(value) => panic!("`{text}` was read as {value}"),
            Err(e) => e.reason,
        }
    }

    const MAX: &str = "79228162514264337593543950335";

    #[test]
    fn every_accepted_form_reads_exactly() {
        let cases = [
            // Plain digits (the fast path).
            ("5000", "5000"),
            ("5000.00", "5000.00"),
            ("0.5", "0.5"),
            ("0", "0"),
            ("007", "7"),
            ("0.0000000000000000000000000001", "0.0000000000000000000000000001"),
            (MAX, MAX),
            (" 5000 ", "5000"),
            ("\u{3000}5000\t", "5000"),
            // Thousands separators.
            ("5,000.00", "5000"),
            ("1,234,567", "1234567"),
            ("1,234,567.89", "1234567.89"),
            ("999", "999"),
            ("12,345", "12345"),
            // Prefixes and suffixes.
            ("¥1,200", "1200"),
            ("￥1200.50", "1200.5"),
            ("RMB 5000", "5000"),
            ("rmb5000", "5000"),
            ("CNY5,000.00", "5000"),
            ("人民币5000元", "5000"),
            ("人民币 5000 元", "5000"),
            ("5000元", "5000"),
            ("5000圆", "5000"),
            ("5000元整", "5000"),
            ("5000元正", "5000"),
            ("5,000.00元", "5000"),
            // Multipliers.
            ("0.5万元", "5000"),
            ("0.5万", "5000"),
            ("3万", "30000"),
            ("3 万元", "30000"),
            ("1.2亿元", "120000000"),
            ("2亿", "200000000"),
            ("5千元", "5000"),
            ("5千", "5000"),
            ("1.5千元", "1500"),
            ("1,200万元", "12000000"),
            ("0.034万元", "340"),
            ("12.3456万元", "123456"),
            ("3万元整", "30000"),
            // Chinese numerals.
            ("人民币伍仟元整", "5000"),
            ("人民币 伍仟元整", "5000"),
            ("壹万贰仟叁佰肆拾伍元陆角柒分", "12345.67"),
            ("拾伍元", "15"),
            ("壹拾伍元", "15"),
            ("十五", "15"),
            ("拾", "10"),
            ("拾万", "100000"),
            ("伍", "5"),
            ("伍元", "5"),
            ("伍圆整", "5"),
            ("伍拾万元", "500000"),
            ("壹佰万", "1000000"),
            ("壹仟零伍元", "1005"),
            ("壹仟伍拾元", "1050"),
            ("壹仟零伍拾元", "1050"),
            ("壹万零伍", "10005"),
            ("壹万伍仟", "15000"),
            ("壹拾万零柒仟元伍角叁分", "107000.53"),
            ("壹拾万柒仟元零伍角叁分", "107000.53"),
            ("壹拾万柒仟元伍角叁分", "107000.53"),
            ("壹仟陆佰捌拾元零叁角贰分", "1680.32"),
            ("壹仟陆佰捌拾元叁角贰分", "1680.32"),
            ("壹佰元零伍分", "100.05"),
            ("伍角", "0.5"),
            ("伍分", "0.05"),
            ("伍角陆分", "0.56"),
            ("伍角整", "0.5"),
            ("伍元伍角伍分整", "5.55"),
            ("叁亿贰仟万元", "320000000"),
            ("壹亿伍万", "100050000"),
            ("壹亿零伍万", "100050000"),
            ("壹亿零伍", "100000005"),
            ("壹万亿", "1000000000000"),
            ("伍万零叁亿", "5000300000000"),
            ("壹亿零伍仟", "100005000"),
            ("壹亿零伍拾元", "100000050"),
            ("壹万亿零伍仟万", "1000050000000"),
            ("叁仟贰佰万亿", "3200000000000000"),
            ("壹万亿零伍佰万", "1000005000000"),
            ("玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分", "9999999999999999.99"),
            ("三百元", "300"),
            ("两万元", "20000"),
            ("一千二百三十四", "1234"),
            ("壹万二千", "12000"),
            // A written zero.
            ("零", "0"),
            ("〇", "0"),
            ("零元", "0"),
            ("〇元", "0"),
            ("零元整", "0"),
            ("零元伍角", "0.5"),
            // Figures and words that agree.
            ("340元（大写：叁佰肆拾元整）", "340"),
            ("340元(大写:叁佰肆拾元整)", "340"),
            ("340元 （ 大写 ： 叁佰肆拾元整 ）", "340"),
            ("340元（大写叁佰肆拾元整）", "340"),
            ("340元（大写：叁佰肆拾元整)", "340"),
            ("340.00元（大写：人民币叁佰肆拾元整）", "340.00"),
            ("叁佰肆拾元整（小写：340.00元）", "340"),
            ("叁佰肆拾元整（¥340.00）", "340"),
            ("0.034万元（大写：叁佰肆拾元）", "340"),
            ("¥1,234.50（大写：壹仟贰佰叁拾肆元伍角）", "1234.5"),
        ];
        for (text, want) in cases {
            assert_eq!(parse_amount(text), Ok(d(want)), "{text}");
        }
        // Plain digits keep their places; words are normalised.
        assert_eq!(parse_amount("5000.00").unwrap().to_string(), "5000.00");
        assert_eq!(parse_amount("伍仟元整").unwrap().to_string(), "5000");
        assert_eq!(parse_amount("伍元伍角").unwrap().to_string(), "5.5");
    }

    #[test]
    fn every_refusal_class_has_its_reason() {
        let too_many_places = format!("0.{}1", "0".repeat(28));
        let above_max = format!("{MAX}9");
        let max_wan = format!("{MAX}万元");
        let max_half = format!("{MAX}.5");
        let cases: &[(&str, AmountReason)] = &[
            ("", R::Empty),
            ("   ", R::Empty),
            ("人民币", R::NoNumber),
            ("RMB", R::NoNumber),
            ("¥ ", R::NoNumber),
            ("abc", R::Unexpected('a')),
            ("NaN", R::NotFinite),
            ("5000块", R::Unexpected('块')),
            ("伍仟X元", R::Unexpected('X')),
            ("5000元（含税）", R::Unexpected('含')),
            ("-5", R::Negative),
            ("-5000元", R::Negative),
            ("¥-5", R::Negative),
            ("−5", R::Negative),
            ("负伍仟元", R::Negative),
            ("-0.0", R::Negative),
            ("1000-2000", R::Range),
            ("2016-03-01", R::Date),
            ("2016/3/1", R::Date),
            ("1,000 - 2,000元", R::Range),
            ("5000元~1万元", R::Range),
            ("5000～8000", R::Range),
            ("5000元至壹万元", R::Range),
            ("3万到5万元", R::Range),
            ("1000—¥2000", R::Range),
            ("壹仟元至贰仟元", R::Range),
            ("一千到两千元", R::Range),
            ("伍仟元整至壹万元整", R::Range),
            ("伍万-10万元", R::Range),
            ("伍仟元至", R::Unexpected('至')),
            ("壹仟元 至 贰仟元", R::Range),
            ("壹仟 元", R::Space),
            ("1000-", R::Negative),
            ("+5", R::Sign),
            ("1e5", R::Exponent(Some(Decimal::new(100_000, 0)))),
            ("1E5", R::Exponent(Some(Decimal::new(100_000, 0)))),
            ("1.5e3", R::Exponent(Some(Decimal::new(1_500, 0)))),
            ("5e-3", R::Exponent(Some(Decimal::new(5, 3)))),
            ("1.5e4元", R::Exponent(Some(Decimal::new(15_000, 0)))),
            // Past what a decimal holds, or no exponent after all: the general hint.
            ("1e99", R::Exponent(None)),
            ("1e16", R::Exponent(None)),
            ("1e-28", R::Exponent(None)),
            ("0.00000000000000000000000000001e28", R::Exponent(None)),
            ("0e5", R::Exponent(None)),
            ("1e", R::Exponent(None)),
            ("1e5x", R::Exponent(None)),
            (".inf", R::NotFinite),
            ("-.inf", R::NotFinite),
            (".NaN", R::NotFinite),
            ("Infinity", R::NotFinite),
            ("0x10", R::Hex),
            ("0X1F", R::Hex),
            (".5", R::LeadingPoint),
            (".5元", R::LeadingPoint),
            (".", R::LeadingPoint),
            ("5.", R::TrailingPoint),
            ("5.元", R::TrailingPoint),
            ("5.0.0", R::ManyPoints),
            ("1.2.3万", R::ManyPoints),
            ("5,00", R::Grouping),
            ("1,0000", R::Grouping),
            ("0,500", R::Grouping),
            (",500", R::Grouping),
            ("5,000,00", R::Grouping),
            ("1,,000", R::Grouping),
            ("12345,678", R::Grouping),
            ("1,234.5,6", R::Grouping),
            ("5，000", R::FullWidthComma),
            ("1，500元", R::FullWidthComma),
            ("５０００", R::FullWidth),
            ("5．00", R::FullWidth),
            ("5000。00", R::FullWidth),
            ("12 000", R::Space),
            ("伍仟 元", R::Space),
            (&above_max, R::TooLarge),
            ("79228162514264337593543950336", R::TooLarge),
            (&max_wan, R::TooLarge),
            (&too_many_places, R::TooPrecise),
            (&max_half, R::TooPrecise),
            ("3万5千", R::Mixed),
            ("伍仟5百", R::Mixed),
            ("5元5角", R::Mixed),
            ("5百元", R::Mixed),
            ("5仟元", R::Mixed),
            ("5拾", R::Mixed),
            ("5000元伍角", R::Mixed),
            ("伍5", R::Mixed),
            ("5千万元", R::CompoundMultiplier),
            ("1.5万亿", R::CompoundMultiplier),
            ("3万万", R::CompoundMultiplier),
            ("5000整", R::Zheng),
            ("整", R::Zheng),
            ("伍仟整", R::Zheng),
            ("伍仟元整整", R::Zheng),
            ("伍元整伍角", R::Zheng),
            ("玖玖玖", R::DigitsInRow),
            ("二〇二三", R::DigitsInRow),
            ("伍零", R::DigitsInRow),
            ("万元", R::UnitWithoutDigit),
            ("亿", R::UnitWithoutDigit),
            ("亿元", R::UnitWithoutDigit),
            ("元", R::UnitWithoutDigit),
            ("人民币元整", R::UnitWithoutDigit),
            ("佰", R::UnitWithoutDigit),
            ("佰拾佰", R::UnitWithoutDigit),
            ("仟万仟万", R::UnitWithoutDigit),
            ("壹佰拾伍", R::UnitWithoutDigit),
            ("壹万亿万", R::UnitWithoutDigit),
            ("壹亿万", R::UnitWithoutDigit),
            ("伍万拾", R::UnitWithoutDigit),
            ("角", R::UnitWithoutDigit),
            ("伍元分", R::UnitWithoutDigit),
            ("拾拾拾", R::RepeatedUnit),
            ("亿亿亿亿亿亿", R::UnitWithoutDigit),
            ("壹亿亿亿元", R::RepeatedUnit),
            ("伍万万", R::RepeatedUnit),
            ("伍拾伍拾", R::RepeatedUnit),
            ("伍元元", R::RepeatedUnit),
            ("伍亿伍亿", R::RepeatedUnit),
            ("伍万伍万", R::RepeatedUnit),
            ("壹亿壹万亿", R::RepeatedUnit),
            ("伍角伍角", R::RepeatedUnit),
            ("伍佰伍仟", R::MisorderedUnits),
            ("伍佰伍拾伍佰", R::MisorderedUnits),
            ("壹拾伍仟", R::MisorderedUnits),
            ("伍角元", R::MisorderedUnits),
            ("壹仟零佰伍", R::ZeroWithUnit),
            ("壹亿零万", R::ZeroWithUnit),
            ("伍元零角伍分", R::ZeroWithUnit),
            ("零佰", R::ZeroWithUnit),
            ("壹仟零零伍", R::ZeroRepeated),
            ("零伍", R::ZeroMisplaced),
            ("零伍元", R::ZeroMisplaced),
            ("伍佰零", R::ZeroMisplaced),
            ("伍佰零元", R::ZeroMisplaced),
            ("零元零伍分", R::ZeroMisplaced),
            ("伍角零", R::ZeroMisplaced),
            ("壹万零伍仟", R::ZeroSuperfluous),
            ("叁亿零贰仟万", R::ZeroSuperfluous),
            ("伍元零伍角", R::ZeroSuperfluous),
            ("伍角零伍分", R::ZeroSuperfluous),
            ("壹仟伍", R::Colloquial),
            ("一千五", R::Colloquial),
            ("壹万伍", R::Colloquial),
            ("壹佰伍", R::Colloquial),
            ("壹佰伍万", R::Colloquial),
            ("壹亿伍", R::Colloquial),
            ("伍万叁亿", R::Colloquial),
            ("壹万伍亿", R::Colloquial),
            ("壹亿伍仟", R::ZeroMissing),
            ("壹亿伍拾元", R::ZeroMissing),
            ("壹万亿伍仟万", R::ZeroMissing),
            ("伍万亿壹佰", R::ZeroMissing),
            ("伍元伍", R::AfterYuan),
            ("伍元伍拾", R::AfterYuan),
            ("伍元伍万", R::AfterYuan),
            ("伍角伍分伍", R::AfterYuan),
            ("伍分伍", R::AfterYuan),
            ("伍元伍分伍角", R::JiaoAfterFen),
            ("壹佰伍角", R::FractionWithoutYuan),
            ("(340)", R::Parenthesis),
            ("（340元）", R::Parenthesis),
            ("340元)", R::Parenthesis),
            ("340元（大写：340元）", R::Label),
            ("叁佰肆拾元（小写：叁佰肆拾元）", R::Label),
            ("340元（大写）", R::NoNumber),
            ("340元（大写：叁佰伍拾元整）", R::Differ { outside: d("340"), inside: d("350") }),
            ("340元(350元)", R::Differ { outside: d("340"), inside: d("350") }),
            ("340元（大写：叁佰肆拾元整（叁佰肆拾元））", R::Unexpected('（')),
            ("340元（大写：叁佰肆拾元伍）", R::AfterYuan),
        ];
        for (text, want) in cases {
            assert_eq!(reason(text), *want, "{text}");
        }
        // The hint writes out the amount given, not a fixed example (a user trial wrote 1.5e4).
        assert_eq!(reason("1.5e4").to_string(), "it uses an exponent (write 15000)");
        assert_eq!(reason("1.5e4").zh(), "使用了科学计数法（应写作 15000）");
        assert_eq!(reason("1e99").to_string(), "it uses an exponent (write 100000, not 1e5)");
    }

    #[test]
    fn the_observed_misreads_are_refused() {
        for text in ["万元", "亿", "亿亿亿亿亿亿亿亿亿亿亿亿", "拾拾拾", "壹亿亿亿元"] {
            assert!(parse_amount(text).is_err(), "{text}");
        }
        // A written zero is zero (a decision, not a misread).
        assert_eq!(parse_amount("零"), Ok(Decimal::ZERO));
    }

    #[test]
    fn errors_quote_at_most_64_characters() {
        let huge = "伍".repeat(1_000_000);
        let e = parse_amount(&huge).unwrap_err();
        assert_eq!(e.reason, R::DigitsInRow);
        assert_eq!(e.text.chars().count(), 65);
        assert!(e.text.ends_with('…'));
        let digits = "9".repeat(10_000_000);
        let e = parse_amount(&digits).unwrap_err();
        assert_eq!(e.reason, R::TooLarge);
        assert_eq!(
            e.to_string(),
            format!("`{}…` is not an amount: it is too large to be held exactly", "9".repeat(64))
        );
        let e = parse_amount("340元（大写：叁佰伍拾元整）").unwrap_err();
        assert_eq!(
            e.to_string(),
            "`340元（大写：叁佰伍拾元整）` is not an amount: its two writings differ: 340 outside the parenthesis, 350 inside"
        );
    }

    #[test]
    fn absurd_texts_give_errors_not_panics() {
        let nines = "玖仟玖佰玖拾玖亿".repeat(50);
        let long_zero = format!("0.{}", "0".repeat(100));
        for text in [
            nines.as_str(),
            &long_zero,
            "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖万亿",
            "(((",
            "）",
            "（）",
            "()",
            "¥(",
            "元（元）",
        ] {
            assert!(parse_amount(text).is_err(), "{text}");
        }
    }

    /// A tiny deterministic xorshift generator.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
        fn coin(&mut self) -> bool {
            self.next() & 1 == 1
        }
    }

    const CAPITAL: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    const PLACES: [&str; 4] = ["", "拾", "佰", "仟"];

    /// `yuan` and `cents` in capital numerals by the rules for bank documents: one 零 for any
    /// run of skipped places, 元…整 or 元…角…分. `variant` picks the optional forms: 零 between
    /// 元 and 角 when the ones place is zero, 拾 for a leading 壹拾.
    fn capital(yuan: u64, cents: u64, variant: u64) -> String {
        let mut out = String::new();
        let (mut written, mut zero) = (false, false);
        for power in (0..16u32).rev() {
            let digit = (yuan / 10u64.pow(power) % 10) as usize;
            if digit == 0 {
                zero |= written;
            } else {
                if zero {
                    out.push('零');
                    zero = false;
                }
                out.push(CAPITAL[digit]);
                out.push_str(PLACES[power as usize % 4]);
                written = true;
            }
            match power {
                12 if !(yuan / 10u64.pow(12)).is_multiple_of(10_000) => out.push('万'),
                8 if yuan / 100_000_000 != 0 => out.push('亿'),
                4 if !(yuan / 10_000).is_multiple_of(10_000) => out.push('万'),
                _ => {}
            }
        }
        if variant & 1 == 1 && out.starts_with("壹拾") {
            out = out.replacen("壹拾", "拾", 1);
        }
        let (jiao, fen) = (cents / 10, cents % 10);
        if yuan == 0 && cents == 0 {
            return "零元整".to_string();
        }
        if yuan > 0 {
            out.push('元');
        }
        if cents == 0 {
            out.push('整');
            return out;
        }
        if yuan > 0 && (jiao == 0 || (yuan.is_multiple_of(10) && variant & 2 == 2)) {
            out.push('零');
        }
        if jiao > 0 {
            out.push(CAPITAL[jiao as usize]);
            out.push('角');
        }
        if fen > 0 {
            out.push(CAPITAL[fen as usize]);
            out.push('分');
        } else {
            out.push('整');
        }
        out
    }

    /// Capital numerals into ordinary ones, here and there.
    fn ordinary(text: &str, rng: &mut Rng) -> String {
        text.chars()
            .map(|c| {
                if !rng.coin() {
                    return c;
                }
                let plain = "零一二三四五六七八九十百千";
                match "零壹贰叁肆伍陆柒捌玖拾佰仟".chars().position(|k| k == c) {
                    Some(2) if rng.coin() => '两',
                    Some(i) => plain.chars().nth(i).unwrap(),
                    None => c,
                }
            })
            .collect()
    }

    fn grouped(yuan: u64) -> String {
        let digits = yuan.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn random_texts_never_panic_and_words_stay_below_10_to_the_16() {
        let alphabet: Vec<char> =
            "0123456789.,，  -+eEx¥元圆整正角分零〇壹贰叁肆伍陆柒捌玖一二两三拾十佰百仟千万亿（）():大写人民币"
                .chars()
                .collect();
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let limit = Decimal::from(10_000_000_000_000_000u64);
        for _ in 0..200_000 {
            let length = rng.below(14) as usize;
            let text: String = (0..length).map(|_| alphabet[rng.below(alphabet.len() as u64) as usize]).collect();
            if let Ok(value) = parse_amount(&text) {
                assert!(value >= Decimal::ZERO, "{text}");
                if !text.contains(|c: char| c.is_ascii_digit()) {
                    assert!(value < limit, "{text}");
                }
            }
        }
    }

    #[test]
    fn the_capital_formatter_follows_the_standard_examples() {
        for (yuan, cents, variant, want) in [
            (0, 0, 0, "零元整"),
            (5000, 0, 0, "伍仟元整"),
            (1005, 0, 0, "壹仟零伍元整"),
            (1680, 32, 0, "壹仟陆佰捌拾元叁角贰分"),
            (1680, 32, 2, "壹仟陆佰捌拾元零叁角贰分"),
            (107_000, 53, 0, "壹拾万零柒仟元伍角叁分"),
            (100, 5, 0, "壹佰元零伍分"),
            (0, 50, 0, "伍角整"),
            (15, 0, 1, "拾伍元整"),
            (320_000_000, 0, 0, "叁亿贰仟万元整"),
            (100_000_005, 0, 0, "壹亿零伍元整"),
            (1_000_000_000_000, 0, 0, "壹万亿元整"),
            (1_000_005_000_000, 0, 0, "壹万亿零伍佰万元整"),
            (12_345, 67, 0, "壹万贰仟叁佰肆拾伍元陆角柒分"),
        ] {
            assert_eq!(capital(yuan, cents, variant), want);
        }
    }

    #[test]
    fn random_amounts_round_trip_in_every_writing() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            // Amounts of every size, not only near 10¹².
            let digits = rng.below(13) as u32;
            let yuan = rng.below(10u64.pow(digits));
            let cents = if rng.coin() { rng.below(100) } else { 0 };
            let fen = i64::try_from(yuan * 100 + cents).unwrap();
            let value = Decimal::new(fen, 2);
            let variant = rng.next();
            let words = capital(yuan, cents, variant);
            let writings = [
                format!("{yuan}.{cents:02}"),
                if cents == 0 { yuan.to_string() } else { format!("{yuan}.{cents:02}元") },
                format!("{}.{cents:02}", grouped(yuan)),
                format!("¥{}.{cents:02}", grouped(yuan)),
                format!("{}万元", Decimal::new(fen, 6).normalize()),
                format!("人民币{words}"),
                ordinary(&words, &mut rng),
                format!("{}.{cents:02}元（大写：{words}）", grouped(yuan)),
            ];
            for text in writings {
                assert_eq!(parse_amount(&text), Ok(value), "{text}");
            }
            if yuan.is_multiple_of(10_000) && cents == 0 {
                let text = format!("{}万元", yuan / 10_000);
                assert_eq!(parse_amount(&text), Ok(value), "{text}");
            }
        }
    }
}
