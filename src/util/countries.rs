//! Country codes of the public sources and the zones of national datasets, which are named
//! by Dispa-SET's two-letter codes (`UK` and `EL` as Dispa-SET writes them).

/// ISO 3166 alpha-3 (Ember's `ISO3 Code`), with EMMA's `GER` for Germany, and the zone.
const ZONES: &[(&str, &str)] = &[
    ("AUT", "AT"),
    ("BEL", "BE"),
    ("BGR", "BG"),
    ("BIH", "BA"),
    ("CHE", "CH"),
    ("CZE", "CZ"),
    ("DEU", "DE"),
    ("GER", "DE"),
    ("DNK", "DK"),
    ("ESP", "ES"),
    ("EST", "EE"),
    ("FIN", "FI"),
    ("FRA", "FR"),
    ("GBR", "UK"),
    ("GRC", "EL"),
    ("HRV", "HR"),
    ("HUN", "HU"),
    ("IRL", "IE"),
    ("ITA", "IT"),
    ("LTU", "LT"),
    ("LUX", "LU"),
    ("LVA", "LV"),
    ("MKD", "MK"),
    ("MNE", "ME"),
    ("NLD", "NL"),
    ("NOR", "NO"),
    ("POL", "PL"),
    ("PRT", "PT"),
    ("ROU", "RO"),
    ("SRB", "RS"),
    ("SVK", "SK"),
    ("SVN", "SI"),
    ("SWE", "SE"),
];

/// The zone of a country code: a three-letter code of the table is mapped, any other
/// code (a zone's own, `DE`) is taken as it is.
pub fn zone_of_country(code: &str) -> &str {
    ZONES
        .iter()
        .find(|(iso3, _)| *iso3 == code)
        .map_or(code, |(_, zone)| zone)
}
