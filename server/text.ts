/** Text helpers shared by the server's documents (notices, invitations). */

/** The text with its first letter in lower case (Vietnamese rules): a title used mid-sentence. */
export const lowerFirst = (s: string) => (s ? s[0]!.toLocaleLowerCase("vi") + s.slice(1) : s);
