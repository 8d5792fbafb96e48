//! Training over HTTP on the real server: taking a module to a verified certificate, every kind
//! of bad input, that module pages show a balanced draw and never reveal answers, the admin
//! report and CSV, records across a restart, concurrent submissions, and `check` on broken module
//! files. New draws per page load and grading on the draw are in [`draw`].

use crate::support::{TestServer, client, fixture, repo_root, run};
use reqwest::blocking::Response;
use std::collections::HashMap;
use vagvisare_quizzes::{Catalog, Kind, Module, Question, Target, load_dir};

mod draw;

pub(crate) const TOKEN: &str = "testnyckel-som-ar-lang-nog-for-admin";
pub(crate) const MODULE: &str = "grundkurs";

/// The bundled modules, read the way the server reads them (sources are checked by `check`).
pub(crate) fn catalog() -> Catalog {
    load_dir(
        &repo_root().join("quizzes/modules"),
        &|_: &str, _: Option<&str>| Target::Found,
    )
    .expect("bundled modules load")
}

/// Escapes text the way maud does, to find it in a page.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The value of attribute `name` in the first tag of `html` that contains `marker`.
pub(crate) fn attr_after(html: &str, marker: &str, name: &str) -> Option<String> {
    let start = html.find(marker)?;
    let tag_start = html[..start].rfind('<')?;
    let tag_end = start + html[start..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let key = format!("{name}=\"");
    let from = tag.find(&key)? + key.len();
    let len = tag[from..].find('"')?;
    Some(tag[from..from + len].to_string())
}

/// A quiz form as shown: the attempt id, the drawn question ids in page order and, per
/// question id, the shown options (value, label).
pub(crate) struct QuizForm {
    pub(crate) attempt: String,
    pub(crate) order: Vec<String>,
    pub(crate) options: HashMap<String, Vec<(String, String)>>,
}

pub(crate) fn parse_form(html: &str) -> QuizForm {
    let attempt = attr_after(html, "name=\"forsok\"", "value").expect("attempt field");
    let mut options: HashMap<String, Vec<(String, String)>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<div class=\"alternativ\">") {
        rest = &rest[i + 1..];
        let name = attr_after(rest, "name=\"q-", "name").expect("name");
        let value = attr_after(rest, "name=\"q-", "value").expect("value");
        let label_start = rest.find("<label").expect("label");
        let text_start = label_start + rest[label_start..].find('>').expect("label end") + 1;
        let text_end = text_start + rest[text_start..].find("</label>").expect("label close");
        let label = rest[text_start..text_end].to_string();
        let id = name.strip_prefix("q-").expect("q- prefix").to_string();
        if !order.contains(&id) {
            order.push(id.clone());
        }
        options.entry(id).or_default().push((value, label));
    }
    QuizForm {
        attempt,
        order,
        options,
    }
}

/// The drawn questions of a form, in page order.
pub(crate) fn drawn<'m>(module: &'m Module, form: &QuizForm) -> Vec<&'m Question> {
    form.order
        .iter()
        .map(|id| {
            module
                .questions
                .iter()
                .find(|q| &q.id == id)
                .unwrap_or_else(|| panic!("{id}: a question of {}", module.id))
        })
        .collect()
}

/// Form fields answering every question on the page; `right` picks the right options,
/// otherwise the first shown wrong one.
pub(crate) fn answers(module: &Module, form: &QuizForm, right: bool) -> Vec<(String, String)> {
    let rights = vec![right; form.order.len()];
    answers_each(module, form, &rights)
}

/// Form fields answering the question at page position `i` right when `right[i]`.
pub(crate) fn answers_each(
    module: &Module,
    form: &QuizForm,
    right: &[bool],
) -> Vec<(String, String)> {
    let mut fields = vec![("forsok".to_string(), form.attempt.clone())];
    for (q, &right) in drawn(module, form).into_iter().zip(right) {
        let shown = form.options.get(&q.id).expect("question on page");
        let right_labels: Vec<String> = q.correct.iter().map(|&i| escape(&q.options[i])).collect();
        let picks: Vec<&(String, String)> = if right {
            shown
                .iter()
                .filter(|(_, l)| right_labels.contains(l))
                .collect()
        } else {
            shown
                .iter()
                .filter(|(_, l)| !right_labels.contains(l))
                .take(1)
                .collect()
        };
        assert!(!picks.is_empty(), "{}: options found", q.id);
        for (value, _) in picks {
            fields.push((format!("q-{}", q.id), value.clone()));
        }
    }
    fields
}

