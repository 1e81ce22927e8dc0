// Console benchmark (not a test): gzipped JS size against the 300 kB budget, and time to interactive of the findings
// page for each tenant given (key files), median of N cold loads in Debian's chromium.
// "Interactive" = from navigation start until the findings table shows its rows and a click on "Next"/sort reaches the
// app (the main thread answered). Run by scripts/bench-console.sh, which starts the platform and seeds 10,000 findings.
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { chromium } from "playwright-core";

const base = process.env.THALIAN_URL ?? "http://127.0.0.1:8080";
const runs = Number(process.env.BENCH_RUNS ?? 5);
const budget = 300 * 1024;

const assets = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "dist", "assets");
const js = readdirSync(assets).filter((f) => f.endsWith(".js"));
const gz = js.reduce((n, f) => n + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);
console.log(`JS: ${js.length} file(s), ${(gz / 1024).toFixed(1)} kB gzipped — budget 300 kB: ${gz <= budget ? "within" : "OVER"} (${((gz / budget) * 100).toFixed(0)} % of it)`);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const arg of process.argv.slice(2)) {
  const [label, keyFile] = arg.split("=");
  const key = JSON.parse(readFileSync(keyFile, "utf8")).key;
  const times = [];
  let shown = 0;
  let total = "";
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const signIn = await context.request.post(`${base}/api/v1/session`, { headers: { Authorization: `Bearer ${key}` } });
    if (!signIn.ok()) throw new Error(`sign-in for ${label} failed: ${signIn.status()}`);
    const page = await context.newPage();
    await page.goto(`${base}/findings?status=open`, { waitUntil: "commit" });
    await page.waitForSelector("table tbody tr");
    await page.getByRole("button", { name: /Severity/ }).click({ trial: true });
    const ms = await page.evaluate(() => performance.now());
    times.push(ms);
    shown = await page.locator("table tbody tr").count();
    total = await page.evaluate(async () => {
      const summary = await (await fetch("/api/v1/findings/summary")).json();
      return String(summary.byStatus.open ?? 0);
    });
    await context.close();
  }
  console.log(`${label}: ${total} open findings, ${shown} rows on the first page — time to interactive median ${median(times).toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(", ")})`);
}
await browser.close();
