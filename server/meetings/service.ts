import type { MeetingDefinition } from "../../shared/definition/schema";
import type { LinkRecord, PersistedMeetingState, Store } from "../storage/store";
import { initialPledgeUpdate, initialScoresUpdate } from "../yjs/structure";
import { groupLinks, linkSlots, type IssuedLink, type LinkSlot, type LinksByRole } from "./links";
import { deriveToken, hashToken, newMeetingId } from "./tokens";

export interface CreatedMeeting {
  meetingId: string;
  links: LinksByRole;
  all: IssuedLink[];
}

/** Creates meetings and prints their links. The only place tokens are derived. */
export class MeetingService {
  constructor(
    private readonly store: Store,
    private readonly secret: Buffer,
    private readonly publicUrl: string,
  ) {}

  tokenFor(meetingId: string, link: Pick<LinkRecord, "linkId" | "generation">): string {
    return deriveToken(this.secret, meetingId, link.linkId, link.generation);
  }

  /** The address people open, without a trailing slash. */
  get baseUrl(): string {
    return this.publicUrl;
  }

  joinUrl(token: string): string {
    return `${this.publicUrl}/join/${token}`;
  }

  async create(definition: MeetingDefinition, opts: { isDemo?: boolean; actor?: string } = {}): Promise<CreatedMeeting> {
    const meetingId = newMeetingId();
    const links = this.linkRecords(meetingId, linkSlots(definition));
    const state: PersistedMeetingState = { agendaIndex: 0, screen: "welcome", marks: {} };
    await this.store.createMeeting({
      meeting: { id: meetingId, definition, isDemo: opts.isDemo ?? false, createdAt: Date.now() },
      links,
      state,
      docs: [
        { name: "scores", update: initialScoresUpdate(definition) },
        { name: "pledge", update: initialPledgeUpdate(definition) },
      ],
      journal: {
        actor: opts.actor ?? "admin",
        type: "meeting.created",
        data: { title: definition.conference.title, units: definition.units.map((u) => u.code), links: links.length },
      },
    });
    const all = await this.links(meetingId);
    return { meetingId, links: groupLinks(all), all };
  }

  /** New links (generation 1) for these slots; only the token's hash is kept. */
  linkRecords(meetingId: string, slots: LinkSlot[]): LinkRecord[] {
    return slots.map((s) => {
      const generation = 1;
      return {
        meetingId,
        ...s,
        generation,
        tokenHash: hashToken(deriveToken(this.secret, meetingId, s.linkId, generation)),
        revokedAt: null,
        firstSeenAt: null,
      };
    });
  }

  async links(meetingId: string): Promise<IssuedLink[]> {
    return (await this.store.listLinks(meetingId)).map((l) => ({
      linkId: l.linkId,
      role: l.role,
      unit: l.unit,
      label: l.label,
      url: this.joinUrl(this.tokenFor(meetingId, l)),
      revoked: l.revokedAt !== null,
    }));
  }

  async revoke(meetingId: string, linkId: string, actor: string): Promise<boolean> {
    const link = await this.store.getLink(meetingId, linkId);
    if (!link || link.revokedAt !== null) return false;
    await this.store.updateLink(meetingId, linkId, { revokedAt: Date.now() }, { actor, type: "link.revoked", data: { linkId } });
    return true;
  }

  /** A new token for a link; the old one stops working. */
  async reissue(meetingId: string, linkId: string, actor: string): Promise<IssuedLink | null> {
    const link = await this.store.getLink(meetingId, linkId);
    if (!link) return null;
    const generation = link.generation + 1;
    const token = deriveToken(this.secret, meetingId, linkId, generation);
    await this.store.updateLink(
      meetingId,
      linkId,
      { generation, tokenHash: hashToken(token), revokedAt: null },
      { actor, type: "link.reissued", data: { linkId, generation } },
    );
    return { linkId, role: link.role, unit: link.unit, label: link.label, url: this.joinUrl(token), revoked: false };
  }
}
