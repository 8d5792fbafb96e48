//! A validated training module, its learning goals and its question bank: the high-level form
//! the loader produces from a module file and everything else in the crate reads.

use crate::source::SourceRef;
use std::path::PathBuf;

/// One training module, e.g. "Grundkurs våld i nära relationer".
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// Stable id, used in URLs and records: lowercase ASCII letters, digits and `-`.
    pub id: String,
    /// Bumped whenever the questions change; stored with attempts and certificates.
    pub version: u32,
    /// The module's title.
    pub title: String,
    /// Who the module is for, in a sentence.
    pub audience: String,
    /// What the module is about; shown before the reading list.
    pub intro: String,
    /// The fraction of questions that must be right to pass, in `(0, 1]`.
    pub pass_mark: f64,
    /// How many questions one attempt draws from the bank (see [`crate::Draw`]).
    pub draw: usize,
    /// How many months a certificate for this module is valid.
    pub valid_months: u32,
    /// The learning goals; every question belongs to one, and every draw covers all of them.
    pub goals: Vec<Goal>,
    /// About how long the module takes, in minutes.
    pub minutes: u32,
    /// What a certificate for this module proves, shown on the list and the certificate.
    pub certificate: String,
    /// Content pages to read before the quiz.
    pub reading: Vec<SourceRef>,
    /// The question bank, in written order (grouped by goal in the bundled modules).
    pub questions: Vec<Question>,
    /// Questions for a group discussion at the workplace.
    pub discussion: Vec<String>,
    /// The file the module was read from, for messages.
    pub path: PathBuf,
}

/// One learning goal of a module, e.g. "Fråga om våld och bemöta den som är utsatt".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    /// Unique within the module: lowercase ASCII letters, digits and `-`.
    pub id: String,
    /// What the participant should know or be able to do, in a short sentence.
    pub title: String,
    /// The 1-based line of the goal's `id` in the module file, for messages.
    pub line: usize,
}

/// One quiz question.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Unique within the module; used as the form field name.
    pub id: String,
    /// The id of the learning goal the question tests.
    pub goal: String,
    /// How many options may be chosen.
    pub kind: Kind,
    /// The situation and the question.
    pub prompt: String,
    /// The answer options in their written order.
    pub options: Vec<String>,
    /// 0-based indices into `options` of the right answers, sorted, without duplicates.
    pub correct: Vec<usize>,
    /// Why the right answer is right, in plain Swedish.
    pub explanation: String,
    /// The content section that explains the answer.
    pub source: SourceRef,
    /// The 1-based line of the question's `id` in the module file, for messages.
    pub line: usize,
}

/// The kind of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Exactly one option is right; answered with radio buttons.
    Single,
    /// One or more options are right; answered with checkboxes. Only the exact set is right.
    Multiple,
    /// Two options (true/false), one right; answered with radio buttons, never shuffled.
    TrueFalse,
}

impl Kind {
    /// Whether more than one option may be chosen.
    pub fn allows_several(self) -> bool {
        matches!(self, Kind::Multiple)
    }

    /// Whether the options are shown in a new order on each attempt. True/false options keep
    /// their written order ("Sant" before "Falskt") so they read naturally.
    pub fn shuffled(self) -> bool {
        !matches!(self, Kind::TrueFalse)
    }
}

impl Module {
    /// The number of right answers needed to pass when every question in the bank is asked:
    /// `ceil(pass_mark × questions)`. An attempt with a draw uses [`Module::needed_in_draw`].
    pub fn needed(&self) -> usize {
        needed(self.pass_mark, self.questions.len())
    }

    /// The number of questions one attempt asks: `draw`, or the whole bank if it is smaller.
    pub fn draw_size(&self) -> usize {
        self.draw.min(self.questions.len())
    }

    /// The number of right answers needed to pass one drawn attempt:
    /// `ceil(pass_mark × draw_size)`.
    pub fn needed_in_draw(&self) -> usize {
        needed(self.pass_mark, self.draw_size())
    }

