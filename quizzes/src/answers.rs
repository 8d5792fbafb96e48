//! A participant's answers, read from the submitted form and mapped from the shown option
//! positions back to the written option indices through the attempt's [`Shuffle`] (every
//! question of the module) or [`Draw`] (the drawn questions only).

use crate::draw::Draw;
use crate::module::Module;
use crate::shuffle::Shuffle;

/// The chosen options of every asked question, as sorted written indices, in the order the
/// questions were asked: the module's order for [`Answers::from_shown`] and
/// [`Answers::from_written`], the draw's order for [`Answers::from_shown_in_draw`] and
/// [`Answers::from_written_in_draw`]. Every constructor checks the answers against the module,
/// so grading never sees a missing, repeated or unknown answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    chosen: Vec<Vec<usize>>,
}

/// Why a submitted form cannot be graded. Shown to the participant (HTTP 400), in Swedish.
/// Question numbers are 1-based as on the page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// Some questions have no answer.
    #[error("Du har inte svarat på {}. Gå tillbaka och svara på alla frågor.", numbers(.0))]
    Missing(Vec<usize>),
    /// A single or true/false question got more than one answer.
    #[error("Fråga {0} har mer än ett svar, men bara ett svar är tillåtet.")]
    Several(usize),
    /// The same option was sent twice for one question.
    #[error("Fråga {0} har samma svar två gånger.")]
    Repeated(usize),
    /// An answer names an option that the question does not have.
    #[error("Fråga {0} har ett svar som inte finns.")]
    OutOfRange(usize),
    /// The form names a question that the module does not have.
    #[error("Formuläret innehåller en fråga som inte finns i modulen.")]
    UnknownQuestion,
}

fn numbers(list: &[usize]) -> String {
    let words: Vec<String> = list.iter().map(ToString::to_string).collect();
    match words.as_slice() {
        [one] => format!("fråga {one}"),
        [init @ .., last] => format!("frågorna {} och {last}", init.join(", ")),
        [] => "alla frågor".to_string(),
    }
}

impl Answers {
    /// Reads `(question id, shown position)` pairs as a form sends them (a checkbox question
    /// sends one pair per ticked box). Every question must have at least one answer; single
    /// and true/false questions exactly one.
    pub fn from_shown<'a>(
        module: &Module,
        shuffle: &Shuffle,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Answers, AnswerError> {
        let asked: Vec<usize> = (0..module.questions.len()).collect();
        collect_shown(
            module,
            &asked,
            |id| module.questions.iter().position(|q| q.id == id),
            |slot, shown| shuffle.original(slot, shown),
            pairs,
        )
    }

    /// Like [`Answers::from_shown`] for an attempt with a draw: only the drawn questions may
    /// be answered, all of them must be, and question numbers in errors follow the draw.
    pub fn from_shown_in_draw<'a>(
        module: &Module,
        draw: &Draw,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Answers, AnswerError> {
        let asked: Vec<usize> = draw.items().iter().map(|d| d.question).collect();
        collect_shown(
            module,
            &asked,
            |id| draw.position(module, id),
            |slot, shown| draw.original(slot, shown),
            pairs,
        )
    }

    /// Written option indices per drawn question, in the draw's order, e.g. for tests and
    /// tools. Checked like [`Answers::from_shown_in_draw`].
    pub fn from_written_in_draw(
        module: &Module,
        draw: &Draw,
        written: &[Vec<usize>],
    ) -> Result<Answers, AnswerError> {
        let asked: Vec<usize> = draw.items().iter().map(|d| d.question).collect();
        collect_written(module, &asked, written)
    }

    /// Answers given directly as written option indices per question, e.g. for tests and
    /// tools. Checked like [`Answers::from_shown`].
    pub fn from_written(module: &Module, written: &[Vec<usize>]) -> Result<Answers, AnswerError> {
        let asked: Vec<usize> = (0..module.questions.len()).collect();
        collect_written(module, &asked, written)
    }

    /// The written indices chosen for the question asked at position `slot` (0-based): the
    /// module's question `slot`, or the draw's, depending on how the answers were read.
    pub fn chosen(&self, slot: usize) -> &[usize] {
        self.chosen.get(slot).map_or(&[], Vec::as_slice)
    }
}

/// Reads form pairs for the questions `asked` (module indices, in asking order): `slot_of`
/// finds a question id's slot, `original` maps a slot and a shown position to a written index.
fn collect_shown<'a>(
    module: &Module,
    asked: &[usize],
    slot_of: impl Fn(&str) -> Option<usize>,
    original: impl Fn(usize, usize) -> Option<usize>,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Answers, AnswerError> {
    let mut chosen: Vec<Vec<usize>> = vec![Vec::new(); asked.len()];
    for (id, value) in pairs {
        let slot = slot_of(id).ok_or(AnswerError::UnknownQuestion)?;
        let written = value
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|shown| original(slot, shown))
            .ok_or(AnswerError::OutOfRange(slot + 1))?;
        add(&mut chosen, module, asked, slot, written)?;
    }
    finish(chosen)
}

