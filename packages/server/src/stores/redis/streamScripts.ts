import { LuaScript } from './LuaScript.ts';

/**
 * The stream store's writes and consistent reads, each atomic. A stream is a meta hash (`lastSeq`,
 * outcome; `finishReason` is '' while it runs) beside a Redis Stream holding chunk `seq` at entry
 * id `<seq>-1` and the end at `<lastSeq>-2` (see streamEntryId.ts).
 */

/**
 * KEYS: meta. ARGV: conversationId, messageId, ownerId, replyTo, index, startedAt. Returns 1, or 0
 * when the stream exists. The owner's active set and the announcement follow it (other slots).
 */
export const CREATE_STREAM = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'conversationId', ARGV[1], 'messageId', ARGV[2], 'ownerId', ARGV[3],
  'replyTo', ARGV[4], 'index', ARGV[5], 'startedAt', ARGV[6], 'lastSeq', '0',
  'finishReason', '', 'finishedAt', '', 'error', '')
return 1
`);

/**
 * KEYS: meta, stream. ARGV: firstSeq, then a field and a value for each of chunks firstSeq,
 * firstSeq + 1, ...: `t` and the text, or `p` and the part event's JSON. Appends them all or none. Returns 0 when appended, -1 for an unknown stream, -2 for a finished one, else
 * the seq that was expected first.
 */
export const APPEND_CHUNKS = new LuaScript(`
local state = redis.call('HMGET', KEYS[1], 'lastSeq', 'finishReason')
if not state[1] then return -1 end
if state[2] ~= '' then return -2 end
local expected = tonumber(state[1]) + 1
if tonumber(ARGV[1]) ~= expected then return expected end
local seq = expected
for index = 2, #ARGV, 2 do
  redis.call('XADD', KEYS[2], seq .. '-1', ARGV[index], ARGV[index + 1])
  seq = seq + 1
end
redis.call('HSET', KEYS[1], 'lastSeq', seq - 1)
return 0
`);

/**
 * KEYS: meta, stream. ARGV: finishReason, error ('' for none), finishedAt, key TTL in ms. Writes
 * the end entry after the last chunk, so followers read it in order, and starts the retention
 * countdown. Returns { lastSeq, ownerId } (the caller then drops the stream from the owner's active
 * set, in another slot), or -1 (unknown) or -2 (finished).
 */
export const FINISH_STREAM = new LuaScript(`
local state = redis.call('HMGET', KEYS[1], 'lastSeq', 'finishReason', 'ownerId')
if not state[1] then return -1 end
if state[2] ~= '' then return -2 end
redis.call('XADD', KEYS[2], state[1] .. '-2', 'r', ARGV[1], 'e', ARGV[2])
redis.call('HSET', KEYS[1], 'finishReason', ARGV[1], 'finishedAt', ARGV[3], 'error', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return { tonumber(state[1]), state[3] }
`);

/**
 * KEYS: meta, stream. ARGV: afterSeq (an integer >= 0). Returns false for an unknown stream, else
 * { meta as a flat field/value list, entries after afterSeq }. afterSeq is capped at lastSeq so a
 * cursor ahead of the stream still reads the end entry.
 */
export const READ_STREAM = new LuaScript(`
local meta = redis.call('HGETALL', KEYS[1])
if #meta == 0 then return false end
local last = tonumber(redis.call('HGET', KEYS[1], 'lastSeq'))
local from = math.min(tonumber(ARGV[1]), last)
return { meta, redis.call('XRANGE', KEYS[2], '(' .. from .. '-1', '+') }
`);
