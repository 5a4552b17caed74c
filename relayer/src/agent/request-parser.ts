// The deterministic planner's reading of a buyer's request ("4x A100 for 3 days under $1.5 in the EU, no
// spot"): a tokenizer and a small grammar, not patterns over the whole string. Each rule is anchored at a
// token and reads a bounded number of tokens ahead, so a parse is linear in the (capped) input; the same
// text always gives the same result, and nothing the grammar cannot place is dropped: it is reported.
//
// Decisions the grammar makes, so that the planner and its log agree on them:
// - `gpus` is the total number of GPUs wanted. "2 nodes of 8×H100" is 16 GPUs; `constraints.minGpus`
//   (GPUs per rentable instance) is set only when the text says per node or one machine ("8x H100 on one
//   machine", "8 GPUs per node", "an 8xH100 node", "2 nodes of 8 H100" → 8).
// - A model family without its variant ("H100", "A100 80GB", "V100") stands for every catalog variant the
//   words allow: a buyer asking for an H100 accepts the SXM, PCIe and NVL cards alike.
// - A price with no unit is per GPU-hour when under $20 (no GPU rents for more per hour) and a total
//   budget otherwise ("under $1.5" per GPU-hour, "under 300 dollars" in total). "Per hour" without "per
//   node" means per GPU-hour, the market's unit. A total budget with both `gpus` and `hours` known also caps
//   `maxUsdPerGpuHour` at total / (gpus × hours); several budgets all hold (the lowest wins).
// - "Overnight" is 12 hours, "the weekend" 48, a month 30 days, a year 365.
// - "No spot", "no interruptible" exclude `spot`; "no auctions" `auction`; "no tokens" `token`; "on-demand"
//   excludes `spot` and `auction`; "spot only" and "fixed price only" exclude every other model.
// - Naming providers without a negation ("on Lambda", "RunPod or Vast only") keeps only them:
//   `excludeProviders` lists all the others.
// - A second, different GPU count or duration is reported, not merged: the first one stands.
// - Things understood but not expressible as constraints (a region to avoid, a minimum price, a currency
//   other than USD) are reported in `unrecognized` as the phrase with the reason in brackets.
import {
  type Constraints,
  GPU_MODEL_IDS,
  type GpuModelId,
  PRICING_MODELS,
  type PricingModel,
  type Region,
} from "@necto/sdk";
import { type GpuMention, readGpuMention, unknownModelEnd } from "./request-grammar/gpu-mention.ts";
import {
  FILLER_WORDS,
  GPU_NOUNS,
  LIST_PREPOSITIONS,
  LIST_SEPARATORS,
  LIST_SYMBOLS,
  NEGATORS,
  NODE_WORDS,
  PREFER_WORDS,
  PREFERENCE_PHRASES,
  PRICING_NOUNS,
  PRICING_WORDS,
  PROVIDER_IDS,
  PROVIDER_NAMES,
  type ProviderId,
  TIMES,
} from "./request-grammar/lexicon.ts";
import {
  durationUnitAt,
  type NumberReading,
  readDuration,
  readMoney,
  readNumber,
  shiftDecimal,
} from "./request-grammar/quantities.ts";
import { type RegionReading, readRegion } from "./request-grammar/region-phrase.ts";
import { MAX_REQUEST_CHARS, type Token, TokenReader, tokenize } from "./request-grammar/tokens.ts";

/** What the grammar read from a request. */
export interface ParsedRequest {
  /** The hard filters, valid per the sdk's `parseConstraints`. */
  constraints: Constraints;
  /** How many GPUs the buyer wants in all ("4x A100" → 4, "2 nodes of 8×H100" → 16). */
  gpus?: number;
  /** How long the job runs, in hours ("3 days" → 72, "90 minutes" → 1.5, "a week" → 168). */
  hours?: number;
  /** The budget as stated, per GPU-hour and/or in total (USD). */
  budget?: { usdPerGpuHour?: number; usdTotal?: number };
  /** Soft wishes, not constraints: "cheapest", "fast start", "reliable", "high performance", "prefer …". */
  preferences: string[];
  /** Phrases the grammar could not place, as written, in text order; a reason in brackets when it knows one. */
  unrecognized: string[];
}

/** A price with no unit below this is per GPU-hour; at or above it, a total budget. */
const PER_GPU_HOUR_CEILING_USD = 20;
const MAX_GPUS = 100_000;
/** Ten years: a longer duration is a misreading. */
const MAX_HOURS = 87_600;

