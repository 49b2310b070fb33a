import type { ErrorFrame } from '@rejoin/core/protocol';
import { check } from '../suite/CaseFailure.ts';
import { CaseSkip } from '../suite/CaseSkip.ts';
import { defineCase } from '../suite/ConformanceCase.ts';

/** §16 Limits. */
export const LIMIT_CASES = [
  defineCase({
    id: 'limits.frame-too-large',
    section: '16',
    title: 'a frame over maxFrameBytes UTF-8 bytes (but not in UTF-16 units) gets frame_too_large, not fatal; the connection stays open',
    async run(context) {
      const { client, welcome } = await context.join();
      const max = welcome.limits.maxFrameBytes;
      // "€" is 1 UTF-16 unit and 3 UTF-8 bytes: this frame is about maxFrameBytes / 2 units and 1.5 × maxFrameBytes bytes.
      const text = '€'.repeat(Math.ceil(max / 2));
      const frame = JSON.stringify({ type: 'send', conversationId: context.newId('cv'), messageId: context.newId('us'), text });
      if (Buffer.byteLength(frame) > 4 * max) throw new CaseSkip('the frame would pass the hard transport cap');
      const from = client.mark();
      client.sendText(frame);
      const error = await context.waitError(client, '16', 'an error for an oversized frame', from);
      check(error.code === 'frame_too_large', '1', `a frame of ${Buffer.byteLength(frame)} UTF-8 bytes (limit ${max}) got ${error.code}`);
      check(error.fatal !== true, '16', 'frame_too_large was fatal');
      await client.barrier('16');
    },
  }),
  defineCase({
    id: 'limits.frame-at-limit',
    section: '1',
    title: 'a frame of exactly maxFrameBytes UTF-8 bytes is accepted',
    async run(context) {
      const { client, welcome } = await context.join();
      const max = welcome.limits.maxFrameBytes;
      const conversationId = context.newId('cv');
      const skeleton = JSON.stringify({ type: 'load', conversationId, pad: '' });
      if (skeleton.length > max) throw new CaseSkip('maxFrameBytes is smaller than a load frame');
      const frame = JSON.stringify({ type: 'load', conversationId, pad: 'x'.repeat(max - skeleton.length) });
      const from = client.mark();
      client.sendText(frame);
      const error = await context.waitError(client, '1', 'the not_found answer to a load at the size limit', from);
      check(error.code === 'not_found', '1', `a frame of exactly maxFrameBytes was answered ${error.code}`);
    },
  }),
  defineCase({
    id: 'limits.rate-limited',
    section: '16',
    title: 'past its rate limit the server answers rate_limited with retryAfterMs, drops the frame and keeps the connection open',
    async run(context) {
      const { client } = await context.join();
      const from = client.mark();
      const frames = context.options.rateLimitProbeFrames;
      const ids = Array.from({ length: frames }, () => context.newId('cv'));
      for (const conversationId of ids) client.send({ type: 'load', conversationId });
      // Every load is answered once, naming its conversation: not_found, or rate_limited when
      // dropped (keep-alive pongs and their own refusals carry no conversation and do not count).
      const probe = new Set(ids);
      const answersSoFar = () => client.frames.slice(from).filter((frame) => 'conversationId' in frame && probe.has(frame.conversationId ?? ''));
      await client.waitFor('16', () => answersSoFar().length >= frames, `answers to ${frames} loads`, from);
      const answers = answersSoFar();
      const limited = answers.filter((frame): frame is ErrorFrame => frame.type === 'error' && frame.code === 'rate_limited');
      if (limited.length === 0) throw new CaseSkip(`no rate_limited after ${frames} frames at once (rate limits are server policy)`);
      for (const error of limited) {
        check(typeof error.retryAfterMs === 'number', '16', 'rate_limited without retryAfterMs');
        check(error.fatal !== true, '16', 'rate_limited was fatal');
      }
      check(!client.isClosed, '16', 'the connection closed after rate_limited');
      const answered = new Set(answers.map((frame) => ('conversationId' in frame ? frame.conversationId : '')));
      check(answered.size === frames, '16', `${frames} loads got ${answers.length} answers for ${answered.size} of them: each frame is answered once, dropped or not`);
      // Per connection: another connection of the same user is not limited by this one's flood.
      const other = await context.join();
      const otherFrom = other.client.mark();
      other.client.send({ type: 'list' });
      const answer = await other.client.waitFor('16', (frame) => frame.type === 'conversations' || frame.type === 'error', 'an answer to list on a fresh connection', otherFrom);
      check(answer.type === 'conversations', '16', `a fresh connection of the same user was answered ${JSON.stringify(answer)}: rate limits are per connection`);
    },
  }),
];
