// A Yjs instance on Redis as its own process (tests/helpers/yjs-instance.ts explains why not server/main.ts yet).
import { log } from "../../server/log";
import { startYjsInstance } from "./yjs-instance";

log.setLevel(process.env.TEST_LOG === "1" ? "debug" : "silent");
const instance = await startYjsInstance(process.env.REDIS_URL!, { compactAfter: Number(process.env.YJS_COMPACT_UPDATES ?? 300) });
process.stdout.write(`listening ${instance.port}\n`);
process.on("SIGTERM", () => void instance.close().then(() => process.exit(0)));
