import { type Offer, regionFromLocation, resolveGpu } from "@necto/sdk";
import * as v from "valibot";
import { UpstreamError } from "../http/errors.ts";
import { HttpClient } from "../http/http-client.ts";
import {
  type AdapterOptions,
  type FetchContext,
  type ProviderAdapter,
  ProviderDriftError,
} from "./adapter.ts";
import { AWS_INSTANCE_GPUS, type AwsInstanceGpus } from "./aws-instance-gpus.ts";
import { parseResponse } from "./parse-response.ts";

const ID = "aws";

// research/providers.md §2.7: public website feeds, no credentials, undocumented as an API ([code]).
const SPOT_HOST = "https://spot-price.s3.amazonaws.com";
const SPOT_PATH = "/spot.js";
const ADVISOR_HOST = "https://spot-bid-advisor.s3.amazonaws.com";
const ADVISOR_PATH = "/spot-advisor-data.json";
const ON_DEMAND_HOST = "https://b0.p.awsstatic.com";
const onDemandPath = (location: string): string =>
  `/pricing/2.0/meteredUnitMaps/ec2/USD/current/ec2-ondemand-without-sec-sel/${encodeURIComponent(location)}/Linux/index.json`;

/** The regions priced when none are configured: the main GPU regions of each continent AWS sells P5 in. */
export const DEFAULT_AWS_REGIONS: readonly string[] = [
  "us-east-1",
  "us-west-2",
  "eu-central-1",
  "eu-west-1",
  "ap-northeast-1",
];

// The on-demand maps are filed under the Price List `location` names. Client code read "EU (Frankfurt)" and
// "EU (Stockholm)" maps in Sep 2026; one client also tries "Europe (...)". We use the Price List spelling.
const LOCATION_NAMES: Readonly<Record<string, string>> = {
  "us-east-1": "US East (N. Virginia)",
  "us-east-2": "US East (Ohio)",
  "us-west-1": "US West (N. California)",
  "us-west-2": "US West (Oregon)",
  "ca-central-1": "Canada (Central)",
  "sa-east-1": "South America (Sao Paulo)",
  "eu-central-1": "EU (Frankfurt)",
  "eu-west-1": "EU (Ireland)",
  "eu-west-2": "EU (London)",
  "eu-west-3": "EU (Paris)",
  "eu-north-1": "EU (Stockholm)",
  "ap-northeast-1": "Asia Pacific (Tokyo)",
  "ap-northeast-2": "Asia Pacific (Seoul)",
  "ap-south-1": "Asia Pacific (Mumbai)",
  "ap-southeast-1": "Asia Pacific (Singapore)",
  "ap-southeast-2": "Asia Pacific (Sydney)",
};

// spot.js still files some regions under pre-2014 codes (research §2.7).
const LEGACY_SPOT_REGIONS: Readonly<Record<string, string>> = {
  "us-east": "us-east-1",
  "us-west": "us-west-1",
  "eu-ireland": "eu-west-1",
  "apac-sin": "ap-southeast-1",
  "apac-syd": "ap-southeast-2",
  "apac-tokyo": "ap-northeast-1",
};

/**
 * Spot Advisor's "frequency of interruption" buckets as a probability of interruption per hour of use.
 *
 * ASSUMPTION. The label is the share of instances of a type and region that AWS reclaimed over the trailing
 * month, not an hourly figure. Read literally (1 − (1 − f)^(1/720)) it gives 0.00004–0.0003 per hour, which
 * would rank AWS spot as nearly risk-free next to spot markets that publish nothing, while GPU capacity is
 * reclaimed in bursts. We use a coarse monotonic scale instead, 0.01 per bucket: "<5%" is 0.01 (the figure the
 * sdk's spot worked example uses for a p5 in "<5%") and ">20%" is 0.05, the sdk's SPOT_INTERRUPTION_PER_HOUR
 * for spot offers without a published risk. An unknown label, or a type the advisor does not list, leaves the
 * probability unset, so that default applies.
 */
export const INTERRUPTION_PER_HOUR_BY_RANGE: Readonly<Record<string, number>> = {
  "<5%": 0.01,
  "5-10%": 0.02,
  "10-15%": 0.03,
  "15-20%": 0.04,
  ">20%": 0.05,
};

