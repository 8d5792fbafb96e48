//! The test-taker's rules: how each cue picks options for one question, given the order in
//! which the options are shown. Option features are computed once per question.

use crate::module::Question;
use crate::wording::{has_absolute, hedges, length, statement, stems};

/// Rules for single-answer questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SingleRule {
    Longest,
    Shortest,
    MidLength,
    AvoidAbsolutes,
    AvoidAbsolutesLongest,
    PreferAbsolutes,
    PromptLike,
    Convergent,
    Hedged,
    First,
}

/// Rules for multiple-answer questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MultipleRule {
    All,
    NoAbsolutes,
    OnlyAbsolutes,
    AllButShortest,
    AllButLongest,
    LongerThanMean,
    PromptLike,
    Convergent,
    Hedged,
    First,
}

/// Rules for true/false questions (the first option is "true").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TrueFalseRule {
    True,
    False,
    AbsoluteFalse,
    AbsoluteTrue,
    HedgeTrue,
    LongerLabel,
}

impl SingleRule {
    pub(crate) const ALL: &[SingleRule] = &[
        SingleRule::Longest,
        SingleRule::Shortest,
        SingleRule::MidLength,
        SingleRule::AvoidAbsolutes,
        SingleRule::AvoidAbsolutesLongest,
        SingleRule::PreferAbsolutes,
        SingleRule::PromptLike,
        SingleRule::Convergent,
        SingleRule::Hedged,
        SingleRule::First,
    ];

    pub(crate) fn index(self) -> usize {
        Self::ALL.iter().position(|&r| r == self).unwrap_or(0)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            SingleRule::Longest => "längsta",
            SingleRule::Shortest => "kortaste",
            SingleRule::MidLength => "mellanlängd",
            SingleRule::AvoidAbsolutes => "utan absoluta ord",
            SingleRule::AvoidAbsolutesLongest => "längsta utan absoluta ord",
            SingleRule::PreferAbsolutes => "med absoluta ord",
            SingleRule::PromptLike => "mest likt frågan",
            SingleRule::Convergent => "mest likt de andra",
            SingleRule::Hedged => "flest försiktiga ord",
            SingleRule::First => "första",
        }
    }
}

impl MultipleRule {
    pub(crate) const ALL: &[MultipleRule] = &[
        MultipleRule::All,
        MultipleRule::NoAbsolutes,
        MultipleRule::OnlyAbsolutes,
        MultipleRule::AllButShortest,
        MultipleRule::AllButLongest,
        MultipleRule::LongerThanMean,
        MultipleRule::PromptLike,
        MultipleRule::Convergent,
        MultipleRule::Hedged,
        MultipleRule::First,
    ];

    pub(crate) fn index(self) -> usize {
        Self::ALL.iter().position(|&r| r == self).unwrap_or(0)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            MultipleRule::All => "alla",
            MultipleRule::NoAbsolutes => "alla utan absoluta ord",
            MultipleRule::OnlyAbsolutes => "de med absoluta ord",
            MultipleRule::AllButShortest => "alla utom det kortaste",
            MultipleRule::AllButLongest => "alla utom det längsta",
            MultipleRule::LongerThanMean => "de längre än medel",
            MultipleRule::PromptLike => "de som liknar frågan",
            MultipleRule::Convergent => "de som liknar de andra",
            MultipleRule::Hedged => "de med försiktiga ord",
            MultipleRule::First => "bara det första",
        }
    }
}

impl TrueFalseRule {
    pub(crate) const ALL: &[TrueFalseRule] = &[
        TrueFalseRule::True,
        TrueFalseRule::False,
        TrueFalseRule::AbsoluteFalse,
        TrueFalseRule::AbsoluteTrue,
        TrueFalseRule::HedgeTrue,
        TrueFalseRule::LongerLabel,
    ];

    pub(crate) fn index(self) -> usize {
        Self::ALL.iter().position(|&r| r == self).unwrap_or(0)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            TrueFalseRule::True => "alltid sant",
            TrueFalseRule::False => "alltid falskt",
            TrueFalseRule::AbsoluteFalse => "falskt vid absoluta ord",
            TrueFalseRule::AbsoluteTrue => "sant vid absoluta ord",
            TrueFalseRule::HedgeTrue => "sant vid försiktiga ord",
            TrueFalseRule::LongerLabel => "längsta etiketten",
        }
    }
}

/// What the cues see in one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Features {
    /// Characters per option.
    lengths: Vec<usize>,
    /// Whether each option has an absolute word.
    absolute: Vec<bool>,
    /// Hedging words per option.
    hedges: Vec<usize>,
    /// Content words each option shares with the prompt.
    prompt_like: Vec<usize>,
    /// Content words each option shares with the other options, summed.
    convergent: Vec<usize>,
    /// The true/false statement has an absolute word.
    statement_absolute: bool,
    /// The true/false statement has a hedging word.
    statement_hedged: bool,
}

