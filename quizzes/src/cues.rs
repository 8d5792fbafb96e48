//! The cue check: finds questions whose right answer can be recognised without knowing the
//! subject (Haladyna, Downing & Rodriguez 2002: options of similar length and form, no
//! absolutes as give-aways), and runs the content-blind test-taker ([`crate::take_blind`]).
//!
//! | rule | scope | level |
//! |---|---|---|
//! | right option is the longest in more than 40 % of single-answer questions with 3+ options | module | error |
//! | right option more than 1.5 × the longest wrong one | question | warning |
//! | right option repeats words from the prompt that no wrong option has | question | warning |
//! | absolute words only in wrong options, so avoiding them finds the answer | question | warning |
//! | absolute words in wrong options only, across the bank | module | error |
//! | every option of a multiple-answer question is right | question | error |
//! | true/false bank outside 40–60 % true (and off by more than one) | module | error |
//! | a goal with fewer than twice the questions a draw takes from it | goal | warning |
//! | one rule finds the right answer in more than 50 % (true/false: 75 %) of drawn questions of a kind | module | warning |
//! | a content-blind strategy passes more than 5 % of draws | module | error |

use crate::module::{Kind, Module, Question};
use crate::taker::{MAX_PASS_RATE, SEEDS, TakerReport, take_blind};
use crate::wording::{absolutes, has_absolute, length, stems, words_with_stems};
use std::collections::BTreeSet;

/// The highest share of single-answer questions (3+ options) whose right option is longest.
pub const MAX_LONGEST_SHARE: f64 = 0.40;
/// How many times longer than the longest wrong option a right option may be.
pub const MAX_LENGTH_RATIO: f64 = 1.5;
/// Above this share of right answers, one rule is a cue for single and multiple questions.
pub const MAX_RULE_HITS: f64 = 0.5;
/// Above this share of right answers, one rule is a cue for true/false questions.
pub const MAX_TRUE_FALSE_RULE_HITS: f64 = 0.75;

/// How serious a finding is: errors fail `check` and start-up, warnings are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The module must be fixed.
    Error,
    /// Worth a look; does not fail anything.
    Warning,
}

/// One finding of the cue check, at a line of the module file. Messages are in Swedish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line in the module file.
    pub line: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// Everything the cue check found in one module, with the figures `check` prints.
#[derive(Debug, Clone, PartialEq)]
pub struct CueReport {
    /// Findings in line order.
    pub findings: Vec<Finding>,
    /// Single-answer questions with three or more options.
    pub singles: usize,
    /// How many of them have the longest option as the right one.
    pub longest_right: usize,
    /// True/false questions and how many of them are true.
    pub true_false: (usize, usize),
    /// The content-blind test-taker's results.
    pub taker: TakerReport,
}