pub(crate) fn origin(server: &TestServer) -> String {
    server.base.clone()
}

/// POSTs a form with a same-origin `Origin` header.
pub(crate) fn post(server: &TestServer, path: &str, fields: &[(String, String)]) -> Response {
    client()
        .post(server.url(path))
        .header("origin", origin(server))
        .form(fields)
        .send()
        .expect("request")
}

pub(crate) fn body(response: Response) -> String {
    response.text().expect("body")
}

pub(crate) fn grundkurs() -> Module {
    catalog().get(MODULE).expect("grundkurs module").clone()
}

/// Opens the module, answers (right or wrong) and returns the result page.
pub(crate) fn take(server: &TestServer, module: &Module, right: bool) -> (u16, String) {
    let page = body(server.get(&format!("/utbildning/{}/", module.id)));
    let form = parse_form(&page);
    let response = post(
        server,
        &format!("/utbildning/{}/svar", module.id),
        &answers(module, &form, right),
    );
    (response.status().as_u16(), body(response))
}

/// Passes the module and gets a certificate for `name`; returns the code.
pub(crate) fn certify(server: &TestServer, module: &Module, name: &str, unit: &str) -> String {
    let (status, result) = take(server, module, true);
    assert_eq!(status, 200, "{result}");
    assert!(result.contains("Godkänd"), "passed");
    let token = attr_after(&result, "name=\"resultat\"", "value").expect("result token");
    let fields = vec![
        ("resultat".to_string(), token),
        ("namn".to_string(), name.to_string()),
        ("enhet".to_string(), unit.to_string()),
    ];
    let response = post(server, &format!("/utbildning/{}/intyg", module.id), &fields);
    assert_eq!(response.status(), 200);
    let page = body(response);
    let mark = format!(
        "med {} av {} rätt (gränsen för godkänt är {} rätt)",
        module.draw_size(),
        module.draw_size(),
        module.needed_in_draw()
    );
    assert!(page.contains(&mark), "{mark} on the certificate");
    let start = page.find("Kontrollkod: <strong>").expect("code") + "Kontrollkod: <strong>".len();
    page[start..start + 24].to_string()
}

