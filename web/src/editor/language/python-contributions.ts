/**
 * The Monaco features that only a language service feeds, left out of monaco.ts (every
 * editor pays for those bytes) and loaded here, with the Python providers, when the
 * first Python file opens: go to definition (F12, Ctrl/Cmd+click) and its peek,
 * references (Shift+F12), parameter hints, rename (F2), code actions and the light bulb
 * (Ctrl/Cmd+.), Format Document (Shift+Alt+F), next problem (F8) and Go to Symbol
 * (Ctrl/Cmd+Shift+O).
 *
 * Monaco reads its contributions when an editor is created, so this module must be
 * loaded before the first Python editor is (collab-editor.tsx awaits it); editors made
 * after it has loaded get these features whatever their language, with nothing to feed
 * them but Python's providers. JSON's formatter is switched off in monaco.ts, so Format
 * Document never rewrites a JSON file through y-monaco.
 */
import 'monaco-editor/esm/vs/editor/contrib/gotoSymbol/browser/goToCommands.js';
import 'monaco-editor/esm/vs/features/gotoSymbol/register.js';
import 'monaco-editor/esm/vs/features/referenceSearch/register.js';
import 'monaco-editor/esm/vs/features/parameterHints/register.js';
import 'monaco-editor/esm/vs/features/rename/register.js';
import 'monaco-editor/esm/vs/features/codeAction/register.js';
import 'monaco-editor/esm/vs/features/format/register.js';
import 'monaco-editor/esm/vs/features/gotoError/register.js';
import 'monaco-editor/esm/vs/features/documentSymbols/register.js';
import 'monaco-editor/esm/vs/features/quickOutline/register.js';
