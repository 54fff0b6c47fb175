/**
 * Step logs for the demo data, written in the style of the real tools' output: git, npm,
 * jest, eslint, the Docker plugin, vitest, vite and terraform. Pure functions of their
 * arguments, so a restarted build prints what its original printed.
 */

export function cloneLog(ref: string, sha: string): string[] {
  return [
    "Initialized empty Git repository in /drone/src/.git/",
    `+ git fetch origin +${ref}:`,
    "From https://git.example.com",
    ` * branch            ${ref.replace("refs/heads/", "")}     -> FETCH_HEAD`,
    `+ git checkout ${sha} -b ${ref.replace("refs/heads/", "")}`,
    "Already on 'main'",
  ];
}

export function npmCiLog(packages: number, seconds: number): string[] {
  return [
    "+ npm ci",
    "npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory. Do not use it.",
    "npm warn deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported",
    "",
    `added ${packages} packages, and audited ${packages + 1} packages in ${seconds}s`,
    "",
    `${Math.round(packages / 6)} packages are looking for funding`,
    "  run `npm fund` for details",
    "",
    "found 0 vulnerabilities",
  ];
}

export function eslintLog(problem?: { file: string; line: number; col: number; message: string; rule: string }) {
  const head = ["+ npm run lint", "", "> payments-api@3.14.0 lint", "> eslint . --max-warnings 0", ""];
  if (!problem) return head;
  return [
    ...head,
    `/drone/src/${problem.file}`,
    `  ${problem.line}:${problem.col}  error  ${problem.message}  ${problem.rule}`,
    "",
    "✖ 1 problem (1 error, 0 warnings)",
    "",
  ];
}

/** The payments service's test suites: [file, describe block, test names]. */
const SUITES: Array<[string, string, string[]]> = [
  [
    "src/money/currency.test.ts",
    "currency",
    ["converts EUR to cents", "rejects unknown currencies", "rounds half to even"],
  ],
  [
    "src/money/amount.test.ts",
    "Amount",
    ["adds amounts of the same currency", "refuses to add different currencies", "formats for receipts"],
  ],
  [
    "src/charges/idempotency.test.ts",
    "idempotency keys",
    ["replays the first response", "expires keys after 24h", "rejects a key reused with another body"],
  ],
  [
    "src/charges/capture.test.ts",
    "capture",
    [
      "captures an authorised charge",
      "refuses to capture twice",
      "captures a partial amount",
      "releases the remainder",
    ],
  ],
  [
    "src/refunds/rules.test.ts",
    "refund rules",
    ["allows a refund up to the captured amount", "refuses a refund after 180 days", "sums earlier partial refunds"],
  ],
  [
    "src/webhooks/signature.test.ts",
    "webhook signatures",
    ["signs the raw body", "verifies with the previous secret during rotation", "rejects a stale timestamp"],
  ],
  [
    "src/webhooks/retry.test.ts",
    "webhook retry",
    [
      "backs off exponentially",
      "caps the delay at one hour",
      "gives up after 12 attempts",
      "keeps the event order per merchant",
    ],
  ],
  [
    "src/api/validation.test.ts",
    "request validation",
    ["requires an amount", "requires a currency", "accepts metadata up to 50 keys", "rejects unknown fields"],
  ],
  [
    "test/integration/charges.test.ts",
    "Charges API",
    ["POST /v1/charges creates a charge", "GET /v1/charges/:id returns it", "lists charges newest first"],
  ],
  [
    "test/integration/refunds.test.ts",
    "Refunds API",
    [
      "POST /v1/refunds refunds a captured payment",
      "rejects a refund larger than the capture",
      "lists refunds of a charge",
    ],
  ],
  [
    "test/integration/webhooks.test.ts",
    "Webhooks API",
    ["registers an endpoint", "sends a test event", "disables an endpoint after repeated failures"],
  ],
];

/** How many times each suite is repeated per area to make a long, realistic log. */
const AREAS = ["", "eu/", "us/", "uk/", "apac/", "latam/", "ca/", "au/"];

/**
 * `npm test` with jest --verbose. With `flaky`, the refunds integration suite cannot reach the
 * database (the Postgres service was not accepting connections yet) and the step fails.
 */
