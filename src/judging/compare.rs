//! Comparing an observation with the expected answer: pure functions, no processes.
//!
//! A [`Mismatch`] says where and how the two differ. Whether that may be shown to the
//! candidate (a sample case) or must stay hidden (a secret case) is the caller's call.

use serde_json::{Map, Number, Value};

use crate::package::spec::JsonOptions;

/// Where and how an observation differs from the expected answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// A path into the value (`[2].name`) or a position in the text (`line 4`).
    pub location: String,
    /// What was expected there, rendered for a human.
    pub expected: String,
    /// What was observed there, rendered for a human.
    pub observed: String,
}

impl Mismatch {
    fn new(location: &str, expected: impl Into<String>, observed: impl Into<String>) -> Self {
        Mismatch {
            location: if location.is_empty() {
                "the result".to_string()
            } else {
                location.to_string()
            },
            expected: expected.into(),
            observed: observed.into(),
        }
    }
}

pub type Outcome = Result<(), Mismatch>;

/// True when the encoded value is a raised exception.
pub fn is_raise(value: &Value) -> bool {
    tag(value).is_some_and(|(name, _)| name == "$raise")
}

/// Structural equality of two encoded values (docs/encoding.md).
pub fn json(expected: &Value, observed: &Value, options: &JsonOptions) -> Outcome {
    compare_value(expected, observed, options, "")
}

fn tag(value: &Value) -> Option<(&str, &Value)> {
    match value {
        Value::Object(map) if map.len() == 1 => {
            let (key, inner) = map.iter().next()?;
            key.starts_with('$').then_some((key.as_str(), inner))
        }
        _ => None,
    }
}

/// The decimal digits of an integer, whether plain JSON or `{"$int": "..."}`.
fn integer(value: &Value) -> Option<String> {
    match value {
        Value::Number(number) if !number.is_f64() => Some(number.to_string()),
        _ => match tag(value) {
            Some(("$int", Value::String(digits))) => Some(digits.clone()),
            _ => None,
        },
    }
}

fn float_value(value: &Value) -> Option<f64> {
    match value {
        Value::Number(number) if number.is_f64() => number.as_f64(),
        _ => match tag(value) {
            Some(("$float", Value::String(text))) => match text.as_str() {
                "nan" => Some(f64::NAN),
                "inf" => Some(f64::INFINITY),
                "-inf" => Some(f64::NEG_INFINITY),
                _ => None,
            },
            _ => None,
        },
    }
}

fn kind_name(value: &Value) -> String {
    if integer(value).is_some() {
        return "an int".into();
    }
    if float_value(value).is_some() {
        return "a float".into();
    }
    match tag(value) {
        Some(("$tuple", _)) => "a tuple".into(),
        Some(("$set", _)) => "a set".into(),
        Some(("$frozenset", _)) => "a frozenset".into(),
        Some(("$bytes", _)) => "bytes".into(),
        Some(("$dict", _)) => "a dict".into(),
        Some(("$raise", inner)) => format!(
            "a raised {}",
            inner
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("exception")
        ),
        Some(("$object", Value::String(name))) => format!("an object of type {name}"),
        _ => match value {
            Value::Null => "None".into(),
            Value::Bool(_) => "a bool".into(),
            Value::String(_) => "a str".into(),
            Value::Array(_) => "a list".into(),
            Value::Object(_) => "a dict".into(),
            Value::Number(_) => "a number".into(),
        },
    }
}

/// A short human rendering of an encoded value.
pub fn render(value: &Value) -> String {
    let text = match tag(value) {
        Some(("$raise", inner)) => format!(
            "raise {}({:?})",
            inner.get("type").and_then(Value::as_str).unwrap_or("?"),
            inner
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("...")
        ),
        _ => value.to_string(),
    };
    truncate(&text, 200)
}

pub(crate) use crate::text::truncate;

