import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GPU_MODEL_IDS, GPUS, type GpuModelId } from "./gpus.ts";
import { type GpuMatch, resolveGpu } from "./resolve-gpu.ts";

/** [text as written, expected id, GPU count the text states, VRAM per GPU the text states (GB)]. */
type MatchRow = readonly [text: string, id: GpuModelId, count?: number, vramGb?: number];

const expected = (id: GpuModelId, count?: number, vramGb?: number): GpuMatch => ({
  id,
  ...(count === undefined ? {} : { count }),
  ...(vramGb === undefined ? {} : { vramGb }),
});

// Spellings from the provider sections of shared/research/providers.md, the providers' own catalogs and
// nvidia-smi, and common usage on pricing pages.
const MATCHES: readonly MatchRow[] = [
  // RunPod GPU type ids (GraphQL gpuTypes.id) and display names
  ["NVIDIA H100 80GB HBM3", "h100-sxm", undefined, 80],
  ["NVIDIA H100 PCIe", "h100-pcie"],
  ["NVIDIA H100 NVL", "h100-nvl"],
  ["NVIDIA H200", "h200"],
  ["NVIDIA H200 NVL", "h200-nvl"],
  ["NVIDIA B200", "b200"],
  ["NVIDIA A100 80GB PCIe", "a100-80-pcie", undefined, 80],
  ["NVIDIA A100-SXM4-80GB", "a100-80-sxm", undefined, 80],
  ["NVIDIA A40", "a40"],
  ["NVIDIA L40S", "l40s"],
  ["NVIDIA L40", "l40"],
  ["NVIDIA L4", "l4"],
  ["NVIDIA RTX 6000 Ada Generation", "rtx-6000-ada"],
  ["NVIDIA RTX A6000", "a6000"],
  ["NVIDIA RTX A5000", "a5000"],
  ["NVIDIA RTX A4000", "a4000"],
  ["NVIDIA GeForce RTX 5090", "rtx-5090"],
  ["NVIDIA GeForce RTX 4090", "rtx-4090"],
  ["NVIDIA GeForce RTX 4080", "rtx-4080"],
  ["NVIDIA GeForce RTX 3090", "rtx-3090"],
  ["NVIDIA GeForce RTX 3090 Ti", "rtx-3090-ti"],
  ["Tesla V100-PCIE-16GB", "v100-16", undefined, 16],
  ["Tesla V100-SXM2-16GB", "v100-16", undefined, 16],
  ["Tesla V100-SXM2-32GB", "v100-32", undefined, 32],
  ["Tesla V100-FHHL-16GB", "v100-16", undefined, 16],
  ["AMD Instinct MI300X OAM", "mi300x"],
  ["H100 SXM", "h100-sxm"],
  ["H100 PCIe", "h100-pcie"],
  ["H100 NVL", "h100-nvl"],
  ["RTX 6000 Ada", "rtx-6000-ada"],
  ["MI300X", "mi300x"],
  // Vast.ai gpu_name (also with the underscores of its search filter)
  ["RTX 4090", "rtx-4090"],
  ["RTX_4090", "rtx-4090"],
  ["RTX 3090", "rtx-3090"],
  ["RTX 3090 Ti", "rtx-3090-ti"],
  ["RTX 5090", "rtx-5090"],
  ["RTX 4080", "rtx-4080"],
  ["H100 SXM5", "h100-sxm"],
  ["H100_SXM", "h100-sxm"],
  ["H100 PCIE", "h100-pcie"],
  ["H200", "h200"],
  ["H200 NVL", "h200-nvl"],
  ["B200", "b200"],
  ["GH200", "gh200"],
  ["RTX A6000", "a6000"],
  ["RTX A5000", "a5000"],
  ["RTX A4000", "a4000"],
  ["RTX 6000Ada", "rtx-6000-ada"],
  ["A40", "a40"],
  ["A30", "a30"],
  ["A10", "a10"],
  ["L40S", "l40s"],
  ["L40", "l40"],
  ["L4", "l4"],
  ["Tesla T4", "t4"],
  // Lambda instance type names and descriptions
  ["gpu_8x_h100_sxm5", "h100-sxm", 8],
  ["gpu_1x_h100_sxm5", "h100-sxm", 1],
  ["gpu_1x_h100_pcie", "h100-pcie", 1],
  ["gpu_8x_a100_80gb_sxm4", "a100-80-sxm", 8, 80],
  ["gpu_1x_a10", "a10", 1],
  ["gpu_1x_gh200", "gh200", 1],
  ["gpu_8x_b200_sxm6", "b200", 8],
  ["gpu_8x_h200_sxm5", "h200", 8],
  ["gpu_2x_a6000", "a6000", 2],
  ["gpu_4x_a6000", "a6000", 4],
  ["8x H100 (80 GB SXM5)", "h100-sxm", 8, 80],
  ["H100 (80 GB SXM5)", "h100-sxm", undefined, 80],
  ["1x A10 (24 GB PCIe)", "a10", 1, 24],
  ["1x A100 (40 GB SXM4)", "a100-40-sxm", 1, 40],
  ["1x A100 (40 GB PCIe)", "a100-40-pcie", 1, 40],
  ["8x A100 (80 GB SXM4)", "a100-80-sxm", 8, 80],
  ["1x H100 (80 GB PCIe)", "h100-pcie", 1, 80],
  ["1x GH200 (96 GB)", "gh200", 1, 96],
  ["8x B200 (180 GB SXM6)", "b200", 8, 180],
  ["8x V100 (16 GB)", "v100-16", 8, 16],
  ["2x A6000 (48 GB)", "a6000", 2, 48],
  // io.net hardware names (with the interconnect field appended by the adapter)
  ["A100-SXM4-80GB", "a100-80-sxm", undefined, 80],
  ["GeForce RTX 4090", "rtx-4090"],
  ["GeForce RTX 3090", "rtx-3090"],
  ["H100 sxm5", "h100-sxm"],
  ["GeForce RTX 4090 pcie", "rtx-4090"],
  // Shadeform gpu_type + configuration.interconnect
  ["A100_80G sxm", "a100-80-sxm", undefined, 80],
  ["A100_80G pcie", "a100-80-pcie", undefined, 80],
  ["H100 pcie", "h100-pcie"],
  ["A6000", "a6000"],
  ["A10G", "a10g"],
  // Prime Intellect gpu_type
  ["RTX4090_24GB", "rtx-4090", undefined, 24],
  ["RTX3090_24GB", "rtx-3090", undefined, 24],
  ["H200_141GB", "h200", undefined, 141],
  ["A6000_48GB", "a6000", undefined, 48],
  ["L40S_48GB", "l40s", undefined, 48],
  ["B200_180GB", "b200", undefined, 180],
  ["GH200_96GB", "gh200", undefined, 96],
  ["A10_24GB", "a10", undefined, 24],
  ["L4_24GB", "l4", undefined, 24],
  ["T4_16GB", "t4", undefined, 16],
  ["V100_32GB", "v100-32", undefined, 32],
  ["MI300X_192GB", "mi300x", undefined, 192],
  // Akash gpu-prices vendor/model/ram/interface
  ["nvidia/h100/80Gi/sxm5", "h100-sxm", undefined, 80],
  ["nvidia/h100/80Gi/pcie", "h100-pcie", undefined, 80],
  ["nvidia/h200/141Gi/sxm5", "h200", undefined, 141],
  ["nvidia/a100/80Gi/sxm4", "a100-80-sxm", undefined, 80],
  ["nvidia/a100/40Gi/pcie", "a100-40-pcie", undefined, 40],
  ["nvidia/rtx4090/24Gi/pcie", "rtx-4090", undefined, 24],
  ["nvidia/rtx3090/24Gi/pcie", "rtx-3090", undefined, 24],
  ["nvidia/a6000/48Gi/pcie", "a6000", undefined, 48],
  ["nvidia/rtx6000ada/48Gi/pcie", "rtx-6000-ada", undefined, 48],
  ["nvidia/l40s/48Gi/pcie", "l40s", undefined, 48],
  ["nvidia/a40/48Gi/pcie", "a40", undefined, 48],
  ["nvidia/a10/24Gi/pcie", "a10", undefined, 24],
  ["nvidia/t4/16Gi/pcie", "t4", undefined, 16],
  ["nvidia/v100/32Gi/sxm2", "v100-32", undefined, 32],
  // Nosana market gpu_types and names
  ["NVIDIA 4090", "rtx-4090"],
  ["NVIDIA 3090", "rtx-3090"],
  // Hyperbolic hardware.gpus.model (+ interface)
  ["NVIDIA-H100-80GB-HBM3", "h100-sxm", undefined, 80],
  ["NVIDIA-H100-80GB-HBM3 SXM", "h100-sxm", undefined, 80],
  ["NVIDIA-GeForce-RTX-4090", "rtx-4090"],
  // TensorDock v0Name / displayName
  ["h100-sxm5-80gb", "h100-sxm", undefined, 80],
  ["H100 SXM5 80GB", "h100-sxm", undefined, 80],
  ["geforcertx4090-pcie-24gb", "rtx-4090", undefined, 24],
  ["geforcertx3090-pcie-24gb", "rtx-3090", undefined, 24],
  ["rtxa6000-pcie-48gb", "a6000", undefined, 48],
  ["a100-pcie-80gb", "a100-80-pcie", undefined, 80],
  ["l40-pcie-48gb", "l40", undefined, 48],
  ["v100-sxm2-16gb", "v100-16", undefined, 16],
  // AWS, GCP accelerator names, nvidia-smi / rocm-smi names
  ["NVIDIA A10G", "a10g"],
  ["NVIDIA T4 Tensor Core GPU", "t4"],
  ["nvidia-tesla-t4", "t4"],
  ["nvidia-l4", "l4"],
  ["nvidia-h200-141gb", "h200", undefined, 141],
  ["nvidia-b200", "b200"],
  ["NVIDIA A100-PCIE-40GB", "a100-40-pcie", undefined, 40],
  ["NVIDIA A100-SXM4-40GB", "a100-40-sxm", undefined, 40],
  ["NVIDIA GH200 480GB", "gh200", undefined, 96],
  ["NVIDIA GH200 624GB", "gh200", undefined, 144],
  ["Tesla V100-PCIE-32GB", "v100-32", undefined, 32],
  ["AMD Instinct MI300X", "mi300x"],
  ["AMD Instinct MI325X", "mi325x"],
  ["AMD Instinct MI250X", "mi250x"],
  ["AMD Instinct MI250", "mi250"],
  // Common usage on pricing pages
  ["H100 80GB SXM", "h100-sxm", undefined, 80],
  ["H100 PCIe 80GB", "h100-pcie", undefined, 80],
  ["H100 80GB HBM2e", "h100-pcie", undefined, 80],
  ["H100 PCI-E", "h100-pcie"],
  ["H100 NVL 94GB", "h100-nvl", undefined, 94],
  ["H100 NVL 96GB", "h100-nvl", undefined, 96],
  ["H100 94GB", "h100-nvl", undefined, 94],
  ["HGX H100", "h100-sxm"],
  ["DGX H100", "h100-sxm"],
  ["H100SXM", "h100-sxm"],
  ["H200 SXM 141GB", "h200", undefined, 141],
  ["H200 PCIe", "h200-nvl"],
  ["HGX B200", "b200"],
  ["B200 192GB", "b200", undefined, 192],
  ["GH200 144GB", "gh200", undefined, 144],
  ["GH200 Grace Hopper Superchip", "gh200"],
  ["A100 SXM4 40GB", "a100-40-sxm", undefined, 40],
  ["A100 40GB PCIe", "a100-40-pcie", undefined, 40],
  ["A100 80GB SXM4", "a100-80-sxm", undefined, 80],
  ["A100 PCIe HBM2e", "a100-80-pcie"],
  ["DGX A100 80GB", "a100-80-sxm", undefined, 80],
  ["L40S 48GB", "l40s", undefined, 48],
  ["L40-S", "l40s"],
  ["L4 24GB", "l4", undefined, 24],
  ["NVIDIA L4 22.5GB", "l4", undefined, 22.5],
  ["A10G 24GB", "a10g", undefined, 24],
  ["RTX 4090 24GB GDDR6X", "rtx-4090", undefined, 24],
  ["RTX 4090 24Gi", "rtx-4090", undefined, 24],
  ["RTX 4090 24G", "rtx-4090", undefined, 24],
  ["RTX 4090 24GiB", "rtx-4090", undefined, 24],
  ["RTX 4090 24564MB", "rtx-4090", undefined, 23.99],
  ["RTX 4090 24564 MiB", "rtx-4090", undefined, 23.99],
  ["RTX 5090 32GB", "rtx-5090", undefined, 32],
  ["RTX 3090Ti", "rtx-3090-ti"],
  ["rtx4090", "rtx-4090"],
  ["RTX-4090", "rtx-4090"],
  ["Rtx 4090", "rtx-4090"],
  ["ＲＴＸ ４０９０", "rtx-4090"],
  ["RTX A4000 16GB", "a4000", undefined, 16],
  ["RTX 6000 Ada 48GB", "rtx-6000-ada", undefined, 48],
  ["rtx6000ada", "rtx-6000-ada"],
  ["V100 16GB", "v100-16", undefined, 16],
  ["V100 SXM2 32GB", "v100-32", undefined, 32],
  ["T4 16GB", "t4", undefined, 16],
  ["AMD MI300X 192GB HBM3", "mi300x", undefined, 192],
  ["mi300x-192gb", "mi300x", undefined, 192],
  ["MI325X", "mi325x"],
  ["  h100   sxm  ", "h100-sxm"],
  ["H100-SXM", "h100-sxm"],
  // Counts: "8x", "8 x", "x8", "×", glued, "GPUs"
  ["8x H100 SXM", "h100-sxm", 8],
  ["8 x H100 SXM", "h100-sxm", 8],
  ["H100 SXM x8", "h100-sxm", 8],
  ["H100 SXM x 8", "h100-sxm", 8],
  ["8×H100 SXM5", "h100-sxm", 8],
  ["8xH100 SXM", "h100-sxm", 8],
  ["H100x8 SXM", "h100-sxm", 8],
  ["8 GPUs H100 SXM", "h100-sxm", 8],
  ["8-GPU H100 SXM", "h100-sxm", 8],
  ["4x RTX 4090", "rtx-4090", 4],
  ["RTX 4090 x 2", "rtx-4090", 2],
  ["2 x RTX 4090", "rtx-4090", 2],
  ["RTX4090x2", "rtx-4090", 2],
  ["1x RTX 4090 24GB", "rtx-4090", 1, 24],
  ["16x A100 SXM4 40GB", "a100-40-sxm", 16, 40],
  ["8x MI300X", "mi300x", 8],
  ["2x L40S", "l40s", 2],
  ["NVIDIA 4090 GPU", "rtx-4090"],
];

