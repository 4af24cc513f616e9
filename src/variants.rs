//! Variants of a scenario swept in one pool (`sweep --vary`): a fuel's price, or a
//! technology's capacity factor, set to each value of a grid, crossed with the carbon
//! prices. Each variant is the scenario with a list of changes applied, written down as
//! text (`fuel:gas=25`) so that parts, `merge` and `--resume` rebuild the same scenario.

use crate::carbon::Grid;
use crate::scenario::Scenario;
use crate::util::{num, Range};

/// The most variants one sweep accepts (every one is a result folder).
pub const MAX_VARIANTS: usize = 10_000;

/// Fuel prices a variant may take, €/MWh thermal (negative for a gate fee).
const FUEL_PRICES: Grid = Grid {
    what: "fuel prices",
    unit: "€/MWh_th",
    range: Range::COST,
};

/// Capacity factors a variant may take (0 closes the technology).
const CAPACITY_FACTORS: Grid = Grid {
    what: "capacity factors",
    unit: "",
    range: Range::between(0.0, 1e3),
};

/// What a variant changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Dimension {
    /// The price of a fuel of fuels.csv, €/MWh thermal, for every unit burning it.
    FuelPrice(String),
    /// A factor on the capacity of every unit of a technology.
    Capacity(String),
}

impl Dimension {
    /// Parses `fuel:NAME` or `capacity:TECHNOLOGY`.
    fn parse(text: &str) -> Result<Dimension, String> {
        match text.split_once(':') {
            Some(("fuel", name)) if !name.trim().is_empty() => {
                Ok(Dimension::FuelPrice(name.trim().into()))
            }
            Some(("capacity", name)) if !name.trim().is_empty() => {
                Ok(Dimension::Capacity(name.trim().into()))
            }
            _ => Err(format!(
                "expected fuel:NAME=VALUES or capacity:TECHNOLOGY=VALUES \
                 (e.g. fuel:gas=10:40:5 or capacity:hard_coal=0,0.5,1); got `{text}`"
            )),
        }
    }

    fn grid(&self) -> Grid {
        match self {
            Dimension::FuelPrice(_) => FUEL_PRICES,
            Dimension::Capacity(_) => CAPACITY_FACTORS,
        }
    }

    /// The column of variants.csv holding this dimension's value.
    pub fn column(&self) -> String {
        match self {
            Dimension::FuelPrice(fuel) => format!("{fuel}_price_eur_per_mwh_th"),
            Dimension::Capacity(technology) => format!("{technology}_capacity_factor"),
        }
    }

    /// How an axis of a plot names it, with its unit.
    pub fn axis(&self) -> String {
        match self {
            Dimension::FuelPrice(fuel) => format!("{fuel} price (€/MWh thermal)"),
            Dimension::Capacity(technology) => {
                format!("{} capacity (× scenario)", technology.replace('_', " "))
            }
        }
    }

    /// The fuel whose price this dimension sets.
    pub fn fuel(&self) -> Option<&str> {
        match self {
            Dimension::FuelPrice(fuel) => Some(fuel),
            Dimension::Capacity(_) => None,
        }
    }
}

/// One `--vary`: a dimension and the values it takes, ascending.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    pub dimension: Dimension,
    pub values: Vec<f64>,
}

impl Vary {
    /// Parses `fuel:gas=10:40:5`, `capacity:hard_coal=0,0.5,1` or one value.
    pub fn parse(spec: &str) -> Result<Vary, String> {
        let (dimension, values) = spec.split_once('=').ok_or_else(|| {
            format!(
                "expected fuel:NAME=VALUES or capacity:TECHNOLOGY=VALUES \
                 (e.g. fuel:gas=10:40:5); got `{spec}`"
            )
        })?;
        let dimension = Dimension::parse(dimension.trim())?;
        let values = dimension.grid().parse(values)?;
        Ok(Vary { dimension, values })
    }
}

/// One change of a variant: a dimension at one value.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub dimension: Dimension,
    pub value: f64,
}

