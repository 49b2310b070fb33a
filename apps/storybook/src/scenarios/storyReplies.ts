import type { ReplyStep } from '@rejoin/core/testing';
import { RESEARCH_PROMPT, researchReply } from './researchReply.ts';

/**
 * What the fake server's assistant answers in stories: real-looking text, long enough to stream
 * for a few seconds, so designers judge wrapping, the caret and the spacing on something like
 * the real thing rather than on "lorem ipsum".
 */
const REPLIES: Readonly<Record<string, string>> = {
  'Plan a weekend in Lisbon':
    'Day one: start early in Alfama, before the tour groups, and climb to the Miradouro de Santa Luzia for the view over the river. ' +
    'Lunch on grilled sardines in Mouraria, then ride tram 28 to Estrela. Day two: Belém in the morning for the tower and a pastel de nata ' +
    'still warm from the oven, LX Factory in the afternoon, and dinner in Príncipe Real as the lights come on.',
  'Name ideas for my sourdough starter?':
    'Bakers swear by Clint Yeastwood, Bread Pitt, Doughtzilla and Sir Rise-a-Lot. If you prefer something calmer, try Maple, Juniper, ' +
    'or simply Mother, the old bakery word for a starter.',
  'Why do reconnecting clients wait a random time?':
    'When a server goes away, every client that lost it tries to come back. If they all retry on the same schedule they arrive together ' +
    'and knock it over again. Exponential backoff doubles the wait after each failed attempt, and jitter picks a random moment within ' +
    'that window, so the crowd spreads out and the server gets back on its feet.',
  'Draft a friendly reminder about Friday’s demo':
    'Hi team! A quick reminder that our demo is this Friday at 3 pm in the big room. Please have your slides in the shared folder by ' +
    'Thursday noon, and bring one question you would like the audience to ask. Coffee and pastries are on me.',
};

/**
 * The canned reply to a prompt, or a generic one for anything typed in a story. The research
 * prompt (or anything typed starting with "research") gets the scripted reply with parts.
 */
export function storyReply(prompt: string): string | readonly ReplyStep[] {
  if (/^research\b/i.test(prompt)) return researchReply();
  return (
    REPLIES[prompt] ??
    `Good question. Here is a reply to “${prompt.slice(0, 60)}” that streams in one token at a time, so you can drop the connection, ` +
      'refresh the page or restart the server halfway through and watch the client pick up where it left off.'
  );
}

/** The prompts with canned replies, for scenarios that need a few conversations. */
export const STORY_PROMPTS = {
  lisbon: 'Plan a weekend in Lisbon',
  sourdough: 'Name ideas for my sourdough starter?',
  backoff: 'Why do reconnecting clients wait a random time?',
  reminder: 'Draft a friendly reminder about Friday’s demo',
  research: RESEARCH_PROMPT,
} as const;
