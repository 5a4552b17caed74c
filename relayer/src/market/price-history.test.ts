import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Offer } from "@necto/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { testOffer } from "../../test/test-offer.ts";
import { PriceHistory, pricePointsOf } from "./price-history.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 1);

const offer = (offerId: string, usd: string, gpuModel: Offer["gpuModel"] = "h100-sxm"): Offer =>
  testOffer("vast", offerId, usd, { gpuModel, gpuName: gpuModel, fetchedAt: T0 });

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("pricePointsOf", () => {
  it("groups normalized prices by GPU model with the minimum and the median, leaving unpriced offers out", () => {
    const points = pricePointsOf(
      "vast",
      [
        offer("1", "2.00"),
        offer("2", "1.00"),
        offer("3", "4.00"),
        offer("4", "0.50", "rtx-4090"),
        offer("5", "x"),
      ],
      { now: T0, tokenPrices: {} },
      T0,
    );
    expect(points).toEqual([
      {
        at: T0,
        gpuModel: "h100-sxm",
        providerId: "vast",
        source: "live",
        minUsdPerGpuHour: 1,
        medianUsdPerGpuHour: 2,
        offers: 3,
      },
      {
        at: T0,
        gpuModel: "rtx-4090",
        providerId: "vast",
        source: "live",
        minUsdPerGpuHour: 0.5,
        medianUsdPerGpuHour: 0.5,
        offers: 1,
      },
    ]);
  });
});

describe("PriceHistory", () => {
  it("answers 7- and 30-day windows per bucket, and survives a restart", () => {
    const dir = mkdtempSync(join(tmpdir(), "necto-history-"));
    dirs.push(dir);
    const path = join(dir, "history.db");
    const history = new PriceHistory(path);
    const point = (at: number, min: number, median: number, providerId = "vast") => ({
      at,
      gpuModel: "h100-sxm",
      providerId,
      source: "live",
      minUsdPerGpuHour: min,
      medianUsdPerGpuHour: median,
      offers: 3,
    });
    history.record([
      point(T0 - 20 * DAY, 3, 3.5),
      point(T0 - 2 * DAY, 2, 2.5),
      point(T0 - 2 * DAY + HOUR, 1.8, 2.1),
    ]);
    history.record([point(T0 - DAY, 1.5, 2, "runpod")]);
    history.close();

    const reopened = new PriceHistory(path);
    const week = reopened.query({ gpuModel: "h100-sxm", since: T0 - 7 * DAY, bucketMs: DAY });
    expect(week).toEqual([
      { at: T0 - 2 * DAY, providerId: "vast", minUsdPerGpuHour: 1.8, medianUsdPerGpuHour: 2.3, samples: 2 },
      { at: T0 - DAY, providerId: "runpod", minUsdPerGpuHour: 1.5, medianUsdPerGpuHour: 2, samples: 1 },
    ]);
    const month = reopened.query({
      gpuModel: "h100-sxm",
      providerId: "vast",
      since: T0 - 30 * DAY,
      bucketMs: DAY,
    });
    expect(month.map((bucket) => bucket.at)).toEqual([T0 - 20 * DAY, T0 - 2 * DAY]);
    expect(reopened.query({ gpuModel: "a100-80-sxm", since: 0, bucketMs: DAY })).toEqual([]);
    reopened.close();
  });

  it("keeps the first of two identical observations and prunes rows older than 90 days", () => {
    const history = new PriceHistory(":memory:");
    const base = { gpuModel: "l40s", providerId: "vast", source: "live", offers: 1 };
    history.record([{ ...base, at: T0, minUsdPerGpuHour: 1, medianUsdPerGpuHour: 1 }]);
    history.record([{ ...base, at: T0, minUsdPerGpuHour: 9, medianUsdPerGpuHour: 9 }]);
    expect(history.query({ gpuModel: "l40s", since: 0, bucketMs: HOUR })[0]?.minUsdPerGpuHour).toBe(1);
    history.record([{ ...base, at: T0 + 91 * DAY, minUsdPerGpuHour: 2, medianUsdPerGpuHour: 2 }]);
    expect(history.query({ gpuModel: "l40s", since: 0, bucketMs: HOUR }).map((b) => b.at)).toEqual([
      T0 + 91 * DAY,
    ]);
    history.close();
  });
});
