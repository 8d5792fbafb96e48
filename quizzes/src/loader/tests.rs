//! Loader tests: a valid module and every error with its exact `path:line: message`.

use super::*;

const VALID: &str = r#"id = "grund"
version = 2
title = "Grundkurs"
audience = "Alla nyanställda"
intro = "Om våld."
pass_mark = 0.75
minutes = 15
certificate = "Personen har klarat kunskapstestet."
reading = ["vald/index.md", "vald/former.md#psykiskt-våld"]
discussion = ["Ett?", "Två?", "Tre?"]
draw = 1
valid_months = 12

[[goals]]
id = "se"
title = "Se våld"

[[questions]]
id = "q1"
goal = "se"
kind = "single"
prompt = "Vad gör du?"
options = ["A", "B", "C"]
correct = [1]
explanation = "För att."
source = "vald/index.md#vad-är-våld"

[[questions]]
id = "q2"
goal = "se"
kind = "multiple"
prompt = "Vilka?"
options = ["A", "B", "C"]
correct = [2, 0]
explanation = "För att."
source = "vald/index.md#vad-är-våld"

[[questions]]
id = "q3"
goal = "se"
kind = "true_false"
prompt = "Sant?"
options = ["Sant", "Falskt"]
correct = [0]
explanation = "För att."
source = "vald/former.md#psykiskt-våld"
"#;

fn lookup(page: &str, anchor: Option<&str>) -> Target {
    let anchors: &[&str] = match page {
        "vald/index.md" => &["vad-är-våld"],
        "vald/former.md" => &["psykiskt-våld"],
        _ => return Target::NoPage,
    };
    match anchor {
        None => Target::Found,
        Some(a) if anchors.contains(&a) => Target::Found,
        Some(_) => Target::NoAnchor,
    }
}

fn load(text: &str) -> Result<Module, Vec<String>> {
    load_str(Path::new("m.toml"), text, &lookup)
        .map_err(|ps| ps.iter().map(ToString::to_string).collect())
}

/// Loads VALID with `from` replaced by `to` and returns the messages.
fn problems(from: &str, to: &str) -> Vec<String> {
    assert!(VALID.contains(from), "fixture lacks {from:?}");
    match load(&VALID.replacen(from, to, 1)) {
        Ok(_) => panic!("{from:?} → {to:?} should fail"),
        Err(p) => p,
    }
}

#[test]
fn loads_a_valid_module() {
    let m = load(VALID).expect("valid");
    assert_eq!(m.id, "grund");
    assert_eq!(m.version, 2);
    assert_eq!(m.pass_mark, 0.75);
    assert_eq!(m.minutes, 15);
    assert_eq!(m.questions.len(), 3);
    assert_eq!(m.questions[1].correct, vec![0, 2], "sorted");
    assert_eq!(m.questions[2].kind, Kind::TrueFalse);
    assert_eq!(m.reading.len(), 2);
    assert_eq!(m.reading[1].anchor.as_deref(), Some("psykiskt-våld"));
    assert_eq!(m.discussion.len(), 3);
    assert_eq!(m.questions[0].source.page, "vald/index.md");
    assert_eq!(m.draw, 1);
    assert_eq!(m.valid_months, 12);
    assert_eq!(m.goals.len(), 1);
    assert_eq!(
        (
            m.goals[0].id.as_str(),
            m.goals[0].title.as_str(),
            m.goals[0].line
        ),
        ("se", "Se våld", 15)
    );
    assert_eq!(m.questions[2].goal, "se");
    assert_eq!(m.questions[2].line, 39);
}

#[test]
fn pass_mark_defaults_to_eighty_percent() {
    let m = load(&VALID.replace("pass_mark = 0.75\n", "")).expect("valid");
    assert_eq!(m.pass_mark, 0.8);
}

