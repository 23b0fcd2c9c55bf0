import demoDefinition from "../../shared/definition/demo-cum8-2021.json";
import { parseMeetingDefinition } from "../../shared/definition/schema";
import type { Store } from "../storage/store";
import { groupLinks, type LinksByRole } from "./links";
import type { MeetingService } from "./service";

/** The demo meeting (Cluster No. 8, Thanh Hóa, 2021): found when it exists, created when it does not. */
export async function ensureDemoMeeting(store: Store, service: MeetingService): Promise<{ meetingId: string; links: LinksByRole; created: boolean }> {
  const existing = await store.findDemoMeeting();
  if (existing) return { meetingId: existing.id, links: groupLinks(await service.links(existing.id)), created: false };
  const parsed = parseMeetingDefinition(demoDefinition);
  if (!parsed.ok) throw new Error(`the demo definition is invalid: ${JSON.stringify(parsed.problems)}`);
  const created = await service.create(parsed.definition, { isDemo: true, actor: "server" });
  return { meetingId: created.meetingId, links: created.links, created: true };
}
