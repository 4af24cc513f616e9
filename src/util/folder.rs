//! Folders written beside their target and moved into place only when complete, so that
//! a failed or interrupted run leaves nothing that looks finished; and whole CSV files.
//!
//! carbonpass replaces a folder only if it wrote every file in it: the folder's marker
//! (run.toml, parts.toml, import_report.md) lists what carbonpass wrote, and anything else
//! found there — a user's notes, a thesis, the scenario being solved — makes it refuse,
//! naming those files. An empty folder may always be written into.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A hidden folder beside `target`, `.<target name>.<suffix>`, where work for `target`
/// happens before it is moved into place; the parent folder is created.
pub fn beside(target: &Path, suffix: &str) -> Result<PathBuf> {
    let name = target
        .file_name()
        .ok_or_else(|| Error::Usage(format!("{}: not a folder name", target.display())))?;
    let parent = parent_of(target);
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    Ok(parent.join(format!(".{}.{suffix}", name.to_string_lossy())))
}

/// The folder `target` is in (`.` for a bare name).
pub fn parent_of(target: &Path) -> &Path {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// What kind of folder carbonpass writes at a target, and how to tell which of the files
/// in an existing one it wrote.
pub struct Owner {
    /// The file that marks the folder as written by carbonpass.
    pub marker: &'static str,
    /// What the folder is, for messages ("a carbonpass result folder").
    pub what: &'static str,
    /// The files carbonpass wrote in an existing folder (paths relative to it, `/`
    /// between parts), read from its marker; called only when the marker is there.
    pub owned: fn(&Path) -> Result<BTreeSet<String>>,
}

/// Every file under `dir` (symbolic links included, not followed), relative to `dir`
/// with `/` between parts, and every folder that holds no file; sorted.
pub fn entries_under(dir: &Path) -> Result<Vec<String>> {
    fn walk(dir: &Path, prefix: &str, found: &mut Vec<String>) -> Result<()> {
        let mut names: Vec<_> = fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .map(|e| e.map_err(|e| Error::io(dir, e)))
            .collect::<Result<_>>()?;
        names.sort_by_key(|e| e.file_name());
        if names.is_empty() && !prefix.is_empty() {
            found.push(prefix.trim_end_matches('/').to_string());
        }
        for entry in names {
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let kind = entry.file_type().map_err(|e| Error::io(&entry.path(), e))?;
            if kind.is_dir() {
                walk(&entry.path(), &format!("{name}/"), found)?;
            } else {
                found.push(name);
            }
        }
        Ok(())
    }
    let mut found = Vec::new();
    walk(dir, "", &mut found)?;
    Ok(found)
}

/// Refuses to write `target` unless it is absent, an empty folder, or a folder of
/// `owner`'s kind every file of which carbonpass wrote.
pub fn check_replaceable(target: &Path, owner: &Owner) -> Result<()> {
    replaceable(target, owner).map(|_| ())
}

/// As `check_replaceable`; returns the files carbonpass wrote there (empty when the
/// target is absent or empty).
fn replaceable(target: &Path, owner: &Owner) -> Result<BTreeSet<String>> {
    let meta = match fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
        Err(e) => return Err(Error::io(target, e)),
        Ok(meta) => meta,
    };
    if !meta.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a file, not a folder; choose another --out",
            target.display()
        )));
    }
    let entries = entries_under(target)?;
    if entries.is_empty() {
        return Ok(BTreeSet::new());
    }
    if !target.join(owner.marker).is_file() {
        return Err(Error::Usage(format!(
            "{} is not {} (it has no {}) and is not empty; carbonpass will not write over \
             it: choose another --out or an empty folder",
            target.display(),
            owner.what,
            owner.marker
        )));
    }
    let owned = (owner.owned)(target)?;
    let foreign: Vec<&String> = entries.iter().filter(|e| !owned.contains(*e)).collect();
    if !foreign.is_empty() {
        let shown: Vec<&str> = foreign.iter().take(5).map(|s| s.as_str()).collect();
        let more = match foreign.len() {
            n if n > 5 => format!(" and {} more", n - 5),
            _ => String::new(),
        };
        return Err(Error::Usage(format!(
            "{} holds files carbonpass did not write there ({}{more}); it will not replace \
             the folder: move them out, or choose another --out",
            target.display(),
            shown.join(", ")
        )));
    }
    Ok(owned)
}

