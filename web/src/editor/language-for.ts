/** Monaco's language for a file name, from the extensions the registered languages declare. */
import { monaco } from './monaco';

export function languageFor(path: string): string {
  const name = path.split('/').pop()!.toLowerCase();
  const match = monaco.languages.getLanguages().find((l) =>
    l.extensions?.some((ext) => name.endsWith(ext.toLowerCase())) || l.filenames?.some((f) => f.toLowerCase() === name));
  return match?.id ?? 'plaintext';
}
