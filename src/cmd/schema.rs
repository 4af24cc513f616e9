//! `carbonpass schema`: the data contract, as Markdown.

/// Prints every input and result table.
pub fn run() {
    print!("{}", crate::schema::markdown());
}
