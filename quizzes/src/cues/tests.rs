//! Cue check tests: one small module per rule, written as inline TOML and loaded by the real
//! loader, asserting the exact `line: message` of each finding.

use super::*;
use crate::loader::load_str;
use crate::source::Target;
use std::path::Path;

/// Lines 1–13; each question adds ten lines, so question k (from 0) has its id on line 16 + 10k.
const HEAD: &str = r#"id = "m"
version = 1
title = "T"
audience = "A"
intro = "I"
minutes = 5
certificate = "C"
discussion = ["a?", "b?", "c?"]
draw = DRAW

[[goals]]
id = "g"
title = "Mål"
"#;

/// One `[[questions]]` table of 9 lines (plus a blank line before it).
fn q(id: &str, kind: &str, prompt: &str, options: &[&str], correct: &[usize]) -> String {
    let options: Vec<String> = options.iter().map(|o| format!("{o:?}")).collect();
    let correct: Vec<String> = correct.iter().map(ToString::to_string).collect();
    format!(
        "\n[[questions]]\nid = \"{id}\"\ngoal = \"g\"\nkind = \"{kind}\"\nprompt = {prompt:?}\n\
         options = [{}]\ncorrect = [{}]\nexplanation = \"!\"\nsource = \"a.md#b\"\n",
        options.join(", "),
        correct.join(", ")
    )
}

fn report(draw: usize, questions: &[String]) -> CueReport {
    let text = HEAD.replace("DRAW", &draw.to_string()) + &questions.concat();
    let lookup = |_: &str, _: Option<&str>| Target::Found;
    let module = load_str(Path::new("m.toml"), &text, &lookup).expect("valid module");
    check_cues(&module)
}

fn messages(r: &CueReport) -> Vec<String> {
    r.findings
        .iter()
        .map(|f| {
            let level = match f.severity {
                Severity::Error => "fel",
                Severity::Warning => "varning",
            };
            format!("{}: {level}: {}", f.line, f.message)
        })
        .collect()
}

fn has(r: &CueReport, expected: &str) {
    let all = messages(r);
    assert!(
        all.iter().any(|m| m == expected),
        "missing {expected:?} in:\n{}",
        all.join("\n")
    );
}

fn lacks(r: &CueReport, start: &str) {
    let all = messages(r);
    assert!(
        !all.iter().any(|m| m.contains(start)),
        "unexpected {start:?} in:\n{}",
        all.join("\n")
    );
}

/// A neutral single-answer question: options of equal length and form, right option `right`.
/// Equal lengths are no cue: the right option counts as longest only when strictly longest.
fn neutral(id: &str, right: usize) -> String {
    q(
        id,
        "single",
        "Vilken?",
        &["Röd ruta", "Gul ruta", "Blå ruta", "Vit ruta"],
        &[right],
    )
}

#[test]
fn a_neutral_bank_has_no_findings() {
    let qs: Vec<String> = (0..12).map(|i| neutral(&format!("q{i}"), i % 4)).collect();
    let r = report(6, &qs);
    assert_eq!(messages(&r), Vec::<String>::new());
    assert_eq!((r.singles, r.longest_right), (12, 0));
    assert!(!r.has_errors());
}

#[test]
fn right_option_longest_too_often() {
    let long = |id: &str| {
        q(
            id,
            "single",
            "Vad?",
            &["Ett längre svar här", "Kort", "Kortare"],
            &[0],
        )
    };
    let mut qs = vec![long("a"), long("b"), long("c")];
    qs.extend((0..2).map(|i| neutral(&format!("n{i}"), 1)));
    let r = report(2, &qs);
    assert_eq!((r.singles, r.longest_right), (5, 3));
    has(
        &r,
        "1: fel: rätt svar är det längsta alternativet i 3 av 5 frågor med ett rätt svar och minst \
         tre alternativ (60 %); högst 40 % är tillåtet, så skriv om några rätta svar kortare eller \
         några fel alternativ längre",
    );
    // Two of five is 40 %: allowed. Two-option questions do not count.
    let mut qs = vec![long("a"), long("b")];
    qs.extend((0..3).map(|i| neutral(&format!("n{i}"), 1)));
    qs.push(q(
        "two",
        "single",
        "Vad?",
        &["Ett längre svar här", "Kort"],
        &[0],
    ));
    let r = report(2, &qs);
    assert_eq!((r.singles, r.longest_right), (5, 2));
    lacks(&r, "längsta alternativet");
}

