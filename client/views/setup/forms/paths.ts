/** Reading and immutably writing a JSON value by path (the schema's issue paths: ["units", 2, "name"]). */
export type Path = readonly (string | number)[];
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export function getIn(value: unknown, path: Path): unknown {
  let v = value;
  for (const k of path) {
    if (Array.isArray(v) && typeof k === "number") v = v[k];
    else if (isObject(v)) v = v[String(k)];
    else return undefined;
  }
  return v;
}

/** A copy of `value` with `path` set; `undefined` removes the key (an optional field left empty). */
export function setIn(value: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next;
  const [k, ...rest] = path;
  if (typeof k === "number") {
    const arr = Array.isArray(value) ? [...(value as unknown[])] : [];
    arr[k] = setIn(arr[k], rest, next);
    return arr;
  }
  const obj: Json = isObject(value) ? { ...value } : {};
  const v = setIn(obj[k!], rest, next);
  if (v === undefined) delete obj[k!];
  else obj[k!] = v;
  return obj;
}

/**
 * setIn for an optional field inside an optional object (discussion.remarkS, agenda.2.speakingLimits.remarkS,
 * signatories.chair.name): when the last key of an object is removed, the emptied objects go too, so an
 * untouched optional block never appears in the definition as `{}`.
 */
export function setPrunedIn(value: unknown, path: Path, next: unknown): unknown {
  let out = setIn(value, path, next);
  if (next !== undefined) return out;
  for (let end = path.length - 1; end > 0; end--) {
    const parent = getIn(out, path.slice(0, end));
    if (!isObject(parent) || Object.keys(parent).length > 0) break;
    out = setIn(out, path.slice(0, end), undefined);
  }
  return out;
}

export const pathKey = (path: Path) => path.join(".");

/** Array edits at a path: append, remove, move by one. */
export function arrayAt(value: unknown, path: Path): unknown[] {
  const v = getIn(value, path);
  return Array.isArray(v) ? v : [];
}
export const appended = (value: unknown, path: Path, item: unknown) =>
  setIn(value, path, [...arrayAt(value, path), item]);
export const removed = (value: unknown, path: Path, i: number) =>
  setIn(
    value,
    path,
    arrayAt(value, path).filter((_, j) => j !== i),
  );
export function moved(value: unknown, path: Path, i: number, by: -1 | 1): unknown {
  const arr = [...arrayAt(value, path)];
  const j = i + by;
  if (j < 0 || j >= arr.length) return value;
  [arr[i], arr[j]] = [arr[j], arr[i]];
  return setIn(value, path, arr);
}