// Phrases of the rules, compact (see TokenReader.phrase).
const BUDGET_CAPS = [
  "nomorethan",
  "notmorethan",
  "notexceeding",
  "notover",
  "notabove",
  "lessthan",
  "lowerthan",
  "cheaperthan",
  "under",
  "below",
  "atmost",
  "maximum",
  "max",
  "upto",
  "within",
  "cap",
  "cappedat",
  "limit",
  "spend",
  "pay",
  "budget",
  "maxbudget",
  "maximumbudget",
  "budgetcap",
  "pricecap",
  "maxprice",
].sort((a, b) => b.length - a.length);
const TOTAL_BUDGET_CAPS = ["totalbudget", "overallbudget", "budgettotal"];
const LOWER_BOUNDS = [
  "atleast",
  "morethan",
  "greaterthan",
  "over",
  "above",
  "minimum",
  "min",
  "nolessthan",
  "from",
].sort((a, b) => b.length - a.length);
const CONNECTORS = new Set(["of", "is", "around", "about", "approx", "approximately", "roughly", "at", "be"]);
const TRAILING_CAPS = [
  "orless",
  "orcheaper",
  "orlower",
  "orbelow",
  "orunder",
  "atmost",
  "maximum",
  "max",
  "tops",
];
const TOTAL_WORDS = [
  "intotal",
  "total",
  "overall",
  "allin",
  "altogether",
  "forthewholejob",
  "fortheentirejob",
  "forthewholething",
  "forthewholerun",
  "forthejob",
];
const GPU_HOUR_WORDS = ["gpuhours", "gpuhour", "gpuhrs", "gpuhr", "gpuh"];
const RATE_ADVERBS: readonly (readonly [string, number])[] = [
  ["hourly", 1],
  ["daily", 24],
  ["weekly", 168],
  ["monthly", 720],
];
const RELIABILITY_WORDS = ["reliability", "uptime", "sla", "availability"];
const RELIABILITY_TAILS = ["reliability", "reliable", "uptime", "sla", "availability"];
const RELIABILITY_CONNECTORS = new Set(["score", "rate", "of", "is", "should", "must", "be"]);
const VRAM_WORDS = ["gpumemory", "videomemory", "vram", "memory", "gpuram"];
const SYSTEM_MEMORY_WORDS = new Set([
  "ram",
  "disk",
  "storage",
  "ssd",
  "nvme",
  "hdd",
  "system",
  "cpu",
  "drive",
]);
const GB_UNITS = new Set(["gb", "gib", "gigabytes", "gigs"]);
const UPPER_BOUNDS = ["lessthan", "under", "below", "atmost", "max", "maximum", "upto"];
const PER_WORDS = new Set(["per", "each", "every", "a", "an"]);
const SINGLE_NODE_WORDS = ["onesingle", "asingle", "single", "one", "thesame", "same", "a", "1"];
const SINGULAR_NODE_WORDS = new Set(["node", "machine", "server", "box", "host", "instance", "vm", "pod"]);
const BREAK_SYMBOLS = new Set([",", ".", ";", ":", "!", "?", "(", ")", "[", "]", "\n"]);

type Item =
  | { kind: "provider"; id: ProviderId; start: number; end: number }
  | { kind: "pricing"; models: readonly PricingModel[]; start: number; end: number }
  | { kind: "model"; mention: GpuMention; start: number; end: number }
  | { kind: "region"; reading: RegionReading; start: number; end: number };

/** Reads one request. Deterministic; never throws; reads at most `MAX_REQUEST_CHARS` characters. */
export const parseRequest = (text: string): ParsedRequest => {
  const input = typeof text === "string" ? text : "";
  try {
    return new RequestParse(input).run();
  } catch {
    // Not expected (the grammar is total); the planner still gets an answer that says what happened.
    return { constraints: {}, preferences: [], unrecognized: [`${input.slice(0, 200)} (${PARSE_FAILED})`] };
  }
};

/** @internal The reason given when the grammar itself failed: tests check that it never appears. */
export const PARSE_FAILED = "the request could not be read";

class RequestParse {
  private readonly r: TokenReader;
  private readonly text: string;
  private readonly truncated: boolean;
  private readonly consumed: boolean[];
  private readonly notes: { at: number; text: string }[] = [];
  private readonly preferences: string[] = [];
  private gpus?: { value: number; phrase: string };
  private hours?: { value: number; phrase: string };
  private usdPerGpuHour?: number;
  private usdTotal?: number;
  private readonly models = new Set<GpuModelId>();
  private readonly excludedModels = new Set<GpuModelId>();
  private readonly regions: Region[] = [];
  private anyRegion = false;
  private readonly excludedPricing = new Set<PricingModel>();
  private readonly allowedProviders = new Set<ProviderId>();
  private readonly excludedProviders = new Set<ProviderId>();
  private minGpus?: number;
  private singleNode?: { at: number; phrase: string };
  private nodeCount?: { value: number; at: number; end: number };
  /** The GPU count was stated per node ("8 GPUs per node"): `gpus` is it times the nodes. */
  private countPerNode = false;
  /** Prices per node-hour, turned into per GPU-hour once the GPUs per node are known. */
  private readonly perNodeBudgets: { usdPerNodeHour: number; start: number; end: number }[] = [];
  private minVramGb?: number;
  private minReliability?: number;

  constructor(input: string) {
    const tokenized = tokenize(input);
    this.r = new TokenReader(tokenized.tokens, tokenized.shouting);
    this.text = tokenized.text;
    this.truncated = tokenized.truncated;
    this.consumed = tokenized.tokens.map(() => false);
  }

  run(): ParsedRequest {
    const rules = [
      (i: number) => this.budget(i),
      (i: number) => this.reliability(i),
      (i: number) => this.vram(i),
      (i: number) => this.nodes(i),
      (i: number) => this.count(i),
      (i: number) => this.countField(i),
      (i: number) => this.duration(i),
      (i: number) => this.singleNodeRule(i),
      (i: number) => this.nodeCountRule(i),
      (i: number) => this.prefer(i),
      (i: number) => this.negation(i),
      (i: number) => this.list(i),
      (i: number) => this.preferencePhrase(i),
      (i: number) => this.unknownModel(i),
    ];
    let i = 0;
    while (i < this.r.length) {
      let end = -1;
      for (const rule of rules) {
        end = rule(i);
        if (end > i) break;
      }
      if (end > i) {
        for (let j = i; j < end; j++) this.consumed[j] = true;
        i = end;
      } else i++;
    }
    return this.result();
  }

  // Helpers

  private phraseOf(start: number, end: number): string {
    const first = this.r.token(start);
    const last = this.r.token(end - 1);
    return first && last ? this.text.slice(first.start, last.end).trim() : "";
  }

  private note(start: number, end: number, reason: string): void {
    this.notes.push({
      at: this.r.token(start)?.start ?? 0,
      text: `${this.phraseOf(start, end)} (${reason})`,
    });
  }

