//! Draw tests: determinism per seed, balance, every goal covered, the distribution over many
//! seeds, retakes, option orders, rebuilding from parts, and grading of a draw.

use super::*;
use crate::answers::{AnswerError, Answers};
use crate::grading::grade_draw;
use crate::module::Kind;
use crate::test_support::{bank, module, numbered};
use std::collections::{HashMap, HashSet};

fn goal_counts(m: &Module, d: &Draw) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for item in d.items() {
        *counts
            .entry(m.questions[item.question].goal.clone())
            .or_insert(0) += 1;
    }
    counts
}

#[test]
fn same_seed_same_draw() {
    let m = bank(&[6, 6, 7, 5], 12);
    for seed in [0, 1, 42, u64::MAX] {
        assert_eq!(Draw::new(&m, seed), Draw::new(&m, seed));
    }
}

#[test]
fn a_known_seed_gives_a_fixed_draw() {
    // Guards against accidental changes to the generator: a seed carried in an attempt token
    // must keep reproducing the questions and orders that were shown.
    let m = bank(&[4, 4], 4);
    let d = Draw::new(&m, 7);
    let snapshot: Vec<(&str, Vec<usize>)> = d
        .items()
        .iter()
        .map(|i| (m.questions[i.question].id.as_str(), i.order.clone()))
        .collect();
    assert_eq!(
        snapshot,
        [
            ("g0-q0", vec![2, 3, 1, 0]),
            ("g0-q3", vec![2, 3, 1, 0]),
            ("g1-q0", vec![0, 1, 2, 3]),
            ("g1-q2", vec![0, 2, 1, 3]),
        ]
    );
}

#[test]
fn every_goal_is_covered_and_goals_are_balanced() {
    // 12 questions over 5 goals: two questions from each, and two goals get a third.
    let m = bank(&[6, 6, 7, 5, 8], 12);
    for seed in 0..2000 {
        let d = Draw::new(&m, seed);
        assert_eq!(d.len(), 12, "seed {seed}");
        let counts = goal_counts(&m, &d);
        assert_eq!(counts.len(), 5, "seed {seed}: every goal");
        let (min, max) = (
            counts.values().min().copied().unwrap_or(0),
            counts.values().max().copied().unwrap_or(0),
        );
        assert!(min >= 2 && max <= 3, "seed {seed}: {counts:?}");
        assert_eq!(
            counts.values().filter(|&&c| c == 3).count(),
            2,
            "seed {seed}"
        );
        let ids: HashSet<usize> = d.items().iter().map(|i| i.question).collect();
        assert_eq!(ids.len(), 12, "no question twice");
    }
}

#[test]
fn questions_are_asked_in_bank_order() {
    let m = bank(&[6, 6, 6, 6], 12);
    for seed in 0..200 {
        let d = Draw::new(&m, seed);
        let order: Vec<usize> = d.items().iter().map(|i| i.question).collect();
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(order, sorted);
    }
}

#[test]
fn every_question_and_every_extra_goal_is_drawn_about_equally_often() {
    // Goals of 6, 7 and 8 questions, draw 10: 3 each plus one extra for a random goal, so
    // each goal averages 10/3 questions and a question of a goal of size n is drawn in
    // (10/3)/n of the attempts.
    let m = bank(&[6, 7, 8], 10);
    let seeds = 6000;
    let mut drawn = vec![0usize; m.questions.len()];
    let mut extra = [0usize; 3];
    for seed in 0..seeds {
        let d = Draw::new(&m, seed);
        for item in d.items() {
            drawn[item.question] += 1;
        }
        let counts = goal_counts(&m, &d);
        for (g, slot) in extra.iter_mut().enumerate() {
            if counts.get(&format!("g{g}")) == Some(&4) {
                *slot += 1;
            }
        }
    }
    for (i, q) in m.questions.iter().enumerate() {
        let size = m.questions.iter().filter(|o| o.goal == q.goal).count();
        let expected = seeds as f64 * (10.0 / 3.0) / size as f64;
        let got = drawn[i] as f64;
        assert!(
            (got - expected).abs() < 0.06 * expected,
            "{}: drawn {got} times, expected about {expected:.0}",
            q.id
        );
    }
    for (g, &n) in extra.iter().enumerate() {
        let expected = seeds as f64 / 3.0;
        assert!(
            (n as f64 - expected).abs() < 0.06 * expected,
            "goal g{g} got the extra question {n} times, expected about {expected:.0}"
        );
    }
}

