/**
 * Every UI string, Vietnamese (the default). The keys of this table are the key union: en.ts must
 * have exactly the same keys, so a string missing in either language is a type error.
 * Placeholders are written {name} and filled by t(key, { name }).
 */
import { viCore } from "./vi/core";
import { viPledge } from "./vi/pledge";
import { viPolls } from "./vi/polls";
import { viScores } from "./vi/scores";
import { viRoom } from "./vi/room";
import { viSetup } from "./vi/setup";
import { viAdmin } from "./vi/admin";
import { viDiscussion } from "./vi/discussion";

/** One table, composed of one part per domain (client/i18n/vi/). */
export const vi = { ...viCore, ...viScores, ...viPolls, ...viPledge, ...viSetup, ...viAdmin, ...viRoom, ...viDiscussion } as const;

export type MessageKey = keyof typeof vi;
