// First: sends the start-up calls before the rest of the script is evaluated.
import './app/start';
import './i18n/browser';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './ui';
import './app/app.css';
import { App } from './App';
import { I18nProvider } from './i18n/I18nProvider';
import { AppData } from './app/data';
import { RecoveryGate } from './features/backup/RecoveryGate';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <AppData>
        <RecoveryGate>
          <App />
        </RecoveryGate>
      </AppData>
    </I18nProvider>
  </StrictMode>,
);
