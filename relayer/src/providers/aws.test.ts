import { resolveGpu } from "@necto/sdk";
import { describe, expect, it } from "vitest";
import { renameField } from "../../test/fake-upstream.ts";
import {
  describeUpstreamFaults,
  fetchContext,
  NOW,
  priceOf,
  readFixture,
  readFixtureText,
  rejectionOf,
  useFakeUpstream,
} from "../../test/upstream-test-kit.ts";
import { UpstreamError } from "../http/errors.ts";
import { HttpClient } from "../http/http-client.ts";
import { ProviderDriftError } from "./adapter.ts";
import { awsAdapter, unwrapJsonp } from "./aws.ts";
import { AWS_INSTANCE_GPUS } from "./aws-instance-gpus.ts";

const spotJsonp = readFixtureText(import.meta.url, "aws.spot.js");
const advisor = readFixture(import.meta.url, "aws.spot-advisor-data.json");
const virginia = readFixture(import.meta.url, "aws.ondemand.us-east-1.json");
const frankfurt = readFixture(import.meta.url, "aws.ondemand.eu-central-1.json");

const ON_DEMAND = "/pricing/2.0/meteredUnitMaps/ec2/USD/current/ec2-ondemand-without-sec-sel";
const VIRGINIA_PATH = `${ON_DEMAND}/US%20East%20(N.%20Virginia)/Linux/index.json`;
const FRANKFURT_PATH = `${ON_DEMAND}/EU%20(Frankfurt)/Linux/index.json`;
// The other default regions, served empty: only their paths are under test.
const EMPTY_LOCATIONS = ["US West (Oregon)", "EU (Ireland)", "Asia Pacific (Tokyo)"];

const fake = useFakeUpstream([
  {
    path: "/spot.js",
    body: spotJsonp,
    drift: spotJsonp.replaceAll('"prices"', '"pricesUSD"'),
    contentType: "application/javascript",
  },
  { path: "/spot-advisor-data.json", body: advisor },
  { path: VIRGINIA_PATH, body: virginia, drift: renameField(virginia, "price", "priceUSD") },
  { path: FRANKFURT_PATH, body: frankfurt },
  ...EMPTY_LOCATIONS.map((location) => ({
    path: `${ON_DEMAND}/${location.replaceAll(" ", "%20")}/Linux/index.json`,
    body: { regions: { [location]: {} } },
  })),
]);

const adapter = (timeoutMs = 500) =>
  awsAdapter({
    baseUrl: fake().url,
    regions: ["us-east-1", "eu-central-1"],
    http: new HttpClient({ timeoutMs }),
  });

describe("AWS_INSTANCE_GPUS", () => {
  it("names a catalog GPU for every instance type and leaves fractional types out", () => {
    for (const [type, spec] of Object.entries(AWS_INSTANCE_GPUS)) {
      expect(resolveGpu(spec.gpuName, { vramGb: spec.vramGb }).id, type).not.toBe("unknown");
    }
    expect(AWS_INSTANCE_GPUS["g5.48xlarge"]).toMatchObject({ gpuCount: 8 });
    expect(AWS_INSTANCE_GPUS["g6e.12xlarge"]).toMatchObject({ gpuCount: 4, vramGb: 48 });
    expect(AWS_INSTANCE_GPUS["g6f.large"]).toBeUndefined();
    expect(AWS_INSTANCE_GPUS["gr6f.4xlarge"]).toBeUndefined();
  });
});

describe("unwrapJsonp", () => {
  it("reads the JSONP feed with its notice comment, and plain JSON as is", () => {
    expect(JSON.parse(unwrapJsonp('/* notice\n */\ncallback({"a":1});\n'))).toEqual({ a: 1 });
    expect(JSON.parse(unwrapJsonp('callback({"a":[2]})'))).toEqual({ a: [2] });
    expect(JSON.parse(unwrapJsonp('{"a":3}'))).toEqual({ a: 3 });
  });
});