#[test]
fn right_option_much_longer_than_every_wrong_one() {
    let qs = vec![
        q(
            "a",
            "single",
            "Vad?",
            &["Ringer socialtjänsten i dag", "Väntar", "Skriver"],
            &[0],
        ),
        neutral("n1", 1),
        neutral("n2", 2),
        neutral("n3", 3),
        q(
            "b",
            "multiple",
            "Vilka?",
            &["Ringer polisen direkt", "Skriver ner det", "Ja", "Nej"],
            &[0, 1],
        ),
    ];
    let r = report(2, &qs);
    has(
        &r,
        "16: varning: frågan \"a\": rätt svar är 3,9 gånger så långt som det längsta fel \
         alternativet (högst 1,5): korta det rätta eller skriv fel alternativ av samma längd",
    );
    has(
        &r,
        "56: varning: frågan \"b\": alla rätta svar är minst 5,0 gånger så långt som det längsta \
         fel alternativet (högst 1,5): korta det rätta eller skriv fel alternativ av samma längd",
    );
}

#[test]
fn right_option_repeats_words_from_the_prompt() {
    let qs = vec![
        q(
            "a",
            "single",
            "Ska du kontakta socialtjänsten eller föräldrarna?",
            &[
                "Kontaktar socialtjänsten",
                "Skriver ett brev",
                "Väntar en vecka",
            ],
            &[0],
        ),
        // The same word in a wrong option is no cue.
        q(
            "b",
            "single",
            "Ska du kontakta socialtjänsten?",
            &[
                "Kontaktar socialtjänsten nu",
                "Kontaktar socialtjänsten sen",
                "Väntar en vecka",
            ],
            &[0],
        ),
        neutral("n1", 1),
        neutral("n2", 2),
    ];
    let r = report(2, &qs);
    has(
        &r,
        "16: varning: frågan \"a\": rätt svar upprepar ord från frågan som inget fel alternativ har \
         (\"kontaktar\", \"socialtjänsten\"): använd orden också i ett fel alternativ, eller andra \
         ord i det rätta",
    );
    let all = messages(&r);
    assert!(
        !all.iter()
            .any(|m| m.contains("frågan \"b\": rätt svar upprepar")),
        "{all:?}"
    );
}

#[test]
fn absolutes_only_in_wrong_options() {
    let qs = vec![
        q(
            "a",
            "single",
            "Vad?",
            &["Du frågar igen", "Du frågar aldrig", "Bara chefen frågar"],
            &[0],
        ),
        q(
            "b",
            "multiple",
            "Vilka?",
            &["Du ringer", "Du skriver", "Du väntar alltid"],
            &[0, 1],
        ),
        neutral("n1", 1),
        neutral("n2", 2),
    ];
    let r = report(2, &qs);
    has(
        &r,
        "16: varning: frågan \"a\": bara fel alternativ har absoluta ord (aldrig, bara), så den som \
         undviker dem hittar rätt svar",
    );
    has(
        &r,
        "26: varning: frågan \"b\": bara fel alternativ har absoluta ord (alltid), så den som \
         undviker dem hittar rätt svar",
    );
    has(
        &r,
        "1: fel: absoluta ord (aldrig, alltid, bara, inte, alla …) finns i 3 fel alternativ men inte \
         i något rätt: den som undviker sådana ord gissar rätt oftare; använd dem också i rätta \
         svar, eller skriv om de fel alternativen",
    );
    // One right option with an absolute word spreads them, and a question where an absolute
    // word sits in a right option too is no give-away.
    let qs = vec![
        q(
            "a",
            "single",
            "Vad?",
            &["Du frågar igen", "Du frågar aldrig", "Bara chefen frågar"],
            &[0],
        ),
        q(
            "c",
            "single",
            "Vad?",
            &["Du frågar inte", "Du väntar alltid", "Du skriver"],
            &[0],
        ),
        neutral("n1", 1),
        neutral("n2", 2),
    ];
    let r = report(2, &qs);
    lacks(&r, "absoluta ord (aldrig, alltid, bara, inte, alla …)");
    lacks(&r, "frågan \"c\": bara fel");
}

#[test]
fn every_option_right_in_a_multiple_question() {
    let qs = vec![
        q(
            "a",
            "multiple",
            "Vilka?",
            &["Rött kort", "Gult kort", "Blått kort"],
            &[0, 1, 2],
        ),
        neutral("n1", 1),
    ];
    let r = report(1, &qs);
    has(
        &r,
        "16: fel: frågan \"a\": alla alternativ är rätt, så den som kryssar i allt får rätt; lägg \
         till minst ett fel alternativ",
    );
}

