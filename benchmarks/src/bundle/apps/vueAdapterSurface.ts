// Every export of @rejoin/vue, its dependencies left out: the adapter's own code, all of it.
export * from '@rejoin/vue';
