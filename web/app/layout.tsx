import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { themeBootScript } from '../src/lib/theme';
import '../src/styles/globals.css';

export const metadata: Metadata = { title: 'Tandem', description: 'Write and run code together, live.' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The boot script sets data-theme before the first paint (the last theme this browser
    // saw: no dark flash on a light page); React's render does not know that attribute.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeBootScript }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
