// Lighthouse mobile audits (default form factor and throttling) of Clinic360's main pages on a
// running server: prints performance, accessibility, LCP, CLS, TBT and transfer size per page,
// writes each report as JSON, and says whether the targets are met. Exits 1 when it cannot measure
// what it should: a sign-in failed, or a page ended elsewhere (at /login, say) or with an error.
//
//   node run.mjs <base-url> <report-dir>
//   CHROME_PATH (default /usr/bin/chromium), RUNS (default 1: the median run by performance).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const [base = "http://127.0.0.1:5099", outDir = "/tmp/clinic360-lighthouse"] = process.argv.slice(2);
const runs = Math.max(1, Number(process.env.RUNS || 1));
const PASSWORD = "clinic360-demo"; // the published demo logins (clinic360/cli.py, README)
const PATIENT = { identifier: "paula@clinic360.test", password: PASSWORD };
const DOCTOR = { identifier: "maya.patel@clinic360.test", password: PASSWORD, employeeId: "DOC-1001" };
const TARGETS = { performance: 90, accessibility: 100, lcpMs: 2500, cls: 0.1 };

function cookiesOf(response) {
  return response.headers.getSetCookie().map((c) => c.split(";")[0]);
}

class CannotMeasure extends Error {}

/** Signs in through the API as the browser does (CSRF token, then POST /api/login): a Cookie header.
 * Signed in means the answer is the user; `{"mfaRequired": true}` (also a 200) is not. */
async function signIn(credentials) {
  const csrf = await fetch(`${base}/api/csrf`);
  if (!csrf.ok) throw new CannotMeasure(`GET /api/csrf answered ${csrf.status}`);
  const jar = new Map(cookiesOf(csrf).map((c) => [c.split("=", 1)[0], c]));
  const { csrfToken } = await csrf.json();
  const login = await fetch(`${base}/api/login`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-CSRFToken": csrfToken,
      Cookie: [...jar.values()].join("; "),
    },
    body: JSON.stringify(credentials),
  });
  const user = await login.json().catch(() => null);
  if (!login.ok || typeof user?.id !== "number") {
    const why = user?.mfaRequired ? "a second factor is required" : `answered ${login.status}`;
    throw new CannotMeasure(`Signing in as ${credentials.identifier} failed: ${why}.`);
  }
  for (const c of cookiesOf(login)) jar.set(c.split("=", 1)[0], c);
  return [...jar.values()].join("; ");
}

async function firstDoctorId() {
  const response = await fetch(`${base}/api/doctors`);
  if (!response.ok) throw new CannotMeasure(`GET /api/doctors answered ${response.status}`);
  const body = await response.json();
  const items = body.items ?? body;
  if (!items.length) throw new CannotMeasure("No doctor listed: was the demo data seeded?");
  return items[0].id;
}

let doctorId, patientCookie, doctorCookie;
try {
  doctorId = await firstDoctorId();
  patientCookie = await signIn(PATIENT);
  doctorCookie = await signIn(DOCTOR);
} catch (error) {
  if (!(error instanceof CannotMeasure)) throw error;
  console.error(`Cannot measure: ${error.message}`);
  process.exit(1);
}
const pages = [
  { name: "landing", path: "/" },
  { name: "search", path: "/doctors" },
  { name: "doctor page", path: `/doctors/${doctorId}` },
  { name: "booking (patient)", path: `/doctors/${doctorId}`, cookie: patientCookie },
  { name: "patient dashboard", path: "/patient", cookie: patientCookie },
  { name: "doctor dashboard", path: "/doctor", cookie: doctorCookie },
];

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
  ],
});

mkdirSync(outDir, { recursive: true });
const rows = [];
try {
  for (const page of pages) {
    const results = [];
    for (let run = 0; run < runs; run++) {
      const result = await lighthouse(`${base}${page.path}`, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility"],
        extraHeaders: page.cookie ? { Cookie: page.cookie } : undefined,
      });
      results.push(result);
    }
    results.sort((a, b) => a.lhr.categories.performance.score - b.lhr.categories.performance.score);
    const { lhr, report } = results[Math.floor(results.length / 2)];
    const file = join(outDir, `${page.name.replace(/[^a-z]+/g, "-")}.json`);
    writeFileSync(file, report);
    const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
    rows.push({
      page: page.name,
      path: page.path,
      performance: Math.round(lhr.categories.performance.score * 100),
      accessibility: Math.round(lhr.categories.accessibility.score * 100),
      lcpMs: audit("largest-contentful-paint"),
      cls: audit("cumulative-layout-shift"),
      tbtMs: audit("total-blocking-time"),
      transferKiB: audit("total-byte-weight") / 1024,
      // Accessibility audits that count and failed.
      failedA11y: lhr.categories.accessibility.auditRefs
        .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score === 0)
        .map((ref) => ref.id),
      // A signed-in page that sent the browser elsewhere (to /login) measured the wrong page:
      // where any of the runs ended if not on the page, and the first run's error.
      endedAt:
        results.map((r) => new URL(r.lhr.finalDisplayedUrl).pathname).find((p) => p !== page.path) ??
        page.path,
      runtimeError: results.map((r) => r.lhr.runtimeError?.code).find(Boolean),
      benchmarkIndex: lhr.environment.benchmarkIndex,
    });
  }
} finally {
  await chrome.kill();
}

const pad = (value, width) => String(value).padEnd(width);
console.log(
  [pad("page", 20), pad("perf", 5), pad("a11y", 5), pad("LCP s", 6), pad("CLS", 6), pad("TBT ms", 7), "transfer KiB"].join(" "),
);
let met = true;
const wrong = [];
for (const r of rows) {
  const measured = r.endedAt === r.path && !r.runtimeError;
  if (!measured) wrong.push(r.page);
  const ok =
    measured &&
    r.performance >= TARGETS.performance &&
    r.accessibility >= TARGETS.accessibility &&
    r.lcpMs < TARGETS.lcpMs &&
    r.cls < TARGETS.cls;
  met &&= ok;
  console.log(
    [
      pad(r.page, 20),
      pad(r.performance, 5),
      pad(r.accessibility, 5),
      pad((r.lcpMs / 1000).toFixed(2), 6),
      pad(r.cls.toFixed(3), 6),
      pad(Math.round(r.tbtMs), 7),
      pad(r.transferKiB.toFixed(0), 6),
      ok ? "" : "below target",
      r.failedA11y.length ? `a11y: ${r.failedA11y.join(", ")}` : "",
      r.runtimeError ? `error: ${r.runtimeError}` : "",
      r.endedAt !== r.path ? `ended at ${r.endedAt}` : "",
    ].join(" "),
  );
}
console.log(
  `Targets (performance >= ${TARGETS.performance}, accessibility ${TARGETS.accessibility}, ` +
    `LCP < ${TARGETS.lcpMs / 1000} s, CLS < ${TARGETS.cls}): ${met ? "met on every page" : "NOT met on every page"}.`,
);
const indexes = rows.map((r) => r.benchmarkIndex);
// Lighthouse's CPU benchmark of this machine during the runs: lower on a busy machine, where
// the simulated TBT (and with it performance) comes out worse than the page deserves.
console.log(`CPU benchmark index: ${Math.min(...indexes)}-${Math.max(...indexes)} (a busy machine scores lower and measures more blocking time).`);
console.log(`JSON reports: ${outDir}`);
writeFileSync(join(outDir, "summary.json"), JSON.stringify(rows, null, 2));
if (wrong.length) {
  console.error(`Not measured as asked (ended elsewhere or with an error): ${wrong.join(", ")}.`);
  process.exitCode = 1;
}
