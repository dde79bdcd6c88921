import './zod-config.ts';
import '@xyflow/react/dist/style.css';
import './styles.css';
import './i18n/i18n.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { JourneyApp } from './app/app.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <JourneyApp />
  </StrictMode>,
);
