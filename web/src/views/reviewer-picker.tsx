'use client';
/**
 * Choosing a reviewer by name: a search of the reviewer directory (GET /api/reviewers)
 * showing each one's level and open reviews; those whose level is below what the
 * priority needs are shown but cannot be picked (the server would refuse them).
 */
import { useEffect, useState } from 'react';
import { api } from '../lib/api';
import { describeError } from '../lib/errors';
import type { ReviewerSummary } from '@tandem/protocol';
import { levelLabel } from '../lib/review-labels';

interface Props {
  minLevel: number;
  selfId: string;
  selected: string | null;
  onSelect(username: string | null): void;
}

export function ReviewerPicker({ minLevel, selfId, selected, onSelect }: Props) {
  const [q, setQ] = useState('');
  const [reviewers, setReviewers] = useState<ReviewerSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      api.listReviewers({ q: q.trim() || undefined, limit: 20 }).then(
        (list) => live && (setReviewers(list.reviewers.filter((r) => r.id !== selfId)), setError(null)),
        (e: unknown) => live && setError(describeError(e)),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [q, selfId]);

  return (
    <div className="picker">
      <input type="search" placeholder="Search reviewers by name" aria-label="Search reviewers" value={q} onChange={(e) => setQ(e.target.value)} />
      {error && <div className="error" role="alert">{error}</div>}
      <ul className="picker-list" aria-label="Reviewers">
        {reviewers?.length === 0 && <li className="muted">No reviewer matches.</li>}
        {reviewers?.map((r) => {
          const eligible = r.level >= minLevel;
          return (
            <li key={r.id}>
              <button type="button" className={`picker-item ${selected === r.username ? 'active' : ''}`} aria-pressed={selected === r.username}
                disabled={!eligible} data-reviewer={r.username} onClick={() => onSelect(selected === r.username ? null : r.username)}
                title={eligible ? undefined : `Level ${minLevel} or more is needed for this priority`}>
                <strong>{r.username}</strong>
                <span className="badge">{levelLabel(r.level)}</span>
                <span className="spacer" />
                <span className="muted">{r.openReviews} open</span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
