#!/usr/bin/env node
// The CLI's entry point is this committed file, not the built dist/cli.js: npm links a
// workspace's bins at `npm ci`, before anything is built, and skips a bin whose file is missing,
// so on a fresh clone `npx rejoin-server` would find no local bin and ask the registry for one.
try {
  await import('../dist/cli.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    process.stderr.write('[rejoin] rejoin-server is not built yet: run `npm run build` first (in the Rejoin repository).\n');
    process.exit(1);
  }
  throw error;
}
