// Shared helpers for the browser suite: the real release server on a free 127.0.0.1 port, a
// tiny local "neutral" site for the quick exit, one headless Chromium per run, pages that record
// console errors and every request, axe-core, and the training modules from quizzes/modules/.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { parse as parseToml } from "smol-toml";

const require = createRequire(import.meta.url);

/** The repository root (tests/browser/..). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/**
 * The release binary: the suite tests what is shipped, so it must be built first. While
 * developing, VAGVISARE_BIN=target/debug/vagvisare runs it against a debug build instead.
 */
export const BINARY = process.env.VAGVISARE_BIN
  ? path.resolve(ROOT, process.env.VAGVISARE_BIN)
  : path.join(ROOT, "target", "release", "vagvisare");
/** Chromium from apt (`chromium`); override with CHROMIUM=/path. */
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
/** Full-page screenshots go here. */
export const SCREENSHOTS = path.join(ROOT, "target", "screenshots");
/** The admin token written into the test config. */
export const ADMIN_TOKEN = "webblasartest-nyckel-som-ar-lang";
/** The axe-core tags that make up WCAG 2.1 level A and AA. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/** The two widths every page type is checked at. */
export const WIDTHS = [375, 1280];

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/**
 * Everything the suites share; filled in by `start()` in the entry file's `before` hook.
 * @type {{ base: string, neutral: string, browser: import("playwright-core").Browser }}
 */
export const world = { base: "", neutral: "", browser: null };

let server = null;
let neutralServer = null;
let dataDir = null;


/** Starts the neutral site, the release server and Chromium. A missing piece is a failure. */
export async function start() {
  assert.ok(
    existsSync(BINARY),
    `${BINARY} finns inte: kör "cargo build --release" först (scripts/test gör det)`,
  );
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} finns inte: installera chromium (apt-get install chromium)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  world.neutral = await startNeutral();
  world.base = await startServer(world.neutral);
  world.browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
    // Playwright turns the back-forward cache off by default; the quick exit is tested with it.
    ignoreDefaultArgs: ["--disable-back-forward-cache"],
  });
}

/** Stops Chromium, the server and the neutral site, and removes the data folder. */
export async function stop() {
  if (world.browser) await world.browser.close();
  if (server) {
    server.kill("SIGTERM");
    await new Promise((resolve) => {
      if (server.exitCode !== null || server.signalCode !== null) resolve();
      else server.once("exit", resolve);
    });
  }
  if (neutralServer) await new Promise((resolve) => neutralServer.close(resolve));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

/** A tiny site on 127.0.0.1 that stands in for the neutral site (the weather). */
function startNeutral() {
  neutralServer = http.createServer((req, res) => {
    if (req.url === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end('<!DOCTYPE html><html lang="sv"><title>Väder</title><link rel="icon" href="data:,"><h1>Vädret i dag</h1>');
  });
  return new Promise((resolve, reject) => {
    neutralServer.once("error", reject);
    neutralServer.listen(0, "127.0.0.1", () => {
      resolve(`http://127.0.0.1:${neutralServer.address().port}/vader`);
    });
  });
}

/** Starts `vagvisare serve` on the bundled content; resolves to `http://127.0.0.1:PORT`. */
async function startServer(neutral) {
  dataDir = mkdtempSync(path.join(tmpdir(), "vagvisare-browser-"));
  const started = await serve(writeConfig(dataDir, neutral));
  server = started.child;
  return started.base;
}

/** Writes `vagvisare.toml` in `dir` (data in `dir/var`, the test admin token); returns its path. */
function writeConfig(dir, neutral) {
  const config = path.join(dir, "vagvisare.toml");
  writeFileSync(
    config,
    [
      `data-dir = ${JSON.stringify(path.join(dir, "var"))}`,
      `admin-token = ${JSON.stringify(ADMIN_TOKEN)}`,
      `neutral-url = ${JSON.stringify(neutral)}`,
      "",
    ].join("\n"),
  );
  return config;
}

/**
 * Starts `vagvisare --config CONFIG serve` on a free 127.0.0.1 port, with `extra` arguments
 * after `serve` (e.g. `--root` for a fixture); resolves to `{ child, base, stop }` once the
 * server says where it listens. Suites that need other content (a municipality's overlay, a
 * fixture) start their own server with this and stop it themselves.
 */
export function serve(config, extra = []) {
  const child = spawn(BINARY, ["--config", config, "serve", "--addr", "127.0.0.1:0", ...extra], {
    cwd: ROOT,
    env: { ...process.env, VAGVISARE_LOG: "info" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }
    });
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error(`servern startade inte inom 120 s:\n${log}`)), 120_000);
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      log += chunk;
      const found = log.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (found) {
        clearTimeout(timer);
        resolve({ child, base: found[0], stop });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`servern avslutades (${code}):\n${log}`));
    });
  });
}

