import { z } from "zod";

/**
 * The meeting definition: everything a cluster sets up before the conference.
 * A definition is plain JSON (a file, or the body of POST /api/meetings); it is reusable next year.
 */

export const unitCodeSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{1,15}$/, "a unit code is 2–16 capital letters, digits or _ and starts with a letter");

export const clusterIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "a cluster id is lower-case letters and digits joined by -")
  .max(60);

export const itemIdSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,15}$/, "an id is 1–16 letters, digits or _");

/** A score with at most one decimal place (the cluster scores in tenths: "99,5"). */
const scoreValue = z
  .number()
  .finite()
  .nonnegative()
  .refine((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9, "scores have at most one decimal place");

export const unitRoleSchema = z.enum(["head", "deputy", "member"]);
export type UnitRole = z.infer<typeof unitRoleSchema>;

export const unitSchema = z.object({
  code: unitCodeSchema,
  name: z.string().trim().min(1).max(200),
  shortName: z.string().trim().min(1).max(80),
  /** Title of the unit's head as printed under a signature: "Giám đốc", "Trưởng ban"… */
  headTitle: z.string().trim().min(1).max(80),
  role: unitRoleSchema,
  /** The unit that cross-checks this unit's scores; by default the next unit in the list (rotation). */
  crossCheckedBy: unitCodeSchema.optional(),
});
export type UnitDefinition = z.infer<typeof unitSchema>;

export const criteriaGroupSchema = z.object({
  id: itemIdSchema,
  name: z.string().trim().min(1).max(300),
  max: z.number().finite().positive().max(1000),
  /** The points the group covers, shown to delegates as help text. */
  items: z.array(z.string().trim().min(1).max(400)).max(50).default([]),
});

export const bonusItemSchema = z.object({
  id: itemIdSchema,
  name: z.string().trim().min(1).max(400),
  /** Points per occurrence. */
  points: z.number().finite().positive().max(100),
  maxCount: z.number().int().min(1).max(100),
});

export const deductionItemSchema = z.object({
  id: itemIdSchema,
  name: z.string().trim().min(1).max(400),
  /** Points subtracted per occurrence (a positive number). */
  points: z.number().finite().positive().max(100),
  maxCount: z.number().int().min(1).max(100),
  /** A unit with this deduction may not lead the cluster. */
  barsLeading: z.boolean().default(false),
});

export const criteriaSchema = z.object({
  groups: z.array(criteriaGroupSchema).min(1).max(30),
  bonus: z.object({
    /** The bonus total never exceeds this cap. */
    cap: z.number().finite().nonnegative().max(100),
    items: z.array(bonusItemSchema).max(30).default([]),
  }),
  deductions: z.array(deductionItemSchema).max(30).default([]),
});
export type CriteriaDefinition = z.infer<typeof criteriaSchema>;

/** Seconds a presentation (tham luận) or a remark (ý kiến) may last before the overrun shows (defaults 420 and 180). */
export const speakingLimitsSchema = z.object({
  presentationS: z.number().int().min(5).max(3600).optional(),
  remarkS: z.number().int().min(5).max(3600).optional(),
});

export const agendaItemSchema = z.object({
  title: z.string().trim().min(1).max(300),
  /** Planned start, "08:30". */
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time is HH:MM")
    .optional(),
  owner: z.string().trim().max(200).optional(),
  /** Time limits for requests to speak under this item (seconds); the meeting's `discussion` limits when absent. */
  speakingLimits: speakingLimitsSchema.optional(),
});

/** A share such as "> 1/2" or "≥ 2/3". */
export const fractionRuleSchema = z
  .object({
    comparison: z.enum(["gt", "gte"]),
    numerator: z.number().int().min(1),
    denominator: z.number().int().min(1),
  })
  .refine((f) => f.numerator <= f.denominator, "the share cannot exceed 1");
export type FractionRule = z.infer<typeof fractionRuleSchema>;

/** What a threshold is measured against. */
export const voteBaseSchema = z.enum(["members", "present", "valid"]);
export type VoteBase = z.infer<typeof voteBaseSchema>;

export const tieBreakSchema = z.enum(["core_group", "fewer_deductions", "more_bonus"]);
export type TieBreak = z.infer<typeof tieBreakSchema>;

export const rulesSchema = z.object({
  quorum: fractionRuleSchema.default({ comparison: "gte", numerator: 2, denominator: 3 }),
  threshold: fractionRuleSchema.default({ comparison: "gt", numerator: 1, denominator: 2 }),
  base: voteBaseSchema.default("members"),
  selfVoteAllowed: z.boolean().default(true),
  /** Applied in order after the agreed total; units still tied need a ballot. */
  tieBreak: z.array(tieBreakSchema).default(["core_group", "fewer_deductions", "more_bonus"]),
  /** The group whose score decides the "core_group" tie-break; the first group when absent. */
  coreGroupId: itemIdSchema.optional(),
  /** "head_first": the new head signs the pledge before anyone else. */
  signingOrder: z.enum(["free", "head_first"]).default("free"),
  /** The chair may adopt the pledge without a poll. */
  chairMayAdoptPledge: z.boolean().default(false),
});
export type MeetingRules = z.infer<typeof rulesSchema>;

export const pledgeSectionSchema = z.object({
  heading: z.string().trim().min(1).max(300),
  commitments: z.array(z.string().trim().min(1).max(1000)).max(60),
});

export const pledgeDraftSchema = z.object({
  header: z.object({
    left: z.array(z.string().trim().min(1).max(200)).min(1).max(4),
    right: z.array(z.string().trim().min(1).max(200)).min(1).max(4),
    placeDate: z.string().trim().min(1).max(200),
    title: z.string().trim().min(1).max(300),
    subtitle: z.string().trim().max(300).optional(),
  }),
  legalBases: z.array(z.string().trim().min(1).max(500)).max(30).default([]),
  preamble: z.string().trim().max(2000).default(""),
  sections: z.array(pledgeSectionSchema).min(1).max(20),
  signatureCaption: z.string().trim().min(1).max(300),
});
export type PledgeDraft = z.infer<typeof pledgeDraftSchema>;

/** One layer of one unit's scores: points per group, counts per bonus and deduction item. */
export const scoreLayerSeedSchema = z.object({
  groups: z.record(itemIdSchema, scoreValue).default({}),
  bonus: z.record(itemIdSchema, z.number().int().nonnegative()).default({}),
  deductions: z.record(itemIdSchema, z.number().int().nonnegative()).default({}),
});
export type ScoreLayerSeed = z.infer<typeof scoreLayerSeedSchema>;

export const scoreSeedSchema = z.object({
  unit: unitCodeSchema,
  self: scoreLayerSeedSchema.optional(),
  cross: scoreLayerSeedSchema.optional(),
  agreed: scoreLayerSeedSchema.optional(),
});

/** A person signing a document: "Nguyễn Văn A", "Giám đốc Sở Tư pháp". */
export const signatorySchema = z.object({
  name: z.string().trim().min(1).max(200),
  title: z.string().trim().min(1).max(200).optional(),
});

export const meetingDefinitionSchema = z
  .object({
    cluster: z.object({
      /**
       * A stable id for the cluster across years ("thanh-hoa-cum-8"); groups its meetings and scopes a
       * cluster organiser's link. When absent it is derived from the province and the name (clusterKey).
       */
      id: clusterIdSchema.optional(),
      name: z.string().trim().min(1).max(200),
      province: z.string().trim().min(1).max(100),
      /** The year under review; the pledge is for the next year. */
      year: z.number().int().min(2000).max(2100),
      /** Who supervises, e.g. the provincial Emulation & Commendation Board. */
      supervisingBody: z.string().trim().max(300).optional(),
    }),
    conference: z.object({
      title: z.string().trim().min(1).max(400),
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date is YYYY-MM-DD"),
      venue: z.string().trim().max(300).optional(),
    }),
    units: z.array(unitSchema).min(2).max(60),
    criteria: criteriaSchema,
    agenda: z.array(agendaItemSchema).min(1).max(50),
    rules: rulesSchema.default({}),
    pledge: pledgeDraftSchema,
    /** Invented sample data (the second demo cluster): shown as such in the organisers' list. */
    sample: z.boolean().optional(),
    /**
     * The discussion (issue 15): default speaking limits for every agenda item, and the day from which
     * delegates' links open the pledge draft for comments and proposals before the conference.
     */
    discussion: z
      .object({
        presentationS: z.number().int().min(5).max(3600).optional(),
        remarkS: z.number().int().min(5).max(3600).optional(),
        commentsOpenFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date is YYYY-MM-DD").optional(),
      })
      .optional(),
    /**
     * The people who sign the minutes (optional; issue 14): their names and titles are printed under the
     * chair's and the secretary's signature blocks. Absent, the space is left for a handwritten name.
     */
    signatories: z
      .object({
        chair: signatorySchema.optional(),
        secretary: signatorySchema.optional(),
      })
      .optional(),
    /** Scores entered before the conference (self-assessments sent to the head, the cross-check). */
    scores: z.array(scoreSeedSchema).max(60).default([]),
  })
  .superRefine((def, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });

    const codes = new Set<string>();
    def.units.forEach((u, i) => {
      if (codes.has(u.code)) issue(["units", i, "code"], `unit code ${u.code} is used twice`);
      codes.add(u.code);
    });
    const heads = def.units.filter((u) => u.role === "head").length;
    if (heads !== 1) issue(["units"], `exactly one unit must be the head (found ${heads})`);
    if (def.units.filter((u) => u.role === "deputy").length > 1) issue(["units"], "at most one unit can be the deputy");
    def.units.forEach((u, i) => {
      if (u.crossCheckedBy === undefined) return;
      if (!codes.has(u.crossCheckedBy)) issue(["units", i, "crossCheckedBy"], `no unit has code ${u.crossCheckedBy}`);
      if (u.crossCheckedBy === u.code) issue(["units", i, "crossCheckedBy"], "a unit cannot cross-check itself");
    });

    const ids = new Set<string>();
    const checkId = (id: string, path: (string | number)[]) => {
      if (ids.has(id)) issue(path, `criterion id ${id} is used twice`);
      ids.add(id);
    };
    def.criteria.groups.forEach((g, i) => checkId(g.id, ["criteria", "groups", i, "id"]));
    def.criteria.bonus.items.forEach((b, i) => checkId(b.id, ["criteria", "bonus", "items", i, "id"]));
    def.criteria.deductions.forEach((d, i) => checkId(d.id, ["criteria", "deductions", i, "id"]));

    const opens = def.discussion?.commentsOpenFrom;
    if (opens !== undefined && opens >= def.conference.date)
      issue(["discussion", "commentsOpenFrom"], "comments open before the conference date");

    if (def.rules.coreGroupId !== undefined && !def.criteria.groups.some((g) => g.id === def.rules.coreGroupId))
      issue(["rules", "coreGroupId"], `no criteria group has id ${def.rules.coreGroupId}`);
    if (new Set(def.rules.tieBreak).size !== def.rules.tieBreak.length)
      issue(["rules", "tieBreak"], "a tie-break rule is listed twice");

    const groups = new Map(def.criteria.groups.map((g) => [g.id, g]));
    const bonus = new Map(def.criteria.bonus.items.map((b) => [b.id, b]));
    const deductions = new Map(def.criteria.deductions.map((d) => [d.id, d]));
    const seeded = new Set<string>();
    def.scores.forEach((s, i) => {
      if (!codes.has(s.unit)) issue(["scores", i, "unit"], `no unit has code ${s.unit}`);
      if (seeded.has(s.unit)) issue(["scores", i, "unit"], `scores for ${s.unit} are given twice`);
      seeded.add(s.unit);
      for (const layer of ["self", "cross", "agreed"] as const) {
        const l = s[layer];
        if (!l) continue;
        for (const [id, v] of Object.entries(l.groups)) {
          const g = groups.get(id);
          if (!g) issue(["scores", i, layer, "groups", id], `no criteria group has id ${id}`);
          else if (v > g.max) issue(["scores", i, layer, "groups", id], `${v} is above the group's maximum ${g.max}`);
        }
        for (const [id, n] of Object.entries(l.bonus)) {
          const b = bonus.get(id);
          if (!b) issue(["scores", i, layer, "bonus", id], `no bonus item has id ${id}`);
          else if (n > b.maxCount) issue(["scores", i, layer, "bonus", id], `${n} is above the item's maximum count ${b.maxCount}`);
        }
        for (const [id, n] of Object.entries(l.deductions)) {
          const d = deductions.get(id);
          if (!d) issue(["scores", i, layer, "deductions", id], `no deduction item has id ${id}`);
          else if (n > d.maxCount)
            issue(["scores", i, layer, "deductions", id], `${n} is above the item's maximum count ${d.maxCount}`);
        }
      }
    });
  });

