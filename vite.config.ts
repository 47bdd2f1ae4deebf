// Builds the renderer (React) into dist/renderer. The same bundle is loaded by Electron (custom
// app:// protocol) and by Chromium through the browser host.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    // A kiosk loads from disk: one JS file and one CSS file keep start-up cheap on old PCs.
    modulePreload: false,
  },
  server: { host: '127.0.0.1' },
});
