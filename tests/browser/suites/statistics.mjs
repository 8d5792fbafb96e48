// Item statistics for editors: after ten attempts, the list and a module's page behind the
// admin sign-in pass the page type checks (axe-core WCAG 2.1 AA at 375 and 1280 px, no sideways
// scrolling, no console errors, no external requests) and show figures.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ADMIN_TOKEN, answerQuiz, checkPageType, modules, openPage, url } from "../helpers.mjs";

/**
 * Taken once by the print suite. Each attempt draws about half of the bank, so the suite takes
 * attempts until every question of the bank has been asked at least ten times.
 */
const MODULE = "hyresvardar";

export function statistics() {
  describe("frågestatistik för redaktörer", () => {
    test("/admin/statistik och en moduls statistik när varje fråga har tio svar", async () => {
      const { context, page, log } = await openPage();
      try {
        const module = modules().get(MODULE);
        const asked = new Map(module.questions.map((q) => [q.id, 0]));
        let i = 0;
        while (Math.min(...asked.values()) < 10) {
          assert.ok(i < 100, "varje fråga har dragits tio gånger efter 100 försök");
          await page.goto(url(`/utbildning/${MODULE}/`));
          const shown = await page.$$eval("form.quiz fieldset.fraga", (sets) =>
            sets.map((s) => s.id.replace(/^fraga-/, "")),
          );
          assert.equal(shown.length, module.draw, "en dragning med draw frågor");
          for (const id of shown) asked.set(id, asked.get(id) + 1);
          await answerQuiz(page, module, i % 3 !== 0);
          i += 1;
        }
        const response = await page.goto(url("/admin/statistik"));
        assert.equal(response.status(), 401);
        await page.fill("#nyckel", ADMIN_TOKEN);
        await Promise.all([page.waitForNavigation(), page.click("main form button[type=submit]")]);

        await page.goto(url("/admin/statistik"));
        assert.match(await page.textContent("main"), /Frågestatistik/);
        await checkPageType(page, log, "admin-statistik", ["status of 401"]);

        await Promise.all([page.waitForNavigation(), page.click(`a[href="/admin/statistik/${MODULE}"]`)]);
        const main = await page.textContent("main");
        assert.match(main, /punktbiserial/);
        assert.match(main, /Andel rätt/);
        assert.doesNotMatch(main, /För få svar ännu/);
        await checkPageType(page, log, "admin-statistik-modul", ["status of 401"]);
      } finally {
        await context.close();
      }
    });
  });
}
