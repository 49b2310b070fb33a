/**
 * The one place the server takes protocol code from @rejoin/core, so a change of where core
 * exposes it touches this file only.
 */
export { encodeFrame, errorCodeForRejection, parseClientFrame, parseServerFrame } from '@rejoin/core/protocol';