fn compare_value(expected: &Value, observed: &Value, options: &JsonOptions, at: &str) -> Outcome {
    let differ = || Mismatch::new(at, render(expected), render(observed));
    if let Some(object_type) =
        tag(observed).and_then(|(name, inner)| (name == "$object").then_some(inner))
    {
        let name = object_type.as_str().unwrap_or("?");
        return Err(Mismatch::new(
            at,
            render(expected),
            format!("an object of type {name} (return plain data)"),
        ));
    }
    // Integers and floats: distinct kinds unless the challenge says otherwise.
    match (
        integer(expected),
        integer(observed),
        float_value(expected),
        float_value(observed),
    ) {
        (Some(left), Some(right), _, _) => {
            return if left == right { Ok(()) } else { Err(differ()) }
        }
        (_, _, Some(left), Some(right)) => {
            return if floats_close(left, right, options) {
                Ok(())
            } else {
                Err(differ())
            }
        }
        (Some(left), None, None, Some(right)) | (None, Some(left), Some(right), None)
            if options.int_float_equal =>
        {
            let left: f64 = left.parse().unwrap_or(f64::NAN);
            return if floats_close(left, right, options) {
                Ok(())
            } else {
                Err(differ())
            };
        }
        (Some(_), _, _, _) | (_, Some(_), _, _) | (_, _, Some(_), _) | (_, _, _, Some(_)) => {
            return Err(Mismatch::new(
                at,
                format!("{} {}", kind_name(expected), render(expected)),
                format!("{} {}", kind_name(observed), render(observed)),
            ));
        }
        _ => {}
    }
    match (tag(expected), tag(observed)) {
        (Some(("$raise", want)), Some(("$raise", got))) => compare_raise(want, got, at),
        (Some((left, inner_left)), Some((right, inner_right))) if left == right => match left {
            "$tuple" => compare_sequence(inner_left, inner_right, options, at, false),
            "$set" | "$frozenset" | "$dict" => {
                compare_sequence(inner_left, inner_right, options, at, true)
            }
            _ => {
                if inner_left == inner_right {
                    Ok(())
                } else {
                    Err(differ())
                }
            }
        },
        (None, None) => match (expected, observed) {
            (Value::Array(_), Value::Array(_)) => {
                compare_sequence(expected, observed, options, at, options.unordered_lists)
            }
            (Value::Object(left), Value::Object(right)) => compare_object(left, right, options, at),
            _ if std::mem::discriminant(expected) == std::mem::discriminant(observed) => {
                if expected == observed {
                    Ok(())
                } else {
                    Err(differ())
                }
            }
            _ => Err(Mismatch::new(
                at,
                format!("{} {}", kind_name(expected), render(expected)),
                format!("{} {}", kind_name(observed), render(observed)),
            )),
        },
        _ => Err(Mismatch::new(
            at,
            format!("{} {}", kind_name(expected), render(expected)),
            format!("{} {}", kind_name(observed), render(observed)),
        )),
    }
}

fn floats_close(expected: f64, observed: f64, options: &JsonOptions) -> bool {
    if expected.is_nan() || observed.is_nan() {
        return expected.is_nan() && observed.is_nan();
    }
    if expected == observed {
        return true;
    }
    let difference = (expected - observed).abs();
    difference <= options.abs_tol || difference <= options.rel_tol * expected.abs()
}

fn compare_raise(want: &Value, got: &Value, at: &str) -> Outcome {
    let want_type = want.get("type").and_then(Value::as_str).unwrap_or_default();
    let got_type = got.get("type").and_then(Value::as_str).unwrap_or_default();
    let got_mro: Vec<&str> = got
        .get("mro")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let got_message = got
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if want_type != got_type && !got_mro.contains(&want_type) {
        return Err(Mismatch::new(
            at,
            format!("raise {want_type}"),
            format!("raise {got_type}({got_message:?})"),
        ));
    }
    match want.get("message").and_then(Value::as_str) {
        Some(message) if message != got_message => Err(Mismatch::new(
            at,
            format!("raise {want_type}({message:?})"),
            format!("raise {got_type}({got_message:?})"),
        )),
        _ => Ok(()),
    }
}

