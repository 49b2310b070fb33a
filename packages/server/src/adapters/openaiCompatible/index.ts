// @rejoin/server/openai-compatible: plug any OpenAI-compatible chat completions endpoint into the
// reference server, over fetch, with no SDK.
export { respondWithChatCompletions } from './respondWithChatCompletions.ts';
export { ModelError } from '../ModelError.ts';

export type { ChatCompletionsTool, RespondWithChatCompletionsOptions } from './respondWithChatCompletions.ts';
export type { Respond, RespondInput, RespondContinuation, RespondPiece } from '../../generation/Respond.ts';
