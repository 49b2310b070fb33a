import { LuaScript } from './LuaScript.ts';

/**
 * The conversation store's writes and consistent reads, each atomic. A conversation is a hash
 * (owner, timestamps, and the list summary kept up to date on every write: `title` and the first
 * user message it comes from, the count of `streaming` messages, the latest assistant message's
 * status), a list of message ids, one hash
 * per message, and an entry in its owner's sorted set scored by `updatedAt`.
 */

/** Keeps `updatedAt` monotonic and the owner's list order current. Expects `owner` in scope. */
const TOUCH = `
local updated = math.max(tonumber(redis.call('HGET', KEYS[1], 'updatedAt')), tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'updatedAt', updated)
redis.call('ZADD', ARGV[3] .. owner, updated, ARGV[2])
`;

/**
 * KEYS: conversation, owned set of the owner. ARGV: ownerId, createdAt, conversationId.
 * Returns { ownerId, createdAt, updatedAt } of whichever record is stored.
 */
export const CREATE_CONVERSATION = new LuaScript(`
local existing = redis.call('HMGET', KEYS[1], 'ownerId', 'createdAt', 'updatedAt')
if existing[1] then return existing end
redis.call('HSET', KEYS[1], 'ownerId', ARGV[1], 'createdAt', ARGV[2], 'updatedAt', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return { ARGV[1], ARGV[2], ARGV[2] }
`);

/**
 * KEYS: conversation, order, message. ARGV: now, conversationId, owned-set prefix, id, role, text,
 * status, createdAt, seq ('' for none), replyTo ('' for none), title. Returns {-1} when the
 * conversation does not exist, {0, stored message} for a duplicate id, else {1, index}.
 */
export const APPEND_MESSAGE = new LuaScript(`
local owner = redis.call('HGET', KEYS[1], 'ownerId')
if not owner then return { -1 } end
if redis.call('EXISTS', KEYS[3]) == 1 then return { 0, redis.call('HGETALL', KEYS[3]) } end
local index = redis.call('RPUSH', KEYS[2], ARGV[4]) - 1
redis.call('HSET', KEYS[3], 'id', ARGV[4], 'role', ARGV[5], 'text', ARGV[6], 'status', ARGV[7],
  'createdAt', ARGV[8], 'index', index)
if ARGV[9] ~= '' then redis.call('HSET', KEYS[3], 'seq', ARGV[9]) end
if ARGV[10] ~= '' then redis.call('HSET', KEYS[3], 'replyTo', ARGV[10]) end
if ARGV[5] == 'user' and redis.call('HSETNX', KEYS[1], 'titleMessageId', ARGV[4]) == 1 then
  redis.call('HSET', KEYS[1], 'title', ARGV[11])
end
if ARGV[5] == 'assistant' then
  redis.call('HSET', KEYS[1], 'lastAssistantIndex', index, 'lastAssistantStatus', ARGV[7])
end
if ARGV[7] == 'streaming' then redis.call('HINCRBY', KEYS[1], 'streaming', 1) end
${TOUCH}
return { 1, index }
`);

/**
 * KEYS: conversation, message. ARGV: now, conversationId, owned-set prefix, '1' when the patch
 * changes the text (then ARGV[5] is the title that text makes), title, then field/value pairs.
 * Returns the updated message, or false when there is no such message.
 */
export const UPDATE_MESSAGE = new LuaScript(`
local owner = redis.call('HGET', KEYS[1], 'ownerId')
if not owner or redis.call('EXISTS', KEYS[2]) == 0 then return false end
local before = redis.call('HMGET', KEYS[2], 'status', 'role', 'index', 'id')
for i = 6, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
if ARGV[4] == '1' and redis.call('HGET', KEYS[1], 'titleMessageId') == before[4] then
  redis.call('HSET', KEYS[1], 'title', ARGV[5])
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
return redis.call('HGETALL', KEYS[2])
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
 * KEYS: owned set. ARGV: conversation key prefix, order key prefix. Returns, most recently updated
 * first, { conversationId, title, streaming count, latest assistant status, updatedAt, count }.
 */
export const LIST_CONVERSATIONS = new LuaScript(`
local out = {}
for i, id in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, -1)) do
  local c = redis.call('HMGET', ARGV[1] .. id, 'title', 'streaming', 'lastAssistantStatus', 'updatedAt')
  out[i] = { id, c[1] or '', c[2] or '0', c[3] or '', c[4] or '0', redis.call('LLEN', ARGV[2] .. id) }
end
return out
`);
