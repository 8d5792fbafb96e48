//! Grading: answers in, result out, with no I/O.
//!
//! **Rule.** A question is right only when the set of chosen options is exactly the set of
//! right options. For `multiple` questions a partial answer (some but not all right options,
//! or all right options plus a wrong one) counts as wrong: there is no partial credit, because
//! in these situations missing one step (say, not making the orosanmälan) matters as much as
//! adding a wrong one. The participant passes when the number of right questions is at least
//! `ceil(pass_mark × questions)`; for an attempt with a [`Draw`], only the drawn questions
//! count, and the pass mark applies to their number.

use crate::answers::Answers;
use crate::draw::Draw;
use crate::module::{Module, needed, percent};

/// The graded result of one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionResult {
    /// The question's index in `module.questions` (0-based), also for a drawn attempt.
    pub question: usize,
    /// The written indices the participant chose, sorted.
    pub chosen: Vec<usize>,
    /// Whether `chosen` is exactly the right set.
    pub right: bool,
}

/// The graded result of a whole attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// How many questions were right.
    pub correct: usize,
    /// How many questions there were.
    pub total: usize,
    /// How many right answers the pass mark requires.
    pub needed: usize,
    /// Whether `correct >= needed`.
    pub passed: bool,
    /// One result per asked question, in the order they were asked.
    pub results: Vec<QuestionResult>,
}

impl Outcome {
    /// The share of right answers as a whole percentage.
    pub fn percent(&self) -> u32 {
        if self.total == 0 {
            return 0;
        }
        percent(self.correct as f64 / self.total as f64)
    }
}

/// Grades `answers` (read with [`Answers::from_shown`] or [`Answers::from_written`]) against
/// every question of `module` (see the module docs for the rule).
pub fn grade(module: &Module, answers: &Answers) -> Outcome {
    let asked: Vec<usize> = (0..module.questions.len()).collect();
    grade_asked(module, &asked, answers)
}

/// Grades `answers` (read with [`Answers::from_shown_in_draw`] or
/// [`Answers::from_written_in_draw`]) against the drawn questions only: the total is the
/// draw's size and the pass mark applies to it.
pub fn grade_draw(module: &Module, draw: &Draw, answers: &Answers) -> Outcome {
    let asked: Vec<usize> = draw.items().iter().map(|d| d.question).collect();
    grade_asked(module, &asked, answers)
}

fn grade_asked(module: &Module, asked: &[usize], answers: &Answers) -> Outcome {
    let results: Vec<QuestionResult> = asked
        .iter()
        .enumerate()
        .map(|(slot, &question)| {
            let chosen = answers.chosen(slot).to_vec();
            let right = module
                .questions
                .get(question)
                .is_some_and(|q| chosen == q.correct);
            QuestionResult {
                question,
                right,
                chosen,
            }
        })
        .collect();
    let correct = results.iter().filter(|r| r.right).count();
    let total = asked.len();
    let needed = needed(module.pass_mark, total);
    Outcome {
        correct,
        total,
        needed,
        passed: total > 0 && correct >= needed,
        results,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::module::Kind;
    use crate::test_support::{module, numbered};

    /// A module with a single (a, right 1), a multiple (b, right 0 and 2) and a true/false
    /// question (c, right 0). Pass mark 2/3.
    pub(crate) fn sample() -> Module {
        let mut m = module(
            vec![
                numbered("a", "g", Kind::Single, 3, &[1]),
                numbered("b", "g", Kind::Multiple, 4, &[0, 2]),
                numbered("c", "g", Kind::TrueFalse, 2, &[0]),
            ],
            &["g"],
            3,
        );
        m.pass_mark = 0.66;
        m
    }

    fn grade_written(written: &[&[usize]]) -> Outcome {
        let m = sample();
        let written: Vec<Vec<usize>> = written.iter().map(|w| w.to_vec()).collect();
        grade(
            &m,
            &Answers::from_written(&m, &written).expect("valid answers"),
        )
    }

    fn rights(o: &Outcome) -> Vec<bool> {
        o.results.iter().map(|r| r.right).collect()
    }

    #[test]
    fn all_right_passes() {
        let o = grade_written(&[&[1], &[2, 0], &[0]]);
        assert_eq!(rights(&o), [true, true, true]);
        assert_eq!((o.correct, o.total, o.needed, o.passed), (3, 3, 2, true));
        assert_eq!(o.percent(), 100);
        assert_eq!(o.results[1].chosen, [0, 2]);
    }

    #[test]
    fn single_wrong_option() {
        let o = grade_written(&[&[0], &[0, 2], &[0]]);
        assert_eq!(rights(&o), [false, true, true]);
        assert!(o.passed, "2 of 3 meets 0.66");
    }

    #[test]
    fn true_false_wrong() {
        let o = grade_written(&[&[1], &[0, 2], &[1]]);
        assert_eq!(rights(&o), [true, true, false]);
    }

    #[test]
    fn multiple_partial_answer_is_wrong() {
        assert_eq!(
            rights(&grade_written(&[&[1], &[0], &[0]])),
            [true, false, true]
        );
    }

    #[test]
    fn multiple_with_an_extra_wrong_option_is_wrong() {
        assert_eq!(
            rights(&grade_written(&[&[1], &[0, 1, 2], &[0]])),
            [true, false, true]
        );
    }

    #[test]
    fn multiple_all_options_is_wrong() {
        assert_eq!(
            rights(&grade_written(&[&[1], &[0, 1, 2, 3], &[0]])),
            [true, false, true]
        );
    }

    #[test]
    fn below_the_pass_mark_fails() {
        let o = grade_written(&[&[0], &[1], &[0]]);
        assert_eq!((o.correct, o.passed), (1, false));
        assert_eq!(o.percent(), 33);
    }

    #[test]
    fn pass_mark_boundary_is_inclusive() {
        let mut m = sample();
        m.pass_mark = 2.0 / 3.0;
        let a = Answers::from_written(&m, &[vec![1], vec![0, 2], vec![1]]).expect("valid");
        let o = grade(&m, &a);
        assert_eq!((o.correct, o.needed, o.passed), (2, 2, true));
        m.pass_mark = 1.0;
        let o = grade(&m, &a);
        assert_eq!((o.needed, o.passed), (3, false));
    }
}
