import type { JournalEntry } from "../../../shared/journal/chain";
import { ERROR_CODES } from "../../../shared/protocol/errors";
import { canonicalJson } from "../../../shared/util/hash";
import type { PollState } from "../../../shared/voting/poll";
import { DomainError, StorageFailure } from "../../errors";
import { drawReceipt, opHash, sealReceipt, unsealReceipt, type BallotSeal } from "../ballot-seal";
import { sortBallots, type CastInput, type CastOutcome, type PollDecision, type PollRecord, type StoredBallot, type VoterRecord } from "../polls";
import type { JournalInput, LinkRecord } from "../store";
import { text, type RedisConnection, type Reply } from "./connection";
import { keys } from "./keys";
import { chain, parseHead, type Head } from "./journal-head";

/** Compare-and-set attempts before a poll write gives up (each retry means another instance wrote first). */
const MAX_ATTEMPTS = 50;
/** How long this process trusts its list of a meeting's delegate links per unit (links change only when the definition is edited before the meeting). */
const LINKS_TTL_MS = 30_000;

/**
 * Head check for the poll scripts. Unlike the other scripts, the domain checks (open, present, one per
 * unit) come first, so a refusal needs no retry; the head is compared just before the writes.
 * KEYS[1] head, KEYS[2] journal; ARGV[1] expected head, ARGV[2] new head, ARGV[3] n entries, then the entries.
 */
export const HEAD = `
local n = tonumber(ARGV[3])
local base = 3 + n
local function headMoved()
  if n == 0 then return false end
  return (redis.call('GET', KEYS[1]) or '') ~= ARGV[1]
end
local function append()
  for i = 1, n do redis.call('RPUSH', KEYS[2], ARGV[3 + i]) end
  if n > 0 then redis.call('SET', KEYS[1], ARGV[2]) end
end
`;

/**
 * One ballot. KEYS: head, journal, poll, voters, state, ballots (show of hands: hash receipt → choices;
 * secret: the set of sealed ballots), tags (secret: receipt tags), then the unit's delegate link keys.
 * ARGV after the entries: unit, voter JSON, receipt (show of hands) or receipt tag (secret), ballot
 * value (choices JSON, or the sealed ballot).
 * → {1} stored; {3, voter} the unit has a ballot (the caller tells a retry from a second operation);
 *   {2, code, state} refused; {0, why} retry.
 */
export const POLL_CAST = `${HEAD}
local unit = ARGV[base + 1]
local prior = redis.call('HGET', KEYS[4], unit)
if prior then return {3, prior} end
local pj = redis.call('GET', KEYS[3])
if not pj then return {2, 'NOT_FOUND', ''} end
local poll = cjson.decode(pj)
if poll.state ~= 'open' then return {2, 'NOT_OPEN', poll.state} end
-- Recorded present: the chair's mark wins; without one, a delegate link of the unit has joined.
local mark = nil
local st = redis.call('GET', KEYS[5])
if st then
  local marks = cjson.decode(st).marks
  if type(marks) == 'table' then mark = marks[unit] end
end
local present = mark == 'present'
if mark == nil or mark == cjson.null then
  for i = 8, #KEYS do
    local raw = redis.call('GET', KEYS[i])
    if raw then
      local l = cjson.decode(raw)
      if l.role == 'delegate' and l.unit == unit and l.firstSeenAt ~= nil and l.firstSeenAt ~= cjson.null then present = true end
    end
  end
end
if not present then return {2, 'NOT_PRESENT', ''} end
local secret = poll.visibility == 'secret'
if secret then
  if redis.call('SISMEMBER', KEYS[7], ARGV[base + 3]) == 1 then return {0, 'receipt'} end
elseif redis.call('HEXISTS', KEYS[6], ARGV[base + 3]) == 1 then
  return {0, 'receipt'}
end
if headMoved() then return {0, 'head'} end
redis.call('HSET', KEYS[4], unit, ARGV[base + 2])
if secret then
  redis.call('SADD', KEYS[6], ARGV[base + 4])
  redis.call('SADD', KEYS[7], ARGV[base + 3])
else
  redis.call('HSET', KEYS[6], ARGV[base + 3], ARGV[base + 4])
end
append()
return {1}
`;

/** A new poll. KEYS: head, journal, poll, polls list. ARGV after the entries: poll JSON, poll id. */
export const POLL_CREATE = `${HEAD}
if redis.call('EXISTS', KEYS[3]) == 1 then return {2, 'POLL_EXISTS', ''} end
if headMoved() then return {0, 'head'} end
redis.call('SET', KEYS[3], ARGV[base + 1])
redis.call('RPUSH', KEYS[4], ARGV[base + 2])
append()
return {1}
`;

