'use client';
/**
 * Editor and appearance: theme, vim mode, font size, word wrap. Each change applies at
 * once in this page (and every editor and terminal in it) and is saved to the server,
 * which keeps it for every device you sign in on; a refusal puts the last saved one back.
 */
import { FONT_SIZE_MAX, FONT_SIZE_MIN, type Preferences, type PreferencesPatch, type ThemePreference } from '@tandem/protocol';
import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import { describeError } from '../../lib/errors';
import { setPreferences } from '../../lib/preferences-store';
import type { User } from '../../lib/types';

const THEME_LABELS: { value: ThemePreference; label: string; hint: string }[] = [
  { value: 'system', label: 'System', hint: 'follows your display: light or dark' },
  { value: 'dark', label: 'Dark', hint: '' },
  { value: 'light', label: 'Light', hint: '' },
  { value: 'high-contrast', label: 'High contrast', hint: '' },
];

export function EditorSection({ user, onUser }: { user: User; onUser(user: User): void }) {
  const saved = user.preferences;
  const [shown, setShown] = useState<Preferences>(saved);
  const [fontSize, setFontSize] = useState(String(saved.fontSize));
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setShown(saved);
    setFontSize(String(saved.fontSize));
  }, [saved]);

  async function change(patch: PreferencesPatch) {
    const next = { ...shown, ...patch };
    setShown(next);
    setPreferences(next);
    setError(null);
    setStatus(null);
    try {
      const me = await api.updateMe({ preferences: patch });
      setPreferences(me.preferences);
      onUser(me);
      setStatus('Saved');
    } catch (err) {
      setShown(saved);
      setPreferences(saved);
      setError(describeError(err));
    }
  }

  function changeFontSize(value: string) {
    setFontSize(value);
    const size = Number(value);
    if (Number.isInteger(size) && size >= FONT_SIZE_MIN && size <= FONT_SIZE_MAX) void change({ fontSize: size });
  }

  return (
    <section className="card" aria-labelledby="settings-editor">
      <h2 id="settings-editor">Editor</h2>
      <div className="settings-form">
        <fieldset className="theme-options">
          <legend>Theme</legend>
          {THEME_LABELS.map((t) => (
            <label key={t.value} className="row">
              <input type="radio" name="theme" value={t.value} checked={shown.theme === t.value} onChange={() => change({ theme: t.value })} />
              <span>{t.label}{t.hint && <span className="muted"> · {t.hint}</span>}</span>
            </label>
          ))}
        </fieldset>
        <label className="row">
          <input type="checkbox" checked={shown.vimMode} onChange={(e) => change({ vimMode: e.target.checked })} />
          <span>Vim mode <span className="muted">· vim keys in the editor, with its mode shown under it</span></span>
        </label>
        <label className="row">
          <input type="checkbox" checked={shown.wordWrap} onChange={(e) => change({ wordWrap: e.target.checked })} />
          <span>Word wrap</span>
        </label>
        <label>Font size
          <input type="number" min={FONT_SIZE_MIN} max={FONT_SIZE_MAX} step={1} value={fontSize} onChange={(e) => changeFontSize(e.target.value)}
            aria-invalid={String(Number(fontSize)) !== String(shown.fontSize)} />
        </label>
        {String(Number(fontSize)) !== String(shown.fontSize) && <p className="muted">A font size is a whole number from {FONT_SIZE_MIN} to {FONT_SIZE_MAX}.</p>}
        {status && <span className="muted" role="status">{status}</span>}
        {error && <p className="error" role="alert">{error}</p>}
      </div>
    </section>
  );
}
