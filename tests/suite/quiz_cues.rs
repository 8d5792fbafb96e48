//! `vagvisare check` on training modules with cues (`tests/fixtures/quiz-cues`): every rule of
//! the cue check and the loader's bank rules with their exact `path:line: message`, the figures
//! printed per module, and that a module with errors fails the check.

use crate::support::{fixture, run};

#[test]
fn check_reports_every_cue_rule_with_file_and_line() {
    let out = run(&fixture("quiz-cues"), &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let a = "quizzes/modules/a-ledtradar.toml";
    let b = "quizzes/modules/b-tunt.toml";
    let c = "quizzes/modules/c-liten.toml";
    let expected = [
        // Right option longest in more than 40 % of single-answer questions (3+ options).
        format!(
            "{a}:1: rätt svar är det längsta alternativet i 3 av 4 frågor med ett rätt svar och \
             minst tre alternativ (75 %); högst 40 % är tillåtet, så skriv om några rätta svar \
             kortare eller några fel alternativ längre"
        ),
        // Absolute words only in wrong options, across the bank.
        format!(
            "{a}:1: absoluta ord (aldrig, alltid, bara, inte, alla …) finns i 2 fel alternativ men \
             inte i något rätt: den som undviker sådana ord gissar rätt oftare; använd dem också i \
             rätta svar, eller skriv om de fel alternativen"
        ),
        // Unbalanced true/false bank.
        format!(
            "{a}:1: sant/falskt-frågorna är obalanserade: 0 av 4 påståenden är sanna (0 %); \
             ungefär hälften ska vara sanna (40–60 %)"
        ),
        // One rule finds the answer too often.
        format!(
            "{a}:1: varning: i sant/falskt-frågorna hittar regeln \"alltid falskt\" rätt svar i \
             100 % av de dragna frågorna utan att läsa något (varning över 75 %): variera längd, \
             ordval och antal rätta svar"
        ),
        // The content-blind test-taker.
        format!(
            "{a}:1: en testtagare som inte har läst något klarar mer än 5 % av 2000 dragningar med \
             \"längsta svaret\" 78,0 %, \"undvik absoluta ord\" 10,5 %, \"undvik absoluta ord, \
             sedan längst\" 27,3 %, \"välj absoluta ord\" 43,8 %, \"längsta svaret, utan absoluta \
             ord\" 15,8 %, \"mest likt frågan\" 14,0 %, \"mest likt de andra alternativen\" 49,3 %, \
             \"försiktiga ord (kan, ofta)\" 49,3 %, \"kryssa i alla\" 78,0 %, \"bästa kombination \
             (enkelval: längsta utan absoluta ord, flerval: alla, sant/falskt: alltid falskt)\" \
             100,0 %: ta bort ledtrådarna i frågorna"
        ),
        // Right option more than 1.5 times the longest wrong one.
        format!(
            "{a}:16: varning: frågan \"lang\": rätt svar är 7,1 gånger så långt som det längsta fel \
             alternativet (högst 1,5): korta det rätta eller skriv fel alternativ av samma längd"
        ),
        // Right option repeats prompt words that no wrong option has.
        format!(
            "{a}:36: varning: frågan \"ord\": rätt svar upprepar ord från frågan som inget fel \
             alternativ har (\"kontaktar\", \"socialtjänsten\"): använd orden också i ett fel \
             alternativ, eller andra ord i det rätta"
        ),
        // Avoiding absolute words finds the answer.
        format!(
            "{a}:46: varning: frågan \"absolut\": bara fel alternativ har absoluta ord (aldrig, \
             bara), så den som undviker dem hittar rätt svar"
        ),
        // Every option right.
        format!(
            "{a}:56: frågan \"allt\": alla alternativ är rätt, så den som kryssar i allt får rätt; \
             lägg till minst ett fel alternativ"
        ),
        // A goal too thin for retakes.
        format!(
            "{b}:16: varning: målet \"smal\" har 2 frågor och ett försök tar upp till 2 av dem: med \
             färre än 4 frågor får ett nytt försök ofta samma frågor"
        ),
        // The loader's bank rules.
        format!(
            "{c}:9: banken har 3 frågor men draw är 2: banken behöver minst 4 frågor (dubbelt så \
             många som ett försök), så att ett nytt försök får nya frågor"
        ),
        format!(
            "{c}:9: draw är 2 men modulen har 3 mål: varje försök ska täcka alla mål, så draw \
             behöver vara minst 3"
        ),
        // The figures for each valid module.
        format!(
            "{b}: 8 frågor i banken, 4 per försök, 2 mål; rätt svar längst i 0 av 8 \
             enkelvalsfrågor med minst tre alternativ (0 %); 0 av 0 sant/falskt-påståenden är sanna"
        ),
    ];
    for line in &expected {
        assert!(
            stderr.lines().any(|l| l == line),
            "missing {line:?} in:\n{stderr}"
        );
    }
    assert!(
        stderr.lines().any(|l| l.starts_with(
            "  testtagare utan kunskap, andel godkända av 2000 dragningar: längsta svaret 78,0 %;"
        )),
        "{stderr}"
    );
    assert!(
        !stderr.contains(&format!("{c}: ")),
        "no figures for a module that does not load:\n{stderr}"
    );
    assert!(stderr.contains("check: 7 fel, 9 varningar"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
