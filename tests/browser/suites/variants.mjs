// Language versions: a lättläst page and an English page on the bundled content, and the
// right-to-left test page (Arabic, in tests/fixtures/variants only, on a second server), each
// checked with axe-core at 375 and 1280 px, with the quick exit, and with a search from the
// page that keeps the page's language.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { checkPageType, openPage, startFixture, url, world } from "../helpers.mjs";

/** Clicks the quick exit (or presses Shift three times) and waits for the neutral site. */
async function leave(page, how) {
  const exit =
    how === "shift"
      ? async () => {
          for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
        }
      : () => page.click("#lamna-sidan");
  await Promise.all([page.waitForURL(world.neutral), exit()]);
  assert.equal(page.url(), world.neutral, "till den neutrala webbplatsen");
}

export function variants() {
  describe("Språkversioner", () => {
    test("lättläst sida: svenska ord, axe vid 375 och 1280 px, snabbutgången", async () => {
      const { context, page, log } = await openPage();
      try {
        await page.goto(url("/lattlast/hjalp/"));
        assert.equal(await page.getAttribute("html", "lang"), "sv");
        assert.equal(await page.textContent("#lamna-sidan .lamna-tips"), " – eller tryck Shift tre gånger");
        assert.equal(await page.getAttribute("input[name=lang]", "value"), "lattlast");
        await checkPageType(page, log, "lattlast-sida");
        await leave(page, "button");
      } finally {
        await context.close();
      }
    });

    test("engelsk sida: engelska ord, axe vid 375 och 1280 px, snabbutgången med Shift", async () => {
      const { context, page, log } = await openPage();
      try {
        await page.goto(url("/en/hjalp/har-far-du-hjalp.html"));
        assert.equal(await page.getAttribute("html", "lang"), "en");
        const nav = page.getByRole("navigation", { name: "Quick exit" });
        assert.equal(await nav.getByRole("link", { name: /Leave this site/ }).count(), 1);
        assert.equal(await page.getByRole("link", { name: "Svenska" }).first().getAttribute("lang"), "sv");
        await checkPageType(page, log, "engelsk-sida");
        await leave(page, "shift");
      } finally {
        await context.close();
      }
    });

    test("sökning från en engelsk sida skickar lang=en och visar engelska träffar först", async () => {
      const { context, page } = await openPage({ javaScriptEnabled: false });
      try {
        await page.goto(url("/en/hjalp/"));
        await page.fill("#sokruta", "protected identity");
        await Promise.all([page.waitForURL(/\/sok\?/), page.press("#sokruta", "Enter")]);
        assert.match(page.url(), /lang=en/);
        assert.equal(await page.getAttribute("html", "lang"), "en");
        const first = await page.locator(".sokresultat li h2 a").first().getAttribute("href");
        assert.match(first, /^\/en\//);
      } finally {
        await context.close();
      }
    });

    describe("höger till vänster (testsida på arabiska)", () => {
      let fixture = null;
      before(async () => {
        fixture = await startFixture("variants");
      });
      after(async () => {
        if (fixture) await fixture.stop();
      });

      test("dir=rtl, axe vid 375 och 1280 px och snabbutgången", async () => {
        const { context, page, log } = await openPage();
        try {
          await page.goto(`${fixture.base}/ar/stod.html`);
          assert.equal(await page.getAttribute("html", "dir"), "rtl");
          assert.equal(await page.getAttribute("html", "lang"), "ar");
          const direction = await page.evaluate(() => getComputedStyle(document.querySelector("h1")).direction);
          assert.equal(direction, "rtl");
          await checkPageType(page, log, "rtl-sida");
          await leave(page, "button");
          await page.goto(`${fixture.base}/ar/stod.html`);
          await leave(page, "shift");
        } finally {
          await context.close();
        }
      });

      test("sökningen hittar den arabiska sidan och resultatsidan är höger till vänster", async () => {
        const { context, page } = await openPage({ javaScriptEnabled: false });
        try {
          await page.goto(`${fixture.base}/ar/stod.html`);
          await page.fill("#sokruta", "المساعدة");
          await Promise.all([page.waitForURL(/\/sok\?/), page.press("#sokruta", "Enter")]);
          assert.match(page.url(), /lang=ar/);
          assert.equal(await page.getAttribute("html", "dir"), "rtl");
          const first = await page.locator(".sokresultat li h2 a").first().getAttribute("href");
          assert.equal(first, "/ar/stod.html");
        } finally {
          await context.close();
        }
      });
    });
  });
}
