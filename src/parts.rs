//! Solved carbon prices kept on disk while a sweep runs. A parts folder holds a plan
//! (`parts.toml`: the scenario variants, their carbon prices, the method, the shard) and
//! one file per variant and carbon price with its exact outcome, written as soon as that
//! price is solved. It is what lets `--resume` continue an interrupted sweep, and what a
//! `--shard K/N` run leaves for `carbonpass merge` to join: results written from parts
//! are byte-identical to those of one uninterrupted run.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::analysis::Outcome;
use crate::error::{Error, Result};
use crate::scenario::Scenario;

/// The plan of a parts folder.
pub const MANIFEST: &str = "parts.toml";

/// A parts folder: its plan and, in a folder per variant, one `tau_<price>.bin` per solved
/// carbon price (and `.tmp` files of a store cut short).
pub const PARTS_FOLDER: crate::util::Owner = crate::util::Owner {
    marker: MANIFEST,
    what: "a folder of sweep parts",
    owned: owned_parts,
};

fn owned_parts(dir: &Path) -> Result<std::collections::BTreeSet<String>> {
    let variants: Vec<String> = match Parts::open(dir) {
        Ok(parts) => parts.plan.variants.into_iter().map(|v| v.name).collect(),
        Err(_) => Vec::new(),
    };
    let ours = |name: &str| {
        if name == MANIFEST || name == format!("{MANIFEST}.tmp") {
            return true;
        }
        match name.split_once('/') {
            None => variants.iter().any(|v| v == name),
            Some((variant, file)) => {
                variants.iter().any(|v| v == variant)
                    && file.starts_with("tau_")
                    && (file.ends_with(".bin") || file.ends_with(".bin.tmp"))
                    && !file.contains('/')
            }
        }
    };
    Ok(crate::util::entries_under(dir)?
        .into_iter()
        .filter(|name| ours(name))
        .collect())
}

/// Which part of a sweep a run solves: chain `i` of carbon prices (variants in order,
/// each variant's carbon prices in chains of `sweep::CHAIN` neighbours) belongs to shard
/// `i mod count + 1`. Whole chains go to one shard, so that each carbon price starts from
/// the same basis as in a whole sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// 1-based.
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// The whole sweep.
    pub const WHOLE: Shard = Shard { index: 1, count: 1 };

    /// Parses `K/N` with 1 ≤ K ≤ N.
    pub fn parse(spec: &str) -> Result<Shard, String> {
        let expected = || format!("expected K/N with 1 ≤ K ≤ N, e.g. 3/8; got `{spec}`");
        let (k, n) = spec.split_once('/').ok_or_else(expected)?;
        let (index, count) = match (k.trim().parse(), n.trim().parse()) {
            (Ok(k), Ok(n)) => (k, n),
            _ => return Err(expected()),
        };
        if index == 0 || index > count {
            return Err(expected());
        }
        Ok(Shard { index, count })
    }

    pub fn owns(&self, chain: usize) -> bool {
        chain % self.count + 1 == self.index
    }

    pub fn is_whole(&self) -> bool {
        self.count == 1
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// One scenario of a sweep and what was done to it before solving.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    /// The scenario file's stem: its result folder and its folder of parts.
    pub name: String,
    /// The scenario file as given on the command line (recorded in run.toml).
    pub scenario_file: PathBuf,
    /// The same file as an absolute path, for `merge` run from another folder.
    pub scenario_file_absolute: PathBuf,
    pub scale_capacity: Vec<String>,
    /// The changes of a `--vary` variant, as `variants::Change::spec` writes them
    /// (`fuel:gas=25`), applied after `--scale-capacity`.
    #[serde(default)]
    pub changes: Vec<String>,
    /// SHA-256 of the scenario as solved (after `--scale-capacity` and `changes`); parts solved from
    /// another scenario are never mixed in.
    pub fingerprint: String,
    /// SHA-256 of each file the scenario was read from, by path: which of them changed.
    #[serde(default)]
    pub inputs: std::collections::BTreeMap<String, String>,
    pub carbon_prices_eur_per_t: Vec<f64>,
}

