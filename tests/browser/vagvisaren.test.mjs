// The browser suite: the release server and one headless Chromium for the whole run.
// Run with `node --test --test-concurrency=1` here, or `scripts/test` from the repository root.

import { after, before, describe } from "node:test";
import { start, stop } from "./helpers.mjs";
import { keyboard } from "./suites/keyboard.mjs";
import { overlay } from "./suites/overlay.mjs";
import { pages } from "./suites/pages.mjs";
import { print } from "./suites/print.mjs";
import { quickExit } from "./suites/quick-exit.mjs";
import { reports } from "./suites/reports.mjs";
import { search } from "./suites/search.mjs";
import { statistics } from "./suites/statistics.mjs";
import { variants } from "./suites/variants.mjs";

describe("Vägvisaren i Chromium", () => {
  before(start);
  after(stop);
  pages();
  quickExit();
  keyboard();
  print();
  search();
  overlay();
  statistics();
  reports();
  variants();
});