  private firstOf(i: number, phrases: readonly string[]): number {
    for (const phrase of phrases) {
      const end = this.r.phrase(i, phrase);
      if (end >= 0) return end;
    }
    return -1;
  }

  private setGpus(value: number, start: number, end: number): void {
    const phrase = this.phraseOf(start, end);
    if (!Number.isInteger(value) || value < 1 || value > MAX_GPUS) {
      this.note(start, end, `a GPU count must be a whole number from 1 to ${MAX_GPUS}`);
    } else if (this.gpus === undefined) this.gpus = { value, phrase };
    else if (this.gpus.value !== value) {
      this.note(start, end, `conflicts with ${this.gpus.value} GPUs asked in "${this.gpus.phrase}"`);
    }
  }

  private setHours(value: number, start: number, end: number): void {
    const phrase = this.phraseOf(start, end);
    if (!(value > 0 && value <= MAX_HOURS)) {
      this.note(start, end, "a duration must be more than 0 and at most 10 years");
    } else if (this.hours === undefined) this.hours = { value, phrase };
    else if (this.hours.value !== value) {
      this.note(start, end, `conflicts with ${this.hours.value} hours asked in "${this.hours.phrase}"`);
    }
  }

  private addPreference(preference: string): void {
    if (!this.preferences.includes(preference)) this.preferences.push(preference);
  }

  // Budget: "under $1.50/GPU-hr", "max 2 USD per GPU hour", "budget $500 total", "cheaper than 1.2"

  private budget(i: number): number {
    let at = i;
    let capped = false;
    let total = false;
    let lower = false;
    for (let guard = 0; guard < 4; guard++) {
      const totalCap = this.firstOf(at, TOTAL_BUDGET_CAPS);
      const cap = totalCap >= 0 ? totalCap : this.firstOf(at, BUDGET_CAPS);
      const lowerBound = cap >= 0 ? -1 : this.firstOf(at, LOWER_BOUNDS);
      if (totalCap >= 0) total = true;
      if (cap >= 0 || lowerBound >= 0) {
        if (cap >= 0) capped = true;
        else lower = true;
        at = cap >= 0 ? cap : lowerBound;
      } else if (this.r.isSymbol(at, "≤", "<")) {
        capped = true;
        at += this.r.isSymbol(at + 1, "=") ? 2 : 1;
      } else if (this.r.isSymbol(at, "=") && this.r.isSymbol(at + 1, "<")) {
        capped = true;
        at += 2;
      } else if (this.r.isSymbol(at, "≥", ">")) {
        lower = true;
        at += this.r.isSymbol(at + 1, "=") ? 2 : 1;
      } else if ((capped || lower) && (this.r.isWord(at, CONNECTORS) || this.r.isSymbol(at, ":", "=", "~"))) {
        at++;
      } else break;
    }
    const between = !capped && !lower && this.r.isWord(at, ["between"]);
    if (between) at++;
    let money = readMoney(this.r, at, capped || between);
    if (money === undefined) return -1;
    // "between $1 and $2", "$1-$2/hr", "$1 to $2": the upper end is the budget.
    const rangeAt =
      this.r.isSymbol(money.end, "-") || this.r.isWord(money.end, ["to", ...(between ? ["and"] : [])]);
    const upper = rangeAt ? readMoney(this.r, money.end + 1, true) : undefined;
    let lowEnd = -1;
    if (upper !== undefined && !("foreign" in money) && !("foreign" in upper)) {
      lowEnd = money.end;
      money = upper;
    } else if (between) return -1;
    const upperStart = lowEnd >= 0 ? lowEnd + 1 : at;
    const bare =
      !("foreign" in money) &&
      !this.hasCurrency(upperStart, money.end) &&
      (lowEnd < 0 || !this.hasCurrency(at, lowEnd));
    if (bare && this.ownedUnitAt(money.end)) return -1;
    const rate = this.rate(money.end);
    let end = rate.end;
    if (bare && !capped && rate.hours === undefined && !rate.perGpu) return -1;
    // From here on the phrase is a price, whatever it turns out to mean.
    if (lowEnd >= 0) {
      this.note(i, lowEnd, "the lower end of a range: the upper end is the budget");
      lower = false;
    }
    if (lower && !capped) {
      this.note(i, end, "a lowest price is not a budget");
      return end;
    }
    const trailing = this.firstOf(end, TRAILING_CAPS);
    if (trailing >= 0) end = trailing;
    if ("foreign" in money) {
      this.note(i, end, "budgets are read in US dollars only");
      return end;
    }
    if (rate.perNode) {
      this.perNodeBudgets.push({ usdPerNodeHour: money.usd / (rate.hours ?? 1), start: i, end });
      return end;
    }
    const usd = money.usd;
    if (total || rate.total) this.usdTotal = Math.min(this.usdTotal ?? usd, usd);
    else {
      const perGpuHour =
        rate.hours !== undefined
          ? usd / rate.hours
          : rate.perGpu || usd < PER_GPU_HOUR_CEILING_USD
            ? usd
            : undefined;
      if (perGpuHour === undefined) this.usdTotal = Math.min(this.usdTotal ?? usd, usd);
      else this.usdPerGpuHour = Math.min(this.usdPerGpuHour ?? perGpuHour, perGpuHour);
    }
    return end;
  }

  /** Whether the money between `start` and `end` names its currency ("$", "USD", "dollars", "cents"). */
  private hasCurrency(start: number, end: number): boolean {
    for (let j = start; j < end; j++) {
      const token = this.r.token(j);
      if (token !== undefined && token.kind !== "number" && !(token.kind === "word" && token.text === "k")) {
        return true;
      }
    }
    return false;
  }

