// Every page type: zero axe-core violations (WCAG 2.1 A and AA), no console errors, no request
// that leaves 127.0.0.1, no sideways scrolling at 375 and 1280 px, and a full-page screenshot
// of each at both widths in target/screenshots/.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ADMIN_TOKEN, answerQuiz, certify, checkPageType, modules, openPage, url } from "../helpers.mjs";

/** Static pages built from content/, by screenshot name. */
const STATIC_PAGES = [
  ["start", "/"],
  ["hjalp", "/hjalp/"],
  ["personal", "/personal/"],
  ["ny", "/ny/"],
  ["hyresvard", "/hyresvard/"],
  ["skola", "/skola/"],
  ["innehallssida", "/barn/orosanmalan.html"],
  ["innehallssida-tabell", "/rutiner/riskbedomning.html"],
  ["stodlinjer", "/hjalp/har-far-du-hjalp.html"],
  ["ord-och-begrepp", "/ord-och-begrepp.html"],
  ["om-webbplatsen", "/om-webbplatsen.html"],
  ["skydd-tabell", "/skydd/index.html"],
];

/** Opens `path`, checks that the response has `status`, then runs the page type checks. */
async function visit(name, pathname, status = 200, allowed = []) {
  const { context, page, log } = await openPage();
  try {
    const response = await page.goto(url(pathname));
    assert.equal(response.status(), status, `${pathname}: status`);
    await checkPageType(page, log, name, allowed);
  } finally {
    await context.close();
  }
}

export function pages() {
  describe("varje sidtyp: axe-core WCAG 2.1 AA, 375 och 1280 px, inga fel, inga externa anrop", () => {
    for (const [name, pathname] of STATIC_PAGES) {
      test(`${name} (${pathname})`, () => visit(name, pathname));
    }

    test("404-sidan", () => visit("404", "/finns-inte-har.html", 404, ["status of 404"]));

    test("modullistan /utbildning/", () => visit("utbildning", "/utbildning/"));

    test("en modul med kunskapstest", () => visit("kunskapstest", "/utbildning/grundkurs/"));

    test("diskussionsfrågor", () => visit("diskutera", "/utbildning/grundkurs/diskutera"));

    test("resultat, inte godkänt", async () => {
      const { context, page, log } = await openPage();
      try {
        await page.goto(url("/utbildning/heder/"));
        await answerQuiz(page, modules().get("heder"), false);
        assert.match(await page.textContent(".resultat"), /Inte godkänd ännu/);
        await checkPageType(page, log, "resultat-underkant");
      } finally {
        await context.close();
      }
    });

    test("resultat godkänt, intyg och kontroll av intyget", async () => {
      const { context, page, log } = await openPage();
      try {
        await page.goto(url("/utbildning/grundkurs/"));
        await answerQuiz(page, modules().get("grundkurs"), true);
        assert.match(await page.textContent(".resultat"), /Godkänd/);
        await checkPageType(page, log, "resultat-godkant");

        await page.fill("#namn", "Åsa Öberg");
        await page.fill("#enhet", "Norra enheten");
        await Promise.all([page.waitForNavigation(), page.click(".intyg-form button[type=submit]")]);
        assert.ok(await page.isVisible(".intyg"), "intyget visas");
        await checkPageType(page, log, "intyg");

        const code = (await page.textContent(".intyg-kod strong")).trim();
        const response = await page.goto(url(`/utbildning/intyg/${code}`));
        assert.equal(response.status(), 200);
        await checkPageType(page, log, "intyg-kontroll");
      } finally {
        await context.close();
      }
    });

    test("rapporten /admin/: inloggning och rapport med nyckel", async () => {
      const { context, page, log } = await openPage();
      try {
        await certify(page, "skolpersonal", "Bo Ek");
        const response = await page.goto(url("/admin/"));
        assert.equal(response.status(), 401);
        await checkPageType(page, log, "admin-inloggning", ["status of 401"]);

        await page.fill("#nyckel", ADMIN_TOKEN);
        await Promise.all([page.waitForNavigation(), page.click("main form button[type=submit]")]);
        assert.match(await page.textContent("main"), /Bo Ek/);
        await checkPageType(page, log, "admin-rapport");
      } finally {
        await context.close();
      }
    });
  });
}