#[test]
fn unknown_keys_are_errors() {
    assert_eq!(
        problems("minutes = 15", "minutes = 15\ntitel = \"x\""),
        ["m.toml:8: okänt fält \"titel\""]
    );
    assert_eq!(
        problems(
            "explanation = \"För att.\"\nsource",
            "explain = \"x\"\nexplanation = \"För att.\"\nsource"
        ),
        ["m.toml:25: okänt fält \"explain\""]
    );
}

#[test]
fn missing_and_mistyped_fields() {
    assert_eq!(
        problems("prompt = \"Vad gör du?\"\n", ""),
        ["m.toml:18: fältet \"prompt\" saknas"]
    );
    assert_eq!(
        problems("minutes = 15", "minutes = \"femton\""),
        ["m.toml:7: fel typ: text i stället för heltal"]
    );
    assert_eq!(
        problems("kind = \"single\"", "kind = \"ett\""),
        ["m.toml:21: okänt värde \"ett\", tillåtna värden: single, multiple, true_false"]
    );
}

#[test]
fn no_questions() {
    let text = VALID.split("[[questions]]").next().expect("head");
    assert_eq!(
        load(text).expect_err("no questions"),
        ["m.toml:1: modulen har inga frågor: lägg till minst en [[questions]]"]
    );
}

#[test]
fn correct_out_of_range() {
    assert_eq!(
        problems("correct = [1]", "correct = [3]"),
        ["m.toml:24: correct: index 3 finns inte, frågan har 3 svarsalternativ (0–2)"]
    );
    assert_eq!(
        problems("correct = [1]", "correct = [-1]"),
        ["m.toml:24: correct: index -1 finns inte, frågan har 3 svarsalternativ (0–2)"]
    );
}

#[test]
fn correct_empty_or_repeated() {
    assert_eq!(
        problems("correct = [2, 0]", "correct = []"),
        ["m.toml:34: correct är tom: ange index (från 0) för rätt svar"]
    );
    assert_eq!(
        problems("correct = [2, 0]", "correct = [2, 2]"),
        ["m.toml:34: correct: index 2 står två gånger"]
    );
}

#[test]
fn single_with_several_correct() {
    assert_eq!(
        problems("correct = [1]", "correct = [0, 1]"),
        ["m.toml:24: en single-fråga har ett rätt svar, men correct har 2"]
    );
    assert_eq!(
        problems("correct = [0]", "correct = [0, 1]"),
        ["m.toml:44: en true_false-fråga har ett rätt svar, men correct har 2"]
    );
}

#[test]
fn true_false_needs_exactly_two_options() {
    assert_eq!(
        problems(
            "[\"Sant\", \"Falskt\"]",
            "[\"Sant\", \"Falskt\", \"Vet inte\"]"
        ),
        ["m.toml:43: en true_false-fråga ska ha exakt två svarsalternativ, inte 3"]
    );
}

#[test]
fn too_few_or_repeated_options() {
    assert_eq!(
        problems(
            "options = [\"A\", \"B\", \"C\"]\ncorrect = [1]",
            "options = [\"A\"]\ncorrect = [0]"
        ),
        ["m.toml:23: en fråga behöver minst två svarsalternativ"]
    );
    assert_eq!(
        problems(
            "options = [\"A\", \"B\", \"C\"]",
            "options = [\"A\", \"B\", \"A\"]"
        ),
        ["m.toml:23: två svarsalternativ har samma text \"A\""]
    );
}

#[test]
fn duplicate_question_ids() {
    assert_eq!(
        problems("id = \"q2\"", "id = \"q1\""),
        ["m.toml:29: fråge-id \"q1\" finns redan på rad 19"]
    );
}

#[test]
fn invalid_ids() {
    assert_eq!(
        problems("id = \"grund\"", "id = \"Grund kurs\""),
        [
            "m.toml:1: ogiltigt modul-id \"Grund kurs\": använd a–z, siffror och bindestreck (högst 60 tecken)"
        ]
    );
    assert_eq!(
        problems("id = \"grund\"", "id = \"intyg\""),
        ["m.toml:1: modul-id \"intyg\" är reserverat för webbadresser, välj ett annat"]
    );
    assert_eq!(
        problems("id = \"q3\"", "id = \"q 3\""),
        [
            "m.toml:39: ogiltigt fråge-id \"q 3\": använd a–z, siffror och bindestreck (högst 60 tecken)"
        ]
    );
}