const SpotSchema = v.object({
  config: v.object({
    regions: v.array(
      v.object({
        region: v.string(),
        instanceTypes: v.array(
          v.object({
            sizes: v.array(
              v.object({
                size: v.string(),
                // prices.USD is a string: "23.6700", or "N/A*" where the type has no spot market.
                valueColumns: v.array(v.object({ name: v.string(), prices: v.object({ USD: v.string() }) })),
              }),
            ),
          }),
        ),
      }),
    ),
  }),
});

const AdvisorSchema = v.object({
  ranges: v.array(v.object({ index: v.pipe(v.number(), v.integer()), label: v.string() })),
  // spot_advisor[region][Linux|Windows][instance type] = { s: savings %, r: index into ranges }
  spot_advisor: v.record(
    v.string(),
    v.record(v.string(), v.record(v.string(), v.object({ r: v.pipe(v.number(), v.integer()) }))),
  ),
});

// regions[<location name>][<rate key>] = { "Instance Type", price: "<USD per instance-hour>" , ... }.
const OnDemandSchema = v.object({
  regions: v.record(
    v.string(),
    v.record(v.string(), v.object({ "Instance Type": v.string(), price: v.string() })),
  ),
});

const DECIMAL = /^\d+(\.\d+)?$/;

/** The JSON inside AWS's JSONP feed (a notice comment, then `callback({...});`); plain JSON passes through. */
export const unwrapJsonp = (text: string): string => {
  const body = text.trim().replace(/^\/\*[\s\S]*?\*\/\s*/, "");
  const match = /^callback\s*\(([\s\S]*)\)\s*;?$/.exec(body);
  return match?.[1] ?? body;
};

export interface AwsAdapterOptions extends AdapterOptions {
  /** AWS region ids to price (each needs a Price List location name here). Default: DEFAULT_AWS_REGIONS. */
  regions?: readonly string[];
}

/** Keeps the lowest price per instance type: a type listed twice (legacy and current region codes) is one offer. */
const keepLowest = (byType: Map<string, string>, type: string, usd: string): void => {
  const known = byType.get(type);
  if (known === undefined || Number(usd) < Number(known)) byType.set(type, usd);
};

/**
 * AWS EC2 GPU instances from the public website price feeds: on-demand Linux prices per region, the spot
 * price feed (one regional price, not per zone) and Spot Advisor's interruption buckets. No key; the feeds are
 * static files, so 2 + one request per region go out in parallel, spaced by the client.
 * `baseUrl`, when set, replaces all three hosts (a test server serving every feed).
 */
