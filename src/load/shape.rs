//! Checks the YAML tree against the format's JSON Schema and turns every violation into a
//! positioned, translated diagnostic: unknown keys (with "did you mean"), missing fields,
//! wrong types, values not allowed, numbers out of range.
//!
//! The schema is the one `kehoach schema` prints, made from the plan types, so this check and
//! the types cannot disagree. Dates, deadlines and figures are the checker's, not this.

use std::sync::{Arc, LazyLock};

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError, Validator};
use serde_json::Value;

use super::node::{self, Node};
use super::pitfalls;
use crate::diagnostic::{Code, Diagnostic};
use crate::lang::{Message, closest};
use crate::msg;
use crate::plan::Located;
use crate::source::{SourceFile, Span};

static SCHEMA: LazyLock<Value> = LazyLock::new(crate::plan::schema);
static VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    jsonschema::draft7::new(&SCHEMA).expect("the format's own schema is a valid draft-07 schema")
});

/// Every place where `root` does not have the shape of a plan.
pub fn check_shape(file: &Arc<SourceFile>, root: &Located<Node>) -> Vec<Diagnostic> {
    let instance = root.value.to_json();
    let mut out = Vec::new();
    // Texts that YAML turned into `key: value` are told as such, not as unknown keys.
    let mut misread = Vec::new();
    texts_read_as_keys(root, String::new(), &mut misread);
    for (_, key) in &misread {
        let span = file.span_of(&key.at);
        let line_start = file.text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line = file.text[line_start..].lines().next().unwrap_or_default();
        let (m, help) = pitfalls::colon_in_text(&key.value, line);
        out.push(Diagnostic::new(Code::ColonInText, file, span, m).with_help(help));
    }
    for error in VALIDATOR.iter_errors(&instance) {
        let at = error.instance_path().as_str();
        let under = |p: &String| {
            at == p
                || at
                    .strip_prefix(p.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        };
        if misread.iter().any(|(p, _)| under(p)) {
            continue;
        }
        report(file, root, &error, &mut out);
    }
    out.sort_by_key(|d| d.span.start);
    out.dedup_by(|a, b| a.span == b.span && a.message == b.message);
    out
}

/// Maps with a key no format key looks like (it has a space: "Phạm vi triển khai"), with the
/// JSON pointer of each: a line of text that YAML read as `key: value`.
fn texts_read_as_keys<'a>(
    node: &'a Located<Node>,
    pointer: String,
    out: &mut Vec<(String, &'a Located<String>)>,
) {
    match &node.value {
        Node::Map(entries) => {
            if let Some((k, _)) = entries
                .iter()
                .find(|(k, _)| k.value.trim().contains(char::is_whitespace))
            {
                out.push((pointer, k));
                return;
            }
            for (k, v) in entries {
                let key = k.value.replace('~', "~0").replace('/', "~1");
                texts_read_as_keys(v, format!("{pointer}/{key}"), out);
            }
        }
        Node::Seq(items) => {
            for (i, v) in items.iter().enumerate() {
                texts_read_as_keys(v, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn report(
    file: &Arc<SourceFile>,
    root: &Located<Node>,
    error: &ValidationError,
    out: &mut Vec<Diagnostic>,
) {
    let pointer = error.instance_path().as_str();
    let (found, key) = node::find(root, pointer);
    let name = key.map_or_else(|| "(gốc)".to_owned(), |k| k.value.clone());
    let name_en = key.map_or_else(|| "(root)".to_owned(), |k| k.value.clone());
    let at = |loc: &serde_saphyr::Location| file.span_of(loc);
    let value_span = at(&found.at);
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed = allowed_keys(error.schema_path().as_str());
            for k in unexpected {
                let span = node::key_of(found, k).map_or(value_span, |kl| at(&kl.at));
                let mut d = Diagnostic::new(
                    Code::UnknownKey,
                    file,
                    span,
                    match closest(k, &allowed) {
                        Some(s) => msg!(
                            "khoá `{k}` không có trong định dạng; có phải `{s}`?",
                            "unknown key `{k}`; did you mean `{s}`?"
                        ),
                        None => msg!("khoá `{k}` không có trong định dạng", "unknown key `{k}`"),
                    },
                );
                if !allowed.is_empty() {
                    let list = allowed.join(", ");
                    d = d.with_help(msg!(
                        "các khoá dùng được ở đây: {list}",
                        "keys allowed here: {list}"
                    ));
                }
                out.push(d);
            }
        }
        ValidationErrorKind::Required { property } => {
            let field = property.as_str().unwrap_or_default();
            let span = key.map_or(Span::new(0, 0), |k| at(&k.at));
            let what = describe_property(error.schema_path().as_str(), field);
            let mut d = Diagnostic::new(
                Code::MissingField,
                file,
                span,
                msg!(
                    "`{name}` thiếu trường bắt buộc `{field}`",
                    "`{name_en}` lacks the required field `{field}`"
                ),
            );
            d = d.with_help(match what {
                Some(w) => msg!("thêm `{field}:` ({w})", "add `{field}:` ({w})"),
                None => msg!("thêm `{field}:`", "add `{field}:`"),
            });
            out.push(d);
        }
        ValidationErrorKind::Type { kind } => {
            let expected: Vec<JsonType> = match kind {
                TypeKind::Single(t) => vec![*t],
                TypeKind::Multiple(ts) => ts.iter().collect(),
            };
            // YAML has no quotes to force text: `code: 06` or `place: 2023` are fine as text.
            if expected.contains(&JsonType::String)
                && found.value.is_scalar()
                && !matches!(found.value, Node::Null)
            {
                return;
            }
            out.push(wrong_type(
                file,
                value_span,
                &name,
                &name_en,
                &expected,
                &found.value,
            ));
        }
        ValidationErrorKind::Enum { options } => {
            let options: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|o| o.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let value = scalar_text(&found.value);
            let list = options.join(", ");
            let mut d = Diagnostic::new(
                Code::BadValue,
                file,
                value_span,
                match closest(&value, &options) {
                    Some(s) => msg!(
                        "`{name}: {value}` không được phép; có phải `{s}`?",
                        "`{name_en}: {value}` is not allowed; did you mean `{s}`?"
                    ),
                    None => msg!(
                        "`{name}: {value}` không được phép",
                        "`{name_en}: {value}` is not allowed"
                    ),
                },
            );
            d = d.with_help(msg!("ghi một trong: {list}", "write one of: {list}"));
            out.push(d);
        }
        ValidationErrorKind::Minimum { limit } => {
            let value = scalar_text(&found.value);
            out.push(
                Diagnostic::new(
                    Code::NegativeNumber,
                    file,
                    value_span,
                    msg!(
                        "`{name}: {value}` nhỏ hơn {limit}",
                        "`{name_en}: {value}` is less than {limit}"
                    ),
                )
                .with_help(msg!(
                    "ghi một số từ {limit} trở lên",
                    "write a number of at least {limit}"
                )),
            );
        }
        ValidationErrorKind::Maximum { limit } => {
            let value = scalar_text(&found.value);
            out.push(
                Diagnostic::new(
                    Code::BadValue,
                    file,
                    value_span,
                    msg!(
                        "`{name}: {value}` lớn hơn {limit}",
                        "`{name_en}: {value}` is greater than {limit}"
                    ),
                )
                .with_help(msg!(
                    "ghi một số không quá {limit}",
                    "write a number of at most {limit}"
                )),
            );
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            // "Text or map": report the errors of the branch whose type fits the value.
            let fitting = context.iter().find(|branch| {
                !branch.iter().any(|e| {
                    matches!(e.kind(), ValidationErrorKind::Type { .. })
                        && e.instance_path().as_str() == pointer
                })
            });
            match fitting {
                Some(branch) => {
                    for e in branch {
                        report(file, root, e, out);
                    }
                }
                None => {
                    let mut expected = Vec::new();
                    for branch in context {
                        for e in branch {
                            if let ValidationErrorKind::Type { kind } = e.kind() {
                                match kind {
                                    TypeKind::Single(t) => expected.push(*t),
                                    TypeKind::Multiple(ts) => expected.extend(ts.iter()),
                                }
                            }
                        }
                    }
                    out.push(wrong_type(
                        file,
                        value_span,
                        &name,
                        &name_en,
                        &expected,
                        &found.value,
                    ));
                }
            }
        }
        _ => {
            let text = error.to_string();
            out.push(Diagnostic::new(
                Code::BadValue,
                file,
                value_span,
                Message::new(
                    format!("`{name}`: giá trị không hợp lệ ({text})"),
                    format!("`{name_en}`: invalid value ({text})"),
                ),
            ));
        }
    }
}

fn wrong_type(
    file: &Arc<SourceFile>,
    span: Span,
    name: &str,
    name_en: &str,
    expected: &[JsonType],
    found: &Node,
) -> Diagnostic {
    let mut expected: Vec<JsonType> = expected.to_vec();
    expected.dedup();
    let vi: Vec<&str> = expected.iter().map(|t| type_name(*t).0).collect();
    let en: Vec<&str> = expected.iter().map(|t| type_name(*t).1).collect();
    let (vi, en) = (vi.join(" hoặc "), en.join(" or "));
    let (fvi, fen) = found_name(found);
    Diagnostic::new(
        Code::WrongType,
        file,
        span,
        msg!(
            "`{name}` cần {vi}, nhưng ở đây là {fvi}",
            "`{name_en}` needs {en}, but here is {fen}"
        ),
    )
}

fn type_name(t: JsonType) -> (&'static str, &'static str) {
    match t {
        JsonType::String => ("một đoạn văn bản", "a text"),
        JsonType::Integer => ("một số nguyên", "a whole number"),
        JsonType::Number => ("một số", "a number"),
        JsonType::Array => ("một danh sách (các dòng `- …`)", "a list (lines `- …`)"),
        JsonType::Object => ("một bảng khoá (`khoá: giá trị`)", "a map (`key: value`)"),
        JsonType::Boolean => ("true hoặc false", "true or false"),
        JsonType::Null => ("giá trị trống", "nothing"),
    }
}

fn found_name(node: &Node) -> (&'static str, &'static str) {
    match node {
        Node::Null => ("giá trị trống", "nothing"),
        Node::Bool(_) => ("true/false", "true/false"),
        Node::Int(_) | Node::Float(_) => ("một số", "a number"),
        Node::Str(_) => ("một đoạn văn bản", "a text"),
        Node::Seq(_) => ("một danh sách", "a list"),
        Node::Map(_) => ("một bảng khoá", "a map"),
    }
}

fn scalar_text(node: &Node) -> String {
    match node {
        Node::Str(s) => s.clone(),
        Node::Int(i) => i.to_string(),
        Node::Float(f) => f.to_string(),
        Node::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// The schema node a schema path leads to, following `$ref`s into the definitions.
fn schema_at(path: &str) -> Option<&'static Value> {
    let mut node: &Value = &SCHEMA;
    for segment in path.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if segment == "$ref" {
            let target = node.get("$ref")?.as_str()?;
            node = SCHEMA.pointer(target.strip_prefix('#')?)?;
        } else {
            node = match node {
                Value::Object(m) => m.get(&segment)?,
                Value::Array(a) => a.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
    }
    // A node that is itself only a reference: follow it.
    while let Some(target) = node.get("$ref").and_then(Value::as_str) {
        node = SCHEMA.pointer(target.strip_prefix('#')?)?;
    }
    Some(node)
}

/// The keys an object schema allows, given the path to its `additionalProperties`.
fn allowed_keys(schema_path: &str) -> Vec<String> {
    let parent = schema_path.rsplit_once('/').map_or("", |(p, _)| p);
    schema_at(parent)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// The first line of a property's description, given the path to its object's `required`.
fn describe_property(schema_path: &str, field: &str) -> Option<String> {
    let parent = schema_path.rsplit_once('/').map_or("", |(p, _)| p);
    let mut prop = schema_at(parent)?.get("properties")?.get(field)?;
    while let Some(target) = prop.get("$ref").and_then(Value::as_str) {
        prop = SCHEMA.pointer(target.strip_prefix('#')?)?;
    }
    let d = prop.get("description")?.as_str()?;
    Some(
        d.lines()
            .next()
            .unwrap_or(d)
            .trim_end_matches('.')
            .to_owned(),
    )
}
