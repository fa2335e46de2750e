-- Automatic assignment reads, for every eligible reviewer, their open reviews and when
-- they were last assigned one (persistence/src/queries/reviews.ts
-- `listReviewerCandidates`). Counting every request of every candidate took ~6 ms with
-- 500 reviewers and 10,000 requests; from here it is the open requests alone (a partial
-- index) and a column.

-- When the user was last assigned a review, kept by the statements that assign one
-- (insertReview, updateReview): a request handed on keeps its own last_assigned_at for
-- its new reviewer, so the former one's time lives here.
ALTER TABLE users ADD COLUMN last_assigned_at timestamptz(3) NULL;
UPDATE users u SET last_assigned_at = m.last
FROM (SELECT reviewer_id, max(last_assigned_at) AS last FROM review_requests WHERE reviewer_id IS NOT NULL GROUP BY reviewer_id) m
WHERE m.reviewer_id = u.id;

-- The open requests by reviewer: what a candidate's load is.
CREATE INDEX review_requests_open_reviewer_idx ON review_requests (reviewer_id)
  WHERE status IN ('pending', 'in_review', 'changes_requested');
