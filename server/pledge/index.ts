import { frozenHash, pledgeFrozen, setPledgeFrozen } from "../../shared/documents/layout";
import type { Domain } from "../domains";
import { registerPledgeHandlers } from "./handlers";
import { pledgeRoutes } from "./routes";
import { pledgeService } from "./service";

/** The pledge: adoption, freeze, proposals, signing, its PDF and the public verification. */
export const pledgeDomain: Domain = {
  name: "pledge",
  handlers: registerPledgeHandlers,
  routes: pledgeRoutes,
  // Freeze and unfreeze write the document, then the database; a crash in between leaves the
  // document's meta ahead. The database is the truth.
  async onDocLoaded(ctx, room, doc) {
    if (doc.name !== "pledge") return;
    const rec = await pledgeService(ctx).record(room.id);
    const frozen = rec.stage === "frozen" || rec.stage === "final";
    const hash = frozen ? rec.textHash : null;
    if (pledgeFrozen(doc.doc) === frozen && frozenHash(doc.doc) === hash) return;
    await doc.serverTransact((d) => setPledgeFrozen(d, frozen, hash));
  },
};
