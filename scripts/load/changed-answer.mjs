// One Chromium, a page on each server, and ROUNDS changed answers on each, alternately: prints a
// Markdown table of the time to the result in place (median and 90th percentile, milliseconds)
// and the bytes the result's request transferred (median), per server.
import { createRequire } from "node:module";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const { chromium } = createRequire(join(process.cwd(), "package.json"))("playwright-core");
const servers = process.argv.slice(2);
const rounds = Number(process.env.ROUNDS || 40);
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "advisor-measure-")), {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const pages = [];
for (const server of servers) {
  const page = await context.newPage();
  await page.goto(`${server}/?requests=900000000`);
  await page.waitForSelector("body[data-hydrated]");
  pages.push(page);
}

// In the page: types `keys` into its field as a reader does and leaves it (a change event), then
// waits for the island to put the new result in and lays it out; returns the milliseconds and the
// last fetch's transferred bytes (headers and body, as Chromium counts them).
async function change(page, keys) {
  return page.evaluate(async (keys) => {
    // The last change's images and frames settled first, as between a reader's changes.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 100))));
    const result = document.querySelector(".result");
    const input = document.querySelector("#keys");
    performance.clearResourceTimings();
    const swapped = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        observer.disconnect();
        // Laid out, as the reader will see it.
        void document.body.offsetHeight;
        resolve(performance.now());
      });
      observer.observe(result, { childList: true });
    });
    const start = performance.now();
    input.value = String(keys);
    input.dispatchEvent(new Event("change", { bubbles: true }));
    const end = await swapped;
    const fetched = performance.getEntriesByType("resource").filter((entry) => entry.initiatorType === "fetch");
    const last = fetched[fetched.length - 1];
    return { ms: end - start, bytes: last ? last.transferSize : 0, path: last ? new URL(last.name).pathname : "" };
  }, keys);
}

const seen = servers.map(() => ({ ms: [], bytes: [], paths: new Set() }));
for (let round = 0; round < rounds; round++) {
  // The same new number for both servers, so both render the same state.
  const keys = 100 + Math.floor(Math.random() * 900000);
  for (const [index, page] of pages.entries()) {
    const { ms, bytes, path } = await change(page, keys);
    seen[index].ms.push(ms);
    seen[index].bytes.push(bytes);
    seen[index].paths.add(path);
  }
}
await context.close();

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
console.log("| server | asks | time to the result, median | 90th percentile | transferred, median |");
console.log("|---|---|---|---|---|");
for (const [index, server] of servers.entries()) {
  const { ms, bytes, paths } = seen[index];
  console.log(`| ${index === 0 ? "old" : "new"} (${server}) | ${[...paths].join(", ")} | ${quantile(ms, 0.5).toFixed(1)} ms | ` +
    `${quantile(ms, 0.9).toFixed(1)} ms | ${quantile(bytes, 0.5)} B |`);
}
