import { LuaScript } from './LuaScript.ts';

/**
 * Worker leases, atomic across instances. A conversation's worker is a hash (`owner` instance,
 * `rerun` flag) plus its deadline in one sorted set, so any instance can find expired leases. Time
 * is Redis's own (`TIME`), so the instances' clocks never have to agree.
 */

const NOW = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
`;

/**
 * Taking over an expired lease: a stop its owner never took (see REQUEST_STOP) concerns the reply
 * that owner left streaming, so it is kept as `orphanStop` for the new owner's settling, where
 * renewals (which take `stop`) do not consume it.
 */
const KEEP_ORPHAN_STOP = (key: string): string => `
local stop = redis.call('HGET', ${key}, 'stop')
if stop then
  redis.call('HSET', ${key}, 'orphanStop', stop)
  redis.call('HDEL', ${key}, 'stop')
end`;

/**
 * KEYS: worker, workers. ARGV: instanceId, leaseMs, conversationId. Returns 1 when this instance
 * now owns the worker (it was free, expired, or already ours), else 0 after flagging a rerun for
 * the owner.
 */
export const ACQUIRE_WORKER = new LuaScript(`
${NOW}
local owner = redis.call('HGET', KEYS[1], 'owner')
if owner and owner ~= ARGV[1] then
  local deadline = redis.call('ZSCORE', KEYS[2], ARGV[3])
  if deadline and tonumber(deadline) > now then
    redis.call('HSET', KEYS[1], 'rerun', '1')
    return 0
  end
  ${KEEP_ORPHAN_STOP('KEYS[1]')}
end
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'rerun', '0')
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[3])
return 1
`);

/**
 * KEYS: worker, workers. ARGV: instanceId, leaseMs, conversationId. Returns 1 when released, 0
 * when a rerun was flagged (cleared now; the lease is renewed and still ours), -1 when the lease
 * belongs to another instance.
 */
export const RELEASE_WORKER = new LuaScript(`
${NOW}
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return -1 end
if redis.call('HGET', KEYS[1], 'rerun') == '1' then
  redis.call('HSET', KEYS[1], 'rerun', '0')
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[3])
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[3])
return 1
`);

/**
 * KEYS: workers. ARGV: instanceId, leaseMs, worker key prefix, then conversation ids. Extends the
 * leases this instance still owns and takes the stops requested for them (see REQUEST_STOP);
 * returns { ids it no longer owns, flat list of conversation id and message id to stop }.
 */
export const RENEW_WORKERS = new LuaScript(`
${NOW}
local lost = {}
local stops = {}
for i = 4, #ARGV do
  local key = ARGV[3] .. ARGV[i]
  local state = redis.call('HMGET', key, 'owner', 'stop')
  if state[1] == ARGV[1] then
    redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[i])
    if state[2] then
      redis.call('HDEL', key, 'stop')
      stops[#stops + 1] = ARGV[i]
      stops[#stops + 1] = state[2]
    end
  else
    lost[#lost + 1] = ARGV[i]
  end
end
return { lost, stops }
`);

/**
 * KEYS: worker. ARGV: messageId. Records the stop on the conversation's lease while a worker holds
 * it, so its owner takes it at its next renewal even if it missed the message published next (its
 * connection to Redis was down at that moment). A stop for a message
 * the worker is no longer generating is ignored by it, so a stale record does no harm; releasing
 * the lease deletes it.
 */
export const REQUEST_STOP = new LuaScript(`
if redis.call('HEXISTS', KEYS[1], 'owner') == 1 then redis.call('HSET', KEYS[1], 'stop', ARGV[1]) end
return 1
`);

/**
 * KEYS: workers. ARGV: instanceId, leaseMs, worker key prefix, limit. Takes over up to `limit`
 * expired leases for this instance and returns their conversation ids; another instance sweeping
 * at the same time finds them renewed, so each is adopted once.
 */
export const CLAIM_EXPIRED_WORKERS = new LuaScript(`
${NOW}
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[4]))
for _, id in ipairs(expired) do
  local key = ARGV[3] .. id
  ${KEEP_ORPHAN_STOP('key')}
  redis.call('HSET', key, 'owner', ARGV[1], 'rerun', '0')
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), id)
end
return expired
`);