/// Refuses, before any work is done, to write results to `target` where that would
/// replace one of the run's `inputs`, or a folder carbonpass may not replace (`owner`).
pub fn check_target(target: &Path, owner: &Owner, inputs: &[PathBuf]) -> Result<()> {
    refuse_holding(target, inputs)?;
    check_replaceable(target, owner)
}

/// Refuses a `target` that holds (or is) any of `inputs`: writing results there would
/// replace the files being read.
fn refuse_holding(target: &Path, inputs: &[PathBuf]) -> Result<()> {
    let Ok(target_abs) = fs::canonicalize(target) else {
        return Ok(());
    };
    for input in inputs {
        if let Ok(input_abs) = fs::canonicalize(input) {
            if input_abs.starts_with(&target_abs) {
                return Err(Error::Usage(format!(
                    "{} holds {}, an input of this run; write the results elsewhere",
                    target.display(),
                    input.display()
                )));
            }
        }
    }
    Ok(())
}

/// Removes the files `owned` of `dir`, then the folders left empty, `dir` last. Whatever
/// else is found there is left in place, and said in the error.
fn remove_owned(dir: &Path, owned: &BTreeSet<String>) -> Result<()> {
    for file in owned {
        let path = dir.join(file);
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => fs::remove_file(&path).map_err(|e| Error::io(&path, e))?,
            Err(_) => {}
        }
    }
    fn prune(dir: &Path) -> bool {
        let Ok(entries) = fs::read_dir(dir) else {
            return false;
        };
        let mut empty = true;
        for entry in entries.flatten() {
            let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
            empty &= is_dir && prune(&entry.path());
        }
        empty && fs::remove_dir(dir).is_ok()
    }
    if prune(dir) {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{} was left in place: files appeared in it that carbonpass did not write",
            dir.display()
        )))
    }
}

/// A temporary folder beside the target; removed on drop unless committed.
pub struct Staging {
    pub path: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn new(target: &Path) -> Result<Self> {
        let path = beside(target, &format!("partial-{}", std::process::id()))?;
        if path.exists() {
            fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        }
        fs::create_dir(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Staging {
            path,
            committed: false,
        })
    }

    /// The files written into the staged folder so far, as a marker lists them.
    pub fn written(&self) -> Result<Vec<String>> {
        entries_under(&self.path)
    }

    /// Moves the staged folder to `target`, replacing an earlier folder there only if
    /// carbonpass wrote all of it (`owner` says how to tell).
    pub fn commit(mut self, target: &Path, owner: &Owner) -> Result<()> {
        let owned = replaceable(target, owner)?;
        if target.exists() {
            let old = self.path.with_extension("old");
            fs::rename(target, &old).map_err(|e| Error::io(target, e))?;
            fs::rename(&self.path, target).map_err(|e| Error::io(target, e))?;
            self.committed = true;
            if let Err(e) = remove_owned(&old, &owned) {
                eprintln!("warning: {e}");
            }
        } else {
            fs::rename(&self.path, target).map_err(|e| Error::io(target, e))?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// A TOML line `files = [...]` listing `files`, as markers record what carbonpass wrote.
pub fn files_line(files: &[String]) -> String {
    format!("files = {}\n", toml_list(files))
}

/// A TOML array of strings on one line: `["a", "b"]`.
pub fn toml_list<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|s| toml::Value::String(s.as_ref().to_string()).to_string())
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// The `files` list of a TOML marker, `None` where the marker has none (written by a
/// carbonpass before markers listed their files).
pub fn files_listed(marker: &Path) -> Result<Option<BTreeSet<String>>> {
    let text = fs::read_to_string(marker).map_err(|e| Error::io(marker, e))?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        Error::Usage(format!(
            "{}: not a file written by carbonpass: {}",
            marker.display(),
            e.message()
        ))
    })?;
    let Some(files) = table.get("files") else {
        return Ok(None);
    };
    let bad = || {
        Error::Usage(format!(
            "{}: `files` is not a list of file names written by carbonpass",
            marker.display()
        ))
    };
    let list = files.as_array().ok_or_else(bad)?;
    list.iter()
        .map(|f| {
            let name = f.as_str().ok_or_else(bad)?;
            if name.is_empty() || name.starts_with('/') || name.split('/').any(|p| p == "..") {
                return Err(bad());
            }
            Ok(name.to_string())
        })
        .collect::<Result<_>>()
        .map(Some)
}

