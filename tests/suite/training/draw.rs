//! The question draw over HTTP: a new balanced draw per page load, grading on the drawn
//! questions only (pass mark of the draw, feedback policy after a fail and a pass), answers to
//! undrawn questions refused, and a token with a changed seed refused.

use super::{
    MODULE, answers, answers_each, body, drawn, escape, expect, grundkurs, parse_form, post,
};
use crate::support::TestServer;

#[test]
fn every_page_load_draws_anew_and_over_loads_the_whole_bank_is_asked() {
    let module = grundkurs();
    let server = TestServer::start("");
    let mut draws: Vec<Vec<String>> = Vec::new();
    let mut asked: std::collections::HashSet<String> = std::collections::HashSet::new();
    for _ in 0..8 {
        let form = parse_form(&body(server.get(&format!("/utbildning/{MODULE}/"))));
        assert_eq!(form.order.len(), module.draw);
        let mut ids = form.order.clone();
        ids.sort_unstable();
        asked.extend(ids.iter().cloned());
        draws.push(ids);
    }
    let mut distinct = draws.clone();
    distinct.sort_unstable();
    distinct.dedup();
    // With 3 of 6 (or 7) questions per goal, two equal draws have a chance below (1/20)^4.
    assert!(distinct.len() >= 7, "new draws per load: {draws:?}");
    assert!(
        asked.len() > module.draw,
        "more than one draw's questions over 8 loads"
    );
}

#[test]
fn a_draw_is_graded_on_its_own_questions_and_other_questions_are_refused() {
    let module = grundkurs();
    let server = TestServer::start("");
    let submit = format!("/utbildning/{MODULE}/svar");
    let fresh = || parse_form(&body(server.get(&format!("/utbildning/{MODULE}/"))));
    let draw = module.draw_size();
    let needed = module.needed_in_draw();
    assert!(needed > 0 && needed < draw, "a pass mark below all right");

    // Exactly the pass mark right (the rest wrong) passes: the pass mark is of the draw.
    let form = fresh();
    let rights: Vec<bool> = (0..draw).map(|i| i < needed).collect();
    let response = post(&server, &submit, &answers_each(&module, &form, &rights));
    assert_eq!(response.status(), 200);
    let page = body(response);
    assert!(page.contains("Godkänd"), "{page}");
    assert!(page.contains(&format!("Du hade {needed} av {draw} rätt")));
    // After a pass everything is shown: right answers and explanations of every drawn question.
    assert!(page.contains("Rätt svar:"), "right answers after a pass");
    for q in drawn(&module, &form) {
        assert!(
            page.contains(&escape(&q.explanation)),
            "{}: explanation",
            q.id
        );
    }
    assert_eq!(
        page.matches("<span class=\"fel\">Fel</span>").count(),
        draw - needed
    );

    // One fewer fails, without right answers and without the explanations of wrong ones.
    let form = fresh();
    let rights: Vec<bool> = (0..draw).map(|i| i + 1 < needed).collect();
    let page = body(post(
        &server,
        &submit,
        &answers_each(&module, &form, &rights),
    ));
    assert!(page.contains("Inte godkänd ännu"), "{page}");
    assert!(page.contains(&format!("Du hade {} av {draw} rätt", needed - 1)));
    assert!(!page.contains("Rätt svar:"));
    for (q, right) in drawn(&module, &form).into_iter().zip(&rights) {
        assert_eq!(
            page.contains(&escape(&q.explanation)),
            *right,
            "{}: explanation only of a right answer",
            q.id
        );
    }

    // A question of the bank that was not drawn: refused, also next to a complete draw.
    let form = fresh();
    let outside = module
        .questions
        .iter()
        .find(|q| !form.order.contains(&q.id))
        .expect("a question outside the draw");
    let mut fields = answers(&module, &form, true);
    fields.push((format!("q-{}", outside.id), "0".into()));
    expect(
        post(&server, &submit, &fields),
        400,
        "en fråga som inte finns i modulen",
    );
    // Swapping a drawn question for an undrawn one: refused too, and the form still works.
    let mut fields = answers(&module, &form, true);
    let last = format!("q-{}", form.order.last().expect("questions"));
    fields.retain(|(k, _)| k != &last);
    fields.push((format!("q-{}", outside.id), "0".into()));
    assert_eq!(post(&server, &submit, &fields).status(), 400);
    let fields = answers(&module, &form, true);
    assert_eq!(post(&server, &submit, &fields).status(), 200, "not used up");

    // A token with another seed (another draw) and the old signature is refused.
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let form = fresh();
    let (envelope, mac) = form.attempt.split_once('.').expect("body.mac");
    let mut json: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(envelope).expect("base64")).expect("json");
    let seed = json["d"]["s"].as_u64().expect("seed");
    json["d"]["s"] = serde_json::Value::from(seed ^ 1);
    let tampered = format!(
        "{}.{mac}",
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&json).expect("json"))
    );
    let mut fields = answers(&module, &form, true);
    fields[0].1 = tampered;
    expect(
        post(&server, &submit, &fields),
        400,
        "Formuläret är ogiltigt eller för gammalt",
    );
}