#[test]
fn true_false_balance() {
    let tf = |id: &str, right: usize| {
        q(
            id,
            "true_false",
            "Påståendet: Det gäller.",
            &["Sant", "Falskt"],
            &[right],
        )
    };
    let r = report(2, &[tf("a", 1), tf("b", 1), tf("c", 1), tf("d", 0)]);
    assert_eq!(r.true_false, (4, 1));
    has(
        &r,
        "1: fel: sant/falskt-frågorna är obalanserade: 1 av 4 påståenden är sanna (25 %); ungefär \
         hälften ska vara sanna (40–60 %)",
    );
    // 2 of 5 true (40 %) and 2 of 3 (off by one) are balanced.
    let r = report(
        2,
        &[tf("a", 1), tf("b", 1), tf("c", 1), tf("d", 0), tf("e", 0)],
    );
    lacks(&r, "obalanserade");
    let r = report(1, &[tf("a", 0), tf("b", 0), tf("c", 1)]);
    lacks(&r, "obalanserade");
}

#[test]
fn goals_too_thin_for_retakes() {
    let text = HEAD.replace("DRAW", "4")
        + "\n[[goals]]\nid = \"h\"\ntitle = \"Mål två\"\n"
        + &(0..5)
            .map(|i| neutral(&format!("g{i}"), i % 4))
            .collect::<String>()
        + &(0..3)
            .map(|i| neutral(&format!("h{i}"), i % 4).replace("goal = \"g\"", "goal = \"h\""))
            .collect::<String>();
    let lookup = |_: &str, _: Option<&str>| Target::Found;
    let module = load_str(Path::new("m.toml"), &text, &lookup).expect("valid module");
    let r = check_cues(&module);
    has(
        &r,
        "16: varning: målet \"h\" har 3 frågor och ett försök tar upp till 2 av dem: med färre än 4 \
         frågor får ett nytt försök ofta samma frågor",
    );
    lacks(&r, "målet \"g\"");
}

#[test]
fn a_content_blind_strategy_that_passes_fails_the_module() {
    let long = |id: &str, right: usize| {
        let mut options = vec!["Kort svar", "Ett svar", "Svar här"];
        options[right] = "Det här är det längsta svaret";
        q(id, "single", "Vad?", &options, &[right])
    };
    let qs: Vec<String> = (0..10).map(|i| long(&format!("q{i}"), i % 3)).collect();
    let r = report(5, &qs);
    assert_eq!(
        r.taker.rates[0].passed, r.taker.draws,
        "longest always passes"
    );
    has(
        &r,
        "1: fel: en testtagare som inte har läst något klarar mer än 5 % av 2000 dragningar med \
         \"längsta svaret\" 100,0 %, \"undvik absoluta ord, sedan längst\" 100,0 %, \"längsta svaret, \
         utan absoluta ord\" 100,0 %, \"kryssa i alla\" 100,0 %, \"bästa kombination (enkelval: längsta, flerval: alla, sant/falskt: alltid sant)\" \
         100,0 %: ta bort ledtrådarna i frågorna",
    );
    assert!(r.has_errors());
}

/// The bundled modules, loaded without checking sources (the root crate's `check` does that).
fn bundled() -> Vec<crate::module::Module> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("modules");
    let lookup = |_: &str, _: Option<&str>| Target::Found;
    crate::loader::load_dir(&dir, &lookup)
        .expect("bundled modules load")
        .modules()
        .to_vec()
}

#[test]
fn the_bundled_modules_have_no_cue_findings_and_resist_the_test_taker() {
    let modules = bundled();
    assert_eq!(modules.len(), 5);
    for m in &modules {
        let r = check_cues(m);
        assert_eq!(messages(&r), Vec::<String>::new(), "{}", m.id);
        assert!(m.questions.len() >= 2 * m.draw, "{}: bank", m.id);
        assert!(
            r.longest_right as f64 <= MAX_LONGEST_SHARE * r.singles as f64,
            "{}",
            m.id
        );
        for rate in r.taker.rates.iter().chain([&r.taker.best]) {
            assert!(
                rate.share() <= 0.01,
                "{}: {} {}",
                m.id,
                rate.name,
                rate.percent()
            );
        }
    }
}