/// Writes a whole CSV file: a header and rows of cells (quoted where CSV needs it).
pub fn write_csv<R, C>(path: &Path, header: &[&str], rows: R) -> Result<()>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<[u8]>,
{
    let file = fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut w = csv::Writer::from_writer(file);
    let fail = |e: csv::Error| Error::io(path, std::io::Error::other(e));
    w.write_record(header).map_err(fail)?;
    for row in rows {
        w.write_record(row).map_err(fail)?;
    }
    w.flush().map_err(|e| Error::io(path, e))
}

/// Writes a whole CSV file of `header` and then the rows of each part in turn (a carbon
/// price's hours, say), which `rows` writes into a `Record`. Parts are formatted on
/// every thread a few at a time and written in their order: the bytes are those of
/// writing them one after another, whatever the thread count.
pub fn write_csv_parts<P: Sync>(
    path: &Path,
    header: &[&str],
    parts: &[P],
    rows: impl Fn(&P, &mut Record) + Sync,
) -> Result<()> {
    use rayon::prelude::*;
    use std::io::Write;
    let mut file = fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut head = Record::new(0);
    for name in header {
        head.text(name);
    }
    head.end();
    file.write_all(&head.out).map_err(|e| Error::io(path, e))?;
    // A batch a few parts per thread deep: threads stay busy, memory stays bounded.
    let batch = 2 * rayon::current_num_threads().max(1);
    let mut size = 0;
    for parts in parts.chunks(batch) {
        let formatted: Vec<Vec<u8>> = parts
            .par_iter()
            .map(|part| {
                let mut record = Record::new(size);
                rows(part, &mut record);
                record.out
            })
            .collect();
        for bytes in formatted {
            size = size.max(bytes.len());
            file.write_all(&bytes).map_err(|e| Error::io(path, e))?;
        }
    }
    file.flush().map_err(|e| Error::io(path, e))
}

/// Rows of a CSV file written cell by cell into memory, for `write_csv_parts`: numbers as
/// `num` writes them, text quoted where CSV needs it — the bytes `write_csv` writes.
pub struct Record {
    out: Vec<u8>,
    /// Whether the next cell starts a row.
    starts_row: bool,
    num: super::Num,
}

impl Record {
    fn new(capacity: usize) -> Self {
        Record {
            out: Vec::with_capacity(capacity),
            starts_row: true,
            num: super::Num::new(),
        }
    }

    /// A cell that CSV never quotes (digits, a point, a sign, letters).
    fn bare(&mut self, cell: &[u8]) {
        if !self.starts_row {
            self.out.push(b',');
        }
        self.starts_row = false;
        self.out.extend_from_slice(cell);
    }

    /// A number, rounded as `num` rounds it.
    pub fn num(&mut self, x: f64) {
        if !self.starts_row {
            self.out.push(b',');
        }
        self.starts_row = false;
        self.out.extend_from_slice(self.num.bytes(x));
    }

    /// A whole number (an hour).
    pub fn int(&mut self, n: usize) {
        self.bare(itoa::Buffer::new().format(n).as_bytes());
    }

    pub fn boolean(&mut self, b: bool) {
        self.bare(if b { b"true" } else { b"false" });
    }

    /// Text: a name of a unit, a zone, a technology.
    pub fn text(&mut self, s: &str) {
        // The csv crate's writer quotes a cell that holds a comma, a quote or a line end.
        if !s.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
            return self.bare(s.as_bytes());
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([s]).expect("writing to memory");
        let quoted = w.into_inner().expect("writing to memory");
        self.bare(quoted.strip_suffix(b"\n").unwrap_or(&quoted));
    }

    /// Ends the row.
    pub fn end(&mut self) {
        self.out.push(b'\n');
        self.starts_row = true;
    }
}
