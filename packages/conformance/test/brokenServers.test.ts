import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.ts';
import { createFaultyProxy, type Fault } from './support/createFaultyProxy.ts';
import { startReferenceServer, type RunningServer } from './support/startReferenceServer.ts';

// Each broken server is the reference server behind a proxy that injects one fault. The suite
// must fail the case that checks the broken statement, with a message naming its section.

const replayFromStart: Fault = {
  toServer: (frame) => {
    if (frame['type'] === 'hello' && Array.isArray(frame['cursors'])) {
      return { ...frame, cursors: (frame['cursors'] as Record<string, unknown>[]).map((cursor) => ({ ...cursor, lastSeq: 0 })) };
    }
    return frame['type'] === 'subscribe' ? { ...frame, lastSeq: 0 } : frame;
  },
};

const duplicatedChunk: Fault = {
  toClient: (frame) => (frame['type'] === 'chunk' && frame['seq'] === 2 ? [frame, frame] : [frame]),
};

const missingLostStreams: Fault = {
  toClient: (frame) => (frame['type'] === 'welcome' ? [{ ...frame, lostStreams: [] }] : [frame]),
};

/** Forgets which messages were sent: a resend is stored and answered again (the ids are mapped back). */
function resendAnsweredTwice(): Fault {
  const seen = new Set<string>();
  const original = new Map<string, string>();
  let renamed = 0;
  const restore = (id: unknown): unknown => (typeof id === 'string' ? (original.get(id) ?? id) : id);
  return {
    toServer: (frame) => {
      if (frame['type'] !== 'send') return frame;
      const id = String(frame['messageId']);
      if (!seen.has(id)) {
        seen.add(id);
        return frame;
      }
      const fresh = `${id}_again${++renamed}`;
      original.set(fresh, id);
      return { ...frame, messageId: fresh };
    },
    toClient: (frame) => [
      frame['type'] === 'ack' ? { ...frame, messageId: restore(frame['messageId']) } : frame['type'] === 'message_start' ? { ...frame, replyTo: restore(frame['replyTo']) } : frame,
    ],
  };
}

/** Authenticates everybody as the first user it saw: another user's data leaks. */
function everyoneIsOneUser(): Fault {
  let first: unknown;
  return {
    toServer: (frame) => {
      if (frame['type'] !== 'hello') return frame;
      first ??= frame['token'];
      return { ...frame, token: first };
    },
  };
}

/** The cases the faults below break: each passes through a proxy that injects nothing. */
const CONTROL_CASES = ['resume.cursor-mid-stream', 'stream.contiguous-seqs', 'resume.cursor-unknown', 'send.resend-same-connection', 'auth.list-and-active-streams', 'auth.load-other-user'];

describe('deliberately broken servers fail, naming the section', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startReferenceServer();
  });
  afterAll(() => server.close());

  async function failureOf(fault: Fault, caseId: string): Promise<string> {
    const proxy = await createFaultyProxy(server.url, fault);
    try {
      const report = await runConformance({ url: proxy.url, only: [caseId] });
      const result = report.cases.find((item) => item.id === caseId);
      expect(result?.status).toBe('fail');
      expect(report.ok).toBe(false);
      return result?.reason ?? '';
    } finally {
      await proxy.close();
    }
  }

  it('the proxy alone breaks nothing: the same cases pass through it', async () => {
    const proxy = await createFaultyProxy(server.url, {});
    try {
      const report = await runConformance({ url: proxy.url, only: CONTROL_CASES });
      expect(report.cases.filter((item) => item.status !== 'pass')).toEqual([]);
      expect(report.cases).toHaveLength(CONTROL_CASES.length);
    } finally {
      await proxy.close();
    }
  });

  it('replay from the start fails §4', async () => {
    expect(await failureOf(replayFromStart, 'resume.cursor-mid-stream')).toMatch(/^§4 Connection lifecycle: replay after a hello cursor: expected seq 3, got 1/);
  });

  it('a duplicated chunk fails §8', async () => {
    expect(await failureOf(duplicatedChunk, 'stream.contiguous-seqs')).toMatch(/^§8 Streaming a reply: the live stream: expected seq 3, got 2/);
  });

  it('a missing lostStreams entry fails §4', async () => {
    expect(await failureOf(missingLostStreams, 'resume.cursor-unknown')).toMatch(/^§4 Connection lifecycle: the unknown cursor is missing from lostStreams/);
  });

  it('a resend answered twice fails §7', async () => {
    expect(await failureOf(resendAnsweredTwice(), 'send.resend-same-connection')).toMatch(/^§7 Sending a message: a resend was acked with duplicate false/);
  });

  it("another user's conversation loaded fails §15", async () => {
    expect(await failureOf(everyoneIsOneUser(), 'auth.load-other-user')).toMatch(/^§15 Authorization: load leaked another user's data/);
  });

  it("another user's stream listed fails §15", async () => {
    expect(await failureOf(everyoneIsOneUser(), 'auth.list-and-active-streams')).toMatch(/^§15 Authorization: activeStreams holds another user's stream/);
  });
});