/** [text, hint.vramGb, expected id, count, VRAM reported]: the hint picks memory variants the text omits. */
const HINTED: readonly (readonly [string, number, GpuModelId, number | undefined, number | undefined])[] = [
  ["A100 SXM4", 80, "a100-80-sxm", undefined, 80],
  ["A100 SXM4", 40, "a100-40-sxm", undefined, 40],
  ["A100 PCIE", 40, "a100-40-pcie", undefined, 40],
  ["A100 PCIE", 79.65, "a100-80-pcie", undefined, 79.65],
  ["gpu_1x_a100_sxm4", 40, "a100-40-sxm", 1, 40],
  ["A100 sxm", 40, "a100-40-sxm", undefined, 40],
  ["Tesla V100", 16, "v100-16", undefined, 16],
  ["Tesla V100", 32, "v100-32", undefined, 32],
  ["V100", 15.78, "v100-16", undefined, 15.78],
  ["gpu_8x_v100", 16, "v100-16", 8, 16],
  ["H100", 94, "h100-nvl", undefined, 94],
  ["H100 PCIe", 94, "h100-nvl", undefined, 94],
  ["H100 PCIe", 80, "h100-pcie", undefined, 80],
  ["RTX 4090", 23.99, "rtx-4090", undefined, 23.99],
  ["NVIDIA L4", 22.35, "l4", undefined, 22.35],
  ["T4", 15, "t4", undefined, 15],
  ["A10G", 22.49, "a10g", undefined, 22.49],
  ["B200", 179, "b200", undefined, 179],
  ["H200", 140.4, "h200", undefined, 140.4],
  ["MI300X", 192, "mi300x", undefined, 192],
  // The text's figure wins over a hint that agrees with it within 7%.
  ["A100 SXM4 80GB", 79.65, "a100-80-sxm", undefined, 80],
  // Hints that state nothing are ignored, not trusted.
  ["RTX 4090", 0, "rtx-4090", undefined, undefined],
  ["RTX 4090", -24, "rtx-4090", undefined, undefined],
  ["RTX 4090", Number.NaN, "rtx-4090", undefined, undefined],
  ["RTX 4090", Number.POSITIVE_INFINITY, "rtx-4090", undefined, undefined],
];

