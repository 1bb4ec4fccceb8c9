// Lists exports of src/, web/src, cron/ and durable-objects/ that no other module uses: `node scripts/unused-exports.mjs`.
// With `--check` (part of `npm run lint`) it fails when any export is unused.
// "unused" exports nothing reads at all (delete them); "local only" exports only their own module reads (drop `export`).
// Usage is counted through the three tsconfig programs (server, web, Node tests) plus the bench entries.
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(import.meta.dirname, "..");
const CONFIGS = {
  "tsconfig.json": ["test/bench/bench-entry.ts", "test/bench/live-entry.ts"],
  "web/tsconfig.json": [],
  "tsconfig.node.json": [],
};
const OURS = /^(src|web\/src|cron|durable-objects)\//;
// Read by name from outside the TypeScript programs: lazy page chunks, drizzle's schema namespace, and the
// modules scripts/restore-backup.mjs and test/bench/backup-bench.mjs bundle by specifier.
const IGNORED = [/::default$/, /^src\/db\/schema\//, /^src\/storage\/restore-securing\.ts::ROTATE_CREDENTIALS_NOTICE$/];

const declared = new Map();
const usedElsewhere = new Set();
const usedLocally = new Set();
const rel = (file) => path.relative(ROOT, file);

for (const [config, extra] of Object.entries(CONFIGS)) {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, config),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!parsed) continue;
  const program = ts.createProgram([...parsed.fileNames, ...extra.map((f) => path.join(ROOT, f))], parsed.options);
  const checker = program.getTypeChecker();
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || sf.fileName.includes("node_modules")) continue;
    const moduleSymbol = OURS.test(rel(sf.fileName)) ? checker.getSymbolAtLocation(sf) : undefined;
    for (const exported of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (target.declarations?.[0]?.getSourceFile() === sf) declared.set(`${rel(sf.fileName)}::${exported.name}`, target);
    }
    const visit = (node) => {
      if (ts.isIdentifier(node)) {
        let symbol = checker.getSymbolAtLocation(node);
        const seen = new Set();
        while (symbol && !seen.has(symbol)) {
          seen.add(symbol);
          for (const d of symbol.declarations ?? []) {
            const key = `${rel(d.getSourceFile().fileName)}::${symbol.name}`;
            if (d.getSourceFile() !== sf) usedElsewhere.add(key);
            else if (d.name !== node && !ts.isExportSpecifier(node.parent)) usedLocally.add(key);
          }
          symbol = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : undefined;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
}

const unused = [];
const localOnly = [];
for (const key of [...declared.keys()].sort()) {
  if (usedElsewhere.has(key) || IGNORED.some((re) => re.test(key))) continue;
  (usedLocally.has(key) ? localOnly : unused).push(key);
}
console.log(`unused (${unused.length}):\n${unused.map((k) => `  ${k}`).join("\n")}`);
if (!process.argv.includes("--check")) console.log(`local only (${localOnly.length}):\n${localOnly.map((k) => `  ${k}`).join("\n")}`);
if (process.argv.includes("--check") && unused.length > 0) {
  console.error("unused exports: delete them (or read them where they are meant to be used)");
  process.exit(1);
}