    /// The number of right answers needed to pass an attempt of `total` questions:
    /// `ceil(pass_mark × total)`, e.g. for a certificate that records its own total.
    pub fn needed_of(&self, total: usize) -> usize {
        needed(self.pass_mark, total)
    }

    /// The last day a certificate earned on `earned` is valid: the same day `valid_months`
    /// later, or the last day of that month when it is shorter (31 Jan + 1 month → 28/29 Feb).
    pub fn valid_until(&self, earned: time::Date) -> time::Date {
        add_months(earned, self.valid_months)
    }

    /// The goal with this id.
    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }

    /// The pass mark as a whole percentage for display, e.g. 80.
    pub fn pass_percent(&self) -> u32 {
        percent(self.pass_mark)
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

/// Right answers needed out of `total` for a pass mark; a tiny tolerance keeps 0.8 × 10 at 8.
pub(crate) fn needed(pass_mark: f64, total: usize) -> usize {
    let exact = pass_mark * total as f64;
    let rounded = (exact - 1e-9).ceil();
    if rounded <= 0.0 { 0 } else { rounded as usize }
}

/// `date` plus `months` calendar months, clamped to the end of a shorter month. Saturates at
/// the largest date `time` supports rather than panicking.
pub(crate) fn add_months(date: time::Date, months: u32) -> time::Date {
    let index =
        i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).unwrap_or(i32::MAX);
    let month = u8::try_from(index.rem_euclid(12) + 1).unwrap_or(12);
    let Ok(month) = time::Month::try_from(month) else {
        return date;
    };
    let last = time::util::days_in_month(month, year);
    time::Date::from_calendar_date(year, month, date.day().min(last)).unwrap_or(time::Date::MAX)
}

/// A fraction in `[0, 1]` as a rounded whole percentage.
pub(crate) fn percent(fraction: f64) -> u32 {
    (fraction.clamp(0.0, 1.0) * 100.0).round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needed_rounds_up_without_float_noise() {
        assert_eq!(needed(0.8, 10), 8);
        assert_eq!(needed(0.8, 12), 10); // 9.6 → 10
        assert_eq!(needed(0.8, 9), 8); // 7.2 → 8
        assert_eq!(needed(0.7, 10), 7);
        assert_eq!(needed(1.0, 8), 8);
        assert_eq!(needed(0.5, 1), 1);
    }

    #[test]
    fn pass_marks_of_the_bank_a_draw_and_a_recorded_total() {
        let mut m = crate::grading::tests::sample();
        m.pass_mark = 0.8;
        m.draw = 2;
        assert_eq!(m.needed(), 3); // 2.4 of the 3 in the bank
        assert_eq!(m.needed_in_draw(), 2); // 1.6 of the 2 drawn
        assert_eq!(m.needed_of(12), 10);
        assert_eq!(m.needed_of(0), 0);
    }

    #[test]
    fn percent_is_rounded() {
        assert_eq!(percent(0.8), 80);
        assert_eq!(percent(0.755), 76);
        assert_eq!(percent(2.0), 100);
    }

    #[test]
    fn months_are_added_with_end_of_month_clamping() {
        use time::macros::date;
        assert_eq!(add_months(date!(2026 - 12 - 01), 24), date!(2028 - 12 - 01));
        assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2027 - 01 - 31), 13), date!(2028 - 02 - 29));
        assert_eq!(add_months(date!(2026 - 11 - 15), 2), date!(2027 - 01 - 15));
        assert_eq!(add_months(date!(2026 - 05 - 31), 0), date!(2026 - 05 - 31));
        assert_eq!(add_months(time::Date::MAX, 12), time::Date::MAX);
    }

    #[test]
    fn only_true_false_keeps_its_order() {
        assert!(Kind::Single.shuffled());
        assert!(Kind::Multiple.shuffled());
        assert!(!Kind::TrueFalse.shuffled());
        assert!(Kind::Multiple.allows_several());
        assert!(!Kind::Single.allows_several());
    }
}