/**
 * A transition decided on what READ_POLL returned. KEYS: head, journal, poll, voters, sealed, tags,
 * opened. ARGV after the entries: the poll JSON as read, the next poll JSON, the number of voters read,
 * the opened ballot set ("" none: written at a secret poll's close, when the sealed set goes).
 */
export const POLL_UPDATE = `${HEAD}
if redis.call('GET', KEYS[3]) ~= ARGV[base + 1] then return {0, 'poll'} end
if redis.call('HLEN', KEYS[4]) ~= tonumber(ARGV[base + 3]) then return {0, 'voters'} end
if headMoved() then return {0, 'head'} end
redis.call('SET', KEYS[3], ARGV[base + 2])
if ARGV[base + 4] ~= '' then
  redis.call('SET', KEYS[7], ARGV[base + 4])
  redis.call('DEL', KEYS[5], KEYS[6])
end
append()
return {1}
`;

/** One poll at one instant. KEYS: poll, head, voters, ballots, sealed, opened → {poll, head, voters (pairs), ballots (pairs), sealed, opened}. */
export const READ_POLL = `
return {
  redis.call('GET', KEYS[1]) or '',
  redis.call('GET', KEYS[2]) or '',
  redis.call('HGETALL', KEYS[3]),
  redis.call('HGETALL', KEYS[4]),
  redis.call('SMEMBERS', KEYS[5]),
  redis.call('GET', KEYS[6]) or ''
}
`;

interface StoredVoter {
  unit: string;
  opHash: string;
  linkId: string;
  castAt: number;
  sealedReceipt: string | null;
  receipt: string | null;
  ballot: unknown;
}

const pairs = (r: Reply): [string, string][] => {
  const a = (r as Reply[]) ?? [];
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < a.length; i += 2) out.push([text(a[i]), text(a[i + 1])]);
  return out;
};

interface PollRead {
  raw: string;
  poll: PollRecord | null;
  head: Head;
  voters: StoredVoter[];
  ballots: StoredBallot[];
}

/**
 * The Redis store's poll operations (docs/architecture.md, "Secret ballots in Redis"). Every
 * check-and-write is one Lua script above, conditioned on the journal head the caller chained from.
 *
 * Secret polls keep "who voted" (the voters hash: unit, time, link, the opId's hash and the receipt
 * sealed under the opId) apart from "what" (a set of ballots sealed with AES-256-GCM under a key
 * derived from LINK_SECRET, which is in every instance's configuration and never in Redis). The AOF
 * logs each cast's writes together and in order, so the order is not hidden; what is hidden is the
 * content: without the key a sealed ballot cannot be opened, and no per-choice count or plain receipt
 * is stored before the close. The close opens the whole set in the same script that closes the poll and
 * stores it once, sorted by the random receipt.
 */
