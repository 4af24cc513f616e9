//! Errors a user can act on: every input problem names its file, line and column,
//! and every solver failure names the carbon price and the hours involved.

use std::fmt;
use std::path::{Path, PathBuf};

/// One thing wrong with an input file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line in the file (the header is line 1), where the problem has one.
    pub line: Option<usize>,
    pub column: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn in_file(file: &Path, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn at(
        file: &Path,
        line: Option<usize>,
        column: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            file: file.to_path_buf(),
            line,
            column: column.map(str::to_owned),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column `{column}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// All problems found in the input, not only the first.
    #[error("{}", list_problems(.0))]
    Input(Vec<Problem>),

    #[error("carbon price {tau_eur_per_t} €/t, hours {first_hour}..={last_hour}: {message}")]
    Solve {
        tau_eur_per_t: f64,
        first_hour: usize,
        last_hour: usize,
        message: String,
    },

    #[error("{}: {}", path.display(), os_reason(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{0}")]
    Usage(String),

    /// Stopped by Ctrl-C or SIGTERM; the solved carbon prices are kept in `parts`.
    #[error(
        "interrupted: {done} of {total} carbon prices are solved and kept in {}; \
         run the same command with --resume to continue",
        parts.display()
    )]
    Interrupted {
        parts: PathBuf,
        done: usize,
        total: usize,
    },

    /// Stopped by Ctrl-C or SIGTERM where nothing is kept to resume from.
    #[error("interrupted: nothing was written")]
    Stopped,
}

fn list_problems(problems: &[Problem]) -> String {
    let mut text = match problems.len() {
        1 => String::from("1 problem in the input:"),
        n => format!("{n} problems in the input:"),
    };
    for problem in problems {
        text.push_str("\n  ");
        text.push_str(&problem.to_string());
    }
    text
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The input problems, if this is an input error.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Input(problems) => problems,
            _ => &[],
        }
    }
}

/// Why an operation on a file failed, in words rather than an OS error code.
pub fn os_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or folder".into(),
        PermissionDenied => "permission denied".into(),
        ReadOnlyFilesystem => "the file system is read-only".into(),
        StorageFull => "the disk is full".into(),
        _ => e.to_string(),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
