// The React mount of @rejoin/devtools with the panel it mounts, @rejoin/core and react left out.
export * from '@rejoin/devtools/react';