  /** After a bare number, a unit that makes it something other than money ("under 24GB", "under 3 days"). */
  private ownedUnitAt(i: number): boolean {
    const token = this.r.token(i);
    if (token === undefined) return false;
    if (token.kind === "symbol") return token.text === "%" || token.text === "x" || token.text === "×";
    if (token.kind !== "word") return true;
    if (token.glued) return true;
    return (
      GB_UNITS.has(token.text) ||
      GPU_NOUNS.has(token.text) ||
      NODE_WORDS.has(token.text) ||
      TIMES.has(token.text) ||
      durationUnitAt(this.r, i, false) !== undefined ||
      readGpuMention(this.r, i) !== undefined
    );
  }

  /** What follows an amount: "/GPU-hr", "per GPU per hour", "/h per gpu", "an hour", "daily", "total". */
  private rate(i: number): {
    end: number;
    hours?: number;
    perGpu: boolean;
    perNode: boolean;
    total: boolean;
  } {
    let end = i;
    let hours: number | undefined;
    let perGpu = false;
    let perNode = false;
    let total = false;
    for (let guard = 0; guard < 4; guard++) {
      const totalEnd = this.firstOf(end, TOTAL_WORDS);
      if (totalEnd >= 0) {
        total = true;
        end = totalEnd;
        continue;
      }
      const adverb = this.r.firstPhrase(end, RATE_ADVERBS);
      if (adverb !== undefined) {
        hours = adverb.value;
        end = adverb.end;
        continue;
      }
      const gpuHour = this.firstOf(end, GPU_HOUR_WORDS);
      if (gpuHour >= 0) {
        perGpu = true;
        hours = 1;
        end = gpuHour;
        continue;
      }
      const by = this.r.isSymbol(end, "/") || this.r.isWord(end, PER_WORDS) ? end + 1 : -1;
      if (by < 0) break;
      const unitGpuHour = this.firstOf(by, GPU_HOUR_WORDS);
      const unitHours = durationUnitAt(this.r, by, false);
      if (unitGpuHour >= 0) {
        perGpu = true;
        hours = 1;
        end = unitGpuHour;
      } else if (unitHours !== undefined) {
        hours = unitHours;
        end = by + 1;
      } else if (this.r.isWord(by, GPU_NOUNS)) {
        perGpu = true;
        end = by + 1;
        // "per GPU-hour" written apart: "gpu-h", "gpu/h", "gpu hour"
        const joined = this.r.isSymbol(end, "-", "/") && this.r.glued(end) ? end + 1 : end;
        const after = durationUnitAt(this.r, joined, false);
        if (after !== undefined) {
          hours = after;
          end = joined + 1;
        }
      } else if (this.r.isWord(by, NODE_WORDS)) {
        perNode = true;
        end = by + 1;
      } else break;
    }
    return { end, ...(hours === undefined ? {} : { hours }), perGpu, perNode, total };
  }

  // Reliability: "99% uptime", "reliability at least 0.95", "uptime >= 99.9%", "SLA 99.5%"

  private reliability(i: number): number {
    // "99% uptime", "at least 95% reliable"
    let at = this.lowerBoundEnd(i);
    const number = readNumber(this.r, at);
    if (number !== undefined && this.r.isSymbol(number.end, "%")) {
      let end = number.end + 1;
      if (this.r.isSymbol(end, "+")) end++;
      const tail = this.firstTypo(end, RELIABILITY_TAILS);
      if (tail >= 0) return this.setReliability(number, true, i, tail);
    }
    // "reliability at least 0.95", "min uptime of 99%"
    at = this.lowerBoundEnd(i);
    const word = this.firstTypo(at, RELIABILITY_WORDS);
    if (word < 0) return -1;
    at = word;
    for (
      let guard = 0;
      guard < 3 && (this.r.isWord(at, RELIABILITY_CONNECTORS) || this.r.isSymbol(at, ":", "="));
      guard++
    ) {
      at++;
    }
    at = this.lowerBoundEnd(at);
    const value = readNumber(this.r, at);
    if (value === undefined || !this.r.isNumber(at)) return -1;
    const percent = this.r.isSymbol(value.end, "%");
    return this.setReliability(value, percent, i, percent ? value.end + 1 : value.end);
  }

  private firstTypo(i: number, phrases: readonly string[]): number {
    for (const phrase of phrases) {
      const end = this.r.phrase(i, phrase, true);
      if (end >= 0) return end;
    }
    return -1;
  }

  /** Skips "at least", "min", ">=", "≥", "above" … at `i`. */
  private lowerBoundEnd(i: number): number {
    let at = i;
    for (let guard = 0; guard < 3; guard++) {
      const word = this.firstOf(at, LOWER_BOUNDS);
      if (word >= 0 && !this.r.isWord(at, ["from"])) at = word;
      else if (this.r.isSymbol(at, "≥", ">")) at += this.r.isSymbol(at + 1, "=") ? 2 : 1;
      else if (this.r.isWord(at, ["of"])) at++;
      else break;
    }
    return at;
  }

  private setReliability(number: NumberReading, percent: boolean, start: number, end: number): number {
    const value = percent || number.value > 1 ? shiftDecimal(number.digits, -2) : number.value;
    if (!(value >= 0 && value <= 1)) this.note(start, end, "reliability must be between 0 and 100%");
    else this.minReliability = Math.max(this.minReliability ?? value, value);
    return end;
  }

  // VRAM: "at least 48GB", "80GB VRAM", "48GB+", "VRAM >= 24 GB", "min 24gb of memory"

