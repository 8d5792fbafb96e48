//! The content-blind test-taker: a participant who has read nothing and answers from the
//! wording alone. Each rule picks options by a cue that needs no knowledge (length, absolute
//! words, hedges, words shared with the prompt or with the other options, position), and the
//! test-taker sits many draws of the module with each strategy. A module whose certificate
//! such a participant can earn in more than [`MAX_PASS_RATE`] of the draws fails the check.
//!
//! Rules come in opposite pairs (longest and shortest, avoiding and choosing absolute words),
//! because writers who avoid one cue often create its opposite.
//!
//! A strategy answers every kind of question: a rule for single-answer questions, one for
//! multiple-answer questions and one for true/false. The named strategies are the coherent
//! ones a test-wise reader would use; the best of every combination of rules is reported too,
//! as an upper bound (it is chosen after seeing the results, which no real reader can do).
//! Ties are broken by the shown order, so a tie is a guess, as it is for a person.

mod rules;

use crate::draw::Draw;
use crate::module::{Kind, Module};
use rules::{Features, MultipleRule, SingleRule, TrueFalseRule};

/// How many draws (seeds 0, 1, 2 …) the test-taker sits per strategy.
pub const SEEDS: u64 = 2000;
/// The highest share of draws a content-blind strategy may pass.
pub const MAX_PASS_RATE: f64 = 0.05;

/// A named, coherent content-blind strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Strategy {
    /// Its Swedish name, as printed by `check`.
    pub name: &'static str,
    single: SingleRule,
    multiple: MultipleRule,
    true_false: TrueFalseRule,
}

/// The named strategies, in the order `check` prints them.
pub const STRATEGIES: [Strategy; 12] = [
    Strategy {
        name: "längsta svaret",
        single: SingleRule::Longest,
        multiple: MultipleRule::LongerThanMean,
        true_false: TrueFalseRule::LongerLabel,
    },
    Strategy {
        name: "kortaste svaret",
        single: SingleRule::Shortest,
        multiple: MultipleRule::AllButLongest,
        true_false: TrueFalseRule::True,
    },
    Strategy {
        name: "mellanlängd",
        single: SingleRule::MidLength,
        multiple: MultipleRule::AllButShortest,
        true_false: TrueFalseRule::True,
    },
    Strategy {
        name: "undvik absoluta ord",
        single: SingleRule::AvoidAbsolutes,
        multiple: MultipleRule::NoAbsolutes,
        true_false: TrueFalseRule::AbsoluteFalse,
    },
    Strategy {
        name: "undvik absoluta ord, sedan längst",
        single: SingleRule::AvoidAbsolutesLongest,
        multiple: MultipleRule::NoAbsolutes,
        true_false: TrueFalseRule::AbsoluteFalse,
    },
    Strategy {
        name: "välj absoluta ord",
        single: SingleRule::PreferAbsolutes,
        multiple: MultipleRule::OnlyAbsolutes,
        true_false: TrueFalseRule::AbsoluteTrue,
    },
    Strategy {
        name: "längsta svaret, utan absoluta ord",
        single: SingleRule::Longest,
        multiple: MultipleRule::NoAbsolutes,
        true_false: TrueFalseRule::AbsoluteFalse,
    },
    Strategy {
        name: "mest likt frågan",
        single: SingleRule::PromptLike,
        multiple: MultipleRule::PromptLike,
        true_false: TrueFalseRule::True,
    },
    Strategy {
        name: "mest likt de andra alternativen",
        single: SingleRule::Convergent,
        multiple: MultipleRule::Convergent,
        true_false: TrueFalseRule::False,
    },
    Strategy {
        name: "försiktiga ord (kan, ofta)",
        single: SingleRule::Hedged,
        multiple: MultipleRule::Hedged,
        true_false: TrueFalseRule::HedgeTrue,
    },
    Strategy {
        name: "kryssa i alla",
        single: SingleRule::Longest,
        multiple: MultipleRule::All,
        true_false: TrueFalseRule::False,
    },
    Strategy {
        name: "gissa (första alternativet)",
        single: SingleRule::First,
        multiple: MultipleRule::First,
        true_false: TrueFalseRule::True,
    },
];