fn compare_sequence(
    expected: &Value,
    observed: &Value,
    options: &JsonOptions,
    at: &str,
    unordered: bool,
) -> Outcome {
    let (Some(left), Some(right)) = (expected.as_array(), observed.as_array()) else {
        return Err(Mismatch::new(at, render(expected), render(observed)));
    };
    if left.len() != right.len() {
        return Err(Mismatch::new(
            at,
            format!("{} items: {}", left.len(), render(expected)),
            format!("{} items: {}", right.len(), render(observed)),
        ));
    }
    if !unordered {
        for (index, (want, got)) in left.iter().zip(right).enumerate() {
            compare_value(want, got, options, &format!("{at}[{index}]"))?;
        }
        return Ok(());
    }
    // A multiset match: each expected item takes the first equal observed item left.
    let mut taken = vec![false; right.len()];
    for want in left {
        let found = right.iter().enumerate().position(|(index, got)| {
            !taken[index] && compare_value(want, got, options, at).is_ok()
        });
        match found {
            Some(index) => taken[index] = true,
            None => {
                return Err(Mismatch::new(
                    at,
                    format!("an item {} (in any order)", render(want)),
                    render(observed),
                ))
            }
        }
    }
    Ok(())
}

fn compare_object(
    expected: &Map<String, Value>,
    observed: &Map<String, Value>,
    options: &JsonOptions,
    at: &str,
) -> Outcome {
    for (key, want) in expected {
        let path = format!("{at}[{key:?}]");
        match observed.get(key) {
            Some(got) => compare_value(want, got, options, &path)?,
            None => return Err(Mismatch::new(&path, render(want), "no such key")),
        }
    }
    if let Some(extra) = observed.keys().find(|key| !expected.contains_key(*key)) {
        return Err(Mismatch::new(
            &format!("{at}[{extra:?}]"),
            "no such key",
            render(&observed[extra]),
        ));
    }
    Ok(())
}

/// Byte-for-byte equality.
pub fn exact(expected: &[u8], observed: &[u8]) -> Outcome {
    if expected == observed {
        return Ok(());
    }
    let position = expected
        .iter()
        .zip(observed)
        .position(|(left, right)| left != right)
        .unwrap_or(expected.len().min(observed.len()));
    let line = expected[..position]
        .iter()
        .filter(|byte| **byte == b'\n')
        .count()
        + 1;
    Err(Mismatch::new(
        &format!("byte {position} (line {line})"),
        format!("{} bytes", expected.len()),
        format!("{} bytes", observed.len()),
    ))
}

fn text_lines(text: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = text
        .split(|byte| *byte == b'\n')
        .map(|line| line.trim_ascii_end())
        .collect();
    while lines.last().is_some_and(|line| line.is_empty()) {
        lines.pop();
    }
    lines
}

/// Line by line, trailing white space on each line and trailing empty lines ignored.
pub fn lines(expected: &[u8], observed: &[u8]) -> Outcome {
    let want = text_lines(expected);
    let got = text_lines(observed);
    for index in 0..want.len().max(got.len()) {
        let left = want.get(index);
        let right = got.get(index);
        if left != right {
            return Err(Mismatch::new(
                &format!("line {}", index + 1),
                left.map_or("end of output".into(), |line| show_line(line)),
                right.map_or("end of output".into(), |line| show_line(line)),
            ));
        }
    }
    Ok(())
}

fn show_line(line: &[u8]) -> String {
    truncate(&format!("{:?}", String::from_utf8_lossy(line)), 200)
}

/// White-space separated tokens, optionally case-insensitive.
pub fn tokens(expected: &[u8], observed: &[u8], case_sensitive: bool) -> Outcome {
    float_tokens(expected, observed, None, case_sensitive)
}

/// Tokens where numbers may differ within tolerance, as Kattis' default output validator.
pub fn float(
    expected: &[u8],
    observed: &[u8],
    abs_tol: f64,
    rel_tol: f64,
    case_sensitive: bool,
) -> Outcome {
    float_tokens(expected, observed, Some((abs_tol, rel_tol)), case_sensitive)
}

