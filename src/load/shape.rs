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

static VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    jsonschema::draft7::new(crate::plan::schema())
        .expect("the format's own schema is a valid draft-07 schema")
});

/// Compiles the schema's validator now rather than at the first plan's shape check.
pub fn prepare() {
    LazyLock::force(&VALIDATOR);
}

/// Every place where `root` does not have the shape of a plan.
pub fn check_shape(file: &Arc<SourceFile>, root: &Located<Node>) -> Vec<Diagnostic> {
    let instance = root.value.to_json();
    let mut out = Vec::new();
    // Texts that YAML turned into `key: value` are told as such, not as unknown keys.
    let mut misread = Vec::new();
    texts_read_as_keys(root, &mut Vec::new(), &mut misread);
    for (_, key) in &misread {
        let span = file.span_of(&key.at);
        let line_start = file.text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line = file.text[line_start..].lines().next().unwrap_or_default();
        let (m, help) = pitfalls::colon_in_text(&key.value, line);
        out.push(Diagnostic::new(Code::ColonInText, file, span, m).with_help(help));
    }
    // Most plans have the shape: telling so is cheaper than listing no errors.
    let errors = (!VALIDATOR.is_valid(&instance)).then(|| VALIDATOR.iter_errors(&instance));
    for error in errors.into_iter().flatten() {
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
    path: &mut Vec<Step<'a>>,
    out: &mut Vec<(String, &'a Located<String>)>,
) {
    match &node.value {
        Node::Map(entries) => {
            if let Some((k, _)) = entries
                .iter()
                .find(|(k, _)| k.value.trim().contains(char::is_whitespace))
            {
                out.push((pointer(path), k));
                return;
            }
            for (k, v) in entries {
                path.push(Step::Key(&k.value));
                texts_read_as_keys(v, path, out);
                path.pop();
            }
        }
        Node::Seq(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(Step::Index(i));
                texts_read_as_keys(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// A step down the tree: a map's key or a list's index.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The JSON pointer of a path (`/sections/0/title`), made only for what is reported.
fn pointer(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                out.push('/');
                out.push_str(&k.replace('~', "~0").replace('/', "~1"));
            }
            Step::Index(i) => out.push_str(&format!("/{i}")),
        }
    }
    out
}

/// Where a violation is: the file, the node it is about, and the key that node is under.
struct Place<'a> {
    file: &'a Arc<SourceFile>,
    found: &'a Located<Node>,
    name: String,
    name_en: String,
    value_span: Span,
}

fn report(
    file: &Arc<SourceFile>,
    root: &Located<Node>,
    error: &ValidationError,
    out: &mut Vec<Diagnostic>,
) {
    let pointer = error.instance_path().as_str();
    let (found, key) = node::find(root, pointer);
    let place = Place {
        file,
        found,
        name: key.map_or_else(|| "(gốc)".to_owned(), |k| k.value.clone()),
        name_en: key.map_or_else(|| "(root)".to_owned(), |k| k.value.clone()),
        value_span: file.span_of(&found.at),
    };
    let schema_path = error.schema_path().as_str();
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            unknown_keys(&place, unexpected, schema_path, out)
        }
        ValidationErrorKind::Required { property } => {
            let span = key.map_or(Span::new(0, 0), |k| file.span_of(&k.at));
            out.push(missing(
                &place,
                property.as_str().unwrap_or_default(),
                schema_path,
                span,
            ));
        }
        ValidationErrorKind::Type { kind } => {
            let expected: Vec<JsonType> = match kind {
                TypeKind::Single(t) => vec![*t],
                TypeKind::Multiple(ts) => ts.iter().collect(),
            };
            // YAML has no quotes to force text: `code: 06` or `place: 2023` are fine as text.
            if !(expected.contains(&JsonType::String)
                && found.value.is_scalar()
                && !matches!(found.value, Node::Null))
            {
                out.push(wrong_type(&place, &expected));
            }
        }
        ValidationErrorKind::Enum { options } => out.push(not_allowed(&place, options)),
        ValidationErrorKind::Minimum { limit } => out.push(out_of_range(&place, limit, true)),
        ValidationErrorKind::Maximum { limit } => out.push(out_of_range(&place, limit, false)),
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            one_of(file, root, &place, pointer, context, out)
        }
        _ => {
            let text = error.to_string();
            let (name, name_en) = (&place.name, &place.name_en);
            out.push(Diagnostic::new(
                Code::BadValue,
                file,
                place.value_span,
                Message::new(
                    format!("`{name}`: giá trị không hợp lệ ({text})"),
                    format!("`{name_en}`: invalid value ({text})"),
                ),
            ));
        }
    }
}

