'use client';
/** One review in a list: its title links to the review page. */
import Link from 'next/link';
import type { Review } from '@tandem/protocol';
import { ago } from '../lib/review-labels';
import { PriorityBadge, StatusBadge } from './review-badges';

export function ReviewRow({ review }: { review: Review }) {
  return (
    <tr data-review={review.title}>
      <td><Link href={`/review?id=${review.id}`}>{review.title}</Link></td>
      <td><PriorityBadge priority={review.priority} /></td>
      <td><StatusBadge status={review.status} /></td>
      <td>{review.author.username}</td>
      <td>{review.reviewer?.username ?? <span className="muted">queue</span>}</td>
      <td className="muted" title={review.createdAt}>{ago(review.createdAt, Date.now())}</td>
    </tr>
  );
}
