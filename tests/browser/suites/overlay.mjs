// A municipality's overlay in the browser: the example municipality Exempelstad (examples/) on
// its own server. A national page with a local block passes axe-core at 375 and 1280 px, says
// which text is national and which is the municipality's own, and keeps the quick exit.

import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ADMIN_TOKEN, ROOT, checkPageType, openPage, serve, world } from "../helpers.mjs";

/**
 * Copies examples/exempelstad to a temporary folder and points its vagvisare.toml at this
 * repository's national base, a temporary data folder and the test's neutral site.
 */
function exempelstadConfig(dir) {
  const overlay = path.join(dir, "exempelstad");
  cpSync(path.join(ROOT, "examples", "exempelstad"), overlay, { recursive: true });
  const file = path.join(overlay, "vagvisare.toml");
  const original = readFileSync(file, "utf8");
  const top = [
    `base = ${JSON.stringify(ROOT)}`,
    `neutral-url = ${JSON.stringify(world.neutral)}`,
  ].join("\n");
  const text = original
    .replace(/^base = .*$/m, top)
    .replace(/^data-dir = .*$/m, `data-dir = ${JSON.stringify(path.join(dir, "var"))}`)
    .replace(/^admin-token = .*$/m, `admin-token = ${JSON.stringify(ADMIN_TOKEN)}`);
  assert.notEqual(text, original, "exemplets vagvisare.toml har base, data-dir och admin-token");
  writeFileSync(file, text);
  return file;
}

export function overlay() {
  describe("en kommuns egen text i en nationell sida (Exempelstad)", () => {
    let dir = null;
    let server = null;

    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), "vagvisare-overlay-"));
      server = await serve(exempelstadConfig(dir));
    });

    after(async () => {
      if (server) await server.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test("nationell sida med lokalt block: axe-core, 375 och 1280 px, ursprung och ansvarig syns", async () => {
      const { context, page, log } = await openPage();
      try {
        await page.goto(`${server.base}/rutiner/karnprocessen.html`);
        const block = page.locator("section.lokalt").first();
        await block.waitFor();
        const heading = await block.locator("h2, h3").first().innerText();
        assert.equal(heading.trim(), "Så gör vi i Exempelstad", "blockets rubrik");
        const origin = await block.locator("p.ursprung").innerText();
        assert.match(origin, /Exempelstad/, "blocket säger att texten är kommunens egen");
        assert.match(origin, /Ansvarig/, "blocket visar vem som äger texten");
        const national = await page.locator("p.ursprung.nationell").first().innerText();
        assert.match(national, /Nationell vägledning · Ansvarig: \S/, "sidan säger att huvudtexten är nationell och vem som äger den");
        // The block's heading is reachable from "På den här sidan".
        const id = await block.locator("h2").first().getAttribute("id");
        assert.ok(id, "blockets rubrik har ett id");
        assert.ok((await page.locator(`a[href="#${id}"]`).count()) > 0, "länk till blocket i På den här sidan");
        // The quick exit is there as on every page.
        assert.ok(await page.locator("#lamna-sidan").isVisible(), "snabb utgång syns");
        assert.equal(await page.locator("#lamna-sidan").getAttribute("href"), world.neutral, "till den neutrala sidan");
        await checkPageType(page, log, "overlay-nationell-sida-med-lokalt-block");
      } finally {
        await context.close();
      }
    });

    test("kommunens egen sida: märkt som kommunens, axe-core, 375 och 1280 px", async () => {
      const { context, page, log } = await openPage();
      try {
        await page.goto(`${server.base}/exempelstad/relationsvaldsteamet.html`);
        const origin = await page.locator("p.ursprung.lokalt").first().innerText();
        assert.match(origin, /^Exempelstads egen text · Ansvarig: \S/, "sidan är kommunens egen");
        assert.equal(await page.locator("p.ursprung.nationell").count(), 0, "ingen nationell märkning");
        assert.ok(await page.locator("#lamna-sidan").isVisible(), "snabb utgång syns");
        await checkPageType(page, log, "overlay-egen-sida");
      } finally {
        await context.close();
      }
    });
  });
}
