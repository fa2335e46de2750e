// Every k6 script parses as an ES module and imports only what k6 ships, or files
// beside it: a quick check that needs no k6 (k6-run/k6-scripts.integration.test.ts runs
// them with real k6 where there is one).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const K6_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../k6');
const K6_MODULES = new Set([
  'k6', 'k6/http', 'k6/ws', 'k6/experimental/websockets', 'k6/metrics', 'k6/crypto',
  'k6/encoding', 'k6/execution', 'k6/data',
]);

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
  );
}

function parse(file: string) {
  const source = readFileSync(file, 'utf8');
  const out = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2020, allowJs: true },
  });
  const imports = ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
  return { source, errors: (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), imports };
}

const scripts = ['sync.js', 'terminal.js', 'api.js', 'reviews.js', 'language.js'];

describe('k6 scripts', () => {
  it('are all there', () => {
    for (const s of scripts) expect(jsFiles(K6_DIR)).toContain(join(K6_DIR, s));
  });

  for (const file of jsFiles(K6_DIR)) {
    const name = file.slice(K6_DIR.length + 1);
    it(`${name} parses as an ES module and imports only k6 modules and relative files`, () => {
      const { source, errors, imports } = parse(file);
      expect(errors).toEqual([]);
      expect(source).not.toMatch(/\brequire\s*\(/);
      expect(source).not.toMatch(/\b(process\.|Buffer\b|TextEncoder|TextDecoder|node:)/);
      for (const spec of imports) {
        if (spec.startsWith('./') || spec.startsWith('../')) {
          expect(jsFiles(K6_DIR)).toContain(resolve(dirname(file), spec));
        } else {
          expect(K6_MODULES, `${name} imports ${spec}`).toContain(spec);
        }
      }
    });
  }

  for (const s of scripts) {
    it(`${s} exports options with thresholds and a default function, and documents its environment`, () => {
      const { source } = parse(join(K6_DIR, s));
      expect(source).toMatch(/export const options\s*=/);
      expect(source).toMatch(/thresholds:/);
      expect(source).toMatch(/export default function/);
      expect(source.slice(0, 1200)).toMatch(/Environment:/);
      expect(source).toContain('BASE_URL');
    });
  }
});
