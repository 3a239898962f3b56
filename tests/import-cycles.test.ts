// No module of a package imports itself at run time through others: a cycle makes the order in
// which modules start matter (a value read before its module ran is `undefined`). Imports of types
// only (`import type`, `export type`, `{ type X }`) are erased and do not count. The same check as
// `npx madge --circular --extensions ts packages/*/src` with madge's `skipTypeImports`, without
// installing madge.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

/** The relative modules a file imports or re-exports values from. */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const found: string[] = [];
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name &&
            bindings !== undefined &&
            ts.isNamedImports(bindings) &&
            bindings.elements.length > 0 &&
            bindings.elements.every((element) => element.isTypeOnly)));
      if (!onlyTypes) specifier = statement.moduleSpecifier;
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      const clause = statement.exportClause;
      const onlyTypes =
        clause !== undefined &&
        ts.isNamedExports(clause) &&
        clause.elements.length > 0 &&
        clause.elements.every((element) => element.isTypeOnly);
      if (!onlyTypes) specifier = statement.moduleSpecifier;
    }
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) {
      found.push(path.resolve(path.dirname(file), specifier.text.replace(/\.js$/, '.ts')));
    }
  }
  return found;
}

/** Every cycle of the graph, each once, as the list of its modules. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found = new Map<string, string[]>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        found.set([...cycle].sort().join(' '), cycle);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return [...found.values()];
}

describe('import cycles', () => {
  it('no package has a run-time import cycle among its modules', () => {
    const graph = new Map<string, string[]>();
    const packages = path.join(repoRoot, 'packages');
    for (const dir of readdirSync(packages)) {
      const src = path.join(packages, dir, 'src');
      for (const name of readdirSync(src, { recursive: true }).map(String)) {
        if (!name.endsWith('.ts') || name.endsWith('.d.ts')) continue;
        const file = path.join(src, name);
        graph.set(file, valueImports(file));
      }
    }
    expect(graph.size).toBeGreaterThan(100);
    const shown = cycles(graph).map((cycle) => cycle.map((file) => path.relative(packages, file)).join(' > '));
    expect(shown).toEqual([]);
  });

  it('finds a cycle through a value import, and none through a type-only one', () => {
    const dir = makeTempDir('import-cycles');
    const write = (name: string, text: string) => writeFileSync(path.join(dir, name), text);
    write('a.ts', "import { b } from './b.js';\nimport type { C } from './c.js';\nexport const a = b;\n");
    write('b.ts', "import { a, type A } from './a.js';\nexport { type C } from './c.js';\nexport const b = 1;\n");
    write('c.ts', "import { type A } from './a.js';\nexport type { B } from './b.js';\nexport * from './d.js';\n");
    const at = (name: string) => path.join(dir, name);
    expect(valueImports(at('a.ts'))).toEqual([at('b.ts')]);
    expect(valueImports(at('b.ts'))).toEqual([at('a.ts')]);
    expect(valueImports(at('c.ts'))).toEqual([at('d.ts')]);
    rmSync(dir, { recursive: true, force: true });
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
    expect(cycles(new Map([['a', ['b']]]))).toEqual([]);
  });
});