#[test]
fn take_a_module_to_a_certificate_verify_it_and_keep_it_after_a_restart() {
    let module = grundkurs();
    let server = TestServer::start("");

    let list = server.get("/utbildning/");
    assert_eq!(list.status(), 200);
    let list = body(list);
    for m in catalog().modules() {
        assert!(list.contains(&escape(&m.title)), "{} listed", m.id);
        assert!(
            list.contains(&escape(&m.certificate)),
            "{}: what it proves",
            m.id
        );
        let mark = format!(
            "Minst {} av {} rätt ({} %)",
            m.needed_in_draw(),
            m.draw_size(),
            m.pass_percent()
        );
        assert!(list.contains(&mark), "{}: pass mark {mark}", m.id);
    }

    // The feedback policy is explained on the training page and on the module page.
    let policy = "Är du inte godkänd får du inte veta vilket svar som är rätt";
    assert!(list.contains(policy), "policy on /utbildning/");
    assert!(
        body(server.get(&format!("/utbildning/{}/", module.id))).contains(policy),
        "policy on the module page"
    );

    // A failed attempt shows the score, which questions were wrong and the page to read, but
    // not the right options (M3: they made certificates scriptable) nor the explanations of
    // the wrong answers.
    let (status, failed) = take(&server, &module, false);
    assert_eq!(status, 200);
    assert!(failed.contains("Inte godkänd ännu"));
    assert!(failed.contains(&format!("Du hade 0 av {} rätt", module.draw_size())));
    assert!(
        !failed.contains("name=\"resultat\""),
        "no certificate form on a fail"
    );
    assert!(!failed.contains("Rätt svar:"), "no right answers on a fail");
    for q in &module.questions {
        assert!(
            !failed.contains(&escape(&q.explanation)),
            "{}: no explanation of a wrong answer",
            q.id
        );
        if failed.contains(&escape(&q.prompt)) {
            let anchor = format!("#{}\"", q.source.anchor.as_deref().unwrap_or_default());
            assert!(failed.contains(&anchor), "{}: source link", q.id);
        }
    }
    assert_eq!(
        failed.matches("<span class=\"fel\">Fel</span>").count(),
        module.draw_size(),
        "each wrong question is marked"
    );

    // A pass gives a certificate; the page is printable and carries the code.
    let code = certify(&server, &module, "Åsa <Öberg>", "Norra enheten");
    assert_eq!(code.len(), 24);
    let verify = server.get(&format!("/utbildning/intyg/{code}"));
    assert_eq!(verify.status(), 200);
    let page = body(verify);
    assert!(page.contains("Intyget är giltigt"));
    assert!(page.contains("Åsa &lt;Öberg&gt;"), "name escaped");
    assert!(!page.contains("<Öberg>"));
    assert!(page.contains(&escape(&module.title)));
    // The facts a manager needs (more in the certificates module), nothing else.
    assert!(page.contains("<dt>Enhet</dt><dd>Norra enheten</dd>"));
    assert!(page.contains("<dt>Giltigt till</dt>"));

    // Typed codes are forgiving; unknown ones are a Swedish 404.
    let typed = client()
        .get(server.url(&format!(
            "/utbildning/intyg?kod={}",
            code.to_lowercase().replace('-', "")
        )))
        .send()
        .expect("request");
    assert_eq!(typed.status(), 303);
    assert_eq!(
        typed
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some(format!("/utbildning/intyg/{code}").as_str())
    );
    for unknown in [
        "/utbildning/intyg/0000-0000-0000-0000-0000",
        "/utbildning/intyg/x",
        "/utbildning/intyg?kod=nej",
    ] {
        let response = server.get(unknown);
        assert_eq!(response.status(), 404, "{unknown}");
        assert!(
            body(response).contains("Det finns inget intyg med den koden"),
            "{unknown}"
        );
    }

    // Discussion page.
    let discussion = server.get(&format!("/utbildning/{}/diskutera", module.id));
    assert_eq!(discussion.status(), 200);
    let discussion = body(discussion);
    for d in &module.discussion {
        assert!(discussion.contains(&escape(d)));
    }

    // The certificate survives a restart, and a hard kill (SIGKILL) right after a write.
    let data = server.stop();
    let server = TestServer::start_in(data, "");
    let again = server.get(&format!("/utbildning/intyg/{code}"));
    assert_eq!(again.status(), 200);
    assert!(body(again).contains("Intyget är giltigt"));
    let second = certify(&server, &module, "Kim", "");
    let data = server.kill();
    let server = TestServer::start_in(data, "");
    for c in [&code, &second] {
        let page = server.get(&format!("/utbildning/intyg/{c}"));
        assert_eq!(page.status(), 200, "{c} after a kill");
    }
}

#[test]
fn module_pages_never_contain_answers_or_explanations() {
    let server = TestServer::start("");
    for m in catalog().modules() {
        let response = server.get(&format!("/utbildning/{}/", m.id));
        assert_eq!(response.status(), 200, "{}", m.id);
        let page = body(response);
        assert!(page.contains("<form class=\"quiz\" method=\"post\""));
        assert!(!page.contains("checked"), "{}: nothing pre-selected", m.id);
        assert!(!page.to_lowercase().contains("correct"), "{}", m.id);
        assert!(
            !page.contains("<script>"),
            "{}: works without inline JS",
            m.id
        );
        for q in &m.questions {
            assert!(
                !page.contains(&escape(&q.explanation)),
                "{}/{}: explanation",
                m.id,
                q.id
            );
        }
        // Exactly `draw` questions, covering every goal, numbered "Fråga i av draw".
        let form = parse_form(&page);
        let shown = drawn(m, &form);
        assert_eq!(shown.len(), m.draw, "{}: the draw's size", m.id);
        assert!(
            m.questions.len() >= 2 * m.draw,
            "{}: a bank of 2 × draw",
            m.id
        );
        assert_eq!(
            page.matches("<fieldset class=\"fraga\"").count(),
            m.draw,
            "{}: fieldsets",
            m.id
        );
        for g in &m.goals {
            assert!(
                shown.iter().any(|q| q.goal == g.id),
                "{}: goal {} covered",
                m.id,
                g.id
            );
        }
        for i in 1..=m.draw {
            let number = format!("Fråga {i} av {}", m.draw);
            assert!(page.contains(&number), "{}: {number}", m.id);
        }
        let mark = format!("Godkänt: minst {} av {} rätt", m.needed_in_draw(), m.draw);
        assert!(page.contains(&mark), "{}: {mark}", m.id);
        let all = format!("Svara på alla {} frågor.", m.draw);
        assert!(page.contains(&all), "{}: {all}", m.id);
        for q in &m.questions {
            let fieldset = format!("id=\"fraga-{}\"", q.id);
            if !shown.iter().any(|s| s.id == q.id) {
                assert!(!page.contains(&fieldset), "{}/{}: not drawn", m.id, q.id);
                assert!(!page.contains(&escape(&q.prompt)), "{}/{}", m.id, q.id);
                continue;
            }
            assert!(page.contains(&fieldset), "{}/{}: fieldset", m.id, q.id);
            let input = if q.kind == Kind::Multiple {
                "checkbox"
            } else {
                "radio"
            };
            assert!(page.contains(&format!("type=\"{input}\" id=\"q-{}-0\"", q.id)));
            // Every option has a label; values are shown positions 0..n only.
            let shown = &form.options[&q.id];
            assert_eq!(shown.len(), q.options.len());
            let mut values: Vec<&str> = shown.iter().map(|(v, _)| v.as_str()).collect();
            values.sort_unstable();
            let expected: Vec<String> = (0..q.options.len()).map(|i| i.to_string()).collect();
            assert_eq!(
                values,
                expected.iter().map(String::as_str).collect::<Vec<_>>()
            );
        }
    }
    // Two attempts get their own tokens (and their own order).
    let a = parse_form(&body(server.get(&format!("/utbildning/{MODULE}/"))));
    let b = parse_form(&body(server.get(&format!("/utbildning/{MODULE}/"))));
    assert_ne!(a.attempt, b.attempt);
}

