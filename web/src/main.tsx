import '@fontsource-variable/inter';
import './app/styles/tokens.css';
import './app/styles/base.css';
import './app/styles/ui.css';
import './app/styles/app.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app/app';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
