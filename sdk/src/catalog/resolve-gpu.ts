// Maps what providers and web pages write ("NVIDIA H100 80GB HBM3", "nvidia/h100/80Gi/sxm5", "A100_80G",
// "gpu_8x_h100_sxm5", "1x RTX 4090 24GB") to a canonical catalog id, or to "unknown" with a reason.
//
// How: the text is cut into words, each word into letter and digit runs ("rtx4090" -> rtx|4090,
// "80Gi" -> 80|gi), and every word is classified once: a model head (a catalog family such as h100, l40 or
// 4090, with its suffix: l40 + s, 3090 + ti), a GPU count (8x, x8, "8 x"), a VRAM figure (80GB, 80Gi,
// 24564MB), a form factor (sxm5, pcie, nvl), a memory type (hbm3), a deny word (laptop, pro, epyc), a model
// name that is not in the catalog (h800, gb200, rtx 4070), or noise. Heads compare whole runs, never
// substrings, so "a10" cannot match "a100", "l4" cannot match "l40s" and "h100" cannot match "gh200".
// The head's family then narrows its variants by suffix, form factor, memory type and VRAM (text first, then
// the caller's hint, ±7%), and must end with exactly one.
//
// Policy: a wrong model is worse than "unknown" (an unknown offer is only excluded, with its reason; a wrong
// one is priced and ranked as something it is not). So:
// - A100 and H100 without a stated form factor are "unknown": the same spelling means SXM at one provider and
//   PCIe at another (io.net's "H100" rows are SXM5, Shadeform's "H100" is also sold as PCIe; Lambda rents
//   both). Adapters that get the interconnect in a separate field append it: resolveGpu(`${name} ${iface}`).
// - Implied form factors are used where the hardware settles it: HBM3 at 80 GB is the H100 SXM (RunPod's and
//   Nosana's "NVIDIA H100 80GB HBM3"; the H100 PCIe has HBM2e, the NVL 94 GB); 94 GB is the H100 NVL; "PCIe"
//   on an H200 is the H200 NVL (the only PCIe H200); HGX/DGX mean SXM.
// - H200 without a form factor is the SXM part (id "h200"): providers label the PCIe card "NVL" (RunPod
//   "NVIDIA H200" vs "NVIDIA H200 NVL"), and the SXM part is the one clouds rent by the node.
// - A100 40 vs 80 GB and V100 16 vs 32 GB need the VRAM, from the text or the hint; without it: "unknown".
// - "RTX 6000" alone is "unknown" (Quadro RTX 6000, RTX 6000 Ada and RTX PRO 6000 are three cards).
// - Variants the catalog lacks are "unknown", never their base model: RTX 4090 D / Ti / Laptop, 4080 SUPER,
//   A100X, V100S, T4G, MI300A, RTX A6000 "Ada", modded 48 GB RTX 4090s (by VRAM), a MI250X GCD (64 GB).
import { type GpuModelId, type GpuSpec, gpuSpec } from "./gpus.ts";

/**
 * The result of `resolveGpu`.
 * - A match: the canonical id, the GPU count when the text states one (`8x H100` -> 8), and the VRAM per GPU
 *   in GB as stated by the text or else the hint (absent when neither states it: use `gpuSpec(id).vramGb`).
 * - `unknown`: the input (cut to 256 characters) and a one-sentence reason, for the exclusion log.
 */
export type GpuMatch =
  | { id: GpuModelId; count?: number; vramGb?: number }
  | { id: "unknown"; input: string; reason: string };

/** gpuhunt's tolerance for GPU memory: ±7% absorbs nvidia-smi's usable memory (L4: 22.4 GiB of 24 GB). */
const VRAM_TOLERANCE = 0.07;
/** Provider GPU names are short; a longer input is not a GPU name, and the cap bounds the work per call. */
const MAX_INPUT_CHARS = 256;
/** Largest plausible GPU count of one rentable unit (NVL72 racks are 72); more means we misread the text. */
const MAX_COUNT = 256;
/** Largest plausible memory of one GPU in GB (the biggest today are 288 GB). */
const MAX_VRAM_GB = 1024;