/// Asserts a status and a Swedish message.
pub(crate) fn expect(response: Response, status: u16, message: &str) {
    let got = response.status().as_u16();
    let text = body(response);
    assert_eq!(
        got, status,
        "expected {status} with {message:?}, got:\n{text}"
    );
    assert!(text.contains(message), "expected {message:?} in:\n{text}");
    assert!(text.contains("<html lang=\"sv\">"), "in the site's layout");
}

#[test]
fn bad_input_gets_a_swedish_4xx() {
    let module = grundkurs();
    let server = TestServer::start("");
    let submit = format!("/utbildning/{MODULE}/svar");
    let fresh = || parse_form(&body(server.get(&format!("/utbildning/{MODULE}/"))));

    expect(
        server.get("/utbildning/finns-inte/"),
        404,
        "Det finns ingen utbildningsmodul",
    );
    let form = fresh();
    expect(
        post(
            &server,
            "/utbildning/finns-inte/svar",
            &answers(&module, &form, true),
        ),
        404,
        "Det finns ingen utbildningsmodul",
    );

    // Missing answers.
    let form = fresh();
    let mut fields = answers(&module, &form, true);
    fields.retain(|(k, _)| k != &format!("q-{}", form.order[1]));
    expect(
        post(&server, &submit, &fields),
        400,
        "Du har inte svarat på fråga 2.",
    );

    // Two answers to a single-answer question.
    let single = drawn(&module, &form)
        .into_iter()
        .find(|q| q.kind == Kind::Single)
        .expect("a drawn single-answer question");
    let mut fields = answers(&module, &form, true);
    fields.push((format!("q-{}", single.id), "1".into()));
    fields.push((format!("q-{}", single.id), "0".into()));
    let status = post(&server, &submit, &fields).status().as_u16();
    assert_eq!(status, 400, "duplicate answers");

    // Out-of-range and garbage option values, unknown questions.
    for bad in ["99", "-1", "x"] {
        let mut fields = answers(&module, &form, true);
        for f in fields.iter_mut() {
            if f.0 == format!("q-{}", form.order[0]) {
                f.1 = bad.to_string();
            }
        }
        expect(
            post(&server, &submit, &fields),
            400,
            "Fråga 1 har ett svar som inte finns.",
        );
    }
    let mut fields = answers(&module, &form, true);
    fields.push(("q-hittepa".into(), "0".into()));
    expect(
        post(&server, &submit, &fields),
        400,
        "en fråga som inte finns i modulen",
    );
    let mut fields = answers(&module, &form, true);
    fields.push(("annat".into(), "0".into()));
    expect(
        post(&server, &submit, &fields),
        400,
        "en fråga som inte finns i modulen",
    );

    // Tampered, unknown, missing or repeated attempt ids.
    for attempt in [
        "",
        "x",
        "abcdefghijklmnopqrstuvwxyz",
        &form.attempt.to_uppercase(),
    ] {
        let mut fields = answers(&module, &form, true);
        fields[0].1 = attempt.to_string();
        expect(
            post(&server, &submit, &fields),
            400,
            "Formuläret är ogiltigt eller för gammalt",
        );
    }
    let mut fields = answers(&module, &form, true);
    fields.remove(0);
    expect(
        post(&server, &submit, &fields),
        400,
        "Formuläret är ogiltigt eller för gammalt",
    );
    let mut fields = answers(&module, &form, true);
    fields.push(("forsok".into(), form.attempt.clone()));
    expect(
        post(&server, &submit, &fields),
        400,
        "Formuläret är ogiltigt eller för gammalt",
    );

    // An attempt belongs to its module.
    if let Some(other) = catalog().modules().iter().find(|m| m.id != MODULE) {
        let other_form = parse_form(&body(server.get(&format!("/utbildning/{}/", other.id))));
        let mut fields = answers(&module, &form, true);
        fields[0].1 = other_form.attempt;
        expect(
            post(&server, &submit, &fields),
            400,
            "Formuläret är ogiltigt eller för gammalt",
        );
    }

    // Origin and Referer.
    let fields = answers(&module, &form, true);
    let no_origin = client()
        .post(server.url(&submit))
        .form(&fields)
        .send()
        .expect("request");
    expect(
        no_origin,
        403,
        "Formuläret måste skickas från Vägvisarens egen sida",
    );
    for bad in ["null", "http://evil.example", "http://127.0.0.1:1"] {
        let response = client()
            .post(server.url(&submit))
            .header("origin", bad)
            .form(&fields)
            .send()
            .expect("request");
        expect(
            response,
            403,
            "Formuläret måste skickas från Vägvisarens egen sida",
        );
    }
    let wrong_referer = client()
        .post(server.url(&submit))
        .header("referer", "http://evil.example/utbildning/")
        .form(&fields)
        .send()
        .expect("request");
    assert_eq!(wrong_referer.status(), 403);
    let forged_null = client()
        .post(server.url(&submit))
        .header("origin", "null")
        .header("sec-fetch-site", "cross-site")
        .form(&fields)
        .send()
        .expect("request");
    assert_eq!(forged_null.status(), 403, "Origin: null from another site");
    // What a browser sends from our own page when it hides the origin (Origin: null).
    let browser_like = client()
        .post(server.url(&submit))
        .header("origin", "null")
        .header("sec-fetch-site", "same-origin")
        .form(&fields)
        .send()
        .expect("request");
    assert_eq!(
        browser_like.status(),
        200,
        "Origin: null with Sec-Fetch-Site: same-origin is our own form"
    );
    let result = body(browser_like);
    let token = attr_after(&result, "name=\"resultat\"", "value").expect("passed");

    // The same attempt cannot be submitted twice.
    expect(post(&server, &submit, &fields), 400, "redan inskickade");

    // Not a form, and a body over 16 KB.
    let response = client()
        .post(server.url(&submit))
        .header("origin", origin(&server))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .expect("request");
    expect(response, 400, "Formuläret kunde inte läsas");
    let mut big = answers(&module, &fresh(), true);
    big.push(("q-fyllnad".into(), "x".repeat(17 * 1024)));
    let response = post(&server, &submit, &big);
    assert_eq!(response.status(), 413);

    // Names and units.
    let issue = format!("/utbildning/{MODULE}/intyg");
    let name_form = |name: &str, unit: &str| {
        vec![
            ("resultat".to_string(), token.clone()),
            ("namn".to_string(), name.to_string()),
            ("enhet".to_string(), unit.to_string()),
        ]
    };
    expect(
        post(&server, &issue, &name_form(&"x".repeat(101), "")),
        400,
        "högst 100 tecken",
    );
    expect(
        post(&server, &issue, &name_form("Kim\nJansson", "")),
        400,
        "otillåtna tecken",
    );
    expect(
        post(&server, &issue, &name_form("Kim\u{7}", "")),
        400,
        "otillåtna tecken",
    );
    expect(
        post(&server, &issue, &name_form("  ", "")),
        400,
        "Skriv ditt namn",
    );
    expect(
        post(&server, &issue, &name_form("Kim", &"e".repeat(101))),
        400,
        "Enheten får vara högst 100 tecken",
    );
    let mut extra = name_form("Kim", "");
    extra.push(("admin".into(), "1".into()));
    expect(post(&server, &issue, &extra), 400, "okända fält");
    let mut fake = name_form("Kim", "");
    fake[0].1 = "abcdefghijklmnopqrstuvwxyz".into();
    expect(
        post(&server, &issue, &fake),
        400,
        "Resultatet finns inte längre",
    );
    let no_origin = client()
        .post(server.url(&issue))
        .form(&name_form("Kim", ""))
        .send()
        .expect("request");
    assert_eq!(no_origin.status(), 403);

    // A name of exactly 100 characters works; the same result sent again shows the same
    // certificate again (I9), never a second one.
    let ok = body(post(&server, &issue, &name_form(&"Ö".repeat(100), "")));
    let code = |page: &str| {
        let start =
            page.find("Kontrollkod: <strong>").expect("code") + "Kontrollkod: <strong>".len();
        page[start..start + 24].to_string()
    };
    let again = post(&server, &issue, &name_form("Kim", ""));
    assert_eq!(again.status(), 200);
    let again = body(again);
    assert!(again.contains("Intyget är redan skapat"), "{again}");
    assert_eq!(code(&again), code(&ok), "the same certificate");
    assert!(
        again.contains(&"Ö".repeat(100)),
        "with the name it was issued for"
    );
    assert!(!again.contains(">Kim<"));

    // A result belongs to the module it was earned in (I5).
    if let Some(other) = catalog().modules().iter().find(|m| m.id != MODULE) {
        expect(
            post(
                &server,
                &format!("/utbildning/{}/intyg", other.id),
                &name_form("Kim", ""),
            ),
            400,
            "Resultatet finns inte längre",
        );
    }
}