/** [text, a fragment of the reason, hint.vramGb]: all must be "unknown", never a guess. */
const UNKNOWNS: readonly (readonly [string, string, number?])[] = [
  // Not a GPU name
  ["", "no GPU model recognized"],
  ["   ", "no GPU model recognized"],
  ["GPU", "no GPU model recognized"],
  ["N/A", "no GPU model recognized"],
  ["any", "no GPU model recognized"],
  ["unknown", "no GPU model recognized"],
  ["RTX", "no GPU model recognized"],
  ["Intel Gaudi 2", "no GPU model recognized"],
  ["Gaudi2", "gaudi2"],
  ["Google TPU v5e", '"v5e"'],
  ["Apple M2 Ultra", "m2"],
  ["CPU only", '"cpu"'],
  ["AMD EPYC 9654", '"epyc"'],
  ["Intel Xeon Platinum 8480+", '"xeon"'],
  ["AWS Graviton3", '"graviton3"'],
  ["c5.xlarge", '"c5"'],
  ["m6i.2xlarge", '"m6i"'],
  ["p4d.24xlarge", '"p4d"'],
  ["p4de.24xlarge", '"p4de"'],
  ["p5.48xlarge", '"p5.48xlarge"'],
  ["g5.xlarge", '"g5"'],
  ["g6e.12xlarge", '"g6e"'],
  ["Standard_ND96asr_v4", '"nd96asr"'],
  ["a2-highgpu-1g", '"a2"'],
  ["n3-H100x1", '"n3"'],
  ["8H100.80S.176V", "no GPU model recognized"],
  ["x86_64", "no GPU model recognized"],
  // A100 / H100 / V100 without the form factor or VRAM that tells their variants apart
  ["H100", "form factor or VRAM"],
  ["nvidia-h100", "form factor or VRAM"],
  ["8x H100", "form factor or VRAM"],
  ["H100 80GB", "h100-sxm, h100-pcie"],
  ["H100_80GB", "form factor"],
  ["nvidia-h100-80gb", "form factor"],
  ["NVIDIA H100 Community", "form factor"],
  ["H100 HBM3", "h100-sxm, h100-nvl"],
  ["A100", "form factor or VRAM"],
  ["A100_80G", "a100-80-sxm, a100-80-pcie"],
  ["A100 80GB", "form factor"],
  ["A100_80GB", "form factor"],
  ["nvidia-a100-80gb", "form factor"],
  ["nvidia-tesla-a100", "form factor or VRAM"],
  ["A100 SXM4", "a100-40-sxm, a100-80-sxm; the text does not state the VRAM"],
  ["A100 PCIe", "VRAM"],
  ["gpu_1x_a100_sxm4", "VRAM"],
  ["gpu_1x_a100", "form factor or VRAM"],
  ["V100", "v100-16, v100-32"],
  ["Tesla V100", "VRAM"],
  ["gpu_8x_a100", "form factor", 40],
  // "RTX 6000" is three different cards; Lambda's gpu_1x_rtx6000 is the Turing Quadro one
  ["RTX 6000", "(it has rtx-6000-ada)"],
  ["Quadro RTX 6000", '"quadro rtx 6000"'],
  ["Q RTX 6000", '"rtx 6000"'],
  ["1x RTX 6000 (24 GB)", '"rtx 6000"'],
  ["gpu_1x_rtx6000", '"rtx 6000"'],
  ["RTX PRO 6000", '"pro"'],
  ["NVIDIA RTX PRO 6000 Blackwell Server Edition", '"pro"'],
  // Models and variants the catalog does not have
  ["H1000", '"h1000"'],
  ["A1000", '"a1000"'],
  ["RTX A1000", '"a1000"'],
  ["RTX A2000", '"a2000"'],
  ["RTX A4500", '"a4500"'],
  ["NVIDIA RTX A4500", '"a4500"'],
  ["RTX A6000 Ada", '"a6000 ada"'],
  ["RTX 4090 Ti", '"rtx 4090 ti"'],
  ["RTX 4090D", '"rtx 4090d"'],
  ["RTX 4090 D", '"rtx 4090 d"'],
  ["RTX 4090 Laptop GPU", '"laptop"'],
  ["RTX 4090 Mobile", '"mobile"'],
  ["RTX 3080 Max-Q", '"max"'],
  ["RTX 4080 SUPER", '"rtx 4080 super"'],
  ["NVIDIA GeForce RTX 4080 SUPER", '"geforce rtx 4080 super"'],
  ["RTX 4080S", '"rtx 4080s"'],
  ["RTX 4080 S", '"rtx 4080 s"'],
  ["RTX 4090 S", '"rtx 4090 s"'],
  ["RTX 4070", '"rtx 4070"'],
  ["RTX 3060", '"rtx 3060"'],
  ["RTX 3060 Ti", '"rtx 3060 ti"'],
  ["GTX 1080 Ti", '"gtx 1080 ti"'],
  ["RTX 2080 Ti", '"rtx 2080 ti"'],
  ["RTX 5000 Ada", '"rtx 5000 ada"'],
  ["NVIDIA RTX 4000 Ada Generation", '"rtx 4000 ada"'],
  ["RTX 5880Ada", '"rtx 5880ada"'],
  ["H800", '"h800"'],
  ["A800 PCIE", '"a800"'],
  ["H20", '"h20"'],
  ["GB200", '"gb200"'],
  ["GB200 NVL72", '"gb200"'],
  ["B100", '"b100"'],
  ["B300", '"b300"'],
  ["A100X", '"a100x"'],
  ["A16", '"a16"'],
  ["Tesla P100-PCIE-16GB", '"p100"'],
  ["Tesla K80", '"k80"'],
  ["V100S", '"v100s"'],
  ["NVIDIA T4G", '"t4g"'],
  ["MI300A", '"mi300a"'],
  ["MI300", '"mi300"'],
  ["MI210", '"mi210"'],
  ["AMD Instinct MI100", '"mi100"'],
  ["Radeon RX 7900 XTX", '"rx 7900'],
  ["Quadro P6000", '"p6000"'],
  // VRAM that matches no variant: modded cards, half a MI250X, typos
  ["RTX 4090 48GB", "48 GB does not match"],
  ["A100 SXM4 24GB", "24 GB does not match"],
  ["H100 SXM 40GB", "40 GB does not match"],
  ["AMD Instinct MI250X 64GB", "64 GB does not match"],
  ["RTX 4090 0GB", "implausible VRAM"],
  ["H100 SXM 5000GB", "implausible VRAM"],
  // Conflicts inside one name
  ["H100 or A100", "several models"],
  ["2x A100 + 2x H100", "several models"],
  ["AMD Instinct MI250X/MI250", "several models"],
  ["A100 40GB/80GB SXM", "conflicting VRAM"],
  ["H100 SXM PCIe", "conflicting form factors"],
  ["8x H100 SXM, 4x H100 SXM", "conflicting GPU counts"],
  ["H100 SXM HBM3 HBM2e", "conflicting memory types"],
  ["H100 SXM GDDR6", "does not come with gddr6"],
  ["RTX 4090 SXM", "not sold as SXM"],
  ["B200 PCIe", "not sold as PCIe"],
  ["GH200 PCIe", "not sold as PCIe"],
  ["L4 NVL", "not sold as NVL"],
  ["MI300X SXM", "not sold as SXM"],
  ["AMD Instinct MI300X PCIe", "not sold as PCIe"],
  ["A100 80GB HBM2 SXM", '80 GB does not match "a100" (40 GB)'],
  // Slices of a GPU
  ["H100 MIG 1g.10gb", '"mig"'],
  ["A100 MIG 3g.40gb", '"mig"'],
  ["A100 vGPU", '"vgpu"'],
  ["H100 SXM 1g.10gb", "conflicting VRAM"],
  // Counts that cannot be right
  ["0x H100 SXM", "implausible GPU count 0"],
  ["1000x H100 SXM", "implausible GPU count 1000"],
  ["300 GPUs H100 SXM", "implausible GPU count 300"],
  // A hint that contradicts the text or the model
  ["A100 SXM4 80GB", "the text says 80 GB but the hint says 40 GB", 40],
  ["RTX 4090", "48 GB does not match", 48],
  ["V100", "24 GB does not match", 24],
  ["MI250X", "64 GB does not match", 64],
  // Too long to be a GPU name
  [`H100 SXM ${"x".repeat(300)}`, "longer than 256 characters"],
];

