// The editorial loop: "Rapportera ett fel på sidan" opened and sent without JavaScript (axe-core
// at both widths on the open form and the thank-you page), then the admin pages /admin/rapporter
// and /admin/sidor after signing in, and "Markera som åtgärdad" with the keyboard. The forms
// are not printed.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ADMIN_TOKEN, checkPageType, openPage, url } from "../helpers.mjs";

export function reports() {
  describe("felrapporter och sidor och ägare", () => {
    test("felrapport: formuläret fungerar utan Javascript och klarar axe", async () => {
      // axe-core needs JavaScript: the open form and the thank-you page are checked with it on,
      // the report itself is sent with it off.
      const withJs = await openPage();
      const withoutJs = await openPage({ javaScriptEnabled: false });
      try {
        const { page, log } = withJs;
        await page.goto(url("/barn/barnahus.html"));
        await page.click("details.rapportera summary");
        assert.ok(await page.isVisible("#rapport-fel"), "formuläret öppnas");
        assert.ok(!(await page.isVisible("#rapport-webbplats")), "fällan syns inte");
        assert.match(await page.textContent("details.rapportera"), /Beskriv felet, inte en person/);
        await checkPageType(page, log, "felrapport-formular");
        await page.emulateMedia({ media: "print" });
        assert.ok(!(await page.isVisible("details.rapportera")), "formuläret skrivs inte ut");
        await page.emulateMedia({ media: "screen" });

        const plain = withoutJs.page;
        await plain.goto(url("/barn/barnahus.html"));
        await plain.click("details.rapportera summary");
        await plain.fill("#rapport-fel", "Telefonnumret till barnahuset saknas.");
        await plain.fill("#rapport-forslag", "Lägg till numret.");
        const [response] = await Promise.all([
          plain.waitForNavigation(),
          plain.click("details.rapportera button[type=submit]"),
        ]);
        assert.equal(response.status(), 200);
        assert.match(plain.url(), /\/rapportera\/tack\?sida=barn%2Fbarnahus\.md$/);
        assert.match(await plain.textContent("h1"), /Tack för din rapport/);

        await page.goto(plain.url());
        await checkPageType(page, log, "felrapport-tack");
      } finally {
        await withJs.context.close();
        await withoutJs.context.close();
      }
    });

    test("admin: felrapporter och sidor och ägare, med tangentbordet", async () => {
      const { context, page, log } = await openPage();
      try {
        const first = await page.goto(url("/admin/sidor"));
        assert.equal(first.status(), 401, "kräver inloggning");
        await page.fill("#nyckel", ADMIN_TOKEN);
        await Promise.all([page.waitForNavigation(), page.click("main form button[type=submit]")]);
        log.errors.length = 0; // the 401 above

        await page.goto(url("/admin/sidor"));
        assert.match(await page.textContent("h1"), /Sidor och ägare/);
        const barnahus = page.locator("tbody tr", { has: page.locator('a[href="/barn/barnahus.html"]') }).first();
        assert.match(await barnahus.textContent(), /Nationella redaktionen/);
        await checkPageType(page, log, "admin-sidor");

        await page.goto(url("/admin/rapporter"));
        assert.match(await page.textContent("main"), /Telefonnumret till barnahuset saknas\./);
        await checkPageType(page, log, "admin-rapporter");

        const button = page.locator("li.rapport", { hasText: "Telefonnumret till barnahuset" }).locator("button");
        await button.focus();
        await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
        assert.ok(page.url().endsWith("/admin/rapporter"));
        assert.doesNotMatch(await page.textContent("main"), /Telefonnumret till barnahuset saknas\./);
        assertNoErrors(log);
      } finally {
        await context.close();
      }
    });
  });
}

function assertNoErrors(log) {
  assert.deepEqual(log.errors, [], "inga fel i konsolen");
}
