import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The house stays easy to change: no source file over 400 lines (STYLE.md: over ~400 means split) and no
 * import cycle, counting `import type` too (a type cycle still ties two modules together).
 */
const ROOT = join(import.meta.dirname, "..", "..");
const SOURCE_ROOTS = ["src", "web/src", "cron", "durable-objects"];
const MAX_LINES = 400;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

// Static imports, re-exports, side-effect imports and dynamic import() calls; comments are stripped first.
const SPECIFIER = /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]*?\s*from\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  return [...code.matchAll(SPECIFIER)].map((m) => m[1] ?? m[2] ?? "").filter(Boolean);
}

function resolveLocal(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const base = resolve(dirname(from), specifier.replace(/\.js$/, ""));
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), join(base, "index.tsx")];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? `unresolved:${specifier}`;
}

/** Strongly connected components with more than one module (or a module importing itself): Tarjan. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

const files = SOURCE_ROOTS.flatMap((root) => sourceFiles(join(ROOT, root)));
const graph = new Map(
  files.map((file) => {
    const deps = importSpecifiers(readFileSync(file, "utf8")).flatMap((s) => resolveLocal(file, s) ?? []);
    return [file, [...new Set(deps)]] as const;
  }),
);
const rel = (path: string) => relative(ROOT, path);

describe("import parser", () => {
  it("finds static, type-only, re-export, side-effect and dynamic imports, and skips comments", () => {
    const source = [
      'import { a } from "./a";',
      'import type { B } from "../b";',
      "import {\n  c,\n  type D,\n} from './c';",
      'export * from "./e";',
      'export { f } from "./f";',
      'import "./g.css";',
      'const h = () => import("./h");',
      '// import { x } from "./commented";',
      '/* import { y } from "./blocked"; */',
      'const url = "https://example.com"; import { z } from "zod";',
    ].join("\n");
    expect(importSpecifiers(source)).toEqual(["./a", "../b", "./c", "./e", "./f", "./g.css", "./h", "zod"]);
  });

  it("reports a cycle of two modules and a self-import, but not a chain", () => {
    const cyclic = new Map([
      ["a", ["b"]],
      ["b", ["a"]],
      ["c", ["c"]],
      ["d", ["e"]],
      ["e", []],
    ]);
    expect(findCycles(cyclic)).toEqual([["a", "b"], ["c"]]);
  });
});

describe("source tree", () => {
  it("reads every source root", () => {
    for (const root of SOURCE_ROOTS)
      expect(
        files.some((f) => rel(f).startsWith(`${root}/`)),
        root,
      ).toBe(true);
  });

  it("resolves every relative import to a file", () => {
    const unresolved = [...graph].flatMap(([file, deps]) =>
      deps.filter((d) => d.startsWith("unresolved:")).map((d) => `${rel(file)} → ${d}`),
    );
    expect(unresolved).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(findCycles(graph).map((cycle) => cycle.map(rel).join(" ⇄ "))).toEqual([]);
  });

  it(`has no .ts or .tsx file over ${MAX_LINES} lines`, () => {
    const long = files
      .map((file) => ({ file: rel(file), lines: readFileSync(file, "utf8").trimEnd().split("\n").length }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });
});
