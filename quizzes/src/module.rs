//! A validated training module and its questions: the high-level form the loader produces
//! from a module file and everything else in the crate reads.

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
    /// About how long the module takes, in minutes.
    pub minutes: u32,
    /// What a certificate for this module proves, shown on the list and the certificate.
    pub certificate: String,
    /// Content pages to read before the quiz.
    pub reading: Vec<SourceRef>,
    /// The questions, in the order they are asked.
    pub questions: Vec<Question>,
    /// Questions for a group discussion at the workplace.
    pub discussion: Vec<String>,
    /// The file the module was read from, for messages.
    pub path: PathBuf,
}

/// One quiz question.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Unique within the module; used as the form field name.
    pub id: String,
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
    /// The number of right answers needed to pass: `ceil(pass_mark × questions)`.
    pub fn needed(&self) -> usize {
        needed(self.pass_mark, self.questions.len())
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
    fn percent_is_rounded() {
        assert_eq!(percent(0.8), 80);
        assert_eq!(percent(0.755), 76);
        assert_eq!(percent(2.0), 100);
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
