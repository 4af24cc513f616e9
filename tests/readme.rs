//! The README's scenario-format section is the data contract of `src/schema.rs`.

#[test]
fn the_readme_tables_are_the_schema() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("<!-- schema:start -->\n")
        .expect("start marker")
        + "<!-- schema:start -->\n".len();
    let end = readme.find("<!-- schema:end -->").expect("end marker");
    assert_eq!(
        &readme[start..end],
        carbonpass::schema::markdown(),
        "update the README with `carbonpass schema`"
    );
}

#[test]
fn the_readme_gives_the_two_commands_and_ci_runs_the_test_command() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    assert!(readme.contains(
        "    cargo run --release -- sweep scenarios/de_week_2015.toml --out results/de_week_2015\n"
    ));
    assert!(readme.contains("    cargo test\n"));
    let ci = std::fs::read_to_string(format!("{root}/.ci/run")).unwrap();
    assert!(ci.lines().any(|l| l.starts_with("cargo test")));
}
