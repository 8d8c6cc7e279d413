//! Completion: the keys allowed where the cursor is, with their documentation, from the same
//! JSON Schema `kehoach schema` prints. Where the cursor is comes from the indentation of the
//! lines above it, so it works on a plan being typed, which is often not valid YAML.

use serde_json::{Value, json};

use crate::source::SourceFile;

/// The key a line starts, and the column its key stands at: `  - unit: x` → (`unit`, 4).
fn key_of(line: &str) -> (Option<&str>, usize, bool) {
    let indent = line.len() - line.trim_start().len();
    let content = line.trim_start();
    let (content, item) = match content.strip_prefix("- ") {
        Some(rest) => (rest, true),
        None => (content, false),
    };
    let key = content
        .split_once(':')
        .map(|(k, _)| k)
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
    (key, if item { indent + 2 } else { indent }, item)
}

/// The keys from the top of the document down to where the cursor is.
fn path_at(text: &str, at: usize) -> Vec<String> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..at];
    let mut target = line.len() - line.trim_start().len();
    if line.trim_start().starts_with("- ") {
        target += 2;
    }
    let mut path = Vec::new();
    for above in text[..line_start].lines().rev() {
        if above.trim().is_empty() || above.trim_start().starts_with('#') {
            continue;
        }
        let (key, key_col, item) = key_of(above);
        let indent = above.len() - above.trim_start().len();
        match key {
            Some(k) if key_col < target => {
                path.push(k.to_owned());
                target = if item { indent } else { key_col };
            }
            _ if item && indent < target => target = indent,
            _ => {}
        }
        if target == 0 {
            break;
        }
    }
    path.reverse();
    path
}

/// A schema node with its references followed, and through lists and "one of" to a map.
fn object(mut node: &Value) -> Option<&Value> {
    for _ in 0..16 {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            node = crate::plan::schema().pointer(r.strip_prefix('#')?)?;
        } else if node.get("properties").is_some() {
            return Some(node);
        } else if let Some(items) = node.get("items") {
            node = items;
        } else if let Some(options) = node
            .get("allOf")
            .or_else(|| node.get("anyOf"))
            .or_else(|| node.get("oneOf"))
        {
            node = options.as_array()?.iter().find(|o| object_or_list(o))?;
        } else {
            return None;
        }
    }
    None
}

fn object_or_list(node: &Value) -> bool {
    node.get("$ref").is_some() || node.get("properties").is_some() || node.get("items").is_some()
}

/// After `deadline:` on its line: the forms a deadline may take, as values.
fn deadline_values(line: &str) -> Option<Value> {
    let rest = line
        .trim_start()
        .trim_start_matches("- ")
        .strip_prefix("deadline:")?;
    if rest.contains(['"', '\'']) {
        return None;
    }
    let forms = crate::vietnamese::deadline::FORMS.split(", ");
    Some(Value::Array(
        forms
            .map(|f| {
                json!({
                    "label": f,
                    "kind": 12,
                    "detail": "thời hạn / deadline",
                    "insertText": f,
                })
            })
            .collect(),
    ))
}

pub fn completion(file: &SourceFile, at: usize) -> Value {
    let at = at.min(file.text.len());
    let line_start = file.text[..at].rfind('\n').map_or(0, |i| i + 1);
    if let Some(values) = deadline_values(&file.text[line_start..at]) {
        return values;
    }
    let mut node = object(crate::plan::schema());
    for key in path_at(&file.text, at) {
        node = node
            .and_then(|n| n.get("properties"))
            .and_then(|p| p.get(&key))
            .and_then(object);
    }
    let Some(props) = node
        .and_then(|n| n.get("properties"))
        .and_then(Value::as_object)
    else {
        return json!([]);
    };
    let items: Vec<Value> = props
        .iter()
        .map(|(key, schema)| {
            let doc = schema
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default();
            json!({
                "label": key,
                "kind": 10,
                "detail": doc.lines().next().unwrap_or_default(),
                "documentation": doc,
                "insertText": format!("{key}: "),
            })
        })
        .collect();
    Value::Array(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_deadline_the_forms_are_offered() {
        let text = "sections:\n  - title: A\n    duties:\n      - unit: B\n        deadline: ";
        let file = SourceFile::new("p.yaml", text.into());
        let v = completion(&file, text.len());
        let labels: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap())
            .collect();
        assert!(
            labels.contains(&"Quý IV/2023") && labels.contains(&"Thường xuyên"),
            "{labels:?}"
        );
    }

    #[test]
    fn the_path_to_the_cursor_comes_from_indentation() {
        let text = "kind: ke-hoach\nsigner:\n  title: A\n  \nsections:\n  - title: B\n    duties:\n      - unit: C\n        ";
        let at_signer = text.find("  \nsections").unwrap() + 2;
        assert_eq!(path_at(text, at_signer), vec!["signer"]);
        assert_eq!(path_at(text, text.len()), vec!["sections", "duties"]);
        let labels = |v: Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|i| i["label"].as_str().unwrap().to_owned())
                .collect()
        };
        let file = SourceFile::new("p.yaml", text.into());
        let keys = labels(completion(&file, at_signer));
        assert!(
            keys.contains(&"capacity".to_owned()) && keys.contains(&"name".to_owned()),
            "{keys:?}"
        );
        let keys = labels(completion(&file, text.len()));
        assert!(
            keys.contains(&"tasks".to_owned()) && keys.contains(&"deadline".to_owned()),
            "{keys:?}"
        );
        let keys = labels(completion(&SourceFile::new("p.yaml", "".into()), 0));
        assert!(keys.contains(&"authority".to_owned()), "{keys:?}");
    }
}