export class RedisPolls {
  private readonly unitLinks = new Map<string, { at: number; byUnit: Map<string, string[]> }>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly queued: <T>(meetingId: string, task: () => Promise<T>) => Promise<T>,
    private readonly seal: BallotSeal | null,
  ) {}

  private sealer(): BallotSeal {
    if (!this.seal) throw new StorageFailure("secret ballots in Redis need the ballot seal key (LINK_SECRET)");
    return this.seal;
  }

  async list(meetingId: string): Promise<PollRecord[]> {
    const k = keys(meetingId);
    const ids = ((await this.redis.command(["LRANGE", k.polls, "0", "-1"])) as Buffer[]).map((b) => b.toString());
    if (!ids.length) return [];
    const raws = (await this.redis.command(["MGET", ...ids.map((id) => k.poll(id))])) as (Buffer | null)[];
    return raws.filter((r): r is Buffer => !!r).map((r) => JSON.parse(r.toString()) as PollRecord);
  }

  async get(meetingId: string, pollId: string): Promise<PollRecord | null> {
    const raw = text(await this.redis.command(["GET", keys(meetingId).poll(pollId)]));
    return raw ? (JSON.parse(raw) as PollRecord) : null;
  }

  /** The poll, the journal head, its voters and its ballots (opened) at one instant. */
  private async read(meetingId: string, pollId: string): Promise<PollRead> {
    const k = keys(meetingId);
    const out = (await this.redis.script(READ_POLL, [k.poll(pollId), k.head, k.pollVoters(pollId), k.pollBallots(pollId), k.pollSealed(pollId), k.pollOpened(pollId)], [])) as Reply[];
    const raw = text(out[0]);
    const poll = raw ? (JSON.parse(raw) as PollRecord) : null;
    const voters = pairs(out[2]!).map(([, v]) => JSON.parse(v) as StoredVoter);
    let ballots: StoredBallot[];
    const opened = text(out[5]);
    if (poll?.visibility === "secret") {
      if (opened) ballots = JSON.parse(opened) as StoredBallot[];
      else {
        const sealed = ((out[4] as Reply[]) ?? []).map((b) => text(b));
        ballots = sealed.map((s) => {
          const b = this.sealer().open(meetingId, pollId, s);
          if (!b) throw new StorageFailure(`a sealed ballot of ${meetingId}/${pollId} does not open with this instance's key (is LINK_SECRET the same on every instance?)`);
          return b;
        });
      }
    } else ballots = pairs(out[3]!).map(([receipt, choices]) => ({ receipt, choices: JSON.parse(choices) as unknown }));
    return { raw, poll, head: parseHead(text(out[1])), voters, ballots: sortBallots(ballots) };
  }

  async voters(meetingId: string, pollId: string): Promise<VoterRecord[]> {
    const rows = pairs(await this.redis.command(["HGETALL", keys(meetingId).pollVoters(pollId)])).map(([, v]) => JSON.parse(v) as StoredVoter);
    return rows.sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0)).map((v) => ({ unit: v.unit, castAt: v.castAt, ballot: v.ballot ?? null, receipt: v.receipt }));
  }

  async ballots(meetingId: string, pollId: string): Promise<StoredBallot[]> {
    return (await this.read(meetingId, pollId)).ballots;
  }

  async unitVotes(meetingId: string, unit: string): Promise<{ pollId: string; castAt: number }[]> {
    const k = keys(meetingId);
    const ids = ((await this.redis.command(["LRANGE", k.polls, "0", "-1"])) as Buffer[]).map((b) => b.toString());
    const out: { pollId: string; castAt: number }[] = [];
    for (const pollId of ids) {
      const raw = text(await this.redis.command(["HGET", k.pollVoters(pollId), unit]));
      if (raw) out.push({ pollId, castAt: (JSON.parse(raw) as StoredVoter).castAt });
    }
    return out;
  }

  /** Runs a script until nothing moved between the read and the write; {1} resolves once durable. */
  private async attempt(meetingId: string, run: () => Promise<Reply[] | { done: true }>): Promise<Reply[]> {
    return this.queued(meetingId, async () => {
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        const reply = await run();
        if (!Array.isArray(reply)) return [1];
        const status = Number(reply[0]);
        if (status === 0) {
          // Another instance wrote first (or a receipt was taken): back off a little, with jitter.
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(2 ** i, 50)));
          continue;
        }
        if (status === 1) await this.redis.durable();
        return reply;
      }
      throw new StorageFailure(`gave up after ${MAX_ATTEMPTS} attempts: other writers kept moving the poll or the journal`);
    });
  }

  async create(poll: PollRecord, journal: JournalInput): Promise<JournalEntry> {
    const k = keys(poll.meetingId);
    let entry: JournalEntry | null = null;
    const reply = await this.attempt(poll.meetingId, async () => {
      const head = parseHead(text(await this.redis.command(["GET", k.head])));
      const c = chain(head, [journal]);
      entry = c.entries[0]!;
      return (await this.redis.script(POLL_CREATE, [k.head, k.journal, k.poll(poll.id), k.polls], [...c.args, JSON.stringify(poll), poll.id])) as Reply[];
    });
    if (Number(reply[0]) === 2) throw new DomainError(ERROR_CODES.CONFLICT, `Cuộc biểu quyết ${poll.id} đã có. (Poll ${poll.id} exists.)`);
    return entry!;
  }

  async update<T>(meetingId: string, pollId: string, decide: PollDecision<T>): Promise<{ result: T; poll: PollRecord; entries: JournalEntry[] }> {
    const k = keys(meetingId);
    let out: { result: T; poll: PollRecord; entries: JournalEntry[] } | null = null;
    await this.attempt(meetingId, async () => {
      const read = await this.read(meetingId, pollId);
      if (!read.poll) throw new DomainError(ERROR_CODES.NOT_FOUND, `Không có cuộc biểu quyết ${pollId}. (No poll ${pollId}.)`);
      const change = decide({ poll: read.poll, ballots: read.ballots, voters: read.voters.map((v) => v.unit).sort() });
      const c = chain(read.head, change.journal);
      out = { result: change.result, poll: change.poll, entries: c.entries };
      // A secret poll's ballots are opened once, at the close, in the step that closes it.
      const opens = read.poll.visibility === "secret" && read.poll.state === "open" && change.poll.state === "closed";
      const opened = opens ? canonicalJson(read.ballots) : "";
      return (await this.redis.script(
        POLL_UPDATE,
        [k.head, k.journal, k.poll(pollId), k.pollVoters(pollId), k.pollSealed(pollId), k.pollTags(pollId), k.pollOpened(pollId)],
        [...c.args, read.raw, JSON.stringify(change.poll), String(read.voters.length), opened],
      )) as Reply[];
    });
    return out!;
  }

  /** The keys of the unit's delegate links (for the present check), from a short-lived per-meeting cache. */
  private async linkKeys(meetingId: string, unit: string): Promise<string[]> {
    const k = keys(meetingId);
    let cached = this.unitLinks.get(meetingId);
    if (!cached || Date.now() - cached.at > LINKS_TTL_MS || !cached.byUnit.has(unit)) {
      const ids = ((await this.redis.command(["LRANGE", k.links, "0", "-1"])) as Buffer[]).map((b) => b.toString());
      const raws = ids.length ? ((await this.redis.command(["MGET", ...ids.map((id) => k.link(id))])) as (Buffer | null)[]) : [];
      const byUnit = new Map<string, string[]>();
      for (const r of raws) {
        if (!r) continue;
        const l = JSON.parse(r.toString()) as LinkRecord;
        if (l.role !== "delegate" || !l.unit) continue;
        byUnit.set(l.unit, [...(byUnit.get(l.unit) ?? []), k.link(l.linkId)]);
      }
      this.unitLinks.set(meetingId, (cached = { at: Date.now(), byUnit }));
    }
    return cached.byUnit.get(unit) ?? [];
  }

  async cast(meetingId: string, pollId: string, input: CastInput): Promise<CastOutcome> {
    const k = keys(meetingId);
    const hash = opHash(pollId, input.opId);
    const links = await this.linkKeys(meetingId, input.unit);
    let stored: { receipt: string; entry: JournalEntry } | null = null;
    const reply = await this.attempt(meetingId, async () => {
      const [pollRaw, headRaw] = (await this.redis.command(["MGET", k.poll(pollId), k.head])) as (Buffer | null)[];
      const poll = pollRaw ? (JSON.parse(pollRaw.toString()) as PollRecord) : null;
      const secret = poll?.visibility === "secret";
      const receipt = drawReceipt();
      const voter: StoredVoter = {
        unit: input.unit,
        opHash: hash,
        linkId: input.linkId,
        castAt: input.now,
        sealedReceipt: secret ? sealReceipt(receipt, pollId, input.opId) : null,
        receipt: secret ? null : receipt,
        ballot: secret ? null : input.ballot,
      };
      // The journal says that the unit voted; only a show of hands also says how.
      const c = chain(parseHead(text(headRaw)), [
        { actor: input.actor, type: "poll.ballot_cast", data: secret ? { pollId, unit: input.unit } : { pollId, unit: input.unit, ballot: input.ballot, receipt }, ts: input.now },
      ]);
      stored = { receipt, entry: c.entries[0]! };
      const mark = secret ? this.sealer().receiptTag(meetingId, pollId, receipt) : receipt;
      const value = secret ? this.sealer().seal(meetingId, pollId, { receipt, choices: input.ballot }) : JSON.stringify(input.ballot);
      const ballotsKey = secret ? k.pollSealed(pollId) : k.pollBallots(pollId);
      return (await this.redis.script(
        POLL_CAST,
        [k.head, k.journal, k.poll(pollId), k.pollVoters(pollId), k.state, ballotsKey, k.pollTags(pollId), ...links],
        [...c.args, input.unit, JSON.stringify(voter), mark, value],
      )) as Reply[];
    });
    const status = Number(reply[0]);
    if (status === 1) {
      const s = stored as unknown as { receipt: string; entry: JournalEntry };
      return { kind: "cast", receipt: s.receipt, castAt: input.now, entry: s.entry };
    }
    if (status === 3) {
      const prior = JSON.parse(text(reply[1])) as StoredVoter;
      if (prior.opHash !== hash) return { kind: "already_voted", castAt: prior.castAt };
      const receipt = prior.receipt ?? (prior.sealedReceipt ? unsealReceipt(prior.sealedReceipt, pollId, input.opId) : null);
      return receipt ? { kind: "replay", receipt, castAt: prior.castAt } : { kind: "already_voted", castAt: prior.castAt };
    }
    const code = text(reply[1]);
    if (code === "NOT_PRESENT") return { kind: "not_present" };
    if (code === "NOT_FOUND") return { kind: "not_open", state: null };
    return { kind: "not_open", state: text(reply[2]) as PollState };
  }
}
