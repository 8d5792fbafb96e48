//! The questions one attempt asks: a balanced random draw from the module's bank, with each
//! drawn question's option order. A pure function of the module and a seed, so the server can
//! carry only the seed (or the drawn ids and orders) in the attempt's signed token and grade
//! exactly what it showed; a retake with a new seed gets a new draw.
//!
//! **Balance.** With `draw = D` and `G` goals every goal gets `D / G` questions, and `D % G`
//! goals, picked at random among those with questions to spare, get one more. Within a goal
//! the questions are a uniform random sample. The drawn questions are asked in the bank's
//! written order (so an attempt moves through the goals in turn), and each question's options
//! are shuffled, except true/false which keep "Sant" before "Falskt".

use crate::module::{Module, needed};
use crate::split_mix::SplitMix64;

/// One drawn question: which question of the bank, and in what order its options are shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    /// The question's index in `module.questions`.
    pub question: usize,
    /// `order[shown]` is the written index of the option shown at position `shown`.
    pub order: Vec<usize>,
}

/// The questions of one attempt, in the order they are asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draw {
    items: Vec<Drawn>,
}

/// Why drawn ids and orders (for example from an attempt token) do not fit the module.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    /// A question id that the module does not have.
    #[error("frågan \"{0}\" finns inte i modulen")]
    UnknownQuestion(String),
    /// The same question twice.
    #[error("frågan \"{0}\" finns två gånger i dragningen")]
    Repeated(String),
    /// An option order that is not a permutation of the question's options.
    #[error("ordningen på svarsalternativen till frågan \"{0}\" stämmer inte")]
    BadOrder(String),
    /// No questions at all.
    #[error("dragningen har inga frågor")]
    Empty,
}

impl Draw {
    /// Draws [`Module::draw_size`] questions balanced over the goals, and shuffles their
    /// options, from a SplitMix64 stream seeded with `seed` (see the module docs).
    pub fn new(module: &Module, seed: u64) -> Draw {
        let mut rng = SplitMix64(seed);
        let size = module.draw_size();
        let mut pools: Vec<Vec<usize>> = if module.goals.is_empty() {
            vec![(0..module.questions.len()).collect()]
        } else {
            module
                .goals
                .iter()
                .map(|g| {
                    module
                        .questions
                        .iter()
                        .enumerate()
                        .filter(|(_, q)| q.goal == g.id)
                        .map(|(i, _)| i)
                        .collect()
                })
                .collect()
        };
        let base = size / pools.len();
        let mut quotas: Vec<usize> = pools.iter().map(|p| base.min(p.len())).collect();
        let mut roomy: Vec<usize> = (0..pools.len())
            .filter(|&g| pools[g].len() > quotas[g])
            .collect();
        rng.shuffle(&mut roomy);
        let missing = size.saturating_sub(quotas.iter().sum());
        for &g in roomy.iter().take(missing) {
            quotas[g] += 1;
        }
        let mut chosen: Vec<usize> = Vec::with_capacity(size);
        let mut rest: Vec<usize> = Vec::new();
        for (pool, &quota) in pools.iter_mut().zip(&quotas) {
            sample(&mut rng, pool, quota);
            chosen.extend_from_slice(&pool[..quota]);
            rest.extend_from_slice(&pool[quota..]);
        }
        // Only for modules the loader would reject (a goal too small for its share, or
        // questions without a known goal): fill up from what is left, so a draw is never short.
        if chosen.len() < size {
            let assigned: usize = pools.iter().map(Vec::len).sum();
            if assigned < module.questions.len() {
                rest.extend(
                    (0..module.questions.len()).filter(|i| !pools.iter().any(|p| p.contains(i))),
                );
            }
            rng.shuffle(&mut rest);
            chosen.extend(rest.into_iter().take(size - chosen.len()));
        }
        chosen.sort_unstable();
        let items = chosen
            .into_iter()
            .map(|question| {
                let mut order: Vec<usize> = (0..module.questions[question].options.len()).collect();
                if module.questions[question].kind.shuffled() {
                    rng.shuffle(&mut order);
                }
                Drawn { question, order }
            })
            .collect();
        Draw { items }
    }

    /// Rebuilds a draw from question ids and option orders (as an attempt token may carry
    /// them), checking that they fit the module.
    pub fn from_parts<'a>(
        module: &Module,
        parts: impl IntoIterator<Item = (&'a str, Vec<usize>)>,
    ) -> Result<Draw, DrawError> {
        let mut items: Vec<Drawn> = Vec::new();
        for (id, order) in parts {
            let question = module
                .questions
                .iter()
                .position(|q| q.id == id)
                .ok_or_else(|| DrawError::UnknownQuestion(id.to_string()))?;
            if items.iter().any(|d| d.question == question) {
                return Err(DrawError::Repeated(id.to_string()));
            }
            let mut sorted = order.clone();
            sorted.sort_unstable();
            let n = module.questions[question].options.len();
            if sorted != (0..n).collect::<Vec<_>>() {
                return Err(DrawError::BadOrder(id.to_string()));
            }
            items.push(Drawn { question, order });
        }
        if items.is_empty() {
            return Err(DrawError::Empty);
        }
        Ok(Draw { items })
    }

    /// The drawn questions in the order they are asked.
    pub fn items(&self) -> &[Drawn] {
        &self.items
    }

    /// How many questions were drawn.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when nothing was drawn (only for a module without questions).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The drawn questions' ids, in the order they are asked.
    pub fn ids<'m>(&self, module: &'m Module) -> Vec<&'m str> {
        self.items
            .iter()
            .filter_map(|d| module.questions.get(d.question).map(|q| q.id.as_str()))
            .collect()
    }

    /// The position in the draw of the question with this id, if it was drawn.
    pub fn position(&self, module: &Module, id: &str) -> Option<usize> {
        self.items
            .iter()
            .position(|d| module.questions.get(d.question).is_some_and(|q| q.id == id))
    }

    /// The written index of the option shown at `shown` of the drawn question at `slot`.
    pub fn original(&self, slot: usize, shown: usize) -> Option<usize> {
        self.items.get(slot)?.order.get(shown).copied()
    }

    /// Right answers needed to pass this draw: `ceil(pass_mark × drawn questions)`.
    pub fn needed(&self, module: &Module) -> usize {
        needed(module.pass_mark, self.items.len())
    }
}

/// Moves a uniform random sample of `k` items to the front of `pool` (partial Fisher–Yates).
fn sample(rng: &mut SplitMix64, pool: &mut [usize], k: usize) {
    let n = pool.len();
    for i in 0..k.min(n) {
        let j = i + rng.below(n - i);
        pool.swap(i, j);
    }
}

#[cfg(test)]
mod tests;
