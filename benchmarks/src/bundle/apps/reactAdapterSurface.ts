// Every export of @rejoin/react, its dependencies left out: the adapter's own code, all of it.
export * from '@rejoin/react';