/// Checks written indices per asked question (slot order).
fn collect_written(
    module: &Module,
    asked: &[usize],
    written: &[Vec<usize>],
) -> Result<Answers, AnswerError> {
    if written.len() > asked.len() {
        return Err(AnswerError::UnknownQuestion);
    }
    let mut chosen: Vec<Vec<usize>> = vec![Vec::new(); asked.len()];
    for (slot, list) in written.iter().enumerate() {
        let options = asked
            .get(slot)
            .and_then(|&q| module.questions.get(q))
            .map_or(0, |q| q.options.len());
        for &w in list {
            if w >= options {
                return Err(AnswerError::OutOfRange(slot + 1));
            }
            add(&mut chosen, module, asked, slot, w)?;
        }
    }
    finish(chosen)
}

fn add(
    chosen: &mut [Vec<usize>],
    module: &Module,
    asked: &[usize],
    slot: usize,
    written: usize,
) -> Result<(), AnswerError> {
    let several = asked
        .get(slot)
        .and_then(|&q| module.questions.get(q))
        .is_some_and(|question| question.kind.allows_several());
    let list = chosen.get_mut(slot).ok_or(AnswerError::UnknownQuestion)?;
    if list.contains(&written) {
        return Err(AnswerError::Repeated(slot + 1));
    }
    if !several && !list.is_empty() {
        return Err(AnswerError::Several(slot + 1));
    }
    list.push(written);
    Ok(())
}

fn finish(mut chosen: Vec<Vec<usize>>) -> Result<Answers, AnswerError> {
    let missing: Vec<usize> = chosen
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_empty())
        .map(|(i, _)| i + 1)
        .collect();
    if !missing.is_empty() {
        return Err(AnswerError::Missing(missing));
    }
    for list in &mut chosen {
        list.sort_unstable();
    }
    Ok(Answers { chosen })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::tests::sample;

    #[test]
    fn maps_shown_positions_through_the_shuffle() {
        let m = sample();
        let s = Shuffle::new(&m, 3);
        // Pick shown position 0 everywhere, plus shown 1 for the multiple question.
        let pairs = [("a", "0"), ("b", "0"), ("b", "1"), ("c", "1")];
        let answers = Answers::from_shown(&m, &s, pairs).expect("valid");
        assert_eq!(answers.chosen(0), [s.order(0)[0]]);
        let mut b = vec![s.order(1)[0], s.order(1)[1]];
        b.sort_unstable();
        assert_eq!(answers.chosen(1), b.as_slice());
        assert_eq!(answers.chosen(2), [1]);
    }

    #[test]
    fn missing_answers_are_listed() {
        let m = sample();
        let s = Shuffle::new(&m, 3);
        assert_eq!(
            Answers::from_shown(&m, &s, [("b", "0")]),
            Err(AnswerError::Missing(vec![1, 3]))
        );
        assert_eq!(
            AnswerError::Missing(vec![1, 3]).to_string(),
            "Du har inte svarat på frågorna 1 och 3. Gå tillbaka och svara på alla frågor."
        );
        assert_eq!(
            AnswerError::Missing(vec![2]).to_string(),
            "Du har inte svarat på fråga 2. Gå tillbaka och svara på alla frågor."
        );
        assert_eq!(
            AnswerError::Missing(vec![1, 2, 3]).to_string(),
            "Du har inte svarat på frågorna 1, 2 och 3. Gå tillbaka och svara på alla frågor."
        );
    }

    #[test]
    fn duplicate_answers_are_rejected() {
        let m = sample();
        let s = Shuffle::new(&m, 3);
        assert_eq!(
            Answers::from_shown(&m, &s, [("a", "0"), ("a", "1"), ("b", "0"), ("c", "0")]),
            Err(AnswerError::Several(1))
        );
        assert_eq!(
            Answers::from_shown(&m, &s, [("a", "0"), ("b", "2"), ("b", "2"), ("c", "0")]),
            Err(AnswerError::Repeated(2))
        );
        assert_eq!(
            Answers::from_shown(&m, &s, [("a", "0"), ("b", "2"), ("c", "0"), ("c", "1")]),
            Err(AnswerError::Several(3))
        );
    }

    #[test]
    fn out_of_range_and_garbage_are_rejected() {
        let m = sample();
        let s = Shuffle::new(&m, 3);
        for bad in ["3", "-1", "x", "", "99999999999999999999999"] {
            assert_eq!(
                Answers::from_shown(&m, &s, [("a", bad), ("b", "0"), ("c", "0")]),
                Err(AnswerError::OutOfRange(1)),
                "{bad}"
            );
        }
        assert_eq!(
            Answers::from_shown(&m, &s, [("a", "0"), ("b", "0"), ("c", "2")]),
            Err(AnswerError::OutOfRange(3))
        );
    }

    #[test]
    fn unknown_questions_are_rejected() {
        let m = sample();
        let s = Shuffle::new(&m, 3);
        assert_eq!(
            Answers::from_shown(&m, &s, [("zz", "0")]),
            Err(AnswerError::UnknownQuestion)
        );
        assert_eq!(
            Answers::from_written(&m, &[vec![0], vec![0], vec![0], vec![0]]),
            Err(AnswerError::UnknownQuestion)
        );
    }
}
