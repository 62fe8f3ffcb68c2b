// First: sends the start-up calls before the rest of the script is evaluated.
import './app/start';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './ui';
import './app/app.css';
import { App } from './App';
import { AppData } from './app/data';
import { RecoveryGate } from './features/backup/RecoveryGate';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <AppData>
      <RecoveryGate>
        <App />
      </RecoveryGate>
    </AppData>
  </StrictMode>,
);
