/**
 * A route's path with its parameters, without zod: the client's first load (client/lib/api.ts) builds
 * paths with this and loads a route's schemas only when it calls it.
 */

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** `{ id: string; linkId: string }` for "/api/meetings/:id/links/:linkId/revoke". */
export type PathParams<R extends { readonly path: string }> = {
  readonly [K in ParamNames<R["path"]>]: string;
};

/** The path with its parameters filled in (each encoded). */
export function pathFor<R extends { readonly method: string; readonly path: string }>(
  route: R,
  params: PathParams<R>,
): string {
  const values = params as Record<string, string>;
  return route.path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${route.method} ${route.path}: missing parameter ${name}`);
    return encodeURIComponent(value);
  });
}
