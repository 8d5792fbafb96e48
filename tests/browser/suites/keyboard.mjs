// Keyboard only: the skip link, and a whole module from the list to the certificate with Tab,
// Shift-Tab, Space, Enter and the arrow keys. Every focused element must show a visible focus
// indicator and must not be hidden under the sticky quick-exit bar. In forced-colors mode
// (Windows high contrast) the focus indicator must still be there.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertClean, modules, openPage, rightAnswers, url } from "../helpers.mjs";

/** What is focused now, and whether its focus can be seen. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: "body" };
    const cs = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const bar = document.querySelector(".lamna-rad");
    // Hidden: the point in the middle of the element shows the sticky quick-exit bar instead.
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    const covered = Boolean(hit && bar && bar.contains(hit) && !bar.contains(el));
    const fieldset = el.closest("fieldset.fraga");
    // Contrast of the focused element's own text on its own (focus) background, if it has one.
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const fg = rgb(cs.color);
    const bg = rgb(cs.backgroundColor);
    const hasBg = bg.length === 3 || (bg.length === 4 && bg[3] > 0);
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const contrast = hasBg && el.textContent.trim() ? (hi + 0.05) / (lo + 0.05) : null;
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      text: (el.textContent || "").trim().slice(0, 60),
      href: el.getAttribute("href"),
      type: el.getAttribute("type"),
      label: el.labels && el.labels[0] ? el.labels[0].textContent : null,
      question: fieldset ? fieldset.id.replace(/^fraga-/, "") : null,
      outline: cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0,
      shadow: cs.boxShadow !== "none",
      hidden: covered,
      contrast,
      top: rect.top,
    };
  });
}

/** Asserts that the focus indicator of `f` can be seen (outline, or box-shadow unless forced colors). */
function assertVisible(f, forcedColors = false) {
  const where = `${f.tag}#${f.id} "${f.text}"`;
  assert.ok(f.outline || (!forcedColors && f.shadow), `fokus syns inte på ${where}`);
  if (!forcedColors && f.contrast !== null) {
    assert.ok(f.contrast >= 4.5, `${where}: texten har för låg kontrast när den har fokus (${f.contrast.toFixed(2)}:1)`);
  }
  assert.ok(!f.hidden, `${where} ligger under den fasta raden Lämna sidan (top ${f.top})`);
}

/** Presses a key and returns the newly focused element, checking that its focus can be seen. */
async function press(page, key, forcedColors = false) {
  await page.keyboard.press(key);
  const f = await focused(page);
  if (f.tag !== "body" && f.tag !== "main") assertVisible(f, forcedColors);
  return f;
}

/** Tabs until `match(f)` is true; fails after `max` presses. */
async function tabTo(page, match, what, max = 150) {
  for (let i = 0; i < max; i++) {
    const f = await press(page, "Tab");
    if (match(f)) return f;
  }
  assert.fail(`hittade inte ${what} med Tab`);
}

async function enterAndWait(page) {
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
}

