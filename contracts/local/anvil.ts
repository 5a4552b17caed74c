import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** The native anvil binary that `@foundry-rs/anvil` installs for this platform, or its node wrapper. */
function anvilBinary(): string {
  try {
    const pkg = `@foundry-rs/anvil-${process.platform}-${process.arch === "x64" ? "amd64" : process.arch}`;
    return join(dirname(require.resolve(`${pkg}/package.json`)), "bin", "anvil");
  } catch {
    return join(dirname(require.resolve("@foundry-rs/anvil/package.json")), "bin.mjs");
  }
}

export async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(2_000),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

async function isListening(url: string): Promise<boolean> {
  try {
    await rpc(url, "eth_chainId");
    return true;
  } catch {
    return false;
  }
}

export interface LocalChain {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts anvil on 127.0.0.1 and resolves once it answers JSON-RPC. */
export async function startAnvil(port: number, chainId = 31337): Promise<LocalChain> {
  const url = `http://127.0.0.1:${port}`;
  if (await isListening(url)) {
    throw new Error(
      `port ${port} already answers JSON-RPC (an earlier npm start still running?). ` +
        "Stop it, or choose another port with NECTO_ANVIL_PORT.",
    );
  }
  const child = spawn(
    anvilBinary(),
    ["--host", "127.0.0.1", "--port", String(port), "--chain-id", String(chainId), "--silent"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`anvil exited (${code}): ${stderr.trim()}`))),
  );
  const ready = (async () => {
    for (let i = 0; i < 200; i++) {
      if (await isListening(url)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("anvil did not answer within 10 s");
  })();
  await Promise.race([ready, exited]);
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