/// How often one strategy passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rate {
    /// The strategy, in Swedish.
    pub name: String,
    /// Draws it passed.
    pub passed: usize,
    /// Draws it sat.
    pub draws: usize,
}

impl Rate {
    /// The share of draws passed, in `[0, 1]`.
    pub fn share(&self) -> f64 {
        if self.draws == 0 {
            0.0
        } else {
            self.passed as f64 / self.draws as f64
        }
    }

    /// True when the share is above [`MAX_PASS_RATE`].
    pub fn too_high(&self) -> bool {
        self.share() > MAX_PASS_RATE
    }

    /// The share as a Swedish percentage with one decimal, e.g. "0,4 %".
    pub fn percent(&self) -> String {
        format!("{:.1} %", self.share() * 100.0).replace('.', ",")
    }
}

/// The test-taker's results on one module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakerReport {
    /// How many draws each strategy sat.
    pub draws: usize,
    /// The named strategies, in [`STRATEGIES`] order.
    pub rates: Vec<Rate>,
    /// The best combination of one rule per question kind (an upper bound).
    pub best: Rate,
    /// Per kind of question that was asked, the rule that found the right answer most often.
    pub best_rules: Vec<RuleHits>,
}

/// How often one rule found the right answer to the questions of one kind, over all draws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleHits {
    /// The kind of question.
    pub kind: Kind,
    /// The rule, in Swedish.
    pub rule: &'static str,
    /// Drawn questions of this kind it answered right.
    pub hits: usize,
    /// Drawn questions of this kind.
    pub asked: usize,
}

impl RuleHits {
    /// The share answered right, in `[0, 1]`.
    pub fn share(&self) -> f64 {
        if self.asked == 0 {
            0.0
        } else {
            self.hits as f64 / self.asked as f64
        }
    }

    /// The share as a whole Swedish percentage, e.g. "31 %".
    pub fn percent(&self) -> String {
        format!("{} %", (self.share() * 100.0).round())
    }
}

impl TakerReport {
    /// Every named strategy and the best combination that pass more than [`MAX_PASS_RATE`].
    pub fn too_high(&self) -> Vec<&Rate> {
        self.rates
            .iter()
            .chain(std::iter::once(&self.best))
            .filter(|r| r.too_high())
            .collect()
    }
}

