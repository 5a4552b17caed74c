/**
 * `npm test`: every check of every part, in dependency order (contracts build the ABIs the sdk checks).
 * Prints each step's outcome and a closing `tests: N passed, N failed` line; exits 1 if anything failed.
 * `npm test -- sdk` runs only the steps whose name starts with a given prefix.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);

interface Step {
  name: string;
  cwd: string;
  cmd: string;
  args: string[];
  env?: Record<string, string>;
  /** Reads passed/failed test counts from the step's output, when it runs tests. */
  count?: (out: string) => { passed: number; failed: number } | undefined;
}

const forgeCount = (out: string) => {
  const m = [...out.matchAll(/(\d+) tests passed, (\d+) failed/g)].at(-1);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
};
const vitestCount = (out: string) => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colours from vitest's summary
  const plain = out.replace(/\u001b\[[0-9;]*m/g, "");
  const line = plain.split("\n").find((l) => /^\s*Tests\s+/.test(l));
  if (!line) return undefined;
  return {
    passed: Number(/(\d+) passed/.exec(line)?.[1] ?? 0),
    failed: Number(/(\d+) failed/.exec(line)?.[1] ?? 0),
  };
};

const contracts = join(root, "contracts");
const sdk = join(root, "sdk");
const relayer = join(root, "relayer");
const steps: Step[] = [
  { name: "contracts:fmt", cwd: contracts, cmd: bin("forge"), args: ["fmt", "--check"] },
  {
    name: "contracts:test",
    cwd: contracts,
    cmd: bin("forge"),
    args: ["test", "--no-match-path", "test/gas/**"],
    count: forgeCount,
  },
  {
    name: "contracts:gas",
    cwd: contracts,
    cmd: bin("forge"),
    args: ["snapshot", "--match-path", "test/gas/**", "--check"],
    env: { FORGE_SNAPSHOT_CHECK: "true" },
  },
  // Own output folders: forge lint rewrites artifacts without bytecode, which would leave later
  // `forge test` runs with nothing to execute.
  {
    name: "contracts:lint",
    cwd: contracts,
    cmd: bin("forge"),
    args: ["lint"],
    env: { FOUNDRY_OUT: "out-lint", FOUNDRY_CACHE_PATH: "cache-lint" },
  },
  {
    name: "contracts:solhint",
    cwd: contracts,
    cmd: bin("solhint"),
    args: ["--max-warnings", "0", "src/**/*.sol"],
  },
  { name: "sdk:abis", cwd: sdk, cmd: bin("tsx"), args: ["scripts/generate-abis.ts", "--check"] },
  { name: "repo:biome", cwd: root, cmd: bin("biome"), args: ["check", "."] },
  { name: "repo:typecheck", cwd: root, cmd: bin("tsc"), args: ["--noEmit", "-p", "."] },
  { name: "sdk:typecheck", cwd: sdk, cmd: bin("tsc"), args: ["--noEmit", "-p", "."] },
  { name: "sdk:test", cwd: sdk, cmd: bin("vitest"), args: ["run"], count: vitestCount },
  { name: "relayer:typecheck", cwd: relayer, cmd: bin("tsc"), args: ["--noEmit", "-p", "."] },
  { name: "relayer:test", cwd: relayer, cmd: bin("vitest"), args: ["run"], count: vitestCount },
  { name: "repo:e2e", cwd: root, cmd: bin("vitest"), args: ["run"], count: vitestCount },
];

function run(step: Step): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(step.cmd, step.args, {
      cwd: step.cwd,
      env: { ...process.env, FORCE_COLOR: "0", ...step.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const tee = (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
    };
    child.stdout.on("data", tee);
    child.stderr.on("data", tee);
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

const only = process.argv.slice(2);
const selected = only.length ? steps.filter((s) => only.some((p) => s.name.startsWith(p))) : steps;
const results: { name: string; ok: boolean; seconds: number; counts?: { passed: number; failed: number } }[] =
  [];
for (const step of selected) {
  console.log(`\n=== ${step.name}: ${[step.cmd.replace(`${root}/`, ""), ...step.args].join(" ")}`);
  const t0 = performance.now();
  const { code, out } = await run(step);
  results.push({
    name: step.name,
    ok: code === 0,
    seconds: (performance.now() - t0) / 1000,
    counts: step.count?.(out),
  });
}

let passed = 0;
let failed = 0;
console.log("\n=== summary");
for (const r of results) {
  const counts = r.counts ? ` (${r.counts.passed} passed, ${r.counts.failed} failed)` : "";
  console.log(
    `${r.ok ? "ok  " : "FAIL"} ${r.name.padEnd(20)} ${r.seconds.toFixed(1).padStart(6)} s${counts}`,
  );
  passed += r.counts?.passed ?? 0;
  failed += r.counts?.failed ?? 0;
  // A failing step with no test counts (a lint, a build) still counts as one failure.
  if (!r.ok && !r.counts?.failed) failed += 1;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