export const awsAdapter = (options: AwsAdapterOptions = {}): ProviderAdapter => {
  const regions = options.regions ?? DEFAULT_AWS_REGIONS;
  for (const region of regions) {
    if (LOCATION_NAMES[region] === undefined) {
      throw new RangeError(
        `AWS region ${region} has no known price-list location; use one of ${Object.keys(LOCATION_NAMES).join(", ")}`,
      );
    }
  }
  const http = options.http ?? new HttpClient({ minIntervalMs: 250 });

  const fetchSpot = async (signal: AbortSignal): Promise<Map<string, Map<string, string>>> => {
    const text = await http.text(`${options.baseUrl ?? SPOT_HOST}${SPOT_PATH}`, { signal });
    let body: unknown;
    try {
      body = JSON.parse(unwrapJsonp(text));
    } catch (error) {
      throw new UpstreamError("malformed", `the spot price feed is not JSONP: ${(error as Error).message}`);
    }
    const spot = parseResponse(ID, SpotSchema, body);
    const prices = new Map<string, Map<string, string>>();
    for (const entry of spot.config.regions) {
      const region = LEGACY_SPOT_REGIONS[entry.region] ?? entry.region;
      if (!regions.includes(region)) continue;
      const byType = prices.get(region) ?? new Map<string, string>();
      prices.set(region, byType);
      for (const group of entry.instanceTypes) {
        for (const size of group.sizes) {
          if (AWS_INSTANCE_GPUS[size.size] === undefined) continue;
          const usd = size.valueColumns.find((column) => column.name === "linux")?.prices.USD;
          if (usd !== undefined && DECIMAL.test(usd)) keepLowest(byType, size.size, usd);
        }
      }
    }
    return prices;
  };

  const fetchAdvisor = async (signal: AbortSignal) => {
    const body = await http.json(`${options.baseUrl ?? ADVISOR_HOST}${ADVISOR_PATH}`, { signal });
    const advisor = parseResponse(ID, AdvisorSchema, body);
    const labels = new Map(advisor.ranges.map((range) => [range.index, range.label]));
    return (region: string, type: string): number | undefined => {
      const index = advisor.spot_advisor[region]?.Linux?.[type]?.r;
      const label = index === undefined ? undefined : labels.get(index);
      return label === undefined ? undefined : INTERRUPTION_PER_HOUR_BY_RANGE[label];
    };
  };

  const fetchOnDemand = async (region: string, signal: AbortSignal): Promise<Map<string, string>> => {
    const location = LOCATION_NAMES[region] as string;
    const body = await http.json(`${options.baseUrl ?? ON_DEMAND_HOST}${onDemandPath(location)}`, { signal });
    const entries = parseResponse(ID, OnDemandSchema, body).regions[location];
    if (entries === undefined) throw new ProviderDriftError(ID, [`regions["${location}"]: missing`]);
    const prices = new Map<string, string>();
    for (const entry of Object.values(entries)) {
      const type = entry["Instance Type"];
      if (AWS_INSTANCE_GPUS[type] === undefined) continue;
      if (!DECIMAL.test(entry.price)) {
        throw new ProviderDriftError(ID, [
          `regions["${location}"] ${type}.price: not a decimal: ${entry.price}`,
        ]);
      }
      keepLowest(prices, type, entry.price);
    }
    return prices;
  };

  return {
    id: ID,
    name: "AWS EC2",
    ttlMs: 60 * 60_000,
    async fetchOffers(ctx: FetchContext): Promise<Offer[]> {
      // The first failure cancels the other requests: the fetch has failed as a whole.
      const cancel = new AbortController();
      const signal = AbortSignal.any([ctx.signal, cancel.signal]);
      const failFast = <T>(request: Promise<T>): Promise<T> =>
        request.catch((error: unknown) => {
          cancel.abort();
          throw error;
        });
      const [spot, interruptionPerHour, onDemand] = await Promise.all([
        failFast(fetchSpot(signal)),
        failFast(fetchAdvisor(signal)),
        Promise.all(regions.map((region) => failFast(fetchOnDemand(region, signal)))),
      ]);

      const offer = (region: string, type: string, usd: string, spotMarket: boolean): Offer => {
        // Both price maps hold only the table's instance types.
        const spec = AWS_INSTANCE_GPUS[type] as AwsInstanceGpus;
        const match = resolveGpu(spec.gpuName, { vramGb: spec.vramGb });
        const risk = spotMarket ? interruptionPerHour(region, type) : undefined;
        return {
          providerId: ID,
          offerId: spotMarket ? `${type}@${region}:spot` : `${type}@${region}`,
          gpuModel: match.id,
          gpuName: spec.gpuName,
          gpuCount: spec.gpuCount,
          vramGb: spec.vramGb,
          region: regionFromLocation(region),
          location: region,
          pricing: {
            model: spotMarket ? "spot" : "fixed",
            price: { amount: usd, currency: "USD" },
            per: "hour",
            scope: "instance",
            ...(risk === undefined ? {} : { interruptionPerHour: risk }),
          },
          // A listed type is sold in the region; whether capacity (and quota) is there, the feeds do not say.
          availability: { level: "unknown" },
          interruptible: spotMarket,
          fetchedAt: ctx.now,
          source: "live",
          sourceUrl: spotMarket
            ? `${SPOT_HOST}${SPOT_PATH}`
            : `${ON_DEMAND_HOST}${onDemandPath(LOCATION_NAMES[region] as string)}`,
        };
      };
      const offers: Offer[] = [];
      regions.forEach((region, index) => {
        for (const [type, usd] of onDemand[index] ?? []) offers.push(offer(region, type, usd, false));
        for (const [type, usd] of spot.get(region) ?? []) offers.push(offer(region, type, usd, true));
      });
      return offers;
    },
  };
};
