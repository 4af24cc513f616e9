//! Folders written beside their target and moved into place only when complete, so that
//! a failed or interrupted run leaves nothing that looks finished; and whole CSV files.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A hidden folder beside `target`, `.<target name>.<suffix>`, where work for `target`
/// happens before it is moved into place; the parent folder is created.
pub fn beside(target: &Path, suffix: &str) -> Result<PathBuf> {
    let name = target
        .file_name()
        .ok_or_else(|| Error::Usage(format!("{}: not a folder name", target.display())))?;
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    Ok(parent.join(format!(".{}.{suffix}", name.to_string_lossy())))
}

/// Refuses to replace `dir` when it exists without `marker`, the file that shows
/// carbonpass wrote it as `what`.
pub fn refuse_foreign(dir: &Path, marker: &str, what: &str) -> Result<()> {
    if dir.exists() && !dir.join(marker).is_file() {
        return Err(Error::Usage(format!(
            "{} exists and is not {what} (it has no {marker}); choose another --out or \
             remove it",
            dir.display()
        )));
    }
    Ok(())
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

    /// Moves the staged folder to `target`, replacing an earlier folder there that holds
    /// `marker` (what carbonpass writes as `what`).
    pub fn commit(mut self, target: &Path, marker: &str, what: &str) -> Result<()> {
        if target.exists() {
            refuse_foreign(target, marker, what)?;
            let old = self.path.with_extension("old");
            fs::rename(target, &old).map_err(|e| Error::io(target, e))?;
            fs::rename(&self.path, target).map_err(|e| Error::io(target, e))?;
            fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
        } else {
            fs::rename(&self.path, target).map_err(|e| Error::io(target, e))?;
        }
        self.committed = true;
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