/**
 * Starts a second server on a fixture folder (`tests/fixtures/<name>`, with `serve --root`),
 * sharing the neutral site. Resolves to `{ base, stop }`; `stop()` ends it and removes its
 * data folder.
 */
export async function startFixture(name) {
  const dir = mkdtempSync(path.join(tmpdir(), `vagvisare-browser-${name}-`));
  const started = await serve(writeConfig(dir, world.neutral), [
    "--root",
    path.join(ROOT, "tests", "fixtures", name),
  ]);
  const stop = async () => {
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { base: started.base, stop };
}

/** A URL on the test server. */
export function url(pathname) {
  return world.base + pathname;
}

/**
 * A new context and page that record console errors, page errors and every request URL.
 * `options` go to `browser.newContext` (e.g. `javaScriptEnabled: false`).
 */
export async function openPage(options = {}) {
  const context = await world.browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const log = { errors: [], requests: [] };
  page.on("console", (msg) => {
    if (msg.type() === "error") log.errors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (error) => log.errors.push(`${page.url()}: ${error.message}`));
  context.on("request", (request) => log.requests.push(request.url()));
  // Nothing may leave the machine: abort anything not on 127.0.0.1 (and record it above).
  await context.route(
    (u) => !isLocal(u.href),
    (route) => route.abort(),
  );
  return { context, page, log };
}

/** True for URLs that stay on this machine (127.0.0.1, data:, about:, blob:). */
export function isLocal(href) {
  const u = new URL(href);
  if (["data:", "about:", "blob:"].includes(u.protocol)) return true;
  return u.hostname === "127.0.0.1";
}

/**
 * Asserts that no console error happened and no request left 127.0.0.1, then clears the log.
 * `allowed` lists expected console messages (substrings), e.g. a 404 page's own status.
 */
export function assertClean(log, allowed = []) {
  const errors = log.errors.filter((e) => !allowed.some((a) => e.includes(a)));
  assert.deepEqual(errors, [], "inga fel i konsolen");
  const outside = log.requests.filter((r) => !isLocal(r));
  assert.deepEqual(outside, [], "inga anrop till andra datorer än 127.0.0.1");
  const favicon = log.requests.filter((r) => r.startsWith(world.base) && new URL(r).pathname === "/favicon.ico");
  assert.deepEqual(favicon, [], "sidorna har en egen ikon, så ingen hämtar /favicon.ico (404)");
  log.errors.length = 0;
  log.requests.length = 0;
}

/** Runs axe-core (WCAG 2.1 A and AA) on the page and asserts there are no violations. */
export async function assertAxe(page, label) {
  // page.evaluate is not subject to the page's CSP, so the strict script-src stays on.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
    }));
  }, WCAG_TAGS);
  assert.deepEqual(violations, [], `axe-core, ${label}: ${JSON.stringify(violations, null, 2)}`);
}

/** Asserts that the page does not scroll sideways at its current width. */
export async function assertNoHorizontalScroll(page, label) {
  const size = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    wide: [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
  }));
  assert.ok(
    size.scroll <= size.client,
    `${label}: sidan rullar i sidled (${size.scroll} > ${size.client}): ${size.wide.join(", ")}`,
  );
}