export function keyboard() {
  describe("bara tangentbord", () => {
    test("första tabbstoppet är Hoppa till innehållet, som flyttar fokus till main#innehall", async () => {
      const { context, page, log } = await openPage();
      try {
        for (const pathname of ["/", "/barn/orosanmalan.html", "/utbildning/"]) {
          await page.goto(url(pathname));
          const first = await press(page, "Tab");
          assert.equal(first.text, "Hoppa till innehållet", `${pathname}: första tabbstoppet`);
          await page.keyboard.press("Enter");
          const target = await page.evaluate(() => {
            const el = document.activeElement;
            return `${el.tagName.toLowerCase()}#${el.id}`;
          });
          assert.equal(target, "main#innehall", `${pathname}: fokus efter hopplänken`);
          const next = await press(page, "Tab");
          assert.notEqual(next.tag, "body", `${pathname}: Tab efter hopplänken går vidare i innehållet`);
        }
        assertClean(log);
      } finally {
        await context.close();
      }
    });

    test("från modullistan till intyget med bara tangentbordet", async () => {
      const module = modules().get("grundkurs");
      const right = rightAnswers(module);
      const { context, page, log } = await openPage();
      try {
        await page.goto(url("/utbildning/"));
        await tabTo(page, (f) => f.href === "/utbildning/grundkurs/", "länken till grundkursen");
        await enterAndWait(page);
        assert.equal(page.url(), url("/utbildning/grundkurs/"));

        // Answer every question shown (the drawn ones): arrow keys in radio groups, Space on
        // checkboxes, the right option found by its text in quizzes/modules/*.toml.
        const answered = new Set();
        let f = await tabTo(page, (x) => x.question !== null, "första frågan");
        for (let guard = 0; guard < 400; guard++) {
          if (f.question !== null && f.type === "radio") {
            const labels = await page.$$eval(`#fraga-${f.question} input`, (inputs) =>
              inputs.map((i) => i.labels[0].textContent),
            );
            const at = labels.indexOf(f.label);
            const want = labels.findIndex((l) => right.get(f.question).includes(l));
            assert.ok(want >= 0, `${f.question}: rätt svar finns på sidan`);
            if (want === at) {
              f = await press(page, "Space");
            } else {
              for (let i = 0; i < (want - at + labels.length) % labels.length; i++) {
                f = await press(page, "ArrowDown");
              }
            }
            assert.equal(f.label, labels[want], `${f.question}: rätt alternativ har fokus`);
            answered.add(f.question);
          } else if (f.question !== null && f.type === "checkbox") {
            if (right.get(f.question).includes(f.label)) await press(page, "Space");
            answered.add(f.question);
          } else if (f.tag === "button" && f.text === "Skicka svaren") {
            break;
          }
          f = await press(page, "Tab");
        }
        // The page shows the attempt's draw: `draw` questions from the bank, every one answered.
        const shown = await page.$$eval("form.quiz fieldset.fraga", (sets) =>
          sets.map((s) => s.id.replace(/^fraga-/, "")),
        );
        assert.equal(shown.length, module.draw, "en dragning med draw frågor");
        assert.deepEqual([...answered].sort(), [...shown].sort(), "alla frågor på sidan besvarade");
        // Shift-Tab goes back into the last question, Tab returns to the button.
        const back = await press(page, "Shift+Tab");
        assert.equal(back.question, shown.at(-1), "Shift-Tab går tillbaka till sista frågan");
        const again = await press(page, "Tab");
        assert.equal(again.text, "Skicka svaren");
        await enterAndWait(page);
        assert.match(await page.textContent(".resultat"), /Godkänd/, "godkänd");

        await tabTo(page, (x) => x.id === "namn", "namnfältet");
        await page.keyboard.type("Åsa Öberg");
        const unit = await press(page, "Tab");
        assert.equal(unit.id, "enhet");
        await page.keyboard.type("Norra enheten");
        const button = await press(page, "Tab");
        assert.equal(button.text, "Skapa intyg");
        await enterAndWait(page);
        assert.match(await page.textContent(".intyg"), /Åsa Öberg/, "intyget har namnet");
        await tabTo(page, (x) => x.tag === "a" || x.tag === "button", "en länk eller knapp på intyget");
        assertClean(log);
      } finally {
        await context.close();
      }
    });

    test("fokus syns också med forced colors (Windows hög kontrast)", async () => {
      const { context, page, log } = await openPage();
      try {
        await page.emulateMedia({ forcedColors: "active" });
        for (const pathname of ["/barn/orosanmalan.html", "/utbildning/grundkurs/"]) {
          await page.goto(url(pathname));
          for (let i = 0; i < 40; i++) await press(page, "Tab", true);
        }
        assertClean(log);
      } finally {
        await context.close();
      }
    });
  });
}
