/** The GPUs of one EC2 instance type, which AWS's price feeds do not state. */
export interface AwsInstanceGpus {
  /** The GPU as AWS's accelerated-computing spec tables name it, with form factor and memory. */
  readonly gpuName: string;
  readonly gpuCount: number;
  /** GB per GPU. */
  readonly vramGb: number;
}

const row = (gpuName: string, gpuCount: number, vramGb: number): AwsInstanceGpus => ({
  gpuName,
  gpuCount,
  vramGb,
});

const A100_40 = "NVIDIA A100 SXM4 40GB";
const A100_80 = "NVIDIA A100 SXM4 80GB";
const H100 = "NVIDIA H100 SXM5 80GB";
const H200 = "NVIDIA H200 SXM 141GB";
const A10G = "NVIDIA A10G 24GB";
const L4 = "NVIDIA L4 24GB";
const L40S = "NVIDIA L40S 48GB";

/** g5, g6 and g6e share one layout: one GPU up to 16xlarge, four at 12xlarge and 24xlarge, eight at 48xlarge. */
const gFamily = (family: string, gpuName: string, vramGb: number): [string, AwsInstanceGpus][] => [
  ...["xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge"].map((size): [string, AwsInstanceGpus] => [
    `${family}.${size}`,
    row(gpuName, 1, vramGb),
  ]),
  [`${family}.12xlarge`, row(gpuName, 4, vramGb)],
  [`${family}.24xlarge`, row(gpuName, 4, vramGb)],
  [`${family}.48xlarge`, row(gpuName, 8, vramGb)],
];

/**
 * EC2 GPU instance types Necto prices (research/providers.md §2.7, from SkyPilot's catalog overrides and AWS's
 * spec tables). The fractional-GPU g6f and gr6f types are left out: a slice of an L4 is not an L4.
 * g6e's layout follows g5/g6 (research: inferred, matches AWS's g6e table).
 */
export const AWS_INSTANCE_GPUS: Readonly<Record<string, AwsInstanceGpus>> = Object.fromEntries([
  ["p4d.24xlarge", row(A100_40, 8, 40)],
  ["p4de.24xlarge", row(A100_80, 8, 80)],
  ["p5.4xlarge", row(H100, 1, 80)],
  ["p5.48xlarge", row(H100, 8, 80)],
  ["p5e.48xlarge", row(H200, 8, 141)],
  ["p5en.48xlarge", row(H200, 8, 141)],
  ...gFamily("g5", A10G, 24),
  ...gFamily("g6", L4, 24),
  ["gr6.4xlarge", row(L4, 1, 24)],
  ["gr6.8xlarge", row(L4, 1, 24)],
  ...gFamily("g6e", L40S, 48),
]);
