//! Builders for modules and questions in unit tests.

use crate::module::{Goal, Kind, Module, Question};
use crate::source::SourceRef;

/// A question with the given options; prompt, explanation and source are placeholders.
pub(crate) fn question(
    id: &str,
    goal: &str,
    kind: Kind,
    options: &[&str],
    correct: &[usize],
) -> Question {
    Question {
        id: id.into(),
        goal: goal.into(),
        kind,
        prompt: "?".into(),
        options: options.iter().map(|o| (*o).to_string()).collect(),
        correct: correct.to_vec(),
        explanation: "!".into(),
        source: SourceRef {
            page: "a.md".into(),
            anchor: Some("b".into()),
        },
        line: 1,
    }
}

/// A question with `n` numbered options ("alternativ 0" …).
pub(crate) fn numbered(id: &str, goal: &str, kind: Kind, n: usize, correct: &[usize]) -> Question {
    let options: Vec<String> = (0..n).map(|o| format!("alternativ {o}")).collect();
    let refs: Vec<&str> = options.iter().map(String::as_str).collect();
    question(id, goal, kind, &refs, correct)
}

/// A module with these questions, goals (ids) and draw; pass mark 0.8.
pub(crate) fn module(questions: Vec<Question>, goals: &[&str], draw: usize) -> Module {
    Module {
        id: "m".into(),
        version: 1,
        title: "M".into(),
        audience: "A".into(),
        intro: "I".into(),
        pass_mark: 0.8,
        draw,
        valid_months: 24,
        goals: goals
            .iter()
            .enumerate()
            .map(|(i, g)| Goal {
                id: (*g).to_string(),
                title: format!("Mål {g}"),
                line: i + 1,
            })
            .collect(),
        minutes: 5,
        certificate: "C".into(),
        reading: vec![],
        questions,
        discussion: vec![],
        path: "m.toml".into(),
    }
}

/// A bank of single-answer questions with four options: `sizes[g]` questions for goal `g`
/// (goal ids "g0", "g1" …, question ids "g0-q0" …).
pub(crate) fn bank(sizes: &[usize], draw: usize) -> Module {
    let goals: Vec<String> = (0..sizes.len()).map(|g| format!("g{g}")).collect();
    let questions = sizes
        .iter()
        .enumerate()
        .flat_map(|(g, &n)| {
            let goal = goals[g].clone();
            (0..n).map(move |q| numbered(&format!("{goal}-q{q}"), &goal, Kind::Single, 4, &[q % 4]))
        })
        .collect();
    let refs: Vec<&str> = goals.iter().map(String::as_str).collect();
    module(questions, &refs, draw)
}