type Form = NonNullable<GpuSpec["formFactor"]>;
type Memory = "hbm2" | "hbm2e" | "hbm3" | "hbm3e" | "gddr6" | "gddr6x" | "gddr7";

interface VariantRule {
  id: GpuModelId;
  /** Letters after the model number that select this variant: l40 + "s", a10 + "g", 3090 + "ti". */
  suffix?: string;
  /** Form factors the text may state for this id. Default: the catalog's formFactor, else any. */
  forms?: readonly Form[];
  /** Memory types the text may state. Default: any (only set where the type tells variants apart). */
  memory?: readonly Memory[];
  /** VRAM figures (GB) this id is sold with. Default: the catalog's vramGb. */
  vramGb?: readonly number[];
  /** Names that state CPU+GPU memory instead of VRAM, mapped to the VRAM they imply. */
  vramAliases?: Readonly<Record<number, number>>;
}

interface FamilyRule {
  variants: readonly VariantRule[];
  /** Taken when the text states no form factor and several variants remain. Set only where documented. */
  defaultForm?: Form;
}

// Keys are a head's letters+digits ("h100", "mi300") or, for cards named by a number after RTX/GeForce, the
// number alone ("4090"). Letter keys always start with a letter, so the two kinds never collide.
const FAMILY_RULES: Readonly<Record<string, FamilyRule>> = {
  b200: { variants: [{ id: "b200", memory: ["hbm3e"] }] },
  h200: {
    defaultForm: "sxm",
    variants: [
      { id: "h200", memory: ["hbm3e"] },
      { id: "h200-nvl", memory: ["hbm3e"] },
    ],
  },
  gh200: {
    // nvidia-smi names the GH200 by its total memory: "GH200 480GB" is the 96 GB HBM3 part (+ 480 GB LPDDR5X
    // on the Grace CPU), "GH200 624GB" the 144 GB HBM3e one.
    variants: [
      { id: "gh200", memory: ["hbm3", "hbm3e"], vramGb: [96, 144], vramAliases: { 480: 96, 624: 144 } },
    ],
  },
  h100: {
    variants: [
      { id: "h100-sxm", memory: ["hbm3"] },
      { id: "h100-pcie", memory: ["hbm2e"] },
      { id: "h100-nvl", memory: ["hbm3"] },
    ],
  },
  a100: {
    variants: [
      { id: "a100-40-sxm", memory: ["hbm2"] },
      { id: "a100-80-sxm", memory: ["hbm2e"] },
      { id: "a100-40-pcie", memory: ["hbm2"] },
      { id: "a100-80-pcie", memory: ["hbm2e"] },
    ],
  },
  a40: { variants: [{ id: "a40" }] },
  a30: { variants: [{ id: "a30" }] },
  a10: { variants: [{ id: "a10" }, { id: "a10g", suffix: "g" }] },
  l40: { variants: [{ id: "l40" }, { id: "l40s", suffix: "s" }] },
  l4: { variants: [{ id: "l4" }] },
  t4: { variants: [{ id: "t4" }] },
  v100: {
    variants: [
      { id: "v100-16", forms: ["sxm", "pcie"] },
      { id: "v100-32", forms: ["sxm", "pcie"] },
    ],
  },
  a6000: { variants: [{ id: "a6000" }] },
  a5000: { variants: [{ id: "a5000" }] },
  a4000: { variants: [{ id: "a4000" }] },
  // OAM modules: no SXM/PCIe/NVL word fits them (an "MI300X PCIe" is a mistake, not a card).
  mi325: { variants: [{ id: "mi325x", suffix: "x", forms: [] }] },
  mi300: { variants: [{ id: "mi300x", suffix: "x", forms: [] }] },
  mi250: {
    variants: [
      { id: "mi250", forms: [] },
      { id: "mi250x", suffix: "x", forms: [] },
    ],
  },
  "6000": { variants: [{ id: "rtx-6000-ada", suffix: "ada" }] },
  "5090": { variants: [{ id: "rtx-5090" }] },
  "4090": { variants: [{ id: "rtx-4090" }] },
  "4080": { variants: [{ id: "rtx-4080" }] },
  "3090": { variants: [{ id: "rtx-3090" }, { id: "rtx-3090-ti", suffix: "ti" }] },
};

