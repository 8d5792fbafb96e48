// Quick exit ("Lämna sidan"), as GOV.UK's "Exit this page" was tested with survivors: the
// button, the secondary link and Shift three times leave for the neutral site, Back does not
// return to the page that was left, Escape does nothing, a blank overlay with a role=status
// announcement covers the page at once, a page restored from the back-forward cache behaves
// the same, and the opt-in "lämna inga spår i bakåt-knappen" keeps the whole visit to one
// history entry, so that Back leaves the site after an exit. Without JavaScript the link itself
// goes to the neutral site.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertClean, openPage, url, world } from "../helpers.mjs";

const BEFORE = "/hjalp/";
const LEFT = "/barn/orosanmalan.html";
const SAFER = "/hjalp/surfa-sakrare.html";

/** Another page on the neutral site: where the reader was before coming to Vägvisaren. */
function elsewhere() {
  return world.neutral.replace(/\/vader$/, "/start");
}

async function shiftThreeTimes(page) {
  for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
}

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
    await page.goBack({ waitUntil: "commit" });
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
        assert.equal(await page.locator(".lamna-genvag").getAttribute("href"), world.neutral);
        await Promise.all([page.waitForURL(world.neutral), exit.click()]);
        assertClean(log);
      } finally {
        await context.close();
      }
    });

    test("knappen lämnar sidan och Bakåt kommer inte tillbaka", () =>
      leaveWith((page) => page.click("#lamna-sidan")));

    test("Shift tre gånger lämnar sidan och Bakåt kommer inte tillbaka", () => leaveWith(shiftThreeTimes));

    test("den andra länken nås direkt med tangentbordet (andra tabbstoppet) och i landmärket Snabbutgång", () =>
      leaveWith(async (page) => {
        const nav = page.getByRole("navigation", { name: "Snabbutgång" });
        assert.equal(await nav.getByRole("link", { name: /Lämna sidan/ }).count(), 1);
        await page.keyboard.press("Tab");
        await page.keyboard.press("Tab");
        const focused = await page.evaluate(() => document.activeElement.textContent);
        assert.equal(focused, "Lämna sidan snabbt");
        await page.keyboard.press("Enter");
      }));

    test("Esc lämnar inte sidan, inte heller två eller tre gånger", async () => {
      const { context, page, log } = await openPage();
      try {
        await page.goto(url(LEFT));
        for (let i = 0; i < 3; i++) await page.keyboard.press("Escape");
        await page.waitForTimeout(300);
        assert.equal(page.url(), url(LEFT));
        assertClean(log);
      } finally {
        await context.close();
      }
    });

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

    test("sidan täcks direkt av en tom yta med ett statusmeddelande medan den neutrala sidan laddas", async () => {
      const { context, page, log } = await openPage();
      // Hold the neutral page's request, as a slow network would, and look at the page meanwhile.
      let release = null;
      const held = new Promise((resolve) => {
        release = resolve;
      });
      await page.route(world.neutral, async (route) => {
        await held;
        await route.continue();
      });
      try {
        await page.goto(url(LEFT));
        // The page reports what it shows 50 ms after the click (page.evaluate would wait for
        // the held navigation).
        await page.evaluate(() => {
          document.addEventListener("click", () =>
            setTimeout(() => {
              const overlay = document.querySelector(".lamna-skydd");
              const status = overlay && overlay.querySelector("[role=status]");
              const box = overlay && overlay.getBoundingClientRect();
              console.log(
                "LÄGE " +
                  JSON.stringify({
                    overlay: !!overlay && getComputedStyle(overlay).visibility === "visible",
                    covers: !!box && box.width >= innerWidth && box.height >= innerHeight,
                    status: status ? status.textContent : null,
                    header: getComputedStyle(document.querySelector(".sidhuvud")).visibility,
                    main: getComputedStyle(document.querySelector("main")).visibility,
                    title: document.title,
                  }),
              );
            }, 50),
          );
        });
        const reported = page.waitForEvent("console", (m) => m.text().startsWith("LÄGE "));
        const arrived = page.waitForURL(world.neutral);
        arrived.catch(() => {}); // awaited below; an assertion failure first must not leave it unhandled
        await page.click("#lamna-sidan", { noWaitAfter: true });
        const seen = JSON.parse((await reported).text().slice(5));
        assert.deepEqual(seen, {
          overlay: true,
          covers: true,
          status: "Lämnar sidan",
          header: "hidden",
          main: "hidden",
          title: "",
        });
        release();
        await arrived;
        assertClean(log);
      } finally {
        release();
        await context.close();
      }
    });

    test("en sida som kommer tillbaka ur bakåt-cachen lämnas på samma sätt", async () => {
      const { context, page, log } = await openPage();
      try {
        await page.goto(url(BEFORE));
        await page.evaluate(() => {
          sessionStorage.setItem("test-restored", "0");
          window.addEventListener("pageshow", (e) => {
            if (e.persisted) sessionStorage.setItem("test-restored", "1");
          });
        });
        await page.goto(url(LEFT));
        await page.goBack({ waitUntil: "commit" });
        assert.equal(page.url(), url(BEFORE));
        assert.equal(
          await page.evaluate(() => sessionStorage.getItem("test-restored")),
          "1",
          "sidan kom ur bakåt-cachen",
        );
        await Promise.all([page.waitForURL(world.neutral), shiftThreeTimes(page)]);
        assertClean(log);
      } finally {
        await context.close();
      }
    });

    test("lämna inga spår i bakåt-knappen: hela besöket är ett steg, och Bakåt efter Lämna sidan lämnar webbplatsen", async () => {
      const { context, page, log } = await openPage();
      try {
        await page.goto(elsewhere());
        await page.goto(url(SAFER));
        const length = await page.evaluate(() => history.length);
        const button = page.locator("#inga-spar-knapp");
        assert.equal(await button.getAttribute("aria-pressed"), "false");
        await button.click();
        assert.equal(await button.getAttribute("aria-pressed"), "true");
        assert.match(await page.locator("#inga-spar-status").textContent(), /^På\./);

        // Links, the menu and a search: each replaces the entry.
        await Promise.all([page.waitForURL(url("/")), page.click(".logotyp")]);
        await Promise.all([page.waitForURL((u) => u.pathname !== "/"), page.click(".meny a")]);
        await page.fill("#sokruta", "skyddat boende");
        await Promise.all([page.waitForURL(/\/sok\?q=/), page.press("#sokruta", "Enter")]);
        assert.equal(await page.evaluate(() => history.length), length, "inga nya steg i historiken");

        await Promise.all([page.waitForURL(world.neutral), shiftThreeTimes(page)]);
        assert.equal(await page.evaluate(() => history.length), length);
        await page.goBack({ waitUntil: "commit" });
        assert.equal(page.url(), elsewhere(), "Bakåt lämnar webbplatsen");

        // Remembered only for the open tab.
        const other = await context.newPage();
        await other.goto(url(SAFER));
        assert.equal(await other.locator("#inga-spar-knapp").getAttribute("aria-pressed"), "false");
        assertClean(log);
      } finally {
        await context.close();
      }
    });

    test("utan läget blir varje sida ett eget steg", async () => {
      const { context, page, log } = await openPage();
      try {
        await page.goto(url(SAFER));
        const length = await page.evaluate(() => history.length);
        await Promise.all([page.waitForURL(url("/")), page.click(".logotyp")]);
        assert.equal(await page.evaluate(() => history.length), length + 1);
        assertClean(log);
      } finally {
        await context.close();
      }
    });
  });
}