  private vram(i: number): number {
    let at = i;
    let upper = false;
    const lead = this.firstOf(at, VRAM_WORDS);
    if (lead >= 0) {
      at = lead;
      while (this.r.isWord(at, ["of", "is", "per", "gpu", "each"]) || this.r.isSymbol(at, ":", "=")) at++;
    }
    const upperEnd = this.firstOf(at, UPPER_BOUNDS);
    if (upperEnd >= 0) {
      upper = true;
      at = upperEnd;
    } else at = this.lowerBoundEnd(at);
    if (this.r.isSymbol(at, "≤", "<")) {
      upper = true;
      at += this.r.isSymbol(at + 1, "=") ? 2 : 1;
    }
    // "80GB A100" names the variant: the GPU mention reads it.
    if (at === i && readGpuMention(this.r, i) !== undefined) return -1;
    const number = readNumber(this.r, at);
    if (number === undefined || !this.r.isNumber(at) || !this.r.isWord(number.end, GB_UNITS)) return -1;
    let end = number.end + 1;
    if (this.r.isSymbol(end, "+")) end++;
    const orMore = this.firstOf(end, ["ormore", "andup", "orhigher", "orabove"]);
    if (orMore >= 0) end = orMore;
    if (this.r.isWord(end, ["of"]) && this.firstOf(end + 1, VRAM_WORDS) >= 0) end++;
    const tail = lead >= 0 ? -1 : this.firstOf(end, VRAM_WORDS);
    if (tail >= 0) end = tail;
    if (this.r.isWord(end, SYSTEM_MEMORY_WORDS)) {
      this.note(i, end + 1, "only GPU memory is a constraint");
      return end + 1;
    }
    // "per GPU", "each"
    if (this.r.isWord(end, ["per"]) && this.r.isWord(end + 1, GPU_NOUNS)) end += 2;
    else if (this.r.isWord(end, ["each"])) end++;
    if (this.r.isWord(end, ["total"]) || this.firstOf(end, ["intotal"]) >= 0) {
      const last = this.r.isWord(end, ["total"]) ? end + 1 : this.firstOf(end, ["intotal"]);
      this.note(i, last, "VRAM is a constraint per GPU, not in total");
      return last;
    }
    if (upper) {
      this.note(i, end, "a highest VRAM is not a constraint");
      return end;
    }
    this.minVramGb = Math.max(this.minVramGb ?? number.value, number.value);
    return end;
  }

  // Counts: "4x A100", "4 x H100", "four H100s", "8 GPUs", "a single 4090", "x8", "8×H100 on one machine"

  /** A count and the models it counts: "4x A100 or H100", "8 GPUs", "4x", "a single 4090". */
  private countPhrase(i: number): { count: number; items: Item[]; end: number } | undefined {
    // "x8", "× 8", "* 4" are counts; "x86" is a CPU architecture.
    const times = this.r.isWord(i, TIMES) || this.r.isSymbol(i, "×", "*");
    if (times && this.r.isNumber(i + 1) && this.r.token(i + 1)?.text !== "86") {
      return { count: this.r.token(i + 1)?.value ?? 0, items: [], end: i + 2 };
    }
    // "an H100": one GPU. Only before a model: "a week", "a budget" are no counts.
    const number =
      readNumber(this.r, i, { adjectives: true }) ??
      (this.r.isWord(i, ["a", "an"]) && readGpuMention(this.r, i + 1) !== undefined
        ? { value: 1, digits: "1", end: i + 1 }
        : undefined);
    if (number === undefined) return undefined;
    let at = number.end;
    const timesAfter = this.r.isWord(at, TIMES) || this.r.isSymbol(at, "×", "*");
    if (timesAfter) at++;
    const items = this.itemList(at, false, ["model"]);
    if (items.length > 0) {
      let end = (items.at(-1) as Item).end;
      if (this.r.isWord(end, GPU_NOUNS)) end++;
      return { count: number.value, items, end };
    }
    const noun = this.r.isJoiner(at) ? at + 1 : at;
    if (this.r.isWord(noun, GPU_NOUNS)) return { count: number.value, items: [], end: noun + 1 };
    // "4x" alone, but not "2x faster"
    if (timesAfter && this.r.glued(number.end)) return { count: number.value, items: [], end: at };
    return undefined;
  }

  /** "per node", "each machine", "on one machine", "in a single node", or a node word right after ("8xH100 node"). */
  private perNodeEnd(i: number): number {
    const at = this.r.isJoiner(i) ? i + 1 : i;
    if (this.r.isWord(at, SINGULAR_NODE_WORDS)) return at + 1;
    if ((this.r.isWord(i, PER_WORDS) || this.r.isSymbol(i, "/")) && this.r.isWord(i + 1, NODE_WORDS))
      return i + 2;
    const single = this.singleNodeEnd(i);
    return single;
  }

  /** "on one machine", "in a single node", "on the same box", "single-node". */
  private singleNodeEnd(i: number): number {
    const at = this.r.isWord(i, ["on", "in", "within", "inside"]) ? i + 1 : i;
    const which = this.firstOf(at, SINGLE_NODE_WORDS);
    if (which < 0) return -1;
    const node = this.r.isJoiner(which) ? which + 1 : which;
    return this.r.isWord(node, SINGULAR_NODE_WORDS) ? node + 1 : -1;
  }

  private count(i: number): number {
    const phrase = this.countPhrase(i);
    if (phrase === undefined) return -1;
    let end = phrase.end;
    this.applyItems(phrase.items, false, false, i);
    this.setGpus(phrase.count, i, phrase.end);
    const perNode = this.perNodeEnd(end);
    const across = perNode >= 0 ? undefined : this.acrossNodes(end);
    if (perNode >= 0) {
      // "8 GPUs per node" (with "4 nodes" elsewhere) counts one node; "8x H100 on one machine" all of them.
      if (this.r.isWord(end, PER_WORDS) || this.r.isSymbol(end, "/")) this.countPerNode = true;
      end = perNode;
      this.setMinGpus(phrase.count);
    } else if (across !== undefined) {
      if (Number.isInteger(phrase.count / across.nodes)) this.setMinGpus(phrase.count / across.nodes);
      else
        this.note(end, across.end, `${phrase.count} GPUs do not split evenly across ${across.nodes} nodes`);
      end = across.end;
    }
    return end;
  }

