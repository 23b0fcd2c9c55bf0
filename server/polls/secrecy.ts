/** Poll ids readable in URLs and the journal: "head-1", "pledge-2"; a runoff appends "-r2". */
export function pollIdFor(subject: string, taken: (id: string) => boolean): string {
  for (let n = 1; ; n++) {
    const id = `${subject}-${n}`;
    if (!taken(id)) return id;
  }
}