#[test]
fn source_problems() {
    assert_eq!(
        problems(
            "source = \"vald/index.md#vad-är-våld\"",
            "source = \"vald/index.md\""
        ),
        ["m.toml:26: källan \"vald/index.md\" saknar ankare: skriv sida.md#rubrik"]
    );
    assert_eq!(
        problems(
            "source = \"vald/index.md#vad-är-våld\"",
            "source = \"vald/saknas.md#x\""
        ),
        ["m.toml:26: källan \"vald/saknas.md#x\": sidan vald/saknas.md finns inte"]
    );
    assert_eq!(
        problems(
            "source = \"vald/index.md#vad-är-våld\"",
            "source = \"vald/index.md#fel\""
        ),
        [
            "m.toml:26: källan \"vald/index.md#fel\": sidan vald/index.md har ingen rubrik med ankaret \"#fel\""
        ]
    );
    assert_eq!(
        problems(
            "source = \"vald/index.md#vad-är-våld\"",
            "source = \"https://x.se/a.md#b\""
        ),
        [
            "m.toml:26: ogiltig källa: \"https://x.se/a.md#b\" ska vara en sökväg inom content/, till exempel barn/orosanmalan.md"
        ]
    );
}

#[test]
fn reading_list_is_checked() {
    assert_eq!(
        problems("\"vald/index.md\", ", "\"vald/borta.md\", "),
        ["m.toml:9: källan \"vald/borta.md\": sidan vald/borta.md finns inte"]
    );
}

#[test]
fn discussion_needs_three_to_five() {
    assert_eq!(
        problems(
            "discussion = [\"Ett?\", \"Två?\", \"Tre?\"]",
            "discussion = [\"Ett?\"]"
        ),
        ["m.toml:10: discussion ska ha 3–5 frågor, inte 1"]
    );
    assert_eq!(
        problems("discussion = [\"Ett?\", \"Två?\", \"Tre?\"]\n", ""),
        ["m.toml:1: fältet \"discussion\" saknas: skriv 3–5 frågor att diskutera i arbetsgruppen"]
    );
}

#[test]
fn numbers_out_of_range() {
    assert_eq!(
        problems("pass_mark = 0.75", "pass_mark = 80"),
        ["m.toml:6: pass_mark ska vara en andel större än 0 och högst 1, till exempel 0.8"]
    );
    assert_eq!(
        problems("version = 2", "version = 0"),
        ["m.toml:2: version ska vara ett heltal från 1 och uppåt"]
    );
    assert_eq!(
        problems("minutes = 15", "minutes = 0"),
        ["m.toml:7: minutes ska vara ett antal minuter mellan 1 och 600"]
    );
}

#[test]
fn all_problems_are_collected() {
    let text = VALID
        .replacen("correct = [1]", "correct = [7]", 1)
        .replacen("id = \"q2\"", "id = \"q1\"", 1)
        .replacen("[\"Sant\", \"Falskt\"]", "[\"Sant\"]", 1)
        .replacen("title = \"Grundkurs\"", "title = \" \"", 1);
    assert_eq!(
        load(&text).expect_err("invalid"),
        [
            "m.toml:3: fältet \"title\" är tomt",
            "m.toml:24: correct: index 7 finns inte, frågan har 3 svarsalternativ (0–2)",
            "m.toml:29: fråge-id \"q1\" finns redan på rad 19",
            "m.toml:43: en true_false-fråga ska ha exakt två svarsalternativ, inte 1",
        ]
    );
}