#[test]
fn admin_report_needs_the_token_and_csv_is_escaped() {
    // Without a configured token the admin pages do not exist.
    let server = TestServer::start("");
    assert_eq!(server.get("/admin/").status(), 404);
    assert_eq!(server.get("/admin/rapport.csv").status(), 404);
    let with_bearer = client()
        .get(server.url("/admin/"))
        .bearer_auth(TOKEN)
        .send()
        .expect("request");
    assert_eq!(with_bearer.status(), 404);
    drop(server);

    let module = grundkurs();
    let server = TestServer::start(&format!("admin-token = \"{TOKEN}\""));
    let code = certify(&server, &module, "=HYPERLINK(\"x\")", "Enhet; \"Syd\"");
    certify(&server, &module, "Robin", "Enhet; \"Syd\"");
    certify(&server, &module, "Kim", "");

    let anonymous = server.get("/admin/");
    assert_eq!(anonymous.status(), 401);
    assert!(anonymous.headers().get("www-authenticate").is_some());
    let page = body(anonymous);
    assert!(page.contains("Inloggning krävs"));
    assert!(page.contains("type=\"password\""), "login form");
    assert!(!page.contains("Robin"));

    let wrong = client()
        .get(server.url("/admin/"))
        .bearer_auth("fel-nyckel-som-ar-lang")
        .send()
        .expect("request");
    assert_eq!(wrong.status(), 401);
    assert!(!body(wrong).contains("Robin"));

    let ok = client()
        .get(server.url("/admin/"))
        .bearer_auth(TOKEN)
        .send()
        .expect("request");
    assert_eq!(ok.status(), 200);
    let report = body(ok);
    assert!(report.contains("Robin"));
    assert!(
        report.contains("=HYPERLINK(&quot;x&quot;)"),
        "escaped in HTML"
    );
    assert!(report.contains(&code));
    assert!(
        report.contains("<td>Enhet; &quot;Syd&quot;</td><td>2</td>"),
        "2 per unit:\n{report}"
    );

    // The sign-in form sets a short-lived session cookie and redirects; the token itself is
    // never in the page (L3).
    let form_ok = post(&server, "/admin/", &[("nyckel".into(), TOKEN.into())]);
    assert_eq!(form_ok.status(), 303);
    assert_eq!(
        form_ok
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/admin/")
    );
    let set_cookie = form_ok
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("session cookie")
        .to_string();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/admin/", "Max-Age=900"] {
        assert!(set_cookie.contains(part), "{part} in {set_cookie}");
    }
    assert!(!set_cookie.contains(TOKEN), "the cookie is not the token");
    let cookie = set_cookie.split(';').next().expect("pair").to_string();
    let with_cookie = client()
        .get(server.url("/admin/"))
        .header("cookie", &cookie)
        .send()
        .expect("request");
    assert_eq!(with_cookie.status(), 200);
    let page = body(with_cookie);
    assert!(page.contains("Robin"));
    assert!(!page.contains(TOKEN), "the token never appears in a page");
    assert!(page.contains("href=\"/admin/rapport.csv\""));
    let form_wrong = post(&server, "/admin/", &[("nyckel".into(), "fel".into())]);
    assert_eq!(form_wrong.status(), 401);
    assert!(body(form_wrong).contains("Nyckeln stämmer inte"));
    let cross_site = client()
        .post(server.url("/admin/"))
        .header("origin", "http://evil.example")
        .form(&[("nyckel", TOKEN)])
        .send()
        .expect("request");
    assert_eq!(cross_site.status(), 403);
    // A forged cookie is no session.
    let forged = client()
        .get(server.url("/admin/"))
        .header("cookie", "vagvisare_admin=eyJwIjoiYWRtaW4ifQ.AAAA")
        .send()
        .expect("request");
    assert_eq!(forged.status(), 401);

    // CSV.
    assert_eq!(server.get("/admin/rapport.csv").status(), 401);
    let csv = client()
        .get(server.url("/admin/rapport.csv"))
        .bearer_auth(TOKEN)
        .send()
        .expect("request");
    assert_eq!(csv.status(), 200);
    assert_eq!(
        csv.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/csv; charset=utf-8")
    );
    let text = body(csv);
    assert!(
        text.starts_with("\u{feff}Datum;Namn;Enhet;Modul;"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 4, "header + 3 certificates:\n{text}");
    assert!(
        text.contains("\"'=HYPERLINK(\"\"x\"\")\";\"Enhet; \"\"Syd\"\"\";"),
        "{text}"
    );
    assert!(text.contains(&code));
    let by_cookie = client()
        .get(server.url("/admin/rapport.csv"))
        .header("cookie", &cookie)
        .send()
        .expect("request");
    assert_eq!(by_cookie.status(), 200);
    assert_eq!(body(by_cookie), text);

    // Signing out ends the cookie.
    let out = client()
        .post(server.url("/admin/logga-ut"))
        .header("origin", origin(&server))
        .header("cookie", &cookie)
        .send()
        .expect("request");
    assert_eq!(out.status(), 303);
    assert!(
        out.headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| c.contains("Max-Age=0"))
    );
}

