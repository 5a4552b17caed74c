import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type NormalizeContext, normalizeOffers, type Offer } from "@necto/sdk";
import Database from "better-sqlite3";

/** One provider's price for one GPU model at one moment, in USD per GPU-hour. */
export interface PricePoint {
  /** Unix ms. */
  at: number;
  gpuModel: string;
  providerId: string;
  /** Where the prices came from: `live`, `snapshot` or `chain`. */
  source: string;
  minUsdPerGpuHour: number;
  medianUsdPerGpuHour: number;
  offers: number;
}

export interface HistoryQuery {
  gpuModel: string;
  providerId?: string;
  /** Unix ms: points at or after. */
  since: number;
  /** Points are merged per provider into buckets of this many ms (min of minima, mean of medians). */
  bucketMs: number;
}

/** The points of one bucket, per provider. */
export interface HistoryBucket {
  /** Start of the bucket, unix ms. */
  at: number;
  providerId: string;
  minUsdPerGpuHour: number;
  medianUsdPerGpuHour: number;
  /** Samples merged into this bucket. */
  samples: number;
}

const RETENTION_MS = 90 * 24 * 3_600_000;

/**
 * Price history in an embedded SQLite database (better-sqlite3: synchronous, in-process, survives
 * restarts): one row per fetch, GPU model and provider, so "price over the last 7/30 days" is one indexed
 * range query. Rows older than 90 days are pruned as new ones arrive.
 */
export class PriceHistory {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly prune: Database.Statement;

  /** `path` is a file (created with its folder) or `:memory:`. */
  constructor(path: string) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS price_points (
        at INTEGER NOT NULL,
        gpu_model TEXT NOT NULL,
        provider_id TEXT NOT NULL,
        source TEXT NOT NULL,
        min_usd REAL NOT NULL,
        median_usd REAL NOT NULL,
        offers INTEGER NOT NULL,
        PRIMARY KEY (gpu_model, provider_id, at)
      ) WITHOUT ROWID;
    `);
    // A repeated (model, provider, time) is the same observation: the first one stands.
    this.insert = this.db.prepare(
      "INSERT OR IGNORE INTO price_points VALUES (@at, @gpuModel, @providerId, @source, @minUsdPerGpuHour, @medianUsdPerGpuHour, @offers)",
    );
    this.prune = this.db.prepare("DELETE FROM price_points WHERE at < ?");
  }

  record(points: readonly PricePoint[]): void {
    if (points.length === 0) return;
    const newest = Math.max(...points.map((point) => point.at));
    this.db.transaction(() => {
      for (const point of points) this.insert.run(point);
      this.prune.run(newest - RETENTION_MS);
    })();
  }

  /** Buckets in time order, then by provider. */
  query(query: HistoryQuery): HistoryBucket[] {
    const rows = this.db
      .prepare(
        `SELECT (at / CAST(@bucketMs AS INTEGER)) * CAST(@bucketMs AS INTEGER) AS at, provider_id AS providerId,
                MIN(min_usd) AS minUsdPerGpuHour, AVG(median_usd) AS medianUsdPerGpuHour, COUNT(*) AS samples
         FROM price_points
         WHERE gpu_model = @gpuModel AND at >= @since ${query.providerId !== undefined ? "AND provider_id = @providerId" : ""}
         GROUP BY 1, 2 ORDER BY 1, 2`,
      )
      .all({ ...query, bucketMs: Math.max(1, Math.floor(query.bucketMs)) }) as HistoryBucket[];
    return rows;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The points one fetch adds: the offers normalized with the sdk (unpriced ones left out), grouped by GPU
 * model, with the cheapest and the median effective price of each group.
 */
export const pricePointsOf = (
  providerId: string,
  offers: readonly Offer[],
  ctx: NormalizeContext,
  at: number,
): PricePoint[] => {
  const groups = new Map<string, { prices: number[]; source: string }>();
  for (const offer of normalizeOffers(offers, ctx).priced) {
    if (offer.gpuModel === "unknown" || !Number.isFinite(offer.price.usdPerGpuHour)) continue;
    const group = groups.get(offer.gpuModel) ?? { prices: [], source: offer.source };
    group.prices.push(offer.price.usdPerGpuHour);
    groups.set(offer.gpuModel, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([gpuModel, { prices, source }]) => {
      const sorted = [...prices].sort((a, b) => a - b);
      const middle = sorted.length >> 1;
      const median =
        sorted.length % 2 === 1
          ? (sorted[middle] as number)
          : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
      return {
        at,
        gpuModel,
        providerId,
        source,
        minUsdPerGpuHour: sorted[0] as number,
        medianUsdPerGpuHour: median,
        offers: sorted.length,
      };
    });
};
