//! Without time coupling, the LP and the sort-based merit order must agree.

mod common;

use carbonpass::dispatch::{dispatch, Method};
use common::{assert_close, scenario_strategy};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_lp_agrees_with_the_merit_order(s in scenario_strategy(), tau in 0.0..150.0f64) {
        let lp = dispatch(&s, tau, Method::Lp).unwrap();
        let merit = dispatch(&s, tau, Method::MeritOrder).unwrap();
        for h in 0..s.hours() {
            let (a, b) = (lp.prices[[h, 0]], merit.prices[[h, 0]]);
            assert_close(a.price_eur_per_mwh, b.price_eur_per_mwh, 1e-9, &format!("price, hour {h}"));
            prop_assert_eq!(a.unique, b.unique, "uniqueness, hour {}", h);
            assert_close(lp.unserved_mw[[h, 0]], merit.unserved_mw[[h, 0]], 1e-7, "unserved");
        }
        assert_close(lp.system_cost_eur(&s), merit.system_cost_eur(&s), 1e-7, "system cost");
        assert_close(lp.emissions_t(&s), merit.emissions_t(&s), 1e-7, "emissions");
    }
}
