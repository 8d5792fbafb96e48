// Quick exit ("Lämna sidan"): the button, Shift three times and Esc twice all leave for the
// neutral site, and Back does not return to the page that was left. Without JavaScript the
// link itself goes to the neutral site.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertClean, openPage, url, world } from "../helpers.mjs";

const BEFORE = "/hjalp/";
const LEFT = "/barn/orosanmalan.html";

/** Visits BEFORE then LEFT, runs `exit` on LEFT, and checks where the browser and Back go. */
async function leaveWith(exit) {
  const { context, page, log } = await openPage();
  try {
    await page.goto(url(BEFORE));
    await page.goto(url(LEFT));
    const lengthBefore = await page.evaluate(() => history.length);
    await Promise.all([page.waitForURL(world.neutral), exit(page)]);
    assert.equal(page.url(), world.neutral, "till den neutrala webbplatsen");
    assert.equal(await page.evaluate(() => history.length), lengthBefore, "sidan ersattes i historiken");
    await page.goBack();
    assert.equal(page.url(), url(BEFORE), "Bakåt går till sidan före, inte till sidan som lämnades");
    assertClean(log);
  } finally {
    await context.close();
  }
}

export function quickExit() {
  describe("Lämna sidan", () => {
    test("utan JavaScript är länken själv vägen till den neutrala webbplatsen", async () => {
      const { context, page, log } = await openPage({ javaScriptEnabled: false });
      try {
        await page.goto(url(LEFT));
        const exit = page.locator("#lamna-sidan");
        assert.equal(await exit.getAttribute("href"), world.neutral);
        assert.equal(await exit.getAttribute("data-neutral-url"), world.neutral);
        await Promise.all([page.waitForURL(world.neutral), exit.click()]);
        assertClean(log);
      } finally {
        await context.close();
      }
    });

    test("knappen lämnar sidan och Bakåt kommer inte tillbaka", () =>
      leaveWith((page) => page.click("#lamna-sidan")));

    test("Shift tre gånger lämnar sidan och Bakåt kommer inte tillbaka", () =>
      leaveWith(async (page) => {
        for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
      }));

    test("Esc två gånger lämnar sidan och Bakåt kommer inte tillbaka", () =>
      leaveWith(async (page) => {
        for (let i = 0; i < 2; i++) await page.keyboard.press("Escape");
      }));

    test("Shift två gånger och en annan tangent lämnar inte sidan", async () => {
      const { context, page, log } = await openPage();
      try {
        await page.goto(url(LEFT));
        await page.keyboard.press("Shift");
        await page.keyboard.press("Shift");
        await page.keyboard.press("a");
        await page.keyboard.press("Shift");
        await page.waitForTimeout(300);
        assert.equal(page.url(), url(LEFT));
        assertClean(log);
      } finally {
        await context.close();
      }
    });
  });
}
