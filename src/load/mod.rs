//! Load: a plan file on disk → the plan types, every value with its position.
//!
//! Reading is guarded: a file too large, not text, empty, not YAML, beyond the YAML safety
//! budgets (alias bombs, deep nesting) or not of the format's shape gives positioned
//! diagnostics, never a panic. What the values mean (dates, deadlines, figures) is checked
//! later, by the checker: loading reads, it applies no rule.

mod commas;
pub mod node;
mod pitfalls;
pub mod printable;
mod shape;

use std::io;
use std::path::Path;
use std::sync::Arc;

use crate::plan::Located;
use node::Node;

use crate::diagnostic::{Code, Diagnostic};
use crate::msg;
use crate::plan::Plan;
use crate::source::{SourceFile, Span};

/// Plans are a few pages of text; anything this large is a mistake, not a plan.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// A plan read from a file, with the file it came from.
#[derive(Debug)]
pub struct LoadedPlan {
    pub file: Arc<SourceFile>,
    pub plan: Plan,
    /// What reading found that does not stop the plan being read: text a document cannot
    /// hold ([`printable`]).
    pub problems: Vec<Diagnostic>,
}

/// Makes ready now, on the caller's thread, what the first [`parse`] would otherwise make
/// (the shape check's validator), so another thread can do it while a file is read.
pub fn prepare() {
    shape::prepare();
}

/// Reads a file as text. `Err` is an I/O problem (exit status 2); `Ok(Err)` a file that is
/// there but cannot be a plan.
pub fn read_source(path: &Path) -> io::Result<Result<Arc<SourceFile>, Diagnostic>> {
    let bytes = crate::source::read_bounded(path, MAX_FILE_BYTES)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let file = Arc::new(SourceFile::new(path, String::new()));
        let limit = MAX_FILE_BYTES / 1024 / 1024;
        return Ok(Err(Diagnostic::new(
            Code::FileTooLarge,
            &file,
            Span::new(0, 0),
            msg!(
                "tệp lớn hơn giới hạn {limit} MB của một kế hoạch",
                "the file is over the {limit} MB limit for a plan"
            ),
        )
        .with_help(msg!(
            "đưa số liệu lớn vào tệp .csv hoặc .xlsx và trỏ `rows:` tới tệp đó",
            "put large data in a .csv or .xlsx file and point `rows:` at it"
        ))));
    }
    let bad_at = match std::str::from_utf8(&bytes) {
        Ok(text) => text.find('\0'),
        Err(e) => Some(e.valid_up_to()),
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let file = Arc::new(SourceFile::new(path, text));
    if let Some(offset) = bad_at {
        // Offsets in the lossy text equal those in the bytes up to the first bad byte.
        return Ok(Err(Diagnostic::new(
            Code::NotText,
            &file,
            Span::new(offset, offset),
            msg!(
                "tệp không phải văn bản UTF-8 (byte không hợp lệ ở đây)",
                "the file is not UTF-8 text (invalid byte here)"
            ),
        )
        .with_help(msg!(
            "lưu kế hoạch dưới dạng văn bản UTF-8 (.yaml)",
            "save the plan as UTF-8 text (.yaml)"
        ))));
    }
    Ok(Ok(file))
}

/// Why a file could not be read as a plan.
#[derive(Debug)]
pub struct LoadFailure {
    pub file: Arc<SourceFile>,
    /// Every problem found reading it.
    pub problems: Vec<Diagnostic>,
    /// The YAML of a file that is YAML but not of a plan's shape: its text can still be
    /// checked (the pipeline does).
    pub tree: Option<Located<Node>>,
}

impl LoadFailure {
    fn new(file: &Arc<SourceFile>, problems: Vec<Diagnostic>) -> Self {
        LoadFailure {
            file: Arc::clone(file),
            problems,
            tree: None,
        }
    }
}

/// The deepest nesting a plan needs is about a dozen levels (section → item → item → bullet
/// → bullet); a limit well below the reader's default keeps the stack small on any thread.
pub const MAX_DEPTH: usize = 32;

fn options() -> serde_saphyr::Options {
    // The budgets (events, aliases, depth) stay on: they stop alias bombs and runaway nesting
    // before they cost memory or stack.
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    serde_saphyr::options! {
        with_snippet: false,
        leading_zero_numbers_as_strings: true,
        budget: Some(budget),
    }
}

/// Loads a plan from text already read.
pub fn parse(file: Arc<SourceFile>) -> Result<LoadedPlan, LoadFailure> {
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    if text.trim().is_empty() {
        return Err(LoadFailure::new(&file, vec![empty_file(&file)]));
    }
    let protected = protect_row_commas(&protect_formula_commas(text));
    let text = protected.as_str();
    let root: Located<Node> = match serde_saphyr::from_str_with_options(text, options()) {
        Ok(root) => root,
        Err(e) => return Err(LoadFailure::new(&file, vec![yaml_error(&file, &e)])),
    };
    if matches!(root.value, Node::Null) {
        return Err(LoadFailure::new(&file, vec![empty_file(&file)]));
    }
    let mut kept = printable::check(&file, &root);
    let commas = commas::check(&file, &root);
    let mut problems = shape::check_shape(&file, &root);
    // A key that a comma made is told as the comma's, not as an unknown key.
    problems.retain(|d| !commas.keys.contains(&d.span));
    let (cut, warned): (Vec<_>, Vec<_>) = commas.problems.into_iter().partition(|d| d.is_error());
    problems.extend(cut);
    kept.extend(warned);
    if !problems.is_empty() {
        problems.extend(kept);
        return Err(LoadFailure {
            file,
            problems,
            tree: Some(root),
        });
    }
    match serde_saphyr::from_str_with_options::<Plan>(text, options()) {
        Ok(mut plan) => {
            restore_formula_commas(&mut plan);
            Ok(LoadedPlan {
                file,
                plan,
                problems: kept,
            })
        }
        Err(e) => {
            let d = yaml_error(&file, &e);
            Err(LoadFailure::new(&file, vec![d]))
        }
    }
}