impl Change {
    /// As written in a plan: `fuel:gas=25`.
    pub fn spec(&self) -> String {
        let value = num(self.value);
        match &self.dimension {
            Dimension::FuelPrice(fuel) => format!("fuel:{fuel}={value}"),
            Dimension::Capacity(technology) => format!("capacity:{technology}={value}"),
        }
    }

    /// Reads the form `spec` writes.
    pub fn parse(spec: &str) -> Result<Change, String> {
        let vary = Vary::parse(spec)?;
        match vary.values.as_slice() {
            [value] => Ok(Change {
                dimension: vary.dimension,
                value: *value,
            }),
            _ => Err(format!("`{spec}`: a change has one value")),
        }
    }

    /// In words, for the name of the variant's scenario: `gas at 25 €/MWh_th`.
    pub fn describe(&self) -> String {
        let value = num(self.value);
        match &self.dimension {
            Dimension::FuelPrice(fuel) => format!("{fuel} at {value} €/MWh_th"),
            Dimension::Capacity(technology) => format!("{technology} capacity × {value}"),
        }
    }

    /// Part of a variant's folder name: `gas_25`, `hard_coal_x0.5`.
    fn label(&self) -> String {
        let value = num(self.value);
        let text = match &self.dimension {
            Dimension::FuelPrice(fuel) => format!("{fuel}_{value}"),
            Dimension::Capacity(technology) => format!("{technology}_x{value}"),
        };
        text.chars()
            .map(|c| match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' | '_' | '-' | '.' => c,
                _ => '-',
            })
            .collect()
    }

    /// Applies the change to a scenario, and says it in the scenario's name; an error names
    /// what the scenario has instead.
    pub fn apply(&self, scenario: &mut Scenario) -> Result<(), String> {
        self.change(scenario)?;
        let joint = if scenario.name.contains(" — ") {
            ", "
        } else {
            " — "
        };
        scenario.name = format!("{}{joint}{}", scenario.name, self.describe());
        Ok(())
    }

    fn change(&self, scenario: &mut Scenario) -> Result<(), String> {
        match &self.dimension {
            Dimension::FuelPrice(fuel) => {
                let mut found = false;
                for unit in scenario.units.iter_mut().filter(|u| &u.fuel == fuel) {
                    unit.fuel_price_eur_per_mwh_th = self.value;
                    found = true;
                }
                if !found {
                    let mut fuels: Vec<&str> = scenario
                        .units
                        .iter()
                        .filter(|u| u.efficiency.is_some())
                        .map(|u| u.fuel.as_str())
                        .collect();
                    fuels.sort();
                    fuels.dedup();
                    let meant = crate::util::did_you_mean(fuel, fuels.iter().copied())
                        .map_or(String::new(), |m| format!(" (did you mean `{m}`?)"));
                    return Err(format!(
                        "no fuelled unit burns `{fuel}`{meant}; the scenario's units burn {}",
                        fuels.join(", ")
                    ));
                }
            }
            Dimension::Capacity(technology) => scale_capacity(scenario, technology, self.value)?,
        }
        Ok(())
    }
}

/// Multiplies the capacity of every unit of `technology` by `factor` (≥ 0); a factor of 0
/// removes the technology's units.
pub fn scale_capacity(
    scenario: &mut Scenario,
    technology: &str,
    factor: f64,
) -> Result<(), String> {
    if !scenario.units.iter().any(|u| u.technology == technology) {
        let known = scenario.technologies().join(", ");
        return Err(format!(
            "no unit has technology `{technology}`; the scenario has {known}"
        ));
    }
    for unit in scenario
        .units
        .iter_mut()
        .filter(|u| u.technology == technology)
    {
        unit.capacity_mw *= factor;
    }
    scenario.units.retain(|u| u.capacity_mw > 0.0);
    Ok(())
}

