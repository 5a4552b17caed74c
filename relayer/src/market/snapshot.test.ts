import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  GPU_MODEL_IDS,
  type NormalizeContext,
  normalizeOffer,
  type Offer,
  offerKey,
  type PricedOffer,
  resolveGpu,
} from "@necto/sdk";
import { describe, expect, it } from "vitest";
import { loadSnapshot, parseSnapshot, SNAPSHOT_FILE, SnapshotError } from "./snapshot.ts";

const raw = () => JSON.parse(readFileSync(SNAPSHOT_FILE, "utf8"));
const snapshot = loadSnapshot();

// No snapshot offer is priced in a token today; plausible AKT and NOS prices are given anyway so that a
// token offer added on refresh is priced by this test instead of excluded as unpriced.
const ctx: NormalizeContext = {
  now: snapshot.takenAt,
  tokenPrices: {
    AKT: { symbol: "AKT", usd: 1.2, sources: ["test"], at: snapshot.takenAt },
    NOS: { symbol: "NOS", usd: 0.45, sources: ["test"], at: snapshot.takenAt },
  },
};

const find = (key: string): Offer => {
  const offer = snapshot.offers.find((o) => offerKey(o) === key);
  if (!offer) throw new Error(`no snapshot offer ${key}`);
  return offer;
};

const priced = (key: string): PricedOffer => {
  const result = normalizeOffer(find(key), ctx);
  if (!result.ok) throw new Error(`${key}: ${result.exclusion.code}: ${result.exclusion.message}`);
  return result.offer;
};

const writeCopy = (mutate: (file: ReturnType<typeof raw>) => void): string => {
  const file = raw();
  mutate(file);
  const path = join(mkdtempSync(join(tmpdir(), "necto-snapshot-")), "offers.json");
  writeFileSync(path, JSON.stringify(file));
  return path;
};

