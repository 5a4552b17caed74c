import {
  type BuildDecisionLogInput,
  buildDecisionLog,
  ChoiceError,
  type Constraints,
  dynamicUnitPrice,
  type Offer,
  offerHashOf,
  offerKey,
  providerIdBytes32,
  type TokenPrice,
} from "@necto/sdk";
import type { Hex } from "viem";
import type {
  AttestationSigner,
  SignedExternalJobTerms,
  SignedJobTerms,
} from "../attestation/attestation-signer.ts";
import type { Market, MarketView } from "../market/market.ts";
import type { AgentTools } from "./agent-tools.ts";
import { type AgentEvent, type AgentOutcome, runPlanner } from "./planner.ts";

/** A buyer's routing request, as `POST /v1/route` accepts it. */
export interface RouteRequest {
  /** Natural language ("4x A100 for 3 days under $1.5 in the EU, no spot"). */
  text?: string;
  /** Logged as the request's text when `text` is absent, never parsed (a re-route explains itself). */
  note?: string;
  /** Structured constraints; they win over what the text says, field by field. */
  constraints?: Constraints;
  gpus?: number;
  hours?: number;
  mode: "tracked" | "untracked";
  /** Tracked only: the buyer's address (it goes into the log and the job record). */
  user?: string;
  /** Tracked only: the team the job is billed to. */
  team?: string;
  /**
   * Untracked only: the buyer's commitment bytes20(keccak256(abi.encode(address, salt))), made by the buyer
   * so the relayer never learns the address. Without it the decision is made but not attested.
   */
  clientCommitment?: string;
}

/** Where a built log's bytes go before the decision is answered (the durable outbox). */
export interface DecisionSink {
  store(bytes: Uint8Array): Promise<{ root: Hex; length: number }>;
}

/** A model-driven agent (Gemini), when configured; it returns the same outcome as the planner. */
export type ModelAgent = (input: {
  text: string;
  structured?: Constraints;
  gpus?: number;
  hours?: number;
  tools: AgentTools;
  onEvent: (event: AgentEvent) => void;
}) => Promise<AgentOutcome & { modelId: string }>;

export interface RouteDeps {
  market: Market;
  tools: AgentTools;
  sink: DecisionSink;
  signer?: AttestationSigner;
  /** The chain Necto's contracts are on (attestations are for its ComputeRouter). */
  chainId?: number;
  model?: ModelAgent;
  now?: () => number;
}

export interface RouteDecision {
  root: Hex;
  length: number;
  choice: {
    offerKey: string;
    providerId: string;
    usdPerGpuHour: number;
    rank: number;
    reason: string;
  } | null;
  constraints: Constraints;
  gpus: number;
  hours: number;
  agent: { kind: "planner" | "llm"; modelId?: string };
  /** The proof of routing for the chosen offer; absent when nothing was chosen or no client was given. */
  attestation?: SignedJobTerms | SignedExternalJobTerms;
}

/** A request the decision cannot be made for, in words for a 400. */
export class RouteRequestError extends Error {
  override readonly name = "RouteRequestError";
}

const USD_6 = 1_000_000;

/**
 * One routing decision: the agent (model when configured, else the deterministic planner) picks among
 * the sdk's ranking; the sdk builds and serializes the decision log over every offer in the market; the
 * log is stored durably before anything is answered; the chosen offer gets its signed attestation.
 */
