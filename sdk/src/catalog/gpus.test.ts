import { describe, expect, it } from "vitest";
import { GPU_MODEL_IDS, GPUS, type GpuModelId, gpuSpec, isGpuModelId } from "./gpus.ts";
import { resolveGpu } from "./resolve-gpu.ts";

describe("GPUS", () => {
  it("has unique ids", () => {
    expect(new Set(GPU_MODEL_IDS).size).toBe(GPUS.length);
  });

  it.each(GPU_MODEL_IDS)("%s fits an on-chain bytes16 as lowercase kebab-case ASCII", (id) => {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new TextEncoder().encode(id).length).toBeLessThanOrEqual(16);
  });

  it.each(GPUS.map((gpu) => [gpu.id, gpu] as const))("%s has positive numbers and a source", (_, gpu) => {
    expect(gpu.vramGb).toBeGreaterThan(0);
    expect(gpu.fp16DenseTflops).toBeGreaterThan(0);
    expect(Number.isFinite(gpu.vramGb) && Number.isFinite(gpu.fp16DenseTflops)).toBe(true);
    expect(gpu.name.trim()).not.toBe("");
    expect(gpu.specSource.trim().length).toBeGreaterThan(10);
  });

  it.each(GPUS.map((gpu) => [gpu.id, gpu.name] as const))(
    "%s resolves from its marketing name %j",
    (id, name) => {
      expect(resolveGpu(name)).toMatchObject({ id });
    },
  );

  it("names each vendor's models after that vendor", () => {
    for (const gpu of GPUS) expect(gpu.name.startsWith(gpu.vendor === "amd" ? "AMD " : "NVIDIA ")).toBe(true);
  });

  it("covers the models the brief and the demo seed need", () => {
    const required = [
      "b200",
      "h200",
      "h100-sxm",
      "h100-pcie",
      "h100-nvl",
      "gh200",
      "a100-40-sxm",
      "a100-80-sxm",
      "a100-40-pcie",
      "a100-80-pcie",
      "l40s",
      "l40",
      "l4",
      "a10",
      "a10g",
      "rtx-6000-ada",
      "a6000",
      "a5000",
      "a4000",
      "rtx-5090",
      "rtx-4090",
      "rtx-3090",
      "v100-16",
      "v100-32",
      "t4",
      "mi300x",
    ];
    for (const id of required) expect(isGpuModelId(id), id).toBe(true);
  });

  it("keeps the datasheet figures the ranking relies on", () => {
    expect(gpuSpec("h100-sxm")).toMatchObject({ vramGb: 80, fp16DenseTflops: 989.5, formFactor: "sxm" });
    expect(gpuSpec("h100-pcie")).toMatchObject({ vramGb: 80, fp16DenseTflops: 756.5, formFactor: "pcie" });
    expect(gpuSpec("a100-40-pcie")).toMatchObject({ vramGb: 40, fp16DenseTflops: 312 });
    expect(gpuSpec("a100-80-sxm")).toMatchObject({ vramGb: 80, fp16DenseTflops: 312 });
    expect(gpuSpec("l40s").fp16DenseTflops).toBeCloseTo(362.05);
    expect(gpuSpec("mi300x")).toMatchObject({ vendor: "amd", vramGb: 192, fp16DenseTflops: 1307.4 });
    // Dense, not the doubled sparsity figure: an H100 SXM is not 1,979 TFLOPS.
    for (const gpu of GPUS) expect(gpu.fp16DenseTflops).toBeLessThan(2500);
  });
});

describe("gpuSpec", () => {
  it("returns the row of each id", () => {
    for (const id of GPU_MODEL_IDS) expect(gpuSpec(id).id).toBe(id);
  });

  it("throws a RangeError for a string cast to GpuModelId", () => {
    expect(() => gpuSpec("h100" as GpuModelId)).toThrow(RangeError);
  });
});

describe("isGpuModelId", () => {
  it("accepts every catalog id", () => {
    for (const id of GPU_MODEL_IDS) expect(isGpuModelId(id)).toBe(true);
  });

  it.each(["", "unknown", "H100-SXM", "h100", "h100-sxm ", "a100", "constructor", "__proto__", "toString"])(
    "rejects %j",
    (x) => {
      expect(isGpuModelId(x)).toBe(false);
    },
  );
});