describe("loadSnapshot", () => {
  it("loads the bundled snapshot: dated, broad, every offer from the snapshot", () => {
    expect(new Date(snapshot.takenAt).toISOString()).toBe("2026-11-09T00:00:00.000Z");
    expect(snapshot.offers.length).toBeGreaterThanOrEqual(40);
    const providers = new Set(snapshot.offers.map((o) => o.providerId));
    expect(providers.size).toBeGreaterThanOrEqual(7);
    for (const provider of ["akash", "runpod", "lambda", "vast", "nosana", "aws"]) {
      expect(providers).toContain(provider);
    }
    const models = new Set(snapshot.offers.map((o) => o.gpuModel));
    for (const model of [
      "h100-sxm",
      "a100-40-sxm",
      "a100-80-sxm",
      "l40s",
      "a10",
      "a10g",
      "rtx-4090",
      "h200",
    ]) {
      expect(models).toContain(model);
    }
    for (const offer of snapshot.offers) {
      expect(offer.source).toBe("snapshot");
      expect(offer.fetchedAt).toBeLessThanOrEqual(snapshot.takenAt);
    }
  });

  it("gives every offer a source URL and a citation quoting the number", () => {
    expect(snapshot.citations.size).toBe(snapshot.offers.length);
    for (const offer of snapshot.offers) {
      const citation = snapshot.citations.get(offerKey(offer));
      expect(offer.sourceUrl, offerKey(offer)).toMatch(/^https:\/\//);
      expect(citation?.url, offerKey(offer)).toBe(offer.sourceUrl);
      expect(Date.parse(`${citation?.retrieved}T00:00:00Z`), offerKey(offer)).toBe(offer.fetchedAt);
      // The quoted row must contain the amount as written, so the number can be checked by reading.
      expect(citation?.quote, offerKey(offer)).toContain(offer.pricing.price.amount);
    }
  });

  it("is documented offer by offer in SOURCES.md", () => {
    const sources = readFileSync(new URL("./snapshot/SOURCES.md", import.meta.url), "utf8");
    for (const offer of snapshot.offers) expect(sources).toContain(`\`${offerKey(offer)}\``);
  });

  it("strips the citation so that the offers are plain sdk Offers", () => {
    for (const offer of snapshot.offers) expect(offer).not.toHaveProperty("citation");
  });

  it("records the GPU the sdk resolver gives for the provider's own name", () => {
    for (const offer of snapshot.offers) {
      const match = resolveGpu(offer.gpuName, { vramGb: offer.vramGb });
      expect(match.id, `${offerKey(offer)} "${offer.gpuName}"`).toBe(offer.gpuModel);
      expect(GPU_MODEL_IDS).toContain(offer.gpuModel);
    }
  });

  it("normalizes every offer to a finite positive USD per GPU-hour", () => {
    for (const offer of snapshot.offers) {
      const result = normalizeOffer(offer, ctx);
      if (!result.ok) throw new Error(`${offerKey(offer)}: ${result.exclusion.message}`);
      expect(Number.isFinite(result.offer.price.usdPerGpuHour)).toBe(true);
      expect(result.offer.price.usdPerGpuHour, offerKey(offer)).toBeGreaterThan(0);
    }
  });
});

describe("snapshot spot checks against the cited numbers", () => {
  it("divides AWS per-instance prices by the 8 GPUs", () => {
    // hyperscalers.json: p4d.24xlarge usd_per_hour 21.957642; p5.48xlarge 55.04.
    expect(priced("aws:snapshot:p4d.24xlarge@us-east-1").price.usdPerGpuHour).toBe(2.74470525);
    expect(priced("aws:snapshot:p5.48xlarge@us-east-1").price.usdPerGpuHour).toBe(6.88);
    expect(find("aws:snapshot:p4d.24xlarge@us-east-1")).toMatchObject({
      region: "US",
      location: "us-east-1",
    });
    expect(priced("aws:snapshot:g5.xlarge@us-east-1").price.usdPerGpuHour).toBe(1.006);
  });

  it("adds Nosana's 10% network fee to the market's USD rate", () => {
    // pricing.md: | NVIDIA 4090 | `PREMIUM` | 0.2909 |, paid × 1.1 per the dashboard's fee multiplier.
    const nosana = priced("nosana:snapshot:nvidia-4090");
    expect(nosana.price.breakdown).toEqual([
      { label: "base", usdPerGpuHour: 0.2909 },
      { label: "network fee", usdPerGpuHour: 0.02909 },
    ]);
    expect(nosana.price.usdPerGpuHour).toBe(0.31999);
    expect(priced("nosana:snapshot:nvidia-4090-community").price.usdPerGpuHour).toBe(0.24002);
  });

  it("keeps per-GPU list prices as they are", () => {
    // Lambda "8x NVIDIA H100 SXM ... $3.99 per GPU per hour", RunPod Secure H100 SXM 3.99, Akash H100 2.71.
    expect(priced("lambda:snapshot:8x-h100-sxm").price.usdPerGpuHour).toBe(3.99);
    expect(find("lambda:snapshot:8x-h100-sxm").gpuCount).toBe(8);
    expect(priced("runpod:snapshot:h100-sxm-secure").price.usdPerGpuHour).toBe(3.99);
    expect(priced("runpod:snapshot:l40s-community").price.usdPerGpuHour).toBe(0.79);
    const akash = priced("akash:snapshot:h100-80gb-sxm5");
    expect(akash.price.usdPerGpuHour).toBe(2.71);
    // An auction price also carries the interruption-adjusted expected price.
    expect(akash.price.expectedUsdPerGpuHour).toBeGreaterThan(2.71);
  });

  it("labels offers older than the staleness window as stale, never as fresh", () => {
    // The snapshot is dated: relative to its own takenAt, a September source is months old.
    expect(priced("lambda:snapshot:1x-h100-sxm").price.stale).toBe(true);
    expect(priced("aws:snapshot:p5.48xlarge@us-east-1").price.ageMs).toBe(0);
  });
});

describe("loadSnapshot on a corrupted copy", () => {
  it("names the offer and field of a price written as a number", () => {
    const path = writeCopy((file) => {
      file.offers[0].pricing.price.amount = 3.99;
    });
    expect(() => loadSnapshot(path)).toThrow(SnapshotError);
    expect(() => loadSnapshot(path)).toThrow(
      /offer lambda:snapshot:8x-h100-sxm \(offers\[0\]\) field pricing\.price\.amount: amount must be a string/,
    );
  });

  it("refuses a GPU id that is not in the sdk catalog", () => {
    const path = writeCopy((file) => {
      file.offers[1].gpuModel = "h100";
    });
    expect(() => loadSnapshot(path)).toThrow(
      /offer lambda:snapshot:4x-h100-sxm \(offers\[1\]\) field gpuModel: gpuModel "h100" is not a model in the sdk catalog/,
    );
  });

  it("refuses a malformed region, a missing citation, a negative price and a wrong fetchedAt", () => {
    const cases: [(file: ReturnType<typeof raw>) => void, RegExp][] = [
      [(f) => (f.offers[2].region = "us-east-1"), /offers\[2\]\) field region: region "us-east-1" is not/],
      [
        (f) => delete f.offers[3].citation,
        /offers\[3\]\) field citation: offer is missing the field "citation"/,
      ],
      [
        (f) => (f.offers[4].pricing.price.amount = "-3.29"),
        /offers\[4\]\) field pricing\.price\.amount: amount "-3\.29"/,
      ],
      [
        (f) => (f.offers[5].fetchedAt += 1),
        /offers\[5\]\) field fetchedAt: fetchedAt must be the citation's date/,
      ],
      [(f) => (f.offers[6].source = "live"), /offers\[6\]\) field source: source must be "snapshot"/],
    ];
    for (const [mutate, message] of cases) expect(() => loadSnapshot(writeCopy(mutate))).toThrow(message);
  });

  it("refuses a repeated offer and a file that is not JSON", () => {
    expect(() => parseSnapshot({ ...raw(), offers: [raw().offers[0], raw().offers[0]] })).toThrow(
      /offer lambda:snapshot:8x-h100-sxm \(offers\[1\]\) field offerId: repeats/,
    );
    const path = join(mkdtempSync(join(tmpdir(), "necto-snapshot-")), "offers.json");
    writeFileSync(path, "{ not json");
    expect(() => loadSnapshot(path)).toThrow(/cannot be read as JSON/);
  });

  it("refuses an empty market rather than loading nothing", () => {
    expect(() => parseSnapshot({ ...raw(), offers: [] })).toThrow(/field offers: offers must not be empty/);
  });
});