describe("resolveGpu", () => {
  it("has a large table", () => {
    expect(MATCHES.length + HINTED.length + UNKNOWNS.length).toBeGreaterThanOrEqual(120);
  });

  const matchCases = MATCHES.map(([text, id, count, vramGb]) => ({ text, id, count, vramGb }));
  it.each(matchCases)("resolves $text to $id (count $count, VRAM $vramGb)", ({ text, id, count, vramGb }) => {
    expect(resolveGpu(text)).toStrictEqual(expected(id, count, vramGb));
  });

  it.each(HINTED)("resolves %j with hint.vramGb %s to %s", (text, hintGb, id, count, vramGb) => {
    expect(resolveGpu(text, { vramGb: hintGb })).toStrictEqual(expected(id, count, vramGb));
  });

  const unknownCases = UNKNOWNS.map(([text, reason, hintGb]) => ({ text, reason, hintGb }));
  it.each(unknownCases)("returns unknown for $text ($reason)", ({ text, reason, hintGb }) => {
    const match = resolveGpu(text, hintGb === undefined ? undefined : { vramGb: hintGb });
    expect(match).toMatchObject({ id: "unknown", input: text.slice(0, 256) });
    expect(match.id === "unknown" && match.reason).toContain(reason);
  });

  describe("substring traps", () => {
    it.each([
      ["A10", "a10"],
      ["A100 SXM4 40GB", "a100-40-sxm"],
      ["L4", "l4"],
      ["L40", "l40"],
      ["L40S", "l40s"],
      ["H200", "h200"],
      ["GH200", "gh200"],
      ["RTX 3090", "rtx-3090"],
      ["RTX 3090 Ti", "rtx-3090-ti"],
      ["A6000", "a6000"],
      ["RTX 6000 Ada", "rtx-6000-ada"],
      ["MI250", "mi250"],
      ["MI250X", "mi250x"],
    ] as const)("%j is %s and nothing longer or shorter", (text, id) => {
      expect(resolveGpu(text).id).toBe(id);
    });
  });

  it("gives H200 without a form factor to the SXM part, the documented default", () => {
    expect(resolveGpu("H200 141GB")).toStrictEqual({ id: "h200", vramGb: 141 });
    expect(resolveGpu("H200 NVL 141GB")).toStrictEqual({ id: "h200-nvl", vramGb: 141 });
  });

  it("never guesses the form factor of an A100 or H100", () => {
    for (const text of ["H100", "H100 80GB", "8x H100", "A100 80GB", "A100 40GB", "a100"]) {
      expect(resolveGpu(text).id, text).toBe("unknown");
    }
  });

  it("keeps the caller's input verbatim in an unknown result", () => {
    expect(resolveGpu("  Weird GPU  ")).toStrictEqual({
      id: "unknown",
      input: "  Weird GPU  ",
      reason: "no GPU model recognized",
    });
  });

  it("does not throw on non-string input from untyped callers", () => {
    expect(resolveGpu(undefined as unknown as string).id).toBe("unknown");
    expect(resolveGpu(4090 as unknown as string).id).toBe("rtx-4090");
  });

  it("resolves 10,000 offers quickly", () => {
    const names = [...MATCHES.map((row) => row[0]), ...UNKNOWNS.map((row) => row[0])];
    const start = performance.now();
    for (let i = 0; i < 10_000; i++) resolveGpu(names[i % names.length] as string, { vramGb: 80 });
    // About 0.1 s on an idle laptop core; the loose bound only catches accidental super-linear work.
    expect(performance.now() - start).toBeLessThan(5000);
  });
});

