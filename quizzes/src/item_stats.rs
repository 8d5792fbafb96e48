//! Item statistics for editors: per question of a module, from the stored anonymous attempts,
//! how many attempts contained it (n), the share that got it right (facility), how well it
//! separates those who know the module from those who do not (discrimination) and how often
//! each option was chosen, with warnings. Pure: the store streams the stored answers into an
//! [`ItemStatsBuilder`], which keeps running sums only, so memory does not grow with the number
//! of attempts.
//!
//! **Discrimination** is the corrected point-biserial correlation: the Pearson correlation,
//! over the attempts that contained the question, between being right on it (1 or 0) and the
//! attempt's score on the *other* questions (total right minus this one). Values near +1 mean
//! that those who did well elsewhere got this one right; near 0, that the question says little
//! about the rest; negative, that those who did well elsewhere tended to get it wrong. It is
//! undefined (shown as "kan inte beräknas") when everybody got the question right, everybody
//! got it wrong, or every attempt had the same score on the other questions.
//!
//! Nothing is computed for a question that fewer than [`MIN_ATTEMPTS`] attempts contained.

use crate::module::{Module, Question};
use std::collections::HashMap;

/// Figures are shown for a question only when at least this many attempts contained it.
pub const MIN_ATTEMPTS: u64 = 10;
/// A facility at or above this is "nästan alla svarar rätt".
pub const EASY_FACILITY: f64 = 0.95;
/// A facility at or below this is "de flesta svarar fel".
pub const HARD_FACILITY: f64 = 0.20;
/// A discrimination below this (but not negative) is "mycket låg".
pub const LOW_DISCRIMINATION: f64 = 0.15;

/// One asked question of one stored attempt, as the statistics read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemAnswer<'a> {
    /// The question's id in the module.
    pub question_id: &'a str,
    /// Whether the answer was right.
    pub right: bool,
    /// The chosen options as written indices.
    pub chosen: &'a [usize],
}

/// How many attempts a module has and how many of them passed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttemptTotals {
    /// Stored attempts.
    pub attempts: u64,
    /// Those that passed.
    pub passed: u64,
}

/// The statistics of one module (one version of it).
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleStats {
    /// Attempts and passes.
    pub totals: AttemptTotals,
    /// One entry per question of the module, in the module's order.
    pub questions: Vec<QuestionStats>,
}

/// The statistics of one question.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionStats {
    /// The question's index in `module.questions`.
    pub question: usize,
    /// How many attempts contained the question.
    pub n: u64,
    /// The figures, or `None` when `n` is below [`MIN_ATTEMPTS`].
    pub figures: Option<Figures>,
}

/// The figures of a question with enough attempts.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// The share of attempts that got the question right, 0–1.
    pub facility: f64,
    /// The corrected point-biserial correlation, −1–1, or `None` when it is undefined.
    pub discrimination: Option<f64>,
    /// How many attempts chose each option, by written index.
    pub chosen: Vec<u64>,
    /// What an editor should look at.
    pub warnings: Vec<Warning>,
}

/// Something about a question that an editor should look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// The facility is at least [`EASY_FACILITY`].
    AlmostAllRight,
    /// The facility is at most [`HARD_FACILITY`].
    MostWrong,
    /// The discrimination is below zero.
    NegativeDiscrimination,
    /// The discrimination is between zero and [`LOW_DISCRIMINATION`].
    LowDiscrimination,
    /// The wrong option with this written index was chosen by nobody.
    UnusedDistractor(usize),
}

impl Warning {
    /// The warning in plain Swedish, naming the option for an unused distractor.
    pub fn message(&self, question: &Question) -> String {
        match self {
            Warning::AlmostAllRight => "Nästan alla svarar rätt. Frågan skiljer inte mellan dem som kan och dem som inte kan. Gör den svårare eller ta bort den.".into(),
            Warning::MostWrong => "De flesta svarar fel. Kontrollera att det rätta svaret verkligen är rätt, att frågan är tydlig och att texten som ska läsas tar upp det.".into(),
            Warning::NegativeDiscrimination => "Negativ diskriminering: de som svarar rätt på de andra frågorna svarar oftare fel här. Frågan kan vara otydlig eller ha fel svar markerat som rätt.".into(),
            Warning::LowDiscrimination => "Mycket låg diskriminering: frågan säger nästan inget om vem som kan ämnet. Se över formuleringen och alternativen.".into(),
            Warning::UnusedDistractor(i) => format!(
                "Ingen har valt det felaktiga alternativet \"{}\". Det lockar inte och kan bytas mot ett mer trovärdigt.",
                question.options.get(*i).map_or("?", String::as_str)
            ),
        }
    }
}