/// Sits `seeds` draws of `module` (seeds `0..seeds`) with every strategy.
pub fn take_blind(module: &Module, seeds: u64) -> TakerReport {
    let features: Vec<Features> = module.questions.iter().map(Features::new).collect();
    let (ns, nm, nt) = (
        SingleRule::ALL.len(),
        MultipleRule::ALL.len(),
        TrueFalseRule::ALL.len(),
    );
    let mut named = [0usize; STRATEGIES.len()];
    let mut combos = vec![0usize; ns * nm * nt];
    let mut draws = 0;
    let mut asked = [0usize; 3];
    let mut hits_single = vec![0usize; ns];
    let mut hits_multiple = vec![0usize; nm];
    let mut hits_true_false = vec![0usize; nt];
    for seed in 0..seeds {
        let draw = Draw::new(module, seed);
        if draw.is_empty() {
            break;
        }
        draws += 1;
        let needed = draw.needed(module);
        let mut single = vec![0usize; ns];
        let mut multiple = vec![0usize; nm];
        let mut true_false = vec![0usize; nt];
        for item in draw.items() {
            let (Some(q), Some(f)) = (
                module.questions.get(item.question),
                features.get(item.question),
            ) else {
                continue;
            };
            asked[kind_index(q.kind)] += 1;
            match q.kind {
                Kind::Single => count(
                    &mut single,
                    SingleRule::ALL,
                    |r| f.single(r, &item.order),
                    &q.correct,
                ),
                Kind::Multiple => count(
                    &mut multiple,
                    MultipleRule::ALL,
                    |r| f.multiple(r, &item.order),
                    &q.correct,
                ),
                Kind::TrueFalse => count(
                    &mut true_false,
                    TrueFalseRule::ALL,
                    |r| f.true_false(r),
                    &q.correct,
                ),
            }
        }
        add(&mut hits_single, &single);
        add(&mut hits_multiple, &multiple);
        add(&mut hits_true_false, &true_false);
        for (i, s) in STRATEGIES.iter().enumerate() {
            let right = single[s.single.index()]
                + multiple[s.multiple.index()]
                + true_false[s.true_false.index()];
            if right >= needed {
                named[i] += 1;
            }
        }
        for (a, sa) in single.iter().enumerate() {
            for (b, mb) in multiple.iter().enumerate() {
                for (c, tc) in true_false.iter().enumerate() {
                    if sa + mb + tc >= needed {
                        combos[(a * nm + b) * nt + c] += 1;
                    }
                }
            }
        }
    }
    let rates = STRATEGIES
        .iter()
        .zip(named)
        .map(|(s, passed)| Rate {
            name: s.name.to_string(),
            passed,
            draws,
        })
        .collect();
    let (best_index, best_passed) = combos
        .iter()
        .copied()
        .enumerate()
        .max_by_key(|&(i, passed)| (passed, std::cmp::Reverse(i)))
        .unwrap_or((0, 0));
    let (a, b, c) = (
        best_index / (nm * nt),
        (best_index / nt) % nm,
        best_index % nt,
    );
    let best = Rate {
        name: format!(
            "bästa kombination (enkelval: {}, flerval: {}, sant/falskt: {})",
            SingleRule::ALL.get(a).map_or("", |r| r.name()),
            MultipleRule::ALL.get(b).map_or("", |r| r.name()),
            TrueFalseRule::ALL.get(c).map_or("", |r| r.name()),
        ),
        passed: best_passed,
        draws,
    };
    let best_rules = [
        best_rule(
            Kind::Single,
            &hits_single,
            SingleRule::ALL,
            SingleRule::name,
            asked[0],
        ),
        best_rule(
            Kind::Multiple,
            &hits_multiple,
            MultipleRule::ALL,
            MultipleRule::name,
            asked[1],
        ),
        best_rule(
            Kind::TrueFalse,
            &hits_true_false,
            TrueFalseRule::ALL,
            TrueFalseRule::name,
            asked[2],
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    TakerReport {
        draws,
        rates,
        best,
        best_rules,
    }
}

fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Single => 0,
        Kind::Multiple => 1,
        Kind::TrueFalse => 2,
    }
}

fn add(total: &mut [usize], part: &[usize]) {
    for (t, p) in total.iter_mut().zip(part) {
        *t += p;
    }
}

/// The rule with the most hits for one kind (the first on a tie), if the kind was asked.
fn best_rule<R: Copy>(
    kind: Kind,
    hits: &[usize],
    rules: &[R],
    name: fn(R) -> &'static str,
    asked: usize,
) -> Option<RuleHits> {
    if asked == 0 {
        return None;
    }
    let (i, &most) = hits
        .iter()
        .enumerate()
        .max_by_key(|&(i, h)| (*h, std::cmp::Reverse(i)))?;
    Some(RuleHits {
        kind,
        rule: name(*rules.get(i)?),
        hits: most,
        asked,
    })
}

/// Adds one to `counts[i]` for every rule `i` whose answer is exactly `correct`.
fn count<R: Copy>(
    counts: &mut [usize],
    rules: &[R],
    answer: impl Fn(R) -> Vec<usize>,
    correct: &[usize],
) {
    for (slot, &rule) in counts.iter_mut().zip(rules) {
        if answer(rule) == correct {
            *slot += 1;
        }
    }
}

#[cfg(test)]
mod tests;