impl Features {
    pub(crate) fn new(q: &Question) -> Features {
        let prompt = stems(&q.prompt);
        let option_stems: Vec<_> = q.options.iter().map(|o| stems(o)).collect();
        let convergent = option_stems
            .iter()
            .enumerate()
            .map(|(i, mine)| {
                option_stems
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .map(|(_, other)| mine.intersection(other).count())
                    .sum()
            })
            .collect();
        let statement = statement(&q.prompt);
        Features {
            lengths: q.options.iter().map(|o| length(o)).collect(),
            absolute: q.options.iter().map(|o| has_absolute(o)).collect(),
            hedges: q.options.iter().map(|o| hedges(o)).collect(),
            prompt_like: option_stems
                .iter()
                .map(|s| s.intersection(&prompt).count())
                .collect(),
            convergent,
            statement_absolute: has_absolute(statement),
            statement_hedged: hedges(statement) > 0,
        }
    }

    /// The single option `rule` picks; `order` is the shown order (written indices).
    pub(crate) fn single(&self, rule: SingleRule, order: &[usize]) -> Vec<usize> {
        let len = |i: usize| self.lengths.get(i).copied().unwrap_or(0) as i64;
        let abs = |i: usize| self.absolute.get(i).copied().unwrap_or(false);
        let pick = match rule {
            SingleRule::Longest => best(order, len),
            SingleRule::Shortest => best(order, |i| -len(i)),
            SingleRule::MidLength => {
                let n = order.len() as i64;
                let sum: i64 = order.iter().map(|&i| len(i)).sum();
                best(order, |i| -(len(i) * n - sum).abs())
            }
            SingleRule::AvoidAbsolutes => best(order, |i| i64::from(!abs(i))),
            SingleRule::AvoidAbsolutesLongest => {
                best(order, |i| i64::from(!abs(i)) * 1_000_000 + len(i))
            }
            SingleRule::PreferAbsolutes => best(order, |i| i64::from(abs(i))),
            SingleRule::PromptLike => best(order, |i| value(&self.prompt_like, i)),
            SingleRule::Convergent => best(order, |i| value(&self.convergent, i)),
            SingleRule::Hedged => best(order, |i| value(&self.hedges, i)),
            SingleRule::First => order.first().copied(),
        };
        pick.into_iter().collect()
    }

    /// The options `rule` ticks, sorted; `order` is the shown order (written indices).
    pub(crate) fn multiple(&self, rule: MultipleRule, order: &[usize]) -> Vec<usize> {
        let len = |i: usize| self.lengths.get(i).copied().unwrap_or(0) as i64;
        let all: Vec<usize> = order.to_vec();
        let mean_ok = |values: &[usize], i: usize| {
            let sum: i64 = order.iter().map(|&j| value(values, j)).sum();
            value(values, i) * order.len() as i64 >= sum
        };
        let mut picked: Vec<usize> = match rule {
            MultipleRule::All => all,
            MultipleRule::NoAbsolutes => {
                or_all(order, |i| !self.absolute.get(i).copied().unwrap_or(false))
            }
            MultipleRule::OnlyAbsolutes => {
                or_all(order, |i| self.absolute.get(i).copied().unwrap_or(false))
            }
            MultipleRule::AllButShortest => without(order, best(order, |i| -len(i))),
            MultipleRule::AllButLongest => without(order, best(order, len)),
            MultipleRule::LongerThanMean => or_all(order, |i| mean_ok(&self.lengths, i)),
            MultipleRule::PromptLike => or_all(order, |i| value(&self.prompt_like, i) > 0),
            MultipleRule::Convergent => or_all(order, |i| mean_ok(&self.convergent, i)),
            MultipleRule::Hedged => or_all(order, |i| value(&self.hedges, i) > 0),
            MultipleRule::First => order.first().copied().into_iter().collect(),
        };
        picked.sort_unstable();
        picked
    }

    /// The option `rule` picks for a true/false question: 0 is "true", 1 is "false".
    pub(crate) fn true_false(&self, rule: TrueFalseRule) -> Vec<usize> {
        let pick = match rule {
            TrueFalseRule::True => 0,
            TrueFalseRule::False => 1,
            TrueFalseRule::AbsoluteFalse => usize::from(self.statement_absolute),
            TrueFalseRule::AbsoluteTrue => usize::from(!self.statement_absolute),
            TrueFalseRule::HedgeTrue => usize::from(!self.statement_hedged),
            TrueFalseRule::LongerLabel => best(&[0, 1], |i| {
                self.lengths.get(i).copied().unwrap_or(0) as i64
            })
            .unwrap_or(0),
        };
        vec![pick]
    }
}

