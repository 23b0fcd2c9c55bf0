import type { MessageKey } from "./vi";
import { enCore } from "./en/core";
import { enPledge } from "./en/pledge";
import { enPolls } from "./en/polls";
import { enScores } from "./en/scores";
import { enRoom } from "./en/room";
import { enSetup } from "./en/setup";
import { enAdmin } from "./en/admin";
import { enDiscussion } from "./en/discussion";

/** English: the same keys as vi.ts, part by part (a missing or extra key is a type error). */
export const en: Record<MessageKey, string> = { ...enCore, ...enScores, ...enPolls, ...enPledge, ...enSetup, ...enAdmin, ...enRoom, ...enDiscussion };