#[test]
fn a_retake_gets_a_new_draw() {
    let m = bank(&[6, 6, 6, 6], 12);
    let first = Draw::new(&m, 1);
    let mut same_questions = 0;
    let mut overlap = 0;
    for seed in 2..1002 {
        let next = Draw::new(&m, seed);
        let a: HashSet<usize> = first.items().iter().map(|i| i.question).collect();
        let b: HashSet<usize> = next.items().iter().map(|i| i.question).collect();
        if a == b {
            same_questions += 1;
        }
        overlap += a.intersection(&b).count();
    }
    assert!(
        same_questions <= 1,
        "{same_questions} of 1000 retakes had the same questions"
    );
    // Half of each goal is drawn, so a retake shares about half the questions.
    let mean = overlap as f64 / 1000.0;
    assert!((5.0..7.0).contains(&mean), "mean overlap {mean}");
}

#[test]
fn options_are_shuffled_except_true_false() {
    let m = module(
        vec![
            numbered("a", "g", Kind::Single, 4, &[0]),
            numbered("b", "g", Kind::Multiple, 5, &[0, 1]),
            numbered("c", "g", Kind::TrueFalse, 2, &[0]),
            numbered("d", "g", Kind::Single, 3, &[0]),
        ],
        &["g"],
        4,
    );
    let mut orders: HashSet<Vec<usize>> = HashSet::new();
    for seed in 0..300 {
        let d = Draw::new(&m, seed);
        assert_eq!(d.len(), 4, "the whole bank when draw equals its size");
        for item in d.items() {
            let mut sorted = item.order.clone();
            sorted.sort_unstable();
            assert_eq!(
                sorted,
                (0..m.questions[item.question].options.len()).collect::<Vec<_>>()
            );
        }
        assert_eq!(
            d.items()[2].order,
            [0, 1],
            "true/false keeps Sant before Falskt"
        );
        orders.insert(d.items()[1].order.clone());
    }
    assert!(
        orders.len() > 60,
        "only {} orders of five options",
        orders.len()
    );
}

#[test]
fn a_draw_larger_than_the_bank_asks_everything_and_no_goals_means_one_pool() {
    let mut m = bank(&[3, 2], 99);
    assert_eq!(Draw::new(&m, 5).len(), 5);
    m.goals.clear();
    m.draw = 3;
    assert_eq!(Draw::new(&m, 5).len(), 3);
    m.questions.clear();
    assert!(Draw::new(&m, 5).is_empty());
}

#[test]
fn a_thin_goal_is_filled_up_from_the_others() {
    // The loader rejects this module; the draw still asks `draw` questions without panicking.
    let m = bank(&[8, 1], 6);
    for seed in 0..100 {
        let d = Draw::new(&m, seed);
        assert_eq!(d.len(), 6);
        assert_eq!(goal_counts(&m, &d).get("g1"), Some(&1));
    }
}

#[test]
fn parts_rebuild_the_same_draw_and_are_checked() {
    let m = bank(&[6, 6], 4);
    let d = Draw::new(&m, 11);
    let parts: Vec<(&str, Vec<usize>)> = d
        .items()
        .iter()
        .map(|i| (m.questions[i.question].id.as_str(), i.order.clone()))
        .collect();
    assert_eq!(Draw::from_parts(&m, parts.clone()), Ok(d.clone()));
    assert_eq!(
        d.ids(&m),
        parts.iter().map(|(id, _)| *id).collect::<Vec<_>>()
    );
    assert_eq!(
        Draw::from_parts(&m, [("finns-inte", vec![0, 1, 2, 3])]),
        Err(DrawError::UnknownQuestion("finns-inte".into()))
    );
    assert_eq!(
        Draw::from_parts(
            &m,
            [("g0-q1", vec![0, 1, 2, 3]), ("g0-q1", vec![0, 1, 2, 3])]
        ),
        Err(DrawError::Repeated("g0-q1".into()))
    );
    for bad in [vec![0, 1, 2], vec![0, 1, 2, 2], vec![0, 1, 2, 4]] {
        assert_eq!(
            Draw::from_parts(&m, [("g0-q1", bad)]),
            Err(DrawError::BadOrder("g0-q1".into()))
        );
    }
    assert_eq!(Draw::from_parts(&m, []), Err(DrawError::Empty));
    assert_eq!(
        DrawError::BadOrder("x".into()).to_string(),
        "ordningen på svarsalternativen till frågan \"x\" stämmer inte"
    );
}