/// The first option in shown order with the highest `key`.
fn best(order: &[usize], key: impl Fn(usize) -> i64) -> Option<usize> {
    let mut best: Option<(usize, i64)> = None;
    for &i in order {
        let k = key(i);
        if best.is_none_or(|(_, b)| k > b) {
            best = Some((i, k));
        }
    }
    best.map(|(i, _)| i)
}

/// The options that pass `keep`, or all of them if none does.
fn or_all(order: &[usize], keep: impl Fn(usize) -> bool) -> Vec<usize> {
    let kept: Vec<usize> = order.iter().copied().filter(|&i| keep(i)).collect();
    if kept.is_empty() {
        order.to_vec()
    } else {
        kept
    }
}

/// All options except `drop`.
fn without(order: &[usize], drop: Option<usize>) -> Vec<usize> {
    order.iter().copied().filter(|&i| Some(i) != drop).collect()
}

fn value(values: &[usize], i: usize) -> i64 {
    values.get(i).copied().unwrap_or(0) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::module::Kind;
    use crate::test_support::question;

    fn features(options: &[&str], prompt: &str) -> Features {
        let mut q = question("q", "g", Kind::Single, options, &[0]);
        q.prompt = prompt.into();
        Features::new(&q)
    }

    #[test]
    fn length_rules() {
        let f = features(&["kort", "mycket längre alternativ", "mellanlångt"], "?");
        assert_eq!(f.single(SingleRule::Longest, &[0, 1, 2]), [1]);
        assert_eq!(f.single(SingleRule::Shortest, &[0, 1, 2]), [0]);
        assert_eq!(f.single(SingleRule::MidLength, &[0, 1, 2]), [2]);
        assert_eq!(f.multiple(MultipleRule::AllButShortest, &[2, 0, 1]), [1, 2]);
        assert_eq!(f.multiple(MultipleRule::AllButLongest, &[2, 0, 1]), [0, 2]);
        assert_eq!(f.multiple(MultipleRule::LongerThanMean, &[0, 1, 2]), [1]);
    }

    #[test]
    fn ties_follow_the_shown_order() {
        let f = features(&["lika", "lika"], "?");
        assert_eq!(f.single(SingleRule::Longest, &[1, 0]), [1]);
        assert_eq!(f.single(SingleRule::Longest, &[0, 1]), [0]);
        assert_eq!(f.single(SingleRule::First, &[1, 0]), [1]);
    }

    #[test]
    fn absolute_rules() {
        let f = features(
            &["Du ska aldrig göra så", "Du gör så här", "Bara chefen får"],
            "?",
        );
        assert_eq!(f.single(SingleRule::AvoidAbsolutes, &[0, 2, 1]), [1]);
        assert_eq!(f.multiple(MultipleRule::NoAbsolutes, &[0, 1, 2]), [1]);
        assert_eq!(f.single(SingleRule::PreferAbsolutes, &[1, 2, 0]), [2]);
        assert_eq!(f.multiple(MultipleRule::OnlyAbsolutes, &[1, 2, 0]), [0, 2]);
        let all = features(&["aldrig", "alltid"], "?");
        assert_eq!(all.multiple(MultipleRule::NoAbsolutes, &[1, 0]), [0, 1]);
    }

    #[test]
    fn prompt_and_convergence_rules() {
        let f = features(
            &[
                "Ringer socialtjänsten",
                "Skriver ett brev",
                "Väntar en vecka",
            ],
            "Ska du kontakta socialtjänsten?",
        );
        assert_eq!(f.single(SingleRule::PromptLike, &[2, 1, 0]), [0]);
        assert_eq!(f.multiple(MultipleRule::PromptLike, &[2, 1, 0]), [0]);
        let c = features(
            &[
                "Anmäler till socialtjänsten",
                "Anmäler till polisen",
                "Väntar",
            ],
            "?",
        );
        assert_eq!(c.single(SingleRule::Convergent, &[2, 1, 0]), [1]);
        assert_eq!(c.multiple(MultipleRule::Convergent, &[0, 1, 2]), [0, 1]);
    }

    #[test]
    fn true_false_rules() {
        let mut q = question("q", "g", Kind::TrueFalse, &["Sant", "Falskt"], &[0]);
        q.prompt = "Ett fall. Påståendet: Det gäller bara lärare.".into();
        let f = Features::new(&q);
        assert_eq!(f.true_false(TrueFalseRule::AbsoluteFalse), [1]);
        assert_eq!(f.true_false(TrueFalseRule::AbsoluteTrue), [0]);
        assert_eq!(f.true_false(TrueFalseRule::HedgeTrue), [1]);
        assert_eq!(f.true_false(TrueFalseRule::LongerLabel), [1]);
        q.prompt = "Påståendet: Det kan gälla alla.".into();
        let f = Features::new(&q);
        assert_eq!(f.true_false(TrueFalseRule::HedgeTrue), [0]);
        assert_eq!(f.true_false(TrueFalseRule::True), [0]);
        assert_eq!(f.true_false(TrueFalseRule::False), [1]);
    }
}
