import { Suspense } from 'react';
import { ReviewsDashboardView } from '../../src/views/reviews-dashboard-view';

export const metadata = { title: 'Reviews · Tandem' };

export default function ReviewsPage() {
  return (
    <Suspense>
      <ReviewsDashboardView />
    </Suspense>
  );
}