/// Running sums for one question.
#[derive(Debug, Clone, Default)]
struct Sums {
    n: u64,
    /// Σx: attempts right.
    right: u64,
    /// Σy, Σy², Σxy with y the score on the other questions.
    rest: u64,
    rest_squared: u64,
    rest_when_right: u64,
    chosen: Vec<u64>,
}

/// Collects stored answers of one module and turns them into [`ModuleStats`].
#[derive(Debug)]
pub struct ItemStatsBuilder<'m> {
    module: &'m Module,
    index: HashMap<&'m str, usize>,
    sums: Vec<Sums>,
}

impl<'m> ItemStatsBuilder<'m> {
    /// An empty builder for `module`.
    pub fn new(module: &'m Module) -> ItemStatsBuilder<'m> {
        ItemStatsBuilder {
            module,
            index: module
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| (q.id.as_str(), i))
                .collect(),
            sums: module
                .questions
                .iter()
                .map(|q| Sums {
                    chosen: vec![0; q.options.len()],
                    ..Sums::default()
                })
                .collect(),
        }
    }

    /// Adds one asked question of an attempt whose total score (right answers) was `score`.
    /// Answers to questions the module no longer has, and chosen options it does not have,
    /// are ignored.
    pub fn add(&mut self, score: u32, answer: ItemAnswer<'_>) {
        let Some(sums) = self
            .index
            .get(answer.question_id)
            .and_then(|&i| self.sums.get_mut(i))
        else {
            return;
        };
        let x = u64::from(answer.right);
        let rest = u64::from(score).saturating_sub(x);
        sums.n += 1;
        sums.right += x;
        sums.rest += rest;
        sums.rest_squared += rest * rest;
        sums.rest_when_right += x * rest;
        for &o in answer.chosen {
            if let Some(count) = sums.chosen.get_mut(o) {
                *count += 1;
            }
        }
    }

    /// The statistics, with `totals` from the store.
    pub fn finish(self, totals: AttemptTotals) -> ModuleStats {
        let questions = self
            .sums
            .into_iter()
            .enumerate()
            .map(|(i, sums)| QuestionStats {
                question: i,
                n: sums.n,
                figures: self.module.questions.get(i).and_then(|q| figures(q, &sums)),
            })
            .collect();
        ModuleStats { totals, questions }
    }
}

fn figures(question: &Question, s: &Sums) -> Option<Figures> {
    if s.n < MIN_ATTEMPTS {
        return None;
    }
    let n = s.n as f64;
    let facility = s.right as f64 / n;
    let discrimination = point_biserial(s);
    let mut warnings = Vec::new();
    if facility >= EASY_FACILITY {
        warnings.push(Warning::AlmostAllRight);
    }
    if facility <= HARD_FACILITY {
        warnings.push(Warning::MostWrong);
    }
    match discrimination {
        Some(d) if d < 0.0 => warnings.push(Warning::NegativeDiscrimination),
        Some(d) if d < LOW_DISCRIMINATION => warnings.push(Warning::LowDiscrimination),
        _ => {}
    }
    for (i, &count) in s.chosen.iter().enumerate() {
        if count == 0 && !question.correct.contains(&i) {
            warnings.push(Warning::UnusedDistractor(i));
        }
    }
    Some(Figures {
        facility,
        discrimination,
        chosen: s.chosen.clone(),
        warnings,
    })
}

