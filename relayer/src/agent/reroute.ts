import { type DecisionLog, parseDecisionLog } from "@necto/sdk";
import type { Hex } from "viem";
import {
  type RouteDecision,
  type RouteDeps,
  type RouteRequest,
  RouteRequestError,
  routeDecision,
} from "./route-decision.ts";

export interface RerouteRequest {
  /** The running job's id: its decision log's 0G root. */
  jobRoot: string;
  gpus: number;
  hoursRemaining: number;
  /** What moving costs (data transfer, set-up time), USD. Default 0. */
  moveCostUsd?: number;
  /** Recommend only when the saving after the move is above this share of the remaining cost. Default 0.1. */
  threshold?: number;
  mode: "tracked" | "untracked";
  user?: string;
  team?: string;
  clientCommitment?: string;
}

export interface RerouteAnswer {
  recommend: boolean;
  reason: string;
  current: { offerKey: string; usdPerGpuHour: number; remainingUsd: number };
  best?: { offerKey: string; usdPerGpuHour: number; remainingUsd: number };
  /** Remaining cost now minus remaining cost after moving (move cost included), USD. */
  savingsUsd?: number;
  /** The new decision, logged and attested like any other, when moving is recommended. */
  decision?: RouteDecision;
}

/**
 * Re-routing a running job: the original decision's constraints are ranked again over today's market;
 * when an offer other than the current one is cheaper by more than the threshold after the cost of moving,
 * a new decision is made (its own log, root and attestation) and recommended.
 */
export const reroute = async (
  request: RerouteRequest,
  deps: RouteDeps & { decisions: { get(root: Hex): Promise<Uint8Array | undefined> } },
): Promise<RerouteAnswer> => {
  const bytes = await deps.decisions.get(request.jobRoot as Hex);
  if (bytes === undefined) throw new RouteRequestError(`no decision log is stored under ${request.jobRoot}`);
  const original: DecisionLog = parseDecisionLog(bytes);
  if (original.choice === null) throw new RouteRequestError("the original decision chose no offer");
  const currentUsd = original.choice.usdPerGpuHour;
  const remaining = (usd: number) => usd * request.gpus * request.hoursRemaining;
  const current = {
    offerKey: original.choice.offerKey,
    usdPerGpuHour: currentUsd,
    remainingUsd: remaining(currentUsd),
  };

  const comparison = await deps.tools.compareProviders({ constraints: original.constraints, limit: 2 });
  const best = comparison.ranked.find((offer) => offer.offerKey !== current.offerKey);
  if (best === undefined)
    return { recommend: false, reason: "no other offer meets the job's constraints", current };
  const bestCost = {
    offerKey: best.offerKey,
    usdPerGpuHour: best.usdPerGpuHour,
    remainingUsd: remaining(best.usdPerGpuHour),
  };
  const savingsUsd = current.remainingUsd - bestCost.remainingUsd - (request.moveCostUsd ?? 0);
  const threshold = request.threshold ?? 0.1;
  if (
    !(savingsUsd > threshold * current.remainingUsd) ||
    comparison.ranked[0]?.offerKey === current.offerKey
  ) {
    return {
      recommend: false,
      reason:
        comparison.ranked[0]?.offerKey === current.offerKey
          ? "the current offer is still the best"
          : `moving saves $${savingsUsd.toFixed(2)}, not more than ${(threshold * 100).toFixed(0)}% of the remaining $${current.remainingUsd.toFixed(2)}`,
      current,
      best: bestCost,
      savingsUsd,
    };
  }
  const routeRequest: RouteRequest = {
    note: `re-route of job ${request.jobRoot}: ${request.gpus} GPU for ${request.hoursRemaining} more hours`,
    constraints: original.constraints,
    gpus: request.gpus,
    hours: request.hoursRemaining,
    mode: request.mode,
    ...(request.user !== undefined ? { user: request.user } : {}),
    ...(request.team !== undefined ? { team: request.team } : {}),
    ...(request.clientCommitment !== undefined ? { clientCommitment: request.clientCommitment } : {}),
  };
  // The planner decides (structured constraints, nothing to interpret), over the same ranking.
  const decision = await routeDecision({ ...routeRequest, text: undefined } as RouteRequest, {
    ...deps,
    model: undefined,
  });
  return {
    recommend: decision.choice !== null && decision.choice.offerKey !== current.offerKey,
    reason: `moving to ${best.offerKey} saves $${savingsUsd.toFixed(2)} of the remaining $${current.remainingUsd.toFixed(2)} after a $${(request.moveCostUsd ?? 0).toFixed(2)} move`,
    current,
    best: bestCost,
    savingsUsd,
    decision,
  };
};
