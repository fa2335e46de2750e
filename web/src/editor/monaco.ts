/**
 * The one Monaco instance of the app: the editor's core (`editor.api`) and the editor
 * features people use while they type (find/replace, multi-cursor, word suggestions,
 * hover, bracket matching, comment toggling, folding, clipboard, line and word commands,
 * the command palette and Go to Line), nothing more: a cold load pays for every byte
 * here before anyone can type (issue 12). Left out are the features that only work with
 * a language service we do not run (code actions, code lens, rename, references, go to
 * symbol, inlay hints, parameter hints, semantic tokens, inline completions, colour
 * picker...), and sticky scroll, section headers and the paste/drop widgets.
 *
 * Languages cost nothing until a file of theirs opens: each `register.js` names the
 * language and its extensions (language-for.ts reads them) and imports its tokenizer
 * with `import()` when Monaco first meets a model of that language. JSON is the one
 * with a language service: its tokenizer and mode come with `jsonMode`, loaded on
 * first use, and its worker (validation, folding, outline) starts only then; no schema
 * is ever fetched (enableSchemaRequest stays off). TypeScript, CSS and HTML keep their
 * tokenizers only: their services would add megabytes, and this IDE runs code in a terminal.
 *
 * y-monaco imports `monaco-editor/esm/vs/editor/editor.api.js`, which monaco-editor's own
 * `exports` map no longer resolves; next.config.mjs aliases `monaco-editor/esm` to the
 * package's esm folder, so y-monaco and this module load the same files: one instance.
 * Client-only: Monaco touches `window` while it loads. Import it only from modules that
 * are themselves loaded with `import()` / next/dynamic (collab-editor.tsx, diff-viewer.tsx),
 * so pages without an editor never download it.
 *
 * Python's language intelligence (language/python-contributions.ts) adds go to
 * definition, references, parameter hints, rename, code actions, Format Document and Go
 * to Symbol, with its providers, when the first Python file opens: none of it is paid for
 * before. Its formatting is done by the server, through Yjs.
 *
 * No other formatter may run: a formatter's edits reach Y.Text through y-monaco, and a
 * whole-file format would delete every character comments are anchored to (issue 11's
 * rewrite hazard). JSON's mode would register one, so it is switched off below; any other
 * change is trimmed first (trimmed-binding.ts).
 */
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon.css';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon-modifiers.css';
import 'monaco-editor/esm/vs/editor/common/standaloneStrings.js';
import 'monaco-editor/esm/vs/editor/browser/coreCommands.js';
import 'monaco-editor/esm/vs/editor/browser/widget/codeEditor/codeEditorWidget.js';
import 'monaco-editor/esm/vs/editor/contrib/anchorSelect/browser/anchorSelect.js';
import 'monaco-editor/esm/vs/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/esm/vs/editor/contrib/caretOperations/browser/caretOperations.js';
import 'monaco-editor/esm/vs/editor/contrib/caretOperations/browser/transpose.js';
import 'monaco-editor/esm/vs/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/esm/vs/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/esm/vs/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/esm/vs/editor/contrib/cursorUndo/browser/cursorUndo.js';
import 'monaco-editor/esm/vs/editor/contrib/dnd/browser/dnd.js';
import 'monaco-editor/esm/vs/features/find/register.js';
import 'monaco-editor/esm/vs/editor/contrib/find/browser/findController.js';
import 'monaco-editor/esm/vs/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/esm/vs/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/esm/vs/editor/contrib/indentation/browser/indentation.js';
import 'monaco-editor/esm/vs/editor/contrib/lineSelection/browser/lineSelection.js';
import 'monaco-editor/esm/vs/editor/contrib/linesOperations/browser/linesOperations.js';
import 'monaco-editor/esm/vs/editor/contrib/multicursor/browser/multicursor.js';
import 'monaco-editor/esm/vs/editor/contrib/readOnlyMessage/browser/contribution.js';
import 'monaco-editor/esm/vs/editor/contrib/smartSelect/browser/smartSelect.js';
import 'monaco-editor/esm/vs/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/esm/vs/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/esm/vs/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode.js';
import 'monaco-editor/esm/vs/editor/contrib/tokenization/browser/tokenization.js';
import 'monaco-editor/esm/vs/editor/contrib/wordHighlighter/browser/wordHighlighter.js';
import 'monaco-editor/esm/vs/editor/contrib/wordOperations/browser/wordOperations.js';
import 'monaco-editor/esm/vs/editor/contrib/wordPartOperations/browser/wordPartOperations.js';
import 'monaco-editor/esm/vs/editor/standalone/browser/quickAccess/standaloneCommandsQuickAccess.js';
import 'monaco-editor/esm/vs/editor/standalone/browser/quickAccess/standaloneGotoLineQuickAccess.js';
import 'monaco-editor/esm/vs/editor/standalone/browser/quickAccess/standaloneHelpQuickAccess.js';
import 'monaco-editor/esm/vs/languages/definitions/python/register.js';
import 'monaco-editor/esm/vs/languages/definitions/javascript/register.js';
import 'monaco-editor/esm/vs/languages/definitions/typescript/register.js';
import 'monaco-editor/esm/vs/languages/definitions/go/register.js';
import 'monaco-editor/esm/vs/languages/definitions/shell/register.js';
import 'monaco-editor/esm/vs/languages/definitions/markdown/register.js';
import 'monaco-editor/esm/vs/languages/definitions/yaml/register.js';
import 'monaco-editor/esm/vs/languages/definitions/ini/register.js';
import 'monaco-editor/esm/vs/languages/definitions/dockerfile/register.js';
import 'monaco-editor/esm/vs/languages/definitions/html/register.js';
import 'monaco-editor/esm/vs/languages/definitions/css/register.js';
import 'monaco-editor/esm/vs/languages/definitions/sql/register.js';
import 'monaco-editor/esm/vs/languages/definitions/rust/register.js';
import 'monaco-editor/esm/vs/languages/definitions/java/register.js';
import 'monaco-editor/esm/vs/languages/definitions/cpp/register.js';
import 'monaco-editor/esm/vs/languages/definitions/ruby/register.js';
import 'monaco-editor/esm/vs/languages/definitions/xml/register.js';
import { jsonDefaults } from 'monaco-editor/esm/vs/languages/features/json/register.js';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

// Workers bundled by webpack: no CDN, no request leaves the server that served the page.
// JSON's starts once a JSON file opens. The editor worker (diffs, word suggestions,
// links) is started with the editor rather than on its first use: a first use while
// offline (typing into a file kept in this browser) could not fetch its module.
const newEditorWorker = () => new Worker(new URL('monaco-editor/esm/vs/editor/editor.worker.js', import.meta.url), { type: 'module' });
let startedEditorWorker: Worker | null = typeof Worker === 'undefined' ? null : newEditorWorker();
window.MonacoEnvironment = {
  getWorker: (_workerId, label) => {
    if (label === 'json') return new Worker(new URL('monaco-editor/esm/vs/languages/features/json/json.worker.js', import.meta.url), { type: 'module' });
    const worker = startedEditorWorker ?? newEditorWorker();
    startedEditorWorker = null;
    return worker;
  },
};

jsonDefaults.setModeConfiguration({ ...jsonDefaults.modeConfiguration, documentFormattingEdits: false, documentRangeFormattingEdits: false });

monaco.editor.defineTheme('tandem-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#1b1e24' },
});

export { monaco };
