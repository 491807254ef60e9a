import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: one bundle for Electron (file://, loaded by the window) and browser mode
// (served by `isoscope serve`), hence relative asset paths.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
});
