// Every export of @rejoin/devtools (the framework-agnostic panel), @rejoin/core left out.
export * from '@rejoin/devtools';
