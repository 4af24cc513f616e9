//! One run at a time per output folder: a lock file beside the target, held while the
//! run works on it. While it is held no other carbonpass writes there, so hidden work
//! folders left beside the target by a run that was killed can be removed.

use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Suffixes of the hidden folders carbonpass works in beside a target, followed by a
/// process id (and `.old` while an earlier folder is being replaced).
const WORK_FOLDERS: &[&str] = &["partial-", "importing-"];

/// The lock on one target; released (and its file removed) on drop.
pub struct Lock {
    file: Option<File>,
    path: PathBuf,
}

impl Lock {
    /// Takes the lock on `target`, or says that another run holds it. Then removes the
    /// work folders beside `target` that a killed run left.
    pub fn take(target: &Path) -> Result<Lock> {
        let path = super::beside(target, "lock")?;
        for _ in 0..10 {
            let file = fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| {
                    let folder = path.parent().unwrap_or(Path::new("."));
                    Error::Usage(format!(
                        "cannot write {}: carbonpass cannot create files in {} ({})",
                        target.display(),
                        folder.display(),
                        super::os_reason(&e)
                    ))
                })?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    return Err(Error::Usage(format!(
                        "another carbonpass run is writing {} (it holds {}); wait for it to \
                         finish, or choose another --out",
                        target.display(),
                        path.display()
                    )))
                }
                Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
            // The run that held the lock may have removed its file in the meantime: the
            // lock counts only on the file that is still there.
            if same_file(&file, &path) {
                remove_left_work(target);
                return Ok(Lock {
                    file: Some(file),
                    path,
                });
            }
        }
        Err(Error::Usage(format!(
            "cannot take the lock {}: other runs keep replacing it",
            path.display()
        )))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        drop(self.file.take());
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

/// Removes `.<name>.partial-<pid>[.old]` and `.<name>.importing-<pid>` folders beside
/// `target`: only a run holding the lock writes them, and it has not started yet.
pub fn remove_left_work(target: &Path) {
    let Some(name) = target.file_name() else {
        return;
    };
    let parent = super::folder::parent_of(target);
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let ours = WORK_FOLDERS.iter().any(|suffix| {
            rest.strip_prefix(suffix).is_some_and(|pid| {
                let pid = pid.strip_suffix(".old").unwrap_or(pid);
                !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
            })
        });
        if ours && entry.file_type().is_ok_and(|t| t.is_dir()) {
            match fs::remove_dir_all(entry.path()) {
                Ok(()) => eprintln!(
                    "note: removed {}, left by an interrupted run",
                    entry.path().display()
                ),
                Err(e) => eprintln!("warning: {}: {e}", entry.path().display()),
            }
        }
    }
}
