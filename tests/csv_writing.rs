//! The fast writers of the large result files give the bytes of the plain ones: `Num`
//! writes every number as `format!("{}")` of the value rounded to 1e-6 (what `num` always
//! wrote), and `write_csv_parts` writes the file `write_csv` writes from the same cells,
//! quoting included, in the order of the parts whatever the thread count.

use carbonpass::util::{num, write_csv, write_csv_parts, Num};
use proptest::prelude::*;

/// What `num` wrote before it had a fast path: the definition the results keep.
fn by_display(x: f64) -> String {
    if x.is_nan() {
        return String::new();
    }
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 {
        "0".into()
    } else {
        format!("{r}")
    }
}

fn numbers() -> impl Strategy<Value = f64> {
    prop_oneof![
        // Any bit pattern: NaN, infinities, subnormals, the largest and smallest.
        any::<u64>().prop_map(f64::from_bits),
        // Prices, MW, MWh, tonnes, euros.
        -1e10..1e10f64,
        -1.0..1.0f64,
        // Whole millionths and few decimals, as rounded results are.
        (any::<i64>(), 0..12u32)
            .prop_map(|(n, k)| (n % 10_000_000_000_000_000) as f64 / 10f64.powi(k as i32)),
        // Near where the fast path ends (10⁹, i.e. 10¹⁵ millionths) and near 2⁵³.
        (0.9e9..1.1e9f64),
        (0.9e10..1.1e10f64),
        // Half a millionth either side, where rounding decides.
        (-1_000_000i64..1_000_000).prop_map(|n| (n as f64 + 0.5) / 1e6),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn num_writes_what_display_writes(x in numbers()) {
        let expected = by_display(x);
        let mut fast = Num::new();
        prop_assert_eq!(fast.format(x), expected.as_str());
        prop_assert_eq!(num(x), expected);
    }
}

#[test]
fn num_writes_the_cases_a_reader_sees() {
    for (x, written) in [
        (0.0, "0"),
        (-0.0, "0"),
        (-0.0000004, "0"),
        (0.0000005, "0.000001"),
        (1.0, "1"),
        (-2.5, "-2.5"),
        (0.1 + 0.2, "0.3"),
        (123456.0000004, "123456"),
        (999999999.999999, "999999999.999999"),
        (1e9, "1000000000"),
        (1.5e12, "1500000000000"),
        (f64::NAN, ""),
        (f64::INFINITY, "inf"),
        (f64::NEG_INFINITY, "-inf"),
    ] {
        assert_eq!(num(x), written, "{x:e}");
    }
}

/// A cell of a row: a number or a text that may need quotes.
#[derive(Debug, Clone)]
enum Cell {
    Number(f64),
    Whole(usize),
    Flag(bool),
    Text(String),
}

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        numbers().prop_map(Cell::Number),
        any::<usize>().prop_map(Cell::Whole),
        any::<bool>().prop_map(Cell::Flag),
        "[a-z ,\"\r\n#;é_-]{0,8}".prop_map(Cell::Text),
    ]
}

fn written(cell: &Cell) -> String {
    match cell {
        Cell::Number(x) => num(*x),
        Cell::Whole(n) => n.to_string(),
        Cell::Flag(b) => b.to_string(),
        Cell::Text(s) => s.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn parts_give_the_bytes_of_one_writer(
        // Rows of four cells, in parts of any size; a header that may need quotes.
        parts in prop::collection::vec(
            prop::collection::vec(prop::collection::vec(cell(), 4), 0..6), 0..7),
        header in prop::collection::vec("[a-z,\" ]{1,6}", 4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let plain = dir.path().join("plain.csv");
        let rows = parts.iter().flatten().map(|row| row.iter().map(written).collect::<Vec<_>>());
        write_csv(&plain, &header, rows).unwrap();
        let fast = dir.path().join("fast.csv");
        write_csv_parts(&fast, &header, &parts, |part, record| {
            for row in part {
                for cell in row {
                    match cell {
                        Cell::Number(x) => record.num(*x),
                        Cell::Whole(n) => record.int(*n),
                        Cell::Flag(b) => record.boolean(*b),
                        Cell::Text(s) => record.text(s),
                    }
                }
                record.end();
            }
        })
        .unwrap();
        prop_assert_eq!(std::fs::read(&fast).unwrap(), std::fs::read(&plain).unwrap());
    }
}