  /** "across 2 nodes", "over 4 machines", "on 2 nodes": how many nodes the GPUs counted before span. */
  private acrossNodes(i: number): { nodes: number; end: number } | undefined {
    if (!this.r.isWord(i, ["across", "over", "on", "in", "spread", "split"])) return undefined;
    const at = this.r.isWord(i + 1, ["across", "over", "on"]) ? i + 2 : i + 1;
    const number = readNumber(this.r, at);
    if (number === undefined || !Number.isInteger(number.value) || number.value < 1) return undefined;
    return this.r.isWord(number.end, NODE_WORDS) ? { nodes: number.value, end: number.end + 1 } : undefined;
  }

  private setMinGpus(value: number): void {
    if (Number.isInteger(value) && value >= 1 && value <= MAX_GPUS) {
      this.minGpus = Math.max(this.minGpus ?? value, value);
    }
  }

  /** "gpus: 8", "gpu count = 4", "number of GPUs: 16": a count written as a form field. */
  private countField(i: number): number {
    const label = this.firstOf(i, ["numberofgpus", "gpucount", "numgpus", "gpus", "count"]);
    if (label < 0) return -1;
    const at = this.r.isSymbol(label, ":", "=") ? label + 1 : label;
    const number = readNumber(this.r, at);
    if (number === undefined || at === label) return -1;
    this.setGpus(number.value, i, number.end);
    return number.end;
  }

  /** "2 nodes of 8×H100", "2 machines with 4 A100s each", "3 nodes, each with 8 GPUs". */
  private nodes(i: number): number {
    const number = readNumber(this.r, i);
    if (number === undefined || !this.r.isWord(number.end, NODE_WORDS)) return -1;
    let at = number.end + 1;
    if (this.r.isSymbol(at, ",")) at++;
    if (this.r.isWord(at, ["each"])) at++;
    if (!this.r.isWord(at, ["of", "with", "having"])) return -1;
    at++;
    const phrase = this.countPhrase(at);
    if (phrase === undefined) return -1;
    let end = phrase.end;
    if (this.r.isWord(end, ["each", "apiece"])) end++;
    else if (this.r.isWord(end, ["per"]) && this.r.isWord(end + 1, NODE_WORDS)) end += 2;
    this.applyItems(phrase.items, false, false, i);
    this.setGpus(number.value * phrase.count, i, end);
    this.setMinGpus(phrase.count);
    return end;
  }

  /** "2 nodes", "4 machines": the GPUs counted elsewhere are spread over them (see `result`). */
  private nodeCountRule(i: number): number {
    const number = readNumber(this.r, i);
    if (number === undefined || !this.r.isWord(number.end, NODE_WORDS)) return -1;
    const end = number.end + 1;
    if (!Number.isInteger(number.value) || number.value < 1) {
      this.note(i, end, "a number of nodes must be a whole number from 1");
    } else this.nodeCount ??= { value: number.value, at: i, end };
    return end;
  }

  private singleNodeRule(i: number): number {
    const end = this.singleNodeEnd(i);
    if (end < 0) return -1;
    this.singleNode ??= { at: i, phrase: this.phraseOf(i, end) };
    return end;
  }

  // Durations: "for 3 days", "2h", "36 hours", "a week", "90 minutes", "overnight"

  private duration(i: number): number {
    const reading = readDuration(this.r, i);
    if (reading === undefined) return -1;
    if (reading.lowEnd !== undefined)
      this.note(i, reading.lowEnd, "the lower end of a range: the upper end is read");
    this.setHours(reading.hours, i, reading.end);
    return reading.end;
  }

  // Lists: providers, pricing models, regions, GPU models

  /** One item at `i`: a pricing model, a provider, a GPU model or a region. */
  private item(i: number, afterPreposition: boolean, kinds: readonly Item["kind"][]): Item | undefined {
    if (kinds.includes("pricing")) {
      const pricing = this.r.firstPhrase(i, PRICING_WORDS, true);
      if (pricing !== undefined) {
        let end = pricing.end;
        if (this.r.isWord(end, PRICING_NOUNS)) end++;
        return { kind: "pricing", models: pricing.value, start: i, end };
      }
    }
    if (kinds.includes("provider")) {
      const provider = this.r.firstPhrase(i, PROVIDER_NAMES, afterPreposition);
      if (provider !== undefined)
        return { kind: "provider", id: provider.value, start: i, end: provider.end };
    }
    if (kinds.includes("model")) {
      const mention = readGpuMention(this.r, i);
      if (mention !== undefined) return { kind: "model", mention, start: i, end: mention.end };
    }
    if (kinds.includes("region")) {
      const reading = readRegion(this.r, i, afterPreposition);
      if (reading !== undefined) return { kind: "region", reading, start: i, end: reading.end };
    }
    return undefined;
  }

  /** An item after an optional preposition and article: "on Lambda", "in the EU", "from Germany". */
  private itemAfterPreposition(
    i: number,
    afterPreposition: boolean,
    kinds: readonly Item["kind"][],
  ): Item | undefined {
    const direct = this.item(i, afterPreposition, kinds);
    if (direct !== undefined) return direct;
    let at = i;
    let preposition = afterPreposition;
    if (this.r.isWord(at, LIST_PREPOSITIONS)) {
      preposition = true;
      at++;
      // "based in", "located in"; "region: EU"
      if (this.r.isWord(at, ["in"])) at++;
      while (this.r.isSymbol(at, ":", "=")) at++;
      const again = this.item(at, preposition, kinds);
      if (again !== undefined) return again;
    }
    if (this.r.isWord(at, ["the", "a", "an", "any"])) return this.item(at + 1, preposition, kinds);
    return undefined;
  }