interface Family extends FamilyRule {
  /** Suffixes some variant takes. */
  suffixes: ReadonlySet<string>;
}

const FAMILIES: ReadonlyMap<string, Family> = new Map(
  Object.entries(FAMILY_RULES).map(([key, rule]) => [
    key,
    { ...rule, suffixes: new Set(rule.variants.flatMap((v) => (v.suffix ? [v.suffix] : []))) },
  ]),
);

/** Words after which a bare number is a model number: "GeForce RTX 4090", "RTX 6000 Ada", "GTX 1080". */
const PREFIX_WORDS = new Set(["rtx", "gtx", "rx", "geforce", "geforcertx", "quadro", "titan"]);
const FORM_WORDS: ReadonlyMap<string, Form> = new Map<string, Form>([
  ["sxm", "sxm"],
  ["hgx", "sxm"],
  ["dgx", "sxm"],
  ["pcie", "pcie"],
  ["pci", "pcie"],
  ["fhhl", "pcie"],
  ["nvl", "nvl"],
  ["superchip", "superchip"],
]);
const MEMORIES: ReadonlySet<string> = new Set<Memory>([
  "hbm2",
  "hbm2e",
  "hbm3",
  "hbm3e",
  "gddr6",
  "gddr6x",
  "gddr7",
]);
/** Words that mean a variant the catalog lacks, a fraction of a GPU, or a CPU: never guess past them. */
const DENY_WORDS = new Set([
  "ti",
  "super",
  "laptop",
  "mobile",
  "notebook",
  "max",
  "maxq",
  "mig",
  "vgpu",
  "pro",
  "cpu",
  "epyc",
  "xeon",
  "ryzen",
  "threadripper",
  "graviton",
]);
/** Words that name a variant when they follow a model: "RTX 3090 Ti", "RTX 4080 S", "RTX 6000 Ada". */
const SUFFIX_WORDS = new Set(["ti", "super", "s", "d", "ada", "xt", "xtx"]);
/** Letters+digits words that qualify rather than name a model (sxm5, hbm3e, gen5, ddr5, nvlink4, sm90). */
const MODIFIER_LETTERS = new Set([
  "sxm",
  "pcie",
  "nvl",
  "hbm",
  "gddr",
  "gen",
  "ddr",
  "lpddr",
  "nvlink",
  "sm",
  "cuda",
]);
const UNITS_GB = new Set(["gb", "gib", "gi", "g"]);
const UNITS_MB = new Set(["mb", "mib"]);
const COUNT_NOUNS = new Set(["gpu", "gpus"]);
const FORM_NAMES: Readonly<Record<Form, string>> = {
  sxm: "SXM",
  pcie: "PCIe",
  nvl: "NVL",
  superchip: "superchip",
};

interface Word {
  text: string;
  /** Letter and digit runs: "a100" -> ["a", "100"], "22.5gb" -> ["22.5", "gb"]. */
  parts: readonly string[];
}

interface Head {
  key: string;
  suffix: string;
  /** The model as written, lowercased, for reasons: "h100", "rtx 4090 ti". */
  label: string;
}

interface Scan {
  heads: Head[];
  unrecognized: string[];
  denied: string[];
  counts: number[];
  vramsGb: number[];
  forms: Form[];
  memories: Memory[];
}