/// Pearson's r between x (right or not) and y (score on the other questions), from the sums:
/// `(nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²))`, with x² = x.
fn point_biserial(s: &Sums) -> Option<f64> {
    let n = s.n as f64;
    let sx = s.right as f64;
    let sy = s.rest as f64;
    let var_x = n * sx - sx * sx;
    let var_y = n * s.rest_squared as f64 - sy * sy;
    if var_x <= 0.0 || var_y <= 0.0 {
        return None;
    }
    let r = (n * s.rest_when_right as f64 - sx * sy) / (var_x * var_y).sqrt();
    Some(r.clamp(-1.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::module::Kind;
    use crate::test_support::{module, numbered};

    /// Question `a`: single, three options, option 1 right. `b`: multiple, four options,
    /// 0 and 2 right.
    fn sample() -> Module {
        module(
            vec![
                numbered("a", "g", Kind::Single, 3, &[1]),
                numbered("b", "g", Kind::Multiple, 4, &[0, 2]),
            ],
            &["g"],
            2,
        )
    }

    /// Feeds `(score, right, chosen)` of question `id`, `copies` times over.
    fn feed(b: &mut ItemStatsBuilder<'_>, id: &str, rows: &[(u32, bool, &[usize])], copies: usize) {
        for _ in 0..copies {
            for &(score, right, chosen) in rows {
                b.add(
                    score,
                    ItemAnswer {
                        question_id: id,
                        right,
                        chosen,
                    },
                );
            }
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn facility_and_corrected_point_biserial_by_hand() {
        // Four attempts, repeated three times (n = 12; copies change neither figure):
        //   right on a:  1 1 0 0       total scores: 3 2 1 0
        //   rest score:  2 1 1 0       (total minus a)
        // facility = 6/12 = 0.5. Means: x 0.5, y 1. Deviations x ±0.5, y 1 0 0 −1:
        // Σdxdy = 0.5 + 0 + 0 + 0.5 = 1, Σdx² = 1, Σdy² = 2, r = 1/√2 ≈ 0.7071.
        let m = sample();
        let mut b = ItemStatsBuilder::new(&m);
        feed(
            &mut b,
            "a",
            &[
                (3, true, &[1]),
                (2, true, &[1]),
                (1, false, &[0]),
                (0, false, &[0]),
            ],
            3,
        );
        let stats = b.finish(AttemptTotals {
            attempts: 12,
            passed: 3,
        });
        let a = &stats.questions[0];
        assert_eq!(a.n, 12);
        let f = a.figures.as_ref().expect("n ≥ 10");
        assert!(close(f.facility, 0.5), "{}", f.facility);
        let d = f.discrimination.expect("defined");
        assert!(close(d, 1.0 / 2f64.sqrt()), "{d}");
        assert_eq!(f.chosen, vec![6, 6, 0]);
        // Option 2 is wrong and nobody chose it.
        assert_eq!(f.warnings, vec![Warning::UnusedDistractor(2)]);
        assert!(
            f.warnings[0]
                .message(&m.questions[0])
                .contains("\"alternativ 2\"")
        );
        // b was never asked: no figures.
        assert_eq!(stats.questions[1].n, 0);
        assert_eq!(stats.questions[1].figures, None);
        assert_eq!(stats.totals.attempts, 12);
    }

    #[test]
    fn a_second_data_set_by_hand() {
        // Five attempts, twice (n = 10), on b (right = {0, 2}):
        //   right:  1 1 1 0 0    totals: 4 3 2 2 0    rest: 3 2 1 2 0
        // facility 3/5 = 0.6. x̄ 0.6, ȳ 1.6. dx: .4 .4 .4 −.6 −.6; dy: 1.4 .4 −.6 .4 −1.6.
        // Σdxdy = .56 + .16 − .24 − .24 + .96 = 1.2; Σdx² = 1.2; Σdy² = 1.96+.16+.36+.16+2.56 = 5.2.
        // r = 1.2 / √(1.2 × 5.2) = 1.2 / √6.24 ≈ 0.48038.
        let m = sample();
        let mut b = ItemStatsBuilder::new(&m);
        feed(
            &mut b,
            "b",
            &[
                (4, true, &[0, 2]),
                (3, true, &[0, 2]),
                (2, true, &[0, 2]),
                (2, false, &[0]),
                (0, false, &[1, 3]),
            ],
            2,
        );
        let stats = b.finish(AttemptTotals::default());
        let f = stats.questions[1].figures.as_ref().expect("n = 10");
        assert!(close(f.facility, 0.6));
        let d = f.discrimination.expect("defined");
        assert!(close(d, 1.2 / 6.24f64.sqrt()), "{d}");
        assert!((d - 0.48038).abs() < 1e-5);
        assert_eq!(f.chosen, vec![8, 2, 6, 2]);
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    }

    #[test]
    fn nothing_below_ten_attempts() {
        let m = sample();
        let mut b = ItemStatsBuilder::new(&m);
        feed(&mut b, "a", &[(1, true, &[1])], 9);
        let stats = b.finish(AttemptTotals::default());
        assert_eq!(stats.questions[0].n, 9);
        assert_eq!(stats.questions[0].figures, None);

        let mut b = ItemStatsBuilder::new(&m);
        feed(&mut b, "a", &[(1, true, &[1])], 10);
        let stats = b.finish(AttemptTotals::default());
        assert!(stats.questions[0].figures.is_some(), "exactly ten");
    }

    #[test]
    fn everybody_right_is_too_easy_and_has_no_discrimination() {
        let m = sample();
        let mut b = ItemStatsBuilder::new(&m);
        feed(&mut b, "a", &[(2, true, &[1]), (1, true, &[1])], 5);
        let f = b
            .finish(AttemptTotals::default())
            .questions
            .swap_remove(0)
            .figures
            .expect("n = 10");
        assert!(close(f.facility, 1.0));
        assert_eq!(f.discrimination, None);
        assert_eq!(
            f.warnings,
            vec![
                Warning::AlmostAllRight,
                Warning::UnusedDistractor(0),
                Warning::UnusedDistractor(2)
            ]
        );
    }

    #[test]
    fn negative_and_low_discrimination_and_hard_questions() {
        let m = sample();
        // Right only by those who did badly elsewhere: rest 0 0 3 3 against right 1 1 0 0,
        // a perfect negative correlation (r = −1).
        let mut b = ItemStatsBuilder::new(&m);
        feed(
            &mut b,
            "a",
            &[
                (1, true, &[1]),
                (1, true, &[1]),
                (3, false, &[0]),
                (3, false, &[2]),
            ],
            3,
        );
        let f = b
            .finish(AttemptTotals::default())
            .questions
            .swap_remove(0)
            .figures
            .expect("n = 12");
        assert!(close(f.discrimination.expect("defined"), -1.0));
        assert_eq!(f.warnings, vec![Warning::NegativeDiscrimination]);

        // One right in ten (facility 0.1 ≤ 0.2): right 1 0 0 0 0 0 0 0 0 0 with rest
        // 1 0 2 1 0 2 1 0 2 1. x̄ 0.1, ȳ 1.0; Σdxdy = 0.9·0 + Σ(−0.1)(dy) over the rest
        // = 0 (Σdy over all is 0 and dy of the first is 0), so r = 0: very low.
        let mut b = ItemStatsBuilder::new(&m);
        feed(
            &mut b,
            "a",
            &[
                (2, true, &[1]),
                (0, false, &[0]),
                (2, false, &[2]),
                (1, false, &[0]),
                (0, false, &[2]),
                (2, false, &[0]),
                (1, false, &[2]),
                (0, false, &[0]),
                (2, false, &[2]),
                (1, false, &[0]),
            ],
            1,
        );
        let f = b
            .finish(AttemptTotals::default())
            .questions
            .swap_remove(0)
            .figures
            .expect("n = 10");
        assert!(close(f.facility, 0.1));
        assert!(close(f.discrimination.expect("defined"), 0.0));
        assert_eq!(
            f.warnings,
            vec![Warning::MostWrong, Warning::LowDiscrimination]
        );
    }

    #[test]
    fn unknown_questions_and_options_are_ignored() {
        let m = sample();
        let mut b = ItemStatsBuilder::new(&m);
        feed(&mut b, "borttagen", &[(1, true, &[0])], 20);
        feed(&mut b, "a", &[(1, true, &[1, 7])], 10);
        let stats = b.finish(AttemptTotals::default());
        assert_eq!(stats.questions.len(), 2);
        let f = stats.questions[0].figures.as_ref().expect("n = 10");
        assert_eq!(f.chosen, vec![0, 10, 0]);
    }
}
