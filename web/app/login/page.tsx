import { Suspense } from 'react';
import { LoginView } from '../../src/views/login-view';

export const metadata = { title: 'Sign in · Tandem' };

export default function LoginPage() {
  return (
    <Suspense>
      <LoginView />
    </Suspense>
  );
}
