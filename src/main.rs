fn main() {
    std::process::exit(kehoach::cli::run());
}