#[test]
fn syntax_errors_have_a_line() {
    let p = problems("minutes = 15", "minutes = = 15");
    assert_eq!(p.len(), 1);
    assert!(p[0].starts_with("m.toml:7: ogiltig TOML: "), "{p:?}");
}

#[test]
fn load_dir_collects_problems_from_all_files_and_duplicate_module_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.toml"), VALID).expect("write");
    std::fs::write(dir.path().join("b.toml"), VALID).expect("write");
    std::fs::write(
        dir.path().join("c.toml"),
        VALID
            .replacen("id = \"grund\"", "id = \"annan\"", 1)
            .replacen("correct = [1]", "correct = [5]", 1),
    )
    .expect("write");
    std::fs::write(dir.path().join("notes.txt"), "ignored").expect("write");
    let err = load_dir(dir.path(), &lookup).expect_err("invalid");
    let Error::Invalid(problems) = err else {
        panic!("expected Invalid, got {err}")
    };
    let a = dir.path().join("a.toml").display().to_string();
    let b = dir.path().join("b.toml").display().to_string();
    let c = dir.path().join("c.toml").display().to_string();
    let got: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            format!("{b}:1: modul-id \"grund\" används redan i {a}:1"),
            format!("{c}:24: correct: index 5 finns inte, frågan har 3 svarsalternativ (0–2)"),
        ]
    );
}

#[test]
fn load_dir_returns_modules_in_file_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("2.toml"), VALID).expect("write");
    std::fs::write(
        dir.path().join("1.toml"),
        VALID.replacen("id = \"grund\"", "id = \"forst\"", 1),
    )
    .expect("write");
    let catalog = load_dir(dir.path(), &lookup).expect("valid");
    let ids: Vec<&str> = catalog.modules().iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["forst", "grund"]);
    assert!(catalog.get("grund").is_some());
    assert!(catalog.get("saknas").is_none());
}

#[test]
fn missing_folder_is_a_read_error() {
    let err = load_dir(Path::new("/finns/inte"), &lookup).expect_err("missing");
    assert!(matches!(err, Error::Read { .. }));
}

#[test]
fn valid_months_defaults_to_two_years() {
    let m = load(&VALID.replace("valid_months = 12\n", "")).expect("valid");
    assert_eq!(m.valid_months, 24);
}

#[test]
fn draw_and_valid_months_are_checked() {
    assert_eq!(
        problems("draw = 1\n", ""),
        ["m.toml:1: fältet \"draw\" saknas"]
    );
    assert_eq!(
        problems("draw = 1", "draw = 0"),
        ["m.toml:11: draw ska vara ett antal frågor mellan 1 och 100"]
    );
    assert_eq!(
        problems("valid_months = 12", "valid_months = 0"),
        ["m.toml:12: valid_months ska vara ett antal månader mellan 1 och 120, till exempel 24"]
    );
}

#[test]
fn goals_are_required_and_checked() {
    assert_eq!(
        problems("[[goals]]\nid = \"se\"\ntitle = \"Se våld\"\n", ""),
        ["m.toml:1: modulen har inga lärandemål: lägg till minst ett [[goals]] med id och title"]
    );
    assert_eq!(
        problems(
            "title = \"Se våld\"",
            "title = \"Se våld\"\nbeskrivning = \"x\""
        ),
        ["m.toml:17: okänt fält \"beskrivning\""]
    );
    assert_eq!(
        problems("title = \"Se våld\"", "title = \" \""),
        ["m.toml:16: fältet \"title\" är tomt"]
    );
    assert_eq!(
        problems("id = \"se\"", "id = \"Se\""),
        [
            "m.toml:15: ogiltigt mål-id \"Se\": använd a–z, siffror och bindestreck (högst 60 tecken)",
            "m.toml:20: okänt mål \"se\": målen i modulen är Se",
            "m.toml:30: okänt mål \"se\": målen i modulen är Se",
            "m.toml:40: okänt mål \"se\": målen i modulen är Se",
        ]
    );
}

