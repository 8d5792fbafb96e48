//! Test-taker tests: cue-ridden banks are passed, neutral banks are not, results are
//! deterministic, and rates are reported per strategy.

use super::*;
use crate::module::Kind;
use crate::test_support::{module, numbered, question};

/// A bank of `n` single-answer questions where the right option is always the longest.
fn longest_is_right(n: usize, draw: usize) -> Module {
    let questions = (0..n)
        .map(|i| {
            let mut options = vec!["Svar ett", "Svar två", "Svar tre"];
            let right = i % 3;
            options[right] = "Det här är det längsta svaret";
            question(&format!("q{i}"), "g", Kind::Single, &options, &[right])
        })
        .collect();
    module(questions, &["g"], draw)
}

fn rate<'a>(r: &'a TakerReport, name: &str) -> &'a Rate {
    r.rates
        .iter()
        .find(|rate| rate.name == name)
        .expect("named strategy")
}

#[test]
fn the_longest_option_strategy_passes_a_bank_where_length_gives_it_away() {
    let r = take_blind(&longest_is_right(24, 12), 500);
    assert_eq!(r.draws, 500);
    assert_eq!(rate(&r, "längsta svaret").passed, 500);
    assert_eq!(r.best.passed, 500);
    assert!(
        r.best
            .name
            .starts_with("bästa kombination (enkelval: längsta"),
        "{}",
        r.best.name
    );
    assert!(rate(&r, "gissa (första alternativet)").share() < 0.05);
    let failing: Vec<&str> = r.too_high().iter().map(|r| r.name.as_str()).collect();
    assert!(failing.contains(&"längsta svaret"), "{failing:?}");
}

#[test]
fn a_bank_without_cues_is_passed_only_by_luck() {
    // Options of equal length and form, right positions spread: every rule is a guess.
    let questions = (0..24)
        .map(|i| numbered(&format!("q{i}"), "g", Kind::Single, 4, &[i % 4]))
        .collect();
    let r = take_blind(&module(questions, &["g"], 12), SEEDS);
    for rate in r.rates.iter().chain([&r.best]) {
        assert!(rate.share() < 0.01, "{}: {}", rate.name, rate.percent());
    }
    assert!(r.too_high().is_empty());
}

#[test]
fn true_false_always_false_is_caught() {
    let questions = (0..10)
        .map(|i| numbered(&format!("q{i}"), "g", Kind::TrueFalse, 2, &[1]))
        .collect();
    let r = take_blind(&module(questions, &["g"], 5), 200);
    assert_eq!(r.best.passed, 200);
    assert!(
        r.best.name.ends_with("sant/falskt: alltid falskt)"),
        "{}",
        r.best.name
    );
    assert_eq!(
        rate(&r, "kryssa i alla").passed,
        200,
        "its true/false rule is 'false'"
    );
    assert_eq!(rate(&r, "gissa (första alternativet)").passed, 0);
}

#[test]
fn ticking_every_box_is_caught_when_all_options_are_right() {
    let questions = (0..10)
        .map(|i| numbered(&format!("q{i}"), "g", Kind::Multiple, 3, &[0, 1, 2]))
        .collect();
    let r = take_blind(&module(questions, &["g"], 5), 100);
    assert_eq!(rate(&r, "kryssa i alla").passed, 100);
}

#[test]
fn results_are_deterministic() {
    let m = longest_is_right(12, 6);
    assert_eq!(take_blind(&m, 300), take_blind(&m, 300));
}

#[test]
fn every_named_strategy_is_reported_and_rates_print_in_swedish() {
    let r = take_blind(&longest_is_right(12, 6), 10);
    let names: Vec<&str> = r.rates.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, STRATEGIES.map(|s| s.name));
    let rate = Rate {
        name: "x".into(),
        passed: 1,
        draws: 8,
    };
    assert_eq!(rate.percent(), "12,5 %");
    assert!(rate.too_high());
    let none = Rate {
        name: "x".into(),
        passed: 0,
        draws: 0,
    };
    assert_eq!(none.share(), 0.0);
}

#[test]
fn an_empty_module_sits_no_draws() {
    let r = take_blind(&module(vec![], &["g"], 3), 10);
    assert_eq!(r.draws, 0);
    assert!(r.too_high().is_empty());
}
