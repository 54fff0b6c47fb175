/**
 * Which log lines look like the cause of a failure, per tool family: go test, jest/vitest,
 * pytest/Python, JUnit/Maven/Gradle, cargo/rustc, tsc/eslint, npm/yarn/pnpm, make, docker build,
 * C compilers, some forty more (test runners, build tools, sanitizers, CI runners; each rule below
 * says whose output it reads), and generic `exit code`/`fatal:` lines. A cause (score 3 for a tool-specific
 * message, 2 for a generic one) is the error itself; an effect (score 1) is a consequence that
 * points at the lines above it ("make: *** ... Error 1", "npm ERR! code ELIFECYCLE").
 * Warnings that merely look like errors are recognised and ignored. Pure, one line at a time.
 */

export type SignalKind = "cause" | "effect";

export interface Signal {
  family: string;
  kind: SignalKind;
  /** 3: tool-specific cause, 2: generic cause, 1: effect. */
  score: number;
}

interface Rule {
  family: string;
  /** "ignore" rules recognise look-alikes (warnings, passing tests) and stop the search. */
  kind: SignalKind | "ignore";
  score: number;
  re: RegExp;
}

const rule = (family: string, kind: Rule["kind"], score: number, re: RegExp): Rule => ({ family, kind, score, re });
const cause = (family: string, re: RegExp) => rule(family, "cause", 3, re);
const generic = (family: string, re: RegExp) => rule(family, "cause", 2, re);
const effect = (family: string, re: RegExp) => rule(family, "effect", 1, re);
const ignore = (re: RegExp) => rule("", "ignore", 0, re);

/** A CI runner's line for the failing command's exit (Travis, GitHub Actions, Jenkins pipelines). */
export const STEP_EXIT =
  /^(?:The command ".*|")? exited with [1-9]\d*\.?$|^(?:Error: )?Process completed with exit code [1-9]|^script returned exit code [1-9]/;