#[test]
fn only_drawn_questions_are_graded() {
    let m = bank(&[6, 6], 4);
    let d = Draw::new(&m, 3);
    let right: Vec<Vec<usize>> = d
        .items()
        .iter()
        .map(|i| m.questions[i.question].correct.clone())
        .collect();
    let o = grade_draw(
        &m,
        &d,
        &Answers::from_written_in_draw(&m, &d, &right).expect("valid"),
    );
    assert_eq!((o.correct, o.total, o.needed, o.passed), (4, 4, 4, true));
    let asked: Vec<usize> = o.results.iter().map(|r| r.question).collect();
    assert_eq!(
        asked,
        d.items().iter().map(|i| i.question).collect::<Vec<_>>()
    );

    // One wrong: 3 of 4 is below ceil(0.8 × 4) = 4.
    let mut one_wrong = right.clone();
    one_wrong[0] = vec![(right[0][0] + 1) % 4];
    let o = grade_draw(
        &m,
        &d,
        &Answers::from_written_in_draw(&m, &d, &one_wrong).expect("valid"),
    );
    assert_eq!((o.correct, o.passed), (3, false));
    assert!(!o.results[0].right);
}

#[test]
fn a_form_answers_only_the_drawn_questions() {
    let m = bank(&[6, 6], 4);
    let d = Draw::new(&m, 8);
    let ids = d.ids(&m);
    // Answer each drawn question with the shown position of its right option.
    let values: Vec<String> = d
        .items()
        .iter()
        .map(|i| {
            let right = m.questions[i.question].correct[0];
            i.order
                .iter()
                .position(|&w| w == right)
                .expect("shown")
                .to_string()
        })
        .collect();
    let pairs: Vec<(&str, &str)> = ids
        .iter()
        .copied()
        .zip(values.iter().map(String::as_str))
        .collect();
    let answers = Answers::from_shown_in_draw(&m, &d, pairs.clone()).expect("valid");
    assert!(grade_draw(&m, &d, &answers).passed);

    let undrawn = m
        .questions
        .iter()
        .find(|q| !ids.contains(&q.id.as_str()))
        .expect("a question outside the draw");
    let mut extra = pairs.clone();
    extra.push((undrawn.id.as_str(), "0"));
    assert_eq!(
        Answers::from_shown_in_draw(&m, &d, extra),
        Err(AnswerError::UnknownQuestion)
    );
    assert_eq!(
        Answers::from_shown_in_draw(&m, &d, pairs[1..].to_vec()),
        Err(AnswerError::Missing(vec![1]))
    );
    let mut bad = pairs.clone();
    bad[2].1 = "4";
    assert_eq!(
        Answers::from_shown_in_draw(&m, &d, bad),
        Err(AnswerError::OutOfRange(3))
    );
}

#[test]
fn bundled_modules_draw_twelve_questions_covering_every_goal() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("modules");
    let lookup = |_: &str, _: Option<&str>| crate::source::Target::Found;
    let catalog = crate::loader::load_dir(&dir, &lookup).expect("bundled modules load");
    for m in catalog.modules() {
        assert_eq!(m.draw_size(), 12, "{}", m.id);
        assert_eq!(m.needed_in_draw(), 10, "{}: ceil(0.8 × 12)", m.id);
        for seed in 0..500 {
            let d = Draw::new(m, seed);
            let counts = goal_counts(m, &d);
            assert_eq!(counts.len(), m.goals.len(), "{} seed {seed}", m.id);
            assert!(
                counts.values().all(|&c| c == 3),
                "{} seed {seed}: {counts:?}",
                m.id
            );
        }
    }
}
