//! Validation of a module's learning goals and its question bank: every goal is used, every
//! question names a known goal, the bank holds at least twice the draw, and the draw can be
//! spread evenly over all goals (see [`crate::Draw`]).

use super::Validator;
use super::raw::{RawGoal, RawModule};
use crate::module::Goal;
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;

impl Validator<'_> {
    /// The `[[goals]]` tables: at least one, ids unique and valid, titles not empty.
    pub(super) fn goals(
        &mut self,
        raw: &[Spanned<RawGoal>],
        module_span: Range<usize>,
    ) -> Vec<Goal> {
        if raw.is_empty() {
            self.problem(
                module_span,
                "modulen har inga lärandemål: lägg till minst ett [[goals]] med id och title",
            );
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut goals = Vec::with_capacity(raw.len());
        for goal in raw {
            let goal = goal.get_ref();
            let id = self.slug(&goal.id, "mål-id");
            let line = self.line(goal.id.span());
            let title = self.text_field(&goal.title, "title");
            if let Some(first) = seen.get(&id) {
                self.problem(
                    goal.id.span(),
                    format!("mål-id \"{id}\" finns redan på rad {first}"),
                );
                continue;
            }
            seen.insert(id.clone(), line);
            goals.push(Goal { id, title, line });
        }
        goals
    }

    /// A question's `goal`, which must be one of the module's goals.
    pub(super) fn goal_ref(&mut self, raw: &Spanned<String>, goals: &[Goal]) -> String {
        let id = raw.get_ref().trim();
        if !goals.is_empty() && !goals.iter().any(|g| g.id == id) {
            let known: Vec<&str> = goals.iter().map(|g| g.id.as_str()).collect();
            self.problem(
                raw.span(),
                format!(
                    "okänt mål \"{id}\": målen i modulen är {}",
                    known.join(", ")
                ),
            );
        }
        id.to_string()
    }

    /// The bank as a whole against `draw`. Counts every written question with a known goal,
    /// also those with other problems, so that one typo does not cause a second message here.
    pub(super) fn bank(&mut self, raw: &RawModule, goals: &[Goal], draw: i64) {
        let Ok(draw) = usize::try_from(draw) else {
            return;
        };
        if raw.questions.is_empty() || goals.is_empty() || draw == 0 {
            return;
        }
        let span = raw.draw.span();
        let mut counts: Vec<usize> = vec![0; goals.len()];
        let mut unknown = 0;
        for q in &raw.questions {
            let goal = q.get_ref().goal.get_ref().trim();
            match goals.iter().position(|g| g.id == goal) {
                Some(i) => counts[i] += 1,
                None => unknown += 1,
            }
        }
        let bank = raw.questions.len();
        if bank < 2 * draw {
            self.problem(
                span.clone(),
                format!(
                    "banken har {bank} frågor men draw är {draw}: banken behöver minst {} frågor \
                     (dubbelt så många som ett försök), så att ett nytt försök får nya frågor",
                    2 * draw
                ),
            );
        }
        // Questions with an unknown goal are already reported; counting goals without them
        // would only repeat the same typo as a second message.
        if unknown > 0 {
            return;
        }
        for (goal, &count) in goals.iter().zip(&counts) {
            if count == 0 {
                self.problem_at(
                    goal.line,
                    format!(
                        "målet \"{}\" har inga frågor: skriv frågor med goal = \"{}\" eller ta bort målet",
                        goal.id, goal.id
                    ),
                );
            }
        }
        let n = goals.len();
        if draw < n {
            self.problem(
                span,
                format!(
                    "draw är {draw} men modulen har {n} mål: varje försök ska täcka alla mål, \
                     så draw behöver vara minst {n}"
                ),
            );
            return;
        }
        let (base, extra) = (draw / n, draw % n);
        for (goal, &count) in goals.iter().zip(&counts) {
            if count > 0 && count < base {
                self.problem_at(
                    goal.line,
                    format!(
                        "målet \"{}\" har {}, men varje försök drar minst {} per mål \
                         (draw {draw} delat på {n} mål)",
                        goal.id,
                        questions(count),
                        questions(base),
                    ),
                );
            }
        }
        let roomy = counts.iter().filter(|&&c| c > base).count();
        if counts.iter().all(|&c| c >= base) && roomy < extra {
            self.problem(
                span,
                format!(
                    "draw {draw} går inte att dela jämnt på {n} mål: {extra} mål behöver {} var, \
                     men bara {roomy} mål har så många",
                    questions(base + 1)
                ),
            );
        }
    }
}

/// "1 fråga", "2 frågor".
fn questions(n: usize) -> String {
    if n == 1 {
        "1 fråga".to_string()
    } else {
        format!("{n} frågor")
    }
}