/// Inside `{ … }`, YAML splits `formula: max(quota - done, 0)` at the comma. Commas inside
/// a formula's parentheses become `;` (which formulas also accept as the argument separator),
/// so the line reads as written. The text keeps its length, so positions stay exact.
fn protect_formula_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let Some(at) = line.find("formula:").filter(|&i| line[..i].contains('{')) else {
            out.push_str(line);
            continue;
        };
        let (head, tail) = line.split_at(at);
        out.push_str(head);
        let mut depth = 0usize;
        for c in tail.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                ',' if depth > 0 => {
                    out.push(';');
                    continue;
                }
                _ => {}
            }
            out.push(c);
        }
    }
    out
}

/// What stands for a decimal comma inside an inline row's `{ … }` while YAML reads it.
pub const ROW_COMMA: char = '`';

/// Inside `{ … }`, YAML splits `{ unit: Xã A, done: 12,5 }` at the comma of `12,5`. Under a
/// `rows:` key, a comma between two digits becomes [`ROW_COMMA`], which the inline rows turn
/// back into a comma; positions stay exact.
fn protect_row_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rows_indent: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let content = line.trim_start();
        if rows_indent.is_some_and(|r| indent <= r && !content.trim().is_empty()) {
            rows_indent = None;
        }
        let at_rows = content
            .strip_prefix("- ")
            .unwrap_or(content)
            .starts_with("rows:");
        if at_rows {
            rows_indent = Some(indent);
        }
        if rows_indent.is_none() || !line.contains('{') {
            out.push_str(line);
            continue;
        }
        let b = line.as_bytes();
        for (i, c) in line.char_indices() {
            let between_digits = c == ','
                && i > 0
                && b[i - 1].is_ascii_digit()
                && b.get(i + 1).is_some_and(u8::is_ascii_digit);
            out.push(if between_digits { ROW_COMMA } else { c });
        }
    }
    out
}

/// Formulas read as written (see [`protect_formula_commas`]).
fn restore_formula_commas(plan: &mut Plan) {
    fn walk(columns: &mut [crate::plan::Column]) {
        for c in columns {
            if let Some(f) = c.formula.as_mut() {
                f.value = f.value.replace(';', ",");
            }
            walk(&mut c.columns);
        }
    }
    for a in &mut plan.appendices {
        walk(&mut a.columns);
    }
}

fn empty_file(file: &Arc<SourceFile>) -> Diagnostic {
    Diagnostic::new(
        Code::EmptyFile,
        file,
        Span::new(0, 0),
        msg!("tệp không có nội dung", "the file has no content"),
    )
    .with_help(msg!(
        "chạy `kehoach new TÊN` để có một kế hoạch mẫu",
        "run `kehoach new NAME` for a plan to start from"
    ))
}

/// A reader error as a diagnostic: a budget breach is `yaml-limit`, the rest `yaml-syntax`,
/// in the writer's words ([`pitfalls`]).
fn yaml_error(file: &Arc<SourceFile>, e: &serde_saphyr::Error) -> Diagnostic {
    let mut span = e.location().map_or(Span::new(0, 0), |at| file.span_of(&at));
    let rendered = e.render_with_options(serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    });
    // "unclosed bracket '{' at line 2, column 4": the position is given separately.
    let text = rendered
        .lines()
        .next()
        .unwrap_or_default()
        .split(" at line ")
        .next()
        .unwrap_or_default()
        .to_owned();
    if text.contains("Depth") || text.contains("recursion limit") {
        return Diagnostic::new(
            Code::YamlLimit,
            file,
            span,
            msg!(
                "YAML lồng sâu quá {MAX_DEPTH} tầng",
                "YAML nested deeper than {MAX_DEPTH} levels"
            ),
        )
        .with_help(msg!(
            "một kế hoạch chỉ cần khoảng chục tầng: mục → khoản → điểm → gạch đầu dòng",
            "a plan needs about a dozen levels: section → item → point → bullet"
        ));
    }
    if text.contains("budget") {
        return Diagnostic::new(
            Code::YamlLimit,
            file,
            span,
            msg!(
                "YAML mở rộng quá lớn (bí danh *alias lồng nhau)",
                "YAML expands too far (nested *aliases): {text}"
            ),
        )
        .with_help(msg!(
            "viết thẳng nội dung thay vì lồng bí danh",
            "write the content out instead of nesting aliases"
        ));
    }
    if text.contains("tab") {
        // The reader names the place where it gave up; the tab itself is more use.
        if let Some(i) = file.text[span.start.min(file.text.len())..].find('\t') {
            span = Span::new(span.start + i, span.start + i + 1);
        }
    }
    let line_start = file.text[..span.start.min(file.text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = file.text[line_start..].lines().next().unwrap_or_default();
    let (m, help) = pitfalls::explain(&text, line).unwrap_or_else(|| pitfalls::unknown(&text));
    Diagnostic::new(Code::YamlSyntax, file, span, m).with_help(help)
}