/// Keys the format does not have, each with "did you mean" and the keys allowed there.
fn unknown_keys(
    place: &Place,
    unexpected: &[String],
    schema_path: &str,
    out: &mut Vec<Diagnostic>,
) {
    let allowed = allowed_keys(schema_path);
    for k in unexpected {
        let span =
            node::key_of(place.found, k).map_or(place.value_span, |kl| place.file.span_of(&kl.at));
        let m = match closest(k, &allowed) {
            Some(s) => msg!(
                "khoá `{k}` không có trong định dạng; có phải `{s}`?",
                "unknown key `{k}`; did you mean `{s}`?"
            ),
            None => msg!("khoá `{k}` không có trong định dạng", "unknown key `{k}`"),
        };
        let mut d = Diagnostic::new(Code::UnknownKey, place.file, span, m);
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

/// A required field missing, with what it is for.
fn missing(place: &Place, field: &str, schema_path: &str, span: Span) -> Diagnostic {
    let (name, name_en) = (&place.name, &place.name_en);
    let help = match describe_property(schema_path, field) {
        Some(w) => msg!("thêm `{field}:` ({w})", "add `{field}:` ({w})"),
        None => msg!("thêm `{field}:`", "add `{field}:`"),
    };
    Diagnostic::new(
        Code::MissingField,
        place.file,
        span,
        msg!(
            "`{name}` thiếu trường bắt buộc `{field}`",
            "`{name_en}` lacks the required field `{field}`"
        ),
    )
    .with_help(help)
}

/// A value not among the allowed ones, with "did you mean".
fn not_allowed(place: &Place, options: &Value) -> Diagnostic {
    let options: Vec<String> = options
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|o| o.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let (name, name_en) = (&place.name, &place.name_en);
    let value = scalar_text(&place.found.value);
    let list = options.join(", ");
    let m = match closest(&value, &options) {
        Some(s) => msg!(
            "`{name}: {value}` không được phép; có phải `{s}`?",
            "`{name_en}: {value}` is not allowed; did you mean `{s}`?"
        ),
        None => msg!(
            "`{name}: {value}` không được phép",
            "`{name_en}: {value}` is not allowed"
        ),
    };
    Diagnostic::new(Code::BadValue, place.file, place.value_span, m)
        .with_help(msg!("ghi một trong: {list}", "write one of: {list}"))
}

/// A number below its minimum (`negative-number`) or above its maximum (`bad-value`).
fn out_of_range(place: &Place, limit: &Value, below: bool) -> Diagnostic {
    let (name, name_en) = (&place.name, &place.name_en);
    let value = scalar_text(&place.found.value);
    let (code, m, help) = if below {
        (
            Code::NegativeNumber,
            msg!(
                "`{name}: {value}` nhỏ hơn {limit}",
                "`{name_en}: {value}` is less than {limit}"
            ),
            msg!(
                "ghi một số từ {limit} trở lên",
                "write a number of at least {limit}"
            ),
        )
    } else {
        (
            Code::BadValue,
            msg!(
                "`{name}: {value}` lớn hơn {limit}",
                "`{name_en}: {value}` is greater than {limit}"
            ),
            msg!(
                "ghi một số không quá {limit}",
                "write a number of at most {limit}"
            ),
        )
    };
    Diagnostic::new(code, place.file, place.value_span, m).with_help(help)
}

/// "Text or map": the errors of the branch whose type fits the value, or a wrong type.
fn one_of(
    file: &Arc<SourceFile>,
    root: &Located<Node>,
    place: &Place,
    pointer: &str,
    context: &[Vec<ValidationError>],
    out: &mut Vec<Diagnostic>,
) {
    let fitting = context.iter().find(|branch| {
        !branch.iter().any(|e| {
            matches!(e.kind(), ValidationErrorKind::Type { .. })
                && e.instance_path().as_str() == pointer
        })
    });
    if let Some(branch) = fitting {
        for e in branch {
            report(file, root, e, out);
        }
        return;
    }
    let mut expected = Vec::new();
    for e in context.iter().flatten() {
        if let ValidationErrorKind::Type { kind } = e.kind() {
            match kind {
                TypeKind::Single(t) => expected.push(*t),
                TypeKind::Multiple(ts) => expected.extend(ts.iter()),
            }
        }
    }
    out.push(wrong_type(place, &expected));
}

fn wrong_type(place: &Place, expected: &[JsonType]) -> Diagnostic {
    let mut expected: Vec<JsonType> = expected.to_vec();
    expected.dedup();
    let vi: Vec<&str> = expected.iter().map(|t| type_name(*t).0).collect();
    let en: Vec<&str> = expected.iter().map(|t| type_name(*t).1).collect();
    let (vi, en) = (vi.join(" hoặc "), en.join(" or "));
    let (fvi, fen) = found_name(&place.found.value);
    let (name, name_en) = (&place.name, &place.name_en);
    Diagnostic::new(
        Code::WrongType,
        place.file,
        place.value_span,
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
    let schema = crate::plan::schema();
    let mut node: &Value = schema;
    for segment in path.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if segment == "$ref" {
            let target = node.get("$ref")?.as_str()?;
            node = schema.pointer(target.strip_prefix('#')?)?;
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
        node = schema.pointer(target.strip_prefix('#')?)?;
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
        prop = crate::plan::schema().pointer(target.strip_prefix('#')?)?;
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