fn float_tokens(
    expected: &[u8],
    observed: &[u8],
    tolerance: Option<(f64, f64)>,
    case_sensitive: bool,
) -> Outcome {
    let want: Vec<&[u8]> = expected
        .split(u8::is_ascii_whitespace)
        .filter(|t| !t.is_empty())
        .collect();
    let got: Vec<&[u8]> = observed
        .split(u8::is_ascii_whitespace)
        .filter(|t| !t.is_empty())
        .collect();
    for index in 0..want.len().max(got.len()) {
        let location = format!("token {}", index + 1);
        let (Some(left), Some(right)) = (want.get(index), got.get(index)) else {
            return Err(Mismatch::new(
                &location,
                want.get(index)
                    .map_or("end of output".into(), |t| show_line(t)),
                got.get(index)
                    .map_or("end of output".into(), |t| show_line(t)),
            ));
        };
        let same = if case_sensitive {
            left == right
        } else {
            left.eq_ignore_ascii_case(right)
        };
        if same {
            continue;
        }
        if let Some((abs_tol, rel_tol)) = tolerance {
            let parse = |token: &[u8]| std::str::from_utf8(token).ok()?.parse::<f64>().ok();
            if let (Some(want_number), Some(got_number)) = (parse(left), parse(right)) {
                let difference = (want_number - got_number).abs();
                if difference <= abs_tol || difference <= rel_tol * want_number.abs() {
                    continue;
                }
            }
        }
        return Err(Mismatch::new(&location, show_line(left), show_line(right)));
    }
    Ok(())
}

/// Kattis' default output validator: tokens, case-insensitive and white-space-insensitive
/// unless the flags say otherwise; a token of the answer that is a number may differ within
/// the absolute or relative float tolerance.
pub fn kattis_default(
    expected: &[u8],
    observed: &[u8],
    flags: &crate::package::spec::KattisFlags,
) -> Outcome {
    if flags.space_change_sensitive {
        let spaces = |text: &[u8]| -> Vec<Vec<u8>> {
            text.split(|byte| !byte.is_ascii_whitespace())
                .filter(|run| !run.is_empty())
                .map(<[u8]>::to_vec)
                .collect()
        };
        let (want, got) = (spaces(expected), spaces(observed));
        if let Some(index) =
            (0..want.len().max(got.len())).find(|index| want.get(*index) != got.get(*index))
        {
            return Err(Mismatch::new(
                &format!("white space run {}", index + 1),
                want.get(index).map_or("end of output".into(), |run| {
                    format!("{:?}", String::from_utf8_lossy(run))
                }),
                got.get(index).map_or("end of output".into(), |run| {
                    format!("{:?}", String::from_utf8_lossy(run))
                }),
            ));
        }
    }
    let tolerance = match (flags.abs_tol, flags.rel_tol) {
        (None, None) => None,
        (abs_tol, rel_tol) => Some((abs_tol.unwrap_or(-1.0), rel_tol.unwrap_or(-1.0))),
    };
    float_tokens(expected, observed, tolerance, flags.case_sensitive)
}

/// A short line diff of expected and observed text, for sample cases only.
pub fn text_diff(expected: &[u8], observed: &[u8], max_lines: usize) -> String {
    let expected = String::from_utf8_lossy(expected);
    let observed = String::from_utf8_lossy(observed);
    let diff = similar::TextDiff::from_lines(expected.as_ref(), observed.as_ref());
    let mut out = Vec::new();
    for change in diff.iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Delete => "-",
            similar::ChangeTag::Insert => "+",
            similar::ChangeTag::Equal => continue,
        };
        out.push(format!(
            "{sign} {}",
            truncate(change.value().trim_end_matches('\n'), 120)
        ));
        if out.len() >= max_lines {
            out.push("...".into());
            break;
        }
    }
    out.join("\n")
}

