// forge coverage resolves forge-std only inside the project root, so link the copy
// that @layerzerolabs/toolbox-foundry ships (forge cannot fetch it here).
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const toolbox = dirname(require.resolve("@layerzerolabs/toolbox-foundry/package.json"));
const target = join(toolbox, "lib", "forge-std");
const link = join(root, "lib", "forge-std");
if (!existsSync(join(target, "Test.sol"))) {
  throw new Error(`forge-std not found at ${target}`);
}
mkdirSync(join(root, "lib"), { recursive: true });
try {
  if (lstatSync(link)) rmSync(link, { recursive: true, force: true });
} catch {}
symlinkSync(target, link, "dir");
console.log(`linked ${link} -> ${target}`);
