import { Suspense } from 'react';
import { WorkspaceView } from '../../src/views/workspace-view';

// A static export has no dynamic segments: the workspace comes as ?id=...&file=...
export default function WorkspacePage() {
  return (
    <Suspense>
      <WorkspaceView />
    </Suspense>
  );
}
