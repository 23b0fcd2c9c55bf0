/**
 * Document load (`npm run bench -- yjs-load`): how long a meeting's score document takes to load
 * after a long morning and after a crash, with the load as it was (every stored update merged, then
 * applied to the live and the scratch copy) as the baseline in the same run.
 *
 * History (BENCH_LOAD_BASELINE=0: without the baseline): BENCH_LOAD_EDITS cell edits (5,000: a busy three-hour morning of 16 tablets; 20,000 to stress) from the 16 tablets,
 * stored through the store as the endpoint stores them (a batch per drain).
 *  - "morning": compacted every YJS_COMPACT_UPDATES (300) updates as the server does, so the load
 *    reads one snapshot plus a tail shorter than 300;
 *  - "crash": the process died with the whole history uncompacted (no snapshot since the start), the
 *    worst case: a server restarted in a loop, or compaction failing all morning.
 * Each case loads MEDIAN_OF times into a fresh room (first load and the next one are reported apart:
 * the new load compacts a long tail, so only the first load after a crash pays for it). The load no
 * longer fills the scratch copy (DocRoom.shadow: made at the first write); "copy at 1st write" is that cost.
 *
 * Renewal (server/yjs/renew.ts): the same history is written to two meetings. "kept" loads the first
 * without renewal (the load as it was before renewing: the tombstones stay), "first"/"next" load the
 * second as the server does, so the first load renews it when its tombstones dominate and "next" reads
 * the renewed snapshot. "renewed" says whether it was, with the stored bytes before → after.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as Y from "yjs";
import { scoresEpoch, scoresJson } from "../shared/documents/layout";
import { DEFINITION, percentile, selfLayer } from "./yjs/common";

const num = (name: string, fallback: number, max: number) => Math.min(max, Math.max(1, Number(process.env[name] ?? fallback) || fallback));

interface LoadFigures {
  edits: number;
  storedUpdates: number;
  baselineMs: number;
  /** Without renewal: the first load and the next ones (the load before renewal existed). */
  keptFirstMs: number;
  keptNextMs: number;
  firstMs: number;
  nextMs: number;
  renewed: boolean;
  bytesBefore: number;
  bytesAfter: number;
  /** The scratch copy a load no longer makes: made at the document's first write after the load (DocRoom.shadow). */
  copyMs: number;
  tailAfter: number;
}