const isDigits = (s: string): boolean => s.length > 0 && s.charCodeAt(0) >= 48 && s.charCodeAt(0) <= 57;
const isInteger = (s: string): boolean => /^\d+$/.test(s);
const isLetters = (s: string): boolean => /^[a-z]+$/.test(s);
const plausibleCount = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= MAX_COUNT;
const plausibleVram = (gb: number): boolean => Number.isFinite(gb) && gb > 0 && gb <= MAX_VRAM_GB;
const vramMatches = (statedGb: number, catalogGb: number): boolean =>
  Math.abs(statedGb - catalogGb) <= VRAM_TOLERANCE * catalogGb;

function tokenize(text: string): Word[] {
  // NFKC folds full-width letters ("ＲＴＸ"); skipping it for ASCII, the usual case, halves the cost.
  const normalized = (/^[\x20-\x7e]*$/.test(text) ? text : text.normalize("NFKC"))
    .toLowerCase()
    .replace(/×/g, "x")
    // "8xH100": cut a leading count off a glued model name, but leave AWS's "24xlarge" whole.
    .replace(/(^|[^a-z0-9.])(\d{1,3})x(?=[a-z])(?!x?large)/g, "$1$2x ")
    // A dot is a decimal point only between digits ("22.5GB"); elsewhere it separates ("p4d.24xlarge").
    .replace(/(?<!\d)\.|\.(?!\d)/g, " ");
  const words: Word[] = [];
  for (const text of normalized.split(/[^a-z0-9.]+/)) {
    const parts = text.match(/[a-z]+|\d+(?:\.\d+)?/g);
    if (parts) words.push({ text, parts });
  }
  return words;
}

function scan(words: readonly Word[]): Scan {
  const s: Scan = {
    heads: [],
    unrecognized: [],
    denied: [],
    counts: [],
    vramsGb: [],
    forms: [],
    memories: [],
  };
  const used = words.map(() => false);
  const nextFree = (i: number): Word | undefined => (used[i + 1] ? undefined : words[i + 1]);

  // A lone "x" binds the count beside it: "8 x H100", "H100 x 8", "4090 x 2", "2 x 4090".
  for (let i = 0; i < words.length; i++) {
    if (words[i]?.text !== "x") continue;
    used[i] = true;
    const right = words[i + 1];
    const left = words[i - 1];
    if (right && !used[i + 1] && isInteger(right.text) && plausibleCount(Number(right.text))) {
      s.counts.push(Number(right.text));
      used[i + 1] = true;
    } else if (left && !used[i - 1] && isInteger(left.text) && plausibleCount(Number(left.text))) {
      s.counts.push(Number(left.text));
      used[i - 1] = true;
    }
  }

  const addHead = (i: number, key: string, label: string, rest: string): void => {
    const family = FAMILIES.get(key);
    let suffix = "";
    if (rest !== "") {
      suffix = family ? attachedRest(rest, family, s) : rest;
    } else {
      // "RTX 3090 Ti", "L40 S", "RTX 6000 Ada": a separate suffix word right after the model.
      const next = nextFree(i);
      if (next && isLetters(next.text) && (family?.suffixes.has(next.text) || SUFFIX_WORDS.has(next.text))) {
        suffix = next.text;
        used[i + 1] = true;
      }
    }
    const fullLabel = suffix === "" ? label : rest === "" ? `${label} ${suffix}` : label + suffix;
    if (family) s.heads.push({ key, suffix, label: fullLabel });
    else s.unrecognized.push(fullLabel);
  };

  let prefix = "";
  for (let i = 0; i < words.length; i++) {
    if (used[i]) continue;
    const word = words[i] as Word;
    const [first = "", second = "", ...more] = word.parts;
    const wordPrefix = prefix;
    prefix = "";

    if (isDigits(first)) {
      const n = Number(first);
      const rest = word.parts.slice(1).join("");
      const unit = rest === "" ? (nextFree(i)?.text ?? "") : rest;
      if (UNITS_GB.has(unit) || UNITS_MB.has(unit)) {
        s.vramsGb.push(UNITS_MB.has(unit) ? Math.round((n / 1024) * 100) / 100 : n);
        if (rest === "") used[i + 1] = true;
      } else if (wordPrefix !== "" || FAMILIES.has(first)) {
        // Before counts, so that "4090 GPU" is a model, not 4090 GPUs.
        addHead(i, first, wordPrefix ? `${wordPrefix} ${first}` : first, rest);
      } else if (unit === "x" || COUNT_NOUNS.has(unit)) {
        s.counts.push(n);
        if (rest === "") used[i + 1] = true;
      }
      // Any other number ("2024", "24xlarge", "48c") is noise.
      continue;
    }

    if (second === "") {
      // A word of letters only.
      const form = FORM_WORDS.get(first);
      if (PREFIX_WORDS.has(first)) prefix = wordPrefix ? `${wordPrefix} ${first}` : first;
      else if (form) s.forms.push(form);
      else if (DENY_WORDS.has(first)) s.denied.push(first);
      continue;
    }

    // Letters then digits: a model (h100, rtx4090, rtxa6000, mi300x), a modifier (sxm4, hbm3e), a count (x8).
    const rest = more.join("");
    if (PREFIX_WORDS.has(first) && isInteger(second)) addHead(i, second, `${first} ${second}`, rest);
    else if (first === "rtxa" && isInteger(second)) addHead(i, `a${second}`, `rtx a${second}`, rest);
    else if (first === "x") {
      // "x8" is a count; "x86" is a CPU architecture, not 86 GPUs.
      if (rest === "" && second !== "86") s.counts.push(Number(second));
    } else if (MODIFIER_LETTERS.has(first)) modifier(first, second, rest, s);
    else if (isInteger(second)) addHead(i, first + second, first + second, rest);
    else s.unrecognized.push(word.text);
  }
  return s;
}

