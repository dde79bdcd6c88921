import type { ReactNode } from 'react';
import { AppHeader } from './app-header.tsx';

/**
 * The frame of every page but the canvas: the app header, then the page's body under its title, with the
 * page's own actions (a create button, an import) at the title's right. `wide` for tables and dashboards.
 */
export function PageLayout(props: { title?: ReactNode; actions?: ReactNode; wide?: boolean; className?: string; children: ReactNode }) {
  const bodyClass = ['page-body', props.wide ? 'page-body-wide' : '', props.className ?? ''].filter(Boolean).join(' ');
  return (
    <div className="page">
      <AppHeader />
      <main className={bodyClass}>
        {props.title !== undefined && (
          <div className="page-title-row">
            <h1 className="page-title">{props.title}</h1>
            {props.actions}
          </div>
        )}
        {props.children}
      </main>
    </div>
  );
}