#[test]
fn concurrent_submissions_all_get_valid_certificates() {
    let module = grundkurs();
    let server = TestServer::start("");
    let codes: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|i| {
                let (server, module) = (&server, &module);
                s.spawn(move || certify(server, module, &format!("Person {i}"), "Parallell"))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    for (i, code) in codes.iter().enumerate() {
        let page = body(server.get(&format!("/utbildning/intyg/{code}")));
        assert!(page.contains(&format!("Person {i}")), "{code}");
    }
}

#[test]
fn check_reports_broken_modules_with_file_and_line() {
    let out = run(&fixture("training"), &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let m = "quizzes/modules";
    let expected = [
        format!("{m}/a-trasig.toml:3: okänt fält \"titel\""),
        format!("{m}/b-fel.toml:1: modulen har inga frågor: lägg till minst en [[questions]]"),
        format!(
            "{m}/c-kallor.toml:10: källan \"sida.md#finns-inte\": sidan sida.md har ingen rubrik med ankaret \"#finns-inte\""
        ),
        format!("{m}/c-kallor.toml:20: källan \"borta.md#x\": sidan borta.md finns inte"),
        format!(
            "{m}/c-kallor.toml:27: correct: index 2 finns inte, frågan har 2 svarsalternativ (0–1)"
        ),
        format!("{m}/c-kallor.toml:36: en single-fråga har ett rätt svar, men correct har 2"),
        format!(
            "{m}/c-kallor.toml:44: en true_false-fråga ska ha exakt två svarsalternativ, inte 3"
        ),
        format!("{m}/c-kallor.toml:50: fråge-id \"a\" finns redan på rad 14"),
        format!("{m}/d-dubblett.toml:1: modul-id \"kallor\" används redan i {m}/c-kallor.toml:1"),
    ];
    for line in &expected {
        assert!(
            stderr.lines().any(|l| l == line),
            "missing {line:?} in:\n{stderr}"
        );
    }
    assert!(stderr.contains("check: 9 fel"), "{stderr}");
}
