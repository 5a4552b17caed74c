// A GPU model as a buyer names it ("A100", "8×H100 SXM5", "RTX 4090s", "80GB A100", "l40s", "MI300X"),
// resolved through the sdk's `resolveGpu`. A name that the catalog sells in several variants ("H100": SXM,
// PCIe or NVL) is not refused as `resolveGpu` refuses a provider's name: a buyer who asks for an H100
// accepts every H100, so it stands for all the variants its words allow.
import { GPU_MODEL_IDS, type GpuModelId, gpuSpec, resolveGpu } from "@necto/sdk";
import type { TokenReader } from "./tokens.ts";

/**
 * The family of each catalog model: the name head a buyer writes (letters and model number; RTX cards by
 * "rtx" and their number) and the variant suffix that must follow it (l40 + "s", 3090 + "ti"). Typed by
 * `GpuModelId`, so a model added to the catalog fails to compile until it has its family here.
 */
const FAMILIES: Readonly<Record<GpuModelId, readonly [head: string, suffix: string]>> = {
  b200: ["b200", ""],
  h200: ["h200", ""],
  "h200-nvl": ["h200", ""],
  "h100-sxm": ["h100", ""],
  "h100-pcie": ["h100", ""],
  "h100-nvl": ["h100", ""],
  gh200: ["gh200", ""],
  "a100-40-sxm": ["a100", ""],
  "a100-80-sxm": ["a100", ""],
  "a100-40-pcie": ["a100", ""],
  "a100-80-pcie": ["a100", ""],
  a40: ["a40", ""],
  a30: ["a30", ""],
  a10: ["a10", ""],
  a10g: ["a10", "g"],
  l40s: ["l40", "s"],
  l40: ["l40", ""],
  l4: ["l4", ""],
  t4: ["t4", ""],
  "v100-16": ["v100", ""],
  "v100-32": ["v100", ""],
  "rtx-6000-ada": ["rtx6000", "ada"],
  a6000: ["a6000", ""],
  a5000: ["a5000", ""],
  a4000: ["a4000", ""],
  "rtx-5090": ["rtx5090", ""],
  "rtx-4090": ["rtx4090", ""],
  "rtx-4080": ["rtx4080", ""],
  "rtx-3090-ti": ["rtx3090", "ti"],
  "rtx-3090": ["rtx3090", ""],
  mi325x: ["mi325", "x"],
  mi300x: ["mi300", "x"],
  mi250x: ["mi250", "x"],
  mi250: ["mi250", ""],
};

const HEADS: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const heads = new Map<string, Set<string>>();
  for (const [head, suffix] of Object.values(FAMILIES)) {
    const suffixes = heads.get(head) ?? new Set<string>();
    if (suffix !== "") suffixes.add(suffix);
    heads.set(head, suffixes);
  }
  return heads;
})();

/** Words before a model that name its maker or line: "NVIDIA GeForce RTX 4090", "AMD Instinct MI300X". */
const BRAND_WORDS = new Set([
  "nvidia",
  "geforce",
  "rtx",
  "gtx",
  "tesla",
  "quadro",
  "amd",
  "instinct",
  "radeon",
]);
/** Words after which a bare number is an RTX card: "RTX 4090", "GeForce 3090". */
const RTX_WORDS = new Set(["rtx", "geforce", "gtx"]);
/** Form factor words, before or after the model ("HGX H100", "H100 SXM5", "A100 PCIe"). */
const FORM_WORDS = new Set(["sxm", "pcie", "pci", "nvl", "hgx", "dgx", "superchip"]);
const MEMORY_WORDS = new Set(["hbm", "gddr"]);
/** Words after a model that name a variant the catalog may lack: `resolveGpu` decides. */
const VARIANT_WORDS = new Set(["ti", "super", "laptop", "mobile", "ada"]);
const GB_UNITS = new Set(["gb", "gib", "gigabytes", "g"]);
const FORM_NAMES: Readonly<Record<string, string>> = { sxm: "SXM", pcie: "PCIe", nvl: "NVL", superchip: "" };

