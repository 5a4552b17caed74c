// The canonical GPU catalog: one row per model that Necto can price and rank. Ids are stored on-chain as a
// bytes16 short string (ProviderRegistry listings), so they are lowercase kebab-case ASCII of at most 16
// characters and must never be renamed once deployed (seed-demo already lists h100-sxm, a100-80-sxm,
// rtx-4090, l40s, h200, a6000).
//
// fp16DenseTflops is the dense (no 2:4 sparsity) FP16/BF16 tensor rate with FP32 accumulate, which is the
// rate BF16 training and FP16 mixed precision actually get. Datacenter and workstation datasheets quote that
// rate directly (often next to a doubled "with sparsity" figure, which we halve). GeForce cards run FP32
// accumulate at half their FP16-accumulate rate, so their figure is the lower one from NVIDIA's architecture
// whitepapers, not the marketing "AI TFLOPS".

/** One canonical GPU model. */
export interface GpuSpec {
  /** Canonical id: lowercase kebab-case ASCII, at most 16 characters (an on-chain bytes16). */
  readonly id: string;
  /** Marketing name, e.g. "NVIDIA H100 SXM 80GB". `resolveGpu(name)` returns this row's id. */
  readonly name: string;
  readonly vendor: "nvidia" | "amd";
  /** Memory per GPU in GB, as the vendor's datasheet states it. */
  readonly vramGb: number;
  /** Dense FP16/BF16 tensor TFLOPS (FP32 accumulate, no sparsity). */
  readonly fp16DenseTflops: number;
  /** Absent when the model has no single form factor in this union (AMD OAM, AWS's A10G, V100 ids). */
  readonly formFactor?: "sxm" | "pcie" | "nvl" | "superchip";
  /** Where the numbers come from, with the published figure when it had to be halved or converted. */
  readonly specSource: string;
}

