// @rejoin/core/ai-sdk: the converter between Rejoin message parts and the AI SDK's `UIMessage`.
// No runtime dependency on `ai`: its types are restated structurally.
export { toUIMessage, fromUIMessage, toUIPart, fromUIPart, partsOfMessage, AI_SDK_PART_PREFIX } from './uiMessage.ts';

export type {
  AiSdkUIMessage,
  AiSdkUIMessagePart,
  AiSdkToolUIPart,
  AiSdkToolApproval,
  AiSdkOtherUIPart,
  RejoinMessageContent,
  ConvertedMessage,
} from './uiMessage.ts';
export type {
  MessagePart,
  TextPart,
  ReasoningPart,
  ToolCallPart,
  ToolCallState,
  SourcePart,
  FilePart,
  DataPart,
  PartEvent,
} from '../model/parts.ts';
