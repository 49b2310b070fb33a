import vue from '@vitejs/plugin-vue';
import { defaultClientConditions, defineConfig } from 'vite';

/** Where `vite` (dev) forwards the WebSocket: a server started with `npm start`, or REJOIN_SERVER. */
const devServer = process.env['REJOIN_SERVER'] ?? 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [vue()],
  // `source` first: the workspace packages are built from their TypeScript, no package build needed.
  // The defaults stay, since `browser` picks nanoid's browser build.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: {
    host: '127.0.0.1',
    proxy: { '/ws': { target: devServer, ws: true } },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
