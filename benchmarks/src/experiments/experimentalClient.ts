// Entry of the experimental bundle: the real `createChatClient`, built with the patches of
// `bin/experiments.mjs` applied to core (one serialization per persisted write).
export { createChatClient } from '@rejoin/core';
