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
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as Y from "yjs";
import { scoresJson } from "../shared/documents/layout";
import { DEFINITION, percentile, selfLayer } from "./yjs/common";

const num = (name: string, fallback: number, max: number) => Math.min(max, Math.max(1, Number(process.env[name] ?? fallback) || fallback));

interface LoadFigures {
  edits: number;
  storedUpdates: number;
  baselineMs: number;
  firstMs: number;
  nextMs: number;
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
      const store = server.ctx.store;
      // The history, written the way the endpoint writes it.
      const base = await store.loadDoc(meetingId, "scores");
      const writer = new Y.Doc();
      for (const u of base.snapshot ? [base.snapshot, ...base.updates] : base.updates) Y.applyUpdate(writer, u);
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
        sinceSnapshot += batch.length;
        if (kase === "morning" && sinceSnapshot >= compactAfter) {
          await store.compactDoc(meetingId, "scores", Y.encodeStateAsUpdate(writer), lastSeq);
          sinceSnapshot = 0;
        }
      }
      const stored = await store.loadDoc(meetingId, "scores");
      const storedUpdates = stored.updates.length;

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
      const meeting = (await server.registry.get(meetingId))!;
      const loadOnce = async (after?: (doc: Y.Doc) => void) => {
        const t0 = performance.now();
        const room = await DocRoom.load(meeting, "scores", store, compactAfter);
        const ms = performance.now() - t0;
        const doc = room.doc;
        after?.(doc);
        const check = JSON.stringify(scoresJson(doc)) === JSON.stringify(scoresJson(writer));
        if (!check) throw new Error(`bench: the ${kase} load differs from what was written`);
        await room.unload();
        return ms;
      };
      const firstMs = await loadOnce();
      const nextTimes: number[] = [];
      const copyTimes: number[] = [];
      for (let r = 0; r < MEDIAN_OF; r++) nextTimes.push(await loadOnce((doc) => copyTimes.push(scratchCopyMs(doc))));
      const tailAfter = (await store.loadDoc(meetingId, "scores")).updates.length;
      baselineTimes.sort((a, b) => a - b);
      nextTimes.sort((a, b) => a - b);
      copyTimes.sort((a, b) => a - b);
      rows.push([kase, { edits, storedUpdates, baselineMs: percentile(baselineTimes, 50), firstMs, nextMs: percentile(nextTimes, 50), copyMs: percentile(copyTimes, 50), tailAfter }]);
    }
    const lines = [
      `Document load, scores, ${edits} edits (median of ${MEDIAN_OF}; "first" is the first load of the stored state)`,
      `${"case".padEnd(10)}${"stored upd.".padStart(12)}${"baseline ms".padStart(13)}${"first ms".padStart(10)}${"next ms".padStart(9)}${"baseline÷next".padStart(15)}${"tail after".padStart(12)}${"copy at 1st write ms".padStart(22)}`,
    ];
    for (const [name, f] of rows)
      lines.push(
        `${name.padEnd(10)}${String(f.storedUpdates).padStart(12)}${f.baselineMs.toFixed(1).padStart(13)}${f.firstMs.toFixed(1).padStart(10)}${f.nextMs.toFixed(1).padStart(9)}${`${(f.baselineMs / f.nextMs).toFixed(1)}×`.padStart(15)}${String(f.tailAfter).padStart(12)}${f.copyMs.toFixed(1).padStart(22)}`,
      );
    process.stdout.write(`\n${lines.join("\n")}\n`);
    return true;
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const MEDIAN_OF = 5;

/** What the first write after a load pays for the scratch copy: the live document's state encoded and applied to a new document. */
function scratchCopyMs(doc: Y.Doc): number {
  const t0 = performance.now();
  const copy = new Y.Doc({ gc: true });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc), "store");
  const ms = performance.now() - t0;
  copy.destroy();
  return ms;
}