  /**
   * Items joined by "or", "and", commas or slashes, all of the first item's kind: "Germany or France",
   * "akash, nosana and vast". A different kind ends the list ("no spot, EU only": spot is not negated EU).
   */
  private itemList(i: number, afterPreposition: boolean, kinds: readonly Item["kind"][]): Item[] {
    let at = i;
    if (this.r.isWord(at, ["either", "neither"])) at++;
    const first = this.itemAfterPreposition(at, afterPreposition, kinds);
    if (first === undefined) return [];
    // "in Texas or California": the preposition before the first item holds for the rest.
    const preposition = afterPreposition || first.start > at;
    const items = [first];
    for (let guard = 0; guard < 40; guard++) {
      const last = items.at(-1) as Item;
      let next = last.end;
      let joined = false;
      while (this.r.isSymbol(next, ...LIST_SYMBOLS) || this.r.isWord(next, LIST_SEPARATORS)) {
        next++;
        joined = true;
      }
      if (!joined) break;
      const item = this.itemAfterPreposition(next, preposition, [first.kind]);
      if (item === undefined) break;
      items.push(item);
    }
    return items;
  }

  private applyItems(items: readonly Item[], negated: boolean, only: boolean, start: number): void {
    let lastRegion: Item | undefined;
    for (const item of items) {
      if (item.kind === "provider") (negated ? this.excludedProviders : this.allowedProviders).add(item.id);
      else if (item.kind === "pricing") {
        if (negated) for (const model of item.models) this.excludedPricing.add(model);
      } else if (item.kind === "model") {
        const mention = item.mention;
        if (!("ids" in mention)) this.note(item.start, item.end, mention.reason);
        else for (const id of mention.ids) (negated ? this.excludedModels : this.models).add(id);
        if (mention.count !== undefined && !negated) this.setGpus(mention.count, item.start, item.end);
      } else if (negated) lastRegion = item;
      else if ("global" in item.reading) this.anyRegion = true;
      else
        for (const region of item.reading.regions)
          if (!this.regions.includes(region)) this.regions.push(region);
    }
    if (lastRegion !== undefined) this.note(start, lastRegion.end, "avoiding a region is not supported");
    // Positive pricing restricts with "only", or when it names fixed prices ("on-demand", "fixed price").
    const pricing = items.filter((item) => item.kind === "pricing");
    if (!negated && pricing.length > 0) {
      const allowed = new Set(pricing.flatMap((item) => item.models));
      if (only || allowed.has("fixed")) {
        for (const model of PRICING_MODELS) if (!allowed.has(model)) this.excludedPricing.add(model);
      }
    }
  }

  /** "only" or "-only" after a list: "EU only", "Lambda-only", "on-demand only". */
  private onlyEnd(i: number): number {
    if (this.r.isWord(i, ["only", "exclusively"])) return i + 1;
    if (this.r.isJoiner(i) && this.r.isWord(i + 1, ["only"])) return i + 2;
    return -1;
  }

  private list(i: number): number {
    let at = i;
    let only = false;
    if (this.r.isWord(at, ["only", "exclusively", "just"])) {
      only = this.r.word(at) !== "just";
      at++;
    }
    let items = this.itemList(at, only, ["pricing", "provider", "model", "region"]);
    // "lamda only": a provider name with a typo is read when "only" makes the slot a provider's.
    if (items.length === 0) {
      const near = this.itemList(at, true, ["provider"]);
      if (near.length > 0 && this.onlyEnd((near.at(-1) as Item).end) >= 0) items = near;
    }
    if (items.length === 0) return -1;
    let end = (items.at(-1) as Item).end;
    const onlyAfter = this.onlyEnd(end);
    if (onlyAfter >= 0) {
      only = true;
      end = onlyAfter;
    }
    this.applyItems(items, false, only, i);
    // "A100 x8 per node", "8xH100 node"
    const first = items[0];
    if (first?.kind === "model" && first.mention.count !== undefined) {
      const perNode = this.perNodeEnd(end);
      if (perNode >= 0) {
        this.setMinGpus(first.mention.count);
        end = perNode;
      }
    }
    return end;
  }

  private negation(i: number): number {
    const negator = this.r.firstPhrase(i, NEGATORS);
    if (negator === undefined) return -1;
    let at = negator.end;
    if (this.r.isJoiner(at)) at++;
    while (this.r.isWord(at, ["use", "using", "go", "want", "on", "with", "to", "from", "in"])) at++;
    const items = this.itemList(at, true, ["pricing", "provider", "model", "region"]);
    if (items.length === 0) return -1;
    this.applyItems(items, true, false, i);
    return (items.at(-1) as Item).end;
  }

  private prefer(i: number): number {
    if (!this.r.isWord(i, PREFER_WORDS)) return -1;
    const items = this.itemList(i + 1, true, ["pricing", "provider", "model", "region"]);
    if (items.length === 0) return -1;
    for (const item of items) this.addPreference(`prefer ${this.phraseOf(item.start, item.end)}`);
    return (items.at(-1) as Item).end;
  }

  private unknownModel(i: number): number {
    const end = unknownModelEnd(this.r, i);
    if (end < 0) return -1;
    this.note(i, end, "not a GPU model in the catalog");
    return end;
  }

