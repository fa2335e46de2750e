import { WorkspaceListView } from '../src/views/workspace-list-view';

export default function HomePage() {
  return <WorkspaceListView />;
}