export function jestLog(flaky: boolean): string[] {
  const out = ["+ npm test -- --ci --verbose", "", "> payments-api@3.14.0 test", "> jest --ci --verbose", ""];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let suitesFailed = 0;
  let suites = 0;
  for (const area of AREAS) {
    for (const [file, block, tests] of SUITES) {
      const integration = file.startsWith("test/");
      if (integration && area !== "") continue; // integration suites run once
      suites += 1;
      const path = area ? file.replace(/^src\//, `src/regions/${area}`) : file;
      const broken = flaky && file.includes("refunds.test");
      out.push(`${broken ? "FAIL" : "PASS"} ${path}${integration ? ` (${broken ? "10.412" : "2.184"} s)` : ""}`);
      out.push(`  ${block}`);
      tests.forEach((name, i) => {
        if (broken && i === 0) {
          out.push(`    ✕ ${name} (10003 ms)`);
          failed += 1;
        } else if (broken) {
          out.push(`    ○ skipped ${name}`);
          skipped += 1;
        } else {
          out.push(`    ✓ ${name} (${((name.length * 7) % 23) + 1} ms)`);
          passed += 1;
        }
      });
      out.push("");
      if (integration) {
        out.push("  console.log", "    [payments] migrations up to date (14 applied)", "");
        out.push("      at Object.<anonymous> (test/setup/database.ts:31:13)", "");
      }
      if (broken) {
        suitesFailed += 1;
        out.push(...refundsFailure());
      }
    }
  }
  const total = passed + failed + skipped;
  if (flaky)
    out.push("Summary of all failing tests", "FAIL test/integration/refunds.test.ts (10.412 s)", ...refundsFailure());
  out.push(
    `Test Suites: ${suitesFailed ? `${suitesFailed} failed, ` : ""}${suites - suitesFailed} passed, ${suites} total`,
    `Tests:       ${failed ? `${failed} failed, ` : ""}${skipped ? `${skipped} skipped, ` : ""}${passed} passed, ${total} total`,
    "Snapshots:   14 passed, 14 total",
    `Time:        ${flaky ? "61.877" : "49.302"} s`,
    "Ran all test suites.",
  );
  if (flaky) {
    out.push(
      "npm error Lifecycle script `test` failed with error:",
      "npm error code 1",
      "npm error path /drone/src",
      "npm error command failed",
      "npm error command sh -c jest --ci --verbose",
    );
  }
  return out;
}

function refundsFailure(): string[] {
  return [
    "  ● Refunds API › POST /v1/refunds refunds a captured payment",
    "",
    "    connect ECONNREFUSED 172.18.0.3:5432",
    "",
    "      29 | beforeAll(async () => {",
    "      30 |   pool = new Pool({ connectionString: process.env.DATABASE_URL });",
    '    > 31 |   await pool.query("SELECT 1");',
    "         |              ^",
    "      32 |   await migrate(pool);",
    "      33 | });",
    "      34 |",
    "",
    "      at node_modules/pg-pool/index.js:45:11",
    "      at Object.<anonymous> (test/setup/database.ts:31:14)",
    "",
    "  ● Refunds API › POST /v1/refunds refunds a captured payment",
    "",
    '    thrown: "Exceeded timeout of 10000 ms for a hook.',
    '    Add a timeout value to this test to increase the timeout, if this is a long-running test."',
    "",
    "      27 | let pool: Pool;",
    "      28 |",
    "    > 29 | beforeAll(async () => {",
    "         | ^",
    "      30 |   pool = new Pool({ connectionString: process.env.DATABASE_URL });",
    "",
    "      at Object.<anonymous> (test/integration/refunds.test.ts:29:1)",
    "",
  ];
}

export function dockerPublishLog(image: string, sha: string): string[] {
  const tag = sha.slice(0, 8);
  return [
    "+ /usr/local/bin/dockerd --data-root /var/lib/docker --host=unix:///var/run/docker.sock",
    "+ /usr/local/bin/docker version",
    "Client: Docker Engine - Community",
    " Version:           24.0.7",
    `+ /usr/local/bin/docker build --rm=true -f Dockerfile -t ${tag} .`,
    "#1 [internal] load build definition from Dockerfile",
    "#5 [build 3/6] RUN npm ci --omit=dev",
    "#9 [runtime 2/2] COPY --from=build /app/dist ./dist",
    "#10 exporting to image",
    `#10 naming to docker.io/library/${tag} done`,
    `+ /usr/local/bin/docker tag ${tag} ${image}:${tag}`,
    `+ /usr/local/bin/docker push ${image}:${tag}`,
    `${tag}: digest: sha256:${sha}${sha.slice(0, 24)} size: 1786`,
  ];
}

export function vitestLog(): string[] {
  return [
    "+ npm test",
    "",
    " RUN  v1.6.0 /drone/src",
    "",
    " ✓ src/components/Checkout.test.tsx  (9 tests) 412ms",
    " ✓ src/components/PriceTag.test.tsx  (6 tests) 38ms",
    " ✓ src/hooks/useCart.test.ts  (11 tests) 25ms",
    "",
    " Test Files  3 passed (3)",
    "      Tests  26 passed (26)",
  ];
}

export function tscLog(error?: string): string[] {
  const head = ["+ npm run build", "", "> web@2.3.1 build", "> tsc -b && vite build", ""];
  if (error) return [...head, error, "", "Found 1 error."];
  return [
    ...head,
    "vite v5.2.11 building for production...",
    "✓ 1342 modules transformed.",
    "dist/index.html                   0.61 kB │ gzip:  0.37 kB",
    "dist/assets/index-4f1c2a9e.js   182.40 kB │ gzip: 58.91 kB",
    "✓ built in 6.84s",
  ];
}

export function terraformLog(command: "fmt" | "plan" | "apply"): string[] {
  if (command === "fmt") return ["+ terraform fmt -check -recursive"];
  if (command === "plan") {
    return [
      "+ terraform init -input=false",
      "Terraform has been successfully initialized!",
      "+ terraform plan -input=false -out=tfplan",
      "module.cdn.aws_cloudfront_distribution.web: Refreshing state... [id=E2QWRUHAPOMQZL]",
      "  # module.db.aws_db_instance.payments will be updated in-place",
      '      ~ instance_class = "db.t4g.medium" -> "db.t4g.large"',
      "Plan: 0 to add, 1 to change, 0 to destroy.",
    ];
  }
  return [
    "+ terraform apply -input=false tfplan",
    "module.db.aws_db_instance.payments: Modifying... [id=payments-prod]",
    "module.db.aws_db_instance.payments: Modifications complete after 6m12s [id=payments-prod]",
    "Apply complete! Resources: 0 added, 1 changed, 0 destroyed.",
  ];
}