/** Records a letters+digits modifier word: a form factor (sxm5, pcie4, nvl) or a memory type (hbm3e). */
function modifier(letters: string, digits: string, rest: string, s: Scan): void {
  const form = FORM_WORDS.get(letters);
  const memory = letters + digits + rest;
  if (form) s.forms.push(form);
  else if (MEMORIES.has(memory)) s.memories.push(memory as Memory);
  // gen5, ddr5, nvlink4, sm90: noise.
}

/**
 * Reads what is glued after a model number: a suffix ("l40s", "3090ti", "6000ada"), a count ("h100x8") or a
 * modifier ("h100sxm5"). Returns the suffix; letters that are none of these become the suffix too, so that
 * an unknown variant ("4090d", "a100x", "t4g") finds no catalog row instead of matching its base model.
 */
function attachedRest(rest: string, family: Family, s: Scan): string {
  if (family.suffixes.has(rest)) return rest;
  const count = /^x(\d+)$/.exec(rest);
  if (count) {
    s.counts.push(Number(count[1]));
    return "";
  }
  const [letters = "", digits = "", ...more] = rest.match(/[a-z]+|\d+(?:\.\d+)?/g) ?? [];
  if (digits === "") {
    const form = FORM_WORDS.get(letters);
    if (form) {
      s.forms.push(form);
      return "";
    }
    return rest;
  }
  if (MODIFIER_LETTERS.has(letters)) {
    modifier(letters, digits, more.join(""), s);
    return "";
  }
  return rest;
}

function unknown(input: string, reason: string): GpuMatch {
  return { id: "unknown", input: input.slice(0, MAX_INPUT_CHARS), reason };
}

function formsOf(v: VariantRule): readonly Form[] | undefined {
  if (v.forms) return v.forms;
  const form = gpuSpec(v.id).formFactor;
  return form ? [form] : undefined;
}

