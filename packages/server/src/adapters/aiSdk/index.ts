// @rejoin/server/ai-sdk: plug any AI SDK model into the reference server (needs `ai` 6 installed).
export { respondWithStreamText } from './respondWithStreamText.ts';
export { ModelError } from '../ModelError.ts';

export type { RespondWithStreamTextOptions, StreamTextContext, StreamTextLike } from './respondWithStreamText.ts';
export type { Respond, RespondInput, RespondContinuation, RespondPiece } from '../../generation/Respond.ts';