/// Every variant of the crossed `--vary` grids, the first dimension outermost: the
/// changes of each, in the order of the `--vary` options.
pub fn crossed(varies: &[Vary]) -> Result<Vec<Vec<Change>>, String> {
    let count = varies
        .iter()
        .try_fold(1usize, |n, v| n.checked_mul(v.values.len()))
        .filter(|&n| n <= MAX_VARIANTS)
        .ok_or_else(|| format!("more than the {MAX_VARIANTS} variants one sweep accepts"))?;
    for (i, a) in varies.iter().enumerate() {
        if varies[..i].iter().any(|b| b.dimension == a.dimension) {
            return Err(format!(
                "{} is varied twice; give its values in one --vary",
                a.dimension.column()
            ));
        }
    }
    let mut all: Vec<Vec<Change>> = vec![Vec::new()];
    for vary in varies {
        all = all
            .into_iter()
            .flat_map(|changes| {
                vary.values.iter().map(move |&value| {
                    let mut next = changes.clone();
                    next.push(Change {
                        dimension: vary.dimension.clone(),
                        value,
                    });
                    next
                })
            })
            .collect();
    }
    debug_assert_eq!(all.len(), count);
    Ok(all)
}

/// The folder name of a variant: its changes' labels, after the scenario file's stem
/// when several scenarios are varied.
pub fn name(stem: Option<&str>, changes: &[Change]) -> String {
    let labels: Vec<String> = changes.iter().map(Change::label).collect();
    match stem {
        Some(stem) => format!("{stem}_{}", labels.join("_")),
        None => labels.join("_"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Unit;

    #[test]
    fn a_vary_parses_its_grid() {
        let vary = Vary::parse("fuel:gas=10:40:10").unwrap();
        assert_eq!(vary.dimension, Dimension::FuelPrice("gas".into()));
        assert_eq!(vary.values, vec![10.0, 20.0, 30.0, 40.0]);
        let vary = Vary::parse("capacity:hard_coal=1,0,0.5").unwrap();
        assert_eq!(vary.values, vec![0.0, 0.5, 1.0]);
        assert!(Vary::parse("gas=10").unwrap_err().contains("fuel:NAME"));
        assert!(Vary::parse("fuel:gas").unwrap_err().contains("fuel:NAME"));
        assert!(Vary::parse("capacity:coal=-1")
            .unwrap_err()
            .contains("in [0, 1000]"));
    }

    #[test]
    fn grids_cross_with_the_first_outermost() {
        let a = Vary::parse("fuel:gas=10,20").unwrap();
        let b = Vary::parse("capacity:hard_coal=0,1").unwrap();
        let all = crossed(&[a.clone(), b]).unwrap();
        let names: Vec<String> = all.iter().map(|c| name(None, c)).collect();
        assert_eq!(
            names,
            [
                "gas_10_hard_coal_x0",
                "gas_10_hard_coal_x1",
                "gas_20_hard_coal_x0",
                "gas_20_hard_coal_x1"
            ]
        );
        assert!(crossed(&[a.clone(), a]).unwrap_err().contains("twice"));
    }

    #[test]
    fn a_change_reads_back_what_it_writes() {
        let change = Change {
            dimension: Dimension::FuelPrice("gas".into()),
            value: 12.5,
        };
        assert_eq!(change.spec(), "fuel:gas=12.5");
        assert_eq!(Change::parse(&change.spec()).unwrap(), change);
    }

    #[test]
    fn a_fuel_price_change_reaches_every_unit_burning_it_and_names_the_others() {
        let mut scenario = Scenario::single_zone(
            "two",
            &[50.0],
            vec![
                Unit::thermal("g1", "ccgt", "gas", 100.0, 0.5, 20.0, 0.2, 0.0),
                Unit::thermal("c1", "hard_coal", "coal", 100.0, 0.4, 8.0, 0.34, 0.0),
            ],
        );
        let change = Change::parse("fuel:gas=35").unwrap();
        change.apply(&mut scenario).unwrap();
        assert_eq!(scenario.units[0].fuel_price_eur_per_mwh_th, 35.0);
        assert_eq!(scenario.units[1].fuel_price_eur_per_mwh_th, 8.0);
        let why = Change::parse("fuel:gaz=35")
            .unwrap()
            .apply(&mut scenario)
            .unwrap_err();
        assert!(
            why.contains("did you mean `gas`") && why.contains("coal, gas"),
            "{why}"
        );
    }
}