/** "PCIe" also admits NVL variants: the H100 NVL and H200 NVL are PCIe cards. */
function acceptsForm(v: VariantRule, form: Form): boolean {
  const forms = formsOf(v);
  return forms === undefined || forms.includes(form) || (form === "pcie" && forms.includes("nvl"));
}

function vramOptions(v: VariantRule): readonly number[] {
  return v.vramGb ?? [gpuSpec(v.id).vramGb];
}

function vramOf(v: VariantRule, statedGb: number): number {
  return v.vramAliases?.[statedGb] ?? statedGb;
}

/** What one name states, once its words agree with each other. */
interface Reading {
  head: Head;
  count?: number;
  vramGb?: number;
  form?: Form;
  memory?: Memory;
}

/** Checks that the words of a name agree (one model, one count, ...). Returns the reading or a reason. */
function read(s: Scan, hint: { vramGb?: number } | undefined): Reading | string {
  if (s.denied.length > 0) {
    return `"${s.denied[0]}" marks a variant, a GPU slice or a CPU that is not in the catalog`;
  }
  if (s.unrecognized.length > 0) return `"${s.unrecognized[0]}" is not a model in the catalog`;
  const heads = [...new Map(s.heads.map((h) => [`${h.key}/${h.suffix}`, h])).values()];
  const head = heads[0];
  if (head === undefined) return "no GPU model recognized";
  if (heads.length > 1) return `names several models: ${heads.map((h) => h.label).join(", ")}`;

  const counts = [...new Set(s.counts)];
  const count = counts[0];
  if (counts.length > 1) return `conflicting GPU counts: ${counts.join(", ")}`;
  if (count !== undefined && !plausibleCount(count)) return `implausible GPU count ${count}`;

  const textVram = s.vramsGb[0];
  const badVram = s.vramsGb.find((gb) => !plausibleVram(gb));
  if (badVram !== undefined) return `implausible VRAM ${badVram} GB`;
  if (textVram !== undefined && s.vramsGb.some((gb) => !vramMatches(gb, textVram))) {
    return `conflicting VRAM figures: ${s.vramsGb.join(", ")} GB`;
  }
  const hintVram = hint?.vramGb;
  const usableHint = typeof hintVram === "number" && plausibleVram(hintVram) ? hintVram : undefined;
  if (textVram !== undefined && usableHint !== undefined && !vramMatches(usableHint, textVram)) {
    return `the text says ${textVram} GB but the hint says ${usableHint} GB`;
  }

  const forms = [...new Set(s.forms)];
  if (forms.length > 1) return `conflicting form factors: ${forms.map((f) => FORM_NAMES[f]).join(", ")}`;
  const memories = [...new Set(s.memories)];
  if (memories.length > 1) return `conflicting memory types: ${memories.join(", ")}`;
  return { head, count, vramGb: textVram ?? usableHint, form: forms[0], memory: memories[0] };
}