/// Everything that decides the parts of a sweep and the results written from them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub carbonpass_version: String,
    pub method: String,
    pub png: bool,
    pub hourly_passthrough: bool,
    /// `--exact`: the exact pass-through curve is written too.
    #[serde(default)]
    pub exact: bool,
    pub shard: Shard,
    /// The dimensions `--vary` crosses (`fuel:gas`, `capacity:hard_coal`), in order; with
    /// any, the result is a folder of variants with variants.csv.
    #[serde(default)]
    pub varied: Vec<String>,
    pub variants: Vec<Variant>,
}

impl Plan {
    /// Work items `(variant, carbon price index)` in sweep order, with the number of the
    /// chain they belong to.
    pub fn items(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        self.variants
            .iter()
            .enumerate()
            .flat_map(|(v, variant)| {
                crate::sweep::chains(variant.carbon_prices_eur_per_t.len())
                    .into_iter()
                    .map(move |range| (v, range))
            })
            .enumerate()
            .flat_map(|(c, (v, range))| range.map(move |t| (c, v, t)))
    }

    /// The items this plan's shard solves: `(variant, carbon price index)`.
    pub fn own_items(&self) -> Vec<(usize, usize)> {
        self.items()
            .filter(|(c, _, _)| self.shard.owns(*c))
            .map(|(_, v, t)| (v, t))
            .collect()
    }

    /// How this plan differs from `other`, for an error message; empty if it does not.
    pub fn differences(&self, other: &Plan) -> Vec<String> {
        let mut why = Vec::new();
        if self.carbonpass_version != other.carbonpass_version {
            why.push(format!(
                "carbonpass {} vs {}",
                self.carbonpass_version, other.carbonpass_version
            ));
        }
        if self.method != other.method {
            why.push(format!("--method {} vs {}", self.method, other.method));
        }
        if (self.png, self.hourly_passthrough, self.exact)
            != (other.png, other.hourly_passthrough, other.exact)
        {
            why.push("--png, --hourly-passthrough or --exact".into());
        }
        if self.shard != other.shard {
            why.push(format!("--shard {} vs {}", self.shard, other.shard));
        }
        if self.varied != other.varied {
            why.push(format!(
                "--vary {} vs {}",
                self.varied.join(" "),
                other.varied.join(" ")
            ));
        }
        let names = |p: &Plan| {
            p.variants
                .iter()
                .map(|v| v.name.clone())
                .collect::<Vec<_>>()
        };
        if names(self) != names(other) {
            why.push(format!(
                "scenarios {} vs {}",
                names(self).join(" "),
                names(other).join(" ")
            ));
        } else {
            for (a, b) in self.variants.iter().zip(&other.variants) {
                if a.fingerprint != b.fingerprint {
                    why.push(changed(a, &b.inputs));
                }
                if a.carbon_prices_eur_per_t != b.carbon_prices_eur_per_t {
                    why.push(format!("the carbon prices of {}", a.name));
                }
                if a.scale_capacity != b.scale_capacity {
                    why.push(format!("--scale-capacity of {}", a.name));
                }
                if a.changes != b.changes {
                    why.push(format!("the --vary values of {}", a.name));
                }
            }
        }
        why
    }
}

/// What changed in a variant's scenario since its parts were solved, given the digests of
/// its input files now.
pub fn changed(variant: &Variant, now: &std::collections::BTreeMap<String, String>) -> String {
    let files: Vec<&str> = variant
        .inputs
        .iter()
        .filter(|(file, digest)| now.get(*file) != Some(digest))
        .map(|(file, _)| file.as_str())
        .collect();
    if files.is_empty() {
        format!("the scenario {} has changed", variant.name)
    } else {
        format!(
            "the scenario {} has changed ({})",
            variant.name,
            files.join(", ")
        )
    }
}