/** Ordered: the first rule that matches decides. */
const RULES: Rule[] = [
  // Reports that begin like a warning but fail the run: a data race, a sanitizer's finding.
  cause("go", /^WARNING: DATA RACE$|\brace detected during execution of test\b/),
  cause(
    "sanitizer",
    /^==\d+==ERROR: \w*Sanitizer\b|^WARNING: \w*Sanitizer: |^SUMMARY: \w*Sanitizer: |:\d+(?::\d+)?: runtime error: /,
  ),
  // Look-alikes first: warnings, deprecations, passing tests, zero counts.
  ignore(
    /^(?:npm (?:WARN|warn)\b|##\[warning\]|warning(?:\[\w+\])?:|WARNING\b|\[WARNING\]|WARN\b|⚠|\(node:\d+\) \[?\w*Warning|DeprecationWarning|--- (?:PASS|SKIP)|ok\s|PASS\s|SKIP(?:PED)?\s|XFAIL\s|\s*✓|\s*√)/,
  ),
  ignore(/:\d+(?::\d+)?:? warning\b|\bwarning TS\d+|^\s+\d+:\d+\s+warning\s/),
  ignore(
    /^(?!.*\b[1-9]\d* (?:errors?|failed|failures?|failing)\b).*\b0 (?:errors?|failed|failures?|failing|problems?)\b/,
  ),
  // JUnit/Surefire's report of a test class that passed
  ignore(/\bTests run: \d+, Failures: 0, Errors: 0\b(?!.*<<<)/),
  // A test that passed or was skipped, whose name holds an error word: `test_x[Permission denied] PASSED [ 18%]`,
  // `test_y (mod.Case) ... ok`, `test z ... ignored`.
  ignore(
    /\s(?:PASSED|PASS|XFAIL|SKIPPED|passed|skipped)(?:\s+\[\s*\d+%\])?$|\s\.\.\.\s+(?:ok|OK|skipped|ignored|expected failure)\b/,
  ),

  // A command stopped by `timeout` (exit 124) or killed (137: SIGKILL, often out of memory; 143:
  // SIGTERM): the exit itself is the cause.
  cause(
    "ci",
    /(?:exited with|exit code|exit status) (?:124|137|143)\b|^No output has been received in the last \S+|^The job exceeded the maximum (?:time limit|log length)/,
  ),
  // A process that crashed (a signal, memory exhausted): the crash is the cause, whatever ran.
  cause(
    "crash",
    /Segmentation fault|segmentation violation|core dumped|\bSIG(?:SEGV|BUS|ABRT|ILL)\b|Bus error|Illegal instruction|(?<!["'])Out of memory|OOMKilled|Cannot allocate memory|^Killed$|heap out of memory|Allowed memory size of \d+ bytes exhausted/,
  ),
  // Valgrind's memory errors, and its summary when it found any
  cause(
    "valgrind",
    /^==\d+== (?:Invalid (?:read|write|free)|Conditional jump or move|Use of uninitialised|Mismatched free|Syscall param|Source and destination overlap|\d[\d,]* bytes in [\d,]+ blocks are definitely lost)/,
  ),
  effect("valgrind", /^==\d+== ERROR SUMMARY: [1-9]/),
  // PHP's fatal and parse errors, CMake's, Elixir's compiler, Terraform's boxed diagnostics
  cause("php", /^(?:PHP )?(?:Fatal error|Parse error|Catchable fatal error): /),
  cause("cmake", /^CMake Error\b/),
  cause("elixir", /^== Compilation error in file \S+ ==$/),
  cause("terraform", /^[│╷] ?Error: /),
  effect("rubocop", /^\d+ files? inspected, [1-9]\d* offenses? detected/),
  // Prettier's check and Bazel's summary point at the files and actions listed above them
  effect("prettier", /^\[warn\] Code style issues (?:found|were found)/),
  effect("bazel", /^FAILED: Build did NOT complete successfully/),
  // CI runners: the failing command's exit, which points at the lines above it, and the build's end
  effect("ci", STEP_EXIT),
  effect("ci", /^Done\. Your build exited with [1-9]|^ERROR: Job failed/),
  // TAP (tape, node-tap, prove) and Perl's Test::More diagnostics (a failed TODO test is no failure)
  cause("tap", /^\s*not ok \d+|^\s*#\s+Failed test(?: '| at | in |$)/),
  effect(
    "tap",
    /^#\s+(?:fail|failed)\s+[1-9]\d*|^Failed \d+\/\d+ (?:test|subtest)|^Result: FAIL|^# Looks like you failed \d+ tests? of|\bDubious, test returned [1-9]|\(Wstat: \d+ Tests: \d+ Failed: [1-9]|^\s*Failed tests?:\s+\d/,
  ),
  // go
  cause("go", /^--- FAIL: /),
  cause("go", /^\s*(?:panic: |fatal error: )/),
  // A test's own log line: t.Error's under `--- FAIL`, but t.Log's of passing tests look the same.
  generic("go", /^\s+\S+_test\.go:\d+: /),
  cause("go", /^(?:\.\/)?[\w./-]+\.go:\d+:\d+: /),
  // jest / vitest (before go's bare FAIL)
  cause("jest", /^\s*FAIL\s+\S+\.(?:test|spec)\.[cm]?[jt]sx?(?:\s|$)(?!.* > )/),
  cause("vitest", /^\s*FAIL\s+\S.* > /),
  effect("go", /^FAIL(?:\s|$)/),
  cause("jest", /^\s*● (?!Console\b)/),
  // A failed test marked with a cross: jest, mocha, xcpretty, ava.
  cause("test", /^\s*(?:×|✕|✗|✘) /),
  effect("jest", /^\s*(?:Tests?|Test Suites|Test Files):?\s+[1-9]\d* failed/),
  effect("vitest", /⎯ Failed Tests? \d+ ⎯|⎯ Unhandled Errors? ⎯/),
  // pytest / python
  cause("python", /^\s*Traceback \(most recent call last\):/),
  cause("pytest", /^E\s+\S/),
  cause("pytest", /^_{3,} \S.* _{3,}$/),
  cause("pytest", /^(?:FAILED|ERROR) \S+::/),
  cause("pytest", /^[\w./-]+\.py:\d+: (?:[A-Z]\w*(?:Error|Exception)|in )/),
  effect("pytest", /^=+ .*\b[1-9]\d* (?:failed|errors?)\b.*=+$/),
  // RSpec, minitest, PHPUnit, ExUnit, Clojure, ERT, hspec: numbered failures and their summaries
  cause("rspec", /^rspec \.\/\S+:\d+/),
  cause("minitest", /^\s*\d+\) (?:Failure|Error):/),
  cause("phpunit", /^There (?:was|were) \d+ (?:failures?|errors?|risky tests?|warnings?):?$/),
  cause("exunit", /^\s+\d+\) test .+ \(\S+\)$|^\*\* \((?:throw|exit|EXIT|(?:\w+\.)*\w+(?:Error|Exception))\)/),
  cause("clojure", /^(?:FAIL|ERROR) in \(\S+\)/),
  cause("ert", /^\s+FAILED\s+\d+\/\d+\s+\S/),
  cause("test", /^\s*\d+\) \S.*(?:\bFAILED|\bfails?|::\w+|\btest\w*)/),
  // Headers of a list of failed tests (RSpec, Surefire, Cucumber, CTest), and the entries that
  // name a failed test by the command that reruns it (RSpec's is above) or its CTest number.
  cause(
    "test",
    /\*\*\* FAILED \*\*\*|^\s*(?:FAILURES?|Failures|Failed examples|Failing tests|Failed tests|Tests in error|Failing Scenarios|Tests? failed|The following tests FAILED):?\s*$/,
  ),
  cause(
    "test",
    /^(?:cucumber|crystal spec) \S+:\d+|^\s*\d+ - \S.* \((?:Failed|SEGFAULT|Timeout|Not Run|Subprocess aborted|Exception)\)$/,
  ),
  effect(
    "test",
    /^FAILURES!$|^Tests: \d+, Assertions: \d+, (?:Errors|Failures)|\b\d+ examples?, [1-9]\d* failures?|\b\d+ (?:runs|tests), \d+ assertions, (?:[1-9]\d* failures|\d+ failures, [1-9]\d* errors)|\b\d+ tests?, [1-9]\d* failures?|^Ran \d+ tests?, \d+ results? as expected, [1-9]\d* unexpected|^\s*\d+ (?:examples?|tests?) failed|^\d+ of \d+ tests? failed|^FAILED \((?:failures|errors)=|^Executed \d+ of \d+ .*\([1-9]\d* FAILED\)|^[1-9]\d* failures, \d+ errors\.$|^\d+ failures, [1-9]\d* errors\.$|^Tests failed\.$|^Some tests failed\.?$|^Errors while running CTest/,
  ),
  // R CMD check, Haskell, LaTeX, Lua, Erlang, Swift/Xcode, MSBuild/dotnet
  cause("r", /^\* checking .* \.\.\. ERROR$|^Error in \S+\(|^\s*── (?:Failure|Error) \(/),
  // A check's WARNING fails the build only where warnings count as errors: below an ERROR.
  generic("r", /^\* checking .* \.\.\. WARNING$/),
  effect("r", /^Execution halted$|^Status: \d+ ERRORs?|^Error: R CMD check found/),
  cause("haskell", /^\S+\.l?hs:\d+:\d+(?:-\d+)?: (?:error|Warning|warning)\b/),
  effect(
    "haskell",
    /^Failing due to -Werror|^cabal: Failed|^--\s+While building (?:package|custom Setup)|^Test suite \S+: FAIL|^Completed \d+ action\(s\)\.$/,
  ),
  cause("latex", /^! (?:LaTeX Error|Undefined control|Missing|Emergency stop|Package \S+ Error|\S)/),
  cause("erlang", /\bfailed on line \d+$|^Reason: |^%%% \S+ ==> /),
  cause("lua", /^(?:Failure|Error) → |^lua\S*: \S+\.lua:\d+: /),
  // Julia's Test, Dart's test runner (`+12 -1: name [E]`)
  cause("julia", /\b(?:Test Failed|Error During Test) at \S+:\d+/),
  effect("julia", /^ERROR: (?:LoadError: )?Some tests did not pass|^ERROR: Package \S+ errored during testing/),
  cause("dart", /^\d+:\d\d \+\d+(?: ~\d+)? -\d+: .* \[E\]$|EXCEPTION CAUGHT BY [A-Z ]+ ╞/),
  effect("dart", /^\d+:\d\d \+\d+(?: ~\d+)? -[1-9]\d*: Some tests failed\.$/),
  effect("xcode", /\*\* (?:BUILD|TEST|ARCHIVE|ANALYZE) FAILED \*\*|^Testing failed:|^xcodebuild: error/),
  cause("xcode", /(?:✗|❌)\s+\S|: error: .*XCT|XCTAssert\w* failed/),
  // Build summaries, before the status column below would take `BUILD FAILURE` for a test's.
  effect("maven", /^\[(?:ERROR|INFO)\] (?:Failed to execute goal|BUILD FAILURE)/),
  effect("jenkins", /^Finished: (?:FAILURE|UNSTABLE|ABORTED)$|^Build step '.*' marked build as (?:failure|unstable)$/),
  effect("gradle", /^(?:BUILD FAILED|FAILURE: Build failed|> Task \S+ FAILED)/),
  // go test and Python's unittest name a failed test this way (go with `--- ` in front).
  cause("test", /^\s*(?:--- )?FAIL: \S|^ERROR: \w+ \([\w.]+\)$/),
  // A test runner's status column: `name ..... FAIL (0.06s)`, `[FAIL] name`
  cause(
    "test",
    /^\s*[^\s.].*[\s.](?:FAIL|FAILED|FAILURE)(?: \([\d.]+\s?m?s\))?!?$|^\s*\[\s*(?:FAIL|FAILED|FAILURE)\s*\]|^\s*(?:\w+ )?(?:Module|Test|Assertion|Spec|Example) Failed: /,
  ),
  // sbt / Scala
  cause("sbt", /^\[error\]\s+\S+\.(?:scala|java|kt|sbt):\d+(?::\d+)?:? /),
  cause("sbt", /^\[error\] (?:Failed tests:|Error during tests:|\(\S+\) (?!sbt\.TestsFailedException))/),
  // sbt's count of the failed tests it reported above
  effect("sbt", /^\[error\] Failed: Total \d+, (?:Failed [1-9]|Failed \d+, Errors [1-9])/),
  // JUnit / Maven / Gradle / Kotlin
  // Surefire's line for a test class sums up the failed methods it lists next, each a cause.
  generic("junit", /^(?:\[ERROR\] )?Tests run: .*<<< (?:FAILURE|ERROR)! -? ?in /),
  cause("junit", /<<< (?:FAILURE|ERROR)!/),
  effect("junit", /^Tests run: \d+, (?:Failures: [1-9]\d*, Errors: \d+|Failures: \d+, Errors: [1-9])/),
  cause("maven", /^\[ERROR\]\s+\S+\.(?:java|kt|scala):\[\d+,\d+\]/),
  // Surefire's results: the header of the failed tests it lists below
  cause("junit", /^\[ERROR\] (?:Failures|Errors|Failed tests|Tests in error):\s*$/),
  cause("junit", /^\[ERROR\]\s{2,}\S+[.:]\S+:\d+ /),
  cause("java", /^(?:Exception in thread |Caused by: )/),
  cause("gradle", /^\* What went wrong:/),
  cause("gradle", /^\S+ > .+ FAILED$/),
  cause("kotlin", /^e: (?:file:\/\/)?\S+\.kts?:/),
  effect("maven", /^\[ERROR\] Tests run:.*(?:Failures: [1-9]|Errors: [1-9])/),
  // javac and javadoc through Maven, and dependencies Maven or Gradle could not resolve
  cause("maven", /^\[ERROR\]\s+[\w./\\-]+\.\w+:\d+(?::\d+)?: (?:fatal )?error: /),
  cause(
    "dependencies",
    /Could not (?:resolve dependencies for project|find artifact|transfer artifact|resolve all (?:files|dependencies|artifacts) for configuration)|^\s*> Could not find \S+:\S+/,
  ),
  effect("maven", /^\[ERROR\] /),
  // Nix: a derivation that failed to build points at its builder's output above
  effect("nix", /^error: (?:builder for '\S+\.drv' failed|\d+ dependenc(?:y|ies) of derivation '\S+' failed to build)/),
  // cargo / rustc
  effect("rust", /^error: (?:could not compile|aborting due to|test failed|failed to run|build failed)/),
  cause("rust", /^error(?:\[E\d{4}\])?: /),
  cause("rust", /^thread '.*' panicked at /),
  cause("rust", /^test \S+ \.\.\. FAILED/),
  effect("rust", /^test result: FAILED/),
  // tsc / eslint
  cause("tsc", /\.(?:[cm]?[jt]sx?|vue)(?::\d+:\d+ - |\(\d+,\d+\): )error TS\d+:|^error TS\d+:/),
  cause("tsc", /\.(?:[cm]?[jt]sx?|vue) \(\d+,\d+\): /),
  effect("tsc", /^Found [1-9]\d* errors?\b/),
  cause("msbuild", /: (?:error|fatal error) [A-Z]{1,4}\d{3,5}:|^\s*Failed \S+ \[\d/),
  effect("msbuild", /^Build FAILED\.?$|^\s*Failed!\s+- Failed:/),
  cause("eslint", /^\s+\d+:\d+\s+error\s+/),
  effect("eslint", /^✖ \d+ problems? \([1-9]\d* errors?/),
  // npm / yarn / pnpm
  effect(
    "npm",
    /^npm (?:ERR!|error) (?:code (?:ELIFECYCLE|\d+)\b|errno|Exit status|Failed at|This is probably|A complete log|Lifecycle script|command failed|path |workspace |location |command |signal |Log files|Test failed\.\s+See above|\s+\/\S+\.log$|\s*$|[\w@/.-]+@\S+ [\w:.-]+: )/,
  ),
  cause("npm", /^npm (?:ERR!|error) /),
  effect("yarn", /^error Command failed with exit code|ELIFECYCLE\s+Command failed|ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL/),
  cause("pnpm", /(?:^|\s)ERR_PNPM_\w+/),
  cause("yarn", /^error (?!Command failed)\S/),
  // webpack: the module that failed, and why
  cause("webpack", /^ERROR in \S|^Module (?:not found|build failed)(?: \(from [^)]*\))?:(?: |$)/),
  // Elm (and tools in its style): `-- TYPE MISMATCH ------------- src/Main.elm`
  cause("elm", /^-- [A-Z][A-Z ]{3,} -{3,}/),
  // make
  cause("make", /^make(?:\[\d+\])?: \*\*\* (?:No rule to make target|.*missing separator)/),
  effect("make", /^make(?:\[\d+\])?: \*\*\* |^make(?:\[\d+\])?: .*Error \d+/),
  // docker build
  cause(
    "docker",
    /^ERROR: failed to solve: .*(?:not found|denied|failed to compute cache key|no such file|failed to resolve source|unauthorized)/,
  ),
  effect(
    "docker",
    /^ERROR: failed to solve:|^ERROR: process ".*" did not complete successfully|^The command '.*' returned a non-zero code:|^failed to solve with frontend/,
  ),
  cause(
    "docker",
    /pull access denied|manifest unknown|manifest for \S+ not found|no basic auth credentials|unauthorized: authentication required|COPY failed:|^Error response from daemon:/,
  ),
  // C/C++/Swift/Java compilers and linkers, and `file:line: message` diagnostics of any tool
  cause("compiler", /^[\w./\\-]+\.\w+:\d+(?::\d+)?: (?:fatal )?error: /),
  cause("lint", /^[\w./\\-]+\.\w+:\d+:\d+: [A-Z]+\d{2,4}\b/),
  generic("diagnostic", /^[\w./\\-]+\.\w{1,6}:\d+(?::\d+)?: (?!warning|note|info)\S/i),
  cause("linker", /undefined reference to |ld: symbol\(s\) not found/),
  effect("linker", /collect2: error: ld returned/),
  // exceptions (Python, Java, JavaScript): `pkg.SomeError: message`
  cause(
    "exception",
    /^\s*(?:[A-Za-z_][\w$]*\.)*[A-Z][\w$]*(?:Error|Exception|Failure|Exit|Interrupt)\b(?: \[\w+\])?(?::|$| at \S+:\d+$)/,
  ),
  // generic
  effect(
    "shell",
    /\bexit(?:ed)? (?:with )?(?:code|status)[: ]+[1-9]\d*|returned (?:a )?non-zero (?:exit )?(?:code|status)|Process completed with exit code [1-9]|Command failed/i,
  ),
  // tox: an environment whose commands failed
  effect("tox", /^ERROR:\s+\S+: commands failed$/),
  // C's assert(): glibc `prog: file.c:12: main: Assertion \`x' failed.`, BSD `Assertion failed: (x), ...`
  cause("assert", /\bAssertion (?:failed: |[`'].*' failed\.$)/),
  generic("shell", /^(?:fatal|FATAL|Fatal error|ERROR|Error|error)(?::|\s+-\s|\s*\])/),
  generic("shell", /^[\w./-]+: (?:error|fatal|ERROR|FATAL)\b/),
  generic("shell", /command not found|No such file or directory|Permission denied/),
  effect("log", /\blevel=(?:error|fatal)\b|\[(?:error|fatal)\]/i),
  // Any other line with an error word: weak, ranked below everything named above.
  rule(
    "words",
    "cause",
    0.5,
    /\b(?:error|errors|fail|failed|failure|failures|failing|fatal|exception|panic|abort(?:ed)?|denied|refused|unable|invalid|missing|undefined|unexpected|expected|cannot|can't|could not|not found|no such|mismatch|timed? ?out|violation|broken|exceed(?:s|ed)?)\b/i,
  ),
];

/** A cheap test that lets most lines skip the rules entirely. */
const CANDIDATE =
  /err|fail|panic|fatal|exception|traceback|abort|denied|not found|no such|cannot|can't|could not|killed|segmentation|undefined|\*\*\*|●|✕|✖|×|✗|✘|❌|→|^E\s|^e: |\.go:\d|exit|non-zero|<<<|went wrong|caused by|problem|interrupt|dumped|memory|^\s*not ok|^! |\w\.\w{1,6}:\d|^\s*\d+\) |^Reason: |^%%% |refused|unable|invalid|missing|unexpected|expected|mismatch|timed? ?out|violation|broken|halted|exceed|^\*\* \(|^_{3,} \S|manifest unknown|unauthorized|no basic auth|while building|^completed \d+ action|sig(?:segv|bus|abrt|ill)\b|illegal instruction|\[E\]$|dubious|assertion|^cucumber |^-- [A-Z]{2}|^no output has been|maximum time limit|maximum log length|data race|race detected|sanitizer|runtime error|^==\d+== |^cmake error|offenses? detected|code style issues|exception caught by/i;

/**
 * Tool prefixes in front of the message: buildkit `#12 3.456 `, ISO timestamps, `[12:00:01] `,
 * then GitHub Actions' error annotation `##[error]`.
 */
const PREFIX = /^(?:#\d+ \d+(?:\.\d+)? |\d{4}-\d\d-\d\d[T ][\d:.,]+Z? |\[\d\d:\d\d:\d\d(?:\.\d+)?\] )?(?:##\[error\])?/;
const ANNOTATION = "##[error]";

/** The message part of a line, without a buildkit, timestamp or error-annotation prefix. */
export function messageOf(text: string): string {
  const c = text.charCodeAt(0);
  if (c === 35 /* # */ || c === 91 /* [ */ || (c >= 48 && c <= 57)) return text.replace(PREFIX, "");
  return text;
}

/** Lines longer than this are classified by their beginning only. */
const CLASSIFY_MAX = 2000;

/**
 * The message of a line's first 2,000 characters, as the rules read it: every pattern that looks
 * at log lines reads this, so a hostile megabyte line costs no more than a long one.
 */
export function messageHead(text: string): string {
  return messageOf(headOf(text));
}
const headOf = (text: string): string => (text.length > CLASSIFY_MAX ? text.slice(0, CLASSIFY_MAX) : text);

/** What this line signals, or undefined for an ordinary line. */
export function classifyLine(text: string): Signal | undefined {
  const head = headOf(text);
  const message = messageOf(head);
  // A message the CI runner marked as an error (the annotation ends the prefix taken off) that no
  // rule names: it points at the lines above.
  const prefix = head.length - message.length;
  const annotated = prefix >= ANNOTATION.length && head.startsWith(ANNOTATION, prefix - ANNOTATION.length);
  const fallback: Signal | undefined = annotated ? { family: "ci", kind: "effect", score: 1 } : undefined;
  if (!CANDIDATE.test(message)) return fallback;
  for (const r of RULES) {
    if (!r.re.test(message)) continue;
    if (r.kind === "ignore") return undefined;
    if (r.family === "words" && annotated) return fallback;
    return { family: r.family, kind: r.kind, score: r.score };
  }
  return fallback;
}

const LOOK_ALIKES = RULES.filter((r) => r.kind === "ignore").map((r) => r.re);

/**
 * Whether a line is one of the look-alikes the rules ignore (a warning, a passing or skipped
 * test, "0 errors"): as context around an error it says little.
 */
export function isLookAlike(text: string): boolean {
  const message = messageHead(text);
  return LOOK_ALIKES.some((re) => re.test(message));
}

/** `  console.error` and friends: jest prints what tests logged under such a header. */
export const CONSOLE_HEADER = /^(\s*)console\.(?:log|error|warn|info|debug|trace)\s*$/;

/**
 * A line that continues the error message above it rather than starting a new one: a stack frame
 * (Java, JavaScript, C#, Python, Ruby, Go, Rust, gdb), a `Caused by:` or `... 12 more` line.
 * Below a cause these cost little distance, so that a whole trace stays with its message.
 */
export const CONTINUATION =
  /^\s+at\s|^\s*(?:\[\w+\]\s+)?at [\w$.<>]+[.(]|^\s+File "[^"]+", line \d+|^\s+from \S+:\d+|^\s*#\d+\s+(?:0x[\da-f]+|\S+ \()|^\s+\S+\.go:\d+|^\s+\d+: (?:0x[\da-f]+|[\w:<>]+::)|^\s*\.\.\. \d+ more|^\s*(?:\[\w+\]\s+)?Caused by: /;
