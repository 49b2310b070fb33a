import { LuaScript } from './LuaScript.ts';

/**
 * The conversation store's writes and consistent reads, each atomic. A conversation is a hash
 * (owner, timestamps, and the list summary kept up to date on every write: `title` and the first
 * user message it comes from, the count of `streaming` messages, the latest assistant message's
 * status), a list of message ids, one hash
 * per message, all in one slot on a cluster, and an entry in its owner's sorted set scored by
 * `updatedAt`, in another slot: the scripts return the owner and `updatedAt`, and the store moves
 * the entry after them with `ZADD GT`, which never moves it back.
 */

/** Keeps `updatedAt` monotonic; leaves it in `updated`. */
const TOUCH = `
local updated = math.max(tonumber(redis.call('HGET', KEYS[1], 'updatedAt')), tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'updatedAt', updated)
`;

/**
 * KEYS: conversation. ARGV: ownerId, createdAt. Returns { ownerId, createdAt, updatedAt } of
 * whichever record is stored.
 */
export const CREATE_CONVERSATION = new LuaScript(`
local existing = redis.call('HMGET', KEYS[1], 'ownerId', 'createdAt', 'updatedAt')
if existing[1] then return existing end
redis.call('HSET', KEYS[1], 'ownerId', ARGV[1], 'createdAt', ARGV[2], 'updatedAt', ARGV[2])
return { ARGV[1], ARGV[2], ARGV[2] }
`);

/**
 * KEYS: conversation, order, message. ARGV: now, id, role, text, status, createdAt, seq ('' for
 * none), replyTo ('' for none), title, parts as JSON ('' for none). Returns {-1} when the conversation does not exist, {0, stored message} for a duplicate id, else {1, index, ownerId, updatedAt}.
 */
export const APPEND_MESSAGE = new LuaScript(`
local owner = redis.call('HGET', KEYS[1], 'ownerId')
if not owner then return { -1 } end
if redis.call('EXISTS', KEYS[3]) == 1 then return { 0, redis.call('HGETALL', KEYS[3]) } end
local index = redis.call('RPUSH', KEYS[2], ARGV[2]) - 1
redis.call('HSET', KEYS[3], 'id', ARGV[2], 'role', ARGV[3], 'text', ARGV[4], 'status', ARGV[5],
  'createdAt', ARGV[6], 'index', index)
if ARGV[7] ~= '' then redis.call('HSET', KEYS[3], 'seq', ARGV[7]) end
if ARGV[8] ~= '' then redis.call('HSET', KEYS[3], 'replyTo', ARGV[8]) end
if ARGV[10] ~= '' then redis.call('HSET', KEYS[3], 'parts', ARGV[10]) end
if ARGV[3] == 'user' and redis.call('HSETNX', KEYS[1], 'titleMessageId', ARGV[2]) == 1 then
  redis.call('HSET', KEYS[1], 'title', ARGV[9])
end
if ARGV[3] == 'assistant' then
  redis.call('HSET', KEYS[1], 'lastAssistantIndex', index, 'lastAssistantStatus', ARGV[5])
end
if ARGV[5] == 'streaming' then redis.call('HINCRBY', KEYS[1], 'streaming', 1) end
${TOUCH}
return { 1, index, owner, updated }
`);

/**
 * KEYS: conversation, message. ARGV: now, '1' when the patch changes the text (then ARGV[3] is
 * the title that text makes), title, then field/value pairs. Returns { updated message,
 * ownerId, updatedAt }, or false when there is no such message.
 */
export const UPDATE_MESSAGE = new LuaScript(`
local owner = redis.call('HGET', KEYS[1], 'ownerId')
if not owner or redis.call('EXISTS', KEYS[2]) == 0 then return false end
local before = redis.call('HMGET', KEYS[2], 'status', 'role', 'index', 'id')
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
if ARGV[2] == '1' and redis.call('HGET', KEYS[1], 'titleMessageId') == before[4] then
  redis.call('HSET', KEYS[1], 'title', ARGV[3])
end
local after = redis.call('HGET', KEYS[2], 'status')
if before[1] ~= after then
  if before[1] == 'streaming' then redis.call('HINCRBY', KEYS[1], 'streaming', -1) end
  if after == 'streaming' then redis.call('HINCRBY', KEYS[1], 'streaming', 1) end
  if before[2] == 'assistant' and redis.call('HGET', KEYS[1], 'lastAssistantIndex') == before[3] then
    redis.call('HSET', KEYS[1], 'lastAssistantStatus', after)
  end
end
${TOUCH}
return { redis.call('HGETALL', KEYS[2]), owner, updated }
`);

/**
 * KEYS: order. ARGV: prefix of the conversation's message keys, start index for LRANGE (0 for
 * all, -n for the last n). Returns each message as a flat field/value list, oldest first.
 */
export const HISTORY = new LuaScript(`
local out = {}
for i, id in ipairs(redis.call('LRANGE', KEYS[1], tonumber(ARGV[2]), -1)) do
  out[i] = redis.call('HGETALL', ARGV[1] .. id)
end
return out
`);

/**
 * KEYS: conversation, order. Returns the conversation's list row: { title, streaming count,
 * latest assistant status, updatedAt, message count }.
 */
export const CONVERSATION_SUMMARY = new LuaScript(`
local c = redis.call('HMGET', KEYS[1], 'title', 'streaming', 'lastAssistantStatus', 'updatedAt')
return { c[1] or '', c[2] or '0', c[3] or '', c[4] or '0', redis.call('LLEN', KEYS[2]) }
`);
