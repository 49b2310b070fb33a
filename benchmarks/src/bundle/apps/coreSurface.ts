// Every export of @rejoin/core, its dependencies left out: the upper bound of its own code.
export * from '@rejoin/core';