export const routeDecision = async (
  request: RouteRequest,
  deps: RouteDeps,
  onEvent: (event: AgentEvent) => void = () => undefined,
): Promise<RouteDecision> => {
  if (request.mode === "tracked" && request.user === undefined) {
    throw new RouteRequestError("a Tracked request needs the buyer's address (user)");
  }
  if (request.mode === "untracked" && (request.user !== undefined || request.team !== undefined)) {
    throw new RouteRequestError("an Untracked request must not carry a user or team (send clientCommitment)");
  }
  if (request.mode === "untracked" && /0x[0-9a-fA-F]{40}(?![0-9a-fA-F])/.test(request.text ?? "")) {
    // The text is logged verbatim: an address in it would tie the Untracked decision to a wallet.
    throw new RouteRequestError("an Untracked request's text must not contain an address; remove it");
  }
  if (!request.text && !request.constraints) {
    throw new RouteRequestError("a request needs text, constraints, or both");
  }
  const { view } = deps.market.preparedMarket();
  for (const providerId of [...new Set(view.offers.map((offer) => offer.providerId))].sort()) {
    const label = view.snapshot?.providers.includes(providerId) ? " (snapshot data)" : "";
    onEvent({ kind: "note", message: `Scanning ${providerId}…${label}` });
  }

  let outcome: AgentOutcome & { modelId?: string };
  let kind: "planner" | "llm" = "planner";
  if (deps.model && request.text) {
    outcome = await deps.model({
      text: request.text,
      ...(request.constraints ? { structured: request.constraints } : {}),
      ...(request.gpus ? { gpus: request.gpus } : {}),
      ...(request.hours ? { hours: request.hours } : {}),
      tools: deps.tools,
      onEvent,
    });
    kind = "llm";
  } else {
    outcome = await runPlanner({
      ...(request.text ? { text: request.text } : {}),
      ...(request.constraints ? { structured: request.constraints } : {}),
      ...(request.gpus ? { gpus: request.gpus } : {}),
      ...(request.hours ? { hours: request.hours } : {}),
      tools: deps.tools,
      onEvent,
    });
  }

  const now = (deps.now ?? Date.now)();
  const built = buildLog(request, outcome, kind, view, now);
  const stored = await deps.sink.store(built.bytes);
  const choice = built.log.choice;
  const decision: RouteDecision = {
    root: stored.root,
    length: stored.length,
    choice: choice
      ? {
          offerKey: choice.offerKey,
          providerId: choice.offerKey.slice(0, choice.offerKey.indexOf(":")),
          usdPerGpuHour: choice.usdPerGpuHour,
          rank: choice.rank,
          reason: choice.reason,
        }
      : null,
    constraints: outcome.constraints,
    gpus: outcome.gpus,
    hours: outcome.hours,
    agent: { kind, ...(outcome.modelId ? { modelId: outcome.modelId } : {}) },
  };
  const client = (request.mode === "tracked" ? request.user : request.clientCommitment) as Hex | undefined;
  if (choice && deps.signer && client) {
    const offer = view.offers.find((o) => offerKey(o) === choice.offerKey) as Offer;
    const free = offer.availability.gpus;
    if (offer.listing && free !== undefined && decision.gpus > free) {
      // The contract would refuse the reservation: no attestation for a job that cannot be created.
      onEvent({
        kind: "note",
        message: `${choice.offerKey} has ${free} free GPUs, fewer than the ${decision.gpus} asked: not attested`,
      });
    } else {
      decision.attestation = await attest(offer, decision, client, request, deps);
    }
  }
  onEvent({ kind: "note", message: choice ? `Chose ${choice.offerKey}` : "Nothing meets every constraint" });
  return decision;
};

/**
 * The log of the decision. A model's pick must be one the sdk's ranking holds (the Gemini agent already
 * refuses others); should it still not be, the decision falls back to rank 1 and the log says so.
 */
const buildLog = (
  request: RouteRequest,
  outcome: AgentOutcome & { modelId?: string },
  kind: "planner" | "llm",
  view: MarketView,
  now: number,
) => {
  const tokenPrices = Object.values(view.tokenPrices).filter(
    (price): price is TokenPrice => price !== undefined,
  );
  const input: BuildDecisionLogInput = {
    mode: request.mode,
    ...(request.mode === "tracked" ? { user: request.user as string } : {}),
    ...(request.mode === "tracked" && request.team !== undefined ? { team: request.team } : {}),
    createdAt: now,
    request: {
      ...(request.text !== undefined || request.note !== undefined
        ? { text: request.text ?? request.note }
        : {}),
      ...(request.constraints !== undefined ? { structured: request.constraints } : {}),
    },
    constraints: outcome.constraints,
    ctx: { now },
    tokenPrices,
    offers: view.offers,
    agent: {
      kind,
      ...(outcome.modelId ? { modelId: outcome.modelId } : {}),
      toolCalls: outcome.toolCalls as never,
    },
    ...(outcome.choice ? { choice: outcome.choice } : {}),
  };
  try {
    return buildDecisionLog(input);
  } catch (error) {
    if (!(error instanceof ChoiceError) || kind !== "llm" || !input.choice) throw error;
    return buildDecisionLog({
      ...input,
      choice: undefined,
      agent: {
        ...input.agent,
        toolCalls: [
          ...input.agent.toolCalls,
          {
            name: "select_offer",
            args: input.choice,
            result: { accepted: false, reason: error.message, fallback: "rank 1" },
          },
        ],
      },
    });
  }
};

const attest = async (
  offer: Offer,
  decision: RouteDecision,
  client: Hex,
  request: RouteRequest,
  deps: RouteDeps,
): Promise<SignedJobTerms | SignedExternalJobTerms> => {
  const signer = deps.signer as AttestationSigner;
  const common = {
    root: decision.root,
    logLength: decision.length,
    gpus: decision.gpus,
    hoursBooked: Math.ceil(decision.hours),
    client,
    tracked: request.mode === "tracked",
    team: request.mode === "tracked" && request.team ? BigInt(request.team) : 0n,
  };
  if (offer.listing && offer.listing.chainId === deps.chainId) {
    return signer.signJob({
      ...common,
      listingId: Number(offer.listing.listingId),
      maxUnitPrice: unitPriceOf(offer),
    });
  }
  return signer.signExternalJob({
    ...common,
    providerId: providerIdBytes32(offer.providerId),
    offerHash: offerHashOf(offer.offerId),
    usdPerGpuHour: BigInt(Math.round((decision.choice?.usdPerGpuHour ?? 0) * USD_6)),
  });
};

/** The listing's price for one GPU-hour now, in token base units, exactly as the contract's `quote`. */
const unitPriceOf = (offer: Offer): bigint => {
  const floor = BigInt(offer.pricing.price.amount);
  const dynamic = offer.pricing.dynamic;
  return dynamic ? dynamicUnitPrice(floor, dynamic.slopeBps, dynamic.utilizationBps).unitPriceUnits : floor;
};