/// A number as the encoding writes it (a float always shows a fraction or exponent).
pub fn number(value: f64) -> Value {
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn strict() -> JsonOptions {
        JsonOptions::default()
    }

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn int_and_float_stay_distinct() {
        assert!(json(&parse("1"), &parse("1.0"), &strict()).is_err());
        assert!(json(&parse("1.0"), &parse("1.0"), &strict()).is_ok());
        let loose = JsonOptions {
            int_float_equal: true,
            ..strict()
        };
        assert!(json(&parse("1"), &parse("1.0"), &loose).is_ok());
    }

    #[test]
    fn bool_is_not_an_int() {
        let error = json(&parse("1"), &parse("true"), &strict()).unwrap_err();
        assert!(error.observed.contains("bool"), "{error:?}");
    }

    #[test]
    fn big_integers_compare_by_digits() {
        let digits = json!({"$int": "123456789012345678901234567890"});
        assert!(json(&digits, &digits.clone(), &strict()).is_ok());
        let plain = parse("9007199254740993");
        assert!(json(&plain, &json!({"$int": "9007199254740993"}), &strict()).is_ok());
        assert!(json(&plain, &json!({"$int": "9007199254740992"}), &strict()).is_err());
    }

    #[test]
    fn float_tolerance_is_absolute_or_relative() {
        let options = JsonOptions {
            abs_tol: 1e-6,
            rel_tol: 1e-3,
            ..strict()
        };
        assert!(json(&parse("1000.0"), &parse("1000.5"), &options).is_ok());
        assert!(json(&parse("0.0"), &parse("0.0000005"), &options).is_ok());
        assert!(json(&parse("0.0"), &parse("0.001"), &options).is_err());
        assert!(json(&parse("1.0"), &parse("1.0000001"), &strict()).is_err());
        let nan = json!({"$float": "nan"});
        assert!(json(&nan, &nan.clone(), &strict()).is_ok());
    }

    #[test]
    fn tuples_are_not_lists() {
        let tuple = json!({"$tuple": [1, 2]});
        assert!(json(&tuple, &json!([1, 2]), &strict()).is_err());
        assert!(json(&tuple, &json!({"$tuple": [1, 2]}), &strict()).is_ok());
        assert!(json(&tuple, &json!({"$tuple": [2, 1]}), &strict()).is_err());
    }

    #[test]
    fn sets_compare_without_order() {
        assert!(json(
            &json!({"$set": [1, 2, 3]}),
            &json!({"$set": [3, 1, 2]}),
            &strict()
        )
        .is_ok());
        assert!(json(
            &json!({"$set": [1, 2]}),
            &json!({"$set": [1, 3]}),
            &strict()
        )
        .is_err());
        assert!(json(
            &json!({"$set": [1]}),
            &json!({"$frozenset": [1]}),
            &strict()
        )
        .is_err());
    }

    #[test]
    fn lists_may_be_unordered_when_asked() {
        let options = JsonOptions {
            unordered_lists: true,
            ..strict()
        };
        assert!(json(&json!([1, 2, 2]), &json!([2, 1, 2]), &options).is_ok());
        assert!(json(&json!([1, 2, 2]), &json!([2, 1, 1]), &options).is_err());
        assert!(json(&json!([1, 2]), &json!([2, 1]), &strict()).is_err());
    }

    #[test]
    fn objects_need_the_same_keys() {
        let error = json(&json!({"a": 1, "b": 2}), &json!({"a": 1}), &strict()).unwrap_err();
        assert_eq!(error.location, "[\"b\"]");
        let error = json(&json!({"a": 1}), &json!({"a": 1, "c": 3}), &strict()).unwrap_err();
        assert_eq!(error.location, "[\"c\"]");
        let error = json(
            &json!({"a": [1, {"b": 2}]}),
            &json!({"a": [1, {"b": 3}]}),
            &strict(),
        )
        .unwrap_err();
        assert_eq!(error.location, "[\"a\"][1][\"b\"]");
    }

    #[test]
    fn objects_of_the_candidate_never_match() {
        let error = json(
            &json!({"$object": "Weird"}),
            &json!({"$object": "Weird"}),
            &strict(),
        )
        .unwrap_err();
        assert!(error.observed.contains("Weird"));
    }

    #[test]
    fn raises_match_by_type_base_and_message() {
        let observed = json!({"$raise": {"type": "ValidationError", "mro": ["ValidationError", "ValueError", "Exception", "BaseException", "object"], "message": "bad"}});
        assert!(json(
            &json!({"$raise": {"type": "ValueError"}}),
            &observed,
            &strict()
        )
        .is_ok());
        assert!(json(
            &json!({"$raise": {"type": "ValidationError", "message": "bad"}}),
            &observed,
            &strict()
        )
        .is_ok());
        assert!(json(
            &json!({"$raise": {"type": "ValueError", "message": "worse"}}),
            &observed,
            &strict()
        )
        .is_err());
        assert!(json(
            &json!({"$raise": {"type": "KeyError"}}),
            &observed,
            &strict()
        )
        .is_err());
        assert!(json(
            &json!({"$raise": {"type": "KeyError"}}),
            &json!(3),
            &strict()
        )
        .is_err());
        assert!(is_raise(&observed));
    }

    #[test]
    fn exact_is_byte_for_byte() {
        assert!(exact(b"a\n", b"a\n").is_ok());
        assert!(exact(b"a\n", b"a").is_err());
    }

    #[test]
    fn lines_ignore_trailing_white_space() {
        assert!(lines(b"a 1\nb 2\n", b"a 1  \r\nb 2\n\n\n").is_ok());
        let error = lines(b"a\nb\n", b"a\nc\n").unwrap_err();
        assert_eq!(error.location, "line 2");
        assert!(lines(b"a\nb\n", b"a\n").is_err());
        assert!(lines(b" a\n", b"a\n").is_err());
    }

    #[test]
    fn tokens_ignore_spacing_and_optionally_case() {
        assert!(tokens(b"a  b\nc", b"a b c\n", true).is_ok());
        assert!(tokens(b"Yes", b"yes", true).is_err());
        assert!(tokens(b"Yes", b"yes", false).is_ok());
        assert!(tokens(b"a b", b"a b c", true).is_err());
    }

    #[test]
    fn float_tokens_follow_the_kattis_rule() {
        assert!(float(b"3.14159 x", b"3.1416 x", 1e-4, 0.0, true).is_ok());
        assert!(float(b"1000000", b"1000001", 0.0, 1e-6, true).is_ok());
        assert!(float(b"1000000", b"1000010", 0.0, 1e-6, true).is_err());
        assert!(float(b"1.0 abc", b"1.0 abd", 1.0, 1.0, true).is_err());
        assert!(float(b"1.0", b"nonsense", 1.0, 1.0, true).is_err());
    }

    #[test]
    fn kattis_default_is_case_and_space_insensitive_unless_flagged() {
        let loose = crate::package::spec::KattisFlags::default();
        assert!(kattis_default(b"Hello  World\n", b"hello world", &loose).is_ok());
        let strict = crate::package::spec::KattisFlags {
            case_sensitive: true,
            space_change_sensitive: true,
            ..loose
        };
        assert!(kattis_default(b"Hello World\n", b"hello World\n", &strict).is_err());
        assert!(kattis_default(b"a b\n", b"a  b\n", &strict).is_err());
        assert!(kattis_default(b"a b\n", b"a b\n", &strict).is_ok());
        let floats = crate::package::spec::KattisFlags {
            abs_tol: Some(1e-3),
            ..loose
        };
        assert!(kattis_default(b"3.1416", b"3.1415", &floats).is_ok());
        assert!(kattis_default(b"3.1416", b"3.14", &floats).is_err());
        assert!(kattis_default(b"3.1416", b"3.1415", &loose).is_err());
    }

    #[test]
    fn a_diff_shows_removed_and_added_lines() {
        let diff = text_diff(b"a\nb\n", b"a\nc\n", 10);
        assert_eq!(diff, "- b\n+ c");
    }
}
