/**
 * A relayer stand-in for the outbox kill test (src/decisions/outbox-kill.test.ts): it stores one decision
 * through a DecisionOutbox whose remote store hangs (0G unreachable), reports each step on stdout as a JSON
 * line, and then waits to be killed. Usage: tsx test/outbox-child.ts <database> <decision-logs dir> <variant>
 */
import pino from "pino";
import { sampleDecision } from "../src/decisions/__fixtures__/sample-decisions.ts";
import { hangingRemote } from "../src/decisions/__fixtures__/test-stores.ts";
import { LocalDecisionStore } from "../src/decisions/local-store.ts";
import { DecisionOutbox } from "../src/decisions/outbox.ts";

const [database, dir, variant] = process.argv.slice(2);
if (!database || !dir || !variant) throw new Error("usage: outbox-child.ts <database> <dir> <variant>");

const report = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

const outbox = new DecisionOutbox({
  database,
  local: new LocalDecisionStore(dir),
  remote: hangingRemote(() => report({ event: "upload-started" })),
  logger: pino({ level: "silent" }),
  pollMs: 60_000,
});
outbox.start();
const stored = await outbox.store(sampleDecision("untracked", Number(variant)).bytes);
report({ event: "stored", ...stored });
// Stay alive, mid-upload, until the test kills us.
setInterval(() => undefined, 60_000);