/// SHA-256 of each of a scenario's files (the TOML first), by path relative to the TOML's
/// folder.
pub fn file_digests(files: &[PathBuf]) -> Result<std::collections::BTreeMap<String, String>> {
    let dir = files
        .first()
        .and_then(|f| f.parent())
        .unwrap_or(Path::new(""));
    files
        .iter()
        .map(|file| {
            let name = file.strip_prefix(dir).unwrap_or(file);
            let bytes = fs::read(file).map_err(|e| Error::io(file, e))?;
            let digest = Sha256::digest(&bytes);
            let hex = digest.iter().map(|b| format!("{b:02x}")).collect();
            Ok((name.display().to_string(), hex))
        })
        .collect()
}

/// SHA-256 of everything about a scenario that decides its dispatch (its own list of
/// carbon prices aside: the plan records the prices solved).
pub fn fingerprint(scenario: &Scenario) -> String {
    let mut solved = scenario.clone();
    solved.carbon_prices_eur_per_t.clear();
    let digest = Sha256::digest(format!("{solved:?}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// One solved carbon price as stored: the outcome and the scenario it belongs to.
#[derive(Serialize, Deserialize)]
struct Part {
    carbonpass_version: String,
    fingerprint: String,
    outcome: Outcome,
}

/// A parts folder on disk.
pub struct Parts {
    pub dir: PathBuf,
    pub plan: Plan,
}

impl Parts {
    /// Starts an empty parts folder for `plan`, replacing whatever `dir` held.
    pub fn create(dir: &Path, plan: Plan) -> Result<Parts> {
        if dir.exists() {
            crate::util::check_replaceable(dir, &PARTS_FOLDER)?;
            fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        for variant in &plan.variants {
            let sub = dir.join(&variant.name);
            fs::create_dir(&sub).map_err(|e| Error::io(&sub, e))?;
        }
        let text = toml::to_string(&plan)
            .map_err(|e| Error::Usage(format!("cannot record the sweep plan: {e}")))?;
        write_atomically(&dir.join(MANIFEST), text.as_bytes())?;
        Ok(Parts {
            dir: dir.to_path_buf(),
            plan,
        })
    }

    /// Opens a parts folder written by `create`.
    pub fn open(dir: &Path) -> Result<Parts> {
        let manifest = dir.join(MANIFEST);
        let text = fs::read_to_string(&manifest).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::Usage(format!(
                    "{} is not a folder of sweep parts (it has no {MANIFEST})",
                    dir.display()
                ))
            } else {
                Error::io(&manifest, e)
            }
        })?;
        let plan = toml::from_str(&text).map_err(|e| {
            Error::Usage(format!(
                "{}: not a sweep plan written by carbonpass: {}",
                manifest.display(),
                e.message()
            ))
        })?;
        Ok(Parts {
            dir: dir.to_path_buf(),
            plan,
        })
    }

    fn file(&self, variant: usize, tau_eur_per_t: f64) -> PathBuf {
        self.dir
            .join(&self.plan.variants[variant].name)
            .join(format!("tau_{tau_eur_per_t}.bin"))
    }

    /// Stores one solved carbon price of a variant (written whole or not at all).
    pub fn store(&self, variant: usize, outcome: &Outcome) -> Result<()> {
        let path = self.file(variant, outcome.tau_eur_per_t);
        let part = Part {
            carbonpass_version: env!("CARGO_PKG_VERSION").into(),
            fingerprint: self.plan.variants[variant].fingerprint.clone(),
            outcome: outcome.clone(),
        };
        let bytes = postcard::to_stdvec(&part)
            .map_err(|e| Error::Usage(format!("{}: cannot encode: {e}", path.display())))?;
        write_atomically(&path, &bytes)
    }

    /// The stored outcome of a variant at a carbon price: `Ok(None)` if it is not there,
    /// an error if the file is there but is not that outcome.
    pub fn load(&self, variant: usize, tau_eur_per_t: f64) -> Result<Option<Outcome>> {
        let path = self.file(variant, tau_eur_per_t);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path, e)),
        };
        let bad = |why: String| Error::Usage(format!("{}: {why}", path.display()));
        let part: Part = postcard::from_bytes(&bytes).map_err(|e| {
            bad(format!(
                "not a solved carbon price written by carbonpass ({e})"
            ))
        })?;
        let expected = &self.plan.variants[variant].fingerprint;
        if part.fingerprint != *expected || part.carbonpass_version != env!("CARGO_PKG_VERSION") {
            return Err(bad(
                "solved from another scenario or carbonpass version".into()
            ));
        }
        if part.outcome.tau_eur_per_t.to_bits() != tau_eur_per_t.to_bits() {
            return Err(bad(format!(
                "holds carbon price {} €/t, not {tau_eur_per_t}",
                part.outcome.tau_eur_per_t
            )));
        }
        Ok(Some(part.outcome))
    }
}

