export { verifyDecision } from "../src/decision-log/verify.ts";