describe("resolveGpu properties", () => {
  // Words that steer the rules, so random soups reach every branch, not only "no GPU model recognized".
  const vocabulary = [
    ...["nvidia", "geforce", "rtx", "gtx", "tesla", "quadro", "amd", "instinct", "rtxa", "geforcertx"],
    ...["h100", "h200", "gh200", "b200", "gb200", "a100", "a10", "a10g", "a40", "l4", "l40", "l40s", "t4"],
    ...["v100", "v100s", "a6000", "a5000", "a4000", "a1000", "mi300x", "mi300", "mi250x", "mi325x"],
    ...["4090", "3090", "5090", "4080", "6000", "3060", "1000", "ada", "ti", "super", "d", "s", "x", "g"],
    ...["sxm", "sxm4", "sxm5", "pcie", "pci", "e", "nvl", "hgx", "hbm3", "hbm2e", "gddr6x", "superchip"],
    ...["80gb", "40gb", "24gb", "80gi", "80g", "24564mb", "22.5gb", "480gb", "gb", "gi", "mb", "0gb"],
    ...["8x", "x8", "1x", "0x", "999x", "gpu", "gpus", "8", "2", "16", "x86", "laptop", "mig", "pro", "epyc"],
    ...["p4d", "24xlarge", "(", ")", "/", "_", "-", "×", ".", "", "ＲＴＸ"],
  ];
  const separators = fc.constantFrom(" ", "-", "_", "/", "", ".", "  ", ", ");
  const soup = fc
    .array(fc.tuple(fc.constantFrom(...vocabulary), separators), { maxLength: 8 })
    .map((pairs) => pairs.map(([word, sep]) => word + sep).join(""));
  const anyText = fc.oneof(soup, fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 80 }));
  const anyHint = fc.option(
    fc.record(
      { vramGb: fc.oneof(fc.double(), fc.constantFrom(16, 24, 40, 48, 80, 94, 141)) },
      { requiredKeys: [] },
    ),
    { nil: undefined },
  );
  const known = new Set<string>(GPU_MODEL_IDS);

  it("never throws and returns a catalog id or unknown with a reason", () => {
    fc.assert(
      fc.property(anyText, anyHint, (text, hint) => {
        const match = resolveGpu(text, hint);
        if (match.id === "unknown") {
          expect(match.reason.length).toBeGreaterThan(0);
          expect(match.input).toBe(text.slice(0, 256));
        } else {
          expect(known.has(match.id)).toBe(true);
          if (match.count !== undefined) {
            expect(Number.isInteger(match.count) && match.count >= 1 && match.count <= 256).toBe(true);
          }
          if (match.vramGb !== undefined) {
            expect(match.vramGb > 0 && Number.isFinite(match.vramGb)).toBe(true);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(anyText, anyHint, (text, hint) => {
        expect(resolveGpu(text, hint)).toStrictEqual(resolveGpu(text, hint));
      }),
    );
  });

  it("ignores case and the separator between words of a marketing name", () => {
    const flips = fc.array(fc.boolean(), { minLength: 64, maxLength: 64 });
    fc.assert(
      fc.property(
        fc.constantFrom(...GPUS),
        fc.constantFrom(" ", "-", "_", "/", "  ", " / "),
        flips,
        (gpu, sep, up) => {
          const text = [...gpu.name.replaceAll(" ", sep)]
            .map((c, i) => (up[i % up.length] ? c.toUpperCase() : c.toLowerCase()))
            .join("");
          expect(resolveGpu(text).id).toBe(gpu.id);
        },
      ),
    );
  });

  it("reads a count written before or after any marketing name", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...GPUS),
        fc.integer({ min: 1, max: 256 }),
        fc.constantFrom("{n}x {name}", "{n} x {name}", "{n}×{name}", "{name} x{n}", "{name} x {n}"),
        (gpu, n, pattern) => {
          const text = pattern.replace("{n}", String(n)).replace("{name}", gpu.name);
          expect(resolveGpu(text)).toMatchObject({ id: gpu.id, count: n });
        },
      ),
    );
  });
});
