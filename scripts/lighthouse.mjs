#!/usr/bin/env node
// Lighthouse on a list of pages, in one headless Chrome, each page up to --runs times (in passes).
//
//   node scripts/lighthouse.mjs --out DIR [--runs 3] [--min-performance 95] NAME=URL ...
//
// Lighthouse's default (mobile) configuration: a mid-range phone, simulated slow 4G and a 4x
// slower CPU. Every run starts with the origin's cache and storage cleared (a first visit).
// A page is run again only while its performance score is under --min-performance, at most
// --runs times in all (so is a run Lighthouse could not complete); the other categories do not
// depend on timing. Runs again are started only in the first four minutes.
// Writes DIR/NAME-runN.report.json and .html for every run and DIR/summary.json (the scores of
// each run); prints the summary on stdout. Chrome resolves no host but localhost and 127.0.0.1,
// so nothing can be fetched from elsewhere; every run and the whole script are time-bounded.
// Chrome: CHROME_PATH (default /usr/bin/chromium).

import {mkdir, writeFile} from "node:fs/promises";
import path from "node:path";
import {parseArgs} from "node:util";

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const RUN_TIMEOUT_MS = 90_000; // one Lighthouse run (load, gather, audit)
const RETRIES_UNTIL_MS = 240_000; // no run again is started after this, so that every page gets its first run
const TOTAL_TIMEOUT_MS = 420_000; // the whole script, whatever happens
const startedAt = Date.now();

const {values: options, positionals} = parseArgs({
  options: {
    out: {type: "string"},
    runs: {type: "string", default: "3"},
    "min-performance": {type: "string", default: "95"},
  },
  allowPositionals: true,
});
if (!options.out || positionals.length === 0) {
  console.error("usage: node scripts/lighthouse.mjs --out DIR [--runs 3] [--min-performance 95] NAME=URL ...");
  process.exit(64);
}
const pages = positionals.map((arg) => {
  const at = arg.indexOf("=");
  if (at < 1) throw new Error(`not NAME=URL: ${arg}`);
  return {name: arg.slice(0, at), url: arg.slice(at + 1)};
});
const maxRuns = Number(options.runs);
const minPerformance = Number(options["min-performance"]) / 100;

const config = {
  extends: "lighthouse:default",
  settings: {
    onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
    maxWaitForFcp: 15_000,
    maxWaitForLoad: 30_000,
    disableFullPageScreenshot: true, // the browser tests save screenshots; this saves a second a run
  },
};

let chrome;
const stop = async (code) => {
  if (chrome) {
    try {
      await chrome.kill();
    } catch {
      // already gone
    }
  }
  process.exit(code);
};
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(130));
setTimeout(() => {
  console.error(`lighthouse: gave up after ${TOTAL_TIMEOUT_MS / 1000} s`);
  stop(3);
}, TOTAL_TIMEOUT_MS).unref();

const withTimeout = (promise, ms, what) =>
  Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: no result after ${ms / 1000} s`)), ms).unref()),
  ]);

const scores = (lhr) =>
  Object.fromEntries(Object.entries(lhr.categories).map(([id, category]) => [id, Math.round(category.score * 100)]));

await mkdir(options.out, {recursive: true});
chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    // No DNS but for the local test server: a request to any other host fails at once.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
  ],
});
await writeFile(path.join(options.out, "chrome.pid"), String(chrome.pid));

const summary = {lighthouseVersion: null, chrome: null, pages: {}};
for (const {name, url} of pages) summary.pages[name] = {url, runs: []};
// A run Lighthouse could not complete (it says "run again", e.g. NO_NAVSTART) needs another run too.
const passed = (run) => !run.runtimeError && run.scores.performance >= minPerformance * 100;
try {
  // In passes: every page once, then again the pages with no run on target yet, so that the runs
  // of one page are spread over the whole check rather than caught together in one busy moment.
  for (let n = 1; n <= maxRuns && (n === 1 || Date.now() - startedAt < RETRIES_UNTIL_MS); n++) {
    for (const {name, url} of pages) {
      const {runs} = summary.pages[name];
      if (runs.some(passed)) continue;
      const started = Date.now();
      const result = await withTimeout(
        lighthouse(url, {port: chrome.port, output: ["json", "html"], logLevel: "error"}, config),
        RUN_TIMEOUT_MS,
        `${name} run ${n}`,
      );
      const {lhr, report} = result;
      const base = path.join(options.out, `${name}-run${n}.report`);
      await writeFile(`${base}.json`, report[0]);
      await writeFile(`${base}.html`, report[1]);
      summary.lighthouseVersion = lhr.lighthouseVersion;
      summary.chrome = lhr.environment.hostUserAgent;
      runs.push({
        report: `${base}.json`,
        scores: scores(lhr),
        runtimeError: lhr.runtimeError?.message ?? null,
        seconds: Math.round((Date.now() - started) / 100) / 10,
      });
    }
  }
} finally {
  await chrome.kill();
}
await writeFile(path.join(options.out, "summary.json"), JSON.stringify(summary, null, 2));
console.log(JSON.stringify(summary));
