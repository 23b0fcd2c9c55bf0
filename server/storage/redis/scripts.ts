/**
 * Every check-and-write of the Redis store is one of these scripts: Redis runs a script alone, so no
 * other instance's command falls between its check and its write.
 *
 * Journal hashes are SHA-256, which Redis Lua lacks (only redis.sha1hex). So the caller computes the
 * next entries from the head it read, and the script appends them only if the head is still that one
 * (else it answers RETRY and the caller re-reads and recomputes). This keeps one valid chain when two
 * instances append at once, costs one round trip when there is no race, and works in a Redis Cluster
 * (one slot per meeting). WATCH/MULTI would do the same with a dedicated connection per write and
 * could not also check domain conditions (pledge version, a unit's live signature) in the same step.
 *
 * Replies: {1, ...} done; {0, why} retry (something moved since the read); {2, code} refused.
 */

/** Shared prelude: KEYS[1] head, KEYS[2] journal; ARGV[1] expected head, ARGV[2] new head, ARGV[3] n entries, then the entries. */
const JOURNAL_CHECK = `
local n = tonumber(ARGV[3])
if n > 0 then
  local head = redis.call('GET', KEYS[1]) or ''
  if head ~= ARGV[1] then return {0, 'head'} end
end
local base = 3 + n
`;
const JOURNAL_APPEND = `
for i = 1, n do redis.call('RPUSH', KEYS[2], ARGV[3 + i]) end
if n > 0 then redis.call('SET', KEYS[1], ARGV[2]) end
`;

/**
 * Journal entries plus compare-and-set of plain string keys. KEYS[3..]: the keys; for each, two ARGV
 * after the entries: the expectation ("*" any, "!" absent, "=<value>" equal) and the write ("*" none,
 * "=<value>" set).
 */
export const COMMIT = `${JOURNAL_CHECK}
for i = 3, #KEYS do
  local expect = ARGV[base + (i - 3) * 2 + 1]
  if expect ~= '*' then
    local cur = redis.call('GET', KEYS[i])
    if expect == '!' then
      if cur then return {0, 'key'} end
    elseif cur ~= string.sub(expect, 2) then
      return {0, 'key'}
    end
  end
end
for i = 3, #KEYS do
  local v = ARGV[base + (i - 3) * 2 + 2]
  if string.sub(v, 1, 1) == '=' then redis.call('SET', KEYS[i], string.sub(v, 2)) end
end
${JOURNAL_APPEND}
return {1}
`;

/**
 * A new meeting. KEYS: head, journal, meeting, links, state, then n link keys, then per document its
 * stream and counter. ARGV after the entries: meeting, state, n links, link ids, link records, n docs, doc updates.
 */
export const CREATE_MEETING = `${JOURNAL_CHECK}
if redis.call('EXISTS', KEYS[3]) == 1 then return {2, 'EXISTS'} end
local a = base + 1
redis.call('SET', KEYS[3], ARGV[a]); a = a + 1
redis.call('SET', KEYS[5], ARGV[a]); a = a + 1
local nl = tonumber(ARGV[a]); a = a + 1
for i = 1, nl do redis.call('RPUSH', KEYS[4], ARGV[a + i - 1]) end
a = a + nl
for i = 1, nl do redis.call('SET', KEYS[5 + i], ARGV[a + i - 1]) end
a = a + nl
local nd = tonumber(ARGV[a]); a = a + 1
for i = 1, nd do
  local s = redis.call('INCR', KEYS[5 + nl + (i - 1) * 2 + 2])
  redis.call('XADD', KEYS[5 + nl + (i - 1) * 2 + 1], '0-' .. s, 'u', ARGV[a + i - 1])
end
${JOURNAL_APPEND}
return {1}
`;

/**
 * A pledge decision's change. KEYS: head, journal, pledge, sigs, live, voided. ARGV after the entries:
 * expected version, new record ("" none), signing unit ("" none), signature JSON, void time ("" none), void reason.
 */
export const PLEDGE = `${JOURNAL_CHECK}
local v = tonumber(redis.call('HGET', KEYS[3], 'v') or '0')
if v ~= tonumber(ARGV[base + 1]) then return {0, 'version'} end
local record, unit, sig, voidAt, reason = ARGV[base + 2], ARGV[base + 3], ARGV[base + 4], ARGV[base + 5], ARGV[base + 6]
if voidAt ~= '' then
  local live = redis.call('HGETALL', KEYS[5])
  for i = 2, #live, 2 do
    redis.call('HSET', KEYS[6], live[i], cjson.encode({at = tonumber(voidAt), reason = reason}))
  end
  redis.call('DEL', KEYS[5])
end
if unit ~= '' then
  -- One live signature per unit, whatever the caller checked.
  if redis.call('HEXISTS', KEYS[5], unit) == 1 then return {2, 'ALREADY_SIGNED'} end
  local len = redis.call('RPUSH', KEYS[4], sig)
  redis.call('HSET', KEYS[5], unit, len - 1)
end
if record ~= '' then redis.call('HSET', KEYS[3], 'json', record, 'v', v + 1) end
${JOURNAL_APPEND}
return {1}
`;

/** The pledge at one instant: KEYS pledge, sigs, voided, head → {json|false, v, head|false, sigs…} with voided as pairs after a count. */
export const READ_PLEDGE = `
local json = redis.call('HGET', KEYS[1], 'json')
local v = redis.call('HGET', KEYS[1], 'v') or '0'
local head = redis.call('GET', KEYS[4]) or ''
local sigs = redis.call('LRANGE', KEYS[2], 0, -1)
local voided = redis.call('HGETALL', KEYS[3])
local out = {json or '', v, head, #sigs}
for i = 1, #sigs do out[#out + 1] = sigs[i] end
for i = 1, #voided do out[#out + 1] = voided[i] end
return out
`;

/** Appends updates to a document's stream. KEYS stream, counter; ARGV the updates → the last seq. */
export const APPEND_DOC = `
local s = 0
for i = 1, #ARGV do
  s = redis.call('INCR', KEYS[2])
  redis.call('XADD', KEYS[1], '0-' .. s, 'u', ARGV[i])
end
return s
`;

/** Snapshot + every update after it, at one instant. KEYS snap, stream, counter → {snap|"", upto, counter, data…}. */
export const LOAD_DOC = `
local snap = redis.call('HMGET', KEYS[1], 'data', 'upto')
local upto = tonumber(snap[2] or '0')
local from = '-'
if upto > 0 then from = '(0-' .. upto end
local entries = redis.call('XRANGE', KEYS[2], from, '+')
local out = {snap[1] or '', upto, tonumber(redis.call('GET', KEYS[3]) or '0')}
for i = 1, #entries do
  local id, fields = entries[i][1], entries[i][2]
  out[#out + 1] = id
  out[#out + 1] = fields[2]
end
return out
`;

/**
 * Stores a snapshot covering seqs up to ARGV[2] and trims the stream only up to it. Fenced by seq: a
 * compactor that read an older state never replaces a newer snapshot (two instances compacting at once).
 */
export const COMPACT_DOC = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'upto') or '0')
local upto = tonumber(ARGV[2])
if upto <= cur then return 0 end
redis.call('HSET', KEYS[1], 'data', ARGV[1], 'upto', upto)
redis.call('XTRIM', KEYS[2], 'MINID', '0-' .. (upto + 1))
return 1
`;

/** Compare-and-set of one string key. KEYS: the key. ARGV: the value expected, the new value. 1 when set. */
export const SET_IF = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1
`;
