import type { ChatClient, ChatMessage, ChatSnapshot, ToolCallPart } from '@rejoin/core';
import type { PageOptions, ScenarioWorld } from './createScenarioWorld.ts';
import { STORY_PROMPTS } from './storyReplies.ts';

// The steps the scenarios (and the playground) are made of: what a user and a network do.

/** A page with two finished conversations in the sidebar, so no story shows a lonely screen. */
export function pageWithHistory(world: ScenarioWorld, config?: PageOptions['config']): ChatClient {
  const client = world.openPage(config === undefined ? {} : { config });
  world.advance(10);
  converse(world, client, 'sourdough', STORY_PROMPTS.sourdough);
  converse(world, client, 'reminder', STORY_PROMPTS.reminder);
  return client;
}

/** Opens a conversation, asks, and waits for the whole reply. */
export function converse(world: ScenarioWorld, client: ChatClient, conversationId: string, prompt: string): void {
  ask(world, client, conversationId, prompt);
  world.finishReply(conversationId);
}

/** Opens a conversation and asks; the reply starts streaming. */
export function ask(world: ScenarioWorld, client: ChatClient, conversationId: string, prompt: string): void {
  client.open(conversationId);
  world.advance(10);
  client.send(prompt);
  world.advance(10);
}

/** Lets backoffs elapse (the server refusing each attempt) until `until` holds; at most `limit` attempts. */
export function retryAgainstDownServer(world: ScenarioWorld, client: ChatClient, until: (snapshot: ChatSnapshot) => boolean, limit: number): void {
  for (let attempt = 0; attempt < limit && !until(client.getSnapshot()); attempt += 1) {
    const { nextRetryAt } = client.getSnapshot().context;
    world.advance(nextRetryAt === null ? 1_000 : Math.max(0, nextRetryAt - world.clock.now()) + 1);
  }
}

/** The research reply as the client holds it, or undefined before it started. */
export function researchReplyOf(client: ChatClient, conversationId: string): ChatMessage | undefined {
  return (client.getSnapshot().context.conversations[conversationId]?.messages ?? []).find((message) => message.role === 'assistant');
}

/** A tool call of the research reply, by tool name. */
export function toolCallOf(message: ChatMessage | undefined, toolName: string): ToolCallPart | undefined {
  return message?.parts?.find((part): part is ToolCallPart => part.type === 'tool-call' && part.toolName === toolName);
}

/**
 * Advances the fake clock one reply step at a time until the research reply reaches the moment
 * `reached` describes, so a scenario stops exactly there (the reply pauses at an approval by
 * itself; other moments pass in one step). Throws if it never does.
 */
export function advanceUntil(world: ScenarioWorld, client: ChatClient, conversationId: string, moment: string, reached: (reply: ChatMessage) => boolean): void {
  for (let step = 0; step < 400; step += 1) {
    const reply = researchReplyOf(client, conversationId);
    if (reply !== undefined && reached(reply)) return;
    world.advance(10);
  }
  throw new Error(`[rejoin] storybook: the research reply never reached ${moment}.`);
}