/** Narrows the head's family to the one variant the reading fits. Returns it or a reason. */
function pickVariant({ head, vramGb, form, memory }: Reading): VariantRule | string {
  const family = FAMILIES.get(head.key) as Family;
  let candidates = family.variants.filter((v) => (v.suffix ?? "") === head.suffix);
  if (candidates.length === 0) {
    const known = family.variants.map((v) => v.id).join(", ");
    return `"${head.label}" is not a model in the catalog (it has ${known})`;
  }
  if (form !== undefined) {
    candidates = candidates.filter((v) => acceptsForm(v, form));
    if (candidates.length === 0) return `"${head.label}" is not sold as ${FORM_NAMES[form]}`;
  }
  if (memory !== undefined) {
    candidates = candidates.filter((v) => v.memory === undefined || v.memory.includes(memory));
    if (candidates.length === 0) return `"${head.label}" does not come with ${memory}`;
  }
  if (vramGb !== undefined) {
    const sizes = [...new Set(candidates.flatMap(vramOptions))].join(" or ");
    candidates = candidates.filter((v) => vramOptions(v).some((gb) => vramMatches(vramOf(v, vramGb), gb)));
    if (candidates.length === 0) return `${vramGb} GB does not match "${head.label}" (${sizes} GB)`;
  }
  // "H100 PCIe" is the product named PCIe, not the NVL card (also PCIe) that 94 GB would select.
  if (candidates.length > 1 && form === "pcie") {
    const exact = candidates.filter((v) => formsOf(v)?.includes("pcie"));
    if (exact.length === 1) candidates = exact;
  }
  const defaultForm = family.defaultForm;
  if (candidates.length > 1 && form === undefined && defaultForm !== undefined) {
    const byDefault = candidates.filter((v) => formsOf(v)?.includes(defaultForm));
    if (byDefault.length === 1) candidates = byDefault;
  }
  const [chosen, ...others] = candidates;
  if (chosen !== undefined && others.length === 0) return chosen;
  const differ = (key: (v: VariantRule) => string): boolean => new Set(candidates.map(key)).size > 1;
  const axes = [
    differ((v) => String(formsOf(v))) ? "form factor" : "",
    differ((v) => String(vramOptions(v))) ? "VRAM" : "",
  ].filter((axis) => axis !== "");
  const ids = candidates.map((v) => v.id).join(", ");
  return `"${head.label}" could be ${ids}; the text does not state the ${axes.join(" or ")}`;
}

/**
 * Resolves a GPU name, as a provider or a web page writes it, to a canonical catalog id.
 *
 * Reads, when present, a GPU count ("8x", "8 x", "x8", "8 GPUs") and a VRAM figure per GPU ("80GB", "80 GB",
 * "80Gi", "80G", "24564MB"). VRAM from the text, else `hint.vramGb` (GB per GPU, e.g. Vast's `gpu_ram` / 1024
 * or Shadeform's `vram_per_gpu_in_gb`), picks between memory variants (A100 40/80 GB, V100 16/32 GB) and must
 * match the model within ±7%. A hint that is not a positive finite number is ignored (providers send 0 for
 * "not stated"). A form factor that the provider gives in a separate field belongs in the text
 * (`resolveGpu(gpuType + " " + interconnect)`). Deterministic and linear in the input; never throws.
 *
 * Returns `{ id: "unknown", input, reason }` (a wrong id is worse than none) when: no catalog model is named
 * ("GPU", "", "p4d.24xlarge", "Intel Gaudi 2"); a named model or variant is not in the catalog ("H800",
 * "RTX 4090 Ti", "RTX 4080 SUPER", "RTX PRO 6000", "A1000"); the text names CPUs or fractions of a GPU (EPYC,
 * MIG); several models, counts, VRAM figures or form factors conflict; the VRAM matches no variant; or the
 * variant stays ambiguous (A100/H100 without a form factor, A100/V100 without VRAM, "RTX 6000"). Inputs over
 * 256 characters are not read.
 */
export function resolveGpu(text: string, hint?: { vramGb?: number }): GpuMatch {
  // Typed callers always pass a string; JSON-fed callers may not, and this must never throw.
  const input = typeof text === "string" ? text : String(text);
  if (input.length > MAX_INPUT_CHARS) return unknown(input, `longer than ${MAX_INPUT_CHARS} characters`);
  const reading = read(scan(tokenize(input)), hint);
  if (typeof reading === "string") return unknown(input, reading);
  const variant = pickVariant(reading);
  if (typeof variant === "string") return unknown(input, variant);
  const match: { id: GpuModelId; count?: number; vramGb?: number } = { id: variant.id };
  if (reading.count !== undefined) match.count = reading.count;
  if (reading.vramGb !== undefined) match.vramGb = vramOf(variant, reading.vramGb);
  return match;
}
