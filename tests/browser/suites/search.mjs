// Search: result pages with and without hits pass axe-core at both widths, the header's
// search-as-you-type combobox works with the keyboard (and Esc closes it without leaving the
// page), and without JavaScript the header form still reaches /sok with results.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import path from "node:path";
import {
  SCREENSHOTS,
  WIDTHS,
  assertAxe,
  assertClean,
  assertNoHorizontalScroll,
  checkPageType,
  openPage,
  url,
  world,
} from "../helpers.mjs";

async function visit(name, pathname) {
  const { context, page, log } = await openPage();
  try {
    const response = await page.goto(url(pathname));
    assert.equal(response.status(), 200, `${pathname}: status`);
    await checkPageType(page, log, name);
    return true;
  } finally {
    await context.close();
  }
}

export function search() {
  describe("sök", () => {
    test("sökresultat med träffar", () => visit("sok-traffar", `/sok?q=${encodeURIComponent("orosanmälan")}`));

    test("sökresultat utan träffar", () => visit("sok-inga-traffar", "/sok?q=xqzzy"));

    test("sökförslag medan man skriver: piltangent, Enter och Esc", async () => {
      const { context, page, log } = await openPage();
      try {
        await page.goto(url("/hjalp/"));
        const input = page.locator("#sokruta");
        assert.equal(await input.getAttribute("role"), "combobox");
        assert.equal(await input.getAttribute("aria-controls"), "sokforslag");
        assert.equal(await input.getAttribute("aria-expanded"), "false");

        await input.focus();
        await page.keyboard.type("orosan");
        await page.waitForSelector("ul#sokforslag[role=listbox] > li[role=none] > a[role=option][href]");
        assert.equal(await input.getAttribute("aria-expanded"), "true");
        assert.equal(await page.locator("ul#sokforslag").isVisible(), true);
        // The open list passes axe-core too, and fits at both widths.
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 800 });
          await assertNoHorizontalScroll(page, `sökförslag ${width} px`);
          await assertAxe(page, `sökförslag ${width} px`);
          await page.screenshot({ path: path.join(SCREENSHOTS, `sokforslag-${width}.png`) });
        }

        // Esc closes the list and does not count towards the quick exit.
        await page.keyboard.press("Escape");
        assert.equal(await input.getAttribute("aria-expanded"), "false");
        await page.waitForTimeout(200);
        // A second Esc within a second would be "Esc twice" if the first had counted.
        await page.keyboard.press("Escape");
        await page.waitForTimeout(300);
        assert.equal(page.url(), url("/hjalp/"), "Esc som stänger förslagen räknas inte som Lämna sidan");
        assert.notEqual(page.url(), world.neutral);

        // Open again, move to the first suggestion and follow it.
        // (The second Esc emptied the search field, as Esc does in a search field.)
        await input.fill("");
        await page.keyboard.type("orosan");
        await page.waitForSelector("ul#sokforslag [role=option]");
        await page.keyboard.press("ArrowDown");
        const href = await page.$eval("ul#sokforslag [role=option]", (a) => a.href);
        assert.equal(await input.getAttribute("aria-activedescendant"), "sokforslag-0");
        assert.equal(await page.getAttribute("#sokforslag-0", "aria-selected"), "true");
        assert.match(href, /#/, "förslaget pekar på ett avsnitt");
        await Promise.all([page.waitForURL(href), page.keyboard.press("Enter")]);
        assert.equal(page.url(), href);
        assertClean(log);
      } finally {
        await context.close();
      }
    });

    test("utan JavaScript går sökformuläret till /sok med träffar", async () => {
      const { context, page, log } = await openPage({ javaScriptEnabled: false });
      try {
        await page.goto(url("/personal/"));
        await page.fill("#sokruta", "orosanmälan");
        await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
        assert.equal(new URL(page.url()).pathname, "/sok");
        assert.equal(new URL(page.url()).searchParams.get("q"), "orosanmälan");
        assert.match(await page.textContent("main"), /orosanmälan/i);
        assert.ok((await page.$$("main a[href*='orosanmalan']")).length > 0, "en träff på sidan om orosanmälan");
        assertClean(log);
      } finally {
        await context.close();
      }
    });
  });
}