export type MeetingDefinitionInput = z.input<typeof meetingDefinitionSchema>;
export type MeetingDefinition = z.output<typeof meetingDefinitionSchema>;

export interface DefinitionProblem {
  /** Dotted path of the bad field, e.g. "units.2.code". */
  path: string;
  message: string;
}

export type ParseDefinitionResult =
  | { ok: true; definition: MeetingDefinition }
  | { ok: false; problems: DefinitionProblem[] };

/** Parses a definition and, when it is invalid, names every bad field. */
export function parseMeetingDefinition(input: unknown): ParseDefinitionResult {
  const result = meetingDefinitionSchema.safeParse(input);
  if (result.success) return { ok: true, definition: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message })),
  };
}

/** The unit that cross-checks `code`: the configured one, else the next unit in the list. */
export function crossCheckerOf(def: Pick<MeetingDefinition, "units">, code: string): string | undefined {
  const i = def.units.findIndex((u) => u.code === code);
  if (i < 0) return undefined;
  const unit = def.units[i]!;
  return unit.crossCheckedBy ?? def.units[(i + 1) % def.units.length]!.code;
}

/** "Thanh Hóa", "Cụm thi đua số 8" → "thanh-hoa-cum-thi-dua-so-8": ASCII, lower case, joined by -. */
export function slugify(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
}

/** The cluster a definition belongs to, the same every year: its id, else province and name. */
export function clusterKey(def: { cluster: { id?: string; name: string; province: string } }): string {
  return def.cluster.id ?? slugify(`${def.cluster.province} ${def.cluster.name}`);
}
