//! The signature block by Decree 30: each capacity line starts with a known prefix written
//! with its dot (TM., KT., TL., TUQ., Q.), and a numbered (issued) plan names its signer.

use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic};
use crate::msg;
use crate::plan::Plan;
use crate::source::SourceFile;

/// The prefixes of Decree 30: thay mặt, ký thay, thừa lệnh, thừa uỷ quyền, quyền.
pub const PREFIXES: [&str; 5] = ["TM.", "KT.", "TL.", "TUQ.", "Q."];

pub fn check(file: &Arc<SourceFile>, plan: &Plan, out: &mut Vec<Diagnostic>) {
    let signer = &plan.signer;
    for line in signer.capacity.iter().flat_map(|c| c.paragraphs()) {
        let Some(first) = line.value.split_whitespace().next() else {
            continue;
        };
        // A prefix is a short word of capitals: "KT.", "KT", "PT."; names are not.
        let bare = first.trim_end_matches('.');
        let looks_like_prefix =
            !bare.is_empty() && bare.len() <= 4 && bare.chars().all(|c| c.is_ascii_uppercase());
        if !looks_like_prefix || PREFIXES.contains(&first) {
            continue;
        }
        let span = file.span_of(&line.at);
        let list = PREFIXES.join(", ");
        let fixed = format!("{bare}.");
        let d = if PREFIXES.contains(&fixed.as_str()) {
            let corrected = line.value.trim().replacen(first, &fixed, 1);
            Diagnostic::new(
                Code::SignerCapacity,
                file,
                span,
                msg!(
                    "`{first}` thiếu dấu chấm: văn bản sẽ in \"{first} …\"",
                    "`{first}` lacks its dot: the document would print \"{first} …\""
                ),
            )
            .with_help(msg!("ghi `{corrected}`", "write `{corrected}`"))
        } else {
            Diagnostic::new(
                Code::SignerCapacity,
                file,
                span,
                msg!(
                    "`{first}` không phải thẩm quyền ký theo Nghị định 30",
                    "`{first}` is not a signing capacity of Decree 30"
                ),
            )
            .with_help(msg!("dùng một trong: {list}", "use one of: {list}"))
        };
        out.push(d);
    }
    let unnamed = signer
        .name
        .as_ref()
        .is_none_or(|n| n.value.trim().is_empty());
    if let (Some(number), true) = (&plan.number, unnamed) {
        let span = signer
            .name
            .as_ref()
            .map_or(file.span_of(&signer.title.at), |n| file.span_of(&n.at));
        let n = number.value;
        out.push(
            Diagnostic::new(
                Code::SignerWithoutName,
                file,
                span,
                msg!(
                    "kế hoạch đã có số ({n}) nhưng người ký chưa có họ tên",
                    "the plan has a number ({n}) but its signer has no name"
                ),
            )
            .with_help(msg!(
                "thêm `name:` vào `signer:`, hoặc bỏ `number:` nếu còn là dự thảo",
                "add `name:` to `signer:`, or leave out `number:` while it is a draft"
            )),
        );
    }
}