describe("awsAdapter", () => {
  it("needs no key and refuses a region it cannot map to a price-list location", () => {
    expect(awsAdapter().disabledReason).toBeUndefined();
    expect(() => awsAdapter({ regions: ["mars-north-1"] })).toThrow(/mars-north-1/);
  });

  it("asks for the on-demand map of each default region under its price-list location name", async () => {
    await awsAdapter({ baseUrl: fake().url, http: new HttpClient({ timeoutMs: 500 }) }).fetchOffers(
      fetchContext(),
    );
    const paths = fake()
      .requests.map((request) => request.url)
      .sort();
    expect(paths).toEqual(
      [
        "/spot-advisor-data.json",
        "/spot.js",
        VIRGINIA_PATH,
        FRANKFURT_PATH,
        `${ON_DEMAND}/US%20West%20(Oregon)/Linux/index.json`,
        `${ON_DEMAND}/EU%20(Ireland)/Linux/index.json`,
        `${ON_DEMAND}/Asia%20Pacific%20(Tokyo)/Linux/index.json`,
      ].sort(),
    );
    expect(fake().requests.every((request) => request.headers.authorization === undefined)).toBe(true);
  });

  it("maps on-demand and spot GPU instances of the configured regions only", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    expect(offers.map((o) => o.offerId).sort()).toEqual([
      "g5.xlarge@us-east-1",
      "g5.xlarge@us-east-1:spot",
      "g6.12xlarge@us-east-1",
      "g6e.xlarge@eu-central-1",
      "g6e.xlarge@eu-central-1:spot",
      "p4d.24xlarge@eu-central-1",
      "p4d.24xlarge@us-east-1",
      "p4d.24xlarge@us-east-1:spot",
      "p5.48xlarge@eu-central-1:spot",
      "p5.48xlarge@us-east-1",
      "p5.48xlarge@us-east-1:spot",
    ]);
    expect(offers.find((o) => o.offerId === "g6.12xlarge@us-east-1")).toMatchObject({
      gpuModel: "l4",
      gpuCount: 4,
      vramGb: 24,
    });
  });

  it("prices on-demand per instance-hour as a fixed price", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const p4d = offers.find((o) => o.offerId === "p4d.24xlarge@us-east-1");
    expect(p4d).toMatchObject({
      providerId: "aws",
      gpuModel: "a100-40-sxm",
      gpuCount: 8,
      vramGb: 40,
      region: "US",
      location: "us-east-1",
      interruptible: false,
      availability: { level: "unknown" },
      source: "live",
      fetchedAt: NOW,
      pricing: { model: "fixed", price: { amount: "21.9576420000", currency: "USD" }, scope: "instance" },
    });
    expect(p4d?.pricing.interruptionPerHour).toBeUndefined();
    // sdk fixed.test.ts: 21.957642 per 8-GPU instance-hour.
    expect(priceOf(p4d).usdPerGpuHour).toBe(2.74470525);
    expect(offers.find((o) => o.offerId === "g6e.xlarge@eu-central-1")?.region).toBe("DE");
  });

  it("prices spot with the legacy region code mapped and the Spot Advisor risk attached", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const p5 = offers.find((o) => o.offerId === "p5.48xlarge@us-east-1:spot");
    expect(p5).toMatchObject({
      gpuModel: "h100-sxm",
      region: "US",
      location: "us-east-1",
      interruptible: true,
      pricing: {
        model: "spot",
        price: { amount: "23.6700", currency: "USD" },
        per: "hour",
        scope: "instance",
        interruptionPerHour: 0.01,
      },
    });
    // sdk spot.test.ts: the p5 in "<5%" is 2.95875 per GPU-hour, 2.97354375 expected with its risk.
    expect(priceOf(p5)).toMatchObject({ usdPerGpuHour: 2.95875, expectedUsdPerGpuHour: 2.97354375 });
    const risk = (id: string) => offers.find((o) => o.offerId === id)?.pricing.interruptionPerHour;
    expect(risk("g5.xlarge@us-east-1:spot")).toBe(0.02);
    expect(risk("g6e.xlarge@eu-central-1:spot")).toBe(0.03);
    expect(risk("p4d.24xlarge@us-east-1:spot")).toBe(0.05);
    // Not in the advisor: no risk is invented, the sdk's default applies.
    expect(risk("p5.48xlarge@eu-central-1:spot")).toBeUndefined();
  });

  // Every route at fault at once; drift is per feed, below.
  describeUpstreamFaults(fake, { call: (timeoutMs) => adapter(timeoutMs).fetchOffers(fetchContext()) });

  it("reports a malformed spot feed alone as malformed", async () => {
    fake().setFault("malformed", "/spot.js");
    const error = await rejectionOf(adapter().fetchOffers(fetchContext()), UpstreamError);
    expect(error.code).toBe("malformed");
  });

  it.each([
    ["/spot.js", /prices/],
    [VIRGINIA_PATH, /price/],
  ])("reports a renamed field in %s as drift instead of producing a price", async (path, field) => {
    fake().setFault("drift", path);
    const error = await rejectionOf(adapter().fetchOffers(fetchContext()), ProviderDriftError);
    expect(error.message).toMatch(field);
  });
});