  private preferencePhrase(i: number): number {
    const match = this.r.firstPhrase(i, PREFERENCE_PHRASES);
    if (match === undefined) return -1;
    this.addPreference(match.value);
    return match.end;
  }

  // Result

  private unplaced(): { at: number; text: string }[] {
    const groups: { at: number; text: string }[] = [];
    let group: Token[] = [];
    const flush = (): void => {
      const content = (token: Token): boolean =>
        token.kind === "number" || (token.kind === "word" && !this.isFiller(token.text));
      const first = group.findIndex(content);
      if (first >= 0) {
        let last = group.length - 1;
        while (last > first && !content(group[last] as Token)) last--;
        const from = group[first] as Token;
        const to = group[last] as Token;
        groups.push({ at: from.start, text: this.text.slice(from.start, to.end) });
      }
      group = [];
    };
    this.r.tokens.forEach((token, j) => {
      if (this.consumed[j] || (token.kind === "symbol" && BREAK_SYMBOLS.has(token.text))) flush();
      else group.push(token);
    });
    flush();
    return groups;
  }

  private isFiller(word: string): boolean {
    return (
      FILLER_WORDS.has(word) ||
      PREFER_WORDS.has(word) ||
      LIST_PREPOSITIONS.has(word) ||
      LIST_SEPARATORS.has(word)
    );
  }

  /** GPUs per node from "2 nodes", "on one machine" and the total count, unless stated outright. */
  private settleNodes(): void {
    const nodes = this.nodeCount;
    if (this.countPerNode && nodes !== undefined && this.gpus !== undefined) {
      const total = this.gpus.value * nodes.value;
      if (total <= MAX_GPUS) this.gpus = { value: total, phrase: this.gpus.phrase };
    }
    const gpus = this.gpus?.value;
    if (this.minGpus === undefined && nodes !== undefined) {
      if (gpus !== undefined && Number.isInteger(gpus / nodes.value)) this.setMinGpus(gpus / nodes.value);
      else if (gpus !== undefined) {
        this.note(nodes.at, nodes.end, `${gpus} GPUs do not split evenly across ${nodes.value} nodes`);
      } else this.note(nodes.at, nodes.end, "the number of GPUs per node is not stated");
    }
    if (this.minGpus === undefined && this.singleNode !== undefined) {
      if (gpus !== undefined) this.setMinGpus(gpus);
      else {
        this.notes.push({
          at: this.r.token(this.singleNode.at)?.start ?? 0,
          text: `${this.singleNode.phrase} (the number of GPUs is not stated)`,
        });
      }
    }
    for (const budget of this.perNodeBudgets) {
      if (this.minGpus === undefined) {
        this.note(budget.start, budget.end, "a price per node needs the number of GPUs per node");
      } else {
        const perGpuHour = budget.usdPerNodeHour / this.minGpus;
        this.usdPerGpuHour = Math.min(this.usdPerGpuHour ?? perGpuHour, perGpuHour);
      }
    }
  }

  private result(): ParsedRequest {
    this.settleNodes();
    const constraints: Constraints = {};
    const gpus = this.gpus?.value;
    const hours = this.hours?.value;
    let maxUsdPerGpuHour = this.usdPerGpuHour;
    if (this.usdTotal !== undefined && gpus !== undefined && hours !== undefined) {
      const fromTotal = this.usdTotal / (gpus * hours);
      maxUsdPerGpuHour = Math.min(maxUsdPerGpuHour ?? fromTotal, fromTotal);
    }
    if (maxUsdPerGpuHour !== undefined) constraints.maxUsdPerGpuHour = maxUsdPerGpuHour;

    if (this.models.size > 0 || this.excludedModels.size > 0) {
      const wanted = this.models.size > 0 ? this.models : new Set(GPU_MODEL_IDS);
      const ids = GPU_MODEL_IDS.filter((id) => wanted.has(id) && !this.excludedModels.has(id));
      if (ids.length > 0) constraints.gpuModels = ids;
      else
        this.notes.push({
          at: 0,
          text: "every GPU model asked for was also excluded (no model filter applied)",
        });
    }

    // One GPU per instance filters nothing: "an L40S instance" adds no constraint.
    if (this.minGpus !== undefined && this.minGpus > 1) constraints.minGpus = this.minGpus;
    if (this.minVramGb !== undefined) constraints.minVramGb = this.minVramGb;
    if (this.regions.length > 0 && !this.anyRegion) constraints.regions = [...this.regions];
    if (this.excludedPricing.size > 0) {
      constraints.excludePricingModels = PRICING_MODELS.filter((model) => this.excludedPricing.has(model));
    }
    const excludedProviders = PROVIDER_IDS.filter(
      (id) =>
        this.excludedProviders.has(id) || (this.allowedProviders.size > 0 && !this.allowedProviders.has(id)),
    );
    if (excludedProviders.length > 0) constraints.excludeProviders = excludedProviders;
    if (this.minReliability !== undefined) constraints.minReliability = this.minReliability;

    const notes = [...this.notes, ...this.unplaced()].sort((a, b) => a.at - b.at);
    const unrecognized = notes.map((note) => note.text);
    if (this.truncated) {
      unrecognized.push(`(only the first ${MAX_REQUEST_CHARS} characters were read)`);
    }
    const budget: ParsedRequest["budget"] = {};
    if (this.usdPerGpuHour !== undefined) budget.usdPerGpuHour = this.usdPerGpuHour;
    if (this.usdTotal !== undefined) budget.usdTotal = this.usdTotal;
    return {
      constraints,
      ...(gpus === undefined ? {} : { gpus }),
      ...(hours === undefined ? {} : { hours }),
      ...(Object.keys(budget).length > 0 ? { budget } : {}),
      preferences: [...this.preferences],
      unrecognized,
    };
  }
}
