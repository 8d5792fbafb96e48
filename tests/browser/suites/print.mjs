// Print: on a content page and a certificate, the quick exit, header, navigation and footer
// are hidden, source links show their address, and Chromium can make a PDF.

import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { SCREENSHOTS, assertClean, certify, openPage, url } from "../helpers.mjs";

const HIDDEN = [".lamna-rad", ".hoppa", ".sidhuvud", ".meny", ".sok", ".sidfot", ".bladdra"];

/** Asserts that every element matching HIDDEN is not displayed with print media. */
async function assertChromeHidden(page, label) {
  const shown = await page.evaluate(
    (selectors) =>
      selectors.flatMap((s) =>
        [...document.querySelectorAll(s)].filter((e) => e.checkVisibility()).map(() => s),
      ),
    HIDDEN,
  );
  assert.deepEqual(shown, [], `${label}: syns vid utskrift men ska vara dolt`);
}

async function assertPdf(page, name) {
  const file = path.join(SCREENSHOTS, `${name}.pdf`);
  const pdf = await page.pdf({ path: file, format: "A4", printBackground: true });
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-", `${name}: en PDF`);
  assert.ok(pdf.length > 2000, `${name}: PDF:en har innehåll`);
}

export function print() {
  describe("utskrift", () => {
    test("en innehållssida: bara innehållet, källornas adresser syns", async () => {
      const { context, page, log } = await openPage();
      try {
        await page.goto(url("/barn/orosanmalan.html"));
        const screen = await page.$$eval(".kallor li", (items) =>
          items.map((li) => ({ href: li.querySelector("a").href, text: li.innerText })),
        );
        assert.ok(screen.length > 0, "sidan har källor");
        for (const s of screen) assert.ok(!s.text.includes(s.href), `på skärmen syns inte adressen ${s.href}`);

        await page.emulateMedia({ media: "print" });
        await assertChromeHidden(page, "innehållssida");
        const printed = await page.$$eval(".kallor li", (items) =>
          items.map((li) => ({ href: li.querySelector("a").getAttribute("href"), text: li.innerText })),
        );
        for (const p of printed) assert.ok(p.text.includes(p.href), `utskriften visar adressen ${p.href}: ${p.text}`);
        assert.ok(await page.isVisible("main h1"), "rubriken skrivs ut");
        await assertPdf(page, "utskrift-innehallssida");
        assertClean(log);
      } finally {
        await context.close();
      }
    });

    test("ett intyg: bara intyget", async () => {
      const { context, page, log } = await openPage();
      try {
        await certify(page, "hyresvardar", "Karin Lind");
        await page.emulateMedia({ media: "print" });
        await assertChromeHidden(page, "intyg");
        assert.ok(await page.isVisible(".intyg"), "intyget skrivs ut");
        const hidden = await page.$$eval(".ingen-utskrift", (els) => els.map((e) => getComputedStyle(e).display));
        assert.ok(hidden.length > 0 && hidden.every((d) => d === "none"), "knappar och meddelanden skrivs inte ut");
        const link = await page.$eval(".intyg a", (a) => ({ href: a.getAttribute("href"), text: a.innerText }));
        assert.ok(link.text.endsWith(link.href), `kontrolladressen står i klartext: ${link.text}`);
        await assertPdf(page, "utskrift-intyg");
        assertClean(log);
      } finally {
        await context.close();
      }
    });
  });
}
