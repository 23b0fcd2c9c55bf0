// Types for scripts/build-server.mjs, imported by bench/rss.ts (the bench measures the production build).
import type { BuildOptions, BuildResult, Plugin } from "esbuild";

export const OUT: string;
export const BUNDLED_PACKAGES: string[];
export const externalPackagesExceptBundled: Plugin;
export const SERVER_BUILD_OPTIONS: BuildOptions;
export function buildServer(options?: { metafile?: boolean; out?: string }): Promise<BuildResult>;