#[test]
fn every_question_names_a_known_goal() {
    assert_eq!(
        problems("goal = \"se\"", "goal = \"gora\""),
        ["m.toml:20: okänt mål \"gora\": målen i modulen är se"]
    );
    assert_eq!(
        problems("goal = \"se\"\n", ""),
        ["m.toml:18: fältet \"goal\" saknas"]
    );
}

/// A module with the given goals (id, number of single-answer questions) and draw.
fn bank_text(goals: &[(&str, usize)], draw: usize) -> String {
    let head = VALID.split("[[goals]]").next().expect("head");
    let mut text = head.replace("draw = 1", &format!("draw = {draw}"));
    for (id, _) in goals {
        text.push_str(&format!(
            "[[goals]]\nid = \"{id}\"\ntitle = \"Mål {id}\"\n\n"
        ));
    }
    for (id, n) in goals {
        for q in 0..*n {
            text.push_str(&format!(
                "[[questions]]\nid = \"{id}-{q}\"\ngoal = \"{id}\"\nkind = \"single\"\n\
                 prompt = \"?\"\noptions = [\"A\", \"B\"]\ncorrect = [0]\n\
                 explanation = \"!\"\nsource = \"vald/index.md#vad-är-våld\"\n\n"
            ));
        }
    }
    text
}

#[test]
fn a_goal_without_questions_and_duplicate_goals() {
    let text = bank_text(&[("a", 4), ("b", 0)], 2);
    assert_eq!(
        load(&text).expect_err("empty goal"),
        [
            "m.toml:19: målet \"b\" har inga frågor: skriv frågor med goal = \"b\" eller ta bort målet"
        ]
    );
    let text = bank_text(&[("a", 4), ("a", 0)], 2);
    assert_eq!(
        load(&text).expect_err("duplicate goal"),
        ["m.toml:19: mål-id \"a\" finns redan på rad 15"]
    );
}

#[test]
fn the_bank_holds_twice_the_draw() {
    assert_eq!(
        problems("draw = 1", "draw = 2"),
        [
            "m.toml:11: banken har 3 frågor men draw är 2: banken behöver minst 4 frågor (dubbelt så många som ett försök), så att ett nytt försök får nya frågor"
        ]
    );
    assert!(load(&bank_text(&[("a", 6), ("b", 6)], 6)).is_ok());
}

#[test]
fn the_draw_must_cover_every_goal_evenly() {
    assert_eq!(
        load(&bank_text(&[("a", 4), ("b", 4), ("c", 4)], 2)).expect_err("too few"),
        [
            "m.toml:11: draw är 2 men modulen har 3 mål: varje försök ska täcka alla mål, så draw behöver vara minst 3"
        ]
    );
    assert_eq!(
        load(&bank_text(&[("a", 7), ("b", 1)], 4)).expect_err("thin goal"),
        [
            "m.toml:19: målet \"b\" har 1 fråga, men varje försök drar minst 2 frågor per mål (draw 4 delat på 2 mål)"
        ]
    );
    assert_eq!(
        load(&bank_text(&[("a", 8), ("b", 1), ("c", 1)], 5)).expect_err("uneven"),
        [
            "m.toml:11: draw 5 går inte att dela jämnt på 3 mål: 2 mål behöver 2 frågor var, men bara 1 mål har så många"
        ]
    );
    let m = load(&bank_text(&[("a", 8), ("b", 2), ("c", 2)], 5)).expect("even");
    assert_eq!((m.draw, m.goals.len(), m.questions.len()), (5, 3, 12));
}

#[test]
fn problems_come_in_line_order() {
    let text = VALID
        .replacen("correct = [1]", "correct = [7]", 1)
        .replacen("draw = 1", "draw = 0", 1);
    assert_eq!(
        load(&text).expect_err("invalid"),
        [
            "m.toml:11: draw ska vara ett antal frågor mellan 1 och 100",
            "m.toml:24: correct: index 7 finns inte, frågan har 3 svarsalternativ (0–2)",
        ]
    );
}
