import demoDefinition from "../../shared/definition/demo-cum8-2021.json";
import { clusterKey, parseMeetingDefinition } from "../../shared/definition/schema";
import type { Store } from "../storage/store";
import { groupLinks, type LinksByRole } from "./links";
import { SAMPLE_CLUSTER_ID, sampleClusterDefinition } from "./sample-cluster";
import type { MeetingService } from "./service";

/**
 * The demo meeting (Cluster No. 8, Thanh Hóa, 2021): found when it exists, created when it does not.
 * On a fresh data folder a second, invented cluster's meeting (marked as sample data) is created with
 * it, so the organisers' home lists two clusters.
 */
export async function ensureDemoMeeting(store: Store, service: MeetingService): Promise<{ meetingId: string; links: LinksByRole; created: boolean }> {
  const existing = await store.findDemoMeeting();
  if (existing) return { meetingId: existing.id, links: groupLinks(await service.links(existing.id)), created: false };
  const parsed = parseMeetingDefinition(demoDefinition);
  if (!parsed.ok) throw new Error(`the demo definition is invalid: ${JSON.stringify(parsed.problems)}`);
  const created = await service.create(parsed.definition, { isDemo: true, actor: "server" });
  await ensureSampleCluster(store, service);
  return { meetingId: created.meetingId, links: created.links, created: true };
}

/** The second cluster's sample meeting, unless one exists. Returns its id. */
export async function ensureSampleCluster(store: Store, service: MeetingService): Promise<string> {
  const found = (await store.listMeetings()).find((m) => m.definition.sample === true && clusterKey(m.definition) === SAMPLE_CLUSTER_ID);
  if (found) return found.id;
  const parsed = parseMeetingDefinition(sampleClusterDefinition());
  if (!parsed.ok) throw new Error(`the sample cluster's definition is invalid: ${JSON.stringify(parsed.problems)}`);
  return (await service.create(parsed.definition, { actor: "server" })).meetingId;
}
