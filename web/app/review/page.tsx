import { Suspense } from 'react';
import { ReviewView } from '../../src/views/review-view';

export const metadata = { title: 'Review · Tandem' };

// A static export has no dynamic segments: the review comes as ?id=...
export default function ReviewPage() {
  return (
    <Suspense>
      <ReviewView />
    </Suspense>
  );
}
