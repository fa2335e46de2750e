import { SettingsView } from '../../src/views/settings-view';

export const metadata = { title: 'Settings · Tandem' };

export default function SettingsPage() {
  return <SettingsView />;
}
