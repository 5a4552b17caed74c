import { getAddress } from "viem";
import { describe, expect, it } from "vitest";
import { GOLDEN_INPUT } from "./__fixtures__/decision-inputs.ts";
import { buildDecisionLog } from "./build.ts";
import { IdentityLeakError, InvalidUserError } from "./errors.ts";
import { assertNoIdentity, findAddress } from "./identity.ts";

// Anvil's third account, as the user of the Untracked decisions below.
const USER = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const SPELLINGS = {
  lowercase: USER,
  checksummed: getAddress(USER),
  "upper case": `0x${USER.slice(2).toUpperCase()}`,
  "without 0x": USER.slice(2),
  "checksummed without 0x": getAddress(USER).slice(2),
};
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("findAddress", () => {
  it.each(Object.entries(SPELLINGS))("finds the address written %s", (_, spelling) => {
    const prefix = '{"note":"paid by ';
    const bytes = utf8(`${prefix}${spelling} today"}`);
    const digitsAt = prefix.length + (spelling.startsWith("0x") ? 2 : 0);
    expect(findAddress(bytes, USER)).toBe(digitsAt);
    expect(findAddress(bytes, getAddress(USER))).toBe(digitsAt);
    expect(findAddress(bytes, USER.slice(2))).toBe(digitsAt);
  });

  it("finds nothing in bytes without the address", () => {
    expect(findAddress(utf8(`{"user":"${USER.slice(0, 41)}"}`), USER)).toBe(-1);
    expect(findAddress(new Uint8Array(), USER)).toBe(-1);
  });

  it("refuses something that is not an address", () => {
    expect(() => findAddress(utf8("{}"), "0x1234")).toThrow(InvalidUserError);
  });
});

describe("assertNoIdentity", () => {
  it("throws with the offset of the first hit", () => {
    expect(() => assertNoIdentity(utf8(`"${getAddress(USER)}"`), USER)).toThrow(IdentityLeakError);
    try {
      assertNoIdentity(utf8(`"${getAddress(USER)}"`), USER);
    } catch (error) {
      expect(error).toMatchObject({ code: "identity-in-untracked", offset: 3 });
    }
  });

  it("passes an Untracked log built for that user: its bytes hold no form of the address", () => {
    const { bytes, log } = buildDecisionLog({
      ...GOLDEN_INPUT,
      mode: "untracked",
      user: USER,
      team: undefined,
    });
    expect("user" in log).toBe(false);
    expect(() => assertNoIdentity(bytes, USER)).not.toThrow();
    const json = new TextDecoder().decode(bytes).toLowerCase();
    for (const spelling of Object.values(SPELLINGS)) expect(json).not.toContain(spelling.toLowerCase());
  });

  it("is what stops buildDecisionLog when free text leaks the Untracked user", () => {
    const leaky = { ...GOLDEN_INPUT.request, text: `route for ${getAddress(USER)}` };
    const build = () =>
      buildDecisionLog({ ...GOLDEN_INPUT, mode: "untracked", user: USER, team: undefined, request: leaky });
    expect(build).toThrow(IdentityLeakError);
    const inToolCall = {
      ...GOLDEN_INPUT.agent,
      toolCalls: [{ name: "lookup_wallet", args: { wallet: USER.slice(2).toUpperCase() }, result: null }],
    };
    expect(() =>
      buildDecisionLog({
        ...GOLDEN_INPUT,
        mode: "untracked",
        user: USER,
        team: undefined,
        agent: inToolCall,
      }),
    ).toThrow(IdentityLeakError);
  });
});
