/**
 * What a new workspace starts with, per language: one file to run. Pure.
 * The languages are the API's (`LANGUAGES` in @tandem/protocol), the ones the
 * executor knows how to run; each must have a starter here.
 */
import type { Language } from '@tandem/protocol';

const STARTERS: Record<Language, { name: string; content: string }> = {
  python: { name: 'main.py', content: 'print("Hello from Tandem")\n' },
  javascript: { name: 'main.js', content: 'console.log("Hello from Tandem");\n' },
  typescript: { name: 'main.ts', content: 'const greeting: string = "Hello from Tandem";\nconsole.log(greeting);\n' },
  go: { name: 'main.go', content: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("Hello from Tandem")\n}\n' },
  bash: { name: 'main.sh', content: '#!/usr/bin/env bash\necho "Hello from Tandem"\n' },
};

export function starterFile(language: Language): { name: string; content: string } {
  return STARTERS[language];
}
