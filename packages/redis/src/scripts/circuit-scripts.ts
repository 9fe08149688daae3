import { CIRCUIT_WINDOW_BUCKETS } from '@tp/core';
import { luaScript, SERVER_NOW } from './lua-script.js';

/**
 * The breaker state machine of @tp/core (circuit-state-machine.ts: admitCall, peekAdmission,
 * settleCall), ported to Lua over the same JSON record, so every step is atomic on the server and
 * instances share one breaker. Times are server milliseconds. KEYS[1]: a hash with the state
 * ('s') and generation ('g') apart, so a closed breaker answers without decoding anything, and the
 * whole record as JSON ('r'). ARGV[1]: operation ('admit' | 'peek' | 'settle'), ARGV[2]: the policy
 * as JSON, then for settle the admission as JSON and the result. Returns JSON (admission or
 * transition), or '' for none.
 */
const source = `${SERVER_NOW}
local BUCKETS = ${CIRCUIT_WINDOW_BUCKETS}
local RECORD_TTL_MS = 86400000
local operation = ARGV[1]
local head = redis.call('HMGET', KEYS[1], 's', 'g')
if operation ~= 'settle' and (not head[1] or head[1] == 'closed') then
  return '{"allowed":true,"state":"closed","generation":' .. (head[2] or '0') .. ',"retryAfterMs":0}'
end
local now = math.floor(server_now())
local policy = cjson.decode(ARGV[2])

local function fresh()
  local record = { state = 'closed', generation = 0, openedAt = 0, probesInFlight = 0,
    probeLeases = {}, probeSuccesses = 0, epochs = {}, failures = {}, successes = {} }
  for i = 1, BUCKETS do
    record.epochs[i] = -1
    record.failures[i] = 0
    record.successes[i] = 0
  end
  return record
end

local raw = redis.call('HGET', KEYS[1], 'r')
local record = raw and cjson.decode(raw) or fresh()

local function save()
  redis.call('HSET', KEYS[1], 's', record.state, 'g', record.generation, 'r', cjson.encode(record))
  redis.call('PEXPIRE', KEYS[1], RECORD_TTL_MS)
end

local function live_leases()
  local leases = {}
  for _, expires_at in ipairs(record.probeLeases) do
    if expires_at > now then leases[#leases + 1] = expires_at end
  end
  return leases
end

local function earliest(leases)
  local first = leases[1]
  for _, expires_at in ipairs(leases) do
    if expires_at < first then first = expires_at end
  end
  return first
end

local function refused(retry_after)
  return cjson.encode({ allowed = false, state = record.state, generation = record.generation,
    retryAfterMs = retry_after })
end

local function move_to(to)
  local from = record.state
  record.state = to
  record.generation = record.generation + 1
  record.probesInFlight = 0
  record.probeLeases = {}
  record.probeSuccesses = 0
  if to == 'open' then record.openedAt = now end
  if to == 'closed' then
    for i = 1, BUCKETS do
      record.epochs[i] = -1
      record.failures[i] = 0
      record.successes[i] = 0
    end
  end
  return cjson.encode({ from = from, to = to })
end

local lease_ms = policy.probeLeaseMs or policy.resetTimeoutMs

if operation == 'admit' or operation == 'peek' then
  local transition = nil
  if record.state == 'open' then
    local retry_after = record.openedAt + policy.resetTimeoutMs - now
    if retry_after > 0 then return refused(retry_after) end
    if operation == 'peek' then
      return cjson.encode({ allowed = true, state = 'half_open', generation = record.generation + 1,
        retryAfterMs = 0 })
    end
    transition = cjson.decode(move_to('half_open'))
  end
  local leases = live_leases()
  if #leases >= policy.halfOpenMaxCalls then
    if transition then save() end
    return refused(math.max(1, earliest(leases) - now))
  end
  if operation == 'peek' then
    return cjson.encode({ allowed = true, state = 'half_open', generation = record.generation,
      retryAfterMs = 0 })
  end
  local expires_at = now + lease_ms
  leases[#leases + 1] = expires_at
  record.probeLeases = leases
  record.probesInFlight = #leases
  save()
  return cjson.encode({ allowed = true, state = 'half_open', generation = record.generation,
    retryAfterMs = 0, probeExpiresAt = expires_at, transition = transition })
end

-- settle
local admission = cjson.decode(ARGV[3])
local result = ARGV[4]
if admission.generation ~= record.generation or admission.state ~= record.state then return '' end
if record.state == 'half_open' then
  local leases = live_leases()
  for index, expires_at in ipairs(leases) do
    if expires_at == admission.probeExpiresAt then
      table.remove(leases, index)
      break
    end
  end
  record.probeLeases = leases
  record.probesInFlight = #leases
  local transition = ''
  if result == 'failure' then
    transition = move_to('open')
  elseif result == 'success' then
    record.probeSuccesses = record.probeSuccesses + 1
    if record.probeSuccesses >= policy.successThreshold then transition = move_to('closed') end
  end
  save()
  return transition
end
if result == 'ignore' then return '' end
local bucket_ms = policy.windowMs / BUCKETS
local epoch = math.floor(now / bucket_ms)
local slot = (epoch % BUCKETS) + 1
if record.epochs[slot] ~= epoch then
  record.epochs[slot] = epoch
  record.failures[slot] = 0
  record.successes[slot] = 0
end
if result == 'success' then
  record.successes[slot] = record.successes[slot] + 1
  save()
  return ''
end
record.failures[slot] = record.failures[slot] + 1
local failures = 0
local total = 0
for i = 1, BUCKETS do
  if record.epochs[i] > epoch - BUCKETS then
    failures = failures + record.failures[i]
    total = total + record.failures[i] + record.successes[i]
  end
end
local trips
if policy.failureRateThreshold == nil then
  trips = failures >= policy.failureThreshold
else
  trips = total >= policy.minimumCalls and failures / total >= policy.failureRateThreshold
end
local transition = ''
if trips then transition = move_to('open') end
save()
return transition
`;

export const circuitStep = luaScript(source);