export type GpuMention =
  | {
      start: number;
      end: number;
      /** Catalog ids the name stands for, in catalog order. */
      ids: GpuModelId[];
      /** A count written into the name: "H100 x8", "h100x8". */
      count?: number;
    }
  | {
      start: number;
      end: number;
      /** `resolveGpu`'s reason: the name is a catalog family but no catalog model. */
      reason: string;
      count?: number;
    };

/** "80GB", "80 GB", "80G": a memory size at `i`, returning the end or -1. */
const vramEnd = (r: TokenReader, i: number): number => {
  if (!r.isNumber(i)) return -1;
  const unit = r.word(i + 1);
  if (unit === undefined || !GB_UNITS.has(unit)) return -1;
  // A lone "g" only glued ("80G"): "80 g" is too thin to be a size.
  if (unit === "g" && !r.glued(i + 1)) return -1;
  return i + 2;
};

/** The head at `i` ("h100", "rtx4090", "a6000"), its end, or undefined. `rtx` says a brand word came before. */
const readHead = (r: TokenReader, i: number, rtx: boolean): { head: string; end: number } | undefined => {
  const word = r.word(i);
  const next = r.token(i + 1);
  if (word !== undefined && next?.kind === "number" && next.glued && /^\d+$/.test(next.text)) {
    const head =
      word === "rtxa" ? `a${next.text}` : RTX_WORDS.has(word) ? `rtx${next.text}` : word + next.text;
    return HEADS.has(head) ? { head, end: i + 2 } : undefined;
  }
  const token = r.token(i);
  if (token?.kind === "number" && /^\d+$/.test(token.text)) {
    const head = `rtx${token.text}`;
    // A bare 6000 is no model ("RTX 6000" is three cards); 4090 alone is.
    if (HEADS.has(head) && (rtx || token.text !== "6000")) return { head, end: i + 1 };
  }
  return undefined;
};

/**
 * The GPU model named at `i`, or undefined when no catalog family is named there. A family name whose
 * variant the catalog lacks ("RTX 4090 Ti", "RTX 6000", "A100 48GB") comes back with `resolveGpu`'s reason.
 */