export async function runYjsLoadBench(): Promise<boolean> {
  const [{ parseConfig }, { startServer }, { log }, { DocRoom }] = await Promise.all([
    import("../server/config"),
    import("../server/app"),
    import("../server/log"),
    import("../server/yjs/doc-room"),
  ]);
  log.setLevel("warn");
  const edits = num("BENCH_LOAD_EDITS", 5_000, 200_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-bench-load-"));
  const parsed = parseConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO: "0", LOG_LEVEL: "warn" });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const server = await startServer(parsed.config);
  const compactAfter = parsed.config.YJS_COMPACT_UPDATES;
  process.stdout.write(`Running the document load bench (${edits} edits; baseline = the previous load path)…\n`);
  try {
    const rows: [string, LoadFigures][] = [];
    for (const kase of ["morning", "crash"] as const) {
      const created = await server.service.create(structuredClone(DEFINITION));
      const meetingId = created.meetingId;
      // The same history again, for the loads without renewal ("kept").
      const keptId = (await server.service.create(structuredClone(DEFINITION))).meetingId;
      const store = server.ctx.store;
      // The history, written the way the endpoint writes it.
      const base = await store.loadDoc(meetingId, "scores");
      const writer = new Y.Doc();
      for (const u of base.snapshot ? [base.snapshot, ...base.updates] : base.updates) Y.applyUpdate(writer, u);
      // The second meeting starts from the first one's document, so the same updates apply to both.
      await store.compactDoc(keptId, "scores", Y.encodeStateAsUpdate(writer), (await store.loadDoc(keptId, "scores")).lastSeq);
      const tablets = Array.from({ length: 16 }, () => {
        const d = new Y.Doc();
        Y.applyUpdate(d, Y.encodeStateAsUpdate(writer));
        return d;
      });
      const groups = DEFINITION.criteria.groups;
      let sinceSnapshot = 0;
      let lastSeq = base.lastSeq;
      for (let i = 0; i < edits; i += 8) {
        const batch: Uint8Array[] = [];
        for (let k = i; k < Math.min(edits, i + 8); k++) {
          const t = tablets[k % tablets.length]!;
          const unit = DEFINITION.units[k % DEFINITION.units.length]!.code;
          const g = groups[(k >> 4) % groups.length]!;
          const before = Y.encodeStateVector(t);
          selfLayer(t, unit).set(g.id, ((k >> 3) % (g.max * 10 + 1)) / 10);
          const u = Y.encodeStateAsUpdate(t, before);
          Y.applyUpdate(writer, u);
          batch.push(u);
        }
        lastSeq = await store.appendDocUpdates(meetingId, "scores", batch);
        const keptSeq = await store.appendDocUpdates(keptId, "scores", batch);
        sinceSnapshot += batch.length;
        if (kase === "morning" && sinceSnapshot >= compactAfter) {
          const snapshot = Y.encodeStateAsUpdate(writer);
          await store.compactDoc(meetingId, "scores", snapshot, lastSeq);
          await store.compactDoc(keptId, "scores", snapshot, keptSeq);
          sinceSnapshot = 0;
        }
      }
      const stored = await store.loadDoc(meetingId, "scores");
      const storedUpdates = stored.updates.length;
      const storedBytes = async (id: string) => {
        const s = await store.loadDoc(id, "scores");
        return (s.snapshot?.length ?? 0) + s.updates.reduce((n, u) => n + u.length, 0);
      };
      const bytesBefore = await storedBytes(meetingId);

      // Baseline: the previous DocRoom.load (merge everything stored, apply to both copies).
      const baselineTimes: number[] = [];
      // BENCH_LOAD_BASELINE=0 skips it (31 s a load for the crash case at 20,000 edits).
      for (let r = 0; r < (process.env.BENCH_LOAD_BASELINE === "0" ? 0 : MEDIAN_OF); r++) {
        const t0 = performance.now();
        const s = await store.loadDoc(meetingId, "scores");
        const all = s.snapshot ? [s.snapshot, ...s.updates] : s.updates;
        const merged = Y.mergeUpdates(all);
        const live = new Y.Doc({ gc: true });
        const shadow = new Y.Doc({ gc: true });
        Y.applyUpdate(live, merged, "store");
        Y.applyUpdate(shadow, merged, "store");
        baselineTimes.push(performance.now() - t0);
        live.destroy();
        shadow.destroy();
      }

      // The load as it is now: DocRoom.load, on a room nobody else holds.
      const loadOnce = async (id: string, renew: boolean, after?: (doc: Y.Doc) => void) => {
        const meeting = (await server.registry.get(id))!;
        const t0 = performance.now();
        const room = await DocRoom.load(meeting, "scores", store, compactAfter, { renew });
        const ms = performance.now() - t0;
        const doc = room.doc;
        after?.(doc);
        const check = JSON.stringify(canonical(scoresJson(doc))) === JSON.stringify(canonical(scoresJson(writer)));
        if (!check) throw new Error(`bench: the ${kase} load differs from what was written`);
        await room.unload();
        return ms;
      };
      const median = async (id: string, renew: boolean, after?: (doc: Y.Doc) => void) => {
        const times: number[] = [];
        for (let r = 0; r < MEDIAN_OF; r++) times.push(await loadOnce(id, renew, after));
        return percentile(times.sort((a, b) => a - b), 50);
      };
      // Without renewal first (its own meeting), then as the server loads.
      const keptFirstMs = await loadOnce(keptId, false);
      const keptNextMs = await median(keptId, false);
      let renewed = false;
      const firstMs = await loadOnce(meetingId, true, (doc) => (renewed = scoresEpoch(doc) !== null));
      const bytesAfter = await storedBytes(meetingId);
      const copyTimes: number[] = [];
      const nextMs = await median(meetingId, true, (doc) => copyTimes.push(scratchCopyMs(doc)));
      const tailAfter = (await store.loadDoc(meetingId, "scores")).updates.length;
      baselineTimes.sort((a, b) => a - b);
      copyTimes.sort((a, b) => a - b);
      rows.push([
        kase,
        { edits, storedUpdates, baselineMs: percentile(baselineTimes, 50), keptFirstMs, keptNextMs, firstMs, nextMs, renewed, bytesBefore, bytesAfter, copyMs: percentile(copyTimes, 50), tailAfter },
      ]);
    }
    const lines = [
      `Document load, scores, ${edits} edits (median of ${MEDIAN_OF}; "first" is the first load of the stored state; "kept": the same history loaded without renewal)`,
      `${"case".padEnd(10)}${"stored upd.".padStart(12)}${"baseline ms".padStart(13)}${"kept first".padStart(12)}${"kept next".padStart(11)}${"first ms".padStart(10)}${"next ms".padStart(9)}${"kept÷next".padStart(11)}${"renewed".padStart(9)}${"stored kB before → after".padStart(26)}${"tail after".padStart(12)}${"copy at 1st write ms".padStart(22)}`,
    ];
    const num1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");
    for (const [name, f] of rows)
      lines.push(
        `${name.padEnd(10)}${String(f.storedUpdates).padStart(12)}${num1(f.baselineMs).padStart(13)}${num1(f.keptFirstMs).padStart(12)}${num1(f.keptNextMs).padStart(11)}${num1(f.firstMs).padStart(10)}${num1(f.nextMs).padStart(9)}${`${(f.keptNextMs / f.nextMs).toFixed(1)}×`.padStart(11)}${(f.renewed ? "yes" : "no").padStart(9)}${`${(f.bytesBefore / 1024).toFixed(1)} → ${(f.bytesAfter / 1024).toFixed(1)}`.padStart(26)}${String(f.tailAfter).padStart(12)}${num1(f.copyMs).padStart(22)}`,
      );
    process.stdout.write(`\n${lines.join("\n")}\n`);
    return true;
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const MEDIAN_OF = 5;

/** Keys sorted at every level: a renewed document holds its map keys in another order. */
function canonical(v: unknown): unknown {
  if (!v || typeof v !== "object" || Array.isArray(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
  );
}

/** What the first write after a load pays for the scratch copy: the live document's state encoded and applied to a new document. */
function scratchCopyMs(doc: Y.Doc): number {
  const t0 = performance.now();
  const copy = new Y.Doc({ gc: true });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc), "store");
  const ms = performance.now() - t0;
  copy.destroy();
  return ms;
}
