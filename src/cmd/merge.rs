//! `carbonpass merge`: the parts folders of every shard of a sweep joined into the result
//! folders the whole sweep would have written.

use std::path::PathBuf;

use super::sweep::write_all;
use super::{apply_changes, default_sweep_out, load_scenario, print_summaries, Solved};
use crate::analysis::Outcome;
use crate::error::Result;
use crate::parts::{self, Parts};

/// Merges and tells the user what was written.
pub fn run(dirs: &[PathBuf], out: Option<PathBuf>) -> Result<()> {
    let (out, solved) = merge(dirs, out)?;
    print_summaries(&solved);
    eprintln!("results written to {}", out.display());
    Ok(())
}

/// Joins the parts folders of every shard of one sweep into the result folders that the
/// sweep run whole would have written, byte for byte. Returns where they were written.
pub fn merge(dirs: &[PathBuf], out: Option<PathBuf>) -> Result<(PathBuf, Vec<Solved>)> {
    let usage = |why: String| crate::Error::Usage(format!("merge: {why}"));
    let shards = dirs
        .iter()
        .map(|d| Parts::open(d))
        .collect::<Result<Vec<_>>>()?;
    let Some(first) = shards.first() else {
        return Err(usage("give the parts folders of every shard".into()));
    };
    let count = first.plan.shard.count;
    let mut owner: Vec<Option<usize>> = vec![None; count];
    for (s, shard) in shards.iter().enumerate() {
        let mut same_shard = shard.plan.clone();
        same_shard.shard = first.plan.shard;
        let differences = first.plan.differences(&same_shard);
        if !differences.is_empty() || shard.plan.shard.count != count {
            return Err(usage(format!(
                "{} and {} are parts of different sweeps ({})",
                first.dir.display(),
                shard.dir.display(),
                if differences.is_empty() {
                    format!("--shard {} vs {}", first.plan.shard, shard.plan.shard)
                } else {
                    differences.join("; ")
                }
            )));
        }
        let k = shard.plan.shard.index - 1;
        if let Some(other) = owner[k] {
            return Err(usage(format!(
                "{} and {} are both shard {}",
                shards[other].dir.display(),
                shard.dir.display(),
                shard.plan.shard
            )));
        }
        owner[k] = Some(s);
    }
    let missing: Vec<String> = (0..count)
        .filter(|&k| owner[k].is_none())
        .map(|k| format!("{}/{count}", k + 1))
        .collect();
    if !missing.is_empty() {
        return Err(usage(format!(
            "shard {} missing: give the parts folders of every shard",
            missing.join(", ")
        )));
    }
    let plan = &first.plan;
    let out = out.unwrap_or_else(|| {
        default_sweep_out(
            &plan
                .variants
                .iter()
                .map(|v| v.scenario_file.clone())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>(),
            !plan.varied.is_empty(),
        )
    });
    let _lock = crate::util::Lock::take(&out)?;
    let mut outcomes: Vec<Vec<Outcome>> = vec![Vec::new(); plan.variants.len()];
    for (i, v, t) in plan.items() {
        let shard = &shards[owner[i % count].expect("every shard given")];
        let tau = plan.variants[v].carbon_prices_eur_per_t[t];
        let outcome = shard.load(v, tau)?.ok_or_else(|| {
            usage(format!(
                "{} lacks carbon price {tau} €/t of {}",
                shard.dir.display(),
                plan.variants[v].name
            ))
        })?;
        outcomes[v].push(outcome);
    }
    let mut scenarios = Vec::new();
    for variant in &plan.variants {
        let path = if variant.scenario_file.exists() {
            &variant.scenario_file
        } else {
            &variant.scenario_file_absolute
        };
        let (mut scenario, files) = load_scenario(path, &variant.scale_capacity)?;
        apply_changes(&mut scenario, &variant.changes)?;
        if parts::fingerprint(&scenario) != variant.fingerprint {
            return Err(usage(format!(
                "{} since the shards were solved; solve them again",
                parts::changed(variant, &parts::file_digests(&files)?)
            )));
        }
        scenarios.push(scenario);
    }
    write_all(&out, plan, &scenarios, &outcomes)?;
    let solved = scenarios
        .into_iter()
        .zip(outcomes)
        .map(|(scenario, outcomes)| Solved { scenario, outcomes })
        .collect();
    Ok((out, solved))
}