export const readGpuMention = (r: TokenReader, i: number): GpuMention | undefined => {
  const words: string[] = [];
  let at = i;
  let rtx = false;
  // Before the head: a size ("80GB A100"), brand words, a form factor ("HGX H100").
  for (let guard = 0; guard < 5; guard++) {
    const size = vramEnd(r, at);
    if (size >= 0 && readHead(r, size, rtx) !== undefined) {
      words.push(`${r.token(at)?.text}GB`);
      at = size;
      continue;
    }
    const word = r.word(at);
    if (word === undefined || !(BRAND_WORDS.has(word) || FORM_WORDS.has(word))) break;
    if (readHead(r, at, rtx) !== undefined) break;
    // The head carries "rtx" itself ("rtx 4090"): only other brand words go into the text.
    if (RTX_WORDS.has(word)) rtx = true;
    else words.push(word);
    at += r.isJoiner(at + 1) ? 2 : 1;
  }
  const head = readHead(r, at, rtx);
  if (head === undefined) return undefined;
  const suffixes = HEADS.get(head.head) ?? new Set<string>();
  let end = head.end;
  let suffix = "";
  let suffixApart = false;
  let count: number | undefined;

  // Glued after the number: a variant (l40s, 3090ti, mi300x), a plural s (h100s), a count (h100x8).
  const glued = r.glued(end) ? r.word(end) : undefined;
  if (glued !== undefined) {
    if (glued === "x" && r.isNumber(end + 1) && r.glued(end + 1) && !suffixes.has("x")) {
      count = r.token(end + 1)?.value;
      end += 2;
    } else if (suffixes.has(glued)) {
      suffix = glued;
      end++;
    } else if (glued === "s") {
      end++;
    } else if (!FORM_WORDS.has(glued) && !MEMORY_WORDS.has(glued) && !GB_UNITS.has(glued)) {
      suffix = glued;
      end++;
    }
    if (suffix !== "" && r.glued(end) && r.isWord(end, ["s"])) end++;
  } else if ((r.isWord(end, suffixes) || r.isWord(end, VARIANT_WORDS)) && !r.isNumber(end + 1)) {
    suffix = r.word(end) ?? "";
    suffixApart = true;
    end++;
  }

  // After: form factor, memory type, size, count, in any order ("A100 SXM4 80GB", "H100-80GB x 8").
  const modifiers: string[] = [];
  for (let guard = 0; guard < 6; guard++) {
    const from = r.isJoiner(end) ? end + 1 : end;
    const word = r.word(from);
    if (word !== undefined && FORM_WORDS.has(word)) {
      modifiers.push(word);
      end = from + 1;
      if (r.isNumber(end) && r.glued(end)) end++;
      // "PCI-e", "PCI e"
      if (word === "pci" && r.isWord(r.isJoiner(end) ? end + 1 : end, ["e"]))
        end = r.isJoiner(end) ? end + 2 : end + 1;
      continue;
    }
    if (word !== undefined && MEMORY_WORDS.has(word) && r.isNumber(from + 1) && r.glued(from + 1)) {
      const letters = r.glued(from + 2) ? (r.word(from + 2) ?? "") : "";
      modifiers.push(`${word}${r.token(from + 1)?.text}${letters}`);
      end = from + (letters === "" ? 2 : 3);
      continue;
    }
    const size = vramEnd(r, from);
    if (size >= 0) {
      modifiers.push(`${r.token(from)?.text}GB`);
      end = r.isWord(size, ["vram", "memory"]) ? size + 1 : size;
      continue;
    }
    // "H100 x 8", "H100 x8", "H100 ×8"
    const times = r.word(end) === "x" || r.isSymbol(end, "×", "*");
    if (count === undefined && times && r.isNumber(end + 1)) {
      count = r.token(end + 1)?.value;
      end += 2;
      continue;
    }
    break;
  }

  const name = head.head.replace(/^rtx(?=\d)/, "rtx ") + (suffixApart ? " " : "") + suffix;
  const text = [...words, name, ...modifiers].join(" ");
  const ids = idsFor(text, head.head, suffix);
  const base = { start: i, end, ...(count === undefined ? {} : { count }) };
  return typeof ids === "string" ? { ...base, reason: ids } : { ...base, ids };
};

/**
 * The catalog ids `text` stands for: `resolveGpu`'s answer when it names one model, else every variant of
 * the family that `resolveGpu` accepts once the variant's own form factor and size are added to the text
 * (so "A100 80GB" stands for a100-80-sxm and a100-80-pcie, never for a 40 GB card). Returns `resolveGpu`'s
 * reason when no variant fits.
 */
const idsFor = (text: string, head: string, suffix: string): GpuModelId[] | string => {
  const match = resolveGpu(text);
  if (match.id !== "unknown") return [match.id];
  const ids = GPU_MODEL_IDS.filter((id) => {
    const [family, variant] = FAMILIES[id];
    if (family !== head || variant !== suffix) return false;
    const spec = gpuSpec(id);
    const form = spec.formFactor === undefined ? "" : FORM_NAMES[spec.formFactor];
    return resolveGpu(`${text} ${form} ${spec.vramGb}GB`).id === id;
  });
  return ids.length > 0 ? ids : match.reason;
};

/**
 * The end of something written like a GPU model that is not a catalog family ("H800", "K80", "RTX 4070",
 * "MI355X"), or -1: the grammar reports it as a model it does not know rather than as a stray word.
 */
export const unknownModelEnd = (r: TokenReader, i: number): number => {
  const word = r.word(i);
  const next = r.token(i + 1);
  if (word === undefined || next?.kind !== "number" || !/^\d{2,4}$/.test(next.text)) return -1;
  const looksLikeModel = next.glued ? /^[a-z]{1,3}$/.test(word) && word !== "x" : BRAND_WORDS.has(word);
  if (!looksLikeModel || readGpuMention(r, i) !== undefined) return -1;
  const suffix = r.glued(i + 2) && r.word(i + 2) !== undefined ? 1 : 0;
  return i + 2 + suffix;
};
