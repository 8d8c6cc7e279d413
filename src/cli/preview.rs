//! `kehoach preview [PATH...] [--port N] [--host ADDR] [--no-token] [--edit] [--open]`: the
//! plans in the browser, following every save, and with `--edit` their YAML editable in the
//! page (`crate::preview`). Ctrl-C ends it (exit 0).

use std::path::PathBuf;

use super::Context;

#[derive(clap::Args)]
pub struct Args {
    /// Tệp hoặc thư mục kế hoạch (mặc định: plans/) — plan files or folders.
    pub paths: Vec<PathBuf>,
    /// Cổng; 0 chọn một cổng trống — the port; 0 picks a free one.
    #[arg(long, default_value_t = 8030)]
    pub port: u16,
    /// Địa chỉ nghe (mặc định chỉ máy này) — the address to listen on (this computer only by
    /// default).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Không cần mã truy cập khi nghe trên mạng (không an toàn) — serve a network address
    /// without the access token (unsafe: anyone who can reach it reads the drafts).
    #[arg(long)]
    pub no_token: bool,
    /// Soạn kế hoạch ngay trong trang (chỉ trên máy này) — edit the plans' YAML in the page
    /// (this computer only).
    #[arg(long)]
    pub edit: bool,
    /// Mở trình duyệt — open the browser at the address.
    #[arg(long)]
    pub open: bool,
    /// Thư mục mẫu thay cho mẫu có sẵn — a folder of templates to use instead of the built-in.
    #[arg(long)]
    pub templates: Option<PathBuf>,
}

/// Opens `url` in the system's browser.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener).arg(url).spawn();
}

pub fn run(ctx: &Context, args: Args) -> i32 {
    let stop = super::watch::stop_on_ctrl_c();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("plans")]
    } else {
        args.paths.clone()
    };
    // A missing folder is said as `build` says it, before any server starts.
    if let Err(e) = crate::discover::plan_files(&args.paths) {
        return ctx.usage_message(&e.message());
    }
    crate::cascade::set_roots(&paths);
    let opts = crate::preview::Options {
        paths,
        host: args.host.clone(),
        port: args.port,
        templates: args.templates.clone(),
        lang: ctx.lang,
        token: !args.no_token,
        edit: args.edit,
    };
    let open = args.open;
    let served = crate::preview::serve(opts, stop, |started| {
        let url = &started.url;
        // The address on a line of its own, first: scripts and tests read it.
        println!("{url}");
        if started.shared && started.token {
            ctx.warn(
                "Máy chủ nghe trên mạng: ai có địa chỉ trên (kèm mã ?token=…) đều xem được các bản nháp. Chỉ gửi địa chỉ đó cho người cần xem.",
                "The server listens on the network: whoever has the address above (with its ?token=…) can read the drafts. Give it only to those who should.",
            );
        } else if started.shared {
            ctx.warn(
                "Máy chủ nghe trên mạng, không có mã truy cập (--no-token): mọi máy trong mạng đều xem được các bản nháp.",
                "The server listens on the network with no access token (--no-token): every computer on the network can read the drafts.",
            );
        }
        ctx.note(
            "Đang xem trước; lưu tệp để cập nhật, Ctrl-C để dừng.",
            "Previewing; save a file to update, Ctrl-C to stop.",
        );
        if open {
            open_browser(url);
        }
    });
    match served {
        Ok(()) => 0,
        Err(e) => ctx.usage_error(
            &format!("không chạy được máy chủ xem trước: {e}"),
            &format!("cannot run the preview server: {e}"),
        ),
    }
}