impl CueReport {
    /// True when a finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Checks `module` for cues and runs the test-taker over [`SEEDS`] draws.
pub fn check_cues(module: &Module) -> CueReport {
    let mut findings = Vec::new();
    let mut singles = 0;
    let mut longest_right = 0;
    let (mut right_absolute, mut wrong_absolute) = (0usize, 0usize);
    let (mut tf, mut tf_true) = (0usize, 0usize);
    for q in &module.questions {
        match q.kind {
            Kind::TrueFalse => {
                tf += 1;
                if q.correct == [0] {
                    tf_true += 1;
                }
                continue;
            }
            Kind::Single if q.options.len() >= 3 => {
                singles += 1;
                if right_is_longest(q) {
                    longest_right += 1;
                }
            }
            Kind::Single | Kind::Multiple => {}
        }
        for (i, o) in q.options.iter().enumerate() {
            match (q.correct.contains(&i), has_absolute(o)) {
                (true, true) => right_absolute += 1,
                (false, true) => wrong_absolute += 1,
                _ => {}
            }
        }
        question_findings(q, &mut findings);
    }
    if singles > 0 && longest_right as f64 > MAX_LONGEST_SHARE * singles as f64 {
        findings.push(error(
            1,
            format!(
                "rätt svar är det längsta alternativet i {longest_right} av {singles} frågor med ett \
                 rätt svar och minst tre alternativ ({}); högst 40 % är tillåtet, så skriv om några \
                 rätta svar kortare eller några fel alternativ längre",
                percent(longest_right, singles)
            ),
        ));
    }
    if wrong_absolute > 0 && right_absolute == 0 {
        findings.push(error(
            1,
            format!(
                "absoluta ord (aldrig, alltid, bara, inte, alla …) finns i {wrong_absolute} fel \
                 alternativ men inte i något rätt: den som undviker sådana ord gissar rätt oftare; \
                 använd dem också i rätta svar, eller skriv om de fel alternativen"
            ),
        ));
    }
    if tf >= 2
        && tf_true.abs_diff(tf - tf_true) > 1
        && !(0.4..=0.6).contains(&(tf_true as f64 / tf as f64))
    {
        findings.push(error(
            1,
            format!(
                "sant/falskt-frågorna är obalanserade: {tf_true} av {tf} påståenden är sanna ({}); \
                 ungefär hälften ska vara sanna (40–60 %)",
                percent(tf_true, tf)
            ),
        ));
    }
    goal_findings(module, &mut findings);
    let taker = take_blind(module, SEEDS);
    for hits in &taker.best_rules {
        let (limit, what) = match hits.kind {
            Kind::Single => (MAX_RULE_HITS, "enkelvalsfrågorna"),
            Kind::Multiple => (MAX_RULE_HITS, "flervalsfrågorna"),
            Kind::TrueFalse => (MAX_TRUE_FALSE_RULE_HITS, "sant/falskt-frågorna"),
        };
        if hits.share() > limit {
            findings.push(warning(
                1,
                format!(
                    "i {what} hittar regeln \"{}\" rätt svar i {} av de dragna frågorna utan att \
                     läsa något (varning över {} %): variera längd, ordval och antal rätta svar",
                    hits.rule,
                    hits.percent(),
                    limit * 100.0
                ),
            ));
        }
    }
    let too_high = taker.too_high();
    if !too_high.is_empty() {
        let list: Vec<String> = too_high
            .iter()
            .map(|r| format!("\"{}\" {}", r.name, r.percent()))
            .collect();
        findings.push(error(
            1,
            format!(
                "en testtagare som inte har läst något klarar mer än {} % av {} dragningar med \
                 {}: ta bort ledtrådarna i frågorna",
                MAX_PASS_RATE * 100.0,
                taker.draws,
                list.join(", ")
            ),
        ));
    }
    findings.sort_by_key(|f| f.line);
    CueReport {
        findings,
        singles,
        longest_right,
        true_false: (tf, tf_true),
        taker,
    }
}

/// The per-question rules for single and multiple questions.
fn question_findings(q: &Question, findings: &mut Vec<Finding>) {
    let right: Vec<&String> = q.correct.iter().filter_map(|&i| q.options.get(i)).collect();
    let wrong: Vec<&String> = q
        .options
        .iter()
        .enumerate()
        .filter(|(i, _)| !q.correct.contains(i))
        .map(|(_, o)| o)
        .collect();
    if wrong.is_empty() {
        findings.push(error(
            q.line,
            format!(
                "frågan \"{}\": alla alternativ är rätt, så den som kryssar i allt får rätt; lägg \
                 till minst ett fel alternativ",
                q.id
            ),
        ));
        return;
    }
    let longest_wrong = wrong.iter().map(|o| length(o)).max().unwrap_or(0);
    let shortest_right = right.iter().map(|o| length(o)).min().unwrap_or(0);
    if longest_wrong > 0 && shortest_right as f64 > MAX_LENGTH_RATIO * longest_wrong as f64 {
        let ratio =
            format!("{:.1}", shortest_right as f64 / longest_wrong as f64).replace('.', ",");
        let what = if right.len() == 1 {
            "rätt svar är"
        } else {
            "alla rätta svar är minst"
        };
        findings.push(warning(
            q.line,
            format!(
                "frågan \"{}\": {what} {ratio} gånger så långt som det längsta fel alternativet \
                 (högst 1,5): korta det rätta eller skriv fel alternativ av samma längd",
                q.id
            ),
        ));
    }
    let prompt = stems(&q.prompt);
    let wrong_stems: BTreeSet<String> = wrong.iter().flat_map(|o| stems(o)).collect();
    let cue: BTreeSet<String> = right
        .iter()
        .flat_map(|o| stems(o))
        .filter(|s| prompt.contains(s) && !wrong_stems.contains(s))
        .collect();
    if !cue.is_empty() {
        let mut shown: Vec<String> = Vec::new();
        for o in &right {
            for w in words_with_stems(o, &cue) {
                if !shown.contains(&w) {
                    shown.push(w);
                }
            }
        }
        let list: Vec<String> = shown.iter().map(|w| format!("\"{w}\"")).collect();
        findings.push(warning(
            q.line,
            format!(
                "frågan \"{}\": rätt svar upprepar ord från frågan som inget fel alternativ har \
                 ({}): använd orden också i ett fel alternativ, eller andra ord i det rätta",
                q.id,
                list.join(", ")
            ),
        ));
    }
    let free: Vec<usize> = (0..q.options.len())
        .filter(|&i| q.options.get(i).is_some_and(|o| !has_absolute(o)))
        .collect();
    if free == q.correct && free.len() < q.options.len() {
        let mut words: Vec<String> = Vec::new();
        for o in &wrong {
            for w in absolutes(o) {
                if !words.contains(&w) {
                    words.push(w);
                }
            }
        }
        findings.push(warning(
            q.line,
            format!(
                "frågan \"{}\": bara fel alternativ har absoluta ord ({}), så den som undviker dem \
                 hittar rätt svar",
                q.id,
                words.join(", ")
            ),
        ));
    }
}

/// Goals too thin for retakes: fewer than twice as many questions as a draw takes from them.
fn goal_findings(module: &Module, findings: &mut Vec<Finding>) {
    let goals = module.goals.len();
    if goals == 0 {
        return;
    }
    let size = module.draw_size();
    let most = size.div_ceil(goals);
    for goal in &module.goals {
        let count = module
            .questions
            .iter()
            .filter(|q| q.goal == goal.id)
            .count();
        if count < 2 * most {
            findings.push(warning(
                goal.line,
                format!(
                    "målet \"{}\" har {count} frågor och ett försök tar upp till {most} av dem: \
                     med färre än {} frågor får ett nytt försök ofta samma frågor",
                    goal.id,
                    2 * most
                ),
            ));
        }
    }
}

/// True when the right option of a single-answer question is longer than every wrong one.
/// A tie is no cue: someone picking the longest option then has to guess among the tied.
fn right_is_longest(q: &Question) -> bool {
    let Some(right) = q.correct.first().and_then(|&i| q.options.get(i)) else {
        return false;
    };
    let len = length(right);
    q.options
        .iter()
        .enumerate()
        .filter(|(i, _)| !q.correct.contains(i))
        .all(|(_, o)| length(o) < len)
}

/// `part` of `whole` as a whole Swedish percentage, e.g. "60 %".
fn percent(part: usize, whole: usize) -> String {
    let fraction = if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    };
    format!("{} %", crate::module::percent(fraction))
}

fn error(line: usize, message: String) -> Finding {
    Finding {
        line,
        severity: Severity::Error,
        message,
    }
}

fn warning(line: usize, message: String) -> Finding {
    Finding {
        line,
        severity: Severity::Warning,
        message,
    }
}

#[cfg(test)]
mod tests;