/** Asserts that every visible text field is wide enough to show its whole placeholder. */
export async function assertPlaceholdersFit(page, label) {
  const cut = await page.evaluate(() =>
    [...document.querySelectorAll("input[placeholder]")]
      .filter((i) => i.offsetParent !== null)
      .filter((i) => {
        const cs = getComputedStyle(i);
        const probe = document.createElement("span");
        probe.style.cssText = `position:absolute;visibility:hidden;white-space:pre;font:${cs.font};letter-spacing:${cs.letterSpacing}`;
        probe.textContent = i.placeholder;
        document.body.append(probe);
        const needed = probe.getBoundingClientRect().width;
        probe.remove();
        const room = i.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
        return needed > room + 0.5;
      })
      .map((i) => `#${i.id} "${i.placeholder}"`),
  );
  assert.deepEqual(cut, [], `${label}: fältet är för smalt för sin exempeltext`);
}

/**
 * The page type checks at both widths: axe-core, no sideways scrolling and a full-page
 * screenshot `target/screenshots/<name>-<width>.png`; then the console and request log.
 */
export async function checkPageType(page, log, name, allowed = []) {
  // An icon of its own, so the browser does not ask for /favicon.ico (a 404 in the console).
  assert.equal(await page.getAttribute("link[rel=icon]", "href"), "data:,", `${name}: ikon`);
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width < 600 ? 740 : 800 });
    await assertNoHorizontalScroll(page, `${name} ${width} px`);
    await assertPlaceholdersFit(page, `${name} ${width} px`);
    await assertAxe(page, `${name} ${width} px`);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  assertClean(log, allowed);
}

/** The training modules, parsed from quizzes/modules/*.toml, by id. */
export function modules() {
  const dir = path.join(ROOT, "quizzes", "modules");
  const all = new Map();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".toml")).sort()) {
    const m = parseToml(readFileSync(path.join(dir, file), "utf8"));
    all.set(m.id, m);
  }
  return all;
}

/** The right option texts of each question of a module, by question id. */
export function rightAnswers(module) {
  const right = new Map();
  for (const q of module.questions) {
    right.set(
      q.id,
      q.correct.map((i) => q.options[i]),
    );
  }
  return right;
}

/**
 * Ticks the right (or one wrong) option of every question on a quiz page (the questions drawn
 * for this attempt), found by label text because the page shuffles the options, then submits.
 * Used where the keyboard is not the point.
 */
export async function answerQuiz(page, module, right = true) {
  const answers = Object.fromEntries(rightAnswers(module));
  const missing = await page.evaluate(
    ({ answers, right }) => {
      const missing = [];
      const fieldsets = [...document.querySelectorAll("form.quiz fieldset.fraga")];
      if (fieldsets.length === 0) missing.push("inga frågor");
      for (const fieldset of fieldsets) {
        const id = fieldset.id.replace(/^fraga-/, "");
        const texts = answers[id];
        if (!texts) {
          missing.push(id);
          continue;
        }
        const options = [...fieldset.querySelectorAll(".alternativ")];
        const pick = options.filter((o) => texts.includes(o.querySelector("label").textContent) === right);
        if (pick.length === 0) missing.push(id);
        for (const o of right ? pick : pick.slice(0, 1)) o.querySelector("input").checked = true;
      }
      return missing;
    },
    { answers, right },
  );
  assert.deepEqual(missing, [], "alla frågor hittades på sidan");
  await Promise.all([page.waitForNavigation(), page.click("form.quiz button[type=submit]")]);
}

/** Takes a module in the browser and fills in the certificate form; ends on the certificate. */
export async function certify(page, moduleId, name = "Åsa Öberg") {
  const module = modules().get(moduleId);
  await page.goto(url(`/utbildning/${moduleId}/`));
  await answerQuiz(page, module, true);
  await page.fill("#namn", name);
  await page.fill("#enhet", "Norra enheten");
  await Promise.all([page.waitForNavigation(), page.click(".intyg-form button[type=submit]")]);
}
