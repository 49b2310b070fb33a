import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The kit's library build: `.vue` files need the Vue compiler, so both halves go through Vite
// (one tool, one output layout); `tsconfig.build.json` emits the declarations beside them.
// Modules are preserved, so an app that imports only the React half bundles none of the Vue one.
export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true, // no file of an earlier build gets packed; vue-tsc writes the declarations after
    minify: false,
    sourcemap: true,
    target: 'es2022',
    lib: {
      entry: { 'react/index': 'src/react/index.ts', 'vue/index': 'src/vue/index.ts', 'shared/index': 'src/shared/index.ts' },
      formats: ['es'],
    },
    rolldownOptions: {
      external: [/^react(\/|$)/, /^react-dom(\/|$)/, /^vue(\/|$)/, /^@rejoin\//],
      output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
    },
  },
});