/// Writes a file through a temporary name in the same folder, so it is whole or absent.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

/// Where a run writing to `out` keeps its parts while it works: a hidden folder beside it.
pub fn work_dir(out: &Path) -> Result<PathBuf> {
    crate::util::beside(out, "parts")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(shard: Shard, prices: Vec<f64>) -> Plan {
        let variant = |name: &str| Variant {
            name: name.into(),
            scenario_file: PathBuf::from(format!("scenarios/{name}.toml")),
            scenario_file_absolute: PathBuf::from(format!("/work/scenarios/{name}.toml")),
            scale_capacity: vec!["hard_coal=0.5".into()],
            changes: vec!["fuel:gas=25".into()],
            fingerprint: "ab".repeat(32),
            inputs: Default::default(),
            carbon_prices_eur_per_t: prices.clone(),
        };
        Plan {
            carbonpass_version: "0.1.0".into(),
            method: "lp".into(),
            png: true,
            hourly_passthrough: false,
            exact: false,
            shard,
            varied: vec!["fuel:gas".into()],
            variants: vec![variant("a"), variant("b")],
        }
    }

    #[test]
    fn the_plan_reads_back_exactly_from_its_toml() {
        let prices = vec![0.0, 0.1 + 0.2, 1.0 / 3.0, 1e-9, 12345.678901234567];
        let plan = plan(Shard { index: 2, count: 5 }, prices);
        let text = toml::to_string(&plan).unwrap();
        let back: Plan = toml::from_str(&text).unwrap();
        assert_eq!(back, plan, "{text}");
        for (a, b) in back.variants[0]
            .carbon_prices_eur_per_t
            .iter()
            .zip(&plan.variants[0].carbon_prices_eur_per_t)
        {
            assert_eq!(a.to_bits(), b.to_bits());
        }
    }

    #[test]
    fn shards_deal_every_item_to_exactly_one_part() {
        for count in 1..=7 {
            let mut owners = vec![0; 2 * 11];
            for index in 1..=count {
                let part = plan(Shard { index, count }, (0..11).map(f64::from).collect());
                for (v, t) in part.own_items() {
                    owners[v * 11 + t] += 1;
                }
            }
            assert!(owners.iter().all(|&n| n == 1), "{count}: {owners:?}");
        }
    }

    #[test]
    fn shard_specs_parse_k_of_n() {
        assert_eq!(Shard::parse("3/8"), Ok(Shard { index: 3, count: 8 }));
        assert_eq!(Shard::parse(" 1 / 1 "), Ok(Shard::WHOLE));
        for bad in ["0/8", "9/8", "8", "/", "x/2", "-1/2", "1/0"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn plans_name_how_they_differ() {
        let a = plan(Shard::WHOLE, vec![0.0, 10.0]);
        let mut b = a.clone();
        assert!(a.differences(&b).is_empty());
        b.variants[1].fingerprint = "cd".repeat(32);
        b.method = "merit-order".into();
        assert_eq!(
            a.differences(&b),
            ["--method lp vs merit-order", "the scenario b has changed"]
        );
    }
}
