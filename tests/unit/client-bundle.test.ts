// The browser bundle holds no Node-only code: a module that needs Node (Buffer, node:*)
// pulled into a route's client chunk stops that page from hydrating in every browser
// (found once: the import page took its limits from a module importing csv-parse).
// Reads the production build that `npm test` makes before vitest (tests/run.mjs).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const buildDir = path.resolve(import.meta.dirname, "../../public/build");

function clientFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return clientFiles(full);
    return entry.name.endsWith(".js") ? [full] : [];
  });
}

describe("the browser bundle", () => {
  it("exists (npm test builds it first; alone: npx remix build)", () => {
    expect(fs.existsSync(buildDir)).toBe(true);
  });

  it("uses no Node global or module in any chunk", () => {
    const problems = clientFiles(buildDir).flatMap((file) => {
      const code = fs.readFileSync(file, "utf8");
      const found = [
        /\bBuffer\.(from|alloc|isBuffer|concat|byteLength)\b/,
        /["']node:[a-z_]+["']/,
        /\brequire\(["'](fs|crypto|stream|zlib|net|tls)["']\)/,
      ]
        .filter((pattern) => pattern.test(code))
        .map((pattern) => `${path.relative(buildDir, file)}: ${pattern}`);
      return found;
    });
    expect(problems).toEqual([]);
  });
});