export const GPUS = [
  // NVIDIA Blackwell / Hopper
  {
    id: "b200",
    name: "NVIDIA B200 180GB",
    vendor: "nvidia",
    // HGX B200 (1,000 W). The GB200 part runs at 1,200 W and quotes 5 PFLOPS sparse (2,500 dense); the die
    // carries 192 GB but HGX/DGX B200 expose 180 GB, which providers also write as 179 or 192.
    vramGb: 180,
    fp16DenseTflops: 2250,
    formFactor: "sxm",
    specSource: "NVIDIA HGX B200 datasheet: 4.5 PFLOPS FP16/BF16 per GPU with sparsity, 180 GB HBM3e",
  },
  {
    id: "h200",
    name: "NVIDIA H200 SXM 141GB",
    vendor: "nvidia",
    vramGb: 141,
    fp16DenseTflops: 989.5,
    formFactor: "sxm",
    specSource: "NVIDIA H200 datasheet (H200 SXM): 1,979 TFLOPS FP16 with sparsity, 141 GB HBM3e",
  },
  {
    id: "h200-nvl",
    name: "NVIDIA H200 NVL 141GB",
    vendor: "nvidia",
    vramGb: 141,
    fp16DenseTflops: 835.5,
    formFactor: "nvl",
    specSource: "NVIDIA H200 datasheet (H200 NVL): 1,671 TFLOPS FP16 with sparsity, 141 GB HBM3e",
  },
  {
    id: "h100-sxm",
    name: "NVIDIA H100 SXM 80GB",
    vendor: "nvidia",
    vramGb: 80,
    fp16DenseTflops: 989.5,
    formFactor: "sxm",
    specSource: "NVIDIA H100 datasheet (H100 SXM): 1,979 TFLOPS FP16 with sparsity, 80 GB HBM3",
  },
  {
    id: "h100-pcie",
    name: "NVIDIA H100 PCIe 80GB",
    vendor: "nvidia",
    vramGb: 80,
    fp16DenseTflops: 756.5,
    formFactor: "pcie",
    specSource: "NVIDIA H100 PCIe datasheet: 1,513 TFLOPS FP16 with sparsity, 80 GB HBM2e",
  },
  {
    id: "h100-nvl",
    name: "NVIDIA H100 NVL 94GB",
    vendor: "nvidia",
    // The 2023 launch material quoted the NVL as a 188 GB pair (7,916 TFLOPS FP8 for two cards); the current
    // datasheet lists one card: 94 GB, 1,671 TFLOPS FP16 with sparsity.
    vramGb: 94,
    fp16DenseTflops: 835.5,
    formFactor: "nvl",
    specSource: "NVIDIA H100 datasheet (H100 NVL): 1,671 TFLOPS FP16 with sparsity, 94 GB HBM3",
  },
  {
    id: "gh200",
    name: "NVIDIA GH200 Grace Hopper Superchip 96GB",
    vendor: "nvidia",
    // The GPU memory of the first GH200 (96 GB HBM3, the one clouds rent); a later version has 144 GB HBM3e
    // with the same compute. resolveGpu accepts both sizes and reports the one stated.
    vramGb: 96,
    fp16DenseTflops: 989.5,
    formFactor: "superchip",
    specSource: "NVIDIA GH200 Grace Hopper Superchip datasheet: 1,979 TFLOPS FP16 with sparsity, 96 GB HBM3",
  },
  // NVIDIA Ampere datacenter
  {
    id: "a100-40-sxm",
    name: "NVIDIA A100 SXM4 40GB",
    vendor: "nvidia",
    vramGb: 40,
    fp16DenseTflops: 312,
    formFactor: "sxm",
    specSource: "NVIDIA A100 datasheet: 312 TFLOPS FP16/BF16 dense (624 with sparsity), 40 GB HBM2",
  },
  {
    id: "a100-80-sxm",
    name: "NVIDIA A100 SXM4 80GB",
    vendor: "nvidia",
    vramGb: 80,
    fp16DenseTflops: 312,
    formFactor: "sxm",
    specSource: "NVIDIA A100 datasheet: 312 TFLOPS FP16/BF16 dense (624 with sparsity), 80 GB HBM2e",
  },
  {
    id: "a100-40-pcie",
    name: "NVIDIA A100 PCIe 40GB",
    vendor: "nvidia",
    // Same peak as SXM on the datasheet; the 250-300 W PCIe card sustains lower clocks under load.
    vramGb: 40,
    fp16DenseTflops: 312,
    formFactor: "pcie",
    specSource: "NVIDIA A100 datasheet: 312 TFLOPS FP16/BF16 dense (624 with sparsity), 40 GB HBM2",
  },
  {
    id: "a100-80-pcie",
    name: "NVIDIA A100 PCIe 80GB",
    vendor: "nvidia",
    vramGb: 80,
    fp16DenseTflops: 312,
    formFactor: "pcie",
    specSource: "NVIDIA A100 datasheet: 312 TFLOPS FP16/BF16 dense (624 with sparsity), 80 GB HBM2e",
  },
  {
    id: "a40",
    name: "NVIDIA A40 48GB",
    vendor: "nvidia",
    vramGb: 48,
    fp16DenseTflops: 149.7,
    formFactor: "pcie",
    specSource: "NVIDIA A40 datasheet: 149.7 TFLOPS BF16 dense with FP32 accumulate, 48 GB GDDR6",
  },
  {
    id: "a30",
    name: "NVIDIA A30 24GB",
    vendor: "nvidia",
    vramGb: 24,
    fp16DenseTflops: 165,
    formFactor: "pcie",
    specSource: "NVIDIA A30 datasheet: 165 TFLOPS FP16/BF16 dense (330 with sparsity), 24 GB HBM2",
  },
  {
    id: "a10",
    name: "NVIDIA A10 24GB",
    vendor: "nvidia",
    vramGb: 24,
    fp16DenseTflops: 125,
    formFactor: "pcie",
    specSource: "NVIDIA A10 datasheet: 125 TFLOPS FP16/BF16 dense (250 with sparsity), 24 GB GDDR6",
  },
  {
    id: "a10g",
    name: "NVIDIA A10G 24GB",
    vendor: "nvidia",
    // AWS-only part (EC2 G5): NVIDIA publishes no datasheet. 70 TFLOPS is the tensor figure AWS gives, as
    // tabulated by Baseten; the least certain number in this table. nvidia-smi reports 22.5 GiB of memory.
    vramGb: 24,
    fp16DenseTflops: 70,
    specSource:
      "AWS EC2 G5 A10G figures as tabulated in Baseten's 'NVIDIA A10 vs A10G' (no NVIDIA datasheet)",
  },
  // NVIDIA Ada / Ampere datacenter inference cards
  {
    id: "l40s",
    name: "NVIDIA L40S 48GB",
    vendor: "nvidia",
    vramGb: 48,
    fp16DenseTflops: 362.05,
    formFactor: "pcie",
    specSource: "NVIDIA L40S datasheet: 362.05 TFLOPS FP16/BF16 dense (733 with sparsity), 48 GB GDDR6",
  },
  {
    id: "l40",
    name: "NVIDIA L40 48GB",
    vendor: "nvidia",
    // Same AD102 die as the L40S, but the datasheet's tensor rate is half (FP32 accumulate is not unlocked).
    vramGb: 48,
    fp16DenseTflops: 181.05,
    formFactor: "pcie",
    specSource: "NVIDIA L40 datasheet: 181.05 TFLOPS FP16/BF16 dense (362.1 with sparsity), 48 GB GDDR6",
  },
  {
    id: "l4",
    name: "NVIDIA L4 24GB",
    vendor: "nvidia",
    vramGb: 24,
    fp16DenseTflops: 121,
    formFactor: "pcie",
    specSource: "NVIDIA L4 datasheet: 242 TFLOPS FP16 with sparsity, 24 GB GDDR6",
  },
  {
    id: "t4",
    name: "NVIDIA T4 16GB",
    vendor: "nvidia",
    // Turing has no sparsity: 65 is already dense (FP16/FP32 mixed precision). Turing has no BF16.
    vramGb: 16,
    fp16DenseTflops: 65,
    formFactor: "pcie",
    specSource: "NVIDIA T4 datasheet: 65 TFLOPS FP16 mixed precision, 16 GB GDDR6",
  },
  // NVIDIA Volta. Two ids by memory, because VRAM decides which models fit and providers state it (Tesla
  // V100-SXM2-16GB, AWS p3 16 GB vs p3dn 32 GB); the form factor changes little, so it is not in the id.
  {
    id: "v100-16",
    name: "NVIDIA Tesla V100 16GB",
    vendor: "nvidia",
    // SXM2 figure: most rented V100s are SXM2 (AWS p3, GCP, Lambda). The PCIe card is 112 TFLOPS.
    vramGb: 16,
    fp16DenseTflops: 125,
    specSource: "NVIDIA V100 datasheet: 125 TFLOPS tensor (V100 SXM2; V100 PCIe 112), 16 GB HBM2",
  },
  {
    id: "v100-32",
    name: "NVIDIA Tesla V100 32GB",
    vendor: "nvidia",
    vramGb: 32,
    fp16DenseTflops: 125,
    specSource: "NVIDIA V100 datasheet: 125 TFLOPS tensor (V100 SXM2; V100 PCIe 112), 32 GB HBM2",
  },
  // NVIDIA workstation
  {
    id: "rtx-6000-ada",
    name: "NVIDIA RTX 6000 Ada Generation 48GB",
    vendor: "nvidia",
    // Workstation cards run FP32 accumulate at full rate. The datasheet only gives 1,457 TFLOPS (FP8 with
    // sparsity); the whitepaper's dense FP16 figure is a quarter of it.
    vramGb: 48,
    fp16DenseTflops: 364.2,
    formFactor: "pcie",
    specSource:
      "NVIDIA Ada GPU architecture whitepaper: RTX 6000 Ada 364.2 TFLOPS FP16 dense, FP32 accumulate",
  },
  {
    id: "a6000",
    name: "NVIDIA RTX A6000 48GB",
    vendor: "nvidia",
    vramGb: 48,
    fp16DenseTflops: 154.8,
    formFactor: "pcie",
    specSource: "NVIDIA Ampere GA102 whitepaper: RTX A6000 154.8 TFLOPS FP16 dense with FP32 accumulate",
  },
  {
    id: "a5000",
    name: "NVIDIA RTX A5000 24GB",
    vendor: "nvidia",
    vramGb: 24,
    fp16DenseTflops: 111.1,
    formFactor: "pcie",
    specSource: "NVIDIA RTX A5000 datasheet: 222.2 TFLOPS tensor performance with sparsity, 24 GB GDDR6",
  },
  {
    id: "a4000",
    name: "NVIDIA RTX A4000 16GB",
    vendor: "nvidia",
    vramGb: 16,
    fp16DenseTflops: 76.7,
    formFactor: "pcie",
    specSource: "NVIDIA RTX A4000 datasheet: 153.4 TFLOPS tensor performance with sparsity, 16 GB GDDR6",
  },
  // NVIDIA GeForce: FP32-accumulate rate, half the FP16-accumulate rate in brackets.
  {
    id: "rtx-5090",
    name: "NVIDIA GeForce RTX 5090 32GB",
    vendor: "nvidia",
    vramGb: 32,
    fp16DenseTflops: 209.5,
    formFactor: "pcie",
    specSource:
      "NVIDIA RTX Blackwell whitepaper: 209.5 TFLOPS FP16 dense, FP32 accumulate (419 FP16 accumulate)",
  },
  {
    id: "rtx-4090",
    name: "NVIDIA GeForce RTX 4090 24GB",
    vendor: "nvidia",
    vramGb: 24,
    fp16DenseTflops: 165.2,
    formFactor: "pcie",
    specSource:
      "NVIDIA Ada GPU architecture whitepaper: 165.2 TFLOPS FP16 dense, FP32 accumulate (330.3 FP16 acc.)",
  },
  {
    id: "rtx-4080",
    name: "NVIDIA GeForce RTX 4080 16GB",
    vendor: "nvidia",
    // The RTX 4080 16GB as shipped, not the 4080 SUPER (more SMs) nor the cancelled 4080 12GB.
    vramGb: 16,
    fp16DenseTflops: 97.5,
    formFactor: "pcie",
    specSource: "NVIDIA Ada GPU architecture whitepaper: RTX 4080 97.5 TFLOPS FP16 dense, FP32 accumulate",
  },
  {
    id: "rtx-3090-ti",
    name: "NVIDIA GeForce RTX 3090 Ti 24GB",
    vendor: "nvidia",
    vramGb: 24,
    fp16DenseTflops: 80,
    formFactor: "pcie",
    specSource:
      "NVIDIA Ada GPU architecture whitepaper (RTX 3090 Ti column): 80 TFLOPS FP16 dense, FP32 acc.",
  },
  {
    id: "rtx-3090",
    name: "NVIDIA GeForce RTX 3090 24GB",
    vendor: "nvidia",
    vramGb: 24,
    fp16DenseTflops: 71,
    formFactor: "pcie",
    specSource:
      "NVIDIA Ampere GA102 whitepaper: RTX 3090 71 TFLOPS FP16 dense, FP32 accumulate (142 FP16 acc.)",
  },
  // AMD Instinct: OAM modules, a form factor outside the union. AMD's headline FP16 figures are dense.
  {
    id: "mi325x",
    name: "AMD Instinct MI325X 256GB",
    vendor: "amd",
    vramGb: 256,
    fp16DenseTflops: 1307.4,
    specSource: "AMD Instinct MI325X datasheet: 1,307.4 TFLOPS FP16/BF16 dense, 256 GB HBM3E",
  },
  {
    id: "mi300x",
    name: "AMD Instinct MI300X 192GB",
    vendor: "amd",
    vramGb: 192,
    fp16DenseTflops: 1307.4,
    specSource:
      "AMD Instinct MI300X datasheet: 1,307.4 TFLOPS FP16/BF16 dense (2,614.9 with sparsity), 192 GB HBM3",
  },
  {
    id: "mi250x",
    name: "AMD Instinct MI250X 128GB",
    vendor: "amd",
    // One OAM module = two GCDs. Some hosts expose each GCD as a 64 GB GPU; that is half this row, so
    // resolveGpu rejects a stated 64 GB instead of pricing half a card as a whole one.
    vramGb: 128,
    fp16DenseTflops: 383,
    specSource: "AMD Instinct MI250X datasheet: 383 TFLOPS FP16/BF16, 128 GB HBM2e (two GCDs)",
  },
  {
    id: "mi250",
    name: "AMD Instinct MI250 128GB",
    vendor: "amd",
    vramGb: 128,
    fp16DenseTflops: 362.1,
    specSource: "AMD Instinct MI250 datasheet: 362.1 TFLOPS FP16/BF16, 128 GB HBM2e (two GCDs)",
  },
] as const satisfies readonly GpuSpec[];

/** A canonical GPU model id, e.g. `"h100-sxm"`. */
export type GpuModelId = (typeof GPUS)[number]["id"];

/** Every canonical id, in table order. */
export const GPU_MODEL_IDS: readonly GpuModelId[] = GPUS.map((gpu) => gpu.id);

const BY_ID: ReadonlyMap<string, GpuSpec> = new Map(GPUS.map((gpu) => [gpu.id, gpu]));

/**
 * The catalog row of a model.
 * @throws RangeError when `id` is not a catalog id, which only an unchecked cast can produce; guard untrusted
 *   strings (on-chain bytes16, JSON) with `isGpuModelId` first.
 */
export function gpuSpec(id: GpuModelId): GpuSpec {
  const spec = BY_ID.get(id);
  if (spec === undefined) throw new RangeError(`not a GPU model id: ${JSON.stringify(id)}`);
  return spec;
}

/** Whether `x` is exactly a catalog id (case-sensitive: `"H100-SXM"` is not). Never throws. */
export function isGpuModelId(x: string): x is GpuModelId {
  return BY_ID.has(x);
}
