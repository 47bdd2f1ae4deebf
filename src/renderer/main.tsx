// Runs in: renderer. Entry point: connect to the engine, mount the app, lock the page down.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { enableOfflineVoice } from './components/speech/speech';
import { I18nProvider } from './i18n/I18nProvider';
import { KioskProvider, useKiosk } from './kiosk-context';
import { connectToEngine } from './transport';
import './styles.css';

// A kiosk page has no context menu, no drag-and-drop of files, no pinch zoom.
window.addEventListener('contextmenu', (e) => e.preventDefault());
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

/** The visit's language starts at the one the kiosk is configured for. */
function Root() {
  const { info } = useKiosk();
  return (
    <I18nProvider defaultLang={info?.language ?? 'vi'}>
      <App />
    </I18nProvider>
  );
}

const client = connectToEngine();
// No offline voice (espeak-ng missing or switched off): prompts stay captioned, nothing breaks.
enableOfflineVoice(client).catch(() => undefined);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <KioskProvider client={client}>
      <Root />
    </KioskProvider>
  </StrictMode>,
);
